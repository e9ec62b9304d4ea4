//! `--format markdown`: headings, pipe tables and paragraphs that read well
//! pasted into an email or a wiki.

use super::{Block, Render, Table, View};

pub struct MarkdownRenderer;

impl Render for MarkdownRenderer {
    fn render(&self, view: &dyn View) -> anyhow::Result<String> {
        let mut out = String::new();
        for block in view.blocks() {
            if !out.is_empty() {
                out.push('\n');
            }
            match block {
                Block::Heading(text) => out.push_str(&format!("## {}\n", escape(&text))),
                Block::Line(text, _) => out.push_str(&format!("{}\n", escape(&text))),
                Block::Text(text) => out.push_str(&format!("{}\n", text.trim_end())),
                Block::Table(table) => out.push_str(&pipe_table(&table)),
            }
        }
        Ok(out)
    }
}

fn pipe_table(table: &Table) -> String {
    let kept = |index: &usize| !table.decor.get(*index).copied().unwrap_or(false);
    let columns: Vec<usize> = (0..table.headers.len()).filter(kept).collect();
    let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    let mut out = line(columns.iter().map(|&i| escape(&table.headers[i])).collect());
    out.push_str(&line(
        columns
            .iter()
            .map(|&i| {
                let right = table.right.get(i).copied().unwrap_or(false);
                if right { "---:" } else { "---" }.to_string()
            })
            .collect(),
    ));
    for row in &table.rows {
        let cells = columns
            .iter()
            .map(|&i| row.get(i).map(|c| escape(&c.text)).unwrap_or_default())
            .collect();
        out.push_str(&line(cells));
    }
    out
}

/// Escapes the characters that would break a pipe table or start markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{Cell, Records, Tone};

    struct Literal;

    impl View for Literal {
        fn blocks(&self) -> Vec<Block> {
            let mut table = Table::new(&["Goal", ">Target", "~Bar"]);
            table.row(vec![
                Cell::plain("east|west"),
                Cell::plain("$100"),
                Cell::plain("██░"),
            ]);
            vec![
                Block::Heading("Q3".into()),
                Block::Table(table),
                Block::Line("1 of 1 met".into(), Tone::Good),
            ]
        }
        fn records(&self) -> Records {
            Records::default()
        }
        fn write_json(&self, _out: &mut Vec<u8>) -> serde_json::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn tables_are_pipe_tables_with_escaped_cells() {
        let text = MarkdownRenderer.render(&Literal).unwrap();
        assert_eq!(
            text,
            "## Q3\n\n| Goal | Target |\n| --- | ---: |\n| east\\|west | $100 |\n\n1 of 1 met\n"
        );
    }
}
