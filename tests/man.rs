//! `attain man`: the sections a man page reader looks for, and `--dir`
//! writing every page the pages refer to.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::TestEnv;

/// The page's text as a reader sees it: roff's escaped hyphens and font
/// changes taken out.
fn plain(roff: &str) -> String {
    roff.replace("\\-", "-")
        .replace("\\fB", "")
        .replace("\\fI", "")
        .replace("\\fR", "")
        .replace("\\*(Aq", "'")
}

/// The lines of one `.SH` section.
fn section<'a>(page: &'a str, title: &str) -> Vec<&'a str> {
    page.lines()
        .skip_while(|l| l.trim_end() != format!(".SH {title}"))
        .skip(1)
        .take_while(|l| !l.starts_with(".SH "))
        .collect()
}

/// Every `NAME(1)` a page refers to.
fn references(page: &str) -> BTreeSet<String> {
    let page = plain(page);
    let mut names = BTreeSet::new();
    for (at, _) in page.match_indices("(1)") {
        let name: String = page[..at]
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_lowercase() || *c == '-')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if name.starts_with("attain") {
            names.insert(name);
        }
    }
    names
}

#[test]
fn the_man_page_has_exit_status_environment_files_and_examples() {
    let env = TestEnv::new();
    let page = env.ok(&["man"]);
    for title in [
        "\"EXIT STATUS\"",
        "ENVIRONMENT",
        "FILES",
        "EXAMPLES",
        "\"SEE ALSO\"",
    ] {
        assert!(!section(&page, title).is_empty(), "no {title} in:\n{page}");
    }
    let exit_status = plain(&section(&page, "\"EXIT STATUS\"").join("\n"));
    for code in ["0", "1", "2", "3", "75", "130"] {
        assert!(
            exit_status.contains(&format!("\n{code}\n")),
            "{code}: {exit_status}"
        );
    }
    assert!(exit_status.contains("Retry"), "{exit_status}");
    let environment = plain(&section(&page, "ENVIRONMENT").join("\n"));
    for name in [
        "ATTAIN_FILE",
        "ATTAIN_LOCK_TIMEOUT",
        "NO_COLOR",
        "CLICOLOR_FORCE",
        "COLUMNS",
        "XDG_DATA_HOME",
    ] {
        assert!(environment.contains(name), "{name}: {environment}");
    }
    assert!(environment.contains("0 to 86400"), "{environment}");
    assert!(environment.contains("30 by default"), "{environment}");
    let files = plain(&section(&page, "FILES").join("\n"));
    assert!(
        files.contains("$XDG_DATA_HOME/attain/attain.json"),
        "{files}"
    );
    assert!(files.contains("<file>.lock"), "{files}");

    // Every example is a command the README shows.
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let examples: Vec<String> = section(&page, "EXAMPLES")
        .into_iter()
        .filter(|l| l.starts_with("\\fB"))
        .map(plain)
        .collect();
    assert!(examples.len() >= 5, "{examples:?}");
    for example in &examples {
        assert!(
            readme.contains(example.as_str()),
            "not in the README: {example}"
        );
    }

    // A command's page names attain(1) for all that.
    let add = env.ok(&["man", "goal-add"]);
    assert!(add.contains(".TH attain-goal-add 1"), "{add}");
    assert_eq!(
        references(&section(&add, "\"SEE ALSO\"").join("\n")),
        ["attain", "attain-goal"].map(String::from).into()
    );
    assert!(!env.file().exists());
}

#[test]
fn man_dir_writes_attain_1_and_every_page_the_pages_refer_to() {
    let env = TestEnv::new();
    let dir = env.dir().join("man1");
    let listed = env.ok(&["man", "--dir", dir.to_str().unwrap()]);
    let listed: BTreeSet<String> = listed.lines().map(String::from).collect();
    let written: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    assert_eq!(listed, written, "the list printed is the files written");
    for name in [
        "attain",
        "attain-init",
        "attain-goal",
        "attain-goal-add",
        "attain-man",
    ] {
        assert!(dir.join(format!("{name}.1")).is_file(), "{name}.1");
    }

    let root = std::fs::read_to_string(dir.join("attain.1")).unwrap();
    let see_also = references(&section(&root, "\"SEE ALSO\"").join("\n"));
    assert!(see_also.contains("attain-goal-add"), "{see_also:?}");
    assert_eq!(
        see_also.len() + 1,
        written.len(),
        "attain(1) names every other page"
    );
    for path in &written {
        let page = std::fs::read_to_string(path).unwrap();
        for name in references(&page) {
            assert!(
                dir.join(format!("{name}.1")).is_file(),
                "{path} refers to {name}(1), which was not written"
            );
        }
    }
    assert!(!root.contains("attain\\-help"), "no page for clap's help");
    assert!(!env.file().exists());

    let dry = env.dir().join("dry");
    let out = env.ok(&["man", "--dir", dry.to_str().unwrap(), "--dry-run"]);
    assert!(out.contains("attain-goal-add.1"), "{out}");
    assert!(!dry.exists());
}
