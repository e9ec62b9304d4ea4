//! Business-day pace: the settings that choose it, and the report's
//! projection and status under it, checked against hand counts.
//!
//! November 2026 runs from Sunday the 1st to Monday the 30th: 30 calendar
//! days, 21 weekdays, 20 with Thanksgiving (Thursday the 26th) off. On
//! Friday the 6th, 6 calendar days and 5 working days have passed.

mod common;

use common::TestEnv;
use serde_json::Value;

/// A November goal of 100,000 with 22,000 recorded on the 3rd.
fn november(as_of: &str) -> TestEnv {
    let env = TestEnv::new().as_of(as_of);
    env.goal("nov", "100000", "2026-11", &[]);
    env.record("nov", "22000", "2026-11-03");
    env
}

/// The report's `nov` goal as JSON, and the report.
fn evaluated(env: &TestEnv) -> (Value, Value) {
    let report = env.json_out(&["report"]);
    let goal = report["goals"][0].clone();
    assert_eq!(goal["id"], "nov");
    (report, goal)
}

#[test]
fn calendar_pace_is_the_default_and_the_report_says_so_in_json_only() {
    let env = november("2026-11-06");
    let (report, goal) = evaluated(&env);
    assert_eq!(report["pace"], "calendar");
    // 22,000 / (6/30) = 110,000: on track.
    assert_eq!(goal["projected"].to_string(), "110000");
    assert_eq!(goal["status"], "on-track");
    assert!(!env.ok(&["report"]).contains("Pace:"));
    let shown = env.ok(&["goal", "show", "nov"]);
    assert!(shown.contains("$110,000 (day 6 of 30)"), "{shown}");
}

#[test]
fn business_pace_counts_working_days_less_holidays() {
    let env = november("2026-11-06");
    let before = env.bytes();
    env.ok(&["settings", "set", "pace", "business"]);
    assert_ne!(env.bytes(), before);
    // 22,000 / (5/21) = 92,400: at risk (at least 90% of 100,000).
    let (report, goal) = evaluated(&env);
    assert_eq!(report["pace"], "business");
    assert_eq!(goal["projected"].to_string(), "92400");
    assert_eq!(goal["status"], "at-risk");

    env.ok(&["settings", "holiday", "add", "2026-11-26", "Thanksgiving"]);
    // 22,000 / (5/20) = 88,000: behind.
    let (_, goal) = evaluated(&env);
    assert_eq!(goal["projected"].to_string(), "88000");
    assert_eq!(goal["status"], "behind");
    let table = env.ok(&["report"]);
    assert!(
        table.contains("Pace: business days (Mon-Fri, 1 holiday)"),
        "{table}"
    );
    let shown = env.ok(&["goal", "show", "nov"]);
    assert!(shown.contains("$88,000 (working day 5 of 20)"), "{shown}");
}

#[test]
fn an_as_of_saturday_adds_no_working_day() {
    let env = november("2026-11-07");
    env.ok(&["settings", "holiday", "add", "2026-11-26"]);
    // Calendar: 22,000 / (7/30) = 94,285.71.
    let (_, goal) = evaluated(&env);
    assert_eq!(goal["projected"].to_string(), "94285.71");
    env.ok(&["settings", "set", "pace", "business"]);
    // Business: still 5 of 20 working days, as on Friday.
    let (_, goal) = evaluated(&env);
    assert_eq!(goal["projected"].to_string(), "88000");
    assert_eq!(goal["status"], "behind");
}

#[test]
fn six_workdays_count_saturdays() {
    let env = november("2026-11-07");
    env.ok(&["settings", "set", "pace", "business"]);
    env.ok(&["settings", "set", "workdays", "mon,tue,wed,thu,fri,sat"]);
    // Monday 2 to Saturday 7: 6 of November's 25 working days.
    // 22,000 / (6/25) = 91,666.67.
    let (_, goal) = evaluated(&env);
    assert_eq!(goal["projected"].to_string(), "91666.67");
    assert!(
        env.ok(&["report"])
            .contains("Pace: business days (Mon-Sat, no holidays)")
    );
}

#[test]
fn default_pace_settings_leave_the_file_as_it_was() {
    let env = november("2026-11-06");
    let before = env.bytes();
    let settings = env.json()["settings"].clone();
    assert!(settings.get("pace").is_none(), "{settings}");
    assert!(settings.get("workdays").is_none(), "{settings}");
    assert!(settings.get("holidays").is_none(), "{settings}");
    env.ok(&["settings", "set", "pace", "business"]);
    env.ok(&["settings", "set", "workdays", "sat"]);
    env.ok(&["settings", "holiday", "add", "2026-12-25", "Christmas"]);
    env.ok(&["settings", "holiday", "remove", "2026-12-25"]);
    env.ok(&["settings", "set", "workdays", "mon-fri"]);
    env.ok(&["settings", "set", "pace", "calendar"]);
    let after = env.json();
    assert_eq!(after["settings"], settings);
    // Only the history grew.
    let lines = |bytes: &[u8]| {
        String::from_utf8_lossy(bytes)
            .lines()
            .filter(|line| !line.contains("\"seq\""))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(lines(&env.bytes()), lines(&before));
}

#[test]
fn holidays_are_kept_by_date_and_listed_in_every_format() {
    let env = TestEnv::new();
    env.ok(&["init"]);
    assert_eq!(
        env.ok(&["settings", "holiday", "add", "2026-12-25", "Christmas"]),
        "Added the holiday 2026-12-25 (Christmas).\n"
    );
    env.ok(&["settings", "holiday", "add", "2026-01-01", "New Year"]);
    env.ok(&["settings", "holiday", "add", "2026-11-26"]);
    let json = env.json_out(&["settings", "holiday", "list"]);
    assert_eq!(
        json,
        serde_json::json!([
            {"date": "2026-01-01", "weekday": "Thu", "name": "New Year"},
            {"date": "2026-11-26", "weekday": "Thu", "name": null},
            {"date": "2026-12-25", "weekday": "Fri", "name": "Christmas"},
        ])
    );
    assert_eq!(
        env.ok(&["settings", "holiday", "list", "--format", "csv"]),
        "date,weekday,name\n2026-01-01,Thu,New Year\n2026-11-26,Thu,\n2026-12-25,Fri,Christmas\n"
    );
    let file = env.json();
    assert_eq!(
        file["settings"]["holidays"],
        serde_json::json!([
            {"date": "2026-01-01", "name": "New Year"},
            {"date": "2026-11-26"},
            {"date": "2026-12-25", "name": "Christmas"},
        ])
    );
    assert_eq!(
        env.ok(&["settings", "holiday", "remove", "2026-01-01"]),
        "Removed the holiday 2026-01-01 (New Year).\n"
    );
    let shown = env.json_out(&["settings", "show"]);
    assert_eq!(shown["pace"], "calendar");
    assert_eq!(
        shown["workdays"],
        serde_json::json!(["mon", "tue", "wed", "thu", "fri"])
    );
    assert_eq!(shown["holidays"].as_array().map(Vec::len), Some(2));
    let table = env.ok(&["settings", "show"]);
    assert!(table.contains("workdays"), "{table}");
    assert!(table.contains("2026-11-26 2026-12-25"), "{table}");
}

#[test]
fn bad_input_is_refused_with_the_fix_and_nothing_written() {
    let env = TestEnv::new();
    env.ok(&["init"]);
    env.ok(&["settings", "holiday", "add", "2026-12-25", "Christmas"]);
    let before = env.bytes();
    assert_eq!(
        env.fails(1, &["settings", "holiday", "add", "2026-12-25", "Xmas"]),
        "error: 2026-12-25 is already a holiday (Christmas); to rename it, remove it and add it again\n"
    );
    assert_eq!(
        env.fails(1, &["settings", "holiday", "add", "2026-02-30"]),
        "error: holiday: '2026-02-30' is not a valid date; write YYYY-MM-DD, e.g. 2026-11-27\n"
    );
    assert_eq!(
        env.fails(1, &["settings", "holiday", "remove", "2026-12-24"]),
        "error: 2026-12-24 is not a holiday; see `attain settings holiday list`\n"
    );
    assert_eq!(
        env.fails(1, &["settings", "set", "workdays", "mon,funday"]),
        "error: workdays: 'funday' is not a day of the week; use mon, tue, wed, thu, fri, sat or sun\n"
    );
    assert_eq!(
        env.fails(1, &["settings", "set", "pace", "weekly"]),
        "error: pace: 'weekly' is not a pace; use calendar (every day counts) or business (working days)\n"
    );
    assert_eq!(env.bytes(), before);
}

#[test]
fn holiday_changes_are_history_entries_that_undo_and_dry_run_writes_nothing() {
    let env = TestEnv::new();
    env.ok(&["init"]);
    let before = env.bytes();
    env.ok(&["--dry-run", "settings", "holiday", "add", "2026-12-25"]);
    assert_eq!(env.bytes(), before);
    env.ok(&["settings", "holiday", "add", "2026-12-25", "Christmas"]);
    let history = env.json_out(&["history"]);
    assert!(
        history
            .to_string()
            .contains("settings holiday add 2026-12-25"),
        "{history}"
    );
    env.ok(&["undo"]);
    assert!(env.json()["settings"].get("holidays").is_none());
}

#[test]
fn a_backup_with_other_pace_settings_is_refused_naming_them() {
    let env = november("2026-11-06");
    let backup = env.dir().join("backup.json");
    std::fs::write(&backup, env.ok(&["export"])).unwrap();
    env.ok(&["settings", "set", "pace", "business"]);
    env.ok(&["settings", "holiday", "add", "2026-11-26", "Thanksgiving"]);
    let before = env.bytes();
    let err = env.fails(1, &["import", backup.to_str().unwrap()]);
    assert!(
        err.contains(
            "pace is business here and calendar in the backup, \
             holidays is 2026-11-26 here and none in the backup"
        ),
        "{err}"
    );
    assert_eq!(env.bytes(), before);
}
