//! `attain report`: the attainment table, optionally grouped with
//! subtotals (`--by`).

use anyhow::Result;

use super::{Context, Exit, evaluate_goals};
use crate::domain::filter::FilterSpec;
use crate::ledger::rollup::{By, group};
use crate::view::report::ReportView;

pub fn run(spec: &FilterSpec, by: Option<By>, check: bool, ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load_without_history()?;
    let rows = evaluate_goals(&document, spec, ctx.as_of)?;
    let attention = rows
        .iter()
        .any(|row| row.evaluation.status.needs_attention());
    let groups = by.map(|by| group(&document, &rows, by, ctx.as_of));
    ctx.show(&ReportView {
        as_of: ctx.as_of,
        rows,
        groups,
        hints: !ctx.quiet && ctx.format == crate::render::Format::Table,
        what_if: None,
        pace: crate::view::PaceNote::of(&document.settings),
    })?;
    Ok(if check && attention {
        Exit::CheckFailed
    } else {
        Exit::Success
    })
}
