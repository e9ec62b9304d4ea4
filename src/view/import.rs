//! `import`: what was added and skipped (or, in a dry run, would be).

use std::collections::HashMap;

use serde::Serialize;

use super::RecordJson;
use super::results::{records, row};
use crate::domain::goal::Record;
use crate::render::{Block, Cell, Records, Table, Tone, View};

pub struct ImportView {
    /// The input's name: a path or `stdin`.
    pub source: String,
    pub dry_run: bool,
    pub added: Vec<Record>,
    /// Rows already recorded, skipped.
    pub duplicates: Vec<Duplicate>,
    /// Rows left out by `--where`.
    pub filtered: u64,
    /// Each goal's unit, for people.
    pub units: HashMap<String, String>,
    /// Set when a JSON backup was restored.
    pub backup: Option<BackupCounts>,
}

/// A row skipped because it was already recorded: the same goal and ref,
/// or without a ref, a result of the same goal, date, value and note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    /// The data row, 1-based.
    pub row: u64,
    pub goal: String,
    #[serde(rename = "ref")]
    pub reference: Option<String>,
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
    skipped: usize,
    filtered: u64,
    dry_run: bool,
    results: Vec<RecordJson<'a>>,
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
    fn skipped(&self) -> usize {
        match &self.backup {
            Some(b) => b.results_skipped,
            None => self.duplicates.len(),
        }
    }

    fn summary(&self) -> String {
        let (did, add, skip) = if self.dry_run {
            ("Dry run of", "would add", "would skip")
        } else if self.backup.is_some() {
            ("Restored", "added", "skipped")
        } else {
            ("Imported", "added", "skipped")
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
                let mut line = format!(
                    "{did} {source}: {add} {}, {skip} {} duplicate(s)",
                    self.added.len(),
                    self.duplicates.len()
                );
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
            let mut table = Table::new(&["Id", "Goal", "Date", ">Value", "Ref", "Note"]);
            for r in &self.added {
                let unit = self.units.get(&*r.goal).map_or("", String::as_str);
                table.row(row(r, unit, true));
            }
            blocks.push(Block::Table(table));
        }
        if self.dry_run && !self.duplicates.is_empty() {
            blocks.push(Block::Heading("Would skip (already recorded)".into()));
            let mut table = Table::new(&[">Row", "Goal", "Ref"]);
            for d in &self.duplicates {
                table.row(vec![
                    Cell::new(d.row.to_string(), Tone::Dim),
                    Cell::plain(&d.goal),
                    Cell::plain(d.reference.as_deref().unwrap_or_default()),
                ]);
            }
            blocks.push(Block::Table(table));
        }
        blocks.push(Block::Line(self.summary(), Tone::Plain));
        let without_ref = self.added.iter().filter(|r| r.reference.is_none()).count();
        if self.backup.is_none() && without_ref > 0 {
            blocks.push(Block::Line(
                format!(
                    "{without_ref} added result(s) have no ref, so a re-import knows them only by \
                     goal, date, value and note; map a column of unique ids with --map ref=HEADER"
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
            skipped: self.skipped(),
            filtered: self.filtered,
            dry_run: self.dry_run,
            results: self.added.iter().map(RecordJson::from).collect(),
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
