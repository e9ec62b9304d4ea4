//! `attain man [COMMAND]` and `attain man --dir DIR`: the man pages,
//! generated from the same clap definition as `--help`, plus the sections
//! clap knows nothing about (exit status, environment, files, examples and
//! the pages to see also).

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, Result, bail};
use clap::CommandFactory;
use clap_mangen::Man;
use clap_mangen::roff::{Inline, Roff, bold, italic, roman};

use super::Exit;
use crate::cli::Cli;
use crate::store::{Busy, DEFAULT_LOCK_WAIT, MAX_LOCK_WAIT};

/// The exit statuses, as the README's "Exit codes" lists them.
fn exit_statuses() -> [(String, &'static str); 6] {
    [
        (
            "0".into(),
            "Success. A closed pipe, as in attain report | head -3, is success too.",
        ),
        (
            "1".into(),
            "An error: I/O, invalid data or input, an unknown id, a refused change. The message \
             on stderr says what is wrong and how to fix it.",
        ),
        (
            "2".into(),
            "A usage error: an unknown flag or subcommand, a missing argument, a bad --format.",
        ),
        (
            "3".into(),
            "A --check found something: a goal missed or behind (report), a met goal of a \
             closed period not yet celebrated (celebrate), an owner never recognised (celebrate \
             --history), a review not complete (review), an action overdue (progress), \
             anything owed (period-end).",
        ),
        (
            Busy::EXIT_CODE.to_string(),
            "Busy: a write waited ATTAIN_LOCK_TIMEOUT seconds for another attain to finish and \
             gave up, changing nothing. Retry it.",
        ),
        (
            "130".into(),
            "An interactive review was stopped with Ctrl+C; the finished steps are saved.",
        ),
    ]
}

fn environment() -> [(&'static str, String); 7] {
    [
        (
            "ATTAIN_FILE",
            "The data file (one path), when --file is not given.".into(),
        ),
        (
            "ATTAIN_LOCK_TIMEOUT",
            format!(
                "How many seconds (0 to {}, fractions allowed) a write waits for another attain \
                 to finish before it gives up with exit status {}; {} by default.",
                MAX_LOCK_WAIT.as_secs(),
                Busy::EXIT_CODE,
                DEFAULT_LOCK_WAIT.as_secs()
            ),
        ),
        (
            "NO_COLOR",
            "When set and not empty, no colour under --color auto.".into(),
        ),
        (
            "CLICOLOR_FORCE",
            "When set and not 0, colour under --color auto even in a pipe.".into(),
        ),
        (
            "COLUMNS",
            "The width tables fit in when stdout is not a terminal; unset, such a table is as \
             wide as its content."
                .into(),
        ),
        (
            "XDG_DATA_HOME",
            "The folder of the default data file (see FILES); ~/.local/share when unset.".into(),
        ),
        (
            "COMPLETE",
            "Set to bash, zsh, fish, elvish or powershell: print that shell's script for \
             completions read from the data file, instead of running a command."
                .into(),
        ),
    ]
}

const FILES: [(&str, &str); 3] = [
    (
        "$XDG_DATA_HOME/attain/attain.json",
        "The data file when neither --file nor ATTAIN_FILE names one \
         (~/.local/share/attain/attain.json when XDG_DATA_HOME is unset).",
    ),
    (
        "<file>.lock",
        "Next to the data file: the lock a write holds, so that writers take turns. It stays \
         after the write; removing it while no attain runs is harmless.",
    ),
    (
        ".attain-<file>-XXXXXX.tmp",
        "Next to the data file: a write's new copy, renamed over the file once complete. One \
         left by a killed write is removed by the next.",
    ),
];

/// Real commands from the README, with what each does.
const EXAMPLES: [(&str, &str); 12] = [
    (
        "Create the data file: amounts in US dollars, a fiscal year starting in April.",
        "attain init --currency USD --fiscal-year-start 4",
    ),
    (
        "A team of two people (a person named once is known by any spelling of the name).",
        "attain team add east --name East --member \"Maria Chen\" --member tom-becker",
    ),
    (
        "A revenue goal for Maria, with a stretch target.",
        "attain goal add --owner \"Maria Chen\" --target 120k --stretch 150k --period 2026-Q4",
    ),
    (
        "A revenue goal for the east team, tagged: it counts its members' results.",
        "attain goal add --owner east --target 250k --period 2026-Q4 --tag east",
    ),
    (
        "Record a deal of Maria's; with --ref, recording it again adds it once.",
        "attain record maria-chen-revenue-2026-q4 12,500 --date 2026-10-14 --ref CRM-1042 \
         --note \"Acme renewal\"",
    ),
    (
        "Record a deal with no goal in mind: it counts toward every goal it falls in.",
        "attain record --owner \"Tom Becker\" --metric revenue 8k --date 2026-11-02",
    ),
    (
        "The east team's attainment in the quarter, as JSON for a script.",
        "attain report --period 2026-Q4 --owner east --format json",
    ),
    (
        "Copy the goal into the next quarter with a target 10% higher.",
        "attain goal roll east-revenue-2026-q4 --to 2027-Q1 --adjust +10%",
    ),
    (
        "The period-end packet of the example data, as Markdown to share.",
        "attain --file examples/attain.json --as-of 2026-11-27 period-end 2026-Q3 --format \
         markdown > q3.md",
    ),
    (
        "Two teams' files read as one, for a VP (commands that change a file take one).",
        "attain -f east.json -f west.json report --by team",
    ),
    (
        "A backup of the whole file, and restoring it into a new one.",
        "attain export > backup.json\nattain --file new.json import backup.json",
    ),
    (
        "Completions of goal ids, owners and periods in bash.",
        "source <(COMPLETE=bash attain)",
    ),
];

/// Where the pages go, and how `--dry-run` and `--quiet` apply.
pub struct ManSpec<'a> {
    /// One command's page (`import`, `goal-add`); `None` for attain's.
    pub command: Option<&'a str>,
    /// Write every page into this folder instead of printing one.
    pub dir: Option<&'a Path>,
    pub dry_run: bool,
    pub quiet: bool,
}

pub fn run(spec: &ManSpec) -> Result<Exit> {
    let ManSpec { command, dir, .. } = *spec;
    let root = man_command();
    let pages = pages(&root);
    if let Some(dir) = dir {
        return write_pages(&pages, dir, spec);
    }
    let page = match command {
        None => &pages[0],
        Some(name) => {
            let wanted = format!("attain-{}", name.trim().replace(' ', "-"));
            match pages.iter().find(|p| p.name == wanted) {
                Some(page) => page,
                None => {
                    let names: Vec<&str> = root
                        .get_subcommands()
                        .map(clap::Command::get_name)
                        .collect();
                    bail!(
                        "'{name}' is not an attain command; pick one of: {} (or a subcommand's, \
                         such as goal-add)",
                        names.join(", ")
                    );
                }
            }
        }
    };
    super::print_stdout(&render(page, &pages)?)?;
    Ok(Exit::Success)
}

/// The command line as the pages show it: built, so that subcommands carry
/// their full names (`attain-goal-add`) and the global options, and without
/// clap's `help` subcommands, which have no page.
fn man_command() -> clap::Command {
    fn without_help(cmd: clap::Command) -> clap::Command {
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect();
        names
            .into_iter()
            .fold(cmd.disable_help_subcommand(true), |cmd, name| {
                cmd.mut_subcommand(name, without_help)
            })
    }
    let mut cmd = without_help(Cli::command());
    cmd.build();
    cmd
}

/// One man page: a command and where it sits.
struct Page<'a> {
    command: &'a clap::Command,
    /// `attain`, `attain-goal`, `attain-goal-add`: the page's name and file
    /// name without the section.
    name: String,
    /// The parent command's page name; `None` for `attain` itself.
    parent: Option<String>,
}

/// `attain` first, then every subcommand's page, depth first.
fn pages(root: &clap::Command) -> Vec<Page<'_>> {
    fn walk<'a>(cmd: &'a clap::Command, parent: Option<String>, out: &mut Vec<Page<'a>>) {
        let name = cmd
            .get_display_name()
            .unwrap_or_else(|| cmd.get_name())
            .to_string();
        out.push(Page {
            command: cmd,
            name: name.clone(),
            parent,
        });
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, Some(name.clone()), out);
        }
    }
    let mut out = Vec::new();
    walk(root, None, &mut out);
    out
}

fn write_pages(pages: &[Page], dir: &Path, spec: &ManSpec) -> Result<Exit> {
    let dry_run = spec.dry_run;
    if !dry_run {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    }
    let mut written = String::new();
    for page in pages {
        let path = dir.join(format!("{}.1", page.name));
        if !dry_run {
            let text = render(page, pages)?;
            std::fs::write(&path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        written.push_str(&format!("{}\n", path.display()));
    }
    super::print_stdout(&written)?;
    if dry_run && !spec.quiet {
        eprintln!("dry run: nothing was written");
    }
    Ok(Exit::Success)
}

/// The page of `page`, in the usual order of man page sections.
fn render(page: &Page, pages: &[Page]) -> Result<String> {
    let cmd = page.command;
    let version = cmd.get_version().unwrap_or_default();
    let man = Man::new(cmd.clone()).source(format!("attain {version}"));
    let mut out = Document::default();
    out.add(|w| man.render_title(w))?;
    out.add(|w| man.render_name_section(w))?;
    out.add(|w| man.render_synopsis_section(w))?;
    out.add(|w| man.render_description_section(w))?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        out.add(|w| man.render_options_section(w))?;
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        out.add(|w| man.render_subcommands_section(w))?;
    }
    if cmd.get_after_help().is_some() || cmd.get_after_long_help().is_some() {
        out.add(|w| man.render_extra_section(w))?;
    }
    let mut roff = Roff::new();
    if page.parent.is_none() {
        described_section(
            &mut roff,
            "EXIT STATUS",
            exit_statuses().iter().map(|(c, t)| (c.as_str(), *t)),
        );
        let environment = environment();
        described_section(
            &mut roff,
            "ENVIRONMENT",
            environment.iter().map(|(n, t)| (*n, t.as_str())),
        );
        described_section(&mut roff, "FILES", FILES.into_iter());
        examples_section(&mut roff);
    }
    out.add(|w| roff.to_writer(w))?;
    if cmd.get_version().is_some() {
        out.add(|w| man.render_version_section(w))?;
    }
    let mut see_also = Roff::new();
    see_also_section(&mut see_also, page, pages);
    out.add(|w| see_also.to_writer(w))?;
    Ok(out.text)
}

/// Man page text put together from separately rendered sections.
#[derive(Default)]
struct Document {
    text: String,
}

impl Document {
    /// Appends what `render` writes. Every roff render starts with the same
    /// two lines defining the apostrophe; the page needs them once.
    fn add(&mut self, render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
        let mut bytes = Vec::new();
        render(&mut bytes)?;
        let text = String::from_utf8_lossy(&bytes);
        let mut lines = text.lines().peekable();
        if !self.text.is_empty() {
            while lines.next_if(|l| is_apostrophe_preamble(l)).is_some() {}
        }
        for line in lines {
            self.text.push_str(line);
            self.text.push('\n');
        }
        Ok(())
    }
}

fn is_apostrophe_preamble(line: &str) -> bool {
    line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq")
}

/// A section of tagged paragraphs: a term in bold, then what it means.
fn described_section<'a>(
    roff: &mut Roff,
    title: &str,
    items: impl Iterator<Item = (&'a str, &'a str)>,
) {
    roff.control("SH", [title]);
    for (term, text) in items {
        roff.control("TP", []);
        roff.text([bold(term)]);
        roff.text([roman(text)]);
    }
}

fn examples_section(roff: &mut Roff) {
    roff.control("SH", ["EXAMPLES"]);
    for (what, commands) in EXAMPLES {
        roff.control("PP", []);
        roff.text([roman(what)]);
        roff.control("RS", ["4"]);
        roff.control("nf", []);
        for line in commands.lines() {
            roff.text([bold(line)]);
        }
        roff.control("fi", []);
        roff.control("RE", []);
    }
}

/// `attain(1)` names every other page; a command's page names `attain(1)`
/// (for the exit status, environment and files), its parent's page and
/// its subcommands' pages.
fn see_also_section(roff: &mut Roff, page: &Page, pages: &[Page]) {
    let named: Vec<&str> = match &page.parent {
        None => pages.iter().skip(1).map(|p| p.name.as_str()).collect(),
        Some(parent) => {
            let mut named = vec![pages[0].name.as_str()];
            if *parent != pages[0].name {
                named.push(parent);
            }
            named.extend(
                pages
                    .iter()
                    .filter(|p| p.parent.as_deref() == Some(page.name.as_str()))
                    .map(|p| p.name.as_str()),
            );
            named
        }
    };
    roff.control("SH", ["SEE ALSO"]);
    // Page names read best unbroken.
    roff.control("nh", []);
    let mut line: Vec<Inline> = Vec::new();
    for (i, name) in named.iter().enumerate() {
        line.push(bold(*name));
        line.push(roman(if i + 1 < named.len() { "(1), " } else { "(1)" }));
    }
    roff.text(line);
    roff.control("hy", []);
    if page.parent.is_some() {
        roff.control("PP", []);
        roff.text([
            roman("The exit status, environment and files are described in "),
            italic("attain"),
            roman("(1)."),
        ]);
    }
}
