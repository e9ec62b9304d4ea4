//! `attain review`: the missed goals and their review state, and the
//! four-step review of one of them, from flags, a JSON document or prompts.

use std::io::{IsTerminal, Read};

use anyhow::{Context as _, Result, anyhow, bail};
use chrono::NaiveDate;
use serde::Deserialize;

use super::{Context, Exit, evaluate_goals, find_goal, parse_date};
use crate::domain::attainment::Status;
use crate::domain::filter::FilterSpec;
use crate::domain::review::{Action, ActionStatus, Cause, Review, ReviewState};
use crate::domain::text::clip;
use crate::ledger::GoalRow;
use crate::store::Document;

/// The largest review document `review --from` reads.
pub const MAX_DOCUMENT_BYTES: u64 = 1024 * 1024;
use crate::ledger::evidence::evidence;
use crate::view::review::{ReviewListView, ReviewShowView};

/// Answers to the review's steps, however they were given.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    #[serde(default)]
    pub causes: Vec<String>,
    #[serde(default)]
    pub why: Option<String>,
    #[serde(default, alias = "improve")]
    pub improvements: Vec<String>,
    #[serde(default)]
    pub actions: Vec<NewAction>,
    #[serde(default)]
    pub follow_up: Option<String>,
    #[serde(default)]
    pub check_in: Option<String>,
}

/// An action as typed.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAction {
    pub text: String,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub due: Option<String>,
    #[serde(default)]
    pub measure: Option<String>,
}

impl NewAction {
    /// Parses `"TEXT; owner=O; due=DATE; measure=M"`.
    pub fn parse(spec: &str) -> Result<NewAction> {
        let mut parts = spec.split(';').map(str::trim);
        let text = parts.next().unwrap_or_default().to_string();
        let mut action = NewAction {
            text,
            ..NewAction::default()
        };
        for part in parts.filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once('=').ok_or_else(|| {
                anyhow!("--action '{spec}': '{part}' is not key=value; write \"TEXT; owner=O; due=YYYY-MM-DD; measure=M\"")
            })?;
            let value = Some(value.trim().to_string());
            match key.trim().to_ascii_lowercase().as_str() {
                "owner" => action.owner = value,
                "due" => action.due = value,
                "measure" => action.measure = value,
                other => bail!(
                    "--action '{spec}': '{other}' is not a field; use owner=, due= and measure="
                ),
            }
        }
        Ok(action)
    }
}

impl Answers {
    pub fn is_empty(&self) -> bool {
        *self == Answers::default()
    }

    /// Reads `--from FILE|-`: at most [`MAX_DOCUMENT_BYTES`], so that
    /// `--from /dev/zero` is refused rather than read forever.
    pub fn from_source(source: &str) -> Result<Answers> {
        let shown = if source == "-" { "stdin" } else { source };
        let input: Box<dyn Read> = if source == "-" {
            Box::new(std::io::stdin())
        } else {
            Box::new(
                std::fs::File::open(source)
                    .with_context(|| format!("cannot read the review answers from {source}"))?,
            )
        };
        let mut bytes = Vec::new();
        input
            .take(MAX_DOCUMENT_BYTES + 1)
            .read_to_end(&mut bytes)
            .with_context(|| format!("cannot read the review answers from {shown}"))?;
        if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
            bail!(
                "{shown} is larger than {} MiB, the most a review document may be; is it the \
                 right file?",
                MAX_DOCUMENT_BYTES >> 20
            );
        }
        serde_json::from_slice(&bytes).map_err(|e| {
            let message = e.to_string();
            let reason = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(head, _)| head);
            anyhow!(
                "{shown}:{}:{}: not a review document ({}); see \"Scripted reviews\" in the README",
                e.line(),
                e.column(),
                clip(reason, 200)
            )
        })
    }

    /// Adds flags to answers from a document (flags win).
    pub fn merge(mut self, flags: Answers) -> Answers {
        if !flags.causes.is_empty() {
            self.causes = flags.causes;
        }
        if flags.why.is_some() {
            self.why = flags.why;
        }
        if !flags.improvements.is_empty() {
            self.improvements = flags.improvements;
        }
        self.actions.extend(flags.actions);
        if flags.follow_up.is_some() {
            self.follow_up = flags.follow_up;
        }
        if flags.check_in.is_some() {
            self.check_in = flags.check_in;
        }
        self
    }
}

/// What a step needs, by step, for error messages.
const STEP_FLAGS: [&str; 4] = [
    "step 1: --cause CAUSE --why TEXT",
    "step 2: --improve AREA",
    "step 3: --action \"TEXT; owner=O; due=YYYY-MM-DD; measure=M\"",
    "step 4: --follow-up GOAL|next and/or --check-in YYYY-MM-DD",
];

/// `attain review` without a goal: missed goals, oldest first.
pub fn list(spec: &FilterSpec, check: bool, ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    let mut rows: Vec<GoalRow> = evaluate_goals(&document, spec, ctx.as_of)?
        .into_iter()
        .filter(|row| row.evaluation.status == Status::Missed)
        .collect();
    rows.sort_by(|a, b| (a.period.end, &a.goal.id).cmp(&(b.period.end, &b.goal.id)));
    let pending = rows
        .iter()
        .any(|row| ReviewState::of(document.review(&row.goal.id)) != ReviewState::Complete);
    ctx.show(&ReviewListView {
        rows,
        document: &document,
        hints: ctx.format == crate::render::Format::Table && !ctx.quiet,
    })?;
    Ok(if check && pending {
        Exit::CheckFailed
    } else {
        Exit::Success
    })
}

/// `attain review show GOAL`.
pub fn show(id: &str, ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    let row = missed_row(&document, id, ctx)?;
    let review = document.review(&row.goal.id).cloned();
    let evidence = evidence(&document, &row, ctx.as_of);
    ctx.show(&ReviewShowView {
        row: &row,
        review: review.as_ref(),
        evidence,
        document: &document,
        as_of: ctx.as_of,
    })?;
    Ok(Exit::Success)
}

/// `attain review GOAL`: applies answers, or guides a person through the
/// steps, or says which flags are missing.
pub fn run(id: &str, answers: Answers, ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    let row = missed_row(&document, id, ctx)?;
    let goal_id = row.goal.id.clone();
    let state = ReviewState::of(document.review(&goal_id));
    if !answers.is_empty() {
        let review = ctx
            .store
            .update(|document| apply(document, &goal_id, &answers, ctx))?;
        if ctx.format == crate::render::Format::Json {
            return show(&goal_id, ctx);
        }
        ctx.confirm(&format!(
            "Saved the review of {goal_id}: {}.",
            review.state().describe()
        ))?;
        if let Some(next) = remaining(&review).first() {
            ctx.confirm(&format!("Next, {next}"))?;
        }
        return Ok(Exit::Success);
    }
    if state == ReviewState::Complete && !ctx.no_input && std::io::stdin().is_terminal() {
        ctx.confirm(&format!(
            "The review of {goal_id} is complete; see it with `attain review show {goal_id}` or \
             follow it with `attain progress {goal_id}`."
        ))?;
        return Ok(Exit::Success);
    }
    if ctx.no_input || !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        let review = document
            .review(&goal_id)
            .cloned()
            .unwrap_or_else(|| Review::new(&goal_id, ctx.now));
        let missing = remaining(&review);
        if missing.is_empty() {
            ctx.confirm(&format!("The review of {goal_id} is complete."))?;
            return Ok(Exit::Success);
        }
        bail!(
            "the review of '{goal_id}' needs answers and attain will not prompt here (no \
             terminal, or --no-input); pass them as flags: {}; or all at once with --from FILE|-",
            missing.join("; ")
        );
    }
    super::review_guide::run(&goal_id, ctx)
}

/// The flags still needed, from the first unfinished step on.
pub fn remaining(review: &Review) -> Vec<&'static str> {
    STEP_FLAGS[usize::from(review.steps.min(4))..].to_vec()
}

/// The missed goal named `id`, or why it cannot be reviewed.
pub fn missed_row<'a>(document: &'a Document, id: &str, ctx: &Context) -> Result<GoalRow<'a>> {
    let row = super::evaluate_goal(document, id, ctx.as_of)?;
    let status = row.evaluation.status;
    if status != Status::Missed {
        let pct = crate::render::human_percent(row.evaluation.attainment);
        bail!(match status {
            Status::Met | Status::Exceeded => format!(
                "goal '{id}' was {status} ({pct} of target), so there is nothing to review; \
                 celebrate it with `attain celebrate {id}`"
            ),
            Status::Upcoming =>
                format!("goal '{id}' has not started yet, so it cannot be reviewed"),
            _ => format!(
                "goal '{id}' is still open ({status}, {pct} of target); a review is for a missed \
                 goal once its period has closed"
            ),
        });
    }
    Ok(row)
}

/// Applies answers to the goal's review (created if needed). Steps go in
/// order: answers for a step are refused while an earlier step is not done.
pub fn apply(
    document: &mut Document,
    goal_id: &str,
    answers: &Answers,
    ctx: &Context,
) -> Result<Review> {
    let causes = answers
        .causes
        .iter()
        .map(|c| c.parse::<Cause>().map_err(|e| anyhow!("--cause: {e}")))
        .collect::<Result<Vec<_>>>()?;
    let check_in = answers
        .check_in
        .as_deref()
        .map(|d| parse_date("--check-in", d))
        .transpose()?;
    let mut actions = Vec::new();
    for (id, new) in (document.next_action_id()..).zip(&answers.actions) {
        let text = new.text.trim();
        if text.is_empty() {
            bail!("--action has no text; write \"TEXT; owner=O; due=YYYY-MM-DD; measure=M\"");
        }
        let due = new
            .due
            .as_deref()
            .map(|d| parse_date("--action due", d))
            .transpose()?;
        actions.push(Action {
            id,
            text: text.to_string(),
            owner: new.owner.clone().filter(|o| !o.trim().is_empty()),
            due,
            measure: new.measure.clone().filter(|m| !m.trim().is_empty()),
            status: ActionStatus::Open,
            check_ins: Vec::new(),
        });
    }
    let follow_up = match answers.follow_up.as_deref().map(str::trim) {
        None => None,
        Some("next") => Some(roll_forward(document, goal_id, ctx)?),
        Some(other) => Some(find_goal(document, other)?.id.clone()),
    };

    let mut review = document
        .review(goal_id)
        .cloned()
        .unwrap_or_else(|| Review::new(goal_id, ctx.now));
    if !causes.is_empty() {
        review.causes = causes;
    }
    if let Some(why) = &answers.why {
        review.why = why.trim().to_string();
    }
    require(&review, 1, !answers.improvements.is_empty(), "--improve")?;
    let improvements: Vec<String> = answers
        .improvements
        .iter()
        .map(|i| i.trim().to_string())
        .filter(|i| !i.is_empty())
        .collect();
    if !improvements.is_empty() {
        review.improvements = improvements;
    }
    require(&review, 2, !actions.is_empty(), "--action")?;
    for action in actions {
        // The same plan given twice adds nothing twice.
        if !review
            .actions
            .iter()
            .any(|a| a.text.eq_ignore_ascii_case(&action.text))
        {
            review.actions.push(action);
        }
    }
    require(
        &review,
        3,
        follow_up.is_some() || check_in.is_some(),
        "--follow-up/--check-in",
    )?;
    if follow_up.is_some() {
        review.follow_up = follow_up;
    }
    if check_in.is_some() {
        review.check_in = check_in;
    }
    review.steps = completed_steps(&review);
    store_review(document, review.clone());
    Ok(review)
}

/// Refuses answers for step `step + 1` while steps up to `step` are not done.
fn require(review: &Review, step: u8, given: bool, flag: &str) -> Result<()> {
    let done = completed_steps(review);
    if given && done < step {
        bail!(
            "{flag} answers step {} ({}), but step {} ({}) is not done yet; give {} too",
            step + 1,
            crate::domain::review::STEPS[usize::from(step)],
            done + 1,
            crate::domain::review::STEPS[usize::from(done)],
            STEP_FLAGS[usize::from(done)]
        );
    }
    Ok(())
}

/// How many steps, from the first, have their answers.
pub fn completed_steps(review: &Review) -> u8 {
    let done = [
        !review.causes.is_empty() && !review.why.is_empty(),
        !review.improvements.is_empty(),
        !review.actions.is_empty(),
        review.follow_up.is_some() || review.check_in.is_some(),
    ];
    done.iter().take_while(|d| **d).count() as u8
}

pub fn store_review(document: &mut Document, review: Review) {
    match document.reviews.iter_mut().find(|r| r.goal == review.goal) {
        Some(slot) => *slot = review,
        None => document.reviews.push(review),
    }
}

/// Rolls the missed goal into the next period with the same target (or
/// finds the goal a previous roll made) and returns its id.
pub fn roll_forward(document: &mut Document, goal_id: &str, ctx: &Context) -> Result<String> {
    let source = find_goal(document, goal_id)?.clone();
    let period = super::goal_period(document, &source)?;
    let next = period
        .next(document.settings.fiscal_year_start)
        .ok_or_else(|| anyhow!("goal '{goal_id}' has no next period to roll into"))?;
    let goal = crate::ledger::roll::rolled(document, &source, &next, ctx.now)?;
    let id = goal.id.clone();
    if document.goal(&id).is_none() {
        document.goals.push(goal);
    }
    Ok(id)
}

/// The date a follow-up check-in is suggested for: two weeks into the next
/// period, or two weeks from the as-of date.
pub fn suggested_check_in(as_of: NaiveDate) -> NaiveDate {
    as_of
        .checked_add_days(chrono::Days::new(14))
        .unwrap_or(as_of)
}
