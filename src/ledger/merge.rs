//! The three-way merge of a data file, record by record: what `attain
//! merge-driver` does when git merges two branches that both changed it.
//!
//! Records are matched by their key: a person's, team's, goal's, result's
//! or celebration's id, a review's goal, a lock's period. Against the
//! common ancestor (the base), a record added on either side is kept;
//! removed on one side and unchanged on the other, removed; changed on one
//! side, taken; changed the same way on both, taken once. A record changed
//! differently on both sides is merged field by field in the same way, so
//! one manager's new target and another's new tag both land; lists of
//! records inside a record (a review's actions, a team's members) are
//! merged by id, and lists both sides only added to keep both additions.
//! What is left, a field changed differently on both sides or a record
//! removed on one and changed on the other, is a [`Conflict`].
//!
//! History entries of both sides are kept in time order, numbered after
//! the entries the sides share.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::Hash;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::domain::celebration::Celebration;
use crate::domain::goal::{Goal, Record, Settings};
use crate::domain::history::{Entry, Lock};
use crate::domain::org::{Person, Team};
use crate::domain::review::Review;
use crate::store::CURRENT_VERSION;
use crate::store::Document;

/// Which side's value a conflicted record holds in the merged document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Ours,
    Theirs,
}

/// A record both sides changed differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The record, as `goal ana-revenue-2026-q4`.
    pub record: String,
    /// The field both sides changed (`target`, `tiers.event`,
    /// `actions[4f2a].status`), when both kept the record.
    pub field: Option<String>,
    /// Each side's value as JSON; `None` where that side removed it.
    pub ours: Option<String>,
    pub theirs: Option<String>,
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |value: &Option<String>| match value {
            Some(value) => crate::domain::text::clip(value, 120).into_owned(),
            None => "removed".to_string(),
        };
        match (&self.field, &self.ours, &self.theirs) {
            (None, Some(_), None) => write!(
                f,
                "{} is changed on ours and removed on theirs",
                self.record
            ),
            (None, None, Some(_)) => write!(
                f,
                "{} is removed on ours and changed on theirs",
                self.record
            ),
            (field, ours, theirs) => {
                let field = field
                    .as_ref()
                    .map(|field| format!(": {field}"))
                    .unwrap_or_default();
                write!(
                    f,
                    "{}{field} is {} on ours and {} on theirs",
                    self.record,
                    shown(ours),
                    shown(theirs)
                )
            }
        }
    }
}

/// A merged document and what could not be merged. Each conflicted
/// record or field holds the preferred side's value.
#[derive(Debug)]
pub struct Merged {
    pub document: Document,
    pub conflicts: Vec<Conflict>,
}

/// Merges the changes `ours` and `theirs` each made to `base`.
pub fn merge(base: &Document, ours: &Document, theirs: &Document, prefer: Side) -> Merged {
    let mut merger = Merger {
        prefer,
        conflicts: Vec::new(),
    };
    let settings = merger
        .one(
            Some(&base.settings),
            Some(&ours.settings),
            Some(&theirs.settings),
        )
        .unwrap_or_else(|| ours.settings.clone());
    let mut document = Document {
        version: CURRENT_VERSION,
        settings,
        people: merger.records(&base.people, &ours.people, &theirs.people),
        teams: merger.records(&base.teams, &ours.teams, &theirs.teams),
        goals: merger.records(&base.goals, &ours.goals, &theirs.goals),
        results: merger
            .records(&base.results, &ours.results, &theirs.results)
            .into(),
        celebrations: merger.records(&base.celebrations, &ours.celebrations, &theirs.celebrations),
        reviews: merger.records(&base.reviews, &ours.reviews, &theirs.reviews),
        locks: merger.records(&base.locks, &ours.locks, &theirs.locks),
        history: history(&ours.history, &theirs.history),
        migrated_from: None,
    };
    document.normalize();
    Merged {
        document,
        conflicts: merger.conflicts,
    }
}

/// A kind of record the merge matches by key.
pub trait Keyed: Clone + PartialEq + Serialize + DeserializeOwned {
    /// The kind, as messages name it.
    const KIND: &'static str;
    /// Fields whose two values settle on the earlier one instead of
    /// conflicting: when a record was made; both sides adding the same
    /// goal made it at two moments.
    const EARLIEST: &'static [&'static str] = &[];
    type Key: Eq + Hash + Ord + fmt::Display + ?Sized;
    fn key(&self) -> &Self::Key;
    /// What makes two records with different keys one fact, when both
    /// sides added one (two imports of one CRM deal): said as a message
    /// names it.
    fn twin(&self) -> Option<String> {
        None
    }
    /// The record two differing versions settle on without a conflict.
    fn settle(_ours: &Self, _theirs: &Self) -> Option<Self> {
        None
    }
}

impl Keyed for Settings {
    const KIND: &'static str = "settings";
    /// Two managers each adding a pseudonym key settle on one (either
    /// works; the smaller, whichever side is ours).
    const EARLIEST: &'static [&'static str] = &["pseudonym_key"];
    type Key = str;
    fn key(&self) -> &str {
        ""
    }
}

impl Keyed for Person {
    const KIND: &'static str = "person";
    type Key = str;
    fn key(&self) -> &str {
        &self.id
    }
}

impl Keyed for Team {
    const KIND: &'static str = "team";
    type Key = str;
    fn key(&self) -> &str {
        &self.id
    }
}

impl Keyed for Goal {
    const KIND: &'static str = "goal";
    const EARLIEST: &'static [&'static str] = &["created"];
    type Key = str;
    fn key(&self) -> &str {
        &self.id
    }
}

impl Keyed for Record {
    const KIND: &'static str = "result";
    type Key = crate::domain::ids::Id;
    fn key(&self) -> &Self::Key {
        &self.id
    }
    fn twin(&self) -> Option<String> {
        let reference = self.reference.as_deref()?;
        Some(format!("ref {reference} of {} {}", self.owner, self.metric))
    }
}

impl Keyed for Celebration {
    const KIND: &'static str = "celebration";
    type Key = crate::domain::ids::Id;
    fn key(&self) -> &Self::Key {
        &self.id
    }
    fn twin(&self) -> Option<String> {
        Some(format!(
            "the {} '{}' for goal {}",
            self.kind.name(),
            self.note,
            self.goal
        ))
    }
}

impl Keyed for Review {
    const KIND: &'static str = "review of";
    const EARLIEST: &'static [&'static str] = &["started"];
    type Key = str;
    fn key(&self) -> &str {
        &self.goal
    }
}

impl Keyed for Lock {
    const KIND: &'static str = "lock of";
    type Key = str;
    fn key(&self) -> &str {
        &self.period
    }
    /// Both sides closed the same books: the earlier lock stands (at the
    /// same moment, the one whose user sorts first, so that either side
    /// may be ours).
    fn settle(ours: &Self, theirs: &Self) -> Option<Self> {
        let same_days = ours.start == theirs.start && ours.end == theirs.end;
        same_days.then(|| std::cmp::min_by_key(ours, theirs, |lock| (lock.at, &lock.user)).clone())
    }
}

struct Merger {
    prefer: Side,
    conflicts: Vec<Conflict>,
}

impl Merger {
    /// The preferred side's version.
    fn pick<T>(&self, ours: T, theirs: T) -> T {
        match self.prefer {
            Side::Ours => ours,
            Side::Theirs => theirs,
        }
    }

    /// Every record of one kind, in the order of ours then theirs'
    /// additions (the caller puts them in their canonical order).
    fn records<T: Keyed>(&mut self, base: &[T], ours: &[T], theirs: &[T]) -> Vec<T> {
        let base_by: HashMap<&T::Key, &T> = base.iter().map(|r| (r.key(), r)).collect();
        let mut theirs_by: HashMap<&T::Key, &T> = theirs.iter().map(|r| (r.key(), r)).collect();
        let mut merged = Vec::with_capacity(ours.len().max(theirs.len()));
        let mut added_by_ours = Vec::new();
        for record in ours {
            let key = record.key();
            let before = base_by.get(key).copied();
            let theirs = theirs_by.remove(key);
            if before.is_none() && theirs.is_none() {
                added_by_ours.push(merged.len());
                merged.push(record.clone());
            } else if let Some(record) = self.one(before, Some(record), theirs) {
                merged.push(record);
            }
        }
        let mut added_by_theirs = Vec::new();
        for record in theirs {
            let key = record.key();
            if theirs_by.remove(key).is_none() {
                continue;
            }
            match base_by.get(key) {
                None => {
                    added_by_theirs.push(merged.len());
                    merged.push(record.clone());
                }
                Some(before) => merged.extend(self.one(Some(*before), None, Some(record))),
            }
        }
        self.twins(&mut merged, &added_by_ours, &added_by_theirs);
        merged
    }

    /// One record's merge: `None` where it is removed.
    fn one<T: Keyed>(
        &mut self,
        base: Option<&T>,
        ours: Option<&T>,
        theirs: Option<&T>,
    ) -> Option<T> {
        // The first three arms only save comparing field by field, which
        // gives the same record.
        match (base, ours, theirs) {
            (_, Some(o), Some(t)) if o == t => Some(o.clone()),
            (Some(b), Some(o), Some(t)) if b == o => Some(t.clone()),
            (Some(b), Some(o), Some(t)) if b == t => Some(o.clone()),
            (b, Some(o), Some(t)) => Some(T::settle(o, t).unwrap_or_else(|| self.fields(b, o, t))),
            (Some(b), Some(o), None) if b == o => None,
            (Some(b), None, Some(t)) if b == t => None,
            (Some(_), None, None) | (None, None, None) => None,
            (None, o, t) => o.or(t).cloned(),
            (Some(_), o, t) => {
                let record = o.or(t).map(record_name).unwrap_or_default();
                self.conflicts.push(Conflict {
                    record,
                    field: None,
                    ours: o.map(compact),
                    theirs: t.map(compact),
                });
                self.pick(o, t).cloned()
            }
        }
    }

    /// A record both sides changed differently, merged field by field.
    fn fields<T: Keyed>(&mut self, base: Option<&T>, ours: &T, theirs: &T) -> T {
        let record = record_name(ours);
        let before = self.conflicts.len();
        let values = (
            base.and_then(|b| serde_json::to_value(b).ok()),
            serde_json::to_value(ours).ok(),
            serde_json::to_value(theirs).ok(),
        );
        let merged = match values {
            (base, Some(o), Some(t)) => self
                .value(&record, "", base.as_ref(), Some(&o), Some(&t), T::EARLIEST)
                .and_then(|value| serde_json::from_value::<T>(value).ok()),
            _ => None,
        };
        merged.unwrap_or_else(|| {
            // The fields do not make a record together: the record is
            // the conflict.
            self.conflicts.truncate(before);
            self.conflicts.push(Conflict {
                record,
                field: None,
                ours: Some(compact(ours)),
                theirs: Some(compact(theirs)),
            });
            self.pick(ours, theirs).clone()
        })
    }

    /// Three versions of one value at `path` in `record`.
    fn value(
        &mut self,
        record: &str,
        path: &str,
        base: Option<&Value>,
        ours: Option<&Value>,
        theirs: Option<&Value>,
        earliest: &[&str],
    ) -> Option<Value> {
        if ours == theirs || base == theirs {
            return ours.cloned();
        }
        if base == ours {
            return theirs.cloned();
        }
        if let (Some(o), Some(t)) = (ours, theirs) {
            match (o, t) {
                (Value::String(a), Value::String(b)) if earliest.contains(&path) => {
                    return Some(Value::String(earlier(a, b).clone()));
                }
                (Value::Object(a), Value::Object(b)) => {
                    let base = base.and_then(Value::as_object);
                    return Some(Value::Object(
                        self.object(record, path, base, a, b, earliest),
                    ));
                }
                (Value::Array(a), Value::Array(b)) => {
                    let base = base.and_then(Value::as_array);
                    if let Some(list) = self.list(record, path, base, a, b) {
                        return Some(Value::Array(list));
                    }
                }
                _ => {}
            }
        }
        self.conflicts.push(Conflict {
            record: record.to_string(),
            field: (!path.is_empty()).then(|| path.to_string()),
            ours: ours.map(Value::to_string),
            theirs: theirs.map(Value::to_string),
        });
        self.pick(ours, theirs).cloned()
    }

    fn object(
        &mut self,
        record: &str,
        path: &str,
        base: Option<&Map<String, Value>>,
        ours: &Map<String, Value>,
        theirs: &Map<String, Value>,
        earliest: &[&str],
    ) -> Map<String, Value> {
        let keys: Vec<&String> = ours
            .keys()
            .chain(theirs.keys().filter(|key| !ours.contains_key(*key)))
            .collect();
        let mut merged = Map::new();
        for key in keys {
            let inner = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            let value = self.value(
                record,
                &inner,
                base.and_then(|b| b.get(key)),
                ours.get(key),
                theirs.get(key),
                earliest,
            );
            if let Some(value) = value {
                merged.insert(key.clone(), value);
            }
        }
        merged
    }

    /// A list both sides changed: records with ids merged by id (ours'
    /// order, then theirs' additions); else, when both only added at the
    /// end, the base with both sides' additions. `None` when neither fits.
    fn list(
        &mut self,
        record: &str,
        path: &str,
        base: Option<&Vec<Value>>,
        ours: &[Value],
        theirs: &[Value],
    ) -> Option<Vec<Value>> {
        let base: &[Value] = base.map_or(&[], Vec::as_slice);
        if let (Some(before), Some(_), Some(in_theirs)) = (by_id(base), by_id(ours), by_id(theirs))
        {
            let mut merged = Vec::with_capacity(ours.len().max(theirs.len()));
            let mut seen = HashSet::new();
            for item in ours {
                let id = item_id(item)?;
                seen.insert(id);
                let at = format!("{path}[{id}]");
                merged.extend(self.value(
                    record,
                    &at,
                    before.get(id).copied(),
                    Some(item),
                    in_theirs.get(id).copied(),
                    &[],
                ));
            }
            for item in theirs {
                let id = item_id(item)?;
                if seen.contains(id) {
                    continue;
                }
                let at = format!("{path}[{id}]");
                merged.extend(self.value(
                    record,
                    &at,
                    before.get(id).copied(),
                    None,
                    Some(item),
                    &[],
                ));
            }
            return Some(merged);
        }
        if ours.starts_with(base) && theirs.starts_with(base) {
            let added = &ours[base.len()..];
            let mut merged = ours.to_vec();
            merged.extend(
                theirs[base.len()..]
                    .iter()
                    .filter(|item| !added.contains(item))
                    .cloned(),
            );
            return Some(merged);
        }
        None
    }

    /// Records the two sides added under different keys that are one fact
    /// ([`Keyed::twin`]): the same record twice is kept once (the smaller
    /// key, so that the merge does not depend on which side is ours), and
    /// two versions of one fact are a conflict.
    fn twins<T: Keyed>(&mut self, merged: &mut Vec<T>, by_ours: &[usize], by_theirs: &[usize]) {
        if by_theirs.is_empty() {
            return;
        }
        // One fact added once on each side. A side that added it twice
        // (by hand: attain keeps one result per ref) keeps all of them, so
        // that the merge does not depend on which side is ours.
        let once = |added: &[usize]| {
            let mut found: HashMap<String, Option<usize>> = HashMap::new();
            for &at in added {
                if let Some(twin) = merged[at].twin() {
                    found
                        .entry(twin)
                        .and_modify(|only| *only = None)
                        .or_insert(Some(at));
                }
            }
            found
        };
        let (ours, theirs) = (once(by_ours), once(by_theirs));
        let mut dropped = HashSet::new();
        for (twin, at) in theirs {
            let (Some(at), Some(Some(mine))) = (at, ours.get(&twin).copied()) else {
                continue;
            };
            let (o, t) = (&merged[mine], &merged[at]);
            if without_key(o) == without_key(t) {
                dropped.insert(if o.key() <= t.key() { at } else { mine });
            } else {
                self.conflicts.push(Conflict {
                    record: format!("{} {twin}", T::KIND),
                    field: None,
                    ours: Some(compact(o)),
                    theirs: Some(compact(t)),
                });
                dropped.insert(self.pick(at, mine));
            }
        }
        if !dropped.is_empty() {
            let mut at = 0;
            merged.retain(|_| {
                at += 1;
                !dropped.contains(&(at - 1))
            });
        }
    }
}

/// A record as messages name it: `goal ana-revenue-2026-q4`.
fn record_name<T: Keyed>(record: &T) -> String {
    let key = record.key().to_string();
    if key.is_empty() {
        T::KIND.to_string()
    } else {
        format!("{} {key}", T::KIND)
    }
}

fn compact<T: Serialize>(record: &T) -> String {
    serde_json::to_string(record).unwrap_or_default()
}

/// A record's fields but its id.
fn without_key<T: Serialize>(record: &T) -> Option<Value> {
    let mut value = serde_json::to_value(record).ok()?;
    value.as_object_mut()?.remove("id");
    Some(value)
}

/// The earlier of two times as the file writes them (RFC 3339).
fn earlier<'a>(a: &'a String, b: &'a String) -> &'a String {
    use chrono::DateTime;
    match (
        DateTime::parse_from_rfc3339(a),
        DateTime::parse_from_rfc3339(b),
    ) {
        (Ok(x), Ok(y)) if y < x => b,
        (Ok(_), Ok(_)) => a,
        _ => a.min(b),
    }
}

fn item_id(item: &Value) -> Option<&str> {
    item.get("id")?.as_str()
}

/// A list's items by id, when every item is an object with an id of its
/// own.
fn by_id(list: &[Value]) -> Option<HashMap<&str, &Value>> {
    let mut items = HashMap::with_capacity(list.len());
    for item in list {
        if items.insert(item_id(item)?, item).is_some() {
            return None;
        }
    }
    Some(items)
}

/// Both sides' histories: the entries they share, then each side's own in
/// time order (each side's in its own order), numbered on from the shared
/// ones, with undo and redo references following their entries.
fn history(ours: &[Entry], theirs: &[Entry]) -> Vec<Entry> {
    let shared = ours.iter().zip(theirs).take_while(|(o, t)| o == t).count();
    let mut merged: Vec<Entry> = Vec::with_capacity(ours.len() + theirs.len() - shared);
    // Which side each entry came from (0 ours, 1 theirs), and each side's
    // numbers to the merged ones; the shared entries keep theirs.
    let mut side = vec![0; shared];
    let mut numbers: [HashMap<u64, u64>; 2] = Default::default();
    for (at, entry) in ours[..shared].iter().enumerate() {
        merged.push(entry.clone());
        for map in &mut numbers {
            map.insert(entry.seq, at as u64 + 1);
        }
    }
    let (mut o, mut t) = (&ours[shared..], &theirs[shared..]);
    loop {
        let from_ours = match (o.first(), t.first()) {
            (Some(a), Some(b)) => a.at <= b.at,
            (a, _) => a.is_some(),
        };
        let (list, from) = if from_ours { (&mut o, 0) } else { (&mut t, 1) };
        let Some((first, rest)) = list.split_first() else {
            break;
        };
        *list = rest;
        numbers[from].insert(first.seq, merged.len() as u64 + 1);
        side.push(from);
        merged.push(first.clone());
    }
    crate::domain::history::renumber(&mut merged, |i, seq| numbers[side[i]].get(&seq).copied());
    merged
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::{DateTime, NaiveDate, Utc};
    use rust_decimal::Decimal;

    use super::*;
    use crate::domain::amount::Amount;
    use crate::domain::goal::{Aggregate, Direction};
    use crate::domain::ids::Id;
    use crate::domain::org::Membership;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_790_000_000 + seconds, 0).unwrap()
    }

    fn date(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    fn person(id: &str) -> Person {
        Person {
            id: id.into(),
            name: id.to_uppercase(),
            email: None,
        }
    }

    fn goal(id: &str, target: i64) -> Goal {
        Goal {
            id: id.into(),
            title: format!("Goal {id}"),
            owner: "ana".into(),
            metric: "revenue".into(),
            unit: "USD".into(),
            period: "2026-Q4".into(),
            target: Amount(Decimal::from(target)),
            stretch: None,
            direction: Direction::AtLeast,
            aggregate: Aggregate::Sum,
            tags: Vec::new(),
            created: at(0),
        }
    }

    fn result(bits: u64, value: i64, reference: Option<&str>) -> Record {
        Record {
            id: Id::from_bits(bits),
            owner: Arc::from("ana"),
            metric: Arc::from("revenue"),
            date: date(2),
            value: Amount(Decimal::from(value)),
            note: None,
            reference: reference.map(Into::into),
            goal: None,
        }
    }

    fn entry(seq: u64, seconds: i64, summary: &str) -> Entry {
        Entry {
            seq,
            at: at(seconds),
            user: "tester".into(),
            command: "attain".into(),
            summary: summary.into(),
            reason: None,
            undoes: None,
            redoes: None,
            changes: Default::default(),
        }
    }

    fn document() -> Document {
        Document {
            people: vec![person("ana")],
            goals: vec![goal("g1", 100), goal("g2", 200)],
            results: vec![result(1, 10, None), result(2, 20, None)].into(),
            ..Document::default()
        }
    }

    fn clean(base: &Document, ours: &Document, theirs: &Document) -> Document {
        let merged = merge(base, ours, theirs, Side::Ours);
        assert_eq!(merged.conflicts, []);
        merged.document
    }

    fn values(document: &Document) -> Vec<(String, i64)> {
        document
            .results
            .iter()
            .map(|r| (r.id.to_string(), r.value.0.try_into().unwrap()))
            .collect()
    }

    #[test]
    fn records_added_on_either_side_are_kept() {
        let base = document();
        let mut ours = base.clone();
        ours.people.push(person("bo"));
        ours.results.push(result(3, 30, None));
        let mut theirs = base.clone();
        theirs.people.push(person("cy"));
        theirs.goals.push(goal("g3", 300));
        let merged = clean(&base, &ours, &theirs);
        let people: Vec<&str> = merged.people.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(people, ["ana", "bo", "cy"]);
        assert!(merged.goal("g3").is_some());
        assert_eq!(merged.results.len(), 3);
    }

    #[test]
    fn removed_on_one_side_and_unchanged_on_the_other_is_removed() {
        let base = document();
        let mut ours = base.clone();
        ours.goals.retain(|g| g.id != "g1");
        let theirs = base.clone();
        let merged = clean(&base, &ours, &theirs);
        assert!(merged.goal("g1").is_none());
        let merged = clean(&base, &theirs, &ours);
        assert!(merged.goal("g1").is_none());
    }

    #[test]
    fn a_change_on_one_side_is_taken_and_the_same_change_on_both_lands_once() {
        let base = document();
        let mut ours = base.clone();
        ours.results.get_mut(0).unwrap().value = Amount(Decimal::from(11));
        let mut theirs = base.clone();
        theirs.results.get_mut(1).unwrap().value = Amount(Decimal::from(22));
        let merged = clean(&base, &ours, &theirs);
        assert_eq!(
            values(&merged),
            [("0000000000001".into(), 11), ("0000000000002".into(), 22)]
        );
        let merged = clean(&base, &ours, &ours);
        assert_eq!(merged.results.len(), 2);
        assert_eq!(values(&merged)[0].1, 11);
    }

    #[test]
    fn changes_to_different_fields_of_one_record_both_land() {
        let base = document();
        let mut ours = base.clone();
        ours.goals[0].target = Amount(Decimal::from(150));
        let mut theirs = base.clone();
        theirs.goals[0].title = "Ana's Q4".into();
        theirs.goals[0].stretch = Some(Amount(Decimal::from(180)));
        let merged = clean(&base, &ours, &theirs);
        let g1 = merged.goal("g1").unwrap();
        assert_eq!(
            (g1.target, g1.title.as_str(), g1.stretch),
            (
                Amount(Decimal::from(150)),
                "Ana's Q4",
                Some(Amount(Decimal::from(180)))
            )
        );
    }

    #[test]
    fn one_field_changed_differently_on_both_sides_is_a_conflict_holding_the_preferred_value() {
        let base = document();
        let mut ours = base.clone();
        ours.goals[1].target = Amount(Decimal::from(700));
        let mut theirs = base.clone();
        theirs.goals[1].target = Amount(Decimal::from(800));
        let conflict = Conflict {
            record: "goal g2".into(),
            field: Some("target".into()),
            ours: Some("700".into()),
            theirs: Some("800".into()),
        };
        let merged = merge(&base, &ours, &theirs, Side::Ours);
        assert_eq!(merged.conflicts, std::slice::from_ref(&conflict));
        assert_eq!(
            merged.document.goal("g2").unwrap().target,
            Amount(Decimal::from(700))
        );
        let merged = merge(&base, &ours, &theirs, Side::Theirs);
        assert_eq!(merged.conflicts, std::slice::from_ref(&conflict));
        assert_eq!(
            merged.document.goal("g2").unwrap().target,
            Amount(Decimal::from(800))
        );
        assert_eq!(
            conflict.to_string(),
            "goal g2: target is 700 on ours and 800 on theirs"
        );
    }

    #[test]
    fn removed_on_one_side_and_changed_on_the_other_is_a_conflict() {
        let base = document();
        let mut ours = base.clone();
        ours.goals.retain(|g| g.id != "g2");
        let mut theirs = base.clone();
        theirs.goals[1].target = Amount(Decimal::from(800));
        let merged = merge(&base, &ours, &theirs, Side::Ours);
        assert_eq!(merged.conflicts.len(), 1);
        assert_eq!(
            merged.conflicts[0].to_string(),
            "goal g2 is removed on ours and changed on theirs"
        );
        assert!(merged.document.goal("g2").is_none());
        let merged = merge(&base, &ours, &theirs, Side::Theirs);
        assert!(merged.document.goal("g2").is_some());
        let merged = merge(&base, &theirs, &ours, Side::Ours);
        assert_eq!(
            merged.conflicts[0].to_string(),
            "goal g2 is changed on ours and removed on theirs"
        );
        assert!(merged.document.goal("g2").is_some());
    }

    #[test]
    fn settings_merge_field_by_field() {
        let base = document();
        let mut ours = base.clone();
        ours.settings.currency = "EUR".into();
        let mut theirs = base.clone();
        theirs.settings.tiers.streak = 4;
        let merged = clean(&base, &ours, &theirs);
        assert_eq!(
            (
                merged.settings.currency.as_str(),
                merged.settings.tiers.streak
            ),
            ("EUR", 4)
        );
        ours.settings.pseudonym_key = Some("b".repeat(64));
        theirs.settings.pseudonym_key = Some("a".repeat(64));
        let merged = clean(&base, &ours, &theirs);
        assert_eq!(merged.settings.pseudonym_key, Some("a".repeat(64)));
        assert_eq!(
            clean(&base, &theirs, &ours).settings.pseudonym_key,
            Some("a".repeat(64))
        );
        theirs.settings.currency = "GBP".into();
        let merged = merge(&base, &ours, &theirs, Side::Ours);
        assert_eq!(
            merged.conflicts[0].to_string(),
            r#"settings: currency is "EUR" on ours and "GBP" on theirs"#
        );
    }

    #[test]
    fn lists_of_records_merge_by_id_and_lists_both_sides_appended_to_keep_both() {
        let mut base = document();
        base.teams.push(Team {
            id: "east".into(),
            name: "East".into(),
            members: vec![Membership::always("ana"), Membership::always("bo")],
        });
        base.goals[0].tags = vec!["rep".into()];
        let mut ours = base.clone();
        ours.teams[0].members[0].to = Some(date(1));
        ours.teams[0].members.push(Membership::always("cy"));
        ours.goals[0].tags.push("q4".into());
        let mut theirs = base.clone();
        theirs.teams[0].members.retain(|m| m.id != "bo");
        theirs.teams[0].members.push(Membership::always("di"));
        theirs.goals[0].tags.push("star".into());
        theirs.goals[0].tags.push("q4".into());
        let merged = clean(&base, &ours, &theirs);
        let members: Vec<(&str, Option<NaiveDate>)> = merged.teams[0]
            .members
            .iter()
            .map(|m| (m.id.as_str(), m.to))
            .collect();
        assert_eq!(
            members,
            [("ana", Some(date(1))), ("cy", None), ("di", None)]
        );
        assert_eq!(merged.goal("g1").unwrap().tags, ["rep", "q4", "star"]);
        // A list both sides rewrote is a conflict.
        let mut ours = base.clone();
        ours.goals[0].tags = vec!["a".into()];
        let mut theirs = base.clone();
        theirs.goals[0].tags = vec!["b".into()];
        let merged = merge(&base, &ours, &theirs, Side::Ours);
        assert_eq!(merged.conflicts[0].field.as_deref(), Some("tags"));
        // So is one that one side rewrote and the other added to.
        theirs.goals[0].tags = vec!["rep".into(), "b".into()];
        let merged = merge(&base, &ours, &theirs, Side::Ours);
        assert_eq!(merged.conflicts.len(), 1);
        assert_eq!(merged.document.goal("g1").unwrap().tags, ["a"]);
    }

    #[test]
    fn one_goal_added_on_both_sides_keeps_the_earlier_creation_time() {
        let base = Document::default();
        let mut ours = base.clone();
        let mut theirs = base.clone();
        ours.goals.push(Goal {
            created: at(60),
            ..goal("g9", 100)
        });
        theirs.goals.push(Goal {
            created: at(5),
            ..goal("g9", 100)
        });
        let merged = clean(&base, &ours, &theirs);
        assert_eq!(merged.goal("g9").unwrap().created, at(5));
        let merged = clean(&base, &theirs, &ours);
        assert_eq!(merged.goal("g9").unwrap().created, at(5));
        // Apart from when it was made, two different goals are a conflict.
        theirs.goals[0].target = Amount(Decimal::from(900));
        let merged = merge(&base, &ours, &theirs, Side::Ours);
        assert_eq!(merged.conflicts[0].field.as_deref(), Some("target"));
    }

    #[test]
    fn the_earlier_of_two_times_is_told_by_time_not_by_text() {
        let whole = "2026-11-27T00:00:05Z".to_string();
        let half = "2026-11-27T00:00:05.5Z".to_string();
        assert_eq!(earlier(&whole, &half), &whole);
        assert_eq!(earlier(&half, &whole), &whole);
        let broken = "soon".to_string();
        assert_eq!(earlier(&broken, &whole), &whole);
    }

    #[test]
    fn the_same_period_locked_on_both_sides_keeps_the_earlier_lock() {
        let lock = |seconds: i64, user: &str| Lock {
            period: "2026-Q3".into(),
            start: NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(2026, 9, 30).unwrap(),
            at: at(seconds),
            user: user.into(),
        };
        let base = Document::default();
        let ours = Document {
            locks: vec![lock(50, "ana")],
            ..Document::default()
        };
        let theirs = Document {
            locks: vec![lock(40, "bo")],
            ..Document::default()
        };
        assert_eq!(clean(&base, &ours, &theirs).locks, [lock(40, "bo")]);
        assert_eq!(clean(&base, &theirs, &ours).locks, [lock(40, "bo")]);
        // Locked at the same moment: the same lock whichever side is ours.
        let ours = Document {
            locks: vec![lock(40, "cy")],
            ..Document::default()
        };
        assert_eq!(clean(&base, &ours, &theirs).locks, [lock(40, "bo")]);
        assert_eq!(clean(&base, &theirs, &ours).locks, [lock(40, "bo")]);
    }

    #[test]
    fn reviews_and_locks_of_different_goals_and_periods_added_on_both_sides_are_all_kept() {
        let lock = |period: &str, month: u32| Lock {
            period: period.into(),
            start: NaiveDate::from_ymd_opt(2026, month, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(2026, month + 2, 30).unwrap(),
            at: at(0),
            user: "ana".into(),
        };
        let base = document();
        let mut ours = base.clone();
        ours.reviews.push(Review::new("g1", at(1)));
        ours.locks.push(lock("2026-Q2", 4));
        let mut theirs = base.clone();
        theirs.reviews.push(Review::new("g2", at(2)));
        theirs.locks.push(lock("2026-Q3", 7));
        let merged = clean(&base, &ours, &theirs);
        let reviewed: Vec<&str> = merged.reviews.iter().map(|r| r.goal.as_str()).collect();
        assert_eq!(reviewed, ["g1", "g2"]);
        let locked: Vec<&str> = merged.locks.iter().map(|l| l.period.as_str()).collect();
        assert_eq!(locked, ["2026-Q2", "2026-Q3"]);
    }

    #[test]
    fn one_period_locked_over_other_days_on_the_two_sides_is_a_conflict() {
        let lock = |end: u32| Lock {
            period: "FY2026-Q1".into(),
            start: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(2026, 3, end).unwrap(),
            at: at(0),
            user: "ana".into(),
        };
        let base = Document::default();
        let ours = Document {
            locks: vec![lock(31)],
            ..Document::default()
        };
        let theirs = Document {
            locks: vec![lock(30)],
            ..Document::default()
        };
        let merged = merge(&base, &ours, &theirs, Side::Ours);
        assert_eq!(merged.conflicts.len(), 1);
        assert_eq!(merged.conflicts[0].field.as_deref(), Some("end"));
    }

    #[test]
    fn one_celebration_logged_on_both_sides_is_kept_once() {
        use crate::domain::celebration::Kind;
        let card = |bits: u64, day: u32| Celebration {
            id: Id::from_bits(bits),
            goal: "g1".into(),
            kind: Kind::Message,
            note: "Sent a card".into(),
            date: date(day),
        };
        let base = document();
        let ours = Document {
            celebrations: vec![card(8, 3)],
            ..base.clone()
        };
        let theirs = Document {
            celebrations: vec![card(5, 3)],
            ..base.clone()
        };
        let merged = clean(&base, &ours, &theirs);
        assert_eq!(merged.celebrations, [card(5, 3)]);
        assert_eq!(clean(&base, &theirs, &ours).celebrations, [card(5, 3)]);
        // Two celebrations of one goal are two.
        let lunch = Celebration {
            kind: Kind::Event,
            note: "Team lunch".into(),
            ..card(2, 3)
        };
        let both = Document {
            celebrations: vec![lunch.clone()],
            ..base.clone()
        };
        assert_eq!(clean(&base, &ours, &both).celebrations, [lunch, card(8, 3)]);
        // Logged on two days, it is one celebration twice: a conflict.
        let theirs = Document {
            celebrations: vec![card(5, 4)],
            ..base.clone()
        };
        let merged = merge(&base, &ours, &theirs, Side::Ours);
        assert_eq!(
            merged.conflicts[0].record,
            "celebration the message 'Sent a card' for goal g1"
        );
        assert_eq!(merged.document.celebrations, [card(8, 3)]);
    }

    #[test]
    fn one_deal_recorded_on_both_sides_is_kept_once_under_the_smaller_id() {
        let base = document();
        let mut ours = base.clone();
        ours.results.push(result(9, 50, Some("CRM-1")));
        let mut theirs = base.clone();
        theirs.results.push(result(7, 50, Some("CRM-1")));
        let merged = clean(&base, &ours, &theirs);
        assert_eq!(
            values(&merged),
            [
                ("0000000000001".into(), 10),
                ("0000000000002".into(), 20),
                ("0000000000007".into(), 50)
            ]
        );
        assert_eq!(values(&clean(&base, &theirs, &ours)), values(&merged));
        // Two values of one deal are a conflict.
        theirs.results.get_mut(2).unwrap().value = Amount(Decimal::from(55));
        let merged = merge(&base, &ours, &theirs, Side::Ours);
        assert_eq!(merged.conflicts.len(), 1);
        assert_eq!(
            merged.conflicts[0].record,
            "result ref CRM-1 of ana revenue"
        );
        let value = |side: &Option<String>| {
            serde_json::from_str::<Value>(side.as_deref().unwrap()).unwrap()["value"].clone()
        };
        assert_eq!(
            (
                value(&merged.conflicts[0].ours),
                value(&merged.conflicts[0].theirs)
            ),
            (Value::from(50), Value::from(55))
        );
        assert_eq!(merged.document.results.len(), 3);
        assert!(
            merged
                .document
                .results
                .iter()
                .any(|r| r.id == Id::from_bits(9))
        );
        let merged = merge(&base, &ours, &theirs, Side::Theirs);
        assert!(
            merged
                .document
                .results
                .iter()
                .any(|r| r.id == Id::from_bits(7))
        );
    }

    #[test]
    fn history_keeps_both_sides_in_time_order_numbered_on_with_undo_references() {
        let shared = vec![entry(1, 0, "setup"), entry(2, 10, "goal")];
        let mut ours = shared.clone();
        ours.push(entry(3, 20, "ours a"));
        ours.push(Entry {
            undoes: Some(3),
            ..entry(4, 40, "ours undo a")
        });
        let mut theirs = shared.clone();
        theirs.push(entry(3, 30, "theirs b"));
        theirs.push(Entry {
            undoes: Some(2),
            ..entry(4, 50, "theirs undo goal")
        });
        let merged = history(&ours, &theirs);
        let seen: Vec<(u64, &str, Option<u64>)> = merged
            .iter()
            .map(|e| (e.seq, e.summary.as_str(), e.undoes))
            .collect();
        assert_eq!(
            seen,
            [
                (1, "setup", None),
                (2, "goal", None),
                (3, "ours a", None),
                (4, "theirs b", None),
                (5, "ours undo a", Some(3)),
                (6, "theirs undo goal", Some(2)),
            ]
        );
        // At the same moment, ours first; each side keeps its own order.
        let ours = vec![entry(1, 5, "o1"), entry(2, 5, "o2")];
        let theirs = vec![entry(1, 5, "t1")];
        let order: Vec<String> = history(&ours, &theirs)
            .into_iter()
            .map(|e| e.summary)
            .collect();
        assert_eq!(order, ["o1", "o2", "t1"]);
    }

    #[test]
    fn an_undos_summary_names_the_new_number_of_what_it_undid() {
        let shared = vec![entry(1, 0, "setup")];
        let mut ours = shared.clone();
        ours.push(entry(2, 5, "ours a"));
        let mut theirs = shared.clone();
        theirs.push(entry(2, 10, "theirs b"));
        theirs.push(Entry {
            undoes: Some(2),
            ..entry(3, 20, &Entry::undo_summary(2, "theirs b"))
        });
        let merged = history(&ours, &theirs);
        assert_eq!(merged[3].undoes, Some(3));
        assert_eq!(merged[3].summary, "undo of 3: theirs b");
    }

    #[test]
    fn a_redo_follows_the_entry_it_redoes_on_its_own_side() {
        let shared = vec![entry(1, 0, "setup")];
        let mut theirs = shared.clone();
        theirs.push(entry(2, 10, "a"));
        theirs.push(Entry {
            undoes: Some(2),
            ..entry(3, 20, "undo a")
        });
        theirs.push(Entry {
            redoes: Some(2),
            ..entry(4, 30, "redo a")
        });
        let mut ours = shared.clone();
        ours.push(entry(2, 5, "first"));
        let merged = history(&ours, &theirs);
        let seen: Vec<(u64, Option<u64>, Option<u64>)> =
            merged.iter().map(|e| (e.seq, e.undoes, e.redoes)).collect();
        assert_eq!(
            seen,
            [
                (1, None, None),
                (2, None, None),
                (3, None, None),
                (4, Some(3), None),
                (5, None, Some(3))
            ]
        );
    }

    #[test]
    fn a_removal_on_one_side_conflicts_are_shown_as_removed() {
        let conflict = Conflict {
            record: "team east".into(),
            field: Some("members[bo]".into()),
            ours: None,
            theirs: Some(r#"{"id":"bo","to":"2026-11-01"}"#.into()),
        };
        assert_eq!(
            conflict.to_string(),
            r#"team east: members[bo] is removed on ours and {"id":"bo","to":"2026-11-01"} on theirs"#
        );
    }
}
