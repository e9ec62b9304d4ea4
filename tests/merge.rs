//! `attain merge-driver`: the three-way merge of a data file, record by
//! record, run on versions made by the binary itself; and `attain git
//! setup`.

mod common;

use std::path::{Path, PathBuf};

use common::{TestEnv, git, git_ok};
use serde_json::Value;

/// A version of the data file: the base's bytes with `commands` applied.
fn version(env: &TestEnv, name: &str, base: &[u8], commands: &[&[&str]]) -> PathBuf {
    let path = env.dir().join(name);
    if !base.is_empty() {
        std::fs::write(&path, base).unwrap();
    }
    for (n, args) in commands.iter().enumerate() {
        let mut cmd = env.cmd_on(&path, args);
        // Each side draws its own ids, as two managers' machines do.
        cmd.env("ATTAIN_SEED", format!("{}{n}", name.len() * 7919));
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{args:?} on {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    path
}

struct Merge {
    code: i32,
    text: String,
    stderr: String,
}

/// Runs the driver as git does: the merge is written over `ours`.
fn drive(env: &TestEnv, base: &Path, ours: &Path, theirs: &Path) -> Merge {
    let merged = env.dir().join("merged.json");
    std::fs::copy(ours, &merged).unwrap();
    let out = env
        .cmd(&["merge-driver"])
        .arg(base)
        .arg(&merged)
        .arg(theirs)
        .arg("attain.json")
        .output()
        .unwrap();
    Merge {
        code: out.status.code().unwrap(),
        text: std::fs::read_to_string(&merged).unwrap(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A clean merge: exit 0, nothing said, and a file that is exactly what
/// attain writes for its records.
fn clean(env: &TestEnv, base: &Path, ours: &Path, theirs: &Path) -> Value {
    let merge = drive(env, base, ours, theirs);
    assert_eq!(
        (merge.code, merge.stderr.as_str()),
        (0, ""),
        "{}",
        merge.text
    );
    let document = attain::store::parse_document(merge.text.as_bytes(), &"merged")
        .unwrap_or_else(|e| panic!("{e:#}\n{}", merge.text));
    assert_eq!(
        String::from_utf8(document.to_bytes().unwrap()).unwrap(),
        merge.text,
        "the merge is not in attain's own layout"
    );
    serde_json::from_str(&merge.text).unwrap()
}

fn ids(file: &Value, kind: &str, key: &str) -> Vec<String> {
    let mut ids: Vec<String> = file[kind]
        .as_array()
        .unwrap_or_else(|| panic!("no {kind} in {file}"))
        .iter()
        .map(|r| r[key].as_str().unwrap_or_default().to_string())
        .collect();
    ids.sort();
    ids
}

/// The base, and ours and theirs made from it by their commands.
fn sides(env: &TestEnv, ours: &[&[&str]], theirs: &[&[&str]]) -> (PathBuf, PathBuf, PathBuf) {
    let base_bytes = base(env);
    (
        version(env, "base.json", &base_bytes, &[]),
        version(env, "ours.json", &base_bytes, ours),
        version(env, "theirs.json", &base_bytes, theirs),
    )
}

/// A base with a person, a team, a met and a missed goal of a closed
/// quarter, and an open goal.
fn base(env: &TestEnv) -> Vec<u8> {
    env.ok(&["init", "-q"]);
    env.ok(&["person", "add", "ana", "--name", "Ana Diaz", "-q"]);
    env.ok(&["team", "add", "east", "--member", "ana", "-q"]);
    env.goal("met", "100", "2026-Q3", &["--owner", "ana"]);
    env.goal(
        "miss",
        "1000",
        "2026-Q3",
        &["--owner", "ana", "--metric", "deals-won"],
    );
    env.goal("open", "500", "2026-Q4", &["--owner", "east"]);
    env.record("met", "150", "2026-08-03");
    env.bytes()
}

#[test]
fn records_of_every_kind_added_on_either_side_are_kept() {
    let env = TestEnv::new();
    let base_bytes = base(&env);
    let base = version(&env, "base.json", &base_bytes, &[]);
    let ours = version(
        &env,
        "ours.json",
        &base_bytes,
        &[
            &["person", "add", "bo", "--name", "Bo Li"],
            &["team", "add", "west", "--member", "bo"],
            &[
                "goal", "add", "bo-q4", "--owner", "bo", "--target", "300", "--period", "2026-Q4",
            ],
            &[
                "record",
                "open",
                "40",
                "--date",
                "2026-11-02",
                "--ref",
                "CRM-1",
            ],
            &[
                "celebrate",
                "met",
                "--log",
                "Sent a card",
                "--kind",
                "message",
            ],
            &["period", "lock", "2026-Q3"],
        ],
    );
    let theirs = version(
        &env,
        "theirs.json",
        &base_bytes,
        &[
            &["person", "add", "cy", "--name", "Cy Ng"],
            &[
                "record",
                "open",
                "60",
                "--date",
                "2026-11-03",
                "--ref",
                "CRM-2",
            ],
            &[
                "review",
                "miss",
                "--cause",
                "pipeline",
                "--why",
                "Slow summer",
                "--improve",
                "Prospecting",
                "--action",
                "Call blitz; owner=ana; due=2026-12-15",
            ],
            &["settings", "set", "at-risk", "0.8"],
        ],
    );
    let merged = clean(&env, &base, &ours, &theirs);
    assert_eq!(ids(&merged, "people", "id"), ["ana", "bo", "cy"]);
    assert_eq!(ids(&merged, "teams", "id"), ["east", "west"]);
    assert_eq!(
        ids(&merged, "goals", "id"),
        ["bo-q4", "met", "miss", "open"]
    );
    let refs: Vec<&str> = merged["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["ref"].as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(refs, ["CRM-1", "CRM-2"]);
    assert_eq!(merged["results"].as_array().unwrap().len(), 3);
    assert_eq!(merged["celebrations"][0]["note"], "Sent a card");
    assert_eq!(merged["reviews"][0]["goal"], "miss");
    assert_eq!(merged["reviews"][0]["actions"][0]["text"], "Call blitz");
    assert_eq!(merged["locks"][0]["period"], "2026-Q3");
    assert_eq!(merged["settings"]["at_risk"], serde_json::json!(0.8));
    // Both sides' history, numbered on after the shared entries.
    let history = merged["history"].as_array().unwrap();
    let seqs: Vec<u64> = history.iter().map(|e| e["seq"].as_u64().unwrap()).collect();
    let shared = serde_json::from_slice::<Value>(&std::fs::read(&base).unwrap()).unwrap()["history"]
        .as_array()
        .unwrap()
        .len() as u64;
    assert_eq!(seqs, (1..=shared + 10).collect::<Vec<_>>());
}

#[test]
fn a_side_that_changed_nothing_gives_the_other_side_byte_for_byte() {
    let env = TestEnv::new();
    let base_bytes = base(&env);
    let base = version(&env, "base.json", &base_bytes, &[]);
    let ours = version(
        &env,
        "ours.json",
        &base_bytes,
        &[
            &["goal", "edit", "open", "--target", "700"],
            &["result", "list"],
        ],
    );
    let merge = drive(&env, &base, &base, &ours);
    assert_eq!(merge.code, 0, "{}", merge.stderr);
    assert_eq!(merge.text.as_bytes(), std::fs::read(&ours).unwrap());
    let merge = drive(&env, &base, &ours, &base);
    assert_eq!(merge.text.as_bytes(), std::fs::read(&ours).unwrap());
}

#[test]
fn removed_on_one_side_and_unchanged_on_the_other_is_removed() {
    let env = TestEnv::new();
    let base_bytes = base(&env);
    let base = version(&env, "base.json", &base_bytes, &[]);
    let result = serde_json::from_slice::<Value>(&base_bytes).unwrap()["results"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let ours = version(
        &env,
        "ours.json",
        &base_bytes,
        &[&["result", "remove", &result]],
    );
    let theirs = version(
        &env,
        "theirs.json",
        &base_bytes,
        &[&["goal", "edit", "open", "--target", "700"]],
    );
    let merged = clean(&env, &base, &ours, &theirs);
    assert_eq!(merged["results"].as_array().unwrap().len(), 0);
    assert_eq!(merged["goals"][2]["target"], serde_json::json!(700));
}

#[test]
fn changes_to_different_fields_of_one_record_both_land_and_the_same_change_lands_once() {
    let env = TestEnv::new();
    let (base, ours, theirs) = sides(
        &env,
        &[
            &["goal", "edit", "open", "--target", "700"],
            &["person", "edit", "ana", "--email", "ana@example.com"],
        ],
        &[
            &["goal", "edit", "open", "--stretch", "900"],
            &["person", "edit", "ana", "--email", "ana@example.com"],
        ],
    );
    let merged = clean(&env, &base, &ours, &theirs);
    let open = &merged["goals"][2];
    assert_eq!(
        (open["id"].as_str(), &open["target"], &open["stretch"]),
        (
            Some("open"),
            &serde_json::json!(700),
            &serde_json::json!(900)
        )
    );
    assert_eq!(merged["people"][0]["email"], "ana@example.com");
}

#[test]
fn one_target_changed_differently_on_both_sides_is_a_conflict_with_markers() {
    let env = TestEnv::new();
    let (base, ours, theirs) = sides(
        &env,
        &[
            &["goal", "edit", "open", "--target", "700"],
            &["person", "add", "bo"],
        ],
        &[
            &["goal", "edit", "open", "--target", "800"],
            &["person", "add", "cy"],
        ],
    );
    let merge = drive(&env, &base, &ours, &theirs);
    assert_eq!(merge.code, 1);
    assert!(
        merge
            .stderr
            .contains("goal open: target is 700 on ours and 800 on theirs"),
        "{}",
        merge.stderr
    );
    assert!(
        merge.stderr.contains("git add attain.json"),
        "{}",
        merge.stderr
    );
    // Git's markers around the goal's line alone; the rest merged.
    let marked: Vec<&str> = merge
        .text
        .lines()
        .skip_while(|l| !l.starts_with("<<<<<<<"))
        .take(5)
        .collect();
    assert_eq!(marked[0], "<<<<<<< ours");
    assert!(
        marked[1].contains(r#""id":"open""#) && marked[1].contains(r#""target":700"#),
        "{}",
        marked[1]
    );
    assert_eq!(marked[2], "=======");
    assert!(marked[3].contains(r#""target":800"#), "{}", marked[3]);
    assert_eq!(marked[4], ">>>>>>> theirs");
    assert_eq!(merge.text.matches("<<<<<<<").count(), 1);
    assert!(merge.text.contains(r#"{"id":"bo""#) && merge.text.contains(r#"{"id":"cy""#));
    // attain refuses the file until the conflict is settled, and says how.
    std::fs::write(env.file(), &merge.text).unwrap();
    let err = env.fails(1, &["report"]);
    assert!(err.contains("conflict markers"), "{err}");
    // Keeping one side gives a valid file.
    std::fs::write(env.file(), keep_ours(&merge.text)).unwrap();
    let report = env.json_out(&["report", "--period", "2026-Q4"]);
    assert_eq!(report["goals"][0]["target"], serde_json::json!(700));
}

#[test]
fn removed_on_one_side_and_changed_on_the_other_is_a_conflict() {
    let env = TestEnv::new();
    let (base, ours, theirs) = sides(
        &env,
        &[&["goal", "remove", "open"]],
        &[&["goal", "edit", "open", "--target", "800"]],
    );
    let merge = drive(&env, &base, &ours, &theirs);
    assert_eq!(merge.code, 1);
    assert!(
        merge
            .stderr
            .contains("goal open is removed on ours and changed on theirs"),
        "{}",
        merge.stderr
    );
}

#[test]
fn the_same_deal_imported_on_both_sides_is_kept_once() {
    let env = TestEnv::new();
    let base_bytes = base(&env);
    let base = version(&env, "base.json", &base_bytes, &[]);
    let deal: &[&str] = &[
        "record",
        "open",
        "40",
        "--date",
        "2026-11-02",
        "--ref",
        "CRM-9",
    ];
    let ours = version(&env, "ours.json", &base_bytes, &[deal]);
    let theirs = version(&env, "theirs-side.json", &base_bytes, &[deal]);
    let merged = clean(&env, &base, &ours, &theirs);
    let with_ref = merged["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ref"] == "CRM-9")
        .count();
    assert_eq!(with_ref, 1);
    // The same deal with two values is a conflict.
    let other = version(
        &env,
        "other-side.json",
        &base_bytes,
        &[&[
            "record",
            "open",
            "45",
            "--date",
            "2026-11-02",
            "--ref",
            "CRM-9",
        ]],
    );
    let merge = drive(&env, &base, &ours, &other);
    assert_eq!(merge.code, 1);
    assert!(merge.stderr.contains("ref CRM-9"), "{}", merge.stderr);
}

#[test]
fn a_version_that_is_not_attain_data_is_merged_as_text() {
    let env = TestEnv::new();
    let base = env.dir().join("b.txt");
    let ours = env.dir().join("o.txt");
    let theirs = env.dir().join("t.txt");
    std::fs::write(&base, "a\nb\nc\n").unwrap();
    std::fs::write(&ours, "A\nb\nc\n").unwrap();
    std::fs::write(&theirs, "a\nb\nC\n").unwrap();
    let merge = drive(&env, &base, &ours, &theirs);
    assert_eq!((merge.code, merge.text.as_str()), (0, "A\nb\nC\n"));
    assert!(merge.stderr.contains("line by line"), "{}", merge.stderr);
}

#[test]
fn an_empty_base_merges_two_files_added_on_both_sides() {
    let env = TestEnv::new();
    let empty = env.dir().join("empty.json");
    std::fs::write(&empty, "").unwrap();
    let ours = version(&env, "ours.json", b"", &[&["person", "add", "bo"]]);
    let theirs = version(&env, "theirs.json", b"", &[&["person", "add", "cy"]]);
    let merged = clean(&env, &empty, &ours, &theirs);
    assert_eq!(ids(&merged, "people", "id"), ["bo", "cy"]);
}

#[test]
fn undo_after_a_merge_takes_back_the_last_change_of_either_side() {
    let env = TestEnv::new();
    let base_bytes = base(&env);
    let base = version(&env, "base.json", &base_bytes, &[]);
    let ours = version(&env, "ours.json", &base_bytes, &[&["person", "add", "bo"]]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let theirs = version(
        &env,
        "theirs.json",
        &base_bytes,
        &[&["person", "add", "cy"]],
    );
    let merge = drive(&env, &base, &ours, &theirs);
    std::fs::write(env.file(), &merge.text).unwrap();
    let out = env.ok(&["undo"]);
    assert!(out.contains("cy"), "{out}");
    assert_eq!(ids(&env.json(), "people", "id"), ["ana", "bo"]);
}

#[test]
fn git_setup_registers_the_driver_once_and_dry_run_writes_nothing() {
    let env = TestEnv::new();
    git_ok(env.dir(), &["init", "-q"]);
    let out = env.ok(&["git", "setup", "--dry-run"]);
    assert!(out.contains("would add"), "{out}");
    assert!(!env.dir().join(".gitattributes").exists());
    assert!(
        !git(env.dir(), &["config", "--get", "merge.attain.driver"])
            .status
            .success()
    );

    let out = env.ok(&["git", "setup"]);
    assert!(out.contains("/attain.json merge=attain"), "{out}");
    let attributes = std::fs::read_to_string(env.dir().join(".gitattributes")).unwrap();
    assert_eq!(attributes, "/attain.json merge=attain\n");
    let driver = git_ok(env.dir(), &["config", "--get", "merge.attain.driver"]);
    assert!(
        driver
            .trim_end()
            .ends_with("merge-driver %O %A %B %P --marker-size %L"),
        "{driver}"
    );

    let out = env.ok(&["git", "setup"]);
    assert!(out.starts_with("Already set up"), "{out}");
    assert_eq!(
        std::fs::read_to_string(env.dir().join(".gitattributes")).unwrap(),
        attributes
    );
}

#[test]
fn git_setup_outside_a_repository_says_so() {
    let env = TestEnv::new();
    let err = env.fails(1, &["git", "setup"]);
    assert!(err.contains("not inside a git repository"), "{err}");
}

/// A conflicted file settled as a person would, keeping our side of each
/// conflict.
fn keep_ours(text: &str) -> String {
    let mut settled = String::new();
    let mut theirs = false;
    for line in text.lines() {
        if line.starts_with("<<<<<<<") || line.starts_with(">>>>>>>") {
            theirs = false;
        } else if line.starts_with("=======") {
            theirs = true;
        } else if !theirs {
            settled.push_str(line);
            settled.push('\n');
        }
    }
    settled
}

#[test]
fn a_change_to_a_period_the_other_side_locked_is_merged_and_said() {
    let env = TestEnv::new();
    let (base, ours, theirs) = sides(
        &env,
        &[&["period", "lock", "2026-Q3"]],
        &[&["record", "met", "20", "--date", "2026-09-30"]],
    );
    let merge = drive(&env, &base, &ours, &theirs);
    assert_eq!(merge.code, 0, "{}", merge.stderr);
    assert!(
        merge.stderr.contains("theirs changed the numbers of 2026-Q3 (a new result dated 2026-09-30), which ours locked on"),
        "{}",
        merge.stderr
    );
    let merged: Value = serde_json::from_str(&merge.text).unwrap();
    assert_eq!(merged["results"].as_array().unwrap().len(), 2);
    assert_eq!(merged["locks"][0]["period"], "2026-Q3");
}

#[test]
fn actions_added_to_one_review_on_both_sides_are_all_kept() {
    let env = TestEnv::new();
    let base_bytes = base(&env);
    let reviewed = version(
        &env,
        "reviewed.json",
        &base_bytes,
        &[&[
            "review",
            "miss",
            "--cause",
            "pipeline",
            "--why",
            "Slow summer",
            "--improve",
            "Prospecting",
            "--action",
            "Call blitz; owner=ana",
        ]],
    );
    let base_bytes = std::fs::read(&reviewed).unwrap();
    let first: Value = serde_json::from_slice(&base_bytes).unwrap();
    let blitz = first["reviews"][0]["actions"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let ours = version(
        &env,
        "ours.json",
        &base_bytes,
        &[
            &["review", "miss", "--action", "Referral asks; owner=ana"],
            &["action", "update", &blitz, "--status", "doing"],
        ],
    );
    let theirs = version(
        &env,
        "theirs.json",
        &base_bytes,
        &[
            &["review", "miss", "--action", "Webinar; owner=ana"],
            &["action", "update", &blitz, "--note", "Booked 40 calls"],
        ],
    );
    let merged = clean(&env, &reviewed, &ours, &theirs);
    let actions = merged["reviews"][0]["actions"].as_array().unwrap();
    let texts: Vec<&str> = actions
        .iter()
        .map(|a| a["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["Call blitz", "Referral asks", "Webinar"]);
    // One side's new status and the other's note both land, each a
    // check-in.
    assert_eq!(actions[0]["status"], "doing");
    let check_ins = actions[0]["check_ins"].as_array().unwrap();
    assert_eq!(check_ins.len(), 2, "{}", actions[0]);
    assert_eq!(check_ins[0]["status"], "doing");
    assert_eq!(check_ins[1]["note"], "Booked 40 calls");
}
