//! `attain trend OWNER|TEAM`: attainment over consecutive periods.

use anyhow::Result;

use super::{Context, Exit};
use crate::ledger::identity;
use crate::ledger::trend::{Every, periods, trend};
use crate::view::trend::TrendView;

pub fn run(owner: &str, metric: &str, count: usize, every: Every, ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load_without_history()?;
    let owner = identity::require(&document, owner)?;
    let metric = metric.trim().to_ascii_lowercase();
    let periods = periods(every, count, ctx.as_of, document.settings.fiscal_year_start)?;
    let points = trend(&document, &owner, &metric, periods, ctx.as_of)?;
    ctx.show(&TrendView {
        owner: &owner,
        owner_name: document.owner_name(&owner),
        metric: &metric,
        points,
    })?;
    Ok(Exit::Success)
}
