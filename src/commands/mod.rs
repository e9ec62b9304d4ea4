//! One file per subcommand: parse, load through the store, compute through
//! the core ([`crate::ledger`]), build a view, hand it to a renderer.

pub mod action;
pub mod celebrate;
pub mod completions;
pub mod export;
pub mod git;
pub mod goal;
pub mod goal_import;
pub mod history;
pub mod import;
pub mod init;
pub mod input;
pub mod leaderboard;
pub mod man;
pub mod merge_driver;
pub mod need;
pub mod period_end;
pub mod person;
pub mod progress;
pub mod record;
pub mod report;
pub mod result;
pub mod review;
pub mod review_guide;
pub mod settings;
pub mod team;
pub mod trend;
pub mod what_if;

use std::io::Write;

use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::amount::Amount;
use crate::domain::period::{Period, parse_iso_date};
pub use crate::ledger::{evaluate_goal, evaluate_goals, find_goal, goal_period, unknown_goal};
use crate::render::{Format, View, Width};
use crate::store::{Document, Store};

/// What a command needs from the outside world, read once at the edge.
#[derive(Clone)]
pub struct Context {
    pub store: Store,
    /// "Today" for every calculation.
    pub as_of: NaiveDate,
    /// The clock, for creation times only.
    pub now: DateTime<Utc>,
    pub format: Format,
    /// How wide tables may be.
    pub width: Width,
    pub no_input: bool,
    pub quiet: bool,
    /// `ATTAIN_SEED`: new ids (of results, celebrations and actions)
    /// follow from it and the file, for repeatable examples; `None` draws
    /// them at random.
    pub seed: Option<u64>,
}

impl Context {
    /// The source of the random bits of new result ids, for a document
    /// holding `results` results.
    pub fn id_source(&self, results: usize) -> impl FnMut() -> u64 + use<> {
        crate::ledger::results::id_source(self.seed, results)
    }

    /// New ids of logged celebrations or review actions, for a document
    /// holding `count` of them.
    pub fn new_ids(
        &self,
        kind: crate::ledger::ids::Kind,
        count: usize,
    ) -> crate::ledger::ids::NewIds {
        crate::ledger::ids::NewIds::new(self.seed, kind, count)
    }
}

/// How a command that succeeded wants the process to end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Success,
    /// A `--check` found something to act on (exit code 3).
    CheckFailed,
    /// The person stopped an interactive command with Ctrl+C (exit code
    /// 130); what was finished is saved.
    Interrupted,
}

impl Context {
    /// Renders a view in the chosen format to stdout.
    pub fn show(&self, view: &dyn View) -> Result<()> {
        let text = self.format.renderer(self.width).render(view)?;
        print_stdout(&text)
    }

    /// A confirmation for people ("Recorded ..."): only in table format,
    /// never with `--quiet`.
    pub fn confirm(&self, message: &str) -> Result<()> {
        if self.format == Format::Table && !self.quiet {
            print_stdout(&format!("{message}\n"))?;
        }
        Ok(())
    }
}

/// Writes to stdout through anstream, which strips colour where it is not
/// wanted.
pub fn print_stdout(text: &str) -> Result<()> {
    let mut out = anstream::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Writes conversation (prompts' context) to stderr, colour as for stdout.
pub fn print_stderr(text: &str) -> Result<()> {
    let mut out = anstream::stderr().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Parses an amount typed for a flag, naming the flag in the error.
pub fn parse_amount(flag: &str, text: &str) -> Result<Amount> {
    text.parse::<Amount>().map_err(|e| anyhow!("{flag}: {e}"))
}

/// Parses a target or stretch: an amount that is not negative.
pub fn parse_target(flag: &str, text: &str) -> Result<Amount> {
    let amount = parse_amount(flag, text)?;
    if amount.is_negative() {
        return Err(anyhow!(
            "{flag}: '{text}' is negative; targets are 0 or more"
        ));
    }
    Ok(amount)
}

/// Parses a `YYYY-MM-DD` date typed for a flag.
pub fn parse_date(flag: &str, text: &str) -> Result<NaiveDate> {
    parse_iso_date(text.trim()).ok_or_else(|| {
        anyhow!(
            "{flag}: '{}' is not a valid date; write YYYY-MM-DD, e.g. 2026-11-27",
            crate::domain::text::echo(text)
        )
    })
}

/// Resolves a period label typed for a flag.
pub fn parse_period(flag: &str, text: &str, ctx: &Context, document: &Document) -> Result<Period> {
    Period::parse(text, ctx.as_of, document.settings.fiscal_year_start)
        .map_err(|e| anyhow!("{flag}: {e}"))
}

/// A month typed for `--fiscal-year-start`: 1 to 12, or a name.
pub fn parse_month(text: &str) -> Result<u32> {
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = text.trim().to_ascii_lowercase();
    if let Ok(n) = lower.parse::<u32>() {
        if (1..=12).contains(&n) {
            return Ok(n);
        }
    } else if let Some(i) = lower
        .get(..3)
        .and_then(|prefix| NAMES.iter().position(|n| *n == prefix))
    {
        return Ok(i as u32 + 1);
    }
    bail!("--fiscal-year-start: '{text}' is not a month; write 1 to 12 or a name such as April")
}
