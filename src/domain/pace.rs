//! Which days count toward a period's pace: every calendar day, or only the
//! working days (settings `workdays` minus the file's holidays).

use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::period::Period;

/// How the elapsed fraction of an open period is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PaceMode {
    /// Every day of the period counts.
    #[default]
    Calendar,
    /// Only working days count: the workdays, minus holidays.
    Business,
}

impl PaceMode {
    pub fn name(self) -> &'static str {
        match self {
            PaceMode::Calendar => "calendar",
            PaceMode::Business => "business",
        }
    }

    pub fn is_calendar(&self) -> bool {
        *self == PaceMode::Calendar
    }
}

impl fmt::Display for PaceMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The days of the week that are working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Workdays([bool; 7]);

impl Default for Workdays {
    /// Monday to Friday.
    fn default() -> Self {
        Workdays([true, true, true, true, true, false, false])
    }
}

impl Workdays {
    pub fn is_default(&self) -> bool {
        *self == Workdays::default()
    }

    pub fn contains(&self, day: Weekday) -> bool {
        self.0[day.num_days_from_monday() as usize]
    }

    /// How many days of the week are working days.
    pub fn per_week(&self) -> i64 {
        self.0.iter().filter(|on| **on).count() as i64
    }

    /// The working days' short names, Monday first (`mon`, `tue`, ...).
    pub fn names(&self) -> Vec<&'static str> {
        DAY_NAMES
            .iter()
            .zip(self.0)
            .filter(|(_, on)| *on)
            .map(|(name, _)| *name)
            .collect()
    }

    /// Parses `mon-fri` (a range, Monday first), `mon,tue,wed` (a list) or
    /// a mix of both (`mon-wed,sat`); day names are their first three
    /// letters or in full, in any case.
    pub fn parse(text: &str) -> Result<Workdays, String> {
        let mut days = [false; 7];
        for part in text.split(',').map(str::trim) {
            if part.is_empty() {
                return Err(format!(
                    "'{text}' lists no day; use day names such as mon-fri or mon,tue,wed,thu,fri"
                ));
            }
            let (from, to) = match part.split_once('-') {
                Some((from, to)) => (day_index(from.trim())?, day_index(to.trim())?),
                None => (day_index(part)?, day_index(part)?),
            };
            if from > to {
                return Err(format!(
                    "'{part}' runs backwards; a range goes from Monday toward Sunday, e.g. mon-fri"
                ));
            }
            for day in &mut days[from..=to] {
                *day = true;
            }
        }
        Ok(Workdays(days))
    }
}

/// `mon`, `Monday`, `TUE` as 0 to 6 from Monday.
fn day_index(text: &str) -> Result<usize, String> {
    let lower = text.to_ascii_lowercase();
    DAY_NAMES
        .iter()
        .position(|name| lower.len() >= 3 && weekday_name(name).starts_with(&lower))
        .ok_or_else(|| {
            format!("'{text}' is not a day of the week; use mon, tue, wed, thu, fri, sat or sun")
        })
}

fn weekday_name(short: &str) -> &'static str {
    match short {
        "mon" => "monday",
        "tue" => "tuesday",
        "wed" => "wednesday",
        "thu" => "thursday",
        "fri" => "friday",
        "sat" => "saturday",
        _ => "sunday",
    }
}

impl fmt::Display for Workdays {
    /// `Mon-Fri` for a run of days, else `Mon, Wed, Fri`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let title = |short: &str| {
            let mut name = short.to_string();
            name[..1].make_ascii_uppercase();
            name
        };
        let on: Vec<usize> = (0..7).filter(|i| self.0[*i]).collect();
        match on.as_slice() {
            [] => f.write_str("none"),
            [one] => f.write_str(&title(DAY_NAMES[*one])),
            [first, .., last] if last - first + 1 == on.len() => {
                write!(
                    f,
                    "{}-{}",
                    title(DAY_NAMES[*first]),
                    title(DAY_NAMES[*last])
                )
            }
            _ => {
                let names: Vec<String> = on.iter().map(|i| title(DAY_NAMES[*i])).collect();
                f.write_str(&names.join(", "))
            }
        }
    }
}

impl Serialize for Workdays {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.names().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Workdays {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let names: Vec<String> = Vec::deserialize(deserializer)?;
        Workdays::parse(&names.join(",")).map_err(D::Error::custom)
    }
}

/// A day off that would otherwise be a working day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    #[serde(with = "super::goal::iso_date")]
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The days that count toward pace under one set of settings.
#[derive(Debug, Clone, Copy)]
pub struct WorkCalendar<'a> {
    pub mode: PaceMode,
    pub workdays: Workdays,
    /// Sorted by date, one per date.
    pub holidays: &'a [Holiday],
}

impl WorkCalendar<'static> {
    /// Every day counts.
    pub fn calendar() -> Self {
        WorkCalendar {
            mode: PaceMode::Calendar,
            workdays: Workdays::default(),
            holidays: &[],
        }
    }
}

impl WorkCalendar<'_> {
    /// Whether `date` counts: any day in calendar mode; a workday that is no
    /// holiday in business mode.
    pub fn counts(&self, date: NaiveDate) -> bool {
        match self.mode {
            PaceMode::Calendar => true,
            PaceMode::Business => {
                self.workdays.contains(date.weekday())
                    && self
                        .holidays
                        .binary_search_by_key(&date, |h| h.date)
                        .is_err()
            }
        }
    }

    /// The days that count from `from` to `to`, both inclusive (0 when
    /// `from` is after `to`). Whole weeks are counted at once, so a long
    /// custom period costs no more than a short one.
    pub fn count(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if from > to {
            return 0;
        }
        let span = (to - from).num_days() + 1;
        if self.mode == PaceMode::Calendar {
            return span;
        }
        let weeks = span / 7;
        let first = from.weekday().num_days_from_monday() as i64;
        let rest = (0..span % 7)
            .filter(|i| self.workdays.0[((first + i) % 7) as usize])
            .count() as i64;
        let off = self
            .holidays
            .iter()
            .filter(|h| from <= h.date && h.date <= to && self.workdays.contains(h.date.weekday()))
            .count() as i64;
        weeks * self.workdays.per_week() + rest - off
    }

    /// The days of `period` that count up to and including `as_of`, and
    /// all the days of the period that count. A period with no working day
    /// at all is counted in calendar days, so that its pace is defined.
    pub fn elapsed(&self, period: &Period, as_of: NaiveDate) -> (i64, i64) {
        let total = self.count(period.start, period.end);
        if total == 0 {
            return WorkCalendar::calendar().elapsed(period, as_of);
        }
        (self.count(period.start, as_of.min(period.end)), total)
    }

    /// The days of `period` that count from `as_of` (included when it
    /// counts) to the end; the whole period before it starts.
    pub fn remaining(&self, period: &Period, as_of: NaiveDate) -> i64 {
        self.count(as_of.max(period.start), period.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_calendar_days_and_monday_to_friday() {
        assert_eq!(PaceMode::Calendar.name(), "calendar");
        assert_eq!(PaceMode::Business.to_string(), "business");
        assert!(PaceMode::Calendar.is_calendar());
        assert!(!PaceMode::Business.is_calendar());
        assert!(Workdays::default().is_default());
        assert!(
            !Workdays::parse("mon,tue,wed,thu,fri,sat")
                .unwrap()
                .is_default()
        );
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn range(start: NaiveDate, end: NaiveDate) -> Period {
        Period::from_label(&format!("{start}..{end}"), 1).unwrap()
    }

    fn holiday(date: NaiveDate) -> Holiday {
        Holiday { date, name: None }
    }

    fn business(holidays: &[Holiday]) -> WorkCalendar<'_> {
        WorkCalendar {
            mode: PaceMode::Business,
            workdays: Workdays::default(),
            holidays,
        }
    }

    #[test]
    fn weekends_do_not_count() {
        let days = business(&[]);
        // 2026-11-02 is a Monday; 2026-11-29 a Sunday: four weeks.
        assert_eq!(days.count(d(2026, 11, 2), d(2026, 11, 29)), 20);
        // November 2026: Sunday 1st to Monday 30th.
        assert_eq!(days.count(d(2026, 11, 1), d(2026, 11, 30)), 21);
        assert_eq!(days.count(d(2026, 11, 7), d(2026, 11, 8)), 0);
        assert_eq!(days.count(d(2026, 11, 8), d(2026, 11, 7)), 0);
        assert_eq!(
            WorkCalendar::calendar().count(d(2026, 11, 1), d(2026, 11, 30)),
            30
        );
    }

    #[test]
    fn a_holiday_on_a_working_day_does_not_count_and_one_on_a_weekend_changes_nothing() {
        // Thursday 2026-11-26 and Saturday 2026-11-28.
        let holidays = [holiday(d(2026, 11, 26)), holiday(d(2026, 11, 28))];
        let days = business(&holidays);
        assert_eq!(days.count(d(2026, 11, 1), d(2026, 11, 30)), 20);
        assert!(!days.counts(d(2026, 11, 26)));
        assert!(days.counts(d(2026, 11, 27)));
        assert_eq!(days.count(d(2026, 11, 27), d(2026, 11, 30)), 2);
    }

    #[test]
    fn the_elapsed_fraction_counts_working_days_and_a_saturday_adds_none() {
        let holidays = [holiday(d(2026, 11, 26))];
        let days = business(&holidays);
        let november = range(d(2026, 11, 1), d(2026, 11, 30));
        // Friday the 13th: 10 working days (2-6, 9-13) of 20.
        assert_eq!(days.elapsed(&november, d(2026, 11, 13)), (10, 20));
        // Saturday the 14th adds none.
        assert_eq!(days.elapsed(&november, d(2026, 11, 14)), (10, 20));
        assert_eq!(days.remaining(&november, d(2026, 11, 14)), 10);
        // Friday the 13th itself still counts as remaining.
        assert_eq!(days.remaining(&november, d(2026, 11, 13)), 11);
        // Past the end: all of them elapsed, none remaining.
        assert_eq!(days.elapsed(&november, d(2026, 12, 5)), (20, 20));
        assert_eq!(days.remaining(&november, d(2026, 12, 5)), 0);
        // Before the start: none elapsed, all remaining.
        assert_eq!(days.remaining(&november, d(2026, 10, 20)), 20);
    }

    #[test]
    fn a_period_with_no_working_day_is_paced_in_calendar_days() {
        let days = business(&[]);
        let weekend = range(d(2026, 11, 7), d(2026, 11, 8));
        assert_eq!(days.elapsed(&weekend, d(2026, 11, 7)), (1, 2));
        assert_eq!(days.remaining(&weekend, d(2026, 11, 7)), 0);
        let holidays = [holiday(d(2026, 12, 25))];
        let christmas = range(d(2026, 12, 25), d(2026, 12, 25));
        assert_eq!(
            business(&holidays).elapsed(&christmas, d(2026, 12, 25)),
            (1, 1)
        );
    }

    #[test]
    fn workdays_parse_ranges_and_lists() {
        assert_eq!(Workdays::parse("mon-fri").unwrap(), Workdays::default());
        assert_eq!(
            Workdays::parse("Monday-Friday").unwrap(),
            Workdays::default()
        );
        let six = Workdays::parse("mon,tue,wed,thu,fri,sat").unwrap();
        assert_eq!(six.names(), ["mon", "tue", "wed", "thu", "fri", "sat"]);
        assert_eq!(six.to_string(), "Mon-Sat");
        let odd = Workdays::parse("mon, wed ,fri").unwrap();
        assert_eq!(odd.to_string(), "Mon, Wed, Fri");
        assert_eq!(odd.per_week(), 3);
        assert_eq!(
            Workdays::parse("mon,funday").unwrap_err(),
            "'funday' is not a day of the week; use mon, tue, wed, thu, fri, sat or sun"
        );
        assert!(Workdays::parse("fri-mon").is_err());
        assert!(Workdays::parse("").is_err());
        assert!(Workdays::parse("mo").is_err());
    }

    #[test]
    fn other_workdays_count_their_own_days() {
        let days = WorkCalendar {
            mode: PaceMode::Business,
            workdays: Workdays::parse("mon-sat").unwrap(),
            holidays: &[],
        };
        assert_eq!(days.count(d(2026, 11, 1), d(2026, 11, 30)), 25);
    }
}
