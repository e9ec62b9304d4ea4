//! `attain export`: a JSON backup in the data file's own layout, or the
//! results as CSV or JSON Lines (the columns `attain import` reads).

use std::collections::HashSet;
use std::io::Write;

use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use serde::Serialize;

use super::{Context, Exit, evaluate_goals, goal_period};
use crate::domain::amount::Amount;
use crate::domain::filter::FilterSpec;
use crate::domain::goal::Record;
use crate::domain::ids::Id;
use crate::domain::text::escape_formula;
use crate::ledger::ResultIndex;
use crate::store::Document;

/// What `attain export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// The backup: settings, goals, results, celebrations, reviews.
    Json,
    Csv,
    Jsonl,
}

/// The columns of a results export; `attain import` reads them back (an
/// `owner` column with a `metric` column is a result of that owner).
pub const COLUMNS: [&str; 6] = ["owner", "metric", "date", "value", "note", "ref"];

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
    let counted = (!everything).then(|| counted_results(&document, &selected));
    // Rows by date, as a person reads them (the file keeps id order).
    let mut results: Vec<&Record> = document
        .results
        .iter()
        .filter(|r| counted.as_ref().is_none_or(|ids| ids.contains(&r.id)))
        .collect();
    results.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    let results = results.into_iter();
    let bytes = match format {
        ExportFormat::Json if everything => document.to_bytes()?,
        ExportFormat::Json => backup(&document, &selected, counted.as_ref()).to_bytes()?,
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

/// The ids of the results that count toward the selected goals.
fn counted_results<'a>(document: &'a Document, selected: &HashSet<&str>) -> HashSet<&'a Id> {
    let index = ResultIndex::new(document);
    let mut ids = HashSet::new();
    for goal in document
        .goals
        .iter()
        .filter(|g| selected.contains(g.id.as_str()))
    {
        if let Ok(period) = goal_period(document, goal) {
            ids.extend(index.results_for(goal, &period).into_iter().map(|r| &r.id));
        }
    }
    ids
}

/// The selected goals with their records, in the data file's layout: all
/// people and teams (goals and results name them), the results that
/// count toward the goals.
fn backup(
    document: &Document,
    selected: &HashSet<&str>,
    counted: Option<&HashSet<&Id>>,
) -> Document {
    // Every array of the document is named here, so that a new one cannot
    // be left out of backups unnoticed.
    let Document {
        version,
        settings,
        people,
        teams,
        goals,
        results,
        celebrations,
        reviews,
        locks,
        history,
        migrated_from: _,
    } = document;
    // History names records by id: it travels only with the whole file.
    let whole = counted.is_none() && selected.len() == goals.len();
    Document {
        locks: locks.clone(),
        history: if whole { history.clone() } else { Vec::new() },
        version: *version,
        settings: settings.clone(),
        people: people.clone(),
        teams: teams.clone(),
        migrated_from: None,
        goals: goals
            .iter()
            .filter(|g| selected.contains(g.id.as_str()))
            .cloned()
            .collect(),
        results: results
            .iter()
            .filter(|r| counted.is_none_or(|ids| ids.contains(&r.id)))
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
            &*r.owner,
            &*r.metric,
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
    owner: &'a str,
    metric: &'a str,
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
                owner: &r.owner,
                metric: &r.metric,
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
