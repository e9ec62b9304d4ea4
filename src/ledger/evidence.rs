//! The evidence a review of a missed goal starts from: its numbers, how
//! results came in across the period, and the same owner and metric the
//! period before.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{GoalRow, ResultIndex};
use crate::domain::amount::Amount;
use crate::domain::goal::Record;
use crate::domain::review::{Bucket, Hint, Previous, buckets, cause_hints, count_and_average};
use crate::store::Document;

/// The numbers a review starts from.
#[derive(Debug, Clone)]
pub struct Evidence {
    pub goal: String,
    pub unit: String,
    pub period: String,
    pub target: Amount,
    pub actual: Option<Amount>,
    pub gap: Option<Amount>,
    pub attainment: Option<Decimal>,
    pub count: usize,
    pub average: Option<Amount>,
    pub buckets: Vec<Bucket>,
    pub previous: Option<Previous>,
    pub hints: Vec<Hint>,
}

/// Gathers the evidence for a missed goal: its numbers, how results came in
/// across the period, and the same owner and metric the period before.
pub fn evidence(document: &Document, row: &GoalRow, as_of: NaiveDate) -> Evidence {
    let goal = row.goal;
    let fiscal = document.settings.fiscal_year_start;
    let index = ResultIndex::new(document);
    let results: Vec<&Record> = index
        .results_for(goal, &row.period)
        .into_iter()
        .filter(|r| r.date <= as_of)
        .collect();
    let (count, average) = count_and_average(&results);
    let previous = row.period.previous(fiscal).and_then(|prev| {
        let earlier = document
            .goals
            .iter()
            .find(|g| g.owner == goal.owner && g.metric == goal.metric && g.period == prev.label)?;
        let theirs: Vec<&Record> = index
            .results_for(earlier, &prev)
            .into_iter()
            .filter(|r| r.date <= as_of)
            .collect();
        let (count, average) = count_and_average(&theirs);
        let actual = crate::domain::attainment::combine(earlier.aggregate, theirs.iter().copied());
        Some(Previous {
            period: prev.label.clone(),
            count,
            average,
            actual,
            attainment: crate::domain::attainment::attainment(
                earlier.direction,
                actual,
                earlier.target,
            ),
        })
    });
    let mut hints = cause_hints(&row.period, goal.target, &results, previous.as_ref());
    if let Some(hint) = plan_hint(document, row, as_of) {
        hints.push(hint);
    }
    Evidence {
        goal: goal.id.clone(),
        unit: goal.unit.clone(),
        period: row.period.label.clone(),
        target: goal.target,
        actual: row.evaluation.actual,
        gap: row.evaluation.gap,
        attainment: row.evaluation.attainment,
        count,
        average,
        buckets: buckets(&row.period, &results),
        previous,
        hints,
    }
}

/// The period's spread as a hint: when few of the people with a goal of
/// this metric and period are at quota (the leaderboard's "low" plan
/// health), the plan, not the rep, is the likelier cause.
fn plan_hint(document: &Document, row: &GoalRow, as_of: NaiveDate) -> Option<Hint> {
    if row.owner_is_team {
        return None;
    }
    let spec = crate::domain::filter::FilterSpec {
        metric: Some(row.goal.metric.clone()),
        ..crate::domain::filter::FilterSpec::default()
    };
    let peers: Vec<GoalRow> = super::evaluate_goals(document, &spec, as_of)
        .ok()?
        .into_iter()
        .filter(|r| r.period == row.period && !r.owner_is_team)
        .collect();
    let board = super::leaderboard::board(peers);
    (board.health == super::leaderboard::Health::Low).then(|| Hint {
        causes: vec![crate::domain::review::Cause::Target],
        reason: format!(
            "only {} of {} people were at quota in {}, well below the 55-65% expected: the \
             target may be the cause",
            board.at_quota, board.total, row.period.label
        ),
    })
}
