//! Roll-ups: the report's goals grouped by owner, team, metric or period,
//! with a subtotal per group.
//!
//! A subtotal sums the targets and actuals of the group's `sum` goals that
//! are owned by people and share a unit (one subtotal per unit). A team's
//! own goal already holds its members' results, so it is shown in its
//! group but never added into the subtotal; goals of other aggregates
//! count toward "met" only.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::GoalRow;
use crate::domain::amount::Amount;
use crate::domain::attainment::attainment;
use crate::domain::goal::{Aggregate, Direction};
use crate::domain::org::Org;
use crate::store::Document;

/// What goals are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Owner,
    /// The team at the top of the owner's org (see [`group_team`]).
    Team,
    Metric,
    Period,
}

impl By {
    pub const ALL: [By; 4] = [By::Owner, By::Team, By::Metric, By::Period];

    pub fn name(self) -> &'static str {
        match self {
            By::Owner => "owner",
            By::Team => "team",
            By::Metric => "metric",
            By::Period => "period",
        }
    }
}

/// One group of goals.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The owner's, team's or metric's id, or the period label.
    pub key: String,
    /// How people read the key: the owner's or team's name.
    pub name: String,
    /// Indexes of the group's rows, in report order.
    pub rows: Vec<usize>,
    pub goals: usize,
    /// Met or exceeded, any aggregate.
    pub met: usize,
    /// One per unit of the people's `sum` goals.
    pub subtotals: Vec<Subtotal>,
}

/// The sums of one unit's goals in a group.
#[derive(Debug, Clone, PartialEq)]
pub struct Subtotal {
    pub unit: String,
    pub target: Amount,
    pub actual: Amount,
    /// `actual / target`, or `None` for a target of 0.
    pub attainment: Option<Decimal>,
    /// How many goals the sums hold.
    pub goals: usize,
}

/// Groups the report's rows, groups in order of their first row's sort
/// key (owner name, team name, metric, period start).
pub fn group(document: &Document, rows: &[GoalRow], by: By, as_of: NaiveDate) -> Vec<Group> {
    let org = document.org();
    let roots = top_teams(document, &org);
    let mut groups: BTreeMap<(String, String), Group> = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        let goal = row.goal;
        let (sort, key, name) = match by {
            By::Owner => (
                row.owner_name.to_lowercase(),
                goal.owner.clone(),
                row.owner_name.to_string(),
            ),
            By::Metric => (
                goal.metric.clone(),
                goal.metric.clone(),
                goal.metric.clone(),
            ),
            By::Period => (
                format!("{} {}", row.period.start, row.period.end),
                row.period.label.clone(),
                row.period.label.clone(),
            ),
            By::Team => {
                let on = row.period.end.min(as_of);
                // A team above the grouping teams (the org) is its own group.
                let team = group_team(&org, &roots, &goal.owner, on)
                    .or_else(|| row.owner_is_team.then_some(goal.owner.as_str()));
                match team {
                    Some(team) => {
                        let name = document.owner_name(team).to_string();
                        (name.to_lowercase(), team.to_string(), name)
                    }
                    None => ("\u{10ffff}".into(), String::new(), "(no team)".into()),
                }
            }
        };
        let group = groups.entry((sort, key.clone())).or_insert_with(|| Group {
            key,
            name,
            rows: Vec::new(),
            goals: 0,
            met: 0,
            subtotals: Vec::new(),
        });
        group.rows.push(i);
        group.goals += 1;
        group.met += usize::from(row.evaluation.status.is_success());
        let summable = goal.aggregate == Aggregate::Sum
            && goal.direction == Direction::AtLeast
            && !row.owner_is_team;
        if !summable {
            continue;
        }
        let actual = row.evaluation.actual.unwrap_or(Amount::ZERO);
        match group.subtotals.iter_mut().find(|s| s.unit == goal.unit) {
            Some(sub) => {
                sub.target = Amount(sub.target.0.saturating_add(goal.target.0));
                sub.actual = Amount(sub.actual.0.saturating_add(actual.0));
                sub.goals += 1;
            }
            None => group.subtotals.push(Subtotal {
                unit: goal.unit.clone(),
                target: goal.target,
                actual,
                attainment: None,
                goals: 1,
            }),
        }
    }
    let mut groups: Vec<Group> = groups.into_values().collect();
    for group in &mut groups {
        for sub in &mut group.subtotals {
            sub.attainment = attainment(Direction::AtLeast, Some(sub.actual), sub.target);
        }
    }
    groups
}

/// The teams goals are grouped under: the teams no team holds, or, while
/// there is exactly one such team and it holds teams, the teams it holds
/// (a sales org of three regions groups by region, not into one row).
fn top_teams<'a>(document: &'a Document, org: &Org<'a>) -> Vec<&'a str> {
    let held = |id: &str| {
        document
            .teams
            .iter()
            .any(|t| t.members.iter().any(|m| m.id == id))
    };
    let mut roots: Vec<&str> = document
        .teams
        .iter()
        .map(|t| t.id.as_str())
        .filter(|id| !held(id))
        .collect();
    let mut seen = 0;
    while let [only] = roots[..]
        && seen < document.teams.len()
    {
        let below: Vec<&str> = org
            .team(only)
            .map(|t| {
                t.members
                    .iter()
                    .map(|m| m.id.as_str())
                    .filter(|id| org.team(id).is_some())
                    .collect()
            })
            .unwrap_or_default();
        if below.is_empty() {
            break;
        }
        roots = below;
        seen += 1;
    }
    roots
}

/// The first of `roots` (by id) whose scope holds `owner` on `date`; for a
/// team among the roots, itself.
pub fn group_team<'a>(
    org: &Org<'a>,
    roots: &[&'a str],
    owner: &str,
    date: NaiveDate,
) -> Option<&'a str> {
    let mut sorted = roots.to_vec();
    sorted.sort_unstable();
    sorted.into_iter().find(|root| {
        *root == owner
            || org
                .scope(root)
                .iter()
                .any(|(id, span)| *id == owner && span.contains(date))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::filter::FilterSpec;
    use crate::domain::goal::{Goal, Record};
    use crate::domain::org::{Membership, Person, Team};
    use crate::ledger::evaluate_goals;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn team(id: &str, members: Vec<Membership>) -> Team {
        Team {
            id: id.into(),
            name: id.to_uppercase(),
            members,
        }
    }

    fn goal(id: &str, owner: &str, metric: &str, target: i64, direction: Direction) -> Goal {
        Goal {
            id: id.into(),
            title: id.into(),
            owner: owner.into(),
            metric: metric.into(),
            unit: if metric == "revenue" { "USD" } else { "count" }.into(),
            period: "2026-Q3".into(),
            target: Amount(target.into()),
            stretch: None,
            direction,
            aggregate: Aggregate::Sum,
            tags: Vec::new(),
            created: chrono::DateTime::UNIX_EPOCH,
        }
    }

    fn fact(id: &str, owner: &str, metric: &str, value: i64) -> Record {
        Record {
            id: id.into(),
            owner: owner.into(),
            metric: metric.into(),
            date: date(2026, 8, 1),
            value: Amount(value.into()),
            note: None,
            reference: None,
            goal: None,
        }
    }

    #[test]
    fn subtotals_sum_people_s_at_least_sum_goals_per_unit() {
        let person = |id: &str| Person {
            id: id.into(),
            name: id.to_uppercase(),
            email: None,
        };
        let document = Document {
            people: vec![person("ana"), person("ben")],
            teams: vec![team(
                "east",
                vec![Membership::always("ana"), Membership::always("ben")],
            )],
            goals: vec![
                goal("ana-calls", "ana", "calls", 10, Direction::AtMost),
                goal("ana-deals", "ana", "deals", 4, Direction::AtLeast),
                goal("ana-rev", "ana", "revenue", 100, Direction::AtLeast),
                goal("ben-rev", "ben", "revenue", 100, Direction::AtLeast),
                goal("east-rev", "east", "revenue", 150, Direction::AtLeast),
            ],
            results: vec![
                fact("1", "ana", "revenue", 120),
                fact("2", "ben", "revenue", 30),
                fact("3", "ana", "deals", 5),
                fact("4", "ana", "calls", 3),
            ]
            .into(),
            ..Document::default()
        };
        let as_of = date(2026, 11, 27);
        let rows = evaluate_goals(&document, &FilterSpec::default(), as_of).unwrap();
        let by_team = group(&document, &rows, By::Team, as_of);
        assert_eq!(by_team.len(), 1);
        let east = &by_team[0];
        assert_eq!((east.key.as_str(), east.name.as_str()), ("east", "EAST"));
        assert_eq!((east.goals, east.met), (5, 4));
        // USD: Ana 120 of 100 and Ben 30 of 100 (the team's goal is not
        // added); count: Ana's deals (her at-most calls are not summed).
        let unit = |u: &str| east.subtotals.iter().find(|s| s.unit == u).unwrap();
        let usd = unit("USD");
        assert_eq!(
            (usd.target, usd.actual, usd.goals),
            (Amount(200.into()), Amount(150.into()), 2)
        );
        assert_eq!(usd.attainment, Some("0.75".parse().unwrap()));
        let count = unit("count");
        assert_eq!(
            (count.unit.as_str(), count.target, count.actual),
            ("count", Amount(4.into()), Amount(5.into()))
        );
        assert_eq!(east.subtotals.len(), 2);
        let by_owner = group(&document, &rows, By::Owner, as_of);
        let keys: Vec<&str> = by_owner.iter().map(|g| g.key.as_str()).collect();
        assert_eq!(keys, ["ana", "ben", "east"]);
        assert_eq!(by_owner[0].rows.len(), 3);
        assert_eq!(By::ALL.map(By::name), ["owner", "team", "metric", "period"]);
    }

    #[test]
    fn one_root_that_holds_teams_groups_by_the_teams_below_it() {
        let mut document = Document {
            teams: vec![
                team("east", vec![Membership::always("ana")]),
                team(
                    "org",
                    vec![Membership::always("east"), Membership::always("west")],
                ),
                team(
                    "west",
                    vec![Membership {
                        id: "tom".into(),
                        from: Some(date(2026, 10, 1)),
                        to: None,
                    }],
                ),
            ],
            ..Document::default()
        };
        let org = document.org();
        let roots = top_teams(&document, &org);
        assert_eq!(roots, ["east", "west"]);
        assert_eq!(
            group_team(&org, &roots, "ana", date(2026, 9, 30)),
            Some("east")
        );
        assert_eq!(group_team(&org, &roots, "tom", date(2026, 9, 30)), None);
        assert_eq!(
            group_team(&org, &roots, "tom", date(2026, 10, 1)),
            Some("west")
        );
        assert_eq!(
            group_team(&org, &roots, "west", date(2026, 1, 1)),
            Some("west")
        );
        // Two roots: each is a group.
        document.teams.push(team("partners", vec![]));
        let org = document.org();
        assert_eq!(top_teams(&document, &org), ["org", "partners"]);
    }
}
