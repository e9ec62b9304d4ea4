//! Every console example in the README runs against the binary, so the
//! README and the program cannot disagree.
//!
//! A console example is a ```` ```console ```` block: `$ attain ...` lines,
//! each followed by the output it prints (stdout, then stderr). `[..]`
//! stands for any text within a line and `...` on a line of its own for
//! any lines. A `? N` line right after the command says it exits with N
//! (0 when there is none); a command ending in `\\` goes on on the next
//! line. The blocks run in order in one sandbox folder
//! holding a copy of `examples/`, so an example that writes changes the
//! copy, never the repository; commands without `--file` use the default
//! data file inside the sandbox. Tables are drawn 100 columns wide.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One `$ attain ...` line and what it must print.
struct Example {
    line: usize,
    command: String,
    code: i32,
    expected: String,
}

fn examples(readme: &str) -> Vec<Example> {
    let mut found: Vec<Example> = Vec::new();
    let mut in_console = false;
    for (index, text) in readme.lines().enumerate() {
        if !in_console {
            in_console = text.trim_end() == "```console";
            continue;
        }
        if text.starts_with("```") {
            in_console = false;
        } else if let Some(example) = found
            .last_mut()
            .filter(|e| e.command.ends_with('\\') && e.expected.is_empty() && e.code == 0)
        {
            // A command continued on the next line, as in a shell.
            example.command.pop();
            example.command.push(' ');
            example.command.push_str(text.trim_start());
        } else if let Some(command) = text.strip_prefix("$ ") {
            found.push(Example {
                line: index + 1,
                command: command.to_string(),
                code: 0,
                expected: String::new(),
            });
        } else if let Some(example) = found.last_mut() {
            match text.strip_prefix("? ") {
                Some(code) if example.expected.is_empty() => {
                    example.code = code.trim().parse().expect("`? N` takes an exit code");
                }
                _ => {
                    example.expected.push_str(text);
                    example.expected.push('\n');
                }
            }
        }
    }
    found
}

fn copy_folder(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn every_console_example_in_the_readme_prints_what_it_shows() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    let examples = examples(&readme);
    assert!(
        examples.len() >= 10,
        "only {} console examples",
        examples.len()
    );
    let sandbox = tempfile::tempdir().unwrap();
    copy_folder(&root.join("examples"), &sandbox.path().join("examples"));
    let tracked = fs::read(root.join("examples/attain.json")).unwrap();
    let mut failures = Vec::new();
    for example in &examples {
        let words = shlex::split(&example.command)
            .unwrap_or_else(|| panic!("README.md:{}: unbalanced quotes", example.line));
        assert_eq!(
            words.first().map(String::as_str),
            Some("attain"),
            "README.md:{}: a console example runs attain",
            example.line
        );
        let output = Command::new(env!("CARGO_BIN_EXE_attain"))
            .args(&words[1..])
            .current_dir(sandbox.path())
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .env("XDG_DATA_HOME", sandbox.path().join("data"))
            .env("HOME", sandbox.path())
            .env_remove("ATTAIN_FILE")
            .env_remove("ATTAIN_LOCK_TIMEOUT")
            .env_remove("RUST_BACKTRACE")
            .env_remove("COMPLETE")
            .output()
            .expect("run attain");
        let mut actual = String::from_utf8_lossy(&output.stdout).into_owned();
        actual.push_str(&String::from_utf8_lossy(&output.stderr));
        let name = format!("README.md:{}: $ {}", example.line, example.command);
        if output.status.code() != Some(example.code) {
            failures.push(format!(
                "{name}\nexited {:?}, the README says {}\n{actual}",
                output.status.code(),
                example.code
            ));
            continue;
        }
        let matched = snapbox::Assert::new().try_eq(
            Some(&name),
            snapbox::Data::text(actual),
            snapbox::Data::text(example.expected.clone()),
        );
        if let Err(error) = matched {
            failures.push(error.to_string());
        }
    }
    assert_eq!(
        fs::read(root.join("examples/attain.json")).unwrap(),
        tracked,
        "an example wrote to the tracked examples/attain.json"
    );
    assert!(
        failures.is_empty(),
        "{} of {} README examples differ:\n\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n\n")
    );
}
