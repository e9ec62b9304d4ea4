//! `--format json`: one pretty JSON value per command.

use super::{Render, View};

pub struct JsonRenderer;

impl Render for JsonRenderer {
    fn render(&self, view: &dyn View) -> anyhow::Result<String> {
        let mut out = Vec::new();
        view.write_json(&mut out)?;
        out.push(b'\n');
        Ok(String::from_utf8(out)?)
    }
}
