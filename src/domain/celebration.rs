//! Celebrating met targets: tiers, streaks and logged celebrations.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::amount::Amount;
use super::goal::Direction;
use super::ids::Id;
use super::period::Period;

/// Thresholds of the celebration tiers, kept in the file's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierSettings {
    /// Attainment ratio from which a team appreciation event is suggested
    /// (reaching a stretch target earns it too).
    pub event: Amount,
    /// Attainment ratio from which a bonus or other incentive is suggested.
    pub bonus: Amount,
    /// Consecutive met periods that earn public recognition of the streak.
    pub streak: u32,
}

impl Default for TierSettings {
    fn default() -> Self {
        TierSettings {
            event: Amount(Decimal::new(110, 2)),
            bonus: Amount(Decimal::new(125, 2)),
            streak: 3,
        }
    }
}

impl TierSettings {
    /// Thresholds must rise: 1 <= event <= bonus, and a streak of 2 or more.
    pub fn validate(&self) -> Result<(), String> {
        if self.event.0 < Decimal::ONE {
            return Err(format!(
                "the event threshold {} is below 1 (100%); tiers start at a met target",
                self.event
            ));
        }
        if self.bonus.0 < self.event.0 {
            return Err(format!(
                "the bonus threshold {} is below the event threshold {}; thresholds must rise",
                self.bonus, self.event
            ));
        }
        if self.streak < 2 {
            return Err(format!(
                "a streak of {} period(s) is not a streak; use 2 or more",
                self.streak
            ));
        }
        Ok(())
    }
}

/// The kinds of celebration, from the smallest gesture to the largest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    /// Met: a congratulatory email or card.
    Message,
    /// 110%+ or stretch reached: a team appreciation event.
    Event,
    /// 125%+: a bonus or other incentive.
    Bonus,
}

impl Tier {
    pub fn name(self) -> &'static str {
        match self {
            Tier::Message => "message",
            Tier::Event => "event",
            Tier::Bonus => "bonus",
        }
    }

    pub fn suggestion(self) -> &'static str {
        match self {
            Tier::Message => "a congratulatory email or card",
            Tier::Event => "a team appreciation event (a dinner or happy hour)",
            Tier::Bonus => "a bonus or other incentive",
        }
    }

    pub fn benefit(self) -> &'static str {
        match self {
            Tier::Message => "recognition reinforces the behaviour that got there",
            Tier::Event => "team unity and a positive work environment",
            Tier::Bonus => "encourages continued high performance",
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

pub const STREAK_SUGGESTION: &str = "public recognition of the streak";
pub const STREAK_BENEFIT: &str = "morale and motivation";

/// What was done to celebrate: the kinds a log entry may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    #[default]
    Message,
    Event,
    Bonus,
    Other,
}

impl Kind {
    pub const NAMES: [&'static str; 4] = ["message", "event", "bonus", "other"];
    pub const ALL: [Kind; 4] = [Kind::Message, Kind::Event, Kind::Bonus, Kind::Other];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Message => "message",
            Kind::Event => "event",
            Kind::Bonus => "bonus",
            Kind::Other => "other",
        }
    }
}

/// A logged celebration of a met goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Celebration {
    /// Unique without coordination; see [`Id`].
    pub id: Id,
    pub goal: String,
    pub kind: Kind,
    pub note: String,
    #[serde(with = "super::goal::iso_date")]
    pub date: NaiveDate,
}

/// True when `actual` reaches `ratio × target` in the goal's direction,
/// compared exactly (no division).
pub fn reaches_ratio(
    direction: Direction,
    actual: Decimal,
    target: Decimal,
    ratio: Decimal,
) -> bool {
    match direction {
        Direction::AtLeast => actual >= ratio.saturating_mul(target),
        // attainment = target / actual >= ratio
        Direction::AtMost => target >= ratio.saturating_mul(actual),
    }
}

/// The tier a met goal earns. `stretch_reached` lifts it to an event at
/// least. An at-most goal with an actual of 0 has no ratio: it earns a
/// message unless its stretch was reached.
pub fn tier(
    direction: Direction,
    actual: Amount,
    target: Amount,
    stretch_reached: bool,
    tiers: &TierSettings,
) -> Tier {
    let ratio_defined = match direction {
        Direction::AtLeast => !target.0.is_zero(),
        Direction::AtMost => !actual.0.is_zero(),
    };
    // Without a ratio, a met goal beat every threshold (an at-most goal at
    // 0, a target of 0 with something done): the highest tier.
    if !ratio_defined && (direction == Direction::AtMost || actual.0 > target.0) {
        return Tier::Bonus;
    }
    let reaches = |threshold: Amount| {
        ratio_defined && reaches_ratio(direction, actual.0, target.0, threshold.0)
    };
    if reaches(tiers.bonus) {
        Tier::Bonus
    } else if stretch_reached || reaches(tiers.event) {
        Tier::Event
    } else {
        Tier::Message
    }
}

/// Where a met goal stands on being celebrated.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    pub tier: Tier,
    /// Consecutive met periods of the same owner and metric, this one
    /// included.
    pub streak: u32,
    /// The streak is long enough for public recognition.
    pub streak_earned: bool,
    /// Celebrations logged for the goal, oldest first.
    pub logged: Vec<Celebration>,
}

impl Standing {
    /// Met, but nothing logged yet.
    pub fn outstanding(&self) -> bool {
        self.logged.is_empty()
    }
}

/// How many consecutive periods, ending with `period`, the owner met the
/// metric: `met(p)` says whether the same owner met the same metric in
/// period `p` (`None` when there was no such goal).
pub fn streak(period: &Period, fiscal_start: u32, met: impl Fn(&Period) -> Option<bool>) -> u32 {
    let mut count = 0;
    let mut current = Some(period.clone());
    while let Some(p) = current {
        if met(&p) != Some(true) {
            break;
        }
        count += 1;
        if count >= 1000 {
            break;
        }
        current = p.previous(fiscal_start);
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn amount(text: &str) -> Amount {
        text.parse().unwrap()
    }

    fn tier_of(actual: &str, target: &str, stretch: bool) -> Tier {
        tier(
            Direction::AtLeast,
            amount(actual),
            amount(target),
            stretch,
            &TierSettings::default(),
        )
    }

    #[test]
    fn tiers_start_exactly_at_their_thresholds() {
        assert_eq!(tier_of("100000", "100000", false), Tier::Message);
        assert_eq!(tier_of("109999.99", "100000", false), Tier::Message);
        assert_eq!(tier_of("110000", "100000", false), Tier::Event);
        assert_eq!(tier_of("100000", "100000", true), Tier::Event);
        assert_eq!(tier_of("124999.99", "100000", false), Tier::Event);
        assert_eq!(tier_of("125000", "100000", false), Tier::Bonus);
        assert_eq!(tier_of("125000", "100000", true), Tier::Bonus);
    }

    #[test]
    fn at_most_tiers_use_target_over_actual() {
        let settings = TierSettings::default();
        // 5 / 4 = 1.25
        assert_eq!(
            tier(
                Direction::AtMost,
                amount("4"),
                amount("5"),
                false,
                &settings
            ),
            Tier::Bonus
        );
        // 5 / 4.5 = 1.11
        assert_eq!(
            tier(
                Direction::AtMost,
                amount("4.5"),
                amount("5"),
                false,
                &settings
            ),
            Tier::Event
        );
        assert_eq!(
            tier(
                Direction::AtMost,
                amount("5"),
                amount("5"),
                false,
                &settings
            ),
            Tier::Message
        );
        // No ratio: an at-most goal at 0 beat every threshold (PRODUCT.md),
        // and so did something done against a target of 0.
        assert_eq!(
            tier(
                Direction::AtMost,
                amount("0"),
                amount("5"),
                false,
                &settings
            ),
            Tier::Bonus
        );
        assert_eq!(
            tier(
                Direction::AtLeast,
                amount("3"),
                amount("0"),
                false,
                &settings
            ),
            Tier::Bonus
        );
        assert_eq!(
            tier(
                Direction::AtLeast,
                amount("0"),
                amount("0"),
                false,
                &settings
            ),
            Tier::Message
        );
    }

    #[test]
    fn custom_thresholds_are_validated() {
        assert!(TierSettings::default().validate().is_ok());
        let falling = TierSettings {
            event: amount("1.3"),
            bonus: amount("1.2"),
            streak: 3,
        };
        assert!(falling.validate().unwrap_err().contains("must rise"));
        let low = TierSettings {
            event: amount("0.9"),
            ..TierSettings::default()
        };
        assert!(low.validate().is_err());
        let short = TierSettings {
            streak: 1,
            ..TierSettings::default()
        };
        assert!(short.validate().is_err());
    }

    #[test]
    fn streaks_count_back_until_a_miss_or_a_gap() {
        let q3 = Period::from_label("2026-Q3", 1).unwrap();
        let met: HashSet<&str> = ["2026-Q3", "2026-Q2", "2026-Q1", "2025-Q3"].into();
        let missed: HashSet<&str> = ["2025-Q4"].into();
        let lookup = |p: &Period| {
            if met.contains(p.label.as_str()) {
                Some(true)
            } else if missed.contains(p.label.as_str()) {
                Some(false)
            } else {
                None
            }
        };
        assert_eq!(streak(&q3, 1, lookup), 3);
        let q2_2025 = Period::from_label("2025-Q3", 1).unwrap();
        assert_eq!(streak(&q2_2025, 1, lookup), 1);
        let q4 = Period::from_label("2026-Q4", 1).unwrap();
        assert_eq!(streak(&q4, 1, lookup), 0);
    }

    #[test]
    fn kind_names_are_the_names_in_the_file() {
        for kind in Kind::ALL {
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.name())
            );
        }
        assert_eq!(Kind::NAMES, Kind::ALL.map(Kind::name));
    }
}
