//! `attain leaderboard`: owners ranked by attainment, with the spread.

use anyhow::Result;

use super::{Context, Exit, evaluate_goals, parse_period};
use crate::domain::filter::FilterSpec;
use crate::ledger::leaderboard::{board, one_per_owner};
use crate::view::leaderboard::LeaderboardView;

/// A leaderboard, as asked for.
pub struct Leaderboard {
    /// The period goals must have exactly; default this quarter.
    pub period: Option<String>,
    pub metric: String,
    pub team: Option<String>,
    pub top: Option<usize>,
    /// Rank teams instead of people.
    pub teams: bool,
}

pub fn run(ask: &Leaderboard, ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load_without_history()?;
    let label = ask.period.as_deref().unwrap_or("this-quarter");
    let period = parse_period("--period", label, ctx, &document)?;
    let metric = ask.metric.trim().to_ascii_lowercase();
    let spec = FilterSpec {
        team: ask.team.clone(),
        metric: Some(metric.clone()),
        ..FilterSpec::default()
    };
    let mut rows: Vec<_> = evaluate_goals(&document, &spec, ctx.as_of)?
        .into_iter()
        // A year goal is not ranked in a quarter's board.
        .filter(|row| row.period.start == period.start && row.period.end == period.end)
        .filter(|row| row.owner_is_team == ask.teams)
        .collect();
    one_per_owner(&mut rows);
    let board = board(rows);
    ctx.show(&LeaderboardView {
        period,
        metric,
        board,
        top: ask.top,
        teams: ask.teams,
    })?;
    Ok(Exit::Success)
}
