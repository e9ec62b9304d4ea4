//! Goals evaluated on the as-of date: each goal's actual combines the
//! results of its metric, dated inside its period, whose owner lies in the
//! goal owner's scope on the result's date.

use std::collections::HashMap;

use anyhow::{Result, anyhow};
use chrono::NaiveDate;

use crate::domain::attainment::{Evaluation, Status, evaluate};
use crate::domain::celebration::{self, Celebration, Standing};
use crate::domain::filter::{Filter, FilterSpec};
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
    by_owner_metric: HashMap<(&'a str, &'a str), Vec<&'a Record>>,
    org: Org<'a>,
}

impl<'a> ResultIndex<'a> {
    pub fn new(document: &'a Document) -> Self {
        let mut by_owner_metric: HashMap<(&str, &str), Vec<&Record>> = HashMap::new();
        for record in &document.results {
            by_owner_metric
                .entry((&record.owner, &record.metric))
                .or_default()
                .push(record);
        }
        ResultIndex {
            by_owner_metric,
            org: document.org(),
        }
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
    let mut all = Vec::with_capacity(document.goals.len());
    for goal in &document.goals {
        let period = goal_period(document, goal)?;
        let results = index.results_for(goal, &period);
        // "As of" a date means what was known then: later results wait.
        let known = results.into_iter().filter(|r| r.date <= as_of);
        let evaluation = evaluate(goal, &period, known, as_of, at_risk);
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
        entries.sort_by_key(|c| (c.date, c.id));
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
