//! `attain period-end`: the packet and its `--check`.

mod common;

use common::TestEnv;

/// A closed 2026-Q3 with one met and one missed goal, and an earlier
/// review (2026-Q2) whose action is still open.
fn quarter() -> TestEnv {
    let env = TestEnv::new();
    env.goal("ana-q3", "100", "2026-Q3", &["--owner", "ana"]);
    env.record("ana-q3", "120", "2026-08-01");
    env.goal("bo-q3", "100", "2026-Q3", &["--owner", "bo"]);
    env.record("bo-q3", "60", "2026-08-01");
    env.goal("bo-q2", "100", "2026-Q2", &["--owner", "bo"]);
    env.record("bo-q2", "50", "2026-05-01");
    env.ok(&[
        "review",
        "bo-q2",
        "--cause",
        "pipeline",
        "--why",
        "Thin pipeline",
        "--improve",
        "Prospecting",
        "--action",
        "Call 20 lapsed accounts; owner=bo; due=2026-10-15",
        "--check-in",
        "2026-10-01",
    ]);
    env
}

#[test]
fn the_packet_has_attainment_celebrations_reviews_and_earlier_actions() {
    let env = quarter();
    let out = env.ok(&["period-end", "2026-Q3"]);
    for expected in [
        "Period end: 2026-Q3 (2026-07-01 to 2026-09-30), as of 2026-11-27",
        "1 of 2 met · 1 missed",
        "ana-q3",
        "a team appreciation event",
        "bo-q3 (bo, 60.0% of target): review pending",
        "Open actions from earlier reviews",
        "Call 20 lapsed accounts",
        "Still owed: 1 review(s) to finish, 1 met goal(s) to celebrate, 1 overdue action(s)",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
}

#[test]
fn markdown_reads_as_a_document() {
    let env = quarter();
    let md = env.ok(&["period-end", "2026-Q3", "--format", "markdown"]);
    assert!(md.starts_with("## Period end: 2026-Q3"), "{md}");
    assert!(md.contains("## Attainment"), "{md}");
    assert!(md.contains("## Celebrate successes"), "{md}");
    assert!(md.contains("## Learn from the missed"), "{md}");
    assert!(
        md.contains("| Goal | Owner | Period | Target | Actual | Attainment |"),
        "{md}"
    );
    assert!(!md.contains('\u{1b}'), "no escape codes in Markdown");
}

#[test]
fn json_carries_every_part_and_what_is_owed() {
    let env = quarter();
    let json = env.json_out(&["period-end", "2026-Q3"]);
    assert_eq!(json["period"]["label"], "2026-Q3");
    assert_eq!(json["report"]["summary"]["total"], 2);
    assert_eq!(json["celebrations"]["goals"][0]["id"], "ana-q3");
    assert_eq!(json["reviews"][0]["goal"], "bo-q3");
    assert_eq!(json["reviews"][0]["state"], "pending");
    assert_eq!(
        json["earlier_actions"][0]["text"],
        "Call 20 lapsed accounts"
    );
    assert_eq!(json["earlier_actions"][0]["overdue"], true);
    assert_eq!(json["owed"]["reviews_pending"], 1);
    assert_eq!(json["owed"]["uncelebrated"], 1);
    assert_eq!(json["owed"]["overdue_actions"], 1);
}

#[test]
fn check_exits_3_until_nothing_is_owed() {
    let env = quarter();
    env.run(&["period-end", "2026-Q3", "--check"]).code(3);
    env.ok(&[
        "celebrate",
        "ana-q3",
        "--log",
        "Team lunch",
        "--kind",
        "event",
    ]);
    env.run(&["period-end", "2026-Q3", "--check"]).code(3);
    env.ok(&[
        "review",
        "bo-q3",
        "--cause",
        "deal-size",
        "--why",
        "Smaller deals",
        "--improve",
        "Upsell",
        "--action",
        "Bundle offer; due=2026-12-20",
        "--follow-up",
        "next",
    ]);
    env.run(&["period-end", "2026-Q3", "--check"]).code(3);
    let action = env.action_id("Call 20 lapsed accounts");
    env.ok(&[
        "action",
        "update",
        &action,
        "--status",
        "done",
        "--note",
        "Called all 20",
    ]);
    env.run(&["period-end", "2026-Q3", "--check"]).code(0);
    let out = env.ok(&["period-end", "2026-Q3"]);
    assert!(out.contains("Nothing owed"), "{out}");
}

#[test]
fn owner_filter_and_bad_periods() {
    let env = quarter();
    let json = env.json_out(&["period-end", "2026-Q3", "--owner", "ana"]);
    assert_eq!(json["report"]["summary"]["total"], 1);
    assert_eq!(json["reviews"].as_array().unwrap().len(), 0);
    assert_eq!(json["earlier_actions"].as_array().unwrap().len(), 0);
    let err = env.fails(1, &["period-end", "2026-Q5"]);
    assert!(err.contains("not a period"), "{err}");
}

#[test]
fn the_markdown_packet_has_every_step_of_a_review() {
    let env = quarter();
    let md = env.ok(&["period-end", "2026-Q2", "--format", "markdown"]);
    for step in [
        "Cause: pipeline (Thin pipeline)",
        "To improve: Prospecting",
        "Call 20 lapsed accounts",
        "Tracking: check-in on 2026-10-01",
    ] {
        assert!(md.contains(step), "missing {step:?} in:\n{md}");
    }
}
