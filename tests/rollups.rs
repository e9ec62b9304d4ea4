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

/// Four reps with Q3 revenue goals of 100: 120, 100, 100 and 40, so ranks
/// 1, 2, 2, 4; a median of 100% (the mean of the middle two); and a year
/// goal and a team goal that a Q3 people's board leaves out.
fn board() -> TestEnv {
    let env = TestEnv::new();
    for (rep, value) in [("Ana", "120"), ("Ben", "100"), ("Cy", "100"), ("Dee", "40")] {
        let id = format!("{}-q3", rep.to_lowercase());
        env.goal(&id, "100", "2026-Q3", &["--owner", rep]);
        env.record(&id, value, "2026-08-01");
    }
    env.ok(&["team", "add", "east", "--member", "ana", "--member", "ben"]);
    env.goal("ana-2026", "400", "2026", &["--owner", "ana"]);
    env.goal("east-q3", "150", "2026-Q3", &["--owner", "east"]);
    env
}

#[test]
fn the_leaderboard_shares_ranks_and_counts_the_spread() {
    let env = board();
    let json = env.json_out(&["leaderboard", "--period", "2026-Q3"]);
    let entries = json["entries"].as_array().unwrap();
    let ranked: Vec<(u64, &str)> = entries
        .iter()
        .map(|e| (e["rank"].as_u64().unwrap(), e["owner"].as_str().unwrap()))
        .collect();
    assert_eq!(ranked, [(1, "ana"), (2, "ben"), (2, "cy"), (4, "dee")]);
    assert_eq!(
        (json["at_quota"].clone(), json["total"].clone()),
        (3.into(), 4.into())
    );
    assert_eq!(json["share"].to_string(), "0.75");
    // The median of 1.2, 1, 1 and 0.4 is the mean of the middle two.
    assert_eq!(json["median"].to_string(), "1");
    let bands: Vec<u64> = json["bands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .collect();
    // 40% below 50; exactly 100% in 100-110; 120% in 110-125.
    assert_eq!(bands, [1, 0, 0, 0, 2, 1, 0]);
    assert_eq!(json["bands"][4]["band"], "100-110%");
    assert_eq!(json["bands"][4]["from"].to_string(), "1");
    assert_eq!(json["health"], "expected");
    // --top shows the first ranks; the figures still count everyone.
    let top = env.json_out(&["leaderboard", "--period", "2026-Q3", "--top", "1"]);
    assert_eq!(top["entries"].as_array().unwrap().len(), 1);
    assert_eq!(top["total"], 4);
    // --team keeps its members; --teams ranks the teams.
    let east = env.json_out(&["leaderboard", "--period", "2026-Q3", "--team", "east"]);
    assert_eq!(east["total"], 2);
    let teams = env.json_out(&["leaderboard", "--period", "2026-Q3", "--teams"]);
    assert_eq!(teams["entries"][0]["owner"], "east");
    assert_eq!(teams["total"], 1);
    // A year board ranks the year goal only.
    let year = env.json_out(&["leaderboard", "--period", "2026"]);
    assert_eq!(year["entries"][0]["goal"], "ana-2026");
    assert_eq!(year["total"], 1);
}

#[test]
fn the_leaderboard_table_is_pinned() {
    let env = board();
    insta::assert_snapshot!(env.ok(&["leaderboard", "--period", "2026-Q3"]));
}

/// Ana's revenue goals of 100 in each quarter of 2026, with 50, 80, 100
/// and 120 recorded: attainment 50%, 80%, 100%, 120%.
fn quarters() -> TestEnv {
    let env = TestEnv::new();
    for (q, value, day) in [
        ("q1", "50", "2026-02-01"),
        ("q2", "80", "2026-05-01"),
        ("q3", "100", "2026-08-01"),
        ("q4", "120", "2026-11-01"),
    ] {
        let id = format!("ana-{q}");
        let period = format!("2026-{}", q.to_uppercase());
        env.goal(&id, "100", &period, &["--owner", "Ana Lima"]);
        env.record(&id, value, day);
    }
    env
}

#[test]
fn a_trend_gives_the_change_in_points_period_by_period() {
    let env = quarters();
    let json = env.json_out(&["trend", "ana lima"]);
    assert_eq!(json["owner"], "ana-lima");
    let periods = json["periods"].as_array().unwrap();
    let labels: Vec<&str> = periods
        .iter()
        .map(|p| p["period"]["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
    let changes: Vec<String> = periods.iter().map(|p| p["change"].to_string()).collect();
    // 0.5 → 0.8 → 1 → 1.2: +30, +20 and +20 points.
    assert_eq!(changes, ["null", "0.3", "0.2", "0.2"]);
    // Q3 met and Q4 met early: a streak of 2.
    assert_eq!(periods[3]["streak"], 2);
    // Fewer periods, by month: October has no goal of its own.
    let months = env.json_out(&["trend", "ana-lima", "--every", "month", "--periods", "2"]);
    let months = months["periods"].as_array().unwrap();
    assert_eq!(months[0]["period"]["label"], "2026-10");
    assert_eq!(months[0]["goal"], serde_json::Value::Null);
    env.fails(1, &["trend", "nobody"]);
}

#[test]
fn the_trend_table_is_pinned() {
    let env = quarters();
    insta::assert_snapshot!(env.ok(&["trend", "Ana Lima"]));
}

#[test]
fn a_quota_plan_of_ten_thousand_goals_imports_in_one_command_and_again_changes_nothing() {
    let env = TestEnv::new();
    let mut plan = String::from("owner,metric,period,target,stretch,tags\n");
    for rep in 0..2_500 {
        for q in 1..=4 {
            plan.push_str(&format!(
                "Rep {rep},revenue,2027-Q{q},{},{},east;rep\n",
                100 + rep,
                150 + rep
            ));
        }
    }
    let path = env.dir().join("plan.csv");
    std::fs::write(&path, &plan).unwrap();
    let file = path.to_str().unwrap();
    let first = env.json_out(&["goal", "import", file]);
    assert_eq!(
        (first["added"].clone(), first["unchanged"].clone()),
        (10_000.into(), 0.into())
    );
    let data = env.json();
    assert_eq!(data["goals"].as_array().unwrap().len(), 10_000);
    assert_eq!(data["people"].as_array().unwrap().len(), 2_500);
    let goal = &data["goals"][0];
    assert_eq!(goal["id"], "rep-0-revenue-2027-q1");
    assert_eq!(goal["title"], "Rep 0 revenue 2027-Q1");
    assert_eq!(goal["tags"], serde_json::json!(["east", "rep"]));
    let before = env.bytes();
    let again = env.json_out(&["goal", "import", file]);
    assert_eq!(again["unchanged"], 10_000);
    assert_eq!(env.bytes(), before, "a re-run changed the file");
}

#[test]
fn a_bad_plan_row_leaves_the_file_unchanged_and_is_named() {
    let env = TestEnv::new();
    env.goal("ana-revenue-2027-q1", "100", "2027-Q1", &["--owner", "Ana"]);
    let before = env.bytes();
    let cases = [
        (
            "owner,metric,period,target\nBen,revenue,2027-Q1,5k\nCy,revenue,2027-Q5,5k\n",
            "row 2 (line 3): period",
        ),
        (
            "owner,metric,period,target\nBen,revenue,2027-Q1,lots\n",
            "row 1 (line 2): target",
        ),
        (
            "owner,metric,period,target\nAna,revenue,2027-Q1,200\n",
            "pass --update",
        ),
        (
            "owner,period,target\nBen,2027-Q1,5\n",
            "there is no 'metric' column",
        ),
        (
            "{\"owner\":\"Ben\",\"metric\":\"revenue\",\"period\":\"2027-Q1\",\"target\":5}\n{\"owner\":\"Cy\"}\n",
            "row 2 (line 2): the metric is empty",
        ),
    ];
    for (plan, expected) in cases {
        let path = env.dir().join("bad.csv");
        std::fs::write(&path, plan).unwrap();
        let err = env.fails(1, &["goal", "import", path.to_str().unwrap()]);
        assert!(err.contains(expected), "expected {expected:?} in {err}");
        assert!(err.contains("nothing was imported"), "{err}");
        assert_eq!(env.bytes(), before, "{err}");
    }
    // JSON Lines with tags as a list, and --update changing a target.
    let path = env.dir().join("plan.jsonl");
    std::fs::write(
        &path,
        "{\"owner\":\"Ana\",\"metric\":\"revenue\",\"period\":\"2027-Q1\",\"target\":\"120\",\"tags\":[\"east\"]}\n",
    )
    .unwrap();
    let out = env.json_out(&["goal", "import", path.to_str().unwrap(), "--update"]);
    assert_eq!(out["updated"], 1);
    assert_eq!(env.json()["goals"][0]["target"], 120);
}

#[test]
fn goal_roll_by_filter_remakes_titles_and_refuses_a_percent_past_100() {
    let env = org();
    env.ok(&["goal", "edit", "ana-q3", "--title", "Ana - Q3 2026 revenue"]);
    let out = env.ok(&[
        "goal", "roll", "--period", "2026-Q3", "--team", "east", "--metric", "revenue", "--to",
        "2026-Q4", "--adjust", "+10%",
    ]);
    assert!(
        out.contains("Added goal ana-q4") || out.contains("ana-q3-2026-q4"),
        "{out}"
    );
    let goals = env.json_out(&["goal", "list", "--period", "2026-Q4"]);
    let rolled: Vec<(&str, &str, String)> = goals
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["id"].as_str().unwrap(),
                g["title"].as_str().unwrap(),
                g["target"].to_string(),
            )
        })
        .collect();
    // East's own goal and its members' revenue goals, not Cy's (west), not
    // Ana's csat (another metric), not the year goal (not within Q3).
    assert_eq!(rolled.len(), 3, "{rolled:?}");
    assert!(rolled.contains(&("ana-q3-2026-q4", "Ana - Q4 2026 revenue", "110".into())));
    assert!(
        rolled
            .iter()
            .any(|(id, _, t)| *id == "east-q3-2026-q4" && t == "165")
    );
    // Neither ids nor filters: a usage error.
    env.fails(2, &["goal", "roll", "--to", "2027-Q1"]);
    // A churn target of 95% cannot go up 10%.
    env.goal(
        "churn-q3",
        "95",
        "2026-Q3",
        &["--owner", "ana", "--metric", "churn"],
    );
    let before = env.bytes();
    let err = env.fails(
        1,
        &[
            "goal", "roll", "churn-q3", "--to", "2026-Q4", "--adjust", "+10%",
        ],
    );
    assert!(err.contains("more than 100%"), "{err}");
    assert_eq!(env.bytes(), before);
}

#[test]
fn a_review_hints_at_the_target_when_few_are_at_quota() {
    let env = TestEnv::new();
    for (rep, value) in [
        ("Ana", "120"),
        ("Ben", "50"),
        ("Cy", "60"),
        ("Dee", "70"),
        ("Eve", "80"),
    ] {
        let id = format!("{}-q3", rep.to_lowercase());
        env.goal(&id, "100", "2026-Q3", &["--owner", rep]);
        env.record(&id, value, "2026-08-01");
    }
    let hints =
        |env: &TestEnv| env.json_out(&["review", "show", "ben-q3"])["evidence"]["hints"].clone();
    // 1 of 5 at quota: the plan is the likelier cause.
    let low = hints(&env);
    let target = low
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["causes"] == serde_json::json!(["target"]))
        .unwrap_or_else(|| panic!("no target hint in {low}"));
    assert!(
        target["reason"].as_str().unwrap().contains("only 1 of 5"),
        "{target}"
    );
    // With three of five at quota, the spread says nothing of the plan.
    env.record("cy-q3", "40", "2026-08-02");
    env.record("dee-q3", "30", "2026-08-02");
    let fine = hints(&env);
    assert!(!fine.to_string().contains("\"target\""), "{fine}");
}
