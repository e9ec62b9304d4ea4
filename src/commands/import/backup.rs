//! Restoring a JSON backup (`attain export --format json`) into the file:
//! a merge that adds what is missing and never changes what is there.

use std::collections::{HashMap, HashSet};

use anyhow::{Result, anyhow, bail};
use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::domain::amount::Amount;
use crate::domain::celebration::{Celebration, Kind};
use crate::domain::goal::{Goal, Record, Settings};
use crate::domain::ids::Id;
use crate::ledger::ids::{Kind as IdKind, NewIds};
use crate::ledger::results::id_source;
use crate::store::{CURRENT_VERSION, Document};

/// Whether the input is a backup: a JSON object with a "version" key (a
/// JSON Lines row has none). A pretty-printed object that does not parse
/// counts too, so that its error is reported as a broken backup.
pub fn is_backup(bytes: &[u8]) -> bool {
    #[derive(Deserialize)]
    struct Probe {
        version: Option<IgnoredAny>,
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let trimmed = text.trim_ascii_start();
    if !trimmed.starts_with(b"{") {
        return false;
    }
    let mut values = serde_json::Deserializer::from_slice(trimmed).into_iter::<Probe>();
    match values.next() {
        Some(Ok(probe)) => probe.version.is_some(),
        _ => {
            let first_line = trimmed.split(|b| *b == b'\n').next().unwrap_or_default();
            first_line.trim_ascii() == b"{"
        }
    }
}

/// Parses and checks a backup; `name` is how the input is shown.
pub fn parse(bytes: &[u8], name: &str) -> Result<Document> {
    use crate::store::migrate::{DecodeError, decode};
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let document = decode(bytes).map_err(|e| match e {
        DecodeError::Syntax {
            line,
            column,
            reason,
        } => {
            let reason = reason
                .rsplit_once(" at line ")
                .map_or(reason.as_str(), |(head, _)| head);
            anyhow!(
                "{name}:{line}:{column}: not a valid attain backup ({reason}); nothing was imported"
            )
        }
        DecodeError::Newer(version) => anyhow!(newer(name, version)),
        DecodeError::Zero => {
            anyhow!("{name}: version 0 is not an attain data version; nothing was imported")
        }
        DecodeError::Migration(reason) => {
            anyhow!("{name}: the backup is not valid attain data ({reason}); nothing was imported")
        }
    })?;
    document.validate().map_err(|reason| {
        anyhow!("{name}: the backup is not valid attain data ({reason}); nothing was imported")
    })?;
    Ok(document)
}

fn newer(name: &str, version: u32) -> String {
    format!(
        "{name} was written by a newer attain (file version {version}, this build reads up to \
         {CURRENT_VERSION}); upgrade attain to import it"
    )
}

/// What a merge added and found already there.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Merged {
    /// The file had no records and took the backup's settings.
    pub settings_restored: bool,
    pub goals_added: usize,
    pub goals_skipped: usize,
    pub results_added: Vec<Record>,
    pub results_skipped: usize,
    pub celebrations_added: usize,
    pub celebrations_skipped: usize,
    pub reviews_added: usize,
    pub reviews_skipped: usize,
}

/// Adds the backup's records that the file lacks. People and teams the
/// file has are kept as they are; a goal already in the file must have the
/// same definition; a result is already there when its id is, or its
/// owner, metric and ref match (or, without a ref, the same owner, metric,
/// date, value and note); a celebration when its goal, kind, note and date
/// match. The ids of results, celebrations and actions are kept unless
/// the file has the id for another record; those get new ids (from `seed`
/// when `ATTAIN_SEED` gives one).
pub fn merge(target: &mut Document, backup: Document, seed: Option<u64>) -> Result<Merged> {
    // Every array of the document is named here, so that a new one cannot
    // be left out of restores unnoticed.
    let Document {
        version: _,
        settings,
        people,
        teams,
        goals,
        results,
        celebrations,
        reviews,
        locks,
        history,
        migrated_from: _,
    } = backup;
    let Document {
        version: _,
        settings: file_settings,
        people: file_people,
        teams: file_teams,
        goals: file_goals,
        results: file_results,
        celebrations: file_celebrations,
        reviews: file_reviews,
        locks: file_locks,
        history: file_history,
        migrated_from: _,
    } = target;
    let mut merged = Merged::default();

    let empty = file_people.is_empty()
        && file_teams.is_empty()
        && file_goals.is_empty()
        && file_results.is_empty()
        && file_celebrations.is_empty()
        && file_reviews.is_empty();
    if empty {
        merged.settings_restored = *file_settings != settings;
        *file_settings = settings;
        // A restore into a new file carries the backup's history on; the
        // import is then one more change of it. Merged into a file with
        // records of its own, the import is one change of that file's.
        if file_history.is_empty() {
            *file_history = history;
        }
    } else if *file_settings != settings {
        bail!(
            "the backup's settings differ from this file's ({}); restore it into an empty file \
             (--file NEW.json), or change the settings with `attain settings set` first",
            settings_difference(file_settings, &settings)
        );
    }

    for person in people {
        if !file_people.iter().any(|p| p.id == person.id) {
            file_people.push(person);
        }
    }
    file_people.sort_by(|a, b| a.id.cmp(&b.id));
    for team in teams {
        if !file_teams.iter().any(|t| t.id == team.id) {
            file_teams.push(team);
        }
    }
    for lock in locks {
        if !file_locks.iter().any(|l| l.period == lock.period) {
            file_locks.push(lock);
        }
    }

    let mut new_goals = Vec::new();
    {
        let by_id: HashMap<&str, &Goal> = file_goals.iter().map(|g| (g.id.as_str(), g)).collect();
        for goal in goals {
            match by_id.get(goal.id.as_str()) {
                Some(existing) => {
                    if let Some(field) = goal_difference(existing, &goal) {
                        bail!(
                            "goal '{}' is in this file and in the backup with a different {field}; \
                             change one of them (attain goal edit) or remove it, then import again",
                            goal.id
                        );
                    }
                    merged.goals_skipped += 1;
                }
                None => new_goals.push(goal),
            }
        }
    }
    merged.goals_added = new_goals.len();
    file_goals.extend(new_goals);

    let mut added = Vec::new();
    {
        let mut result_ids = NewIds::from_bits(id_source(seed, file_results.len()));
        let ids: HashSet<&Id> = file_results.iter().map(|r| &r.id).collect();
        let mut refs: HashSet<(&str, &str, &str)> = HashSet::new();
        type Content<'a> = (&'a str, &'a str, chrono::NaiveDate, Amount, Option<&'a str>);
        let mut plain: HashMap<Content, usize> = HashMap::new();
        for r in file_results.iter() {
            match r.reference.as_deref() {
                Some(reference) => {
                    refs.insert((&r.owner, &r.metric, reference));
                }
                None => {
                    *plain
                        .entry((&r.owner, &r.metric, r.date, r.value, r.note.as_deref()))
                        .or_default() += 1
                }
            }
        }
        for record in &results {
            let same_id = file_results
                .binary_search_by(|r| r.id.cmp(&record.id))
                .ok()
                .map(|i| &file_results[i])
                .or_else(|| file_results.iter().find(|r| r.id == record.id));
            let there = match (same_id, record.reference.as_deref()) {
                (Some(existing), _) if existing == record => true,
                (_, Some(reference)) => {
                    refs.contains(&(&*record.owner, &*record.metric, reference))
                }
                (_, None) => plain
                    .get_mut(&(
                        &*record.owner,
                        &*record.metric,
                        record.date,
                        record.value,
                        record.note.as_deref(),
                    ))
                    .filter(|n| **n > 0)
                    .map(|n| *n -= 1)
                    .is_some(),
            };
            if there {
                merged.results_skipped += 1;
                continue;
            }
            let mut record = record.clone();
            let taken = |id: &Id| ids.contains(id) || added.iter().any(|r: &Record| r.id == *id);
            if taken(&record.id) {
                record.id = result_ids.draw(taken);
            }
            added.push(record);
        }
    }
    file_results.extend(added.iter().cloned());
    merged.results_added = added;

    let mut celebration_ids = NewIds::new(seed, IdKind::Celebration, file_celebrations.len());
    let mut new_celebrations: Vec<Celebration> = Vec::new();
    {
        let mut there: HashMap<(&str, Kind, &str, chrono::NaiveDate), usize> = HashMap::new();
        for c in file_celebrations.iter() {
            *there.entry((&c.goal, c.kind, &c.note, c.date)).or_default() += 1;
        }
        for celebration in &celebrations {
            let key = (
                celebration.goal.as_str(),
                celebration.kind,
                celebration.note.as_str(),
                celebration.date,
            );
            if let Some(n) = there.get_mut(&key).filter(|n| **n > 0) {
                *n -= 1;
                merged.celebrations_skipped += 1;
                continue;
            }
            let mut celebration = celebration.clone();
            let taken = |id: &Id| {
                file_celebrations.iter().any(|c| c.id == *id)
                    || new_celebrations.iter().any(|c| c.id == *id)
            };
            if taken(&celebration.id) {
                celebration.id = celebration_ids.draw(taken);
            }
            new_celebrations.push(celebration);
        }
    }
    merged.celebrations_added = new_celebrations.len();
    file_celebrations.extend(new_celebrations);

    // Reviews: one per goal. The same review again is skipped; a different
    // one is refused; an action whose id the file has gets a new one.
    let actions_there = file_reviews.iter().map(|r| r.actions.len()).sum();
    let mut action_ids = NewIds::new(seed, IdKind::Action, actions_there);
    for review in reviews {
        match file_reviews.iter().find(|r| r.goal == review.goal) {
            Some(existing) if *existing == review => merged.reviews_skipped += 1,
            Some(_) => bail!(
                "goal '{}' has a review in this file and a different one in the backup; remove \
                 one of them, then import again",
                review.goal
            ),
            None => {
                let mut review = review;
                for at in 0..review.actions.len() {
                    let (before, rest) = review.actions.split_at_mut(at);
                    let taken = |id: &Id| {
                        file_reviews
                            .iter()
                            .flat_map(|r| &r.actions)
                            .chain(&*before)
                            .any(|a| a.id == *id)
                    };
                    if taken(&rest[0].id) {
                        rest[0].id = action_ids.draw(taken);
                    }
                }
                merged.reviews_added += 1;
                file_reviews.push(review);
            }
        }
    }
    Ok(merged)
}

/// The first field in which two definitions of a goal differ (the
/// creation time aside).
fn goal_difference(a: &Goal, b: &Goal) -> Option<&'static str> {
    let fields = [
        ("title", a.title == b.title),
        ("owner", a.owner == b.owner),
        ("metric", a.metric == b.metric),
        ("unit", a.unit == b.unit),
        ("period", a.period == b.period),
        ("target", a.target == b.target),
        ("stretch", a.stretch == b.stretch),
        ("direction", a.direction == b.direction),
        ("aggregate", a.aggregate == b.aggregate),
        ("tags", a.tags == b.tags),
    ];
    fields
        .into_iter()
        .find(|(_, same)| !same)
        .map(|(name, _)| name)
}

/// The holidays' dates, `2026-11-26 2026-12-25`, or `none`.
fn holidays(settings: &Settings) -> String {
    if settings.holidays.is_empty() {
        return "none".into();
    }
    let dates: Vec<String> = settings
        .holidays
        .iter()
        .map(|h| h.date.to_string())
        .collect();
    dates.join(" ")
}

fn settings_difference(file: &Settings, backup: &Settings) -> String {
    let pairs = [
        ("currency", file.currency.clone(), backup.currency.clone()),
        (
            "fiscal-year-start",
            file.fiscal_year_start.to_string(),
            backup.fiscal_year_start.to_string(),
        ),
        (
            "at-risk",
            file.at_risk.to_string(),
            backup.at_risk.to_string(),
        ),
        (
            "tiers.event",
            file.tiers.event.to_string(),
            backup.tiers.event.to_string(),
        ),
        (
            "tiers.bonus",
            file.tiers.bonus.to_string(),
            backup.tiers.bonus.to_string(),
        ),
        (
            "tiers.streak",
            file.tiers.streak.to_string(),
            backup.tiers.streak.to_string(),
        ),
        ("pace", file.pace.to_string(), backup.pace.to_string()),
        (
            "workdays",
            file.workdays.names().join(","),
            backup.workdays.names().join(","),
        ),
        ("holidays", holidays(file), holidays(backup)),
    ];
    pairs
        .iter()
        .filter(|(_, a, b)| a != b)
        .map(|(key, a, b)| format!("{key} is {a} here and {b} in the backup"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backups_are_told_apart_from_json_lines() {
        assert!(is_backup(b"{\n  \"version\": 1,\n  \"goals\": []\n}\n"));
        assert!(is_backup(b"{\"version\":1}"));
        assert!(is_backup(b"{\n  \"version\": 1,\n  \"goals\": [\n"));
        assert!(!is_backup(
            b"{\"goal\":\"a\",\"date\":\"2026-01-01\",\"value\":1}\n{\"goal\":\"b\"}\n"
        ));
        assert!(!is_backup(b"goal,date,value\n"));
    }
}
