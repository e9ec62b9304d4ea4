#![cfg(unix)]

use std::path::Path;
use std::process::Command;

use rexpect::reader::Options;
use rexpect::session::{PtySession, spawn_with_options};

const AS_OF: &str = "2026-11-27";

fn attain(file: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_attain"))
        .arg("--file")
        .arg(file)
        .arg("--as-of")
        .arg(AS_OF)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
}

fn spawn(file: &Path, goal: &str) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_attain"));
    cmd.arg("--file")
        .arg(file)
        .arg("--as-of")
        .arg(AS_OF)
        .args(["review", goal])
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    spawn_with_options(
        cmd,
        Options::new()
            .timeout_ms(Some(15_000))
            .strip_ansi_escape_codes(std::env::var("STRIP").is_ok()),
    )
    .unwrap()
}

#[test]
fn explore() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("attain.json");
    attain(
        &file,
        &[
            "goal",
            "add",
            "east-revenue-2026-q3",
            "--target",
            "100k",
            "--period",
            "2026-Q3",
            "--owner",
            "east",
        ],
    );
    attain(
        &file,
        &[
            "record",
            "east-revenue-2026-q3",
            "30000",
            "--date",
            "2026-07-10",
        ],
    );
    let mut p = spawn(&file, "east-revenue-2026-q3");
    let got = p.exp_string("Step 1 of 4").unwrap();
    eprintln!("BEFORE: {got:?}");
    std::thread::sleep(std::time::Duration::from_millis(500));
    let mut rest = String::new();
    while let Some(c) = p.try_read() {
        rest.push(c);
    }
    eprintln!("REST: {rest:?}");
    p.send(" ").unwrap();
    p.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    let mut rest = String::new();
    while let Some(c) = p.try_read() {
        rest.push(c);
    }
    eprintln!("AFTER SPACE: {rest:?}");
    p.send("\x1b[B").unwrap();
    p.flush().unwrap();
    p.send(" ").unwrap();
    p.flush().unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    let got = p.exp_string("Explain what happened").unwrap();
    eprintln!("E: {got:?}");
    p.send("Why text\r").unwrap();
    p.flush().unwrap();
    let got = p.exp_string("Step 2 of 4").unwrap();
    eprintln!("S2: {got:?}");
    p.send("Area one\r").unwrap();
    p.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    let mut rest = String::new();
    while let Some(c) = p.try_read() {
        rest.push(c);
    }
    eprintln!("AREA: {rest:?}");
    p.send_control('c').unwrap();
    let got = p.exp_eof().unwrap();
    eprintln!("EOF: {got:?}");
    eprintln!("{:?}", p.process().wait());
}
