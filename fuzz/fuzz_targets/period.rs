//! Period labels (`2026-Q3`, `FY2027-H1`, `this-month`, ranges), resolved
//! for any as-of date (years 1..=9999) and fiscal start month (1..=12).
//! Never panics, and neither do next/previous/days/phase on a result.
//!
//! Input layout: 4 bytes (little-endian u32) pick the as-of day, 1 byte the
//! fiscal start month, and the rest (UTF-8) is the label.
#![no_main]

use attain::domain::period::Period;
use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

/// Days from 0001-01-01 (day 1) to 9999-12-31.
const LAST_DAY: u32 = 3_652_059;

fuzz_target!(|data: &[u8]| {
    if data.len() < 5 {
        return;
    }
    let day = u32::from_le_bytes([data[0], data[1], data[2], data[3]]) % LAST_DAY + 1;
    let as_of = NaiveDate::from_num_days_from_ce_opt(day as i32).expect("day in 1..=9999");
    let fiscal_start = u32::from(data[4]) % 12 + 1;
    let Ok(text) = std::str::from_utf8(&data[5..]) else {
        return;
    };
    if let Ok(period) = Period::parse(text, as_of, fiscal_start) {
        exercise(&period, as_of, fiscal_start);
        // The canonical label is what the file stores: it must resolve
        // again, to the same range.
        let stored = Period::from_label(&period.label, fiscal_start)
            .unwrap_or_else(|e| panic!("stored label of {text:?} does not resolve: {e}"));
        assert_eq!(stored, period, "label {:?} of {text:?}", period.label);
    }
    if let Ok(period) = Period::from_label(text, fiscal_start) {
        exercise(&period, as_of, fiscal_start);
    }
});

fn exercise(period: &Period, as_of: NaiveDate, fiscal_start: u32) {
    assert!(period.start <= period.end, "{period:?}");
    assert!(period.days() >= 1);
    let _ = period.phase(as_of);
    let _ = period.elapsed_days(as_of);
    if let Some(next) = period.next(fiscal_start) {
        assert!(next.start > period.end, "{next:?} after {period:?}");
        let _ = next.days();
    }
    if let Some(previous) = period.previous(fiscal_start) {
        assert!(previous.end < period.start, "{previous:?} before {period:?}");
        let _ = previous.days();
    }
}
