//! Amounts as typed (`250k`, `$12,500.00`, `-300`) and as read from JSON.
//! Never panics; an accepted amount round-trips through its canonical text
//! and through JSON.
#![no_main]

use attain::domain::amount::Amount;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(amount) = text.parse::<Amount>()
    {
        let canonical = amount.canonical();
        let again: Amount = canonical
            .parse()
            .unwrap_or_else(|e| panic!("canonical {canonical:?} of {text:?} does not parse: {e}"));
        assert_eq!(again, amount, "canonical text {canonical:?} of {text:?}");
        round_trip_json(amount);
    }
    if let Ok(amount) = serde_json::from_slice::<Amount>(data) {
        round_trip_json(amount);
    }
});

fn round_trip_json(amount: Amount) {
    let json = serde_json::to_string(&amount).expect("an amount serialises");
    let again: Amount = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("serialised amount {json} does not read back: {e}"));
    assert_eq!(again, amount, "JSON round trip through {json}");
}
