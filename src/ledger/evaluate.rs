//! Goals evaluated on the as-of date: each goal's actual combines the
//! results of its metric, dated inside its period, whose owner lies in the
//! goal owner's scope on the result's date.

use std::collections::HashMap;

use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use crate::domain::attainment::{Combined, Evaluation, Status, evaluate, evaluate_combined};
use crate::domain::celebration::{self, Celebration, Standing};
use crate::domain::filter::{Filter, FilterSpec};
use crate::domain::goal::Aggregate;
use crate::domain::goal::{Goal, Record};
use crate::domain::org::Org;
use crate::domain::period::Period;
use crate::domain::review::ReviewState;
use crate::store::Document;

/// A goal with its resolved period and its evaluation on the as-of date.
#[derive(Debug, Clone)]
pub struct GoalRow<'a> {
    pub goal: &'a Goal,
    /// The owner's display name ("Maria Chen").
    pub owner_name: &'a str,
    /// Whether the owner is a team (else a person).
    pub owner_is_team: bool,
    pub period: Period,
    pub evaluation: Evaluation,
    /// For a met goal: its celebration tier, streak and log.
    pub celebration: Option<Standing>,
    /// For a missed goal: how far its review has come.
    pub review: Option<ReviewState>,
}

/// The results of a document indexed by owner and metric, built once per
/// command: evaluating a goal then reads only the results of the owners in
/// its scope, never every result.
pub struct ResultIndex<'a> {
    by_owner_metric: FxHashMap<(&'a str, &'a str), Vec<&'a Record>>,
    org: Org<'a>,
    /// Running totals per owner and metric, made on first use.
    totals: std::cell::OnceCell<FxHashMap<(&'a str, &'a str), Totals>>,
}

/// One owner's results of one metric as running totals by date, so that
/// the sum and count of any date range is two lookups.
#[derive(Debug, Default)]
struct Totals {
    /// Each date with a result, ascending.
    days: Vec<NaiveDate>,
    /// The sum and count of the results up to and including each day.
    sums: Vec<Decimal>,
    counts: Vec<usize>,
    /// A result pinned to one goal (migrated from format 1) or a sum too
    /// large for a decimal: these are summed result by result instead.
    exact_only: bool,
}

impl Totals {
    fn new(records: &[&Record]) -> Self {
        let mut out = Totals::default();
        if records.iter().any(|r| r.goal.is_some()) {
            out.exact_only = true;
            return out;
        }
        let mut dated: Vec<(NaiveDate, Decimal)> =
            records.iter().map(|r| (r.date, r.value.0)).collect();
        dated.sort_unstable_by_key(|(date, _)| *date);
        let (mut sum, mut count) = (Decimal::ZERO, 0);
        for (date, value) in dated {
            let Some(next) = sum.checked_add(value) else {
                out.exact_only = true;
                return out;
            };
            sum = next;
            count += 1;
            if let (Some(&last), Some(total), Some(n)) =
                (out.days.last(), out.sums.last_mut(), out.counts.last_mut())
                && last == date
            {
                *total = sum;
                *n = count;
            } else {
                out.days.push(date);
                out.sums.push(sum);
                out.counts.push(count);
            }
        }
        out
    }

    /// The sum and count of the results dated `from` to `to`, both
    /// inclusive.
    /// `None` when the difference does not fit a decimal.
    fn between(&self, from: NaiveDate, to: NaiveDate) -> Option<(Decimal, usize)> {
        // Past the last day before `from`, and past `to`.
        let start = self.days.partition_point(|d| *d < from);
        let end = self.days.partition_point(|d| *d <= to);
        if from > to || end <= start {
            return Some((Decimal::ZERO, 0));
        }
        let (below, below_count) = match start {
            0 => (Decimal::ZERO, 0),
            i => (self.sums[i - 1], self.counts[i - 1]),
        };
        Some((
            self.sums[end - 1].checked_sub(below)?,
            self.counts[end - 1] - below_count,
        ))
    }
}

impl<'a> ResultIndex<'a> {
    pub fn new(document: &'a Document) -> Self {
        // A fast hash: a file's few owners and metrics, asked for once per
        // result.
        let mut by_owner_metric: FxHashMap<(&str, &str), Vec<&Record>> = FxHashMap::default();
        for record in &document.results {
            by_owner_metric
                .entry((&record.owner, &record.metric))
                .or_default()
                .push(record);
        }
        ResultIndex {
            by_owner_metric,
            org: document.org(),
            totals: std::cell::OnceCell::new(),
        }
    }

    /// A `sum` goal's total and count of results known on `as_of`, from
    /// running totals; `None` when they cannot say (a pinned result, a
    /// total too large), and the results must be summed one by one.
    fn sum_for(
        &self,
        goal: &'a Goal,
        period: &Period,
        as_of: NaiveDate,
    ) -> Option<(Decimal, usize)> {
        let totals = self.totals.get_or_init(|| {
            self.by_owner_metric
                .iter()
                .map(|(key, records)| (*key, Totals::new(records)))
                .collect()
        });
        let (mut sum, mut count) = (Decimal::ZERO, 0);
        for (owner, span) in self.org.scope(&goal.owner) {
            let Some(owner_totals) = totals.get(&(owner, goal.metric.as_str())) else {
                continue;
            };
            if owner_totals.exact_only {
                return None;
            }
            let from = span.from.map_or(period.start, |f| f.max(period.start));
            let mut to = period.end.min(as_of);
            if let Some(until) = span.to {
                // `to` is exclusive: the day before it is the last.
                match until.pred_opt() {
                    Some(last) => to = to.min(last),
                    None => continue,
                }
            }
            let (part, part_count) = owner_totals.between(from, to)?;
            sum = sum.checked_add(part)?;
            count += part_count;
        }
        Some((sum, count))
    }

    /// The results that count toward `goal` within `period` (every date,
    /// not only those up to an as-of date), in file order per owner.
    pub fn results_for(&self, goal: &'a Goal, period: &Period) -> Vec<&'a Record> {
        let mut out = Vec::new();
        for (owner, span) in self.org.scope(&goal.owner) {
            let Some(results) = self.by_owner_metric.get(&(owner, goal.metric.as_str())) else {
                continue;
            };
            out.extend(results.iter().copied().filter(|r| {
                period.contains(r.date)
                    && span.contains(r.date)
                    && r.goal.as_deref().is_none_or(|pinned| pinned == goal.id)
            }));
        }
        out
    }
}

/// A goal's period, resolved with the file's settings (validated on load).
pub fn goal_period(document: &Document, goal: &Goal) -> Result<Period> {
    Period::from_label(&goal.period, document.settings.fiscal_year_start)
        .map_err(|e| anyhow!("goal '{}': {e}", goal.id))
}

/// Finds a goal by id, or says which id was probably meant.
pub fn find_goal<'a>(document: &'a Document, id: &str) -> Result<&'a Goal> {
    document.goal(id).ok_or_else(|| unknown_goal(document, id))
}

pub fn unknown_goal(document: &Document, id: &str) -> anyhow::Error {
    let best = document
        .goals
        .iter()
        .map(|g| (strsim::jaro_winkler(id, &g.id), &g.id))
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, suggestion)) => {
            anyhow!("no goal named '{id}'; did you mean '{suggestion}'? (see `attain goal list`)")
        }
        None if document.goals.is_empty() => {
            anyhow!("no goal named '{id}'; there are no goals yet: add one with `attain goal add`")
        }
        None => anyhow!("no goal named '{id}' (see `attain goal list`)"),
    }
}

/// One goal, evaluated as the report evaluates it (its celebration standing
/// depends on the owner's other goals), or "did you mean" for a wrong id.
pub fn evaluate_goal<'a>(
    document: &'a Document,
    id: &str,
    as_of: NaiveDate,
) -> Result<GoalRow<'a>> {
    let goal = find_goal(document, id)?;
    evaluate_goals(document, &FilterSpec::default(), as_of)?
        .into_iter()
        .find(|row| row.goal.id == goal.id)
        .ok_or_else(|| unknown_goal(document, id))
}

/// Evaluates every goal the filter selects, ordered by period start, owner
/// and id. Met goals carry their celebration standing, which looks at every
/// goal (a streak spans periods the filter may leave out).
pub fn evaluate_goals<'a>(
    document: &'a Document,
    spec: &FilterSpec,
    as_of: NaiveDate,
) -> Result<Vec<GoalRow<'a>>> {
    let mut filter: Filter = spec
        .resolve(as_of, document.settings.fiscal_year_start)
        .map_err(|e| anyhow!("--period: {e}"))?;
    // Owners and teams typed by name follow the one identity rule. An
    // owner nobody has is no error (no goal is theirs); a team must exist.
    if let Some(typed) = &spec.owner
        && let Some(id) = super::identity::resolve(document, typed)?
    {
        filter.owner = Some(id);
    }
    if let Some(typed) = &spec.team {
        filter.team = Some(super::identity::require(document, typed)?);
    }
    let index = ResultIndex::new(document);
    let at_risk = document.settings.at_risk.0;
    let days = document.settings.work_calendar();
    let mut all = Vec::with_capacity(document.goals.len());
    for goal in &document.goals {
        let period = goal_period(document, goal)?;
        let summed = match goal.aggregate {
            Aggregate::Sum => index.sum_for(goal, &period, as_of),
            _ => None,
        };
        let evaluation = match summed {
            Some((sum, count)) => evaluate_combined(
                goal,
                &period,
                Combined::sum(sum, count),
                as_of,
                at_risk,
                &days,
            ),
            None => {
                let results = index.results_for(goal, &period);
                // "As of" a date means what was known then: later results wait.
                let known = results.into_iter().filter(|r| r.date <= as_of);
                evaluate(goal, &period, known, as_of, at_risk, &days)
            }
        };
        all.push(GoalRow {
            goal,
            owner_name: document.owner_name(&goal.owner),
            owner_is_team: document.team(&goal.owner).is_some(),
            period,
            review: (evaluation.status == Status::Missed)
                .then(|| ReviewState::of(document.review(&goal.id))),
            evaluation,
            celebration: None,
        });
    }
    let mut standings = standings(document, &all);
    // The team's scope, walked once for every goal the filter looks at.
    let in_team: Option<std::collections::HashSet<&str>> = filter.team.as_deref().map(|team| {
        index
            .org
            .scope(team)
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    });
    let mut rows: Vec<GoalRow<'a>> = all
        .into_iter()
        .filter(|row| {
            filter.selects(row.goal, &row.period)
                && filter.selects_status(row.evaluation.status)
                && in_team
                    .as_ref()
                    .is_none_or(|ids| ids.contains(row.goal.owner.as_str()))
        })
        .map(|mut row| {
            row.celebration = standings.remove(row.goal.id.as_str());
            row
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.period.start, a.owner_name, &a.goal.id).cmp(&(b.period.start, b.owner_name, &b.goal.id))
    });
    Ok(rows)
}

/// The ids of the goals a filter selects, or `None` when it selects
/// everything: for listings whose rows are not goals (actions, progress).
pub fn selected_goals(
    document: &Document,
    spec: &FilterSpec,
    as_of: NaiveDate,
) -> Result<Option<std::collections::HashSet<String>>> {
    if *spec == FilterSpec::default() {
        return Ok(None);
    }
    let rows = evaluate_goals(document, spec, as_of)?;
    Ok(Some(rows.into_iter().map(|r| r.goal.id.clone()).collect()))
}

/// The celebration standing of every met goal, keyed by goal id.
pub fn standings<'a>(document: &'a Document, rows: &[GoalRow<'a>]) -> HashMap<&'a str, Standing> {
    let fiscal_start = document.settings.fiscal_year_start;
    let tiers = &document.settings.tiers;
    // Whether each owner met each metric in each period.
    let mut met: HashMap<(&str, &str, &str), bool> = HashMap::new();
    for row in rows {
        let key = (
            row.goal.owner.as_str(),
            row.goal.metric.as_str(),
            row.goal.period.as_str(),
        );
        *met.entry(key).or_default() |= row.evaluation.status.is_success();
    }
    let order = super::history::celebration_order(document);
    let mut logged: HashMap<&str, Vec<Celebration>> = HashMap::new();
    for c in &document.celebrations {
        logged.entry(c.goal.as_str()).or_default().push(c.clone());
    }
    let mut standings = HashMap::new();
    for row in rows {
        let e = &row.evaluation;
        let (true, Some(actual)) = (e.status.is_success(), e.actual) else {
            continue;
        };
        let goal = row.goal;
        let streak = celebration::streak(&row.period, fiscal_start, |p: &Period| {
            met.get(&(goal.owner.as_str(), goal.metric.as_str(), p.label.as_str()))
                .copied()
        });
        let mut entries = logged.remove(goal.id.as_str()).unwrap_or_default();
        entries.sort_by(&order);
        standings.insert(
            goal.id.as_str(),
            Standing {
                tier: celebration::tier(
                    goal.direction,
                    actual,
                    goal.target,
                    e.status == Status::Exceeded,
                    tiers,
                ),
                streak,
                streak_earned: streak >= tiers.streak,
                logged: entries,
            },
        );
    }
    standings
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::DateTime;
    use proptest::prelude::*;

    use super::*;
    use crate::domain::amount::Amount;
    use crate::domain::goal::Direction;
    use crate::domain::ids::Id;
    use crate::domain::org::{Membership, Person, Team};

    fn day(offset: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(offset.into())
    }

    /// p0..p3 in t0 (p0 from a date, p1 until one) and t1 (t0 and p2):
    /// goals of every owner, two metrics and three periods.
    fn document(
        results: Vec<(usize, bool, u32, i64, u32)>,
        joins: u32,
        leaves: u32,
        pinned: bool,
    ) -> Document {
        let mut document = Document::default();
        for i in 0..4 {
            document.people.push(Person {
                id: format!("p{i}"),
                name: format!("P{i}"),
                email: None,
            });
        }
        let member = |id: &str, from: Option<u32>, to: Option<u32>| Membership {
            id: id.into(),
            from: from.map(day),
            to: to.map(day),
        };
        document.teams = vec![
            Team {
                id: "t0".into(),
                name: "T0".into(),
                members: vec![
                    member("p0", Some(joins), None),
                    member("p1", None, Some(leaves + 1)),
                ],
            },
            Team {
                id: "t1".into(),
                name: "T1".into(),
                members: vec![
                    member("t0", None, None),
                    member("p2", Some(joins), Some(leaves + 1)),
                ],
            },
        ];
        let owners = ["p0", "p1", "p2", "p3", "t0", "t1"];
        for owner in owners {
            for metric in ["revenue", "deals"] {
                for period in ["2026-Q3", "2026", "2026-08"] {
                    document.goals.push(Goal {
                        id: format!("{owner}-{metric}-{}", period.to_lowercase()),
                        title: String::new(),
                        owner: owner.into(),
                        metric: metric.into(),
                        unit: "USD".into(),
                        period: period.into(),
                        target: Amount(1000.into()),
                        stretch: None,
                        direction: Direction::AtLeast,
                        aggregate: Aggregate::Sum,
                        tags: Vec::new(),
                        created: DateTime::UNIX_EPOCH,
                    });
                }
            }
        }
        document.goals.sort_by(|a, b| a.id.cmp(&b.id));
        for (i, (owner, revenue, offset, units, scale)) in results.into_iter().enumerate() {
            document.results.push(Record {
                id: Id(format!("{i:06}").into()),
                owner: Arc::from(owners[owner % owners.len()]),
                metric: Arc::from(if revenue { "revenue" } else { "deals" }),
                date: day(offset),
                value: Amount(Decimal::new(units, scale)),
                note: None,
                reference: None,
                goal: (pinned && i == 0).then(|| "p0-revenue-2026-q3".into()),
            });
        }
        document
    }

    /// A day of 2026, often one on an edge: a period's first or last day,
    /// a membership's first day or the day it ends, and the days around.
    fn edgy_day() -> impl Strategy<Value = u32> {
        prop_oneof![
            0u32..365,
            prop::sample::select(vec![
                180u32, 181, 182, 199, 200, 201, 210, 211, 212, 213, 239, 240, 241, 242, 272, 273,
                364,
            ]),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        /// Running totals give every sum goal what adding its results one
        /// by one gives: same actual, count, status and pace.
        #[test]
        fn running_totals_agree_with_adding_the_results(
            results in prop::collection::vec((0usize..6, any::<bool>(), edgy_day(), -9_999i64..99_999, 0u32..4), 0..80),
            joins in prop::sample::select(vec![181u32, 200]),
            leaves in prop::sample::select(vec![211u32, 240]),
            as_of in prop_oneof![100u32..400, edgy_day()],
            pinned in any::<bool>(),
        ) {
            let document = document(results, joins, leaves, pinned);
            let as_of = day(as_of);
            let rows = evaluate_goals(&document, &FilterSpec::default(), as_of).unwrap();
            prop_assert_eq!(rows.len(), document.goals.len());
            let index = ResultIndex::new(&document);
            for row in &rows {
                let known = index
                    .results_for(row.goal, &row.period)
                    .into_iter()
                    .filter(|r| r.date <= as_of);
                let one_by_one = evaluate(row.goal, &row.period, known, as_of, document.settings.at_risk.0, &document.settings.work_calendar());
                prop_assert_eq!(&row.evaluation, &one_by_one, "{}", row.goal.id);
            }
        }
    }

    #[test]
    fn sum_goals_take_the_running_totals_unless_a_result_is_pinned() {
        let results = vec![(0, true, 200, 5, 0), (4, true, 201, 7, 0)];
        let plain = document(results.clone(), 181, 240, false);
        let index = ResultIndex::new(&plain);
        let goal = plain.goal("t1-revenue-2026-q3").unwrap();
        let period = goal_period(&plain, goal).unwrap();
        // p0 joined t0 (in t1) on day 181; t0's own result counts too.
        assert_eq!(
            index.sum_for(goal, &period, day(300)),
            Some((Decimal::from(12), 2))
        );
        assert_eq!(
            index.sum_for(goal, &period, day(200)),
            Some((Decimal::from(5), 1))
        );
        let pinned = document(results, 181, 240, true);
        let index = ResultIndex::new(&pinned);
        let goal = pinned.goal("t1-revenue-2026-q3").unwrap();
        assert_eq!(index.sum_for(goal, &period, day(300)), None);
    }

    #[test]
    fn running_totals_sum_a_date_range() {
        let record = |date: NaiveDate, value: i64| Record {
            id: Id("1".into()),
            owner: Arc::from("a"),
            metric: Arc::from("m"),
            date,
            value: Amount(value.into()),
            note: None,
            reference: None,
            goal: None,
        };
        let records = [
            record(day(10), 5),
            record(day(3), 1),
            record(day(10), 2),
            record(day(20), 7),
        ];
        let refs: Vec<&Record> = records.iter().collect();
        let totals = Totals::new(&refs);
        assert_eq!(totals.days, [day(3), day(10), day(20)]);
        let sum = |from, to| totals.between(day(from), day(to)).unwrap();
        assert_eq!(sum(0, 365), (Decimal::from(15), 4));
        assert_eq!(sum(3, 3), (Decimal::from(1), 1));
        assert_eq!(sum(4, 10), (Decimal::from(7), 2));
        assert_eq!(sum(11, 19), (Decimal::ZERO, 0));
        assert_eq!(sum(10, 20), (Decimal::from(14), 3));
        assert_eq!(sum(21, 30), (Decimal::ZERO, 0));
        assert_eq!(sum(20, 10), (Decimal::ZERO, 0), "an empty range");
        let mut pinned = record(day(1), 1);
        pinned.goal = Some("g".into());
        assert!(Totals::new(&[&pinned]).exact_only);
    }
}
