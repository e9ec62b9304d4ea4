//! What commands show: views built from the domain's results, handed to a
//! renderer. Views hold no I/O and no clock.

pub mod celebrate;
pub mod goals;
pub mod history;
pub mod import;
pub mod leaderboard;
pub mod need;
pub mod org;
pub mod period_end;
pub mod period_end_html;
pub mod report;
pub mod results;
pub mod review;
pub mod trend;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::amount::Amount;
use crate::domain::attainment::Status;
use crate::domain::celebration::{STREAK_BENEFIT, STREAK_SUGGESTION, Standing};
use crate::domain::goal::{Record, Settings};
use crate::domain::pace::{PaceMode, Workdays};
use crate::domain::period::Period;
use crate::domain::review::ReviewState;
pub use crate::ledger::GoalRow;
use crate::render::{Tone, machine_ratio};

/// Which days a view's pace counts, as the view says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaceNote {
    pub mode: PaceMode,
    pub workdays: Workdays,
    /// How many holidays the file has.
    pub holidays: usize,
}

impl PaceNote {
    pub fn of(settings: &Settings) -> Self {
        PaceNote {
            mode: settings.pace,
            workdays: settings.workdays,
            holidays: settings.holidays.len(),
        }
    }

    /// `Pace: business days (Mon-Fri, 2 holidays)`; nothing in calendar
    /// mode, the default, which needs no saying.
    pub fn line(&self) -> Option<String> {
        let holidays = match self.holidays {
            0 => "no holidays".to_string(),
            1 => "1 holiday".to_string(),
            n => format!("{n} holidays"),
        };
        (self.mode == PaceMode::Business)
            .then(|| format!("Pace: business days ({}, {holidays})", self.workdays))
    }
}

/// The colour a status reads in.
pub fn status_tone(status: Status) -> Tone {
    match status {
        Status::Exceeded => Tone::Great,
        Status::Met | Status::OnTrack => Tone::Good,
        Status::AtRisk => Tone::Warn,
        Status::Behind | Status::Missed => Tone::Bad,
        Status::Upcoming => Tone::Dim,
    }
}

/// A period in JSON: its label and inclusive range.
#[derive(Debug, Serialize)]
pub struct PeriodJson<'a> {
    pub label: &'a str,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl<'a> From<&'a Period> for PeriodJson<'a> {
    fn from(period: &'a Period) -> Self {
        PeriodJson {
            label: &period.label,
            start: period.start,
            end: period.end,
        }
    }
}

/// The report's goal object, documented in the README.
#[derive(Debug, Serialize)]
pub struct GoalJson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub owner: &'a str,
    pub owner_name: &'a str,
    pub metric: &'a str,
    pub unit: &'a str,
    pub period: PeriodJson<'a>,
    pub direction: &'static str,
    pub aggregate: &'static str,
    pub target: Amount,
    pub stretch: Option<Amount>,
    pub actual: Option<Amount>,
    pub attainment: Option<Amount>,
    pub gap: Option<Amount>,
    pub status: Status,
    pub projected: Option<Amount>,
    pub elapsed_days: i64,
    pub period_days: i64,
    pub results: usize,
    pub tags: &'a [String],
    pub celebration: Option<CelebrationJson>,
    pub review: Option<ReviewJson>,
    /// `what-if` only: the goal's rank on its leaderboard.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<Option<usize>>,
    /// `what-if` only: the goal without the assumed results.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<BeforeJson>,
}

/// A goal's numbers before `what-if`'s assumed results, in JSON.
#[derive(Debug, Serialize)]
pub struct BeforeJson {
    pub actual: Option<Amount>,
    pub attainment: Option<Amount>,
    pub status: Status,
    /// The celebration tier of a met goal, else `null`.
    pub tier: Option<&'static str>,
    /// The streak of a met goal, else `null`.
    pub streak: Option<u32>,
    /// The rank on the goal's leaderboard, else `null`.
    pub rank: Option<usize>,
}

/// A missed goal's review state in JSON.
#[derive(Debug, Serialize)]
pub struct ReviewJson {
    /// `pending`, `in-progress` or `complete`.
    pub state: &'static str,
    /// The step the review is at (1-4), or 0 once complete.
    pub step: u8,
}

impl From<ReviewState> for ReviewJson {
    fn from(state: ReviewState) -> Self {
        ReviewJson {
            state: state.name(),
            step: match state {
                ReviewState::Pending => 1,
                ReviewState::InProgress(k) => k,
                ReviewState::Complete => 0,
            },
        }
    }
}

/// A met goal's celebration state in JSON.
#[derive(Debug, Serialize)]
pub struct CelebrationJson {
    pub tier: &'static str,
    pub suggestion: &'static str,
    pub benefit: &'static str,
    pub streak: u32,
    /// Public recognition of the streak is suggested too.
    pub streak_recognition: Option<StreakJson>,
    pub logged: usize,
    pub outstanding: bool,
}

#[derive(Debug, Serialize)]
pub struct StreakJson {
    pub suggestion: &'static str,
    pub benefit: &'static str,
}

impl From<&Standing> for CelebrationJson {
    fn from(s: &Standing) -> Self {
        CelebrationJson {
            tier: s.tier.name(),
            suggestion: s.tier.suggestion(),
            benefit: s.tier.benefit(),
            streak: s.streak,
            streak_recognition: s.streak_earned.then_some(StreakJson {
                suggestion: STREAK_SUGGESTION,
                benefit: STREAK_BENEFIT,
            }),
            logged: s.logged.len(),
            outstanding: s.outstanding(),
        }
    }
}

impl<'a> From<&'a GoalRow<'a>> for GoalJson<'a> {
    fn from(row: &'a GoalRow<'a>) -> Self {
        let goal = row.goal;
        let e = &row.evaluation;
        GoalJson {
            id: &goal.id,
            title: &goal.title,
            owner: &goal.owner,
            owner_name: row.owner_name,
            metric: &goal.metric,
            unit: &goal.unit,
            period: (&row.period).into(),
            direction: goal.direction.name(),
            aggregate: goal.aggregate.name(),
            target: goal.target,
            stretch: goal.stretch,
            actual: e.actual,
            attainment: e.attainment.map(machine_ratio),
            gap: e.gap,
            status: e.status,
            projected: e.projected,
            elapsed_days: e.elapsed_days,
            period_days: e.period_days,
            results: e.result_count,
            tags: &goal.tags,
            celebration: row.celebration.as_ref().map(CelebrationJson::from),
            review: row.review.map(ReviewJson::from),
            rank: None,
            before: None,
        }
    }
}

/// A result in JSON.
#[derive(Debug, Serialize)]
pub struct RecordJson<'a> {
    pub id: &'a str,
    pub owner: &'a str,
    pub metric: &'a str,
    pub date: NaiveDate,
    pub value: Amount,
    pub note: Option<&'a str>,
    #[serde(rename = "ref")]
    pub reference: Option<&'a str>,
    /// Only on a result migrated from format 1 that counts toward this
    /// goal alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal: Option<&'a str>,
}

impl<'a> From<&'a Record> for RecordJson<'a> {
    fn from(r: &'a Record) -> Self {
        RecordJson {
            id: r.id.as_str(),
            owner: &r.owner,
            metric: &r.metric,
            date: r.date,
            value: r.value,
            note: r.note.as_deref(),
            reference: r.reference.as_deref(),
            goal: r.goal.as_deref(),
        }
    }
}

/// The CSV columns that name a goal and its period, shared by every CSV of
/// goals so scripts can join them.
pub const GOAL_COLUMNS: [&str; 11] = [
    "id",
    "title",
    "owner",
    "owner_name",
    "metric",
    "unit",
    "period",
    "start",
    "end",
    "direction",
    "aggregate",
];

/// The values of [`GOAL_COLUMNS`] for one goal.
pub fn goal_columns(row: &GoalRow) -> Vec<String> {
    let g = row.goal;
    vec![
        g.id.clone(),
        g.title.clone(),
        g.owner.clone(),
        row.owner_name.to_string(),
        g.metric.clone(),
        g.unit.clone(),
        row.period.label.clone(),
        row.period.start.to_string(),
        row.period.end.to_string(),
        g.direction.name().into(),
        g.aggregate.name().into(),
    ]
}

/// Headers: the goal columns, then `rest`.
pub fn goal_headers(rest: &[&'static str]) -> Vec<&'static str> {
    GOAL_COLUMNS.iter().chain(rest).copied().collect()
}

pub fn opt_text(value: Option<Amount>) -> String {
    value.map(|v| v.canonical()).unwrap_or_default()
}

/// "target changed on 2026-10-02 from $240,000 to $260,000", one clause
/// per change, for what was logged or started before them.
pub fn target_moves_text(
    moves: &[crate::ledger::history::TargetMove],
    unit: &str,
) -> Option<String> {
    if moves.is_empty() {
        return None;
    }
    let clauses: Vec<String> = moves
        .iter()
        .map(|m| {
            format!(
                "target changed on {} from {} to {}",
                m.on,
                crate::render::human_amount(m.from, unit),
                crate::render::human_amount(m.to, unit)
            )
        })
        .collect();
    Some(clauses.join("; "))
}

/// Target changes in JSON: `[{"on", "from", "to"}]`.
pub fn target_moves_json(moves: &[crate::ledger::history::TargetMove]) -> serde_json::Value {
    serde_json::Value::Array(
        moves
            .iter()
            .map(|m| serde_json::json!({"on": m.on, "from": m.from, "to": m.to}))
            .collect(),
    )
}
