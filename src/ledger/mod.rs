//! The application core, between the store and the views: evaluating
//! goals over their owners' scopes, celebration standings, one identity
//! rule for owners, and the one way a result is added or updated.
//!
//! It imports `domain/` and the store's document types only; it returns
//! numbers and dates (formatting stays in `render/` and `view/`), and takes
//! "today" and "now" as values, so its tests need no command line.

pub mod evaluate;
pub mod evidence;
pub mod history;
pub mod identity;
pub mod ids;
pub mod import;
pub mod leaderboard;
pub mod merge;
pub mod org;
pub mod plan;
pub mod results;
pub mod review;
pub mod roll;
pub mod rollup;
pub mod trend;
pub mod what_if;

pub use evaluate::{
    GoalRow, ResultIndex, evaluate_goal, evaluate_goals, find_goal, goal_period, unknown_goal,
};
