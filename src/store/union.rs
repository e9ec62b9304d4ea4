//! Several data files read as one (`attain -f east.json -f west.json
//! report`), for a VP who keeps one file per team. Read-only: a store given
//! several files refuses every change ([`super::Store::refuse_several`]),
//! since a change would not know which file to write.
//!
//! A record whose key is in several files (the same goal id, person id,
//! result id, ...) is kept once when it is the same in each, and refused
//! when it is not: attain cannot tell which one is right. The settings must
//! be the same in every file. A period locked in several files keeps its
//! earliest lock. History is merged in time order and numbered anew.

use std::collections::HashMap;
use std::fmt::Display;
use std::hash::Hash;
use std::path::PathBuf;

use anyhow::{Result, anyhow, bail};
use serde_json::Value;

use super::schema::{CURRENT_VERSION, Document};
use crate::domain::goal::Settings;
use crate::domain::history::Entry;
use crate::domain::review::Action;

/// The documents read from `files` (in the order given) as one document,
/// in canonical order and valid. Linear in the records for a given number
/// of files: each file's records are merged in the order of their keys.
pub fn combine(files: Vec<(PathBuf, Document)>) -> Result<Document> {
    let names: Vec<String> = files
        .iter()
        .map(|(path, _)| path.display().to_string())
        .collect();
    let mut documents: Vec<Document> = files
        .into_iter()
        .map(|(_, mut document)| {
            document.normalize();
            document
        })
        .collect();
    let settings = same_settings(&documents, &names)?;
    check_nested(&documents, &names, "action", |a: &Action| &a.id)?;
    let mut combined = Document {
        version: CURRENT_VERSION,
        settings,
        ..Document::default()
    };
    combined.people = union(
        "person",
        take(&mut documents, |d| &mut d.people),
        &names,
        |p| p.id.as_str(),
    )?;
    combined.teams = union(
        "team",
        take(&mut documents, |d| &mut d.teams),
        &names,
        |t| t.id.as_str(),
    )?;
    combined.goals = union(
        "goal",
        take(&mut documents, |d| &mut d.goals),
        &names,
        |g| g.id.as_str(),
    )?;
    let results = documents
        .iter_mut()
        .map(|d| std::mem::take(&mut d.results).into_vec())
        .collect();
    combined.results = union("result", results, &names, |r| &r.id)?.into();
    combined.celebrations = union(
        "celebration",
        take(&mut documents, |d| &mut d.celebrations),
        &names,
        |c| &c.id,
    )?;
    combined.reviews = union(
        "the review of goal",
        take(&mut documents, |d| &mut d.reviews),
        &names,
        |r| r.goal.as_str(),
    )?;
    // The same period locked in several files is locked once, since the
    // first time.
    combined.locks = merge_by_key(
        take(&mut documents, |d| &mut d.locks),
        &|l| l.period.as_str(),
        |kept, other, _, _| Ok(other.at < kept.at),
    )?;
    combined.history = merge_history(take(&mut documents, |d| &mut d.history));
    combined.normalize();
    combined.validate().map_err(|reason| {
        anyhow!(
            "{} do not make one valid document when read together ({reason}); change the files \
             so that they agree, or read them one at a time",
            listed(&names)
        )
    })?;
    Ok(combined)
}

/// One part of every document, taken out of it.
fn take<T>(documents: &mut [Document], part: fn(&mut Document) -> &mut Vec<T>) -> Vec<Vec<T>> {
    documents
        .iter_mut()
        .map(|d| std::mem::take(part(d)))
        .collect()
}

/// "a.json", "a.json and b.json", "a.json, b.json and c.json".
fn listed(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [head @ .., last] => format!("{} and {last}", head.join(", ")),
    }
}

fn clash(kind: &str, key: &dyn Display, one: &str, other: &str) -> anyhow::Error {
    anyhow!("{kind} {key} is in {one} and {other} with different contents; keep it in one file")
}

/// The records of every file, in the order of `key`: one found in several
/// files is kept once when it is the same in each, else refused, naming it
/// and two of the files.
fn union<T: PartialEq, K: Ord + Display + ?Sized>(
    kind: &str,
    lists: Vec<Vec<T>>,
    names: &[String],
    key: impl Fn(&T) -> &K,
) -> Result<Vec<T>> {
    merge_by_key(lists, &key, |kept, other, kept_in, other_in| {
        if kept == other {
            Ok(false)
        } else {
            Err(clash(kind, &key(kept), &names[kept_in], &names[other_in]))
        }
    })
}

/// Merges lists each sorted by `key` into one sorted list. Records with one
/// key are met one after another, the earlier file's first: `same(kept,
/// other, kept's file, other's file)` says whether `other` replaces the
/// record kept (or fails). O(records × files).
fn merge_by_key<T, K: Ord + ?Sized>(
    lists: Vec<Vec<T>>,
    key: &impl Fn(&T) -> &K,
    mut same: impl FnMut(&T, &T, usize, usize) -> Result<bool>,
) -> Result<Vec<T>> {
    let mut out: Vec<T> = Vec::with_capacity(lists.iter().map(Vec::len).sum());
    let mut rest: Vec<std::vec::IntoIter<T>> = lists.into_iter().map(Vec::into_iter).collect();
    let mut kept_in = 0;
    loop {
        let mut next: Option<(usize, &T)> = None;
        for (file, list) in rest.iter().enumerate() {
            if let Some(head) = list.as_slice().first()
                && next.is_none_or(|(_, best)| key(head) < key(best))
            {
                next = Some((file, head));
            }
        }
        let Some((file, _)) = next else {
            return Ok(out);
        };
        let Some(record) = rest[file].next() else {
            return Ok(out);
        };
        match out.last_mut() {
            Some(kept) if key(kept) == key(&record) => {
                if same(kept, &record, kept_in, file)? {
                    *kept = record;
                    kept_in = file;
                }
            }
            _ => {
                out.push(record);
                kept_in = file;
            }
        }
    }
}

/// Records held inside others (a review's actions) whose key is in two
/// files, in records of different parents (reviews of different goals):
/// refused as [`union`] refuses. Within one parent they are the parent's
/// business: two reviews of one goal that differ are refused as reviews.
fn check_nested<K: Hash + Eq + Display>(
    documents: &[Document],
    names: &[String],
    kind: &str,
    key: impl Fn(&Action) -> &K,
) -> Result<()> {
    let mut seen: HashMap<&K, (usize, &str)> = HashMap::new();
    for (file, document) in documents.iter().enumerate() {
        for review in &document.reviews {
            for action in &review.actions {
                let id = key(action);
                match seen.get(id) {
                    Some(&(other, goal)) if other != file && goal != review.goal => {
                        bail!(clash(kind, id, &names[other], &names[file]));
                    }
                    Some(_) => {}
                    None => {
                        seen.insert(id, (file, review.goal.as_str()));
                    }
                }
            }
        }
    }
    Ok(())
}

/// The settings of every file, which must be the same: else the first
/// setting that differs, naming the two files.
fn same_settings(documents: &[Document], names: &[String]) -> Result<Settings> {
    let Some(first) = documents.first() else {
        return Ok(Settings::default());
    };
    // Each file keeps its own pseudonym key: the first file's is used.
    let shared = |settings: &Settings| Settings {
        pseudonym_key: None,
        ..settings.clone()
    };
    for (file, document) in documents.iter().enumerate().skip(1) {
        if shared(&document.settings) == shared(&first.settings) {
            continue;
        }
        let (one, other) = (&names[0], &names[file]);
        let fix = "files read together must share their settings";
        let Some((key, ours, theirs)) =
            first_difference(&shared(&first.settings), &shared(&document.settings))
        else {
            bail!("{one} and {other} have different settings; {fix}: make them the same");
        };
        let example = match &ours {
            Value::String(_) | Value::Number(_) | Value::Bool(_) => format!(
                ", e.g. attain --file {other} settings set {key} {}",
                scalar(&ours)
            ),
            _ => String::new(),
        };
        bail!(
            "{one} and {other} have different settings ({key} is {} in {one} but {} in {other}); \
             {fix}: make them the same{example}",
            crate::domain::text::clip(&scalar(&ours), 80),
            crate::domain::text::clip(&scalar(&theirs), 80),
        );
    }
    Ok(first.settings.clone())
}

/// A value as a person types it: text without its quotes.
fn scalar(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The first setting that differs, as the key `attain settings set` takes
/// (`fiscal-year-start`, `tiers.event`) and the two values. Read from the
/// settings as the file writes them, so that a setting added later is
/// named without a change here.
fn first_difference(one: &Settings, other: &Settings) -> Option<(String, Value, Value)> {
    fn walk(one: &Value, other: &Value, path: &mut Vec<String>) -> Option<(String, Value, Value)> {
        if one == other {
            return None;
        }
        if let (Value::Object(a), Value::Object(b)) = (one, other) {
            let keys = a.keys().chain(b.keys().filter(|k| !a.contains_key(*k)));
            for key in keys {
                path.push(key.replace('_', "-"));
                let found = walk(
                    a.get(key).unwrap_or(&Value::Null),
                    b.get(key).unwrap_or(&Value::Null),
                    path,
                );
                path.pop();
                if found.is_some() {
                    return found;
                }
            }
            return None;
        }
        Some((path.join("."), one.clone(), other.clone()))
    }
    // Settings at their defaults are left out of the file; they are named
    // here with their values, not as null.
    let filled = |settings: &Settings| -> Option<Value> {
        let mut value = serde_json::to_value(settings).ok()?;
        if let Value::Object(map) = &mut value {
            let defaults = [
                ("pace", serde_json::json!("calendar")),
                (
                    "workdays",
                    serde_json::json!(["mon", "tue", "wed", "thu", "fri"]),
                ),
                ("holidays", serde_json::json!([])),
            ];
            for (key, default) in defaults {
                map.entry(key).or_insert(default);
            }
        }
        Some(value)
    };
    walk(&filled(one)?, &filled(other)?, &mut Vec::new())
}

/// Every file's history in time order, numbered 1, 2, 3, ...: each file's
/// entries keep their order, and entries of the same time come in the order
/// of the files. An undo or redo names the entry it reverted by its new
/// number, in its summary too (a reference to an entry no longer in its
/// file is dropped). An
/// entry that is in several files as it is (a file given twice, copies of
/// one file) is kept once.
fn merge_history(histories: Vec<Vec<Entry>>) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::with_capacity(histories.iter().map(Vec::len).sum());
    let mut origin: Vec<usize> = Vec::with_capacity(out.capacity());
    let mut renumbered: Vec<HashMap<u64, u64>> = vec![HashMap::new(); histories.len()];
    let mut rest: Vec<std::vec::IntoIter<Entry>> =
        histories.into_iter().map(Vec::into_iter).collect();
    // Where the entries made at the time of the last one start in `out`.
    let mut same_time = 0;
    loop {
        let mut next: Option<(usize, &Entry)> = None;
        for (file, list) in rest.iter().enumerate() {
            if let Some(head) = list.as_slice().first()
                && next.is_none_or(|(_, best)| head.at < best.at)
            {
                next = Some((file, head));
            }
        }
        let Some((file, _)) = next else {
            break;
        };
        let Some(entry) = rest[file].next() else {
            break;
        };
        if out.last().is_some_and(|last| last.at != entry.at) {
            same_time = out.len();
        }
        let seq = match (same_time..out.len()).find(|&i| out[i] == entry) {
            Some(i) => i,
            None => {
                out.push(entry.clone());
                origin.push(file);
                out.len() - 1
            }
        };
        renumbered[file].insert(entry.seq, seq as u64 + 1);
    }
    crate::domain::history::renumber(&mut out, |i, seq| renumbered[origin[i]].get(&seq).copied());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document from the parts given as JSON (`"people": [...]`), with
    /// the usual people so that goals and results have owners.
    fn document(parts: &str) -> Document {
        let text = format!(
            "{{\"version\": 2{}{parts}}}",
            if parts.is_empty() { "" } else { "," }
        );
        let document: Document =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        document
            .validate()
            .unwrap_or_else(|e| panic!("{e}: {text}"));
        document
    }

    fn combine_two(east: &str, west: &str) -> Result<Document> {
        combine(vec![
            (PathBuf::from("east.json"), document(east)),
            (PathBuf::from("west.json"), document(west)),
        ])
    }

    fn error(result: Result<Document>) -> String {
        format!("{:#}", result.expect_err("combining should fail"))
    }

    const ANA: &str = r#"{"id":"ana","name":"Ana Lima"}"#;
    const BO: &str = r#"{"id":"bo","name":"Bo Berg"}"#;

    fn goal(id: &str, owner: &str, target: u32) -> String {
        format!(
            r#"{{"id":"{id}","title":"{id}","owner":"{owner}","metric":"revenue","unit":"USD","period":"2026-Q4","target":{target},"direction":"at-least","aggregate":"sum","created":"2026-10-01T09:00:00Z"}}"#
        )
    }

    fn result(id: &str, owner: &str, value: u32) -> String {
        format!(
            r#"{{"id":"{id}","owner":"{owner}","metric":"revenue","date":"2026-10-14","value":{value}}}"#
        )
    }

    fn entry(seq: u64, at: &str, summary: &str, undoes: Option<u64>) -> String {
        let undoes = undoes.map_or(String::new(), |s| format!(r#","undoes":{s}"#));
        format!(
            r#"{{"seq":{seq},"at":"2026-10-{at}Z","user":"u","command":"attain","summary":"{summary}"{undoes}}}"#
        )
    }

    #[test]
    fn records_of_every_file_make_one_document_in_canonical_order() {
        let east = format!(
            r#""people":[{ANA}],"goals":[{}],"results":[{},{}]"#,
            goal("ana-q4", "ana", 100),
            result("9aaaaaaaaaaaa", "ana", 10),
            result("9cccccccccccc", "ana", 30),
        );
        let west = format!(
            r#""people":[{BO}],"goals":[{}],"results":[{}]"#,
            goal("bo-q4", "bo", 200),
            result("9bbbbbbbbbbbb", "bo", 20),
        );
        let combined = combine_two(&east, &west).unwrap();
        let ids = |list: Vec<&str>| list.join(" ");
        assert_eq!(
            ids(combined.people.iter().map(|p| p.id.as_str()).collect()),
            "ana bo"
        );
        assert_eq!(
            ids(combined.goals.iter().map(|g| g.id.as_str()).collect()),
            "ana-q4 bo-q4"
        );
        assert_eq!(
            ids(combined.results.iter().map(|r| r.id.as_str()).collect()),
            "9aaaaaaaaaaaa 9bbbbbbbbbbbb 9cccccccccccc"
        );
        let mut normalized = combined.clone();
        normalized.normalize();
        assert_eq!(normalized, combined, "in canonical order");
    }

    #[test]
    fn a_record_in_both_files_is_kept_once_when_identical() {
        let shared = format!(
            r#""people":[{ANA}],"goals":[{}]"#,
            goal("ana-q4", "ana", 100)
        );
        let west = format!(
            r#""people":[{ANA},{BO}],"goals":[{}],"results":[{}]"#,
            goal("ana-q4", "ana", 100),
            result("9bbbbbbbbbbbb", "bo", 20)
        );
        let combined = combine_two(&shared, &west).unwrap();
        assert_eq!(combined.people.len(), 2);
        assert_eq!(combined.goals.len(), 1);
        let one = combine_two(&shared, &shared).unwrap();
        let mut alone = document(&shared);
        alone.normalize();
        assert_eq!(one, alone, "a file with itself is the file");
    }

    #[test]
    fn a_record_in_both_files_that_differs_is_refused_naming_it_and_both_files() {
        let east = format!(
            r#""people":[{ANA}],"goals":[{}]"#,
            goal("ana-q4", "ana", 100)
        );
        let west = format!(
            r#""people":[{ANA}],"goals":[{}]"#,
            goal("ana-q4", "ana", 120)
        );
        assert_eq!(
            error(combine_two(&east, &west)),
            "goal ana-q4 is in east.json and west.json with different contents; keep it in one file"
        );
        let renamed = r#""people":[{"id":"ana","name":"Ana L."}]"#;
        assert_eq!(
            error(combine_two(&format!(r#""people":[{ANA}]"#), renamed)),
            "person ana is in east.json and west.json with different contents; keep it in one file"
        );
        let team = |member: &str| {
            format!(
                r#""people":[{ANA},{BO}],"teams":[{{"id":"t","name":"T","members":[{{"id":"{member}"}}]}}]"#
            )
        };
        assert!(error(combine_two(&team("ana"), &team("bo"))).starts_with("team t is in"));
        let results = |value| {
            format!(
                r#""people":[{ANA}],"results":[{}]"#,
                result("9aaaaaaaaaaaa", "ana", value)
            )
        };
        assert!(
            error(combine_two(&results(1), &results(2)))
                .starts_with("result 9aaaaaaaaaaaa is in east.json and west.json")
        );
    }

    #[test]
    fn celebrations_and_actions_clash_by_their_key() {
        let people = format!(
            r#""people":[{ANA}],"goals":[{},{}]"#,
            goal("a", "ana", 1),
            goal("b", "ana", 1)
        );
        let celebration = |goal: &str| {
            format!(
                r#"{people},"celebrations":[{{"id":3,"goal":"{goal}","kind":"message","note":"Well done","date":"2026-10-02"}}]"#
            )
        };
        assert_eq!(
            combine_two(&celebration("a"), &celebration("a"))
                .unwrap()
                .celebrations
                .len(),
            1
        );
        assert_eq!(
            error(combine_two(&celebration("a"), &celebration("b"))),
            "celebration 3 is in east.json and west.json with different contents; keep it in one \
             file"
        );
        let review = |goal: &str, action: &str| {
            format!(
                r#"{people},"reviews":[{{"goal":"{goal}","steps":3,"actions":[{{"id":7,"text":"{action}","status":"open"}}],"started":"2026-10-02T10:00:00Z"}}]"#
            )
        };
        let same = combine_two(&review("a", "Call"), &review("a", "Call")).unwrap();
        assert_eq!(same.reviews.len(), 1);
        assert_eq!(
            error(combine_two(&review("a", "Call"), &review("b", "Call"))),
            "action 7 is in east.json and west.json with different contents; keep it in one file"
        );
        assert_eq!(
            error(combine_two(&review("a", "Call"), &review("a", "Write"))),
            "the review of goal a is in east.json and west.json with different contents; keep it \
             in one file"
        );
    }

    #[test]
    fn settings_must_be_the_same_in_every_file() {
        let four = r#""settings":{"currency":"USD","fiscal_year_start":4,"at_risk":0.9}"#;
        let message = error(combine_two("", four));
        assert_eq!(
            message,
            "east.json and west.json have different settings (fiscal-year-start is 1 in east.json \
             but 4 in west.json); files read together must share their settings: make them the \
             same, e.g. attain --file west.json settings set fiscal-year-start 1"
        );
        let tiers = r#""settings":{"currency":"USD","fiscal_year_start":1,"at_risk":0.9,"tiers":{"event":1.15,"bonus":1.25,"streak":3}}"#;
        assert!(
            error(combine_two("", tiers))
                .contains("(tiers.event is 1.1 in east.json but 1.15 in west.json)")
        );
        let euro = r#""settings":{"currency":"EUR","fiscal_year_start":1,"at_risk":0.9}"#;
        assert!(error(combine_two("", euro)).contains("settings set currency USD"));
        let same = r#""settings":{"currency":"USD","fiscal_year_start":1,"at_risk":0.9}"#;
        assert_eq!(combine_two("", same).unwrap().settings, Settings::default()); // Pace settings at their defaults are absent from a file, and
        // named with their default value.
        let business = r#""settings":{"currency":"USD","fiscal_year_start":1,"at_risk":0.9,"pace":"business"}"#;
        assert!(error(combine_two("", business)).contains(
            "(pace is calendar in east.json but business in west.json); files read together \
                 must share their settings: make them the same, e.g. attain --file west.json \
                 settings set pace calendar"
        ));
        let holiday = r#""settings":{"currency":"USD","fiscal_year_start":1,"at_risk":0.9,"holidays":[{"date":"2026-12-25"}]}"#;
        assert!(
            error(combine_two("", holiday)).contains(
                r#"(holidays is [] in east.json but [{"date":"2026-12-25"}] in west.json)"#
            )
        );
    }

    #[test]
    fn a_period_locked_in_both_files_keeps_the_earliest_lock() {
        let lock = |at: &str, user: &str| {
            format!(
                r#""locks":[{{"period":"2026-Q3","start":"2026-07-01","end":"2026-09-30","at":"{at}","user":"{user}"}}]"#
            )
        };
        let combined = combine_two(
            &lock("2026-10-05T10:00:00Z", "late"),
            &lock("2026-10-02T10:00:00Z", "early"),
        )
        .unwrap();
        assert_eq!(combined.locks.len(), 1);
        assert_eq!(combined.locks[0].user, "early");
        let combined = combine_two(
            &lock("2026-10-02T10:00:00Z", "east"),
            &lock("2026-10-02T10:00:00Z", "west"),
        )
        .unwrap();
        assert_eq!(
            combined.locks[0].user, "east",
            "a tie keeps the first file's"
        );
    }

    #[test]
    fn history_is_merged_in_time_order_and_numbered_anew() {
        let east = format!(
            r#""history":[{},{},{}]"#,
            entry(1, "01T09:00:00", "e1", None),
            entry(2, "03T09:00:00", "e2", None),
            entry(3, "05T09:00:00", "undo e2", Some(2)),
        );
        let west = format!(
            r#""history":[{},{},{}]"#,
            entry(1, "02T09:00:00", "w1", None),
            entry(2, "03T09:00:00", "w2", None),
            entry(3, "04T09:00:00", "undo w1", Some(1)),
        );
        let combined = combine_two(&east, &west).unwrap();
        let listed: Vec<(u64, &str, Option<u64>)> = combined
            .history
            .iter()
            .map(|e| (e.seq, e.summary.as_str(), e.undoes))
            .collect();
        assert_eq!(
            listed,
            [
                (1, "e1", None),
                (2, "w1", None),
                (3, "e2", None),
                (4, "w2", None),
                (5, "undo w1", Some(2)),
                (6, "undo e2", Some(3)),
            ]
        );
    }

    #[test]
    fn an_undo_or_redo_names_its_change_by_the_new_number_in_its_summary() {
        let entry = |seq, at, summary: &str, field: &str| {
            format!(
                r#"{{"seq":{seq},"at":"2026-10-01T{at}Z","user":"u","command":"attain","summary":"{summary}"{field}}}"#
            )
        };
        let east = format!(
            r#""history":[{},{},{},{}]"#,
            entry(1, "09:00:00", "added goal g", ""),
            entry(2, "09:00:02", "undo of 1: added goal g", r#","undoes":1"#),
            entry(3, "09:00:03", "redo of 1: added goal g", r#","redoes":1"#),
            entry(
                4,
                "09:00:04",
                "undo of 3: redo of 1: added goal g",
                r#","undoes":3"#
            ),
        );
        let west = format!(
            r#""history":[{},{}]"#,
            entry(1, "08:00:00", "added person p", ""),
            entry(2, "09:00:01", "undo of 1: added person p", r#","undoes":1"#),
        );
        let combined = combine_two(&east, &west).unwrap();
        let listed: Vec<(u64, &str, Option<u64>, Option<u64>)> = combined
            .history
            .iter()
            .map(|e| (e.seq, e.summary.as_str(), e.undoes, e.redoes))
            .collect();
        assert_eq!(
            listed,
            [
                (1, "added person p", None, None),
                (2, "added goal g", None, None),
                (3, "undo of 1: added person p", Some(1), None),
                (4, "undo of 2: added goal g", Some(2), None),
                (5, "redo of 2: added goal g", None, Some(2)),
                (6, "undo of 5: redo of 2: added goal g", Some(5), None),
            ]
        );
    }

    #[test]
    fn an_entry_in_both_files_as_it_is_is_kept_once() {
        let shared = entry(1, "01T09:00:00", "init", None);
        let east = format!(
            r#""history":[{shared},{}]"#,
            entry(2, "03T09:00:00", "east", None)
        );
        let west = format!(
            r#""history":[{shared},{},{}]"#,
            entry(2, "02T09:00:00", "west", None),
            entry(3, "04T09:00:00", "undo init", Some(1)),
        );
        let combined = combine_two(&east, &west).unwrap();
        let listed: Vec<(u64, &str, Option<u64>)> = combined
            .history
            .iter()
            .map(|e| (e.seq, e.summary.as_str(), e.undoes))
            .collect();
        assert_eq!(
            listed,
            [
                (1, "init", None),
                (2, "west", None),
                (3, "east", None),
                (4, "undo init", Some(1))
            ]
        );
    }

    #[test]
    fn a_document_that_is_not_valid_combined_says_it_came_from_combining() {
        let team = r#""teams":[{"id":"ana","name":"Team Ana"}]"#;
        let message = error(combine_two(&format!(r#""people":[{ANA}]"#), team));
        assert!(
            message.starts_with(
                "east.json and west.json do not make one valid document when read together ('ana' \
                 is the id of two people or teams; ids are shared by people and teams)"
            ),
            "{message}"
        );
        assert!(message.ends_with("or read them one at a time"), "{message}");
    }

    #[test]
    fn a_team_whose_members_are_in_another_document_is_valid_combined() {
        let parse = |text: &str| -> Document { serde_json::from_str(text).unwrap() };
        let east = parse(
            r#"{"version":2,"teams":[{"id":"sales","name":"Sales","members":[{"id":"bo"}]}],"goals":[{"id":"sales-q4","title":"Sales","owner":"sales","metric":"revenue","unit":"USD","period":"2026-Q4","target":1,"direction":"at-least","aggregate":"sum","created":"2026-10-01T09:00:00Z"}]}"#,
        );
        assert!(east.validate().is_err(), "a member nobody has, alone");
        let west = parse(&format!(
            r#"{{"version":2,"people":[{BO}],"results":[{}]}}"#,
            result("9bbbbbbbbbbbb", "bo", 20)
        ));
        let combined = combine(vec![
            (PathBuf::from("east.json"), east),
            (PathBuf::from("west.json"), west),
        ])
        .unwrap();
        assert_eq!(combined.teams[0].members[0].id, "bo");
        assert_eq!(combined.results.len(), 1);
    }

    #[test]
    fn files_are_listed_as_a_sentence() {
        let names = |list: &[&str]| listed(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(names(&["a"]), "a");
        assert_eq!(names(&["a", "b"]), "a and b");
        assert_eq!(names(&["a", "b", "c"]), "a, b and c");
    }
}
