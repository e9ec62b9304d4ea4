//! `attain what-if`: the report as if some results were recorded on the
//! as-of date, marking what changes. Reads the file, writes nothing.

use std::collections::HashMap;

use anyhow::Result;

use super::{Context, Exit, evaluate_goals};
use crate::domain::amount::Amount;
use crate::domain::filter::FilterSpec;
use crate::ledger::GoalRow;
use crate::ledger::leaderboard::ranks;
use crate::ledger::rollup::{By, group};
use crate::ledger::what_if::assume;
use crate::view::report::{Before, ReportView, WhatIf};

pub fn run(
    spec: &FilterSpec,
    assumptions: &[(String, Amount)],
    by: Option<By>,
    ctx: &Context,
) -> Result<Exit> {
    let before = ctx.store.load_without_history()?;
    let (after, assumed) = assume(&before, assumptions, ctx.as_of)?;
    let rows = evaluate_goals(&after, spec, ctx.as_of)?;
    // Before, every goal (a status filter selects by the status after).
    let all_before = evaluate_goals(
        &before,
        &FilterSpec {
            statuses: Vec::new(),
            ..spec.clone()
        },
        ctx.as_of,
    )?;
    let by_id: HashMap<&str, &GoalRow> = all_before
        .iter()
        .map(|row| (row.goal.id.as_str(), row))
        .collect();
    // The groups before hold the same goals as after, in the same order.
    let before_rows: Vec<GoalRow> = rows
        .iter()
        .filter_map(|row| by_id.get(row.goal.id.as_str()).map(|b| (*b).clone()))
        .collect();
    // Ranks are among every goal of a board, whatever the filters show.
    let ranks_before = owned(ranks(&evaluate_goals(
        &before,
        &FilterSpec::default(),
        ctx.as_of,
    )?));
    let ranks_after = owned(ranks(&evaluate_goals(
        &after,
        &FilterSpec::default(),
        ctx.as_of,
    )?));
    let groups = by.map(|by| group(&after, &rows, by, ctx.as_of));
    let before_groups = by.map(|by| group(&before, &before_rows, by, ctx.as_of));
    ctx.show(&ReportView {
        as_of: ctx.as_of,
        rows,
        groups,
        hints: false,
        what_if: Some(WhatIf {
            assumed,
            before: all_before
                .iter()
                .map(|row| {
                    let rank = ranks_before.get(&row.goal.id).copied();
                    (row.goal.id.clone(), Before::of(row, rank))
                })
                .collect(),
            ranks: ranks_after,
            groups: before_groups,
        }),
        pace: crate::view::PaceNote::of(&after.settings),
    })?;
    Ok(Exit::Success)
}

fn owned(ranks: HashMap<&str, usize>) -> HashMap<String, usize> {
    ranks
        .into_iter()
        .map(|(id, rank)| (id.to_string(), rank))
        .collect()
}
