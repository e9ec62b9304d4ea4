//! `attain git setup`: has git merge data files record by record. Two
//! things make it so: a line in the repository's `.gitattributes` (shared
//! through git, so commit it) naming the merge driver for the file, and
//! the driver's command in the clone's own git config (git never shares
//! config, so each clone runs this once). Running it again changes
//! nothing.

use std::ffi::OsStr;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, Result, anyhow, bail};

use crate::commands::Exit;

/// The driver's name in `.gitattributes` and the git config.
const DRIVER: &str = "attain";
const DRIVER_NAME: &str = "attain: record-by-record merge of attain data files";

/// What `git setup` does, for `--dry-run` and the confirmation alike.
pub struct Setup {
    pub repository: PathBuf,
    /// Lines to add to `.gitattributes`.
    pub attributes: Vec<String>,
    /// Git config keys to set, with their values.
    pub config: Vec<(&'static str, String)>,
}

pub fn setup(paths: &[PathBuf], dry_run: bool, quiet: bool) -> Result<Exit> {
    let plan = plan(paths)?;
    let attributes = plan.repository.join(".gitattributes");
    let verb = if dry_run { "would add" } else { "added" };
    if !dry_run {
        add_lines(&attributes, &plan.attributes)?;
        for (key, value) in &plan.config {
            git(&plan.repository, ["config", "--local", key, value])?;
        }
    }
    if quiet {
        return Ok(Exit::Success);
    }
    if plan.attributes.is_empty() && plan.config.is_empty() {
        println!(
            "Already set up: git merges {} record by record in {}.",
            shown_paths(paths),
            plan.repository.display()
        );
        return Ok(Exit::Success);
    }
    for line in &plan.attributes {
        println!("{verb} to {}: {line}", attributes.display());
    }
    let verb = if dry_run { "would set" } else { "set" };
    for (key, value) in &plan.config {
        println!("{verb} git config {key} = {value}");
    }
    if !dry_run && !plan.attributes.is_empty() {
        println!(
            "Commit .gitattributes so the team shares it; each clone runs `attain git setup` once, \
             since git does not share its config."
        );
    }
    Ok(Exit::Success)
}

fn shown_paths(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    names.join(", ")
}

/// What is missing: the lines `.gitattributes` lacks and the config
/// values that differ.
fn plan(paths: &[PathBuf]) -> Result<Setup> {
    let first = paths
        .first()
        .ok_or_else(|| anyhow!("git setup needs the data file; pass its path"))?;
    let repository = repository_of(first)?;
    let existing = match fs::read_to_string(repository.join(".gitattributes")) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).context("cannot read .gitattributes"),
    };
    let mut attributes = Vec::new();
    for path in paths {
        let inside = relative_to(&repository, path)?;
        let line = format!("{} merge={DRIVER}", pattern(&inside));
        if !existing.lines().any(|l| l.trim() == line) && !attributes.contains(&line) {
            attributes.push(line);
        }
    }
    let wanted = [
        ("merge.attain.name", DRIVER_NAME.to_string()),
        (
            "merge.attain.driver",
            format!("{} merge-driver %O %A %B %P --marker-size %L", program()),
        ),
    ];
    let mut config = Vec::new();
    for (key, value) in wanted {
        let current = git(&repository, ["config", "--local", "--get", key]).ok();
        if current.as_deref().map(str::trim_end) != Some(value.as_str()) {
            config.push((key, value));
        }
    }
    Ok(Setup {
        repository,
        attributes,
        config,
    })
}

/// The top folder of the git repository holding `path`.
fn repository_of(path: &Path) -> Result<PathBuf> {
    let folder = absolute_folder(path)?;
    let top = git(&folder, ["rev-parse", "--show-toplevel"]).map_err(|_| {
        anyhow!(
            "{} is not inside a git repository; run `git init` (or `git clone`) first, or pass \
             the path of a data file inside one",
            path.display()
        )
    })?;
    Ok(PathBuf::from(top.trim_end()))
}

/// The folder of `path`, absolute, with links resolved (the file itself
/// need not exist yet).
fn absolute_folder(path: &Path) -> Result<PathBuf> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::canonicalize(&folder).with_context(|| {
        format!(
            "cannot find the folder {} of {}; create it first",
            folder.display(),
            path.display()
        )
    })
}

/// `path` relative to the repository's top folder, with `/` between
/// folders as `.gitattributes` writes them.
fn relative_to(repository: &Path, path: &Path) -> Result<String> {
    let name = path
        .file_name()
        .ok_or_else(|| anyhow!("{} is not a file name", path.display()))?;
    let file = absolute_folder(path)?.join(name);
    let repository = fs::canonicalize(repository).unwrap_or_else(|_| repository.to_path_buf());
    let inside = file.strip_prefix(&repository).map_err(|_| {
        anyhow!(
            "{} is outside the repository {}; pass a data file inside it",
            path.display(),
            repository.display()
        )
    })?;
    let parts: Vec<String> = inside
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Ok(parts.join("/"))
}

/// A `.gitattributes` pattern matching exactly this path from the top
/// folder: anchored with `/`, and quoted when it holds a space or a
/// character patterns treat specially.
pub fn pattern(inside: &str) -> String {
    let special = |c: char| c.is_whitespace() || "*?[]\\\"#!".contains(c);
    if !inside.contains(special) {
        return format!("/{inside}");
    }
    let mut quoted = String::from("\"/");
    for c in inside.chars() {
        match c {
            '*' | '?' | '[' | ']' | '\\' | '!' | '#' => {
                quoted.push('\\');
                quoted.push('\\');
                quoted.push(c);
            }
            '"' => quoted.push_str("\\\""),
            _ => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// How git should call this program: `attain` when that is the one on
/// the PATH, else this executable's full path, quoted for the shell git
/// runs the driver with.
fn program() -> String {
    let Ok(this) = std::env::current_exe().and_then(fs::canonicalize) else {
        return DRIVER.to_string();
    };
    let on_path = std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths)
            .any(|folder| fs::canonicalize(folder.join(DRIVER)).is_ok_and(|found| found == this))
    });
    if on_path {
        return DRIVER.to_string();
    }
    shell_quote(&this.to_string_lossy())
}

fn shell_quote(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+".contains(c);
    if text.chars().all(plain) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// Appends `lines` to `.gitattributes`, atomically.
fn add_lines(file: &Path, lines: &[String]) -> Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    let mut text = match fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", file.display())),
    };
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    let folder = file.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(folder)
        .with_context(|| format!("cannot create a temporary file in {}", folder.display()))?;
    temp.write_all(text.as_bytes())
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", file.display()))?;
    match fs::metadata(file) {
        Ok(meta) => {
            let _ = fs::set_permissions(temp.path(), meta.permissions());
        }
        Err(_) => usual_mode(temp.path()),
    }
    temp.persist(file)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", file.display()))?;
    Ok(())
}

/// A new `.gitattributes` gets the usual mode (0644), not the temporary
/// file's 0600.
#[cfg(unix)]
fn usual_mode(path: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o644));
}

#[cfg(not(unix))]
fn usual_mode(_path: &Path) {}

/// Runs git in `folder`; its output, or an error with what git said.
fn git<I, S>(folder: &Path, args: I) -> Result<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = Command::new("git")
        .arg("-C")
        .arg(folder)
        .args(args)
        .output()
        .map_err(|e| anyhow!("cannot run git ({e}); install git, or put it on the PATH"))?;
    if !output.status.success() {
        bail!(
            "git said: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_anchored_and_quoted_when_needed() {
        assert_eq!(pattern("attain.json"), "/attain.json");
        assert_eq!(pattern("teams/east.json"), "/teams/east.json");
        assert_eq!(pattern("q3 plan.json"), "\"/q3 plan.json\"");
        assert_eq!(pattern("a*b.json"), "\"/a\\\\*b.json\"");
    }

    #[test]
    fn the_program_is_quoted_for_the_shell() {
        assert_eq!(shell_quote("/usr/bin/attain"), "/usr/bin/attain");
        assert_eq!(shell_quote("/home/a b/attain"), "'/home/a b/attain'");
        assert_eq!(shell_quote("/it's/attain"), r"'/it'\''s/attain'");
    }
}
