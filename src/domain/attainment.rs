//! Actual, attainment, gap, pace and status: the arithmetic of PRODUCT.md.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::amount::{Amount, MAX_SCALE};
use super::goal::{Aggregate, Direction, Goal, Record};
use super::pace::WorkCalendar;
use super::period::{Period, Phase};

/// Where a goal stands on the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Exceeded,
    Met,
    OnTrack,
    AtRisk,
    Behind,
    Missed,
    Upcoming,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Exceeded,
        Status::Met,
        Status::OnTrack,
        Status::AtRisk,
        Status::Behind,
        Status::Missed,
        Status::Upcoming,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Status::Exceeded => "exceeded",
            Status::Met => "met",
            Status::OnTrack => "on-track",
            Status::AtRisk => "at-risk",
            Status::Behind => "behind",
            Status::Missed => "missed",
            Status::Upcoming => "upcoming",
        }
    }

    /// Met or exceeded: a target reached, worth celebrating.
    pub fn is_success(self) -> bool {
        matches!(self, Status::Met | Status::Exceeded)
    }

    /// What `--check` reports: a goal missed, or behind its pace.
    pub fn needs_attention(self) -> bool {
        matches!(self, Status::Missed | Status::Behind)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A goal measured on one as-of date.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub phase: Phase,
    /// The results combined by the goal's aggregate; `None` when there are
    /// no results and the aggregate is not `sum`.
    pub actual: Option<Amount>,
    /// Actual over target (at-least) or target over actual (at-most);
    /// `None` where the ratio is undefined.
    pub attainment: Option<Decimal>,
    /// Target minus actual; negative means over target.
    pub gap: Option<Amount>,
    /// For an open `sum` goal: actual scaled to the whole period.
    pub projected: Option<Amount>,
    pub status: Status,
    /// Days of the period elapsed on the as-of date (0 before it starts),
    /// counted as the pace counts them (working days in business mode).
    pub elapsed_days: i64,
    /// The days of the period, counted as `elapsed_days` is.
    pub period_days: i64,
    pub result_count: usize,
}

/// Combines result values by an aggregate. Values come with their date and
/// id so that `latest` is well defined (the latest date, then the last one
/// recorded).
pub fn combine<'a>(
    aggregate: Aggregate,
    results: impl IntoIterator<Item = &'a Record>,
) -> Option<Amount> {
    let results = results.into_iter();
    match aggregate {
        Aggregate::Sum => Some(Amount(
            results.fold(Decimal::ZERO, |sum, r| sum.saturating_add(r.value.0)),
        )),
        Aggregate::Latest => results
            .max_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)))
            .map(|r| r.value),
        Aggregate::Max => results.map(|r| r.value).max(),
        Aggregate::Min => results.map(|r| r.value).min(),
        Aggregate::Average => {
            let (sum, count) = results.fold((Decimal::ZERO, 0u64), |(sum, n), r| {
                (sum.saturating_add(r.value.0), n + 1)
            });
            if count == 0 {
                return None;
            }
            let mean = sum.checked_div(Decimal::from(count))?;
            Some(Amount(
                mean.round_dp_with_strategy(MAX_SCALE, RoundingStrategy::MidpointAwayFromZero)
                    .normalize(),
            ))
        }
    }
}

/// The mean of the results' values, not rounded.
fn exact_mean(results: &[&Record]) -> Option<Decimal> {
    let count = results.len();
    if count == 0 {
        return None;
    }
    let sum = results
        .iter()
        .fold(Decimal::ZERO, |sum, r| sum.saturating_add(r.value.0));
    sum.checked_div(Decimal::from(count))
}

/// True when `actual` reaches `threshold` in the goal's direction.
fn reaches(direction: Direction, actual: Decimal, threshold: Decimal) -> bool {
    match direction {
        Direction::AtLeast => actual >= threshold,
        Direction::AtMost => actual <= threshold,
    }
}

/// The attainment ratio, or `None` where it is undefined (an at-least
/// target of 0, an at-most actual of 0, no actual at all).
pub fn attainment(direction: Direction, actual: Option<Amount>, target: Amount) -> Option<Decimal> {
    let actual = actual?.0;
    let (numerator, denominator) = match direction {
        Direction::AtLeast => (actual, target.0),
        Direction::AtMost => (target.0, actual),
    };
    if denominator.is_zero() {
        return None;
    }
    numerator.checked_div(denominator)
}

/// Evaluates a goal on `as_of` from the results recorded against it.
pub fn evaluate<'a>(
    goal: &Goal,
    period: &Period,
    results: impl IntoIterator<Item = &'a Record>,
    as_of: NaiveDate,
    at_risk: Decimal,
    days: &WorkCalendar,
) -> Evaluation {
    let results: Vec<&Record> = results.into_iter().collect();
    // An average is shown to 6 decimals but judged exactly: 4.5, 4.5 and
    // 4.499999 average below 4.5, though they show as 4.5.
    let judged = match goal.aggregate {
        Aggregate::Average => exact_mean(&results).map(Amount),
        _ => None,
    };
    let combined = Combined {
        actual: combine(goal.aggregate, results.iter().copied()),
        judged,
        count: results.len(),
    };
    evaluate_combined(goal, period, combined, as_of, at_risk, days)
}

/// A goal's results combined by its aggregate: what [`evaluate_combined`]
/// judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Combined {
    /// [`combine`]'s value.
    pub actual: Option<Amount>,
    /// For an average, the exact mean (`actual` is rounded to 6 decimals);
    /// else `None`, and `actual` is judged.
    pub judged: Option<Amount>,
    /// How many results were combined.
    pub count: usize,
}

impl Combined {
    /// A sum of `count` results.
    pub fn sum(total: Decimal, count: usize) -> Self {
        Combined {
            actual: Some(Amount(total)),
            judged: None,
            count,
        }
    }
}

/// [`evaluate`], from the results already combined (a sum read off running
/// totals, without the results themselves).
pub fn evaluate_combined(
    goal: &Goal,
    period: &Period,
    combined: Combined,
    as_of: NaiveDate,
    at_risk: Decimal,
    days: &WorkCalendar,
) -> Evaluation {
    let actual = combined.actual;
    let phase = period.phase(as_of);
    // The elapsed fraction f = elapsed_days / period_days, in calendar or
    // working days: the one place either is counted.
    let (elapsed_days, period_days) = match phase {
        Phase::Upcoming => (0, days.elapsed(period, as_of).1),
        _ => days.elapsed(period, as_of),
    };
    let target = goal.target.0;
    let stretch_reached = |value: Decimal| {
        goal.stretch
            .is_some_and(|stretch| reaches(goal.direction, value, stretch.0))
    };

    let mut projected = None;
    let judged = match goal.aggregate {
        Aggregate::Average => combined.judged,
        _ => actual,
    };
    let status = match (phase, judged) {
        (Phase::Upcoming, _) => Status::Upcoming,
        (Phase::Closed, None) => Status::Missed,
        (Phase::Closed, Some(value)) => {
            if stretch_reached(value.0) {
                Status::Exceeded
            } else if reaches(goal.direction, value.0, target) {
                Status::Met
            } else {
                Status::Missed
            }
        }
        (Phase::Open, None) => Status::Behind,
        (Phase::Open, Some(value)) if goal.aggregate == Aggregate::Sum => {
            let pace = Pace {
                actual: value.0,
                target,
                elapsed: Decimal::from(elapsed_days),
                total: Decimal::from(period_days),
                at_risk,
            };
            // An as-of date before the first working day: nothing to
            // project from yet.
            projected = (elapsed_days > 0).then(|| pace.projected());
            match goal.direction {
                Direction::AtLeast if stretch_reached(value.0) => Status::Exceeded,
                Direction::AtLeast if value.0 >= target => Status::Met,
                Direction::AtMost if value.0 > target => Status::Missed,
                direction => pace.status(direction),
            }
        }
        (Phase::Open, Some(value)) => {
            // A running max only grows and a running min only shrinks, so
            // reaching the target with them is a final, early hit.
            let permanent = matches!(
                (goal.direction, goal.aggregate),
                (Direction::AtLeast, Aggregate::Max) | (Direction::AtMost, Aggregate::Min)
            );
            if permanent && stretch_reached(value.0) {
                Status::Exceeded
            } else if permanent && reaches(goal.direction, value.0, target) {
                Status::Met
            } else {
                let current = Pace {
                    actual: value.0,
                    target,
                    elapsed: Decimal::ONE,
                    total: Decimal::ONE,
                    at_risk,
                };
                current.status(goal.direction)
            }
        }
    };

    Evaluation {
        phase,
        actual,
        attainment: attainment(goal.direction, actual, goal.target),
        gap: actual.map(|a| Amount(target.saturating_sub(a.0))),
        projected,
        status,
        elapsed_days,
        period_days,
        result_count: combined.count,
    }
}

/// Pace of an open period: `actual` after `elapsed` of `total` days,
/// compared by cross-multiplication so that boundaries are exact.
struct Pace {
    actual: Decimal,
    target: Decimal,
    elapsed: Decimal,
    total: Decimal,
    at_risk: Decimal,
}

impl Pace {
    /// `actual / f` with `f = elapsed / total`, to the cent.
    fn projected(&self) -> Amount {
        let scaled = self.actual.saturating_mul(self.total);
        let value = scaled.checked_div(self.elapsed).unwrap_or(scaled);
        Amount(
            value
                .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
                .normalize(),
        )
    }

    fn status(&self, direction: Direction) -> Status {
        // projected = actual * total / elapsed, kept as a fraction.
        let projected_num = self.actual.saturating_mul(self.total);
        let target_num = self.target.saturating_mul(self.elapsed);
        match direction {
            Direction::AtLeast => {
                if projected_num >= target_num {
                    Status::OnTrack
                } else if projected_num >= self.at_risk.saturating_mul(target_num) {
                    Status::AtRisk
                } else {
                    Status::Behind
                }
            }
            // Mirrored: attainment is target / projected.
            Direction::AtMost => {
                if projected_num <= target_num {
                    Status::OnTrack
                } else if target_num >= self.at_risk.saturating_mul(projected_num) {
                    Status::AtRisk
                } else {
                    Status::Behind
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn amount(text: &str) -> Amount {
        text.parse().unwrap()
    }

    fn goal(target: &str, direction: Direction, aggregate: Aggregate) -> Goal {
        Goal {
            id: "east-revenue-2026-q3".into(),
            title: "East revenue".into(),
            owner: "east".into(),
            metric: "revenue".into(),
            unit: "USD".into(),
            period: "2026-Q3".into(),
            target: amount(target),
            stretch: None,
            direction,
            aggregate,
            tags: vec![],
            created: Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap(),
        }
    }

    fn record(id: u64, date: NaiveDate, value: &str) -> Record {
        Record {
            id: crate::domain::ids::Id(id.to_string().into()),
            owner: "east".into(),
            metric: "revenue".into(),
            goal: None,
            date,
            value: amount(value),
            note: None,
            reference: None,
        }
    }

    fn q3() -> Period {
        Period::from_label("2026-Q3", 1).unwrap()
    }

    fn eval(goal: &Goal, records: &[Record], as_of: NaiveDate) -> Evaluation {
        evaluate(
            goal,
            &q3(),
            records,
            as_of,
            Decimal::new(9, 1),
            &WorkCalendar::calendar(),
        )
    }

    #[test]
    fn aggregates_combine_results() {
        let rs = [
            record(1, d(2026, 7, 5), "10"),
            record(2, d(2026, 8, 5), "40"),
            record(3, d(2026, 8, 5), "25"),
            record(4, d(2026, 7, 9), "5"),
        ];
        assert_eq!(combine(Aggregate::Sum, &rs), Some(amount("80")));
        assert_eq!(combine(Aggregate::Latest, &rs), Some(amount("25")));
        assert_eq!(combine(Aggregate::Average, &rs), Some(amount("20")));
        assert_eq!(combine(Aggregate::Max, &rs), Some(amount("40")));
        assert_eq!(combine(Aggregate::Min, &rs), Some(amount("5")));
        assert_eq!(combine(Aggregate::Sum, &[]), Some(Amount::ZERO));
        assert_eq!(combine(Aggregate::Average, &[]), None);
        let thirds = [
            record(1, d(2026, 7, 1), "1"),
            record(2, d(2026, 7, 1), "1"),
            record(3, d(2026, 7, 1), "2"),
        ];
        assert_eq!(
            combine(Aggregate::Average, &thirds),
            Some(amount("1.333333"))
        );
    }

    #[test]
    fn closed_periods_are_met_missed_or_exceeded() {
        let after = d(2026, 10, 1);
        let mut g = goal("100", Direction::AtLeast, Aggregate::Sum);
        g.stretch = Some(amount("120"));
        assert_eq!(
            eval(&g, &[record(1, d(2026, 7, 1), "99.99")], after).status,
            Status::Missed
        );
        assert_eq!(
            eval(&g, &[record(1, d(2026, 7, 1), "100")], after).status,
            Status::Met
        );
        assert_eq!(
            eval(&g, &[record(1, d(2026, 7, 1), "120")], after).status,
            Status::Exceeded
        );
        let e = eval(&g, &[record(1, d(2026, 7, 1), "60")], after);
        assert_eq!(e.attainment, Some(Decimal::new(6, 1)));
        assert_eq!(e.gap, Some(amount("40")));
        assert_eq!(e.projected, None);
        assert_eq!(eval(&g, &[], after).status, Status::Missed);
    }

    #[test]
    fn at_most_goals_mirror_the_rules() {
        let after = d(2026, 10, 1);
        let g = goal("5", Direction::AtMost, Aggregate::Latest);
        let e = eval(&g, &[record(1, d(2026, 9, 1), "4")], after);
        assert_eq!(e.status, Status::Met);
        assert_eq!(e.attainment, Some(Decimal::new(125, 2)));
        assert_eq!(e.gap, Some(amount("1")));
        let over = eval(&g, &[record(1, d(2026, 9, 1), "6.25")], after);
        assert_eq!(over.status, Status::Missed);
        assert_eq!(over.attainment, Some(Decimal::new(8, 1)));
        assert_eq!(over.gap, Some(amount("-1.25")));
        let zero = eval(&g, &[record(1, d(2026, 9, 1), "0")], after);
        assert_eq!(zero.status, Status::Met);
        assert_eq!(zero.attainment, None);
    }

    #[test]
    fn open_sum_goals_are_judged_on_pace_at_exact_boundaries() {
        // 2026-08-15 is day 46 of 92: half the quarter.
        let mid = d(2026, 8, 15);
        let g = goal("100", Direction::AtLeast, Aggregate::Sum);
        let status = |v: &str| eval(&g, &[record(1, d(2026, 7, 2), v)], mid).status;
        assert_eq!(status("100"), Status::Met);
        assert_eq!(status("50"), Status::OnTrack);
        assert_eq!(status("49.99"), Status::AtRisk);
        assert_eq!(status("45"), Status::AtRisk);
        assert_eq!(status("44.99"), Status::Behind);
        let e = eval(&g, &[record(1, d(2026, 7, 2), "45")], mid);
        assert_eq!(e.projected, Some(amount("90")));
        assert_eq!((e.elapsed_days, e.period_days), (46, 92));
    }

    #[test]
    fn business_pace_counts_working_days_and_a_saturday_adds_none() {
        use crate::domain::pace::{Holiday, PaceMode, Workdays};
        // Q3 2026 on Monday to Friday, less Friday 3 July and Monday
        // 7 September: 64 working days. Saturday 4 July: 1 and 2 July
        // elapsed, 2 of 64 (in calendar days, 4 of 92).
        let holidays = [
            Holiday {
                date: d(2026, 7, 3),
                name: None,
            },
            Holiday {
                date: d(2026, 9, 7),
                name: Some("Labor Day".into()),
            },
        ];
        let days = WorkCalendar {
            mode: PaceMode::Business,
            workdays: Workdays::default(),
            holidays: &holidays,
        };
        let g = goal("300", Direction::AtLeast, Aggregate::Sum);
        let rs = [record(1, d(2026, 7, 2), "10")];
        let saturday = d(2026, 7, 4);
        let business = evaluate(&g, &q3(), &rs, saturday, Decimal::new(9, 1), &days);
        assert_eq!((business.elapsed_days, business.period_days), (2, 64));
        // 10 / (2/64) = 320: on track for 300.
        assert_eq!(business.projected, Some(amount("320")));
        assert_eq!(business.status, Status::OnTrack);
        let calendar = eval(&g, &rs, saturday);
        assert_eq!((calendar.elapsed_days, calendar.period_days), (4, 92));
        // 10 / (4/92) = 230: behind 300 (230 < 270).
        assert_eq!(calendar.projected, Some(amount("230")));
        assert_eq!(calendar.status, Status::Behind);
        // Before the first working day nothing is projected, and nothing
        // is behind yet.
        let weekend = Period::from_label("2026-08-01..2026-08-31", 1).unwrap();
        let early = evaluate(&g, &weekend, &[], d(2026, 8, 2), Decimal::new(9, 1), &days);
        assert_eq!(
            (early.elapsed_days, early.period_days, early.projected),
            (0, 21, None)
        );
        assert_eq!(early.status, Status::OnTrack);
    }

    #[test]
    fn open_at_most_sum_goals_mirror_pace() {
        let mid = d(2026, 8, 15);
        let g = goal("100", Direction::AtMost, Aggregate::Sum);
        let status = |v: &str| eval(&g, &[record(1, d(2026, 7, 2), v)], mid).status;
        assert_eq!(status("50"), Status::OnTrack);
        // projected 110 -> attainment 100/110 = 0.909 >= 0.9
        assert_eq!(status("55"), Status::AtRisk);
        // projected 112 -> attainment 0.89
        assert_eq!(status("56"), Status::Behind);
        assert_eq!(status("100.01"), Status::Missed);
    }

    #[test]
    fn open_other_aggregates_compare_the_current_value() {
        let mid = d(2026, 8, 15);
        let g = goal("4.5", Direction::AtLeast, Aggregate::Average);
        let status = |v: &str| eval(&g, &[record(1, d(2026, 7, 2), v)], mid).status;
        assert_eq!(status("4.5"), Status::OnTrack);
        assert_eq!(status("4.05"), Status::AtRisk);
        assert_eq!(status("4.04"), Status::Behind);
        assert_eq!(eval(&g, &[], mid).status, Status::Behind);
        let max = goal("10", Direction::AtLeast, Aggregate::Max);
        assert_eq!(
            eval(&max, &[record(1, d(2026, 7, 2), "10")], mid).status,
            Status::Met
        );
    }

    #[test]
    fn upcoming_periods_are_upcoming() {
        let g = goal("100", Direction::AtLeast, Aggregate::Sum);
        let e = eval(&g, &[], d(2026, 6, 30));
        assert_eq!(e.status, Status::Upcoming);
        assert_eq!(e.elapsed_days, 0);
    }

    #[test]
    fn zero_targets_have_no_ratio() {
        assert_eq!(
            attainment(Direction::AtLeast, Some(amount("5")), Amount::ZERO),
            None
        );
        assert_eq!(attainment(Direction::AtLeast, None, amount("5")), None);
    }
}
