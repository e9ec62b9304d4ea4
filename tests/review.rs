//! `attain review`, `action` and `progress` without a terminal: the list of
//! missed goals, the scripted four steps (flags, `--from` a file or stdin),
//! the refusals, `review show` in each format, the evidence and its cause
//! hints, action tracking against `--as-of`, and the progress verdicts.

mod common;

use std::time::Duration;

use assert_cmd::assert::Assert;
use common::TestEnv;
use serde_json::{Value, json};

const EAST: &str = "east-revenue-2026-q3";
const EAST_Q4: &str = "east-revenue-2026-q4";

/// Every step of a review as flags: causes repeated and comma-separated,
/// two areas, two actions, a roll into the next period and a check-in.
const FULL: &[&str] = &[
    "--cause",
    "pipeline,deal-size",
    "--cause",
    "activity",
    "--why",
    "Two deals slipped into October",
    "--improve",
    "Qualify earlier",
    "--improve",
    "Bigger deals",
    "--action",
    "Weekly pipeline review; owner=ann; due=2026-12-05; measure=3x coverage",
    "--action",
    "Upsell training; owner=bob; due=2026-12-20",
    "--follow-up",
    "next",
    "--check-in",
    "2026-12-15",
];

/// A missed 2026-Q3 revenue goal for `east` (target 100k; 30k in July, 20k
/// in September) and the same owner's 2026-Q2 goal (three results of 40k,
/// 120% attained).
fn east(env: &TestEnv) {
    env.goal(EAST, "100k", "2026-Q3", &["--owner", "east"]);
    env.record(EAST, "30000", "2026-07-10");
    env.record(EAST, "20000", "2026-09-25");
    env.goal(
        "east-revenue-2026-q2",
        "100k",
        "2026-Q2",
        &["--owner", "east"],
    );
    for date in ["2026-04-10", "2026-05-10", "2026-06-10"] {
        env.record("east-revenue-2026-q2", "40000", date);
    }
}

/// `attain review GOAL ARGS...` for a goal, with a timeout so a prompt that
/// waits for input fails the test instead of hanging it.
fn review_cmd(env: &TestEnv, goal: &str, args: &[&str]) -> assert_cmd::Command {
    let mut all = vec!["review", goal];
    all.extend_from_slice(args);
    timed(env, &all)
}

fn timed(env: &TestEnv, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::from_std(env.cmd(args));
    cmd.timeout(Duration::from_secs(10));
    cmd
}

fn stderr(assert: &Assert) -> String {
    String::from_utf8(assert.get_output().stderr.clone()).unwrap()
}

fn stdout(assert: &Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

/// The stored review of `goal`, as the data file holds it.
fn stored(env: &TestEnv, goal: &str) -> Value {
    env.json()["reviews"]
        .as_array()
        .expect("reviews array")
        .iter()
        .find(|r| r["goal"] == goal)
        .cloned()
        .unwrap_or_else(|| panic!("no review of {goal} in the file"))
}

fn goal_ids(env: &TestEnv) -> Vec<String> {
    env.json()["goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap().to_string())
        .collect()
}

/// `(id, review, step)` of `attain review --format json`.
fn listed(env: &TestEnv) -> Vec<(String, String, u64)> {
    env.json_out(&["review"])["goals"]
        .as_array()
        .expect("goals array")
        .iter()
        .map(|g| {
            (
                g["id"].as_str().unwrap().to_string(),
                g["review"].as_str().unwrap().to_string(),
                g["step"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn report_review(env: &TestEnv, id: &str) -> Value {
    env.json_out(&["report"])["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == id)
        .unwrap_or_else(|| panic!("{id} not in the report"))["review"]
        .clone()
}

fn ids(actions: &Value) -> Vec<String> {
    actions
        .as_array()
        .expect("actions array")
        .iter()
        .map(|a| a["id"].as_str().expect("ids are strings").to_string())
        .collect()
}

/// New ids are 13 characters of `0-9a-z` without `i l o u`, all different.
fn assert_new_ids(ids: &[String]) {
    for id in ids {
        assert!(
            id.len() == 13
                && id
                    .bytes()
                    .all(|b| b"0123456789abcdefghjkmnpqrstvwxyz".contains(&b)),
            "{id} is not a new id"
        );
    }
    let mut unique = ids.to_vec();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "ids repeat: {ids:?}");
}

// ---------------------------------------------------------------- the list

#[test]
fn the_list_shows_missed_goals_oldest_first_and_only_them() {
    let env = TestEnv::new();
    env.goal(
        "west-revenue-2026-10",
        "50k",
        "2026-10",
        &["--owner", "west"],
    );
    env.goal(
        "north-revenue-2026-h1",
        "10k",
        "2026-H1",
        &["--owner", "north"],
    );
    east(&env);
    env.goal("open-revenue-2026-q4", "10k", "2026-Q4", &[]);
    env.goal("later-revenue-2027-q1", "10k", "2027-Q1", &[]);

    let rows: Vec<String> = listed(&env).into_iter().map(|(id, _, _)| id).collect();
    assert_eq!(
        rows,
        ["north-revenue-2026-h1", EAST, "west-revenue-2026-10"],
        "missed goals by period end; met (2026-Q2), open and upcoming left out"
    );
    let table = env.ok(&["review"]);
    let north = table.find("north-revenue-2026-h1").unwrap();
    let east_at = table.find(EAST).unwrap();
    let west = table.find("west-revenue-2026-10").unwrap();
    assert!(north < east_at && east_at < west, "{table}");
    assert!(table.contains("3 missed, 3 review(s) to finish"), "{table}");
    assert!(
        table.contains("Start with the oldest: attain review north-revenue-2026-h1"),
        "{table}"
    );
    assert!(
        !table.contains("east-revenue-2026-q2"),
        "a met goal: {table}"
    );
    assert!(!table.contains("open-revenue-2026-q4"), "{table}");
}

#[test]
fn the_list_tracks_each_step_in_table_json_and_the_report() {
    let env = TestEnv::new();
    east(&env);
    let state = |env: &TestEnv| listed(env).into_iter().find(|r| r.0 == EAST).unwrap();
    assert_eq!(state(&env), (EAST.into(), "pending".into(), 1));
    assert_eq!(
        report_review(&env, EAST),
        json!({"state": "pending", "step": 1})
    );
    assert!(env.ok(&["review"]).contains("pending"));

    env.ok(&["review", EAST, "--cause", "pipeline", "--why", "Slow July"]);
    assert_eq!(state(&env), (EAST.into(), "in-progress".into(), 2));
    assert!(env.ok(&["review"]).contains("in progress, step 2 of 4"));
    assert_eq!(
        report_review(&env, EAST),
        json!({"state": "in-progress", "step": 2})
    );

    env.ok(&["review", EAST, "--improve", "Prospecting"]);
    assert_eq!(state(&env), (EAST.into(), "in-progress".into(), 3));
    assert!(env.ok(&["review"]).contains("in progress, step 3 of 4"));

    env.ok(&["review", EAST, "--action", "Call blitz; owner=ann"]);
    assert_eq!(state(&env), (EAST.into(), "in-progress".into(), 4));
    assert_eq!(
        report_review(&env, EAST),
        json!({"state": "in-progress", "step": 4})
    );

    env.ok(&["review", EAST, "--check-in", "2026-12-10"]);
    assert_eq!(state(&env), (EAST.into(), "complete".into(), 0));
    assert_eq!(
        report_review(&env, EAST),
        json!({"state": "complete", "step": 0})
    );
    let table = env.ok(&["review"]);
    assert!(table.contains("complete"), "{table}");
    assert!(table.contains("1 missed, 0 review(s) to finish"), "{table}");
}

#[test]
fn the_report_carries_the_review_state_only_for_missed_goals() {
    let env = TestEnv::new();
    east(&env);
    env.goal("open-revenue-2026-q4", "10k", "2026-Q4", &[]);
    env.goal("later-revenue-2027-q1", "10k", "2027-Q1", &[]);
    let report = env.json_out(&["report"]);
    for goal in report["goals"].as_array().unwrap() {
        let review = &goal["review"];
        assert!(goal.get("review").is_some(), "the key is always there");
        if goal["status"] == "missed" {
            assert_eq!(review, &json!({"state": "pending", "step": 1}), "{goal}");
        } else {
            assert!(review.is_null(), "{} has review {review}", goal["id"]);
        }
    }
    let statuses: Vec<&str> = report["goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["status"].as_str().unwrap())
        .collect();
    for status in ["met", "missed", "behind", "upcoming"] {
        assert!(statuses.contains(&status), "{statuses:?}");
    }
}

#[test]
fn review_check_exits_3_while_a_review_is_unfinished() {
    let env = TestEnv::new();
    env.goal("met-revenue-2026-q3", "10k", "2026-Q3", &[]);
    env.record("met-revenue-2026-q3", "12000", "2026-08-01");
    env.run(&["review", "--check"]).code(0);

    east(&env);
    env.run(&["review", "--check"]).code(3);
    env.run(&["review", "--check", "--format", "json"]).code(3);
    env.ok(&[
        "review",
        EAST,
        "--cause",
        "pipeline",
        "--why",
        "x",
        "--improve",
        "y",
        "--action",
        "z",
    ]);
    env.run(&["review", "--check"]).code(3);
    env.ok(&["review", EAST, "--follow-up", "next"]);
    env.run(&["review", "--check"]).code(0);

    env.goal(
        "west-revenue-2026-10",
        "50k",
        "2026-10",
        &["--owner", "west"],
    );
    env.run(&["review", "--check"]).code(3);
    // The filters narrow what --check looks at.
    env.run(&["review", "--check", "--owner", "east"]).code(0);
}

// ------------------------------------------------------ the scripted steps

#[test]
fn all_four_steps_from_flags_are_stored() {
    let env = TestEnv::new();
    east(&env);
    let assert = review_cmd(&env, EAST, FULL).assert().success();
    assert_eq!(
        stdout(&assert),
        "Saved the review of east-revenue-2026-q3: complete.\n"
    );
    assert_eq!(stderr(&assert), "");
    // With --format json, stdout is the review document and nothing else.
    let a = review_cmd(
        &env,
        EAST,
        &["--check-in", "2026-12-16", "--format", "json"],
    )
    .assert()
    .success();
    let json: Value = serde_json::from_str(&stdout(&a)).expect("only JSON on stdout");
    assert_eq!(json["review"]["check_in"], "2026-12-16");
    assert_eq!(json["state"], "complete");
    env.ok(&["review", EAST, "--check-in", "2026-12-15"]);
    let review = stored(&env, EAST);
    assert_new_ids(&ids(&review["actions"]));
    assert_eq!(review["steps"], 4);
    assert_eq!(
        review["causes"],
        json!(["pipeline", "deal-size", "activity"])
    );
    assert_eq!(review["why"], "Two deals slipped into October");
    assert_eq!(
        review["improvements"],
        json!(["Qualify earlier", "Bigger deals"])
    );
    assert_eq!(
        review["actions"],
        json!([
            {
                "id": env.action_id("Weekly pipeline review"),
                "text": "Weekly pipeline review",
                "owner": "ann",
                "due": "2026-12-05",
                "measure": "3x coverage",
                "status": "open"
            },
            {
                "id": env.action_id("Upsell training"),
                "text": "Upsell training",
                "owner": "bob",
                "due": "2026-12-20",
                "status": "open"
            }
        ])
    );
    assert_eq!(review["follow_up"], EAST_Q4);
    assert_eq!(review["check_in"], "2026-12-15");
}

#[test]
fn steps_can_come_over_several_runs_and_say_what_is_next() {
    let env = TestEnv::new();
    east(&env);
    let a = review_cmd(&env, EAST, &["--cause", "market", "--why", "A competitor"])
        .assert()
        .success();
    let out = stdout(&a);
    assert!(out.contains("in progress, step 2 of 4"), "{out}");
    assert!(out.contains("Next, step 2: --improve AREA"), "{out}");
    assert_eq!(stored(&env, EAST)["steps"], 1);

    let a = review_cmd(&env, EAST, &["--improve", "Pricing"])
        .assert()
        .success();
    assert!(
        stdout(&a).contains("Next, step 3: --action"),
        "{}",
        stdout(&a)
    );
    let a = review_cmd(&env, EAST, &["--action", "Price review; owner=cfo"])
        .assert()
        .success();
    assert!(
        stdout(&a).contains("Next, step 4: --follow-up"),
        "{}",
        stdout(&a)
    );
    review_cmd(&env, EAST, &["--follow-up", "east-revenue-2026-q2"])
        .assert()
        .success();
    let review = stored(&env, EAST);
    assert_eq!(review["steps"], 4);
    assert_eq!(review["causes"], json!(["market"]));
    assert_eq!(review["why"], "A competitor");
    assert_eq!(review["improvements"], json!(["Pricing"]));
    assert_eq!(review["actions"][0]["owner"], "cfo");
    assert!(review["actions"][0].get("due").is_none());
    assert_eq!(review["follow_up"], "east-revenue-2026-q2", "any goal");
    assert!(review.get("check_in").is_none());
}

#[test]
fn causes_accept_aliases_and_refuse_unknown_names() {
    let env = TestEnv::new();
    east(&env);
    let before = env.bytes();
    let err = env.fails(
        1,
        &["review", EAST, "--cause", "pipeline,luck", "--why", "x"],
    );
    assert!(err.contains("'luck' is not a cause"), "{err}");
    assert!(
        err.contains("pipeline, conversion, deal-size, sales-cycle, activity, staffing, market, product, target, other"),
        "lists the causes: {err}"
    );
    assert_eq!(env.bytes(), before, "nothing written");

    env.ok(&[
        "review",
        EAST,
        "--cause",
        "Deal Size",
        "--cause",
        "competition,quota",
        "--why",
        "x",
    ]);
    assert_eq!(
        stored(&env, EAST)["causes"],
        json!(["deal-size", "market", "target"])
    );
}

#[test]
fn steps_must_go_in_order_and_a_refusal_writes_nothing() {
    let env = TestEnv::new();
    east(&env);
    let before = env.bytes();

    let err = env.fails(
        1,
        &[
            "review",
            EAST,
            "--action",
            "Weekly pipeline review; owner=ann; due=2026-12-05",
        ],
    );
    assert!(err.contains("--action answers step 3"), "{err}");
    assert!(
        err.contains("step 1 (analyze the cause) is not done yet"),
        "{err}"
    );
    assert!(err.contains("--cause CAUSE --why TEXT"), "{err}");
    assert_eq!(env.bytes(), before, "file byte-identical");

    let err = env.fails(1, &["review", EAST, "--improve", "Prospecting"]);
    assert!(err.contains("--improve answers step 2"), "{err}");
    assert_eq!(env.bytes(), before);

    // A roll is refused before step 3 and makes no goal.
    let err = env.fails(1, &["review", EAST, "--follow-up", "next"]);
    assert!(
        err.contains("--follow-up/--check-in answers step 4"),
        "{err}"
    );
    assert_eq!(env.bytes(), before);
    assert!(!goal_ids(&env).contains(&EAST_Q4.to_string()));

    // A cause without --why is not step 1 done: step 2 is still refused.
    let err = env.fails(
        1,
        &[
            "review",
            EAST,
            "--cause",
            "pipeline",
            "--improve",
            "Prospecting",
        ],
    );
    assert!(
        err.contains("step 1 (analyze the cause) is not done yet"),
        "{err}"
    );
    assert_eq!(env.bytes(), before);

    env.ok(&["review", EAST, "--cause", "pipeline", "--why", "Slow"]);
    let after_step_one = env.bytes();
    let err = env.fails(1, &["review", EAST, "--action", "Call blitz"]);
    assert!(
        err.contains("step 2 (identify areas for improvement) is not done yet"),
        "{err}"
    );
    assert!(err.contains("--improve AREA"), "{err}");
    assert_eq!(env.bytes(), after_step_one);
    assert_eq!(stored(&env, EAST)["steps"], 1);
}

#[test]
fn bad_answers_are_refused_with_what_and_where() {
    let env = TestEnv::new();
    east(&env);
    let before = env.bytes();
    let err = env.fails(
        1,
        &[
            "review",
            EAST,
            "--cause",
            "pipeline",
            "--why",
            "x",
            "--improve",
            "y",
            "--action",
            "Call blitz; owner=ann; due=2026-02-30",
        ],
    );
    assert!(err.contains("'2026-02-30' is not a valid date"), "{err}");
    assert_eq!(env.bytes(), before, "nothing of the command is applied");

    let err = env.fails(1, &["review", EAST, "--action", "Call blitz; colour=red"]);
    assert!(err.contains("'colour' is not a field"), "{err}");
    let err = env.fails(1, &["review", EAST, "--action", "Call blitz; tomorrow"]);
    assert!(err.contains("'tomorrow' is not key=value"), "{err}");
    let err = env.fails(
        1,
        &[
            "review",
            EAST,
            "--cause",
            "pipeline",
            "--why",
            "x",
            "--improve",
            "y",
            "--action",
            "z",
            "--check-in",
            "soon",
        ],
    );
    assert!(
        err.contains("--check-in: 'soon' is not a valid date"),
        "{err}"
    );
    let err = env.fails(
        1,
        &[
            "review",
            EAST,
            "--cause",
            "pipeline",
            "--why",
            "x",
            "--improve",
            "y",
            "--action",
            "z",
            "--follow-up",
            "east-revenue-2026-q5",
        ],
    );
    assert!(err.contains("east-revenue-2026-q5"), "{err}");
    assert_eq!(env.bytes(), before);
}

#[test]
fn running_the_same_script_twice_adds_nothing_twice() {
    let env = TestEnv::new();
    east(&env);
    review_cmd(&env, EAST, FULL).assert().success();
    let once = env.bytes();
    let goals_once = goal_ids(&env);
    let ids_once = ids(&stored(&env, EAST)["actions"]);
    assert_eq!(ids_once.len(), 2);
    review_cmd(&env, EAST, FULL).assert().success();
    let review = stored(&env, EAST);
    assert_eq!(ids(&review["actions"]), ids_once, "no duplicate actions");
    assert_eq!(goal_ids(&env), goals_once, "no second rolled goal");
    assert_eq!(goal_ids(&env).iter().filter(|id| *id == EAST_Q4).count(), 1);
    assert_eq!(
        String::from_utf8(env.bytes()).unwrap(),
        String::from_utf8(once).unwrap(),
        "the second run changes nothing"
    );

    // The same action again (any case) in a later run is not added either;
    // a new one is.
    env.ok(&[
        "review",
        EAST,
        "--action",
        "WEEKLY PIPELINE REVIEW; owner=zed",
        "--action",
        "Win-back campaign; owner=cy",
    ]);
    let texts: Vec<String> = stored(&env, EAST)["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        texts,
        [
            "Weekly pipeline review",
            "Upsell training",
            "Win-back campaign"
        ]
    );
    // Not added twice, but the run's owner reassigns it (issue 12: a
    // scripted review run again changes the action it names).
    assert_eq!(stored(&env, EAST)["actions"][0]["owner"], "zed");
}

#[test]
fn follow_up_next_rolls_the_missed_goal_into_the_next_period_once() {
    let env = TestEnv::new();
    east(&env);
    env.goal(
        "big-deals",
        "250k",
        "2026-Q3",
        &[
            "--owner",
            "west",
            "--tag",
            "enterprise",
            "--stretch",
            "300k",
        ],
    );
    let steps: &[&str] = &[
        "--cause",
        "pipeline",
        "--why",
        "x",
        "--improve",
        "y",
        "--action",
        "z",
        "--follow-up",
        "next",
    ];
    env.ok(&[&["review", EAST][..], steps].concat());
    env.ok(&[&["review", "big-deals"][..], steps].concat());
    let q4 = env.json_out(&["goal", "show", EAST_Q4]);
    assert_eq!(q4["target"], 100000);
    assert_eq!(q4["period"]["label"], "2026-Q4");
    assert_eq!(q4["owner"], "east");
    assert_eq!(q4["metric"], "revenue");
    assert_eq!(q4["title"], "east revenue 2026-Q4");
    assert_eq!(stored(&env, EAST)["follow_up"], EAST_Q4);

    let rolled = env.json_out(&["goal", "show", "big-deals-2026-q4"]);
    assert_eq!(rolled["target"], 250000);
    assert_eq!(rolled["stretch"], 300000);
    assert_eq!(rolled["owner"], "west");
    assert_eq!(rolled["tags"], json!(["enterprise"]));
    assert_eq!(stored(&env, "big-deals")["follow_up"], "big-deals-2026-q4");

    let count = goal_ids(&env).len();
    env.ok(&["review", EAST, "--follow-up", "next"]);
    env.ok(&[
        "review",
        EAST,
        "--follow-up",
        "next",
        "--check-in",
        "2026-12-01",
    ]);
    assert_eq!(goal_ids(&env).len(), count, "rolling again makes no goal");
    assert_eq!(stored(&env, EAST)["follow_up"], EAST_Q4);
    assert_eq!(stored(&env, EAST)["check_in"], "2026-12-01");
}

#[test]
fn answers_from_a_file_and_from_stdin() {
    let env = TestEnv::new();
    east(&env);
    env.goal(
        "west-revenue-2026-10",
        "50k",
        "2026-10",
        &["--owner", "west"],
    );
    let doc = json!({
        "causes": ["pipeline", "activity"],
        "why": "Two reps on leave in August",
        "improvements": ["Prospecting cadence", "Pipeline coverage"],
        "actions": [
            {"text": "Daily prospecting block", "owner": "luis", "due": "2026-12-15", "measure": "20 calls a day"},
            {"text": "Hire a BDR"}
        ],
        "follow_up": "next",
        "check_in": "2026-12-16"
    });
    let path = env.dir().join("answers.json");
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    review_cmd(&env, EAST, &["--from", path.to_str().unwrap()])
        .assert()
        .success();
    let review = stored(&env, EAST);
    assert_eq!(review["steps"], 4);
    assert_eq!(review["causes"], json!(["pipeline", "activity"]));
    assert_eq!(review["why"], "Two reps on leave in August");
    assert_eq!(
        review["improvements"],
        json!(["Prospecting cadence", "Pipeline coverage"])
    );
    assert_eq!(
        review["actions"],
        json!([
            {"id": env.action_id("Daily prospecting block"), "text": "Daily prospecting block", "owner": "luis", "due": "2026-12-15", "measure": "20 calls a day", "status": "open"},
            {"id": env.action_id("Hire a BDR"), "text": "Hire a BDR", "status": "open"}
        ])
    );
    assert_eq!(review["follow_up"], EAST_Q4);
    assert_eq!(review["check_in"], "2026-12-16");

    // stdin, with a flag that overrides the document.
    let stdin_doc = json!({
        "causes": ["staffing"],
        "why": "Nobody covered the territory",
        "improve": ["Cover territories"],
        "actions": [{"text": "Assign cover", "owner": "west", "due": "2026-12-01"}],
        "check_in": "2026-12-02"
    });
    review_cmd(
        &env,
        "west-revenue-2026-10",
        &["--from", "-", "--why", "A rep left in September"],
    )
    .write_stdin(stdin_doc.to_string())
    .assert()
    .success();
    let review = stored(&env, "west-revenue-2026-10");
    assert_eq!(review["steps"], 4);
    assert_eq!(review["causes"], json!(["staffing"]));
    assert_eq!(review["why"], "A rep left in September", "flags win");
    assert_eq!(review["improvements"], json!(["Cover territories"]));
    assert_eq!(review["actions"][0]["text"], "Assign cover");
    let mut all = ids(&stored(&env, EAST)["actions"]);
    all.extend(ids(&review["actions"]));
    assert_eq!(all.len(), 3);
    assert_new_ids(&all);
    assert!(review.get("follow_up").is_none());
    assert_eq!(review["check_in"], "2026-12-02");
}

#[test]
fn a_bad_document_is_refused_with_file_line_and_column() {
    let env = TestEnv::new();
    east(&env);
    let before = env.bytes();
    let path = env.dir().join("bad.json");
    std::fs::write(&path, "{\n  \"causes\": [\"pipeline\"],\n  \"why\": 5\n}\n").unwrap();
    let a = review_cmd(&env, EAST, &["--from", path.to_str().unwrap()])
        .assert()
        .code(1);
    let err = stderr(&a);
    assert!(err.contains(&format!("{}:3:10", path.display())), "{err}");
    assert!(err.contains("expected a string"), "{err}");
    assert_eq!(env.bytes(), before);

    std::fs::write(&path, "{\"causes\": [\"pipeline\"],\n\"why\": \"x\",\n}").unwrap();
    let a = review_cmd(&env, EAST, &["--from", path.to_str().unwrap()])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains(&format!("{}:3:1", path.display())),
        "{}",
        stderr(&a)
    );

    let a = review_cmd(&env, EAST, &["--from", "-"])
        .write_stdin("{\"causes\": [\"pipeline\"], \"whyy\": \"x\"}")
        .assert()
        .code(1);
    let err = stderr(&a);
    assert!(err.contains("stdin:1:"), "{err}");
    assert!(err.contains("unknown field `whyy`"), "{err}");

    let missing = env.dir().join("nope.json");
    let a = review_cmd(&env, EAST, &["--from", missing.to_str().unwrap()])
        .assert()
        .code(1);
    assert!(stderr(&a).contains("nope.json"), "{}", stderr(&a));
    assert_eq!(env.bytes(), before, "the data file is untouched");
}

#[test]
fn no_answers_without_a_terminal_fail_and_list_the_flags() {
    let env = TestEnv::new();
    east(&env);
    let before = env.bytes();
    let flags = [
        "--cause",
        "--why",
        "--improve",
        "--action",
        "--follow-up",
        "--check-in",
        "--from",
    ];
    for extra in [&["--no-input"][..], &[][..]] {
        let a = review_cmd(&env, EAST, extra).assert().code(1);
        let err = stderr(&a);
        for flag in flags {
            assert!(err.contains(flag), "{extra:?}: {flag} missing from {err}");
        }
        assert!(err.contains("will not prompt"), "{err}");
        assert_eq!(stdout(&a), "");
    }
    assert_eq!(env.bytes(), before);

    // Halfway through, only the flags of the steps left are listed.
    env.ok(&[
        "review",
        EAST,
        "--cause",
        "pipeline",
        "--why",
        "x",
        "--improve",
        "y",
    ]);
    let a = review_cmd(&env, EAST, &["--no-input"]).assert().code(1);
    let err = stderr(&a);
    assert!(err.contains("step 3: --action"), "{err}");
    assert!(
        err.contains("--follow-up") && err.contains("--check-in"),
        "{err}"
    );
    assert!(
        !err.contains("--cause") && !err.contains("--improve"),
        "{err}"
    );

    // A complete review has nothing to ask.
    env.ok(&["review", EAST, "--action", "z", "--check-in", "2026-12-01"]);
    review_cmd(&env, EAST, &["--no-input"]).assert().success();
}

#[test]
fn only_a_missed_goal_can_be_reviewed() {
    let env = TestEnv::new();
    env.goal("met-revenue-2026-q3", "10k", "2026-Q3", &[]);
    env.record("met-revenue-2026-q3", "12000", "2026-08-01");
    env.goal("open-revenue-2026-q4", "10k", "2026-Q4", &[]);
    env.goal("later-revenue-2027-q1", "10k", "2027-Q1", &[]);
    let before = env.bytes();
    let answers = ["--cause", "pipeline", "--why", "x"];

    for extra in [&[][..], &answers[..]] {
        let err = stderr(
            &review_cmd(&env, "met-revenue-2026-q3", extra)
                .assert()
                .code(1),
        );
        assert!(
            err.contains("goal 'met-revenue-2026-q3' was met (120.0% of target)"),
            "{err}"
        );
        assert!(
            err.contains("attain celebrate met-revenue-2026-q3"),
            "{err}"
        );

        let err = stderr(
            &review_cmd(&env, "open-revenue-2026-q4", extra)
                .assert()
                .code(1),
        );
        assert!(err.contains("is still open"), "{err}");
        assert!(err.contains("once its period has closed"), "{err}");

        let err = stderr(
            &review_cmd(&env, "later-revenue-2027-q1", extra)
                .assert()
                .code(1),
        );
        assert!(err.contains("has not started yet"), "{err}");
    }
    let err = env.fails(1, &["review", "show", "met-revenue-2026-q3"]);
    assert!(err.contains("nothing to review"), "{err}");
    let err = env.fails(1, &["review", "met-revenue-2026-q9"]);
    assert!(err.contains("met-revenue-2026-q3"), "did you mean: {err}");
    assert_eq!(env.bytes(), before, "nothing written");
    assert!(env.json()["reviews"].as_array().unwrap().is_empty());
}

// ------------------------------------------------------------ review show

fn reviewed(env: &TestEnv) {
    east(env);
    env.ok(&[&["review", EAST][..], FULL].concat());
}

#[test]
fn review_show_as_a_table() {
    let env = TestEnv::new();
    reviewed(&env);
    let out = env.ok(&["review", "show", EAST]);
    for text in [
        "Review: east revenue 2026-Q3 (2026-Q3)",
        "Owner east · review complete",
        "Evidence: east-revenue-2026-q3 (2026-Q3)",
        "Target $100,000 · actual $50,000 · gap $50,000 · attainment 50.0%",
        "2 results, average $25,000",
        "2026-Q2: 3 results, average $40,000, attainment 120.0%",
        "Hint: pipeline or activity",
        "Hint: deal size",
        "1. Analyze the cause",
        "Causes: pipeline, deal size, activity",
        "Two deals slipped into October",
        "2. Identify areas for improvement",
        "- Qualify earlier",
        "- Bigger deals",
        "3. Create an action plan",
        "Weekly pipeline review",
        "3x coverage",
        "4. Track progress",
        "Follow-up goal: east-revenue-2026-q4",
        "Check-in: 2026-12-15",
    ] {
        assert!(out.contains(text), "{text:?} missing from\n{out}");
    }
    for month in ["2026-07", "2026-08", "2026-09"] {
        assert!(out.contains(month), "the chart by month: {out}");
    }
}

#[test]
fn review_show_as_markdown() {
    let env = TestEnv::new();
    reviewed(&env);
    let out = env.ok(&["review", "show", EAST, "--format", "markdown"]);
    let headings: Vec<&str> = out.lines().filter(|l| l.starts_with('#')).collect();
    for heading in [
        "## 1. Analyze the cause",
        "## 2. Identify areas for improvement",
        "## 3. Create an action plan",
        "## 4. Track progress",
    ] {
        assert!(
            headings.contains(&heading),
            "{heading:?} not in {headings:?}"
        );
    }
    let steps: Vec<usize> = [
        "## 1. Analyze",
        "## 2. Identify",
        "## 3. Create",
        "## 4. Track",
    ]
    .iter()
    .map(|h| out.find(h).unwrap())
    .collect();
    assert!(steps.windows(2).all(|w| w[0] < w[1]), "in order: {out}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines.contains(&"| Id | Action | Owner | Due | Measure | Status |"),
        "{out}"
    );
    // Each action by its short id: the shortest prefix of at least 4
    // characters that no other action's id starts with.
    let all = [
        env.action_id("Weekly pipeline review"),
        env.action_id("Upsell training"),
    ];
    let first = format!(
        "| {} | Weekly pipeline review | ann | 2026-12-05 | 3x coverage | open |",
        common::short_id(&all[0], &all)
    );
    assert!(lines.contains(&first.as_str()), "{out}");
    let second = format!(
        "| {} | Upsell training | bob | 2026-12-20 |  | open |",
        common::short_id(&all[1], &all)
    );
    assert!(lines.contains(&second.as_str()), "{out}");
    assert!(lines.contains(&"- Qualify earlier"), "{out}");
    assert!(
        lines.contains(&"Follow-up goal: east-revenue-2026-q4"),
        "{out}"
    );
    assert!(
        !out.contains('┆') && !out.contains('│'),
        "no box drawing: {out}"
    );
}

#[test]
fn review_show_as_json() {
    let env = TestEnv::new();
    reviewed(&env);
    let first = env.action_id("Weekly pipeline review");
    env.ok(&[
        "action", "update", &first, "--status", "doing", "--note", "Started",
    ]);
    let json = env.json_out(&["review", "show", EAST]);
    assert_eq!(json["state"], "complete");
    assert_eq!(json["step"], 0);
    assert_eq!(json["goal"]["id"], EAST);
    assert_eq!(json["goal"]["status"], "missed");

    let evidence = &json["evidence"];
    assert_eq!(evidence["target"], 100000);
    assert_eq!(evidence["actual"], 50000);
    assert_eq!(evidence["gap"], 50000);
    assert_eq!(evidence["attainment"], 0.5);
    assert_eq!(evidence["results"], 2);
    assert_eq!(evidence["average"], 25000);
    assert_eq!(
        evidence["by_period"],
        json!([
            {"label": "2026-07", "start": "2026-07-01", "results": 1, "total": 30000},
            {"label": "2026-08", "start": "2026-08-01", "results": 0, "total": 0},
            {"label": "2026-09", "start": "2026-09-01", "results": 1, "total": 20000}
        ])
    );
    assert_eq!(
        evidence["previous"],
        json!({"period": "2026-Q2", "results": 3, "average": 40000, "actual": 120000, "attainment": 1.2})
    );
    assert_eq!(
        hint_causes(&json),
        [vec!["pipeline", "activity"], vec!["deal-size"]]
    );
    for hint in evidence["hints"].as_array().unwrap() {
        assert!(!hint["reason"].as_str().unwrap().is_empty());
    }

    let review = &json["review"];
    assert_eq!(review["steps_done"], 4);
    assert_eq!(
        review["causes"],
        json!(["pipeline", "deal-size", "activity"])
    );
    assert_eq!(review["why"], "Two deals slipped into October");
    assert_eq!(
        review["improvements"],
        json!(["Qualify earlier", "Bigger deals"])
    );
    assert_eq!(review["follow_up"], EAST_Q4);
    assert_eq!(review["check_in"], "2026-12-15");
    assert!(review["started"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        review["actions"],
        json!([
            {
                "id": first, "goal": EAST, "text": "Weekly pipeline review", "owner": "ann",
                "due": "2026-12-05", "measure": "3x coverage", "status": "doing", "overdue": false,
                "check_ins": [{"date": "2026-11-27", "status": "doing", "note": "Started"}]
            },
            {
                "id": env.action_id("Upsell training"), "goal": EAST, "text": "Upsell training", "owner": "bob",
                "due": "2026-12-20", "measure": null, "status": "open", "overdue": false,
                "check_ins": []
            }
        ])
    );
}

#[test]
fn review_show_of_a_goal_not_yet_reviewed() {
    let env = TestEnv::new();
    env.goal(
        "west-revenue-2026-10",
        "50k",
        "2026-10",
        &["--owner", "west"],
    );
    env.record("west-revenue-2026-10", "5000", "2026-10-06");
    let json = env.json_out(&["review", "show", "west-revenue-2026-10"]);
    assert_eq!(json["state"], "pending");
    assert_eq!(json["step"], 1);
    assert!(json["review"].is_null(), "{}", json["review"]);
    assert!(json["evidence"]["previous"].is_null());
    assert_eq!(json["evidence"]["hints"], json!([]));
    // A month is charted by ISO week.
    let weeks: Vec<(String, String, u64)> = json["evidence"]["by_period"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["label"].as_str().unwrap().to_string(),
                b["start"].as_str().unwrap().to_string(),
                b["results"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        weeks,
        [
            ("W40".into(), "2026-10-01".into(), 0),
            ("W41".into(), "2026-10-05".into(), 1),
            ("W42".into(), "2026-10-12".into(), 0),
            ("W43".into(), "2026-10-19".into(), 0),
            ("W44".into(), "2026-10-26".into(), 0),
        ]
    );
    let table = env.ok(&["review", "show", "west-revenue-2026-10"]);
    assert!(
        table.contains("No review yet: attain review west-revenue-2026-10"),
        "{table}"
    );
    assert!(table.contains("review pending"), "{table}");
}

// -------------------------------------------------------- the cause hints

fn hint_causes(show: &Value) -> Vec<Vec<String>> {
    show["evidence"]["hints"]
        .as_array()
        .expect("hints array")
        .iter()
        .map(|h| {
            h["causes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

/// A missed 2026-Q3 goal for `owner` with `results`, and, when `previous`
/// is given, a 2026-Q2 goal of the same owner and metric with those.
fn hinted(
    env: &TestEnv,
    owner: &str,
    target: &str,
    results: &[(&str, &str)],
    previous: Option<&[(&str, &str)]>,
) -> Vec<Vec<String>> {
    let id = format!("{owner}-revenue-2026-q3");
    env.goal(&id, target, "2026-Q3", &["--owner", owner]);
    for (value, date) in results {
        env.record(&id, value, date);
    }
    if let Some(previous) = previous {
        let prev = format!("{owner}-revenue-2026-q2");
        env.goal(&prev, "1k", "2026-Q2", &["--owner", owner]);
        for (value, date) in previous {
            env.record(&prev, value, date);
        }
    }
    hint_causes(&env.json_out(&["review", "show", &id]))
}

#[test]
fn fewer_results_than_last_period_hint_at_pipeline_or_activity() {
    let env = TestEnv::new();
    // 2 results of 50k against 3 of 40k: fewer, but not smaller; the target
    // 150k is exactly 125% of 120k, not over it.
    let hints = hinted(
        &env,
        "fewer",
        "150k",
        &[("50000", "2026-07-10"), ("50000", "2026-08-10")],
        Some(&[
            ("40000", "2026-04-10"),
            ("40000", "2026-05-10"),
            ("40000", "2026-06-10"),
        ]),
    );
    assert_eq!(hints, [vec!["pipeline", "activity"]]);
    let show = env.json_out(&["review", "show", "fewer-revenue-2026-q3"]);
    let reason = show["evidence"]["hints"][0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("2 results against 3 in 2026-Q2"),
        "{reason}"
    );

    // As many results as last period: no such hint.
    let hints = hinted(
        &env,
        "same",
        "120k",
        &[("50000", "2026-07-10"), ("50000", "2026-08-10")],
        Some(&[("50000", "2026-04-10"), ("50000", "2026-05-10")]),
    );
    assert_eq!(hints, Vec::<Vec<String>>::new());
}

#[test]
fn a_smaller_average_hints_at_deal_size() {
    let env = TestEnv::new();
    let hints = hinted(
        &env,
        "small",
        "100k",
        &[
            ("30000", "2026-07-05"),
            ("30000", "2026-08-05"),
            ("30000", "2026-09-01"),
        ],
        Some(&[("40000", "2026-04-10"), ("40000", "2026-05-10")]),
    );
    assert_eq!(hints, [vec!["deal-size"]]);
    let show = env.json_out(&["review", "show", "small-revenue-2026-q3"]);
    assert_eq!(show["evidence"]["average"], 30000);
    assert_eq!(show["evidence"]["previous"]["average"], 40000);
}

#[test]
fn most_value_in_the_last_quarter_of_the_period_hints_at_the_sales_cycle() {
    let env = TestEnv::new();
    // 2026-Q3 has 92 days: its last quarter is the last 23, from 09-08.
    let late = hinted(
        &env,
        "late",
        "100k",
        &[("10000", "2026-07-15"), ("30000", "2026-09-08")],
        None,
    );
    assert_eq!(late, [vec!["sales-cycle"]]);
    let early = hinted(
        &env,
        "early",
        "100k",
        &[("10000", "2026-07-15"), ("30000", "2026-09-07")],
        None,
    );
    assert_eq!(
        early,
        Vec::<Vec<String>>::new(),
        "09-07 is before the last quarter"
    );
    let half = hinted(
        &env,
        "half",
        "100k",
        &[("20000", "2026-07-15"), ("20000", "2026-09-20")],
        None,
    );
    assert_eq!(half, Vec::<Vec<String>>::new(), "exactly half is not most");
}

#[test]
fn a_target_far_above_last_period_hints_at_the_target() {
    let env = TestEnv::new();
    let hints = hinted(
        &env,
        "stretched",
        "100k",
        &[("40000", "2026-07-15")],
        Some(&[("40000", "2026-05-10")]),
    );
    assert_eq!(hints, [vec!["target"]]);
    let show = env.json_out(&["review", "show", "stretched-revenue-2026-q3"]);
    let reason = show["evidence"]["hints"][0]["reason"].as_str().unwrap();
    assert!(reason.contains("125%"), "{reason}");
    // 100k is exactly 125% of 80k: not over it.
    let hints = hinted(
        &env,
        "fair",
        "100k",
        &[("80000", "2026-07-15")],
        Some(&[("80000", "2026-05-10")]),
    );
    assert_eq!(hints, Vec::<Vec<String>>::new());
}

// ---------------------------------------------------------------- actions

/// East's full review (actions 1 ann 12-05 and 2 bob 12-20) and a review
/// of west's October with action 3 (Ann, due 11-30), done.
fn with_actions(env: &TestEnv) {
    reviewed(env);
    env.goal(
        "west-revenue-2026-10",
        "50k",
        "2026-10",
        &["--owner", "west"],
    );
    env.ok(&[
        "review",
        "west-revenue-2026-10",
        "--cause",
        "staffing",
        "--why",
        "A rep left",
        "--improve",
        "Hiring",
        "--action",
        "Call lapsed customers; owner=Ann; due=2026-11-30; measure=20 calls",
        "--check-in",
        "2026-12-01",
    ]);
    let third = env.action_id("Call lapsed customers");
    env.ok(&["action", "update", &third, "--status", "done"]);
}

#[test]
fn action_list_filters_open_overdue_and_owner() {
    let mut env = TestEnv::new();
    with_actions(&env);
    let one = env.action_id("Weekly pipeline review");
    let two = env.action_id("Upsell training");
    let three = env.action_id("Call lapsed customers");
    let (one, two, three) = (one.as_str(), two.as_str(), three.as_str());
    let all = env.json_out(&["action", "list"]);
    assert_eq!(ids(&all), [three, one, two], "by due date");
    assert_eq!(all[0]["goal"], "west-revenue-2026-10");
    assert_eq!(all[0]["status"], "done");
    assert_eq!(all[1]["goal"], EAST);
    assert_eq!(all[1]["measure"], "3x coverage");
    assert_eq!(
        ids(&env.json_out(&["action", "list", "--open"])),
        [one, two]
    );
    assert_eq!(
        ids(&env.json_out(&["action", "list", "--owner", "ann"])),
        [three, one],
        "owner matches in any case"
    );
    assert_eq!(
        ids(&env.json_out(&["action", "list", "--owner", "ANN", "--open"])),
        [one]
    );
    assert_eq!(
        ids(&env.json_out(&["action", "list", "--owner", "nobody"])),
        Vec::<String>::new()
    );

    // Due 2026-12-05: not overdue that day, overdue the day after.
    env.set_as_of("2026-12-05");
    assert_eq!(
        ids(&env.json_out(&["action", "list", "--overdue"])),
        Vec::<String>::new()
    );
    assert_eq!(env.json_out(&["action", "list"])[1]["overdue"], false);
    env.set_as_of("2026-12-06");
    let overdue = env.json_out(&["action", "list", "--overdue"]);
    assert_eq!(ids(&overdue), [one], "a done action is never overdue");
    assert_eq!(overdue[0]["overdue"], true);
    let table = env.ok(&["action", "list"]);
    assert!(table.contains("open · overdue"), "{table}");
    assert!(table.contains("3 action(s), 1 overdue"), "{table}");
    env.set_as_of("2026-12-21");
    assert_eq!(
        ids(&env.json_out(&["action", "list", "--overdue"])),
        [one, two]
    );
}

#[test]
fn action_update_records_a_dated_check_in() {
    let mut env = TestEnv::new();
    reviewed(&env);
    let first = env.action_id("Weekly pipeline review");
    let json = env.json_out(&[
        "action",
        "update",
        &first,
        "--status",
        "doing",
        "--note",
        "Kicked off with the team",
    ]);
    assert_eq!(json["id"], first.as_str(), "JSON gives the whole id");
    assert_eq!(json["status"], "doing");
    env.set_as_of("2026-12-04");
    let all = [first.clone(), env.action_id("Upsell training")];
    let short = common::short_id(&first, &all);
    let out = env.run(&[
        "action",
        "update",
        &format!("#{short}"),
        "--status",
        "done",
        "--note",
        "Coverage at 3.2x",
    ]);
    assert_eq!(
        stdout(&out.success()),
        format!("Action {short} (Weekly pipeline review) is now done.\n")
    );
    let action = &stored(&env, EAST)["actions"][0];
    assert_eq!(action["status"], "done");
    assert_eq!(
        action["check_ins"],
        json!([
            {"date": "2026-11-27", "status": "doing", "note": "Kicked off with the team"},
            {"date": "2026-12-04", "status": "done", "note": "Coverage at 3.2x"}
        ])
    );
    assert_eq!(stored(&env, EAST)["actions"][1]["status"], "open");

    let before = env.bytes();
    let err = env.fails(1, &["action", "update", "99", "--status", "done"]);
    assert!(
        err.contains("no action with id '99'; a shortened id needs at least 4 characters"),
        "{err}"
    );
    let err = env.fails(1, &["action", "update", "zzzz", "--status", "done"]);
    assert_eq!(
        err,
        "error: no action with id 'zzzz' (see `attain action list`)\n"
    );
    env.fails(2, &["action", "update", &first, "--status", "finished"]);
    assert_eq!(env.bytes(), before, "refusals write nothing");
}

// --------------------------------------------------------------- progress

/// A missed 2026-Q3 goal for `owner`, reviewed through step 3 with one
/// action due `due`, and step 4 from `track`.
fn tracked(env: &TestEnv, owner: &str, due: &str, track: &[&str]) -> String {
    let id = format!("{owner}-revenue-2026-q3");
    env.goal(&id, "100k", "2026-Q3", &["--owner", owner]);
    env.record(&id, "10000", "2026-08-01");
    let action = format!("Plan for {owner}; owner={owner}; due={due}");
    let mut args = vec![
        "review",
        &id,
        "--cause",
        "pipeline",
        "--why",
        "x",
        "--improve",
        "y",
        "--action",
        &action,
    ];
    args.extend_from_slice(track);
    env.ok(&args);
    id
}

fn verdicts(env: &TestEnv) -> Vec<(String, String)> {
    env.json_out(&["progress"])
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["goal"].as_str().unwrap().to_string(),
                r["verdict"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn progress_verdicts_follow_the_follow_up_goal_and_the_actions() {
    let env = TestEnv::new();
    let next = ["--follow-up", "next"];
    // 2026-Q4 is 58 of 92 days in on 2026-11-27.
    tracked(&env, "ontrack", "2026-12-20", &next);
    env.record("ontrack-revenue-2026-q4", "80000", "2026-11-01"); // projected 126.9k
    tracked(&env, "early", "2026-12-20", &next);
    env.record("early-revenue-2026-q4", "100000", "2026-11-01"); // met already
    tracked(&env, "atrisk", "2026-12-20", &next);
    env.record("atrisk-revenue-2026-q4", "60000", "2026-11-01"); // projected 95.2k
    env.goal(
        "soon-revenue-2027-q1",
        "100k",
        "2027-Q1",
        &["--owner", "soon"],
    );
    tracked(
        &env,
        "soon",
        "2026-12-20",
        &["--follow-up", "soon-revenue-2027-q1"],
    );
    tracked(&env, "checkin", "2026-12-20", &["--check-in", "2026-12-10"]);
    tracked(&env, "behind", "2026-12-20", &next); // nothing in Q4 yet
    env.goal(
        "gone-revenue-2026-10",
        "100k",
        "2026-10",
        &["--owner", "gone"],
    );
    tracked(
        &env,
        "lapsed",
        "2026-12-20",
        &["--follow-up", "gone-revenue-2026-10"],
    );
    tracked(&env, "late", "2026-11-20", &next);
    env.record("late-revenue-2026-q4", "100000", "2026-11-01"); // met, but...
    // Step 3 not finished: not followed yet.
    env.goal(
        "fresh-revenue-2026-q3",
        "100k",
        "2026-Q3",
        &["--owner", "fresh"],
    );
    env.ok(&[
        "review",
        "fresh-revenue-2026-q3",
        "--cause",
        "other",
        "--why",
        "x",
    ]);

    let expected = [
        ("ontrack", "working"),
        ("early", "working"),
        ("atrisk", "not yet"),
        ("soon", "not yet"),
        ("checkin", "not yet"),
        ("behind", "off track"),
        ("lapsed", "off track"),
        ("late", "off track"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(o, v)| (format!("{o}-revenue-2026-q3"), v.to_string()))
        .collect();
    let mut got = verdicts(&env);
    got.sort();
    let mut want = expected.clone();
    want.sort();
    assert_eq!(got, want);

    let progress = env.json_out(&["progress"]);
    let row = |id: &str| {
        progress
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["goal"] == id)
            .unwrap()
            .clone()
    };
    let ontrack = row("ontrack-revenue-2026-q3");
    assert_eq!(ontrack["follow_up"]["id"], "ontrack-revenue-2026-q4");
    assert_eq!(ontrack["follow_up"]["status"], "on-track");
    assert_eq!(
        ontrack["actions"],
        json!({"done": 0, "open": 1, "overdue": 0})
    );
    assert_eq!(
        row("atrisk-revenue-2026-q3")["follow_up"]["status"],
        "at-risk"
    );
    assert_eq!(
        row("soon-revenue-2026-q3")["follow_up"]["status"],
        "upcoming"
    );
    let checkin = row("checkin-revenue-2026-q3");
    assert!(checkin["follow_up"].is_null());
    assert_eq!(checkin["check_in"], "2026-12-10");
    assert_eq!(
        row("behind-revenue-2026-q3")["follow_up"]["status"],
        "behind"
    );
    assert_eq!(
        row("lapsed-revenue-2026-q3")["follow_up"]["status"],
        "missed"
    );
    let late = row("late-revenue-2026-q3");
    assert_eq!(late["follow_up"]["status"], "met");
    assert_eq!(late["actions"], json!({"done": 0, "open": 1, "overdue": 1}));

    let table = env.ok(&["progress"]);
    for verdict in ["working", "not yet", "off track"] {
        assert!(table.contains(verdict), "{verdict}: {table}");
    }
    let one = env.json_out(&["progress", "early-revenue-2026-q3"]);
    assert_eq!(one.as_array().unwrap().len(), 1);
    assert_eq!(one[0]["verdict"], "working");
}

#[test]
fn progress_check_exits_3_while_an_action_is_overdue() {
    let mut env = TestEnv::new();
    reviewed(&env); // actions due 2026-12-05 and 2026-12-20
    env.run(&["progress", "--check"]).code(0);
    env.set_as_of("2026-12-05");
    env.run(&["progress", "--check"]).code(0);
    env.set_as_of("2026-12-06");
    env.run(&["progress", "--check"]).code(3);
    env.run(&["progress", "--check", "--format", "json"])
        .code(3);
    let row = &env.json_out(&["progress"])[0];
    assert_eq!(row["actions"]["overdue"], 1);
    assert_eq!(row["verdict"], "off track");
    let first = env.action_id("Weekly pipeline review");
    env.ok(&["action", "update", &first, "--status", "done"]);
    env.run(&["progress", "--check"]).code(0);
    let row = &env.json_out(&["progress"])[0];
    assert_eq!(row["actions"], json!({"done": 1, "open": 1, "overdue": 0}));
    env.set_as_of("2026-12-21");
    env.run(&["progress", "--check"]).code(3);
}

#[test]
fn progress_of_a_goal_without_a_review_is_refused() {
    let env = TestEnv::new();
    east(&env);
    let err = env.fails(1, &["progress", EAST]);
    assert!(err.contains("has no review yet"), "{err}");
    assert!(err.contains("attain review east-revenue-2026-q3"), "{err}");
    let out = env.ok(&["progress"]);
    assert!(out.contains("No reviews with an action plan yet"), "{out}");
    assert_eq!(env.json_out(&["progress"]), json!([]));
}

#[test]
fn an_action_can_be_rescheduled_reassigned_and_reworded() {
    let env = TestEnv::new();
    reviewed(&env);
    let first = env.action_id("Weekly pipeline review");
    let short = common::short_id(&first, &[env.action_id("Upsell training")]);
    let out = env.ok(&[
        "action",
        "update",
        &short,
        "--due",
        "2027-01-15",
        "--owner",
        "Bo",
        "--text",
        "Two pipeline reviews a week",
    ]);
    assert_eq!(
        out,
        format!(
            "Action {short} (Two pipeline reviews a week) is now open, due 2027-01-15, owned by \
             Bo.\n"
        )
    );
    let actions = env.json_out(&["action", "list"]);
    let first = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == first.as_str())
        .unwrap();
    assert_eq!(first["due"], "2027-01-15");
    assert_eq!(first["owner"], "Bo");
    assert_eq!(first["text"], "Two pipeline reviews a week");
    // The check-in says what changed and from what.
    let data = env.json();
    let check_ins = &data["reviews"][0]["actions"][0]["check_ins"];
    let note = check_ins[0]["note"].as_str().unwrap();
    assert!(
        note.contains("due 2027-01-15, was ") && note.contains("reworded from"),
        "{note}"
    );
    // Nothing to change is a usage error; an empty owner is refused.
    env.fails(2, &["action", "update", &short]);
    env.fails(1, &["action", "update", &short, "--owner", " "]);
}

#[test]
fn a_scripted_review_run_again_with_a_new_due_date_changes_the_action() {
    let env = TestEnv::new();
    reviewed(&env);
    env.ok(&[
        "review",
        EAST,
        "--action",
        "Weekly pipeline review; due=2027-01-08",
    ]);
    let actions = env.json_out(&["action", "list"]);
    let weekly: Vec<&Value> = actions
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["text"] == "Weekly pipeline review")
        .collect();
    assert_eq!(weekly.len(), 1, "{actions}");
    assert_eq!(weekly[0]["due"], "2027-01-08");
    // What the run did not give stays.
    assert_eq!(weekly[0]["owner"], "ann");
    assert_eq!(weekly[0]["measure"], "3x coverage");
}

#[test]
fn an_empty_action_list_says_why_it_is_empty() {
    let env = TestEnv::new();
    east(&env);
    let none = env.ok(&["action", "list"]);
    assert!(
        none.contains("No actions yet. Plans are made in step 3"),
        "{none}"
    );
    env.ok(&[&["review", EAST][..], FULL].concat());
    // Plans exist, none overdue on the review's as-of date.
    let filtered = env.ok(&["action", "list", "--overdue"]);
    assert!(
        filtered.contains("None of the 2 planned action(s) match"),
        "{filtered}"
    );
}

#[test]
fn follow_up_next_takes_the_owner_s_existing_next_period_goal() {
    let env = TestEnv::new();
    east(&env);
    // A plan for the next quarter, under an id of its own and a new target.
    env.goal("east-plan-q4", "140k", "2026-Q4", &["--owner", "east"]);
    let goals = env.json()["goals"].as_array().unwrap().len();
    env.ok(&[
        "review",
        EAST,
        "--cause",
        "pipeline",
        "--why",
        "x",
        "--improve",
        "y",
        "--action",
        "z",
        "--follow-up",
        "next",
    ]);
    assert_eq!(stored(&env, EAST)["follow_up"], "east-plan-q4");
    assert_eq!(env.json()["goals"].as_array().unwrap().len(), goals);
}

#[test]
fn action_list_and_progress_take_the_goal_filters() {
    let env = TestEnv::new();
    reviewed(&env);
    // The reviewed goal is east's revenue in 2026-Q3.
    for args in [
        &["--period", "2026-Q3"][..],
        &["--metric", "revenue"],
        &["--period", "2026"],
    ] {
        let mut list = vec!["action", "list"];
        list.extend_from_slice(args);
        assert_eq!(env.json_out(&list).as_array().unwrap().len(), 2, "{args:?}");
        let mut progress = vec!["progress"];
        progress.extend_from_slice(args);
        assert_eq!(
            env.json_out(&progress).as_array().unwrap().len(),
            1,
            "{args:?}"
        );
    }
    for args in [&["--period", "2026-Q4"][..], &["--metric", "csat"]] {
        let mut list = vec!["action", "list"];
        list.extend_from_slice(args);
        assert_eq!(env.json_out(&list).as_array().unwrap().len(), 0, "{args:?}");
        let mut progress = vec!["progress"];
        progress.extend_from_slice(args);
        assert_eq!(
            env.json_out(&progress).as_array().unwrap().len(),
            0,
            "{args:?}"
        );
    }
    env.fails(1, &["action", "list", "--team", "nowhere"]);
    assert_eq!(
        env.json_out(&["progress", "--owner", "east"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        env.json_out(&["action", "list", "--tag", "none"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
}
