//! `attain record GOAL VALUE` and `attain record --owner O --metric M
//! VALUE`: add a result, or update the one with the same ref.

use anyhow::{Result, bail};
use serde::Serialize;

use super::{Context, Exit, find_goal, goal_period, parse_amount, parse_date};
use crate::ledger::identity;
use crate::ledger::results::{NewResult, Outcome, Recorder};
use crate::render::{Format, human_amount};
use crate::view::RecordJson;

/// What a result is recorded for.
pub enum RecordFor {
    /// A goal: it gives the owner and the metric, and its period bounds
    /// the date.
    Goal(String),
    /// An owner and a metric, with no goal in mind.
    Owner { owner: String, metric: String },
}

pub struct NewRecord {
    pub target: RecordFor,
    pub value: String,
    pub date: Option<String>,
    pub note: Option<String>,
    pub reference: Option<String>,
}

#[derive(Serialize)]
struct RecordedJson<'a> {
    added: bool,
    updated: bool,
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
    // A result never reads the history: it is copied as read.
    let (outcome, unit, owner_name) = ctx.store.update_without_history(|document| {
        let (owner, metric, goal_unit) = match &new.target {
            RecordFor::Goal(id) => {
                let goal = find_goal(document, id)?;
                let period = goal_period(document, goal)?;
                if !period.contains(date) {
                    bail!(
                        "{date} is outside goal '{}' ({}: {} to {}); pass a --date inside it or \
                         record against the goal for that period",
                        goal.id,
                        period.label,
                        period.start,
                        period.end
                    );
                }
                (
                    goal.owner.clone(),
                    goal.metric.clone(),
                    Some(goal.unit.clone()),
                )
            }
            RecordFor::Owner { owner, metric } => {
                let metric = metric.trim().to_ascii_lowercase();
                if metric.is_empty() {
                    bail!("--metric is empty; name the metric, e.g. --metric revenue");
                }
                (identity::register(document, owner)?, metric, None)
            }
        };
        let unit = goal_unit.unwrap_or_else(|| {
            crate::ledger::results::units(document)
                .get(metric.as_str())
                .copied()
                .unwrap_or_default()
                .to_string()
        });
        if !unit.is_empty() {
            crate::domain::amount::check_currency(&new.value, &unit)
                .map_err(|e| anyhow::anyhow!("VALUE: {e}"))?;
        }
        let outcome = Recorder::new(ctx.id_source(document.results.len())).add_or_update(
            document,
            &NewResult {
                owner: &owner,
                metric: &metric,
                date,
                value,
                note,
                reference,
            },
        );
        Ok((outcome, unit, document.owner_name(&owner).to_string()))
    })?;
    let record = outcome.record();
    if ctx.format == Format::Json {
        let json = RecordedJson {
            added: matches!(outcome, Outcome::Added(_)),
            updated: matches!(outcome, Outcome::Updated { .. }),
            result: record.into(),
        };
        super::print_stdout(&format!("{}\n", serde_json::to_string_pretty(&json)?))?;
        return Ok(Exit::Success);
    }
    let amount = human_amount(record.value, &unit);
    ctx.confirm(&match &outcome {
        Outcome::Added(_) => format!(
            "Recorded {amount} {} for {owner_name} on {} (result {}).",
            record.metric, record.date, record.id
        ),
        Outcome::Updated { before, .. } => format!(
            "Updated result {} (ref {}): {} on {} is now {amount} on {}.",
            record.id,
            record.reference.as_deref().unwrap_or_default(),
            human_amount(before.value, &unit),
            before.date,
            record.date
        ),
        Outcome::Unchanged(_) => format!(
            "Already recorded: result {} of {owner_name} has ref {}; nothing changed.",
            record.id,
            record.reference.as_deref().unwrap_or_default()
        ),
    })?;
    Ok(Exit::Success)
}
