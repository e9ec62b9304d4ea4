//! Property tests: parsers never panic on any input, and amounts survive a
//! JSON round trip digit for digit.

use attain::domain::amount::Amount;
use attain::domain::period::{Period, parse_iso_date};
use chrono::NaiveDate;
use proptest::prelude::*;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

proptest! {
    #[test]
    fn amount_parsing_never_panics(text in "\\PC{0,40}") {
        let _ = text.parse::<Amount>();
    }

    #[test]
    fn amount_like_text_never_panics(text in "[-+$€£]?[0-9.,]{0,30}[kKmMbB%]?") {
        if let Ok(amount) = text.parse::<Amount>() {
            // Whatever parses is within the limits that keep sums exact.
            prop_assert!(amount.0.abs() <= attain::domain::amount::MAX_MAGNITUDE);
        }
    }

    #[test]
    fn period_parsing_never_panics(text in "\\PC{0,30}", start in 1u32..=12) {
        let _ = Period::parse(&text, as_of(), start);
    }

    #[test]
    fn period_like_labels_resolve_to_ordered_ranges(
        label in "(FY)?[0-9]{4}(-(Q[0-9]|H[0-9]|W[0-9]{2}|[0-9]{2}))?",
        start in 1u32..=12,
    ) {
        if let Ok(period) = Period::parse(&label, as_of(), start) {
            prop_assert!(period.start <= period.end);
            prop_assert_eq!(Period::from_label(&period.label, start).unwrap(), period);
        }
    }

    #[test]
    fn dates_parse_strictly(text in "[0-9]{4}-[0-9]{2}-[0-9]{2}") {
        if let Some(date) = parse_iso_date(&text) {
            prop_assert_eq!(date.format("%Y-%m-%d").to_string(), text);
        }
    }

    #[test]
    fn amounts_round_trip_through_json(units in -1_000_000_000_000i64..1_000_000_000_000, scale in 0u32..=6) {
        let amount = Amount(rust_decimal::Decimal::new(units, scale));
        let json = serde_json::to_string(&amount).unwrap();
        let back: Amount = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, amount);
        prop_assert_eq!(json, amount.canonical());
    }
}
