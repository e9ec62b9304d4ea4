//! The data-file loader. Never panics; a document it accepts saves to bytes
//! that it accepts again, unchanged (a saved file must always be readable).
#![no_main]

use attain::store::parse_document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(document) = parse_document(data, &"fuzz.json") else {
        return;
    };
    let bytes = document.to_bytes().expect("an accepted document serialises");
    let again = parse_document(&bytes, &"saved.json").unwrap_or_else(|e| {
        panic!(
            "a saved document does not load again: {e:#}\n--- saved ---\n{}",
            String::from_utf8_lossy(&bytes)
        )
    });
    assert_eq!(
        again.to_bytes().expect("reloaded document serialises"),
        bytes,
        "saving is not stable"
    );
});
