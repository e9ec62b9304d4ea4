//! The command line, as clap derive types and nothing else. `lib.rs` turns
//! these into plain settings before any work is done.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum, ValueHint};

use crate::domain::amount::Amount;
use crate::domain::attainment::Status;
use crate::domain::celebration::Kind;
use crate::domain::goal::{Aggregate, Direction};
use crate::domain::review::ActionStatus;
use crate::ledger::rollup::By;
use crate::ledger::trend::Every;

use crate::completion;

use crate::domain::text::echo;

/// A sales goal tracker: attainment, celebrations and reviews over one local
/// JSON file.
#[derive(Debug, Parser)]
#[command(
    name = "attain",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(
    after_help = "Start with `attain init`, add goals with `attain goal add`, record \
results with `attain record`, and read `attain report` at period end."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// The data file [default: $XDG_DATA_HOME/attain/attain.json]; repeat it to read several
    /// files as one (read-only: a command that changes a file takes one)
    #[arg(
        short = 'f',
        long,
        env = "ATTAIN_FILE",
        global = true,
        value_name = "PATH",
        value_hint = ValueHint::FilePath
    )]
    pub file: Vec<PathBuf>,

    /// The date to report as of, YYYY-MM-DD [default: today]
    #[arg(long, global = true, value_name = "DATE")]
    pub as_of: Option<String>,

    /// Output format for commands that print data
    #[arg(long, global = true, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,

    /// When to use colour (NO_COLOR is honoured under auto)
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,

    /// Never prompt; a missing answer is an error
    #[arg(long, global = true)]
    pub no_input: bool,

    /// Print only data and errors, no confirmations or hints
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Do everything but write: show what a change would do, leave the file untouched
    #[arg(long, global = true)]
    pub dry_run: bool,

    /// Show every table column in full, however wide the terminal
    #[arg(long, global = true)]
    pub wide: bool,

    /// Pseudonyms for people, teams, goals and ids, and no notes or refs:
    /// output to share outside the team (read commands only)
    #[arg(long, global = true)]
    pub anonymize: bool,

    /// Why this change is made: kept in history; needed to change the
    /// numbers of a locked period
    #[arg(long, global = true, value_name = "TEXT")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Table,
    Json,
    Csv,
    Markdown,
    /// JSON Lines, for `attain export` only
    Jsonl,
    /// One self-contained page, for `attain period-end` only
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the data file with its settings
    Init(InitArgs),
    /// Add, list, show, edit, remove, roll and import goals
    #[command(subcommand)]
    Goal(GoalCommand),
    /// Record a result: for a goal, or for an owner and a metric
    Record(RecordArgs),
    /// List, correct or remove results
    #[command(subcommand)]
    Result(ResultCommand),
    /// Attainment of every goal: actual vs target, gap, pace and status
    Report(ReportArgs),
    /// The report as if some results were recorded today, with what
    /// changes; nothing is written
    WhatIf(WhatIfArgs),
    /// Owners ranked by attainment, with how many are at quota, the median
    /// and the spread in bands
    #[command(alias = "board")]
    Leaderboard(LeaderboardArgs),
    /// One owner's attainment over consecutive periods, with the change and
    /// a sparkline
    Trend(TrendArgs),
    /// Celebrate met targets: suggestions, message drafts and a log of what was done
    Celebrate(CelebrateArgs),
    /// Learn from missed targets: the guided four-step review
    Review(ReviewArgs),
    /// List and update the actions of review plans
    #[command(subcommand)]
    Action(ActionCommand),
    /// Step 4 in numbers: are the review plans working?
    Progress(ProgressArgs),
    /// The period-end packet: attainment, celebrations, reviews and open actions
    PeriodEnd(PeriodEndArgs),
    /// What a goal still needs to be met and to earn the event and bonus
    /// tiers, per remaining day and week (for at-most goals, the headroom)
    Need(NeedArgs),
    /// Add, list and change the people who own goals and results
    #[command(subcommand)]
    Person(PersonCommand),
    /// Add, list, show and change teams: people and teams whose results roll up
    #[command(subcommand)]
    Team(TeamCommand),
    /// Show or change the file's settings (currency, fiscal year, thresholds, tiers)
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Import results from CSV or JSON Lines (CRM exports too), or restore a JSON backup
    Import(ImportArgs),
    /// Who changed what and when, newest first
    History(HistoryArgs),
    /// Revert the last change not yet undone, or change SEQ alone
    Undo(UndoArgs),
    /// Apply again the change the last undo reverted
    Redo,
    /// Lock a period's numbers after the period-end meeting, or unlock them
    #[command(subcommand)]
    Period(PeriodCommand),
    /// Export a JSON backup, or the results as CSV or JSON Lines
    Export(ExportArgs),
    /// Share the data file through git: set up the record-by-record merge
    #[command(subcommand)]
    Git(GitCommand),
    /// Merge three versions of a data file record by record (git runs this;
    /// see `attain git setup`)
    MergeDriver(MergeDriverArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Print the man page
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Currency code for revenue goals, e.g. USD, EUR
    #[arg(long)]
    pub currency: Option<String>,
    /// Month (1-12) in which the fiscal year starts
    #[arg(long, value_name = "MONTH")]
    pub fiscal_year_start: Option<String>,
    /// Projected attainment ratio at or above which an open goal is "at risk"
    #[arg(long, value_name = "RATIO")]
    pub at_risk: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum GoalCommand {
    /// Add a goal
    Add(GoalAddArgs),
    /// List goals
    #[command(alias = "ls")]
    List(FilterArgs),
    /// Show one goal with its results and attainment
    Show(GoalShowArgs),
    /// Every revision of a goal's target and stretch: from, to, when, who, why
    History(GoalShowArgs),
    /// Change a goal
    Edit(GoalEditArgs),
    /// Remove goals (goals with results need --force)
    #[command(alias = "rm")]
    Remove(GoalRemoveArgs),
    /// Copy goals into another period, optionally adjusting the targets
    Roll(GoalRollArgs),
    /// Create or update goals in bulk from a quota plan (CSV or JSON Lines:
    /// owner, metric, period, target[, stretch, title, tags, id, unit,
    /// direction, aggregate])
    Import(GoalImportArgs),
}

#[derive(Debug, Args)]
pub struct GoalImportArgs {
    /// The plan: a CSV or JSON Lines file, or - for stdin
    #[arg(value_hint = ValueHint::FilePath)]
    pub source: std::path::PathBuf,
    /// Change goals that exist with other values (without it, such a row is
    /// refused and nothing is imported)
    #[arg(long)]
    pub update: bool,
}

#[derive(Debug, Args)]
pub struct GoalAddArgs {
    /// Goal id [default: derived from owner, metric and period]
    pub id: Option<String>,
    /// Target, e.g. 250000, 250k, 1.2M
    #[arg(long, allow_hyphen_values = true)]
    pub target: String,
    /// Period, e.g. 2026-Q3, 2026-11, FY2027, this-quarter
    #[arg(long, add = completion::periods())]
    pub period: String,
    /// Metric; presets: revenue, new-customers, deals-won, csat, churn
    #[arg(long, default_value = "revenue", add = completion::metrics())]
    pub metric: String,
    /// A rep or a team
    #[arg(long, default_value = "team", add = completion::owners())]
    pub owner: String,
    /// Title [default: OWNER METRIC PERIOD]
    #[arg(long)]
    pub title: Option<String>,
    /// Unit [default: from the metric preset, else count]
    #[arg(long)]
    pub unit: Option<String>,
    /// Stretch target
    #[arg(long, allow_hyphen_values = true)]
    pub stretch: Option<String>,
    /// at-least (default) or at-most, e.g. for churn [default: from the metric preset]
    #[arg(long, value_enum)]
    pub direction: Option<Direction>,
    /// How results combine into the actual [default: from the metric preset, else sum]
    #[arg(long, value_enum)]
    pub aggregate: Option<Aggregate>,
    /// A tag (repeatable)
    #[arg(long = "tag", value_name = "TAG", add = completion::tags())]
    pub tags: Vec<String>,
}

#[derive(Debug, Args)]
pub struct GoalShowArgs {
    #[arg(add = completion::goal_ids())]
    pub id: String,
}

#[derive(Debug, Args)]
pub struct GoalEditArgs {
    #[arg(add = completion::goal_ids())]
    pub id: String,
    /// New title
    #[arg(long)]
    pub title: Option<String>,
    /// New owner
    #[arg(long, add = completion::owners())]
    pub owner: Option<String>,
    /// New metric (the unit, aggregate and direction stay as they are)
    #[arg(long, add = completion::metrics())]
    pub metric: Option<String>,
    /// New unit
    #[arg(long)]
    pub unit: Option<String>,
    /// New target
    #[arg(long, allow_hyphen_values = true)]
    pub target: Option<String>,
    #[arg(long, conflicts_with = "no_stretch", allow_hyphen_values = true)]
    pub stretch: Option<String>,
    /// Remove the stretch target
    #[arg(long)]
    pub no_stretch: bool,
    /// New period (refused while a result would fall outside it)
    #[arg(long, add = completion::periods())]
    pub period: Option<String>,
    /// at-least or at-most
    #[arg(long, value_enum)]
    pub direction: Option<Direction>,
    /// How results combine into the actual
    #[arg(long, value_enum)]
    pub aggregate: Option<Aggregate>,
    /// Add a tag (repeatable)
    #[arg(long = "tag", value_name = "TAG", add = completion::tags())]
    pub tags: Vec<String>,
    /// Remove a tag (repeatable)
    #[arg(long = "untag", value_name = "TAG", add = completion::tags())]
    pub untags: Vec<String>,
}

#[derive(Debug, Args)]
pub struct GoalRemoveArgs {
    #[arg(required = true, add = completion::goal_ids())]
    pub ids: Vec<String>,
    /// Also remove the goals' results
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct GoalRollArgs {
    /// Goals to roll; or none, and the filters say which
    #[arg(add = completion::goal_ids())]
    pub ids: Vec<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The period to roll into, e.g. 2026-Q4
    #[arg(long, add = completion::roll_periods())]
    pub to: String,
    /// Change the targets, e.g. +10%, -5%, +20k
    #[arg(long, allow_hyphen_values = true)]
    pub adjust: Option<String>,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only changes to this goal or to what counts toward it
    #[arg(long, add = completion::goal_ids())]
    pub goal: Option<String>,
    /// Only changes made on or after this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// At most this many changes, the newest
    #[arg(long, short = 'n', value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct UndoArgs {
    /// The number of one older change to revert alone (see `attain history`)
    /// [default: the last change not yet undone]
    #[arg(value_name = "SEQ")]
    pub seq: Option<u64>,
}

#[derive(Debug, Subcommand)]
pub enum PeriodCommand {
    /// Lock a period: changes to its numbers then need --reason
    Lock(PeriodArgs),
    /// Unlock a period (needs --reason)
    Unlock(PeriodArgs),
    /// List the locked periods
    #[command(alias = "ls")]
    List,
}

#[derive(Debug, Args)]
pub struct PeriodArgs {
    /// A period: 2026-Q3, 2026-11, FY2027, last-quarter, …
    pub period: String,
}

#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// Add a person
    Add(PersonAddArgs),
    /// List people with their teams and how many goals they own
    #[command(alias = "ls")]
    List,
    /// Change a person's name or email, or their id everywhere it appears
    Edit(PersonEditArgs),
}

#[derive(Debug, Args)]
pub struct PersonAddArgs {
    /// An id such as maria-chen, or a name such as "Maria Chen" (the id is
    /// made from it)
    pub id: String,
    /// The name tables and drafts show [default: ID as typed]
    #[arg(long)]
    pub name: Option<String>,
    /// An email address
    #[arg(long)]
    pub email: Option<String>,
}

#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("change")
        .args(["name", "email", "no_email", "rename"])
        .required(true)
        .multiple(true)
))]
pub struct PersonEditArgs {
    /// The person, by id or name
    #[arg(add = completion::owners())]
    pub id: String,
    /// A new name
    #[arg(long)]
    pub name: Option<String>,
    /// A new email address
    #[arg(long, conflicts_with = "no_email")]
    pub email: Option<String>,
    /// Forget the email address
    #[arg(long)]
    pub no_email: bool,
    /// A new id; goals, results and team memberships follow it (goal ids
    /// and titles stay as they are)
    #[arg(long, value_name = "NEW_ID")]
    pub rename: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Add a team of people and other teams
    Add(TeamAddArgs),
    /// List teams with their member counts and the teams above them
    #[command(alias = "ls")]
    List,
    /// Show a team: its members, everyone whose results count for it, and its goals
    Show(TeamShowArgs),
    /// Rename a team, or add and remove members, from a date if given
    Edit(TeamEditArgs),
}

#[derive(Debug, Args)]
pub struct TeamAddArgs {
    /// An id such as east, or a name such as "East Coast" (the id is made
    /// from it)
    pub id: String,
    /// The name tables show [default: ID as typed]
    #[arg(long)]
    pub name: Option<String>,
    /// A member: a person or a team, by id or name (repeatable)
    #[arg(long = "member", value_name = "ID", add = completion::owners())]
    pub members: Vec<String>,
}

#[derive(Debug, Args)]
pub struct TeamShowArgs {
    /// The team, by id or name
    #[arg(add = completion::teams())]
    pub id: String,
}

#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("change")
        .args(["add", "remove", "name"])
        .required(true)
        .multiple(true)
))]
pub struct TeamEditArgs {
    /// The team, by id or name
    #[arg(add = completion::teams())]
    pub id: String,
    /// Add a member, a person or a team (repeatable)
    #[arg(long = "add", value_name = "ID", add = completion::owners())]
    pub add: Vec<String>,
    /// Remove a member (repeatable); with --from, end the membership on that date instead
    #[arg(long = "remove", value_name = "ID", add = completion::owners())]
    pub remove: Vec<String>,
    /// YYYY-MM-DD: an added member's results count from this date; a removed
    /// member's results before it still count
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// A new name
    #[arg(long)]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct RecordArgs {
    /// The goal's id: it gives owner and metric (leave it out with --owner
    /// and --metric)
    #[arg(
        value_name = "GOAL",
        allow_negative_numbers = true,
        add = completion::goal_ids()
    )]
    pub goal: String,
    /// The value, e.g. 12500, 12.5k
    #[arg(allow_hyphen_values = true)]
    pub value: Option<String>,
    /// Whose result it is (a person or team, by id or name), for a result
    /// with no goal in mind
    #[arg(long, requires = "metric", add = completion::owners())]
    pub owner: Option<String>,
    /// The metric of a result recorded with --owner, e.g. revenue
    #[arg(long, requires = "owner", add = completion::metrics())]
    pub metric: Option<String>,
    /// The result's date, YYYY-MM-DD [default: the as-of date]
    #[arg(long)]
    pub date: Option<String>,
    /// A note, e.g. the customer or the deal
    #[arg(long)]
    pub note: Option<String>,
    /// External id, e.g. a CRM deal number; recording it twice adds it once
    #[arg(long = "ref", value_name = "REF")]
    pub reference: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ResultCommand {
    /// List results, of one goal or of the goals the filters select
    #[command(alias = "ls")]
    List(ResultListArgs),
    /// Remove results by id
    #[command(alias = "rm")]
    Remove(ResultRemoveArgs),
    /// Correct a result: its value, date or note
    Edit(ResultEditArgs),
}

#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("change")
        .required(true)
        .multiple(true)
        .args(["value", "date", "note"])
))]
pub struct ResultEditArgs {
    /// The result's id, or a unique prefix of at least 4 characters
    #[arg(add = completion::result_ids())]
    pub id: String,
    /// The corrected value, e.g. 12500, 12.5k
    #[arg(long, allow_hyphen_values = true)]
    pub value: Option<String>,
    /// The corrected date, YYYY-MM-DD
    #[arg(long)]
    pub date: Option<String>,
    /// A new note (an empty one removes it)
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct ResultListArgs {
    #[arg(add = completion::goal_ids())]
    pub goal: Option<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Debug, Args)]
pub struct ResultRemoveArgs {
    #[arg(required = true, add = completion::result_ids())]
    pub ids: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Group the goals, with a subtotal row per group: owner, team (the
    /// teams at the top of the org), metric or period
    #[arg(long, value_name = "GROUP")]
    pub by: Option<By>,
    /// Exit 3 when a goal is missed or behind
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct WhatIfArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// A result assumed recorded today for a goal's owner and metric, e.g.
    /// east-q4=+25k, or east-q4=-5k for a lost deal (repeatable)
    #[arg(
        long = "assume",
        value_name = "GOAL=AMOUNT",
        required = true,
        value_parser = parse_assumption,
        add = completion::assumptions()
    )]
    pub assumptions: Vec<Assumption>,
    /// Group the goals, with a subtotal row per group, as `report --by`
    #[arg(long, value_name = "GROUP")]
    pub by: Option<By>,
}

/// `--assume GOAL=AMOUNT`: the goal as typed, the amount parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Assumption {
    pub goal: String,
    pub amount: Amount,
}

fn parse_assumption(text: &str) -> Result<Assumption, String> {
    let (goal, amount) = text
        .split_once('=')
        .ok_or_else(|| format!("write GOAL=AMOUNT, e.g. east-q4=+25k, not '{}'", echo(text)))?;
    let goal = goal.trim();
    if goal.is_empty() {
        return Err(format!(
            "no goal before '='; write GOAL=AMOUNT, e.g. east-q4={}",
            echo(amount)
        ));
    }
    let amount = amount
        .parse::<Amount>()
        .map_err(|e| format!("the amount for '{}': {e}", echo(goal)))?;
    Ok(Assumption {
        goal: goal.to_string(),
        amount,
    })
}

#[derive(Debug, Args)]
pub struct NeedArgs {
    /// The goals; without any, every goal the filters select
    #[arg(add = completion::goal_ids())]
    pub goals: Vec<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Debug, Args)]
pub struct TrendArgs {
    /// A person or team, by id or name
    #[arg(add = completion::owners())]
    pub owner: String,
    /// The metric
    #[arg(long, default_value = "revenue", add = completion::metrics())]
    pub metric: String,
    /// How many periods, ending with the one holding the as-of date
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub periods: usize,
    /// The length of each period
    #[arg(long, default_value = "quarter")]
    pub every: Every,
}

#[derive(Debug, Args)]
pub struct LeaderboardArgs {
    /// The period of the goals ranked, exactly (a year goal is not ranked in
    /// a quarter) [default: this-quarter]
    #[arg(long, add = completion::periods())]
    pub period: Option<String>,
    /// The metric of the goals ranked
    #[arg(long, default_value = "revenue", add = completion::metrics())]
    pub metric: String,
    /// Only the people (or teams) in this team
    #[arg(long, add = completion::teams())]
    pub team: Option<String>,
    /// Show the first N ranks (the statistics count everyone)
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Rank teams instead of people
    #[arg(long)]
    pub teams: bool,
}

#[derive(Debug, Args)]
pub struct CelebrateArgs {
    /// One goal; without it, every met goal the filters select
    #[arg(add = completion::goal_ids())]
    pub goal: Option<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Print a ready-to-send congratulatory message for GOAL
    #[arg(long, requires = "goal", conflicts_with_all = ["log", "history"])]
    pub draft: bool,
    /// Log what was done to celebrate GOAL, e.g. "Team dinner at Luigi's"
    #[arg(
        long,
        value_name = "TEXT",
        requires = "goal",
        conflicts_with = "history"
    )]
    pub log: Option<String>,
    /// What kind of celebration the log entry is
    #[arg(long, value_enum, requires = "log")]
    pub kind: Option<Kind>,
    /// The date of the logged celebration [default: the as-of date]
    #[arg(long, requires = "log")]
    pub date: Option<String>,
    /// Who was recognised, how and how often; flags owners never recognised
    #[arg(long, conflicts_with = "goal")]
    pub history: bool,
    /// With --history: how many recent closed periods the fairness flag looks at
    #[arg(long, value_name = "N", default_value_t = 4, requires = "history")]
    pub periods: usize,
    /// Exit 3 while a met goal of a closed period has no logged celebration
    #[arg(long, conflicts_with_all = ["draft", "log"])]
    pub check: bool,
    /// Remove a logged celebration by its entry id, or a unique prefix of at
    /// least 4 characters (see --history)
    #[arg(
        long,
        value_name = "ENTRY",
        conflicts_with_all = ["goal", "draft", "log", "history", "check"],
        add = completion::celebration_ids()
    )]
    pub remove: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Show the settings
    Show,
    /// Change one setting: currency, fiscal-year-start, at-risk, tiers.event,
    /// tiers.bonus, tiers.streak, pace (calendar or business) or workdays
    /// (mon-fri, or a list such as mon,tue,wed,thu,fri,sat)
    Set(SettingsSetArgs),
    /// Add, remove or list the holidays business-day pace leaves out
    #[command(subcommand)]
    Holiday(HolidayCommand),
}

#[derive(Debug, Args)]
pub struct SettingsSetArgs {
    /// currency, fiscal-year-start, at-risk, tiers.event, tiers.bonus,
    /// tiers.streak, pace, workdays
    pub key: String,
    pub value: String,
}

#[derive(Debug, Subcommand)]
pub enum HolidayCommand {
    /// Add a holiday: a day that is not a working day
    Add(HolidayAddArgs),
    /// Remove a holiday
    Remove(HolidayRemoveArgs),
    /// List the holidays by date
    List,
}

#[derive(Debug, Args)]
pub struct HolidayAddArgs {
    /// The date, YYYY-MM-DD
    pub date: String,
    /// What the day is called ("Christmas")
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct HolidayRemoveArgs {
    /// The date, YYYY-MM-DD
    pub date: String,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ReviewArgs {
    #[command(subcommand)]
    pub show: Option<ReviewCommand>,
    /// The missed goal to review; without it, the missed goals and their
    /// review state
    #[arg(add = completion::goal_ids())]
    pub goal: Option<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Step 1: a cause category (repeatable or comma-separated): pipeline,
    /// conversion, deal-size, sales-cycle, activity, staffing, market,
    /// product, target, other
    #[arg(
        long = "cause",
        value_name = "CAUSE",
        value_delimiter = ',',
        requires = "goal",
        add = completion::causes()
    )]
    pub causes: Vec<String>,
    /// Step 1: what happened, in a sentence or two
    #[arg(long, value_name = "TEXT", requires = "goal")]
    pub why: Option<String>,
    /// Step 2: an area for improvement (repeatable)
    #[arg(long = "improve", value_name = "AREA", requires = "goal")]
    pub improvements: Vec<String>,
    /// Step 3: an action, "TEXT; owner=O; due=DATE; measure=M" (repeatable)
    #[arg(long = "action", value_name = "ACTION", requires = "goal")]
    pub actions: Vec<String>,
    /// Step 4: the goal that shows whether the plan works, or "next" to roll
    /// the missed goal into the next period
    #[arg(long, value_name = "GOAL", requires = "goal", add = completion::follow_up())]
    pub follow_up: Option<String>,
    /// Step 4: when to check in on progress, YYYY-MM-DD
    #[arg(long, value_name = "DATE", requires = "goal")]
    pub check_in: Option<String>,
    /// All answers as a JSON document (see the README), from a file or - for stdin
    #[arg(long, value_name = "FILE", requires = "goal", value_hint = ValueHint::FilePath)]
    pub from: Option<String>,
    /// Exit 3 while a missed goal's review is not complete
    #[arg(long, conflicts_with = "goal")]
    pub check: bool,
}

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// The review of a goal as a document to share
    Show(ReviewShowArgs),
}

#[derive(Debug, Args)]
pub struct ReviewShowArgs {
    #[arg(add = completion::goal_ids())]
    pub goal: String,
}

#[derive(Debug, Subcommand)]
pub enum ActionCommand {
    /// Actions of every review plan
    #[command(alias = "ls")]
    List(ActionListArgs),
    /// Change an action's status, with an optional note
    Update(ActionUpdateArgs),
}

#[derive(Debug, Args)]
pub struct ActionListArgs {
    /// Only actions not done
    #[arg(long)]
    pub open: bool,
    /// Only actions past their due date and not done
    #[arg(long)]
    pub overdue: bool,
    /// Only actions of this owner
    #[arg(long, add = completion::action_owners())]
    pub owner: Option<String>,
    #[command(flatten)]
    pub goals: GoalFilterArgs,
}

/// The goal filters of a listing whose rows are not goals (actions, review
/// progress): which reviewed goals to look at.
#[derive(Debug, Args, Default)]
pub struct GoalFilterArgs {
    /// Only reviews of goals whose period lies within this period
    #[arg(long, add = completion::periods())]
    pub period: Option<String>,
    /// Only reviews of goals whose owner lies in this team
    #[arg(long, add = completion::teams())]
    pub team: Option<String>,
    /// Only reviews of goals of this metric
    #[arg(long, add = completion::metrics())]
    pub metric: Option<String>,
    /// Only reviews of goals with this tag
    #[arg(long, add = completion::tags())]
    pub tag: Option<String>,
}

#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("change")
        .required(true)
        .multiple(true)
        .args(["status", "due", "owner", "text", "note"])
))]
pub struct ActionUpdateArgs {
    /// The action's id, or a unique prefix of at least 4 characters (see
    /// `attain action list`)
    #[arg(add = completion::action_ids())]
    pub id: String,
    /// Where the action stands now
    #[arg(long, value_enum)]
    pub status: Option<ActionStatus>,
    /// Reschedule: the new due date, YYYY-MM-DD
    #[arg(long)]
    pub due: Option<String>,
    /// Reassign: who carries it out
    #[arg(long, add = completion::action_owners())]
    pub owner: Option<String>,
    /// Reword: what is to be done
    #[arg(long)]
    pub text: Option<String>,
    /// A check-in note
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// A reviewed goal; without it, every review with an action plan
    #[arg(add = completion::goal_ids())]
    pub goal: Option<String>,
    /// Only reviews of goals of this owner (a person or team)
    #[arg(long, add = completion::owners())]
    pub owner: Option<String>,
    #[command(flatten)]
    pub goals: GoalFilterArgs,
    /// Exit 3 while an action is overdue
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct PeriodEndArgs {
    /// The period, e.g. 2026-Q3, last-quarter
    #[arg(add = completion::periods())]
    pub period: String,
    /// Only this owner's goals
    #[arg(long, add = completion::owners())]
    pub owner: Option<String>,
    /// Exit 3 while a review is pending, a met goal is uncelebrated or an
    /// action is overdue
    #[arg(long)]
    pub check: bool,
}

/// The filters every listing command shares.
#[derive(Debug, Args, Default)]
pub struct FilterArgs {
    /// Only goals whose period lies within this period
    #[arg(long, add = completion::periods())]
    pub period: Option<String>,
    /// Only goals of this owner (a person or team, by id or name)
    #[arg(long, add = completion::owners())]
    pub owner: Option<String>,
    /// Only goals whose owner lies in this team: its own, its members' and
    /// its sub-teams'
    #[arg(long, add = completion::teams())]
    pub team: Option<String>,
    /// Only goals of this metric
    #[arg(long, add = completion::metrics())]
    pub metric: Option<String>,
    /// Only goals with this tag
    #[arg(long, add = completion::tags())]
    pub tag: Option<String>,
    /// Only goals with these statuses (comma-separated or repeated)
    #[arg(long, value_enum, value_delimiter = ',')]
    pub status: Vec<Status>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Rows are validated like `attain record`; one bad row stops the import \
and nothing is written. Rows already recorded (the same goal and ref; without a ref, the same \
goal, date, value and note) are skipped, so re-running an import is safe. Example (a Salesforce export): attain import deals.csv --metric revenue \
--map goal=\"Opportunity Owner\" --map value=Amount --map date=\"Close Date\" \
--map ref=\"Opportunity ID\" --map note=\"Opportunity Name\" --where \"Stage=Closed Won\" \
--date-format %m/%d/%Y"
)]
pub struct ImportArgs {
    /// The file to read, or - for stdin
    #[arg(value_name = "FILE|-", value_hint = ValueHint::FilePath)]
    pub source: PathBuf,
    /// How to read the rows [default: a JSON backup is recognised by its content; else by the
    /// extension (.csv, .jsonl, .ndjson); else JSON Lines when the input starts with {, or CSV]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormatArg>,
    /// Read a field from another column: goal, date, value, note or ref = a header, e.g.
    /// --map value=Amount (headers match without regard to case; repeatable)
    #[arg(long = "map", value_name = "FIELD=HEADER", value_parser = parse_column_map)]
    pub maps: Vec<ColumnMap>,
    /// Keep only rows where a column equals (=) or differs from (!=) a value, e.g.
    /// --where "Stage=Closed Won" (repeatable; all must hold)
    #[arg(long = "where", value_name = "HEADER=VALUE", value_parser = parse_row_filter)]
    pub wheres: Vec<RowFilter>,
    /// The goal column holds an owner: each row goes to that owner's goal of this metric
    /// whose period holds the row's date
    #[arg(long, add = completion::metrics())]
    pub metric: Option<String>,
    /// How dates are written, in strftime form, e.g. %m/%d/%Y [default: %Y-%m-%d]
    #[arg(long, value_name = "FORMAT")]
    pub date_format: Option<String>,
    /// The character between CSV columns, e.g. ';' or '|'; a tab is tab or \t [default: a tab
    /// for .tsv files, else ,]
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    Csv,
    Jsonl,
}

/// `--map FIELD=HEADER`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMap {
    pub field: String,
    pub header: String,
}

/// `--where HEADER=VALUE` or `HEADER!=VALUE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowFilter {
    pub header: String,
    pub equals: bool,
    pub value: String,
}

const IMPORT_FIELDS: [&str; 6] = ["goal", "owner", "date", "value", "note", "ref"];

fn parse_column_map(text: &str) -> Result<ColumnMap, String> {
    let (field, header) = text
        .split_once('=')
        .ok_or_else(|| format!("write FIELD=HEADER, e.g. value=Amount, not '{text}'"))?;
    let field = field.trim().to_ascii_lowercase();
    if !IMPORT_FIELDS.contains(&field.as_str()) {
        return Err(format!(
            "'{field}' is not a field; map one of goal, date, value, note, ref (owner is goal)"
        ));
    }
    let header = header.trim();
    if header.is_empty() {
        return Err(format!("no header after '{field}='; e.g. {field}=Amount"));
    }
    let field = if field == "owner" {
        "goal".into()
    } else {
        field
    };
    Ok(ColumnMap {
        field,
        header: header.to_string(),
    })
}

/// `--delimiter`: one ASCII character, or a tab written `tab` or `\t`.
fn parse_delimiter(text: &str) -> Result<u8, String> {
    const EXAMPLE: &str = "give one character, e.g. ';', '|' or tab";
    if text.eq_ignore_ascii_case("tab") || text == "\\t" {
        return Ok(b'\t');
    }
    match text.as_bytes() {
        [] => Err(format!("the delimiter is empty; {EXAMPLE}")),
        [b'"' | b'\n' | b'\r'] => Err(format!(
            "a quote or a line break cannot separate columns; {EXAMPLE}"
        )),
        [byte] => Ok(*byte),
        _ => Err(format!(
            "{:?} is not a single ASCII character; {EXAMPLE}",
            echo(text)
        )),
    }
}

fn parse_row_filter(text: &str) -> Result<RowFilter, String> {
    let (header, equals, value) = match text.split_once('=') {
        Some((head, value)) => match head.strip_suffix('!') {
            Some(head) => (head, false, value),
            None => (head, true, value),
        },
        None => {
            return Err(format!(
                "write HEADER=VALUE or HEADER!=VALUE, e.g. \"Stage=Closed Won\", not '{text}'"
            ));
        }
    };
    let header = header.trim();
    if header.is_empty() {
        return Err(format!("no column name before '=' in '{text}'"));
    }
    Ok(RowFilter {
        header: header.to_string(),
        equals,
        value: value.trim().to_string(),
    })
}

#[derive(Debug, Args)]
#[command(
    after_help = "With no --format (or --format table) the export is the JSON backup. \
A backup holds the settings and the selected goals with their results and celebrations; \
`attain import` restores it. CSV and JSON Lines hold the results only, with the columns \
goal,date,value,note,ref that `attain import` reads back."
)]
pub struct ExportArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A subcommand's page instead, e.g. import or goal-add
    #[arg(value_name = "COMMAND")]
    pub name: Option<String>,
    /// Write attain.1 and a page for every subcommand into DIR, and list them
    #[arg(long, value_name = "DIR", conflicts_with = "name", value_hint = ValueHint::DirPath)]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum GitCommand {
    /// Have git merge the data file record by record (.gitattributes and
    /// this repository's git config); run once in each clone
    Setup(GitSetupArgs),
}

#[derive(Debug, Args)]
pub struct GitSetupArgs {
    /// The data files git should merge so [default: the data file]
    #[arg(value_name = "PATH", value_hint = ValueHint::FilePath)]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// The common ancestor's version (git's %O)
    #[arg(value_name = "BASE", value_hint = ValueHint::FilePath)]
    pub base: PathBuf,
    /// Our version (git's %A); the merge is written here
    #[arg(value_name = "OURS", value_hint = ValueHint::FilePath)]
    pub ours: PathBuf,
    /// Their version (git's %B)
    #[arg(value_name = "THEIRS", value_hint = ValueHint::FilePath)]
    pub theirs: PathBuf,
    /// The file's path in the repository, for messages (git's %P)
    #[arg(value_name = "PATH")]
    pub path: Option<String>,
    /// The length of conflict markers (git's %L)
    #[arg(long, value_name = "N", default_value_t = 7, value_parser = clap::value_parser!(u8).range(7..=64))]
    pub marker_size: u8,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn a_delimiter_is_one_byte_or_a_named_tab() {
        for (text, byte) in [
            (";", b';'),
            ("|", b'|'),
            (",", b','),
            ("tab", b'\t'),
            ("TAB", b'\t'),
            ("\\t", b'\t'),
            ("\t", b'\t'),
        ] {
            assert_eq!(parse_delimiter(text), Ok(byte), "{text:?}");
        }
        for text in ["", ";;", "\\n", "§", "\"", "\n", "\r"] {
            let err = parse_delimiter(text).unwrap_err();
            assert!(
                err.ends_with("give one character, e.g. ';', '|' or tab"),
                "{err}"
            );
        }
    }
}

/// The domain's enums are the values of their flags: their names are
/// written once, in the domain, and clap lists and parses them.
macro_rules! value_enum {
    ($($ty:ty),+ $(,)?) => {
        $(
            impl ValueEnum for $ty {
                fn value_variants<'a>() -> &'a [Self] {
                    &<$ty>::ALL
                }

                fn to_possible_value(&self) -> Option<PossibleValue> {
                    Some(PossibleValue::new(self.name()))
                }
            }
        )+
    };
}

value_enum!(Direction, Aggregate, Status, Kind, ActionStatus, By, Every);
