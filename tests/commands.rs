//! Every command through the real binary: what it changes in the file, what
//! it prints, and how it fails.

mod common;

use common::TestEnv;
use serde_json::Value;

/// The exact text of a JSON number (the binary keeps decimals exact, so a
/// number is compared by its digits).
fn num(value: &Value) -> String {
    assert!(value.is_number(), "expected a JSON number, got {value}");
    value.to_string()
}

/// The ids of a JSON array of goals or results, in order.
fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a JSON array")
        .iter()
        .map(|item| match &item["id"] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

/// One goal object of `goal list --format json`.
fn listed(env: &TestEnv, id: &str) -> Value {
    let list = env.json_out(&["goal", "list"]);
    list.as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == id)
        .unwrap_or_else(|| panic!("goal {id} not listed in {list}"))
        .clone()
}

/// Runs a command that must fail with `code`, checks that it printed
/// nothing on stdout, and returns its stderr.
fn fails_cleanly(env: &TestEnv, code: i32, args: &[&str]) -> String {
    let output = env.run(args).code(code).get_output().clone();
    assert!(
        output.stdout.is_empty(),
        "a failing command printed on stdout: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.trim().is_empty(), "a failing command said nothing");
    stderr
}

/// The goal ids in the data file (none when there is no file yet).
fn goal_ids_in_file(env: &TestEnv) -> Vec<String> {
    if env.bytes().is_empty() {
        return Vec::new();
    }
    ids(&env.json()["goals"])
}

fn result_count_in_file(env: &TestEnv) -> usize {
    env.json()["results"].as_array().map_or(0, Vec::len)
}

// ---------------------------------------------------------------- init

#[test]
fn init_creates_the_file_with_default_settings() {
    let env = TestEnv::new();
    assert!(env.bytes().is_empty());
    let out = env.ok(&["init"]);
    assert!(out.contains("Created"), "{out}");
    // Below the at-risk ratio of pace a goal is behind, not at risk.
    assert!(
        out.contains("at risk from 0.9 of pace, behind below it"),
        "{out}"
    );
    let file = env.json();
    assert_eq!(file["version"], 2);
    assert_eq!(file["settings"]["currency"], "USD");
    assert_eq!(file["settings"]["fiscal_year_start"], 1);
    assert_eq!(num(&file["settings"]["at_risk"]), "0.9");
    assert_eq!(file["goals"], serde_json::json!([]));
    assert_eq!(file["results"], serde_json::json!([]));
}

#[test]
fn init_sets_currency_and_fiscal_year_start() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "eur", "--fiscal-year-start", "4"]);
    let settings = &env.json()["settings"];
    assert_eq!(settings["currency"], "EUR");
    assert_eq!(settings["fiscal_year_start"], 4);

    // A second init changes settings of the existing file.
    let out = env.ok(&["init", "--fiscal-year-start", "October"]);
    assert!(out.contains("Updated"), "{out}");
    let settings = &env.json()["settings"];
    assert_eq!(settings["fiscal_year_start"], 10);
    assert_eq!(settings["currency"], "EUR");

    // Revenue goals take the file's currency as their unit.
    env.goal("east", "100k", "2026-Q3", &[]);
    assert_eq!(listed(&env, "east")["unit"], "EUR");
}

#[test]
fn init_refuses_bad_settings_and_writes_nothing() {
    let env = TestEnv::new();
    let err = fails_cleanly(&env, 1, &["init", "--currency", "EURO"]);
    assert!(err.contains("EURO"), "{err}");
    let err = fails_cleanly(&env, 1, &["init", "--fiscal-year-start", "13"]);
    assert!(err.contains("13"), "{err}");
    assert!(env.bytes().is_empty(), "a refused init wrote the file");
}

#[test]
fn a_new_fiscal_start_moves_fiscal_goals_and_keeps_every_result() {
    // FY2026-Q1 is 2025-04-01..2025-06-30 with an April start, but
    // 2025-07-01..2025-09-30 with a July start. Results are facts about
    // their owner: the May result stays in the file and no longer counts
    // toward the moved quarter.
    let env = TestEnv::new().as_of("2025-10-15");
    env.ok(&["init", "--fiscal-year-start", "4"]);
    env.goal("g", "10", "FY2026-Q1", &[]);
    env.record("g", "5", "2025-05-01");
    assert_eq!(num(&listed(&env, "g")["actual"]), "5");
    env.ok(&["init", "--fiscal-year-start", "7"]);
    let goal = listed(&env, "g");
    assert_eq!(goal["period"]["start"], "2025-07-01");
    assert_eq!(num(&goal["actual"]), "0");
    assert_eq!(result_count_in_file(&env), 1);
    env.ok(&["init", "--fiscal-year-start", "4"]);
    assert_eq!(num(&listed(&env, "g")["actual"]), "5");
}

// ---------------------------------------------------------------- goal add

#[test]
fn goal_add_with_an_explicit_id() {
    let env = TestEnv::new();
    let out = env.ok(&[
        "goal",
        "add",
        "east-q3",
        "--target",
        "250k",
        "--period",
        "2026-Q3",
        "--owner",
        "east",
        "--title",
        "East Q3 revenue",
    ]);
    assert!(out.contains("east-q3"), "{out}");
    let goal = listed(&env, "east-q3");
    assert_eq!(goal["title"], "East Q3 revenue");
    assert_eq!(goal["owner"], "east");
    assert_eq!(goal["metric"], "revenue");
    assert_eq!(goal["period"]["label"], "2026-Q3");
    assert_eq!(num(&goal["target"]), "250000");
    assert_eq!(goal["stretch"], Value::Null);
    assert_eq!(goal["tags"], serde_json::json!([]));
}

#[test]
fn goal_add_derives_the_id_and_title_from_owner_metric_and_period() {
    let env = TestEnv::new();
    env.ok(&[
        "goal",
        "add",
        "--target",
        "1.2M",
        "--period",
        "2026-Q3",
        "--owner",
        "East Team",
    ]);
    assert_eq!(goal_ids_in_file(&env), ["east-team-revenue-2026-q3"]);
    let goal = listed(&env, "east-team-revenue-2026-q3");
    assert_eq!(goal["title"], "East Team revenue 2026-Q3");
    assert_eq!(num(&goal["target"]), "1200000");

    env.ok(&[
        "goal",
        "add",
        "--target",
        "40",
        "--period",
        "2026-11",
        "--owner",
        "ann",
        "--metric",
        "deals-won",
    ]);
    assert!(goal_ids_in_file(&env).contains(&"ann-deals-won-2026-11".to_string()));
}

#[test]
fn goal_add_accepts_the_documented_amount_forms() {
    let env = TestEnv::new();
    env.goal("a", "250000", "2026-Q3", &[]);
    env.goal("b", "250000.50", "2026-Q3", &[]);
    env.goal("c", "250,000", "2026-Q3", &[]);
    env.goal("d", "250k", "2026-Q3", &[]);
    env.goal("e", "1.2M", "2026-Q3", &[]);
    for (id, target) in [
        ("a", "250000"),
        ("b", "250000.5"),
        ("c", "250000"),
        ("d", "250000"),
        ("e", "1200000"),
    ] {
        assert_eq!(num(&listed(&env, id)["target"]), target, "goal {id}");
    }
    for bad in ["NaN", "inf", "abc", "--target=-5"] {
        let args: Vec<&str> = if bad.starts_with("--") {
            vec!["goal", "add", "x", bad, "--period", "2026-Q3"]
        } else {
            vec!["goal", "add", "x", "--target", bad, "--period", "2026-Q3"]
        };
        fails_cleanly(&env, 1, &args);
    }
    assert_eq!(goal_ids_in_file(&env), ["a", "b", "c", "d", "e"]);
}

#[test]
fn goal_add_presets_set_unit_aggregate_and_direction() {
    let env = TestEnv::new();
    let cases = [
        ("revenue", "USD", "sum", "at-least"),
        ("new-customers", "count", "sum", "at-least"),
        ("deals-won", "count", "sum", "at-least"),
        ("csat", "score", "average", "at-least"),
        ("churn", "percent", "latest", "at-most"),
        ("pipeline", "count", "sum", "at-least"),
    ];
    for (metric, _, _, _) in cases {
        env.goal(metric, "10", "2026-Q3", &["--metric", metric]);
    }
    for (metric, unit, aggregate, direction) in cases {
        let goal = listed(&env, metric);
        assert_eq!(goal["metric"], metric);
        assert_eq!(goal["unit"], unit, "unit of {metric}");
        assert_eq!(goal["aggregate"], aggregate, "aggregate of {metric}");
        assert_eq!(goal["direction"], direction, "direction of {metric}");
    }
}

#[test]
fn goal_add_flags_override_the_preset() {
    let env = TestEnv::new();
    env.goal(
        "churn-avg",
        "3",
        "2026-Q3",
        &[
            "--metric",
            "churn",
            "--unit",
            "%",
            "--aggregate",
            "average",
            "--direction",
            "at-most",
        ],
    );
    let goal = listed(&env, "churn-avg");
    assert_eq!(goal["unit"], "%");
    assert_eq!(goal["aggregate"], "average");
    assert_eq!(goal["direction"], "at-most");
}

#[test]
fn goal_add_stores_stretch_and_tags() {
    let env = TestEnv::new();
    env.goal(
        "east",
        "100k",
        "2026-Q3",
        &["--stretch", "120k", "--tag", "emea", "--tag", "new-logo"],
    );
    let goal = listed(&env, "east");
    assert_eq!(num(&goal["stretch"]), "120000");
    assert_eq!(goal["tags"], serde_json::json!(["emea", "new-logo"]));
}

#[test]
fn goal_add_stores_a_repeated_tag_once() {
    let env = TestEnv::new();
    env.goal("g", "1", "2026-Q3", &["--tag", "emea", "--tag", "emea"]);
    assert_eq!(listed(&env, "g")["tags"], serde_json::json!(["emea"]));
}

#[test]
fn goal_edit_does_not_add_a_tag_twice_in_another_case() {
    let env = TestEnv::new();
    env.goal("g", "1", "2026-Q3", &["--tag", "emea"]);
    env.ok(&["goal", "edit", "g", "--tag", "EMEA"]);
    assert_eq!(listed(&env, "g")["tags"], serde_json::json!(["emea"]));
}

#[test]
fn a_negative_target_typed_as_a_separate_value_is_refused_as_negative() {
    let env = TestEnv::new();
    for args in [
        &["goal", "add", "x", "--target", "-10", "--period", "2026-Q3"][..],
        &[
            "goal",
            "add",
            "y",
            "--target",
            "10",
            "--stretch",
            "-5",
            "--period",
            "2026-Q3",
        ],
    ] {
        let err = fails_cleanly(&env, 1, args);
        assert!(err.contains("negative"), "{args:?}: {err}");
    }
    env.goal("g", "10", "2026-Q3", &[]);
    let err = fails_cleanly(&env, 1, &["goal", "edit", "g", "--target", "-10"]);
    assert!(err.contains("negative"), "{err}");
}

#[test]
fn goal_add_refuses_a_stretch_on_the_wrong_side_of_the_target() {
    let env = TestEnv::new();
    let err = fails_cleanly(
        &env,
        1,
        &[
            "goal",
            "add",
            "a",
            "--target",
            "100",
            "--period",
            "2026-Q3",
            "--stretch",
            "90",
        ],
    );
    assert!(err.contains("stretch"), "{err}");
    fails_cleanly(
        &env,
        1,
        &[
            "goal",
            "add",
            "b",
            "--target",
            "5",
            "--period",
            "2026-Q3",
            "--metric",
            "churn",
            "--stretch",
            "6",
        ],
    );
    assert!(env.bytes().is_empty(), "a refused add wrote the file");
}

#[test]
fn goal_add_refuses_duplicates_and_invalid_ids() {
    let env = TestEnv::new();
    env.goal("east", "100", "2026-Q3", &[]);
    let before = env.bytes();
    let err = fails_cleanly(
        &env,
        1,
        &[
            "goal", "add", "east", "--target", "5", "--period", "2026-Q4",
        ],
    );
    assert!(
        err.contains("east") && err.contains("already exists"),
        "{err}"
    );
    assert_eq!(env.bytes(), before, "a refused add changed the file");

    // A derived id that is taken is refused as well.
    env.ok(&["goal", "add", "--target", "1", "--period", "2026-Q3"]);
    fails_cleanly(
        &env,
        1,
        &["goal", "add", "--target", "2", "--period", "2026-Q3"],
    );
    assert_eq!(goal_ids_in_file(&env), ["east", "team-revenue-2026-q3"]);

    let err = fails_cleanly(
        &env,
        1,
        &[
            "goal", "add", "East Q3", "--target", "1", "--period", "2026-Q3",
        ],
    );
    assert!(err.contains("not a valid goal id"), "{err}");
}

// ---------------------------------------------------------------- goal list

/// Four goals on 2026-11-27: one met and one missed in Q3, one open in Q4,
/// one upcoming in 2027.
fn four_goals() -> TestEnv {
    let env = TestEnv::new();
    env.goal(
        "east-rev-q3",
        "100",
        "2026-Q3",
        &["--owner", "east", "--tag", "key"],
    );
    env.goal("west-rev-q3", "100", "2026-Q3", &["--owner", "west"]);
    env.goal(
        "east-deals-q4",
        "10",
        "2026-Q4",
        &["--owner", "East", "--metric", "deals-won", "--tag", "Key"],
    );
    env.goal(
        "north-csat-2027",
        "4.5",
        "2027-Q1",
        &["--owner", "north", "--metric", "csat"],
    );
    env.record("east-rev-q3", "100", "2026-08-01");
    env
}

#[test]
fn goal_list_lists_every_goal_by_period_then_owner() {
    let env = four_goals();
    let all = env.json_out(&["goal", "list"]);
    assert_eq!(
        ids(&all),
        [
            "east-rev-q3",
            "west-rev-q3",
            "east-deals-q4",
            "north-csat-2027"
        ]
    );
    let table = env.ok(&["goal", "list"]);
    for id in [
        "east-rev-q3",
        "west-rev-q3",
        "east-deals-q4",
        "north-csat-2027",
    ] {
        assert!(table.contains(id), "{id} missing from\n{table}");
    }
}

#[test]
fn goal_list_filters() {
    let env = four_goals();
    let list = |extra: &[&str]| {
        let mut args = vec!["goal", "list"];
        args.extend_from_slice(extra);
        ids(&env.json_out(&args))
    };
    assert_eq!(
        list(&["--period", "2026-Q3"]),
        ["east-rev-q3", "west-rev-q3"]
    );
    assert_eq!(
        list(&["--period", "2026"]),
        ["east-rev-q3", "west-rev-q3", "east-deals-q4"]
    );
    // Owner and tag match without regard to case.
    assert_eq!(list(&["--owner", "EAST"]), ["east-rev-q3", "east-deals-q4"]);
    assert_eq!(list(&["--metric", "deals-won"]), ["east-deals-q4"]);
    assert_eq!(list(&["--tag", "key"]), ["east-rev-q3", "east-deals-q4"]);
    assert_eq!(list(&["--status", "met"]), ["east-rev-q3"]);
    assert_eq!(list(&["--status", "missed"]), ["west-rev-q3"]);
    // Q4 is open on 2026-11-27 with nothing recorded: behind.
    assert_eq!(list(&["--status", "behind"]), ["east-deals-q4"]);
    assert_eq!(
        list(&["--status", "missed,upcoming"]),
        ["west-rev-q3", "north-csat-2027"]
    );
    assert_eq!(
        list(&["--status", "met", "--status", "upcoming"]),
        ["east-rev-q3", "north-csat-2027"]
    );
    assert_eq!(
        list(&["--owner", "east", "--period", "2026-Q4"]),
        ["east-deals-q4"]
    );
    assert!(list(&["--owner", "south"]).is_empty());
}

#[test]
fn goal_list_with_nothing_to_show_says_so() {
    let env = TestEnv::new();
    env.ok(&["init"]);
    let out = env.ok(&["goal", "list"]);
    assert!(out.contains("No goals"), "{out}");
    assert_eq!(env.json_out(&["goal", "list"]), serde_json::json!([]));
}

// ---------------------------------------------------------------- goal show

#[test]
fn goal_show_json_has_the_goal_its_attainment_and_its_results() {
    let env = TestEnv::new().as_of("2026-08-15");
    env.goal(
        "east",
        "100",
        "2026-Q3",
        &[
            "--owner",
            "east",
            "--title",
            "East Q3",
            "--stretch",
            "120",
            "--tag",
            "emea",
        ],
    );
    env.ok(&[
        "record",
        "east",
        "30",
        "--date",
        "2026-07-02",
        "--note",
        "Acme",
        "--ref",
        "D-1",
    ]);
    env.record("east", "10", "2026-08-01");
    let show = env.json_out(&["goal", "show", "east"]);
    assert_eq!(show["id"], "east");
    assert_eq!(show["title"], "East Q3");
    assert_eq!(show["owner"], "east");
    assert_eq!(show["metric"], "revenue");
    assert_eq!(show["unit"], "USD");
    assert_eq!(show["period"]["label"], "2026-Q3");
    assert_eq!(show["period"]["start"], "2026-07-01");
    assert_eq!(show["period"]["end"], "2026-09-30");
    assert_eq!(show["direction"], "at-least");
    assert_eq!(show["aggregate"], "sum");
    assert_eq!(num(&show["target"]), "100");
    assert_eq!(num(&show["stretch"]), "120");
    // 30 + 10 = 40 of 100 on day 46 of 92: projected 80, at risk is 90.
    assert_eq!(num(&show["actual"]), "40");
    assert_eq!(num(&show["attainment"]), "0.4");
    assert_eq!(num(&show["gap"]), "60");
    assert_eq!(num(&show["projected"]), "80");
    assert_eq!(show["status"], "behind");
    assert_eq!(show["tags"], serde_json::json!(["emea"]));
    let created = show["created"].as_str().expect("created is a string");
    assert!(
        created.len() == 20 && created.ends_with('Z') && created.as_bytes()[10] == b'T',
        "created is not an RFC 3339 UTC time: {created}"
    );

    let recorded = show["recorded"].as_array().expect("recorded is an array");
    assert_eq!(recorded.len(), 2);
    assert_eq!(recorded[0]["id"].as_str().map(str::len), Some(13));
    assert_eq!(recorded[0]["owner"], show["owner"]);
    assert_eq!(recorded[0]["metric"], "revenue");
    assert_eq!(recorded[0]["date"], "2026-07-02");
    assert_eq!(num(&recorded[0]["value"]), "30");
    assert_eq!(recorded[0]["note"], "Acme");
    assert_eq!(recorded[0]["ref"], "D-1");
    assert_ne!(recorded[1]["id"], recorded[0]["id"]);
    assert_eq!(recorded[1]["date"], "2026-08-01");
    assert_eq!(num(&recorded[1]["value"]), "10");
    assert_eq!(recorded[1]["note"], Value::Null);
    assert_eq!(recorded[1]["ref"], Value::Null);
}

#[test]
fn goal_show_of_an_unknown_goal_suggests_the_nearest() {
    let env = TestEnv::new();
    env.goal("east-revenue", "100", "2026-Q3", &[]);
    let err = fails_cleanly(&env, 1, &["goal", "show", "east-revenu"]);
    assert!(
        err.contains("east-revenu") && err.contains("did you mean 'east-revenue'"),
        "{err}"
    );
}

// ---------------------------------------------------------------- goal edit

#[test]
fn goal_edit_changes_fields() {
    let env = TestEnv::new();
    env.goal(
        "g",
        "100",
        "2026-Q3",
        &["--stretch", "150", "--tag", "a", "--tag", "b"],
    );
    env.ok(&[
        "goal",
        "edit",
        "g",
        "--title",
        "New title",
        "--owner",
        "west",
        "--metric",
        "deals-won",
        "--unit",
        "count",
        "--target",
        "2k",
        "--stretch",
        "3k",
        "--aggregate",
        "max",
        "--tag",
        "c",
        "--untag",
        "a",
    ]);
    let goal = listed(&env, "g");
    assert_eq!(goal["title"], "New title");
    assert_eq!(goal["owner"], "west");
    assert_eq!(goal["metric"], "deals-won");
    assert_eq!(goal["unit"], "count");
    assert_eq!(num(&goal["target"]), "2000");
    assert_eq!(num(&goal["stretch"]), "3000");
    assert_eq!(goal["aggregate"], "max");
    assert_eq!(goal["direction"], "at-least");
    assert_eq!(goal["tags"], serde_json::json!(["b", "c"]));
    assert_eq!(goal["period"]["label"], "2026-Q3");

    env.ok(&[
        "goal",
        "edit",
        "g",
        "--no-stretch",
        "--direction",
        "at-most",
    ]);
    let goal = listed(&env, "g");
    assert_eq!(goal["stretch"], Value::Null);
    assert_eq!(goal["direction"], "at-most");
}

#[test]
fn goal_edit_moves_a_goal_to_a_period_that_holds_its_results() {
    let env = TestEnv::new();
    env.goal("g", "100", "2026-Q3", &[]);
    env.record("g", "10", "2026-07-10");
    env.ok(&["goal", "edit", "g", "--period", "2026-H2"]);
    let goal = listed(&env, "g");
    assert_eq!(goal["period"]["label"], "2026-H2");
    assert_eq!(goal["period"]["start"], "2026-07-01");
    assert_eq!(goal["period"]["end"], "2026-12-31");
    assert_eq!(num(&goal["actual"]), "10");
}

#[test]
fn goal_edit_of_the_period_changes_which_results_count_and_keeps_them() {
    let env = TestEnv::new();
    env.goal("g", "100", "2026-Q3", &[]);
    env.record("g", "10", "2026-07-10");
    env.ok(&["goal", "edit", "g", "--period", "2026-08"]);
    let goal = listed(&env, "g");
    assert_eq!(goal["period"]["label"], "2026-08");
    assert_eq!(num(&goal["actual"]), "0");
    assert_eq!(result_count_in_file(&env), 1);
    env.ok(&["goal", "edit", "g", "--period", "2026-Q3"]);
    assert_eq!(num(&listed(&env, "g")["actual"]), "10");
}

#[test]
fn goal_edit_refuses_bad_changes() {
    let env = TestEnv::new();
    env.goal("g", "100", "2026-Q3", &["--stretch", "150"]);
    let before = env.bytes();
    // A target above the stretch target.
    fails_cleanly(&env, 1, &["goal", "edit", "g", "--target", "200"]);
    fails_cleanly(&env, 1, &["goal", "edit", "nope", "--title", "x"]);
    assert_eq!(env.bytes(), before);
    // --stretch and --no-stretch together are a usage error.
    fails_cleanly(
        &env,
        2,
        &["goal", "edit", "g", "--stretch", "160", "--no-stretch"],
    );
}

// ---------------------------------------------------------------- goal remove

#[test]
fn goal_remove_without_results_needs_no_force() {
    let env = TestEnv::new();
    env.goal("a", "1", "2026-Q3", &[]);
    env.goal("b", "1", "2026-Q3", &[]);
    let out = env.ok(&["goal", "remove", "a"]);
    assert!(out.contains("Removed goal a"), "{out}");
    assert_eq!(goal_ids_in_file(&env), ["b"]);
}

#[test]
fn goal_remove_with_results_needs_force() {
    let env = TestEnv::new();
    env.goal("a", "100", "2026-Q3", &[]);
    env.goal("b", "100", "2026-Q3", &[]);
    env.record("a", "10", "2026-07-10");
    env.record("a", "20", "2026-07-11");
    env.record("b", "30", "2026-07-12");
    let before = env.bytes();
    let err = fails_cleanly(&env, 1, &["goal", "remove", "a"]);
    assert!(err.contains("--force") && err.contains('2'), "{err}");
    assert_eq!(env.bytes(), before);

    let out = env.ok(&["goal", "remove", "a", "--force"]);
    assert!(out.contains("Removed goal a and 2 result(s)"), "{out}");
    assert_eq!(goal_ids_in_file(&env), ["b"]);
    let results = env.json_out(&["result", "list"]);
    assert_eq!(results.as_array().unwrap().len(), 1);
    assert_eq!(results[0]["owner"], "owner-b");
}

#[test]
fn goal_remove_keeps_results_another_goal_counts() {
    let env = TestEnv::new();
    env.goal("q3", "100", "2026-Q3", &["--owner", "Ana Lima"]);
    env.goal("year", "400", "2026", &["--owner", "Ana Lima"]);
    env.record("q3", "10", "2026-07-10");
    // The year goal counts the Q3 result too: nothing is owed to --force.
    let out = env.ok(&["goal", "remove", "q3"]);
    assert!(out.contains("Removed goal q3 and 0 result(s)"), "{out}");
    assert_eq!(result_count_in_file(&env), 1);
    assert_eq!(num(&listed(&env, "year")["actual"]), "10");
}

#[test]
fn goal_remove_of_an_unknown_goal_removes_nothing() {
    let env = TestEnv::new();
    env.goal("a", "1", "2026-Q3", &[]);
    fails_cleanly(&env, 1, &["goal", "remove", "a", "zzz", "--force"]);
    assert_eq!(goal_ids_in_file(&env), ["a"]);
}

// ---------------------------------------------------------------- goal roll

#[test]
fn goal_roll_copies_goals_into_the_next_period_with_an_adjustment() {
    let env = TestEnv::new();
    env.goal(
        "east-revenue-2026-q3",
        "100k",
        "2026-Q3",
        &[
            "--owner",
            "east",
            "--title",
            "East revenue 2026-Q3",
            "--stretch",
            "120k",
            "--tag",
            "emea",
        ],
    );
    env.goal("west", "50", "2026-Q3", &["--metric", "deals-won"]);
    env.record("west", "5", "2026-07-01");
    env.ok(&[
        "goal",
        "roll",
        "east-revenue-2026-q3",
        "west",
        "--to",
        "2026-Q4",
        "--adjust",
        "+10%",
    ]);
    assert_eq!(
        goal_ids_in_file(&env),
        [
            "east-revenue-2026-q3",
            "east-revenue-2026-q4",
            "west",
            "west-2026-q4"
        ]
    );
    let east = listed(&env, "east-revenue-2026-q4");
    assert_eq!(east["title"], "East revenue 2026-Q4");
    assert_eq!(east["owner"], "east");
    assert_eq!(east["period"]["label"], "2026-Q4");
    assert_eq!(num(&east["target"]), "110000");
    assert_eq!(num(&east["stretch"]), "132000");
    assert_eq!(east["tags"], serde_json::json!(["emea"]));
    let west = listed(&env, "west-2026-q4");
    assert_eq!(west["metric"], "deals-won");
    assert_eq!(num(&west["target"]), "55");
    // Results stay with the old goal.
    assert_eq!(west["results"], 0);
    assert_eq!(num(&west["actual"]), "0");
    // The originals are untouched.
    assert_eq!(
        num(&listed(&env, "east-revenue-2026-q3")["target"]),
        "100000"
    );
}

#[test]
fn goal_roll_without_adjust_keeps_targets_and_adjusts_by_amounts() {
    let env = TestEnv::new();
    env.goal("east-2026-q3", "100", "2026-Q3", &[]);
    env.ok(&["goal", "roll", "east-2026-q3", "--to", "2026-Q4"]);
    assert_eq!(num(&listed(&env, "east-2026-q4")["target"]), "100");
    env.ok(&[
        "goal",
        "roll",
        "east-2026-q3",
        "--to",
        "2027-Q1",
        "--adjust",
        "-5%",
    ]);
    assert_eq!(num(&listed(&env, "east-2027-q1")["target"]), "95");
    env.ok(&[
        "goal",
        "roll",
        "east-2026-q3",
        "--to",
        "2027-Q2",
        "--adjust",
        "+20k",
    ]);
    assert_eq!(num(&listed(&env, "east-2027-q2")["target"]), "20100");
}

#[test]
fn goal_roll_refuses_a_clash_and_adds_nothing() {
    let env = TestEnv::new();
    env.goal("west", "50", "2026-Q3", &[]);
    env.goal("east-2026-q3", "100", "2026-Q3", &[]);
    env.goal("east-2026-q4", "999", "2026-Q4", &[]);
    let before = env.bytes();
    let err = fails_cleanly(
        &env,
        1,
        &["goal", "roll", "west", "east-2026-q3", "--to", "2026-Q4"],
    );
    assert!(err.contains("east-2026-q4"), "{err}");
    assert_eq!(env.bytes(), before, "a refused roll changed the file");
    assert_eq!(
        goal_ids_in_file(&env),
        ["east-2026-q3", "east-2026-q4", "west"]
    );
}

// ---------------------------------------------------------------- record

#[test]
fn record_defaults_the_date_to_the_as_of_date() {
    let env = TestEnv::new().as_of("2026-08-15");
    env.goal("g", "100", "2026-Q3", &[]);
    let out = env.ok(&["record", "g", "12.5k"]);
    assert!(out.contains("2026-08-15"), "{out}");
    let results = env.json_out(&["result", "list"]);
    assert_eq!(results[0]["date"], "2026-08-15");
    assert_eq!(num(&results[0]["value"]), "12500");
}

#[test]
fn record_keeps_date_note_and_ref() {
    let env = TestEnv::new();
    env.goal("g", "100", "2026-Q3", &[]);
    env.ok(&[
        "record",
        "g",
        "250,000.50",
        "--date",
        "2026-09-30",
        "--note",
        "Acme renewal",
        "--ref",
        "CRM-42",
    ]);
    let r = &env.json()["results"][0];
    assert_eq!(r["id"].as_str().map(str::len), Some(13));
    assert_eq!(r["owner"], "owner-g");
    assert_eq!(r["metric"], "revenue");
    assert_eq!(r["date"], "2026-09-30");
    assert_eq!(num(&r["value"]), "250000.5");
    assert_eq!(r["note"], "Acme renewal");
    assert_eq!(r["ref"], "CRM-42");
}

#[test]
fn record_with_a_known_ref_adds_nothing_the_second_time() {
    let env = TestEnv::new();
    env.goal("g", "100", "2026-Q3", &[]);
    env.goal("h", "100", "2026-Q3", &[]);
    let first = env.json_out(&["record", "g", "10", "--date", "2026-07-01", "--ref", "D-7"]);
    assert_eq!(first["added"], true);
    let id = first["result"]["id"].clone();
    let before = env.bytes();

    let again = env.json_out(&["record", "g", "10", "--date", "2026-07-01", "--ref", "D-7"]);
    assert_eq!(again["added"], false);
    assert_eq!(again["updated"], false);
    assert_eq!(again["result"]["id"], id);
    assert_eq!(env.bytes(), before, "a repeated ref changed the file");
    let out = env.ok(&["record", "g", "10", "--date", "2026-07-01", "--ref", "D-7"]);
    assert!(out.contains("nothing changed"), "{out}");

    // The same ref with a new value or date updates the result.
    let out = env.ok(&["record", "g", "99", "--date", "2026-08-01", "--ref", "D-7"]);
    assert!(out.starts_with("Updated result"), "{out}");
    assert!(
        out.contains("2026-07-01") && out.contains("2026-08-01"),
        "{out}"
    );
    assert_eq!(result_count_in_file(&env), 1);
    assert_eq!(num(&listed(&env, "g")["actual"]), "99");
    assert_eq!(env.json()["results"][0]["id"], id);

    // The same ref of another owner is another result.
    env.ok(&["record", "h", "10", "--date", "2026-07-01", "--ref", "D-7"]);
    assert_eq!(result_count_in_file(&env), 2);
}

#[test]
fn record_outside_the_goal_period_is_refused() {
    let env = TestEnv::new();
    env.goal("g", "100", "2026-Q3", &[]);
    let err = fails_cleanly(&env, 1, &["record", "g", "10", "--date", "2026-10-01"]);
    assert!(
        err.contains("2026-10-01") && err.contains("2026-Q3"),
        "{err}"
    );
    // The default date (as-of 2026-11-27) is outside Q3 too.
    fails_cleanly(&env, 1, &["record", "g", "10"]);
    fails_cleanly(&env, 1, &["record", "g", "10", "--date", "2026-06-30"]);
    assert_eq!(result_count_in_file(&env), 0);
}

#[test]
fn record_refuses_bad_input() {
    let env = TestEnv::new();
    env.goal("east-revenue", "100", "2026-Q3", &[]);
    let err = fails_cleanly(
        &env,
        1,
        &["record", "east-revenu", "10", "--date", "2026-07-01"],
    );
    assert!(err.contains("did you mean 'east-revenue'"), "{err}");
    let err = fails_cleanly(
        &env,
        1,
        &["record", "east-revenue", "10", "--date", "2026-02-30"],
    );
    assert!(err.contains("2026-02-30"), "{err}");
    fails_cleanly(
        &env,
        1,
        &["record", "east-revenue", "ten", "--date", "2026-07-01"],
    );
    fails_cleanly(
        &env,
        1,
        &["record", "east-revenue", "NaN", "--date", "2026-07-01"],
    );
    assert_eq!(result_count_in_file(&env), 0);
}

// ---------------------------------------------------------------- result

#[test]
fn result_list_shows_results_by_date_for_a_goal_or_a_filter() {
    let env = TestEnv::new();
    env.goal("a", "100", "2026-Q3", &["--owner", "east"]);
    env.goal("b", "100", "2026-Q3", &["--owner", "west"]);
    let first = env.record_id("a", "1", "2026-08-01");
    let second = env.record_id("b", "2", "2026-07-15");
    let third = env.record_id("a", "3", "2026-07-01");
    let all = env.json_out(&["result", "list"]);
    // Ordered by date: 07-01, 07-15, 08-01.
    assert_eq!(ids(&all), [third.as_str(), second.as_str(), first.as_str()]);
    assert_eq!(
        ids(&env.json_out(&["result", "list", "a"])),
        [third.as_str(), first.as_str()]
    );
    assert_eq!(
        ids(&env.json_out(&["result", "list", "--owner", "west"])),
        [second.as_str()]
    );
    assert_eq!(
        ids(&env.json_out(&["result", "list", "--owner", "WEST"])),
        [second.as_str()]
    );
    let table = env.ok(&["result", "list", "b"]);
    assert!(
        table.contains("2026-07-15") && !table.contains("2026-08-01"),
        "{table}"
    );
    fails_cleanly(&env, 1, &["result", "list", "zzz"]);
}

#[test]
fn result_remove_removes_only_the_named_results() {
    let env = TestEnv::new();
    env.goal("a", "100", "2026-Q3", &[]);
    let one = env.record_id("a", "10", "2026-07-01");
    let two = env.record_id("a", "20", "2026-07-02");
    let three = env.record_id("a", "30", "2026-07-03");
    // A unique prefix of at least 4 characters names a result, as in git.
    let prefix = shortest_unique_prefix(&two, &[one.as_str(), three.as_str()]);
    let out = env.ok(&["result", "remove", &prefix]);
    assert!(out.contains(&format!("Removed result {two}")), "{out}");
    assert_eq!(
        ids(&env.json_out(&["result", "list"])),
        [one.as_str(), three.as_str()]
    );
    assert_eq!(num(&listed(&env, "a")["actual"]), "40");

    // One unknown id: nothing is removed.
    let before = env.bytes();
    let err = fails_cleanly(&env, 1, &["result", "remove", &one, "zzzz99"]);
    assert!(err.contains("zzzz99"), "{err}");
    assert_eq!(env.bytes(), before);
    let err = fails_cleanly(&env, 1, &["result", "remove", &one[..3]]);
    assert!(err.contains("at least 4"), "{err}");
    assert_eq!(
        ids(&env.json_out(&["result", "list"])),
        [one.as_str(), three.as_str()]
    );
}

/// The shortest prefix of `id` (at least 4 characters) no other id starts
/// with.
fn shortest_unique_prefix(id: &str, others: &[&str]) -> String {
    (4..=id.len())
        .map(|n| &id[..n])
        .find(|p| !others.iter().any(|o| o.starts_with(p)))
        .unwrap()
        .to_string()
}

// ---------------------------------------------------------------- report --check

#[test]
fn report_check_exits_0_when_every_goal_is_fine() {
    let env = TestEnv::new().as_of("2026-08-15");
    env.goal("met", "100", "2026-Q2", &[]);
    env.record("met", "100", "2026-05-01");
    env.goal("on-track", "100", "2026-Q3", &[]);
    env.record("on-track", "50", "2026-07-01");
    env.goal("upcoming", "100", "2026-Q4", &[]);
    env.run(&["report", "--check"]).code(0);
}

#[test]
fn report_check_exits_0_for_an_at_risk_goal() {
    // PRODUCT.md: --check fails for a goal missed or behind; at risk is a
    // warning, not a failure. 45 of 100 on day 46 of 92 projects 90.
    let env = TestEnv::new().as_of("2026-08-15");
    env.goal("risky", "100", "2026-Q3", &[]);
    env.record("risky", "45", "2026-07-01");
    assert_eq!(env.json_out(&["report"])["goals"][0]["status"], "at-risk");
    env.run(&["report", "--check"]).code(0);
}

#[test]
fn report_check_exits_3_when_a_goal_is_missed() {
    let env = TestEnv::new().as_of("2026-08-15");
    env.goal("fine", "100", "2026-Q3", &[]);
    env.record("fine", "60", "2026-07-01");
    env.goal("missed", "100", "2026-Q2", &[]);
    env.record("missed", "99.99", "2026-05-01");
    // Without --check the report succeeds.
    env.run(&["report"]).code(0);
    let out = env.run(&["report", "--check"]).code(3).get_output().clone();
    assert!(String::from_utf8_lossy(&out.stdout).contains("missed"));
    // The check still prints the report as data.
    let out = env
        .run(&["report", "--check", "--format", "json"])
        .code(3)
        .get_output()
        .clone();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["missed"], 1);
    // Filtering the missed goal away makes the check pass.
    env.run(&["report", "--check", "--period", "2026-Q3"])
        .code(0);
}

#[test]
fn report_check_exits_3_when_a_goal_is_behind() {
    let env = TestEnv::new().as_of("2026-08-15");
    env.goal("behind", "100", "2026-Q3", &[]);
    env.record("behind", "44.99", "2026-07-01");
    env.run(&["report", "--check"]).code(3);
}

// ---------------------------------------------------------------- completions

#[test]
fn completions_print_a_script_for_bash_zsh_and_fish() {
    let env = TestEnv::new();
    for shell in ["bash", "zsh", "fish"] {
        let out = env.ok(&["completions", shell]);
        assert!(out.len() > 500, "{shell} completions are too short");
        assert!(
            out.contains("attain"),
            "{shell} completions never name attain"
        );
        assert!(
            out.contains("record"),
            "{shell} completions lack subcommands"
        );
    }
    fails_cleanly(&env, 2, &["completions", "tcsh"]);
}

// ---------------------------------------------------------------- usage, errors, quiet

#[test]
fn bad_flags_are_usage_errors_with_exit_2() {
    let env = TestEnv::new();
    env.goal("g", "100", "2026-Q3", &[]);
    let before = env.bytes();
    for args in [
        &["report", "--bogus"][..],
        &["report", "--format", "xml"],
        &["report", "--status", "great"],
        &["report", "--color", "sometimes"],
        &["goal", "add", "x", "--period", "2026-Q3"],
        &["goal", "add", "x", "--target", "5"],
        &[
            "goal",
            "add",
            "x",
            "--target",
            "5",
            "--period",
            "2026-Q3",
            "--direction",
            "up",
        ],
        &["goal", "frobnicate"],
        &["record", "g"],
        &["nonsense"],
        &[],
    ] {
        let err = fails_cleanly(&env, 2, args);
        assert!(err.contains("error"), "{args:?}: {err}");
    }
    assert_eq!(env.bytes(), before);
}

#[test]
fn failures_print_on_stderr_and_nothing_on_stdout() {
    let env = TestEnv::new();
    env.goal("g", "100", "2026-Q3", &[]);
    for args in [
        &["goal", "show", "nope"][..],
        &["goal", "show", "nope", "--format", "json"],
        &[
            "goal", "add", "g", "--target", "1", "--period", "2026-Q3", "--format", "json",
        ],
        &[
            "record",
            "g",
            "1",
            "--date",
            "2027-01-01",
            "--format",
            "json",
        ],
        &["report", "--period", "2026-Q5", "--format", "json"],
        &["report", "--format", "csv", "--as-of", "2026-13-01"],
    ] {
        let err = fails_cleanly(&env, 1, args);
        assert!(err.starts_with("error:"), "{args:?}: {err}");
    }
}

#[test]
fn quiet_suppresses_confirmations() {
    let env = TestEnv::new().as_of("2026-08-15");
    // Without --quiet, each of these confirms.
    assert!(!env.ok(&["init"]).is_empty());
    assert!(
        !env.ok(&["goal", "add", "a", "--target", "1", "--period", "2026-Q3"])
            .is_empty()
    );
    assert!(!env.ok(&["record", "a", "1"]).is_empty());

    let quiet = TestEnv::new().as_of("2026-08-15");
    for args in [
        &["init", "-q"][..],
        &[
            "--quiet", "goal", "add", "a", "--target", "100", "--period", "2026-Q3",
        ],
        &[
            "goal", "add", "b", "--target", "100", "--period", "2026-Q3", "-q",
        ],
        &["goal", "edit", "a", "--title", "A", "-q"],
        &["record", "a", "10", "-q"],
        &["record", "a", "20", "--ref", "X", "-q"],
        &["record", "a", "20", "--ref", "X", "-q"],
        &["goal", "roll", "b", "--to", "2026-Q4", "-q"],
    ] {
        let out = quiet.ok(args);
        assert_eq!(out, "", "{args:?} printed with --quiet");
    }
    let first = quiet.json()["results"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    for args in [
        &["result", "remove", first.as_str(), "-q"][..],
        &["goal", "remove", "a", "--force", "-q"],
    ] {
        let out = quiet.ok(args);
        assert_eq!(out, "", "{args:?} printed with --quiet");
    }
    assert_eq!(goal_ids_in_file(&quiet), ["b", "b-2026-q4"]);
    // Goal b (same owner and metric) still counts the other result.
    assert_eq!(result_count_in_file(&quiet), 1);
    // Data is still printed; hints under the report are not.
    let loud = quiet.ok(&["report"]);
    assert!(loud.contains("attain report --status"), "{loud}");
    let report = quiet.ok(&["report", "-q"]);
    assert!(report.contains("b-2026-q4"), "{report}");
    assert!(!report.contains("attain report --status"), "{report}");
}

#[test]
fn an_amount_in_another_currency_than_the_goal_s_is_refused() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "USD"]);
    let before = env.bytes();
    let err = fails_cleanly(
        &env,
        1,
        &[
            "goal", "add", "eu", "--target", "€250k", "--period", "2026-Q4",
        ],
    );
    assert!(
        err.contains("written in €, but this goal counts in USD"),
        "{err}"
    );
    assert_eq!(env.bytes(), before);
    env.goal("us", "250k", "2026-Q4", &[]);
    let before = env.bytes();
    let err = fails_cleanly(&env, 1, &["record", "us", "€1,000", "--date", "2026-11-01"]);
    assert!(err.contains("(1,000) in USD"), "{err}");
    fails_cleanly(&env, 1, &["goal", "edit", "us", "--target", "£300k"]);
    assert_eq!(env.bytes(), before);
    // The goal's own currency is fine, with or without the symbol.
    env.ok(&["record", "us", "$1,000", "--date", "2026-11-01"]);
    env.ok(&[
        "goal", "add", "eu-goal", "--target", "€5k", "--period", "2026-Q4", "--unit", "EUR",
    ]);
}

#[test]
fn result_edit_corrects_a_value_date_or_note_in_place() {
    let env = TestEnv::new();
    env.goal("q3", "100", "2026-Q3", &[]);
    let id = env.record_id("q3", "10", "2026-07-10");
    let out = env.ok(&[
        "result",
        "edit",
        &id[..5],
        "--value",
        "25",
        "--date",
        "2026-08-01",
    ]);
    assert!(
        out.contains(&format!(
            "Corrected result {id}: 25 revenue on 2026-08-01 (was 10 on 2026-07-10)"
        )),
        "{out}"
    );
    assert_eq!(num(&listed(&env, "q3")["actual"]), "25");
    env.ok(&["result", "edit", &id, "--note", "Acme"]);
    assert_eq!(env.json()["results"][0]["note"], "Acme");
    env.ok(&["result", "edit", &id, "--note", ""]);
    assert!(env.json()["results"][0].get("note").is_none());
    assert_eq!(result_count_in_file(&env), 1);
    let before = env.bytes();
    fails_cleanly(&env, 1, &["result", "edit", "zzzz", "--value", "1"]);
    fails_cleanly(&env, 1, &["result", "edit", &id, "--date", "2026-02-30"]);
    fails_cleanly(&env, 2, &["result", "edit", &id]);
    assert_eq!(env.bytes(), before);
}

#[test]
fn a_new_currency_says_the_goals_keep_theirs() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "USD"]);
    env.goal("us", "250k", "2026-Q4", &[]);
    let out = env.ok(&["init", "--currency", "EUR"]);
    assert!(
        out.contains("1 goal(s) still count in USD: targets are not converted"),
        "{out}"
    );
    assert_eq!(env.json()["goals"][0]["unit"], "USD");
    // A goal added now counts in euros.
    env.goal("eu", "5k", "2026-Q4", &[]);
    let units: Vec<String> = env.json()["goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["unit"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(units, ["EUR", "USD"]);
}
