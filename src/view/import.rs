//! `import`: what was added and skipped (or, in a dry run, would be).

use std::collections::HashMap;

use serde::Serialize;

use super::RecordJson;
use super::results::records;
use crate::domain::goal::Record;
pub use crate::ledger::import::Duplicate;
use crate::render::{Block, Cell, Records, Table, Tone, View, human_amount};

pub struct ImportView {
    /// The input's name: a path or `stdin`.
    pub source: String,
    pub dry_run: bool,
    pub added: Vec<Record>,
    /// Results whose ref was known, now with a new value or date.
    pub changed: Vec<Record>,
    /// Rows already recorded, skipped.
    pub duplicates: Vec<Duplicate>,
    /// Rows left out by `--where`.
    pub filtered: u64,
    /// Owners the import named that were not in the file, as typed: they
    /// were added as people.
    pub new_people: Vec<String>,
    /// Each metric's unit, for people.
    pub units: HashMap<String, String>,
    /// Set when a JSON backup was restored.
    pub backup: Option<BackupCounts>,
}

/// What a restored backup added besides results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupCounts {
    pub settings_restored: bool,
    pub goals_added: usize,
    pub goals_skipped: usize,
    pub results_skipped: usize,
    pub celebrations_added: usize,
    pub celebrations_skipped: usize,
    pub reviews_added: usize,
    pub reviews_skipped: usize,
}

#[derive(Serialize)]
struct ImportJson<'a> {
    added: usize,
    changed: usize,
    skipped: usize,
    filtered: u64,
    dry_run: bool,
    results: Vec<RecordJson<'a>>,
    changed_results: Vec<RecordJson<'a>>,
    new_people: &'a [String],
    duplicates: &'a [Duplicate],
    backup: Option<BackupJson>,
}

#[derive(Serialize)]
struct BackupJson {
    settings: &'static str,
    goals: Counted,
    celebrations: Counted,
    reviews: Counted,
}

#[derive(Serialize)]
struct Counted {
    added: usize,
    skipped: usize,
}

impl ImportView {
    fn table(&self, results: &[Record]) -> Table {
        let mut table = Table::new(&["Id", "Owner", "Metric", "Date", ">Value", "Ref", "Note"]);
        for r in results {
            let unit = self.units.get(&*r.metric).map_or("", String::as_str);
            table.row(vec![
                Cell::new(r.id.as_str(), Tone::Dim),
                Cell::plain(&*r.owner),
                Cell::plain(&*r.metric),
                Cell::plain(r.date.to_string()),
                Cell::plain(human_amount(r.value, unit)),
                Cell::plain(r.reference.as_deref().unwrap_or_default()),
                Cell::plain(r.note.as_deref().unwrap_or_default()),
            ]);
        }
        table
    }

    fn skipped(&self) -> usize {
        match &self.backup {
            Some(b) => b.results_skipped,
            None => self.duplicates.len(),
        }
    }

    fn summary(&self) -> String {
        let (did, add, change, skip) = if self.dry_run {
            ("Dry run of", "would add", "would change", "would skip")
        } else if self.backup.is_some() {
            ("Restored", "added", "changed", "skipped")
        } else {
            ("Imported", "added", "changed", "skipped")
        };
        let source = &self.source;
        match &self.backup {
            Some(b) => {
                let settings = if b.settings_restored {
                    "settings restored; "
                } else {
                    ""
                };
                format!(
                    "{did} {source}: {settings}{add} {} goal(s), {} result(s), {} celebration(s), \
                     {} review(s); {skip} {} goal(s), {} result(s), {} celebration(s), {} \
                     review(s) already in the file.",
                    b.goals_added,
                    self.added.len(),
                    b.celebrations_added,
                    b.reviews_added,
                    b.goals_skipped,
                    b.results_skipped,
                    b.celebrations_skipped,
                    b.reviews_skipped
                )
            }
            None => {
                let mut line = format!("{did} {source}: {add} {}", self.added.len());
                if !self.changed.is_empty() {
                    line.push_str(&format!(", {change} {}", self.changed.len()));
                }
                line.push_str(&format!(", {skip} {} duplicate(s)", self.duplicates.len()));
                if self.filtered > 0 {
                    line.push_str(&format!(", left out {} row(s) by --where", self.filtered));
                }
                line.push('.');
                line
            }
        }
    }
}

impl View for ImportView {
    fn blocks(&self) -> Vec<Block> {
        let mut blocks = Vec::new();
        if self.dry_run && !self.added.is_empty() {
            blocks.push(Block::Heading("Would add".into()));
            blocks.push(Block::Table(self.table(&self.added)));
        }
        if self.dry_run && !self.duplicates.is_empty() {
            blocks.push(Block::Heading("Would skip (already recorded)".into()));
            let mut table = Table::new(&[">Row", "Owner", "Ref"]);
            for d in &self.duplicates {
                table.row(vec![
                    Cell::new(d.row.to_string(), Tone::Dim),
                    Cell::plain(&d.owner),
                    Cell::plain(d.reference.as_deref().unwrap_or_default()),
                ]);
            }
            blocks.push(Block::Table(table));
        }
        if self.dry_run && !self.changed.is_empty() {
            blocks.push(Block::Heading(
                "Would change (known ref, new value or date)".into(),
            ));
            blocks.push(Block::Table(self.table(&self.changed)));
        }
        blocks.push(Block::Line(self.summary(), Tone::Plain));
        if !self.new_people.is_empty() {
            blocks.push(Block::Line(
                format!(
                    "New people: {} (see `attain person list`; a misspelt name is fixed with \
                     `attain person edit`)",
                    self.new_people.join(", ")
                ),
                Tone::Warn,
            ));
        }
        let without_ref = self.added.iter().filter(|r| r.reference.is_none()).count();
        if self.backup.is_none() && without_ref > 0 {
            blocks.push(Block::Line(
                format!(
                    "{without_ref} added result(s) have no ref, so a re-import knows them only by \
                     owner, metric, date, value and note; map a column of unique ids with --map \
                     ref=HEADER"
                ),
                Tone::Dim,
            ));
        }
        blocks
    }

    fn records(&self) -> Records {
        records(&self.added.iter().collect::<Vec<_>>())
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let json = ImportJson {
            added: self.added.len(),
            changed: self.changed.len(),
            skipped: self.skipped(),
            filtered: self.filtered,
            dry_run: self.dry_run,
            results: self.added.iter().map(RecordJson::from).collect(),
            changed_results: self.changed.iter().map(RecordJson::from).collect(),
            new_people: &self.new_people,
            duplicates: &self.duplicates,
            backup: self.backup.as_ref().map(|b| BackupJson {
                settings: if b.settings_restored {
                    "restored"
                } else {
                    "unchanged"
                },
                goals: Counted {
                    added: b.goals_added,
                    skipped: b.goals_skipped,
                },
                celebrations: Counted {
                    added: b.celebrations_added,
                    skipped: b.celebrations_skipped,
                },
                reviews: Counted {
                    added: b.reviews_added,
                    skipped: b.reviews_skipped,
                },
            }),
        };
        serde_json::to_writer_pretty(out, &json)
    }
}
