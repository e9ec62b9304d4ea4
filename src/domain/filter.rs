//! The filters every listing command shares: `--period`, `--owner`,
//! `--team`, `--metric`, `--tag`, `--status`. Owners and teams are matched
//! by the identity rule ([`super::org::slug`]): `Maria Chen` is
//! `maria-chen`.

use chrono::NaiveDate;

use super::attainment::Status;
use super::goal::Goal;
use super::period::{Period, PeriodError};

/// Filters as typed, before the period label is resolved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FilterSpec {
    pub period: Option<String>,
    pub owner: Option<String>,
    pub team: Option<String>,
    pub metric: Option<String>,
    pub tag: Option<String>,
    pub statuses: Vec<Status>,
}

impl FilterSpec {
    pub fn resolve(&self, as_of: NaiveDate, fiscal_start: u32) -> Result<Filter, PeriodError> {
        let period = self
            .period
            .as_deref()
            .map(|label| Period::parse(label, as_of, fiscal_start))
            .transpose()?;
        Ok(Filter {
            period,
            owner: self.owner.as_deref().map(owner_id),
            team: self.team.as_deref().map(owner_id),
            metric: self.metric.clone(),
            tag: self.tag.clone(),
            statuses: self.statuses.clone(),
        })
    }
}

/// Resolved filters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Goals whose period lies within this one.
    pub period: Option<Period>,
    /// The owner's id.
    pub owner: Option<String>,
    /// Goals whose owner lies in this team's scope (checked by the core,
    /// which knows the teams).
    pub team: Option<String>,
    pub metric: Option<String>,
    pub tag: Option<String>,
    /// Any of these statuses; empty means any status.
    pub statuses: Vec<Status>,
}

/// The id an owner typed in a filter stands for: itself when it is an id,
/// else its slug.
fn owner_id(typed: &str) -> String {
    let typed = typed.trim();
    if super::goal::is_valid_id(typed) {
        typed.to_string()
    } else {
        super::org::slug(typed)
    }
}

impl Filter {
    /// Whether a goal passes the filters that do not need its evaluation.
    pub fn selects(&self, goal: &Goal, period: &Period) -> bool {
        self.period.as_ref().is_none_or(|p| p.covers(period))
            && self.owner.as_ref().is_none_or(|o| *o == goal.owner)
            && self
                .metric
                .as_ref()
                .is_none_or(|m| m.eq_ignore_ascii_case(&goal.metric))
            && self
                .tag
                .as_ref()
                .is_none_or(|t| goal.tags.iter().any(|g| g.eq_ignore_ascii_case(t)))
    }

    pub fn selects_status(&self, status: Status) -> bool {
        self.statuses.is_empty() || self.statuses.contains(&status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::amount::Amount;
    use crate::domain::goal::{Aggregate, Direction};
    use chrono::{TimeZone, Utc};

    fn goal(owner: &str, period: &str) -> (Goal, Period) {
        let g = Goal {
            id: "g".into(),
            title: "g".into(),
            owner: owner.into(),
            metric: "revenue".into(),
            unit: "USD".into(),
            period: period.into(),
            target: Amount::ZERO,
            stretch: None,
            direction: Direction::AtLeast,
            aggregate: Aggregate::Sum,
            tags: vec!["West".into()],
            created: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        };
        let p = Period::from_label(period, 1).unwrap();
        (g, p)
    }

    #[test]
    fn a_period_filter_selects_goals_inside_it() {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let spec = FilterSpec {
            period: Some("2026-Q3".into()),
            ..FilterSpec::default()
        };
        let filter = spec.resolve(as_of, 1).unwrap();
        let (g, p) = goal("east", "2026-08");
        assert!(filter.selects(&g, &p));
        let (g, p) = goal("east", "2026-Q3");
        assert!(filter.selects(&g, &p));
        let (g, p) = goal("east", "2026");
        assert!(!filter.selects(&g, &p));
    }

    #[test]
    fn owners_match_by_the_identity_rule_and_tags_without_case() {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let spec = FilterSpec {
            owner: Some("Maria Chen".into()),
            tag: Some("west".into()),
            ..FilterSpec::default()
        };
        let filter = spec.resolve(as_of, 1).unwrap();
        let (g, p) = goal("maria-chen", "2026");
        assert!(filter.selects(&g, &p));
        let (g, p) = goal("north", "2026");
        assert!(!filter.selects(&g, &p));
    }
}
