//! `attain merge-driver BASE OURS THEIRS [PATH]`: git's merge driver for
//! data files (registered by `attain git setup`). Git hands it three
//! temporary files; the merge is written over OURS, and the exit code says
//! whether it is clean (0) or holds conflicts (1).

use std::fs;
use std::io::{ErrorKind, Write};
use std::path::Path;
use std::process::Command;

use anyhow::{Context as _, Result, anyhow, bail};

use crate::cli::MergeDriverArgs;
use crate::commands::Exit;
use crate::domain::history::Lock;
use crate::ledger::merge::{Conflict, Side, merge};
use crate::store::{Document, journal, parse_document};

/// Conflicts listed in the message; the file holds them all.
const LISTED: usize = 5;

pub fn run(args: &MergeDriverArgs, quiet: bool) -> Result<Exit> {
    let path = args.path.as_deref().unwrap_or("the data file");
    let read = |file: &Path, side: &str| read_side(file, &format!("{path} ({side})"));
    // The three versions are read at once, each on its own thread.
    let documents = std::thread::scope(|scope| {
        let base = scope.spawn(|| read(&args.base, "base"));
        let theirs = scope.spawn(|| read(&args.theirs, "theirs"));
        let ours = read(&args.ours, "ours");
        let joined = |side: std::thread::ScopedJoinHandle<'_, Result<Document>>| {
            side.join()
                .unwrap_or_else(|_| Err(anyhow!("reading a version of {path} failed")))
        };
        Ok::<_, anyhow::Error>((joined(base)?, ours?, joined(theirs)?))
    });
    let (base, ours, theirs) = match documents {
        Ok(documents) => documents,
        Err(err) => return merge_as_text(args, path, &err, quiet),
    };
    let merged = merge(&base, &ours, &theirs, Side::Ours);
    if !quiet {
        let sides = [
            ("ours", &ours, "theirs", &theirs),
            ("theirs", &theirs, "ours", &ours),
        ];
        for (name, side, other_name, other) in sides {
            if let Some(warning) = into_locked(&base, (name, side), (other_name, other)) {
                eprintln!("attain: {path}: {warning}");
            }
        }
    }
    let invalid = merged.document.validate().err();
    if merged.conflicts.is_empty() {
        replace(&args.ours, &merged.document.to_bytes()?)?;
        if let Some(reason) = invalid {
            bail!(
                "merging {path} gives a file attain refuses: {reason}; fix that record in {path} \
                 by hand, then `git add {path}`"
            );
        }
        return Ok(Exit::Success);
    }
    let ours_text = merged.document.to_bytes()?;
    let theirs_text = merge(&base, &ours, &theirs, Side::Theirs)
        .document
        .to_bytes()?;
    let marked = with_markers(
        &String::from_utf8_lossy(&ours_text),
        &String::from_utf8_lossy(&theirs_text),
        usize::from(args.marker_size),
    );
    replace(&args.ours, marked.as_bytes())?;
    Err(anyhow!(conflicts_message(path, &merged.conflicts)))
}

/// One side's document; an empty file (the base of a file both branches
/// added) is an empty document.
fn read_side(file: &Path, shown: &str) -> Result<Document> {
    let bytes = match fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {shown}")),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Document::default());
    }
    parse_document(&bytes, &shown)
}

/// A change one side made to the numbers of a period the other side
/// locked meanwhile: merged, since it was made before the books closed,
/// but said, since nobody gave a reason for it.
fn into_locked(
    base: &Document,
    (name, side): (&str, &Document),
    (other_name, other): (&str, &Document),
) -> Option<String> {
    let unknown: Vec<Lock> = other
        .locks
        .iter()
        .filter(|lock| !side.locks.iter().any(|known| known.period == lock.period))
        .cloned()
        .collect();
    if unknown.is_empty() {
        return None;
    }
    let before = Document {
        locks: unknown,
        ..base.clone()
    };
    let changes = journal::diff(base, side);
    let (lock, what) = journal::locked_by(&before, side, &changes)?;
    Some(format!(
        "{name} changed the numbers of {period} ({what}), which {other_name} locked on {date}; \
         the merge keeps the change: check it with `attain report --period {period}`",
        period = lock.period,
        date = lock.at.date_naive(),
    ))
}

/// When a version is not an attain file this build understands: git's
/// own line merge, as if there were no driver.
fn merge_as_text(
    args: &MergeDriverArgs,
    path: &str,
    why: &anyhow::Error,
    quiet: bool,
) -> Result<Exit> {
    let status = Command::new("git")
        .arg("merge-file")
        .arg(format!("--marker-size={}", args.marker_size))
        .args(["-L", "ours", "-L", "base", "-L", "theirs"])
        .arg(&args.ours)
        .arg(&args.base)
        .arg(&args.theirs)
        .status()
        .map_err(|e| {
            anyhow!("{why:#}; merging {path} as text failed too ({e}): {path} holds our version")
        })?;
    match status.code() {
        Some(0) => {
            if !quiet {
                eprintln!("attain: {why:#}; {path} was merged line by line instead");
            }
            Ok(Exit::Success)
        }
        _ => bail!(
            "{why:#}; {path} was merged line by line instead, with conflicts between <<<<<<< and \
             >>>>>>>: settle them, then `git add {path}`"
        ),
    }
}

fn conflicts_message(path: &str, conflicts: &[Conflict]) -> String {
    let listed: Vec<String> = conflicts
        .iter()
        .take(LISTED)
        .map(ToString::to_string)
        .collect();
    let more = match conflicts.len().saturating_sub(LISTED) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let count = match conflicts.len() {
        1 => "a conflict".to_string(),
        n => format!("{n} conflicts"),
    };
    format!(
        "{path} has {count} attain cannot merge: {}{more}; in {path}, keep one side between each \
         <<<<<<< and >>>>>>> and remove the markers, then `git add {path}`",
        listed.join("; ")
    )
}

/// The two resolutions of a conflicted merge as one text, with git's
/// conflict markers around the lines where they differ: the conflicted
/// records, the rest once.
pub fn with_markers(ours: &str, theirs: &str, size: usize) -> String {
    use similar::{ChangeTag, TextDiff};
    let diff = TextDiff::from_lines(ours, theirs);
    let mut text = String::with_capacity(ours.len() + 256);
    let (mut mine, mut other) = (String::new(), String::new());
    let flush = |text: &mut String, mine: &mut String, other: &mut String| {
        if mine.is_empty() && other.is_empty() {
            return;
        }
        for (marker, label, lines) in [("<", " ours", &mut *mine), ("=", "", &mut *other)] {
            text.push_str(&marker.repeat(size));
            text.push_str(label);
            text.push('\n');
            if !lines.is_empty() && !lines.ends_with('\n') {
                lines.push('\n');
            }
            text.push_str(lines);
            lines.clear();
        }
        text.push_str(&">".repeat(size));
        text.push_str(" theirs\n");
    };
    for change in diff.iter_all_changes() {
        match change.tag() {
            ChangeTag::Equal => {
                flush(&mut text, &mut mine, &mut other);
                text.push_str(change.value());
            }
            ChangeTag::Delete => mine.push_str(change.value()),
            ChangeTag::Insert => other.push_str(change.value()),
        }
    }
    flush(&mut text, &mut mine, &mut other);
    text
}

/// Writes `bytes` over `file` atomically: a temporary file beside it,
/// synced, renamed over it.
fn replace(file: &Path, bytes: &[u8]) -> Result<()> {
    let folder = match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(folder)
        .with_context(|| format!("cannot create a temporary file in {}", folder.display()))?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("cannot write the merge beside {}", file.display()))?;
    temp.persist(file)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write the merge to {}", file.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_surround_only_the_lines_that_differ() {
        let ours = "a\nb\nc\nd\n";
        let theirs = "a\nB\nc\nd\n";
        assert_eq!(
            with_markers(ours, theirs, 7),
            "a\n<<<<<<< ours\nb\n=======\nB\n>>>>>>> theirs\nc\nd\n"
        );
    }

    #[test]
    fn a_line_one_side_lacks_is_an_empty_side() {
        let ours = "a\nb\nc\n";
        let theirs = "a\nc\n";
        assert_eq!(
            with_markers(ours, theirs, 9),
            "a\n<<<<<<<<< ours\nb\n=========\n>>>>>>>>> theirs\nc\n"
        );
    }

    #[test]
    fn equal_texts_have_no_markers() {
        assert_eq!(with_markers("a\nb\n", "a\nb\n", 7), "a\nb\n");
    }
}
