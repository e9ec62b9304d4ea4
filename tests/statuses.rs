//! Status, attainment, gap and pace, computed by hand from the inputs and
//! checked through `report --format json`.
//!
//! Most tests use 2026-Q3 (92 days, 2026-07-01..2026-09-30) seen on
//! 2026-08-15, which is day 46: exactly half the quarter, so the projected
//! value of an open `sum` goal is twice its actual.

mod common;

use common::TestEnv;
use serde_json::Value;

const MID_Q3: &str = "2026-08-15";

/// The exact text of a JSON number.
fn num(value: &Value) -> String {
    assert!(value.is_number(), "expected a JSON number, got {value}");
    value.to_string()
}

/// A goal object of the report, by id.
fn goal<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["goals"]
        .as_array()
        .expect("goals array")
        .iter()
        .find(|g| g["id"] == id)
        .unwrap_or_else(|| panic!("no goal {id} in {report}"))
}

/// Adds goal `id` and records `values` against it on `date`.
fn goal_with(
    env: &TestEnv,
    id: &str,
    target: &str,
    period: &str,
    extra: &[&str],
    values: &[(&str, &str)],
) {
    env.goal(id, target, period, extra);
    for (value, date) in values {
        env.record(id, value, date);
    }
}

// ---------------------------------------------------------------- open sum pace

#[test]
fn open_sum_goals_are_judged_on_pace_at_the_exact_boundaries() {
    let env = TestEnv::new().as_of(MID_Q3);
    for (id, value) in [
        ("early", "100"),
        ("on-pace", "50"),
        ("just-short", "49.99"),
        ("at-the-line", "45"),
        ("under-the-line", "44.99"),
    ] {
        goal_with(&env, id, "100", "2026-Q3", &[], &[(value, "2026-07-02")]);
    }
    env.goal("nothing", "100", "2026-Q3", &[]);
    let report = env.json_out(&["report"]);
    // (id, status, actual, projected = 2 x actual)
    for (id, status, actual, projected) in [
        ("early", "met", "100", "200"),
        ("on-pace", "on-track", "50", "100"),
        ("just-short", "at-risk", "49.99", "99.98"),
        ("at-the-line", "at-risk", "45", "90"),
        ("under-the-line", "behind", "44.99", "89.98"),
        ("nothing", "behind", "0", "0"),
    ] {
        let g = goal(&report, id);
        assert_eq!(g["status"], status, "status of {id}");
        assert_eq!(num(&g["actual"]), actual, "actual of {id}");
        assert_eq!(num(&g["projected"]), projected, "projected of {id}");
        assert_eq!(g["elapsed_days"], 46, "{id}");
        assert_eq!(g["period_days"], 92, "{id}");
    }
}

#[test]
fn an_early_hit_is_met_even_on_the_first_day() {
    let env = TestEnv::new().as_of("2026-07-01");
    goal_with(&env, "g", "100", "2026-Q3", &[], &[("100", "2026-07-01")]);
    let report = env.json_out(&["report"]);
    let g = goal(&report, "g");
    assert_eq!(g["status"], "met");
    assert_eq!(num(&g["attainment"]), "1");
    assert_eq!(num(&g["gap"]), "0");
    // Day 1 of 92: 100 x 92 = 9200.
    assert_eq!(num(&g["projected"]), "9200");
}

#[test]
fn on_the_last_day_the_projection_is_the_actual() {
    let env = TestEnv::new().as_of("2026-09-30");
    goal_with(&env, "g", "100", "2026-Q3", &[], &[("89.99", "2026-09-30")]);
    let report = env.json_out(&["report"]);
    let g = goal(&report, "g");
    assert_eq!(num(&g["projected"]), "89.99");
    assert_eq!(g["status"], "behind");
    assert_eq!(g["elapsed_days"], 92);
}

#[test]
fn the_at_risk_threshold_comes_from_the_settings() {
    let env = TestEnv::new().as_of(MID_Q3);
    env.ok(&["init", "--at-risk", "0.8"]);
    goal_with(
        &env,
        "at-line",
        "100",
        "2026-Q3",
        &[],
        &[("40", "2026-07-02")],
    );
    goal_with(
        &env,
        "below",
        "100",
        "2026-Q3",
        &[],
        &[("39.99", "2026-07-02")],
    );
    let report = env.json_out(&["report"]);
    assert_eq!(goal(&report, "at-line")["status"], "at-risk");
    assert_eq!(goal(&report, "below")["status"], "behind");
}

// ---------------------------------------------------------------- closed, stretch, upcoming

#[test]
fn closed_goals_are_met_missed_or_exceeded() {
    let env = TestEnv::new().as_of(MID_Q3);
    let q2 = "2026-05-01";
    let stretch = ["--stretch", "120"];
    goal_with(&env, "short", "100", "2026-Q2", &stretch, &[("99.99", q2)]);
    goal_with(
        &env,
        "exact",
        "100",
        "2026-Q2",
        &stretch,
        &[("60", q2), ("40", q2)],
    );
    goal_with(&env, "over", "100", "2026-Q2", &stretch, &[("119.99", q2)]);
    goal_with(&env, "stretch", "100", "2026-Q2", &stretch, &[("120", q2)]);
    goal_with(&env, "beyond", "100", "2026-Q2", &stretch, &[("130", q2)]);
    goal_with(&env, "plain", "100", "2026-Q2", &[], &[("130", q2)]);
    env.goal("empty", "100", "2026-Q2", &[]);
    let report = env.json_out(&["report"]);
    // (id, status, actual, attainment, gap)
    for (id, status, actual, attainment, gap) in [
        ("short", "missed", "99.99", "0.9999", "0.01"),
        ("exact", "met", "100", "1", "0"),
        ("over", "met", "119.99", "1.1999", "-19.99"),
        ("stretch", "exceeded", "120", "1.2", "-20"),
        ("beyond", "exceeded", "130", "1.3", "-30"),
        // No stretch target: reaching 130% is met, not exceeded.
        ("plain", "met", "130", "1.3", "-30"),
        ("empty", "missed", "0", "0", "100"),
    ] {
        let g = goal(&report, id);
        assert_eq!(g["status"], status, "status of {id}");
        assert_eq!(num(&g["actual"]), actual, "actual of {id}");
        assert_eq!(num(&g["attainment"]), attainment, "attainment of {id}");
        assert_eq!(num(&g["gap"]), gap, "gap of {id}");
        assert_eq!(g["projected"], Value::Null, "projected of closed {id}");
    }
}

#[test]
fn an_open_goal_that_reaches_its_stretch_is_exceeded() {
    let env = TestEnv::new().as_of(MID_Q3);
    let stretch = ["--stretch", "120"];
    goal_with(
        &env,
        "stretched",
        "100",
        "2026-Q3",
        &stretch,
        &[("120", "2026-07-02")],
    );
    goal_with(
        &env,
        "met",
        "100",
        "2026-Q3",
        &stretch,
        &[("119", "2026-07-02")],
    );
    let report = env.json_out(&["report"]);
    assert_eq!(goal(&report, "stretched")["status"], "exceeded");
    assert_eq!(num(&goal(&report, "stretched")["stretch"]), "120");
    assert_eq!(goal(&report, "met")["status"], "met");
}

#[test]
fn goals_whose_period_has_not_started_are_upcoming() {
    let env = TestEnv::new().as_of(MID_Q3);
    env.goal("later", "100", "2026-Q4", &[]);
    // A result dated inside the future period does not change that.
    goal_with(
        &env,
        "booked",
        "100",
        "2026-Q4",
        &[],
        &[("500", "2026-10-05")],
    );
    env.goal("csat", "4.5", "2026-Q4", &["--metric", "csat"]);
    let report = env.json_out(&["report"]);
    for id in ["later", "booked", "csat"] {
        let g = goal(&report, id);
        assert_eq!(g["status"], "upcoming", "{id}");
        assert_eq!(g["projected"], Value::Null, "{id}");
        assert_eq!(g["elapsed_days"], 0, "{id}");
    }
}

// ---------------------------------------------------------------- aggregates

#[test]
fn each_aggregate_combines_results_its_own_way() {
    let env = TestEnv::new().as_of(MID_Q3);
    // Recorded in this order; 25 is recorded after 40 on the same day, and
    // 5 is recorded last but dated earlier.
    let values = [
        ("10", "2026-04-05"),
        ("40", "2026-05-05"),
        ("25", "2026-05-05"),
        ("5", "2026-04-09"),
    ];
    for aggregate in ["sum", "latest", "average", "max", "min"] {
        goal_with(
            &env,
            aggregate,
            "20",
            "2026-Q2",
            &["--aggregate", aggregate],
            &values,
        );
    }
    let report = env.json_out(&["report"]);
    // (aggregate, actual, attainment = actual / 20, gap = 20 - actual, status)
    for (id, actual, attainment, gap, status) in [
        ("sum", "80", "4", "-60", "met"),
        ("latest", "25", "1.25", "-5", "met"),
        ("average", "20", "1", "0", "met"),
        ("max", "40", "2", "-20", "met"),
        ("min", "5", "0.25", "15", "missed"),
    ] {
        let g = goal(&report, id);
        assert_eq!(g["aggregate"], id);
        assert_eq!(num(&g["actual"]), actual, "actual of {id}");
        assert_eq!(num(&g["attainment"]), attainment, "attainment of {id}");
        assert_eq!(num(&g["gap"]), gap, "gap of {id}");
        assert_eq!(g["status"], status, "status of {id}");
        assert_eq!(g["results"], 4, "{id}");
    }
}

#[test]
fn open_goals_of_other_aggregates_compare_the_current_value() {
    let env = TestEnv::new().as_of(MID_Q3);
    let avg = ["--aggregate", "average"];
    goal_with(
        &env,
        "avg-on",
        "4.5",
        "2026-Q3",
        &avg,
        &[("4", "2026-07-01"), ("5", "2026-08-01")],
    );
    // 4.05 / 4.5 = 0.9 exactly.
    goal_with(
        &env,
        "avg-risk",
        "4.5",
        "2026-Q3",
        &avg,
        &[("4.05", "2026-07-01")],
    );
    goal_with(
        &env,
        "avg-behind",
        "4.5",
        "2026-Q3",
        &avg,
        &[("4.04", "2026-07-01")],
    );
    goal_with(
        &env,
        "latest-risk",
        "10",
        "2026-Q3",
        &["--aggregate", "latest"],
        &[("12", "2026-07-01"), ("9", "2026-08-01")],
    );
    goal_with(
        &env,
        "max-risk",
        "10",
        "2026-Q3",
        &["--aggregate", "max"],
        &[("9", "2026-07-01"), ("8.99", "2026-08-01")],
    );
    goal_with(
        &env,
        "min-behind",
        "10",
        "2026-Q3",
        &["--aggregate", "min"],
        &[("12", "2026-07-01"), ("8.99", "2026-08-01")],
    );
    env.goal("avg-none", "4.5", "2026-Q3", &avg);
    let report = env.json_out(&["report"]);
    for (id, actual, status) in [
        ("avg-on", "4.5", "on-track"),
        ("avg-risk", "4.05", "at-risk"),
        ("avg-behind", "4.04", "behind"),
        ("latest-risk", "9", "at-risk"),
        ("max-risk", "9", "at-risk"),
        ("min-behind", "8.99", "behind"),
    ] {
        let g = goal(&report, id);
        assert_eq!(num(&g["actual"]), actual, "actual of {id}");
        assert_eq!(g["status"], status, "status of {id}");
        // Pace projection is for sum goals only.
        assert_eq!(g["projected"], Value::Null, "projected of {id}");
    }
    // No results and not a sum: no actual at all.
    let none = goal(&report, "avg-none");
    assert_eq!(none["actual"], Value::Null);
    assert_eq!(none["attainment"], Value::Null);
    assert_eq!(none["gap"], Value::Null);
    assert_eq!(none["status"], "behind");
}

// ---------------------------------------------------------------- at-most

#[test]
fn closed_at_most_goals_invert_attainment() {
    let env = TestEnv::new().as_of(MID_Q3);
    let q2 = "2026-06-01";
    let churn = ["--metric", "churn"];
    goal_with(
        &env,
        "under",
        "5",
        "2026-Q2",
        &churn,
        &[("7", "2026-04-01"), ("4", q2)],
    );
    goal_with(&env, "at", "5", "2026-Q2", &churn, &[("5", q2)]);
    goal_with(&env, "over", "5", "2026-Q2", &churn, &[("6.25", q2)]);
    let report = env.json_out(&["report"]);
    // (id, status, actual, attainment = 5 / actual, gap = 5 - actual)
    for (id, status, actual, attainment, gap) in [
        ("under", "met", "4", "1.25", "1"),
        ("at", "met", "5", "1", "0"),
        ("over", "missed", "6.25", "0.8", "-1.25"),
    ] {
        let g = goal(&report, id);
        assert_eq!(g["direction"], "at-most");
        assert_eq!(g["status"], status, "status of {id}");
        assert_eq!(num(&g["actual"]), actual, "actual of {id}");
        assert_eq!(num(&g["attainment"]), attainment, "attainment of {id}");
        assert_eq!(num(&g["gap"]), gap, "gap of {id}");
    }
}

#[test]
fn an_at_most_goal_with_actual_zero_is_met_with_no_attainment() {
    let env = TestEnv::new().as_of(MID_Q3);
    goal_with(
        &env,
        "churn",
        "5",
        "2026-Q2",
        &["--metric", "churn"],
        &[("0", "2026-06-01")],
    );
    let out = env.ok(&["report", "--format", "json"]);
    let report: Value = serde_json::from_str(&out).unwrap();
    let g = goal(&report, "churn");
    assert_eq!(g["status"], "met");
    assert_eq!(num(&g["actual"]), "0");
    assert!(out.contains("\"attainment\": null,"), "{out}");
    assert_eq!(num(&g["gap"]), "5");
    // People read a dash, not a percentage (--wide: every column).
    let table = env.ok(&["report", "--wide"]);
    let row = table.lines().find(|l| l.contains("churn")).unwrap();
    let cells: Vec<&str> = row.split('┆').map(str::trim).collect();
    // Goal, Owner, Period, Target, Actual, Progress, Attainment, ...
    assert_eq!(cells[6], "—", "{row}");
}

#[test]
fn at_most_stretch_targets_are_below_the_limit() {
    let env = TestEnv::new().as_of(MID_Q3);
    let churn = ["--metric", "churn", "--stretch", "3"];
    goal_with(&env, "two", "5", "2026-Q2", &churn, &[("2", "2026-06-01")]);
    goal_with(
        &env,
        "three",
        "5",
        "2026-Q2",
        &churn,
        &[("3", "2026-06-01")],
    );
    goal_with(&env, "four", "5", "2026-Q2", &churn, &[("4", "2026-06-01")]);
    let report = env.json_out(&["report"]);
    assert_eq!(goal(&report, "two")["status"], "exceeded");
    assert_eq!(goal(&report, "three")["status"], "exceeded");
    assert_eq!(goal(&report, "four")["status"], "met");
}

#[test]
fn open_at_most_sum_goals_mirror_the_pace_rules() {
    let env = TestEnv::new().as_of(MID_Q3);
    let at_most = ["--metric", "returns", "--direction", "at-most"];
    for (id, value) in [
        ("on-pace", "50"),
        // projected 111.1: 100 / 111.1 = 0.90009 >= 0.9
        ("at-risk", "55.55"),
        // projected 111.12: 100 / 111.12 = 0.89992 < 0.9
        ("behind", "55.56"),
        // already over the limit: nothing later can bring a sum back down
        ("over", "100.01"),
    ] {
        goal_with(
            &env,
            id,
            "100",
            "2026-Q3",
            &at_most,
            &[(value, "2026-07-02")],
        );
    }
    let report = env.json_out(&["report"]);
    for (id, status, projected) in [
        ("on-pace", "on-track", "100"),
        ("at-risk", "at-risk", "111.1"),
        ("behind", "behind", "111.12"),
        ("over", "missed", "200.02"),
    ] {
        let g = goal(&report, id);
        assert_eq!(g["aggregate"], "sum");
        assert_eq!(g["direction"], "at-most");
        assert_eq!(g["status"], status, "status of {id}");
        assert_eq!(num(&g["projected"]), projected, "projected of {id}");
    }
    assert_eq!(num(&goal(&report, "over")["gap"]), "-0.01");
}

// ---------------------------------------------------------------- exact decimals

#[test]
fn a_tenth_plus_two_tenths_is_exactly_three_tenths() {
    let env = TestEnv::new().as_of(MID_Q3);
    goal_with(
        &env,
        "tenths",
        "1",
        "2026-Q3",
        &[],
        &[("0.1", "2026-07-01"), ("0.2", "2026-07-02")],
    );
    let out = env.ok(&["report", "--format", "json"]);
    assert!(out.contains("\"actual\": 0.3,"), "{out}");
    assert!(out.contains("\"gap\": 0.7,"), "{out}");
    assert!(out.contains("\"projected\": 0.6,"), "{out}");
    assert!(!out.contains("0.30000000000000004"), "{out}");
    let table = env.ok(&["report"]);
    assert!(table.contains("$0.30"), "{table}");
}

#[test]
fn exact_sums_decide_an_at_most_limit() {
    // With binary floating point 0.1 + 0.2 is above 0.3 and this goal
    // would be missed.
    let env = TestEnv::new().as_of(MID_Q3);
    goal_with(
        &env,
        "limit",
        "0.3",
        "2026-Q2",
        &["--direction", "at-most"],
        &[("0.1", "2026-04-01"), ("0.2", "2026-05-01")],
    );
    let out = env.ok(&["report", "--format", "json"]);
    assert!(out.contains("\"actual\": 0.3,"), "{out}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(goal(&report, "limit")["status"], "met");
    assert_eq!(num(&goal(&report, "limit")["attainment"]), "1");
    assert_eq!(num(&goal(&report, "limit")["gap"]), "0");
}

// ---------------------------------------------------------------- gap and projected

#[test]
fn projections_scale_the_actual_to_the_whole_period() {
    // 2026-Q4 seen on 2026-11-27 is day 58 of 92 (31 + 27).
    let env = TestEnv::new();
    goal_with(&env, "q4", "150", "2026-Q4", &[], &[("100", "2026-10-10")]);
    // 2026-11 seen on 2026-11-27 is day 27 of 30.
    goal_with(
        &env,
        "nov",
        "1000",
        "2026-11",
        &[],
        &[("900", "2026-11-02")],
    );
    let report = env.json_out(&["report"]);
    let q4 = goal(&report, "q4");
    assert_eq!(
        (q4["elapsed_days"].as_i64(), q4["period_days"].as_i64()),
        (Some(58), Some(92))
    );
    // 100 x 92 / 58 = 158.62...
    let projected = q4["projected"].as_f64().unwrap();
    assert!((projected - 158.6207).abs() < 0.006, "{projected}");
    assert_eq!(q4["status"], "on-track");
    assert_eq!(num(&q4["gap"]), "50");
    let nov = goal(&report, "nov");
    // 900 x 30 / 27 = 1000 exactly: on track, gap 100.
    assert_eq!(num(&nov["projected"]), "1000");
    assert_eq!(nov["status"], "on-track");
    assert_eq!(num(&nov["gap"]), "100");
}

// ---------------------------------------------------------------- summary

#[test]
fn the_summary_counts_goals_by_status() {
    let env = TestEnv::new().as_of(MID_Q3);
    let q2 = "2026-05-01";
    let q3 = "2026-07-02";
    goal_with(
        &env,
        "a-exceeded",
        "100",
        "2026-Q2",
        &["--stretch", "110"],
        &[("110", q2)],
    );
    goal_with(&env, "b-met", "100", "2026-Q2", &[], &[("100", q2)]);
    goal_with(&env, "c-met", "100", "2026-Q3", &[], &[("100", q3)]);
    goal_with(&env, "d-on-track", "100", "2026-Q3", &[], &[("50", q3)]);
    goal_with(&env, "e-at-risk", "100", "2026-Q3", &[], &[("45", q3)]);
    goal_with(&env, "f-behind", "100", "2026-Q3", &[], &[("44.99", q3)]);
    goal_with(&env, "g-missed", "100", "2026-Q2", &[], &[("99", q2)]);
    env.goal("h-upcoming", "100", "2026-Q4", &[]);
    let report = env.json_out(&["report"]);
    let summary = &report["summary"];
    for (key, count) in [
        ("total", 8),
        ("exceeded", 1),
        ("met", 2),
        ("on_track", 1),
        ("at_risk", 1),
        ("behind", 1),
        ("missed", 1),
        ("upcoming", 1),
    ] {
        assert_eq!(summary[key], count, "summary.{key} in {summary}");
    }
    let table = env.ok(&["report"]);
    assert!(
        table.contains(
            "3 of 8 met (1 exceeded) · 1 on track · 1 at risk · 1 behind · 1 missed · 1 upcoming"
        ),
        "{table}"
    );
    // The filter counts only what it shows.
    let missed = env.json_out(&["report", "--status", "missed,behind"]);
    assert_eq!(missed["summary"]["total"], 2);
    assert_eq!(missed["summary"]["missed"], 1);
    assert_eq!(missed["summary"]["behind"], 1);
    assert_eq!(missed["summary"]["met"], 0);
}

#[test]
fn results_dated_after_the_as_of_date_are_not_counted_yet() {
    let mut env = TestEnv::new().as_of("2026-09-30");
    env.goal("g", "100", "2026-Q3", &[]);
    env.record("g", "40", "2026-07-10");
    env.record("g", "70", "2026-09-20");
    env.set_as_of("2026-08-15");
    let august = env.json_out(&["report"]);
    assert_eq!(august["goals"][0]["actual"], serde_json::json!(40));
    assert_eq!(august["goals"][0]["results"], 1);
    env.set_as_of("2026-10-01");
    let october = env.json_out(&["report"]);
    assert_eq!(october["goals"][0]["actual"], serde_json::json!(110));
    assert_eq!(october["goals"][0]["status"], "met");
}

// ---------------------------------------------------------------- exactness

#[test]
fn an_average_is_judged_exactly_though_shown_to_six_decimals() {
    let env = TestEnv::new();
    goal_with(
        &env,
        "csat",
        "4.5",
        "2026-Q3",
        &["--metric", "csat"],
        &[
            ("4.5", "2026-08-01"),
            ("4.5", "2026-08-02"),
            ("4.499999", "2026-08-03"),
        ],
    );
    let report = env.json_out(&["report"]);
    let csat = goal(&report, "csat");
    // The mean is 4.4999996666…: shown as 4.5, and missed.
    assert_eq!(num(&csat["actual"]), "4.5");
    assert_eq!(csat["status"], "missed");
}

#[test]
fn a_met_goal_without_a_ratio_gets_the_highest_tier() {
    let env = TestEnv::new();
    goal_with(
        &env,
        "churn",
        "5",
        "2026-Q3",
        &["--metric", "churn"],
        &[("0", "2026-08-01")],
    );
    goal_with(
        &env,
        "zero",
        "0",
        "2026-Q3",
        &["--metric", "deals-won"],
        &[("3", "2026-08-01")],
    );
    let report = env.json_out(&["report"]);
    for id in ["churn", "zero"] {
        let g = goal(&report, id);
        assert_eq!(g["attainment"], Value::Null, "{id}");
        assert_eq!(g["celebration"]["tier"], "bonus", "{id}");
    }
}
