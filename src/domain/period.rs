//! Period labels and the inclusive date ranges they name.

use std::fmt;

use chrono::{Datelike, Months, NaiveDate, Weekday};

use crate::domain::text::echo;

/// The forms a period label may take, listed in every parse error.
pub const ACCEPTED_FORMS: &str = "2026, 2026-H1, 2026-Q3, 2026-11, 2026-W48, FY2026, FY2026-H1, \
FY2026-Q1, 2026-07-01..2026-09-30, this-week, last-week, next-week, this-month, last-month, \
next-month, this-quarter, last-quarter, next-quarter, this-year, last-year, next-year, \
this-fiscal-quarter, last-fiscal-quarter, next-fiscal-quarter, this-fiscal-year, \
last-fiscal-year or next-fiscal-year";

/// The period names that resolve against the as-of date, as a user types
/// them (shell completion offers them).
pub const RELATIVE_NAMES: [&str; 18] = [
    "this-week",
    "last-week",
    "next-week",
    "this-month",
    "last-month",
    "next-month",
    "this-quarter",
    "last-quarter",
    "next-quarter",
    "this-year",
    "last-year",
    "next-year",
    "this-fiscal-quarter",
    "last-fiscal-quarter",
    "next-fiscal-quarter",
    "this-fiscal-year",
    "last-fiscal-year",
    "next-fiscal-year",
];

/// A period resolved to a canonical label and an inclusive date range.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Period {
    /// The canonical label, as stored in the file (`2026-Q3`, `FY2027-Q1`).
    pub label: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub kind: PeriodKind,
}

/// What sort of period a label names; two periods of the same kind and
/// length follow one another in a streak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodKind {
    Year,
    Half,
    Quarter,
    Month,
    Week,
    FiscalYear,
    FiscalHalf,
    FiscalQuarter,
    Custom,
}

/// Where the as-of date falls relative to a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The as-of date is before the period starts.
    Upcoming,
    /// The as-of date is inside the period.
    Open,
    /// The as-of date is after the period ends.
    Closed,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error(
        "'{}' is not a period; {}use one of: {ACCEPTED_FORMS}",
        echo(.label),
        .suggestion.as_ref().map(|s| format!("did you mean {s}? ")).unwrap_or_default()
    )]
    Unknown {
        label: String,
        /// The label it most likely meant (`2026-Q3` for `Q3 2026`).
        suggestion: Option<String>,
    },
    #[error(
        "'{label}' as of {as_of} falls outside the years attain handles ({FIRST_YEAR} to \
         {LAST_YEAR}); name a period inside them"
    )]
    OutOfRange { label: String, as_of: NaiveDate },
}

/// The first and last calendar years a period or date may fall in: four
/// digits, with a year to spare at the top for "next year".
pub const FIRST_YEAR: i32 = 1000;
pub const LAST_YEAR: i32 = 9998;

impl Period {
    /// Resolves a label typed by a user. Relative names use `as_of`; fiscal
    /// labels use the fiscal-year start month (1 = January).
    pub fn parse(input: &str, as_of: NaiveDate, fiscal_start: u32) -> Result<Period, PeriodError> {
        let out_of_range = || PeriodError::OutOfRange {
            label: input.trim().to_string(),
            as_of,
        };
        let text = input.trim();
        let upper = text.to_ascii_uppercase();
        let parsed = match relative(&upper, as_of, fiscal_start) {
            Some(label) => label.and_then(|label| {
                parse_absolute(&label, &label.to_ascii_uppercase(), fiscal_start)
            }),
            None => {
                return parse_absolute(text, &upper, fiscal_start).ok_or_else(|| {
                    PeriodError::Unknown {
                        label: input.to_string(),
                        suggestion: suggestion(text, as_of),
                    }
                });
            }
        };
        // A relative name can reach past the years a label can be written
        // in (last year, as of 1000-01-15); refuse it rather than store a
        // label that does not read back.
        parsed
            .filter(|p| Period::from_label(&p.label, fiscal_start).as_ref() == Ok(p))
            .ok_or_else(out_of_range)
    }

    /// Re-resolves a canonical label stored in the file.
    pub fn from_label(label: &str, fiscal_start: u32) -> Result<Period, PeriodError> {
        let upper = label.to_ascii_uppercase();
        parse_absolute(label.trim(), &upper, fiscal_start).ok_or_else(|| PeriodError::Unknown {
            label: label.to_string(),
            suggestion: None,
        })
    }

    /// Number of days in the period, counting both ends.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// True when `other` lies wholly inside this period.
    pub fn covers(&self, other: &Period) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn phase(&self, as_of: NaiveDate) -> Phase {
        if as_of < self.start {
            Phase::Upcoming
        } else if as_of > self.end {
            Phase::Closed
        } else {
            Phase::Open
        }
    }

    /// Days from the start up to and including `as_of`, capped to the period.
    pub fn elapsed_days(&self, as_of: NaiveDate) -> i64 {
        let last = as_of.min(self.end);
        ((last - self.start).num_days() + 1).clamp(0, self.days())
    }

    /// The period of the same kind that comes just before this one.
    pub fn previous(&self, fiscal_start: u32) -> Option<Period> {
        let day_before = self.start.pred_opt()?;
        self.same_kind_containing(day_before, fiscal_start)
    }

    /// The period of the same kind that comes just after this one.
    pub fn next(&self, fiscal_start: u32) -> Option<Period> {
        let day_after = self.end.succ_opt()?;
        self.same_kind_containing(day_after, fiscal_start)
    }

    fn same_kind_containing(&self, date: NaiveDate, fiscal_start: u32) -> Option<Period> {
        match self.kind {
            PeriodKind::Year => year(date.year()),
            PeriodKind::Half => half(date.year(), date.month0() / 6 + 1),
            PeriodKind::Quarter => quarter(date.year(), date.month0() / 3 + 1),
            PeriodKind::Month => month(date.year(), date.month()),
            PeriodKind::Week => {
                let week = date.iso_week();
                iso_week(week.year(), week.week())
            }
            PeriodKind::FiscalYear | PeriodKind::FiscalHalf | PeriodKind::FiscalQuarter => {
                let (fy, month_index) = fiscal_position(date, fiscal_start);
                match self.kind {
                    PeriodKind::FiscalYear => fiscal_year(fy, fiscal_start),
                    PeriodKind::FiscalHalf => fiscal_part(fy, month_index / 6 + 1, 6, fiscal_start),
                    _ => fiscal_part(fy, month_index / 3 + 1, 3, fiscal_start),
                }
            }
            PeriodKind::Custom => {
                let days = self.days();
                let (start, end) = if date < self.start {
                    (
                        date.checked_sub_days(chrono::Days::new(days as u64 - 1))?,
                        date,
                    )
                } else {
                    (
                        date,
                        date.checked_add_days(chrono::Days::new(days as u64 - 1))?,
                    )
                };
                Some(custom(start, end))
            }
        }
    }

    /// A short slug of the label for goal ids (`2026-q3`, `fy2027-q1`).
    pub fn slug(&self) -> String {
        self.label.to_ascii_lowercase()
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

fn parse_absolute(text: &str, upper: &str, fiscal_start: u32) -> Option<Period> {
    if let Some((a, b)) = text.split_once("..") {
        let start = parse_iso_date(a.trim())?;
        let end = parse_iso_date(b.trim())?;
        return (start <= end).then(|| custom(start, end));
    }
    if let Some(fiscal) = upper.strip_prefix("FY") {
        let (y, part) = match fiscal.split_once('-') {
            Some((y, part)) => (y, Some(part)),
            None => (fiscal, None),
        };
        let fy = parse_year(y)?;
        return match part {
            None => fiscal_year(fy, fiscal_start),
            Some(p) => {
                if let Some(q) = p.strip_prefix('Q') {
                    fiscal_part(fy, parse_small(q, 1, 4)?, 3, fiscal_start)
                } else if let Some(h) = p.strip_prefix('H') {
                    fiscal_part(fy, parse_small(h, 1, 2)?, 6, fiscal_start)
                } else {
                    None
                }
            }
        };
    }
    let (y, part) = match upper.split_once('-') {
        Some((y, part)) => (y, Some(part)),
        None => (upper, None),
    };
    let y = parse_year(y)?;
    match part {
        None => year(y),
        Some(p) => {
            if let Some(q) = p.strip_prefix('Q') {
                quarter(y, parse_small(q, 1, 4)?)
            } else if let Some(h) = p.strip_prefix('H') {
                half(y, parse_small(h, 1, 2)?)
            } else if let Some(w) = p.strip_prefix('W') {
                if w.len() != 2 {
                    return None;
                }
                iso_week(y, parse_small(w, 1, 53)?)
            } else if p.len() == 2 {
                month(y, parse_small(p, 1, 12)?)
            } else {
                None
            }
        }
    }
}

/// Parses a strict `YYYY-MM-DD` date (no other layout, no out-of-range day).
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let y = parse_year(&text[0..4])?;
    let m = parse_small(&text[5..7], 1, 12)?;
    let d = parse_small(&text[8..10], 1, 31)?;
    NaiveDate::from_ymd_opt(y, m, d)
}

fn parse_year(text: &str) -> Option<i32> {
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = text.parse().ok()?;
    (FIRST_YEAR..=LAST_YEAR).contains(&y).then_some(y)
}

fn parse_small(text: &str, min: u32, max: u32) -> Option<u32> {
    if text.is_empty() || text.len() > 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = text.parse().ok()?;
    (min..=max).contains(&n).then_some(n)
}

/// The absolute label a relative name stands for on `as_of`: `None` when
/// the text is not a relative name, `Some(None)` when its date falls
/// outside the calendar.
fn relative(upper: &str, as_of: NaiveDate, fiscal_start: u32) -> Option<Option<String>> {
    let (when, unit) = upper.split_once('-')?;
    let step: i32 = match when {
        "THIS" => 0,
        "LAST" => -1,
        "NEXT" => 1,
        _ => return None,
    };
    let months = |n: i32| {
        let first = first_of_month(as_of);
        if n >= 0 {
            first.checked_add_months(Months::new(n as u32))
        } else {
            first.checked_sub_months(Months::new(n.unsigned_abs()))
        }
    };
    let label = match unit {
        "WEEK" => {
            let day = as_of.checked_add_signed(chrono::Duration::days(7 * i64::from(step)));
            day.map(|d| {
                let week = d.iso_week();
                format!("{}-W{:02}", week.year(), week.week())
            })
        }
        "MONTH" => months(step).map(|d| format!("{}-{:02}", d.year(), d.month())),
        "QUARTER" => months(3 * step).map(|d| format!("{}-Q{}", d.year(), d.month0() / 3 + 1)),
        "YEAR" => Some(format!("{}", as_of.year() + step)),
        "FISCAL-QUARTER" => months(3 * step).map(|d| {
            let (fy, index) = fiscal_position(d, fiscal_start);
            format!("FY{fy}-Q{}", index / 3 + 1)
        }),
        "FISCAL-YEAR" => {
            months(12 * step).map(|d| format!("FY{}", fiscal_position(d, fiscal_start).0))
        }
        _ => return None,
    };
    Some(label)
}

/// A label a mistyped period most likely meant: `Q3 2026`, `2026Q3`,
/// `Q3-2026` and `2026 Q3` are `2026-Q3` (halves too), a bare `q3` is this
/// year's.
fn suggestion(text: &str, as_of: NaiveDate) -> Option<String> {
    let cleaned: String = text
        .to_ascii_uppercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let part_at = cleaned.find(['Q', 'H'])?;
    let part = &cleaned[part_at..part_at + 2.min(cleaned.len() - part_at)];
    let rest = format!(
        "{}{}",
        &cleaned[..part_at],
        &cleaned[part_at + part.len()..]
    );
    let digit = part.chars().nth(1)?;
    let valid = match part.as_bytes()[0] {
        b'Q' => ('1'..='4').contains(&digit),
        _ => ('1'..='2').contains(&digit),
    };
    if !valid {
        return None;
    }
    let year = match rest.len() {
        0 => as_of.year().to_string(),
        4 if rest.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => return None,
    };
    Some(format!("{year}-{part}"))
}

fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// The range of `months` months starting on the first of `start_month`.
fn months_from(y: i32, start_month: u32, months: u32) -> Option<(NaiveDate, NaiveDate)> {
    let start = NaiveDate::from_ymd_opt(y, start_month, 1)?;
    let end = start.checked_add_months(Months::new(months))?.pred_opt()?;
    Some((start, end))
}

fn year(y: i32) -> Option<Period> {
    let (start, end) = months_from(y, 1, 12)?;
    Some(period(format!("{y}"), start, end, PeriodKind::Year))
}

fn half(y: i32, h: u32) -> Option<Period> {
    let (start, end) = months_from(y, (h - 1) * 6 + 1, 6)?;
    Some(period(format!("{y}-H{h}"), start, end, PeriodKind::Half))
}

fn quarter(y: i32, q: u32) -> Option<Period> {
    let (start, end) = months_from(y, (q - 1) * 3 + 1, 3)?;
    Some(period(format!("{y}-Q{q}"), start, end, PeriodKind::Quarter))
}

fn month(y: i32, m: u32) -> Option<Period> {
    let (start, end) = months_from(y, m, 1)?;
    Some(period(format!("{y}-{m:02}"), start, end, PeriodKind::Month))
}

fn iso_week(y: i32, w: u32) -> Option<Period> {
    let start = NaiveDate::from_isoywd_opt(y, w, Weekday::Mon)?;
    let end = NaiveDate::from_isoywd_opt(y, w, Weekday::Sun)?;
    Some(period(format!("{y}-W{w:02}"), start, end, PeriodKind::Week))
}

/// A fiscal year is named by the calendar year in which it ends.
fn fiscal_year_start(fy: i32, fiscal_start: u32) -> Option<NaiveDate> {
    let first_year = if fiscal_start == 1 { fy } else { fy - 1 };
    NaiveDate::from_ymd_opt(first_year, fiscal_start, 1)
}

fn fiscal_year(fy: i32, fiscal_start: u32) -> Option<Period> {
    let start = fiscal_year_start(fy, fiscal_start)?;
    let end = start.checked_add_months(Months::new(12))?.pred_opt()?;
    Some(period(
        format!("FY{fy}"),
        start,
        end,
        PeriodKind::FiscalYear,
    ))
}

/// The `part`-th block of `months` months of fiscal year `fy`.
fn fiscal_part(fy: i32, part: u32, months: u32, fiscal_start: u32) -> Option<Period> {
    let start = fiscal_year_start(fy, fiscal_start)?
        .checked_add_months(Months::new((part - 1) * months))?;
    let end = start.checked_add_months(Months::new(months))?.pred_opt()?;
    let (label, kind) = if months == 3 {
        (format!("FY{fy}-Q{part}"), PeriodKind::FiscalQuarter)
    } else {
        (format!("FY{fy}-H{part}"), PeriodKind::FiscalHalf)
    };
    Some(period(label, start, end, kind))
}

/// The fiscal year holding `date` and the date's month index (0-11) in it.
fn fiscal_position(date: NaiveDate, fiscal_start: u32) -> (i32, u32) {
    let month_index = (date.month() + 12 - fiscal_start) % 12;
    let fy = if fiscal_start == 1 || date.month() < fiscal_start {
        date.year()
    } else {
        date.year() + 1
    };
    (fy, month_index)
}

fn custom(start: NaiveDate, end: NaiveDate) -> Period {
    let label = format!("{}..{}", start.format("%Y-%m-%d"), end.format("%Y-%m-%d"));
    period(label, start, end, PeriodKind::Custom)
}

fn period(label: String, start: NaiveDate, end: NaiveDate, kind: PeriodKind) -> Period {
    Period {
        label,
        start,
        end,
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn range(label: &str, fiscal_start: u32) -> (String, NaiveDate, NaiveDate) {
        let p = Period::parse(label, d(2026, 11, 27), fiscal_start).unwrap();
        (p.label, p.start, p.end)
    }

    #[test]
    fn calendar_labels_resolve_to_inclusive_ranges() {
        assert_eq!(
            range("2026", 1),
            ("2026".into(), d(2026, 1, 1), d(2026, 12, 31))
        );
        assert_eq!(
            range("2026-H1", 1),
            ("2026-H1".into(), d(2026, 1, 1), d(2026, 6, 30))
        );
        assert_eq!(
            range("2026-h2", 1),
            ("2026-H2".into(), d(2026, 7, 1), d(2026, 12, 31))
        );
        assert_eq!(
            range("2026-Q3", 1),
            ("2026-Q3".into(), d(2026, 7, 1), d(2026, 9, 30))
        );
        assert_eq!(
            range("2026-11", 1),
            ("2026-11".into(), d(2026, 11, 1), d(2026, 11, 30))
        );
        assert_eq!(
            range("2028-02", 1),
            ("2028-02".into(), d(2028, 2, 1), d(2028, 2, 29))
        );
        assert_eq!(
            range("2026-W48", 1),
            ("2026-W48".into(), d(2026, 11, 23), d(2026, 11, 29))
        );
        assert_eq!(
            range("2026-W01", 1),
            ("2026-W01".into(), d(2025, 12, 29), d(2026, 1, 4))
        );
    }

    #[test]
    fn fiscal_years_are_named_by_the_year_they_end_in() {
        assert_eq!(
            range("FY2026", 1),
            ("FY2026".into(), d(2026, 1, 1), d(2026, 12, 31))
        );
        assert_eq!(
            range("FY2026", 4),
            ("FY2026".into(), d(2025, 4, 1), d(2026, 3, 31))
        );
        assert_eq!(
            range("fy2026-q1", 4),
            ("FY2026-Q1".into(), d(2025, 4, 1), d(2025, 6, 30))
        );
        assert_eq!(
            range("FY2026-Q4", 4),
            ("FY2026-Q4".into(), d(2026, 1, 1), d(2026, 3, 31))
        );
        assert_eq!(
            range("FY2027-H1", 7),
            ("FY2027-H1".into(), d(2026, 7, 1), d(2026, 12, 31))
        );
        assert_eq!(
            range("FY2026-Q1", 1),
            ("FY2026-Q1".into(), d(2026, 1, 1), d(2026, 3, 31))
        );
    }

    #[test]
    fn custom_ranges_keep_their_dates() {
        assert_eq!(
            range("2026-07-01..2026-09-30", 1),
            (
                "2026-07-01..2026-09-30".into(),
                d(2026, 7, 1),
                d(2026, 9, 30)
            )
        );
        assert!(Period::parse("2026-09-30..2026-07-01", d(2026, 1, 1), 1).is_err());
    }

    #[test]
    fn next_week_and_fiscal_names_resolve_too() {
        assert_eq!(range("this-week", 1).0, "2026-W48");
        assert_eq!(range("last-week", 1).0, "2026-W47");
        assert_eq!(range("next-week", 1).0, "2026-W49");
        assert_eq!(range("next-month", 1).0, "2026-12");
        assert_eq!(range("next-quarter", 1).0, "2027-Q1");
        assert_eq!(range("next-year", 1).0, "2027");
        // An April fiscal start: 2026-11 is in FY2027, its third quarter.
        assert_eq!(range("this-fiscal-quarter", 4).0, "FY2027-Q3");
        assert_eq!(range("last-fiscal-quarter", 4).0, "FY2027-Q2");
        assert_eq!(range("next-fiscal-quarter", 4).0, "FY2027-Q4");
        assert_eq!(range("this-fiscal-year", 4).0, "FY2027");
        assert_eq!(range("last-fiscal-year", 4).0, "FY2026");
        assert_eq!(range("NEXT-FISCAL-YEAR", 4).0, "FY2028");
    }

    #[test]
    fn a_near_miss_gets_a_suggestion() {
        let suggest = |text: &str| suggestion(text, d(2026, 11, 27));
        assert_eq!(suggest("Q3 2026").as_deref(), Some("2026-Q3"));
        assert_eq!(suggest("2026Q3").as_deref(), Some("2026-Q3"));
        assert_eq!(suggest("q3-2026").as_deref(), Some("2026-Q3"));
        assert_eq!(suggest("h1 2027").as_deref(), Some("2027-H1"));
        assert_eq!(suggest("q3").as_deref(), Some("2026-Q3"));
        assert_eq!(suggest("Q5 2026"), None);
        assert_eq!(suggest("H3"), None);
        assert_eq!(suggest("soon"), None);
        let error = Period::parse("Q3 2026", d(2026, 11, 27), 1)
            .unwrap_err()
            .to_string();
        assert!(error.contains("did you mean 2026-Q3?"), "{error}");
    }

    #[test]
    fn relative_names_resolve_against_the_as_of_date() {
        assert_eq!(range("this-month", 1).0, "2026-11");
        assert_eq!(range("last-month", 1).0, "2026-10");
        assert_eq!(range("this-quarter", 1).0, "2026-Q4");
        assert_eq!(range("last-quarter", 1).0, "2026-Q3");
        assert_eq!(range("this-year", 1).0, "2026");
        assert_eq!(range("last-year", 1).0, "2025");
        let jan = d(2026, 1, 15);
        assert_eq!(
            Period::parse("last-month", jan, 1).unwrap().label,
            "2025-12"
        );
        assert_eq!(
            Period::parse("last-quarter", jan, 1).unwrap().label,
            "2025-Q4"
        );
    }

    #[test]
    fn every_relative_name_parses_and_is_listed_in_the_accepted_forms() {
        for name in RELATIVE_NAMES {
            assert!(Period::parse(name, d(2026, 11, 27), 1).is_ok(), "{name}");
            assert!(ACCEPTED_FORMS.contains(name), "{name}");
        }
    }

    #[test]
    fn invalid_labels_are_refused_with_the_accepted_forms() {
        for bad in [
            "",
            "2026-Q5",
            "2026-Q0",
            "2026-13",
            "2026-W54",
            "2025-W53",
            "26-Q1",
            "2026-1",
            "FY2026-Q5",
            "next-decade",
            "2026-02-30..2026-03-01",
            "Q3",
            "2026-H3",
            "FY26",
        ] {
            let err = Period::parse(bad, d(2026, 11, 27), 1).unwrap_err();
            assert!(err.to_string().contains("2026-W48"), "{bad}: {err}");
        }
        // A year has a 53rd ISO week only when it starts on a Thursday (or a
        // leap year on a Wednesday): 2026 does, 2025 does not.
        assert!(Period::parse("2026-W53", d(2026, 1, 1), 1).is_ok());
    }

    #[test]
    fn phases_and_elapsed_days() {
        let q3 = Period::parse("2026-Q3", d(2026, 1, 1), 1).unwrap();
        assert_eq!(q3.days(), 92);
        assert_eq!(q3.phase(d(2026, 6, 30)), Phase::Upcoming);
        assert_eq!(q3.phase(d(2026, 7, 1)), Phase::Open);
        assert_eq!(q3.phase(d(2026, 9, 30)), Phase::Open);
        assert_eq!(q3.phase(d(2026, 10, 1)), Phase::Closed);
        assert_eq!(q3.elapsed_days(d(2026, 7, 1)), 1);
        assert_eq!(q3.elapsed_days(d(2026, 8, 15)), 46);
        assert_eq!(q3.elapsed_days(d(2027, 1, 1)), 92);
    }

    #[test]
    fn neighbours_are_of_the_same_kind() {
        let q1 = Period::parse("2026-Q1", d(2026, 1, 1), 1).unwrap();
        assert_eq!(q1.previous(1).unwrap().label, "2025-Q4");
        assert_eq!(q1.next(1).unwrap().label, "2026-Q2");
        let fq = Period::parse("FY2026-Q4", d(2026, 1, 1), 4).unwrap();
        assert_eq!(fq.next(4).unwrap().label, "FY2027-Q1");
        let w1 = Period::parse("2027-W01", d(2026, 1, 1), 1).unwrap();
        assert_eq!(w1.previous(1).unwrap().label, "2026-W53");
        let c = Period::parse("2026-07-01..2026-07-10", d(2026, 1, 1), 1).unwrap();
        assert_eq!(c.next(1).unwrap().label, "2026-07-11..2026-07-20");
    }
}
