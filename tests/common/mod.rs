//! The test harness: each test gets its own data file, a fixed as-of date
//! and no colour, and runs the real binary (in the spirit of fd's TestEnv).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::assert::Assert;
use tempfile::TempDir;

/// The as-of date every test uses unless it says otherwise.
pub const AS_OF: &str = "2026-11-27";

pub struct TestEnv {
    dir: TempDir,
    file: PathBuf,
    as_of: String,
}

impl TestEnv {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("attain.json");
        TestEnv {
            dir,
            file,
            as_of: AS_OF.to_string(),
        }
    }

    /// Uses another as-of date for every following command.
    #[allow(clippy::wrong_self_convention)]
    pub fn as_of(mut self, date: &str) -> Self {
        self.as_of = date.to_string();
        self
    }

    pub fn set_as_of(&mut self, date: &str) {
        self.as_of = date.to_string();
    }

    pub fn file(&self) -> &Path {
        &self.file
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The data file's bytes (empty when it does not exist).
    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.file).unwrap_or_default()
    }

    /// The data file parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.bytes()).expect("data file is JSON")
    }

    pub fn write(&self, text: &str) {
        std::fs::write(&self.file, text).expect("write data file");
    }

    /// The binary with this environment's file, as-of date and no colour.
    pub fn cmd(&self, args: &[&str]) -> Command {
        self.cmd_on(&self.file, args)
    }

    /// Like [`TestEnv::cmd`], on another data file.
    pub fn cmd_on(&self, file: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_attain"));
        cmd.arg("--file")
            .arg(file)
            .arg("--as-of")
            .arg(&self.as_of)
            .args(args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            // Repeatable result ids, so that tables can be pinned.
            .env("ATTAIN_SEED", "1")
            .env_remove("ATTAIN_FILE")
            // History names who made each change.
            .env("ATTAIN_USER", "tester")
            .env_remove("RUST_BACKTRACE")
            .env_remove("RUST_LIB_BACKTRACE")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("COLUMNS")
            // Set, it would turn every run into a completion request.
            .env_remove("COMPLETE");
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Assert {
        assert_cmd::assert::OutputAssertExt::assert(&mut self.cmd(args))
    }

    /// Runs a command that must succeed; returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args).success().get_output().clone();
        String::from_utf8(output.stdout).expect("utf-8 stdout")
    }

    /// Runs a command that must fail with `code`; returns its stderr.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let output = self.run(args).code(code).get_output().clone();
        String::from_utf8(output.stderr).expect("utf-8 stderr")
    }

    /// Runs a command with `--format json` and parses its stdout.
    pub fn json_out(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        let out = self.ok(&all);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {out}"))
    }

    /// Adds a goal with the common flags.
    /// Adds goal `id`. Without `--owner` in `extra`, the goal's owner is a
    /// person of its own (`owner-ID`), so that results recorded against it
    /// count toward it alone, as the tests of one goal's numbers expect.
    pub fn goal(&self, id: &str, target: &str, period: &str, extra: &[&str]) {
        let owner = format!("owner-{id}");
        let mut args = vec!["goal", "add", id, "--target", target, "--period", period];
        if !extra.contains(&"--owner") {
            args.extend(["--owner", &owner]);
        }
        args.extend_from_slice(extra);
        self.ok(&args);
    }

    /// What the shell would offer for the last of `words`, through
    /// clap_complete's protocol (`COMPLETE=bash attain -- attain WORDS`, the
    /// index of the word being completed in `_CLAP_COMPLETE_INDEX`). The
    /// words are typed after `attain --file FILE`. Checks that completing
    /// exits 0 and prints nothing on stderr.
    pub fn complete(&self, words: &[&str]) -> Vec<String> {
        let mut line = vec!["attain".to_string(), "--file".to_string()];
        line.push(self.file.display().to_string());
        line.extend(words.iter().map(|w| w.to_string()));
        self.complete_line(&line, &[])
    }

    /// Like [`TestEnv::complete`], for a whole command line (starting with
    /// `attain`), with extra environment variables.
    pub fn complete_line(&self, line: &[String], vars: &[(&str, &Path)]) -> Vec<String> {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_attain"));
        cmd.arg("--")
            .args(line)
            .current_dir(self.dir.path())
            .env("COMPLETE", "bash")
            .env("_CLAP_COMPLETE_INDEX", (line.len() - 1).to_string())
            .env("_CLAP_COMPLETE_COMP_TYPE", "9")
            .env("XDG_DATA_HOME", self.dir.path().join("no-default-data"))
            .env_remove("_CLAP_IFS")
            .env_remove("ATTAIN_FILE")
            // History names who made each change.
            .env("ATTAIN_USER", "tester")
            .env_remove("RUST_BACKTRACE")
            .env_remove("RUST_LIB_BACKTRACE");
        for (name, value) in vars {
            cmd.env(name, value);
        }
        let output = assert_cmd::assert::OutputAssertExt::assert(&mut cmd)
            .success()
            .stderr("")
            .get_output()
            .clone();
        String::from_utf8(output.stdout)
            .expect("utf-8 stdout")
            .lines()
            .map(str::to_string)
            .collect()
    }

    pub fn record(&self, goal: &str, value: &str, date: &str) {
        self.ok(&["record", goal, value, "--date", date]);
    }

    /// The id of the review action whose text is `text`, from the data
    /// file: ids are random (repeatable with `ATTAIN_SEED`), so tests look
    /// them up.
    pub fn action_id(&self, text: &str) -> String {
        let file = self.json();
        file["reviews"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|r| r["actions"].as_array().into_iter().flatten())
            .find(|a| a["text"] == text)
            .and_then(|a| a["id"].as_str())
            .unwrap_or_else(|| panic!("no action '{text}' with a string id in the file"))
            .to_string()
    }

    /// The id of the logged celebration whose note is `note`, from the
    /// data file.
    pub fn celebration_id(&self, note: &str) -> String {
        let file = self.json();
        file["celebrations"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|c| c["note"] == note)
            .and_then(|c| c["id"].as_str())
            .unwrap_or_else(|| panic!("no celebration '{note}' with a string id in the file"))
            .to_string()
    }

    /// Records like [`TestEnv::record`] and returns the new result's id.
    pub fn record_id(&self, goal: &str, value: &str, date: &str) -> String {
        let out = self.json_out(&["record", goal, value, "--date", date]);
        out["result"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("no result id in {out}"))
            .to_string()
    }
}

/// Runs git in `dir` with an identity of its own and no user or system
/// config.
pub fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("git runs")
}

/// Runs git in `dir`; it must succeed. Returns its stdout.
pub fn git_ok(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// How tables show `id` among `all` (which may hold it): its shortest
/// prefix of at least 4 characters that no other id starts with or is.
pub fn short_id(id: &str, all: &[String]) -> String {
    let others: Vec<&String> = all.iter().filter(|o| *o != id).collect();
    (4..id.len())
        .map(|n| &id[..n])
        .find(|p| !others.iter().any(|o| o.starts_with(p)))
        .unwrap_or(id)
        .to_string()
}
