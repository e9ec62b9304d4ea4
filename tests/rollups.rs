//! Roll-ups (`report --by`): subtotals computed by hand from a small org.
//!
//! East holds Ana and Ben, West holds Cy, the org holds both teams. In
//! 2026-Q3 Ana sold 60 + 50, Ben 30, Cy 250; the East team's own goal
//! counts Ana's and Ben's deals (140) and is shown in its group but never
//! added into the subtotal.

mod common;

use common::TestEnv;
use serde_json::Value;

fn org() -> TestEnv {
    let env = TestEnv::new();
    for person in ["Ana", "Ben", "Cy"] {
        env.ok(&["person", "add", person]);
    }
    env.ok(&["team", "add", "east", "--member", "ana", "--member", "ben"]);
    env.ok(&["team", "add", "west", "--member", "cy"]);
    env.ok(&["team", "add", "org", "--member", "east", "--member", "west"]);
    env.goal("ana-q3", "100", "2026-Q3", &["--owner", "ana"]);
    env.goal("ana-2026", "400", "2026", &["--owner", "ana"]);
    env.goal("ben-q3", "100", "2026-Q3", &["--owner", "ben"]);
    env.goal("cy-q3", "200", "2026-Q3", &["--owner", "cy"]);
    env.goal("east-q3", "150", "2026-Q3", &["--owner", "east"]);
    env.goal("org-q3", "500", "2026-Q3", &["--owner", "org"]);
    env.goal(
        "ana-csat-q3",
        "4",
        "2026-Q3",
        &["--owner", "ana", "--metric", "csat"],
    );
    env.record("ana-q3", "60", "2026-08-01");
    env.record("ana-q3", "50", "2026-09-01");
    env.record("ben-q3", "30", "2026-08-15");
    env.record("cy-q3", "250", "2026-07-20");
    env.record("ana-csat-q3", "4.5", "2026-09-10");
    env
}

fn groups(env: &TestEnv, by: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["report", "--by", by];
    args.extend_from_slice(extra);
    env.json_out(&args)["groups"]
        .as_array()
        .expect("groups")
        .clone()
}

fn find<'a>(groups: &'a [Value], key: &str) -> &'a Value {
    groups
        .iter()
        .find(|g| g["key"] == key)
        .unwrap_or_else(|| panic!("no group {key} in {groups:?}"))
}

#[test]
fn by_team_sums_the_people_s_sum_goals_and_shows_team_goals_beside() {
    let env = org();
    let groups = groups(&env, "team", &["--period", "2026-Q3"]);
    let keys: Vec<&str> = groups.iter().map(|g| g["key"].as_str().unwrap()).collect();
    // The one top team holds teams: the groups are the teams below it, and
    // the org's own goal is a group of its own.
    assert_eq!(keys, ["east", "org", "west"]);
    let east = find(&groups, "east");
    // Ana 110 of 100, Ben 30 of 100: 140 of 200. The team's 140 of 150 and
    // Ana's csat are in the group but not in the sums.
    assert_eq!(east["target"].to_string(), "200");
    assert_eq!(east["actual"].to_string(), "140");
    assert_eq!(east["attainment"].to_string(), "0.7");
    assert_eq!(east["unit"], "USD");
    assert_eq!(east["goals"], 4);
    // Met: Ana's revenue and her csat (4.5 of 4); not Ben, not the team.
    assert_eq!(east["met"], 2);
    assert_eq!(
        east["goal_ids"],
        serde_json::json!(["ana-csat-q3", "ana-q3", "ben-q3", "east-q3"])
    );
    let west = find(&groups, "west");
    assert_eq!(
        (west["target"].to_string(), west["actual"].to_string()),
        ("200".into(), "250".into())
    );
    assert_eq!(west["attainment"].to_string(), "1.25");
    // The org's goal (390 of 500) is a team's: no subtotal.
    let own = find(&groups, "org");
    assert_eq!(own["target"], Value::Null);
    assert_eq!(own["subtotals"], serde_json::json!([]));
    assert_eq!(
        (own["goals"].clone(), own["met"].clone()),
        (1.into(), 0.into())
    );
}

#[test]
fn by_owner_metric_and_period_group_as_named() {
    let env = org();
    let by_owner = groups(
        &env,
        "owner",
        &["--period", "2026-Q3", "--metric", "revenue"],
    );
    let ana = find(&by_owner, "ana");
    assert_eq!(ana["name"], "Ana");
    assert_eq!(
        (ana["target"].to_string(), ana["actual"].to_string()),
        ("100".into(), "110".into())
    );
    assert_eq!(ana["attainment"].to_string(), "1.1");
    let by_metric = groups(&env, "metric", &["--period", "2026-Q3"]);
    let revenue = find(&by_metric, "revenue");
    // People's Q3 revenue: 100 + 100 + 200 targets, 110 + 30 + 250 actual.
    assert_eq!(
        (revenue["target"].to_string(), revenue["actual"].to_string()),
        ("400".into(), "390".into())
    );
    assert_eq!(revenue["goals"], 5);
    let csat = find(&by_metric, "csat");
    assert_eq!(csat["target"], Value::Null);
    assert_eq!(csat["met"], 1);
    let by_period = groups(&env, "period", &[]);
    let keys: Vec<&str> = by_period
        .iter()
        .map(|g| g["key"].as_str().unwrap())
        .collect();
    // Ordered by start: the year starts before the quarter.
    assert_eq!(keys, ["2026", "2026-Q3"]);
    let year = find(&by_period, "2026");
    assert_eq!(year["actual"].to_string(), "110");
}

#[test]
fn the_table_shows_a_subtotal_row_under_each_group() {
    let env = org();
    let out = env.ok(&[
        "report", "--by", "team", "--period", "2026-Q3", "--metric", "revenue",
    ]);
    let east = out
        .lines()
        .find(|l| l.contains("Σ east"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(east.contains("$200") && east.contains("$140"), "{east}");
    assert!(
        east.contains("70.0%") && east.contains("1 of 3 met"),
        "{east}"
    );
    // Each group's rows come before its subtotal.
    let at = |needle: &str| out.find(needle).unwrap();
    assert!(at("ben-q3") < at("Σ east") && at("Σ east") < at("cy-q3"));
    // Without --by, no subtotal rows and no groups in JSON.
    assert!(!env.ok(&["report"]).contains('Σ'));
    assert!(env.json_out(&["report"]).get("groups").is_none());
    env.fails(2, &["report", "--by", "region"]);
}
