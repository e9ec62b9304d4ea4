//! `attain -f east.json -f west.json report`: several data files read as
//! one, read-only.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use assert_cmd::assert::OutputAssertExt;
use common::TestEnv;
use serde_json::Value;

const EAST: &str = "east.json";
const WEST: &str = "west.json";

fn env() -> TestEnv {
    TestEnv::new().as_of("2026-11-28")
}

/// The binary on one file, with new result ids that follow from `seed`:
/// the harness's one seed would give two files the same ids.
fn on(env: &TestEnv, file: &str, seed: &str, args: &[&str]) -> Command {
    let mut cmd = env.cmd_on(Path::new(file), args);
    cmd.env("ATTAIN_SEED", seed);
    cmd
}

fn east(env: &TestEnv, args: &[&str]) {
    on(env, EAST, "1", args).assert().success();
}

fn west(env: &TestEnv, args: &[&str]) {
    on(env, WEST, "2", args).assert().success();
}

/// The binary on both files, east first.
fn both(env: &TestEnv, args: &[&str]) -> Command {
    let mut all = vec!["--file", WEST];
    all.extend_from_slice(args);
    on(env, EAST, "1", &all)
}

fn both_json(env: &TestEnv, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let output = both(env, &all).assert().success().get_output().clone();
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

/// Runs on both files and expects exit 1 with `message` as the error.
fn both_fail(env: &TestEnv, args: &[&str], message: &str) {
    both(env, args)
        .assert()
        .code(1)
        .stdout("")
        .stderr(format!("error: {message}\n"));
}

/// The goals of a JSON report by id, with their actuals.
fn actuals(report: &Value) -> BTreeMap<String, String> {
    report["goals"]
        .as_array()
        .expect("goals")
        .iter()
        .map(|g| {
            (
                g["id"].as_str().unwrap().to_string(),
                g["actual"].to_string(),
            )
        })
        .collect()
}

/// East: Ana and Bo in the sales team, its goal and Ana's, Ana's deal.
/// West: Bo (the same person), Bo's goal and Bo's deal.
fn two_teams() -> TestEnv {
    let env = env();
    east(&env, &["init"]);
    east(&env, &["person", "add", "Ana Lima"]);
    east(&env, &["person", "add", "Bo Berg"]);
    east(
        &env,
        &[
            "team", "add", "sales", "--name", "Sales", "--member", "ana-lima", "--member",
            "bo-berg",
        ],
    );
    east(
        &env,
        &[
            "goal", "add", "--owner", "sales", "--target", "100k", "--period", "2026-Q4",
        ],
    );
    east(
        &env,
        &[
            "goal", "add", "--owner", "Ana Lima", "--target", "50k", "--period", "2026-Q4",
        ],
    );
    east(
        &env,
        &[
            "record",
            "ana-lima-revenue-2026-q4",
            "10k",
            "--date",
            "2026-10-05",
        ],
    );
    west(&env, &["init"]);
    west(&env, &["person", "add", "Bo Berg"]);
    west(
        &env,
        &[
            "goal", "add", "--owner", "Bo Berg", "--target", "60k", "--period", "2026-Q4",
        ],
    );
    west(
        &env,
        &[
            "record",
            "bo-berg-revenue-2026-q4",
            "25,000.50",
            "--date",
            "2026-10-07",
        ],
    );
    env
}

fn report_of(env: &TestEnv, file: &str) -> Value {
    let output = on(env, file, "1", &["report", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .clone();
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

#[test]
fn a_report_of_two_files_is_the_report_of_their_union() {
    let env = two_teams();
    let combined = actuals(&both_json(&env, &["report"]));
    let mut expected = actuals(&report_of(&env, EAST));
    expected.extend(actuals(&report_of(&env, WEST)));
    // The team's goal counts Bo's deal, recorded in the other file.
    assert_eq!(expected["sales-revenue-2026-q4"], "10000");
    expected.insert("sales-revenue-2026-q4".into(), "35000.5".into());
    assert_eq!(combined, expected);
    assert_eq!(
        combined.keys().collect::<Vec<_>>(),
        [
            "ana-lima-revenue-2026-q4",
            "bo-berg-revenue-2026-q4",
            "sales-revenue-2026-q4"
        ]
    );
    // Either order of the files reads the same.
    let output = on(
        &env,
        WEST,
        "2",
        &["--file", EAST, "report", "--format", "json"],
    )
    .assert()
    .success()
    .get_output()
    .clone();
    let reversed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(actuals(&reversed), combined);
}

#[test]
fn a_person_in_both_files_as_the_same_record_is_read_once() {
    let env = two_teams();
    let people = both_json(&env, &["person", "list"]);
    let ids: Vec<&str> = people
        .as_array()
        .expect("people")
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["ana-lima", "bo-berg"]);
    let results = both_json(&env, &["result", "list"]);
    assert_eq!(results.as_array().map(Vec::len), Some(2));
}

#[test]
fn every_change_is_refused_with_two_files_and_both_stay_as_they_were() {
    let env = two_teams();
    let listing = || {
        let mut names: Vec<String> = std::fs::read_dir(env.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = (
        std::fs::read(env.dir().join(EAST)).unwrap(),
        std::fs::read(env.dir().join(WEST)).unwrap(),
        listing(),
    );
    let changes: &[(&str, &[&str])] = &[
        ("record", &["record", "bo-berg-revenue-2026-q4", "1k"]),
        (
            "record",
            &[
                "--dry-run",
                "record",
                "--owner",
                "bo-berg",
                "--metric",
                "revenue",
                "1k",
            ],
        ),
        ("init", &["init"]),
        (
            "goal add",
            &[
                "goal", "add", "--owner", "bo-berg", "--target", "1", "--period", "2027",
            ],
        ),
        (
            "goal edit",
            &["goal", "edit", "bo-berg-revenue-2026-q4", "--target", "70k"],
        ),
        (
            "goal remove",
            &["goal", "remove", "bo-berg-revenue-2026-q4", "--force"],
        ),
        (
            "goal roll",
            &["goal", "roll", "bo-berg-revenue-2026-q4", "--to", "2027-Q1"],
        ),
        ("goal import", &["goal", "import", "-"]),
        ("import", &["import", "-"]),
        ("result remove", &["result", "remove", "9xxx"]),
        ("result edit", &["result", "edit", "9xxx", "--value", "1"]),
        ("person add", &["person", "add", "Cy"]),
        (
            "person edit",
            &["person", "edit", "bo-berg", "--name", "Bob"],
        ),
        ("team add", &["team", "add", "west"]),
        ("team edit", &["team", "edit", "sales", "--name", "S"]),
        ("settings set", &["settings", "set", "currency", "EUR"]),
        (
            "celebrate --log",
            &["celebrate", "bo-berg-revenue-2026-q4", "--log", "Cake"],
        ),
        ("celebrate --remove", &["celebrate", "--remove", "1"]),
        (
            "review",
            &["review", "bo-berg-revenue-2026-q4", "--cause", "pipeline"],
        ),
        (
            "action update",
            &["action", "update", "1", "--status", "done"],
        ),
        ("undo", &["undo"]),
        ("undo", &["--dry-run", "undo"]),
        ("redo", &["redo"]),
        ("period lock", &["period", "lock", "2026-Q3"]),
        (
            "period unlock",
            &["period", "unlock", "2026-Q3", "--reason", "why"],
        ),
    ];
    for (name, args) in changes {
        both_fail(
            &env,
            args,
            &format!("{name} changes one file, but 2 were given with -f; give one -f to say which"),
        );
    }
    let after = (
        std::fs::read(env.dir().join(EAST)).unwrap(),
        std::fs::read(env.dir().join(WEST)).unwrap(),
        listing(),
    );
    assert!(before == after, "a refused change wrote something");
}

#[test]
fn every_read_command_reads_both_files() {
    let env = two_teams();
    for args in [
        &["report"][..],
        &["report", "--by", "team"],
        &["leaderboard", "--period", "2026-Q4"],
        &["trend", "bo-berg"],
        &["goal", "list"],
        &["goal", "show", "bo-berg-revenue-2026-q4"],
        &["goal", "history", "bo-berg-revenue-2026-q4"],
        &["result", "list"],
        &["celebrate"],
        &["celebrate", "--history"],
        &["review"],
        &["action", "list"],
        &["progress"],
        &["period-end", "2026-Q4"],
        &["period", "list"],
        &["history"],
        &["export"],
        &["person", "list"],
        &["team", "list"],
        &["team", "show", "sales"],
        &["settings", "show"],
    ] {
        both(&env, args).assert().success();
    }
    let goals = both_json(&env, &["goal", "list"]);
    assert_eq!(goals.as_array().map(Vec::len), Some(3));
}

#[test]
fn a_goal_in_both_files_that_differs_is_refused_naming_both_files() {
    let env = env();
    for (file, target) in [(EAST, "100k"), (WEST, "120k")] {
        let seed = if file == EAST { "1" } else { "2" };
        for args in [
            &["person", "add", "Ana Lima"][..],
            &[
                "goal", "add", "ana-q4", "--owner", "ana-lima", "--target", target, "--period",
                "2026-Q4",
            ],
        ] {
            on(&env, file, seed, args).assert().success();
        }
    }
    both_fail(
        &env,
        &["report"],
        "goal ana-q4 is in east.json and west.json with different contents; keep it in one file",
    );
}

#[test]
fn files_with_different_settings_are_refused_naming_the_setting() {
    let env = env();
    east(&env, &["init", "--fiscal-year-start", "4"]);
    west(&env, &["init"]);
    both_fail(
        &env,
        &["report"],
        "east.json and west.json have different settings (fiscal-year-start is 4 in east.json but \
         1 in west.json); files read together must share their settings: make them the same, \
         e.g. attain --file west.json settings set fiscal-year-start 4",
    );
}

#[test]
fn a_missing_file_among_several_is_named() {
    let env = two_teams();
    let mut cmd = on(&env, EAST, "1", &["--file", "nope.json", "report"]);
    cmd.assert().code(1).stdout("").stderr(
        "error: there is no data file at nope.json; check the path, or create it with `attain \
         --file nope.json init`\n",
    );
    assert!(!env.dir().join("nope.json").exists());
}

/// Sets the times of a file's history entries, oldest first.
fn set_times(env: &TestEnv, file: &str, times: &[&str]) {
    let path = env.dir().join(file);
    let mut document: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let history = document["history"].as_array_mut().expect("history");
    assert_eq!(history.len(), times.len(), "{file}: {history:?}");
    for (entry, at) in history.iter_mut().zip(times) {
        entry["at"] = Value::String(format!("2026-11-20T{at}Z"));
    }
    std::fs::write(&path, serde_json::to_string_pretty(&document).unwrap()).unwrap();
}

#[test]
fn the_history_of_two_files_is_one_history_in_time_order() {
    let env = env();
    east(&env, &["person", "add", "Ana Lima"]);
    east(
        &env,
        &[
            "goal", "add", "--owner", "ana-lima", "--target", "1", "--period", "2026-Q4",
        ],
    );
    east(&env, &["undo"]);
    west(&env, &["person", "add", "Bo Berg"]);
    west(&env, &["person", "add", "Cy Dahl"]);
    set_times(&env, EAST, &["10:00:00", "10:00:02", "10:00:03"]);
    set_times(&env, WEST, &["10:00:01", "10:00:02"]);
    let history = both_json(&env, &["history"]);
    let entries: Vec<(u64, String, Value)> = history
        .as_array()
        .expect("history")
        .iter()
        .map(|e| {
            (
                e["seq"].as_u64().unwrap(),
                e["summary"].to_string(),
                e["undoes"].clone(),
            )
        })
        .collect();
    let summary = |text: &str| format!("\"{text}\"");
    assert_eq!(
        entries,
        [
            (
                5,
                summary("undo of 3: added goal ana-lima-revenue-2026-q4"),
                Value::from(3)
            ),
            (4, summary("added person cy-dahl"), Value::Null),
            (
                3,
                summary("added goal ana-lima-revenue-2026-q4"),
                Value::Null
            ),
            (2, summary("added person bo-berg"), Value::Null),
            (1, summary("added person ana-lima"), Value::Null),
        ]
    );
}

#[test]
fn completion_offers_the_goals_of_every_file_given() {
    let env = two_teams();
    let line = |words: &[&str]| -> Vec<String> {
        let mut line = vec!["attain", "-f", EAST, "--file", WEST];
        line.extend_from_slice(words);
        line.into_iter().map(String::from).collect()
    };
    assert_eq!(
        env.complete_line(&line(&["record", ""]), &[])
            .into_iter()
            .filter(|c| !c.starts_with('-'))
            .collect::<Vec<_>>(),
        [
            "ana-lima-revenue-2026-q4",
            "bo-berg-revenue-2026-q4",
            "sales-revenue-2026-q4"
        ]
    );
    // Files that do not read as one offer nothing, as a broken file does.
    west(&env, &["settings", "set", "currency", "EUR"]);
    assert_eq!(
        env.complete_line(&line(&["record", "b"]), &[]),
        Vec::<String>::new()
    );
}
