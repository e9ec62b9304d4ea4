//! `result list`: recorded results.

use super::RecordJson;
use crate::domain::goal::Record;
use crate::render::{Block, Cell, Records, Table, Tone, View, human_amount};

pub struct ResultListView<'a> {
    pub results: Vec<&'a Record>,
    /// Each result's goal unit, for people.
    pub unit_of: Box<dyn Fn(&str) -> String + 'a>,
}

impl View for ResultListView<'_> {
    fn blocks(&self) -> Vec<Block> {
        if self.results.is_empty() {
            return vec![Block::Line(
                "No results match. Record one with `attain record GOAL VALUE`.".into(),
                Tone::Dim,
            )];
        }
        let mut table = Table::new(&["Id", "Goal", "Date", ">Value", "Ref", "Note"]);
        for r in &self.results {
            table.row(row(r, &(self.unit_of)(&r.goal), true));
        }
        vec![Block::Table(table)]
    }

    fn records(&self) -> Records {
        records(&self.results)
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let json: Vec<RecordJson> = self.results.iter().map(|r| RecordJson::from(*r)).collect();
        serde_json::to_writer_pretty(out, &json)
    }
}

pub fn row(r: &Record, unit: &str, with_goal: bool) -> Vec<Cell> {
    let mut cells = vec![Cell::new(r.id.to_string(), Tone::Dim)];
    if with_goal {
        cells.push(Cell::plain(&*r.goal));
    }
    cells.extend([
        Cell::plain(r.date.to_string()),
        Cell::plain(human_amount(r.value, unit)),
        Cell::plain(r.reference.as_deref().unwrap_or_default().to_string()),
        Cell::plain(r.note.as_deref().unwrap_or_default().to_string()),
    ]);
    cells
}

/// The results of one goal, for `goal show`.
pub fn table(results: &[&Record], unit: &str) -> Table {
    let mut table = Table::new(&["Id", "Date", ">Value", "Ref", "Note"]);
    for r in results {
        table.row(row(r, unit, false));
    }
    table
}

pub fn records(results: &[&Record]) -> Records {
    Records {
        headers: vec!["id", "goal", "date", "value", "note", "ref"],
        rows: results
            .iter()
            .map(|r| {
                vec![
                    r.id.to_string(),
                    r.goal.to_string(),
                    r.date.to_string(),
                    r.value.canonical(),
                    r.note.as_deref().unwrap_or_default().to_string(),
                    r.reference.as_deref().unwrap_or_default().to_string(),
                ]
            })
            .collect(),
    }
}
