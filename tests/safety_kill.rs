//! A write killed with SIGKILL at any moment leaves the old file or the new
//! one, never a broken one.
//!
//! Its own test binary, so that no other test competes for the CPU while
//! kill times are measured.

mod common;

use std::fmt::Write as _;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::TestEnv;
use serde_json::Value;

/// Results in the file (about 1 MB): a save (encode, write, fsync) takes
/// milliseconds and a whole debug-build run over a hundred.
const RESULTS: u64 = 15_000;

const ITERATIONS: u32 = 40;

/// On a busy machine, stop early (after at least `MIN_ITERATIONS`) rather
/// than run past this.
const TIME_BUDGET: Duration = Duration::from_secs(14);
const MIN_ITERATIONS: u32 = 16;

/// A valid version 2 file, in attain's own layout, with one goal for 2026
/// and `count` results of its owner dated inside it.
fn big_file(count: u64) -> String {
    let mut text = String::with_capacity(64 * count as usize + 1024);
    text.push_str(concat!(
        "{\n",
        "  \"version\": 2,\n",
        "  \"settings\": {\n",
        "    \"currency\": \"USD\",\n",
        "    \"fiscal_year_start\": 1,\n",
        "    \"at_risk\": 0.9\n",
        "  },\n",
        "  \"people\": [\n",
        "    {\"id\":\"team\",\"name\":\"Team\"}\n",
        "  ],\n",
        "  \"teams\": [],\n",
        "  \"goals\": [\n",
        "    {\"id\":\"big\",\"title\":\"Big year\",\"owner\":\"team\",\"metric\":\"revenue\",",
        "\"unit\":\"USD\",\"period\":\"2026\",\"target\":1000000000,\"direction\":\"at-least\",",
        "\"aggregate\":\"sum\",\"created\":\"2026-01-01T00:00:00Z\"}\n",
        "  ],\n",
        "  \"results\": [\n",
    ));
    // Migrated-style ids ("1", "2", ...) sort by length, then text.
    for id in 1..=count {
        let month = id % 12 + 1;
        let day = id % 28 + 1;
        let value = id % 997;
        let comma = if id < count { "," } else { "" };
        writeln!(
            text,
            "    {{\"id\":\"{id}\",\"owner\":\"team\",\"metric\":\"revenue\",\"date\":\"2026-{month:02}-{day:02}\",\"value\":{value}}}{comma}"
        )
        .unwrap();
    }
    text.push_str("  ]\n}\n");
    text
}

fn spawn_record(env: &TestEnv, value: u32) -> Child {
    env.cmd(&["record", "big", &value.to_string(), "--date", "2026-11-20"])
        .env("ATTAIN_LOCK_TIMEOUT", "10")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn attain record")
}

/// What identifies one version of the data file on disk.
fn identity(path: &Path) -> Option<(u64, u64, i64, i64)> {
    fs::metadata(path)
        .ok()
        .map(|m| (m.ino(), m.len(), m.mtime(), m.mtime_nsec()))
}

fn has_temp_file(dir: &Path) -> bool {
    fs::read_dir(dir).unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(".attain-")
    })
}

/// Waits until the child starts saving: a temp file appears or the data
/// file itself changes. Returns false if the child exited first.
fn wait_for_save(env: &TestEnv, child: &mut Child, deadline: Instant) -> bool {
    let before = identity(env.file());
    while Instant::now() < deadline {
        if has_temp_file(env.dir()) || identity(env.file()) != before {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_micros(100));
    }
    false
}

/// The data file must be the old bytes or a complete new version with one
/// more result (the one just recorded). Returns true for the new one.
fn check_old_or_new(env: &TestEnv, old: &[u8], count: u64, value: u32, what: &str) -> bool {
    let bytes = fs::read(env.file()).unwrap_or_else(|e| panic!("{what}: data file gone: {e}"));
    if bytes == old {
        return false;
    }
    let data: Value = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        panic!(
            "{what}: the data file is neither the old one nor valid JSON ({e}); {} bytes, ends with {:?}",
            bytes.len(),
            String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(120)..])
        )
    });
    let results = data["results"].as_array().expect("results array");
    assert_eq!(
        results.len() as u64,
        count + 1,
        "{what}: the new file should have exactly one more result"
    );
    // The new result has a generated id: 13 characters, after the
    // numbered ones.
    let last = results.last().unwrap();
    assert_eq!(
        last["id"].as_str().map(str::len),
        Some(13),
        "{what}: {last}"
    );
    assert_eq!(
        last["value"].as_u64(),
        Some(u64::from(value)),
        "{what}: {last}"
    );
    assert_eq!(last["date"], "2026-11-20", "{what}: {last}");
    assert_eq!(data["goals"].as_array().unwrap().len(), 1, "{what}");
    assert_eq!(data["version"], 2, "{what}");
    true
}

/// Only the data file, its lock and attain's temp files may be in the
/// folder; the temp files are removed so each iteration starts clean.
fn check_and_clean_folder(env: &TestEnv, what: &str) -> usize {
    let mut temps = 0;
    for entry in fs::read_dir(env.dir()).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "attain.json" || name == "attain.json.lock" {
            continue;
        }
        assert!(
            name.starts_with(".attain-") && name.ends_with(".tmp"),
            "{what}: unexpected file {name} next to the data file"
        );
        fs::remove_file(entry.path()).unwrap();
        temps += 1;
    }
    temps
}

fn report_works(env: &TestEnv, what: &str) {
    let report = env.json_out(&["report"]);
    let goals = report["goals"].as_array().expect("report goals");
    assert_eq!(goals.len(), 1, "{what}: {report}");
    assert_eq!(goals[0]["id"], "big", "{what}");
}

#[test]
fn a_write_killed_at_any_moment_leaves_the_old_or_the_new_file() {
    let started = Instant::now();
    let env = TestEnv::new();
    env.write(&big_file(RESULTS));
    let mut count = RESULTS;

    // Uninterrupted runs, to spread the kills over the whole run time (the
    // faster of two, in case the machine was busy).
    let mut old = env.bytes();
    let mut full_run = Duration::MAX;
    for value in [1, 2] {
        let run = Instant::now();
        let output = spawn_record(&env, value).wait_with_output().unwrap();
        full_run = full_run.min(run.elapsed());
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(check_old_or_new(
            &env,
            &old,
            count,
            value,
            "calibration run"
        ));
        count += 1;
        old = env.bytes();
    }

    let (mut kept_old, mut got_new, mut temps_left) = (0, 0, 0);
    let (mut killed_while_saving, mut finished_first) = (0, 0);
    let mut iterations = 0;
    for i in 0..ITERATIONS {
        if i >= MIN_ITERATIONS && started.elapsed() > TIME_BUDGET {
            break;
        }
        iterations += 1;
        let value = i + 3;
        let mut child = spawn_record(&env, value);
        let what = if i % 2 == 0 {
            // Uniformly over 0 .. 1.2 × the run time, in an order that
            // covers the whole range early (7 is coprime with 20).
            let slot = (i / 2 * 7) % (ITERATIONS / 2);
            let delay = full_run.mul_f64(1.2 * f64::from(slot) / f64::from(ITERATIONS / 2));
            std::thread::sleep(delay);
            format!("iteration {i}, killed after {delay:?} of {full_run:?}")
        } else {
            // Right inside the save: 0 to 7 ms after it begins.
            let deadline = Instant::now() + full_run * 4 + Duration::from_secs(2);
            if wait_for_save(&env, &mut child, deadline) {
                killed_while_saving += 1;
            } else {
                finished_first += 1;
            }
            let delay = Duration::from_micros(u64::from(i / 2 % 8) * 1000);
            std::thread::sleep(delay);
            format!("iteration {i}, killed {delay:?} into the save")
        };
        let _ = child.kill();
        let status = child.wait().unwrap();
        let is_new = check_old_or_new(&env, &old, count, value, &what);
        if status.success() {
            assert!(
                is_new,
                "{what}: attain reported success but the file is old"
            );
        } else {
            assert_eq!(
                status.signal(),
                Some(9),
                "{what}: attain failed by itself: {status}"
            );
        }
        if i % 9 == 8 {
            // With any temp file of this kill still next to it.
            report_works(&env, &what);
        }
        temps_left += check_and_clean_folder(&env, &what);
        if is_new {
            got_new += 1;
            count += 1;
            old = env.bytes();
        } else {
            kept_old += 1;
        }
    }
    eprintln!(
        "{iterations} kills over a {full_run:?} run: {kept_old} kept the old file, {got_new} the \
         new one; {killed_while_saving} waited-for saves, {finished_first} finished first; \
         {temps_left} temp files left behind; {:?} in all",
        started.elapsed()
    );

    // The survivor is fully usable: readable, and the next write works.
    report_works(&env, "after the kills");
    let output = spawn_record(&env, 9999).wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(check_old_or_new(&env, &old, count, 9999, "final run"));
    assert_eq!(check_and_clean_folder(&env, "final run"), 0);
}
