//! The document's results, and which of them a change touched.
//!
//! Every change to the results goes through a method here that notes the
//! ids it added, changed or removed ([`Results::touched`]). The store then
//! looks only at those to tell what the change did (see
//! [`super::lines::delta_of`]): on a million results, `record` compares one
//! result with the file rather than a million. Reading goes through
//! `Deref` to a slice; there is no way to change a result unnoticed.

use std::ops::Deref;

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use crate::domain::goal::Record;
use crate::domain::ids::Id;

/// Up to this many results out of order are each moved to their place
/// rather than all sorted.
const FEW: usize = 16;

/// The results, in the file's order once normalized (by id).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Results {
    records: Vec<Record>,
    #[serde(skip)]
    touched: Touched,
}

/// What changes touched.
#[derive(Debug, Clone, PartialEq)]
pub enum Touched {
    /// The results with these ids may differ from the ones read: added,
    /// changed or removed (an id may also be noted and left as it was).
    Ids(FxHashSet<Id>),
    /// Any result may differ.
    All,
}

impl Default for Touched {
    fn default() -> Self {
        Touched::Ids(FxHashSet::default())
    }
}

impl Results {
    /// What changes since the results were read touched.
    pub fn touched(&self) -> &Touched {
        &self.touched
    }

    fn note(&mut self, id: &Id) {
        if let Touched::Ids(ids) = &mut self.touched {
            ids.insert(id.clone());
        }
    }

    pub fn push(&mut self, record: Record) {
        self.note(&record.id);
        self.records.push(record);
    }

    pub fn extend(&mut self, records: impl IntoIterator<Item = Record>) {
        for record in records {
            self.push(record);
        }
    }

    /// The result at `index`, to change (its id stays).
    pub fn get_mut(&mut self, index: usize) -> Option<&mut Record> {
        let id = self.records.get(index)?.id.clone();
        self.note(&id);
        self.records.get_mut(index)
    }

    /// Keeps the results `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&Record) -> bool) {
        let mut gone = Vec::new();
        self.records.retain(|r| {
            let kept = keep(r);
            if !kept {
                gone.push(r.id.clone());
            }
            kept
        });
        for id in &gone {
            self.note(id);
        }
    }

    /// Every result, to change any of them.
    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, Record> {
        self.touched = Touched::All;
        self.records.iter_mut()
    }

    /// The list itself, for code that changes it wholesale (undo).
    pub fn as_mut_vec(&mut self) -> &mut Vec<Record> {
        self.touched = Touched::All;
        &mut self.records
    }

    /// Puts the results in id order: their order alone changes.
    pub fn sort_by_id(&mut self) {
        let records = &mut self.records;
        // The results read are in order, and a change adds a few at the
        // end: each of those is moved to its place (sorting a million to
        // place one took a tenth of a second).
        let in_order = (records.windows(2))
            .position(|w| w[0].id > w[1].id)
            .map_or(records.len(), |i| i + 1);
        if records.len() - in_order <= FEW {
            for i in in_order..records.len() {
                let at = records[..i].partition_point(|r| r.id <= records[i].id);
                records[at..=i].rotate_right(1);
            }
        } else {
            // Unstable: ids are unique (a file with a twice-used id is
            // refused), and a stable sort of a million results would need
            // a buffer of half of them.
            records.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        }
    }

    pub fn into_vec(self) -> Vec<Record> {
        self.records
    }
}

impl Deref for Results {
    type Target = [Record];

    fn deref(&self) -> &[Record] {
        &self.records
    }
}

impl<'a> IntoIterator for &'a Results {
    type Item = &'a Record;
    type IntoIter = std::slice::Iter<'a, Record>;

    fn into_iter(self) -> Self::IntoIter {
        self.records.iter()
    }
}

impl From<Vec<Record>> for Results {
    fn from(records: Vec<Record>) -> Self {
        Results {
            records,
            touched: Touched::default(),
        }
    }
}

impl FromIterator<Record> for Results {
    fn from_iter<I: IntoIterator<Item = Record>>(records: I) -> Self {
        Results::from(records.into_iter().collect::<Vec<_>>())
    }
}

/// Equal when they hold the same results, whatever touched them.
impl PartialEq for Results {
    fn eq(&self, other: &Self) -> bool {
        self.records == other.records
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str) -> Record {
        serde_json::from_str(&format!(
            r#"{{"id":"{id}","owner":"ana","metric":"revenue","date":"2026-07-01","value":1}}"#
        ))
        .unwrap()
    }

    fn ids(results: &Results) -> Vec<&str> {
        match results.touched() {
            Touched::Ids(ids) => {
                let mut ids: Vec<&str> = ids.iter().map(Id::as_str).collect();
                ids.sort_unstable();
                ids
            }
            Touched::All => vec!["all"],
        }
    }

    #[test]
    fn a_few_results_out_of_order_are_moved_to_their_place_and_many_sorted() {
        let sorted = |results: &Results| results.windows(2).all(|w| w[0].id < w[1].id);
        for (count, added) in [
            (0, 1),
            (1, 1),
            (50, 1),
            (50, 3),
            (50, 16),
            (50, 17),
            (50, 60),
        ] {
            let mut results: Results = (0..count)
                .map(|i| record(&format!("{:04}", i * 2)))
                .collect();
            results.sort_by_id();
            for j in 0..added {
                // Before, between and after the ones there.
                results.push(record(&format!("{:04}", (j * 7919) % 97 * 10 + 5)));
            }
            let mut expected = results.clone().into_vec();
            expected.sort_by(|a, b| a.id.cmp(&b.id));
            results.sort_by_id();
            assert!(sorted(&results), "{count} + {added}");
            assert_eq!(results[..], expected[..], "{count} + {added}");
        }
    }

    #[test]
    fn every_change_notes_the_ids_it_touches() {
        let mut results: Results = vec![record("a"), record("b"), record("c")].into();
        assert_eq!(ids(&results), Vec::<&str>::new(), "read, not touched");
        results.push(record("d"));
        results.get_mut(1).unwrap().note = Some("x".into());
        results.retain(|r| r.id.as_str() != "c");
        assert_eq!(ids(&results), ["b", "c", "d"]);
        results.sort_by_id();
        assert_eq!(ids(&results), ["b", "c", "d"], "sorting changes no result");
        // As read again: nothing touched.
        let mut results: Results = results.into_vec().into();
        results.extend([record("e")]);
        assert_eq!(ids(&results), ["e"]);
        let _ = results.iter_mut();
        assert_eq!(ids(&results), ["all"]);
        let mut results: Results = results.into_vec().into();
        let _ = results.as_mut_vec();
        assert_eq!(ids(&results), ["all"]);
        let copy: Results = results.iter().cloned().collect();
        assert_eq!(copy, results, "equal whatever touched them");
        assert_eq!(ids(&copy), Vec::<&str>::new());
    }
}
