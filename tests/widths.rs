//! Tables fit the terminal: at 80, 100 and 160 columns no line is wider
//! than the terminal and no number, status or id is broken across lines.
//! Snapshots pin the report, celebrate, review, progress and period-end
//! tables of (a copy of) the bundled example data at each width.

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

const WIDTHS: [usize; 3] = [80, 100, 160];

/// The commands whose tables are pinned, named for their snapshots.
const COMMANDS: &[(&str, &[&str])] = &[
    ("report", &["report"]),
    (
        "report_q4_maria",
        &["report", "--period", "2026-Q4", "--owner", "maria-chen"],
    ),
    ("celebrate_q3", &["celebrate", "--period", "2026-Q3"]),
    ("review", &["review"]),
    ("progress", &["progress"]),
    ("period_end_q3", &["period-end", "2026-Q3"]),
    (
        "results_east_november",
        &["result", "list", "--team", "east", "--period", "2026-11"],
    ),
    ("team_show_sales_org", &["team", "show", "sales-org"]),
    ("person_list", &["person", "list"]),
    ("leaderboard_q3", &["leaderboard", "--period", "2026-Q3"]),
    ("trend_maria", &["trend", "Maria Chen", "--periods", "2"]),
];

/// A copy of the example data with one complete review (so that
/// `progress` has a row), made once for all the tests here.
fn example() -> &'static Path {
    static COPY: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = COPY.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/attain.json");
        std::fs::copy(from, dir.path().join("attain.json")).expect("copy the example data");
        let status = Command::new(env!("CARGO_BIN_EXE_attain"))
            .arg("--file")
            .arg(dir.path().join("attain.json"))
            .args([
                "--as-of",
                "2026-11-27",
                "review",
                "luis-moreno-revenue-2026-q3",
                "--cause",
                "pipeline",
                "--why",
                "Two reps on leave in August",
                "--improve",
                "Prospecting cadence",
                "--action",
                "Weekly pipeline review; owner=west; due=2026-12-05; measure=3x coverage",
                "--follow-up",
                "next",
                "--check-in",
                "2026-12-15",
            ])
            .env_remove("ATTAIN_FILE")
            // A repeatable action id, so that the tables can be pinned.
            .env("ATTAIN_SEED", "1")
            .status()
            .expect("run attain review");
        assert!(status.success());
        dir
    });
    dir.path()
}

fn attain(columns: Option<usize>, args: &[&str]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_attain"));
    cmd.arg("--file")
        .arg(example().join("attain.json"))
        .args(["--as-of", "2026-11-27"])
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("ATTAIN_FILE")
        .env_remove("RUST_BACKTRACE")
        .env_remove("COLUMNS");
    if let Some(columns) = columns {
        cmd.env("COLUMNS", columns.to_string());
    }
    let output = cmd.output().expect("run attain");
    assert!(
        output.status.success() || output.status.code() == Some(3),
        "attain {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

/// The table lines of `text`: the ones drawn with box characters.
fn table_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|l| l.starts_with(['│', '┌', '└', '╞', '├']))
}

#[test]
fn every_table_fits_each_width_and_is_pinned() {
    for &(name, args) in COMMANDS {
        for columns in WIDTHS {
            let out = attain(Some(columns), args);
            for line in table_lines(&out) {
                let width = unicode_width(line);
                assert!(
                    width <= columns,
                    "{name} at {columns}: a {width}-column line\n{out}"
                );
            }
            insta::assert_snapshot!(format!("{name}_{columns}"), out);
        }
    }
}

#[test]
fn no_cell_is_broken_across_lines() {
    // A broken cell shows as a row line whose first cell is empty while
    // another is not: the continuation of a wrapped row.
    for &(name, args) in COMMANDS {
        for columns in WIDTHS {
            let out = attain(Some(columns), args);
            for line in table_lines(&out).filter(|l| l.starts_with('│')) {
                let first = line.trim_start_matches('│').split('┆').next().unwrap_or("");
                assert!(
                    !first.trim().is_empty(),
                    "{name} at {columns}: a wrapped row\n{line}\n{out}"
                );
            }
        }
    }
}

#[test]
fn a_pipe_without_columns_gets_every_column_and_wide_shows_all() {
    let piped = attain(None, &["report"]);
    for header in ["Projected", "Follow-up", "Owner", "Period", "Gap"] {
        assert!(piped.contains(header), "{header} missing:\n{piped}");
    }
    let narrow_wide = {
        let output = Command::new(env!("CARGO_BIN_EXE_attain"))
            .arg("--file")
            .arg(example().join("attain.json"))
            .args([
                "--as-of",
                "2026-11-27",
                "report",
                "--owner",
                "maria-chen",
                "--wide",
            ])
            .env("NO_COLOR", "1")
            .env("COLUMNS", "80")
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    // --wide: nothing folded, nothing cut, every column.
    assert!(!narrow_wide.contains('…'), "{narrow_wide}");
    assert!(!narrow_wide.contains("Owner: maria-chen"), "{narrow_wide}");
    for header in ["Projected", "Follow-up", "Owner", "Period", "Gap"] {
        assert!(
            narrow_wide.contains(header),
            "{header} missing:\n{narrow_wide}"
        );
    }
}

#[test]
fn columns_give_way_in_the_documented_order() {
    let headers = |columns: usize| -> String {
        let out = attain(Some(columns), &["report"]);
        out.lines().nth(1).unwrap_or_default().to_string()
    };
    let wide = headers(200);
    assert!(
        wide.contains("Follow-up") && wide.contains("Projected"),
        "{wide}"
    );
    let at_160 = headers(160);
    assert!(
        !at_160.contains("Follow-up") && at_160.contains("Projected"),
        "{at_160}"
    );
    let at_100 = headers(100);
    for gone in ["Follow-up", "Projected", "Progress", "Gap", "Period"] {
        assert!(
            !at_100.contains(gone),
            "{gone} still shown at 100: {at_100}"
        );
    }
    assert!(at_100.contains("Owner"), "{at_100}");
    let at_80 = headers(80);
    assert!(!at_80.contains("Owner"), "{at_80}");
    for kept in ["Goal", "Target", "Actual", "Attainment", "Status"] {
        assert!(at_80.contains(kept), "{kept} gone at 80: {at_80}");
    }
}

fn unicode_width(line: &str) -> usize {
    line.chars().count()
}

/// In a real terminal (a pseudo-terminal 80 columns wide, no `$COLUMNS`)
/// the width comes from the terminal itself.
#[cfg(unix)]
#[test]
fn in_an_80_column_terminal_the_report_fits_without_a_broken_cell() {
    use rexpect::reader::Options;
    use rexpect::session::spawn_with_options;

    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("stty cols 80 rows 50 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_attain"))
        .arg("--file")
        .arg(example().join("attain.json"))
        .args(["--as-of", "2026-11-27", "report"])
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env_remove("COLUMNS")
        .env_remove("ATTAIN_FILE");
    let mut session = spawn_with_options(
        cmd,
        Options::new()
            .timeout_ms(Some(15_000))
            .strip_ansi_escape_codes(true),
    )
    .expect("spawn attain in a pty");
    // The reader hands over bytes, one char each: decode them as UTF-8.
    let raw = session.exp_eof().expect("the report ends");
    let bytes: Vec<u8> = raw.chars().map(|c| c as u8).collect();
    let out = String::from_utf8_lossy(&bytes).replace('\r', "");
    let rows: Vec<&str> = table_lines(&out).collect();
    assert!(rows.len() > 20, "no table in\n{out}");
    for line in rows {
        assert!(unicode_width(line) <= 80, "too wide:\n{line}\n{out}");
        if line.starts_with('│') {
            let first = line.trim_start_matches('│').split('┆').next().unwrap_or("");
            assert!(!first.trim().is_empty(), "a wrapped row:\n{line}\n{out}");
        }
    }
    assert!(
        !out.contains("Projected"),
        "Projected should give way at 80:\n{out}"
    );
}

#[test]
fn what_if_and_need_fit_80_columns() {
    let env = common::TestEnv::new();
    let root = env!("CARGO_MANIFEST_DIR");
    std::fs::copy(format!("{root}/examples/attain.json"), env.file()).unwrap();
    for args in [
        vec![
            "what-if",
            "--period",
            "2026-Q4",
            "--owner",
            "maria-chen",
            "--assume",
            "maria-chen-revenue-2026-q4=+60k",
        ],
        vec!["need", "maria-chen-revenue-2026-q4", "east-revenue-2026-q4"],
    ] {
        let out = env.cmd(&args).env("COLUMNS", "80").output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        for line in text.lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= 80,
                "{args:?} is wider than 80 columns:\n{text}"
            );
        }
        assert!(text.contains("maria"), "{text}");
    }
}
