//! `person list`, `team list` and `team show`.

use chrono::NaiveDate;
use serde::Serialize;

use super::{GoalJson, GoalRow, status_tone};
use crate::domain::org::{Span, Team};
use crate::ledger::org::{MemberRow, PersonRow, ScopeRow, TeamRow, span_text};
use crate::render::{Block, Cell, Records, Table, Tone, View, human_amount, human_percent};

/// People, one row each.
pub struct PersonListView<'a> {
    pub rows: Vec<PersonRow<'a>>,
}

#[derive(Serialize)]
struct PersonJson<'a> {
    id: &'a str,
    name: &'a str,
    email: Option<&'a str>,
    /// The teams holding the person on the as-of date.
    teams: Vec<&'a str>,
    goals: usize,
}

impl View for PersonListView<'_> {
    fn blocks(&self) -> Vec<Block> {
        if self.rows.is_empty() {
            return vec![Block::Line(
                "No people yet. Add one with `attain person add \"Maria Chen\"`.".into(),
                Tone::Dim,
            )];
        }
        let mut table = Table::new(&["Id", "Name", "Email", "Teams", ">Goals"]);
        for row in &self.rows {
            let p = row.person;
            table.row(vec![
                Cell::new(&p.id, Tone::Strong),
                Cell::plain(&p.name),
                Cell::plain(p.email.clone().unwrap_or_default()),
                Cell::plain(names(&row.teams)),
                Cell::plain(row.goals.to_string()),
            ]);
        }
        vec![Block::Table(table)]
    }

    fn records(&self) -> Records {
        Records {
            headers: vec!["id", "name", "email", "teams", "goals"],
            rows: self
                .rows
                .iter()
                .map(|row| {
                    let p = row.person;
                    vec![
                        p.id.clone(),
                        p.name.clone(),
                        p.email.clone().unwrap_or_default(),
                        ids(&row.teams),
                        row.goals.to_string(),
                    ]
                })
                .collect(),
        }
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let people: Vec<PersonJson> = self
            .rows
            .iter()
            .map(|row| PersonJson {
                id: &row.person.id,
                name: &row.person.name,
                email: row.person.email.as_deref(),
                teams: row.teams.iter().map(|t| t.id.as_str()).collect(),
                goals: row.goals,
            })
            .collect();
        serde_json::to_writer_pretty(out, &people)
    }
}

/// Teams, one row each.
pub struct TeamListView<'a> {
    pub rows: Vec<TeamRow<'a>>,
}

#[derive(Serialize)]
struct TeamJson<'a> {
    id: &'a str,
    name: &'a str,
    members: Vec<MembershipJson<'a>>,
    /// The teams holding this one on the as-of date.
    parents: Vec<&'a str>,
    goals: usize,
}

/// A membership in JSON: `from` inclusive, `to` exclusive, null when open.
#[derive(Serialize)]
struct MembershipJson<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

impl View for TeamListView<'_> {
    fn blocks(&self) -> Vec<Block> {
        if self.rows.is_empty() {
            return vec![Block::Line(
                "No teams yet. Add one with `attain team add east --name \"East\" --member \
                 maria-chen`."
                    .into(),
                Tone::Dim,
            )];
        }
        let mut table = Table::new(&["Id", "Name", ">Members", "Parent teams", ">Goals"]);
        for row in &self.rows {
            table.row(vec![
                Cell::new(&row.team.id, Tone::Strong),
                Cell::plain(&row.team.name),
                Cell::plain(row.current.to_string()),
                Cell::plain(names(&row.parents)),
                Cell::plain(row.goals.to_string()),
            ]);
        }
        vec![Block::Table(table)]
    }

    fn records(&self) -> Records {
        Records {
            headers: vec!["id", "name", "members", "parents", "goals"],
            rows: self
                .rows
                .iter()
                .map(|row| {
                    vec![
                        row.team.id.clone(),
                        row.team.name.clone(),
                        row.current.to_string(),
                        ids(&row.parents),
                        row.goals.to_string(),
                    ]
                })
                .collect(),
        }
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let teams: Vec<TeamJson> = self
            .rows
            .iter()
            .map(|row| TeamJson {
                id: &row.team.id,
                name: &row.team.name,
                members: row
                    .team
                    .members
                    .iter()
                    .map(|m| MembershipJson {
                        id: &m.id,
                        name: None,
                        kind: None,
                        from: m.from,
                        to: m.to,
                    })
                    .collect(),
                parents: row.parents.iter().map(|t| t.id.as_str()).collect(),
                goals: row.goals,
            })
            .collect();
        serde_json::to_writer_pretty(out, &teams)
    }
}

/// One team: its members, the people in its scope, and its own goals.
pub struct TeamShowView<'a> {
    pub team: &'a Team,
    pub members: Vec<MemberRow<'a>>,
    pub scope: Vec<ScopeRow<'a>>,
    pub goals: Vec<GoalRow<'a>>,
}

#[derive(Serialize)]
struct TeamShowJson<'a> {
    id: &'a str,
    name: &'a str,
    members: Vec<MembershipJson<'a>>,
    /// Every person whose results count for the team, with the teams they
    /// are reached by and the dates in which they count.
    scope: Vec<ScopeJson<'a>>,
    goals: Vec<GoalJson<'a>>,
}

#[derive(Serialize)]
struct ScopeJson<'a> {
    id: &'a str,
    name: &'a str,
    path: &'a [&'a str],
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

impl View for TeamShowView<'_> {
    fn blocks(&self) -> Vec<Block> {
        let team = self.team;
        let mut blocks = vec![Block::Heading(format!("{} ({})", team.name, team.id))];
        if self.members.is_empty() {
            blocks.push(Block::Line(
                format!(
                    "No members yet. Add one: attain team edit {} --add maria-chen",
                    team.id
                ),
                Tone::Dim,
            ));
        } else {
            let mut table = Table::new(&["Member", "Id", "Kind", "Counts"]);
            for row in &self.members {
                let m = row.membership;
                table.row(vec![
                    Cell::plain(row.name),
                    Cell::new(&m.id, Tone::Strong),
                    Cell::new(if row.is_team { "team" } else { "person" }, Tone::Dim),
                    Cell::plain(span_text(Span {
                        from: m.from,
                        to: m.to,
                    })),
                ]);
            }
            blocks.push(Block::Table(table));
        }
        if !self.scope.is_empty() {
            blocks.push(Block::Heading("People whose results count".into()));
            let mut table = Table::new(&["Person", "Id", "Via", "Counts"]);
            for row in &self.scope {
                table.row(vec![
                    Cell::plain(row.name),
                    Cell::new(row.id, Tone::Strong),
                    Cell::new(row.path_names.join(" → "), Tone::Dim),
                    Cell::plain(span_text(row.span)),
                ]);
            }
            blocks.push(Block::Table(table));
        }
        blocks.push(Block::Heading("Goals of the team".into()));
        if self.goals.is_empty() {
            blocks.push(Block::Line(
                format!(
                    "No goals yet. Add one: attain goal add --owner {} --target 100k --period \
                     this-quarter",
                    team.id
                ),
                Tone::Dim,
            ));
        } else {
            let mut table = Table::new(&[
                "Goal",
                "Period",
                ">Target",
                ">Actual",
                ">Attainment",
                "Status",
            ]);
            for row in &self.goals {
                let g = row.goal;
                let e = &row.evaluation;
                table.row(vec![
                    Cell::new(&g.id, Tone::Strong),
                    Cell::plain(&row.period.label),
                    Cell::plain(human_amount(g.target, &g.unit)),
                    Cell::plain(
                        e.actual
                            .map(|a| human_amount(a, &g.unit))
                            .unwrap_or_else(|| "—".into()),
                    ),
                    Cell::new(human_percent(e.attainment), status_tone(e.status)),
                    Cell::new(e.status.name(), status_tone(e.status)),
                ]);
            }
            blocks.push(Block::Table(table));
        }
        blocks
    }

    /// The people in scope, one row per path.
    fn records(&self) -> Records {
        Records {
            headers: vec!["team", "id", "name", "path", "from", "to"],
            rows: self
                .scope
                .iter()
                .map(|row| {
                    vec![
                        self.team.id.clone(),
                        row.id.to_string(),
                        row.name.to_string(),
                        row.path.join(";"),
                        row.span.from.map(|d| d.to_string()).unwrap_or_default(),
                        row.span.to.map(|d| d.to_string()).unwrap_or_default(),
                    ]
                })
                .collect(),
        }
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let json = TeamShowJson {
            id: &self.team.id,
            name: &self.team.name,
            members: self
                .members
                .iter()
                .map(|row| MembershipJson {
                    id: &row.membership.id,
                    name: Some(row.name),
                    kind: Some(if row.is_team { "team" } else { "person" }),
                    from: row.membership.from,
                    to: row.membership.to,
                })
                .collect(),
            scope: self
                .scope
                .iter()
                .map(|row| ScopeJson {
                    id: row.id,
                    name: row.name,
                    path: &row.path,
                    from: row.span.from,
                    to: row.span.to,
                })
                .collect(),
            goals: self.goals.iter().map(GoalJson::from).collect(),
        };
        serde_json::to_writer_pretty(out, &json)
    }
}

/// Teams by name, for people.
fn names(teams: &[&Team]) -> String {
    teams
        .iter()
        .map(|t| t.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Teams by id, for machines: `;` between them, as CSV tags are.
fn ids(teams: &[&Team]) -> String {
    teams
        .iter()
        .map(|t| t.id.as_str())
        .collect::<Vec<_>>()
        .join(";")
}
