//! One file per subcommand: load through the store, compute through the
//! domain, build a view, hand it to a renderer.

pub mod action;
pub mod celebrate;
pub mod completions;
pub mod export;
pub mod goal;
pub mod import;
pub mod init;
pub mod man;
pub mod period_end;
pub mod progress;
pub mod record;
pub mod report;
pub mod result;
pub mod review;
pub mod review_guide;
pub mod settings;

use std::io::Write;

use anyhow::{Result, anyhow};
use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::amount::Amount;
use crate::domain::attainment::evaluate;
use crate::domain::filter::{Filter, FilterSpec};
use crate::domain::goal::Goal;
use crate::domain::period::{Period, parse_iso_date};
use crate::render::{Format, View, Width};
use crate::store::{Document, Store};
use crate::view::GoalRow;

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

/// Finds a goal by id, or says which id was probably meant.
pub fn find_goal<'a>(document: &'a Document, id: &str) -> Result<&'a Goal> {
    document.goal(id).ok_or_else(|| unknown_goal(document, id))
}

pub fn unknown_goal(document: &Document, id: &str) -> anyhow::Error {
    let best = document
        .goals
        .iter()
        .map(|g| (strsim::jaro_winkler(id, &g.id), &g.id))
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, suggestion)) => {
            anyhow!("no goal named '{id}'; did you mean '{suggestion}'? (see `attain goal list`)")
        }
        None if document.goals.is_empty() => {
            anyhow!("no goal named '{id}'; there are no goals yet: add one with `attain goal add`")
        }
        None => anyhow!("no goal named '{id}' (see `attain goal list`)"),
    }
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

/// A goal's period, resolved with the file's settings (validated on load).
pub fn goal_period(document: &Document, goal: &Goal) -> Result<Period> {
    Period::from_label(&goal.period, document.settings.fiscal_year_start)
        .map_err(|e| anyhow!("goal '{}': {e}", goal.id))
}

/// One goal, evaluated as the report evaluates it (its celebration standing
/// depends on the owner's other goals), or "did you mean" for a wrong id.
pub fn evaluate_goal<'a>(
    document: &'a Document,
    id: &str,
    as_of: NaiveDate,
) -> Result<GoalRow<'a>> {
    let goal = find_goal(document, id)?;
    evaluate_goals(document, &FilterSpec::default(), as_of)?
        .into_iter()
        .find(|row| row.goal.id == goal.id)
        .ok_or_else(|| unknown_goal(document, id))
}

/// Evaluates every goal the filter selects, ordered by period start, owner
/// and id. Met goals carry their celebration standing, which looks at every
/// goal (a streak spans periods the filter may leave out).
pub fn evaluate_goals<'a>(
    document: &'a Document,
    spec: &FilterSpec,
    as_of: NaiveDate,
) -> Result<Vec<GoalRow<'a>>> {
    let filter: Filter = spec
        .resolve(as_of, document.settings.fiscal_year_start)
        .map_err(|e| anyhow!("--period: {e}"))?;
    let by_goal = document.results_by_goal();
    let at_risk = document.settings.at_risk.0;
    let mut all = Vec::with_capacity(document.goals.len());
    for goal in &document.goals {
        let period = goal_period(document, goal)?;
        let results = by_goal
            .get(goal.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default();
        // "As of" a date means what was known then: later results wait.
        let known = results.iter().copied().filter(|r| r.date <= as_of);
        let evaluation = evaluate(goal, &period, known, as_of, at_risk);
        all.push(GoalRow {
            goal,
            period,
            review: (evaluation.status == crate::domain::attainment::Status::Missed)
                .then(|| crate::domain::review::ReviewState::of(document.review(&goal.id))),
            evaluation,
            celebration: None,
        });
    }
    let mut standings = celebrate::standings(document, &all);
    let mut rows: Vec<GoalRow<'a>> = all
        .into_iter()
        .filter(|row| {
            filter.selects(row.goal, &row.period) && filter.selects_status(row.evaluation.status)
        })
        .map(|mut row| {
            row.celebration = standings.remove(row.goal.id.as_str());
            row
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.period.start, &a.goal.owner, &a.goal.id).cmp(&(
            b.period.start,
            &b.goal.owner,
            &b.goal.id,
        ))
    });
    Ok(rows)
}
