//! Strict `YYYY-MM-DD` dates, as stored and as typed for `--date`.
//! Never panics; an accepted date prints back as the same text.
#![no_main]

use attain::commands::parse_date;
use attain::domain::period::parse_iso_date;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(date) = parse_iso_date(text) {
        assert_eq!(date.format("%Y-%m-%d").to_string(), text);
    }
    let typed = parse_date("--date", text);
    assert_eq!(typed.ok(), parse_iso_date(text.trim()));
});
