//! `attain team add|list|show|edit`.

use anyhow::Result;

use super::{Context, Exit, evaluate_goals};
use crate::domain::filter::FilterSpec;
use crate::ledger::org::{self, TeamChange, TeamEdit};
use crate::render::Format;
use crate::view::org::{TeamListView, TeamShowView};

/// A new team, as typed.
pub struct NewTeam {
    /// An id (`east`) or a name (`East Coast`).
    pub id: String,
    pub name: Option<String>,
    /// People or teams, by id or name.
    pub members: Vec<String>,
}

pub fn add(new: &NewTeam, ctx: &Context) -> Result<Exit> {
    let team = ctx
        .store
        .update(|document| org::add_team(document, &new.id, new.name.as_deref(), &new.members))?;
    let members = match team.members.len() {
        0 => "no members yet".to_string(),
        1 => "1 member".to_string(),
        n => format!("{n} members"),
    };
    show_or_confirm(
        ctx,
        &team.id,
        &[format!(
            "Added team {} ({}) with {members}.",
            team.id, team.name
        )],
    )
}

pub fn list(ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    ctx.show(&TeamListView {
        rows: org::teams(&document, ctx.as_of),
    })?;
    Ok(Exit::Success)
}

pub fn show(typed: &str, ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    let team = org::find_team(&document, typed)?;
    let (members, scope) = org::team_detail(&document, team);
    let own = FilterSpec {
        owner: Some(team.id.clone()),
        ..FilterSpec::default()
    };
    let goals = evaluate_goals(&document, &own, ctx.as_of)?;
    ctx.show(&TeamShowView {
        team,
        members,
        scope,
        goals,
    })?;
    Ok(Exit::Success)
}

pub fn edit(typed: &str, change: &TeamEdit, ctx: &Context) -> Result<Exit> {
    let (id, changes) = ctx
        .store
        .update(|document| org::edit_team(document, typed, change))?;
    let lines: Vec<String> = changes.iter().map(|c| change_text(&id, c)).collect();
    show_or_confirm(ctx, &id, &lines)
}

/// One confirmation line per change.
fn change_text(team: &str, change: &TeamChange) -> String {
    match change {
        TeamChange::Named(name) => format!("Team {team} is now named {name}."),
        TeamChange::Joined { member, from: None } => format!("Added {member} to team {team}."),
        TeamChange::Joined {
            member,
            from: Some(from),
        } => format!("Added {member} to team {team}: results from {from} on count for it."),
        TeamChange::Ended { member, on } => format!(
            "Ended {member}'s membership of team {team} on {on}: results before then still count \
             for it."
        ),
        TeamChange::Left { member } => format!("Removed {member} from team {team}."),
    }
}

/// Confirmations in a table; the team's row in the other formats.
fn show_or_confirm(ctx: &Context, id: &str, lines: &[String]) -> Result<Exit> {
    if ctx.format == Format::Table {
        for line in lines {
            ctx.confirm(line)?;
        }
    } else {
        let document = ctx.store.load()?;
        let rows = org::teams(&document, ctx.as_of)
            .into_iter()
            .filter(|row| row.team.id == id)
            .collect();
        ctx.show(&TeamListView { rows })?;
    }
    Ok(Exit::Success)
}
