//! Every period form `goal add --period` and `report --period` accept,
//! checked through the resolved label and range in `report --format json`.

mod common;

use common::TestEnv;
use serde_json::Value;

/// Adds goal `g` for `period` and returns the period the report resolved
/// it to: (label, start, end).
fn resolve(env: &TestEnv, period: &str) -> (String, String, String) {
    env.goal("g", "100", period, &[]);
    let report = env.json_out(&["report"]);
    let goals = report["goals"].as_array().expect("goals array");
    assert_eq!(goals.len(), 1, "{report}");
    let p = &goals[0]["period"];
    let text = |v: &Value| v.as_str().expect("a string").to_string();
    (text(&p["label"]), text(&p["start"]), text(&p["end"]))
}

fn expect(label: &str, start: &str, end: &str) -> (String, String, String) {
    (label.to_string(), start.to_string(), end.to_string())
}

/// An environment whose fiscal year starts in April.
fn fiscal_april() -> TestEnv {
    let env = TestEnv::new();
    env.ok(&["init", "--fiscal-year-start", "4"]);
    env
}

// ---------------------------------------------------------------- calendar

#[test]
fn a_year() {
    assert_eq!(
        resolve(&TestEnv::new(), "2026"),
        expect("2026", "2026-01-01", "2026-12-31")
    );
}

#[test]
fn a_half_year() {
    assert_eq!(
        resolve(&TestEnv::new(), "2026-H1"),
        expect("2026-H1", "2026-01-01", "2026-06-30")
    );
    assert_eq!(
        resolve(&TestEnv::new(), "2026-h2"),
        expect("2026-H2", "2026-07-01", "2026-12-31")
    );
}

#[test]
fn a_quarter() {
    assert_eq!(
        resolve(&TestEnv::new(), "2026-Q3"),
        expect("2026-Q3", "2026-07-01", "2026-09-30")
    );
    assert_eq!(
        resolve(&TestEnv::new(), "2026-q1"),
        expect("2026-Q1", "2026-01-01", "2026-03-31")
    );
}

#[test]
fn a_month() {
    assert_eq!(
        resolve(&TestEnv::new(), "2026-11"),
        expect("2026-11", "2026-11-01", "2026-11-30")
    );
    // February of a leap year.
    assert_eq!(
        resolve(&TestEnv::new(), "2028-02"),
        expect("2028-02", "2028-02-01", "2028-02-29")
    );
}

#[test]
fn an_iso_week() {
    // 2026-11-23 is a Monday, the start of ISO week 48.
    assert_eq!(
        resolve(&TestEnv::new(), "2026-W48"),
        expect("2026-W48", "2026-11-23", "2026-11-29")
    );
    // ISO week 1 of 2026 starts in 2025 (1 January 2026 is a Thursday).
    assert_eq!(
        resolve(&TestEnv::new(), "2026-W01"),
        expect("2026-W01", "2025-12-29", "2026-01-04")
    );
    // 2026 has 53 ISO weeks; the last ends in 2027.
    assert_eq!(
        resolve(&TestEnv::new(), "2026-w53"),
        expect("2026-W53", "2026-12-28", "2027-01-03")
    );
}

// ---------------------------------------------------------------- fiscal

#[test]
fn a_fiscal_year_is_named_by_the_year_it_ends_in() {
    assert_eq!(
        resolve(&fiscal_april(), "FY2026"),
        expect("FY2026", "2025-04-01", "2026-03-31")
    );
}

#[test]
fn fiscal_quarters_and_halves_count_from_the_fiscal_start() {
    assert_eq!(
        resolve(&fiscal_april(), "FY2026-Q1"),
        expect("FY2026-Q1", "2025-04-01", "2025-06-30")
    );
    assert_eq!(
        resolve(&fiscal_april(), "fy2026-q4"),
        expect("FY2026-Q4", "2026-01-01", "2026-03-31")
    );
    assert_eq!(
        resolve(&fiscal_april(), "FY2026-H2"),
        expect("FY2026-H2", "2025-10-01", "2026-03-31")
    );
}

#[test]
fn with_the_default_fiscal_start_a_fiscal_year_is_the_calendar_year() {
    assert_eq!(
        resolve(&TestEnv::new(), "FY2026"),
        expect("FY2026", "2026-01-01", "2026-12-31")
    );
    assert_eq!(
        resolve(&TestEnv::new(), "FY2026-Q1"),
        expect("FY2026-Q1", "2026-01-01", "2026-03-31")
    );
}

#[test]
fn changing_the_fiscal_start_moves_fiscal_goals() {
    let env = fiscal_april();
    assert_eq!(
        resolve(&env, "FY2026-Q1"),
        expect("FY2026-Q1", "2025-04-01", "2025-06-30")
    );
    env.ok(&["init", "--fiscal-year-start", "7"]);
    let report = env.json_out(&["report"]);
    let p = &report["goals"][0]["period"];
    assert_eq!(p["label"], "FY2026-Q1");
    assert_eq!(p["start"], "2025-07-01");
    assert_eq!(p["end"], "2025-09-30");
}

// ---------------------------------------------------------------- custom

#[test]
fn a_custom_range() {
    assert_eq!(
        resolve(&TestEnv::new(), "2026-07-01..2026-09-30"),
        expect("2026-07-01..2026-09-30", "2026-07-01", "2026-09-30")
    );
    // A one-day range.
    assert_eq!(
        resolve(&TestEnv::new(), "2026-02-28..2026-02-28"),
        expect("2026-02-28..2026-02-28", "2026-02-28", "2026-02-28")
    );
}

// ---------------------------------------------------------------- relative

#[test]
fn relative_names_resolve_against_the_as_of_date() {
    // The harness's as-of date is 2026-11-27.
    let cases = [
        ("this-month", "2026-11", "2026-11-01", "2026-11-30"),
        ("last-month", "2026-10", "2026-10-01", "2026-10-31"),
        ("this-quarter", "2026-Q4", "2026-10-01", "2026-12-31"),
        ("last-quarter", "2026-Q3", "2026-07-01", "2026-09-30"),
        ("this-year", "2026", "2026-01-01", "2026-12-31"),
        ("last-year", "2025", "2025-01-01", "2025-12-31"),
    ];
    for (name, label, start, end) in cases {
        let env = TestEnv::new().as_of("2026-11-27");
        assert_eq!(resolve(&env, name), expect(label, start, end), "{name}");
        // The goal keeps the resolved label, not the relative name.
        assert_eq!(env.json()["goals"][0]["period"], label, "{name}");
    }
}

#[test]
fn relative_names_cross_the_year_boundary() {
    let cases = [
        ("this-month", "2026-01", "2026-01-01", "2026-01-31"),
        ("last-month", "2025-12", "2025-12-01", "2025-12-31"),
        ("this-quarter", "2026-Q1", "2026-01-01", "2026-03-31"),
        ("last-quarter", "2025-Q4", "2025-10-01", "2025-12-31"),
        ("this-year", "2026", "2026-01-01", "2026-12-31"),
        ("last-year", "2025", "2025-01-01", "2025-12-31"),
    ];
    for (name, label, start, end) in cases {
        let env = TestEnv::new().as_of("2026-01-01");
        assert_eq!(resolve(&env, name), expect(label, start, end), "{name}");
    }
}

#[test]
fn last_month_from_the_end_of_a_long_month() {
    let env = TestEnv::new().as_of("2028-03-31");
    assert_eq!(
        resolve(&env, "last-month"),
        expect("2028-02", "2028-02-01", "2028-02-29")
    );
    let env = TestEnv::new().as_of("2026-05-31");
    assert_eq!(
        resolve(&env, "last-quarter"),
        expect("2026-Q1", "2026-01-01", "2026-03-31")
    );
}

#[test]
fn a_relative_goal_keeps_its_period_when_the_as_of_date_moves() {
    let mut env = TestEnv::new().as_of("2026-11-27");
    env.goal("g", "100", "this-month", &[]);
    env.set_as_of("2027-02-10");
    let report = env.json_out(&["report"]);
    assert_eq!(report["goals"][0]["period"]["label"], "2026-11");
    assert_eq!(report["goals"][0]["status"], "missed");
}

// ---------------------------------------------------------------- report --period

/// Goals of many periods, with the fiscal year starting in April, on the
/// harness's as-of date 2026-11-27.
fn many_periods() -> TestEnv {
    let env = fiscal_april();
    for (id, period) in [
        ("y25", "2025"),
        ("m2505", "2025-05"),
        ("y26", "2026"),
        ("h1", "2026-H1"),
        ("m03", "2026-03"),
        ("m04", "2026-04"),
        ("q3", "2026-Q3"),
        ("m08", "2026-08"),
        ("custom", "2026-07-01..2026-09-30"),
        ("q4", "2026-Q4"),
        ("m10", "2026-10"),
        ("m11", "2026-11"),
        ("w48", "2026-W48"),
        ("w01", "2026-W01"),
        ("fy27", "FY2027"),
    ] {
        env.goal(id, "100", period, &[]);
    }
    env
}

/// The ids `report --period <period>` selects, sorted.
fn selected(env: &TestEnv, period: &str) -> Vec<String> {
    let report = env.json_out(&["report", "--period", period]);
    let mut ids: Vec<String> = report["goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

fn sorted(ids: &[&str]) -> Vec<String> {
    let mut ids: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    ids.sort();
    ids
}

#[test]
fn report_period_selects_goals_that_lie_within_it() {
    let env = many_periods();
    let all_2026 = [
        "y26", "h1", "m03", "m04", "q3", "m08", "custom", "q4", "m10", "m11", "w48",
    ];
    let cases: [(&str, &[&str]); 16] = [
        // 2026-W01 starts on 2025-12-29, so it is not inside 2026.
        ("2026", &all_2026),
        ("2026-H1", &["h1", "m03", "m04"]),
        ("2026-Q3", &["q3", "m08", "custom"]),
        ("2026-11", &["m11", "w48"]),
        ("2026-W48", &["w48"]),
        // FY2026 is 2025-04-01..2026-03-31.
        ("FY2026", &["m2505", "m03", "w01"]),
        // FY2026-Q1 is 2025-04-01..2025-06-30.
        ("FY2026-Q1", &["m2505"]),
        // FY2027-Q3 is 2026-10-01..2026-12-31.
        ("FY2027-Q3", &["q4", "m10", "m11", "w48"]),
        (
            "FY2027",
            &[
                "fy27", "m04", "q3", "m08", "custom", "q4", "m10", "m11", "w48",
            ],
        ),
        ("2026-07-01..2026-09-30", &["q3", "m08", "custom"]),
        ("this-month", &["m11", "w48"]),
        ("last-month", &["m10"]),
        ("this-quarter", &["q4", "m10", "m11", "w48"]),
        ("last-quarter", &["q3", "m08", "custom"]),
        ("this-year", &all_2026),
        ("last-year", &["y25", "m2505"]),
    ];
    for (period, expected) in cases {
        assert_eq!(
            selected(&env, period),
            sorted(expected),
            "--period {period}"
        );
    }
}

#[test]
fn the_period_filter_means_the_same_for_goal_list_and_result_list() {
    let env = many_periods();
    env.record("m08", "5", "2026-08-10");
    env.record("m10", "7", "2026-10-10");
    let list = env.json_out(&["goal", "list", "--period", "last-quarter"]);
    let mut ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, ["custom", "m08", "q3"]);
    let results = env.json_out(&["result", "list", "--period", "last-quarter"]);
    assert_eq!(results.as_array().unwrap().len(), 1);
    assert_eq!(results[0]["owner"], "owner-m08");
    assert_eq!(results[0]["date"], "2026-08-10");
}

// ---------------------------------------------------------------- invalid

const BAD_LABELS: [&str; 14] = [
    "2026-Q5",
    "2026-Q0",
    "2026-H3",
    "2026-13",
    "2026-1",
    "2026-W54",
    "2025-W53",
    "26-Q1",
    "FY2026-Q5",
    "Q3-2026",
    "next-decade",
    "2026-09-30..2026-07-01",
    "2026-02-30..2026-03-31",
    "2026/11",
];

fn assert_lists_the_accepted_forms(stderr: &str, label: &str) {
    assert!(
        stderr.contains(label),
        "the error does not name '{label}': {stderr}"
    );
    for form in [
        "2026-H1",
        "2026-Q3",
        "2026-11",
        "2026-W48",
        "FY2026",
        "FY2026-Q1",
        "2026-07-01..2026-09-30",
        "this-month",
        "last-month",
        "this-quarter",
        "last-quarter",
        "this-year",
        "last-year",
    ] {
        assert!(stderr.contains(form), "'{form}' is not listed in: {stderr}");
    }
}

#[test]
fn invalid_labels_are_refused_by_goal_add_with_the_accepted_forms() {
    let env = TestEnv::new();
    for label in BAD_LABELS {
        let output = env
            .run(&["goal", "add", "g", "--target", "1", "--period", label])
            .code(1)
            .get_output()
            .clone();
        assert!(output.stdout.is_empty());
        assert_lists_the_accepted_forms(&String::from_utf8(output.stderr).unwrap(), label);
    }
    assert!(env.bytes().is_empty(), "a refused goal was written");
}

#[test]
fn invalid_labels_are_refused_by_report_with_the_accepted_forms() {
    let env = TestEnv::new();
    env.goal("g", "1", "2026-Q3", &[]);
    for label in BAD_LABELS {
        let output = env
            .run(&["report", "--period", label, "--format", "json"])
            .code(1)
            .get_output()
            .clone();
        assert!(output.stdout.is_empty());
        assert_lists_the_accepted_forms(&String::from_utf8(output.stderr).unwrap(), label);
    }
}

#[test]
fn a_near_miss_gets_did_you_mean_and_next_and_fiscal_names_resolve() {
    let env = TestEnv::new().as_of("2026-11-27");
    env.ok(&["init", "--fiscal-year-start", "4"]);
    for (typed, meant) in [
        ("Q3 2026", "2026-Q3"),
        ("2026Q3", "2026-Q3"),
        ("q3", "2026-Q3"),
    ] {
        let err = env.fails(1, &["report", "--period", typed]);
        assert!(
            err.contains(&format!("did you mean {meant}?")),
            "{typed}: {err}"
        );
    }
    env.goal("q1", "10", "2027-Q1", &[]);
    env.goal("w49", "10", "2026-W49", &[]);
    env.goal("fyq3", "10", "FY2027-Q3", &[]);
    let ids = |period: &str| -> Vec<String> {
        env.json_out(&["goal", "list", "--period", period])
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("next-quarter"), ["q1"]);
    assert_eq!(ids("next-week"), ["w49"]);
    // With an April start, 2026-11 is in the third quarter of FY2027.
    assert_eq!(ids("this-fiscal-quarter"), ["fyq3", "w49"]);
}
