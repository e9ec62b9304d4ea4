//! The attainment report: every goal's actual vs target, gap, pace, status.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{BeforeJson, GoalJson, GoalRow, opt_text, status_tone};
use crate::domain::amount::Amount;
use crate::domain::attainment::Status;
use crate::domain::celebration::{Standing, Tier};
use crate::domain::period::Phase;
use crate::domain::review::ReviewState;
use crate::ledger::rollup::{Group, Subtotal};
use crate::ledger::what_if::Assumed;
use crate::render::{
    Block, Cell, Records, Table, Tone, View, bar, human_amount, human_percent, machine_ratio,
};

pub struct ReportView<'a> {
    pub as_of: NaiveDate,
    pub rows: Vec<GoalRow<'a>>,
    /// With `--by`: the groups, each followed by its subtotal rows.
    pub groups: Option<Vec<Group>>,
    /// Whether to suggest the next command under the table.
    pub hints: bool,
    /// `what-if`: what the report is compared with, to mark what changes.
    pub what_if: Option<WhatIf>,
    /// Which days the pace counts.
    pub pace: super::PaceNote,
}

/// The report without `what-if`'s assumed results.
pub struct WhatIf {
    pub assumed: Vec<Assumed>,
    /// Every goal before, by id.
    pub before: HashMap<String, Before>,
    /// Each goal's leaderboard rank after, by id.
    pub ranks: HashMap<String, usize>,
    /// With `--by`: the groups before, of the same goals.
    pub groups: Option<Vec<Group>>,
}

/// What `what-if` compares of one goal.
#[derive(Debug, Clone, PartialEq)]
pub struct Before {
    pub actual: Option<Amount>,
    pub attainment: Option<Decimal>,
    pub status: Status,
    pub tier: Option<Tier>,
    pub streak: Option<u32>,
    /// The rank on the goal's leaderboard (see [`crate::ledger::leaderboard::ranks`]).
    pub rank: Option<usize>,
}

impl Before {
    pub fn of(row: &GoalRow, rank: Option<usize>) -> Before {
        let e = &row.evaluation;
        Before {
            actual: e.actual,
            attainment: e.attainment,
            status: e.status,
            tier: row.celebration.as_ref().map(|s| s.tier),
            streak: row.celebration.as_ref().map(|s| s.streak),
            rank,
        }
    }
}

impl WhatIf {
    /// The goal as it is with the assumed results.
    fn now(&self, row: &GoalRow) -> Before {
        Before::of(row, self.ranks.get(&row.goal.id).copied())
    }

    /// The goal as it was, when anything `what-if` compares changed.
    fn changed(&self, row: &GoalRow) -> Option<&Before> {
        self.before
            .get(&row.goal.id)
            .filter(|before| **before != self.now(row))
    }

    /// The subtotal of `unit` in the group `key` as it was, when it differs.
    fn subtotal_before(&self, key: &str, now: &Subtotal) -> Option<&Subtotal> {
        self.groups
            .as_ref()?
            .iter()
            .find(|g| g.key == key)?
            .subtotals
            .iter()
            .find(|s| s.unit == now.unit)
            .filter(|s| s.actual != now.actual)
    }

    fn met_before(&self, key: &str) -> Option<usize> {
        self.groups
            .as_ref()?
            .iter()
            .find(|g| g.key == key)
            .map(|g| g.met)
    }
}

/// "east-q4 +$25,000 · west-q4 -$5,000 · east-csat 4.9": a sign where the
/// goal adds results up.
fn assumed_text(assumed: &[Assumed]) -> String {
    assumed
        .iter()
        .map(|a| {
            let sign = if a.sums && !a.amount.is_negative() {
                "+"
            } else {
                ""
            };
            format!("{} {sign}{}", a.goal, human_amount(a.amount, &a.unit))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// "behind → met" when the status changed, else the status.
fn status_text(now: Status, before: Option<&Before>) -> String {
    match before {
        Some(b) if b.status != now => format!("{} → {}", b.status.name(), now.name()),
        _ => now.name().to_string(),
    }
}

/// The goal's rank on its leaderboard, "9 → 11" when it moved.
fn rank_text(now: Option<usize>, before: Option<Option<usize>>) -> String {
    match (before.flatten(), now) {
        (Some(was), Some(is)) if was != is => format!("{was} → {is}"),
        (_, Some(is)) => is.to_string(),
        (_, None) => String::new(),
    }
}

/// The Was cell of a changed goal: its actual and attainment before,
/// "$35,000 · 70.0%", then the tier and streak it had, each when it changed
/// (a rank that moved shows in the Rank column).
fn was_text(row: &GoalRow, before: &Before, now: &Before) -> String {
    let unit = row.goal.unit.as_str();
    let mut parts = Vec::new();
    if (before.actual, before.attainment) != (now.actual, now.attainment) {
        parts.push(
            before
                .actual
                .map(|a| human_amount(a, unit))
                .unwrap_or_else(|| "—".into()),
        );
        parts.push(human_percent(before.attainment));
    }
    // A goal newly met says so in its status; a tier is shown when it moved.
    if now.tier != before.tier
        && let Some(tier) = before.tier
    {
        parts.push(tier.name().to_string());
    }
    if now.streak != before.streak
        && let Some(streak) = before.streak
    {
        parts.push(format!("streak {streak}"));
    }
    parts.join(" · ")
}

/// Counts of goals by status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Summary {
    pub total: usize,
    /// Met or exceeded.
    pub reached: usize,
    pub by_status: BTreeMap<&'static str, usize>,
}

impl Summary {
    pub fn of(statuses: impl IntoIterator<Item = Status>) -> Summary {
        let mut summary = Summary {
            by_status: Status::ALL.iter().map(|s| (s.name(), 0)).collect(),
            ..Summary::default()
        };
        for status in statuses {
            summary.total += 1;
            summary.reached += usize::from(status.is_success());
            *summary.by_status.entry(status.name()).or_default() += 1;
        }
        summary
    }

    pub fn count(&self, status: Status) -> usize {
        self.by_status.get(status.name()).copied().unwrap_or(0)
    }

    /// "4 of 6 met · 1 exceeded · 1 missed".
    pub fn sentence(&self) -> String {
        let exceeded = self.count(Status::Exceeded);
        let mut parts = vec![if exceeded > 0 {
            format!(
                "{} of {} met ({exceeded} exceeded)",
                self.reached, self.total
            )
        } else {
            format!("{} of {} met", self.reached, self.total)
        }];
        for status in Status::ALL {
            if matches!(status, Status::Met | Status::Exceeded) {
                continue;
            }
            let n = self.count(status);
            if n > 0 {
                parts.push(format!("{n} {}", status.name().replace('-', " ")));
            }
        }
        parts.join(" · ")
    }
}

#[derive(Serialize)]
struct ReportJson<'a> {
    as_of: NaiveDate,
    /// `what-if` only: the assumed results.
    #[serde(skip_serializing_if = "Option::is_none")]
    assumed: Option<Vec<AssumedJson<'a>>>,
    /// `what-if` only: the ids of the goals that change, in report order.
    #[serde(skip_serializing_if = "Option::is_none")]
    changed: Option<Vec<&'a str>>,
    /// `calendar` or `business`.
    pace: crate::domain::pace::PaceMode,
    goals: Vec<GoalJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    groups: Option<Vec<GroupJson<'a>>>,
    summary: SummaryJson,
}

/// A group of `report --by` in JSON. `unit`, `target`, `actual` and
/// `attainment` are the group's one subtotal, `null` when its people's sum
/// goals have no unit or several (then `subtotals` has each).
#[derive(Serialize)]
struct GroupJson<'a> {
    key: &'a str,
    name: &'a str,
    goals: usize,
    met: usize,
    unit: Option<&'a str>,
    target: Option<Amount>,
    actual: Option<Amount>,
    attainment: Option<Amount>,
    subtotals: Vec<SubtotalJson<'a>>,
    /// The ids of the group's goals, in report order.
    goal_ids: Vec<&'a str>,
}

#[derive(Serialize)]
struct AssumedJson<'a> {
    goal: &'a str,
    amount: Amount,
}

#[derive(Serialize)]
struct SubtotalJson<'a> {
    unit: &'a str,
    target: Amount,
    actual: Amount,
    attainment: Option<Amount>,
    goals: usize,
}

#[derive(Serialize)]
struct SummaryJson {
    total: usize,
    met: usize,
    exceeded: usize,
    on_track: usize,
    at_risk: usize,
    behind: usize,
    missed: usize,
    upcoming: usize,
}

impl ReportView<'_> {
    pub fn summary(&self) -> Summary {
        Summary::of(self.rows.iter().map(|r| r.evaluation.status))
    }
}

impl View for ReportView<'_> {
    fn blocks(&self) -> Vec<Block> {
        if self.rows.is_empty() {
            return vec![Block::Line(
                "No goals match. Add one with `attain goal add --target 100k --period \
                 this-quarter --owner east`, or loosen the filters."
                    .to_string(),
                Tone::Dim,
            )];
        }
        let mut headers = vec![
            "Goal",
            "Owner",
            "Period",
            ">Target",
            ">Actual",
            "~Progress",
            ">Attainment",
            ">Gap",
            ">Projected",
            "Status",
            "Follow-up",
        ];
        if self.what_if.is_some() {
            headers.extend([">Rank", "Was"]);
        }
        let mut table = Table::new(&headers);
        let order: Vec<(usize, Option<&Group>)> = match &self.groups {
            None => (0..self.rows.len()).map(|i| (i, None)).collect(),
            Some(groups) => groups
                .iter()
                .flat_map(|g| {
                    let last = g.rows.len() - 1;
                    g.rows
                        .iter()
                        .enumerate()
                        .map(move |(k, &i)| (i, (k == last).then_some(g)))
                })
                .collect(),
        };
        for (i, ends) in order {
            let row = &self.rows[i];
            let goal = row.goal;
            let e = &row.evaluation;
            let unit = goal.unit.as_str();
            let amount = |v| human_amount(v, unit);
            let (progress, attainment) = match e.phase {
                Phase::Upcoming => (String::new(), String::new()),
                // A met at-most goal at 0 has no ratio but a full bar.
                _ => (
                    bar(e
                        .attainment
                        .or(e.status.is_success().then_some(Decimal::ONE))),
                    human_percent(e.attainment),
                ),
            };
            let before = self.what_if.as_ref().and_then(|w| w.changed(row));
            let mut cells = vec![
                Cell::new(&goal.id, Tone::Strong),
                Cell::plain(row.owner_name),
                Cell::plain(&row.period.label),
                Cell::plain(amount(goal.target)),
                Cell::plain(e.actual.map(amount).unwrap_or_else(|| "—".into())),
                Cell::new(progress, status_tone(e.status)),
                Cell::new(attainment, status_tone(e.status)),
                Cell::plain(e.gap.map(amount).unwrap_or_default()),
                Cell::new(e.projected.map(amount).unwrap_or_default(), Tone::Dim),
                Cell::new(status_text(e.status, before), status_tone(e.status)),
                celebration_cell(row),
            ];
            if let Some(what_if) = &self.what_if {
                let now = what_if.now(row);
                cells.push(Cell::plain(rank_text(now.rank, before.map(|b| b.rank))));
                cells.push(match before {
                    Some(before) => Cell::new(was_text(row, before, &now), Tone::Dim),
                    None => Cell::plain(""),
                });
            }
            table.row(cells);
            if let Some(group) = ends {
                subtotal_rows(&mut table, group, self.what_if.as_ref());
            }
        }
        let summary = self.summary();
        let mut blocks = vec![
            Block::Table(table),
            Block::Line(summary.sentence(), Tone::Strong),
        ];
        if let Some(line) = self.pace.line() {
            blocks.push(Block::Line(line, Tone::Dim));
        }
        if let Some(what_if) = &self.what_if {
            blocks.push(Block::Line(
                format!(
                    "Assumed on {}: {} (nothing written)",
                    self.as_of,
                    assumed_text(&what_if.assumed)
                ),
                Tone::Dim,
            ));
            let flips: Vec<String> = self
                .rows
                .iter()
                .filter_map(|row| {
                    let before = what_if.before.get(&row.goal.id)?;
                    let now = row.evaluation.status;
                    (before.status != now).then(|| {
                        format!("{} {} → {}", row.goal.id, before.status.name(), now.name())
                    })
                })
                .collect();
            blocks.push(Block::Line(
                match flips.len() {
                    0 => "No goal changes status.".to_string(),
                    1 => format!("1 goal changes status: {}", flips[0]),
                    n => format!("{n} goals change status: {}", flips.join(", ")),
                },
                Tone::Strong,
            ));
        }
        if self.hints {
            let reached = summary.reached;
            let missed = summary.count(Status::Missed);
            let behind = summary.count(Status::Behind) + summary.count(Status::AtRisk);
            if reached > 0 {
                blocks.push(Block::Line(
                    format!("Celebrate the {reached} met: attain celebrate"),
                    Tone::Good,
                ));
            }
            if missed > 0 {
                blocks.push(Block::Line(
                    format!("Learn from the {missed} missed: attain review"),
                    Tone::Bad,
                ));
            }
            if behind > 0 {
                blocks.push(Block::Line(
                    format!(
                        "{behind} open goal(s) off pace: attain report --status at-risk,behind"
                    ),
                    Tone::Warn,
                ));
            }
        }
        blocks
    }

    fn records(&self) -> Records {
        let mut records = self.report_records();
        if let Some(what_if) = &self.what_if {
            records.headers.extend(WHAT_IF_COLUMNS);
            for (fields, row) in records.rows.iter_mut().zip(&self.rows) {
                let now = what_if.now(row);
                let before = what_if.before.get(&row.goal.id);
                let field = |f: &dyn Fn(&Before) -> String| before.map(f).unwrap_or_default();
                fields.extend([
                    now.rank.map(|r| r.to_string()).unwrap_or_default(),
                    field(&|b| opt_text(b.actual)),
                    field(&|b| opt_text(b.attainment.map(machine_ratio))),
                    field(&|b| b.status.name().to_string()),
                    field(&|b| b.tier.map(|t| t.name().to_string()).unwrap_or_default()),
                    field(&|b| b.streak.map(|s| s.to_string()).unwrap_or_default()),
                    field(&|b| b.rank.map(|r| r.to_string()).unwrap_or_default()),
                    (before != Some(&now)).to_string(),
                ]);
            }
        }
        records
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        self.report_json(out)
    }
}

/// The columns `what-if` adds to the report's CSV.
const WHAT_IF_COLUMNS: [&str; 8] = [
    "rank",
    "before_actual",
    "before_attainment",
    "before_status",
    "before_tier",
    "before_streak",
    "before_rank",
    "changed",
];

impl ReportView<'_> {
    fn report_records(&self) -> Records {
        Records {
            headers: super::goal_headers(&[
                "target",
                "stretch",
                "actual",
                "attainment",
                "gap",
                "projected",
                "status",
                "results",
                "celebration_tier",
                "streak",
                "celebrations_logged",
                "review",
            ]),
            rows: self
                .rows
                .iter()
                .map(|row| {
                    let e = &row.evaluation;
                    let mut fields = super::goal_columns(row);
                    fields.extend([
                        row.goal.target.canonical(),
                        opt_text(row.goal.stretch),
                        opt_text(e.actual),
                        opt_text(e.attainment.map(machine_ratio)),
                        opt_text(e.gap),
                        opt_text(e.projected),
                        e.status.name().into(),
                        e.result_count.to_string(),
                        celebration_field(row, |s| s.tier.name().to_string()),
                        celebration_field(row, |s| s.streak.to_string()),
                        celebration_field(row, |s| s.logged.len().to_string()),
                        row.review.map(|r| r.name().to_string()).unwrap_or_default(),
                    ]);
                    fields
                })
                .collect(),
        }
    }

    fn report_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let summary = self.summary();
        let json = ReportJson {
            as_of: self.as_of,
            pace: self.pace.mode,
            assumed: self.what_if.as_ref().map(|w| {
                w.assumed
                    .iter()
                    .map(|a| AssumedJson {
                        goal: &a.goal,
                        amount: a.amount,
                    })
                    .collect()
            }),
            changed: self.what_if.as_ref().map(|w| {
                self.rows
                    .iter()
                    .filter(|row| w.changed(row).is_some())
                    .map(|row| row.goal.id.as_str())
                    .collect()
            }),
            goals: self
                .rows
                .iter()
                .map(|row| {
                    let mut json = GoalJson::from(row);
                    json.before = self
                        .what_if
                        .as_ref()
                        .and_then(|w| w.before.get(&row.goal.id))
                        .map(|b| BeforeJson {
                            actual: b.actual,
                            attainment: b.attainment.map(machine_ratio),
                            status: b.status,
                            tier: b.tier.map(Tier::name),
                            streak: b.streak,
                            rank: b.rank,
                        });
                    json.rank = self
                        .what_if
                        .as_ref()
                        .map(|w| w.ranks.get(&row.goal.id).copied());
                    json
                })
                .collect(),
            groups: self.groups.as_ref().map(|groups| {
                groups
                    .iter()
                    .map(|g| {
                        let one = (g.subtotals.len() == 1).then(|| &g.subtotals[0]);
                        GroupJson {
                            key: &g.key,
                            name: &g.name,
                            goals: g.goals,
                            met: g.met,
                            unit: one.map(|s| s.unit.as_str()),
                            target: one.map(|s| s.target),
                            actual: one.map(|s| s.actual),
                            attainment: one.and_then(|s| s.attainment.map(machine_ratio)),
                            subtotals: g
                                .subtotals
                                .iter()
                                .map(|s| SubtotalJson {
                                    unit: &s.unit,
                                    target: s.target,
                                    actual: s.actual,
                                    attainment: s.attainment.map(machine_ratio),
                                    goals: s.goals,
                                })
                                .collect(),
                            goal_ids: g
                                .rows
                                .iter()
                                .map(|&i| self.rows[i].goal.id.as_str())
                                .collect(),
                        }
                    })
                    .collect()
            }),
            summary: SummaryJson {
                total: summary.total,
                met: summary.count(Status::Met),
                exceeded: summary.count(Status::Exceeded),
                on_track: summary.count(Status::OnTrack),
                at_risk: summary.count(Status::AtRisk),
                behind: summary.count(Status::Behind),
                missed: summary.count(Status::Missed),
                upcoming: summary.count(Status::Upcoming),
            },
        };
        serde_json::to_writer_pretty(out, &json)
    }
}

/// A group's subtotal rows, under its last goal: one per unit of its
/// people's sum goals, or one that only counts met goals when there is
/// none. The status column says how many of the group's goals are met.
fn subtotal_rows(table: &mut Table, group: &Group, what_if: Option<&WhatIf>) {
    let met = match what_if.and_then(|w| w.met_before(&group.key)) {
        Some(before) if before != group.met => {
            format!("{before} → {} of {} met", group.met, group.goals)
        }
        _ => format!("{} of {} met", group.met, group.goals),
    };
    let label = format!("Σ {}", group.name);
    if group.subtotals.is_empty() {
        let mut cells = vec![Cell::new(label, Tone::Strong)];
        cells.extend((0..8).map(|_| Cell::plain("")));
        cells.push(Cell::new(met, Tone::Strong));
        cells.push(Cell::plain(""));
        if what_if.is_some() {
            cells.extend([Cell::plain(""), Cell::plain("")]);
        }
        table.row(cells);
        return;
    }
    for sub in &group.subtotals {
        let amount = |v| human_amount(v, &sub.unit);
        let gap = Amount(sub.target.0 - sub.actual.0);
        let tone = if sub.actual.0 >= sub.target.0 {
            Tone::Good
        } else {
            Tone::Strong
        };
        let mut cells = vec![
            Cell::new(label.clone(), Tone::Strong),
            Cell::plain(""),
            Cell::plain(""),
            Cell::new(amount(sub.target), Tone::Strong),
            Cell::new(amount(sub.actual), Tone::Strong),
            Cell::new(bar(sub.attainment), tone),
            Cell::new(human_percent(sub.attainment), tone),
            Cell::plain(amount(gap)),
            Cell::plain(""),
            Cell::new(met.clone(), Tone::Strong),
            Cell::plain(""),
        ];
        if let Some(what_if) = what_if {
            cells.push(Cell::plain(""));
            cells.push(match what_if.subtotal_before(&group.key, sub) {
                Some(before) => Cell::new(
                    format!(
                        "{} · {}",
                        amount(before.actual),
                        human_percent(before.attainment)
                    ),
                    Tone::Dim,
                ),
                None => Cell::plain(""),
            });
        }
        table.row(cells);
    }
}

/// What a goal is owed: "event · due · streak 3" for a met goal, "review
/// step 2 of 4" for a missed one, nothing otherwise.
fn celebration_cell(row: &GoalRow) -> Cell {
    if let Some(state) = row.review {
        return match state {
            ReviewState::Pending => Cell::new("review pending", Tone::Bad),
            ReviewState::InProgress(k) => Cell::new(format!("review step {k} of 4"), Tone::Warn),
            ReviewState::Complete => Cell::new("reviewed", Tone::Good),
        };
    }
    let Some(s) = &row.celebration else {
        return Cell::plain("");
    };
    let mut text = format!(
        "{} · {}",
        s.tier.name(),
        if s.outstanding() { "due" } else { "done" }
    );
    if s.streak > 1 {
        text.push_str(&format!(" · streak {}", s.streak));
    }
    Cell::new(
        text,
        if s.outstanding() {
            Tone::Warn
        } else {
            Tone::Good
        },
    )
}

fn celebration_field(row: &GoalRow, field: impl Fn(&Standing) -> String) -> String {
    row.celebration.as_ref().map(field).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_sentence_counts_met_and_the_rest() {
        let s = Summary::of([
            Status::Met,
            Status::Exceeded,
            Status::Missed,
            Status::OnTrack,
        ]);
        assert_eq!(
            s.sentence(),
            "2 of 4 met (1 exceeded) · 1 on track · 1 missed"
        );
        assert_eq!(Summary::of([]).sentence(), "0 of 0 met");
    }
}
