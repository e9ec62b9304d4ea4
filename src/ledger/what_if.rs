//! `what-if`: a copy of the document with assumed results added, dated the
//! as-of date, for the goal's owner and metric. The file is never touched.

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::results::{NewResult, Recorder, id_source};
use super::{find_goal, goal_period};
use crate::domain::amount::Amount;
use crate::domain::goal::Aggregate;
use crate::domain::period::Phase;
use crate::store::Document;

/// One assumed result: the goal's id as the file spells it and the amount.
#[derive(Debug, Clone, PartialEq)]
pub struct Assumed {
    pub goal: String,
    pub unit: String,
    pub amount: Amount,
    /// Whether the goal adds its results up (else the amount is one more
    /// value for its latest, average, max or min).
    pub sums: bool,
}

/// The document as if each `(goal, amount)` had been recorded on `as_of`,
/// with the assumptions resolved. A goal unknown gets "did you mean"; a goal
/// whose period does not hold `as_of` is refused, since the assumed result
/// would not count toward it.
pub fn assume(
    document: &Document,
    assumptions: &[(String, Amount)],
    as_of: NaiveDate,
) -> Result<(Document, Vec<Assumed>)> {
    let mut after = document.clone();
    // The ids of assumed results are never shown or saved: a fixed seed.
    let mut recorder = Recorder::new(id_source(Some(0), document.results.len()));
    let mut assumed = Vec::with_capacity(assumptions.len());
    for (typed, amount) in assumptions {
        let goal = find_goal(document, typed)?;
        let period = goal_period(document, goal)?;
        match period.phase(as_of) {
            Phase::Open => {}
            Phase::Closed => bail!(
                "goal '{}' is for {}, which ended on {}; an assumed result is dated the \
                 as-of date {as_of}, so it cannot count toward it",
                goal.id,
                period.label,
                period.end
            ),
            Phase::Upcoming => bail!(
                "goal '{}' is for {}, which starts on {}; an assumed result is dated the \
                 as-of date {as_of}, so it cannot count toward it",
                goal.id,
                period.label,
                period.start
            ),
        }
        recorder.add_or_update(
            &mut after,
            &NewResult {
                owner: &goal.owner,
                metric: &goal.metric,
                date: as_of,
                value: *amount,
                note: None,
                reference: None,
            },
        );
        assumed.push(Assumed {
            goal: goal.id.clone(),
            unit: goal.unit.clone(),
            amount: *amount,
            sums: goal.aggregate == Aggregate::Sum,
        });
    }
    Ok((after, assumed))
}
