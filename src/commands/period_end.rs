//! `attain period-end PERIOD`: attainment, celebrations, reviews and the
//! actions still open, in one packet; `--check` fails while anything is owed.

use anyhow::Result;

use super::{Context, Exit, evaluate_goals, parse_period};
use crate::domain::attainment::Status;
use crate::domain::filter::FilterSpec;
use crate::domain::ids::ShortIds;
use crate::domain::period::Phase;
use crate::domain::review::{ActionStatus, ReviewState};
use crate::ledger::history;
use crate::ledger::review::Owing;
use crate::render::Format;
use crate::view::celebrate::CelebrateView;
use crate::view::period_end::{Owed, PeriodEndView, TargetNote};
use crate::view::report::ReportView;

pub fn run(
    period: &str,
    owner: Option<String>,
    check: bool,
    html: bool,
    ctx: &Context,
) -> Result<Exit> {
    let document = ctx.store.load()?;
    let period = parse_period("PERIOD", period, ctx, &document)?;
    let spec = FilterSpec {
        period: Some(period.label.clone()),
        owner,
        ..FilterSpec::default()
    };
    let rows = evaluate_goals(&document, &spec, ctx.as_of)?;
    let met: Vec<_> = rows
        .iter()
        .filter(|r| r.celebration.is_some())
        .cloned()
        .collect();
    let mut missed: Vec<_> = rows
        .iter()
        .filter(|r| r.evaluation.status == Status::Missed)
        .map(|r| (r.clone(), document.review(&r.goal.id)))
        .collect();
    missed.sort_by(|a, b| a.0.goal.id.cmp(&b.0.goal.id));
    // Actions not done from reviews of goals that ended before this period.
    let all = evaluate_goals(&document, &FilterSpec::default(), ctx.as_of)?;
    let earlier_goals: Vec<&str> = all
        .iter()
        .filter(|r| r.period.end < period.start)
        .filter(|r| {
            spec.owner
                .as_ref()
                .is_none_or(|o| o.eq_ignore_ascii_case(&r.goal.owner))
        })
        .map(|r| r.goal.id.as_str())
        .collect();
    // Every goal is evaluated above already.
    let owing = Owing::from_rows(&document, &all, ctx.as_of);
    // Celebrations logged and reviews started before their goal's target
    // moved say so.
    let mut target_notes = Vec::new();
    for row in &rows {
        let goal = &row.goal.id;
        for c in document.celebrations.iter().filter(|c| c.goal == *goal) {
            let logged = history::celebration_logged(&document, &c.id, c.date);
            let moves = history::target_moves(&document, goal, logged);
            if !moves.is_empty() {
                target_notes.push(TargetNote {
                    goal: goal.clone(),
                    unit: row.goal.unit.clone(),
                    celebration: Some(c.id.clone()),
                    moves,
                });
            }
        }
        if let Some(review) = document.review(goal) {
            let moves = history::target_moves(
                &document,
                goal,
                history::review_started(&document, goal, review.started),
            );
            if !moves.is_empty() {
                target_notes.push(TargetNote {
                    goal: goal.clone(),
                    unit: row.goal.unit.clone(),
                    celebration: None,
                    moves,
                });
            }
        }
    }
    let earlier: Vec<_> = document
        .reviews
        .iter()
        .filter(|r| earlier_goals.contains(&r.goal.as_str()))
        .flat_map(|r| r.actions.iter().map(move |a| (r.goal.as_str(), a)))
        .filter(|(goal, a)| a.status != ActionStatus::Done && !owing.is_settled(goal))
        .collect();
    let owed = Owed {
        reviews_pending: missed
            .iter()
            .filter(|(_, review)| ReviewState::of(*review) != ReviewState::Complete)
            .count(),
        uncelebrated: met
            .iter()
            .filter(|r| {
                r.evaluation.phase == Phase::Closed
                    && r.celebration.as_ref().is_some_and(|s| s.outstanding())
            })
            .count(),
        overdue_actions: missed
            .iter()
            .filter_map(|(_, review)| *review)
            .flat_map(|r| r.actions.iter().map(|a| (r.goal.as_str(), a)))
            .chain(earlier.iter().copied())
            .filter(|(goal, a)| owing.overdue(goal, a))
            .count(),
    };
    let table = ctx.format == Format::Table && !ctx.quiet;
    let trends = if html {
        trends(&rows, &all, &period, document.settings.fiscal_year_start)
    } else {
        Default::default()
    };
    let view = PeriodEndView {
        period,
        as_of: ctx.as_of,
        owing,
        celebration_ids: ShortIds::new(document.celebrations.iter().map(|c| &c.id)),
        action_ids: ShortIds::new(document.actions().map(|(_, a)| &a.id)),
        target_notes,
        report: ReportView {
            as_of: ctx.as_of,
            rows,
            groups: None,
            hints: false,
            what_if: None,
            pace: crate::view::PaceNote::of(&document.settings),
        },
        celebrate: CelebrateView {
            rows: met,
            hints: table,
        },
        reviews: missed,
        earlier,
        owed,
        trends,
    };
    if html {
        super::print_stdout(&crate::view::period_end_html::page(&view))?;
    } else {
        ctx.show(&view)?;
    }
    Ok(if check && owed.any() {
        Exit::CheckFailed
    } else {
        Exit::Success
    })
}

/// How many periods a goal's trend on the HTML page shows, this one last.
const TREND_PERIODS: usize = 4;

/// Each goal's owner's attainment in its metric over the periods of the
/// same length up to this one, from goals already evaluated.
fn trends(
    rows: &[crate::ledger::GoalRow],
    all: &[crate::ledger::GoalRow],
    period: &crate::domain::period::Period,
    fiscal: u32,
) -> std::collections::HashMap<String, Vec<(String, Option<rust_decimal::Decimal>)>> {
    let mut periods = vec![period.clone()];
    while periods.len() < TREND_PERIODS {
        match periods.last().and_then(|p| p.previous(fiscal)) {
            Some(previous) => periods.push(previous),
            None => break,
        }
    }
    periods.reverse();
    rows.iter()
        .map(|row| {
            let points = periods
                .iter()
                .map(|p| {
                    let ratio = all
                        .iter()
                        .filter(|r| {
                            r.goal.owner == row.goal.owner && r.goal.metric == row.goal.metric
                        })
                        .filter(|r| r.period.start == p.start && r.period.end == p.end)
                        .min_by(|a, b| a.goal.id.cmp(&b.goal.id))
                        .and_then(|r| r.evaluation.attainment);
                    (p.label.clone(), ratio)
                })
                .collect();
            (row.goal.id.clone(), points)
        })
        .collect()
}
