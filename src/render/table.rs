//! `--format table`: coloured tables for people. Colour is always emitted
//! here; the stream it is printed through (anstream) strips it for pipes,
//! `NO_COLOR`, `TERM=dumb` and `--color never`.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, CellAlignment, Color, ContentArrangement};

use super::{Block, Render, Table, Tone, View};
use crate::domain::text::clip;

pub struct TableRenderer;

/// The most characters a table cell shows; the rest is cut with `…`
/// (`--format json` or `csv` show every character). Laying out a table
/// costs more than linear time in the length of a cell, so a note of
/// megabytes must never reach it whole.
pub const MAX_CELL_CHARS: usize = 200;

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
                    out.push_str(&draw(&table));
                    out.push('\n');
                }
            }
        }
        Ok(out)
    }
}

fn draw(table: &Table) -> String {
    let mut drawn = comfy_table::Table::new();
    drawn
        .load_style(UTF8_FULL_CONDENSED)
        .enforce_styling()
        .set_content_arrangement(ContentArrangement::Dynamic);
    drawn.set_header(
        table
            .headers
            .iter()
            .map(|h| comfy_table::Cell::new(h).add_attribute(Attribute::Bold)),
    );
    for row in &table.rows {
        drawn.add_row(
            row.iter()
                .map(|cell| styled(&clip(&cell.text, MAX_CELL_CHARS), cell.tone)),
        );
    }
    for (index, &right) in table.right.iter().enumerate() {
        if let Some(column) = drawn.column_mut(index)
            && right
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
