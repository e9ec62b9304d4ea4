//! `attain need`: what each goal still needs, tier by tier.

use chrono::NaiveDate;
use serde::Serialize;

use super::{GoalRow, PaceNote, PeriodJson, opt_text};
use crate::domain::amount::Amount;
use crate::domain::need::{Need, Spread};
use crate::domain::pace::PaceMode;
use crate::render::{Block, Cell, Records, Table, Tone, View, human_amount};

/// A goal and what it still needs.
pub struct NeedRow<'a> {
    pub row: GoalRow<'a>,
    pub need: Need,
}

pub struct NeedView<'a> {
    pub as_of: NaiveDate,
    pub pace: PaceNote,
    pub rows: Vec<NeedRow<'a>>,
}

/// One line of a goal: a tier (`met`, `event`, `bonus`) or `headroom`.
struct Line {
    name: &'static str,
    /// The actual at which the tier is reached, or the at-most limit.
    reached_at: Amount,
    spread: Spread,
}

fn lines(row: &NeedRow) -> Vec<Line> {
    let mut out: Vec<Line> = row
        .need
        .tiers
        .iter()
        .map(|t| Line {
            name: t.tier.name(),
            reached_at: t.reached_at,
            spread: t.still,
        })
        .collect();
    if let Some(headroom) = row.need.headroom {
        out.push(Line {
            name: "headroom",
            reached_at: row.row.goal.target,
            spread: headroom,
        });
    }
    out
}

/// "16 working days", "25 days", "closed".
fn days_left(need: &Need, mode: PaceMode) -> String {
    if need.closed {
        return "closed".into();
    }
    let noun = match (mode, need.remaining_days) {
        (PaceMode::Business, 1) => "working day",
        (PaceMode::Business, _) => "working days",
        (PaceMode::Calendar, 1) => "day",
        (PaceMode::Calendar, _) => "days",
    };
    format!("{} {noun}", need.remaining_days)
}

impl View for NeedView<'_> {
    fn blocks(&self) -> Vec<Block> {
        if self.rows.is_empty() {
            return vec![Block::Line("No goals match.".into(), Tone::Dim)];
        }
        let mut table = Table::new(&[
            "Goal",
            ">Actual",
            "For",
            ">Reached at",
            ">Amount",
            "Left",
            ">Per day",
            ">Per week",
        ]);
        for row in &self.rows {
            let goal = row.row.goal;
            let unit = goal.unit.as_str();
            let amount = |a: Amount| human_amount(a, unit);
            for (i, line) in lines(row).into_iter().enumerate() {
                let first = i == 0;
                let done = line.name != "headroom" && line.spread.amount == Amount::ZERO;
                table.row(vec![
                    Cell::new(if first { goal.id.as_str() } else { "" }, Tone::Strong),
                    Cell::plain(if first {
                        row.row
                            .evaluation
                            .actual
                            .map(amount)
                            .unwrap_or_else(|| "—".into())
                    } else {
                        String::new()
                    }),
                    Cell::plain(line.name),
                    Cell::plain(amount(line.reached_at)),
                    Cell::new(
                        if done {
                            "reached".into()
                        } else {
                            amount(line.spread.amount)
                        },
                        if done { Tone::Good } else { Tone::Plain },
                    ),
                    Cell::new(
                        if first {
                            days_left(&row.need, self.pace.mode)
                        } else {
                            String::new()
                        },
                        Tone::Dim,
                    ),
                    Cell::plain(line.spread.per_day.map(amount).unwrap_or_default()),
                    Cell::plain(line.spread.per_week.map(amount).unwrap_or_default()),
                ]);
            }
        }
        let mut blocks = vec![Block::Table(table)];
        if let Some(line) = self.pace.line() {
            blocks.push(Block::Line(line, Tone::Dim));
        }
        blocks
    }

    fn records(&self) -> Records {
        Records {
            headers: super::goal_headers(&[
                "target",
                "stretch",
                "actual",
                "closed",
                "remaining_days",
                "remaining_calendar_days",
                "for",
                "reached_at",
                "amount",
                "per_day",
                "per_week",
            ]),
            rows: self
                .rows
                .iter()
                .flat_map(|row| {
                    lines(row).into_iter().map(move |line| {
                        let mut fields = super::goal_columns(&row.row);
                        fields.extend([
                            row.row.goal.target.canonical(),
                            opt_text(row.row.goal.stretch),
                            opt_text(row.row.evaluation.actual),
                            row.need.closed.to_string(),
                            row.need.remaining_days.to_string(),
                            row.need.remaining_calendar_days.to_string(),
                            line.name.to_string(),
                            line.reached_at.canonical(),
                            line.spread.amount.canonical(),
                            opt_text(line.spread.per_day),
                            opt_text(line.spread.per_week),
                        ]);
                        fields
                    })
                })
                .collect(),
        }
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let goals: Vec<NeedJson> = self
            .rows
            .iter()
            .map(|row| {
                let goal = row.row.goal;
                let spread = |s: &Spread| SpreadJson {
                    amount: s.amount,
                    per_day: s.per_day,
                    per_week: s.per_week,
                };
                NeedJson {
                    id: &goal.id,
                    title: &goal.title,
                    owner: &goal.owner,
                    owner_name: row.row.owner_name,
                    metric: &goal.metric,
                    unit: &goal.unit,
                    period: PeriodJson::from(&row.row.period),
                    direction: goal.direction.name(),
                    aggregate: goal.aggregate.name(),
                    target: goal.target,
                    stretch: goal.stretch,
                    actual: row.row.evaluation.actual,
                    status: row.row.evaluation.status.name(),
                    closed: row.need.closed,
                    remaining_days: row.need.remaining_days,
                    remaining_calendar_days: row.need.remaining_calendar_days,
                    tiers: row
                        .need
                        .tiers
                        .iter()
                        .map(|t| TierJson {
                            tier: t.tier.name(),
                            reached_at: t.reached_at,
                            still: spread(&t.still),
                        })
                        .collect(),
                    headroom: row.need.headroom.as_ref().map(spread),
                }
            })
            .collect();
        serde_json::to_writer_pretty(
            out,
            &NeedDocument {
                as_of: self.as_of,
                pace: self.pace.mode,
                goals,
            },
        )
    }
}

#[derive(Serialize)]
struct NeedDocument<'a> {
    as_of: NaiveDate,
    pace: PaceMode,
    goals: Vec<NeedJson<'a>>,
}

/// One goal of `need --format json`, documented in the README.
#[derive(Serialize)]
struct NeedJson<'a> {
    id: &'a str,
    title: &'a str,
    owner: &'a str,
    owner_name: &'a str,
    metric: &'a str,
    unit: &'a str,
    period: PeriodJson<'a>,
    direction: &'static str,
    aggregate: &'static str,
    target: Amount,
    stretch: Option<Amount>,
    actual: Option<Amount>,
    status: &'static str,
    closed: bool,
    remaining_days: i64,
    remaining_calendar_days: i64,
    tiers: Vec<TierJson>,
    headroom: Option<SpreadJson>,
}

#[derive(Serialize)]
struct TierJson {
    tier: &'static str,
    reached_at: Amount,
    #[serde(flatten)]
    still: SpreadJson,
}

#[derive(Serialize)]
struct SpreadJson {
    amount: Amount,
    per_day: Option<Amount>,
    per_week: Option<Amount>,
}
