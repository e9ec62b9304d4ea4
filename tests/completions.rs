//! Dynamic completion (`COMPLETE=bash attain`) through the real binary:
//! what the shell is offered from the data file, and that a missing or
//! broken file gives nothing, silently.

mod common;

use common::TestEnv;

const EAST: &str = "east-revenue-2026-q3";
const WEST: &str = "west-deals-won-2026-11";

/// Two teams' goals in different periods, one tagged, one with a result.
fn with_goals() -> TestEnv {
    let env = TestEnv::new();
    env.goal(
        EAST,
        "100k",
        "2026-Q3",
        &["--owner", "east", "--tag", "key"],
    );
    env.goal(
        WEST,
        "12",
        "2026-11",
        &["--owner", "west", "--metric", "deals-won", "--tag", "new"],
    );
    env.goal(
        "west-demos-2026-11",
        "30",
        "2026-11",
        &["--owner", "west", "--metric", "demos"],
    );
    env.record(EAST, "60k", "2026-08-01");
    env
}

/// The candidates that are values, not flags.
fn values(candidates: Vec<String>) -> Vec<String> {
    candidates
        .into_iter()
        .filter(|c| !c.starts_with('-'))
        .collect()
}

#[test]
fn the_registration_script_is_printed_for_bash() {
    let env = TestEnv::new();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_attain"));
    cmd.env("COMPLETE", "bash").current_dir(env.dir());
    let output = cmd.output().unwrap();
    assert!(output.status.success());
    let script = String::from_utf8(output.stdout).unwrap();
    assert!(script.contains("_clap_complete_attain"), "{script}");
    assert!(script.contains("complete -o"), "{script}");
    assert!(output.stderr.is_empty());
}

#[test]
fn a_goal_argument_completes_the_goal_ids_of_the_data_file() {
    let env = with_goals();
    assert_eq!(
        values(env.complete(&["record", ""])),
        [EAST, WEST, "west-demos-2026-11"]
    );
    for command in [
        &["record"][..],
        &["goal", "show"],
        &["goal", "edit"],
        &["goal", "remove"],
        &["goal", "roll"],
        &["celebrate"],
        &["review"],
        &["review", "show"],
        &["progress"],
        &["result", "list"],
    ] {
        let mut words = command.to_vec();
        words.push("ea");
        assert_eq!(env.complete(&words), [EAST], "{command:?}");
    }
    assert_eq!(
        env.complete(&["review", EAST, "--follow-up", ""]),
        ["next", EAST, WEST, "west-demos-2026-11"]
    );
}

#[test]
fn owner_completes_the_owners_of_the_goals() {
    let env = with_goals();
    assert_eq!(env.complete(&["report", "--owner", ""]), ["east", "west"]);
    assert_eq!(env.complete(&["goal", "add", "--owner", "w"]), ["west"]);
    assert_eq!(
        env.complete(&["period-end", "2026-Q3", "--owner", "e"]),
        ["east"]
    );
}

#[test]
fn period_completes_the_goals_periods_and_the_relative_names() {
    let env = with_goals();
    let periods = env.complete(&["report", "--period", ""]);
    for want in [
        "2026-Q3",
        "2026-11",
        "this-quarter",
        "last-quarter",
        "this-month",
    ] {
        assert!(periods.iter().any(|p| p == want), "{want}: {periods:?}");
    }
    assert_eq!(env.complete(&["report", "--period", "2026-Q"]), ["2026-Q3"]);
    assert_eq!(
        values(env.complete(&["period-end", "this-q"])),
        ["this-quarter"]
    );
    // Rolling offers the period after each goal's.
    assert_eq!(
        env.complete(&["goal", "roll", EAST, "--to", "2026-Q"]),
        ["2026-Q3", "2026-Q4"]
    );
}

#[test]
fn cause_completes_the_cause_categories_and_no_file_names() {
    let env = with_goals();
    std::fs::write(env.dir().join("pipeline-notes.txt"), "").unwrap();
    let causes = env.complete(&["review", EAST, "--cause", ""]);
    assert_eq!(
        causes,
        [
            "pipeline",
            "conversion",
            "deal-size",
            "sales-cycle",
            "activity",
            "staffing",
            "market",
            "product",
            "target",
            "other"
        ]
    );
    assert_eq!(
        env.complete(&["review", EAST, "--cause", "p"]),
        ["pipeline", "product"]
    );
    // After a comma, the next category.
    assert_eq!(
        env.complete(&["review", EAST, "--cause", "pipeline,d"]),
        ["pipeline,deal-size"]
    );
}

#[test]
fn tags_metrics_and_result_and_action_ids_come_from_the_file() {
    let env = with_goals();
    assert_eq!(env.complete(&["goal", "list", "--tag", ""]), ["key", "new"]);
    assert_eq!(
        env.complete(&["report", "--metric", ""]),
        [
            "revenue",
            "new-customers",
            "deals-won",
            "csat",
            "churn",
            "demos"
        ]
    );
    let id = env.json()["results"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(values(env.complete(&["result", "remove", ""])), [id]);
    env.ok(&[
        "review",
        EAST,
        "--cause",
        "pipeline",
        "--why",
        "Too few meetings",
        "--improve",
        "prospecting",
        "--action",
        "Book ten demos a week; owner=sam; due=2026-12-15",
        "--no-input",
    ]);
    // The short id tables show; typed past it, the whole id.
    let action = env.action_id("Book ten demos a week");
    assert_eq!(
        values(env.complete(&["action", "update", ""])),
        [&action[..4]]
    );
    assert_eq!(
        values(env.complete(&["action", "update", &action[..6]])),
        [action.as_str()]
    );
    assert_eq!(env.complete(&["action", "list", "--owner", ""]), ["sam"]);
}

#[test]
fn a_missing_or_broken_data_file_gives_no_candidates_and_writes_nothing() {
    let env = TestEnv::new();
    assert_eq!(env.complete(&["record", "e"]), Vec::<String>::new());
    assert_eq!(
        env.complete(&["report", "--owner", ""]),
        Vec::<String>::new()
    );
    assert!(values(env.complete(&["record", ""])).is_empty());
    assert!(!env.file().exists());
    assert!(std::fs::read_dir(env.dir()).unwrap().next().is_none());

    env.write("{\"version\": 1, \"goals\": [");
    assert_eq!(env.complete(&["record", "e"]), Vec::<String>::new());
    assert_eq!(env.bytes(), b"{\"version\": 1, \"goals\": [");
    // Names that do not come from the file are still offered.
    assert_eq!(
        env.complete(&["report", "--period", "this-y"]),
        ["this-year"]
    );
}

#[test]
fn without_file_on_the_command_line_attain_file_is_read() {
    let env = with_goals();
    let line: Vec<String> = ["attain", "record", "ea"].map(String::from).to_vec();
    assert_eq!(env.complete_line(&line, &[]), Vec::<String>::new());
    assert_eq!(
        env.complete_line(&line, &[("ATTAIN_FILE", env.file())]),
        [EAST]
    );
    // `-f` on the command line wins over ATTAIN_FILE.
    let other = env.dir().join("other.json");
    let line: Vec<String> = ["attain", "-f", other.to_str().unwrap(), "record", "ea"]
        .map(String::from)
        .to_vec();
    assert_eq!(
        env.complete_line(&line, &[("ATTAIN_FILE", env.file())]),
        Vec::<String>::new()
    );
}
