//! `attain review`: the missed goals and their review state, and the
//! four-step review of one of them, from flags, a JSON document or prompts.
//! The review's rules are in the core ([`crate::ledger::review`]).

use std::io::{IsTerminal, Read};

use anyhow::{Context as _, Result, anyhow, bail};

use super::{Context, Exit, evaluate_goals};
use crate::domain::attainment::Status;
use crate::domain::filter::FilterSpec;
use crate::domain::review::{Review, ReviewState};
use crate::domain::text::clip;
use crate::ledger::GoalRow;
use crate::ledger::evidence::evidence;
use crate::ledger::history;
use crate::ledger::ids::Kind as IdKind;
pub use crate::ledger::review::{Answers, NewAction};
use crate::ledger::review::{apply, missed_row, remaining};
use crate::store::Document;
use crate::view::review::{ReviewListView, ReviewShowView, not_missed};

/// The largest review document `review --from` reads.
pub const MAX_DOCUMENT_BYTES: u64 = 1024 * 1024;

impl Answers {
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
}

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
    // A review stays readable whatever became of its goal (met after a late
    // result or a corrected target); without one, only a missed goal has a
    // review to show.
    let row = crate::ledger::evaluate_goal(&document, id, ctx.as_of)?;
    let review = document.review(&row.goal.id).cloned();
    if review.is_none() {
        missed_row(&document, id, ctx.as_of)?.map_err(|why| anyhow!(not_missed(id, why)))?;
    }
    let evidence = evidence(&document, &row, ctx.as_of);
    let target_moves = review.as_ref().map_or_else(Vec::new, |r| {
        history::target_moves(
            &document,
            &r.goal,
            history::review_started(&document, &r.goal, r.started),
        )
    });
    ctx.show(&ReviewShowView {
        row: &row,
        review: review.as_ref(),
        evidence,
        as_of: ctx.as_of,
        target_moves,
        short_ids: crate::domain::ids::ShortIds::new(document.actions().map(|(_, a)| &a.id)),
    })?;
    Ok(Exit::Success)
}

/// Applies answers to a goal's review: new actions get new ids.
pub fn save(
    document: &mut Document,
    goal_id: &str,
    answers: &Answers,
    ctx: &Context,
) -> Result<Review> {
    let mut ids = ctx.new_ids(IdKind::Action, document.actions().count());
    apply(document, goal_id, answers, ctx.now, &mut ids)
}

/// `attain review GOAL`: applies answers, or guides a person through the
/// steps, or says which flags are missing.
pub fn run(id: &str, answers: Answers, ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    let row = missed_row(&document, id, ctx.as_of)?.map_err(|why| anyhow!(not_missed(id, why)))?;
    let goal_id = row.goal.id.clone();
    let state = ReviewState::of(document.review(&goal_id));
    if !answers.is_empty() {
        let review = ctx
            .store
            .update(|document| save(document, &goal_id, &answers, ctx))?;
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
