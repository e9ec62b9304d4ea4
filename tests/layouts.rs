//! Snapshot tests pinning the human layouts of celebrate, review, progress
//! and period-end (NO_COLOR, piped, fixed as-of date).

mod common;

use common::TestEnv;

/// Q2 and Q3 for two reps: ana met both (streak 2, Q3 at 130%), bo missed Q3
/// and has a scripted review with one action.
fn team() -> TestEnv {
    let env = TestEnv::new();
    env.goal(
        "ana-q2",
        "100000",
        "2026-Q2",
        &["--owner", "ana", "--title", "Ana Q2"],
    );
    env.record("ana-q2", "104000", "2026-05-12");
    env.goal(
        "ana-q3",
        "100000",
        "2026-Q3",
        &["--owner", "ana", "--title", "Ana Q3"],
    );
    env.record("ana-q3", "130000", "2026-08-20");
    env.goal(
        "bo-q3",
        "80000",
        "2026-Q3",
        &["--owner", "bo", "--title", "Bo Q3"],
    );
    env.record("bo-q3", "30000", "2026-07-10");
    env.record("bo-q3", "30000", "2026-09-25");
    env.ok(&[
        "celebrate",
        "ana-q2",
        "--log",
        "Card from the VP",
        "--date",
        "2026-07-02",
    ]);
    env.ok(&[
        "review",
        "bo-q3",
        "--cause",
        "pipeline",
        "--why",
        "Two deals slipped to October",
        "--improve",
        "Earlier close plans",
        "--action",
        "Weekly deal review; owner=bo; due=2026-12-01; measure=slip rate under 10%",
        "--follow-up",
        "next",
        "--check-in",
        "2026-12-15",
    ]);
    env
}

#[test]
fn celebrate_table() {
    insta::assert_snapshot!(team().ok(&["celebrate"]));
}

#[test]
fn celebrate_history_table() {
    insta::assert_snapshot!(team().ok(&["celebrate", "--history"]));
}

#[test]
fn review_list_table() {
    insta::assert_snapshot!(team().ok(&["review"]));
}

#[test]
fn review_show_markdown() {
    insta::assert_snapshot!(team().ok(&["review", "show", "bo-q3", "--format", "markdown"]));
}

#[test]
fn progress_table() {
    insta::assert_snapshot!(team().ok(&["progress"]));
}

#[test]
fn period_end_markdown() {
    insta::assert_snapshot!(team().ok(&["period-end", "2026-Q3", "--format", "markdown"]));
}
