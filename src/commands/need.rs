//! `attain need GOAL...`: what each goal still needs to be met, to earn the
//! event tier and the bonus tier, per remaining day and week.

use anyhow::Result;

use super::{Context, Exit, evaluate_goals, find_goal};
use crate::domain::filter::FilterSpec;
use crate::domain::need::need;
use crate::view::PaceNote;
use crate::view::need::{NeedRow, NeedView};

/// The named goals, in the order given; without names, every goal the
/// filters select.
pub fn run(goals: &[String], spec: &FilterSpec, ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load_without_history()?;
    let wanted = goals
        .iter()
        .map(|id| find_goal(&document, id).map(|goal| goal.id.clone()))
        .collect::<Result<Vec<_>>>()?;
    let mut rows = evaluate_goals(&document, spec, ctx.as_of)?;
    if !wanted.is_empty() {
        rows = wanted
            .iter()
            .filter_map(|id| rows.iter().position(|row| &row.goal.id == id))
            .map(|at| rows[at].clone())
            .collect();
        rows.dedup_by(|a, b| a.goal.id == b.goal.id);
    }
    let settings = &document.settings;
    let days = settings.work_calendar();
    let rows = rows
        .into_iter()
        .map(|row| {
            let need = need(
                row.goal,
                &row.period,
                row.evaluation.actual,
                ctx.as_of,
                &settings.tiers,
                &days,
            );
            NeedRow { row, need }
        })
        .collect();
    ctx.show(&NeedView {
        as_of: ctx.as_of,
        pace: PaceNote::of(settings),
        rows,
    })?;
    Ok(Exit::Success)
}
