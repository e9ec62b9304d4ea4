//! `attain celebrate`: suggestions for met goals, message drafts, the log of
//! what was done, and the history of who was recognised.

use crate::domain::ids::ShortIds;
use crate::ledger::history;
use crate::ledger::ids::{Kind as IdKind, find};
use crate::view::celebrate::Logged;
use anyhow::{Result, bail};

use super::{Context, Exit, evaluate_goal, evaluate_goals, find_goal, parse_date};
use crate::domain::attainment::Status;
use crate::domain::celebration::{Celebration, Kind, Standing};
use crate::domain::filter::FilterSpec;
use crate::domain::period::{Period, Phase};
use crate::ledger::GoalRow;
use crate::render::{Format, human_percent};
use crate::view::celebrate::{CelebrateView, DraftView, HistoryView, OwnerHistory};

/// What `attain celebrate` was asked to do.
pub enum Action {
    /// Remove a logged celebration.
    Remove {
        /// The entry's id, or a unique prefix of it.
        entry: String,
    },
    /// List met goals with their suggestions (optionally one goal).
    List {
        goal: Option<String>,
        check: bool,
    },
    Draft {
        goal: String,
    },
    Log {
        goal: String,
        text: String,
        kind: Kind,
        date: Option<String>,
    },
    History {
        periods: usize,
        check: bool,
    },
}

pub fn run(action: Action, spec: &FilterSpec, ctx: &Context) -> Result<Exit> {
    match action {
        Action::List { goal, check } => list(goal.as_deref(), spec, check, ctx),
        Action::Remove { entry } => remove(&entry, ctx),
        Action::Draft { goal } => draft(&goal, ctx),
        Action::Log {
            goal,
            text,
            kind,
            date,
        } => log(&goal, &text, kind, date.as_deref(), ctx),
        Action::History { periods, check } => history(spec, periods, check, ctx),
    }
}

/// A met goal of a closed period with nothing logged: what `--check` flags.
fn owed(row: &GoalRow) -> bool {
    row.evaluation.phase == Phase::Closed
        && row.celebration.as_ref().is_some_and(Standing::outstanding)
}

fn list(goal: Option<&str>, spec: &FilterSpec, check: bool, ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    if let Some(id) = goal {
        find_goal(&document, id)?;
    }
    let rows: Vec<GoalRow> = evaluate_goals(&document, spec, ctx.as_of)?
        .into_iter()
        .filter(|row| row.celebration.is_some())
        .filter(|row| goal.is_none_or(|id| row.goal.id == id))
        .collect();
    if let Some(id) = goal
        && rows.is_empty()
    {
        let row = evaluate_goal(&document, id, ctx.as_of)?;
        bail!(not_met(&row));
    }
    let owing = rows.iter().any(owed);
    ctx.show(&CelebrateView {
        rows,
        hints: ctx.format == Format::Table && !ctx.quiet,
    })?;
    Ok(if check && owing {
        Exit::CheckFailed
    } else {
        Exit::Success
    })
}

/// Why a goal cannot be celebrated, with what to do instead.
fn not_met(row: &GoalRow) -> String {
    let e = &row.evaluation;
    let id = &row.goal.id;
    match e.status {
        Status::Missed => format!(
            "goal '{id}' was missed ({} of target), so there is nothing to celebrate; learn from \
             it with `attain review {id}`",
            human_percent(e.attainment)
        ),
        Status::Upcoming => format!(
            "goal '{id}' has not started yet (its period is {}); celebrate it once it is met",
            row.period.label
        ),
        status => format!(
            "goal '{id}' is not met yet ({status}, {} of target); celebrate it once it is met",
            human_percent(e.attainment)
        ),
    }
}

fn draft(id: &str, ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    let row = evaluate_goal(&document, id, ctx.as_of)?;
    if row.celebration.is_none() {
        bail!(not_met(&row));
    }
    ctx.show(&DraftView::new(&row))?;
    Ok(Exit::Success)
}

fn log(id: &str, text: &str, kind: Kind, date: Option<&str>, ctx: &Context) -> Result<Exit> {
    let note = text.trim();
    if note.is_empty() {
        bail!("--log is empty; say what was done, e.g. --log \"Team dinner at Luigi's\"");
    }
    let date = date
        .map(|d| parse_date("--date", d))
        .transpose()?
        .unwrap_or(ctx.as_of);
    let entry = ctx.store.update(|document| {
        let row = evaluate_goal(document, id, ctx.as_of)?;
        if row.celebration.is_none() {
            bail!(not_met(&row));
        }
        if let Some(same) = document.celebrations.iter().find(|c| {
            c.goal == row.goal.id && c.kind == kind && c.note.trim().eq_ignore_ascii_case(note)
        }) {
            let short = ShortIds::new(document.celebrations.iter().map(|c| &c.id));
            bail!(
                "{} already has this {} logged (entry {}, {}); nothing was added: log something \
                 else, or remove that entry with `attain celebrate --remove {}`",
                row.goal.id,
                kind.name(),
                short.of(&same.id),
                same.date,
                short.of(&same.id)
            );
        }
        let id = ctx
            .new_ids(IdKind::Celebration, document.celebrations.len())
            .draw(|id| document.celebrations.iter().any(|c| c.id == *id));
        let entry = Celebration {
            id,
            goal: row.goal.id.clone(),
            kind,
            note: note.to_string(),
            date,
        };
        document.celebrations.push(entry.clone());
        Ok(entry)
    })?;
    if ctx.format == Format::Json {
        super::print_stdout(&format!(
            "{}\n",
            serde_json::to_string_pretty(&crate::view::celebrate::LogJson::from(&entry))?
        ))?;
    }
    ctx.confirm(&format!(
        "Logged {} {} for {} on {}: {}",
        if entry.kind == Kind::Event || entry.kind == Kind::Other {
            "an"
        } else {
            "a"
        },
        entry.kind.name(),
        entry.goal,
        entry.date,
        entry.note
    ))?;
    Ok(Exit::Success)
}

fn remove(entry: &str, ctx: &Context) -> Result<Exit> {
    let removed = ctx.store.update(|document| {
        let at = find(
            entry,
            "celebration",
            "attain celebrate --history",
            document
                .celebrations
                .iter()
                .enumerate()
                .map(|(at, c)| (&c.id, at)),
        )?;
        Ok(document.celebrations.remove(at))
    })?;
    if ctx.format == Format::Json {
        super::print_stdout(&format!(
            "{}\n",
            serde_json::to_string_pretty(&crate::view::celebrate::LogJson::from(&removed))?
        ))?;
    }
    ctx.confirm(&format!(
        "Removed celebration {} of {} ({} on {}: {}).",
        removed.id,
        removed.goal,
        removed.kind.name(),
        removed.date,
        removed.note
    ))?;
    Ok(Exit::Success)
}

fn history(spec: &FilterSpec, periods: usize, check: bool, ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    let rows = evaluate_goals(&document, spec, ctx.as_of)?;
    // The most recent closed periods, by end date.
    let mut closed: Vec<&Period> = rows
        .iter()
        .filter(|r| r.evaluation.phase == Phase::Closed)
        .map(|r| &r.period)
        .collect();
    closed.sort_by(|a, b| b.end.cmp(&a.end).then_with(|| a.label.cmp(&b.label)));
    closed.dedup_by(|a, b| a.label == b.label);
    let recent: Vec<&str> = closed
        .iter()
        .take(periods)
        .map(|p| p.label.as_str())
        .collect();

    // Every celebration logged for a selected goal, whether or not the goal
    // is met now (a target edited later does not erase what was done).
    let selected: std::collections::HashMap<&str, &crate::ledger::GoalRow> =
        rows.iter().map(|r| (r.goal.id.as_str(), r)).collect();
    let logged: Vec<(&Celebration, &crate::ledger::GoalRow)> = document
        .celebrations
        .iter()
        .filter_map(|c| selected.get(c.goal.as_str()).map(|row| (c, *row)))
        .collect();
    let mut owners: Vec<OwnerHistory> = Vec::new();
    for (entry, row) in &logged {
        match owners.iter_mut().find(|o| o.owner == row.goal.owner) {
            Some(owner) => owner.add(entry),
            None => {
                let mut owner = OwnerHistory::new(&row.goal.owner, row.owner_name);
                owner.add(entry);
                owners.push(owner);
            }
        }
    }
    for row in &rows {
        let index = match owners.iter().position(|o| o.owner == row.goal.owner) {
            Some(index) => index,
            None => {
                owners.push(OwnerHistory::new(&row.goal.owner, row.owner_name));
                owners.len() - 1
            }
        };
        let owner = &mut owners[index];
        if row.celebration.is_none() {
            continue;
        }
        owner.met += 1;
        if recent.contains(&row.period.label.as_str()) && row.evaluation.phase == Phase::Closed {
            owner.met_recently += 1;
        }
    }
    owners.retain(|o| o.met > 0 || o.celebrations > 0);
    owners.sort_by_key(|o| o.owner_name.to_lowercase());
    let mut log: Vec<Logged> = logged
        .iter()
        .map(|(c, row)| Logged {
            celebration: (*c).clone(),
            owner: row.goal.owner.clone(),
            owner_name: row.owner_name.to_string(),
            unit: row.goal.unit.clone(),
            target_moves: history::target_moves(
                &document,
                &c.goal,
                history::celebration_logged(&document, &c.id, c.date),
            ),
        })
        .collect();
    let order = history::celebration_order(&document);
    log.sort_by(|a, b| order(&a.celebration, &b.celebration));
    let unrecognised = owners.iter().any(OwnerHistory::never_recognised);
    ctx.show(&HistoryView {
        short_ids: ShortIds::new(document.celebrations.iter().map(|c| &c.id)),
        owners,
        log,
        periods: recent.iter().map(|s| s.to_string()).collect(),
    })?;
    Ok(if check && unrecognised {
        Exit::CheckFailed
    } else {
        Exit::Success
    })
}
