//! `attain history`, `goal history`, `undo`, `redo` and `period
//! lock|unlock|list`.

use anyhow::{Result, bail};

use super::{Context, Exit, parse_date, parse_period};
use crate::domain::history::{Entry, Lock};
use crate::ledger::history::{self, State};
use crate::render::Format;
use crate::store::{Document, Mark};
use crate::view::history::{ChangeView, GoalHistoryView, HistoryRow, HistoryView, LockListView};

/// What `attain history` lists.
pub struct HistorySpec<'a> {
    pub goal: Option<&'a str>,
    pub since: Option<&'a str>,
    pub limit: Option<usize>,
}

pub fn list(spec: &HistorySpec, ctx: &Context) -> Result<Exit> {
    let since = spec.since.map(|s| parse_date("--since", s)).transpose()?;
    let document = ctx.store.load()?;
    let goal = spec
        .goal
        .map(|id| super::find_goal(&document, id))
        .transpose()?;
    let state = State::of(&document.history);
    let rows: Vec<HistoryRow> = document
        .history
        .iter()
        .rev()
        .filter(|e| since.is_none_or(|since| e.at.date_naive() >= since))
        .filter(|e| goal.is_none_or(|goal| history::touches_goal(&document, e, goal)))
        .take(spec.limit.unwrap_or(usize::MAX))
        .map(|entry| HistoryRow {
            entry,
            undone: state.undone.contains(&entry.seq),
        })
        .collect();
    ctx.show(&HistoryView {
        rows,
        any: !document.history.is_empty(),
    })?;
    Ok(Exit::Success)
}

pub fn goal_history(id: &str, ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    let goal = document.goal(id);
    let revisions = history::revisions(&document, id);
    if goal.is_none() && revisions.is_empty() {
        return Err(super::unknown_goal(&document, id));
    }
    // A removed goal's unit is in the history entry that removed it.
    let unit = goal
        .map(|g| g.unit.as_str())
        .or_else(|| {
            document
                .history
                .iter()
                .flat_map(|e| &e.changes.goals.removed)
                .find(|g| g.id == id)
                .map(|g| g.unit.as_str())
        })
        .unwrap_or("");
    ctx.show(&GoalHistoryView {
        goal: id,
        unit,
        revisions,
    })?;
    Ok(Exit::Success)
}

pub fn undo(seq: Option<u64>, ctx: &Context) -> Result<Exit> {
    let (target, summary) = ctx.store.update(|document| {
        let target = history::undo_target(document, seq)?;
        let (target, summary) = (target.seq, target.summary.clone());
        revert_entry(document, target)?;
        ctx.store.mark(Mark {
            undoes: Some(target),
            redoes: None,
            summary: Some(Entry::undo_summary(target, &summary)),
        });
        Ok((target, summary))
    })?;
    report(ctx, format!("Undid change {target}: {summary}."))
}

pub fn redo(ctx: &Context) -> Result<Exit> {
    let (target, summary) = ctx.store.update(|document| {
        let (original, undo) = history::redo_target(document)?;
        let (target, summary, undo) = (original.seq, original.summary.clone(), undo.seq);
        revert_entry(document, undo)?;
        ctx.store.mark(Mark {
            undoes: None,
            redoes: Some(target),
            summary: Some(Entry::redo_summary(target, &summary)),
        });
        Ok((target, summary))
    })?;
    report(ctx, format!("Redid change {target}: {summary}."))
}

/// Reverts the change of history entry `seq` in place.
fn revert_entry(document: &mut Document, seq: u64) -> Result<()> {
    let entries = std::mem::take(&mut document.history);
    let reverted = match entries.binary_search_by_key(&seq, |e| e.seq) {
        Ok(i) => history::revert(document, &entries[i].changes).map_err(|e| {
            anyhow::anyhow!("change {seq} cannot be reverted: {e}; nothing was changed")
        }),
        Err(_) => Err(anyhow::anyhow!("there is no change {seq} in history")),
    };
    document.history = entries;
    reverted
}

/// The confirmation, or in JSON and CSV the history entry the command made.
fn report(ctx: &Context, message: String) -> Result<Exit> {
    if ctx.format == Format::Table {
        ctx.confirm(&message)?;
        return Ok(Exit::Success);
    }
    let document = ctx.store.load()?;
    let Some(entry) = document.history.last() else {
        bail!("the change was not recorded in history");
    };
    ctx.show(&ChangeView {
        row: HistoryRow {
            entry,
            undone: false,
        },
        message,
    })?;
    Ok(Exit::Success)
}

pub fn lock(period: &str, ctx: &Context) -> Result<Exit> {
    let (label, already) = ctx.store.update(|document| {
        let period = parse_period("PERIOD", period, ctx, document)?;
        if let Some(lock) = document.locks.iter().find(|l| l.period == period.label) {
            return Ok((period.label, Some((lock.at, lock.user.clone()))));
        }
        document.locks.push(Lock {
            period: period.label.clone(),
            start: period.start,
            end: period.end,
            at: ctx.now,
            user: ctx.store.user().to_string(),
        });
        Ok((period.label, None))
    })?;
    match already {
        Some((at, user)) => ctx.confirm(&format!(
            "{label} is already locked (since {} by {user}).",
            at.date_naive()
        ))?,
        None => ctx.confirm(&format!(
            "Locked {label}: a change to its numbers now needs --reason. Unlock it with `attain \
             period unlock {label} --reason TEXT`."
        ))?,
    }
    list_locks_unless_table(ctx)
}

pub fn unlock(period: &str, ctx: &Context) -> Result<Exit> {
    let label = ctx.store.update(|document| {
        let period = parse_period("PERIOD", period, ctx, document)?;
        let Some(i) = document.locks.iter().position(|l| l.period == period.label) else {
            let locked: Vec<&str> = document.locks.iter().map(|l| l.period.as_str()).collect();
            bail!(
                "{} is not locked{}",
                period.label,
                if locked.is_empty() {
                    "; no period is".to_string()
                } else {
                    format!("; the locked periods are {}", locked.join(", "))
                }
            );
        };
        if ctx.store.reason().is_none() {
            bail!(
                "unlocking {} needs a reason, which history keeps: add --reason TEXT",
                period.label
            );
        }
        document.locks.remove(i);
        Ok(period.label)
    })?;
    ctx.confirm(&format!("Unlocked {label}."))?;
    list_locks_unless_table(ctx)
}

pub fn list_locks(ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    ctx.show(&LockListView {
        locks: &document.locks,
    })?;
    Ok(Exit::Success)
}

fn list_locks_unless_table(ctx: &Context) -> Result<Exit> {
    if ctx.format == Format::Table {
        return Ok(Exit::Success);
    }
    list_locks(ctx)
}
