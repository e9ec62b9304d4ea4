//! `attain celebrate`: tiers at their thresholds, streaks, early hits,
//! drafts, the log, history and `--check`.

mod common;

use common::TestEnv;
use serde_json::Value;

/// A closed 2026-Q3 revenue goal for `owner` with one result of `actual`.
fn met_goal(env: &TestEnv, owner: &str, target: &str, actual: &str, extra: &[&str]) -> String {
    let id = format!("{owner}-revenue-2026-q3");
    let mut args = vec!["--owner", owner];
    args.extend_from_slice(extra);
    env.goal(&id, target, "2026-Q3", &args);
    env.record(&id, actual, "2026-08-14");
    id
}

fn celebrated(env: &TestEnv) -> Value {
    env.json_out(&["celebrate"])
}

fn entry<'a>(json: &'a Value, id: &str) -> Option<&'a Value> {
    json["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == id)
}

#[test]
fn each_tier_starts_at_its_exact_threshold() {
    let env = TestEnv::new();
    met_goal(&env, "under", "100000", "99990", &[]);
    met_goal(&env, "exact", "100000", "100000", &[]);
    met_goal(&env, "almost", "100000", "109999.99", &[]);
    met_goal(&env, "event", "100000", "110000", &[]);
    met_goal(
        &env,
        "stretch",
        "100000",
        "105000",
        &["--stretch", "105000"],
    );
    met_goal(&env, "high", "100000", "124999.99", &[]);
    met_goal(&env, "bonus", "100000", "125000", &[]);
    let json = celebrated(&env);
    assert!(
        entry(&json, "under-revenue-2026-q3").is_none(),
        "99.99% is not met"
    );
    let tier = |id: &str| entry(&json, id).unwrap()["celebration"]["tier"].clone();
    assert_eq!(tier("exact-revenue-2026-q3"), "message");
    assert_eq!(tier("almost-revenue-2026-q3"), "message");
    assert_eq!(tier("event-revenue-2026-q3"), "event");
    assert_eq!(tier("stretch-revenue-2026-q3"), "event");
    assert_eq!(tier("high-revenue-2026-q3"), "event");
    assert_eq!(tier("bonus-revenue-2026-q3"), "bonus");
    let bonus = &entry(&json, "bonus-revenue-2026-q3").unwrap()["celebration"];
    assert_eq!(bonus["suggestion"], "a bonus or other incentive");
    assert_eq!(bonus["benefit"], "encourages continued high performance");
    assert_eq!(json["summary"]["met"], 6);
}

#[test]
fn the_table_names_suggestions_and_benefits() {
    let env = TestEnv::new();
    met_goal(&env, "ana", "100000", "130000", &[]);
    let out = env.ok(&["celebrate"]);
    assert!(out.contains("ana-revenue-2026-q3"), "{out}");
    assert!(out.contains("a bonus or other incentive"), "{out}");
    assert!(
        out.contains("encourages continued high performance"),
        "{out}"
    );
    assert!(out.contains("outstanding"), "{out}");
    assert!(out.contains("1 met goal(s), 1 still to celebrate"), "{out}");
}

#[test]
fn missed_goals_never_appear() {
    let env = TestEnv::new();
    met_goal(&env, "miss", "100000", "50000", &[]);
    let json = celebrated(&env);
    assert_eq!(json["goals"].as_array().unwrap().len(), 0);
    let err = env.fails(1, &["celebrate", "miss-revenue-2026-q3"]);
    assert!(err.contains("was missed"), "{err}");
    assert!(err.contains("attain review miss-revenue-2026-q3"), "{err}");
}

fn quarter_goal(env: &TestEnv, owner: &str, quarter: &str, actual: &str) {
    let id = format!("{owner}-revenue-{}", quarter.to_lowercase());
    env.goal(&id, "100", quarter, &["--owner", owner]);
    let month = match &quarter[5..] {
        "Q1" => "02",
        "Q2" => "05",
        "Q3" => "08",
        _ => "11",
    };
    env.record(&id, actual, &format!("{}-{month}-10", &quarter[..4]));
}

#[test]
fn three_met_quarters_in_a_row_earn_the_streak_recognition() {
    let env = TestEnv::new();
    for q in ["2026-Q1", "2026-Q2", "2026-Q3"] {
        quarter_goal(&env, "maria", q, "100");
    }
    let json = celebrated(&env);
    let streak = |id: &str| entry(&json, id).unwrap()["celebration"]["streak"].clone();
    assert_eq!(streak("maria-revenue-2026-q1"), 1);
    assert_eq!(streak("maria-revenue-2026-q2"), 2);
    assert_eq!(streak("maria-revenue-2026-q3"), 3);
    let q3 = &entry(&json, "maria-revenue-2026-q3").unwrap()["celebration"];
    assert_eq!(
        q3["streak_recognition"]["suggestion"],
        "public recognition of the streak"
    );
    assert_eq!(q3["streak_recognition"]["benefit"], "morale and motivation");
    let q2 = &entry(&json, "maria-revenue-2026-q2").unwrap()["celebration"];
    assert!(q2["streak_recognition"].is_null());
    let report = env.ok(&["report"]);
    assert!(report.contains("streak 3"), "{report}");
}

#[test]
fn a_missed_quarter_breaks_the_streak() {
    let env = TestEnv::new();
    quarter_goal(&env, "omar", "2026-Q1", "100");
    quarter_goal(&env, "omar", "2026-Q2", "99");
    quarter_goal(&env, "omar", "2026-Q3", "100");
    // Another owner's and another metric's goals do not count.
    quarter_goal(&env, "lee", "2026-Q2", "100");
    let json = celebrated(&env);
    let q3 = &entry(&json, "omar-revenue-2026-q3").unwrap()["celebration"];
    assert_eq!(q3["streak"], 1);
}

#[test]
fn an_early_hit_in_an_open_period_is_celebrated_but_not_yet_owed() {
    let env = TestEnv::new();
    env.goal("early", "100", "2026-Q4", &["--owner", "zoe"]);
    env.record("early", "120", "2026-10-20");
    let json = celebrated(&env);
    let early = entry(&json, "early").unwrap();
    assert_eq!(early["status"], "met");
    assert_eq!(early["celebration"]["tier"], "event");
    let table = env.ok(&["celebrate"]);
    assert!(table.contains("2026-Q4 (early)"), "{table}");
    env.run(&["celebrate", "--check"]).code(0);
}

#[test]
fn check_exits_3_until_every_closed_met_goal_is_logged() {
    let env = TestEnv::new();
    let id = met_goal(&env, "ana", "100", "100", &[]);
    env.run(&["celebrate", "--check"]).code(3);
    env.ok(&[
        "celebrate",
        &id,
        "--log",
        "Sent a card",
        "--kind",
        "message",
    ]);
    env.run(&["celebrate", "--check"]).code(0);
}

#[test]
fn logging_records_what_was_done_and_is_refused_for_a_missed_goal() {
    let env = TestEnv::new();
    let id = met_goal(&env, "ana", "100", "126", &[]);
    let out = env.ok(&[
        "celebrate",
        &id,
        "--log",
        "Team dinner at Luigi's",
        "--kind",
        "event",
        "--date",
        "2026-10-03",
    ]);
    assert!(out.contains("Logged an event"), "{out}");
    let file = env.json();
    let logged = &file["celebrations"][0];
    assert_eq!(logged["goal"], id.as_str());
    assert_eq!(logged["kind"], "event");
    assert_eq!(logged["note"], "Team dinner at Luigi's");
    assert_eq!(logged["date"], "2026-10-03");
    let json = celebrated(&env);
    let goal = entry(&json, &id).unwrap();
    assert_eq!(goal["celebration"]["logged"], 1);
    assert_eq!(goal["celebration"]["outstanding"], false);
    assert_eq!(goal["log"][0]["note"], "Team dinner at Luigi's");

    let missed = met_goal(&env, "bo", "100", "80", &[]);
    let before = env.bytes();
    let err = env.fails(1, &["celebrate", &missed, "--log", "Card"]);
    assert!(err.contains("was missed"), "{err}");
    assert_eq!(env.bytes(), before, "a refused log changes nothing");
    let err = env.fails(1, &["celebrate", "ana-revenue-2026-q4", "--log", "Card"]);
    assert!(err.contains("did you mean 'ana-revenue-2026-q3'"), "{err}");
}

#[test]
fn drafts_name_the_owner_the_goal_and_the_attainment() {
    let env = TestEnv::new();
    let id = met_goal(
        &env,
        "maria-chen",
        "200000",
        "250000",
        &["--title", "Maria's Q3 new business"],
    );
    let draft = env.ok(&["celebrate", &id, "--draft"]);
    assert!(draft.starts_with("Subject: "), "{draft}");
    assert!(draft.contains("maria-chen"), "{draft}");
    assert!(draft.contains("Maria's Q3 new business"), "{draft}");
    assert!(draft.contains("125.0%"), "{draft}");
    assert!(draft.contains("$250,000"), "{draft}");
    assert!(
        draft.contains("bonus"),
        "tier 'bonus' sets the tone: {draft}"
    );

    let small = met_goal(&env, "lee", "100", "100", &[]);
    let message = env.ok(&["celebrate", &small, "--draft"]);
    assert!(message.contains("100.0%"), "{message}");
    assert!(!message.contains("bonus"), "{message}");

    let md = env.ok(&["celebrate", &id, "--draft", "--format", "markdown"]);
    assert!(md.contains("Subject:"), "{md}");
    let json = env.json_out(&["celebrate", &id, "--draft"]);
    assert_eq!(json["tier"], "bonus");
    assert!(json["subject"].as_str().unwrap().contains("maria-chen"));
    assert!(json["body"].as_str().unwrap().contains("125.0%"));

    let missed = met_goal(&env, "bo", "100", "80", &[]);
    let err = env.fails(1, &["celebrate", &missed, "--draft"]);
    assert!(err.contains("nothing to celebrate"), "{err}");
}

#[test]
fn history_counts_recognition_and_flags_owners_never_recognised() {
    let env = TestEnv::new();
    let ana = met_goal(&env, "ana", "100", "100", &[]);
    met_goal(&env, "bo", "100", "100", &[]);
    met_goal(&env, "cy", "100", "10", &[]);
    env.ok(&["celebrate", &ana, "--log", "Card", "--date", "2026-10-02"]);
    env.ok(&[
        "celebrate",
        &ana,
        "--log",
        "Dinner",
        "--kind",
        "event",
        "--date",
        "2026-10-09",
    ]);
    let json = env.json_out(&["celebrate", "--history"]);
    let owners = json["owners"].as_array().unwrap();
    assert_eq!(
        owners.len(),
        2,
        "cy met nothing and was never celebrated: {json}"
    );
    let owner = |name: &str| owners.iter().find(|o| o["owner"] == name).unwrap();
    assert_eq!(owner("ana")["celebrations"], 2);
    assert_eq!(owner("ana")["kinds"]["event"], 1);
    assert_eq!(owner("ana")["last"], "2026-10-09");
    assert_eq!(owner("ana")["never_recognised"], false);
    assert_eq!(owner("bo")["never_recognised"], true);
    assert_eq!(json["celebrations"].as_array().unwrap().len(), 2);
    let table = env.ok(&["celebrate", "--history"]);
    assert!(table.contains("never recognised"), "{table}");
    assert!(
        table.contains("Never recognised despite met targets: bo."),
        "{table}"
    );
    let only_ana = env.json_out(&["celebrate", "--history", "--owner", "ana"]);
    assert_eq!(only_ana["owners"].as_array().unwrap().len(), 1);
}

#[test]
fn every_output_format_carries_the_suggestions() {
    let env = TestEnv::new();
    met_goal(&env, "ana", "100", "111", &[]);
    let csv_text = env.ok(&["celebrate", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    let field = |name: &str| rows[0][headers.iter().position(|h| h == name).unwrap()].to_string();
    assert_eq!(field("tier"), "event");
    assert_eq!(field("attainment"), "1.11");
    assert_eq!(field("outstanding"), "true");
    let md = env.ok(&["celebrate", "--format", "markdown"]);
    assert!(
        md.contains("| Goal | Owner | Period | Attainment | Suggestion |"),
        "{md}"
    );
    assert!(
        md.contains("| ana-revenue-2026-q3 | ana | 2026-Q3 | 111.0% |"),
        "{md}"
    );
    let json = celebrated(&env);
    assert_eq!(json["goals"][0]["attainment"], serde_json::json!(1.11));
}

#[test]
fn tiers_can_be_changed_and_are_validated() {
    let env = TestEnv::new();
    met_goal(&env, "ana", "100", "115", &[]);
    env.ok(&["settings", "set", "tiers.event", "120%"]);
    let json = celebrated(&env);
    assert_eq!(json["goals"][0]["celebration"]["tier"], "message");
    let settings = env.json_out(&["settings", "show"]);
    assert_eq!(settings["tiers"]["event"], serde_json::json!(1.2));
    let before = env.bytes();
    let err = env.fails(1, &["settings", "set", "tiers.bonus", "1.1"]);
    assert!(err.contains("must rise"), "{err}");
    let err = env.fails(1, &["settings", "set", "tiers.streak", "1"]);
    assert!(err.contains("not a streak"), "{err}");
    let err = env.fails(1, &["settings", "set", "tiers.party", "2"]);
    assert!(err.contains("is not a setting"), "{err}");
    assert_eq!(env.bytes(), before);
}

#[test]
fn logged_celebrations_stay_when_the_target_moves_and_a_duplicate_is_refused() {
    let env = TestEnv::new();
    env.goal("q3", "100", "2026-Q3", &["--owner", "Ana"]);
    env.record("q3", "120", "2026-08-01");
    env.ok(&["celebrate", "q3", "--log", "Card sent", "--kind", "message"]);
    env.ok(&["celebrate", "q3", "--log", "Team dinner", "--kind", "event"]);
    // The same kind and note again: refused, nothing added.
    let before = env.bytes();
    let err = env.fails(
        1,
        &["celebrate", "q3", "--log", "card sent", "--kind", "message"],
    );
    let card = env.celebration_id("Card sent");
    let dinner = env.celebration_id("Team dinner");
    let short = common::short_id(&card, std::slice::from_ref(&dinner));
    assert!(
        err.contains(&format!(
            "already has this message logged (entry {short}, 2026-11-27); nothing was added: log \
             something else, or remove that entry with `attain celebrate --remove {short}`"
        )),
        "{err}"
    );
    assert_eq!(env.bytes(), before);
    // The target moves past the actual: the goal is missed now, and what
    // was done is still in the history.
    env.ok(&["goal", "edit", "q3", "--target", "500"]);
    let history = env.json_out(&["celebrate", "--history"]);
    let notes: Vec<&str> = history["celebrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["note"].as_str().unwrap())
        .collect();
    assert_eq!(notes, ["Card sent", "Team dinner"]);
    assert_eq!(history["owners"][0]["celebrations"], 2);
    // An entry can be removed by its id (or a unique prefix of it).
    let out = env.ok(&["celebrate", "--remove", &short]);
    assert!(
        out.starts_with(&format!("Removed celebration {card} of q3")),
        "{out}"
    );
    let history = env.json_out(&["celebrate", "--history"]);
    assert_eq!(history["celebrations"].as_array().unwrap().len(), 1);
    assert_eq!(history["celebrations"][0]["id"], dinner.as_str());
    env.fails(1, &["celebrate", "--remove", "9"]);
}
