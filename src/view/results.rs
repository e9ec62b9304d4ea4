//! `result list`: recorded results.

use super::RecordJson;
use crate::domain::goal::Record;
use crate::render::{Block, Cell, Records, Table, Tone, View, human_amount};

/// A result as a table shows it: with its short id, its owner's name and
/// its unit.
pub struct ResultRow<'a> {
    pub record: &'a Record,
    pub short_id: &'a str,
    pub owner_name: &'a str,
    pub unit: &'a str,
}

pub struct ResultListView<'a> {
    pub results: Vec<ResultRow<'a>>,
}

impl View for ResultListView<'_> {
    fn blocks(&self) -> Vec<Block> {
        if self.results.is_empty() {
            return vec![Block::Line(
                "No results match. Record one with `attain record GOAL VALUE`.".into(),
                Tone::Dim,
            )];
        }
        let mut table = Table::new(&["Id", "Owner", "Metric", "Date", ">Value", "Ref", "Note"]);
        for r in &self.results {
            table.row(row(r, true));
        }
        vec![Block::Table(table)]
    }

    fn records(&self) -> Records {
        let results: Vec<&Record> = self.results.iter().map(|r| r.record).collect();
        records(&results)
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let json: Vec<RecordJson> = self.results.iter().map(|r| r.record.into()).collect();
        serde_json::to_writer_pretty(out, &json)
    }
}

fn row(r: &ResultRow, with_owner: bool) -> Vec<Cell> {
    let record = r.record;
    let mut cells = vec![Cell::new(r.short_id, Tone::Dim)];
    if with_owner {
        cells.push(Cell::plain(r.owner_name));
        cells.push(Cell::plain(&*record.metric));
    }
    cells.extend([
        Cell::plain(record.date.to_string()),
        Cell::plain(human_amount(record.value, r.unit)),
        Cell::plain(record.reference.as_deref().unwrap_or_default().to_string()),
        Cell::plain(record.note.as_deref().unwrap_or_default().to_string()),
    ]);
    cells
}

/// The results of one goal, for `goal show`: the owner column only when
/// the goal is a team's.
pub fn table(results: &[ResultRow], with_owner: bool) -> Table {
    let mut table = if with_owner {
        Table::new(&["Id", "Owner", "Date", ">Value", "Ref", "Note"])
    } else {
        Table::new(&["Id", "Date", ">Value", "Ref", "Note"])
    };
    for r in results {
        let mut cells = row(r, with_owner);
        if with_owner {
            cells.remove(2);
        }
        table.row(cells);
    }
    table
}

pub fn records(results: &[&Record]) -> Records {
    Records {
        headers: vec!["id", "owner", "metric", "date", "value", "note", "ref"],
        rows: results
            .iter()
            .map(|r| {
                vec![
                    r.id.to_string(),
                    r.owner.to_string(),
                    r.metric.to_string(),
                    r.date.to_string(),
                    r.value.canonical(),
                    r.note.as_deref().unwrap_or_default().to_string(),
                    r.reference.as_deref().unwrap_or_default().to_string(),
                ]
            })
            .collect(),
    }
}
