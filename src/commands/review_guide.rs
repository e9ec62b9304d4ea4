//! The guided, interactive review: the evidence first, then one prompt per
//! step. Each finished step is saved at once; Esc goes back a step and
//! Ctrl+C stops with what was saved kept, to resume later.
//!
//! Esc at the first step, where there is no step to go back to, and Ctrl+D
//! (the end of input) at any prompt leave exactly as Ctrl+C does: the steps
//! saved so far stay saved, the exit code is 130 and the command that
//! resumes is printed. A step is saved only when all its prompts are
//! answered, so the answers of the step being asked are not kept: causes
//! ticked in step 1 without an explanation, or areas typed in step 2
//! without the empty answer that finishes it, are asked again on resume.
//! Going back never loses a saved step: saving an earlier step again only
//! replaces that step's answers.

use anyhow::{Result, anyhow};
use inquire::error::InquireError;
use inquire::{MultiSelect, Select, Text};

use super::{Context, Exit, parse_date};
use crate::domain::review::{Cause, Review, STEPS};
use crate::ledger::evidence::evidence;
use crate::ledger::review::{Answers, NewAction, missed_row, next_period_goal, suggested_check_in};
use crate::render::Format;
use crate::store::Document;
use crate::view::review::{EvidenceView, not_missed};

/// How a step's prompts ended.
enum Step {
    Answered(Answers),
    Back,
    Stop,
}

pub fn run(goal_id: &str, ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    let row = missed_row(&document, goal_id, ctx.as_of)?
        .map_err(|why| anyhow!(not_missed(goal_id, why)))?;
    let facts = evidence(&document, &row, ctx.as_of);
    let hinted: Vec<Cause> = facts.hints.iter().flat_map(|h| h.causes.clone()).collect();
    let owner = row.goal.owner.clone();
    let next_roll = next_roll_label(&document, goal_id, ctx);
    // The evidence is part of the conversation, not data: it goes to stderr
    // with the prompts, so stdout stays clean whatever --format says.
    let text = Format::Table
        .renderer(ctx.width)
        .render(&EvidenceView(&facts))?;
    super::print_stderr(&text)?;
    let mut review = document
        .review(goal_id)
        .cloned()
        .unwrap_or_else(|| Review::new(goal_id, ctx.now));
    drop(document);
    if review.steps > 0 {
        eprintln!(
            "Resuming the review of {goal_id} at step {} of 4 ({}).",
            review.steps + 1,
            STEPS[usize::from(review.steps.min(3))]
        );
    }
    let mut step = usize::from(review.steps.min(4));
    while step < 4 {
        let outcome = match step {
            0 => step_cause(&review, &hinted),
            1 => step_improve(&review),
            2 => step_actions(&owner, review.actions.len(), ctx),
            _ => step_track(&next_roll, ctx),
        };
        match outcome? {
            Step::Answered(answers) => {
                review = ctx
                    .store
                    .update(|document| super::review::save(document, goal_id, &answers, ctx))?;
                eprintln!("Saved step {} of 4.", step + 1);
                step += 1;
            }
            Step::Back if step > 0 => step -= 1,
            // Esc at the first step has no step to go back to: it leaves.
            Step::Back | Step::Stop => {
                eprintln!(
                    "Stopped. {} of 4 steps are saved; run `attain review {goal_id}` to resume at step {}.",
                    review.steps,
                    review.steps + 1
                );
                return Ok(Exit::Interrupted);
            }
        }
    }
    ctx.confirm(&format!(
        "The review of {goal_id} is complete. Share it with `attain review show {goal_id} --format \
         markdown`; follow it with `attain progress {goal_id}`."
    ))?;
    Ok(Exit::Success)
}

/// Maps inquire's Esc onto going back, and its Ctrl+C and Ctrl+D onto
/// stopping (Ctrl+D comes back as an interrupt through the patched inquire
/// in vendor/inquire; upstream reports it as Esc).
fn outcome<T>(result: Result<T, InquireError>) -> Result<Result<T, Step>> {
    match result {
        Ok(value) => Ok(Ok(value)),
        Err(InquireError::OperationCanceled) => Ok(Err(Step::Back)),
        Err(InquireError::OperationInterrupted) => Ok(Err(Step::Stop)),
        Err(e) => Err(anyhow::anyhow!(
            "the prompt failed ({e}); answer with flags instead (see `attain review --help`)"
        )),
    }
}

macro_rules! ask {
    ($prompt:expr) => {
        match outcome($prompt)? {
            Ok(value) => value,
            Err(step) => return Ok(step),
        }
    };
}

fn step_cause(review: &Review, hinted: &[Cause]) -> Result<Step> {
    let options: Vec<Cause> = Cause::ALL.to_vec();
    let chosen: Vec<usize> = options
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            if review.causes.is_empty() {
                hinted.contains(c)
            } else {
                review.causes.contains(c)
            }
        })
        .map(|(i, _)| i)
        .collect();
    let causes = ask!(
        MultiSelect::new(
            "Step 1 of 4, analyze the cause: what caused the miss?",
            options
        )
        .with_default(&chosen)
        .with_help_message("space to select, enter to confirm, esc to stop")
        .with_validator(|picked: &[inquire::list_option::ListOption<&Cause>]| {
            Ok(if picked.is_empty() {
                inquire::validator::Validation::Invalid("pick at least one cause".into())
            } else {
                inquire::validator::Validation::Valid
            })
        })
        .prompt()
    );
    let why = ask!(
        Text::new("Explain what happened:")
            .with_initial_value(&review.why)
            .with_validator(|text: &str| {
                Ok(if text.trim().is_empty() {
                    inquire::validator::Validation::Invalid(
                        "an explanation helps the team learn".into(),
                    )
                } else {
                    inquire::validator::Validation::Valid
                })
            })
            .prompt()
    );
    Ok(Step::Answered(Answers {
        causes: causes.iter().map(|c| c.name().to_string()).collect(),
        why: Some(why),
        ..Answers::default()
    }))
}

fn step_improve(review: &Review) -> Result<Step> {
    if !review.improvements.is_empty() {
        eprintln!("Areas so far: {}", review.improvements.join("; "));
    }
    // New areas add to the ones saved before (going back keeps them).
    let mut areas = review.improvements.clone();
    loop {
        let area = ask!(
            Text::new("Step 2 of 4, an area for improvement (empty to finish):")
                .with_help_message("e.g. qualify pipeline earlier; esc to go back")
                .prompt()
        );
        let area = area.trim().to_string();
        if area.is_empty() {
            if areas.is_empty() {
                eprintln!("Name at least one area.");
                continue;
            }
            break;
        }
        areas.push(area);
    }
    Ok(Step::Answered(Answers {
        improvements: areas,
        ..Answers::default()
    }))
}

/// Adds actions to the plan; with `saved` actions already in it, an empty
/// answer keeps the plan as it is.
fn step_actions(owner: &str, saved: usize, ctx: &Context) -> Result<Step> {
    if saved > 0 {
        eprintln!("The plan has {saved} action(s); add more, or press enter to keep it.");
    }
    let mut actions = Vec::new();
    loop {
        let text = ask!(
            Text::new("Step 3 of 4, an action (empty to finish):")
                .with_help_message("e.g. Weekly pipeline review with each rep; esc to go back")
                .prompt()
        );
        let text = text.trim().to_string();
        if text.is_empty() {
            if actions.is_empty() && saved == 0 {
                eprintln!("Add at least one action.");
                continue;
            }
            break;
        }
        let who = ask!(Text::new("  Owner:").with_default(owner).prompt());
        let as_of = ctx.as_of;
        let due = ask!(
            Text::new("  Due date (YYYY-MM-DD):")
                .with_default(&suggested_check_in(as_of).to_string())
                .with_validator(|d: &str| {
                    Ok(match parse_date("due", d) {
                        Ok(_) => inquire::validator::Validation::Valid,
                        Err(e) => inquire::validator::Validation::Invalid(e.to_string().into()),
                    })
                })
                .prompt()
        );
        let measure = ask!(Text::new("  Success measure:").prompt());
        actions.push(NewAction {
            text,
            owner: Some(who),
            due: Some(due),
            measure: Some(measure).filter(|m| !m.trim().is_empty()),
        });
    }
    Ok(Step::Answered(Answers {
        actions,
        ..Answers::default()
    }))
}

fn step_track(next_roll: &Option<String>, ctx: &Context) -> Result<Step> {
    let mut options = Vec::new();
    if let Some(label) = next_roll {
        options.push(label.clone());
    }
    options.push("No follow-up goal, just a check-in date".to_string());
    let choice = ask!(
        Select::new(
            "Step 4 of 4, track progress: which goal shows the plan works?",
            options.clone()
        )
        .with_help_message("enter to choose, esc to go back")
        .prompt()
    );
    let follow_up = (next_roll.as_ref() == Some(&choice)).then(|| "next".to_string());
    let check_in = ask!(
        Text::new("Check-in date (YYYY-MM-DD):")
            .with_default(&suggested_check_in(ctx.as_of).to_string())
            .with_validator(|d: &str| {
                Ok(match parse_date("check-in", d) {
                    Ok(_) => inquire::validator::Validation::Valid,
                    Err(e) => inquire::validator::Validation::Invalid(e.to_string().into()),
                })
            })
            .prompt()
    );
    Ok(Step::Answered(Answers {
        follow_up,
        check_in: Some(check_in),
        ..Answers::default()
    }))
}

/// "Roll into 2026-Q4 with target $100,000 (goal east-revenue-2026-q4)".
fn next_roll_label(document: &Document, goal_id: &str, ctx: &Context) -> Option<String> {
    let rolled = next_period_goal(document, goal_id, ctx.now).ok()?;
    let exists = document.goal(&rolled.id).is_some();
    Some(format!(
        "{} {} with target {} (goal {})",
        if exists { "Follow" } else { "Roll into" },
        rolled.period,
        crate::render::human_amount(rolled.target, &rolled.unit),
        rolled.id
    ))
}
