//! `attain export`: a JSON backup in the data file's own layout, or the
//! results as CSV or JSON Lines (the columns `attain import` reads).

use std::collections::HashSet;
use std::io::Write;

use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use serde::Serialize;

use super::{Context, Exit, evaluate_goals};
use crate::domain::amount::Amount;
use crate::domain::filter::FilterSpec;
use crate::domain::goal::Record;
use crate::domain::text::escape_formula;
use crate::store::Document;

/// What `attain export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// The backup: settings, goals, results, celebrations, reviews.
    Json,
    Csv,
    Jsonl,
}

/// The columns of a results export, in the order `attain import` reads.
pub const COLUMNS: [&str; 5] = ["goal", "date", "value", "note", "ref"];

pub fn run(spec: &FilterSpec, format: ExportFormat, ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    let mut selected: HashSet<&str> = evaluate_goals(&document, spec, ctx.as_of)?
        .iter()
        .map(|row| row.goal.id.as_str())
        .collect();
    // A selected goal's review names its follow-up goal: a backup without
    // it would not be a valid file.
    let follow_ups: Vec<&str> = document
        .reviews
        .iter()
        .filter(|r| selected.contains(r.goal.as_str()))
        .filter_map(|r| r.follow_up.as_deref())
        .collect();
    selected.extend(follow_ups);
    let everything = selected.len() == document.goals.len();
    let results = document
        .results
        .iter()
        .filter(|r| everything || selected.contains(&*r.goal));
    let bytes = match format {
        ExportFormat::Json if everything => document.to_bytes()?,
        ExportFormat::Json => backup(&document, &selected).to_bytes()?,
        ExportFormat::Csv => csv(results)?,
        ExportFormat::Jsonl => jsonl(results)?,
    };
    // Data goes out byte for byte (anstream would strip escape characters
    // from notes).
    let mut out = std::io::stdout().lock();
    out.write_all(&bytes)?;
    out.flush()?;
    Ok(Exit::Success)
}

/// The selected goals with their records, in the data file's layout.
fn backup(document: &Document, selected: &HashSet<&str>) -> Document {
    // Every array of the document is named here, so that a new one cannot
    // be left out of backups unnoticed.
    let Document {
        version,
        settings,
        goals,
        results,
        celebrations,
        reviews,
    } = document;
    Document {
        version: *version,
        settings: settings.clone(),
        goals: goals
            .iter()
            .filter(|g| selected.contains(g.id.as_str()))
            .cloned()
            .collect(),
        results: results
            .iter()
            .filter(|r| selected.contains(&*r.goal))
            .cloned()
            .collect(),
        celebrations: celebrations
            .iter()
            .filter(|c| selected.contains(c.goal.as_str()))
            .cloned()
            .collect(),
        reviews: reviews
            .iter()
            .filter(|r| selected.contains(r.goal.as_str()))
            .cloned()
            .collect(),
    }
}

fn csv<'a>(results: impl Iterator<Item = &'a Record>) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(COLUMNS)?;
    for r in results {
        writer.write_record([
            &*r.goal,
            &r.date.to_string(),
            &r.value.canonical(),
            &escape_formula(r.note.as_deref().unwrap_or_default()),
            &escape_formula(r.reference.as_deref().unwrap_or_default()),
        ])?;
    }
    writer.into_inner().context("cannot write the CSV")
}

/// One result of a JSON Lines export.
#[derive(Serialize)]
struct Line<'a> {
    goal: &'a str,
    date: NaiveDate,
    value: Amount,
    note: Option<&'a str>,
    #[serde(rename = "ref")]
    reference: Option<&'a str>,
}

fn jsonl<'a>(results: impl Iterator<Item = &'a Record>) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    for r in results {
        serde_json::to_writer(
            &mut out,
            &Line {
                goal: &r.goal,
                date: r.date,
                value: r.value,
                note: r.note.as_deref(),
                reference: r.reference.as_deref(),
            },
        )?;
        out.push(b'\n');
    }
    Ok(out)
}
