//! `goal list` and `goal show`.

use serde::Serialize;

use super::results::ResultRow;
use super::{GoalJson, GoalRow, RecordJson, opt_text, status_tone};
use crate::domain::goal::Record;
use crate::render::{Block, Cell, Records, Table, Tone, View, human_amount, human_percent};

/// Goal definitions, one row each.
pub struct GoalListView<'a> {
    pub rows: Vec<GoalRow<'a>>,
}

impl View for GoalListView<'_> {
    fn blocks(&self) -> Vec<Block> {
        if self.rows.is_empty() {
            return vec![Block::Line(
                "No goals match. Add one with `attain goal add --target 100k --period \
                 this-quarter --owner east`."
                    .into(),
                Tone::Dim,
            )];
        }
        let mut table = Table::new(&[
            "Goal", "Title", "Owner", "Metric", "Period", ">Target", ">Stretch", "Rule", "Tags",
        ]);
        for row in &self.rows {
            let g = row.goal;
            table.row(vec![
                Cell::new(&g.id, Tone::Strong),
                Cell::plain(&g.title),
                Cell::plain(row.owner_name),
                Cell::plain(&g.metric),
                Cell::plain(&row.period.label),
                Cell::plain(human_amount(g.target, &g.unit)),
                Cell::plain(
                    g.stretch
                        .map(|s| human_amount(s, &g.unit))
                        .unwrap_or_default(),
                ),
                Cell::new(format!("{}, {}", g.direction, g.aggregate), Tone::Dim),
                Cell::plain(g.tags.join(", ")),
            ]);
        }
        vec![Block::Table(table)]
    }

    fn records(&self) -> Records {
        Records {
            headers: super::goal_headers(&["target", "stretch", "tags"]),
            rows: self
                .rows
                .iter()
                .map(|row| {
                    let g = row.goal;
                    let mut fields = super::goal_columns(row);
                    fields.extend([g.target.canonical(), opt_text(g.stretch), g.tags.join(";")]);
                    fields
                })
                .collect(),
        }
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let goals: Vec<GoalJson> = self.rows.iter().map(GoalJson::from).collect();
        serde_json::to_writer_pretty(out, &goals)
    }
}

/// One goal in full: definition, attainment and results.
pub struct GoalShowView<'a> {
    pub row: GoalRow<'a>,
    /// The results that count toward the goal, by date.
    pub results: Vec<ResultRow<'a>>,
    /// Which days the pace counts: "day 46 of 92" or "working day 5 of 20".
    pub pace: crate::domain::pace::PaceMode,
}

#[derive(Serialize)]
struct GoalShowJson<'a> {
    #[serde(flatten)]
    goal: GoalJson<'a>,
    created: String,
    recorded: Vec<RecordJson<'a>>,
}

impl View for GoalShowView<'_> {
    fn blocks(&self) -> Vec<Block> {
        let g = self.row.goal;
        let e = &self.row.evaluation;
        let p = &self.row.period;
        let amount = |v| human_amount(v, &g.unit);
        let mut facts = Table::new(&["Field", "Value"]);
        let mut fact = |name: &str, value: String, tone: Tone| {
            facts.row(vec![Cell::new(name, Tone::Dim), Cell::new(value, tone)]);
        };
        fact("id", g.id.clone(), Tone::Strong);
        fact(
            "owner",
            if self.row.owner_name == g.owner {
                g.owner.clone()
            } else {
                format!("{} ({})", self.row.owner_name, g.owner)
            },
            Tone::Plain,
        );
        fact("metric", format!("{} ({})", g.metric, g.unit), Tone::Plain);
        fact(
            "period",
            format!("{} ({} to {})", p.label, p.start, p.end),
            Tone::Plain,
        );
        fact(
            "rule",
            format!("{}, {}", g.direction, g.aggregate),
            Tone::Plain,
        );
        fact("target", amount(g.target), Tone::Plain);
        if let Some(stretch) = g.stretch {
            fact("stretch", amount(stretch), Tone::Plain);
        }
        fact(
            "actual",
            e.actual.map(amount).unwrap_or_else(|| "—".into()),
            Tone::Plain,
        );
        fact(
            "attainment",
            human_percent(e.attainment),
            status_tone(e.status),
        );
        if let Some(gap) = e.gap {
            fact("gap", amount(gap), Tone::Plain);
        }
        if let Some(projected) = e.projected {
            fact(
                "projected",
                format!(
                    "{} ({} {} of {})",
                    amount(projected),
                    match self.pace {
                        crate::domain::pace::PaceMode::Calendar => "day",
                        crate::domain::pace::PaceMode::Business => "working day",
                    },
                    e.elapsed_days,
                    e.period_days
                ),
                Tone::Plain,
            );
        }
        fact("status", e.status.name().into(), status_tone(e.status));
        if !g.tags.is_empty() {
            fact("tags", g.tags.join(", "), Tone::Plain);
        }
        let mut blocks = vec![Block::Heading(g.title.clone()), Block::Table(facts)];
        if self.results.is_empty() {
            blocks.push(Block::Line(
                format!("No results yet. Record one: attain record {} 12.5k", g.id),
                Tone::Dim,
            ));
        } else {
            let others = self.results.iter().any(|r| *r.record.owner != g.owner);
            blocks.push(Block::Table(super::results::table(&self.results, others)));
        }
        blocks
    }

    fn records(&self) -> Records {
        let results: Vec<&Record> = self.results.iter().map(|r| r.record).collect();
        super::results::records(&results)
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let json = GoalShowJson {
            goal: GoalJson::from(&self.row),
            created: self
                .row
                .goal
                .created
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            recorded: self.results.iter().map(|r| r.record.into()).collect(),
        };
        serde_json::to_writer_pretty(out, &json)
    }
}

/// What `goal import` did, or would do in a dry run.
pub struct PlanView {
    pub source: String,
    pub dry_run: bool,
    pub changes: Vec<(crate::domain::goal::Goal, crate::ledger::plan::Change)>,
}

impl PlanView {
    fn count(&self, change: crate::ledger::plan::Change) -> usize {
        self.changes.iter().filter(|(_, c)| *c == change).count()
    }
}

impl View for PlanView {
    fn blocks(&self) -> Vec<Block> {
        use crate::ledger::plan::Change;
        let mut blocks = Vec::new();
        let changed: Vec<&(crate::domain::goal::Goal, Change)> = self
            .changes
            .iter()
            .filter(|(_, c)| *c != Change::Unchanged)
            .collect();
        if self.dry_run && !changed.is_empty() {
            let mut table = Table::new(&["Goal", "Owner", "Period", ">Target", "Change"]);
            for (goal, change) in changed {
                table.row(vec![
                    Cell::new(&goal.id, Tone::Strong),
                    Cell::plain(&goal.owner),
                    Cell::plain(&goal.period),
                    Cell::plain(human_amount(goal.target, &goal.unit)),
                    Cell::plain(change.name()),
                ]);
            }
            blocks.push(Block::Table(table));
        }
        let (did, add, update) = if self.dry_run {
            ("Dry run of", "would add", "would update")
        } else {
            ("Imported", "added", "updated")
        };
        blocks.push(Block::Line(
            format!(
                "{did} {}: {add} {}, {update} {}, {} unchanged goal(s).",
                self.source,
                self.count(Change::Added),
                self.count(Change::Updated),
                self.count(Change::Unchanged)
            ),
            Tone::Plain,
        ));
        blocks
    }

    fn records(&self) -> Records {
        Records {
            headers: vec![
                "id", "owner", "metric", "period", "target", "stretch", "change",
            ],
            rows: self
                .changes
                .iter()
                .map(|(g, c)| {
                    vec![
                        g.id.clone(),
                        g.owner.clone(),
                        g.metric.clone(),
                        g.period.clone(),
                        g.target.canonical(),
                        opt_text(g.stretch),
                        c.name().to_string(),
                    ]
                })
                .collect(),
        }
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        use crate::ledger::plan::Change;
        let json = serde_json::json!({
            "added": self.count(Change::Added),
            "updated": self.count(Change::Updated),
            "unchanged": self.count(Change::Unchanged),
            "dry_run": self.dry_run,
            "goals": self.changes.iter().map(|(g, c)| serde_json::json!({
                "id": g.id, "owner": g.owner, "metric": g.metric, "period": g.period,
                "target": g.target, "stretch": g.stretch, "change": c.name(),
            })).collect::<Vec<_>>(),
        });
        serde_json::to_writer_pretty(out, &json)
    }
}
