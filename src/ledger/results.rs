//! The one way a result is added or updated, used by `record`, `import`
//! and restoring a backup. "The same result" is decided here only: one
//! result per owner, metric and ref.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use chrono::NaiveDate;

use crate::domain::amount::Amount;
use crate::domain::goal::Record;
use crate::domain::goal::interned::intern;
use crate::domain::ids::Id;
use crate::store::Document;

/// A result to add: owner and metric already resolved to ids.
#[derive(Debug, Clone)]
pub struct NewResult<'a> {
    pub owner: &'a str,
    pub metric: &'a str,
    pub date: NaiveDate,
    pub value: Amount,
    pub note: Option<&'a str>,
    pub reference: Option<&'a str>,
}

/// What happened to a result.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Added(Record),
    /// A result with the same owner, metric and ref had another value or
    /// date; it now has these.
    Updated {
        before: Record,
        after: Record,
    },
    /// The same result was there already.
    Unchanged(Record),
}

impl Outcome {
    pub fn record(&self) -> &Record {
        match self {
            Outcome::Added(r) | Outcome::Unchanged(r) | Outcome::Updated { after: r, .. } => r,
        }
    }
}

/// Adds or updates results in one document. Built once per command: the
/// lookups it needs are indexed on first use, so that an import of a
/// million rows stays linear.
pub struct Recorder<R: FnMut() -> u64> {
    random: R,
    /// Hash of (owner, metric, ref) → positions in `document.results`.
    refs: Option<FxHashMap<u64, Vec<usize>>>,
    /// Hash of (owner, metric, date) → the highest id recorded that day.
    days: Option<FxHashMap<u64, Id>>,
    /// Results added or updated so far: the first one scans the document
    /// (one `record` needs no index); later ones build the indexes.
    calls: usize,
    /// The ids this recorder gave out (pushed at the end of the results).
    fresh: FxHashSet<Id>,
    /// Whether the results the document had were sorted by id.
    sorted: Option<bool>,
}

fn key(parts: impl Hash) -> u64 {
    let mut hasher = FxHasher::default();
    parts.hash(&mut hasher);
    hasher.finish()
}

impl<R: FnMut() -> u64> Recorder<R> {
    /// `random` gives the 64 random bits of each new id.
    pub fn new(random: R) -> Self {
        Recorder {
            random,
            refs: None,
            days: None,
            calls: 0,
            fresh: FxHashSet::default(),
            sorted: None,
        }
    }

    pub fn add_or_update(&mut self, document: &mut Document, new: &NewResult) -> Outcome {
        self.calls += 1;
        if let Some(reference) = new.reference
            && let Some(at) = self.find_ref(document, new.owner, new.metric, reference)
            && let Some(existing) = document.results.get_mut(at)
        {
            if existing.value == new.value && existing.date == new.date {
                return Outcome::Unchanged(existing.clone());
            }
            let before = existing.clone();
            existing.value = new.value;
            existing.date = new.date;
            if let Some(note) = new.note {
                existing.note = Some(note.into());
            }
            return Outcome::Updated {
                before,
                after: existing.clone(),
            };
        }
        let id = self.new_id(document, new);
        let record = Record {
            id,
            // Shared with every other result of the owner and metric, as
            // the reader shares them.
            owner: intern(new.owner),
            metric: intern(new.metric),
            date: new.date,
            value: new.value,
            note: new.note.map(Box::from),
            reference: new.reference.map(Box::from),
            goal: None,
        };
        if let Some(refs) = &mut self.refs
            && let Some(reference) = new.reference
        {
            refs.entry(key((new.owner, new.metric, reference)))
                .or_default()
                .push(document.results.len());
        }
        document.results.push(record.clone());
        Outcome::Added(record)
    }

    fn find_ref(
        &mut self,
        document: &Document,
        owner: &str,
        metric: &str,
        reference: &str,
    ) -> Option<usize> {
        let same = |r: &Record| {
            r.reference.as_deref() == Some(reference) && *r.owner == *owner && *r.metric == *metric
        };
        if self.calls == 1 {
            return document.results.iter().position(same);
        }
        let refs = self.refs.get_or_insert_with(|| {
            let mut refs: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
            for (i, r) in document.results.iter().enumerate() {
                // Migrated results that count toward one goal only match
                // too, so that re-running a format-1 import adds nothing.
                if let Some(reference) = &r.reference {
                    refs.entry(key((&*r.owner, &*r.metric, &**reference)))
                        .or_default()
                        .push(i);
                }
            }
            refs
        });
        refs.get(&key((owner, metric, reference)))?
            .iter()
            .copied()
            .find(|&i| same(&document.results[i]))
    }

    /// A fresh id; on a day that has results of this owner and metric
    /// already, one that sorts after them, so that `latest` takes the
    /// result recorded last.
    fn new_id(&mut self, document: &Document, new: &NewResult) -> Id {
        let earlier = if self.calls == 1 {
            document
                .results
                .iter()
                .filter(|r| {
                    r.date == new.date && *r.owner == *new.owner && *r.metric == *new.metric
                })
                .map(|r| &r.id)
                .max()
                .cloned()
        } else {
            let days = self.days.get_or_insert_with(|| {
                let mut days: FxHashMap<u64, Id> = FxHashMap::default();
                for r in &document.results {
                    let slot = days
                        .entry(key((&*r.owner, &*r.metric, r.date)))
                        .or_insert_with(|| r.id.clone());
                    if r.id > *slot {
                        slot.clone_from(&r.id);
                    }
                }
                days
            });
            days.get(&key((new.owner, new.metric, new.date))).cloned()
        };
        // A draw that meets an id in the file is drawn again (64 random
        // bits make that rare; ids made to sort after a day's last one
        // are denser).
        let mut id = Id::from_bits(0);
        for attempt in 0..64 {
            let random = (self.random)();
            id = match (&earlier, attempt) {
                (Some(earlier), 0..32) => Id::after(earlier, random),
                _ => Id::from_bits(random),
            };
            if !self.taken(document, &id) {
                break;
            }
        }
        if self.calls > 1 {
            let day = key((new.owner, new.metric, new.date));
            self.days
                .get_or_insert_with(FxHashMap::default)
                .insert(day, id.clone());
        }
        self.fresh.insert(id.clone());
        id
    }

    /// Whether a result of the document, or one this recorder added, has
    /// the id. The file keeps results sorted by id; one that is not (edited
    /// by hand) is searched in full.
    fn taken(&mut self, document: &Document, id: &Id) -> bool {
        if self.fresh.contains(id) {
            return true;
        }
        let before = &document.results[..document.results.len() - self.fresh.len()];
        let sorted = *self
            .sorted
            .get_or_insert_with(|| before.is_sorted_by(|a, b| a.id <= b.id));
        if sorted {
            before.binary_search_by(|r| r.id.cmp(id)).is_ok()
        } else {
            before.iter().any(|r| r.id == *id)
        }
    }
}

/// How a table shows a result id: the shortest prefix of at least 4
/// characters that no other result's id starts with (the whole id when
/// shorter). `all` is the document's results, sorted by id.
pub fn short_id<'a>(all: &[Record], id: &'a Id) -> &'a str {
    let text = id.as_str();
    let Ok(at) = all.binary_search_by(|r| r.id.cmp(id)) else {
        return text;
    };
    let common = |other: Option<&Record>| {
        other.map_or(0, |r| {
            r.id.as_str()
                .bytes()
                .zip(text.bytes())
                .take_while(|(a, b)| a == b)
                .count()
        })
    };
    let before = common(at.checked_sub(1).and_then(|i| all.get(i)));
    let after = common(all.get(at + 1));
    let len = (before.max(after) + 1)
        .max(crate::domain::ids::MIN_PREFIX)
        .min(text.len());
    &text[..len]
}

/// The unit each metric is counted in: the unit of its goals, else its
/// preset's (the file's currency for `revenue`).
pub fn units(document: &Document) -> HashMap<&str, &str> {
    let mut units: HashMap<&str, &str> = HashMap::new();
    for goal in &document.goals {
        units.entry(&goal.metric).or_insert(&goal.unit);
    }
    for preset in crate::domain::goal::PRESETS {
        units
            .entry(preset.metric)
            .or_insert(preset.unit.unwrap_or(&document.settings.currency));
    }
    units
}

/// Finds the result a typed id or unique prefix names.
pub fn find_result<'a>(document: &'a Document, typed: &str) -> anyhow::Result<&'a Record> {
    super::ids::find(
        typed,
        "result",
        "attain result list",
        document.results.iter().map(|r| (&r.id, r)),
    )
}

/// The random bits of new ids: from the operating system, or with a seed
/// (`ATTAIN_SEED`) a repeatable sequence that also depends on how many
/// results the file holds, so that successive commands on one file still
/// draw different ids.
pub fn id_source(seed: Option<u64>, results: usize) -> impl FnMut() -> u64 {
    // Without a seed, 64 bits from the operating system start the
    // sequence: one system call per command, not one per id (an import of
    // a million rows made a million).
    let mut state = match seed {
        Some(seed) => seed ^ (results as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
        None => os_random(),
    };
    move || {
        // splitmix64
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// 64 bits from the operating system's random source.
pub fn os_random() -> u64 {
    let mut bytes = [0u8; 8];
    // Without a random source, the clock's nanoseconds still make ids
    // unlikely to meet.
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        return nanos ^ u64::from(std::process::id()).rotate_left(32);
    }
    u64::from_le_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// New ids' bits are splitmix64's sequence, started from the seed (or
    /// the operating system's bits) moved on by the results there are, so
    /// that two runs with one seed on two files draw different ids.
    #[test]
    fn id_bits_are_splitmix64_from_the_seed_and_the_results_there_are() {
        // splitmix64's published first outputs from state 0.
        let mut from_zero = id_source(Some(0), 0);
        assert_eq!(from_zero(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(from_zero(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(from_zero(), 0x06C4_5D18_8009_454F);
        // One result there: the start moves by one step.
        assert_eq!(id_source(Some(0), 1)(), 0x6E78_9E6A_A1B9_65F4);
        // The seed and the count are mixed (they cancel when equal).
        assert_eq!(
            id_source(Some(0x9E37_79B9_7F4A_7C15), 1)(),
            0xE220_A839_7B1D_CDAF
        );
        assert_ne!(id_source(Some(1), 0)(), id_source(Some(0), 0)());
        // Without a seed, two commands draw apart (a chance of 2^-64 not).
        assert_ne!(id_source(None, 0)(), id_source(None, 0)());
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn new<'a>(value: i64, day: u32, reference: Option<&'a str>) -> NewResult<'a> {
        NewResult {
            owner: "ana",
            metric: "revenue",
            date: date(2026, 8, day),
            value: Amount(value.into()),
            note: None,
            reference,
        }
    }

    fn counter() -> impl FnMut() -> u64 {
        let mut n = 100u64;
        move || {
            n += 1000;
            n
        }
    }

    #[test]
    fn a_ref_seen_again_updates_or_is_left_alone() {
        let mut document = Document::default();
        let mut recorder = Recorder::new(counter());
        let first = recorder.add_or_update(&mut document, &new(10, 1, Some("D-1")));
        assert!(matches!(first, Outcome::Added(_)));
        let same = recorder.add_or_update(&mut document, &new(10, 1, Some("D-1")));
        assert_eq!(same, Outcome::Unchanged(first.record().clone()));
        let moved = recorder.add_or_update(&mut document, &new(12, 3, Some("D-1")));
        let Outcome::Updated { before, after } = moved else {
            panic!("{moved:?}");
        };
        assert_eq!(
            (before.value, before.date),
            (Amount(10.into()), date(2026, 8, 1))
        );
        assert_eq!(
            (after.value, after.date),
            (Amount(12.into()), date(2026, 8, 3))
        );
        assert_eq!(after.id, before.id);
        assert_eq!(document.results.len(), 1);
        // Another metric or owner with that ref is another result.
        let other = NewResult {
            metric: "deals-won",
            ..new(1, 1, Some("D-1"))
        };
        assert!(matches!(
            recorder.add_or_update(&mut document, &other),
            Outcome::Added(_)
        ));
        // Results without a ref are always added.
        recorder.add_or_update(&mut document, &new(5, 2, None));
        recorder.add_or_update(&mut document, &new(5, 2, None));
        assert_eq!(document.results.len(), 4);
    }

    #[test]
    fn a_fresh_recorder_finds_refs_already_in_the_file() {
        let mut document = Document::default();
        Recorder::new(counter()).add_or_update(&mut document, &new(10, 1, Some("D-1")));
        let again = Recorder::new(counter()).add_or_update(&mut document, &new(10, 1, Some("D-1")));
        assert!(matches!(again, Outcome::Unchanged(_)));
    }

    #[test]
    fn ids_show_and_match_by_their_shortest_unique_prefix() {
        let mut document = Document::default();
        let mut bits = [
            0x0123_4567_89ab_cdefu64,
            0x0123_4000_0000_0000,
            0xfedc_ba98_7654_3210,
        ]
        .into_iter();
        let mut recorder = Recorder::new(move || bits.next().unwrap());
        for day in 1..=3 {
            recorder.add_or_update(&mut document, &new(1, day, None));
        }
        document.normalize();
        let ids: Vec<&Id> = document.results.iter().map(|r| &r.id).collect();
        let shown: Vec<&str> = ids
            .iter()
            .map(|id| short_id(&document.results, id))
            .collect();
        assert_eq!(shown, ["028t0", "028t5", "fxq5"]);
        assert_eq!(find_result(&document, "FXQ5").unwrap().id, *ids[2]);
        assert_eq!(find_result(&document, "#028t5").unwrap().id, *ids[1]);
        assert!(
            find_result(&document, "zzzz")
                .unwrap_err()
                .to_string()
                .contains("no result")
        );
        assert!(
            find_result(&document, "fxq")
                .unwrap_err()
                .to_string()
                .contains("at least 4")
        );
        assert!(
            find_result(&document, "028t")
                .unwrap_err()
                .to_string()
                .contains("several")
        );
    }

    #[test]
    fn an_id_already_in_the_file_is_drawn_again() {
        let mut document = Document::default();
        // The same bits every time, then others.
        let mut draws = [42u64, 42, 42, 7, 42, 42, 9].into_iter();
        let mut recorder = Recorder::new(move || draws.next().unwrap());
        let a = recorder.add_or_update(&mut document, &new(1, 1, None));
        let b = recorder.add_or_update(&mut document, &new(1, 2, None));
        assert_eq!(a.record().id, Id::from_bits(42));
        assert_eq!(b.record().id, Id::from_bits(7));
        // A fresh recorder on the saved file knows its ids too.
        document.normalize();
        let mut draws = [42u64, 7, 9].into_iter();
        let c = Recorder::new(move || draws.next().unwrap())
            .add_or_update(&mut document, &new(1, 3, None));
        assert_eq!(c.record().id, Id::from_bits(9));
    }

    /// A document holding one result of each (owner, metric, day, id).
    fn holding(results: &[(&str, &str, u32, u64, Option<&str>)]) -> Document {
        let mut document = Document::default();
        for (owner, metric, day, bits, reference) in results {
            document.results.push(Record {
                id: Id::from_bits(*bits),
                owner: (*owner).into(),
                metric: (*metric).into(),
                date: date(2026, 8, *day),
                value: Amount(1.into()),
                note: None,
                reference: reference.map(Box::from),
                goal: None,
            });
        }
        document.normalize();
        document
    }

    #[test]
    fn a_ref_matches_only_its_owner_and_metric() {
        let document = holding(&[
            ("ana", "deals-won", 1, 10, Some("D-1")),
            ("ben", "revenue", 1, 20, Some("D-1")),
            ("ana", "revenue", 1, 30, Some("D-2")),
        ]);
        // The first lookup scans; later ones use the index: both agree.
        for calls in 1..=2 {
            let mut document = document.clone();
            let mut recorder = Recorder::new(counter());
            if calls == 2 {
                recorder.add_or_update(&mut document, &new(1, 20, None));
            }
            let outcome = recorder.add_or_update(
                &mut document,
                &NewResult {
                    owner: "ben",
                    value: Amount(1.into()),
                    date: date(2026, 8, 1),
                    ..new(1, 1, Some("D-1"))
                },
            );
            assert_eq!(outcome.record().id, Id::from_bits(20), "call {calls}");
            assert!(matches!(outcome, Outcome::Unchanged(_)));
            // Ana's revenue has no D-1: a new result.
            let added = recorder.add_or_update(&mut document, &new(1, 1, Some("D-1")));
            assert!(matches!(added, Outcome::Added(_)), "call {calls}");
        }
    }

    #[test]
    fn only_the_same_owner_metric_and_day_make_an_id_climb() {
        let high = u64::MAX / 2;
        // Ana's revenue on Aug 1 has a high id; Ben's and Ana's deals on
        // Aug 2 too, and none of them is Ana's revenue on Aug 2.
        let document = holding(&[
            ("ana", "revenue", 1, high, None),
            ("ben", "revenue", 2, high + 1, None),
            ("ana", "deals-won", 2, high + 2, None),
        ]);
        let mut first = document.clone();
        let fresh = Recorder::new(|| 7).add_or_update(&mut first, &new(1, 2, None));
        assert_eq!(fresh.record().id, Id::from_bits(7));
        // On Aug 1 it must sort after the one already there, whether it is
        // the recorder's first result or a later one.
        let mut again = document.clone();
        let mut recorder = Recorder::new(|| 7);
        let a = recorder.add_or_update(&mut again, &new(1, 1, None));
        assert!(a.record().id > Id::from_bits(high));
        let mut later = document.clone();
        let mut recorder = Recorder::new(counter());
        recorder.add_or_update(&mut later, &new(1, 3, None));
        let b = recorder.add_or_update(&mut later, &new(1, 1, None));
        assert!(b.record().id > Id::from_bits(high), "{}", b.record().id);
        // Two results on one day, the higher id second: the index keeps the
        // higher one.
        let mut pair = holding(&[
            ("ana", "revenue", 1, 100, None),
            ("ana", "revenue", 1, high, None),
        ]);
        let mut recorder = Recorder::new(counter());
        recorder.add_or_update(&mut pair, &new(1, 9, None));
        let c = recorder.add_or_update(&mut pair, &new(1, 1, None));
        assert!(c.record().id > Id::from_bits(high));
    }

    #[test]
    fn a_second_result_on_one_day_sorts_after_the_first() {
        let mut document = Document::default();
        // A random source that goes down: ids must still go up within a day.
        let mut n = u64::MAX;
        let mut recorder = Recorder::new(move || {
            n /= 2;
            n
        });
        let a = recorder.add_or_update(&mut document, &new(1, 1, None));
        let b = recorder.add_or_update(&mut document, &new(2, 1, None));
        let c = recorder.add_or_update(&mut document, &new(3, 2, None));
        assert!(b.record().id > a.record().id);
        // Another day starts from the random bits alone.
        assert!(c.record().id < b.record().id);
    }
}
