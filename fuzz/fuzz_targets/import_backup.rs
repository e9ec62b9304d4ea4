//! `attain import BACKUP.json`: detecting and parsing a JSON backup.
//! Never panics.
#![no_main]

use attain::commands::import::backup::{is_backup, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = is_backup(data);
    let _ = parse(data, "fuzz");
});
