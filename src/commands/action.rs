//! `attain action list|update`: the actions of review plans.

use anyhow::{Result, anyhow};

use super::{Context, Exit};
use crate::domain::review::{ActionStatus, CheckIn};
use crate::render::Format;
use crate::view::review::{ActionListView, action_json};

/// Which actions `action list` shows.
pub struct ActionFilter {
    pub open: bool,
    pub overdue: bool,
    pub owner: Option<String>,
}

pub fn list(filter: &ActionFilter, ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    let mut actions: Vec<_> = document
        .reviews
        .iter()
        .flat_map(|r| r.actions.iter().map(move |a| (r.goal.as_str(), a)))
        .filter(|(_, a)| !filter.open || a.status != ActionStatus::Done)
        .filter(|(_, a)| !filter.overdue || a.is_overdue(ctx.as_of))
        .filter(|(_, a)| {
            filter.owner.as_ref().is_none_or(|o| {
                a.owner
                    .as_ref()
                    .is_some_and(|owner| owner.eq_ignore_ascii_case(o))
            })
        })
        .collect();
    actions.sort_by_key(|(_, a)| (a.due.is_none(), a.due, a.id));
    ctx.show(&ActionListView {
        actions,
        as_of: ctx.as_of,
    })?;
    Ok(Exit::Success)
}

pub fn update(id: &str, status: ActionStatus, note: Option<&str>, ctx: &Context) -> Result<Exit> {
    let id: u64 = id.trim().trim_start_matches('#').parse().map_err(|_| {
        anyhow!("'{id}' is not an action id; ids are numbers (see `attain action list`)")
    })?;
    let (goal, action) = ctx.store.update(|document| {
        let found = document
            .reviews
            .iter_mut()
            .find_map(|r| {
                let goal = r.goal.clone();
                r.actions.iter_mut().find(|a| a.id == id).map(|a| (goal, a))
            })
            .ok_or_else(|| anyhow!("no action with id {id} (see `attain action list`)"))?;
        let (goal, action) = found;
        action.status = status;
        action.check_ins.push(CheckIn {
            date: ctx.as_of,
            status: Some(status),
            note: note.map(str::trim).unwrap_or_default().to_string(),
        });
        Ok((goal, action.clone()))
    })?;
    if ctx.format == Format::Json {
        super::print_stdout(&format!(
            "{}\n",
            serde_json::to_string_pretty(&action_json(&goal, &action, ctx.as_of))?
        ))?;
    }
    ctx.confirm(&format!(
        "Action {} ({}) is now {}.",
        action.id,
        action.text,
        action.status.name()
    ))?;
    Ok(Exit::Success)
}
