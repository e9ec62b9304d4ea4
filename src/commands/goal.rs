//! `attain goal add|list|show|edit|remove|roll`.

use std::collections::HashSet;

use anyhow::{Result, bail};

use super::{
    Context, Exit, evaluate_goal, evaluate_goals, find_goal, goal_period, parse_period,
    parse_target, unknown_goal,
};
use crate::domain::amount::Amount;
use crate::domain::filter::FilterSpec;
use crate::domain::goal::{Aggregate, Direction, Goal, derive_id, is_valid_id, preset};
use crate::domain::ids::Id;
use crate::ledger::results::{short_id, units};
use crate::ledger::roll::{Adjustment, rolled};
use crate::ledger::{ResultIndex, identity};
use crate::store::Document;
use crate::view::goals::{GoalListView, GoalShowView};
use crate::view::results::ResultRow;

/// A new goal, as typed (already converted from the command line).
pub struct NewGoal {
    pub id: Option<String>,
    pub target: String,
    pub period: String,
    pub metric: String,
    pub owner: String,
    pub title: Option<String>,
    pub unit: Option<String>,
    pub stretch: Option<String>,
    pub direction: Option<Direction>,
    pub aggregate: Option<Aggregate>,
    pub tags: Vec<String>,
}

pub fn add(new: &NewGoal, ctx: &Context) -> Result<Exit> {
    let target = parse_target("--target", &new.target)?;
    let stretch = new
        .stretch
        .as_deref()
        .map(|s| parse_target("--stretch", s))
        .transpose()?;
    let owner = non_empty("--owner", &new.owner)?;
    let metric = non_empty("--metric", &new.metric)?.to_ascii_lowercase();
    if let Some(id) = &new.id {
        check_id(id)?;
    }
    let tags = clean_tags(&new.tags)?;
    let goal = ctx.store.update(|document| {
        let period = parse_period("--period", &new.period, ctx, document)?;
        let defaults = preset(&metric);
        let direction = new
            .direction
            .or(defaults.map(|p| p.direction))
            .unwrap_or_default();
        let aggregate = new
            .aggregate
            .or(defaults.map(|p| p.aggregate))
            .unwrap_or_default();
        let unit = match (&new.unit, defaults) {
            (Some(unit), _) => non_empty("--unit", unit)?.to_string(),
            (None, Some(p)) => p
                .unit
                .map_or_else(|| document.settings.currency.clone(), str::to_string),
            (None, None) => "count".to_string(),
        };
        check_currency("--target", &new.target, &unit)?;
        if let Some(text) = &new.stretch {
            check_currency("--stretch", text, &unit)?;
        }
        check_stretch(direction, target, stretch)?;
        let owner_id = identity::register(document, owner)?;
        let owner_name = document.owner_name(&owner_id).to_string();
        let id = new
            .id
            .clone()
            .unwrap_or_else(|| derive_id(&owner_id, &metric, &period.slug()));
        if !is_valid_id(&id) {
            bail!("cannot derive an id from owner '{owner}'; give the goal an id: attain goal add ID ...");
        }
        if document.goal(&id).is_some() {
            bail!(
                "a goal named '{id}' already exists; give this one another id \
                 (attain goal add ID ...) or change that one with `attain goal edit {id}`"
            );
        }
        let title = match &new.title {
            Some(t) => non_empty("--title", t)?.to_string(),
            None => format!("{owner_name} {metric} {}", period.label),
        };
        let goal = Goal {
            id,
            title,
            owner: owner_id,
            metric: metric.clone(),
            unit,
            period: period.label.clone(),
            target,
            stretch,
            direction,
            aggregate,
            tags: tags.clone(),
            created: ctx.now,
        };
        document.goals.push(goal.clone());
        Ok(goal)
    })?;
    show_or_confirm(
        ctx,
        &goal,
        &format!(
            "Added goal {} ({}, target {}).",
            goal.id, goal.period, goal.target
        ),
    )
}

pub fn list(spec: &FilterSpec, ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    let rows = evaluate_goals(&document, spec, ctx.as_of)?;
    ctx.show(&GoalListView { rows })?;
    Ok(Exit::Success)
}

pub fn show(id: &str, ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    let row = evaluate_goal(&document, id, ctx.as_of)?;
    let mut results = ResultIndex::new(&document).results_for(row.goal, &row.period);
    results.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    let units = units(&document);
    let results = results
        .into_iter()
        .map(|record| ResultRow {
            record,
            short_id: short_id(&document.results, &record.id),
            owner_name: document.owner_name(&record.owner),
            unit: units.get(&*record.metric).copied().unwrap_or_default(),
        })
        .collect();
    ctx.show(&GoalShowView {
        row,
        results,
        pace: document.settings.pace,
    })?;
    Ok(Exit::Success)
}

/// Changes to a goal, as typed.
#[derive(Default)]
pub struct GoalEdit {
    pub title: Option<String>,
    pub owner: Option<String>,
    pub metric: Option<String>,
    pub unit: Option<String>,
    pub target: Option<String>,
    pub stretch: Option<String>,
    pub no_stretch: bool,
    pub period: Option<String>,
    pub direction: Option<Direction>,
    pub aggregate: Option<Aggregate>,
    pub tags: Vec<String>,
    pub untags: Vec<String>,
}

pub fn edit(id: &str, change: &GoalEdit, ctx: &Context) -> Result<Exit> {
    let target = change
        .target
        .as_deref()
        .map(|t| parse_target("--target", t))
        .transpose()?;
    let stretch = change
        .stretch
        .as_deref()
        .map(|s| parse_target("--stretch", s))
        .transpose()?;
    let tags = clean_tags(&change.tags)?;
    let goal = ctx.store.update(|document| {
        let period = change
            .period
            .as_deref()
            .map(|p| parse_period("--period", p, ctx, document))
            .transpose()?;
        // Results migrated from format 1 that count toward this goal alone
        // must stay inside its period.
        if let Some(period) = &period
            && let Some(outside) = document
                .results
                .iter()
                .find(|r| r.goal.as_deref() == Some(id) && !period.contains(r.date))
        {
            bail!(
                "result {} of '{id}' is dated {}, outside {} ({} to {}); remove or move it \
                     first (attain result remove {})",
                outside.id,
                outside.date,
                period.label,
                period.start,
                period.end,
                outside.id
            );
        }
        let Some(index) = document.goals.iter().position(|g| g.id == id) else {
            return Err(unknown_goal(document, id));
        };
        let owner = change
            .owner
            .as_deref()
            .map(|owner| identity::register(document, non_empty("--owner", owner)?))
            .transpose()?;
        let goal = &mut document.goals[index];
        if let Some(title) = &change.title {
            goal.title = non_empty("--title", title)?.to_string();
        }
        if let Some(owner) = owner {
            goal.owner = owner;
        }
        if let Some(metric) = &change.metric {
            goal.metric = non_empty("--metric", metric)?.to_ascii_lowercase();
        }
        if let Some(unit) = &change.unit {
            goal.unit = non_empty("--unit", unit)?.to_string();
        }
        if let Some(text) = &change.target {
            check_currency("--target", text, &goal.unit)?;
        }
        if let Some(text) = &change.stretch {
            check_currency("--stretch", text, &goal.unit)?;
        }
        if let Some(target) = target {
            goal.target = target;
        }
        if change.no_stretch {
            goal.stretch = None;
        } else if stretch.is_some() {
            goal.stretch = stretch;
        }
        if let Some(period) = period {
            goal.period = period.label;
        }
        if let Some(direction) = change.direction {
            goal.direction = direction;
        }
        if let Some(aggregate) = change.aggregate {
            goal.aggregate = aggregate;
        }
        for tag in &tags {
            if !goal.tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
                goal.tags.push(tag.clone());
            }
        }
        goal.tags
            .retain(|t| !change.untags.iter().any(|u| u.eq_ignore_ascii_case(t)));
        check_stretch(goal.direction, goal.target, goal.stretch)?;
        Ok(goal.clone())
    })?;
    show_or_confirm(ctx, &goal, &format!("Updated goal {}.", goal.id))
}

/// Removes goals. Results are facts about people, so they stay while
/// another goal counts them; `--force` removes the ones no other goal
/// counts, with the goal's celebrations and review.
pub fn remove(ids: &[String], force: bool, ctx: &Context) -> Result<Exit> {
    let removed = ctx.store.update(|document| {
        for id in ids {
            find_goal(document, id)?;
        }
        let orphans = orphaned_results(document, ids)?;
        let mut removed = Vec::new();
        for id in ids {
            let count = orphans.iter().filter(|(goal, _)| goal == id).count();
            let logged = document
                .celebrations
                .iter()
                .filter(|c| &c.goal == id)
                .count();
            if (count > 0 || logged > 0) && !force {
                bail!(
                    "goal '{id}' has {count} result(s) no other goal counts and {logged} logged \
                     celebration(s); pass --force to remove them with it"
                );
            }
            removed.push((id.clone(), count));
        }
        let gone: HashSet<Id> = orphans.into_iter().map(|(_, id)| id).collect();
        document.goals.retain(|g| !ids.contains(&g.id));
        document.results.retain(|r| !gone.contains(&r.id));
        document.celebrations.retain(|c| !ids.contains(&c.goal));
        document.reviews.retain(|r| !ids.contains(&r.goal));
        for review in &mut document.reviews {
            if review.follow_up.as_ref().is_some_and(|f| ids.contains(f)) {
                review.follow_up = None;
            }
        }
        Ok(removed)
    })?;
    if ctx.format == crate::render::Format::Json {
        let json: Vec<_> = removed
            .iter()
            .map(|(id, n)| serde_json::json!({"id": id, "results_removed": n}))
            .collect();
        super::print_stdout(&format!("{}\n", serde_json::to_string_pretty(&json)?))?;
    }
    for (id, count) in &removed {
        ctx.confirm(&format!("Removed goal {id} and {count} result(s)."))?;
    }
    Ok(Exit::Success)
}

/// The results that count toward one of `ids` and toward no goal that
/// stays, each with the removed goal it counted toward.
fn orphaned_results(document: &Document, ids: &[String]) -> Result<Vec<(String, Id)>> {
    let index = ResultIndex::new(document);
    let mut kept: HashSet<&Id> = HashSet::new();
    let mut candidates = Vec::new();
    for goal in &document.goals {
        let period = goal_period(document, goal)?;
        let results = index.results_for(goal, &period);
        if ids.contains(&goal.id) {
            candidates.extend(results.into_iter().map(|r| (goal.id.clone(), r)));
        } else {
            kept.extend(results.into_iter().map(|r| &r.id));
        }
    }
    let mut seen = HashSet::new();
    Ok(candidates
        .into_iter()
        .filter(|(_, r)| !kept.contains(&r.id) && seen.insert(&r.id))
        .map(|(goal, r)| (goal, r.id.clone()))
        .collect())
}

/// Rolls the named goals, or those the filters select, into `to`.
pub fn roll(
    ids: &[String],
    spec: &FilterSpec,
    to: &str,
    adjust: Option<&str>,
    ctx: &Context,
) -> Result<Exit> {
    let adjustment = adjust.map(Adjustment::parse).transpose()?;
    let created = ctx.store.update(|document| {
        let period = parse_period("--to", to, ctx, document)?;
        let mut chosen: Vec<String> = Vec::new();
        for id in ids {
            chosen.push(find_goal(document, id)?.id.clone());
        }
        if *spec != FilterSpec::default() {
            let selected = evaluate_goals(document, spec, ctx.as_of)?;
            if selected.is_empty() {
                bail!("no goal matches the filters, so nothing was rolled; loosen them");
            }
            chosen.extend(
                selected
                    .iter()
                    .map(|row| row.goal.id.clone())
                    .filter(|id| ids.is_empty() || ids.contains(id)),
            );
        }
        chosen.sort();
        chosen.dedup();
        let mut created = Vec::new();
        for id in &chosen {
            let source = find_goal(document, id)?.clone();
            let mut goal = rolled(document, &source, &period, ctx.now)?;
            if let Some(adjustment) = &adjustment {
                goal.target = adjustment.apply(source.target)?;
                goal.stretch = source.stretch.map(|s| adjustment.apply(s)).transpose()?;
            }
            if document.goal(&goal.id).is_some() || created.iter().any(|g: &Goal| g.id == goal.id) {
                bail!(
                    "a goal named '{}' already exists, so '{id}' was not rolled (nothing was \
                     added); remove or rename it first",
                    goal.id
                );
            }
            if adjustment.is_some() {
                check_adjusted(&goal)?;
            }
            check_stretch(goal.direction, goal.target, goal.stretch)?;
            created.push(goal);
        }
        document.goals.extend(created.iter().cloned());
        Ok(created)
    })?;
    if ctx.format == crate::render::Format::Table {
        for goal in &created {
            ctx.confirm(&format!(
                "Added goal {} ({}, target {}).",
                goal.id, goal.period, goal.target
            ))?;
        }
    } else {
        let document = ctx.store.load()?;
        let rows = evaluate_goals(&document, &FilterSpec::default(), ctx.as_of)?
            .into_iter()
            .filter(|row| created.iter().any(|g| g.id == row.goal.id))
            .collect();
        ctx.show(&GoalListView { rows })?;
    }
    Ok(Exit::Success)
}

fn show_or_confirm(ctx: &Context, goal: &Goal, message: &str) -> Result<Exit> {
    if ctx.format == crate::render::Format::Table {
        ctx.confirm(message)?;
    } else {
        let document = ctx.store.load()?;
        let rows = vec![evaluate_goal(&document, &goal.id, ctx.as_of)?];
        ctx.show(&GoalListView { rows })?;
    }
    Ok(Exit::Success)
}

fn check_id(id: &str) -> Result<()> {
    if !is_valid_id(id) {
        bail!(
            "'{id}' is not a valid goal id; use lowercase letters, digits, '.', '_' and '-', \
             starting with a letter or digit (e.g. east-revenue-2026-q3)"
        );
    }
    Ok(())
}

fn check_stretch(direction: Direction, target: Amount, stretch: Option<Amount>) -> Result<()> {
    match (direction, stretch) {
        (Direction::AtLeast, Some(s)) if s < target => bail!(
            "--stretch {s} is below the target {target}; a stretch target of an at-least goal \
             is higher than its target"
        ),
        (Direction::AtMost, Some(s)) if s > target => bail!(
            "--stretch {s} is above the target {target}; a stretch target of an at-most goal \
             is lower than its target"
        ),
        _ => Ok(()),
    }
}

/// An amount typed with another currency's symbol than the goal's unit is
/// refused, naming the flag.
fn check_currency(flag: &str, text: &str, unit: &str) -> Result<()> {
    crate::domain::amount::check_currency(text, unit).map_err(|e| anyhow::anyhow!("{flag}: {e}"))
}

/// What an adjustment may not do: a percent target past 100%.
fn check_adjusted(goal: &Goal) -> Result<()> {
    let hundred = Amount(rust_decimal::Decimal::ONE_HUNDRED);
    if goal.unit == "percent"
        && (goal.target > hundred || goal.stretch.is_some_and(|s| s > hundred))
    {
        bail!(
            "--adjust would make '{}' aim at more than 100% ({}); nothing was rolled: use a \
             smaller adjustment or roll it alone",
            goal.id,
            goal.target.max(goal.stretch.unwrap_or(Amount::ZERO))
        );
    }
    Ok(())
}

fn non_empty<'a>(flag: &str, text: &'a str) -> Result<&'a str> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        bail!("{flag} is empty; give it a value");
    }
    Ok(trimmed)
}

/// Trimmed, non-empty tags, each once (compared without regard to case,
/// as the filters compare them).
fn clean_tags(tags: &[String]) -> Result<Vec<String>> {
    let mut clean: Vec<String> = Vec::with_capacity(tags.len());
    for tag in tags {
        let tag = non_empty("--tag", tag)?;
        if !clean.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            clean.push(tag.to_string());
        }
    }
    Ok(clean)
}
