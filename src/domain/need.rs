//! What a goal still needs: the amount to each celebration tier, and per
//! remaining day and week.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use super::amount::Amount;
use super::celebration::TierSettings;
use super::goal::{Aggregate, Direction, Goal};
use super::pace::WorkCalendar;
use super::period::{Period, Phase};

/// A tier an at-least goal can reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    Met,
    Event,
    Bonus,
}

impl Tier {
    pub fn name(self) -> &'static str {
        match self {
            Tier::Met => "met",
            Tier::Event => "event",
            Tier::Bonus => "bonus",
        }
    }
}

/// An amount spread over the days and weeks left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spread {
    pub amount: Amount,
    /// Per remaining day, rounded up to the cent; `None` when the period is
    /// closed, no day is left, or the goal is not a `sum`.
    pub per_day: Option<Amount>,
    /// Per remaining 7 calendar days, rounded up to the cent; `None` as
    /// `per_day`.
    pub per_week: Option<Amount>,
}

/// What it takes to reach one tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TierNeed {
    pub tier: Tier,
    /// The actual at which the tier is reached.
    pub reached_at: Amount,
    /// `reached_at - actual`, at least 0.
    pub still: Spread,
}

/// What a goal still needs on the as-of date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub closed: bool,
    /// Days that count toward pace from the as-of date (counted when it
    /// counts) to the end: working days in business mode.
    pub remaining_days: i64,
    /// Calendar days from the as-of date to the end.
    pub remaining_calendar_days: i64,
    /// At-least goals: met, event and bonus. Empty for at-most goals.
    pub tiers: Vec<TierNeed>,
    /// At-most goals: `target - actual` (negative when over the limit).
    pub headroom: Option<Spread>,
}

/// What `goal`, at `actual` on `as_of`, still needs. No actual counts as 0.
pub fn need(
    goal: &Goal,
    period: &Period,
    actual: Option<Amount>,
    as_of: NaiveDate,
    tiers: &TierSettings,
    days: &WorkCalendar,
) -> Need {
    let actual = actual.map_or(Decimal::ZERO, |a| a.0);
    let closed = period.phase(as_of) == Phase::Closed;
    let remaining_days = days.remaining(period, as_of);
    let remaining_calendar_days = WorkCalendar::calendar().remaining(period, as_of);
    let spreads = !closed && goal.aggregate == Aggregate::Sum;
    let spread = |amount: Decimal| {
        let per = |count: i64, scale: i64| {
            (spreads && count > 0 && amount > Decimal::ZERO).then(|| {
                per_unit(
                    amount.saturating_mul(Decimal::from(scale)),
                    Decimal::from(count),
                )
            })
        };
        Spread {
            amount: Amount(amount.normalize()),
            per_day: per(remaining_days, 1),
            per_week: per(remaining_calendar_days, 7),
        }
    };
    let target = goal.target.0;
    match goal.direction {
        Direction::AtLeast => {
            let times = |ratio: Amount| target.saturating_mul(ratio.0);
            // The event tier is reached at the lower of its ratio and the
            // stretch target.
            let event = match goal.stretch {
                Some(stretch) => times(tiers.event).min(stretch.0),
                None => times(tiers.event),
            };
            let tiers = [
                (Tier::Met, target),
                (Tier::Event, event),
                (Tier::Bonus, times(tiers.bonus)),
            ]
            .into_iter()
            .map(|(tier, reached_at)| TierNeed {
                tier,
                reached_at: Amount(reached_at.normalize()),
                still: spread(reached_at.saturating_sub(actual).max(Decimal::ZERO)),
            })
            .collect();
            Need {
                closed,
                remaining_days,
                remaining_calendar_days,
                tiers,
                headroom: None,
            }
        }
        Direction::AtMost => Need {
            closed,
            remaining_days,
            remaining_calendar_days,
            tiers: Vec::new(),
            headroom: Some(spread(target.saturating_sub(actual))),
        },
    }
}

/// `amount / count`, rounded up to the cent: reaching it each day reaches
/// the whole.
fn per_unit(amount: Decimal, count: Decimal) -> Amount {
    let value = amount.checked_div(count).unwrap_or(amount);
    Amount(
        value
            .round_dp_with_strategy(2, RoundingStrategy::AwayFromZero)
            .normalize(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::pace::{Holiday, PaceMode, Workdays};
    use chrono::{TimeZone, Utc};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn amount(text: &str) -> Amount {
        text.parse().unwrap()
    }

    fn goal(target: &str, stretch: Option<&str>, direction: Direction) -> Goal {
        Goal {
            id: "nov".into(),
            title: "November".into(),
            owner: "ana".into(),
            metric: "revenue".into(),
            unit: "USD".into(),
            period: "2026-11".into(),
            target: amount(target),
            stretch: stretch.map(amount),
            direction,
            aggregate: Aggregate::Sum,
            tags: vec![],
            created: Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap(),
        }
    }

    fn november() -> Period {
        Period::from_label("2026-11", 1).unwrap()
    }

    #[test]
    fn each_tier_per_working_day_and_per_week() {
        // November 2026, Thanksgiving (Thursday 26th) off: on Friday the
        // 6th, 16 working days are left (6th, 9-13, 16-20, 23-25, 27, 30)
        // and 25 calendar days.
        let holidays = [Holiday {
            date: d(2026, 11, 26),
            name: None,
        }];
        let days = WorkCalendar {
            mode: PaceMode::Business,
            workdays: Workdays::default(),
            holidays: &holidays,
        };
        let g = goal("100000", Some("105000"), Direction::AtLeast);
        let need = need(
            &g,
            &november(),
            Some(amount("22000")),
            d(2026, 11, 6),
            &TierSettings::default(),
            &days,
        );
        assert_eq!(
            (need.remaining_days, need.remaining_calendar_days),
            (16, 25)
        );
        let rows: Vec<_> = need
            .tiers
            .iter()
            .map(|t| {
                (
                    t.tier.name(),
                    t.reached_at.to_string(),
                    t.still.amount.to_string(),
                    t.still.per_day.map(|a| a.to_string()),
                    t.still.per_week.map(|a| a.to_string()),
                )
            })
            .collect();
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            rows,
            [
                // 78,000 / 16 = 4,875; 78,000 * 7 / 25 = 21,840.
                (
                    "met",
                    "100000".into(),
                    "78000".into(),
                    some("4875"),
                    some("21840")
                ),
                // The stretch (105,000) is below 110%: 83,000 / 16 =
                // 5,187.5; 83,000 * 7 / 25 = 23,240.
                (
                    "event",
                    "105000".into(),
                    "83000".into(),
                    some("5187.5"),
                    some("23240")
                ),
                // 103,000 / 16 = 6,437.5; 103,000 * 7 / 25 = 28,840.
                (
                    "bonus",
                    "125000".into(),
                    "103000".into(),
                    some("6437.5"),
                    some("28840")
                ),
            ]
        );
        assert_eq!(need.headroom, None);
        // In calendar days: 78,000 / 25 = 3,120 a day.
        let calendar = super::need(
            &g,
            &november(),
            Some(amount("22000")),
            d(2026, 11, 6),
            &TierSettings::default(),
            &WorkCalendar::calendar(),
        );
        assert_eq!(calendar.tiers[0].still.per_day, Some(amount("3120")));
    }

    #[test]
    fn per_day_rounds_up_to_the_cent_and_a_reached_tier_needs_nothing() {
        let g = goal("100", None, Direction::AtLeast);
        // Saturday 28th: Monday 30th is the one working day left; 3
        // calendar days.
        let need = need(
            &g,
            &november(),
            Some(amount("105")),
            d(2026, 11, 28),
            &TierSettings::default(),
            &WorkCalendar {
                mode: PaceMode::Business,
                workdays: Workdays::default(),
                holidays: &[],
            },
        );
        assert_eq!(need.remaining_days, 1);
        assert_eq!(need.tiers[0].still.amount, Amount::ZERO);
        assert_eq!(need.tiers[0].still.per_day, None);
        // 110 - 105 = 5; 5 * 7 / 3 = 11.666.. -> 11.67.
        assert_eq!(need.tiers[1].still.per_week, Some(amount("11.67")));
        let thirds = per_unit(Decimal::from(10), Decimal::from(3));
        assert_eq!(thirds, amount("3.34"));
    }

    #[test]
    fn only_open_sum_goals_with_working_days_left_spread_per_day() {
        let business = WorkCalendar {
            mode: PaceMode::Business,
            workdays: Workdays::default(),
            holidays: &[],
        };
        // May 2026 ends on Sunday the 31st: on Saturday the 30th no working
        // day is left, though 2 calendar days are.
        let may = Period::from_label("2026-05", 1).unwrap();
        let g = Goal {
            period: "2026-05".into(),
            ..goal("100", None, Direction::AtLeast)
        };
        let weekend = need(
            &g,
            &may,
            Some(amount("40")),
            d(2026, 5, 30),
            &TierSettings::default(),
            &business,
        );
        assert_eq!(weekend.remaining_days, 0);
        assert_eq!(weekend.tiers[0].still.per_day, None);
        // 60 * 7 / 2 = 210.
        assert_eq!(weekend.tiers[0].still.per_week, Some(amount("210")));
        // A goal that averages is not reached by adding up: nothing per day.
        let average = Goal {
            aggregate: Aggregate::Average,
            ..goal("4.5", None, Direction::AtLeast)
        };
        let open = need(
            &average,
            &november(),
            Some(amount("4.2")),
            d(2026, 11, 6),
            &TierSettings::default(),
            &business,
        );
        assert_eq!(open.tiers[0].still.amount, amount("0.3"));
        assert_eq!(
            (open.tiers[0].still.per_day, open.tiers[0].still.per_week),
            (None, None)
        );
    }

    #[test]
    fn closed_periods_and_no_days_left_spread_nothing() {
        let g = goal("100", None, Direction::AtLeast);
        let closed = need(
            &g,
            &november(),
            Some(amount("40")),
            d(2026, 12, 2),
            &TierSettings::default(),
            &WorkCalendar::calendar(),
        );
        assert!(closed.closed);
        assert_eq!(closed.tiers[0].still.amount, amount("60"));
        assert_eq!(closed.tiers[0].still.per_day, None);
        assert_eq!(closed.tiers[0].still.per_week, None);
        assert_eq!(closed.remaining_days, 0);
    }

    #[test]
    fn at_most_goals_have_headroom() {
        let g = goal("3", None, Direction::AtMost);
        let need = need(
            &g,
            &november(),
            Some(amount("3.5")),
            d(2026, 11, 6),
            &TierSettings::default(),
            &WorkCalendar::calendar(),
        );
        assert!(need.tiers.is_empty());
        let headroom = need.headroom.unwrap();
        assert_eq!(headroom.amount, amount("-0.5"));
        assert_eq!(headroom.per_day, None);
    }
}
