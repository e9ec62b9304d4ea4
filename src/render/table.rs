//! `--format table`: coloured tables for people. Colour is always emitted
//! here; the stream it is printed through (anstream) strips it for pipes,
//! `NO_COLOR`, `TERM=dumb` and `--color never`.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, CellAlignment, Color, ContentArrangement};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{Block, Render, Table, Tone, View};
use crate::domain::text::clip;

/// Draws the blocks of a view for a terminal of a given width.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableRenderer {
    pub width: Width,
}

/// How wide tables may be, read once at the edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Width {
    /// The columns a table may take; `None` is unlimited (a pipe without
    /// `$COLUMNS`).
    pub columns: Option<usize>,
    /// `--wide`: every column in full and nothing folded.
    pub wide: bool,
}

impl Width {
    /// The width for output to a terminal `terminal` columns wide (`None`
    /// when stdout is not a terminal): the terminal's width, else
    /// `$COLUMNS` when it is a number, else unlimited.
    pub fn new(terminal: Option<usize>, columns_env: Option<&str>, wide: bool) -> Width {
        let from_env = columns_env
            .and_then(|text| text.trim().parse::<usize>().ok())
            .filter(|&columns| columns > 0);
        Width {
            columns: terminal.or(from_env),
            wide,
        }
    }
}

/// The most characters a table cell shows; the rest is cut with `…`
/// (`--format json` or `csv` show every character). Laying out a table
/// costs more than linear time in the length of a cell, so a note of
/// megabytes must never reach it whole.
pub const MAX_CELL_CHARS: usize = 200;

/// Columns that make way, first to last, when a table is wider than the
/// terminal: what can be read elsewhere or worked out from the rest...
pub const GIVE_WAY: [&str; 6] = [
    "Goal id",
    "Follow-up",
    "Projected",
    "Progress",
    "Gap",
    "Command",
];

/// ...then, when free text cut short is not enough, what a goal's id
/// already names (in tables with a Goal column), before the ids themselves
/// are cut...
pub const NAMED_BY_ID: [&str; 2] = ["Period", "Owner"];

/// ...and last, when even cut ids do not fit, details of a row that its
/// status and verdict sum up.
/// (what-if's rank, beside its status; need's threshold, beside the
/// amount it takes.)
pub const LAST_RESORT: [&str; 8] = [
    "Check-in",
    "Done",
    "Streak",
    "Kinds",
    "Ref",
    "Note",
    "Rank",
    "Reached at",
];

/// Columns that, when every row has the same value, move to a line above
/// the table ("Owner: maria-chen · Period: 2026-Q4"), unless they come
/// first (the column that names the row).
pub const FOLD: [&str; 2] = ["Owner", "Period"];

/// Columns of free text that are cut with `…` to fit, ids in the middle
/// (their ends tell them apart), the rest at the end. Numbers, statuses
/// and dates are never cut.
const CUT_MIDDLE: [&str; 3] = ["Goal", "Reviewed goal", "Follow-up"];
const CUT_END: [&str; 14] = [
    "Title",
    "Change",
    "Reason",
    "Owner",
    "Metric",
    "Note",
    "Ref",
    "Tags",
    "Suggestion",
    "Celebrated",
    "What was done",
    "Action",
    "Measure",
    "Verdict",
];

/// The narrowest a cut column gets.
const MIN_CUT: usize = 10;

impl Render for TableRenderer {
    fn render(&self, view: &dyn View) -> anyhow::Result<String> {
        let mut out = String::new();
        for block in view.blocks() {
            match block {
                Block::Heading(text) => {
                    if !out.is_empty() {
                        out.push('\n');
                    }
                    out.push_str(&paint(&text, Tone::Strong));
                    out.push('\n');
                }
                Block::Text(text) => {
                    if !out.is_empty() {
                        out.push('\n');
                    }
                    out.push_str(text.trim_end());
                    out.push('\n');
                }
                Block::Line(text, tone) => {
                    out.push_str(&paint(&text, tone));
                    out.push('\n');
                }
                Block::Table(table) => {
                    let layout = Layout::new(&table, self.width);
                    if let Some(caption) = &layout.caption {
                        out.push_str(&paint(caption, Tone::Dim));
                        out.push('\n');
                    }
                    out.push_str(&draw(&table, &layout));
                    out.push('\n');
                }
            }
        }
        Ok(out)
    }
}

/// Which columns a table shows and how wide each may be.
#[derive(Debug, PartialEq)]
struct Layout {
    /// Per column: `None` when hidden, else the most display columns its
    /// cells may take (`usize::MAX`: as wide as they are).
    caps: Vec<Option<usize>>,
    /// The folded columns' shared values.
    caption: Option<String>,
}

impl Layout {
    fn new(table: &Table, width: Width) -> Layout {
        let headers: Vec<&str> = table.headers.iter().map(String::as_str).collect();
        let mut caps: Vec<Option<usize>> = vec![Some(usize::MAX); headers.len()];
        let mut folded = Vec::new();
        if !width.wide {
            // The first column names the row: it always stays.
            for (i, header) in headers.iter().enumerate().skip(1) {
                if FOLD.contains(header)
                    && let Some(shared) = shared_value(table, i)
                {
                    caps[i] = None;
                    folded.push(format!("{header}: {shared}"));
                }
            }
        }
        let caption = (!folded.is_empty()).then(|| folded.join(" · "));
        let Some(limit) = width.columns.filter(|_| !width.wide) else {
            return Layout { caps, caption };
        };
        let natural: Vec<usize> = (0..headers.len())
            .map(|i| natural_width(table, i))
            .collect();
        let right = |i: usize| table.right.get(i).copied().unwrap_or(false);
        let is_end = |i: usize| !right(i) && CUT_END.contains(&headers[i]);
        let is_middle = |i: usize| !right(i) && CUT_MIDDLE.contains(&headers[i]);
        let floor = |i: usize| natural[i].min(MIN_CUT.max(UnicodeWidthStr::width(headers[i])));
        let total = |caps: &[Option<usize>], width_of: &dyn Fn(usize) -> usize| -> usize {
            let shown: Vec<usize> = (0..caps.len()).filter(|&i| caps[i].is_some()).collect();
            shown.iter().map(|&i| width_of(i)).sum::<usize>() + 3 * shown.len() + 1
        };
        let hide =
            |caps: &mut Vec<Option<usize>>, names: &[&str], width_of: &dyn Fn(usize) -> usize| {
                for name in names {
                    if total(caps, width_of) <= limit {
                        break;
                    }
                    // The first column names the row (a leaderboard's rank): it stays.
                    if let Some(i) = headers.iter().position(|h| h == name)
                        && i > 0
                    {
                        caps[i] = None;
                    }
                }
            };
        hide(&mut caps, &GIVE_WAY, &|i| natural[i]);
        // Only a goal's id names its owner and period; a result's does not.
        if headers.contains(&"Goal") {
            hide(&mut caps, &NAMED_BY_ID, &|i| {
                if is_end(i) { floor(i) } else { natural[i] }
            });
        }
        hide(&mut caps, &LAST_RESORT, &|i| {
            if is_end(i) || is_middle(i) {
                floor(i)
            } else {
                natural[i]
            }
        });
        // Cut free text first, widest column first, then ids.
        let mut widths = natural.clone();
        for cuttable in [&is_end as &dyn Fn(usize) -> bool, &is_middle] {
            while total(&caps, &|i| widths[i]) > limit {
                let Some(widest) = (0..headers.len())
                    .filter(|&i| caps[i].is_some() && cuttable(i) && widths[i] > floor(i))
                    .max_by_key(|&i| widths[i])
                else {
                    break;
                };
                widths[widest] -= 1;
                caps[widest] = Some(widths[widest]);
            }
        }
        Layout { caps, caption }
    }
}

/// The value every row has in column `i`, when they all have one.
fn shared_value(table: &Table, i: usize) -> Option<&str> {
    let mut cells = table
        .rows
        .iter()
        .map(|row| row.get(i).map(|c| c.text.as_str()));
    let first = cells.next()??;
    (!first.is_empty() && cells.all(|text| text == Some(first))).then_some(first)
}

/// The display width column `i` needs for its header and every cell.
fn natural_width(table: &Table, i: usize) -> usize {
    let header = table
        .headers
        .get(i)
        .map_or(0, |h| UnicodeWidthStr::width(h.as_str()));
    table
        .rows
        .iter()
        .filter_map(|row| row.get(i))
        .map(|cell| display_width(&clip(&cell.text, MAX_CELL_CHARS)))
        .fold(header, usize::max)
}

/// The widest line of a cell.
fn display_width(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// `text` in at most `cap` display columns, each line cut with `…`: in
/// the middle for ids, else at the end.
fn fit(text: &str, cap: usize, middle: bool) -> String {
    let text = clip(text, MAX_CELL_CHARS);
    if display_width(&text) <= cap {
        return text.into_owned();
    }
    text.lines()
        .map(|line| cut_line(line, cap, middle))
        .collect::<Vec<_>>()
        .join("\n")
}

fn cut_line(line: &str, cap: usize, middle: bool) -> String {
    if UnicodeWidthStr::width(line) <= cap || cap == 0 {
        return line.to_string();
    }
    let room = cap - 1;
    let (head_room, tail_room) = if middle {
        (room - room / 2, room / 2)
    } else {
        (room, 0)
    };
    let head = take_width(line.chars(), head_room);
    let tail: String = take_width(line.chars().rev(), tail_room)
        .chars()
        .rev()
        .collect();
    format!("{head}…{tail}")
}

/// The longest prefix of `chars` that fits in `room` display columns.
fn take_width(chars: impl Iterator<Item = char>, room: usize) -> String {
    let mut used = 0;
    chars
        .take_while(|c| {
            used += UnicodeWidthChar::width(*c).unwrap_or(0);
            used <= room
        })
        .collect()
}

fn draw(table: &Table, layout: &Layout) -> String {
    let shown: Vec<usize> = (0..table.headers.len())
        .filter(|&i| layout.caps.get(i).copied().flatten().is_some())
        .collect();
    let cap = |i: usize| layout.caps.get(i).copied().flatten().unwrap_or(usize::MAX);
    let middle = |i: usize| CUT_MIDDLE.contains(&table.headers[i].as_str());
    let mut drawn = comfy_table::Table::new();
    drawn
        .load_style(UTF8_FULL_CONDENSED)
        .enforce_styling()
        .set_content_arrangement(ContentArrangement::Disabled);
    drawn.set_header(shown.iter().map(|&i| {
        comfy_table::Cell::new(fit(&table.headers[i], cap(i), false)).add_attribute(Attribute::Bold)
    }));
    for row in &table.rows {
        drawn.add_row(shown.iter().map(|&i| match row.get(i) {
            Some(cell) => styled(&fit(&cell.text, cap(i), middle(i)), cell.tone),
            None => comfy_table::Cell::new(""),
        }));
    }
    for (position, &i) in shown.iter().enumerate() {
        if let Some(column) = drawn.column_mut(position)
            && table.right.get(i).copied().unwrap_or(false)
        {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    drawn.to_string()
}

fn styled(text: &str, tone: Tone) -> comfy_table::Cell {
    let cell = comfy_table::Cell::new(text);
    match tone {
        Tone::Plain => cell,
        Tone::Good => cell.fg(Color::Green),
        Tone::Great => cell.fg(Color::Green).add_attribute(Attribute::Bold),
        Tone::Warn => cell.fg(Color::Yellow),
        Tone::Bad => cell.fg(Color::Red),
        Tone::Dim => cell.fg(Color::DarkGrey),
        Tone::Strong => cell.add_attribute(Attribute::Bold),
    }
}

fn paint(text: &str, tone: Tone) -> String {
    use anstyle::{AnsiColor, Style};
    let style = match tone {
        Tone::Plain => return text.to_string(),
        Tone::Good => Style::new().fg_color(Some(AnsiColor::Green.into())),
        Tone::Great => Style::new().fg_color(Some(AnsiColor::Green.into())).bold(),
        Tone::Warn => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
        Tone::Bad => Style::new().fg_color(Some(AnsiColor::Red.into())),
        Tone::Dim => Style::new().dimmed(),
        Tone::Strong => Style::new().bold(),
    };
    format!("{style}{text}{style:#}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Cell;

    fn table(headers: &[&str], rows: &[&[&str]]) -> Table {
        let mut table = Table::new(headers);
        for row in rows {
            table.row(row.iter().map(|text| Cell::plain(*text)).collect());
        }
        table
    }

    fn width(columns: usize) -> Width {
        Width {
            columns: Some(columns),
            wide: false,
        }
    }

    fn shown(table: &Table, layout: &Layout) -> Vec<String> {
        (0..table.headers.len())
            .filter(|&i| layout.caps[i].is_some())
            .map(|i| table.headers[i].clone())
            .collect()
    }

    const REPORT: [&str; 6] = ["Goal", "Owner", "Period", ">Gap", ">Projected", "Follow-up"];

    fn report() -> Table {
        table(
            &REPORT,
            &[
                &[
                    "east-revenue-2026-q4",
                    "east",
                    "2026-Q4",
                    "$10",
                    "$20",
                    "bonus · due",
                ],
                &["west-revenue-2026-q3", "west", "2026-Q3", "$30", "$40", ""],
            ],
        )
    }

    #[test]
    fn the_width_is_the_terminal_else_columns_else_unlimited() {
        assert_eq!(Width::new(Some(90), Some("120"), false).columns, Some(90));
        assert_eq!(Width::new(None, Some(" 120 "), false).columns, Some(120));
        assert_eq!(Width::new(None, Some("wide"), false).columns, None);
        assert_eq!(Width::new(None, Some("0"), false).columns, None);
        assert_eq!(
            Width::new(None, None, true),
            Width {
                columns: None,
                wide: true
            }
        );
    }

    #[test]
    fn a_value_every_row_shares_moves_above_the_table_unless_it_names_the_row() {
        let t = table(
            &["Owner", "Goal", "Period"],
            &[&["east", "a", "2026-Q4"], &["east", "b", "2026-Q4"]],
        );
        let layout = Layout::new(&t, Width::default());
        assert_eq!(layout.caption.as_deref(), Some("Period: 2026-Q4"));
        assert_eq!(shown(&t, &layout), ["Owner", "Goal"]);
        let wide = Layout::new(
            &t,
            Width {
                columns: None,
                wide: true,
            },
        );
        assert_eq!(wide.caption, None);
        assert_eq!(shown(&t, &wide), ["Owner", "Goal", "Period"]);
    }

    #[test]
    fn an_empty_or_varied_column_stays() {
        let t = table(&["Goal", "Owner"], &[&["a", ""], &["b", ""]]);
        assert_eq!(Layout::new(&t, Width::default()).caption, None);
        let t = table(&["Goal", "Owner"], &[&["a", "x"], &["b", "y"]]);
        assert_eq!(Layout::new(&t, Width::default()).caption, None);
    }

    #[test]
    fn columns_give_way_in_order_only_as_far_as_needed() {
        let t = report();
        let full = 20 + 5 + 7 + 3 + 9 + 11 + 3 * 6 + 1;
        let all = Layout::new(&t, width(full));
        assert_eq!(shown(&t, &all).len(), 6, "{all:?}");
        let less = Layout::new(&t, width(full - 1));
        assert_eq!(
            shown(&t, &less),
            ["Goal", "Owner", "Period", "Gap", "Projected"]
        );
        let exact = Layout::new(&t, width(full - 14));
        assert_eq!(
            shown(&t, &exact),
            ["Goal", "Owner", "Period", "Gap", "Projected"]
        );
        let lesser = Layout::new(&t, width(full - 15));
        assert_eq!(shown(&t, &lesser), ["Goal", "Owner", "Period", "Gap"]);
        let narrow = Layout::new(&t, width(40));
        assert_eq!(shown(&t, &narrow), ["Goal", "Owner"]);
        assert_eq!(
            narrow.caps[0],
            Some(usize::MAX),
            "the id was cut: {narrow:?}"
        );
    }

    #[test]
    fn ids_are_cut_in_the_middle_and_never_below_the_floor() {
        let t = report();
        let layout = Layout::new(&t, width(20));
        assert_eq!(shown(&t, &layout), ["Goal"]);
        assert_eq!(layout.caps[0], Some(16), "the widest that fits");
        let drawn = draw(&t, &layout);
        assert!(drawn.contains("east-rev…2026-q4"), "{drawn}");
        let tiny = Layout::new(&t, width(8));
        assert_eq!(tiny.caps[0], Some(MIN_CUT), "never below the floor");
        assert_eq!(fit("east-revenue-2026-q4", 10, true), "east-…6-q4");
        assert_eq!(fit("a congratulatory email", 10, false), "a congrat…");
        assert_eq!(fit("short", 10, false), "short");
    }

    #[test]
    fn a_drawn_table_fits_the_width_it_was_given() {
        let t = report();
        for columns in [30, 40, 60, 80] {
            let drawn = draw(&t, &Layout::new(&t, width(columns)));
            for line in drawn.lines() {
                // The bold header is styled; its escapes take no room.
                let plain = line.replace("\u{1b}[1m", "").replace("\u{1b}[0m", "");
                assert!(
                    UnicodeWidthStr::width(plain.as_str()) <= columns,
                    "{columns}: {line}\n{drawn}"
                );
            }
        }
    }
}
