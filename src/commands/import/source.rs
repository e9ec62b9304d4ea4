//! Reading import rows: CSV with a header row, or JSON Lines, with the
//! column mapping and row filters of CRM exports. Pure: bytes in, rows out.

use std::borrow::Cow;

use anyhow::{Result, anyhow, bail};

use crate::domain::text::{echo, unescape_formula};
use serde_json::{Map, Value};

/// The longest a field (a CSV cell, a JSON Lines value) may be.
pub const MAX_FIELD_BYTES: usize = 64 * 1024;

/// The longest a line of input may be.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// How many column names an error message lists before "and N more".
const LISTED_COLUMNS: usize = 12;

/// The delimiters a header row is tried with when the one given does not
/// find its columns, and what they are called.
const OTHER_DELIMITERS: [(u8, &str, &str); 4] = [
    (b';', "semicolon", "';'"),
    (b'\t', "tab", "tab"),
    (b',', "comma", "','"),
    (b'|', "pipe", "'|'"),
];

/// The fields a row gives, in this order. `goal` holds a goal id, or an
/// owner when the row names its metric (a `metric` column, or
/// `--metric`); a column named `owner` stands in for `goal`.
pub const FIELDS: [&str; 6] = ["goal", "date", "value", "note", "ref", "metric"];

/// The other name the `goal` field's column may have.
const OWNER_COLUMN: &str = "owner";

/// How the rows are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    Csv,
    Jsonl,
}

/// `--where HEADER=VALUE` (or `!=`): which rows to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowTest {
    pub header: String,
    /// `=` when true, `!=` when false.
    pub equals: bool,
    pub value: String,
}

impl RowTest {
    fn keeps(&self, cell: &str) -> bool {
        (cell.trim() == self.value) == self.equals
    }

    fn describe(&self) -> String {
        let op = if self.equals { "=" } else { "!=" };
        format!("{}{op}{}", self.header, self.value)
    }
}

/// Where each field is read from: the column (CSV header or JSON key) it
/// is mapped to, or its own name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The column of each of [`FIELDS`], in that order.
    pub columns: [String; 6],
    /// Whether each column was named by `--map` (for the error messages).
    pub mapped: [bool; 6],
    pub filters: Vec<RowTest>,
    /// The byte between CSV columns: `,` unless set otherwise.
    pub delimiter: u8,
}

impl Layout {
    /// `maps` are `(field, header)` pairs; a later map of a field wins.
    pub fn new(maps: &[(String, String)], filters: Vec<RowTest>) -> Layout {
        let mut columns = FIELDS.map(str::to_string);
        let mut mapped = [false; 6];
        for (field, header) in maps {
            let field = if field == OWNER_COLUMN { "goal" } else { field };
            if let Some(i) = FIELDS.iter().position(|f| *f == field) {
                columns[i] = header.clone();
                mapped[i] = true;
            }
        }
        Layout {
            columns,
            mapped,
            filters,
            delimiter: b',',
        }
    }

    /// Whether a row must have the column of field `i`: goal, date and
    /// value always, the others when `--map` names their column.
    fn needs(&self, i: usize) -> bool {
        i <= Field::Value as usize || self.mapped[i]
    }

    /// The column a field is read from, e.g. `Close Date`.
    pub fn column(&self, field: Field) -> &str {
        &self.columns[field as usize]
    }
}

/// One of [`FIELDS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Goal = 0,
    Date = 1,
    Value = 2,
    Note = 3,
    Ref = 4,
    Metric = 5,
}

/// One data row that passed the filters, its fields as text (untrimmed;
/// empty when absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<'a> {
    /// 1-based among the data rows of the input (filtered rows count).
    pub number: u64,
    /// The line of the input the row starts on.
    pub line: u64,
    pub goal: &'a str,
    pub date: &'a str,
    pub value: &'a str,
    pub note: &'a str,
    pub reference: &'a str,
    /// Empty unless the input has a metric column.
    pub metric: &'a str,
}

/// What reading the input found, besides the rows handed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Data rows read.
    pub rows: u64,
    /// Rows left out by `--where`.
    pub filtered: u64,
}

/// Reads every row of `bytes` and hands the ones the filters keep to
/// `on_row`. The first error (a malformed row, or one `on_row` refuses)
/// stops the reading and is returned naming the row and line.
/// `progress` hears how many bytes have been read.
pub fn read_rows(
    bytes: &[u8],
    format: InputFormat,
    layout: &Layout,
    mut on_row: impl FnMut(&Row) -> Result<()>,
    mut progress: impl FnMut(u64),
) -> Result<Counts> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match format {
        InputFormat::Csv => read_csv(bytes, layout, &mut on_row, &mut progress),
        InputFormat::Jsonl => read_jsonl(bytes, layout, &mut on_row, &mut progress),
    }
}

fn at(number: u64, line: u64, reason: impl std::fmt::Display) -> anyhow::Error {
    anyhow!("row {number} (line {line}): {reason}")
}

fn read_csv(
    bytes: &[u8],
    layout: &Layout,
    on_row: &mut dyn FnMut(&Row) -> Result<()>,
    progress: &mut dyn FnMut(u64),
) -> Result<Counts> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .delimiter(layout.delimiter)
        .from_reader(bytes);
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(e) if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) => {
            bail!("the header row is not valid UTF-8; save the file as UTF-8 CSV")
        }
        Err(e) => bail!("the header row cannot be read as CSV ({e})"),
    };
    if headers.iter().all(|h| h.trim().is_empty()) {
        bail!(
            "there is no header row; the first line names the columns: {}",
            FIELDS.join(",")
        );
    }
    let names: Vec<&str> = headers.iter().collect();
    let mut index = [None; 6];
    for (i, column) in layout.columns.iter().enumerate() {
        let field = FIELDS[i];
        let mut found = find_column(&names, column)?;
        if found.is_none() && i == Field::Goal as usize && !layout.mapped[i] {
            found = find_column(&names, OWNER_COLUMN)?;
        }
        if found.is_none() && layout.needs(i) {
            if let Some(hint) = delimiter_hint(bytes, layout) {
                bail!(hint);
            }
            bail!(missing_column(&names, field, column, layout.mapped[i]));
        }
        index[i] = found;
    }
    let mut tests = Vec::with_capacity(layout.filters.len());
    for test in &layout.filters {
        let Some(i) = find_column(&names, &test.header)? else {
            bail!(
                "--where \"{}\": there is no column '{}'{}; the columns are: {}",
                test.describe(),
                echo(&test.header),
                suggestion(&names, &test.header),
                listed(&names)
            );
        };
        tests.push((i, test));
    }

    let mut counts = Counts::default();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(&e, counts.rows + 1)),
        }
        counts.rows += 1;
        let line = record.position().map_or(0, csv::Position::line);
        if counts.rows % 1024 == 0
            && let Some(position) = record.position()
        {
            progress(position.byte());
        }
        if !tests.iter().all(|(i, t)| t.keeps(&record[*i])) {
            counts.filtered += 1;
            continue;
        }
        let cell = |field: Field| index[field as usize].map_or("", |i| &record[i]);
        let row = Row {
            number: counts.rows,
            line,
            goal: cell(Field::Goal),
            date: cell(Field::Date),
            value: cell(Field::Value),
            note: unescape_formula(cell(Field::Note)),
            reference: unescape_formula(cell(Field::Ref)),
            metric: cell(Field::Metric),
        };
        if let Some(long) = record
            .iter()
            .position(|field| field.len() > MAX_FIELD_BYTES)
        {
            return Err(at(
                row.number,
                row.line,
                too_long(&format!("column {}", long + 1)),
            ));
        }
        on_row(&row).map_err(|e| at(row.number, row.line, format!("{e:#}")))?;
    }
    progress(bytes.len() as u64);
    Ok(counts)
}

/// The index of the column named `wanted` (ignoring case and surrounding
/// spaces); an error when two columns have that name.
fn find_column(names: &[&str], wanted: &str) -> Result<Option<usize>> {
    let wanted = wanted.trim().to_lowercase();
    let mut found = names
        .iter()
        .enumerate()
        .filter(|(_, name)| name.trim().to_lowercase() == wanted);
    let first = found.next().map(|(i, _)| i);
    if let (Some(a), Some((b, _))) = (first, found.next()) {
        bail!(
            "columns {} and {} are both named '{}'; rename one in the file",
            a + 1,
            b + 1,
            echo(names[a].trim())
        );
    }
    Ok(first)
}

/// When the header row, split on another delimiter than the layout's,
/// has every column the layout needs: "the header looks
/// semicolon-separated ("goal;date;value"); pass --delimiter ';'".
fn delimiter_hint(bytes: &[u8], layout: &Layout) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (_, name, flag) = OTHER_DELIMITERS
        .iter()
        .filter(|(delimiter, _, _)| *delimiter != layout.delimiter)
        .find(|(delimiter, _, _)| {
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(*delimiter)
                .from_reader(bytes);
            let Ok(headers) = reader.headers() else {
                return false;
            };
            let names: Vec<&str> = headers.iter().collect();
            layout.columns.iter().enumerate().all(|(i, column)| {
                !layout.needs(i) || matches!(find_column(&names, column), Ok(Some(_)))
            })
        })?;
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let first_line = String::from_utf8_lossy(first_line);
    let header = echo(first_line.trim_end_matches('\r'));
    Some(format!(
        "the header looks {name}-separated ({header:?}); pass --delimiter {flag}"
    ))
}

fn missing_column(names: &[&str], field: &str, column: &str, mapped: bool) -> String {
    let listed = listed(names);
    if mapped {
        let shown = echo(column);
        format!(
            "there is no column '{shown}' (--map {field}={shown}){}; the columns are: {listed}",
            suggestion(names, column)
        )
    } else {
        format!(
            "there is no '{field}' column; the columns are: {listed}; name the column that holds \
             the {field} with --map {field}=HEADER"
        )
    }
}

/// "; did you mean 'Amount'?" for a column name that is nearly right.
fn suggestion(names: &[&str], wanted: &str) -> String {
    let wanted = wanted.trim().to_lowercase();
    names
        .iter()
        .map(|n| {
            (
                strsim::jaro_winkler(&wanted, &n.trim().to_lowercase()),
                n.trim(),
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or_else(String::new, |(_, n)| {
            format!(" (did you mean '{}'?)", echo(n))
        })
}

fn csv_error(error: &csv::Error, row: u64) -> anyhow::Error {
    let line = error.position().map_or(0, csv::Position::line);
    match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => at(
            row,
            line,
            format!(
                "it has {len} field(s) but the header has {expected_len}; check the quotes \
                 and commas of that line"
            ),
        ),
        csv::ErrorKind::Utf8 { .. } => at(
            row,
            line,
            "it is not valid UTF-8; save the file as UTF-8 and import it again",
        ),
        _ => at(row, line, format!("it cannot be read as CSV ({error})")),
    }
}

fn read_jsonl(
    bytes: &[u8],
    layout: &Layout,
    on_row: &mut dyn FnMut(&Row) -> Result<()>,
    progress: &mut dyn FnMut(u64),
) -> Result<Counts> {
    let mut counts = Counts::default();
    let mut offset = 0u64;
    for (i, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        let line = i as u64 + 1;
        offset += raw.len() as u64 + 1;
        let text = raw.trim_ascii();
        if text.is_empty() {
            continue;
        }
        counts.rows += 1;
        if counts.rows % 1024 == 0 {
            progress(offset);
        }
        let number = counts.rows;
        let object: Map<String, Value> = serde_json::from_slice(text).map_err(|e| {
            at(
                number,
                line,
                format!(
                    "it is not a JSON object ({e}); JSON Lines hold one object per line, e.g. \
                     {{\"goal\":\"east-revenue-2026-q4\",\"date\":\"2026-10-14\",\"value\":12500}}"
                ),
            )
        })?;
        let mut keep = true;
        for test in &layout.filters {
            let cell = json_cell(&object, &test.header).map_err(|e| at(number, line, e))?;
            keep &= test.keeps(&cell);
        }
        if !keep {
            counts.filtered += 1;
            continue;
        }
        let cell = |field: Field| {
            json_cell(&object, layout.column(field)).map_err(|e| at(number, line, e))
        };
        let mut goal = cell(Field::Goal)?;
        if goal.is_empty() && !layout.mapped[Field::Goal as usize] {
            goal = json_cell(&object, OWNER_COLUMN).map_err(|e| at(number, line, e))?;
        }
        let (date, value) = (cell(Field::Date)?, cell(Field::Value)?);
        let (note, reference, metric) =
            (cell(Field::Note)?, cell(Field::Ref)?, cell(Field::Metric)?);
        for (field, text) in FIELDS
            .iter()
            .zip([&goal, &date, &value, &note, &reference, &metric])
        {
            if text.len() > MAX_FIELD_BYTES {
                return Err(at(number, line, too_long(&format!("\"{field}\""))));
            }
        }
        let row = Row {
            number,
            line,
            goal: &goal,
            date: &date,
            value: &value,
            note: &note,
            reference: &reference,
            metric: &metric,
        };
        on_row(&row).map_err(|e| at(number, line, format!("{e:#}")))?;
    }
    progress(bytes.len() as u64);
    Ok(counts)
}

fn too_long(what: &str) -> String {
    format!(
        "{what} is longer than {} KiB, the most a field may hold; shorten it",
        MAX_FIELD_BYTES / 1024
    )
}

/// The column names for an error message: the first few, then how many
/// more there are.
fn listed(names: &[&str]) -> String {
    let shown: Vec<String> = names
        .iter()
        .take(LISTED_COLUMNS)
        .map(|name| echo(name).into_owned())
        .collect();
    match names.len().checked_sub(LISTED_COLUMNS) {
        Some(more) if more > 0 => format!("{} and {more} more", shown.join(", ")),
        _ => shown.join(", "),
    }
}

/// The text of a key (ignoring case): strings as they are, numbers exactly
/// as written, null or absent as empty.
fn json_cell<'a>(object: &'a Map<String, Value>, key: &str) -> Result<Cow<'a, str>, String> {
    let value = object.get(key).or_else(|| {
        object
            .iter()
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(key.trim()))
            .map(|(_, v)| v)
    });
    match value {
        None | Some(Value::Null) => Ok(Cow::Borrowed("")),
        Some(Value::String(s)) => Ok(Cow::Borrowed(s)),
        Some(Value::Number(n)) => Ok(Cow::Owned(n.to_string())),
        Some(Value::Bool(b)) => Ok(Cow::Borrowed(if *b { "true" } else { "false" })),
        Some(_) => Err(format!(
            "\"{key}\" holds a list or an object; give it a string or a number"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Collected = Vec<(u64, u64, String, String, String, String, String)>;

    fn collect(bytes: &str, format: InputFormat, layout: &Layout) -> Result<(Collected, Counts)> {
        let mut rows = Vec::new();
        let counts = read_rows(
            bytes.as_bytes(),
            format,
            layout,
            |r| {
                rows.push((
                    r.number,
                    r.line,
                    r.goal.to_string(),
                    r.date.to_string(),
                    r.value.to_string(),
                    r.note.to_string(),
                    r.reference.to_string(),
                ));
                Ok(())
            },
            |_| {},
        )?;
        Ok((rows, counts))
    }

    fn plain() -> Layout {
        Layout::new(&[], Vec::new())
    }

    #[test]
    fn csv_rows_are_read_by_header_name_in_any_order_and_case() {
        let text = "\u{feff}Ref,VALUE,goal,date\nD-1,\"12,500\",east,2026-10-01\n";
        let (rows, counts) = collect(text, InputFormat::Csv, &plain()).unwrap();
        assert_eq!(counts.rows, 1);
        let r = &rows[0];
        assert_eq!((r.0, r.1), (1, 2));
        assert_eq!(
            (&*r.2, &*r.3, &*r.4, &*r.5, &*r.6),
            ("east", "2026-10-01", "12,500", "", "D-1")
        );
    }

    #[test]
    fn mapped_columns_and_filters_read_crm_exports() {
        let text = "Deal Name,Deal Stage,Amount,Close Date,Deal owner,Record ID\n\
                    Acme,Closed Won,$1.00,2026-10-01,Maria Chen,11\n\
                    Beta,Closed Lost,$2.00,2026-10-02,Maria Chen,12\n\
                    Gamma,closed won,$3.00,2026-10-03,Maria Chen,13\n";
        let layout = Layout::new(
            &[
                ("goal".into(), "deal owner".into()),
                ("value".into(), "Amount".into()),
                ("date".into(), "Close Date".into()),
                ("ref".into(), "Record ID".into()),
                ("note".into(), "Deal Name".into()),
            ],
            vec![RowTest {
                header: "deal stage".into(),
                equals: true,
                value: "Closed Won".into(),
            }],
        );
        let (rows, counts) = collect(text, InputFormat::Csv, &layout).unwrap();
        assert_eq!(
            counts,
            Counts {
                rows: 3,
                filtered: 2
            }
        );
        assert_eq!(rows[0].2, "Maria Chen");
        assert_eq!(rows[0].5, "Acme");
        assert_eq!(rows[0].6, "11");
    }

    #[test]
    fn a_not_equal_filter_leaves_out_matching_rows() {
        let text = "goal,date,value\na,2026-01-01,1\nb,2026-01-01,\n";
        let layout = Layout::new(
            &[],
            vec![RowTest {
                header: "Value".into(),
                equals: false,
                value: String::new(),
            }],
        );
        let (rows, counts) = collect(text, InputFormat::Csv, &layout).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(counts.filtered, 1);
    }

    #[test]
    fn missing_and_misspelt_columns_are_named() {
        let err = collect("goal,date\na,2026-01-01\n", InputFormat::Csv, &plain()).unwrap_err();
        assert!(err.to_string().contains("no 'value' column"), "{err}");
        let layout = Layout::new(&[("value".into(), "Amont".into())], Vec::new());
        let err = collect("goal,date,Amount\n", InputFormat::Csv, &layout).unwrap_err();
        assert!(err.to_string().contains("did you mean 'Amount'"), "{err}");
        let err = collect("", InputFormat::Csv, &plain()).unwrap_err();
        assert!(err.to_string().contains("no header row"), "{err}");
    }

    fn delimited(delimiter: u8) -> Layout {
        Layout {
            delimiter,
            ..plain()
        }
    }

    #[test]
    fn rows_are_split_on_the_layouts_delimiter() {
        let text = "goal;date;value;note\neast;2026-10-01;12,500.00;Acme, renewal\n";
        let (rows, _) = collect(text, InputFormat::Csv, &delimited(b';')).unwrap();
        assert_eq!(
            (&*rows[0].2, &*rows[0].4, &*rows[0].5),
            ("east", "12,500.00", "Acme, renewal")
        );
        let text = "goal\tdate\tvalue\neast\t2026-10-01\t\"1\t2\"\n";
        let (rows, _) = collect(text, InputFormat::Csv, &delimited(b'\t')).unwrap();
        assert_eq!(rows[0].4, "1\t2");
    }

    #[test]
    fn a_header_split_on_another_delimiter_is_named_with_the_flag() {
        let hint = |text: &str, layout: &Layout| delimiter_hint(text.as_bytes(), layout);
        assert_eq!(
            hint("\u{feff}goal;date;value\na;b;c\n", &plain()).as_deref(),
            Some(
                "the header looks semicolon-separated (\"goal;date;value\"); pass --delimiter ';'"
            )
        );
        assert_eq!(
            hint("Goal\tDate\tValue\tNote\r\n", &plain()).as_deref(),
            Some(
                "the header looks tab-separated (\"Goal\\tDate\\tValue\\tNote\"); pass \
                 --delimiter tab"
            )
        );
        let comma = hint("goal,date,value\n", &delimited(b';')).unwrap();
        assert!(comma.ends_with("comma-separated (\"goal,date,value\"); pass --delimiter ','"));
        let pipe = hint("goal|date|value\n", &plain()).unwrap();
        assert!(pipe.ends_with("pass --delimiter '|'"), "{pipe}");
        // Mapped columns count, and must all be there.
        let crm = Layout::new(
            &[
                ("goal".into(), "Deal owner".into()),
                ("value".into(), "Amount".into()),
                ("date".into(), "Close Date".into()),
                ("ref".into(), "Record ID".into()),
            ],
            Vec::new(),
        );
        let header = "Deal Name;Deal Stage;Amount;Close Date;Deal owner;Record ID\n";
        let long = hint(header, &crm).unwrap();
        assert!(
            long.contains("(\"Deal Name;Deal Stage;Amount;Close Date;…\")"),
            "{long}"
        );
        assert_eq!(hint("Deal owner;Amount;Close Date\n", &crm), None);
        // No delimiter finds the columns, or the given one already does.
        assert_eq!(hint("goal;date;amount\n", &plain()), None);
        assert_eq!(hint("goal,date,value\n", &plain()), None);
        assert_eq!(hint("", &plain()), None);
    }

    #[test]
    fn a_header_with_the_wrong_delimiter_is_refused_with_the_flag_not_map() {
        let err = collect("goal;date;value\na;b;c\n", InputFormat::Csv, &plain()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the header looks semicolon-separated (\"goal;date;value\"); pass --delimiter ';'"
        );
        let layout = Layout::new(&[("value".into(), "Amount".into())], Vec::new());
        let err = collect("goal;date;Amount\n", InputFormat::Csv, &layout).unwrap_err();
        assert!(err.to_string().contains("--delimiter ';'"), "{err}");
        // Split on `;` it would still lack a column: the usual advice.
        let err = collect("goal;date;Amount\n", InputFormat::Csv, &plain()).unwrap_err();
        assert!(err.to_string().contains("--map goal=HEADER"), "{err}");
    }

    #[test]
    fn a_short_row_names_its_row_and_line() {
        let text = "goal,date,value\na,2026-01-01,1\n\"b\nc\",2026-01-01,2\nd,2026-01-01\n";
        let err = collect(text, InputFormat::Csv, &plain()).unwrap_err();
        assert!(err.to_string().starts_with("row 3 (line 5):"), "{err}");
    }

    #[test]
    fn refusals_from_the_caller_carry_the_row_and_line() {
        let text = "goal,date,value\na,2026-01-01,1\nb,2026-01-01,2\n";
        let err = read_rows(
            text.as_bytes(),
            InputFormat::Csv,
            &plain(),
            |r| {
                if r.goal == "b" {
                    bail!("no goal named 'b'")
                } else {
                    Ok(())
                }
            },
            |_| {},
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "row 2 (line 3): no goal named 'b'");
    }

    #[test]
    fn json_lines_keep_numbers_exact_and_skip_blank_lines() {
        let text = "{\"goal\":\"a\",\"date\":\"2026-01-01\",\"value\":0.1,\"ref\":null}\n\n\
                    {\"Goal\":\"b\",\"date\":\"2026-01-02\",\"value\":\"1,000\",\"note\":\"x\"}\n";
        let (rows, counts) = collect(text, InputFormat::Jsonl, &plain()).unwrap();
        assert_eq!(counts.rows, 2);
        assert_eq!(rows[0].4, "0.1");
        assert_eq!(rows[0].6, "");
        assert_eq!((rows[1].0, rows[1].1), (2, 3));
        assert_eq!(rows[1].2, "b");
        let err = collect("{\"goal\":1}\nnot json\n", InputFormat::Jsonl, &plain()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("row 2 (line 2): it is not a JSON object"),
            "{err}"
        );
    }
}
