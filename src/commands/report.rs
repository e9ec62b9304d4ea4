//! `attain report`: the attainment table.

use anyhow::Result;

use super::{Context, Exit, evaluate_goals};
use crate::domain::filter::FilterSpec;
use crate::view::report::ReportView;

pub fn run(spec: &FilterSpec, check: bool, ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    let rows = evaluate_goals(&document, spec, ctx.as_of)?;
    let attention = rows
        .iter()
        .any(|row| row.evaluation.status.needs_attention());
    ctx.show(&ReportView {
        as_of: ctx.as_of,
        rows,
        hints: !ctx.quiet && ctx.format == crate::render::Format::Table,
    })?;
    Ok(if check && attention {
        Exit::CheckFailed
    } else {
        Exit::Success
    })
}
