//! The `attain review --from FILE` document. Never panics.
//!
//! `Answers::from_source` takes a path (or `-` for stdin), so each input is
//! written to one scratch file per fuzzing process and read from there; the
//! JSON is also parsed directly, as from_source does after reading.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use attain::commands::parse_date;
use attain::commands::review::{Answers, NewAction};
use libfuzzer_sys::fuzz_target;

fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let shm = PathBuf::from("/dev/shm");
        let dir = if shm.is_dir() { shm } else { std::env::temp_dir() };
        dir.join(format!("attain-fuzz-review-{}.json", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    let direct = serde_json::from_slice::<Answers>(data).ok();
    let path = scratch();
    std::fs::write(path, data).expect("write the scratch review document");
    let source = path.to_str().expect("scratch path is UTF-8");
    let read = Answers::from_source(source).ok();
    if std::str::from_utf8(data).is_ok() {
        assert_eq!(read, direct, "from_source and serde disagree");
    }
    if let Some(answers) = read {
        let _ = answers.is_empty();
        for NewAction { due, .. } in &answers.actions {
            if let Some(due) = due {
                let _ = parse_date("due", due);
            }
        }
        if let Some(check_in) = &answers.check_in {
            let _ = parse_date("check_in", check_in);
        }
        let _ = answers.clone().merge(Answers::default());
    }
});
