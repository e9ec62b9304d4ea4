//! A trend: one owner's goals of one metric over consecutive periods, and
//! how attainment changed from each period to the next. It answers "is
//! Maria getting better?".

use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{GoalRow, evaluate_goals};
use crate::domain::filter::FilterSpec;
use crate::domain::period::Period;
use crate::store::Document;

/// How long each period of a trend is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    Month,
    Quarter,
    Year,
}

impl Every {
    pub const ALL: [Every; 3] = [Every::Month, Every::Quarter, Every::Year];

    pub fn name(self) -> &'static str {
        match self {
            Every::Month => "month",
            Every::Quarter => "quarter",
            Every::Year => "year",
        }
    }
}

/// One period of a trend.
#[derive(Debug, Clone)]
pub struct Point<'a> {
    pub period: Period,
    /// The owner's goal of the metric for exactly this period, if any.
    pub row: Option<GoalRow<'a>>,
    /// Attainment minus the previous period's (both with a ratio).
    pub change: Option<Decimal>,
}

/// The `count` consecutive periods of kind `every` ending with the one
/// holding `as_of`, oldest first.
pub fn periods(every: Every, count: usize, as_of: NaiveDate, fiscal: u32) -> Result<Vec<Period>> {
    let label = match every {
        Every::Month => "this-month",
        Every::Quarter => "this-quarter",
        Every::Year => "this-year",
    };
    let mut current = Period::parse(label, as_of, fiscal)
        .map_err(|e| anyhow!("the current {}: {e}", every.name()))?;
    let mut out = vec![current.clone()];
    while out.len() < count {
        match current.previous(fiscal) {
            Some(previous) => {
                out.push(previous.clone());
                current = previous;
            }
            None => break,
        }
    }
    out.reverse();
    Ok(out)
}

/// The owner's trend in `metric` over `periods`.
pub fn trend<'a>(
    document: &'a Document,
    owner: &str,
    metric: &str,
    periods: Vec<Period>,
    as_of: NaiveDate,
) -> Result<Vec<Point<'a>>> {
    let spec = FilterSpec {
        metric: Some(metric.to_string()),
        ..FilterSpec::default()
    };
    let rows: Vec<GoalRow<'a>> = evaluate_goals(document, &spec, as_of)?
        .into_iter()
        .filter(|row| row.goal.owner == owner)
        .collect();
    let mut points: Vec<Point<'a>> = Vec::with_capacity(periods.len());
    for period in periods {
        let row = rows
            .iter()
            .filter(|r| r.period.start == period.start && r.period.end == period.end)
            .min_by(|a, b| a.goal.id.cmp(&b.goal.id))
            .cloned();
        let change = changed(points.last().and_then(|p| p.row.as_ref()), row.as_ref());
        points.push(Point {
            period,
            row,
            change,
        });
    }
    Ok(points)
}

/// This attainment minus the one before, when both have a ratio.
fn changed(before: Option<&GoalRow>, now: Option<&GoalRow>) -> Option<Decimal> {
    let before = before?.evaluation.attainment?;
    let now = now?.evaluation.attainment?;
    Some(now - before)
}

/// Eight-level bars for a series of ratios, scaled to the largest; a gap is
/// a space.
pub fn sparkline(values: &[Option<Decimal>]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let top = values
        .iter()
        .flatten()
        .copied()
        .max()
        .unwrap_or(Decimal::ZERO);
    values
        .iter()
        .map(|value| match value {
            None => ' ',
            Some(_) if top <= Decimal::ZERO => BARS[0],
            Some(v) => {
                let level = (*v.max(&Decimal::ZERO) / top * Decimal::from(7))
                    .round()
                    .to_string()
                    .parse::<usize>()
                    .unwrap_or(0);
                BARS[level.min(7)]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn periods_end_with_the_one_holding_the_as_of_date() {
        let labels = |every, n| -> Vec<String> {
            periods(every, n, date(2026, 11, 27), 1)
                .unwrap()
                .into_iter()
                .map(|p| p.label)
                .collect()
        };
        assert_eq!(
            labels(Every::Quarter, 4),
            ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
        );
        assert_eq!(labels(Every::Month, 3), ["2026-09", "2026-10", "2026-11"]);
        assert_eq!(labels(Every::Year, 2), ["2025", "2026"]);
        assert_eq!(labels(Every::Quarter, 1), ["2026-Q4"]);
    }

    #[test]
    fn sparklines_scale_to_the_largest_value() {
        let d = |t: &str| Some(t.parse::<Decimal>().unwrap());
        assert_eq!(sparkline(&[d("0.5"), d("1"), None, d("0")]), "▅█ ▁");
        assert_eq!(sparkline(&[d("0"), d("0")]), "▁▁");
        assert_eq!(sparkline(&[]), "");
    }
}
