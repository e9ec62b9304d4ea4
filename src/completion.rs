//! Dynamic shell completion (`COMPLETE=bash attain`): the values an
//! argument takes, read from the data file: goal ids, people and teams, periods,
//! tags, metrics, action and result ids, and the cause categories.
//!
//! A completer runs on every TAB, inside the shell's prompt: it reads the
//! file without locking or writing it, prints nothing but candidates, and
//! offers nothing from the file when the file is missing or broken. Names
//! that do not come from the file (relative periods, metric presets, cause
//! categories) are offered either way.

use std::collections::BTreeSet;
use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use clap_complete::engine::{ArgValueCompleter, CompletionCandidate};

use crate::domain::goal::PRESETS;
use crate::domain::ids::{Id, ShortIds};
use crate::domain::period::{Period, RELATIVE_NAMES};
use crate::domain::review::Cause;
use crate::store::{Document, Store};

/// Goal ids, each with its title.
pub fn goal_ids() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| from_file(current, goal_id_candidates))
}

/// `what-if --assume GOAL=AMOUNT`: goal ids followed by `=`.
pub fn assumptions() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        if current.to_str().is_some_and(|c| c.contains('=')) {
            return Vec::new();
        }
        from_file(current, |d| {
            d.goals
                .iter()
                .map(|g| {
                    CompletionCandidate::new(format!("{}=", g.id))
                        .help(Some(g.title.clone().into()))
                })
                .collect()
        })
    })
}

/// `review --follow-up`: `next` or a goal id.
pub fn follow_up() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        let mut all = vec![
            CompletionCandidate::new("next")
                .help(Some("roll the missed goal into the next period".into())),
        ];
        all.extend(
            document()
                .map(|d| goal_id_candidates(&d))
                .unwrap_or_default(),
        );
        matching(current, all)
    })
}

/// Owners: people and teams by id, each with its name.
pub fn owners() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        from_file(current, |d| {
            d.people
                .iter()
                .map(|p| (p.id.as_str(), p.name.as_str()))
                .chain(d.teams.iter().map(|t| (t.id.as_str(), t.name.as_str())))
                .map(|(id, name)| CompletionCandidate::new(id).help(Some(name.to_string().into())))
                .collect()
        })
    })
}

/// Teams by id, each with its name.
pub fn teams() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        from_file(current, |d| {
            d.teams
                .iter()
                .map(|t| CompletionCandidate::new(&t.id).help(Some(t.name.clone().into())))
                .collect()
        })
    })
}

/// Owners of review actions (`action list --owner`).
pub fn action_owners() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        from_file(current, |d| {
            names(
                d.reviews
                    .iter()
                    .flat_map(|r| &r.actions)
                    .filter_map(|a| a.owner.as_deref()),
            )
        })
    })
}

/// The goals' periods, then the relative names (`this-quarter`, ...).
pub fn periods() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| period_candidates(current, false))
}

/// `goal roll --to`: like [`periods`], with the period after each goal's.
pub fn roll_periods() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| period_candidates(current, true))
}

/// The goals' tags.
pub fn tags() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        from_file(current, |d| {
            names(d.goals.iter().flat_map(|g| &g.tags).map(String::as_str))
        })
    })
}

/// The metric presets, then the other metrics the goals use.
pub fn metrics() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        let presets = PRESETS.iter().map(|p| p.metric);
        let mut all: Vec<CompletionCandidate> = presets
            .clone()
            .map(|m| CompletionCandidate::new(m).help(Some("preset".into())))
            .collect();
        if let Some(d) = document() {
            let preset_names: Vec<&str> = presets.collect();
            all.extend(
                names(d.goals.iter().map(|g| g.metric.as_str()))
                    .into_iter()
                    .filter(|c| !preset_names.iter().any(|p| c.get_value() == *p)),
            );
        }
        matching(current, all)
    })
}

/// The review cause categories (`--cause`).
pub fn causes() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        let all = Cause::ALL
            .iter()
            .map(|c| CompletionCandidate::new(c.name()).help(Some(c.label().into())))
            .collect();
        matching(current, all)
    })
}

/// Ids of review actions, as tables show them, each with its goal and
/// text.
pub fn action_ids() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        from_file(current, |d| {
            let short = ShortIds::new(d.actions().map(|(_, a)| &a.id));
            d.actions()
                .map(|(goal, a)| {
                    CompletionCandidate::new(shown_id(current, &short, &a.id))
                        .help(Some(format!("{goal}: {}", a.text).into()))
                })
                .collect()
        })
    })
}

/// Ids of logged celebrations, as tables show them, each with its goal,
/// date and note.
pub fn celebration_ids() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        from_file(current, |d| {
            let short = ShortIds::new(d.celebrations.iter().map(|c| &c.id));
            d.celebrations
                .iter()
                .map(|c| {
                    CompletionCandidate::new(shown_id(current, &short, &c.id))
                        .help(Some(format!("{} {}: {}", c.goal, c.date, c.note).into()))
                })
                .collect()
        })
    })
}

/// The short id, unless more of the id than that is typed already: then
/// the whole id, which still starts with what is typed.
fn shown_id<'a>(current: &OsStr, short: &ShortIds, id: &'a Id) -> &'a str {
    let short = short.of(id);
    if short.starts_with(&*current.to_string_lossy()) {
        short
    } else {
        id.as_str()
    }
}

/// Ids of recorded results, each with its owner, metric, date and value.
pub fn result_ids() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        from_file(current, |d| {
            d.results
                .iter()
                .map(|r| {
                    CompletionCandidate::new(r.id.to_string()).help(Some(
                        format!("{} {} {} {}", r.owner, r.metric, r.date, r.value).into(),
                    ))
                })
                .collect()
        })
    })
}

fn goal_id_candidates(document: &Document) -> Vec<CompletionCandidate> {
    document
        .goals
        .iter()
        .map(|g| CompletionCandidate::new(&g.id).help(Some(g.title.clone().into())))
        .collect()
}

fn period_candidates(current: &OsStr, with_next: bool) -> Vec<CompletionCandidate> {
    let mut labels = BTreeSet::new();
    if let Some(d) = document() {
        let fiscal_start = d.settings.fiscal_year_start;
        for goal in &d.goals {
            labels.insert(goal.period.clone());
            if with_next
                && let Some(next) = Period::from_label(&goal.period, fiscal_start)
                    .ok()
                    .and_then(|p| p.next(fiscal_start))
            {
                labels.insert(next.label);
            }
        }
    }
    let mut all: Vec<CompletionCandidate> =
        labels.into_iter().map(CompletionCandidate::new).collect();
    all.extend(
        RELATIVE_NAMES
            .iter()
            .map(|&name| CompletionCandidate::new(name)),
    );
    matching(current, all)
}

/// Distinct names in sorted order.
fn names<'a>(values: impl Iterator<Item = &'a str>) -> Vec<CompletionCandidate> {
    values
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(CompletionCandidate::new)
        .collect()
}

/// The candidates `from` finds in the data file that start with `current`;
/// none when there is no readable file.
fn from_file(
    current: &OsStr,
    from: impl FnOnce(&Document) -> Vec<CompletionCandidate>,
) -> Vec<CompletionCandidate> {
    match document() {
        Some(d) => matching(current, from(&d)),
        None => Vec::new(),
    }
}

fn matching(current: &OsStr, all: Vec<CompletionCandidate>) -> Vec<CompletionCandidate> {
    let Some(current) = current.to_str() else {
        return Vec::new();
    };
    all.into_iter()
        .filter(|c| {
            c.get_value()
                .to_str()
                .is_some_and(|v| v.starts_with(current))
        })
        .collect()
}

/// The data files the command being completed would use, read silently
/// (several `-f` as one, as the program reads them).
fn document() -> Option<Document> {
    let mut files = data_files().into_iter();
    Store::new(files.next()?)
        .with_more_files(files.collect())
        .peek()
}

/// Every `--file`/`-f` on the command line being completed, else
/// `ATTAIN_FILE`, else the default path: the order the program itself uses.
fn data_files() -> Vec<PathBuf> {
    // The shell calls `attain -- attain WORDS...`; the words follow the
    // first `--`.
    let words = std::env::args_os().skip_while(|a| a != "--").skip(1);
    let mut files = files_on_command_line(words);
    if files.is_empty() {
        files.extend(
            std::env::var_os("ATTAIN_FILE")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .or_else(|| Store::default_path().ok()),
        );
    }
    files.into_iter().map(expand_home).collect()
}

/// Every `--file PATH`, `--file=PATH`, `-f PATH`, `-fPATH` (or `-qf PATH`)
/// among the words, in order, up to a `--` that ends the options.
pub fn files_on_command_line(words: impl IntoIterator<Item = OsString>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut words = words.into_iter().skip(1);
    while let Some(word) = words.next() {
        let Some(text) = word.to_str() else {
            continue;
        };
        if text == "--" {
            break;
        }
        if text == "--file" {
            found.extend(words.next().map(PathBuf::from));
        } else if let Some(path) = text.strip_prefix("--file=") {
            found.push(PathBuf::from(path));
        } else if let Some(cluster) = text.strip_prefix('-').filter(|c| !c.starts_with('-')) {
            // Short flags that take no value may come before the `f`.
            let Some((flags, path)) = cluster.split_once('f') else {
                continue;
            };
            if !flags.chars().all(|c| matches!(c, 'q' | 'h' | 'V')) {
                continue;
            }
            if path.is_empty() {
                found.extend(words.next().map(PathBuf::from));
            } else {
                found.push(PathBuf::from(path.strip_prefix('=').unwrap_or(path)));
            }
        }
    }
    found
}

/// The shell leaves `~/` unexpanded in the words it passes.
fn expand_home(path: PathBuf) -> PathBuf {
    match (path.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(words: &[&str]) -> Vec<PathBuf> {
        files_on_command_line(words.iter().map(OsString::from))
    }

    #[test]
    fn the_file_is_read_from_every_spelling_of_the_flag() {
        let want = vec![PathBuf::from("d.json")];
        assert_eq!(files(&["attain", "--file", "d.json", "record", ""]), want);
        assert_eq!(files(&["attain", "record", "--file=d.json", ""]), want);
        assert_eq!(files(&["attain", "-f", "d.json", "record"]), want);
        assert_eq!(files(&["attain", "-fd.json", "record"]), want);
        assert_eq!(files(&["attain", "-qf", "d.json", "record"]), want);
    }

    #[test]
    fn every_file_of_a_repeated_flag_is_read_in_order() {
        assert_eq!(
            files(&[
                "attain",
                "-f",
                "a.json",
                "report",
                "--file=d.json",
                "-fe.json"
            ]),
            ["a.json", "d.json", "e.json"].map(PathBuf::from)
        );
    }

    #[test]
    fn words_without_the_flag_give_no_file() {
        let none: Vec<PathBuf> = Vec::new();
        assert_eq!(files(&["attain", "record", ""]), none);
        assert_eq!(
            files(&["attain", "record", "x", "--", "--file", "d.json"]),
            none
        );
        assert_eq!(files(&["attain", "record", "x", "-5"]), none);
        assert_eq!(files(&["attain", "report", "--format", "json"]), none);
        assert_eq!(files(&["--file", "the-binary-name-is-skipped"]), none);
    }

    #[test]
    fn candidates_are_those_starting_with_what_is_typed() {
        let all = vec![
            CompletionCandidate::new("east"),
            CompletionCandidate::new("west"),
            CompletionCandidate::new("eastern"),
        ];
        let got: Vec<_> = matching(OsStr::new("ea"), all)
            .iter()
            .map(|c| c.get_value().to_owned())
            .collect();
        assert_eq!(got, ["east", "eastern"]);
    }
}
