//! The attainment report: every goal's actual vs target, gap, pace, status.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{GoalJson, GoalRow, opt_text, status_tone};
use crate::domain::amount::Amount;
use crate::domain::attainment::Status;
use crate::domain::celebration::Standing;
use crate::domain::period::Phase;
use crate::domain::review::ReviewState;
use crate::ledger::rollup::Group;
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
    /// Which days the pace counts.
    pub pace: super::PaceNote,
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
        let mut table = Table::new(&[
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
        ]);
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
            table.row(vec![
                Cell::new(&goal.id, Tone::Strong),
                Cell::plain(row.owner_name),
                Cell::plain(&row.period.label),
                Cell::plain(amount(goal.target)),
                Cell::plain(e.actual.map(amount).unwrap_or_else(|| "—".into())),
                Cell::new(progress, status_tone(e.status)),
                Cell::new(attainment, status_tone(e.status)),
                Cell::plain(e.gap.map(amount).unwrap_or_default()),
                Cell::new(e.projected.map(amount).unwrap_or_default(), Tone::Dim),
                Cell::new(e.status.name(), status_tone(e.status)),
                celebration_cell(row),
            ]);
            if let Some(group) = ends {
                subtotal_rows(&mut table, group);
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

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let summary = self.summary();
        let json = ReportJson {
            as_of: self.as_of,
            pace: self.pace.mode,
            goals: self.rows.iter().map(GoalJson::from).collect(),
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
fn subtotal_rows(table: &mut Table, group: &Group) {
    let met = format!("{} of {} met", group.met, group.goals);
    let label = format!("Σ {}", group.name);
    if group.subtotals.is_empty() {
        let mut cells = vec![Cell::new(label, Tone::Strong)];
        cells.extend((0..8).map(|_| Cell::plain("")));
        cells.push(Cell::new(met, Tone::Strong));
        cells.push(Cell::plain(""));
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
        table.row(vec![
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
        ]);
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
