//! `attain period-end`: the packet for the period-end team meeting.

use chrono::NaiveDate;
use serde::Serialize;

use super::GoalRow;
use super::celebrate::CelebrateView;
use super::report::ReportView;
use super::review::{action_json, action_table};
use crate::domain::ids::{Id, ShortIds};
use crate::domain::period::Period;
use crate::domain::review::{Action, Review, ReviewState};
use crate::ledger::review::Owing;
use crate::render::{Block, Records, Tone, View, human_percent};

/// What is still owed at period end; `--check` fails while any is not 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Owed {
    /// Missed goals whose review is not complete.
    pub reviews_pending: usize,
    /// Met goals of closed periods with no celebration logged.
    pub uncelebrated: usize,
    /// Actions past their due date and not done.
    pub overdue_actions: usize,
}

impl Owed {
    pub fn any(self) -> bool {
        self.reviews_pending + self.uncelebrated + self.overdue_actions > 0
    }
}

/// A celebration logged, or a review started, before its goal's target
/// moved.
pub struct TargetNote {
    pub goal: String,
    pub unit: String,
    /// The celebration entry; `None` for the goal's review.
    pub celebration: Option<Id>,
    pub moves: Vec<crate::ledger::history::TargetMove>,
}

pub struct PeriodEndView<'a> {
    pub period: Period,
    pub as_of: NaiveDate,
    /// Which overdue actions are owed.
    pub owing: Owing,
    /// The short ids of the file's celebrations and actions.
    pub celebration_ids: ShortIds,
    pub action_ids: ShortIds,
    pub target_notes: Vec<TargetNote>,
    pub report: ReportView<'a>,
    pub celebrate: CelebrateView<'a>,
    /// The period's missed goals with their reviews.
    pub reviews: Vec<(GoalRow<'a>, Option<&'a Review>)>,
    /// Actions not done from reviews of goals in earlier periods.
    pub earlier: Vec<(&'a str, &'a Action)>,
    pub owed: Owed,
    /// For the HTML page: each goal's owner's attainment in the same
    /// metric over the periods up to this one (label, ratio), oldest
    /// first, by goal id.
    pub trends: std::collections::HashMap<String, Vec<(String, Option<rust_decimal::Decimal>)>>,
}

impl View for PeriodEndView<'_> {
    fn blocks(&self) -> Vec<Block> {
        let p = &self.period;
        let mut blocks = vec![
            Block::Heading(format!(
                "Period end: {} ({} to {}), as of {}",
                p.label, p.start, p.end, self.as_of
            )),
            Block::Heading("Attainment".into()),
        ];
        blocks.extend(self.report.blocks());
        blocks.push(Block::Heading("Celebrate successes".into()));
        blocks.extend(self.celebrate.blocks());
        blocks.push(Block::Heading("Learn from the missed".into()));
        if self.reviews.is_empty() {
            blocks.push(Block::Line(
                "No missed goals this period.".into(),
                Tone::Good,
            ));
        }
        for (row, review) in &self.reviews {
            let state = ReviewState::of(*review);
            let tone = if state == ReviewState::Complete {
                Tone::Good
            } else {
                Tone::Bad
            };
            blocks.push(Block::Line(
                format!(
                    "{} ({}, {} of target): review {}",
                    row.goal.id,
                    row.owner_name,
                    human_percent(row.evaluation.attainment),
                    state.describe()
                ),
                tone,
            ));
            let Some(r) = review else {
                blocks.push(Block::Line(
                    format!("No action plan yet: attain review {}", row.goal.id),
                    Tone::Warn,
                ));
                continue;
            };
            // Every step the review has, as the review document shows it.
            if !r.causes.is_empty() || !r.why.is_empty() {
                let causes: Vec<&str> = r.causes.iter().map(|c| c.label()).collect();
                let text = match (causes.is_empty(), r.why.is_empty()) {
                    (false, false) => format!("Cause: {} ({})", causes.join(", "), r.why),
                    (false, true) => format!("Cause: {}", causes.join(", ")),
                    _ => format!("Cause: {}", r.why),
                };
                blocks.push(Block::Line(text, Tone::Plain));
            }
            if !r.improvements.is_empty() {
                blocks.push(Block::Line(
                    format!("To improve: {}", r.improvements.join("; ")),
                    Tone::Plain,
                ));
            }
            if r.actions.is_empty() {
                blocks.push(Block::Line(
                    format!("No action plan yet: attain review {}", row.goal.id),
                    Tone::Warn,
                ));
            } else {
                blocks.push(Block::Table(action_table(
                    r.actions.iter().map(|a| (r.goal.as_str(), a)),
                    &self.action_ids,
                    &self.owing,
                    false,
                )));
            }
            let mut tracking = Vec::new();
            if let Some(goal) = &r.follow_up {
                tracking.push(format!("follow-up goal {goal}"));
            }
            if let Some(date) = r.check_in {
                tracking.push(format!("check-in on {date}"));
            }
            if !tracking.is_empty() {
                blocks.push(Block::Line(
                    format!("Tracking: {}", tracking.join(", ")),
                    Tone::Plain,
                ));
            }
        }
        if !self.earlier.is_empty() {
            blocks.push(Block::Heading("Open actions from earlier reviews".into()));
            blocks.push(Block::Table(action_table(
                self.earlier.iter().copied(),
                &self.action_ids,
                &self.owing,
                true,
            )));
        }
        if !self.target_notes.is_empty() {
            blocks.push(Block::Heading("Targets changed since".into()));
            for note in &self.target_notes {
                let what = match &note.celebration {
                    Some(id) => format!("after celebration {}", self.celebration_ids.of(id)),
                    None => "after its review began".to_string(),
                };
                if let Some(text) = super::target_moves_text(&note.moves, &note.unit) {
                    // Two lines, so that a long goal id leaves the change whole.
                    blocks.push(Block::Line(format!("{} ({what}):", note.goal), Tone::Warn));
                    blocks.push(Block::Line(format!("  {text}."), Tone::Warn));
                }
            }
        }
        let o = self.owed;
        let owed = if o.any() {
            format!(
                "Still owed: {} review(s) to finish, {} met goal(s) to celebrate, {} overdue action(s)",
                o.reviews_pending, o.uncelebrated, o.overdue_actions
            )
        } else {
            "Nothing owed: every met goal celebrated, every miss reviewed, no action overdue."
                .to_string()
        };
        blocks.push(Block::Line(
            owed,
            if o.any() { Tone::Bad } else { Tone::Good },
        ));
        blocks
    }

    fn records(&self) -> Records {
        // CSV of a packet is its attainment table.
        self.report.records()
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let embed = |view: &dyn View| -> serde_json::Result<serde_json::Value> {
            let mut bytes = Vec::new();
            view.write_json(&mut bytes)?;
            serde_json::from_slice(&bytes)
        };
        let reviews: Vec<serde_json::Value> = self
            .reviews
            .iter()
            .map(|(row, review)| {
                let state = ReviewState::of(*review);
                serde_json::json!({
                    "goal": row.goal.id,
                    "owner": row.goal.owner,
                    "state": state.name(),
                    "causes": review.map(|r| r.causes.iter().map(|c| c.name()).collect::<Vec<_>>()),
                    "why": review.map(|r| r.why.clone()),
                    "actions": review.map(|r| r.actions.iter().map(|a| action_json(&r.goal, a, &self.owing)).collect::<Vec<_>>()).unwrap_or_default(),
                    "follow_up": review.and_then(|r| r.follow_up.clone()),
                    "check_in": review.and_then(|r| r.check_in),
                })
            })
            .collect();
        let json = serde_json::json!({
            "period": {"label": self.period.label, "start": self.period.start, "end": self.period.end},
            "as_of": self.as_of,
            "report": embed(&self.report)?,
            "celebrations": embed(&self.celebrate)?,
            "reviews": reviews,
            "earlier_actions": self.earlier.iter().map(|(g, a)| action_json(g, a, &self.owing)).collect::<Vec<_>>(),
            "target_changes": self.target_notes.iter().map(|n| serde_json::json!({
                "goal": n.goal,
                "record": if n.celebration.is_some() { "celebration" } else { "review" },
                "celebration": n.celebration,
                "changes": super::target_moves_json(&n.moves),
            })).collect::<Vec<_>>(),
            "owed": self.owed,
        });
        serde_json::to_writer_pretty(out, &json)
    }
}
