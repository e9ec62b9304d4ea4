//! "Never lose data", measured: the defects a stress run found (symlinks,
//! leftover temp files, silent rounding, the environment, CSV formulas,
//! ownership, unbounded input, busy writers), each pinned by a test.

mod common;

use std::fs::{self, File};
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::Path;
use std::time::{Duration, SystemTime};

use common::TestEnv;

const GOAL: &str = "east-q4";

fn with_goal() -> TestEnv {
    let env = TestEnv::new();
    env.goal(GOAL, "100k", "2026-Q4", &["--owner", "east"]);
    env
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// 1. A data file reached through a symbolic link is written through it.

#[test]
fn a_write_through_a_symlink_keeps_the_link_and_reaches_the_real_file() {
    let env = with_goal();
    let real = env.file().to_path_buf();
    let links = env.dir().join("links");
    fs::create_dir(&links).unwrap();
    let link = links.join("d.json");
    symlink(&real, &link).unwrap();
    let output = env
        .cmd_on(&link, &["record", GOAL, "5", "--ref", "X"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link was replaced by a regular file"
    );
    let data = env.json();
    assert_eq!(
        data["results"][0]["ref"], "X",
        "the real file lacks the write"
    );
    // One file, one lock: the lock sits beside the real file, not the link.
    assert!(env.dir().join("attain.json.lock").exists());
    assert!(!links.join("d.json.lock").exists());
    assert_eq!(names_in(&links), ["d.json"]);
}

#[test]
fn two_paths_to_one_file_wait_for_one_lock() {
    let env = with_goal();
    let link = env.dir().join("other-name.json");
    symlink(env.file(), &link).unwrap();
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(env.dir().join("attain.json.lock"))
        .unwrap();
    lock.lock().unwrap();
    let before = env.bytes();
    let output = env
        .cmd_on(&link, &["record", GOAL, "5"])
        .env("ATTAIN_LOCK_TIMEOUT", "0.3")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(75), "{}", stderr_of(&output));
    assert_eq!(
        env.bytes(),
        before,
        "written while another writer held the lock"
    );
}

#[test]
fn init_through_a_dangling_symlink_creates_the_target_and_keeps_the_link() {
    let env = TestEnv::new();
    let target = env.dir().join("data").join("real.json");
    let link = env.dir().join("link.json");
    symlink(&target, &link).unwrap();
    let output = env.cmd_on(&link, &["init"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let written: serde_json::Value = serde_json::from_slice(&fs::read(&target).unwrap()).unwrap();
    assert_eq!(written["version"], 2);
}

// 2. A later write removes the temp files of killed writers.

fn age(path: &Path, by: Duration) {
    let file = File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - by).unwrap();
}

#[test]
fn a_write_removes_stale_temp_files_of_its_own_naming_and_nothing_else() {
    let env = with_goal();
    let dir = env.dir();
    let ours = dir.join(".attain-attain.json-Ab3dE9.tmp");
    let old_legacy = dir.join(".attain-Qw8rTy.tmp");
    let fresh_legacy = dir.join(".attain-Zx1cVb.tmp");
    let other_files_temp = dir.join(".attain-west.json-Mn4bVc.tmp");
    let unrelated = ["notes.tmp", ".attain-notes.txt", ".attain-abc.tmp"];
    for path in [&ours, &old_legacy, &fresh_legacy, &other_files_temp] {
        fs::write(path, "{\"version\":1}").unwrap();
    }
    for name in unrelated {
        fs::write(dir.join(name), "keep me").unwrap();
    }
    age(&old_legacy, Duration::from_secs(2 * 3600));
    age(&other_files_temp, Duration::from_secs(2 * 3600));
    env.record(GOAL, "5", "2026-10-01");
    let left = names_in(dir);
    assert!(
        !left.contains(&".attain-attain.json-Ab3dE9.tmp".to_string()),
        "{left:?}"
    );
    assert!(
        !left.contains(&".attain-Qw8rTy.tmp".to_string()),
        "{left:?}"
    );
    // A recent one of an older attain may belong to a live writer; another
    // data file's temp files are that file's writers' business.
    assert!(left.contains(&".attain-Zx1cVb.tmp".to_string()), "{left:?}");
    assert!(
        left.contains(&".attain-west.json-Mn4bVc.tmp".to_string()),
        "{left:?}"
    );
    for name in unrelated {
        assert!(
            left.contains(&name.to_string()),
            "{name} was removed: {left:?}"
        );
    }
}

#[test]
fn a_temp_file_a_live_writer_holds_is_left_alone() {
    let env = with_goal();
    let held = env.dir().join(".attain-attain.json-Hd7kL2.tmp");
    fs::write(&held, "in progress").unwrap();
    let writer = File::open(&held).unwrap();
    writer.lock().unwrap();
    env.record(GOAL, "5", "2026-10-01");
    assert!(
        held.exists(),
        "a temp file still locked by its writer was removed"
    );
    drop(writer);
    env.record(GOAL, "6", "2026-10-02");
    assert!(
        !held.exists(),
        "the temp file was not removed once its writer was gone"
    );
}

// 3. Values the program cannot hold exactly are refused, never rounded.

#[test]
fn a_value_with_more_than_28_decimals_in_the_data_file_is_refused_not_rounded() {
    let env = with_goal();
    env.record(GOAL, "5", "2026-10-01");
    let text = String::from_utf8(env.bytes()).unwrap();
    let tiny = "0.00000000000000000000000000000001";
    let edited = text.replace("\"value\":5", &format!("\"value\":{tiny}"));
    assert_ne!(edited, text);
    env.write(&edited);
    let (line, column) = edited
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find(tiny).map(|c| (i + 1, c + 1)))
        .unwrap();
    for args in [&["record", GOAL, "1"][..], &["report"][..]] {
        let stderr = env.fails(1, args);
        assert!(stderr.contains("more than 6 decimal places"), "{stderr}");
        let path = env.file().display().to_string();
        // serde_json points just past the number.
        let at = format!("{path}:{line}:{}", column + tiny.len());
        assert!(stderr.contains(&at), "{at} not in {stderr}");
        assert_eq!(env.bytes(), edited.as_bytes(), "the file was rewritten");
    }
}

#[test]
fn a_backup_with_a_value_past_28_decimals_is_refused() {
    let env = with_goal();
    env.record(GOAL, "5", "2026-10-01");
    let backup = env.ok(&["export"]).replace(
        "\"value\":5",
        "\"value\":1.00000000000000000000000000000007",
    );
    let path = env.dir().join("backup.json");
    fs::write(&path, backup).unwrap();
    let fresh = TestEnv::new();
    let stderr = fresh.fails(1, &["import", path.to_str().unwrap()]);
    assert!(stderr.contains("more than 6 decimal places"), "{stderr}");
    assert!(!fresh.file().exists());
}

#[test]
fn a_tiny_typed_value_is_too_precise_not_too_large() {
    let env = with_goal();
    let stderr = env.fails(1, &["record", GOAL, "0.00000000000000000000001"]);
    assert!(stderr.contains("more than 6 decimal places"), "{stderr}");
    assert!(!stderr.contains("too large"), "{stderr}");
}

// 4. ATTAIN_LOCK_TIMEOUT is read strictly; nothing in the environment panics.

#[test]
fn a_bad_lock_timeout_is_an_error_naming_the_variable() {
    let env = with_goal();
    let before = env.bytes();
    for value in [
        "1e20", "1e19", "abc", "-1", "inf", "NaN", "86401", "1.5.2", "0x10",
    ] {
        let output = env
            .cmd(&["record", GOAL, "5"])
            .env("ATTAIN_LOCK_TIMEOUT", value)
            .output()
            .unwrap();
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(1), "{value}: {stderr}");
        assert!(
            stderr.contains("ATTAIN_LOCK_TIMEOUT") && stderr.contains("86400"),
            "{value}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{value}: {stderr}");
        assert_eq!(env.bytes(), before);
    }
    for value in ["0", "2", "0.25", "86400", " 3 ", ""] {
        let output = env
            .cmd(&["record", GOAL, "5"])
            .env("ATTAIN_LOCK_TIMEOUT", value)
            .output()
            .unwrap();
        assert!(output.status.success(), "{value:?}: {}", stderr_of(&output));
    }
}

// 5. CSV output never hands a spreadsheet a formula.

#[test]
fn csv_output_escapes_formula_cells_and_keeps_numbers() {
    let env = TestEnv::new();
    env.goal(
        "formula",
        "100",
        "2026-Q3",
        &["--owner", "=cmd|' /C calc'!A0", "--title", "+SUM(A1:A9)"],
    );
    env.ok(&[
        "record",
        "formula",
        "40",
        "--date",
        "2026-07-01",
        "--note",
        "@HYPERLINK(\"http://x\")",
        "--ref=-2+3",
    ]);
    env.ok(&[
        "record",
        "formula",
        "--date",
        "2026-07-02",
        "--note",
        "\tTAB",
        "--",
        "-5",
    ]);
    let outputs = [
        env.ok(&["export", "--format", "csv"]),
        env.ok(&["report", "--format", "csv"]),
        env.ok(&["result", "list", "--format", "csv"]),
        env.ok(&["goal", "list", "--format", "csv"]),
    ];
    for csv in &outputs {
        for cell in csv.lines().flat_map(|line| line.split(',')) {
            let cell = cell.trim_matches('"');
            let first = cell.chars().next();
            let number = cell.parse::<f64>().is_ok();
            assert!(
                number || !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')),
                "unescaped formula cell {cell:?} in\n{csv}"
            );
        }
    }
    // Numbers stay numbers: the negative value and the gap are not quoted.
    assert!(outputs[0].contains(",-5,"), "{}", outputs[0]);
    assert!(outputs[1].contains("'=cmd|"), "{}", outputs[1]);
    assert!(outputs[1].contains("'+SUM(A1:A9)"), "{}", outputs[1]);
    assert!(outputs[2].contains("'@HYPERLINK"), "{}", outputs[2]);
    assert!(outputs[2].contains("'-2+3"), "{}", outputs[2]);
}

#[test]
fn an_escaped_csv_export_imports_back_to_the_same_notes_and_refs() {
    let env = with_goal();
    let notes = ["=1+1", "'quoted", "-minus", "plain", "@at"];
    for (i, note) in notes.iter().enumerate() {
        let date = format!("2026-10-{:02}", i + 1);
        let reference = format!("+R{i}");
        env.ok(&[
            "record",
            GOAL,
            "1",
            "--date",
            &date,
            &format!("--note={note}"),
            &format!("--ref={reference}"),
        ]);
    }
    let before = env.json()["results"].clone();
    let csv = env.ok(&["export", "--format", "csv"]);
    let path = env.dir().join("results.csv");
    fs::write(&path, csv).unwrap();
    let ids: Vec<String> = before
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    let mut remove = vec!["result", "remove"];
    remove.extend(ids.iter().map(String::as_str));
    env.ok(&remove);
    env.ok(&["import", path.to_str().unwrap()]);
    let after = env.json()["results"].clone();
    let pairs = |results: &serde_json::Value| -> std::collections::BTreeSet<(String, String)> {
        results
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["note"].to_string(), r["ref"].to_string()))
            .collect::<std::collections::BTreeSet<_>>()
    };
    assert_eq!(pairs(&after), pairs(&before));
}

// 6. The replacement keeps the file's owner, group and mode.

#[test]
fn a_save_keeps_the_owner_group_and_mode() {
    let env = with_goal();
    fs::set_permissions(env.file(), fs::Permissions::from_mode(0o640)).unwrap();
    let is_root = fs::metadata("/proc/self").map(|m| m.uid()).unwrap_or(1) == 0;
    let (uid, gid) = if is_root {
        // Give the file away, as another user's file that root writes.
        std::os::unix::fs::chown(env.file(), Some(4242), Some(4343)).unwrap();
        (4242, 4343)
    } else {
        let meta = fs::metadata(env.file()).unwrap();
        (meta.uid(), meta.gid())
    };
    env.record(GOAL, "5", "2026-10-01");
    let meta = fs::metadata(env.file()).unwrap();
    assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
    assert_eq!(
        (meta.uid(), meta.gid()),
        (uid, gid),
        "owner or group changed"
    );
    assert_eq!(env.json()["results"].as_array().unwrap().len(), 1);
}

// 7. Every input has a bound, and costs grow linearly.

#[test]
fn a_data_file_that_is_not_a_regular_file_is_refused() {
    let env = TestEnv::new();
    for path in ["/dev/zero", "/dev/null"] {
        let output = env.cmd_on(Path::new(path), &["report"]).output().unwrap();
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(1), "{path}: {stderr}");
        assert!(stderr.contains("not a data file"), "{path}: {stderr}");
    }
    let stderr = stderr_of(&env.cmd_on(env.dir(), &["report"]).output().unwrap());
    assert!(stderr.contains("is a folder"), "{stderr}");
    // A named pipe is refused at once, not opened and waited on.
    let fifo = env.dir().join("pipe.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
    assert_cmd::Command::from_std(env.cmd_on(&fifo, &["record", GOAL, "5"]))
        .timeout(Duration::from_secs(10))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("a device, pipe or socket"));
}

#[test]
fn importing_an_endless_line_stops_at_the_line_limit() {
    let env = with_goal();
    let before = env.bytes();
    let stderr = env.fails(1, &["import", "/dev/zero", "--input-format", "csv"]);
    assert!(stderr.contains("line 1 is longer than 1 MiB"), "{stderr}");
    assert!(stderr.len() < 400, "{stderr}");
    assert_eq!(env.bytes(), before);
}

#[test]
fn a_review_document_from_an_endless_source_is_refused() {
    let env = TestEnv::new();
    env.goal("missed", "100", "2026-Q3", &[]);
    let before = env.bytes();
    let stderr = env.fails(1, &["review", "missed", "--from", "/dev/zero"]);
    assert!(stderr.contains("larger than 1 MiB"), "{stderr}");
    assert_eq!(env.bytes(), before);
}

#[test]
fn an_oversized_field_is_refused_naming_row_and_column() {
    let env = with_goal();
    let note = "n".repeat(70 * 1024);
    let path = env.dir().join("long.csv");
    fs::write(
        &path,
        format!("goal,date,value,note\n{GOAL},2026-10-01,5,ok\n{GOAL},2026-10-02,5,{note}\n"),
    )
    .unwrap();
    let stderr = env.fails(1, &["import", path.to_str().unwrap()]);
    assert!(
        stderr.contains("row 2 (line 3)") && stderr.contains("column 4 is longer than 64 KiB"),
        "{stderr}"
    );
    assert!(stderr.len() < 400);
    assert!(env.json()["results"].as_array().unwrap().is_empty());
}

#[test]
fn error_messages_stay_short_whatever_the_input() {
    let env = with_goal();
    let digits = "9".repeat(10_000);
    let stderr = env.fails(1, &["record", GOAL, &digits]);
    assert!(
        stderr.contains("too large") && stderr.contains('…'),
        "{stderr}"
    );
    assert!(stderr.len() < 300, "{} bytes", stderr.len());

    let header: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
    let path = env.dir().join("wide.csv");
    fs::write(&path, header.join(",") + "\n").unwrap();
    let stderr = env.fails(1, &["import", path.to_str().unwrap()]);
    assert!(
        stderr.contains("and 99988 more"),
        "{}",
        &stderr[..300.min(stderr.len())]
    );
    assert!(stderr.len() < 600, "{} bytes", stderr.len());

    let period = "Q".repeat(100_000);
    let stderr = env.fails(1, &["report", "--period", &period]);
    assert!(stderr.len() < 600, "{} bytes", stderr.len());
}

#[test]
fn a_table_cuts_a_huge_cell() {
    let env = with_goal();
    env.record(GOAL, "5", "2026-10-01");
    let text = String::from_utf8(env.bytes()).unwrap();
    let huge = "a".repeat(2_000_000);
    let edited = text.replace("\"value\":5", &format!("\"value\":5,\"note\":\"{huge}\""));
    env.write(&edited);
    let out = env.ok(&["result", "list"]);
    assert!(out.len() < 4_000, "{} bytes of table", out.len());
    assert!(out.contains(&format!("{}…", "a".repeat(199))), "{out}");
    // Every character is still there for scripts.
    let json = env.json_out(&["result", "list"]);
    assert_eq!(json[0]["note"].as_str().map(str::len), Some(huge.len()));
}

// 8. A writer that gave up waiting for the lock exits 75 (see safety.rs).

// 9. The smaller ones.

#[test]
fn a_relative_period_past_the_supported_years_is_refused_with_the_reason() {
    let env = TestEnv::new().as_of("1000-01-15");
    let stderr = env.fails(
        1,
        &["goal", "add", "--target", "5", "--period", "last-year"],
    );
    assert!(
        stderr.contains("'last-year' as of 1000-01-15") && stderr.contains("1000 to 9998"),
        "{stderr}"
    );
    assert!(!env.file().exists());
    let env = TestEnv::new().as_of("1000-03-15");
    env.ok(&[
        "goal",
        "add",
        "g",
        "--target",
        "5",
        "--period",
        "last-month",
    ]);
    assert_eq!(env.json()["goals"][0]["period"], "1000-02");
}

#[test]
fn a_failed_save_says_the_data_file_was_left_unchanged() {
    let env = with_goal();
    let before = env.bytes();
    // A folder this process cannot write in, even as root: a full or
    // read-only disk looks the same to the save.
    let is_root = fs::metadata("/proc/self").map(|m| m.uid()).unwrap_or(1) == 0;
    if is_root {
        let dir = env.dir().join("full");
        fs::create_dir(&dir).unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(&dir)
            .status()
            .is_ok_and(|s| s.success());
        if mounted {
            let file = dir.join("attain.json");
            fs::write(&file, &before).unwrap();
            let filler = vec![b'x'; 64 * 1024];
            let _ = fs::write(dir.join("filler"), filler);
            let output = env
                .cmd_on(&file, &["record", GOAL, "5", "--date", "2026-10-01"])
                .output()
                .unwrap();
            let stderr = stderr_of(&output);
            let kept = fs::read(&file).unwrap();
            let left = names_in(&dir);
            let _ = std::process::Command::new("umount").arg(&dir).status();
            assert_eq!(output.status.code(), Some(1), "{stderr}");
            assert!(stderr.contains("was left unchanged"), "{stderr}");
            assert_eq!(kept, before);
            // Not even the lock file this failed write made.
            assert_eq!(left, ["attain.json", "filler"]);
            return;
        }
    }
    eprintln!("skipped the disk-full case: needs root and tmpfs");
}
