//! `attain progress`: step 4 of the review in numbers.

use anyhow::Result;

use super::{Context, Exit, evaluate_goals, find_goal};
use crate::domain::filter::FilterSpec;
use crate::domain::review::{ActionStatus, verdict};
use crate::view::review::{ProgressRow, ProgressView};

pub fn run(goal: Option<&str>, spec: &FilterSpec, check: bool, ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    if let Some(id) = goal {
        let found = find_goal(&document, id)?;
        if document.review(&found.id).is_none() {
            anyhow::bail!("goal '{id}' has no review yet; start one with `attain review {id}`");
        }
    }
    let selected = crate::ledger::evaluate::selected_goals(&document, spec, ctx.as_of)?;
    let mut rows_by_goal = evaluate_goals(&document, &FilterSpec::default(), ctx.as_of)?;
    let owing = crate::ledger::review::Owing::from_rows(&document, &rows_by_goal, ctx.as_of);
    let mut rows = Vec::new();
    for review in &document.reviews {
        if goal.is_some_and(|id| id != review.goal) || (goal.is_none() && review.steps < 3) {
            continue;
        }
        if selected
            .as_ref()
            .is_some_and(|ids| !ids.contains(&review.goal))
        {
            continue;
        }
        let done = review
            .actions
            .iter()
            .filter(|a| a.status == ActionStatus::Done)
            .count();
        let overdue = review
            .actions
            .iter()
            .filter(|a| owing.overdue(&review.goal, a))
            .count();
        let follow_up = review.follow_up.as_ref().and_then(|id| {
            let index = rows_by_goal.iter().position(|r| &r.goal.id == id)?;
            Some(rows_by_goal.swap_remove(index))
        });
        rows.push(ProgressRow {
            review,
            done,
            open: review.actions.len() - done,
            overdue,
            verdict: verdict(follow_up.as_ref().map(|f| f.evaluation.status), overdue),
            follow_up,
        });
    }
    let any_overdue = rows.iter().any(|r| r.overdue > 0);
    ctx.show(&ProgressView { rows })?;
    Ok(if check && any_overdue {
        Exit::CheckFailed
    } else {
        Exit::Success
    })
}
