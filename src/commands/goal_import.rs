//! `attain goal import FILE|-`: a quota plan, CSV or JSON Lines, read and
//! checked row by row, then applied all or nothing.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Result, anyhow, bail};
use serde_json::{Map, Value};

use super::{Context, Exit};
use crate::domain::amount::Amount;
use crate::domain::goal::{Aggregate, Direction};
use crate::domain::period::Period;
use crate::ledger::plan::{PlanRow, apply_plan};
use crate::render::Format;
use crate::view::goals::PlanView;

/// The columns of a plan; the first four are required.
pub const COLUMNS: [&str; 11] = [
    "owner",
    "metric",
    "period",
    "target",
    "stretch",
    "title",
    "tags",
    "id",
    "unit",
    "direction",
    "aggregate",
];

pub fn run(source: &Path, update: bool, ctx: &Context) -> Result<Exit> {
    let (name, bytes) = super::input::read_source(source, "a quota plan")?;
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow!("{name} is not UTF-8 text; save the plan as UTF-8 CSV"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let changes = ctx.store.update(|document| {
        let fiscal = document.settings.fiscal_year_start;
        let rows = read_rows(text, |label| {
            Period::parse(label, ctx.as_of, fiscal).map_err(|e| anyhow!("period: {e}"))
        })
        .map_err(|e| anyhow!("{name}: {e:#}; nothing was imported"))?;
        apply_plan(document, rows, update, ctx.now)
            .map_err(|e| anyhow!("{name}: {e:#}; nothing was imported"))
    })?;
    let view = PlanView {
        source: name,
        dry_run: ctx.store.is_dry_run(),
        changes,
    };
    if ctx.format != Format::Table || !ctx.quiet || view.dry_run {
        ctx.show(&view)?;
    }
    Ok(Exit::Success)
}

/// The plan's rows: JSON Lines when the text starts with `{`, else CSV
/// with a header row.
fn read_rows(text: &str, period: impl Fn(&str) -> Result<Period>) -> Result<Vec<PlanRow>> {
    let mut rows = Vec::new();
    if text.trim_start().starts_with('{') {
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let number = rows.len() as u64 + 1;
            let at = |e: anyhow::Error| anyhow!("row {number} (line {}): {e:#}", i + 1);
            let object: Map<String, Value> = serde_json::from_str(line)
                .map_err(|e| at(anyhow!("it is not a JSON object ({e})")))?;
            let cell = |key: &str| -> Result<String> {
                match object.get(key) {
                    None | Some(Value::Null) => Ok(String::new()),
                    Some(Value::String(s)) => Ok(s.clone()),
                    Some(Value::Number(n)) => Ok(n.to_string()),
                    Some(Value::Array(items)) if key == "tags" => Ok(items
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(";")),
                    Some(_) => bail!("\"{key}\" holds a list or an object"),
                }
            };
            let cells: HashMap<&str, String> = COLUMNS
                .iter()
                .map(|c| cell(c).map(|v| (*c, v)))
                .collect::<Result<_>>()
                .map_err(at)?;
            rows.push(row(number, i as u64 + 1, &cells, &period).map_err(at)?);
        }
        return Ok(rows);
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| anyhow!("the header row cannot be read as CSV ({e})"))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    for required in &COLUMNS[..4] {
        if !headers.iter().any(|h| h == required) {
            bail!(
                "there is no '{required}' column; a plan's header names owner, metric, period and \
                 target, and may add {}",
                COLUMNS[4..].join(", ")
            );
        }
    }
    for (i, record) in reader.records().enumerate() {
        let number = i as u64 + 1;
        let record = record.map_err(|e| anyhow!("row {number}: {e}"))?;
        let line = record.position().map_or(0, csv::Position::line);
        let cells: HashMap<&str, String> = COLUMNS
            .iter()
            .map(|c| {
                let value = headers
                    .iter()
                    .position(|h| h == c)
                    .and_then(|at| record.get(at))
                    .unwrap_or_default();
                (*c, crate::domain::text::unescape_formula(value).to_string())
            })
            .collect();
        rows.push(
            row(number, line, &cells, &period)
                .map_err(|e| anyhow!("row {number} (line {line}): {e:#}"))?,
        );
    }
    Ok(rows)
}

fn row(
    number: u64,
    line: u64,
    cells: &HashMap<&str, String>,
    period: &impl Fn(&str) -> Result<Period>,
) -> Result<PlanRow> {
    let get = |key: &str| cells.get(key).map_or("", |v| v.trim());
    let given = |key: &str| Some(get(key)).filter(|v| !v.is_empty()).map(str::to_string);
    for required in &COLUMNS[..4] {
        if get(required).is_empty() {
            bail!("the {required} is empty");
        }
    }
    let amount = |key: &str| -> Result<Option<Amount>> {
        given(key)
            .map(|v| v.parse::<Amount>().map_err(|e| anyhow!("{key}: {e}")))
            .transpose()
    };
    let direction = given("direction")
        .map(|v| match v.to_ascii_lowercase().as_str() {
            "at-least" => Ok(Direction::AtLeast),
            "at-most" => Ok(Direction::AtMost),
            _ => Err(anyhow!("direction '{v}' is not at-least or at-most")),
        })
        .transpose()?;
    let aggregate = given("aggregate")
        .map(|v| {
            let lower = v.to_ascii_lowercase();
            Aggregate::ALL
                .iter()
                .copied()
                .find(|a| a.name() == lower)
                .ok_or_else(|| {
                    anyhow!(
                        "aggregate '{v}' is not one of {}",
                        Aggregate::NAMES.join(", ")
                    )
                })
        })
        .transpose()?;
    Ok(PlanRow {
        number,
        line,
        owner: get("owner").to_string(),
        metric: get("metric").to_string(),
        period: period(get("period"))?,
        target: amount("target")?.unwrap_or(Amount::ZERO),
        stretch: amount("stretch")?,
        title: given("title"),
        tags: get("tags")
            .split(';')
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect(),
        id: given("id"),
        unit: given("unit"),
        direction,
        aggregate,
    })
}
