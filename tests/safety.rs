//! "Never lose data": the data file is only ever replaced whole, never
//! written over when it was not understood, and bad input changes nothing.
//!
//! Every test runs the real binary against its own data file. The SIGKILL
//! test lives in `safety_kill.rs` so that its timing is not disturbed by the
//! tests here running in parallel.

mod common;

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::TestEnv;
use serde_json::Value;

/// A valid version 2 file in the exact layout attain writes (checked by
/// `unchanged_data_saves_to_identical_bytes`): people and goals sorted by
/// id, one record per line.
const FIXTURE: &str = r#"{
  "version": 2,
  "settings": {
    "currency": "USD",
    "fiscal_year_start": 1,
    "at_risk": 0.9,
    "tiers": {
      "event": 1.1,
      "bonus": 1.25,
      "streak": 3
    }
  },
  "people": [
    {"id":"east","name":"east"},
    {"id":"west","name":"west"}
  ],
  "teams": [],
  "goals": [
    {"id":"east-revenue-2026-q3","title":"East revenue Q3","owner":"east","metric":"revenue","unit":"USD","period":"2026-Q3","target":100000,"direction":"at-least","aggregate":"sum","created":"2026-06-01T09:00:00Z"},
    {"id":"west-deals-2026-q4","title":"west deals-won 2026-Q4","owner":"west","metric":"deals-won","unit":"count","period":"2026-Q4","target":40,"stretch":50,"direction":"at-least","aggregate":"sum","tags":["smb"],"created":"2026-06-01T09:00:00Z"}
  ],
  "results": [
    {"id":"1","owner":"east","metric":"revenue","date":"2026-07-15","value":12500.5,"note":"Acme renewal","ref":"CRM-1"},
    {"id":"2","owner":"east","metric":"revenue","date":"2026-08-02","value":30000},
    {"id":"3","owner":"west","metric":"deals-won","date":"2026-10-05","value":3}
  ],
  "celebrations": [],
  "reviews": [],
  "locks": [],
  "history": []
}
"#;

/// The same data as [`FIXTURE`] in format 1, as attain 0.1 wrote it.
const FIXTURE_V1: &str = r#"{
  "version": 1,
  "settings": {
    "currency": "USD",
    "fiscal_year_start": 1,
    "at_risk": 0.9,
    "tiers": {
      "event": 1.1,
      "bonus": 1.25,
      "streak": 3
    }
  },
  "goals": [
    {"id":"east-revenue-2026-q3","title":"East revenue Q3","owner":"east","metric":"revenue","unit":"USD","period":"2026-Q3","target":100000,"direction":"at-least","aggregate":"sum","created":"2026-06-01T09:00:00Z"},
    {"id":"west-deals-2026-q4","title":"west deals-won 2026-Q4","owner":"west","metric":"deals-won","unit":"count","period":"2026-Q4","target":40,"stretch":50,"direction":"at-least","aggregate":"sum","tags":["smb"],"created":"2026-06-01T09:00:00Z"}
  ],
  "results": [
    {"id":1,"goal":"east-revenue-2026-q3","date":"2026-07-15","value":12500.5,"note":"Acme renewal","ref":"CRM-1"},
    {"id":2,"goal":"east-revenue-2026-q3","date":"2026-08-02","value":30000},
    {"id":3,"goal":"west-deals-2026-q4","date":"2026-10-05","value":3}
  ],
  "celebrations": [],
  "reviews": []
}
"#;

const EAST: &str = "east-revenue-2026-q3";

/// A write to each kind of command that changes the file, valid on FIXTURE.
const WRITES: &[&[&str]] = &[
    &["record", EAST, "5", "--date", "2026-07-01"],
    &[
        "goal", "add", "new-goal", "--target", "5", "--period", "2026-Q4",
    ],
];

fn with_fixture() -> TestEnv {
    let env = TestEnv::new();
    env.write(FIXTURE);
    env
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The temporary files attain leaves while (or after being killed while)
/// saving.
fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .expect("read test folder")
        .map(|e| {
            e.expect("folder entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.starts_with(".attain-") || name.ends_with(".tmp"))
        .collect()
}

/// Runs a command that must be refused: exit 1, nothing on stdout, an
/// `error:` on stderr, the data file byte-for-byte as before and no temp
/// file left behind. Returns stderr.
fn refused(env: &TestEnv, args: &[&str]) -> String {
    let before = env.bytes();
    let existed = env.file().exists();
    let output = env.cmd(args).output().expect("run attain");
    let stderr = stderr_of(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "`attain {}` should exit 1; stderr: {stderr}",
        args.join(" ")
    );
    assert!(
        output.stdout.is_empty(),
        "`attain {}` printed to stdout: {}",
        args.join(" "),
        stdout_of(&output)
    );
    assert!(
        stderr.starts_with("error: "),
        "`attain {}`: stderr should be an error: {stderr}",
        args.join(" ")
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "`attain {}` panicked: {stderr}",
        args.join(" ")
    );
    assert_eq!(
        env.file().exists(),
        existed,
        "`attain {}` created or removed the data file",
        args.join(" ")
    );
    assert!(
        env.bytes() == before,
        "`attain {}` changed the data file although it was refused",
        args.join(" ")
    );
    assert_eq!(
        temp_files(env.dir()),
        Vec::<String>::new(),
        "`attain {}` left temp files",
        args.join(" ")
    );
    stderr
}

/// Finds `PATH:LINE:COL` in an error message.
fn position(stderr: &str, path: &Path) -> Option<(usize, usize)> {
    let prefix = format!("{}:", path.display());
    let rest = &stderr[stderr.find(&prefix)? + prefix.len()..];
    let mut parts = rest.splitn(3, ':');
    let line = parts.next()?.parse().ok()?;
    let col = parts.next()?.parse().ok()?;
    Some((line, col))
}

/// The 1-based line and column of the first occurrence of `needle`.
fn line_col_of(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).expect("needle in text");
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (text[..at].matches('\n').count() + 1, at - line_start + 1)
}

// 1. Corrupt files are refused by readers and writers and left untouched.

/// How a corrupt file's error must point into it.
enum Expect {
    /// A JSON syntax or type error: `path:LINE:COL` with exactly this line
    /// and a column inside `COL_FROM..=COL_TO`.
    At(usize, usize, usize),
    /// A semantic error: the file path plus these words.
    Says(&'static [&'static str]),
}

fn corrupt_files() -> Vec<(&'static str, Vec<u8>, Expect)> {
    let mut cases = Vec::new();

    // Truncated in the middle of the first goal: the parser hits the end of
    // the file at the end of the last (partial) line.
    let cut = FIXTURE.find("\"target\":100000").unwrap() + 12;
    let truncated = &FIXTURE[..cut];
    let (line, _) = line_col_of(FIXTURE, "\"target\":100000");
    let last_len = truncated.len() - truncated.rfind('\n').unwrap() - 1;
    cases.push((
        "truncated JSON",
        truncated.as_bytes().to_vec(),
        Expect::At(line, last_len, last_len),
    ));

    cases.push((
        "plain text",
        b"garbage, not attain data\n".to_vec(),
        Expect::At(1, 1, 1),
    ));
    cases.push((
        "binary garbage",
        vec![0x00, 0xff, 0xfe, b' ', b'{', 0x80],
        Expect::At(1, 1, 1),
    ));

    // A stray character in the middle of the file.
    let stray = FIXTURE.replace("\"target\":40,", "\"target\":@,");
    let (line, col) = line_col_of(&stray, "@");
    cases.push((
        "stray character",
        stray.into_bytes(),
        Expect::At(line, col, col),
    ));

    // A merge conflict left in the file (teams keep it in git).
    let west_line = FIXTURE
        .lines()
        .find(|l| l.contains("\"id\":\"west-deals-2026-q4\""))
        .unwrap();
    let conflict = FIXTURE.replacen(
        west_line,
        &format!(
            "<<<<<<< HEAD\n{west_line}\n=======\n{}\n>>>>>>> theirs",
            west_line.replace("\"target\":40", "\"target\":45")
        ),
        1,
    );
    let (line, _) = line_col_of(&conflict, "<<<<<<<");
    cases.push((
        "merge conflict",
        conflict.into_bytes(),
        Expect::At(line, 1, 1),
    ));

    // An impossible date inside a result: the column points into the value.
    let bad_date = FIXTURE.replace("\"date\":\"2026-08-02\"", "\"date\":\"2026-02-30\"");
    let (line, col) = line_col_of(&bad_date, "\"2026-02-30\"");
    cases.push((
        "impossible date in a result",
        bad_date.into_bytes(),
        Expect::At(line, col, col + "\"2026-02-30\"".len()),
    ));

    // An unknown key: reading it would drop it on the next save.
    let unknown_key = FIXTURE.replace("\"owner\":\"west\"", "\"ownr\":\"west\"");
    let (line, col) = line_col_of(&unknown_key, "\"ownr\"");
    cases.push((
        "unknown key in a goal",
        unknown_key.into_bytes(),
        Expect::At(line, col, col + "\"ownr\"".len()),
    ));

    cases.push((
        "format-1 result for an unknown goal",
        FIXTURE_V1
            .replace(
                "{\"id\":3,\"goal\":\"west-deals-2026-q4\"",
                "{\"id\":3,\"goal\":\"ghost-goal\"",
            )
            .into_bytes(),
        Expect::Says(&["ghost-goal"]),
    ));
    cases.push((
        "result of an unknown owner",
        FIXTURE
            .replace(
                "{\"id\":\"3\",\"owner\":\"west\"",
                "{\"id\":\"3\",\"owner\":\"ghost\"",
            )
            .into_bytes(),
        Expect::Says(&["ghost", "neither a person nor a team"]),
    ));
    cases.push((
        "a team in a cycle",
        FIXTURE
            .replace(
                "\"teams\": [],",
                "\"teams\": [\n    {\"id\":\"a\",\"name\":\"A\",\"members\":[{\"id\":\"b\"}]},\n    {\"id\":\"b\",\"name\":\"B\",\"members\":[{\"id\":\"a\"}]}\n  ],",
            )
            .into_bytes(),
        Expect::Says(&["cycle", "a → b → a"]),
    ));

    let east_line = FIXTURE
        .lines()
        .find(|l| l.contains("\"id\":\"east-revenue-2026-q3\""))
        .unwrap();
    cases.push((
        "duplicate goal id",
        FIXTURE
            .replacen(east_line, &format!("{east_line}\n{east_line}"), 1)
            .into_bytes(),
        Expect::Says(&[EAST, "twice"]),
    ));

    cases.push((
        "duplicate result id",
        FIXTURE
            .replace("{\"id\":\"2\",", "{\"id\":\"1\",")
            .into_bytes(),
        Expect::Says(&["result id 1", "twice"]),
    ));

    cases.push(("empty file", Vec::new(), Expect::Says(&[])));
    cases
}

#[test]
fn corrupt_files_are_refused_by_reads_and_writes_and_left_untouched() {
    for (name, content, expect) in corrupt_files() {
        let env = TestEnv::new();
        fs::write(env.file(), &content).unwrap();
        let commands: Vec<&[&str]> = [&["report"][..], &["goal", "list"][..]]
            .into_iter()
            .chain(WRITES.iter().copied())
            .chain([&["init", "--currency", "EUR"][..]])
            .collect();
        for args in commands {
            let stderr = refused(&env, args);
            let what = format!("{name}, `attain {}`", args.join(" "));
            let shown = env.file().display().to_string();
            assert!(
                stderr.contains(&shown),
                "{what}: the error should name {shown}: {stderr}"
            );
            match &expect {
                Expect::At(line, from, to) => {
                    let (got_line, got_col) = position(&stderr, env.file()).unwrap_or_else(|| {
                        panic!("{what}: the error should start with PATH:LINE:COL: {stderr}")
                    });
                    assert_eq!(got_line, *line, "{what}: wrong line in {stderr}");
                    assert!(
                        (*from..=*to).contains(&got_col),
                        "{what}: column {got_col} is not in {from}..={to}: {stderr}"
                    );
                }
                Expect::Says(words) => {
                    for word in *words {
                        assert!(
                            stderr.contains(word),
                            "{what}: the error should say '{word}': {stderr}"
                        );
                    }
                }
            }
        }
        assert_eq!(env.bytes(), content, "{name}: file changed");
    }
}

// 2. A file from a newer attain is refused, whatever else it contains.

#[test]
fn a_file_from_a_newer_attain_is_refused_and_left_untouched() {
    let v2 = FIXTURE.replace("\"version\": 2,", "\"version\": 3,");
    assert_ne!(v2, FIXTURE);
    let v2_unknown_keys = v2
        .replace(
            "\"settings\": {",
            "\"reviews\": [{\"goal\":\"east-revenue-2026-q3\",\"cause\":\"pricing\"}],\n  \"settings\": {\n    \"locale\": \"en-GB\",",
        )
        .replace(
            "\"target\":40,",
            "\"target\":40,\"forecast\":{\"model\":\"linear\"},",
        );
    let v2_new_shape = "{\n  \"version\": 3,\n  \"goals\": {\"east\": {\"target\": \"100k\"}},\n  \"results\": 7\n}\n".to_string();
    for (name, content) in [
        ("v3 with v2 content", v2),
        ("v3 with unknown keys", v2_unknown_keys),
        ("v3 with a new shape", v2_new_shape),
    ] {
        let env = TestEnv::new();
        env.write(&content);
        let commands: Vec<&[&str]> = [&["report"][..], &["goal", "show", EAST][..]]
            .into_iter()
            .chain(WRITES.iter().copied())
            .chain([&["init"][..], &["goal", "edit", EAST, "--title", "X"][..]])
            .collect();
        for args in commands {
            let stderr = refused(&env, args);
            let what = format!("{name}, `attain {}`", args.join(" "));
            assert!(
                stderr.contains("newer attain"),
                "{what}: should say it was written by a newer attain: {stderr}"
            );
            assert!(
                stderr.contains("version 3"),
                "{what}: should name the version: {stderr}"
            );
            assert!(
                stderr.contains(&env.file().display().to_string()),
                "{what}: should name the file: {stderr}"
            );
        }
        assert_eq!(env.bytes(), content.as_bytes(), "{name}: file changed");
    }
}

// 3. Concurrent writers lose no update.

#[test]
fn a_hundred_concurrent_records_all_land_with_distinct_ids() {
    let env = TestEnv::new();
    env.goal(EAST, "100k", "2026-Q3", &["--owner", "east"]);
    let children: Vec<_> = (1..=100)
        .map(|i| {
            let value = i.to_string();
            env.cmd(&[
                "record",
                EAST,
                &value,
                "--date",
                "2026-07-01",
                "--format",
                "json",
            ])
            .env("ATTAIN_LOCK_TIMEOUT", "120")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn attain record")
        })
        .collect();
    let mut reported_ids = BTreeSet::new();
    for (i, child) in children.into_iter().enumerate() {
        let output = child.wait_with_output().expect("wait for attain record");
        assert!(
            output.status.success(),
            "record #{} failed: {}",
            i + 1,
            stderr_of(&output)
        );
        let json: Value = serde_json::from_slice(&output.stdout).expect("record prints JSON");
        assert_eq!(json["added"], true);
        let id = json["result"]["id"]
            .as_str()
            .expect("result id")
            .to_string();
        assert!(
            reported_ids.insert(id.clone()),
            "two records reported id {id}"
        );
    }
    let data = env.json();
    let results = data["results"].as_array().expect("results array");
    assert_eq!(results.len(), 100, "updates were lost");
    let ids: BTreeSet<String> = results
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 100, "result ids are not distinct");
    assert_eq!(
        ids, reported_ids,
        "the file disagrees with what was reported"
    );
    let values: BTreeSet<u64> = results
        .iter()
        .map(|r| r["value"].as_u64().unwrap())
        .collect();
    assert_eq!(values, (1..=100).collect(), "some values are missing");
    assert_eq!(temp_files(env.dir()), Vec::<String>::new());
}

#[test]
fn failed_writers_removing_their_lock_file_lose_no_concurrent_update() {
    // Each round starts without a lock file, so failing writers make it and
    // remove it while successful ones queue on it.
    let env = TestEnv::new();
    env.goal(EAST, "100k", "2026-Q3", &["--owner", "east"]);
    let lock = env.dir().join("attain.json.lock");
    let mut expected = 0;
    for round in 0..5 {
        let _ = fs::remove_file(&lock);
        let children: Vec<_> = (0..16)
            .map(|i| {
                let value = (round * 100 + i + 1).to_string();
                let goal = if i % 2 == 0 { EAST } else { "no-such-goal" };
                env.cmd(&["record", goal, &value, "--date", "2026-07-01"])
                    .env("ATTAIN_LOCK_TIMEOUT", "120")
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("spawn attain record")
            })
            .collect();
        for (i, mut child) in children.into_iter().enumerate() {
            let status = child.wait().expect("wait for attain record");
            assert_eq!(status.success(), i % 2 == 0, "round {round}, writer {i}");
        }
        expected += 8;
        let results = env.json()["results"].as_array().unwrap().len();
        assert_eq!(results, expected, "round {round}: updates were lost");
    }
}

// 4. Stable layout: identical data gives identical bytes.

#[test]
fn unchanged_data_saves_to_identical_bytes() {
    let env = with_fixture();
    env.ok(&["init"]);
    assert_eq!(
        String::from_utf8(env.bytes()).unwrap(),
        FIXTURE,
        "saving the canonical file unchanged altered it"
    );
    env.ok(&["goal", "edit", EAST, "--title", "East revenue Q3"]);
    let first = env.bytes();
    env.ok(&["goal", "edit", EAST, "--title", "East revenue Q3"]);
    assert_eq!(env.bytes(), first, "two saves of the same data differ");
    assert_eq!(first, FIXTURE.as_bytes());
    env.ok(&["init"]);
    env.ok(&["init"]);
    assert_eq!(env.bytes(), FIXTURE.as_bytes());
}

#[test]
fn a_format_1_file_reads_the_same_and_is_saved_as_format_2_beside_a_copy() {
    let env = TestEnv::new();
    env.write(FIXTURE_V1);
    let backup = env.file().with_extension("json.v1");
    let report = |env: &TestEnv| env.json_out(&["report"]);
    let before = report(&env);
    // Reads never write: not the file, not the copy.
    env.ok(&["goal", "list"]);
    assert_eq!(env.bytes(), FIXTURE_V1.as_bytes());
    assert!(!backup.exists(), "a read made the copy");
    env.ok(&["init"]);
    assert_eq!(String::from_utf8(env.bytes()).unwrap(), FIXTURE);
    assert_eq!(fs::read_to_string(&backup).unwrap(), FIXTURE_V1);
    let mut after = report(&env);
    // The new JSON adds owner names; every number is the same.
    for goal in after["goals"].as_array_mut().unwrap() {
        goal.as_object_mut().unwrap().remove("owner_name");
    }
    let mut before = before;
    for goal in before["goals"].as_array_mut().unwrap() {
        goal.as_object_mut().unwrap().remove("owner_name");
    }
    assert_eq!(after, before);
    // The copy is made once: a later write keeps the original.
    env.ok(&["goal", "edit", EAST, "--target", "90k"]);
    assert_eq!(fs::read_to_string(&backup).unwrap(), FIXTURE_V1);
}

#[test]
fn a_hand_edited_file_is_saved_back_in_canonical_order() {
    // Same data, compact, keys in another order, goals and results reversed.
    let mut data: Value = serde_json::from_str(FIXTURE).unwrap();
    data["goals"].as_array_mut().unwrap().reverse();
    data["results"].as_array_mut().unwrap().reverse();
    let env = TestEnv::new();
    env.write(&serde_json::to_string(&data).unwrap());
    env.ok(&["init"]);
    assert_eq!(String::from_utf8(env.bytes()).unwrap(), FIXTURE);
}

#[test]
fn the_file_layout_is_sorted_and_one_record_per_line() {
    let env = TestEnv::new();
    env.ok(&["init"]);
    for id in ["zeta-2026", "alpha-2026", "mid-2026"] {
        env.goal(id, "10", "2026", &["--metric", "deals-won"]);
    }
    env.record("zeta-2026", "1", "2026-03-01");
    env.record("alpha-2026", "2", "2026-02-01");
    env.ok(&[
        "record",
        "mid-2026",
        "3",
        "--date",
        "2026-01-01",
        "--note",
        "a, b: {c}",
    ]);
    let text = String::from_utf8(env.bytes()).unwrap();
    assert!(text.starts_with("{\n  \"version\": 2,\n"), "{text}");
    assert!(text.ends_with("}\n"), "{text}");

    let records = |key: &str| -> Vec<Value> {
        let open = format!("\n  \"{key}\": [\n");
        let start = text
            .find(&open)
            .unwrap_or_else(|| panic!("no {key} array: {text}"));
        let body = &text[start + open.len()..];
        let body = &body[..body.find("\n  ]").expect("array end")];
        body.lines()
            .map(|line| {
                assert!(
                    line.starts_with("    {") && (line.ends_with('}') || line.ends_with("},")),
                    "not one record per line: {line:?}"
                );
                serde_json::from_str(line.trim().trim_end_matches(','))
                    .unwrap_or_else(|e| panic!("{key} line is not a record ({e}): {line}"))
            })
            .collect()
    };
    let goal_ids: Vec<_> = records("goals")
        .iter()
        .map(|g| g["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(goal_ids, ["alpha-2026", "mid-2026", "zeta-2026"]);
    let result_ids: Vec<String> = records("results")
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    let mut sorted = result_ids.clone();
    sorted.sort();
    assert_eq!(result_ids, sorted, "results are sorted by id");
    assert_eq!(result_ids.len(), 3);
    let people: Vec<_> = records("people")
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        people,
        ["owner-alpha-2026", "owner-mid-2026", "owner-zeta-2026"]
    );

    let before = env.bytes();
    env.ok(&["init"]);
    env.ok(&["init"]);
    assert_eq!(env.bytes(), before);
}

#[test]
fn a_change_to_one_goal_is_a_one_line_diff_plus_its_history_line() {
    let env = with_fixture();
    env.ok(&["goal", "edit", "east-revenue-2026-q3", "--title", "East Q3"]);
    let before = String::from_utf8(env.bytes()).unwrap();
    env.ok(&["goal", "edit", "west-deals-2026-q4", "--target", "45"]);
    let after = String::from_utf8(env.bytes()).unwrap();
    let old: Vec<_> = before.lines().collect();
    let mut new: Vec<_> = after.lines().collect();
    // One line more: the new history entry, last in the file's history.
    let added = new
        .iter()
        .position(|line| line.starts_with(r#"    {"seq":2,"#))
        .expect("a history entry for the change");
    assert_eq!(new[added + 1], "  ]", "{after}");
    assert!(
        new[added].contains(r#""target":40"#),
        "the entry keeps the old target"
    );
    new.remove(added);
    assert_eq!(old.len(), new.len(), "{after}");
    let changed: Vec<_> = old
        .iter()
        .zip(&new)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (*a, *b))
        .collect();
    assert_eq!(changed.len(), 2, "{after}");
    assert!(changed[0].1.contains(r#""target":45"#), "{:?}", changed[0]);
    // The last history entry gains the comma JSON needs before the next.
    assert!(
        changed[1].0.starts_with(r#"    {"seq":1,"#),
        "{:?}",
        changed[1]
    );
    assert_eq!(format!("{},", changed[1].0), changed[1].1);
}

// 5. Unknown ids get a suggestion.

#[test]
fn unknown_goal_ids_get_a_did_you_mean() {
    let env = with_fixture();
    let typo = "east-revnue-2026-q3";
    for args in [
        &["record", typo, "5", "--date", "2026-07-01"][..],
        &["goal", "show", typo][..],
        &["goal", "edit", typo, "--title", "X"][..],
        &["goal", "remove", typo][..],
        &["result", "list", typo][..],
    ] {
        let stderr = refused(&env, args);
        assert!(
            stderr.contains(&format!("did you mean '{EAST}'")),
            "`attain {}`: {stderr}",
            args.join(" ")
        );
        assert!(
            stderr.contains(typo),
            "should name the unknown id: {stderr}"
        );
    }
}

// 6. Bad input is refused and changes nothing.

#[test]
fn invalid_input_is_refused_naming_the_value() {
    let mut env = with_fixture();
    // Each case with the words its error must contain (quoted values).
    let cases: &[(&[&str], &str)] = &[
        (
            &["record", EAST, "5", "--date", "2026-02-30"],
            "'2026-02-30'",
        ),
        (&["record", EAST, "5", "--date", "2026-7-32"], "'2026-7-32'"),
        (&["record", EAST, "NaN", "--date", "2026-07-01"], "'NaN'"),
        (&["record", EAST, "nan", "--date", "2026-07-01"], "'nan'"),
        (&["record", EAST, "inf", "--date", "2026-07-01"], "'inf'"),
        (&["record", EAST, "-inf", "--date", "2026-07-01"], "'-inf'"),
        (
            &["record", EAST, "infinity", "--date", "2026-07-01"],
            "'infinity'",
        ),
        (&["record", EAST, "abc", "--date", "2026-07-01"], "'abc'"),
        (&["record", EAST, "1,2", "--date", "2026-07-01"], "'1,2'"),
        // Outside the goal's period (2026-Q3), explicitly and by default.
        (
            &["record", EAST, "5", "--date", "2026-10-01"],
            "2026-10-01 is outside",
        ),
        (&["record", EAST, "5"], "2026-11-27 is outside"),
        (
            &["goal", "add", "g", "--target=-5", "--period", "2026-Q4"],
            "'-5' is negative",
        ),
        (
            &["goal", "add", "g", "--target", "NaN", "--period", "2026-Q4"],
            "'NaN'",
        ),
        (
            &["goal", "add", "g", "--target", "1,2", "--period", "2026-Q4"],
            "'1,2'",
        ),
        (
            &[
                "goal",
                "add",
                "g",
                "--target",
                "5",
                "--stretch",
                "inf",
                "--period",
                "2026-Q4",
            ],
            "'inf'",
        ),
        (
            &["goal", "add", "g", "--target", "5", "--period", "2026-13"],
            "'2026-13'",
        ),
        (&["goal", "edit", EAST, "--target=-5"], "'-5' is negative"),
        (&["goal", "edit", EAST, "--target", "abc"], "'abc'"),
    ];
    for (args, needle) in cases {
        let stderr = refused(&env, args);
        assert!(
            stderr.contains(needle),
            "`attain {}`: the error should say {needle}: {stderr}",
            args.join(" ")
        );
    }

    // An invalid --as-of, for a reader and a writer.
    env.set_as_of("2026-13-01");
    for args in [
        &["report"][..],
        &["record", EAST, "5", "--date", "2026-07-01"][..],
    ] {
        let stderr = refused(&env, args);
        assert!(stderr.contains("'2026-13-01'"), "{stderr}");
        assert!(stderr.contains("--as-of"), "{stderr}");
    }
    assert_eq!(env.bytes(), FIXTURE.as_bytes());
}

/// `--target -5` (with a space) is how people type it; it must be refused
/// as a negative target (exit 1), not as an unknown flag (exit 2, with a
/// misleading "use '-- -5'" tip).
#[test]
fn a_negative_target_typed_with_a_space_is_refused_as_negative() {
    let env = with_fixture();
    for args in [
        &["goal", "add", "g", "--target", "-5", "--period", "2026-Q4"][..],
        &["goal", "edit", EAST, "--target", "-5"][..],
        &[
            "goal",
            "add",
            "g",
            "--target",
            "5",
            "--stretch",
            "-5",
            "--period",
            "2026-Q4",
        ][..],
    ] {
        let stderr = refused(&env, args);
        assert!(
            stderr.contains("'-5'") && stderr.contains("negative"),
            "`attain {}`: {stderr}",
            args.join(" ")
        );
    }
}

#[test]
fn a_refused_first_write_creates_no_data_file() {
    let env = TestEnv::new();
    for args in [
        &["goal", "add", "g", "--target=-5", "--period", "2026-Q4"][..],
        &["goal", "add", "g", "--target", "NaN", "--period", "2026-Q4"][..],
        &["goal", "add", "g", "--target", "5", "--period", "2026-13"][..],
        &["record", "g", "5", "--date", "2026-02-30"][..],
        &["record", "g", "5"][..],
        &["init", "--currency", "EURO"][..],
        &["init", "--fiscal-year-start", "13"][..],
    ] {
        refused(&env, args);
        assert!(
            !env.file().exists(),
            "`attain {}` created the file",
            args.join(" ")
        );
    }
}

// 8. A read-only data file is refused for writes but still readable.

#[test]
fn a_read_only_file_is_refused_for_writes_and_still_read() {
    let env = with_fixture();
    fs::set_permissions(env.file(), fs::Permissions::from_mode(0o444)).unwrap();
    for args in WRITES.iter().copied().chain([
        &["init"][..],
        &["goal", "edit", EAST, "--title", "X"][..],
        &["goal", "remove", "west-deals-2026-q4", "--force"][..],
        &["result", "remove", "1"][..],
    ]) {
        let stderr = refused(&env, args);
        assert!(
            stderr.contains("read-only"),
            "`attain {}`: {stderr}",
            args.join(" ")
        );
        assert!(
            stderr.contains(&env.file().display().to_string()),
            "{stderr}"
        );
    }
    let mode = fs::metadata(env.file()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o444);

    let report = env.json_out(&["report"]);
    assert_eq!(report["goals"].as_array().unwrap().len(), 2);
    assert!(env.ok(&["goal", "show", EAST]).contains(EAST));
    assert_eq!(env.bytes(), FIXTURE.as_bytes());
}

#[test]
fn a_save_keeps_the_file_mode() {
    let env = with_fixture();
    fs::set_permissions(env.file(), fs::Permissions::from_mode(0o640)).unwrap();
    env.record(EAST, "5", "2026-07-01");
    assert_ne!(env.bytes(), FIXTURE.as_bytes());
    let mode = fs::metadata(env.file()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "the save changed the file's mode");
}

// 9. A missing file reads as empty; the first write creates it.

fn attain_at(env: &TestEnv, file: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_attain"));
    cmd.arg("--file")
        .arg(file)
        .arg("--as-of")
        .arg(common::AS_OF)
        .args(args)
        .current_dir(env.dir())
        .env("NO_COLOR", "1")
        .env_remove("ATTAIN_FILE")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

#[test]
fn a_missing_named_file_is_an_error_and_the_first_write_creates_it() {
    let env = TestEnv::new();
    let folder = env.dir().join("not").join("yet");
    let file = folder.join("attain.json");
    for args in [
        &["report"][..],
        &["report", "--format", "json"][..],
        &["goal", "list"][..],
        &["result", "list"][..],
        &["export"][..],
    ] {
        let output = attain_at(&env, &file, args).output().unwrap();
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(1), "`attain {}`", args.join(" "));
        assert!(output.stdout.is_empty(), "`attain {}`", args.join(" "));
        assert!(
            stderr.contains(&format!("there is no data file at {}", file.display()))
                && stderr.contains("init"),
            "`attain {}`: {stderr}",
            args.join(" ")
        );
    }
    assert!(
        !env.dir().join("not").exists(),
        "reading a missing file created something"
    );

    let output = attain_at(
        &env,
        &file,
        &[
            "goal", "add", EAST, "--target", "100k", "--period", "2026-Q3",
        ],
    )
    .output()
    .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let data: Value = serde_json::from_slice(&fs::read(&file).unwrap()).unwrap();
    assert_eq!(data["version"], 2);
    assert_eq!(data["goals"][0]["id"], EAST);
    assert_eq!(temp_files(&folder), Vec::<String>::new());
}

#[test]
fn the_default_file_reads_as_empty_until_the_first_write() {
    let env = TestEnv::new();
    let data_home = env.dir().join("xdg");
    let default = || {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_attain"));
        cmd.args(["--as-of", common::AS_OF])
            .current_dir(env.dir())
            .env("XDG_DATA_HOME", &data_home)
            .env("NO_COLOR", "1")
            .env_remove("ATTAIN_FILE")
            .env_remove("RUST_BACKTRACE");
        cmd
    };
    let output = default()
        .args(["report", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["goals"], serde_json::json!([]));
    assert!(!data_home.exists(), "reading created something");
    let output = default()
        .args([
            "goal", "add", EAST, "--target", "100k", "--period", "2026-Q3",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(data_home.join("attain").join("attain.json").is_file());
}

#[test]
fn a_failed_first_write_leaves_no_file_folder_or_lock() {
    let env = TestEnv::new();
    let folder = env.dir().join("typo");
    let file = folder.join("nope.json");
    let output = attain_at(&env, &file, &["record", "no-such-goal", "5"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr_of(&output));
    assert!(
        !folder.exists(),
        "left {:?}",
        fs::read_dir(&folder).map(|d| d.count())
    );
    // In an existing folder, no lock file is left beside a file never made.
    let file = env.dir().join("nope.json");
    let output = attain_at(&env, &file, &["record", "no-such-goal", "5"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!env.dir().join("nope.json.lock").exists());
    assert!(!file.exists());
}

// 10. Writers wait for the lock, up to ATTAIN_LOCK_TIMEOUT.

fn hold_lock(env: &TestEnv) -> File {
    let mut name = env.file().file_name().unwrap().to_os_string();
    name.push(".lock");
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(env.file().with_file_name(name))
        .unwrap();
    lock.lock().unwrap();
    lock
}

#[test]
fn a_writer_gives_up_after_the_lock_timeout() {
    let env = with_fixture();
    let lock = hold_lock(&env);
    let started = Instant::now();
    let output = env
        .cmd(&["record", EAST, "5", "--date", "2026-07-01"])
        .env("ATTAIN_LOCK_TIMEOUT", "0.5")
        .output()
        .unwrap();
    let waited = started.elapsed();
    let stderr = stderr_of(&output);
    // EX_TEMPFAIL: busy, worth a retry; not the 1 of refused input.
    assert_eq!(output.status.code(), Some(75), "{stderr}");
    assert!(
        waited >= Duration::from_millis(450),
        "gave up after {waited:?}, before the timeout"
    );
    assert!(waited < Duration::from_secs(10), "waited {waited:?}");
    assert!(stderr.contains("another attain"), "{stderr}");
    assert!(
        stderr.contains(&env.file().display().to_string()),
        "{stderr}"
    );
    assert_eq!(env.bytes(), FIXTURE.as_bytes());
    // Readers do not wait for writers.
    assert_eq!(
        env.json_out(&["report"])["goals"].as_array().unwrap().len(),
        2
    );
    drop(lock);
    env.record(EAST, "5", "2026-07-01");
}

#[test]
fn the_lock_timeout_message_states_the_real_wait() {
    let env = with_fixture();
    let _lock = hold_lock(&env);
    let output = env
        .cmd(&["record", EAST, "5", "--date", "2026-07-01"])
        .env("ATTAIN_LOCK_TIMEOUT", "0.5")
        .output()
        .unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(75), "{stderr}");
    assert!(stderr.contains("0.5 s"), "{stderr}");
}

#[test]
fn a_waiting_writer_proceeds_once_the_lock_is_released() {
    let env = with_fixture();
    let lock = hold_lock(&env);
    let mut child = env
        .cmd(&["record", EAST, "7", "--date", "2026-07-01"])
        .env("ATTAIN_LOCK_TIMEOUT", "20")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the writer did not wait for the lock"
    );
    assert_eq!(env.bytes(), FIXTURE.as_bytes(), "written while locked");
    lock.unlock().unwrap();
    drop(lock);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let data = env.json();
    let results = data["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    let added: Vec<&Value> = results
        .iter()
        .filter(|r| !["1", "2", "3"].contains(&r["id"].as_str().unwrap()))
        .collect();
    assert_eq!(added.len(), 1);
    assert_eq!(added[0]["value"].as_u64(), Some(7));
}
