//! The leaderboard: owners ranked by the attainment of their goal of one
//! metric and period, with the spread a sales org judges a quarter by: how
//! many are at quota, the median, and the bands.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use super::GoalRow;

/// The attainment bands, each holding its lower edge: below 50%, 50-75,
/// 75-90, 90-100, 100-110, 110-125, 125% and over.
pub const BAND_EDGES: [Decimal; 6] = [
    Decimal::from_parts(50, 0, 0, false, 2),
    Decimal::from_parts(75, 0, 0, false, 2),
    Decimal::from_parts(90, 0, 0, false, 2),
    Decimal::ONE,
    Decimal::from_parts(110, 0, 0, false, 2),
    Decimal::from_parts(125, 0, 0, false, 2),
];

/// What comp practitioners expect at quota: roughly 55-65% of reps.
pub const EXPECTED_SHARE: (Decimal, Decimal) = (
    Decimal::from_parts(55, 0, 0, false, 2),
    Decimal::from_parts(65, 0, 0, false, 2),
);

/// One ranked goal.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// 1-based; equal attainment shares a rank (1, 2, 2, 4).
    pub rank: usize,
    pub row: GoalRow<'a>,
}

/// What the spread says about the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    /// Too few owners to say.
    Unknown,
    /// Well below the expected share: targets may be set too high.
    Low,
    Expected,
    /// Well above: targets may be set too low.
    High,
    /// Many far below and many far above: uneven territories.
    TwoHumped,
}

impl Health {
    pub fn name(self) -> &'static str {
        match self {
            Health::Unknown => "unknown",
            Health::Low => "low",
            Health::Expected => "expected",
            Health::High => "high",
            Health::TwoHumped => "two-humped",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Board<'a> {
    pub entries: Vec<Entry<'a>>,
    /// Met or exceeded.
    pub at_quota: usize,
    pub total: usize,
    /// The middle attainment (the mean of the two middle ones for an even
    /// count); `None` without any.
    pub median: Option<Decimal>,
    /// Counts per band, in [`BAND_EDGES`] order (7 bands).
    pub bands: [usize; 7],
    pub health: Health,
}

/// The band an attainment falls in (0 to 6).
pub fn band(attainment: Decimal) -> usize {
    BAND_EDGES
        .iter()
        .filter(|edge| attainment >= **edge)
        .count()
}

/// The middle value of sorted values; the mean of the two middle ones for
/// an even count.
pub fn median(sorted: &[Decimal]) -> Option<Decimal> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / Decimal::TWO),
    }
}

/// How attainment ranks a goal: its ratio, or for a goal without one, first
/// when met (it beat every threshold) and last otherwise.
fn score(row: &GoalRow) -> (u8, Decimal) {
    match row.evaluation.attainment {
        Some(ratio) => (1, ratio),
        None if row.evaluation.status.is_success() => (2, Decimal::ZERO),
        None => (0, Decimal::ZERO),
    }
}

/// Keeps one goal per owner, the first by id: the goals a board ranks.
pub fn one_per_owner(rows: &mut Vec<GoalRow<'_>>) {
    rows.sort_by(|a, b| (&a.goal.owner, &a.goal.id).cmp(&(&b.goal.owner, &b.goal.id)));
    rows.dedup_by(|b, a| a.goal.owner == b.goal.owner);
}

/// The rank each goal has on its own leaderboard (its period exactly, its
/// metric, people or teams, one goal per owner), by goal id; a goal another
/// of its owner's goals stands for on that board has none.
pub fn ranks<'a>(rows: &[GoalRow<'a>]) -> HashMap<&'a str, usize> {
    let mut boards: BTreeMap<_, Vec<GoalRow<'a>>> = BTreeMap::new();
    for row in rows {
        let key = (
            row.period.start,
            row.period.end,
            row.goal.metric.as_str(),
            row.owner_is_team,
        );
        boards.entry(key).or_default().push(row.clone());
    }
    let mut ranks = HashMap::new();
    for (_, mut rows) in boards {
        one_per_owner(&mut rows);
        for entry in board(rows).entries {
            ranks.insert(entry.row.goal.id.as_str(), entry.rank);
        }
    }
    ranks
}

/// Ranks `rows` (already one goal per owner), best first.
pub fn board(mut rows: Vec<GoalRow<'_>>) -> Board<'_> {
    rows.sort_by(|a, b| {
        score(b)
            .cmp(&score(a))
            .then_with(|| a.owner_name.cmp(b.owner_name))
    });
    let mut entries: Vec<Entry> = Vec::with_capacity(rows.len());
    for (i, row) in rows.into_iter().enumerate() {
        let rank = match entries.last() {
            Some(last) if score(&last.row) == score(&row) => last.rank,
            _ => i + 1,
        };
        entries.push(Entry { rank, row });
    }
    let total = entries.len();
    let at_quota = entries
        .iter()
        .filter(|e| e.row.evaluation.status.is_success())
        .count();
    let mut ratios: Vec<Decimal> = entries
        .iter()
        .filter_map(|e| e.row.evaluation.attainment)
        .collect();
    ratios.sort();
    let mut bands = [0usize; 7];
    for ratio in &ratios {
        bands[band(*ratio)] += 1;
    }
    Board {
        health: health(at_quota, total, &bands),
        median: median(&ratios),
        entries,
        at_quota,
        total,
        bands,
    }
}

/// The plan-health verdict: a quarter of the owners below 75% and a
/// quarter at 110% or more with fewer between is two-humped; else the share
/// at quota against the expected 55-65%, "well" meaning 10 points off.
pub fn health(at_quota: usize, total: usize, bands: &[usize; 7]) -> Health {
    if total < 4 {
        return Health::Unknown;
    }
    let low: usize = bands[..2].iter().sum();
    let middle: usize = bands[2..5].iter().sum();
    let high: usize = bands[5..].iter().sum();
    if low * 4 >= total && high * 4 >= total && middle < low.min(high) {
        return Health::TwoHumped;
    }
    let share = Decimal::from(at_quota) / Decimal::from(total);
    let margin = Decimal::from_parts(10, 0, 0, false, 2);
    if share < EXPECTED_SHARE.0 - margin {
        Health::Low
    } else if share > EXPECTED_SHARE.1 + margin {
        Health::High
    } else {
        Health::Expected
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn each_band_holds_its_lower_edge() {
        assert_eq!(band(d("0")), 0);
        assert_eq!(band(d("0.4999")), 0);
        assert_eq!(band(d("0.5")), 1);
        assert_eq!(band(d("0.75")), 2);
        assert_eq!(band(d("0.8999")), 2);
        assert_eq!(band(d("0.9")), 3);
        assert_eq!(band(d("0.9999")), 3);
        assert_eq!(band(d("1")), 4);
        assert_eq!(band(d("1.1")), 5);
        assert_eq!(band(d("1.2499")), 5);
        assert_eq!(band(d("1.25")), 6);
        assert_eq!(band(d("3")), 6);
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[d("0.8")]), Some(d("0.8")));
        assert_eq!(median(&[d("0.8"), d("0.9"), d("1.4")]), Some(d("0.9")));
        assert_eq!(
            median(&[d("0.5"), d("0.8"), d("1.1"), d("2")]),
            Some(d("0.95"))
        );
    }

    #[test]
    fn the_plan_health_reads_the_share_and_the_shape() {
        // 6 of 10 at quota, bunched around 100%: as expected.
        assert_eq!(health(6, 10, &[0, 0, 2, 2, 4, 2, 0]), Health::Expected);
        // 4.4 of 10 (below 45%) is well below; 7.6 of 10 well above.
        assert_eq!(health(4, 10, &[0, 2, 2, 2, 4, 0, 0]), Health::Low);
        assert_eq!(health(5, 10, &[0, 2, 1, 2, 5, 0, 0]), Health::Expected);
        assert_eq!(health(8, 10, &[0, 0, 0, 2, 4, 4, 0]), Health::High);
        assert_eq!(health(7, 10, &[0, 0, 1, 2, 4, 3, 0]), Health::Expected);
        // Three far below, three far above, two between: two humps.
        assert_eq!(health(4, 8, &[2, 1, 1, 1, 0, 1, 2]), Health::TwoHumped);
        assert_eq!(health(2, 3, &[0, 0, 1, 0, 2, 0, 0]), Health::Unknown);
        let names = [
            Health::Unknown,
            Health::Low,
            Health::Expected,
            Health::High,
            Health::TwoHumped,
        ]
        .map(Health::name);
        assert_eq!(names, ["unknown", "low", "expected", "high", "two-humped"]);
    }
}
