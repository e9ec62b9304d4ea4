//! The fast reader of attain's own layout never accepts what the general
//! reader refuses, reads what it accepts the same way, and calls the
//! results' lines verbatim only when each is the line attain writes for
//! the record read from it (a save copies those lines as they are).
#![no_main]

use attain::store::Document;
use attain::store::fast;
use attain::store::write::write_record;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((fast, verbatim)) = fast::read(data) {
        let general: Document = serde_json::from_slice(data)
            .unwrap_or_else(|e| panic!("the fast reader accepted what serde refuses: {e}"));
        assert_eq!(fast, general, "the two readers disagree");
        if let Some(section) = verbatim {
            let lines = data[section].split(|&b| b == b'\n');
            for (line, record) in lines.zip(&fast.results) {
                let line = line.strip_prefix(b"    ").expect("indented");
                let line = line.strip_suffix(b",").unwrap_or(line);
                let mut written = Vec::new();
                write_record(&mut written, record);
                assert_eq!(line, &written[..], "a verbatim line is not what attain writes");
            }
        }
    }
});
