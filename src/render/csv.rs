//! `--format csv`: a header row, then one row per record. A text cell that
//! a spreadsheet would run as a formula is escaped with a leading `'`.

use super::{Render, View};
use crate::domain::text::escape_formula;

pub struct CsvRenderer;

impl Render for CsvRenderer {
    fn render(&self, view: &dyn View) -> anyhow::Result<String> {
        let records = view.records();
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(&records.headers)?;
        for row in &records.rows {
            writer.write_record(row.iter().map(|cell| escape_formula(cell).into_owned()))?;
        }
        Ok(String::from_utf8(writer.into_inner()?)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{Block, Records};

    /// A view of literal records.
    struct Literal(Records);

    impl View for Literal {
        fn blocks(&self) -> Vec<Block> {
            Vec::new()
        }
        fn records(&self) -> Records {
            self.0.clone()
        }
        fn write_json(&self, _out: &mut Vec<u8>) -> serde_json::Result<()> {
            Ok(())
        }
    }

    fn csv(headers: Vec<&'static str>, row: &[&str]) -> String {
        let rows = vec![row.iter().map(|cell| cell.to_string()).collect()];
        CsvRenderer
            .render(&Literal(Records { headers, rows }))
            .unwrap()
    }

    #[test]
    fn formula_cells_are_escaped() {
        let text = csv(vec!["note", "gap"], &["=HYPERLINK(\"x\")", "-250"]);
        assert_eq!(text, "note,gap\n\"'=HYPERLINK(\"\"x\"\")\",-250\n");
    }

    #[test]
    fn fields_with_commas_and_quotes_are_quoted() {
        let text = csv(vec!["id", "note"], &["east", "big, \"quoted\" deal"]);
        assert_eq!(text, "id,note\neast,\"big, \"\"quoted\"\" deal\"\n");
    }
}
