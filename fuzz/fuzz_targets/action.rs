//! `--action "TEXT; owner=O; due=DATE; measure=M"`. Never panics.
#![no_main]

use attain::commands::parse_date;
use attain::commands::review::NewAction;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(action) = NewAction::parse(text)
        && let Some(due) = &action.due
    {
        // The review checks the due date next.
        let _ = parse_date("--action due", due);
    }
});
