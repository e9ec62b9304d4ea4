//! The guided review in a pseudo-terminal: real keystrokes through the four
//! inquire prompts, Ctrl+C after step 2 and the resume at step 3, Esc going
//! back a step, and Esc at the first step or Ctrl+D anywhere leaving as
//! Ctrl+C does. Each test checks what the data file holds afterwards.
#![cfg(unix)]

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use rexpect::process::WaitStatus;
use rexpect::reader::Options;
use rexpect::session::{PtySession, spawn_with_options};
use serde_json::{Value, json};
use tempfile::TempDir;

const AS_OF: &str = "2026-11-27";
const GOAL: &str = "east-revenue-2026-q3";
/// Generous: CI may be a loaded 2-core machine.
const TIMEOUT_MS: u64 = 15_000;

/// Help lines inquire shows only while a prompt is active and its input is
/// empty: the marker that the next prompt is ready for keys (typing ahead
/// of a prompt would land in the terminal's cooked mode).
const AREA_HELP: &str = "[e.g. qualify pipeline earlier; esc to go back]";
const ACTION_HELP: &str = "[e.g. Weekly pipeline review with each rep; esc to go back]";
const DOWN: &str = "\x1b[B";
const BACKSPACE: &str = "\x7f";

struct Env {
    _dir: TempDir,
    file: PathBuf,
}

impl Env {
    /// A missed 2026-Q3 revenue goal for `east` (target 100k, actual 50k in
    /// two results) and the same owner's 2026-Q2 goal (three 40k results),
    /// so the evidence hints at pipeline/activity and deal size.
    fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("attain.json");
        let env = Env { _dir: dir, file };
        env.ok(&[
            "goal", "add", GOAL, "--target", "100k", "--period", "2026-Q3", "--owner", "east",
        ]);
        env.ok(&["record", GOAL, "30000", "--date", "2026-07-10"]);
        env.ok(&["record", GOAL, "20000", "--date", "2026-08-20"]);
        env.ok(&[
            "goal",
            "add",
            "east-revenue-2026-q2",
            "--target",
            "100k",
            "--period",
            "2026-Q2",
            "--owner",
            "east",
        ]);
        for date in ["2026-04-10", "2026-05-10", "2026-06-10"] {
            env.ok(&["record", "east-revenue-2026-q2", "40000", "--date", date]);
        }
        env
    }

    fn ok(&self, args: &[&str]) {
        let out = Command::new(env!("CARGO_BIN_EXE_attain"))
            .arg("--file")
            .arg(&self.file)
            .arg("--as-of")
            .arg(AS_OF)
            .args(args)
            .env("NO_COLOR", "1")
            .env_remove("ATTAIN_FILE")
            .output()
            .expect("run attain");
        assert!(out.status.success(), "attain {args:?} failed: {out:?}");
    }

    fn data(&self) -> Value {
        let bytes = std::fs::read(&self.file).expect("data file");
        serde_json::from_slice(&bytes).expect("data file is JSON")
    }

    fn review(&self) -> Value {
        let data = self.data();
        let reviews = data["reviews"].as_array().expect("reviews array");
        assert_eq!(reviews.len(), 1, "one review: {reviews:?}");
        assert_eq!(reviews[0]["goal"], GOAL);
        reviews[0].clone()
    }

    /// The id of the action whose text is `text`: ids are random.
    fn action_id(&self, text: &str) -> String {
        let review = self.review();
        let action = review["actions"]
            .as_array()
            .expect("actions array")
            .iter()
            .find(|a| a["text"] == text)
            .unwrap_or_else(|| panic!("no action '{text}'"));
        let id = action["id"].as_str().expect("ids are strings");
        assert_eq!(id.len(), 13, "a new id: {id}");
        id.to_string()
    }

    fn goal_ids(&self) -> Vec<String> {
        self.data()["goals"]
            .as_array()
            .expect("goals array")
            .iter()
            .map(|g| g["id"].as_str().unwrap().to_string())
            .collect()
    }

    /// `attain review GOAL` in a pseudo-terminal of 120x40.
    fn spawn_review(&self) -> Pty {
        self.spawn_review_in(120)
    }

    /// `attain review GOAL` in a pseudo-terminal `cols` wide and 40 rows
    /// high (a PTY starts at 0x0, which no real terminal has).
    fn spawn_review_in(&self, cols: u16) -> Pty {
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(format!("stty cols {cols} rows 40 && exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_attain"))
            .arg("--file")
            .arg(&self.file)
            .args(["--as-of", AS_OF, "review", GOAL])
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .env_remove("ATTAIN_FILE");
        let session = spawn_with_options(
            cmd,
            Options::new()
                .timeout_ms(Some(TIMEOUT_MS))
                .strip_ansi_escape_codes(true),
        )
        .expect("spawn attain in a pty");
        Pty(session)
    }
}

struct Pty(PtySession);

impl Pty {
    /// Waits for `needle` (ASCII; the reader sees bytes) and returns what
    /// came before it.
    fn expect(&mut self, needle: &str) -> String {
        self.0
            .exp_string(needle)
            .unwrap_or_else(|e| panic!("waiting for {needle:?}: {e}"))
    }

    fn keys(&mut self, keys: &str) {
        self.0.send(keys).expect("send keys");
        self.0.flush().expect("flush keys");
    }

    /// Types a line into a Text prompt and submits it.
    fn answer(&mut self, text: &str) {
        self.keys(&format!("{text}\r"));
    }

    /// Esc on its own, with a pause so it is not read as the start of an
    /// escape sequence.
    fn esc(&mut self) {
        std::thread::sleep(Duration::from_millis(150));
        self.keys("\x1b");
        std::thread::sleep(Duration::from_millis(150));
    }

    /// Ctrl+D, the end of input.
    fn ctrl_d(&mut self) {
        self.0.send_control('d').expect("send Ctrl+D");
    }

    /// Waits for the end of output and returns the exit code.
    fn exit_code(mut self) -> i32 {
        let tail = self
            .0
            .exp_eof()
            .unwrap_or_else(|e| panic!("waiting for the end: {e}"));
        match self.0.process().wait() {
            Ok(WaitStatus::Exited(_, code)) => code,
            other => panic!("attain did not exit normally: {other:?}; last output {tail:?}"),
        }
    }
}

/// Steps 1 and 2 as the tests answer them: hinted causes pre-selected
/// (pipeline, deal size, activity), activity toggled off; an explanation;
/// two improvement areas.
fn steps_one_and_two(pty: &mut Pty) {
    let before = pty.expect("Step 1 of 4");
    assert!(
        before.contains("Evidence: east-revenue-2026-q3 (2026-Q3)"),
        "the evidence comes first: {before}"
    );
    assert!(before.contains("attainment 50.0%"), "{before}");
    assert!(before.contains("2026-Q2: 3 results"), "{before}");
    assert!(before.contains("Hint: pipeline or activity"), "{before}");
    assert!(before.contains("Hint: deal size"), "{before}");
    let options = pty.expect("[space to select");
    assert!(options.contains("[x] pipeline"), "hinted: {options}");
    assert!(options.contains("[x] deal size"), "hinted: {options}");
    assert!(options.contains("[x] activity"), "hinted: {options}");
    assert!(options.contains("[ ] conversion"), "not hinted: {options}");
    // pipeline, conversion, deal size, sales cycle, activity: untick activity.
    pty.keys(&DOWN.repeat(4));
    pty.keys(" ");
    pty.keys("\r");
    pty.expect("Explain what happened");
    pty.answer("Two large deals slipped into October");
    pty.expect("Saved step 1 of 4.");

    pty.expect("Step 2 of 4");
    pty.expect(AREA_HELP);
    pty.answer("Qualify pipeline earlier");
    pty.expect(AREA_HELP);
    pty.answer("Multi-thread the big deals");
    pty.expect(AREA_HELP);
    pty.answer("");
    pty.expect("Saved step 2 of 4.");
}

/// Step 3: two actions (one with every answer typed, including a refused
/// date; one with the defaults), then an empty action to finish.
fn step_three(pty: &mut Pty) {
    pty.expect(ACTION_HELP);
    pty.answer("Weekly pipeline review");
    pty.expect("Owner");
    pty.answer("ann");
    pty.expect("Due date");
    pty.answer("2026-02-30");
    pty.expect("is not a valid date");
    pty.keys(&BACKSPACE.repeat(10));
    pty.answer("2026-12-15");
    pty.expect("Success measure");
    pty.answer("3x pipeline coverage");

    pty.expect(ACTION_HELP);
    pty.answer("Deal desk for deals over 50k");
    pty.expect("Owner");
    pty.answer("");
    pty.expect("Due date");
    pty.answer("");
    pty.expect("Success measure");
    pty.answer("");

    pty.expect(ACTION_HELP);
    pty.answer("");
    pty.expect("Saved step 3 of 4.");
}

fn expected_actions(env: &Env) -> Value {
    let (first, second) = (
        env.action_id("Weekly pipeline review"),
        env.action_id("Deal desk for deals over 50k"),
    );
    assert_ne!(first, second);
    json!([
        {
            "id": first,
            "text": "Weekly pipeline review",
            "owner": "ann",
            "due": "2026-12-15",
            "measure": "3x pipeline coverage",
            "status": "open"
        },
        {
            "id": second,
            "text": "Deal desk for deals over 50k",
            "owner": "east",
            "due": "2026-12-11",
            "status": "open"
        }
    ])
}

fn assert_complete(env: &Env) {
    let review = env.review();
    assert_eq!(review["steps"], 4);
    assert_eq!(review["causes"], json!(["pipeline", "deal-size"]));
    assert_eq!(review["why"], "Two large deals slipped into October");
    assert_eq!(
        review["improvements"],
        json!(["Qualify pipeline earlier", "Multi-thread the big deals"])
    );
    assert_eq!(review["actions"], expected_actions(env));
    assert_eq!(review["follow_up"], "east-revenue-2026-q4");
    assert_eq!(review["check_in"], "2026-12-18");
    let rolled: Vec<Value> = env.data()["goals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["id"] == "east-revenue-2026-q4")
        .cloned()
        .collect();
    assert_eq!(rolled.len(), 1, "the roll made one goal");
    assert_eq!(rolled[0]["target"], 100000);
    assert_eq!(rolled[0]["period"], "2026-Q4");
    assert_eq!(rolled[0]["owner"], "east");
}

/// Chooses the roll and types the check-in date.
fn finish_step_four(pty: &mut Pty) {
    let prompt = pty.expect("[enter to choose");
    assert!(prompt.contains("Step 4 of 4"), "{prompt}");
    assert!(
        prompt.contains("Roll into 2026-Q4 with target $100,000 (goal east-revenue-2026-q4)"),
        "the roll is offered with its target: {prompt}"
    );
    assert!(
        prompt.contains("No follow-up goal, just a check-in date"),
        "{prompt}"
    );
    pty.keys("\r");
    pty.expect("Check-in date");
    pty.answer("2026-12-18");
    pty.expect("The review of east-revenue-2026-q3 is complete");
}

#[test]
fn a_review_goes_through_all_four_steps_with_keystrokes() {
    let env = Env::new();
    let mut pty = env.spawn_review();
    steps_one_and_two(&mut pty);
    step_three(&mut pty);
    finish_step_four(&mut pty);
    assert_eq!(pty.exit_code(), 0);
    assert_complete(&env);
}

#[test]
fn ctrl_c_after_step_two_keeps_it_and_the_next_run_resumes_at_step_three() {
    let env = Env::new();
    let mut pty = env.spawn_review();
    steps_one_and_two(&mut pty);
    pty.expect(ACTION_HELP);
    pty.0.send_control('c').expect("send Ctrl+C");
    pty.expect("Stopped. 2 of 4 steps are saved");
    assert_eq!(pty.exit_code(), 130, "Ctrl+C exits 130");

    let review = env.review();
    assert_eq!(review["steps"], 2);
    assert_eq!(review["causes"], json!(["pipeline", "deal-size"]));
    assert_eq!(review["why"], "Two large deals slipped into October");
    assert_eq!(
        review["improvements"],
        json!(["Qualify pipeline earlier", "Multi-thread the big deals"])
    );
    assert!(review.get("actions").is_none(), "no actions: {review}");
    assert!(review.get("follow_up").is_none(), "{review}");
    assert!(review.get("check_in").is_none(), "{review}");
    assert!(!env.goal_ids().contains(&"east-revenue-2026-q4".to_string()));

    let mut pty = env.spawn_review();
    let before = pty.expect("Step 3 of 4");
    assert!(
        before.contains("Resuming the review of east-revenue-2026-q3 at step 3 of 4"),
        "says it resumes: {before}"
    );
    assert!(
        !before.contains("Step 1 of 4") && !before.contains("Step 2 of 4"),
        "steps 1 and 2 are not asked again: {before}"
    );
    step_three(&mut pty);
    finish_step_four(&mut pty);
    assert_eq!(pty.exit_code(), 0);
    assert_complete(&env);
}

#[test]
fn esc_goes_back_a_step_and_the_changed_answers_are_kept() {
    let env = Env::new();
    let mut pty = env.spawn_review();
    pty.expect("[space to select");
    // Keep the hinted causes (pipeline, deal size, activity).
    pty.keys("\r");
    pty.expect("Explain what happened");
    pty.answer("Slow quarter");
    pty.expect("Saved step 1 of 4.");
    pty.expect(AREA_HELP);
    pty.answer("Bigger deals");
    pty.expect(AREA_HELP);

    // Esc in step 2: back to step 1, with the saved answers as defaults.
    pty.esc();
    let options = pty.expect("[space to select");
    assert!(options.contains("Step 1 of 4"), "{options}");
    assert!(options.contains("[x] activity"), "saved cause: {options}");
    // Untick pipeline (the first option).
    pty.keys(" ");
    pty.keys("\r");
    pty.expect("Explain what happened");
    pty.answer(", then deals got smaller");
    pty.expect("Saved step 1 of 4.");
    assert_eq!(env.review()["steps"], 1, "step 2 was left unfinished");

    pty.expect(AREA_HELP);
    pty.answer("Bigger deals");
    pty.expect(AREA_HELP);
    pty.answer("");
    pty.expect("Saved step 2 of 4.");

    // Esc in step 3: back to step 2, whose areas are kept.
    pty.expect(ACTION_HELP);
    pty.esc();
    let areas = pty.expect(AREA_HELP);
    assert!(areas.contains("Areas so far: Bigger deals"), "{areas}");
    assert!(areas.contains("Step 2 of 4"), "{areas}");
    pty.answer("");
    pty.expect("Saved step 2 of 4.");

    pty.expect(ACTION_HELP);
    pty.answer("Deal review");
    pty.expect("Owner");
    pty.answer("");
    pty.expect("Due date");
    pty.answer("");
    pty.expect("Success measure");
    pty.answer("Average deal 30k");
    pty.expect(ACTION_HELP);
    pty.answer("");
    pty.expect("Saved step 3 of 4.");

    // Step 4: no follow-up goal (the second option), the default check-in.
    pty.expect("[enter to choose");
    pty.keys(DOWN);
    pty.keys("\r");
    pty.expect("Check-in date");
    pty.answer("");
    pty.expect("is complete");
    assert_eq!(pty.exit_code(), 0);

    let review = env.review();
    assert_eq!(review["steps"], 4);
    assert_eq!(review["causes"], json!(["deal-size", "activity"]));
    assert_eq!(review["why"], "Slow quarter, then deals got smaller");
    assert_eq!(review["improvements"], json!(["Bigger deals"]));
    assert_eq!(
        review["actions"],
        json!([{
            "id": env.action_id("Deal review"),
            "text": "Deal review",
            "owner": "east",
            "due": "2026-12-11",
            "measure": "Average deal 30k",
            "status": "open"
        }])
    );
    assert!(review.get("follow_up").is_none(), "{review}");
    assert_eq!(review["check_in"], "2026-12-11");
    assert!(!env.goal_ids().contains(&"east-revenue-2026-q4".to_string()));
}

#[test]
fn a_complete_review_in_a_terminal_says_so_and_asks_nothing() {
    let env = Env::new();
    env.ok(&[
        "review",
        GOAL,
        "--cause",
        "pipeline",
        "--why",
        "x",
        "--improve",
        "y",
        "--action",
        "z",
        "--check-in",
        "2026-12-01",
    ]);
    let before = std::fs::read(&env.file).unwrap();
    let mut pty = env.spawn_review();
    let out = pty.expect("is complete");
    assert!(!out.contains("Step 1 of 4"), "{out}");
    pty.expect("attain review show east-revenue-2026-q3");
    assert_eq!(pty.exit_code(), 0);
    assert_eq!(std::fs::read(&env.file).unwrap(), before);
}

/// Steps 1 and 2 done by flags (areas A and B), then a guided run.
fn at_step_three(env: &Env) -> Pty {
    env.ok(&[
        "review",
        GOAL,
        "--cause",
        "pipeline",
        "--why",
        "x",
        "--improve",
        "A",
        "--improve",
        "B",
    ]);
    let mut pty = env.spawn_review();
    pty.expect("Resuming the review of east-revenue-2026-q3 at step 3 of 4");
    pty
}

#[test]
fn back_in_step_two_a_new_area_adds_to_the_areas_so_far() {
    let env = Env::new();
    let mut pty = at_step_three(&env);
    pty.expect(ACTION_HELP);
    pty.esc();
    let shown = pty.expect(AREA_HELP);
    assert!(shown.contains("Areas so far: A; B"), "{shown}");
    pty.answer("C");
    pty.expect(AREA_HELP);
    pty.answer("");
    pty.expect("Saved step 2 of 4.");
    assert_eq!(env.review()["improvements"], json!(["A", "B", "C"]));
    pty.expect(ACTION_HELP);
    pty.0.send_control('c').expect("send Ctrl+C");
    assert_eq!(pty.exit_code(), 130);
}

#[test]
fn back_in_step_three_the_saved_plan_can_be_kept() {
    let env = Env::new();
    let mut pty = at_step_three(&env);
    pty.expect(ACTION_HELP);
    pty.answer("Weekly pipeline review");
    pty.expect("Owner");
    pty.answer("");
    pty.expect("Due date");
    pty.answer("");
    pty.expect("Success measure");
    pty.answer("");
    pty.expect(ACTION_HELP);
    pty.answer("");
    pty.expect("Saved step 3 of 4.");
    pty.expect("[enter to choose");
    pty.esc();
    pty.expect(ACTION_HELP);
    // Enter with no new action: keep the plan as saved and go on.
    pty.answer("");
    pty.expect("Saved step 3 of 4.");
    pty.expect("[enter to choose");
    pty.keys(DOWN);
    pty.keys("\r");
    pty.expect("Check-in date");
    pty.answer("");
    pty.expect("is complete");
    assert_eq!(pty.exit_code(), 0);
    let review = env.review();
    assert_eq!(review["steps"], 4);
    assert_eq!(review["actions"].as_array().unwrap().len(), 1);
    assert_eq!(review["actions"][0]["text"], "Weekly pipeline review");
}

/// The terminal width the Esc and Ctrl+D tests run at: a common default.
const NARROW: u16 = 80;

/// Waits for the stop message, with the saved count and the command that
/// resumes at the next step, and returns the exit code.
fn stopped_with(mut pty: Pty, saved: u8) -> i32 {
    pty.expect(&format!(
        "Stopped. {saved} of 4 steps are saved; run `attain review {GOAL}` to resume at step {}.",
        saved + 1
    ));
    pty.exit_code()
}

/// The data file holds no review at all, not even a started one.
fn assert_no_review(env: &Env) {
    let data = env.data();
    assert!(
        data["reviews"].as_array().is_none_or(|r| r.is_empty()),
        "nothing saved: {data}"
    );
}

#[test]
fn esc_at_the_first_prompt_leaves_as_ctrl_c_does() {
    let env = Env::new();
    let before = std::fs::read(&env.file).unwrap();
    let mut pty = env.spawn_review_in(NARROW);
    pty.expect("[space to select");
    pty.esc();
    assert_eq!(
        stopped_with(pty, 0),
        130,
        "Esc with no step behind exits 130"
    );
    assert_eq!(std::fs::read(&env.file).unwrap(), before, "file untouched");
}

#[test]
fn ctrl_d_at_the_first_prompt_leaves_as_ctrl_c_does() {
    let env = Env::new();
    let before = std::fs::read(&env.file).unwrap();
    let mut pty = env.spawn_review_in(NARROW);
    pty.expect("[space to select");
    pty.ctrl_d();
    assert_eq!(stopped_with(pty, 0), 130, "Ctrl+D exits 130");
    assert_eq!(std::fs::read(&env.file).unwrap(), before, "file untouched");
}

#[test]
fn ctrl_d_at_the_explanation_leaves_and_saves_no_half_of_step_one() {
    let env = Env::new();
    let before = std::fs::read(&env.file).unwrap();
    let mut pty = env.spawn_review_in(NARROW);
    pty.expect("[space to select");
    // Untick pipeline (the first option), keep the other hinted causes.
    pty.keys(" ");
    pty.keys("\r");
    pty.expect("Explain what happened");
    pty.keys("Deals slipped");
    pty.expect("Deals slipped");
    pty.ctrl_d();
    assert_eq!(stopped_with(pty, 0), 130, "Ctrl+D exits 130");
    // Step 1 is saved only with its explanation: the ticked causes alone
    // are not a step, so nothing is written.
    assert_eq!(std::fs::read(&env.file).unwrap(), before, "file untouched");
    assert_no_review(&env);
}

#[test]
fn ctrl_d_in_step_two_leaves_with_step_one_saved() {
    let env = Env::new();
    let mut pty = env.spawn_review_in(NARROW);
    pty.expect("[space to select");
    // Keep the hinted causes (pipeline, deal size, activity).
    pty.keys("\r");
    pty.expect("Explain what happened");
    pty.answer("Two large deals slipped into October");
    pty.expect("Saved step 1 of 4.");
    pty.expect(AREA_HELP);
    pty.answer("Qualify pipeline earlier");
    pty.expect(AREA_HELP);
    pty.ctrl_d();
    assert_eq!(stopped_with(pty, 1), 130, "Ctrl+D exits 130");

    let review = env.review();
    assert_eq!(review["steps"], 1);
    assert_eq!(
        review["causes"],
        json!(["pipeline", "deal-size", "activity"])
    );
    assert_eq!(review["why"], "Two large deals slipped into October");
    // Step 2 was not finished: its one area is not saved.
    assert!(review.get("improvements").is_none(), "{review}");
    assert!(review.get("actions").is_none(), "{review}");
}
