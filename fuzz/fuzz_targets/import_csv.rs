//! `attain import` rows from CSV (header row + data rows). Never panics.
#![no_main]

use attain::commands::import::source::{InputFormat, Layout, read_rows};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let layout = Layout::new(&[], vec![]);
    if let Ok(counts) = read_rows(data, InputFormat::Csv, &layout, |_row| Ok(()), |_| {}) {
        assert!(counts.filtered <= counts.rows);
    }
});
