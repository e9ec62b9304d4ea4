//! The fast reader of attain's own layout never accepts what the general
//! reader refuses, and reads what it accepts the same way.
#![no_main]

use attain::store::Document;
use attain::store::fast;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(fast) = fast::decode(data) {
        let general: Document = serde_json::from_slice(data)
            .unwrap_or_else(|e| panic!("the fast reader accepted what serde refuses: {e}"));
        assert_eq!(fast, general, "the two readers disagree");
    }
});
