//! `attain need`: the amounts still needed per tier, per remaining day and
//! week, checked against hand calculations.
//!
//! November 2026 runs from Sunday the 1st to Monday the 30th. On Friday the
//! 6th, 25 calendar days are left (the 6th counts), and 17 weekdays, 16
//! with Thanksgiving (Thursday the 26th) off.

mod common;

use common::TestEnv;
use serde_json::{Value, json};

/// A 100,000 November goal with a 105,000 stretch and 22,000 recorded.
fn november() -> TestEnv {
    let env = TestEnv::new().as_of("2026-11-06");
    env.goal("nov", "100000", "2026-11", &["--stretch", "105000"]);
    env.record("nov", "22000", "2026-11-03");
    env
}

/// The tiers of a goal of `need --format json` as
/// (tier, reached_at, amount, per_day, per_week) texts.
fn tiers(goal: &Value) -> Vec<[String; 5]> {
    goal["tiers"]
        .as_array()
        .expect("tiers")
        .iter()
        .map(|t| {
            ["tier", "reached_at", "amount", "per_day", "per_week"]
                .map(|key| t[key].to_string().trim_matches('"').to_string())
        })
        .collect()
}

fn row(cells: [&str; 5]) -> [String; 5] {
    cells.map(str::to_string)
}

#[test]
fn calendar_days_spread_each_tier_over_the_days_left() {
    let env = november();
    let out = env.json_out(&["need", "nov"]);
    assert_eq!(out["pace"], "calendar");
    let goal = &out["goals"][0];
    assert_eq!(goal["remaining_days"], 25);
    assert_eq!(goal["remaining_calendar_days"], 25);
    assert_eq!(goal["closed"], false);
    assert_eq!(goal["headroom"], Value::Null);
    assert_eq!(
        tiers(goal),
        [
            // 78,000 / 25 = 3,120; 78,000 * 7 / 25 = 21,840.
            row(["met", "100000", "78000", "3120", "21840"]),
            // The event tier at the stretch, below 110%: 83,000 / 25 =
            // 3,320; 83,000 * 7 / 25 = 23,240.
            row(["event", "105000", "83000", "3320", "23240"]),
            // 125%: 103,000 / 25 = 4,120; 103,000 * 7 / 25 = 28,840.
            row(["bonus", "125000", "103000", "4120", "28840"]),
        ]
    );
}

#[test]
fn business_days_spread_each_tier_over_the_working_days_left() {
    let env = november();
    env.ok(&["settings", "set", "pace", "business"]);
    env.ok(&["settings", "holiday", "add", "2026-11-26", "Thanksgiving"]);
    let out = env.json_out(&["need", "nov"]);
    assert_eq!(out["pace"], "business");
    let goal = &out["goals"][0];
    assert_eq!(goal["remaining_days"], 16);
    assert_eq!(
        tiers(goal),
        [
            // 78,000 / 16 = 4,875; a week is still 7 calendar days.
            row(["met", "100000", "78000", "4875", "21840"]),
            row(["event", "105000", "83000", "5187.5", "23240"]),
            row(["bonus", "125000", "103000", "6437.5", "28840"]),
        ]
    );
    assert_eq!(
        env.ok(&["need", "nov"]),
        "\
┌──────┬─────────┬───────┬────────────┬──────────┬─────────────────┬───────────┬──────────┐
│ Goal ┆  Actual ┆ For   ┆ Reached at ┆   Amount ┆ Left            ┆   Per day ┆ Per week │
╞══════╪═════════╪═══════╪════════════╪══════════╪═════════════════╪═══════════╪══════════╡
│ nov  ┆ $22,000 ┆ met   ┆   $100,000 ┆  $78,000 ┆ 16 working days ┆    $4,875 ┆  $21,840 │
│      ┆         ┆ event ┆   $105,000 ┆  $83,000 ┆                 ┆ $5,187.50 ┆  $23,240 │
│      ┆         ┆ bonus ┆   $125,000 ┆ $103,000 ┆                 ┆ $6,437.50 ┆  $28,840 │
└──────┴─────────┴───────┴────────────┴──────────┴─────────────────┴───────────┴──────────┘
Pace: business days (Mon-Fri, 1 holiday)
"
    );
    assert_eq!(
        env.ok(&["need", "nov", "--format", "markdown"]),
        "\
| Goal | Actual | For | Reached at | Amount | Left | Per day | Per week |
| --- | ---: | --- | ---: | ---: | --- | ---: | ---: |
| nov | $22,000 | met | $100,000 | $78,000 | 16 working days | $4,875 | $21,840 |
|  |  | event | $105,000 | $83,000 |  | $5,187.50 | $23,240 |
|  |  | bonus | $125,000 | $103,000 |  | $6,437.50 | $28,840 |

Pace: business days (Mon-Fri, 1 holiday)
"
    );
}

#[test]
fn on_a_saturday_the_next_working_day_is_the_first_left() {
    let mut env = november();
    env.ok(&["settings", "set", "pace", "business"]);
    env.record("nov", "83000", "2026-11-20");
    // Saturday the 28th: Monday the 30th is the one working day left, 3
    // calendar days. 105,000 is met and at the event tier; the bonus
    // needs 20,000: 20,000 a day, 20,000 * 7 / 3 = 46,666.67 a week
    // (rounded up to the cent).
    env.set_as_of("2026-11-28");
    let goal = env.json_out(&["need", "nov"])["goals"][0].clone();
    assert_eq!(goal["remaining_days"], 1);
    assert_eq!(
        tiers(&goal),
        [
            row(["met", "100000", "0", "null", "null"]),
            row(["event", "105000", "0", "null", "null"]),
            row(["bonus", "125000", "20000", "20000", "46666.67"]),
        ]
    );
}

#[test]
fn closed_goals_say_so_and_at_most_goals_give_their_headroom() {
    let env = november();
    env.goal("oct", "50000", "2026-10", &[]);
    env.record("oct", "45000", "2026-10-20");
    env.goal("churn", "3", "2026-11", &["--metric", "churn"]);
    env.record("churn", "2.5", "2026-11-03");
    let out = env.json_out(&["need", "oct", "churn"]);
    let ids: Vec<&str> = out["goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["oct", "churn"]);
    let oct = &out["goals"][0];
    assert_eq!(oct["closed"], true);
    assert_eq!(oct["remaining_days"], 0);
    assert_eq!(
        oct["tiers"][0],
        json!({"tier": "met", "reached_at": 50000, "amount": 5000, "per_day": null, "per_week": null})
    );
    let churn = &out["goals"][1];
    assert_eq!(churn["tiers"], json!([]));
    assert_eq!(
        churn["headroom"],
        json!({"amount": 0.5, "per_day": null, "per_week": null})
    );
    let table = env.ok(&["need", "oct", "churn"]);
    assert!(table.contains("closed"), "{table}");
    assert!(table.contains("headroom"), "{table}");
    assert_eq!(
        env.ok(&["need", "oct", "--format", "csv"]).lines().count(),
        4,
        "a header and a row per tier"
    );
}

#[test]
fn at_most_sum_goals_spread_their_headroom() {
    let env = TestEnv::new().as_of("2026-11-06");
    env.goal("spend", "10000", "2026-11", &["--direction", "at-most"]);
    env.record("spend", "2500", "2026-11-02");
    let goal = env.json_out(&["need", "spend"])["goals"][0].clone();
    // 7,500 left over 25 days: 300 a day, 2,100 a week.
    assert_eq!(
        goal["headroom"],
        json!({"amount": 7500, "per_day": 300, "per_week": 2100})
    );
}

#[test]
fn filters_select_goals_and_an_unknown_goal_is_an_error() {
    let env = november();
    env.goal("dec", "10", "2026-12", &["--metric", "deals-won"]);
    let out = env.json_out(&["need", "--period", "2026-12"]);
    assert_eq!(out["goals"].as_array().map(Vec::len), Some(1));
    assert_eq!(out["goals"][0]["id"], "dec");
    // Upcoming: the whole period is left, 31 days.
    assert_eq!(out["goals"][0]["remaining_days"], 31);
    let err = env.fails(1, &["need", "nvo"]);
    assert!(err.starts_with("error: no goal named 'nvo'"), "{err}");
}
