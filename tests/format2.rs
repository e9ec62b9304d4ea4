//! File format 2 as a user meets it: a format-1 file read and migrated
//! with no number changed, and result ids that two copies of one file
//! never share.

mod common;

use std::fs;

use common::TestEnv;
use serde_json::Value;

/// The bundled example data as attain 0.1 wrote it (format 1), and what
/// attain 0.1 printed for it (`report` and `review`, `--format json`, as of
/// 2026-11-27): checked in, so that the migration is held to the numbers
/// of the program that wrote the file.
const V1_FILE: &str = include_str!("data/attain-v1.json");
const V1_REPORT: &str = include_str!("data/attain-v1.report.json");
const V1_REVIEW: &str = include_str!("data/attain-v1.review.json");

/// Drops what format 2 added to the goal objects (`owner_name`) and to the
/// report (`pace`, which days the pace counts), so that the rest can be
/// compared with format 1's output as it was.
fn without_new_fields(mut json: Value) -> Value {
    if let Some(report) = json.as_object_mut() {
        assert!(
            report.get("pace").is_none_or(|pace| pace == "calendar"),
            "a format-1 file is paced in calendar days"
        );
        report.remove("pace");
    }
    fn strip(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.remove("owner_name");
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut json);
    json
}

#[test]
fn a_format_1_file_gives_the_numbers_attain_0_1_gave_before_and_after_its_first_write() {
    let env = TestEnv::new();
    env.write(V1_FILE);
    let expected_report: Value = serde_json::from_str(V1_REPORT).unwrap();
    let expected_review: Value = serde_json::from_str(V1_REVIEW).unwrap();
    let check = |when: &str| {
        assert_eq!(
            without_new_fields(env.json_out(&["report"])),
            expected_report,
            "report {when}"
        );
        assert_eq!(
            without_new_fields(env.json_out(&["review"])),
            expected_review,
            "review {when}"
        );
    };
    check("read as format 1");
    assert_eq!(env.bytes(), V1_FILE.as_bytes(), "a read wrote the file");
    assert!(!env.file().with_extension("json.v1").exists());

    // The first write: format 2 on disk, the original kept beside it.
    env.ok(&["settings", "set", "at-risk", "0.9"]);
    assert_eq!(env.json()["version"], 2);
    assert_eq!(
        fs::read_to_string(env.file().with_extension("json.v1")).unwrap(),
        V1_FILE
    );
    check("after the first format-2 write");

    // Owners became people, named from the goal titles.
    let people = env.json()["people"].clone();
    let maria = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "maria-chen")
        .expect("maria-chen is a person");
    assert_eq!(maria["name"], "Maria Chen");
    // Migrated ids keep their numbers, as text.
    assert!(
        env.json()["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["id"].as_str().unwrap().parse::<u64>().is_ok())
    );
}

#[test]
fn two_copies_of_one_file_that_each_record_a_result_get_different_ids() {
    let env = TestEnv::new();
    env.goal("q4", "100", "2026-Q4", &["--owner", "Maria Chen"]);
    let copy = env.dir().join("branch.json");
    fs::copy(env.file(), &copy).unwrap();
    // As two people on two git branches: same file, same command, no seed.
    let record = |file: &std::path::Path| {
        let output = env
            .cmd_on(
                file,
                &[
                    "record",
                    "q4",
                    "5",
                    "--date",
                    "2026-10-01",
                    "--format",
                    "json",
                ],
            )
            .env_remove("ATTAIN_SEED")
            .output()
            .unwrap();
        assert!(output.status.success());
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        json["result"]["id"].as_str().unwrap().to_string()
    };
    let ours = record(env.file());
    let theirs = record(&copy);
    assert_ne!(ours, theirs);
    assert_eq!(ours.len(), 13);
    assert_eq!(theirs.len(), 13);
}

#[test]
fn a_seed_makes_ids_repeatable_and_a_bad_seed_is_refused() {
    let run = || {
        let env = TestEnv::new();
        env.goal("q4", "100", "2026-Q4", &[]);
        env.record_id("q4", "5", "2026-10-01")
    };
    assert_eq!(run(), run());
    let env = TestEnv::new();
    let output = env
        .cmd(&["report"])
        .env("ATTAIN_SEED", "forty-two")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("ATTAIN_SEED is 'forty-two'"), "{stderr}");
}

#[test]
fn a_record_by_owner_and_metric_counts_toward_the_goals_it_falls_in() {
    let env = TestEnv::new();
    env.goal("q4", "100", "2026-Q4", &["--owner", "Maria Chen"]);
    env.goal("year", "400", "2026", &["--owner", "maria-chen"]);
    env.goal(
        "deals",
        "10",
        "2026-Q4",
        &["--owner", "maria chen", "--metric", "deals-won"],
    );
    let out = env.ok(&[
        "record",
        "--owner",
        "MARIA CHEN",
        "--metric",
        "revenue",
        "25",
        "--date",
        "2026-11-02",
    ]);
    assert!(
        out.starts_with("Recorded $25 revenue for Maria Chen on 2026-11-02"),
        "{out}"
    );
    let report = env.json_out(&["report"]);
    let actual = |id: &str| {
        report["goals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["id"] == id)
            .map(|g| g["actual"].to_string())
            .unwrap()
    };
    assert_eq!(actual("q4"), "25");
    assert_eq!(actual("year"), "25");
    assert_eq!(actual("deals"), "0");
    // One person, however the name was typed.
    assert_eq!(env.json()["people"].as_array().unwrap().len(), 1);
    // A goal's own period still bounds `record GOAL`.
    let err = env.fails(1, &["record", "q4", "1", "--date", "2026-09-30"]);
    assert!(err.contains("outside goal 'q4'"), "{err}");
    // --owner needs --metric, and only the value then.
    env.fails(2, &["record", "--owner", "maria-chen", "5"]);
    env.fails(
        2,
        &[
            "record",
            "q4",
            "5",
            "--owner",
            "maria-chen",
            "--metric",
            "revenue",
        ],
    );
}
