//! `attain action list|update`: the actions of review plans.

use anyhow::{Result, anyhow};

use super::{Context, Exit};
use crate::domain::ids::ShortIds;
use crate::domain::review::{ActionStatus, CheckIn};
use crate::ledger::ids::find;
use crate::ledger::review::Owing;
use crate::render::Format;
use crate::view::review::{ActionListView, action_json};

/// Which actions `action list` shows.
pub struct ActionFilter {
    pub open: bool,
    pub overdue: bool,
    /// The action's owner (free text), without regard to case.
    pub owner: Option<String>,
    /// Which reviewed goals: period, team, metric, tag.
    pub goals: crate::domain::filter::FilterSpec,
}

pub fn list(filter: &ActionFilter, ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    let selected = crate::ledger::evaluate::selected_goals(&document, &filter.goals, ctx.as_of)?;
    let owing = Owing::new(&document, ctx.as_of)?;
    let mut actions: Vec<_> = document
        .reviews
        .iter()
        .filter(|r| selected.as_ref().is_none_or(|ids| ids.contains(&r.goal)))
        .flat_map(|r| r.actions.iter().map(move |a| (r.goal.as_str(), a)))
        .filter(|(_, a)| !filter.open || a.status != ActionStatus::Done)
        .filter(|(goal, a)| !filter.overdue || owing.overdue(goal, a))
        .filter(|(_, a)| {
            filter.owner.as_ref().is_none_or(|o| {
                a.owner
                    .as_ref()
                    .is_some_and(|owner| owner.eq_ignore_ascii_case(o))
            })
        })
        .collect();
    // Ids are random: undated actions, and those due the same day, stay in
    // the order of their reviews' goals and of each plan.
    actions.sort_by_key(|(_, a)| (a.due.is_none(), a.due));
    let planned = document.reviews.iter().map(|r| r.actions.len()).sum();
    ctx.show(&ActionListView {
        short_ids: ShortIds::new(document.actions().map(|(_, a)| &a.id)),
        actions,
        owing,
        planned,
    })?;
    Ok(Exit::Success)
}

/// What `action update` changes; at least one is given.
pub struct ActionChange {
    pub status: Option<ActionStatus>,
    pub due: Option<String>,
    pub owner: Option<String>,
    pub text: Option<String>,
    pub note: Option<String>,
}

pub fn update(id: &str, change: &ActionChange, ctx: &Context) -> Result<Exit> {
    let due = change
        .due
        .as_deref()
        .map(|d| super::parse_date("--due", d))
        .transpose()?;
    let non_empty = |flag: &str, text: &Option<String>| -> Result<Option<String>> {
        match text.as_deref().map(str::trim) {
            Some("") => Err(anyhow!("{flag} is empty; give it a value")),
            other => Ok(other.map(str::to_string)),
        }
    };
    let owner = non_empty("--owner", &change.owner)?;
    let text = non_empty("--text", &change.text)?;
    let (goal, action, short_id) = ctx.store.update(|document| {
        let short_ids = ShortIds::new(document.actions().map(|(_, a)| &a.id));
        let (review, at) = find(
            id,
            "action",
            "attain action list",
            document.reviews.iter().enumerate().flat_map(|(review, r)| {
                r.actions
                    .iter()
                    .enumerate()
                    .map(move |(at, a)| (&a.id, (review, at)))
            }),
        )?;
        let review = &mut document.reviews[review];
        let goal = review.goal.clone();
        let action = &mut review.actions[at];
        let mut said = Vec::new();
        if let Some(due) = due {
            said.push(match action.due {
                Some(was) => format!("due {due}, was {was}"),
                None => format!("due {due}"),
            });
            action.due = Some(due);
        }
        if let Some(owner) = &owner {
            said.push(format!("owner {owner}"));
            action.owner = Some(owner.clone());
        }
        if let Some(text) = &text {
            said.push(format!("reworded from \"{}\"", action.text));
            action.text = text.clone();
        }
        if let Some(status) = change.status {
            action.status = status;
        }
        // Every update is a dated check-in: what changed, and the note.
        let mut note = change
            .note
            .as_deref()
            .map(str::trim)
            .unwrap_or_default()
            .to_string();
        if !said.is_empty() {
            let what = said.join("; ");
            note = if note.is_empty() {
                what
            } else {
                format!("{note} ({what})")
            };
        }
        action.check_ins.push(CheckIn {
            date: ctx.as_of,
            status: change.status,
            note,
        });
        let short_id = short_ids.of(&action.id).to_string();
        Ok((goal, action.clone(), short_id))
    })?;
    if ctx.format == Format::Json {
        super::print_stdout(&format!(
            "{}\n",
            serde_json::to_string_pretty(&action_json(
                &goal,
                &action,
                &Owing::new(&ctx.store.load()?, ctx.as_of)?
            ))?
        ))?;
    }
    let mut now = format!("now {}", action.status.name());
    if due.is_some() {
        now.push_str(&format!(
            ", due {}",
            action.due.map(|d| d.to_string()).unwrap_or_default()
        ));
    }
    if owner.is_some() {
        now.push_str(&format!(
            ", owned by {}",
            action.owner.as_deref().unwrap_or_default()
        ));
    }
    ctx.confirm(&format!("Action {short_id} ({}) is {now}.", action.text))?;
    Ok(Exit::Success)
}
