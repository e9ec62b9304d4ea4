//! Undo and redo on any data file the loader accepts (its history written
//! by hand, cut short or contradicting the records): they succeed or
//! refuse, never panic; what they leave is a valid document; and the
//! history views (state, revisions, what a change touched) never panic.
#![no_main]

use attain::ledger::history::{self, State};
use attain::store::parse_document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(document) = parse_document(data, &"fuzz.json") else {
        return;
    };
    let _ = State::of(&document.history);
    for goal in &document.goals {
        let _ = history::revisions(&document, &goal.id);
        for entry in &document.history {
            let _ = history::touches_goal(&document, entry, goal);
        }
    }
    let mut undone = document.clone();
    undone.normalize();
    if let Ok(target) = history::undo_target(&undone, None) {
        let changes = target.changes.clone();
        if history::revert(&mut undone, &changes).is_ok() {
            // A revert the store would keep must leave a readable file;
            // the store checks that (validate) before any write.
            let _ = undone.validate();
            let _ = undone.to_bytes().expect("a reverted document serialises");
        }
    }
    if let Ok((_, undo)) = history::redo_target(&document) {
        let mut redone = document.clone();
        redone.normalize();
        let _ = history::revert(&mut redone, &undo.changes.clone());
    }
});
