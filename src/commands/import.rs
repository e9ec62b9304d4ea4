//! `attain import FILE|-`: results from CSV or JSON Lines (CRM exports
//! too), or a JSON backup restored. All or nothing, in one locked update.

pub mod backup;
pub mod source;

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;

use self::source::{Field, InputFormat, Layout, Row, RowTest};
use super::{Context, Exit, goal_period, unknown_goal};
use crate::domain::amount::Amount;
use crate::domain::goal::{Goal, PRESETS, preset};
use crate::domain::period::{Period, parse_iso_date};
use crate::ledger::identity;
use crate::ledger::import::{CheckedRow, Imported, apply_rows};
use crate::render::Format;
use crate::store::Document;
use crate::view::import::{BackupCounts, ImportView};

/// An import, as asked for (already converted from the command line).
#[derive(Debug, Clone, Default)]
pub struct ImportSpec {
    /// A file, or `-` for stdin.
    pub source: PathBuf,
    /// How to read the rows; `None` decides by extension and content.
    pub input_format: Option<InputFormat>,
    /// `(field, header)`: read a field from another column.
    pub columns: Vec<(String, String)>,
    pub filters: Vec<RowTest>,
    /// The goal column holds an owner (by the identity rule); each row is
    /// a result of that owner and this metric.
    pub metric: Option<String>,
    /// strftime form of the dates; `None` is `YYYY-MM-DD`.
    pub date_format: Option<String>,
    /// The byte between CSV columns; `None` is a tab for `.tsv` files,
    /// else `,`.
    pub delimiter: Option<u8>,
}

/// Imports larger than this show a progress bar (when stderr is a terminal).
const PROGRESS_FROM_BYTES: usize = 1 << 20;

pub fn run(spec: &ImportSpec, ctx: &Context) -> Result<Exit> {
    let (name, bytes) = super::input::read_source(&spec.source, "rows")?;
    // An explicit --input-format says the input is rows.
    if spec.input_format.is_none() && backup::is_backup(&bytes) {
        return restore(spec, &name, &bytes, ctx);
    }
    let format = spec
        .input_format
        .unwrap_or_else(|| detect_format(&spec.source, &bytes));
    if format == InputFormat::Jsonl && spec.delimiter.is_some() {
        bail!(
            "{name} is read as JSON Lines; --delimiter applies to CSV only: drop it, or pass \
             --input-format csv"
        );
    }
    let layout = Layout {
        delimiter: spec
            .delimiter
            .unwrap_or_else(|| default_delimiter(&spec.source)),
        ..Layout::new(&spec.columns, spec.filters.clone())
    };

    let bar = progress_bar(bytes.len(), ctx);
    // Rows never read the history: it is copied as read.
    let outcome = ctx.store.update_without_history(|document| {
        let ids = ctx.id_source(document.results.len());
        import_rows(document, &bytes, format, &layout, spec, ids, |read| {
            bar.set_position(read)
        })
        .map_err(|e| anyhow!("{name}: {e:#}; nothing was imported"))
    });
    bar.finish_and_clear();
    let outcome = outcome?;
    let view = ImportView {
        source: name,
        dry_run: ctx.store.is_dry_run(),
        added: outcome.added,
        changed: outcome.changed,
        duplicates: outcome.duplicates,
        filtered: outcome.filtered,
        new_people: outcome.new_people,
        units: outcome.units,
        backup: None,
    };
    show(&view, ctx)
}

fn show(view: &ImportView, ctx: &Context) -> Result<Exit> {
    // The summary is a confirmation (quiet hides it); a dry run's listing
    // is what was asked for.
    if ctx.format != Format::Table || !ctx.quiet || view.dry_run {
        ctx.show(view)?;
    }
    Ok(Exit::Success)
}

/// The lowercase extension of the input's name, e.g. `csv`.
fn extension(source: &std::path::Path) -> Option<String> {
    source
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// By extension (`.csv`, `.tsv`, `.jsonl`, `.ndjson`); otherwise JSON
/// Lines when the content starts with `{`, else CSV.
fn detect_format(source: &std::path::Path, bytes: &[u8]) -> InputFormat {
    match extension(source).as_deref() {
        Some("csv" | "tsv") => InputFormat::Csv,
        Some("jsonl" | "ndjson" | "json") => InputFormat::Jsonl,
        _ => {
            let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            if text.trim_ascii_start().starts_with(b"{") {
                InputFormat::Jsonl
            } else {
                InputFormat::Csv
            }
        }
    }
}

/// A tab for `.tsv` files, else `,`.
fn default_delimiter(source: &std::path::Path) -> u8 {
    if extension(source).as_deref() == Some("tsv") {
        b'\t'
    } else {
        b','
    }
}

fn progress_bar(len: usize, ctx: &Context) -> indicatif::ProgressBar {
    if ctx.quiet || len < PROGRESS_FROM_BYTES || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("importing {wide_bar} {percent:>3}% {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}

/// Where a row's owner and metric come from: a goal id in the goal
/// column, or (with `--metric`) an owner there.
enum Rows<'a> {
    ByGoal(HashMap<&'a str, (&'a Goal, Period)>),
    ByOwner { metric: String },
}

impl<'a> Rows<'a> {
    fn new(document: &'a Document, metric: Option<&str>) -> Result<Rows<'a>> {
        let Some(metric) = metric else {
            let mut by_id = HashMap::with_capacity(document.goals.len());
            for goal in &document.goals {
                by_id.insert(goal.id.as_str(), (goal, goal_period(document, goal)?));
            }
            return Ok(Rows::ByGoal(by_id));
        };
        let metric = metric.trim().to_ascii_lowercase();
        let known = |m: &str| {
            document.goals.iter().any(|g| g.metric == m)
                || document.results.iter().any(|r| *r.metric == *m)
                || preset(m).is_some()
        };
        if !known(&metric) {
            let mut metrics: Vec<&str> = document.goals.iter().map(|g| g.metric.as_str()).collect();
            metrics.extend(PRESETS.iter().map(|p| p.metric));
            metrics.sort_unstable();
            metrics.dedup();
            bail!(
                "--metric {metric}: no goal or result has that metric, and it is not a preset; \
                 the metrics are: {} (add a goal of it first to use a new one)",
                metrics.join(", ")
            );
        }
        Ok(Rows::ByOwner { metric })
    }
}

/// Checks every row like `attain record` does, then adds the new results
/// and updates those whose ref is known with a new value or date.
fn import_rows(
    document: &mut Document,
    bytes: &[u8],
    format: InputFormat,
    layout: &Layout,
    spec: &ImportSpec,
    id_source: impl FnMut() -> u64,
    progress: impl FnMut(u64),
) -> Result<Imported> {
    // Rows are read and checked first; nothing is changed until every row
    // is good.
    let mut rows: Vec<CheckedRow> = Vec::new();
    let counts = {
        let document: &Document = document;
        let lookup = Rows::new(document, spec.metric.as_deref())?;
        let on_row = |row: &Row| -> Result<()> {
            let column = |field: Field| layout.column(field);
            let value = row.value.trim();
            if value.is_empty() {
                bail!("the value (column '{}') is empty", column(Field::Value));
            }
            let value: Amount = value
                .parse()
                .map_err(|e| anyhow!("value (column '{}'): {e}", column(Field::Value)))?;
            let date = parse_row_date(row.date, spec.date_format.as_deref(), column(Field::Date))?;
            let cell = row.goal.trim();
            let row_metric = row.metric.trim();
            let (owner, metric) = match &lookup {
                // A row that names its metric names an owner too.
                Rows::ByGoal(_) if !row_metric.is_empty() => {
                    if cell.is_empty() {
                        bail!("the owner (column '{}') is empty", column(Field::Goal));
                    }
                    (cell.to_string(), row_metric.to_ascii_lowercase())
                }
                Rows::ByGoal(goals) => {
                    if cell.is_empty() {
                        bail!("the goal (column '{}') is empty", column(Field::Goal));
                    }
                    let Some((goal, period)) = goals.get(cell) else {
                        // A CRM export names owners, not goal ids.
                        return Err(match identity::resolve(document, cell) {
                            Ok(Some(_)) => anyhow!(
                                "no goal named '{cell}', but '{cell}' is a person or team: to \
                                 record each row for its owner, pass --metric, e.g. --metric \
                                 revenue"
                            ),
                            _ => unknown_goal(document, cell),
                        });
                    };
                    if !period.contains(date) {
                        bail!(
                            "{date} is outside goal '{}' ({}: {} to {}); fix the date or import \
                             the row against the goal for that period",
                            goal.id,
                            period.label,
                            period.start,
                            period.end
                        );
                    }
                    (goal.owner.clone(), goal.metric.clone())
                }
                Rows::ByOwner { metric } => {
                    if cell.is_empty() {
                        bail!("the owner (column '{}') is empty", column(Field::Goal));
                    }
                    (cell.to_string(), metric.clone())
                }
            };
            rows.push(CheckedRow {
                number: row.number,
                line: row.line,
                owner,
                metric,
                date,
                value,
                note: row.note.trim().into(),
                reference: Some(row.reference.trim())
                    .filter(|r| !r.is_empty())
                    .map(Box::from),
            });
            Ok(())
        };
        source::read_rows(bytes, format, layout, on_row, progress)?
    };

    let mut imported = apply_rows(document, rows, id_source)?;
    imported.filtered = counts.filtered;
    Ok(imported)
}

fn parse_row_date(text: &str, pattern: Option<&str>, column: &str) -> Result<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        bail!("the date (column '{column}') is empty");
    }
    match pattern {
        None => parse_iso_date(text).ok_or_else(|| {
            anyhow!(
                "the date '{text}' (column '{column}') is not a YYYY-MM-DD date; give the form \
                 of the file's dates with --date-format, e.g. --date-format %m/%d/%Y"
            )
        }),
        Some(pattern) => NaiveDate::parse_from_str(text, pattern).map_err(|e| {
            anyhow!(
                "the date '{text}' (column '{column}') does not match --date-format {pattern} \
                 ({e}); check the format against the file"
            )
        }),
    }
}

/// Restores a JSON backup: the settings (into an empty file), goals,
/// results and celebrations the file lacks.
fn restore(spec: &ImportSpec, name: &str, bytes: &[u8], ctx: &Context) -> Result<Exit> {
    let rows = "CSV and JSON Lines rows";
    let flags = [
        (!spec.columns.is_empty(), "--map", rows),
        (!spec.filters.is_empty(), "--where", rows),
        (spec.metric.is_some(), "--metric", rows),
        (spec.date_format.is_some(), "--date-format", rows),
        (spec.delimiter.is_some(), "--delimiter", "CSV rows"),
    ];
    if let Some((_, flag, rows)) = flags.iter().find(|(given, _, _)| *given) {
        bail!(
            "{name} is a JSON backup, which is restored as it is; {flag} applies to {rows} only: \
             drop it"
        );
    }
    let backup = backup::parse(bytes, name)?;
    let (merged, units) = ctx.store.update(|document| {
        let units: HashMap<String, String> = backup
            .goals
            .iter()
            .map(|g| (g.metric.clone(), g.unit.clone()))
            .collect();
        let merged = backup::merge(document, backup, ctx.seed)
            .map_err(|e| anyhow!("{name}: {e:#}; nothing was imported"))?;
        Ok((merged, units))
    })?;
    let view = ImportView {
        source: name.to_string(),
        dry_run: ctx.store.is_dry_run(),
        added: merged.results_added,
        changed: Vec::new(),
        duplicates: Vec::new(),
        filtered: 0,
        new_people: Vec::new(),
        units,
        backup: Some(BackupCounts {
            settings_restored: merged.settings_restored,
            goals_added: merged.goals_added,
            goals_skipped: merged.goals_skipped,
            results_skipped: merged.results_skipped,
            celebrations_added: merged.celebrations_added,
            celebrations_skipped: merged.celebrations_skipped,
            reviews_added: merged.reviews_added,
            reviews_skipped: merged.reviews_skipped,
        }),
    };
    show(&view, ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crm_dates_parse_with_a_strftime_format() {
        let expected = NaiveDate::from_ymd_opt(2026, 8, 14).unwrap();
        assert_eq!(
            parse_row_date("8/14/2026", Some("%m/%d/%Y"), "Close Date").unwrap(),
            expected
        );
        assert_eq!(
            parse_row_date("08/14/2026", Some("%m/%d/%Y"), "Close Date").unwrap(),
            expected
        );
        assert_eq!(
            parse_row_date(" 2026-08-14 ", None, "date").unwrap(),
            expected
        );
        let err = parse_row_date("8/14/2026", None, "Close Date").unwrap_err();
        assert!(err.to_string().contains("--date-format"), "{err}");
        assert!(parse_row_date("2026-02-30", None, "date").is_err());
        assert!(parse_row_date("13/14/2026", Some("%m/%d/%Y"), "d").is_err());
    }

    #[test]
    fn the_format_follows_the_extension_then_the_content() {
        let csv = b"goal,date,value\n";
        let json = b"{\"goal\":\"a\"}\n";
        assert_eq!(detect_format("a.CSV".as_ref(), json), InputFormat::Csv);
        assert_eq!(detect_format("a.ndjson".as_ref(), csv), InputFormat::Jsonl);
        assert_eq!(detect_format("-".as_ref(), csv), InputFormat::Csv);
        assert_eq!(detect_format("-".as_ref(), json), InputFormat::Jsonl);
        assert_eq!(detect_format("a.tsv".as_ref(), json), InputFormat::Csv);
    }

    #[test]
    fn tsv_files_default_to_a_tab() {
        assert_eq!(default_delimiter("a.tsv".as_ref()), b'\t');
        assert_eq!(default_delimiter("a.TSV".as_ref()), b'\t');
        assert_eq!(default_delimiter("a.csv".as_ref()), b',');
        assert_eq!(default_delimiter("-".as_ref()), b',');
    }
}
