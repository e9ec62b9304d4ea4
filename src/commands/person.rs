//! `attain person add|list|edit`.

use anyhow::Result;

use super::{Context, Exit};
use crate::ledger::org::{self, Moved, PersonEdit};
use crate::render::Format;
use crate::view::org::PersonListView;

/// A new person, as typed.
pub struct NewPerson {
    /// An id (`maria-chen`) or a name (`Maria Chen`).
    pub id: String,
    pub name: Option<String>,
    pub email: Option<String>,
}

pub fn add(new: &NewPerson, ctx: &Context) -> Result<Exit> {
    let person = ctx.store.update(|document| {
        org::add_person(document, &new.id, new.name.as_deref(), new.email.as_deref())
    })?;
    show_or_confirm(
        ctx,
        &person.id,
        &format!("Added person {} ({}).", person.id, person.name),
    )
}

pub fn list(ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    ctx.show(&PersonListView {
        rows: org::people(&document, ctx.as_of),
    })?;
    Ok(Exit::Success)
}

pub fn edit(typed: &str, change: &PersonEdit, ctx: &Context) -> Result<Exit> {
    let (person, renamed) = ctx
        .store
        .update(|document| org::edit_person(document, typed, change))?;
    let message = match renamed {
        Some((old, moved)) => format!(
            "Renamed person {old} to {} ({}): {}.",
            person.id,
            person.name,
            moved_text(moved)
        ),
        None => format!("Updated person {} ({}).", person.id, person.name),
    };
    show_or_confirm(ctx, &person.id, &message)
}

/// "2 goals, 5 results and 1 team membership now name them".
fn moved_text(moved: Moved) -> String {
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {} and {} follow the new id",
        count(moved.goals, "goal", "goals"),
        count(moved.results, "result", "results"),
        count(moved.memberships, "team membership", "team memberships")
    )
}

/// A confirmation in a table; the person's row in the other formats.
fn show_or_confirm(ctx: &Context, id: &str, message: &str) -> Result<Exit> {
    if ctx.format == Format::Table {
        ctx.confirm(message)?;
    } else {
        let document = ctx.store.load()?;
        let rows = org::people(&document, ctx.as_of)
            .into_iter()
            .filter(|row| row.person.id == id)
            .collect();
        ctx.show(&PersonListView { rows })?;
    }
    Ok(Exit::Success)
}
