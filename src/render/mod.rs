//! Output formats. Commands build a [`View`]; one renderer per format turns
//! it into text. Renderers never read the store or the clock.

mod csv;
mod json;
mod markdown;
mod table;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::domain::amount::Amount;

pub use self::csv::CsvRenderer;
pub use self::json::JsonRenderer;
pub use self::markdown::MarkdownRenderer;
pub use self::table::{TableRenderer, Width};

/// The output formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
}

impl Format {
    /// The renderer of this format; tables fit `width`.
    pub fn renderer(self, width: Width) -> Box<dyn Render> {
        match self {
            Format::Table => Box::new(TableRenderer { width }),
            Format::Json => Box::new(JsonRenderer),
            Format::Csv => Box::new(CsvRenderer),
            Format::Markdown => Box::new(MarkdownRenderer),
        }
    }
}

/// Turns a view into text for one output format.
pub trait Render {
    fn render(&self, view: &dyn View) -> anyhow::Result<String>;
}

/// What a command shows, in the shapes the renderers need.
pub trait View {
    /// Human blocks for the table and Markdown formats.
    fn blocks(&self) -> Vec<Block>;
    /// Flat machine rows for CSV: raw values, no formatting.
    fn records(&self) -> Records;
    /// The documented JSON shape.
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()>;
}

/// A piece of human output.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(String),
    Table(Table),
    /// A line of prose; the tone colours it in a terminal.
    Line(String, Tone),
    /// Prose of several paragraphs (a message draft), printed as written in
    /// every human format.
    Text(String),
}

/// A human table: headers and styled cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    /// Which columns are right-aligned (numbers).
    pub right: Vec<bool>,
    /// Which columns are decoration for a terminal (bars), left out of
    /// Markdown. Marked by a leading `~` in [`Table::new`].
    pub decor: Vec<bool>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// Headers; a leading `>` marks a right-aligned column, a leading `~`
    /// a decorative one.
    pub fn new(headers: &[&str]) -> Self {
        Table {
            headers: headers
                .iter()
                .map(|h| h.trim_start_matches(['>', '~']).to_string())
                .collect(),
            right: headers.iter().map(|h| h.starts_with('>')).collect(),
            decor: headers.iter().map(|h| h.starts_with('~')).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }
}

/// One table cell: its text, and how it is coloured.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub tone: Tone,
}

impl Cell {
    pub fn new(text: impl Into<String>, tone: Tone) -> Self {
        Cell {
            text: text.into(),
            tone,
        }
    }

    pub fn plain(text: impl Into<String>) -> Self {
        Cell::new(text, Tone::Plain)
    }
}

/// Colour intent, mapped to terminal colours by the table renderer only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Good,
    Great,
    Warn,
    Bad,
    Dim,
    Strong,
}

/// Flat rows for CSV.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Records {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// An amount for people: thousands separators and the unit (`$250,000`,
/// `4.5%`, `1,204 EUR`, `12`).
pub fn human_amount(amount: Amount, unit: &str) -> String {
    // People read at most two decimals (4.633333 reads 4.63); JSON and CSV
    // keep every digit.
    let shown = amount
        .0
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let canonical = Amount(shown).canonical();
    let (sign, digits) = match canonical.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", canonical.as_str()),
    };
    let (integer, fraction) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut grouped = String::with_capacity(integer.len() + integer.len() / 3);
    for (i, c) in integer.chars().enumerate() {
        if i > 0 && (integer.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let is_money = unit.len() == 3 && unit.chars().all(|c| c.is_ascii_uppercase());
    if let Some(f) = fraction {
        grouped.push('.');
        grouped.push_str(f);
        if is_money && f.len() == 1 {
            grouped.push('0');
        }
    }
    match unit {
        "USD" => format!("{sign}${grouped}"),
        "EUR" => format!("{sign}€{grouped}"),
        "GBP" => format!("{sign}£{grouped}"),
        "percent" | "%" => format!("{sign}{grouped}%"),
        _ if is_money => format!("{sign}{grouped} {unit}"),
        _ => format!("{sign}{grouped}"),
    }
}

/// A ratio as a percentage for people, cut (not rounded) to one decimal so
/// that 99.99% never reads as 100.0%: `0.6666` is `66.6%`; none is `—`.
pub fn human_percent(ratio: Option<Decimal>) -> String {
    match ratio {
        None => "—".to_string(),
        Some(r) => {
            let percent =
                (r * Decimal::ONE_HUNDRED).round_dp_with_strategy(1, RoundingStrategy::ToZero);
            format!("{percent:.1}%")
        }
    }
}

/// A ratio for machines: four decimals, cut toward zero.
pub fn machine_ratio(ratio: Decimal) -> Amount {
    Amount(
        ratio
            .round_dp_with_strategy(4, RoundingStrategy::ToZero)
            .normalize(),
    )
}

/// A ten-cell bar of attainment, full at 100%.
pub fn bar(ratio: Option<Decimal>) -> String {
    const WIDTH: i64 = 10;
    let filled = ratio.map_or(0, |r| {
        let cells = (r * Decimal::from(WIDTH)).floor();
        i64::try_from(cells).unwrap_or(WIDTH).clamp(0, WIDTH)
    });
    let mut bar = "█".repeat(filled as usize);
    bar.push_str(&"░".repeat((WIDTH - filled) as usize));
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(text: &str) -> Amount {
        text.parse().unwrap()
    }

    #[test]
    fn amounts_read_like_money_or_counts() {
        assert_eq!(human_amount(amount("250000"), "USD"), "$250,000");
        assert_eq!(human_amount(amount("1234567.5"), "USD"), "$1,234,567.50");
        assert_eq!(human_amount(amount("-1250"), "EUR"), "-€1,250");
        assert_eq!(human_amount(amount("999"), "CHF"), "999 CHF");
        assert_eq!(human_amount(amount("4.5"), "percent"), "4.5%");
        assert_eq!(human_amount(amount("1204"), "count"), "1,204");
        assert_eq!(human_amount(amount("0.3"), "score"), "0.3");
        assert_eq!(human_amount(amount("4.633333"), "score"), "4.63");
        assert_eq!(human_amount(amount("-0.125"), "percent"), "-0.13%");
    }

    #[test]
    fn percentages_never_round_up_to_a_met_target() {
        assert_eq!(human_percent(Some(Decimal::new(9999, 4))), "99.9%");
        assert_eq!(human_percent(Some(Decimal::ONE)), "100.0%");
        assert_eq!(human_percent(Some(Decimal::new(125, 2))), "125.0%");
        assert_eq!(human_percent(None), "—");
        assert_eq!(
            machine_ratio(Decimal::new(2, 0) / Decimal::new(3, 0)).canonical(),
            "0.6666"
        );
    }

    #[test]
    fn bars_fill_to_ten_cells() {
        assert_eq!(bar(Some(Decimal::new(45, 2))), "████░░░░░░");
        assert_eq!(bar(Some(Decimal::new(3, 0))), "██████████");
        assert_eq!(bar(None), "░░░░░░░░░░");
    }
}
