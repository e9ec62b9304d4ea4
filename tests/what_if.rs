//! `attain what-if`: the report as if results were recorded on the as-of
//! date (2026-11-27), marking what changes, writing nothing.
//!
//! East holds Ana and Ben. In 2026-Q4 Ana sold 40 and Ben 30 of 100 each;
//! the East team's goal of 200 counts both (70).

mod common;

use common::TestEnv;
use serde_json::{Value, json};

fn east() -> TestEnv {
    let env = TestEnv::new();
    for person in ["Ana", "Ben"] {
        env.ok(&["person", "add", person]);
    }
    env.ok(&["team", "add", "east", "--member", "ana", "--member", "ben"]);
    env.goal("ana-q4", "100", "2026-Q4", &["--owner", "ana"]);
    env.goal("ben-q4", "100", "2026-Q4", &["--owner", "ben"]);
    env.goal("east-q4", "200", "2026-Q4", &["--owner", "east"]);
    env.goal("ana-q3", "100", "2026-Q3", &["--owner", "ana"]);
    env.goal("ana-q1", "100", "2027-Q1", &["--owner", "ana"]);
    env.record("ana-q4", "40", "2026-10-15");
    env.record("ben-q4", "30", "2026-11-01");
    env
}

fn goal<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["goals"]
        .as_array()
        .expect("goals")
        .iter()
        .find(|g| g["id"] == id)
        .unwrap_or_else(|| panic!("no goal {id} in {report}"))
}

#[test]
fn nothing_is_written() {
    let env = east();
    let files = || {
        let mut names: Vec<_> = std::fs::read_dir(env.dir())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        names.sort();
        names
    };
    let history = env.ok(&["history", "--format", "json"]);
    let before = env.bytes();
    let listed = files();
    env.ok(&["what-if", "--assume", "ana-q4=+60", "--assume", "ben-q4=-5"]);
    env.json_out(&["what-if", "--assume", "ana-q4=+60", "--by", "team"]);
    env.ok(&["what-if", "--assume", "ana-q4=+60", "--format", "csv"]);
    assert_eq!(env.bytes(), before);
    // No lock file, backup or temporary file was left either.
    assert_eq!(files(), listed);
    assert_eq!(env.ok(&["history", "--format", "json"]), history);
}

#[test]
fn a_status_flips_with_the_exact_amounts() {
    let env = east();
    let out = env.ok(&["what-if", "--period", "2026-Q4", "--assume", "ana-q4=+60"]);
    assert!(out.contains("behind → met"), "{out}");
    assert!(
        out.contains("Assumed on 2026-11-27: ana-q4 +$60 (nothing written)"),
        "{out}"
    );
    assert!(
        out.contains("2 goals change status: ana-q4 behind → met, east-q4 behind → on-track"),
        "{out}"
    );
    let report = env.json_out(&["what-if", "--period", "2026-Q4", "--assume", "ana-q4=+60"]);
    let ana = goal(&report, "ana-q4");
    assert_eq!(ana["actual"], json!(100));
    assert_eq!(ana["attainment"], json!(1));
    assert_eq!(ana["status"], "met");
    assert_eq!(ana["celebration"]["tier"], "message");
    assert_eq!(
        ana["before"],
        json!({"actual": 40, "attainment": 0.4, "status": "behind", "tier": null, "streak": null, "rank": 1})
    );
    // Ben's goal is untouched.
    let ben = goal(&report, "ben-q4");
    assert_eq!(ben["actual"], json!(30));
    assert_eq!(ben["before"]["actual"], json!(30));
}

#[test]
fn a_lost_deal_lowers_the_actual() {
    let env = east();
    let report = env.json_out(&["what-if", "--assume", "ben-q4=-5.50"]);
    assert_eq!(goal(&report, "ben-q4")["actual"], json!(24.5));
    assert_eq!(goal(&report, "east-q4")["actual"], json!(64.5));
    assert_eq!(
        report["assumed"],
        json!([{"goal": "ben-q4", "amount": -5.5}])
    );
}

#[test]
fn a_member_s_deal_changes_the_team_goal_and_its_subtotal() {
    let env = east();
    let report = env.json_out(&[
        "what-if",
        "--period",
        "2026-Q4",
        "--by",
        "team",
        "--assume",
        "ben-q4=+1,200.50",
    ]);
    let team = goal(&report, "east-q4");
    assert_eq!(team["actual"], json!(1270.5));
    assert_eq!(team["before"]["actual"], json!(70));
    let groups = report["groups"].as_array().expect("groups");
    let east = groups.iter().find(|g| g["key"] == "east").expect("east");
    assert_eq!(east["target"], json!(200));
    assert_eq!(east["actual"], json!(1270.5));
    let out = env.ok(&[
        "what-if",
        "--period",
        "2026-Q4",
        "--by",
        "team",
        "--assume",
        "ben-q4=+1,200.50",
    ]);
    let subtotal = out
        .lines()
        .find(|l| l.contains("Σ east"))
        .unwrap_or_else(|| panic!("no subtotal in {out}"));
    assert!(subtotal.contains("$1,270.50"), "{subtotal}");
    assert!(subtotal.contains("0 → 2 of 3 met"), "{subtotal}");
    assert!(subtotal.contains("$70 · 35.0%"), "{subtotal}");
}

#[test]
fn json_has_the_report_shape_with_before_assumed_and_changed() {
    let env = east();
    let report = env.json_out(&["what-if", "--period", "2026-Q4", "--assume", "ana-q4=+60"]);
    assert_eq!(report["as_of"], "2026-11-27");
    assert_eq!(report["assumed"], json!([{"goal": "ana-q4", "amount": 60}]));
    assert_eq!(report["changed"], json!(["ana-q4", "east-q4"]));
    assert_eq!(report["summary"]["met"], json!(1));
    for g in report["goals"].as_array().expect("goals") {
        assert!(g.get("rank").is_some(), "rank missing in {g}");
        for key in ["actual", "attainment", "status", "tier", "streak", "rank"] {
            assert!(g["before"].get(key).is_some(), "{key} missing in {g}");
        }
    }
    // The report itself carries none of these.
    let plain = env.json_out(&["report", "--period", "2026-Q4"]);
    assert!(plain.get("assumed").is_none() && plain.get("changed").is_none());
    assert!(plain["goals"][0].get("before").is_none());
    assert!(plain["goals"][0].get("rank").is_none());
}

#[test]
fn an_unknown_goal_is_named_with_a_suggestion() {
    let env = east();
    let before = env.bytes();
    let err = env.fails(1, &["what-if", "--assume", "ana-q5=+10"]);
    assert_eq!(
        err.trim_end(),
        "error: no goal named 'ana-q5'; did you mean 'ana-q4'? (see `attain goal list`)"
    );
    assert_eq!(env.bytes(), before);
}

#[test]
fn a_goal_whose_period_does_not_hold_the_as_of_date_is_refused() {
    let env = east();
    let err = env.fails(1, &["what-if", "--assume", "ana-q3=+10"]);
    assert_eq!(
        err.trim_end(),
        "error: goal 'ana-q3' is for 2026-Q3, which ended on 2026-09-30; an assumed result is \
         dated the as-of date 2026-11-27, so it cannot count toward it"
    );
    let err = env.fails(1, &["what-if", "--assume", "ana-q1=+10"]);
    assert!(err.contains("which starts on 2027-01-01"), "{err}");
}

#[test]
fn an_assumption_without_an_amount_is_a_usage_error() {
    let env = east();
    let err = env.fails(2, &["what-if", "--assume", "ana-q4"]);
    assert!(err.contains("write GOAL=AMOUNT"), "{err}");
    let err = env.fails(2, &["what-if", "--assume", "ana-q4=lots"]);
    assert!(err.contains("ana-q4"), "{err}");
    env.fails(2, &["what-if"]);
}

#[test]
fn goal_ids_complete_with_an_equals_sign() {
    let env = east();
    let offered = env.complete(&["what-if", "--assume", "ana-q"]);
    assert!(
        offered.iter().any(|c| c.starts_with("ana-q4=")),
        "{offered:?}"
    );
}

#[test]
fn a_deal_that_overtakes_moves_the_leaderboard_ranks() {
    let env = east();
    let args = ["what-if", "--period", "2026-Q4", "--assume", "ben-q4=+80"];
    let report = env.json_out(&args);
    let ben = goal(&report, "ben-q4");
    assert_eq!(
        (&ben["rank"], &ben["before"]["rank"]),
        (&json!(1), &json!(2))
    );
    let ana = goal(&report, "ana-q4");
    assert_eq!(
        (&ana["rank"], &ana["before"]["rank"]),
        (&json!(2), &json!(1))
    );
    // Ana's numbers are the same; her rank moved, so she changed.
    assert_eq!(ana["actual"], ana["before"]["actual"]);
    assert_eq!(report["changed"], json!(["ana-q4", "ben-q4", "east-q4"]));
    // A team's goal is ranked among teams only.
    assert_eq!(goal(&report, "east-q4")["rank"], json!(1));
    let out = env.ok(&args);
    let ana = out
        .lines()
        .find(|l| l.contains("ana-q4"))
        .unwrap_or_else(|| panic!("no ana-q4 in {out}"));
    assert!(ana.contains("┆ 1 → 2 ┆"), "{ana}");
    assert!(
        !ana.contains("$40 ·"),
        "Ana's numbers did not change: {ana}"
    );
    let ben = out
        .lines()
        .find(|l| l.contains("ben-q4"))
        .unwrap_or_else(|| panic!("no ben-q4 in {out}"));
    assert!(ben.contains("┆ 2 → 1 ┆ $30 · 30.0%"), "{ben}");
}

/// Ana met 2026-Q3 and already meets 2026-Q4 (100 of 100); Ben met
/// 2026-Q3 and has 40 of 100 in 2026-Q4.
fn met_before() -> TestEnv {
    let env = TestEnv::new();
    for person in ["Ana", "Ben"] {
        env.ok(&["person", "add", person]);
    }
    for who in ["ana", "ben"] {
        let q3 = format!("{who}-q3");
        let q4 = format!("{who}-q4");
        env.goal(&q3, "100", "2026-Q3", &["--owner", who]);
        env.goal(&q4, "100", "2026-Q4", &["--owner", who]);
        env.record(&q3, "100", "2026-08-01");
    }
    env.record("ana-q4", "100", "2026-10-15");
    env.record("ben-q4", "40", "2026-10-15");
    env
}

#[test]
fn the_celebration_tier_and_the_streak_are_compared() {
    let env = met_before();
    let args = [
        "what-if",
        "--period",
        "2026-Q4",
        "--assume",
        "ana-q4=+15",
        "--assume",
        "ben-q4=+60",
    ];
    let report = env.json_out(&args);
    let ana = goal(&report, "ana-q4");
    assert_eq!(ana["celebration"]["tier"], "event");
    assert_eq!(ana["before"]["tier"], "message");
    assert_eq!(ana["before"]["streak"], json!(2));
    let ben = goal(&report, "ben-q4");
    assert_eq!(ben["celebration"]["streak"], json!(2));
    assert_eq!(ben["before"]["streak"], json!(null));
    let out = env.ok(&args);
    let ana = out
        .lines()
        .find(|l| l.contains("ana-q4"))
        .unwrap_or_else(|| panic!("no ana-q4 in {out}"));
    assert!(ana.contains("$100 · 100.0% · message"), "{ana}");
    assert!(
        out.contains("1 goal changes status: ben-q4 behind → met"),
        "{out}"
    );
}

#[test]
fn csv_adds_the_before_columns() {
    let env = met_before();
    let out = env.ok(&[
        "what-if",
        "--period",
        "2026-Q4",
        "--assume",
        "ben-q4=+60",
        "--format",
        "csv",
    ]);
    let mut lines = out.lines();
    let header = lines.next().expect("header");
    assert!(
        header.ends_with(
            ",review,rank,before_actual,before_attainment,before_status,before_tier,\
             before_streak,before_rank,changed"
        ),
        "{header}"
    );
    let ben = lines
        .find(|l| l.starts_with("ben-q4,"))
        .unwrap_or_else(|| panic!("no ben-q4 in {out}"));
    assert!(ben.ends_with(",1,40,0.4,behind,,,2,true"), "{ben}");
}

#[test]
fn a_goal_that_averages_takes_the_amount_as_one_more_value() {
    let env = east();
    env.goal(
        "ana-csat",
        "4",
        "2026-Q4",
        &[
            "--owner",
            "ana",
            "--metric",
            "csat",
            "--aggregate",
            "average",
        ],
    );
    env.record("ana-csat", "3.5", "2026-10-15");
    let args = ["what-if", "--metric", "csat", "--assume", "ana-csat=4.5"];
    let report = env.json_out(&args);
    let csat = goal(&report, "ana-csat");
    assert_eq!(
        (&csat["actual"], &csat["before"]["actual"]),
        (&json!(4), &json!(3.5))
    );
    let out = env.ok(&args);
    assert!(
        out.contains("Assumed on 2026-11-27: ana-csat 4.5 (nothing written)"),
        "{out}"
    );
}
