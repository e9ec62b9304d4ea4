//! `attain import FILE|-`: results from CSV or JSON Lines (CRM exports
//! too), or a JSON backup restored. All or nothing, in one locked update.

pub mod backup;
pub mod source;

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use anyhow::{Context as _, Result, anyhow, bail};
use chrono::NaiveDate;

use self::source::{Field, InputFormat, Layout, MAX_LINE_BYTES, Row, RowTest};
use super::{Context, Exit, unknown_goal};
use crate::domain::amount::Amount;
use crate::domain::goal::{Goal, Record, slugify};
use crate::domain::period::{Period, parse_iso_date};
use crate::render::Format;
use crate::store::Document;
use crate::view::import::{BackupCounts, Duplicate, ImportView};

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
    /// The goal column holds an owner; rows go to that owner's goal of
    /// this metric whose period holds the date.
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
    let (name, bytes) = read_source(&spec.source)?;
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
    let outcome = ctx.store.update(|document| {
        import_rows(document, &bytes, format, &layout, spec, |read| {
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
        duplicates: outcome.duplicates,
        filtered: outcome.filtered,
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

/// The input's name for messages, and its bytes.
fn read_source(source: &PathBuf) -> Result<(String, Vec<u8>)> {
    if source.as_os_str() == "-" {
        if std::io::stdin().is_terminal() {
            eprintln!("Reading rows from stdin; end with Ctrl-D (or pass a file instead of -).");
        }
        let bytes = read_bounded(std::io::stdin().lock(), "stdin")?;
        return Ok(("stdin".to_string(), bytes));
    }
    let name = source.display().to_string();
    let file = std::fs::File::open(source)
        .with_context(|| format!("cannot read {name}; check the path (use - to read stdin)"))?;
    let bytes = read_bounded(file, &name)?;
    Ok((name, bytes))
}

/// Reads all of `input`, refusing a line longer than [`MAX_LINE_BYTES`]
/// as soon as it is seen, so that an endless line (`/dev/zero`) costs a
/// bounded amount of memory.
fn read_bounded(mut input: impl Read, name: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut chunk = vec![0; 64 * 1024];
    let mut line = 1u64;
    let mut line_len = 0usize;
    loop {
        let read = match input.read(&mut chunk) {
            Ok(0) => return Ok(bytes),
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e).with_context(|| format!("cannot read {name}")),
        };
        for piece in chunk[..read].split_inclusive(|b| *b == b'\n') {
            line_len += piece.len();
            if line_len > MAX_LINE_BYTES + 2 {
                bail!(
                    "{name}: line {line} is longer than {} MiB, the most a line may hold; is \
                     this the right file? (a JSON backup keeps one record a line, as \
                     `attain export` and `jq .` write it)",
                    MAX_LINE_BYTES >> 20
                );
            }
            if piece.ends_with(b"\n") {
                line += 1;
                line_len = 0;
            }
        }
        bytes.extend_from_slice(&chunk[..read]);
    }
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

/// What a row import did.
struct RowsImported {
    added: Vec<Record>,
    duplicates: Vec<Duplicate>,
    filtered: u64,
    /// The unit of each goal a result was added to, for people.
    units: HashMap<String, String>,
}

/// Where a row's goal is found: by id, or by owner and metric.
enum Goals<'a> {
    ById(HashMap<&'a str, (&'a Goal, Period)>),
    ByOwner {
        metric: &'a str,
        owners: HashMap<String, Vec<(&'a Goal, Period)>>,
    },
}

impl<'a> Goals<'a> {
    fn new(document: &'a Document, metric: Option<&'a str>) -> Result<Goals<'a>> {
        let fiscal_start = document.settings.fiscal_year_start;
        let period = |goal: &Goal| {
            Period::from_label(&goal.period, fiscal_start)
                .map_err(|e| anyhow!("goal '{}': {e}", goal.id))
        };
        let Some(metric) = metric else {
            let mut by_id = HashMap::with_capacity(document.goals.len());
            for goal in &document.goals {
                by_id.insert(goal.id.as_str(), (goal, period(goal)?));
            }
            return Ok(Goals::ById(by_id));
        };
        let metric = metric.trim();
        let mut owners: HashMap<String, Vec<(&Goal, Period)>> = HashMap::new();
        for goal in document
            .goals
            .iter()
            .filter(|g| g.metric.eq_ignore_ascii_case(metric))
        {
            owners
                .entry(owner_key(&goal.owner))
                .or_default()
                .push((goal, period(goal)?));
        }
        if owners.is_empty() {
            let mut metrics: Vec<&str> = document.goals.iter().map(|g| g.metric.as_str()).collect();
            metrics.sort_unstable();
            metrics.dedup();
            if metrics.is_empty() {
                bail!("--metric {metric}: there are no goals yet; add them with `attain goal add`");
            }
            bail!(
                "--metric {metric}: no goal has that metric; the metrics are: {}",
                metrics.join(", ")
            );
        }
        Ok(Goals::ByOwner { metric, owners })
    }

    /// The goal a row's goal cell and date name.
    fn find(
        &self,
        document: &Document,
        cell: &str,
        date: NaiveDate,
    ) -> Result<(&'a Goal, &Period)> {
        match self {
            Goals::ById(by_id) => by_id
                .get(cell)
                .map(|(goal, period)| (*goal, period))
                .ok_or_else(|| {
                    // A CRM export names owners, not goal ids.
                    let key = owner_key(cell);
                    match document.goals.iter().find(|g| owner_key(&g.owner) == key) {
                        Some(goal) => anyhow!(
                            "no goal named '{cell}', but '{cell}' is an owner: to send each row \
                             to the owner's goal of one metric, pass --metric, e.g. --metric {}",
                            goal.metric
                        ),
                        None => unknown_goal(document, cell),
                    }
                }),
            Goals::ByOwner { metric, owners } => {
                let Some(goals) = owners.get(&owner_key(cell)) else {
                    let known: Vec<&str> = owners
                        .values()
                        .filter_map(|g| g.first())
                        .map(|(g, _)| g.owner.as_str())
                        .collect();
                    let best = known
                        .iter()
                        .map(|o| (strsim::jaro_winkler(&owner_key(cell), &owner_key(o)), *o))
                        .filter(|(score, _)| *score >= 0.8)
                        .max_by(|a, b| a.0.total_cmp(&b.0));
                    return Err(match best {
                        Some((_, owner)) => anyhow!(
                            "no {metric} goal of owner '{cell}'; did you mean '{owner}'? (see \
                             `attain goal list --metric {metric}`)"
                        ),
                        None => anyhow!(
                            "no {metric} goal of owner '{cell}'; add one with `attain goal add \
                             --owner {} --metric {metric} --period PERIOD --target N`",
                            slugify(cell)
                        ),
                    });
                };
                let holding: Vec<&(&Goal, Period)> =
                    goals.iter().filter(|(_, p)| p.contains(date)).collect();
                match holding.as_slice() {
                    [(goal, period)] => Ok((*goal, period)),
                    [] => {
                        let theirs: Vec<String> = goals
                            .iter()
                            .map(|(g, p)| format!("{} ({})", g.id, p.label))
                            .collect();
                        bail!(
                            "owner '{cell}' has no {metric} goal whose period holds {date} (their \
                             {metric} goals: {}); add one for that period with `attain goal add \
                             --owner {} --metric {metric} --period PERIOD --target N`",
                            theirs.join(", "),
                            goals[0].0.owner
                        )
                    }
                    several => {
                        let ids: Vec<&str> = several.iter().map(|(g, _)| g.id.as_str()).collect();
                        bail!(
                            "owner '{cell}' has {} {metric} goals whose periods hold {date} ({}); \
                             import these rows by goal id instead of --metric",
                            ids.len(),
                            ids.join(", ")
                        )
                    }
                }
            }
        }
    }
}

/// Owners match without regard to case, spaces or punctuation: "Maria
/// Chen" in a CRM export is the goal owner `maria-chen`.
fn owner_key(owner: &str) -> String {
    let slug = slugify(owner);
    if slug.is_empty() {
        owner.trim().to_lowercase()
    } else {
        slug
    }
}

/// Checks every row like `attain record` does and adds the new ones.
fn import_rows(
    document: &mut Document,
    bytes: &[u8],
    format: InputFormat,
    layout: &Layout,
    spec: &ImportSpec,
    progress: impl FnMut(u64),
) -> Result<RowsImported> {
    let mut added: Vec<Record> = Vec::new();
    let mut duplicates = Vec::new();
    let mut units = HashMap::new();
    let counts = {
        let document: &Document = document;
        let goals = Goals::new(document, spec.metric.as_deref())?;
        // (goal, ref) pairs already recorded, or added earlier in this import.
        let mut seen: HashMap<&str, HashSet<Box<str>>> = HashMap::new();
        // Results without a ref, by content: each answers for one row.
        let mut plain: HashMap<(&str, NaiveDate, Amount, Box<str>), usize> = HashMap::new();
        for r in &document.results {
            match &r.reference {
                Some(reference) => {
                    seen.entry(&*r.goal).or_default().insert(reference.clone());
                }
                None => {
                    let note = r.note.clone().unwrap_or_default();
                    *plain.entry((&*r.goal, r.date, r.value, note)).or_default() += 1;
                }
            }
        }
        let mut next_id = document.next_result_id();
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
            if cell.is_empty() {
                bail!("the goal (column '{}') is empty", column(Field::Goal));
            }
            let (goal, period) = goals.find(document, cell, date)?;
            if !period.contains(date) {
                bail!(
                    "{date} is outside goal '{}' ({}: {} to {}); fix the date or import the row \
                     against the goal for that period",
                    goal.id,
                    period.label,
                    period.start,
                    period.end
                );
            }
            let reference = Some(row.reference.trim()).filter(|r| !r.is_empty());
            let mut note: Box<str> = row.note.trim().into();
            let already_there = match reference {
                Some(reference) => !seen
                    .entry(goal.id.as_str())
                    .or_default()
                    .insert(reference.into()),
                None if plain.is_empty() => false,
                None => {
                    let key = (goal.id.as_str(), date, value, note);
                    let count = plain.get_mut(&key).filter(|n| **n > 0);
                    let found = count.map(|n| *n -= 1).is_some();
                    note = key.3;
                    found
                }
            };
            if already_there {
                duplicates.push(Duplicate {
                    row: row.number,
                    goal: goal.id.clone(),
                    reference: reference.map(str::to_string),
                });
                return Ok(());
            }
            if !units.contains_key(&goal.id) {
                units.insert(goal.id.clone(), goal.unit.clone());
            }
            added.push(Record {
                id: next_id,
                goal: goal.id.as_str().into(),
                date,
                value,
                note: Some(note).filter(|n| !n.is_empty()),
                reference: reference.map(Box::from),
            });
            next_id += 1;
            Ok(())
        };
        source::read_rows(bytes, format, layout, on_row, progress)?
    };
    document.results.extend_from_slice(&added);
    Ok(RowsImported {
        added,
        duplicates,
        filtered: counts.filtered,
        units,
    })
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
            .map(|g| (g.id.clone(), g.unit.clone()))
            .collect();
        let merged = backup::merge(document, backup)
            .map_err(|e| anyhow!("{name}: {e:#}; nothing was imported"))?;
        Ok((merged, units))
    })?;
    let view = ImportView {
        source: name.to_string(),
        dry_run: ctx.store.is_dry_run(),
        added: merged.results_added,
        duplicates: Vec::new(),
        filtered: 0,
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
    fn owners_match_without_case_or_punctuation() {
        assert_eq!(owner_key("Maria Chen"), "maria-chen");
        assert_eq!(owner_key("maria-chen"), "maria-chen");
        assert_eq!(owner_key(" MARIA  CHEN "), "maria-chen");
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
