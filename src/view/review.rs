//! The review of missed goals: the list, the evidence, the review document,
//! actions and progress.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{GoalJson, GoalRow};
use crate::domain::amount::Amount;
use crate::domain::attainment::Status;
use crate::domain::ids::ShortIds;
use crate::domain::review::{Action, Review, ReviewState, STEPS, Verdict};
use crate::ledger::evidence::Evidence;
use crate::ledger::review::NotMissed;
use crate::ledger::review::Owing;
use crate::render::{
    Block, Cell, Records, Table, Tone, View, bar, human_amount, human_percent, machine_ratio,
};

/// How the evidence reads in a table and in JSON.
trait EvidenceLayout {
    fn blocks(&self) -> Vec<Block>;
    fn json(&self) -> serde_json::Value;
}

impl EvidenceLayout for Evidence {
    fn blocks(&self) -> Vec<Block> {
        let amount = |v: Amount| human_amount(v, &self.unit);
        let mut blocks = vec![Block::Heading(format!(
            "Evidence: {} ({})",
            self.goal, self.period
        ))];
        blocks.push(Block::Line(
            format!(
                "Target {} · actual {} · gap {} · attainment {}",
                amount(self.target),
                self.actual.map(amount).unwrap_or_else(|| "—".into()),
                self.gap.map(amount).unwrap_or_else(|| "—".into()),
                human_percent(self.attainment)
            ),
            Tone::Strong,
        ));
        let largest = self
            .buckets
            .iter()
            .map(|b| b.total.0)
            .max()
            .unwrap_or_default();
        let mut chart = Table::new(&["When", ">Results", ">Total", "~Share"]);
        for b in &self.buckets {
            let share = (largest > Decimal::ZERO).then(|| b.total.0 / largest);
            chart.row(vec![
                Cell::plain(&b.label),
                Cell::plain(b.count.to_string()),
                Cell::plain(amount(b.total)),
                Cell::new(bar(share), Tone::Dim),
            ]);
        }
        blocks.push(Block::Table(chart));
        blocks.push(Block::Line(
            format!(
                "{} results, average {}",
                self.count,
                self.average.map(amount).unwrap_or_else(|| "—".into())
            ),
            Tone::Plain,
        ));
        match &self.previous {
            Some(p) => blocks.push(Block::Line(
                format!(
                    "{}: {} results, average {}, attainment {}",
                    p.period,
                    p.count,
                    p.average.map(amount).unwrap_or_else(|| "—".into()),
                    human_percent(p.attainment)
                ),
                Tone::Plain,
            )),
            None => blocks.push(Block::Line(
                "No goal of the same owner and metric in the previous period to compare with."
                    .into(),
                Tone::Dim,
            )),
        }
        for hint in &self.hints {
            let causes: Vec<&str> = hint.causes.iter().map(|c| c.label()).collect();
            blocks.push(Block::Line(
                format!("Hint: {} ({})", causes.join(" or "), hint.reason),
                Tone::Warn,
            ));
        }
        blocks
    }

    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "target": self.target,
            "actual": self.actual,
            "gap": self.gap,
            "attainment": self.attainment.map(machine_ratio),
            "results": self.count,
            "average": self.average,
            "by_period": self.buckets.iter().map(|b| serde_json::json!({
                "label": b.label, "start": b.start, "results": b.count, "total": b.total,
            })).collect::<Vec<_>>(),
            "previous": self.previous.as_ref().map(|p| serde_json::json!({
                "period": p.period, "results": p.count, "average": p.average,
                "actual": p.actual, "attainment": p.attainment.map(machine_ratio),
            })),
            "hints": self.hints.iter().map(|h| serde_json::json!({
                "causes": h.causes.iter().map(|c| c.name()).collect::<Vec<_>>(),
                "reason": h.reason,
            })).collect::<Vec<_>>(),
        })
    }
}

/// The evidence on its own, shown before the prompts.
pub struct EvidenceView<'a>(pub &'a Evidence);

impl View for EvidenceView<'_> {
    fn blocks(&self) -> Vec<Block> {
        self.0.blocks()
    }
    fn records(&self) -> Records {
        Records::default()
    }
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        serde_json::to_writer_pretty(out, &self.0.json())
    }
}

/// Missed goals and how far their reviews have come.
pub struct ReviewListView<'a> {
    /// Missed goals: the core gives each its review state (`row.review`).
    pub rows: Vec<GoalRow<'a>>,
    pub hints: bool,
}

impl ReviewListView<'_> {
    fn state(&self, row: &GoalRow) -> ReviewState {
        // A missed goal without a review yet is pending.
        row.review.unwrap_or(ReviewState::Pending)
    }
}

impl View for ReviewListView<'_> {
    fn blocks(&self) -> Vec<Block> {
        if self.rows.is_empty() {
            return vec![Block::Line("No missed goals to review.".into(), Tone::Good)];
        }
        let mut table = Table::new(&["Goal", "Owner", "Period", ">Attainment", ">Gap", "Review"]);
        for row in &self.rows {
            let state = self.state(row);
            let tone = match state {
                ReviewState::Complete => Tone::Good,
                ReviewState::InProgress(_) => Tone::Warn,
                ReviewState::Pending => Tone::Bad,
            };
            table.row(vec![
                Cell::new(&row.goal.id, Tone::Strong),
                Cell::plain(row.owner_name),
                Cell::plain(&row.period.label),
                Cell::plain(human_percent(row.evaluation.attainment)),
                Cell::plain(
                    row.evaluation
                        .gap
                        .map(|g| human_amount(g, &row.goal.unit))
                        .unwrap_or_default(),
                ),
                Cell::new(state.describe(), tone),
            ]);
        }
        let open = self
            .rows
            .iter()
            .filter(|r| self.state(r) != ReviewState::Complete)
            .collect::<Vec<_>>();
        let mut blocks = vec![
            Block::Table(table),
            Block::Line(
                format!(
                    "{} missed, {} review(s) to finish",
                    self.rows.len(),
                    open.len()
                ),
                Tone::Strong,
            ),
        ];
        if self.hints
            && let Some(first) = open.first()
        {
            blocks.push(Block::Line(
                format!("Start with the oldest: attain review {}", first.goal.id),
                Tone::Warn,
            ));
        }
        blocks
    }

    fn records(&self) -> Records {
        Records {
            headers: vec![
                "id",
                "owner",
                "period",
                "attainment",
                "gap",
                "review",
                "step",
            ],
            rows: self
                .rows
                .iter()
                .map(|row| {
                    let state = self.state(row);
                    vec![
                        row.goal.id.clone(),
                        row.goal.owner.clone(),
                        row.period.label.clone(),
                        super::opt_text(row.evaluation.attainment.map(machine_ratio)),
                        super::opt_text(row.evaluation.gap),
                        state.name().into(),
                        step_number(state).to_string(),
                    ]
                })
                .collect(),
        }
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        #[derive(Serialize)]
        struct Entry<'a> {
            #[serde(flatten)]
            goal: GoalJson<'a>,
            review: &'static str,
            step: u8,
        }
        let goals: Vec<Entry> = self
            .rows
            .iter()
            .map(|row| {
                let state = self.state(row);
                Entry {
                    goal: GoalJson::from(row),
                    review: state.name(),
                    step: step_number(state),
                }
            })
            .collect();
        serde_json::to_writer_pretty(out, &serde_json::json!({ "goals": goals }))
    }
}

/// The step a review is at: 1 to 4, or 0 once complete.
fn step_number(state: ReviewState) -> u8 {
    match state {
        ReviewState::Pending => 1,
        ReviewState::InProgress(k) => k,
        ReviewState::Complete => 0,
    }
}

/// Why the goal `id` cannot be reviewed, in words: "goal 'x' was met
/// (104.0% of target), so there is nothing to review; ...".
pub fn not_missed(id: &str, why: NotMissed) -> String {
    let NotMissed { status, attainment } = why;
    let pct = human_percent(attainment);
    match status {
        Status::Met | Status::Exceeded => format!(
            "goal '{id}' was {status} ({pct} of target), so there is nothing to review; \
             celebrate it with `attain celebrate {id}`"
        ),
        Status::Upcoming => format!("goal '{id}' has not started yet, so it cannot be reviewed"),
        _ => format!(
            "goal '{id}' is still open ({status}, {pct} of target); a review is for a missed \
             goal once its period has closed"
        ),
    }
}

/// One review as a document to share.
pub struct ReviewShowView<'a> {
    pub row: &'a GoalRow<'a>,
    pub review: Option<&'a Review>,
    pub evidence: Evidence,
    pub as_of: NaiveDate,
    /// Target changes made after the review started.
    pub target_moves: Vec<crate::ledger::history::TargetMove>,
    /// The short ids of the file's actions.
    pub short_ids: ShortIds,
}

impl ReviewShowView<'_> {
    fn owing(&self) -> Owing {
        let met = self.row.evaluation.status == crate::domain::attainment::Status::Met;
        Owing::one(&self.row.goal.id, met, self.as_of)
    }
}

impl View for ReviewShowView<'_> {
    fn blocks(&self) -> Vec<Block> {
        let goal = self.row.goal;
        let state = ReviewState::of(self.review);
        let mut blocks = vec![
            Block::Heading(format!(
                "Review: {} ({})",
                goal.title, self.row.period.label
            )),
            Block::Line(
                format!(
                    "Owner {} · review {}",
                    self.row.owner_name,
                    state.describe()
                ),
                Tone::Strong,
            ),
        ];
        if self.review.is_some() && self.row.evaluation.status != Status::Missed {
            blocks.push(Block::Line(
                format!(
                    "The goal is {} now ({} of target).",
                    self.row.evaluation.status.name(),
                    human_percent(self.row.evaluation.attainment)
                ),
                Tone::Good,
            ));
            blocks.push(Block::Line(
                "This review stays for the record; its actions are no longer owed.".into(),
                Tone::Good,
            ));
        }
        if let Some(text) = super::target_moves_text(&self.target_moves, &goal.unit) {
            blocks.push(Block::Line(
                format!("After the review began: {text}."),
                Tone::Warn,
            ));
        }
        blocks.extend(self.evidence.blocks());
        let Some(review) = self.review else {
            blocks.push(Block::Line(
                format!("No review yet: attain review {}", goal.id),
                Tone::Warn,
            ));
            return blocks;
        };
        blocks.push(Block::Heading(format!("1. {}", capitalise(STEPS[0]))));
        if review.causes.is_empty() {
            blocks.push(Block::Line("not done".into(), Tone::Dim));
        } else {
            let causes: Vec<&str> = review.causes.iter().map(|c| c.label()).collect();
            blocks.push(Block::Line(
                format!("Causes: {}", causes.join(", ")),
                Tone::Plain,
            ));
            blocks.push(Block::Line(review.why.clone(), Tone::Plain));
        }
        blocks.push(Block::Heading(format!("2. {}", capitalise(STEPS[1]))));
        if review.improvements.is_empty() {
            blocks.push(Block::Line("not done".into(), Tone::Dim));
        }
        for area in &review.improvements {
            blocks.push(Block::Line(format!("- {area}"), Tone::Plain));
        }
        blocks.push(Block::Heading(format!("3. {}", capitalise(STEPS[2]))));
        if review.actions.is_empty() {
            blocks.push(Block::Line("not done".into(), Tone::Dim));
        } else {
            blocks.push(Block::Table(action_table(
                review.actions.iter().map(|a| (goal.id.as_str(), a)),
                &self.short_ids,
                &self.owing(),
                false,
            )));
        }
        blocks.push(Block::Heading(format!("4. {}", capitalise(STEPS[3]))));
        match (&review.follow_up, review.check_in) {
            (None, None) => blocks.push(Block::Line("not done".into(), Tone::Dim)),
            (follow_up, check_in) => {
                if let Some(id) = follow_up {
                    blocks.push(Block::Line(format!("Follow-up goal: {id}"), Tone::Plain));
                }
                if let Some(date) = check_in {
                    blocks.push(Block::Line(format!("Check-in: {date}"), Tone::Plain));
                }
            }
        }
        blocks
    }

    fn records(&self) -> Records {
        let goal = &self.row.goal.id;
        action_records(
            self.review
                .into_iter()
                .flat_map(|r| r.actions.iter().map(move |a| (goal.as_str(), a))),
            &self.owing(),
        )
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let state = ReviewState::of(self.review);
        let json = serde_json::json!({
            "goal": GoalJson::from(self.row),
            "state": state.name(),
            "step": step_number(state),
            "evidence": self.evidence.json(),
            "review": self.review.map(|r| review_json(r, &self.owing())),
            "target_changes": super::target_moves_json(&self.target_moves),
        });
        serde_json::to_writer_pretty(out, &json)
    }
}

fn review_json(r: &Review, owing: &Owing) -> serde_json::Value {
    serde_json::json!({
        "steps_done": r.steps,
        "causes": r.causes.iter().map(|c| c.name()).collect::<Vec<_>>(),
        "why": r.why,
        "improvements": r.improvements,
        "actions": r.actions.iter().map(|a| action_json(&r.goal, a, owing)).collect::<Vec<_>>(),
        "follow_up": r.follow_up,
        "check_in": r.check_in,
        "started": r.started.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    })
}

pub fn action_json(goal: &str, a: &Action, owing: &Owing) -> serde_json::Value {
    serde_json::json!({
        "id": a.id.as_str(),
        "goal": goal,
        "text": a.text,
        "owner": a.owner,
        "due": a.due,
        "measure": a.measure,
        "status": a.status.name(),
        "overdue": owing.overdue(goal, a),
        "check_ins": a.check_ins.iter().map(|c| serde_json::json!({
            "date": c.date, "status": c.status.map(|s| s.name()), "note": c.note,
        })).collect::<Vec<_>>(),
    })
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Actions as a table, each by its short id among `short_ids` (the
/// file's actions); `with_goal` adds the reviewed goal's id.
pub fn action_table<'a>(
    actions: impl Iterator<Item = (&'a str, &'a Action)>,
    short_ids: &ShortIds,
    owing: &Owing,
    with_goal: bool,
) -> Table {
    let mut headers = vec!["Id"];
    if with_goal {
        headers.push("Goal");
    }
    headers.extend(["Action", "Owner", "Due", "Measure", "Status"]);
    let mut table = Table::new(&headers);
    for (goal, a) in actions {
        let overdue = owing.overdue(goal, a);
        let mut cells = vec![Cell::new(short_ids.of(&a.id), Tone::Dim)];
        if with_goal {
            cells.push(Cell::plain(goal));
        }
        let status = if overdue {
            format!("{} · overdue", a.status.name())
        } else {
            a.status.name().to_string()
        };
        let tone = match (overdue, a.status) {
            (true, _) => Tone::Bad,
            (_, crate::domain::review::ActionStatus::Done) => Tone::Good,
            (_, crate::domain::review::ActionStatus::Blocked) => Tone::Warn,
            _ => Tone::Plain,
        };
        cells.extend([
            Cell::plain(&a.text),
            Cell::plain(a.owner.clone().unwrap_or_default()),
            Cell::new(
                a.due.map(|d| d.to_string()).unwrap_or_default(),
                if overdue { Tone::Bad } else { Tone::Plain },
            ),
            Cell::plain(a.measure.clone().unwrap_or_default()),
            Cell::new(status, tone),
        ]);
        table.row(cells);
    }
    table
}

pub fn action_records<'a>(
    actions: impl Iterator<Item = (&'a str, &'a Action)>,
    owing: &Owing,
) -> Records {
    Records {
        headers: vec![
            "id", "goal", "text", "owner", "due", "measure", "status", "overdue",
        ],
        rows: actions
            .map(|(goal, a)| {
                vec![
                    a.id.to_string(),
                    goal.to_string(),
                    a.text.clone(),
                    a.owner.clone().unwrap_or_default(),
                    a.due.map(|d| d.to_string()).unwrap_or_default(),
                    a.measure.clone().unwrap_or_default(),
                    a.status.name().to_string(),
                    owing.overdue(goal, a).to_string(),
                ]
            })
            .collect(),
    }
}

/// `attain action list`.
pub struct ActionListView<'a> {
    pub actions: Vec<(&'a str, &'a Action)>,
    /// The short ids of the file's actions.
    pub short_ids: ShortIds,
    pub owing: Owing,
    /// How many actions the plans hold before the filters.
    pub planned: usize,
}

impl View for ActionListView<'_> {
    fn blocks(&self) -> Vec<Block> {
        if self.actions.is_empty() {
            let line = if self.planned == 0 {
                "No actions yet. Plans are made in step 3 of `attain review GOAL`.".to_string()
            } else {
                format!(
                    "None of the {} planned action(s) match; `attain action list` shows them all.",
                    self.planned
                )
            };
            return vec![Block::Line(line, Tone::Dim)];
        }
        let overdue = self
            .actions
            .iter()
            .filter(|(goal, a)| self.owing.overdue(goal, a))
            .count();
        vec![
            Block::Table(action_table(
                self.actions.iter().copied(),
                &self.short_ids,
                &self.owing,
                true,
            )),
            Block::Line(
                format!("{} action(s), {overdue} overdue", self.actions.len()),
                if overdue > 0 { Tone::Bad } else { Tone::Strong },
            ),
        ]
    }

    fn records(&self) -> Records {
        action_records(self.actions.iter().copied(), &self.owing)
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let json: Vec<_> = self
            .actions
            .iter()
            .map(|(goal, a)| action_json(goal, a, &self.owing))
            .collect();
        serde_json::to_writer_pretty(out, &json)
    }
}

/// One review's progress: step 4 in numbers.
pub struct ProgressRow<'a> {
    pub review: &'a Review,
    pub done: usize,
    pub open: usize,
    pub overdue: usize,
    pub follow_up: Option<GoalRow<'a>>,
    pub verdict: Verdict,
}

pub struct ProgressView<'a> {
    pub rows: Vec<ProgressRow<'a>>,
}

impl View for ProgressView<'_> {
    fn blocks(&self) -> Vec<Block> {
        if self.rows.is_empty() {
            return vec![Block::Line(
                "No reviews with an action plan yet. See `attain review`.".into(),
                Tone::Dim,
            )];
        }
        let mut table = Table::new(&[
            "Reviewed goal",
            ">Done",
            ">Open",
            ">Overdue",
            "Check-in",
            "Follow-up",
            ">Attainment",
            "Status",
            "Verdict",
        ]);
        for row in &self.rows {
            let (goal, attainment, status) = match &row.follow_up {
                Some(f) => (
                    f.goal.id.clone(),
                    human_percent(f.evaluation.attainment),
                    f.evaluation.status.name().to_string(),
                ),
                None => (String::new(), String::new(), String::new()),
            };
            let tone = match row.verdict {
                Verdict::Working => Tone::Good,
                Verdict::NotYet => Tone::Warn,
                Verdict::OffTrack => Tone::Bad,
            };
            table.row(vec![
                Cell::new(&row.review.goal, Tone::Strong),
                Cell::plain(row.done.to_string()),
                Cell::plain(row.open.to_string()),
                Cell::new(
                    row.overdue.to_string(),
                    if row.overdue > 0 {
                        Tone::Bad
                    } else {
                        Tone::Plain
                    },
                ),
                Cell::plain(
                    row.review
                        .check_in
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                ),
                Cell::plain(goal),
                Cell::plain(attainment),
                Cell::plain(status),
                Cell::new(row.verdict.name(), tone),
            ]);
        }
        vec![Block::Table(table)]
    }

    fn records(&self) -> Records {
        Records {
            headers: vec![
                "goal",
                "done",
                "open",
                "overdue",
                "check_in",
                "follow_up",
                "attainment",
                "status",
                "verdict",
            ],
            rows: self
                .rows
                .iter()
                .map(|row| {
                    vec![
                        row.review.goal.clone(),
                        row.done.to_string(),
                        row.open.to_string(),
                        row.overdue.to_string(),
                        row.review
                            .check_in
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                        row.follow_up
                            .as_ref()
                            .map(|f| f.goal.id.clone())
                            .unwrap_or_default(),
                        super::opt_text(
                            row.follow_up
                                .as_ref()
                                .and_then(|f| f.evaluation.attainment.map(machine_ratio)),
                        ),
                        row.follow_up
                            .as_ref()
                            .map(|f| f.evaluation.status.name().to_string())
                            .unwrap_or_default(),
                        row.verdict.name().to_string(),
                    ]
                })
                .collect(),
        }
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let json: Vec<_> = self
            .rows
            .iter()
            .map(|row| {
                serde_json::json!({
                    "goal": row.review.goal,
                    "actions": {"done": row.done, "open": row.open, "overdue": row.overdue},
                    "check_in": row.review.check_in,
                    "follow_up": row.follow_up.as_ref().map(GoalJson::from),
                    "verdict": row.verdict.name(),
                })
            })
            .collect();
        serde_json::to_writer_pretty(out, &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_goal_that_is_not_missed_is_refused_in_words() {
        let why = |status, attainment: Option<Decimal>| NotMissed { status, attainment };
        assert_eq!(
            not_missed("g", why(Status::Met, Some(Decimal::new(12, 1)))),
            "goal 'g' was met (120.0% of target), so there is nothing to review; celebrate it \
             with `attain celebrate g`"
        );
        assert_eq!(
            not_missed("g", why(Status::Upcoming, None)),
            "goal 'g' has not started yet, so it cannot be reviewed"
        );
        assert_eq!(
            not_missed("g", why(Status::Behind, Some(Decimal::new(4567, 4)))),
            "goal 'g' is still open (behind, 45.6% of target); a review is for a missed goal \
             once its period has closed"
        );
    }
}
