//! Learning from a missed target: the four-step review, its action plan,
//! the evidence shown before it and the verdict on progress after it.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::amount::Amount;
use super::attainment::Status;
use super::goal::Record;
use super::ids::Id;
use super::period::Period;

/// The four steps, in order.
pub const STEPS: [&str; 4] = [
    "analyze the cause",
    "identify areas for improvement",
    "create an action plan",
    "track progress",
];

/// Why a target was missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cause {
    Pipeline,
    Conversion,
    DealSize,
    SalesCycle,
    Activity,
    Staffing,
    Market,
    Product,
    Target,
    Other,
}

impl Cause {
    pub const ALL: [Cause; 10] = [
        Cause::Pipeline,
        Cause::Conversion,
        Cause::DealSize,
        Cause::SalesCycle,
        Cause::Activity,
        Cause::Staffing,
        Cause::Market,
        Cause::Product,
        Cause::Target,
        Cause::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Cause::Pipeline => "pipeline",
            Cause::Conversion => "conversion",
            Cause::DealSize => "deal-size",
            Cause::SalesCycle => "sales-cycle",
            Cause::Activity => "activity",
            Cause::Staffing => "staffing",
            Cause::Market => "market",
            Cause::Product => "product",
            Cause::Target => "target",
            Cause::Other => "other",
        }
    }

    /// How the category reads to a person.
    pub fn label(self) -> &'static str {
        match self {
            Cause::Pipeline => "pipeline",
            Cause::Conversion => "conversion",
            Cause::DealSize => "deal size",
            Cause::SalesCycle => "sales cycle",
            Cause::Activity => "activity",
            Cause::Staffing => "staffing",
            Cause::Market => "market or competition",
            Cause::Product => "product or pricing",
            Cause::Target => "target setting",
            Cause::Other => "other",
        }
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for Cause {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let wanted = s.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        let alias = match wanted.as_str() {
            "deal-sizes" | "size" => "deal-size",
            "cycle" | "sales-cycles" => "sales-cycle",
            "competition" | "market-or-competition" => "market",
            "pricing" | "product-or-pricing" => "product",
            "target-setting" | "quota" => "target",
            other => other,
        };
        Cause::ALL
            .into_iter()
            .find(|c| c.name() == alias)
            .ok_or_else(|| {
                let names: Vec<_> = Cause::ALL.iter().map(|c| c.name()).collect();
                format!("'{s}' is not a cause; use one of: {}", names.join(", "))
            })
    }
}

/// Where an action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum ActionStatus {
    #[default]
    Open,
    Doing,
    Done,
    Blocked,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 4] = [
        ActionStatus::Open,
        ActionStatus::Doing,
        ActionStatus::Done,
        ActionStatus::Blocked,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::Doing => "doing",
            ActionStatus::Done => "done",
            ActionStatus::Blocked => "blocked",
        }
    }
}

/// A dated note on an action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckIn {
    #[serde(with = "super::goal::iso_date")]
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ActionStatus>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// One action of a review's plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// Unique across the file, without coordination; see [`Id`].
    pub id: Id,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "optional_date"
    )]
    pub due: Option<NaiveDate>,
    /// How success is measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    #[serde(default)]
    pub status: ActionStatus,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub check_ins: Vec<CheckIn>,
}

impl Action {
    /// Past its due date and not done.
    pub fn is_overdue(&self, as_of: NaiveDate) -> bool {
        self.status != ActionStatus::Done && self.due.is_some_and(|due| due < as_of)
    }
}

/// The review of one missed goal. Steps are completed in order; `steps`
/// counts the completed ones so an interrupted review resumes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// The missed goal's id.
    pub goal: String,
    /// Completed steps, 0 to 4.
    pub steps: u8,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub causes: Vec<Cause>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub why: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub improvements: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
    /// The goal whose numbers show whether the plan works.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "optional_date"
    )]
    pub check_in: Option<NaiveDate>,
    pub started: DateTime<Utc>,
}

impl Review {
    pub fn new(goal: &str, now: DateTime<Utc>) -> Self {
        Review {
            goal: goal.to_string(),
            steps: 0,
            causes: Vec::new(),
            why: String::new(),
            improvements: Vec::new(),
            actions: Vec::new(),
            follow_up: None,
            check_in: None,
            started: now,
        }
    }

    pub fn state(&self) -> ReviewState {
        match self.steps {
            0 => ReviewState::Pending,
            4.. => ReviewState::Complete,
            k => ReviewState::InProgress(k + 1),
        }
    }
}

/// How far a missed goal's review has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewState {
    Pending,
    /// At step k of 4 (the steps before it are done).
    InProgress(u8),
    Complete,
}

impl ReviewState {
    pub fn of(review: Option<&Review>) -> ReviewState {
        review.map_or(ReviewState::Pending, Review::state)
    }

    pub fn name(self) -> &'static str {
        match self {
            ReviewState::Pending => "pending",
            ReviewState::InProgress(_) => "in-progress",
            ReviewState::Complete => "complete",
        }
    }

    pub fn describe(self) -> String {
        match self {
            ReviewState::InProgress(k) => format!("in progress, step {k} of 4"),
            other => other.name().to_string(),
        }
    }
}

/// Results bucketed over the period for the evidence chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bucket {
    pub label: String,
    pub start: NaiveDate,
    pub total: Amount,
    pub count: usize,
}

/// Buckets a period's results by month (periods over 62 days) or by ISO
/// week, so the manager sees when the numbers came in.
pub fn buckets(period: &Period, results: &[&Record]) -> Vec<Bucket> {
    let by_month = period.days() > 62;
    let mut out: Vec<Bucket> = Vec::new();
    let mut day = period.start;
    while day <= period.end {
        let (label, next) = if by_month {
            let label = format!("{}-{:02}", day.year(), day.month());
            let next = day
                .with_day(1)
                .and_then(|d| d.checked_add_months(chrono::Months::new(1)));
            (label, next)
        } else {
            let week = day.iso_week();
            let label = format!("W{:02}", week.week());
            let to_monday = 7 - day.weekday().num_days_from_monday() as u64;
            (label, day.checked_add_days(chrono::Days::new(to_monday)))
        };
        out.push(Bucket {
            label,
            start: day,
            total: Amount::ZERO,
            count: 0,
        });
        match next {
            Some(next) => day = next,
            None => break,
        }
        if out.len() > 400 {
            break;
        }
    }
    for r in results {
        if let Some(bucket) = out.iter_mut().rev().find(|b| b.start <= r.date) {
            bucket.total = Amount(bucket.total.0.saturating_add(r.value.0));
            bucket.count += 1;
        }
    }
    out
}

/// The same owner and metric in the previous period, for comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Previous {
    pub period: String,
    pub count: usize,
    pub average: Option<Amount>,
    pub actual: Option<Amount>,
    pub attainment: Option<Decimal>,
}

/// Summarises a set of results: how many, and their average size.
pub fn count_and_average(results: &[&Record]) -> (usize, Option<Amount>) {
    let count = results.len();
    if count == 0 {
        return (0, None);
    }
    let sum = results
        .iter()
        .fold(Decimal::ZERO, |s, r| s.saturating_add(r.value.0));
    let average = sum
        .checked_div(Decimal::from(count as u64))
        .map(|a| Amount(a.round_dp(2).normalize()));
    (count, average)
}

/// A cause the numbers point at, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub causes: Vec<Cause>,
    pub reason: String,
}

/// Cause hints from the evidence: fewer results than last period points at
/// pipeline or activity; a smaller average at deal size; results bunched at
/// the end of the period at slipped deals or a long cycle; a target far
/// above last period's actual at the target itself.
pub fn cause_hints(
    period: &Period,
    target: Amount,
    results: &[&Record],
    previous: Option<&Previous>,
) -> Vec<Hint> {
    let mut hints = Vec::new();
    let (count, average) = count_and_average(results);
    if let Some(prev) = previous {
        if count < prev.count {
            hints.push(Hint {
                causes: vec![Cause::Pipeline, Cause::Activity],
                reason: format!(
                    "{count} results against {} in {}: fewer deals came through",
                    prev.count, prev.period
                ),
            });
        }
        if let (Some(now), Some(before)) = (average, prev.average)
            && now.0 < before.0
        {
            hints.push(Hint {
                causes: vec![Cause::DealSize],
                reason: format!(
                    "the average result was {now}, down from {before} in {}",
                    prev.period
                ),
            });
        }
        if let Some(before) = prev.actual
            && before.0 > Decimal::ZERO
            && target.0 > before.0 * Decimal::new(125, 2)
        {
            hints.push(Hint {
                causes: vec![Cause::Target],
                reason: format!(
                    "the target {target} was more than 125% of {}'s actual {before}",
                    prev.period
                ),
            });
        }
    }
    // Bunched at the end: over half the value in the last quarter of the
    // period.
    let total = results
        .iter()
        .fold(Decimal::ZERO, |s, r| s.saturating_add(r.value.0));
    if total > Decimal::ZERO && results.len() >= 2 {
        let last_quarter_starts = period.end - chrono::Duration::days(period.days() / 4 - 1);
        let late = results
            .iter()
            .filter(|r| r.date >= last_quarter_starts)
            .fold(Decimal::ZERO, |s, r| s.saturating_add(r.value.0));
        if late * Decimal::TWO > total {
            hints.push(Hint {
                causes: vec![Cause::SalesCycle],
                reason: "over half the value came in the last quarter of the period: deals \
                         slipped or the cycle is long"
                    .to_string(),
            });
        }
    }
    hints
}

/// Step 4 in numbers: is the plan working?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Working,
    NotYet,
    OffTrack,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Working => "working",
            Verdict::NotYet => "not yet",
            Verdict::OffTrack => "off track",
        }
    }
}

/// The verdict from the follow-up goal's status and the actions: off track
/// when the follow-up is behind or missed or an action is overdue; working
/// when the follow-up is met, exceeded or on track; otherwise not yet.
pub fn verdict(follow_up: Option<Status>, overdue: usize) -> Verdict {
    match follow_up {
        Some(Status::Behind | Status::Missed) => Verdict::OffTrack,
        _ if overdue > 0 => Verdict::OffTrack,
        Some(Status::Met | Status::Exceeded | Status::OnTrack) => Verdict::Working,
        _ => Verdict::NotYet,
    }
}

/// Serde helpers for an optional `YYYY-MM-DD` date.
pub mod optional_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct Wrapped(#[serde(with = "crate::domain::goal::iso_date")] NaiveDate);

    pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        date.map(Wrapped).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        Ok(Option::<Wrapped>::deserialize(d)?.map(|w| w.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn record(id: u64, date: NaiveDate, value: &str) -> Record {
        Record {
            id: crate::domain::ids::Id(id.to_string().into()),
            owner: "east".into(),
            metric: "revenue".into(),
            goal: None,
            date,
            value: value.parse().unwrap(),
            note: None,
            reference: None,
        }
    }

    fn q3() -> Period {
        Period::from_label("2026-Q3", 1).unwrap()
    }

    #[test]
    fn causes_parse_from_names_and_aliases() {
        assert_eq!("deal size".parse::<Cause>().unwrap(), Cause::DealSize);
        assert_eq!("Competition".parse::<Cause>().unwrap(), Cause::Market);
        assert_eq!("target-setting".parse::<Cause>().unwrap(), Cause::Target);
        assert!(
            "luck"
                .parse::<Cause>()
                .unwrap_err()
                .contains("pipeline, conversion")
        );
    }

    #[test]
    fn quarters_bucket_by_month_and_months_by_week() {
        let rs = [
            record(1, d(2026, 7, 3), "10"),
            record(2, d(2026, 9, 30), "5"),
            record(3, d(2026, 9, 1), "1"),
        ];
        let refs: Vec<&Record> = rs.iter().collect();
        let months = buckets(&q3(), &refs);
        let labels: Vec<_> = months.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["2026-07", "2026-08", "2026-09"]);
        assert_eq!(months[0].total.canonical(), "10");
        assert_eq!(months[1].count, 0);
        assert_eq!(
            (months[2].total.canonical(), months[2].count),
            ("6".to_string(), 2)
        );
        let nov = Period::from_label("2026-11", 1).unwrap();
        let weeks = buckets(&nov, &[]);
        // 2026-11-01 is a Sunday (W44), then W45..W49 start on Mondays.
        assert_eq!(weeks.first().unwrap().label, "W44");
        assert_eq!(weeks[1].start, d(2026, 11, 2));
        assert_eq!(weeks.len(), 6);
    }

    #[test]
    fn hints_follow_the_numbers() {
        let prev = Previous {
            period: "2026-Q2".into(),
            count: 5,
            average: Some("20".parse().unwrap()),
            actual: Some("100".parse().unwrap()),
            attainment: None,
        };
        let rs = [
            record(1, d(2026, 9, 20), "10"),
            record(2, d(2026, 9, 28), "15"),
            record(3, d(2026, 7, 2), "5"),
        ];
        let refs: Vec<&Record> = rs.iter().collect();
        let hints = cause_hints(&q3(), "130".parse().unwrap(), &refs, Some(&prev));
        let causes: Vec<Vec<Cause>> = hints.iter().map(|h| h.causes.clone()).collect();
        assert_eq!(
            causes,
            vec![
                vec![Cause::Pipeline, Cause::Activity],
                vec![Cause::DealSize],
                vec![Cause::Target],
                vec![Cause::SalesCycle],
            ]
        );
        // Spread evenly, as many and as big as before, a fair target: no hints.
        let even = [
            record(1, d(2026, 7, 2), "20"),
            record(2, d(2026, 7, 20), "20"),
            record(3, d(2026, 8, 10), "20"),
            record(4, d(2026, 8, 30), "20"),
            record(5, d(2026, 9, 10), "20"),
        ];
        let refs: Vec<&Record> = even.iter().collect();
        assert!(cause_hints(&q3(), "110".parse().unwrap(), &refs, Some(&prev)).is_empty());
    }

    #[test]
    fn verdicts() {
        assert_eq!(verdict(Some(Status::OnTrack), 0), Verdict::Working);
        assert_eq!(verdict(Some(Status::OnTrack), 1), Verdict::OffTrack);
        assert_eq!(verdict(Some(Status::Behind), 0), Verdict::OffTrack);
        assert_eq!(verdict(Some(Status::AtRisk), 0), Verdict::NotYet);
        assert_eq!(verdict(Some(Status::Upcoming), 0), Verdict::NotYet);
        assert_eq!(verdict(None, 0), Verdict::NotYet);
    }

    #[test]
    fn review_state_follows_completed_steps() {
        let mut review = Review::new("g", chrono::Utc::now());
        assert_eq!(review.state(), ReviewState::Pending);
        review.steps = 2;
        assert_eq!(review.state(), ReviewState::InProgress(3));
        assert_eq!(review.state().describe(), "in progress, step 3 of 4");
        review.steps = 4;
        assert_eq!(review.state(), ReviewState::Complete);
    }

    #[test]
    fn overdue_means_past_due_and_not_done() {
        let mut action = Action {
            id: Id::from("1"),
            text: "Call lapsed accounts".into(),
            owner: None,
            due: Some(d(2026, 10, 31)),
            measure: None,
            status: ActionStatus::Open,
            check_ins: vec![],
        };
        assert!(!action.is_overdue(d(2026, 10, 31)));
        assert!(action.is_overdue(d(2026, 11, 1)));
        action.status = ActionStatus::Done;
        assert!(!action.is_overdue(d(2026, 11, 1)));
    }
}
