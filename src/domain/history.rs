//! The history of changes: one entry per write, saying who changed what
//! and when, and holding what undo needs to take it back.
//!
//! An entry keeps the records a change removed or changed as they were
//! before it, and only the ids of the records it added (they are in the
//! file), so history does not double the file.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::celebration::Celebration;
use super::goal::{Goal, Record, Settings};
use super::ids::Id;
use super::org::{Person, Team};
use super::review::Review;

/// One change to the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// 1, 2, 3, … in the order changes were made.
    pub seq: u64,
    pub at: DateTime<Utc>,
    /// `$ATTAIN_USER`, else the login name.
    pub user: String,
    /// The command line, as typed.
    pub command: String,
    /// One line saying what changed.
    pub summary: String,
    /// Why, when the change needed a reason (a locked period) or was given one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Set on an undo: the entry it reverted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undoes: Option<u64>,
    /// Set on a redo: the entry it applied again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redoes: Option<u64>,
    #[serde(default, skip_serializing_if = "Changes::is_empty")]
    pub changes: Changes,
}

impl Entry {
    /// Whether this is a change someone made, not an undo or a redo.
    pub fn is_plain(&self) -> bool {
        self.undoes.is_none() && self.redoes.is_none()
    }

    /// The summary of an undo of change `seq`, whose summary is `summary`.
    pub fn undo_summary(seq: u64, summary: &str) -> String {
        format!("undo of {seq}: {summary}")
    }

    /// The summary of a redo of change `seq`, whose summary is `summary`.
    pub fn redo_summary(seq: u64, summary: &str) -> String {
        format!("redo of {seq}: {summary}")
    }
}

/// Numbers entries gathered from several histories 1, 2, 3, … in their
/// order. `new(i, seq)` is the new number of the entry that entry `i`'s own
/// history numbered `seq`: each undo's and redo's reference follows it (or
/// is dropped when it names nothing kept), and a summary that names it
/// ("undo of 2: …") says the new number.
pub fn renumber(entries: &mut [Entry], new: impl Fn(usize, u64) -> Option<u64>) {
    // The summaries as written, to tell an undo's own from one a person wrote.
    let written: Vec<String> = entries.iter().map(|e| e.summary.clone()).collect();
    for i in 0..entries.len() {
        let (earlier, rest) = entries.split_at_mut(i);
        let Some(entry) = rest.first_mut() else {
            break;
        };
        let undoes = entry.undoes.and_then(|seq| new(i, seq));
        let redoes = entry.redoes.and_then(|seq| new(i, seq));
        if let (Some(old), Some(target)) = (entry.undoes.or(entry.redoes), undoes.or(redoes))
            && let Some(index) = target.checked_sub(1).and_then(|t| usize::try_from(t).ok())
            && let (Some(reverted), Some(as_written)) = (earlier.get(index), written.get(index))
        {
            let summary: fn(u64, &str) -> String = if entry.undoes.is_some() {
                Entry::undo_summary
            } else {
                Entry::redo_summary
            };
            if entry.summary == summary(old, as_written) {
                entry.summary = summary(target, &reverted.summary);
            }
        }
        entry.seq = i as u64 + 1;
        entry.undoes = undoes;
        entry.redoes = redoes;
    }
}

/// What a change did, kind by kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Changes {
    /// The settings before, when they changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Settings>,
    #[serde(default, skip_serializing_if = "Delta::is_empty")]
    pub people: Delta<Person, String>,
    #[serde(default, skip_serializing_if = "Delta::is_empty")]
    pub teams: Delta<Team, String>,
    #[serde(default, skip_serializing_if = "Delta::is_empty")]
    pub goals: Delta<Goal, String>,
    #[serde(default, skip_serializing_if = "Delta::is_empty")]
    pub results: Delta<Record, Id>,
    #[serde(default, skip_serializing_if = "Delta::is_empty")]
    pub celebrations: Delta<Celebration, Id>,
    /// Reviews, keyed by their goal.
    #[serde(default, skip_serializing_if = "Delta::is_empty")]
    pub reviews: Delta<Review, String>,
    /// Locked periods, keyed by label.
    #[serde(default, skip_serializing_if = "Delta::is_empty")]
    pub locks: Delta<Lock, String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.settings.is_none()
            && self.people.is_empty()
            && self.teams.is_empty()
            && self.goals.is_empty()
            && self.results.is_empty()
            && self.celebrations.is_empty()
            && self.reviews.is_empty()
            && self.locks.is_empty()
    }

    /// Every record this change touched, as (kind, key): two changes that
    /// share one touched the same record.
    pub fn touched(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if self.settings.is_some() {
            out.push(("settings", String::new()));
        }
        self.people.touched("person", |p| &p.id, &mut out);
        self.teams.touched("team", |t| &t.id, &mut out);
        self.goals.touched("goal", |g| &g.id, &mut out);
        self.results.touched("result", |r| &r.id.0, &mut out);
        self.celebrations
            .touched("celebration", |c| &c.id, &mut out);
        self.reviews.touched("review", |r| &r.goal, &mut out);
        self.locks.touched("lock", |l| &l.period, &mut out);
        out
    }
}

/// The records of one kind a change added, removed or changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Delta<T, K> {
    /// Ids of the records added; the records themselves are in the file.
    #[serde(default = "Vec::new", skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<K>,
    /// The records removed, as they were.
    #[serde(default = "Vec::new", skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<T>,
    /// The records changed, as they were before.
    #[serde(default = "Vec::new", skip_serializing_if = "Vec::is_empty")]
    pub changed: Vec<T>,
}

impl<T, K> Default for Delta<T, K> {
    fn default() -> Self {
        Delta {
            added: Vec::new(),
            removed: Vec::new(),
            changed: Vec::new(),
        }
    }
}

impl<T, K: ToString> Delta<T, K> {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// How many records this delta touches.
    pub fn len(&self) -> usize {
        self.added.len() + self.removed.len() + self.changed.len()
    }

    fn touched<Q: ToString + ?Sized>(
        &self,
        kind: &'static str,
        key: impl Fn(&T) -> &Q,
        out: &mut Vec<(&'static str, String)>,
    ) {
        out.extend(self.added.iter().map(|k| (kind, k.to_string())));
        out.extend(
            self.removed
                .iter()
                .chain(&self.changed)
                .map(|t| (kind, key(t).to_string())),
        );
    }
}

/// The differences between two lists of records sorted by a unique key:
/// a merge walk, so a million results cost one pass.
pub fn delta<T: Clone + PartialEq, K: Ord + Clone>(
    before: &[T],
    after: &[T],
    key: impl Fn(&T) -> &K,
) -> Delta<T, K> {
    let mut out = Delta::default();
    let (mut i, mut j) = (0, 0);
    while i < before.len() || j < after.len() {
        let order = match (before.get(i), after.get(j)) {
            (Some(old), Some(new)) => key(old).cmp(key(new)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, _) => std::cmp::Ordering::Greater,
        };
        match order {
            std::cmp::Ordering::Less => {
                out.removed.push(before[i].clone());
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.added.push(key(&after[j]).clone());
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                if before[i] != after[j] {
                    out.changed.push(before[i].clone());
                }
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// A period whose books are closed: changes to its numbers need a reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    /// The period's label (`2026-Q3`).
    pub period: String,
    /// Its first and last day when it was locked, so a later change of
    /// the fiscal-year start does not move what is locked.
    #[serde(with = "super::goal::iso_date")]
    pub start: NaiveDate,
    #[serde(with = "super::goal::iso_date")]
    pub end: NaiveDate,
    pub at: DateTime<Utc>,
    pub user: String,
}

impl Lock {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delta_walks_two_sorted_lists() {
        let before = [(1, "a"), (2, "b"), (4, "d"), (5, "e")];
        let after = [(2, "b"), (3, "c"), (4, "D"), (6, "f")];
        let d = delta(&before, &after, |p| &p.0);
        assert_eq!(d.added, vec![3, 6]);
        assert_eq!(d.removed, vec![(1, "a"), (5, "e")]);
        assert_eq!(d.changed, vec![(4, "d")]);
        assert_eq!(d.len(), 5);
        assert!(!d.is_empty());
    }

    #[test]
    fn equal_lists_have_no_delta() {
        let list = [(1, "a"), (2, "b")];
        let d = delta(&list, &list, |p| &p.0);
        assert!(d.is_empty());
        assert_eq!(d.len(), 0);
        assert!(delta::<(u8, u8), u8>(&[], &[], |p| &p.0).is_empty());
    }

    #[test]
    fn a_lock_holds_its_first_and_last_day() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 7, d).unwrap();
        let lock = Lock {
            period: "x".into(),
            start: day(1),
            end: day(31),
            at: DateTime::UNIX_EPOCH,
            user: "u".into(),
        };
        assert!(lock.contains(day(1)) && lock.contains(day(31)) && lock.contains(day(15)));
        assert!(!lock.contains(NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()));
        assert!(!lock.contains(NaiveDate::from_ymd_opt(2026, 8, 1).unwrap()));
    }
}
