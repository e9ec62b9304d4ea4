//! `attain result list|remove`.

use std::collections::{HashMap, HashSet};

use anyhow::{Result, anyhow, bail};

use super::{Context, Exit, evaluate_goals, find_goal};
use crate::domain::filter::FilterSpec;
use crate::render::Format;
use crate::view::results::ResultListView;

pub fn list(goal: Option<&str>, spec: &FilterSpec, ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    let selected: HashSet<&str> = match goal {
        Some(id) => HashSet::from([find_goal(&document, id)?.id.as_str()]),
        None => evaluate_goals(&document, spec, ctx.as_of)?
            .iter()
            .map(|row| row.goal.id.as_str())
            .collect(),
    };
    let units: HashMap<&str, &str> = document
        .goals
        .iter()
        .map(|g| (g.id.as_str(), g.unit.as_str()))
        .collect();
    let mut results: Vec<_> = document
        .results
        .iter()
        .filter(|r| selected.contains(&*r.goal))
        .collect();
    results.sort_by_key(|r| (r.date, r.id));
    let view = ResultListView {
        results,
        unit_of: Box::new(move |goal| units.get(goal).copied().unwrap_or_default().to_string()),
    };
    ctx.show(&view)?;
    Ok(Exit::Success)
}

pub fn remove(ids: &[String], ctx: &Context) -> Result<Exit> {
    let ids: Vec<u64> = ids
        .iter()
        .map(|text| {
            text.trim()
                .trim_start_matches('#')
                .parse::<u64>()
                .map_err(|_| {
                    anyhow!(
                        "'{text}' is not a result id; ids are numbers (see `attain result list`)"
                    )
                })
        })
        .collect::<Result<_>>()?;
    let removed = ctx.store.update(|document| {
        for id in &ids {
            if !document.results.iter().any(|r| r.id == *id) {
                bail!("no result with id {id} (see `attain result list`); nothing was removed");
            }
        }
        let removed: Vec<_> = document
            .results
            .iter()
            .filter(|r| ids.contains(&r.id))
            .cloned()
            .collect();
        document.results.retain(|r| !ids.contains(&r.id));
        Ok(removed)
    })?;
    if ctx.format == Format::Json {
        let json: Vec<_> = removed.iter().map(crate::view::RecordJson::from).collect();
        super::print_stdout(&format!("{}\n", serde_json::to_string_pretty(&json)?))?;
    }
    for r in &removed {
        ctx.confirm(&format!(
            "Removed result {} ({} on {} for {}).",
            r.id, r.value, r.date, r.goal
        ))?;
    }
    Ok(Exit::Success)
}
