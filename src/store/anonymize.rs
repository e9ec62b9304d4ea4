//! `--anonymize`: the document as it may be shown outside the team. People,
//! teams, goals, ids and titles get pseudonyms, and notes, refs, emails,
//! tags, review answers and command lines are left out; amounts, dates,
//! metrics, periods and statuses stay, so every number is the same.
//!
//! A pseudonym is a keyed hash (BLAKE3) of the kind and the id under the
//! file's own key (`settings.pseudonym_key`, 64 hex digits): the same
//! person has the same pseudonym in every command and every run on one
//! file, another one in another file, and nobody without the key can tell
//! a pseudonym from a name.

use std::collections::HashMap;

use crate::domain::celebration::Celebration;
use crate::domain::goal::{Goal, Record};
use crate::domain::history::{Changes, Delta, Entry, Lock};
use crate::domain::ids::Id;
use crate::domain::org::{Membership, Person, Team};
use crate::domain::review::{Action, Review};

use super::Document;

/// Hex digits of a pseudonym: 40 bits, so that two names of one file
/// sharing one is out of reach.
const DIGITS: usize = 8;

/// What a note, an answer or a command line shows instead.
const LEFT_OUT: &str = "(left out)";

/// A new key for a file: 32 random bytes as hex.
pub fn new_key(random: &mut impl FnMut() -> u64) -> String {
    (0..4).map(|_| format!("{:016x}", random())).collect()
}

/// The document with pseudonyms, or why it cannot have them (no key).
pub fn anonymize(document: Document, shown: &str) -> Result<Document, String> {
    let key = document
        .settings
        .pseudonym_key
        .as_deref()
        .and_then(parse_key)
        .ok_or_else(|| {
            format!(
                "{shown} has no pseudonym key, which --anonymize needs; add one with `attain \
                 settings set pseudonym-key new` (once: pseudonyms follow from it, so commit it \
                 if the file is shared through git)"
            )
        })?;
    let names = Names::new(key, &document);
    Ok(names.document(document))
}

fn parse_key(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 {
        return None;
    }
    let mut key = [0u8; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(key)
}

/// The pseudonyms of one file.
struct Names {
    key: [u8; 32],
    /// Owner ids that are teams (the rest are people).
    teams: HashMap<String, ()>,
}

impl Names {
    fn new(key: [u8; 32], document: &Document) -> Self {
        Names {
            key,
            teams: document.teams.iter().map(|t| (t.id.clone(), ())).collect(),
        }
    }

    fn hash(&self, kind: &str, id: &str) -> blake3::Hash {
        let mut hasher = blake3::Hasher::new_keyed(&self.key);
        hasher.update(kind.as_bytes());
        hasher.update(&[0]);
        hasher.update(id.as_bytes());
        hasher.finalize()
    }

    fn tag(&self, kind: &str, id: &str) -> String {
        self.hash(kind, id).to_hex()[..DIGITS].to_string()
    }

    /// A person's or a team's id.
    fn owner(&self, id: &str) -> String {
        if self.teams.contains_key(id) {
            format!("team-{}", self.tag("team", id))
        } else {
            format!("person-{}", self.tag("person", id))
        }
    }

    /// A person's or a team's name.
    fn owner_name(&self, id: &str) -> String {
        if self.teams.contains_key(id) {
            format!("Team {}", self.tag("team", id).to_uppercase())
        } else {
            format!("Person {}", self.tag("person", id).to_uppercase())
        }
    }

    fn goal(&self, id: &str) -> String {
        format!("goal-{}", self.tag("goal", id))
    }

    fn user(&self, user: &str) -> String {
        format!("user-{}", self.tag("user", user))
    }

    /// A result's, celebration's or action's id: the same shape as the
    /// real ones, so short ids and prefixes work on it.
    fn id(&self, kind: &str, id: &Id) -> Id {
        let bytes = self.hash(kind, id.as_str());
        let mut bits = [0u8; 8];
        bits.copy_from_slice(&bytes.as_bytes()[..8]);
        Id::from_bits(u64::from_le_bytes(bits))
    }

    fn document(&self, mut document: Document) -> Document {
        document.settings.pseudonym_key = None;
        document.people = document.people.iter().map(|p| self.person(p)).collect();
        document.teams = document.teams.iter().map(|t| self.team(t)).collect();
        document.goals = document.goals.iter().map(|g| self.goal_record(g)).collect();
        let results: Vec<Record> = document.results.iter().map(|r| self.result(r)).collect();
        document.results = results.into();
        document.celebrations = (document.celebrations.iter())
            .map(|c| self.celebration(c))
            .collect();
        document.reviews = document.reviews.iter().map(|r| self.review(r)).collect();
        document.locks = document.locks.iter().map(|l| self.lock(l)).collect();
        document.history = document.history.iter().map(|e| self.entry(e)).collect();
        document.normalize();
        document
    }

    fn person(&self, person: &Person) -> Person {
        Person {
            id: self.owner(&person.id),
            name: self.owner_name(&person.id),
            email: None,
        }
    }

    fn team(&self, team: &Team) -> Team {
        Team {
            id: self.owner(&team.id),
            name: self.owner_name(&team.id),
            members: team
                .members
                .iter()
                .map(|m| Membership {
                    id: self.owner(&m.id),
                    ..m.clone()
                })
                .collect(),
        }
    }

    fn goal_record(&self, goal: &Goal) -> Goal {
        Goal {
            id: self.goal(&goal.id),
            title: format!(
                "{} - {} {}",
                self.owner_name(&goal.owner),
                goal.period,
                goal.metric
            ),
            owner: self.owner(&goal.owner),
            tags: Vec::new(),
            ..goal.clone()
        }
    }

    fn result(&self, record: &Record) -> Record {
        Record {
            id: self.id("result", &record.id),
            owner: self.owner(&record.owner).into(),
            note: None,
            reference: None,
            goal: record.goal.as_deref().map(|g| self.goal(g).into()),
            ..record.clone()
        }
    }

    fn celebration(&self, celebration: &Celebration) -> Celebration {
        Celebration {
            id: self.id("celebration", &celebration.id),
            goal: self.goal(&celebration.goal),
            note: LEFT_OUT.to_string(),
            ..celebration.clone()
        }
    }

    fn review(&self, review: &Review) -> Review {
        Review {
            goal: self.goal(&review.goal),
            why: if review.why.is_empty() {
                String::new()
            } else {
                LEFT_OUT.to_string()
            },
            improvements: (review.improvements.iter())
                .map(|_| LEFT_OUT.to_string())
                .collect(),
            actions: review.actions.iter().map(|a| self.action(a)).collect(),
            follow_up: review.follow_up.as_deref().map(|g| self.goal(g)),
            ..review.clone()
        }
    }

    fn action(&self, action: &Action) -> Action {
        let id = self.id("action", &action.id);
        Action {
            text: format!("Action {}", &id.as_str()[..4]),
            id,
            owner: action.owner.as_deref().map(|o| self.owner(o)),
            measure: action.measure.as_ref().map(|_| LEFT_OUT.to_string()),
            check_ins: action
                .check_ins
                .iter()
                .map(|c| crate::domain::review::CheckIn {
                    note: if c.note.is_empty() {
                        String::new()
                    } else {
                        LEFT_OUT.to_string()
                    },
                    ..c.clone()
                })
                .collect(),
            ..action.clone()
        }
    }

    fn lock(&self, lock: &Lock) -> Lock {
        Lock {
            user: self.user(&lock.user),
            ..lock.clone()
        }
    }

    fn entry(&self, entry: &Entry) -> Entry {
        Entry {
            user: self.user(&entry.user),
            command: LEFT_OUT.to_string(),
            summary: LEFT_OUT.to_string(),
            reason: entry.reason.as_ref().map(|_| LEFT_OUT.to_string()),
            changes: self.changes(&entry.changes),
            ..entry.clone()
        }
    }

    fn changes(&self, changes: &Changes) -> Changes {
        fn delta<T, K>(
            delta: &Delta<T, K>,
            record: impl Fn(&T) -> T,
            key: impl Fn(&K) -> K,
        ) -> Delta<T, K> {
            Delta {
                added: delta.added.iter().map(key).collect(),
                removed: delta.removed.iter().map(&record).collect(),
                changed: delta.changed.iter().map(&record).collect(),
            }
        }
        Changes {
            settings: changes.settings.clone().map(|mut settings| {
                settings.pseudonym_key = None;
                settings
            }),
            people: delta(&changes.people, |p| self.person(p), |id| self.owner(id)),
            teams: delta(&changes.teams, |t| self.team(t), |id| self.owner(id)),
            goals: delta(&changes.goals, |g| self.goal_record(g), |id| self.goal(id)),
            results: delta(
                &changes.results,
                |r| self.result(r),
                |id| self.id("result", id),
            ),
            celebrations: delta(
                &changes.celebrations,
                |c| self.celebration(c),
                |id| self.id("celebration", id),
            ),
            reviews: delta(&changes.reviews, |r| self.review(r), |goal| self.goal(goal)),
            locks: delta(&changes.locks, |l| self.lock(l), Clone::clone),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    fn names(key: &str) -> Names {
        Names {
            key: parse_key(key).unwrap(),
            teams: HashMap::from([("east".to_string(), ())]),
        }
    }

    #[test]
    fn a_pseudonym_follows_from_the_key_and_the_id_alone() {
        let one = names(KEY);
        assert_eq!(one.owner("maria-chen"), one.owner("maria-chen"));
        assert_ne!(one.owner("maria-chen"), one.owner("ben-kowalski"));
        assert!(one.owner("maria-chen").starts_with("person-"));
        assert!(one.owner("east").starts_with("team-"));
        assert_eq!(one.owner("maria-chen").len(), "person-".len() + DIGITS);
        let other = names(&KEY.replace("1f", "20"));
        assert_ne!(one.owner("maria-chen"), other.owner("maria-chen"));
        assert_ne!(one.goal("g1"), one.owner("g1"));
    }

    #[test]
    fn keys_are_64_hex_digits() {
        assert!(parse_key(KEY).is_some());
        assert!(parse_key(&KEY[..62]).is_none());
        assert!(parse_key(&KEY.replace('0', "g")).is_none());
        let mut n = 0;
        let key = new_key(&mut || {
            n += 1;
            n
        });
        assert_eq!(key.len(), 64);
        assert!(parse_key(&key).is_some());
    }

    #[test]
    fn a_file_without_a_key_is_refused_with_the_fix() {
        let err = anonymize(Document::default(), "attain.json").unwrap_err();
        assert!(
            err.contains("attain settings set pseudonym-key new"),
            "{err}"
        );
    }
}
