//! History, undo and redo, and locked periods, on the real binary.

mod common;

use common::TestEnv;
use serde_json::Value;

const GOAL: &str = "maria-q3";

/// Maria's Q3 revenue goal and a Q4 one, with two results.
fn with_goals() -> TestEnv {
    let env = TestEnv::new();
    env.ok(&["init"]);
    env.goal(GOAL, "240k", "2026-Q3", &["--owner", "maria-chen"]);
    env.goal("maria-q4", "250k", "2026-Q4", &["--owner", "maria-chen"]);
    env.record(GOAL, "12k", "2026-08-14");
    env.record("maria-q4", "5k", "2026-10-02");
    env
}

/// The document without its history: what undo and redo must restore.
fn state(env: &TestEnv) -> Value {
    let mut json = env.json();
    json.as_object_mut().unwrap().remove("history");
    json
}

fn history(env: &TestEnv, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["history"];
    all.extend_from_slice(args);
    env.json_out(&all).as_array().unwrap().clone()
}

#[test]
fn history_lists_who_changed_what_and_when_newest_first() {
    let env = with_goals();
    let entries = history(&env, &[]);
    let seqs: Vec<u64> = entries.iter().map(|e| e["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, [4, 3, 2, 1]);
    let last = &entries[0];
    assert_eq!(last["user"], "tester");
    assert_eq!(last["state"], "in-effect");
    assert!(
        last["command"]
            .as_str()
            .unwrap()
            .ends_with("record maria-q4 5k --date 2026-10-02"),
        "{last}"
    );
    let summary = last["summary"].as_str().unwrap();
    assert!(summary.starts_with("added result "), "{summary}");
    assert!(
        summary.contains("maria-chen, revenue, 5000 on 2026-10-02"),
        "{summary}"
    );
    assert!(
        entries[3]["summary"]
            .as_str()
            .unwrap()
            .contains("added person maria-chen; added goal maria-q3"),
        "{}",
        entries[3]
    );
    assert!(last["at"].as_str().unwrap().ends_with('Z'));

    // --limit keeps the newest; --goal the changes to the goal or to what
    // counts toward it.
    let limited = history(&env, &["--limit", "2"]);
    assert_eq!(limited.len(), 2);
    assert_eq!(limited[0]["seq"], 4);
    let q3: Vec<u64> = history(&env, &["--goal", GOAL])
        .iter()
        .map(|e| e["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(q3, [3, 1]);
    // --since: every change was made today, none tomorrow.
    let today = chrono::Utc::now().date_naive();
    let tomorrow = today.succ_opt().unwrap().to_string();
    assert!(history(&env, &["--since", &tomorrow]).is_empty());
    assert_eq!(history(&env, &["--since", &today.to_string()]).len(), 4);
    let err = env.fails(1, &["history", "--goal", "maria-q9"]);
    assert!(err.contains("maria-q9"), "{err}");

    // A read writes nothing, history included.
    let before = env.bytes();
    env.ok(&["report"]);
    env.ok(&["history"]);
    assert_eq!(env.bytes(), before);
}

#[test]
fn the_table_says_who_and_what_and_which_changes_are_undone() {
    let env = with_goals();
    env.ok(&["undo"]);
    let out = env.ok(&["history"]);
    assert!(out.contains("tester"), "{out}");
    assert!(out.contains("(undone) added result"), "{out}");
    assert!(out.contains("undo of 4: added result"), "{out}");
    let empty = TestEnv::new();
    empty.ok(&["init"]);
    assert!(empty.ok(&["history"]).contains("No changes yet"));
}

#[test]
fn goal_history_shows_every_target_revision_with_who_and_why() {
    let env = with_goals();
    env.ok(&[
        "goal",
        "edit",
        GOAL,
        "--target",
        "260k",
        "--reason",
        "territory grew",
    ]);
    env.ok(&["goal", "edit", GOAL, "--title", "Maria Q3"]);
    env.ok(&["goal", "edit", GOAL, "--stretch", "300k"]);
    let revisions = env.json_out(&["goal", "history", GOAL]);
    let revisions = revisions.as_array().unwrap();
    // The title edit is not a target revision.
    assert_eq!(revisions.len(), 3, "{revisions:?}");
    assert_eq!(revisions[0]["change"], "created");
    assert_eq!(revisions[0]["from"], Value::Null);
    assert_eq!(revisions[0]["to"]["target"], 240000);
    assert_eq!(revisions[1]["change"], "changed");
    assert_eq!(revisions[1]["from"]["target"], 240000);
    assert_eq!(revisions[1]["to"]["target"], 260000);
    assert_eq!(revisions[1]["reason"], "territory grew");
    assert_eq!(revisions[1]["user"], "tester");
    assert_eq!(revisions[2]["to"]["stretch"], 300000);
    let table = env.ok(&["goal", "history", GOAL]);
    assert!(
        table.contains("$240,000") && table.contains("$260,000"),
        "{table}"
    );
    assert!(table.contains("territory grew"), "{table}");
    let err = env.fails(1, &["goal", "history", "nope"]);
    assert!(err.contains("nope"), "{err}");
}

#[test]
fn undo_walks_back_and_redo_walks_forward_until_a_new_change() {
    let env = with_goals();
    let states: Vec<Value> = vec![state(&env)];
    env.ok(&["goal", "edit", GOAL, "--target", "260k"]);
    let after_edit = state(&env);
    let out = env.ok(&["undo"]);
    assert!(
        out.contains("Undid change 5: changed goal maria-q3: target 240000 → 260000"),
        "{out}"
    );
    assert_eq!(state(&env), states[0]);
    env.ok(&["undo"]);
    // The Q4 result is gone; the Q3 one is not.
    let results = env.json()["results"].as_array().unwrap().len();
    assert_eq!(results, 1);
    let out = env.ok(&["redo"]);
    assert!(out.contains("Redid change 4: added result"), "{out}");
    let out = env.ok(&["redo"]);
    assert!(out.contains("Redid change 5"), "{out}");
    assert_eq!(state(&env), after_edit);
    let err = env.fails(1, &["redo"]);
    assert!(err.contains("nothing to redo"), "{err}");

    // A new change ends what redo can do.
    env.ok(&["undo"]);
    env.ok(&["goal", "edit", GOAL, "--title", "New"]);
    let err = env.fails(1, &["redo"]);
    assert!(err.contains("nothing to redo"), "{err}");

    // Undo and redo are in history too.
    let entries = history(&env, &[]);
    let undoes: Vec<&Value> = entries.iter().map(|e| &e["undoes"]).collect();
    assert!(undoes.contains(&&Value::from(5)), "{entries:?}");
    assert!(entries.iter().any(|e| e["redoes"] == 4));
}

#[test]
fn undo_with_nothing_to_undo_says_so() {
    let env = TestEnv::new();
    env.ok(&["init"]);
    let err = env.fails(1, &["undo"]);
    assert!(err.contains("nothing to undo"), "{err}");
    assert!(err.contains("no history of changes yet"), "{err}");
    env.goal("g", "10", "2026-Q3", &[]);
    env.ok(&["undo"]);
    let err = env.fails(1, &["undo"]);
    assert!(err.contains("every change in history is undone"), "{err}");
}

#[test]
fn undo_dry_run_shows_what_it_would_revert_and_writes_nothing() {
    let env = with_goals();
    let before = env.bytes();
    let out = env.ok(&["undo", "--dry-run"]);
    assert!(out.contains("Undid change 4"), "{out}");
    assert_eq!(env.bytes(), before);
    let json = env.json_out(&["undo", "--dry-run"]);
    assert_eq!(json["undoes"], 4);
    assert_eq!(env.bytes(), before);
}

#[test]
fn undo_seq_reverts_one_older_change_and_keeps_the_later_ones() {
    let env = with_goals();
    env.ok(&["goal", "edit", "maria-q4", "--target", "300k"]);
    // Change 3 recorded the Q3 result; 4 and 5 touched Q4 only.
    env.ok(&["undo", "3"]);
    let json = env.json();
    let results = json["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["date"], "2026-10-02");
    let q4 = json["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "maria-q4")
        .unwrap()
        .clone();
    assert_eq!(q4["target"], 300000);
    let err = env.fails(1, &["undo", "3"]);
    assert!(err.contains("undone already"), "{err}");
    let err = env.fails(1, &["undo", "6"]);
    assert!(err.contains("is the undo of 3"), "{err}");
    let err = env.fails(1, &["undo", "60"]);
    assert!(err.contains("no change 60"), "{err}");
}

#[test]
fn undo_seq_is_refused_when_a_later_change_builds_on_it() {
    let env = with_goals();
    let before = env.bytes();
    // Change 2 added the Q4 goal; change 4 recorded a result on it.
    let err = env.fails(1, &["undo", "2"]);
    assert!(
        err.contains("change 2 cannot be undone while change 4"),
        "{err}"
    );
    assert!(err.contains("goal maria-q4, which 2 added"), "{err}");
    assert!(err.contains("undo 4 first"), "{err}");
    assert_eq!(env.bytes(), before);
    // A later change to the same record is building on it too.
    env.ok(&["goal", "edit", GOAL, "--target", "260k"]);
    env.ok(&["goal", "edit", GOAL, "--target", "270k"]);
    let err = env.fails(1, &["undo", "5"]);
    assert!(err.contains("while change 6"), "{err}");
    assert!(err.contains("it changed goal maria-q3 since"), "{err}");
    // Undone in order, both go.
    env.ok(&["undo"]);
    env.ok(&["undo", "5"]);
    let target = &env.json()["goals"][0]["target"];
    assert_eq!(target, 240000);
}

#[test]
fn an_import_is_undone_as_a_whole_and_history_keeps_only_its_ids() {
    let env = with_goals();
    let mut csv = String::from("owner,metric,date,value,ref\n");
    for i in 0..50 {
        csv.push_str(&format!(
            "maria-chen,revenue,2026-09-{:02},{},CRM-{i}\n",
            1 + i % 28,
            1000 + i
        ));
    }
    let file = env.dir().join("deals.csv");
    std::fs::write(&file, csv).unwrap();
    let before = state(&env);
    env.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(env.json()["results"].as_array().unwrap().len(), 52);
    let entry = history(&env, &["--limit", "1"])[0].clone();
    assert!(
        entry["summary"]
            .as_str()
            .unwrap()
            .contains("added 50 results"),
        "{entry}"
    );
    // The file holds each new result once: history names them by id.
    let text = String::from_utf8(env.bytes()).unwrap();
    let line = text.lines().find(|l| l.contains("\"seq\":5")).unwrap();
    assert!(!line.contains("CRM-"), "history copied the records: {line}");
    assert_eq!(text.matches("CRM-7\"").count(), 1);
    env.ok(&["undo"]);
    assert_eq!(state(&env), before);
    env.ok(&["redo"]);
    assert_eq!(env.json()["results"].as_array().unwrap().len(), 52);
}

#[test]
fn a_locked_period_needs_a_reason_to_change_its_numbers() {
    let env = with_goals();
    let out = env.ok(&["period", "lock", "2026-Q3"]);
    assert!(out.contains("Locked 2026-Q3"), "{out}");
    let again = env.ok(&["period", "lock", "2026-Q3"]);
    assert!(again.contains("already locked"), "{again}");
    let locks = env.json_out(&["period", "list"]);
    assert_eq!(locks[0]["period"], "2026-Q3");
    assert_eq!(locks[0]["start"], "2026-07-01");
    assert_eq!(locks[0]["end"], "2026-09-30");
    assert_eq!(locks[0]["user"], "tester");

    let before = env.bytes();
    let refused: &[&[&str]] = &[
        &["record", GOAL, "1k", "--date", "2026-09-30"],
        &[
            "record",
            "--owner",
            "maria-chen",
            "--metric",
            "revenue",
            "1k",
            "--date",
            "2026-07-01",
        ],
        &["goal", "edit", GOAL, "--target", "200k"],
        &["goal", "edit", GOAL, "--stretch", "300k"],
        &[
            "goal", "add", "late", "--owner", "ben", "--period", "2026-Q3", "--target", "5",
        ],
        &["goal", "remove", GOAL, "--force"],
    ];
    for args in refused {
        let err = env.fails(1, args);
        assert!(err.contains("2026-Q3 is locked"), "{args:?}: {err}");
        assert!(err.contains("--reason"), "{args:?}: {err}");
        assert_eq!(env.bytes(), before, "{args:?} changed the file");
    }
    // A result id, so that edit and remove are refused by the result's date.
    let id = env.json()["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["date"] == "2026-08-14")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    for args in [
        vec!["result", "edit", &id, "--value", "13k"],
        vec!["result", "edit", &id, "--date", "2026-10-01"],
        vec!["result", "remove", &id],
    ] {
        let err = env.fails(1, &args);
        assert!(
            err.contains(&format!("result {id} dated 2026-08-14")),
            "{err}"
        );
        assert_eq!(env.bytes(), before);
    }
    let csv = env.dir().join("late.csv");
    std::fs::write(
        &csv,
        "owner,metric,date,value\nmaria-chen,revenue,2026-09-02,700\n",
    )
    .unwrap();
    let err = env.fails(1, &["import", csv.to_str().unwrap()]);
    assert!(err.contains("2026-Q3 is locked"), "{err}");
    assert_eq!(env.bytes(), before);

    // What does not alter the numbers goes through: a title, a note, the
    // next quarter.
    env.ok(&["goal", "edit", GOAL, "--title", "Maria Q3"]);
    env.ok(&["result", "edit", &id, "--note", "Acme"]);
    env.ok(&["record", "maria-q4", "1k", "--date", "2026-10-01"]);

    // With a reason it is made, and history keeps the reason.
    env.ok(&[
        "record",
        GOAL,
        "1k",
        "--date",
        "2026-09-30",
        "--reason",
        "late Acme deal",
    ]);
    let entry = history(&env, &["--limit", "1"])[0].clone();
    assert_eq!(entry["reason"], "late Acme deal");

    // Unlocking needs a reason too.
    // A usage error, as for any missing flag.
    let err = env.fails(2, &["period", "unlock", "2026-Q3"]);
    assert!(err.contains("needs a reason"), "{err}");
    env.ok(&[
        "period",
        "unlock",
        "2026-Q3",
        "--reason",
        "audit correction",
    ]);
    env.ok(&["goal", "edit", GOAL, "--target", "200k"]);
    let err = env.fails(1, &["period", "unlock", "2026-Q3", "--reason", "again"]);
    assert!(err.contains("2026-Q3 is not locked"), "{err}");
}

#[test]
fn a_membership_change_that_moves_results_in_a_locked_period_needs_a_reason() {
    let env = with_goals();
    env.ok(&["team", "add", "east", "--member", "maria-chen"]);
    env.goal("east-q3", "500k", "2026-Q3", &["--owner", "east"]);
    env.ok(&["period", "lock", "2026-Q3"]);
    // A team with no goal in the period moves no number.
    env.ok(&["team", "add", "mentors", "--member", "maria-chen"]);
    let before = env.bytes();
    // Maria's August result would leave East's Q3.
    let err = env.fails(
        1,
        &[
            "team",
            "edit",
            "east",
            "--remove",
            "maria-chen",
            "--from",
            "2026-08-01",
        ],
    );
    assert!(
        err.contains("the membership of maria-chen in team east"),
        "{err}"
    );
    assert_eq!(env.bytes(), before);
    // From October on, nothing locked moves.
    env.ok(&[
        "team",
        "edit",
        "east",
        "--remove",
        "maria-chen",
        "--from",
        "2026-10-01",
    ]);
}

#[test]
fn undo_of_a_change_to_a_locked_period_needs_a_reason_too() {
    let env = with_goals();
    env.ok(&["period", "lock", "2026-Q3"]);
    env.ok(&[
        "goal", "edit", GOAL, "--target", "200k", "--reason", "plan fix",
    ]);
    env.ok(&["goal", "edit", "maria-q4", "--title", "Q4"]);
    let err = env.fails(1, &["undo", "6"]);
    assert!(err.contains("2026-Q3 is locked"), "{err}");
    env.ok(&["undo", "6", "--reason", "plan fix was wrong"]);
    assert_eq!(env.json()["goals"][0]["target"], 240000);
}

#[test]
fn celebrations_logged_before_a_target_change_stay_and_say_so() {
    let env = TestEnv::new().as_of("2026-11-27");
    env.ok(&["init"]);
    env.goal(GOAL, "10k", "2026-Q3", &["--owner", "maria-chen"]);
    env.record(GOAL, "12k", "2026-08-14");
    env.ok(&["celebrate", GOAL, "--log", "Team lunch", "--kind", "event"]);
    env.ok(&["celebrate", GOAL, "--log", "Card", "--kind", "message"]);
    env.ok(&["goal", "edit", GOAL, "--target", "500k"]);
    let json = env.json_out(&["celebrate", "--history"]);
    let logged = json["celebrations"].as_array().unwrap();
    assert_eq!(logged.len(), 2, "{json}");
    for entry in logged {
        let changes = entry["target_changes"].as_array().unwrap();
        assert_eq!(changes.len(), 1, "{entry}");
        assert_eq!(changes[0]["from"], 10000);
        assert_eq!(changes[0]["to"], 500000);
        let today = chrono::Utc::now().date_naive().to_string();
        assert_eq!(changes[0]["on"], today.as_str());
    }
    let lunch = env.celebration_id("Team lunch");
    let both = [lunch.clone(), env.celebration_id("Card")];
    let table = env.ok(&["celebrate", "--history"]);
    assert!(
        table.contains(&format!(
            "After entry {}: target changed on",
            common::short_id(&lunch, &both)
        )) && table.contains("from $10,000 to $500,000"),
        "{table}"
    );
    // A celebration logged after the change has nothing to say.
    env.ok(&["goal", "edit", GOAL, "--target", "10k"]);
    env.ok(&["celebrate", GOAL, "--log", "Bonus", "--kind", "bonus"]);
    let json = env.json_out(&["celebrate", "--history"]);
    let last = json["celebrations"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["note"], "Bonus");
    assert_eq!(last["target_changes"], serde_json::json!([]));
    let all = [
        lunch.clone(),
        env.celebration_id("Card"),
        env.celebration_id("Bonus"),
    ];
    let packet = env.ok(&["period-end", "2026-Q3"]);
    assert!(
        packet.contains(&format!(
            "maria-q3 (after celebration {}):\n  target changed on",
            common::short_id(&lunch, &all)
        )),
        "{packet}"
    );
}

#[test]
fn a_review_whose_goal_became_met_stays_readable_and_its_actions_are_not_owed() {
    let env = TestEnv::new().as_of("2026-12-20");
    env.ok(&["init"]);
    env.goal(GOAL, "100k", "2026-Q3", &["--owner", "maria-chen"]);
    env.record(GOAL, "60k", "2026-08-14");
    env.ok(&[
        "review",
        GOAL,
        "--cause",
        "pipeline",
        "--why",
        "Slipped deals",
        "--improve",
        "Qualify",
        "--action",
        "Pipeline review; owner=ann; due=2026-12-05",
        "--check-in",
        "2026-12-10",
    ]);
    let overdue = env.json_out(&["action", "list", "--overdue"]);
    assert_eq!(overdue.as_array().unwrap().len(), 1);
    let check = env.run(&["period-end", "2026-Q3", "--check"]);
    check.code(3);

    // The target was a typo: 50k. The goal is met; the review stays.
    env.ok(&[
        "goal",
        "edit",
        GOAL,
        "--target",
        "50k",
        "--reason",
        "typo in the plan",
    ]);
    let shown = env.ok(&["review", "show", GOAL]);
    assert!(shown.contains("The goal is met now"), "{shown}");
    assert!(shown.contains("no longer owed"), "{shown}");
    assert!(
        shown.contains("After the review began: target changed on")
            && shown.contains("from $100,000 to $50,000"),
        "{shown}"
    );
    assert!(shown.contains("Pipeline review"), "{shown}");
    let json = env.json_out(&["review", "show", GOAL]);
    assert_eq!(json["review"]["actions"][0]["overdue"], false);
    assert_eq!(json["target_changes"][0]["to"], 50000);
    let overdue = env.json_out(&["action", "list", "--overdue"]);
    assert_eq!(overdue, serde_json::json!([]));
    let listed = env.json_out(&["action", "list"]);
    assert_eq!(
        listed.as_array().unwrap().len(),
        1,
        "the action is still listed"
    );
    let progress = env.json_out(&["progress"]);
    assert_eq!(progress[0]["actions"]["overdue"], 0, "{progress}");
    let packet = env.json_out(&["period-end", "2026-Q3"]);
    assert_eq!(packet["owed"]["overdue_actions"], 0, "{packet}");
    assert_eq!(packet["owed"]["reviews_pending"], 0, "{packet}");
    assert_eq!(packet["target_changes"][0]["record"], "review");
}
