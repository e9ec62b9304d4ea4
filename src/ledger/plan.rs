//! Quota plans: goals created or updated in bulk (`attain goal import`).
//! All or nothing: the first bad row stops the plan, naming it. A row
//! whose goal exists with the same values changes nothing; one that
//! differs changes the goal only when asked (`--update`).

use std::collections::HashMap;

use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, Utc};

use super::identity;
use crate::domain::amount::Amount;
use crate::domain::goal::{Aggregate, Direction, Goal, derive_id, is_valid_id, preset};
use crate::domain::period::Period;
use crate::store::Document;

/// One row of a plan, its values checked and parsed.
#[derive(Debug, Clone)]
pub struct PlanRow {
    /// The data row, 1-based, and the line it starts on.
    pub number: u64,
    pub line: u64,
    pub owner: String,
    pub metric: String,
    pub period: Period,
    pub target: Amount,
    pub stretch: Option<Amount>,
    pub title: Option<String>,
    pub tags: Vec<String>,
    pub id: Option<String>,
    pub unit: Option<String>,
    pub direction: Option<Direction>,
    pub aggregate: Option<Aggregate>,
}

/// What a row did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Updated,
    Unchanged,
}

impl Change {
    pub fn name(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Updated => "updated",
            Change::Unchanged => "unchanged",
        }
    }
}

/// Applies the plan; each goal comes back with what happened to it.
pub fn apply_plan(
    document: &mut Document,
    rows: Vec<PlanRow>,
    update: bool,
    now: DateTime<Utc>,
) -> Result<Vec<(Goal, Change)>> {
    let mut at: HashMap<String, usize> = document
        .goals
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.clone(), i))
        .collect();
    let mut seen: HashMap<String, u64> = HashMap::with_capacity(rows.len());
    // Owners as the plan writes them, resolved once each.
    let mut owners: HashMap<String, String> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let where_ = format!("row {} (line {})", row.number, row.line);
        let owner = match owners.get(&row.owner) {
            Some(id) => id.clone(),
            None => {
                let id = identity::register(document, &row.owner)
                    .map_err(|e| anyhow!("{where_}: {e:#}"))?;
                owners.insert(row.owner.clone(), id.clone());
                id
            }
        };
        let goal = goal_of(document, &row, owner, now).map_err(|e| anyhow!("{where_}: {e:#}"))?;
        if let Some(first) = seen.insert(goal.id.clone(), row.number) {
            bail!(
                "{where_}: goal '{}' is also row {first} of the plan; give one of them another \
                 id or period",
                goal.id
            );
        }
        let change = match at.get(&goal.id) {
            None => {
                at.insert(goal.id.clone(), document.goals.len());
                document.goals.push(goal.clone());
                Change::Added
            }
            Some(&i) => {
                let existing = &document.goals[i];
                match difference(existing, &goal, &row) {
                    None => Change::Unchanged,
                    Some((field, was, now)) if !update => bail!(
                        "{where_}: goal '{}' is in the file with another {field} ({was} there, \
                         {now} here); pass --update to change it, or leave the row out",
                        goal.id
                    ),
                    Some(_) => {
                        let existing = &mut document.goals[i];
                        let created = existing.created;
                        let title = row.title.clone().unwrap_or_else(|| existing.title.clone());
                        let tags = if row.tags.is_empty() {
                            existing.tags.clone()
                        } else {
                            goal.tags.clone()
                        };
                        *existing = Goal {
                            created,
                            title,
                            tags,
                            ..goal.clone()
                        };
                        Change::Updated
                    }
                }
            }
        };
        let kept = document.goals[at[&goal.id]].clone();
        out.push((kept, change));
    }
    Ok(out)
}

/// The goal a row describes: presets fill what the row leaves out.
fn goal_of(document: &Document, row: &PlanRow, owner: String, now: DateTime<Utc>) -> Result<Goal> {
    if row.target.is_negative() {
        bail!(
            "the target {} is negative; targets are 0 or more",
            row.target
        );
    }
    let metric = row.metric.trim().to_ascii_lowercase();
    if metric.is_empty() {
        bail!("the metric is empty");
    }
    let defaults = preset(&metric);
    let direction = row
        .direction
        .or(defaults.map(|p| p.direction))
        .unwrap_or_default();
    let aggregate = row
        .aggregate
        .or(defaults.map(|p| p.aggregate))
        .unwrap_or_default();
    let unit = match (&row.unit, defaults) {
        (Some(unit), _) => unit.trim().to_string(),
        (None, Some(p)) => p
            .unit
            .map_or_else(|| document.settings.currency.clone(), str::to_string),
        (None, None) => "count".to_string(),
    };
    match (direction, row.stretch) {
        (Direction::AtLeast, Some(s)) if s < row.target => {
            bail!("the stretch {s} is below the target {}", row.target)
        }
        (Direction::AtMost, Some(s)) if s > row.target => {
            bail!(
                "the stretch {s} is above the target {} of an at-most goal",
                row.target
            )
        }
        _ => {}
    }
    let id = match &row.id {
        Some(id) => id.trim().to_string(),
        None => derive_id(&owner, &metric, &row.period.slug()),
    };
    if !is_valid_id(&id) {
        bail!(
            "'{}' is not a valid goal id ([a-z0-9][a-z0-9._-]*)",
            crate::domain::text::echo(&id)
        );
    }
    let title = row.title.clone().unwrap_or_else(|| {
        format!(
            "{} {metric} {}",
            document.owner_name(&owner),
            row.period.label
        )
    });
    let mut tags: Vec<String> = Vec::new();
    for tag in row.tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if !tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            tags.push(tag.to_string());
        }
    }
    Ok(Goal {
        id,
        title,
        owner,
        metric,
        unit,
        period: row.period.label.clone(),
        target: row.target,
        stretch: row.stretch,
        direction,
        aggregate,
        tags,
        created: now,
    })
}

/// The first field in which the file's goal differs from the plan's, with
/// both values; a title or tags the row leaves out are not compared.
fn difference(file: &Goal, plan: &Goal, row: &PlanRow) -> Option<(&'static str, String, String)> {
    let opt = |a: Option<Amount>| a.map_or_else(|| "none".to_string(), |a| a.to_string());
    let fields = [
        ("owner", file.owner.clone(), plan.owner.clone()),
        ("metric", file.metric.clone(), plan.metric.clone()),
        ("period", file.period.clone(), plan.period.clone()),
        ("target", file.target.to_string(), plan.target.to_string()),
        ("stretch", opt(file.stretch), opt(plan.stretch)),
        ("unit", file.unit.clone(), plan.unit.clone()),
        (
            "direction",
            file.direction.name().into(),
            plan.direction.name().into(),
        ),
        (
            "aggregate",
            file.aggregate.name().into(),
            plan.aggregate.name().into(),
        ),
    ];
    let mut found = fields.into_iter().find(|(_, a, b)| a != b);
    if found.is_none() && row.title.is_some() && file.title != plan.title {
        found = Some(("title", file.title.clone(), plan.title.clone()));
    }
    if found.is_none() && !row.tags.is_empty() && file.tags != plan.tags {
        found = Some(("tags", file.tags.join(";"), plan.tags.join(";")));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn row(number: u64, owner: &str, period: &str, target: i64) -> PlanRow {
        PlanRow {
            number,
            line: number + 1,
            owner: owner.into(),
            metric: "revenue".into(),
            period: Period::from_label(period, 1).unwrap(),
            target: Amount(target.into()),
            stretch: None,
            title: None,
            tags: Vec::new(),
            id: None,
            unit: None,
            direction: None,
            aggregate: None,
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap()
    }

    #[test]
    fn a_plan_adds_then_leaves_alone_then_updates_when_asked() {
        let mut document = Document::default();
        let plan = vec![
            row(1, "Maria Chen", "2026-Q4", 100),
            row(2, "Tom", "2026-Q4", 80),
        ];
        let first = apply_plan(&mut document, plan.clone(), false, now()).unwrap();
        let changes: Vec<(&str, Change)> = first.iter().map(|(g, c)| (g.id.as_str(), *c)).collect();
        assert_eq!(
            changes,
            [
                ("maria-chen-revenue-2026-q4", Change::Added),
                ("tom-revenue-2026-q4", Change::Added)
            ]
        );
        assert_eq!(first[0].0.title, "Maria Chen revenue 2026-Q4");
        assert_eq!(first[0].0.unit, "USD");
        let again = apply_plan(&mut document, plan, false, now()).unwrap();
        assert!(again.iter().all(|(_, c)| *c == Change::Unchanged));
        let raised = vec![row(1, "maria chen", "2026-Q4", 120)];
        let error = apply_plan(&mut document, raised.clone(), false, now())
            .unwrap_err()
            .to_string();
        assert_eq!(
            error,
            "row 1 (line 2): goal 'maria-chen-revenue-2026-q4' is in the file with another \
             target (100 there, 120 here); pass --update to change it, or leave the row out"
        );
        let updated = apply_plan(&mut document, raised, true, now()).unwrap();
        assert_eq!(updated[0].1, Change::Updated);
        assert_eq!(document.goals[0].target, Amount(120.into()));
        assert_eq!(document.goals.len(), 2);
    }

    #[test]
    fn bad_rows_are_named() {
        let mut document = Document::default();
        let twice = vec![row(1, "Ana", "2026-Q4", 1), row(2, "ana", "2026-Q4", 2)];
        let error = apply_plan(&mut document, twice, false, now()).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("row 2 (line 3): goal 'ana-revenue-2026-q4' is also row 1")
        );
        let mut low = row(3, "Ana", "2026-Q4", 100);
        low.stretch = Some(Amount(90.into()));
        let error = apply_plan(&mut document, vec![low], false, now()).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("row 3 (line 4): the stretch 90 is below")
        );
        let mut churn = row(4, "Ana", "2026-Q4", 5);
        churn.metric = "Churn".into();
        let done = apply_plan(&mut document, vec![churn], false, now()).unwrap();
        assert_eq!(done[0].0.direction, Direction::AtMost);
        assert_eq!(done[0].0.aggregate, Aggregate::Latest);
    }
}
