//! `attain record GOAL VALUE`: add a result.

use anyhow::{Result, bail};
use serde::Serialize;

use super::{Context, Exit, find_goal, goal_period, parse_amount, parse_date};
use crate::domain::goal::Record;
use crate::render::{Format, human_amount};
use crate::view::RecordJson;

pub struct NewRecord {
    pub goal: String,
    pub value: String,
    pub date: Option<String>,
    pub note: Option<String>,
    pub reference: Option<String>,
}

/// What happened to a recorded result.
enum Recorded {
    Added(Record),
    /// A result with the same goal and ref was already there.
    AlreadyThere(Record),
}

#[derive(Serialize)]
struct RecordedJson<'a> {
    added: bool,
    result: RecordJson<'a>,
}

pub fn run(new: &NewRecord, ctx: &Context) -> Result<Exit> {
    let value = parse_amount("VALUE", &new.value)?;
    let date = match &new.date {
        Some(text) => parse_date("--date", text)?,
        None => ctx.as_of,
    };
    let reference = new
        .reference
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let note = new.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let (outcome, unit) = ctx.store.update(|document| {
        let goal = find_goal(document, &new.goal)?;
        let period = goal_period(document, goal)?;
        let unit = goal.unit.clone();
        if !period.contains(date) {
            bail!(
                "{date} is outside goal '{}' ({}: {} to {}); pass a --date inside it or record \
                 against the goal for that period",
                goal.id,
                period.label,
                period.start,
                period.end
            );
        }
        if let Some(reference) = reference
            && let Some(existing) = document
                .results
                .iter()
                .find(|r| *r.goal == *goal.id && r.reference.as_deref() == Some(reference))
        {
            return Ok((Recorded::AlreadyThere(existing.clone()), unit));
        }
        let record = Record {
            id: document.next_result_id(),
            goal: goal.id.as_str().into(),
            date,
            value,
            note: note.map(Box::from),
            reference: reference.map(Box::from),
        };
        document.results.push(record.clone());
        Ok((Recorded::Added(record), unit))
    })?;
    let (added, record) = match &outcome {
        Recorded::Added(r) => (true, r),
        Recorded::AlreadyThere(r) => (false, r),
    };
    if ctx.format == Format::Json {
        let json = RecordedJson {
            added,
            result: record.into(),
        };
        super::print_stdout(&format!("{}\n", serde_json::to_string_pretty(&json)?))?;
    } else if added {
        ctx.confirm(&format!(
            "Recorded {} for {} on {} (result {}).",
            human_amount(record.value, &unit),
            record.goal,
            record.date,
            record.id
        ))?;
    } else {
        ctx.confirm(&format!(
            "Already recorded: result {} of {} has ref {}; nothing added.",
            record.id,
            record.goal,
            record.reference.as_deref().unwrap_or_default()
        ))?;
    }
    Ok(Exit::Success)
}
