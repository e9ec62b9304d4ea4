//! Rolling goals into another period: `goal roll`, and step 4 of a review
//! rolling the missed goal into the next period.

use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, Utc};
use rust_decimal::{Decimal, RoundingStrategy};

use super::goal_period;
use crate::domain::amount::{Amount, MAX_SCALE};
use crate::domain::goal::Goal;
use crate::domain::period::Period;
use crate::store::Document;

/// A copy of `source` in another period, created `now`: id and title
/// follow the period.
pub fn rolled(
    document: &Document,
    source: &Goal,
    period: &Period,
    now: DateTime<Utc>,
) -> Result<Goal> {
    let old = goal_period(document, source)?;
    let mut goal = source.clone();
    goal.id = rolled_id(&source.id, &old, period);
    goal.title = retitled(&source.title, &old.label, &period.label);
    goal.period = period.label.clone();
    goal.created = now;
    Ok(goal)
}

/// A title with the old period swapped for the new one, as a label
/// ("2026-Q4") or as people write a quarter or half ("Q4 2026").
pub fn retitled(title: &str, old: &str, new: &str) -> String {
    let title = title.replace(old, new);
    match (spoken(old), spoken(new)) {
        (Some(old), Some(new)) => title.replace(&old, &new),
        (Some(old), None) => title.replace(&old, new),
        _ => title,
    }
}

/// "Q4 2026" for "2026-Q4", "H1 2027" for "2027-H1".
fn spoken(label: &str) -> Option<String> {
    let (year, part) = label.split_once('-')?;
    let valid = year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && part.len() == 2
        && matches!(part.as_bytes()[0], b'Q' | b'H')
        && part.as_bytes()[1].is_ascii_digit();
    valid.then(|| format!("{part} {year}"))
}

/// The rolled goal's id: the old period's slug swapped for the new one, or
/// the new slug appended.
pub fn rolled_id(id: &str, old: &Period, new: &Period) -> String {
    let old_slug = old.slug();
    match id.strip_suffix(&old_slug) {
        Some(stem) => format!("{stem}{}", new.slug()),
        None => format!("{id}-{}", new.slug()),
    }
}

/// `--adjust`: a percentage (`+10%`, `-5%`) or an amount (`+20k`).
#[derive(Debug, Clone, PartialEq)]
pub enum Adjustment {
    Percent(Decimal),
    Amount(Decimal),
}

impl Adjustment {
    pub fn parse(text: &str) -> Result<Adjustment> {
        let trimmed = text.trim();
        let bad = || anyhow!("--adjust: '{text}' is not an adjustment; write +10%, -5% or +20k");
        if let Some(number) = trimmed.strip_suffix('%') {
            let value = number.parse::<Amount>().map_err(|_| bad())?;
            Ok(Adjustment::Percent(value.0))
        } else {
            let value = trimmed.parse::<Amount>().map_err(|_| bad())?;
            Ok(Adjustment::Amount(value.0))
        }
    }

    /// The adjusted target; refused below 0 or beyond the amounts a file
    /// holds.
    pub fn apply(&self, target: Amount) -> Result<Amount> {
        let value = match self {
            Adjustment::Percent(p) => target
                .0
                .checked_mul(Decimal::ONE_HUNDRED + p)
                .map(|v| v / Decimal::ONE_HUNDRED),
            Adjustment::Amount(a) => target.0.checked_add(*a),
        };
        let value = value.ok_or_else(|| anyhow!("--adjust makes a target too large"))?;
        let value = value.round_dp_with_strategy(MAX_SCALE, RoundingStrategy::MidpointAwayFromZero);
        let amount = Amount(value.normalize());
        if amount.is_negative() {
            bail!("--adjust would make a target of {amount}, below 0");
        }
        amount
            .check_limits(&amount.canonical())
            .map_err(|e| anyhow!("--adjust: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn titles_follow_the_period_as_labels_or_as_spoken() {
        assert_eq!(
            retitled("Maria Chen - Q4 2026 revenue", "2026-Q4", "2027-Q1"),
            "Maria Chen - Q1 2027 revenue"
        );
        assert_eq!(
            retitled("Maria Chen revenue 2026-Q4", "2026-Q4", "2027-Q1"),
            "Maria Chen revenue 2027-Q1"
        );
        assert_eq!(retitled("H2 2026 push", "2026-H2", "2027"), "2027 push");
        assert_eq!(
            retitled("Q1 2026 plan", "2026-11", "2026-12"),
            "Q1 2026 plan"
        );
        assert_eq!(spoken("2026-Q4").as_deref(), Some("Q4 2026"));
        assert_eq!(spoken("2026-W48"), None);
        assert_eq!(spoken("FY2026-Q1"), None);
    }

    #[test]
    fn adjustments_change_targets_exactly() {
        let target: Amount = "100000".parse().unwrap();
        let up = Adjustment::parse("+10%").unwrap();
        assert_eq!(up, Adjustment::Percent(Decimal::TEN));
        assert_eq!(up.apply(target).unwrap().canonical(), "110000");
        let down = Adjustment::parse("-5%").unwrap();
        assert_eq!(down.apply(target).unwrap().canonical(), "95000");
        let down = Adjustment::parse("-2.5%").unwrap();
        assert_eq!(down.apply(target).unwrap().canonical(), "97500");
        let plus = Adjustment::parse("+20k").unwrap();
        assert_eq!(plus, Adjustment::Amount(Decimal::from(20_000)));
        assert_eq!(plus.apply(target).unwrap().canonical(), "120000");
        let minus = Adjustment::parse(" -20k ").unwrap();
        assert_eq!(minus.apply(target).unwrap().canonical(), "80000");
    }

    #[test]
    fn adjustments_that_make_no_target_are_refused() {
        let target: Amount = "100000".parse().unwrap();
        for text in ["lots", "%", "ten%", ""] {
            let error = Adjustment::parse(text).unwrap_err().to_string();
            assert_eq!(
                error,
                format!("--adjust: '{text}' is not an adjustment; write +10%, -5% or +20k")
            );
        }
        let error = Adjustment::parse("-200%")
            .unwrap()
            .apply(target)
            .unwrap_err()
            .to_string();
        assert_eq!(error, "--adjust would make a target of -100000, below 0");
        assert!(
            Adjustment::parse("-200k")
                .unwrap()
                .apply(target)
                .unwrap_err()
                .to_string()
                .contains("below 0")
        );
    }

    #[test]
    fn rolled_ids_swap_the_period() {
        let q3 = Period::from_label("2026-Q3", 1).unwrap();
        let q4 = Period::from_label("2026-Q4", 1).unwrap();
        assert_eq!(
            rolled_id("east-revenue-2026-q3", &q3, &q4),
            "east-revenue-2026-q4"
        );
        assert_eq!(rolled_id("east-big", &q3, &q4), "east-big-2026-q4");
        let year = Period::from_label("2027", 1).unwrap();
        assert_eq!(
            rolled_id("east-revenue-2026-q3", &q3, &year),
            "east-revenue-2027"
        );
    }

    #[test]
    fn a_rolled_goal_follows_the_period_and_is_created_now() {
        let now = Utc.with_ymd_and_hms(2026, 10, 2, 9, 30, 0).unwrap();
        let mut document = Document::default();
        let source = Goal {
            id: "east-revenue-2026-q3".into(),
            title: "East revenue 2026-Q3".into(),
            owner: "east".into(),
            metric: "revenue".into(),
            unit: "USD".into(),
            period: "2026-Q3".into(),
            target: "100000".parse().unwrap(),
            stretch: None,
            direction: Default::default(),
            aggregate: Default::default(),
            tags: vec!["enterprise".into()],
            created: Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap(),
        };
        document.goals.push(source.clone());
        let q4 = Period::from_label("2026-Q4", 1).unwrap();
        let goal = rolled(&document, &source, &q4, now).unwrap();
        assert_eq!(goal.id, "east-revenue-2026-q4");
        assert_eq!(goal.title, "East revenue 2026-Q4");
        assert_eq!(goal.period, "2026-Q4");
        assert_eq!(goal.created, now);
        assert_eq!(goal.target, source.target);
        assert_eq!(goal.tags, source.tags);
    }
}
