//! attain: a command-line sales goal tracker.
//!
//! Data flows one way: [`cli`] → [`commands`] → ([`store`] load) →
//! [`domain`] → [`view`] → [`render`] → stdout; writes go back through
//! [`store`] only.

pub mod cli;
pub mod commands;
pub mod completion;
pub mod domain;
pub mod ledger;
pub mod render;
pub mod store;
pub mod view;

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Result, bail};
use chrono::{Local, SubsecRound, Utc};

use crate::cli::{
    ActionCommand, CelebrateArgs, Cli, ColorArg, Command, FilterArgs, FormatArg, GitCommand,
    GoalCommand, HolidayCommand, ImportArgs, InputFormatArg, PeriodCommand, PersonCommand,
    ResultCommand, ReviewArgs, ReviewCommand, SettingsCommand, TeamCommand,
};
use crate::commands::export::ExportFormat;
use crate::commands::goal::{GoalEdit, NewGoal};
use crate::commands::import::ImportSpec;
use crate::commands::import::source::{InputFormat, RowTest};
use crate::commands::record::{NewRecord, RecordFor};
use crate::commands::{Context, Exit};
use crate::domain::celebration::Kind;
use crate::domain::filter::FilterSpec;
use crate::render::Format;
use crate::store::Store;

pub use crate::commands::Exit as Outcome;

/// Runs one invocation. The clock and the environment are read here, once.
pub fn run(cli: Cli) -> Result<Exit> {
    let global = &cli.global;
    color_choice(global.color).write_global();
    match &cli.command {
        Command::Completions(args) => return commands::completions::run(args),
        Command::MergeDriver(args) => return commands::merge_driver::run(args, global.quiet),
        Command::Man(args) => {
            return commands::man::run(&commands::man::ManSpec {
                command: args.name.as_deref(),
                dir: args.dir.as_deref(),
                dry_run: global.dry_run,
                quiet: global.quiet,
            });
        }
        _ => {}
    }
    let format = match (global.format, &cli.command) {
        (FormatArg::Markdown, Command::Export(_)) => {
            return Err(usage_error(
                "attain export writes json (a backup), csv or jsonl, not markdown; pass \
                 --format json, csv or jsonl",
            ));
        }
        (FormatArg::Jsonl, Command::Export(_)) => Format::Json,
        // The page is made by the command itself; Markdown stands in.
        (FormatArg::Html, Command::PeriodEnd(_)) => Format::Markdown,
        (FormatArg::Html, _) => {
            return Err(usage_error(
                "--format html is for `attain period-end` only; use table, json, csv or markdown",
            ));
        }
        (FormatArg::Jsonl, _) => {
            return Err(usage_error(
                "--format jsonl is only for `attain export`; use table, json, csv or markdown",
            ));
        }
        (arg, _) => format(arg),
    };
    let named = !global.file.is_empty();
    let (path, more) = match global.file.split_first() {
        Some((first, more)) => (first.clone(), more.to_vec()),
        None => (Store::default_path()?, Vec::new()),
    };
    let store = Store::new(path).named(named).with_more_files(more);
    // Several files are read as one; a change is refused before anything
    // is read, asked or written.
    if let Some(command) = changes_the_file(&cli.command) {
        store.refuse_several(command)?;
        if global.anonymize {
            bail!(
                "--anonymize is for output to share, and {command} changes the file; run it \
                 without --anonymize"
            );
        }
    }
    let store = store.anonymized(global.anonymize);
    let as_of = match &global.as_of {
        Some(text) => commands::parse_date("--as-of", text)?,
        None => Local::now().date_naive(),
    };
    let now = Utc::now().trunc_subsecs(0);
    let journal = store::Journal {
        user: store::journal::user(
            std::env::var("ATTAIN_USER").ok(),
            // The login name: as the session says, else the account's.
            std::env::var("USER")
                .or_else(|_| std::env::var("LOGNAME"))
                .or_else(|_| std::env::var("USERNAME"))
                .ok()
                .or_else(|| whoami::fallible::username().ok()),
        ),
        command: store::journal::command_line(
            std::env::args_os().map(|a| a.to_string_lossy().into_owned()),
        ),
        at: now,
        reason: global.reason.clone(),
    };
    let ctx = Context {
        store: store
            .with_journal(journal)
            .with_dry_run(global.dry_run)
            .with_lock_wait(store::lock_wait(
                std::env::var("ATTAIN_LOCK_TIMEOUT").ok().as_deref(),
            )?),
        as_of,
        now,
        format,
        width: terminal_width(global.wide),
        no_input: global.no_input,
        quiet: global.quiet,
        seed: seed(std::env::var("ATTAIN_SEED").ok().as_deref())?,
    };
    let global_format = global.format;
    let export_format = match global.format {
        FormatArg::Csv => ExportFormat::Csv,
        FormatArg::Jsonl => ExportFormat::Jsonl,
        _ => ExportFormat::Json,
    };
    let exit = match cli.command {
        Command::Init(args) => commands::init::run(&args, &ctx),
        Command::Goal(command) => goal(command, &ctx),
        Command::Record(args) => commands::record::run(
            &NewRecord {
                target: match (args.owner, args.metric, &args.value) {
                    (Some(owner), Some(metric), None) => RecordFor::Owner { owner, metric },
                    (None, None, Some(_)) => RecordFor::Goal(args.goal.clone()),
                    (Some(_), _, _) => {
                        return Err(usage_error(
                            "with --owner and --metric, give only the VALUE: attain record \
                             --owner O --metric M VALUE",
                        ));
                    }
                    _ => {
                        return Err(usage_error(
                            "give the goal and the value (attain record GOAL VALUE), or \
                             --owner and --metric with the value",
                        ));
                    }
                },
                value: args.value.unwrap_or(args.goal),
                date: args.date,
                note: args.note,
                reference: args.reference,
            },
            &ctx,
        ),
        Command::Result(ResultCommand::List(args)) => {
            commands::result::list(args.goal.as_deref(), &filter(args.filter), &ctx)
        }
        Command::History(args) => commands::history::list(
            &commands::history::HistorySpec {
                goal: args.goal.as_deref(),
                since: args.since.as_deref(),
                limit: args.limit,
            },
            &ctx,
        ),
        Command::Undo(args) => commands::history::undo(args.seq, &ctx),
        Command::Redo => commands::history::redo(&ctx),
        Command::Period(PeriodCommand::Lock(args)) => commands::history::lock(&args.period, &ctx),
        Command::Period(PeriodCommand::Unlock(args)) => {
            if ctx.store.reason().is_none() {
                use clap::CommandFactory;
                return Err(Cli::command()
                    .error(
                        clap::error::ErrorKind::MissingRequiredArgument,
                        format!(
                            "unlocking {} needs a reason, which history keeps: add --reason TEXT",
                            args.period
                        ),
                    )
                    .into());
            }
            commands::history::unlock(&args.period, &ctx)
        }
        Command::Period(PeriodCommand::List) => commands::history::list_locks(&ctx),
        Command::Result(ResultCommand::Remove(args)) => commands::result::remove(&args.ids, &ctx),
        Command::Result(ResultCommand::Edit(args)) => commands::result::edit(
            &args.id,
            args.value.as_deref(),
            args.date.as_deref(),
            args.note.as_deref(),
            &ctx,
        ),
        Command::Trend(args) => commands::trend::run(
            &args.owner,
            &args.metric,
            args.periods.clamp(1, 120),
            args.every,
            &ctx,
        ),
        Command::Leaderboard(args) => commands::leaderboard::run(
            &commands::leaderboard::Leaderboard {
                period: args.period,
                metric: args.metric,
                team: args.team,
                top: args.top,
                teams: args.teams,
            },
            &ctx,
        ),
        Command::Report(args) => {
            commands::report::run(&filter(args.filter), args.by, args.check, &ctx)
        }
        Command::WhatIf(args) => commands::what_if::run(
            &filter(args.filter),
            &args
                .assumptions
                .into_iter()
                .map(|a| (a.goal, a.amount))
                .collect::<Vec<_>>(),
            args.by,
            &ctx,
        ),
        Command::Need(args) => commands::need::run(&args.goals, &filter(args.filter), &ctx),
        Command::Celebrate(args) => celebrate(args, &ctx),
        Command::Review(args) => review(args, &ctx),
        Command::Action(ActionCommand::List(args)) => commands::action::list(
            &commands::action::ActionFilter {
                open: args.open,
                overdue: args.overdue,
                owner: args.owner,
                goals: goal_filter(args.goals, None),
            },
            &ctx,
        ),
        Command::Action(ActionCommand::Update(args)) => commands::action::update(
            &args.id,
            &commands::action::ActionChange {
                status: args.status,
                due: args.due,
                owner: args.owner,
                text: args.text,
                note: args.note,
            },
            &ctx,
        ),
        Command::Progress(args) => commands::progress::run(
            args.goal.as_deref(),
            &goal_filter(args.goals, args.owner),
            args.check,
            &ctx,
        ),
        Command::PeriodEnd(args) => {
            let html = global_format == FormatArg::Html;
            commands::period_end::run(&args.period, args.owner, args.check, html, &ctx)
        }
        Command::Person(command) => person(command, &ctx),
        Command::Team(command) => team(command, &ctx),
        Command::Settings(SettingsCommand::Show) => commands::settings::show(&ctx),
        Command::Settings(SettingsCommand::Set(args)) => {
            commands::settings::set(&args.key, &args.value, &ctx)
        }
        Command::Settings(SettingsCommand::Holiday(HolidayCommand::Add(args))) => {
            commands::settings::holiday_add(&args.date, args.name.as_deref(), &ctx)
        }
        Command::Settings(SettingsCommand::Holiday(HolidayCommand::Remove(args))) => {
            commands::settings::holiday_remove(&args.date, &ctx)
        }
        Command::Settings(SettingsCommand::Holiday(HolidayCommand::List)) => {
            commands::settings::holiday_list(&ctx)
        }
        Command::Import(args) => commands::import::run(&import(args)?, &ctx),
        Command::Export(args) => commands::export::run(&filter(args.filter), export_format, &ctx),
        // Answered before the context is built (they need no file); kept
        // here so the match stays exhaustive without a panic.
        Command::Completions(args) => commands::completions::run(&args),
        Command::Git(GitCommand::Setup(args)) => {
            let paths = if args.paths.is_empty() {
                ctx.store
                    .paths()
                    .into_iter()
                    .map(Path::to_path_buf)
                    .collect()
            } else {
                args.paths
            };
            commands::git::setup(&paths, ctx.store.is_dry_run(), ctx.quiet)
        }
        // Run above, before anything else is read.
        Command::MergeDriver(args) => commands::merge_driver::run(&args, ctx.quiet),
        Command::Man(args) => commands::man::run(&commands::man::ManSpec {
            command: args.name.as_deref(),
            dir: args.dir.as_deref(),
            dry_run: global.dry_run,
            quiet: global.quiet,
        }),
    }?;
    if ctx.store.skipped_save() && ctx.format == Format::Table && !ctx.quiet {
        eprintln!("dry run: nothing was written");
    }
    Ok(exit)
}

/// The name of a command that changes the data file, for the refusal of a
/// change when several files were given; `None` for one that only reads.
/// (The store refuses any change with several files all the same; this
/// refuses it before the command reads, asks or prints anything.)
fn changes_the_file(command: &Command) -> Option<&'static str> {
    match command {
        Command::Init(_) => Some("init"),
        Command::Goal(goal) => match goal {
            GoalCommand::Add(_) => Some("goal add"),
            GoalCommand::Edit(_) => Some("goal edit"),
            GoalCommand::Remove(_) => Some("goal remove"),
            GoalCommand::Roll(_) => Some("goal roll"),
            GoalCommand::Import(_) => Some("goal import"),
            GoalCommand::List(_) | GoalCommand::Show(_) | GoalCommand::History(_) => None,
        },
        Command::Record(_) => Some("record"),
        Command::Result(ResultCommand::Remove(_)) => Some("result remove"),
        Command::Result(ResultCommand::Edit(_)) => Some("result edit"),
        Command::Result(ResultCommand::List(_)) => None,
        Command::Celebrate(args) if args.log.is_some() => Some("celebrate --log"),
        Command::Celebrate(args) if args.remove.is_some() => Some("celebrate --remove"),
        Command::Celebrate(_) => None,
        Command::Review(args) if args.show.is_none() && args.goal.is_some() => Some("review"),
        Command::Review(_) => None,
        Command::Action(ActionCommand::Update(_)) => Some("action update"),
        Command::Action(ActionCommand::List(_)) => None,
        Command::Person(PersonCommand::Add(_)) => Some("person add"),
        Command::Person(PersonCommand::Edit(_)) => Some("person edit"),
        Command::Person(PersonCommand::List) => None,
        Command::Team(TeamCommand::Add(_)) => Some("team add"),
        Command::Team(TeamCommand::Edit(_)) => Some("team edit"),
        Command::Team(TeamCommand::List | TeamCommand::Show(_)) => None,
        Command::Settings(SettingsCommand::Set(_)) => Some("settings set"),
        Command::Settings(SettingsCommand::Holiday(HolidayCommand::Add(_))) => {
            Some("settings holiday add")
        }
        Command::Settings(SettingsCommand::Holiday(HolidayCommand::Remove(_))) => {
            Some("settings holiday remove")
        }
        Command::Settings(SettingsCommand::Show | SettingsCommand::Holiday(HolidayCommand::List)) => {
            None
        }
        Command::Import(_) => Some("import"),
        Command::Undo(_) => Some("undo"),
        Command::Redo => Some("redo"),
        Command::Period(PeriodCommand::Lock(_)) => Some("period lock"),
        Command::Period(PeriodCommand::Unlock(_)) => Some("period unlock"),
        Command::Period(PeriodCommand::List) => None,
        Command::Report(_)
        // It computes in memory and writes nothing.
        | Command::WhatIf(_)
        | Command::Need(_)
        | Command::Leaderboard(_)
        | Command::Trend(_)
        | Command::Progress(_)
        | Command::PeriodEnd(_)
        | Command::History(_)
        | Command::Export(_)
        | Command::Completions(_)
        | Command::Man(_)
        // They write .gitattributes and git's files, never a data file.
        | Command::Git(_)
        | Command::MergeDriver(_) => None,
    }
}

/// A usage error found after parsing: clap prints it and exits 2.
/// `ATTAIN_SEED`: a number that makes new result ids repeatable, for
/// tests and documented examples.
fn seed(value: Option<&str>) -> Result<Option<u64>> {
    value
        .map(|text| {
            text.trim().parse::<u64>().map_err(|_| {
                anyhow::anyhow!(
                    "ATTAIN_SEED is '{}', not a whole number; unset it, or set it to a number \
                     such as 42",
                    crate::domain::text::echo(text)
                )
            })
        })
        .transpose()
}

fn usage_error(message: &str) -> anyhow::Error {
    use clap::CommandFactory;
    Cli::command()
        .error(clap::error::ErrorKind::ArgumentConflict, message)
        .into()
}

fn import(args: ImportArgs) -> Result<ImportSpec> {
    if let Some(pattern) = &args.date_format {
        use chrono::format::{Item, StrftimeItems};
        if pattern.trim().is_empty() || StrftimeItems::new(pattern).any(|i| i == Item::Error) {
            return Err(usage_error(&format!(
                "--date-format '{pattern}' is not a strftime format; write e.g. %m/%d/%Y or %d.%m.%Y"
            )));
        }
    }
    Ok(ImportSpec {
        source: args.source,
        input_format: args.input_format.map(|f| match f {
            InputFormatArg::Csv => InputFormat::Csv,
            InputFormatArg::Jsonl => InputFormat::Jsonl,
        }),
        columns: args.maps.into_iter().map(|m| (m.field, m.header)).collect(),
        filters: args
            .wheres
            .into_iter()
            .map(|w| RowTest {
                header: w.header,
                equals: w.equals,
                value: w.value,
            })
            .collect(),
        metric: args.metric,
        date_format: args.date_format,
        delimiter: args.delimiter,
    })
}

fn goal(command: GoalCommand, ctx: &Context) -> Result<Exit> {
    match command {
        GoalCommand::History(args) => commands::history::goal_history(&args.id, ctx),
        GoalCommand::Add(args) => commands::goal::add(
            &NewGoal {
                id: args.id,
                target: args.target,
                period: args.period,
                metric: args.metric,
                owner: args.owner,
                title: args.title,
                unit: args.unit,
                stretch: args.stretch,
                direction: args.direction,
                aggregate: args.aggregate,
                tags: args.tags,
            },
            ctx,
        ),
        GoalCommand::List(args) => commands::goal::list(&filter(args), ctx),
        GoalCommand::Show(args) => commands::goal::show(&args.id, ctx),
        GoalCommand::Edit(args) => commands::goal::edit(
            &args.id,
            &GoalEdit {
                title: args.title,
                owner: args.owner,
                metric: args.metric,
                unit: args.unit,
                target: args.target,
                stretch: args.stretch,
                no_stretch: args.no_stretch,
                period: args.period,
                direction: args.direction,
                aggregate: args.aggregate,
                tags: args.tags,
                untags: args.untags,
            },
            ctx,
        ),
        GoalCommand::Remove(args) => commands::goal::remove(&args.ids, args.force, ctx),
        GoalCommand::Roll(args) => {
            let spec = filter(args.filter);
            if args.ids.is_empty() && spec == FilterSpec::default() {
                return Err(usage_error(
                    "name the goals to roll, or select them with filters, e.g. attain goal roll \
                     --period 2026-Q3 --team east --to 2026-Q4",
                ));
            }
            commands::goal::roll(&args.ids, &spec, &args.to, args.adjust.as_deref(), ctx)
        }
        GoalCommand::Import(args) => commands::goal_import::run(&args.source, args.update, ctx),
    }
}

fn person(command: PersonCommand, ctx: &Context) -> Result<Exit> {
    use commands::person::{self, NewPerson};
    match command {
        PersonCommand::Add(args) => person::add(
            &NewPerson {
                id: args.id,
                name: args.name,
                email: args.email,
            },
            ctx,
        ),
        PersonCommand::List => person::list(ctx),
        PersonCommand::Edit(args) => person::edit(
            &args.id,
            &ledger::org::PersonEdit {
                name: args.name,
                email: args.email,
                no_email: args.no_email,
                rename: args.rename,
            },
            ctx,
        ),
    }
}

fn team(command: TeamCommand, ctx: &Context) -> Result<Exit> {
    use commands::team::{self, NewTeam};
    match command {
        TeamCommand::Add(args) => team::add(
            &NewTeam {
                id: args.id,
                name: args.name,
                members: args.members,
            },
            ctx,
        ),
        TeamCommand::List => team::list(ctx),
        TeamCommand::Show(args) => team::show(&args.id, ctx),
        TeamCommand::Edit(args)
            if args.from.is_some() && args.add.is_empty() && args.remove.is_empty() =>
        {
            Err(usage_error(
                "--from dates the memberships of --add or --remove, e.g. attain team edit east \
                 --remove tom --from 2026-10-01",
            ))
        }
        TeamCommand::Edit(args) => team::edit(
            &args.id,
            &ledger::org::TeamEdit {
                add: args.add,
                remove: args.remove,
                from: args
                    .from
                    .as_deref()
                    .map(|d| commands::parse_date("--from", d))
                    .transpose()?,
                name: args.name,
            },
            ctx,
        ),
    }
}

fn celebrate(args: CelebrateArgs, ctx: &Context) -> Result<Exit> {
    use commands::celebrate::Action;
    if let Some(entry) = args.remove {
        return commands::celebrate::run(
            commands::celebrate::Action::Remove { entry },
            &filter(args.filter),
            ctx,
        );
    }
    let action = match (args.goal, args.log) {
        (Some(goal), Some(text)) => Action::Log {
            goal,
            text,
            kind: args.kind.unwrap_or(Kind::Message),
            date: args.date,
        },
        (Some(goal), None) if args.draft => Action::Draft { goal },
        (_, _) if args.history => Action::History {
            periods: args.periods,
            check: args.check,
        },
        (goal, _) => Action::List {
            goal,
            check: args.check,
        },
    };
    commands::celebrate::run(action, &filter(args.filter), ctx)
}

fn review(args: ReviewArgs, ctx: &Context) -> Result<Exit> {
    use commands::review::{Answers, NewAction};
    if let Some(ReviewCommand::Show(show)) = &args.show {
        return commands::review::show(&show.goal, ctx);
    }
    let Some(goal) = args.goal else {
        return commands::review::list(&filter(args.filter), args.check, ctx);
    };
    let flags = Answers {
        causes: args.causes,
        why: args.why,
        improvements: args.improvements,
        actions: args
            .actions
            .iter()
            .map(|spec| NewAction::parse(spec))
            .collect::<Result<_>>()?,
        follow_up: args.follow_up,
        check_in: args.check_in,
    };
    let answers = match &args.from {
        Some(source) => Answers::from_source(source)?.merge(flags),
        None => flags,
    };
    commands::review::run(&goal, answers, ctx)
}

/// The goal filters of action and progress listings.
fn goal_filter(args: cli::GoalFilterArgs, owner: Option<String>) -> FilterSpec {
    FilterSpec {
        period: args.period,
        owner,
        team: args.team,
        metric: args.metric,
        tag: args.tag,
        statuses: Vec::new(),
    }
}

fn filter(args: FilterArgs) -> FilterSpec {
    FilterSpec {
        period: args.period,
        owner: args.owner,
        team: args.team,
        metric: args.metric,
        tag: args.tag,
        statuses: args.status,
    }
}

fn format(arg: FormatArg) -> Format {
    match arg {
        FormatArg::Table => Format::Table,
        FormatArg::Json => Format::Json,
        FormatArg::Csv => Format::Csv,
        FormatArg::Markdown => Format::Markdown,
        // Only `attain export` takes jsonl and only `period-end` html; they
        // read it from the argument.
        FormatArg::Jsonl => Format::Json,
        FormatArg::Html => Format::Markdown,
    }
}

fn color_choice(arg: ColorArg) -> anstream::ColorChoice {
    match arg {
        ColorArg::Auto => anstream::ColorChoice::Auto,
        ColorArg::Always => anstream::ColorChoice::Always,
        ColorArg::Never => anstream::ColorChoice::Never,
    }
}

/// How wide tables may be: the terminal's width when stdout is one, else
/// `$COLUMNS` when set, else unlimited.
fn terminal_width(wide: bool) -> render::Width {
    let terminal = std::io::stdout()
        .is_terminal()
        .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
        .flatten();
    render::Width::new(terminal, std::env::var("COLUMNS").ok().as_deref(), wide)
}
