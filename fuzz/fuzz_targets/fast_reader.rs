//! The fast reader of attain's own layout never accepts what the general
//! reader refuses, reads what it accepts the same way, and calls lines
//! verbatim (a save copies them as they are) only when each is the line
//! attain writes: the results' lines, and the history's when it is read
//! but not kept.
#![no_main]

use attain::store::Document;
use attain::store::fast::{self, History, Reading};
use attain::store::write::write_record;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((fast, verbatim)) = fast::read(data) {
        let general: Document = serde_json::from_slice(data)
            .unwrap_or_else(|e| panic!("the fast reader accepted what serde refuses: {e}"));
        assert_eq!(fast, general, "the two readers disagree");
        if let Some(section) = verbatim {
            let lines = data[section].split(|&b| b == b'\n');
            for (line, record) in lines.zip(fast.results.iter()) {
                let line = line.strip_prefix(b"    ").expect("indented");
                let line = line.strip_suffix(b",").unwrap_or(line);
                let mut written = Vec::new();
                write_record(&mut written, record);
                assert_eq!(line, &written[..], "a verbatim line is not what attain writes");
            }
        }
    }
    for history in [History::Check, History::Copy] {
        left_out(data, history);
    }
});

/// A read that leaves the history out reads the rest as serde does, and
/// checks the history as validation does.
fn left_out(data: &[u8], history: History) {
    let reading = Reading {
        release: &|_| (),
        history,
    };
    if let Some((fast, layout)) = fast::read_with(data, reading) {
        let mut general: Document = serde_json::from_slice(data)
            .unwrap_or_else(|e| panic!("the fast reader accepted what serde refuses: {e}"));
        let Some(left_out) = layout.history else {
            assert_eq!(fast, general, "the two readers disagree");
            return;
        };
        let history = std::mem::take(&mut general.history);
        assert_eq!(fast, general, "the two readers disagree, history aside");
        assert_eq!(Some(left_out.last_seq), history.last().map(|e| e.seq));
        let checked = Document {
            history: history.clone(),
            ..Document::default()
        };
        assert!(checked.validate().is_ok(), "a history left out was not checked");
        if let Some(lines) = left_out.lines {
            let lines: Vec<&[u8]> = data[lines].split(|&b| b == b'\n').collect();
            assert_eq!(lines.len(), history.len());
            for (line, entry) in lines.iter().zip(&history) {
                let line = line.strip_prefix(b"    ").expect("indented");
                let line = line.strip_suffix(b",").unwrap_or(line);
                let written = serde_json::to_vec(entry).unwrap();
                assert_eq!(line, &written[..], "a verbatim entry is not what attain writes");
            }
        }
    }
}
