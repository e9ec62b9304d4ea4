//! The merge driver's three-way merge on any three data files the loader
//! accepts (the input is the three files, separated by NUL bytes): it
//! never panics, either way round; a side that changed nothing gives the
//! other side's records; and a clean merge that validates is written in
//! attain's layout and read back as the same document.
#![no_main]

use attain::ledger::merge::{Side, merge};
use attain::store::parse_document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == 0);
    let (Some(base), Some(ours), Some(theirs)) = (parts.next(), parts.next(), parts.next()) else {
        return;
    };
    let parse = |bytes: &[u8]| parse_document(bytes, &"fuzz.json").ok();
    let (Some(base), Some(ours), Some(theirs)) = (parse(base), parse(ours), parse(theirs)) else {
        return;
    };
    let merged = merge(&base, &ours, &theirs, Side::Ours);
    let _ = merge(&base, &theirs, &ours, Side::Theirs);
    let mut unchanged = merge(&base, &ours, &base, Side::Theirs);
    assert!(unchanged.conflicts.is_empty(), "{:?}", unchanged.conflicts);
    let mut expected = ours.clone();
    expected.normalize();
    // The histories of hand-made files need not share a beginning.
    unchanged.document.history.clear();
    expected.history.clear();
    assert_eq!(
        unchanged.document.to_bytes().expect("writes"),
        expected.to_bytes().expect("writes"),
        "a side that changed nothing did not give the other side's records"
    );
    if merged.conflicts.is_empty() && merged.document.validate().is_ok() {
        let bytes = merged.document.to_bytes().expect("a merged document serialises");
        let again = parse_document(&bytes, &"merged.json").expect("a valid merge reads back");
        assert_eq!(again.to_bytes().expect("writes"), bytes);
    }
});
