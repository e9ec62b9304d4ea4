//! Output formats: table layouts pinned with insta snapshots, the JSON
//! shape of the report, CSV that a CSV reader parses, Markdown pipe tables
//! and colour.

mod common;

use common::TestEnv;
use serde_json::Value;

/// Five goals seen on 2026-08-15 (day 46 of 92 in Q3), one of each kind:
///
/// | goal     | period  | target | results      | status                        |
/// |----------|---------|--------|--------------|-------------------------------|
/// | east-q2  | 2026-Q2 | 100k   | 100k + 30k   | exceeded (stretch 120k)       |
/// | west-q2  | 2026-Q2 | 80k    | 60k          | missed (75%)                  |
/// | east-q3  | 2026-Q3 | 100k   | 30k + 15k    | at-risk (projected 90k)       |
/// | churn-q3 | 2026-Q3 | 5%     | 6 then 4.2   | on-track (latest 4.2 <= 5)    |
/// | csat-q4  | 2026-Q4 | 4.5    | none         | upcoming                      |
fn fixture() -> TestEnv {
    let env = TestEnv::new().as_of("2026-08-15");
    env.goal(
        "east-q2",
        "100k",
        "2026-Q2",
        &[
            "--owner",
            "east",
            "--title",
            "East Q2 revenue",
            "--stretch",
            "120k",
            "--tag",
            "emea",
        ],
    );
    env.goal(
        "west-q2",
        "80k",
        "2026-Q2",
        &["--owner", "west", "--title", "West Q2 revenue"],
    );
    env.goal(
        "east-q3",
        "100k",
        "2026-Q3",
        &[
            "--owner",
            "east",
            "--title",
            "East Q3 revenue",
            "--tag",
            "emea",
            "--tag",
            "key",
        ],
    );
    env.goal(
        "churn-q3",
        "5",
        "2026-Q3",
        &["--owner", "cs", "--metric", "churn", "--title", "Churn Q3"],
    );
    env.goal(
        "csat-q4",
        "4.5",
        "2026-Q4",
        &["--owner", "cs", "--metric", "csat", "--title", "CSAT Q4"],
    );
    env.record("east-q2", "100k", "2026-04-15");
    env.record("east-q2", "30k", "2026-06-30");
    env.record("west-q2", "60k", "2026-05-20");
    env.ok(&[
        "record",
        "east-q3",
        "30k",
        "--date",
        "2026-07-14",
        "--note",
        "Acme, renewal",
        "--ref",
        "CRM-1",
    ]);
    env.ok(&[
        "record",
        "east-q3",
        "15,000.50",
        "--date",
        "2026-08-03",
        "--ref",
        "CRM-2",
    ]);
    env.ok(&[
        "record",
        "east-q3",
        "-0.50",
        "--date",
        "2026-08-04",
        "--note",
        "refund",
    ]);
    env.record("churn-q3", "6", "2026-07-31");
    env.record("churn-q3", "4.2", "2026-08-14");
    env
}

fn num(value: &Value) -> String {
    assert!(value.is_number(), "expected a JSON number, got {value}");
    value.to_string()
}

fn goal<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["goals"]
        .as_array()
        .expect("goals array")
        .iter()
        .find(|g| g["id"] == id)
        .unwrap_or_else(|| panic!("no goal {id} in {report}"))
}

// ---------------------------------------------------------------- table snapshots

#[test]
fn report_table() {
    let env = fixture();
    insta::assert_snapshot!(env.ok(&["report"]));
}

#[test]
fn report_table_quiet_has_no_hints() {
    let env = fixture();
    insta::assert_snapshot!(env.ok(&["report", "--quiet", "--owner", "east"]));
}

#[test]
fn goal_list_table() {
    let env = fixture();
    insta::assert_snapshot!(env.ok(&["goal", "list"]));
}

#[test]
fn goal_show_table() {
    let env = fixture();
    insta::assert_snapshot!(env.ok(&["goal", "show", "east-q3"]));
}

#[test]
fn goal_show_table_without_results() {
    let env = fixture();
    insta::assert_snapshot!(env.ok(&["goal", "show", "csat-q4"]));
}

#[test]
fn result_list_table() {
    let env = fixture();
    insta::assert_snapshot!(env.ok(&["result", "list"]));
}

#[test]
fn report_markdown() {
    let env = fixture();
    insta::assert_snapshot!(env.ok(&["report", "--format", "markdown"]));
}

#[test]
fn a_met_at_most_goal_at_zero_shows_a_full_progress_bar() {
    let env = TestEnv::new().as_of("2026-08-15");
    env.goal("churn", "5", "2026-Q2", &["--metric", "churn"]);
    env.record("churn", "0", "2026-06-01");
    // --wide: every column, none folded into a caption.
    let table = env.ok(&["report", "--wide"]);
    let row = table.lines().find(|l| l.contains("churn")).unwrap();
    let cells: Vec<&str> = row.split('┆').map(str::trim).collect();
    // Goal, Owner, Period, Target, Actual, Progress, Attainment, Gap,
    // Projected, Status
    assert_eq!(cells[9].trim_end_matches('│').trim(), "met", "{row}");
    assert_eq!(cells[5], "██████████", "{row}");
}

// ---------------------------------------------------------------- JSON

#[test]
fn report_json_carries_every_documented_field() {
    let env = fixture();
    let out = env.ok(&["report", "--format", "json"]);
    let report: Value = serde_json::from_str(&out).expect("one JSON document");
    assert_eq!(report["as_of"], "2026-08-15");
    let ids: Vec<&str> = report["goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap())
        .collect();
    // By period start, then owner: cs < east in Q3.
    assert_eq!(
        ids,
        ["east-q2", "west-q2", "churn-q3", "east-q3", "csat-q4"]
    );

    let g = goal(&report, "east-q3");
    for key in [
        "id",
        "title",
        "owner",
        "metric",
        "unit",
        "period",
        "direction",
        "target",
        "stretch",
        "actual",
        "attainment",
        "gap",
        "status",
        "projected",
    ] {
        assert!(g.get(key).is_some(), "goal object lacks '{key}': {g}");
    }
    assert_eq!(g["id"], "east-q3");
    assert_eq!(g["title"], "East Q3 revenue");
    assert_eq!(g["owner"], "east");
    assert_eq!(g["metric"], "revenue");
    assert_eq!(g["unit"], "USD");
    assert_eq!(g["period"]["label"], "2026-Q3");
    assert_eq!(g["period"]["start"], "2026-07-01");
    assert_eq!(g["period"]["end"], "2026-09-30");
    assert_eq!(g["direction"], "at-least");
    assert_eq!(num(&g["target"]), "100000");
    assert_eq!(g["stretch"], Value::Null);
    // 30000 + 15000.50 - 0.50 = 45000; attainment 0.45; day 46 of 92.
    assert_eq!(num(&g["actual"]), "45000");
    assert_eq!(num(&g["attainment"]), "0.45");
    assert_eq!(num(&g["gap"]), "55000");
    assert_eq!(g["status"], "at-risk");
    assert_eq!(num(&g["projected"]), "90000");

    let churn = goal(&report, "churn-q3");
    assert_eq!(churn["unit"], "percent");
    assert_eq!(churn["direction"], "at-most");
    assert_eq!(num(&churn["actual"]), "4.2");
    // 5 / 4.2 = 1.190476...
    let attainment = churn["attainment"].as_f64().unwrap();
    assert!((attainment - 1.1905).abs() < 0.0002, "{attainment}");
    assert_eq!(num(&churn["gap"]), "0.8");
    assert_eq!(churn["status"], "on-track");
    assert_eq!(churn["projected"], Value::Null);

    let east_q2 = goal(&report, "east-q2");
    assert_eq!(num(&east_q2["stretch"]), "120000");
    assert_eq!(num(&east_q2["actual"]), "130000");
    assert_eq!(num(&east_q2["attainment"]), "1.3");
    assert_eq!(num(&east_q2["gap"]), "-30000");
    assert_eq!(east_q2["status"], "exceeded");
    assert_eq!(east_q2["projected"], Value::Null);

    assert_eq!(goal(&report, "west-q2")["status"], "missed");
    assert_eq!(num(&goal(&report, "west-q2")["attainment"]), "0.75");
    let csat = goal(&report, "csat-q4");
    assert_eq!(csat["status"], "upcoming");
    assert_eq!(csat["actual"], Value::Null);

    let summary = &report["summary"];
    for (key, count) in [
        ("total", 5),
        ("exceeded", 1),
        ("met", 0),
        ("on_track", 1),
        ("at_risk", 1),
        ("behind", 0),
        ("missed", 1),
        ("upcoming", 1),
    ] {
        assert_eq!(summary[key], count, "summary.{key} in {summary}");
    }
}

#[test]
fn json_output_is_one_document_and_nothing_else() {
    let env = fixture();
    for args in [
        &["report", "--format", "json"][..],
        &["goal", "list", "--format", "json"],
        &["goal", "show", "east-q3", "--format", "json"],
        &["result", "list", "--format", "json"],
        &["report", "--format", "json", "--color", "always"],
    ] {
        let out = env.ok(args);
        let parsed: Result<Value, _> = serde_json::from_str(&out);
        assert!(parsed.is_ok(), "{args:?} is not one JSON value: {out}");
        assert!(!out.contains('\u{1b}'), "{args:?} has escapes in JSON");
        assert!(!out.contains("attain celebrate"), "{args:?} has hints");
    }
}

#[test]
fn result_list_json_keeps_exact_values() {
    let env = fixture();
    let out = env.ok(&["result", "list", "east-q3", "--format", "json"]);
    assert!(out.contains("\"value\": 15000.5,"), "{out}");
    assert!(out.contains("\"value\": -0.5,"), "{out}");
    let results: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(results[0]["note"], "Acme, renewal");
    assert_eq!(results[0]["ref"], "CRM-1");
    assert_eq!(results[2]["ref"], Value::Null);
}

// ---------------------------------------------------------------- CSV

fn parse_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            r.expect("a valid CSV row")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    (headers, rows)
}

#[test]
fn report_csv_has_a_header_and_raw_values() {
    let env = fixture();
    let (headers, rows) = parse_csv(&env.ok(&["report", "--format", "csv"]));
    for column in [
        "id",
        "title",
        "owner",
        "metric",
        "unit",
        "period",
        "start",
        "end",
        "direction",
        "target",
        "stretch",
        "actual",
        "attainment",
        "gap",
        "status",
        "projected",
    ] {
        assert!(
            headers.iter().any(|h| h == column),
            "no '{column}' column in {headers:?}"
        );
    }
    assert_eq!(rows.len(), 5);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let row = rows.iter().find(|r| r[col("id")] == "east-q3").unwrap();
    assert_eq!(row[col("title")], "East Q3 revenue");
    assert_eq!(row[col("period")], "2026-Q3");
    assert_eq!(row[col("start")], "2026-07-01");
    assert_eq!(row[col("end")], "2026-09-30");
    assert_eq!(row[col("target")], "100000");
    assert_eq!(row[col("stretch")], "");
    assert_eq!(row[col("actual")], "45000");
    assert_eq!(row[col("attainment")], "0.45");
    assert_eq!(row[col("gap")], "55000");
    assert_eq!(row[col("projected")], "90000");
    assert_eq!(row[col("status")], "at-risk");
    let row = rows.iter().find(|r| r[col("id")] == "east-q2").unwrap();
    assert_eq!(row[col("stretch")], "120000");
    assert_eq!(row[col("gap")], "-30000");
    assert_eq!(row[col("status")], "exceeded");
    let statuses: Vec<&str> = rows.iter().map(|r| r[col("status")].as_str()).collect();
    assert_eq!(
        statuses,
        ["exceeded", "missed", "on-track", "at-risk", "upcoming"]
    );
}

#[test]
fn goal_list_csv_parses() {
    let env = fixture();
    let (headers, rows) = parse_csv(&env.ok(&["goal", "list", "--format", "csv"]));
    assert_eq!(headers[0], "id");
    assert_eq!(rows.len(), 5);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let row = rows.iter().find(|r| r[col("id")] == "churn-q3").unwrap();
    assert_eq!(row[col("metric")], "churn");
    assert_eq!(row[col("unit")], "percent");
    assert_eq!(row[col("target")], "5");
    assert_eq!(row[col("direction")], "at-most");
    assert_eq!(row[col("aggregate")], "latest");
}

#[test]
fn result_list_csv_quotes_commas_and_quotes() {
    let env = fixture();
    env.ok(&[
        "record",
        "east-q3",
        "1",
        "--date",
        "2026-08-05",
        "--note",
        "said \"yes\", finally",
    ]);
    let text = env.ok(&["result", "list", "east-q3", "--format", "csv"]);
    let (headers, rows) = parse_csv(&text);
    assert_eq!(
        headers,
        ["id", "owner", "metric", "date", "value", "note", "ref"]
    );
    // Whole ids in CSV, in the order of the JSON listing (by date).
    let ids: Vec<String> = env
        .json_out(&["result", "list", "east-q3"])
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.iter().all(|id| id.len() == 13), "{ids:?}");
    let rest: Vec<Vec<String>> = rows.iter().map(|r| r[1..].to_vec()).collect();
    assert_eq!(
        rest,
        [
            [
                "east",
                "revenue",
                "2026-07-14",
                "30000",
                "Acme, renewal",
                "CRM-1"
            ],
            ["east", "revenue", "2026-08-03", "15000.5", "", "CRM-2"],
            ["east", "revenue", "2026-08-04", "-0.5", "refund", ""],
            [
                "east",
                "revenue",
                "2026-08-05",
                "1",
                "said \"yes\", finally",
                ""
            ],
        ]
    );
    let first: Vec<&String> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(first, ids.iter().collect::<Vec<_>>());
}

// ---------------------------------------------------------------- Markdown

#[test]
fn report_markdown_is_a_pipe_table() {
    let env = fixture();
    let text = env.ok(&["report", "--format", "markdown"]);
    let table: Vec<&str> = text.lines().take_while(|l| l.starts_with('|')).collect();
    // Header, separator and one row per goal.
    assert_eq!(table.len(), 7, "{text}");
    let columns = table[0].matches('|').count();
    for line in &table {
        assert!(line.ends_with('|'), "{line}");
        assert_eq!(line.matches('|').count(), columns, "ragged row: {line}");
    }
    assert!(
        table[0].contains("Goal") && table[0].contains("Status"),
        "{text}"
    );
    assert!(
        table[1]
            .trim_matches('|')
            .split('|')
            .all(|cell| matches!(cell.trim(), "---" | "---:" | ":---" | ":---:")),
        "not a separator row: {}",
        table[1]
    );
    let east = table.iter().find(|l| l.contains("east-q3")).unwrap();
    assert!(
        east.contains("$45,000") && east.contains("at-risk"),
        "{east}"
    );
    // The terminal bar is decoration and stays out of Markdown.
    assert!(!text.contains('█') && !text.contains('░'), "{text}");
}

// ---------------------------------------------------------------- colour

const ESC: char = '\u{1b}';

#[test]
fn color_always_emits_ansi_escapes() {
    let env = fixture();
    let out = env.ok(&["report", "--color", "always"]);
    assert!(out.contains(&format!("{ESC}[")), "no escapes in:\n{out}");
    // The flag works before the subcommand too.
    let out = env.ok(&["--color", "always", "goal", "list"]);
    assert!(out.contains(&format!("{ESC}[")), "no escapes in:\n{out}");
}

#[test]
fn no_color_and_color_never_emit_no_escapes() {
    let env = fixture();
    // The harness sets NO_COLOR and stdout is a pipe.
    for args in [
        &["report"][..],
        &["goal", "list"],
        &["goal", "show", "east-q3"],
        &["result", "list"],
    ] {
        let out = env.ok(args);
        assert!(!out.contains(ESC), "{args:?} has escapes under NO_COLOR");
    }
    // --color never wins even when something forces colour.
    let output = env
        .cmd(&["report", "--color", "never"])
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(output.status.success());
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(out.contains("east-q3"), "{out}");
    assert!(!out.contains(ESC), "--color never printed escapes:\n{out}");
    // The same command with forced colour does colour, so the check above
    // can fail.
    let output = env
        .cmd(&["report"])
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(String::from_utf8(output.stdout).unwrap().contains(ESC));
}
