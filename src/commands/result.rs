//! `attain result list|remove`.

use std::collections::HashSet;

use anyhow::Result;

use super::{Context, Exit, evaluate_goals, find_goal, goal_period};
use crate::domain::filter::FilterSpec;
use crate::domain::goal::Record;
use crate::domain::period::Period;
use crate::ledger::results::{find_result, short_id, units};
use crate::ledger::{ResultIndex, identity};
use crate::render::Format;
use crate::store::Document;
use crate::view::results::{ResultListView, ResultRow};

/// The results a listing shows: those counting toward GOAL; else those
/// whose owner, team, metric and date match the filters (and, with
/// `--tag` or `--status`, that count toward a goal those select).
fn select<'a>(
    document: &'a Document,
    goal: Option<&str>,
    spec: &FilterSpec,
    ctx: &Context,
) -> Result<Vec<&'a Record>> {
    if let Some(id) = goal {
        let goal = find_goal(document, id)?;
        let period = goal_period(document, goal)?;
        return Ok(ResultIndex::new(document).results_for(goal, &period));
    }
    let period = spec
        .period
        .as_deref()
        .map(|label| super::parse_period("--period", label, ctx, document))
        .transpose()?;
    let owner = spec
        .owner
        .as_deref()
        .map(|o| identity::require(document, o))
        .transpose()?;
    let team = spec
        .team
        .as_deref()
        .map(|t| identity::require(document, t))
        .transpose()?;
    let org = document.org();
    let scope = team.as_deref().map(|t| org.scope(t));
    let by_goal: Option<HashSet<&str>> = if spec.tag.is_some() || !spec.statuses.is_empty() {
        let index = ResultIndex::new(document);
        let mut ids = HashSet::new();
        for row in evaluate_goals(document, spec, ctx.as_of)? {
            for r in index.results_for(row.goal, &row.period) {
                ids.insert(r.id.as_str());
            }
        }
        Some(ids)
    } else {
        None
    };
    let in_period = |p: &Option<Period>, r: &Record| p.as_ref().is_none_or(|p| p.contains(r.date));
    Ok(document
        .results
        .iter()
        .filter(|r| {
            in_period(&period, r)
                && owner.as_deref().is_none_or(|o| *o == *r.owner)
                && spec
                    .metric
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(&r.metric))
                && scope.as_ref().is_none_or(|scope| {
                    scope
                        .iter()
                        .any(|(id, span)| **id == *r.owner && span.contains(r.date))
                })
                && by_goal
                    .as_ref()
                    .is_none_or(|ids| ids.contains(r.id.as_str()))
        })
        .collect())
}

pub fn list(goal: Option<&str>, spec: &FilterSpec, ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    let mut results = select(&document, goal, spec, ctx)?;
    results.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    let units = units(&document);
    let view = ResultListView {
        results: results
            .into_iter()
            .map(|record| ResultRow {
                record,
                short_id: short_id(&document.results, &record.id),
                owner_name: document.owner_name(&record.owner),
                unit: units.get(&*record.metric).copied().unwrap_or_default(),
            })
            .collect(),
    };
    ctx.show(&view)?;
    Ok(Exit::Success)
}

pub fn remove(ids: &[String], ctx: &Context) -> Result<Exit> {
    let removed = ctx.store.update(|document| {
        let mut removed: Vec<Record> = Vec::with_capacity(ids.len());
        for typed in ids {
            let record = find_result(document, typed)
                .map_err(|e| anyhow::anyhow!("{e}; nothing was removed"))?;
            if !removed.iter().any(|r| r.id == record.id) {
                removed.push(record.clone());
            }
        }
        document
            .results
            .retain(|r| !removed.iter().any(|gone| gone.id == r.id));
        Ok(removed)
    })?;
    if ctx.format == Format::Json {
        let json: Vec<_> = removed.iter().map(crate::view::RecordJson::from).collect();
        super::print_stdout(&format!("{}\n", serde_json::to_string_pretty(&json)?))?;
    }
    for r in &removed {
        ctx.confirm(&format!(
            "Removed result {} ({} {} on {} for {}).",
            r.id, r.value, r.metric, r.date, r.owner
        ))?;
    }
    Ok(Exit::Success)
}

/// Corrects a result in place: same id, new value, date or note. A result
/// migrated to count toward one goal only must stay inside its period.
pub fn edit(
    typed: &str,
    value: Option<&str>,
    date: Option<&str>,
    note: Option<&str>,
    ctx: &Context,
) -> Result<Exit> {
    let value = value
        .map(|v| super::parse_amount("--value", v))
        .transpose()?;
    let date = date.map(|d| super::parse_date("--date", d)).transpose()?;
    let (before, after) = ctx.store.update(|document| {
        let id = find_result(document, typed)?.id.clone();
        let at = document.results.iter().position(|r| r.id == id);
        let Some(record) = at.and_then(|at| document.results.get_mut(at)) else {
            anyhow::bail!("no result with id '{typed}' (see `attain result list`)");
        };
        let before = record.clone();
        if let Some(value) = value {
            record.value = value;
        }
        if let Some(date) = date {
            record.date = date;
        }
        if let Some(note) = note {
            let note = note.trim();
            record.note = (!note.is_empty()).then(|| note.into());
        }
        Ok((before, record.clone()))
    })?;
    if ctx.format == Format::Json {
        let json = serde_json::json!({
            "before": crate::view::RecordJson::from(&before),
            "result": crate::view::RecordJson::from(&after),
        });
        super::print_stdout(&format!("{}\n", serde_json::to_string_pretty(&json)?))?;
    }
    ctx.confirm(&format!(
        "Corrected result {}: {} {} on {} (was {} on {}).",
        after.id, after.value, after.metric, after.date, before.value, before.date
    ))?;
    Ok(Exit::Success)
}
