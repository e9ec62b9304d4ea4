//! `--anonymize`: no real name, id, title, note or ref in any output of
//! any read command, in any format; the same pseudonyms every run on one
//! file, other ones in another file; writes refused.

mod common;

use std::collections::BTreeSet;

use common::TestEnv;
use serde_json::Value;

/// The example data, with a celebration, a review, history and notes that
/// name people, and a pseudonym key.
fn example() -> TestEnv {
    let env = TestEnv::new();
    let root = env!("CARGO_MANIFEST_DIR");
    std::fs::copy(format!("{root}/examples/attain.json"), env.file()).unwrap();
    let met = met_goal(&env);
    env.ok(&[
        "celebrate",
        &met,
        "--log",
        "Dinner with Maria Chen at Luigi's",
        "--kind",
        "event",
    ]);
    let missed = missed_goal(&env);
    env.ok(&[
        "review",
        &missed,
        "--cause",
        "pipeline",
        "--why",
        "Omar Haddad lost the Heartland deal",
        "--improve",
        "Prospecting with Tom Becker",
        "--action",
        "Call Acme Corp weekly; owner=omar-haddad; due=2026-12-15; measure=3 calls",
    ]);
    env.ok(&[
        "record",
        "--owner",
        "maria-chen",
        "--metric",
        "revenue",
        "1200",
        "--date",
        "2026-11-20",
        "--note",
        "Secret Customer Ltd",
        "--ref",
        "CRM-77777",
    ]);
    env.ok(&["settings", "set", "pseudonym-key", "new"]);
    env
}

fn goals_with(env: &TestEnv, status: &str) -> Vec<String> {
    env.json_out(&["report", "--period", "2026-Q3", "--status", status])["goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap().to_string())
        .collect()
}

fn met_goal(env: &TestEnv) -> String {
    goals_with(env, "met").remove(0)
}

fn missed_goal(env: &TestEnv) -> String {
    goals_with(env, "missed").remove(0)
}

/// What must not show: every id, name, title, note, ref and review text
/// of the file, and the key.
fn secrets(file: &Value) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut ids = BTreeSet::new();
    let mut texts = BTreeSet::new();
    let mut add = |kind: &str, id_key: &str, text_keys: &[&str]| {
        for record in file[kind].as_array().unwrap() {
            if let Some(id) = record[id_key].as_str() {
                ids.insert(id.to_string());
            }
            for key in text_keys {
                if let Some(text) = record[*key].as_str() {
                    texts.insert(text.to_string());
                }
            }
        }
    };
    add("people", "id", &["name", "email"]);
    add("teams", "id", &["name"]);
    add("goals", "id", &["title"]);
    add("results", "id", &["note", "ref"]);
    add("celebrations", "id", &["note"]);
    for review in file["reviews"].as_array().unwrap() {
        texts.insert(review["why"].as_str().unwrap().to_string());
        for area in review["improvements"].as_array().unwrap() {
            texts.insert(area.as_str().unwrap().to_string());
        }
        for action in review["actions"].as_array().unwrap() {
            ids.insert(action["id"].as_str().unwrap().to_string());
            texts.insert(action["text"].as_str().unwrap().to_string());
            texts.insert(action["measure"].as_str().unwrap_or("Acme").to_string());
        }
    }
    texts.insert(
        file["settings"]["pseudonym_key"]
            .as_str()
            .unwrap()
            .to_string(),
    );
    texts.insert("tester".to_string());
    (ids, texts)
}

/// The words of an output: what an id could be.
fn words(text: &str) -> BTreeSet<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_'))
        .filter(|w| !w.is_empty())
        .collect()
}

#[test]
fn no_real_name_id_note_or_ref_shows_in_any_output() {
    let env = example();
    let file = env.json();
    let (ids, texts) = secrets(&file);
    assert!(
        ids.len() > 250 && texts.len() > 200,
        "{} ids, {} texts",
        ids.len(),
        texts.len()
    );
    let anonymous = env.json_out(&["--anonymize", "report"]);
    let owner = anonymous["goals"][0]["owner"].as_str().unwrap().to_string();
    let goal = anonymous["goals"][0]["id"].as_str().unwrap().to_string();
    let team = env.json_out(&["--anonymize", "team", "list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let commands: Vec<Vec<&str>> = vec![
        vec!["report"],
        vec!["report", "--by", "team"],
        vec!["report", "--period", "2026-Q3"],
        vec!["leaderboard", "--period", "2026-Q3"],
        vec!["trend", &owner],
        vec!["trend", &team],
        vec!["goal", "list"],
        vec!["goal", "show", &goal],
        vec!["goal", "history", &goal],
        vec!["result", "list"],
        vec!["celebrate"],
        vec!["celebrate", "--history"],
        vec!["review"],
        vec!["action", "list"],
        vec!["progress"],
        vec!["period-end", "2026-Q3"],
        vec!["history"],
        vec!["person", "list"],
        vec!["team", "list"],
        vec!["team", "show", &team],
        vec!["settings", "show"],
    ];
    let mut runs = 0;
    for command in &commands {
        for format in ["table", "json", "csv", "markdown"] {
            let mut args = vec!["--anonymize", "--format", format];
            args.extend(command.iter().copied());
            let out = env.cmd(&args).output().unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            if !out.status.success() && stderr.contains("not") && stderr.contains("format") {
                continue; // a format the command does not offer
            }
            assert!(
                out.status.success() || out.status.code() == Some(3),
                "{args:?}: {stderr}"
            );
            runs += 1;
            let shown = format!("{stdout}{stderr}");
            let leaked: Vec<&str> = words(&shown)
                .into_iter()
                .filter(|w| ids.contains(*w))
                .collect();
            assert!(leaked.is_empty(), "{args:?} shows ids {leaked:?}");
            let leaked: Vec<&String> = texts
                .iter()
                .filter(|t| !t.is_empty() && shown.contains(t.as_str()))
                .collect();
            assert!(leaked.is_empty(), "{args:?} shows {leaked:?}");
        }
    }
    for format in ["json", "csv", "jsonl"] {
        let out = env.ok(&["--anonymize", "--format", format, "export"]);
        let leaked: Vec<&str> = words(&out)
            .into_iter()
            .filter(|w| ids.contains(*w))
            .collect();
        assert!(leaked.is_empty(), "export {format} shows ids {leaked:?}");
        assert!(
            !texts
                .iter()
                .any(|t| !t.is_empty() && out.contains(t.as_str())),
            "export {format}"
        );
        runs += 1;
    }
    assert!(runs > 60, "only {runs} outputs checked");
}

#[test]
fn pseudonyms_are_the_same_every_run_and_differ_between_files() {
    let env = example();
    let first = env.json_out(&["--anonymize", "report"]);
    let again = env.json_out(&["--anonymize", "report"]);
    assert_eq!(first, again);
    // The amounts are those of the plain report.
    let plain = env.json_out(&["report"]);
    let actuals = |report: &Value| {
        let mut all: Vec<String> = report["goals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| format!("{} {} {}", g["period"]["label"], g["target"], g["actual"]))
            .collect();
        all.sort();
        all
    };
    assert_eq!(actuals(&first), actuals(&plain));
    assert_eq!(first["summary"], plain["summary"]);
    // Another file (another key) gives other pseudonyms to the same people.
    let other = TestEnv::new();
    std::fs::copy(env.file(), other.file()).unwrap();
    let mut cmd = other.cmd(&["settings", "set", "pseudonym-key", "new"]);
    cmd.env("ATTAIN_SEED", "2");
    assert!(cmd.output().unwrap().status.success());
    let second = other.json_out(&["--anonymize", "report"]);
    let owners = |report: &Value| -> BTreeSet<String> {
        report["goals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["owner"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(owners(&first).is_disjoint(&owners(&second)));
    assert_eq!(owners(&first).len(), owners(&second).len());
}

#[test]
fn a_change_with_anonymize_is_refused_and_a_file_without_a_key_says_how() {
    let env = example();
    let before = env.bytes();
    let err = env.fails(
        1,
        &[
            "--anonymize",
            "record",
            "--owner",
            "maria-chen",
            "--metric",
            "revenue",
            "5",
        ],
    );
    assert!(err.contains("--anonymize is for output to share"), "{err}");
    assert_eq!(env.bytes(), before);
    let plain = TestEnv::new();
    plain.ok(&["init"]);
    let err = plain.fails(1, &["--anonymize", "report"]);
    assert!(
        err.contains("attain settings set pseudonym-key new"),
        "{err}"
    );
    // The key itself is never shown.
    let key = env.json()["settings"]["pseudonym_key"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!env.ok(&["settings", "show"]).contains(&key));
    assert!(
        !env.ok(&["settings", "show", "--format", "json"])
            .contains(&key)
    );
}
