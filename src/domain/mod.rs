//! Pure domain logic: amounts, periods, people and teams, goals and attainment. No file
//! access, no clock, no printing; today is always a parameter.

pub mod amount;
pub mod attainment;
pub mod celebration;
pub mod filter;
pub mod goal;
pub mod history;
pub mod ids;
pub mod need;
pub mod org;
pub mod pace;
pub mod period;
pub mod review;
pub mod text;
