//! Goals, the results recorded against them, and the settings they use.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::amount::Amount;
use super::ids::Id;
use super::pace::{Holiday, PaceMode, WorkCalendar, Workdays};

/// File-wide settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// ISO currency code used as the unit of currency metrics.
    pub currency: String,
    /// Month (1-12) in which the fiscal year starts.
    pub fiscal_year_start: u32,
    /// Projected attainment at or above this ratio (but below 1) is "at risk".
    pub at_risk: Amount,
    /// Celebration tier thresholds.
    #[serde(default)]
    pub tiers: super::celebration::TierSettings,
    /// The file's secret for `--anonymize` (64 hex digits): pseudonyms
    /// follow from it, so they are the same for one file and cannot be
    /// told from the names without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pseudonym_key: Option<String>,
    /// Whether pace counts calendar days or working days; omitted from the
    /// file when `calendar`.
    #[serde(default, skip_serializing_if = "PaceMode::is_calendar")]
    pub pace: PaceMode,
    /// The working days of the week; omitted when Monday to Friday.
    #[serde(default, skip_serializing_if = "Workdays::is_default")]
    pub workdays: Workdays,
    /// Days off, sorted by date, one per date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<Holiday>,
}

impl Settings {
    /// The days that count toward pace under these settings.
    pub fn work_calendar(&self) -> WorkCalendar<'_> {
        WorkCalendar {
            mode: self.pace,
            workdays: self.workdays,
            holidays: &self.holidays,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            currency: "USD".to_string(),
            fiscal_year_start: 1,
            at_risk: Amount(rust_decimal::Decimal::new(9, 1)),
            tiers: super::celebration::TierSettings::default(),
            pseudonym_key: None,
            pace: PaceMode::default(),
            workdays: Workdays::default(),
            holidays: Vec::new(),
        }
    }
}

/// Whether a goal is met by reaching at least or at most its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    #[default]
    AtLeast,
    AtMost,
}

/// How a goal's results combine into its actual.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Aggregate {
    #[default]
    Sum,
    Latest,
    Average,
    Max,
    Min,
}

macro_rules! kebab_names {
    ($ty:ty { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            pub const NAMES: &'static [&'static str] = &[$($name),+];
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];
            pub fn name(self) -> &'static str {
                match self { $(Self::$variant => $name),+ }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

kebab_names!(Direction { AtLeast => "at-least", AtMost => "at-most" });
kebab_names!(Aggregate {
    Sum => "sum",
    Latest => "latest",
    Average => "average",
    Max => "max",
    Min => "min",
});

/// A sales goal: a target for one owner, metric and period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// Unique slug, `[a-z0-9][a-z0-9._-]*`.
    pub id: String,
    pub title: String,
    /// A rep or a team.
    pub owner: String,
    pub metric: String,
    pub unit: String,
    /// Canonical period label (`2026-Q3`); resolved with the settings.
    pub period: String,
    pub target: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stretch: Option<Amount>,
    pub direction: Direction,
    pub aggregate: Aggregate,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    pub created: DateTime<Utc>,
}

/// One result: a fact about an owner and a metric on a date. It counts
/// toward every goal of that metric whose owner's scope holds the owner on
/// that date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Unique without coordination; see [`Id`].
    pub id: Id,
    /// A person's or a team's id. Shared: a file names a few dozen owners
    /// and metrics across a million results, so each is kept once in
    /// memory ([`interned`]).
    #[serde(deserialize_with = "interned::deserialize")]
    pub owner: Arc<str>,
    #[serde(deserialize_with = "interned::deserialize")]
    pub metric: Arc<str>,
    #[serde(with = "iso_date")]
    pub date: NaiveDate,
    pub value: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Box<str>>,
    /// An external id (a CRM deal number); one result per owner, metric
    /// and ref.
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<Box<str>>,
    /// Set only on results migrated from format 1 that would otherwise
    /// count toward a second goal of the same owner and metric: they keep
    /// counting toward this goal alone, so migration changes no number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<Box<str>>,
}

/// Defaults a well-known metric brings with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub metric: &'static str,
    /// `None` means the file's currency.
    pub unit: Option<&'static str>,
    pub aggregate: Aggregate,
    pub direction: Direction,
}

pub const PRESETS: &[Preset] = &[
    Preset {
        metric: "revenue",
        unit: None,
        aggregate: Aggregate::Sum,
        direction: Direction::AtLeast,
    },
    Preset {
        metric: "new-customers",
        unit: Some("count"),
        aggregate: Aggregate::Sum,
        direction: Direction::AtLeast,
    },
    Preset {
        metric: "deals-won",
        unit: Some("count"),
        aggregate: Aggregate::Sum,
        direction: Direction::AtLeast,
    },
    Preset {
        metric: "csat",
        unit: Some("score"),
        aggregate: Aggregate::Average,
        direction: Direction::AtLeast,
    },
    Preset {
        metric: "churn",
        unit: Some("percent"),
        aggregate: Aggregate::Latest,
        direction: Direction::AtMost,
    },
];

pub fn preset(metric: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.metric == metric)
}

/// True for a valid goal id: `[a-z0-9][a-z0-9._-]*`.
pub fn is_valid_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

/// Turns free text into an id fragment: `"East Team"` becomes `east-team`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches(['-', '.', '_']).to_string()
}

/// The id a goal gets when none is given: owner, metric and period.
pub fn derive_id(owner: &str, metric: &str, period_slug: &str) -> String {
    [slugify(owner), slugify(metric), slugify(period_slug)]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Reading a text that repeats across records (owner, metric) once: each
/// distinct value is allocated once per thread and shared.
pub mod interned {
    use std::cell::RefCell;
    use std::sync::Arc;

    use serde::de::Visitor;
    use serde::{Deserializer, de};

    thread_local! {
        // A fast hash: the text is a file's few owners and metrics, asked
        // for once per result.
        static SEEN: RefCell<rustc_hash::FxHashSet<Arc<str>>> =
            RefCell::new(rustc_hash::FxHashSet::default());
    }

    /// Caps the set: text that does not repeat (a hostile file) stops
    /// being remembered, and is then allocated as usual.
    const MAX_KEPT: usize = 4096;

    pub fn intern(text: &str) -> Arc<str> {
        SEEN.with(|seen| {
            let mut seen = seen.borrow_mut();
            if let Some(shared) = seen.get(text) {
                return shared.clone();
            }
            let shared: Arc<str> = Arc::from(text);
            if seen.len() < MAX_KEPT {
                seen.insert(shared.clone());
            }
            shared
        })
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Arc<str>, D::Error> {
        deserializer.deserialize_str(Interned)
    }

    struct Interned;

    impl Visitor<'_> for Interned {
        type Value = Arc<str>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Arc<str>, E> {
            Ok(intern(text))
        }
    }
}

/// Serde helpers for strict `YYYY-MM-DD` dates, faster than chrono's parser
/// on files with a million results.
pub mod iso_date {
    use chrono::NaiveDate;
    use serde::de::Visitor;
    use serde::{Deserializer, Serializer};

    /// The date as the serializer writes it, without the quotes.
    pub fn write(out: &mut Vec<u8>, date: NaiveDate) {
        use std::io::Write;
        match digits(date) {
            Some(text) => out.extend_from_slice(&text),
            None => {
                let _ = write!(out, "{}", date.format("%Y-%m-%d"));
            }
        }
    }

    /// `YYYY-MM-DD` by hand, for years 1000 to 9999.
    fn digits(date: NaiveDate) -> Option<[u8; 10]> {
        use chrono::Datelike;
        let year = date.year();
        if !(1000..=9999).contains(&year) {
            return None;
        }
        let mut text = [b'-'; 10];
        let put = |out: &mut [u8], mut n: u32| {
            for slot in out.iter_mut().rev() {
                *slot = b'0' + (n % 10) as u8;
                n /= 10;
            }
        };
        put(&mut text[0..4], year as u32);
        put(&mut text[5..7], date.month());
        put(&mut text[8..10], date.day());
        Some(text)
    }

    pub fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        // By hand: chrono's formatter is a tenth of the cost of saving a
        // million results.
        match digits(*date) {
            Some(text) => serializer.serialize_str(std::str::from_utf8(&text).unwrap_or_default()),
            None => serializer.collect_str(&date.format("%Y-%m-%d")),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        deserializer.deserialize_str(DateVisitor)
    }

    struct DateVisitor;

    impl Visitor<'_> for DateVisitor {
        type Value = NaiveDate;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a YYYY-MM-DD date")
        }

        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<NaiveDate, E> {
            crate::domain::period::parse_iso_date(text)
                .ok_or_else(|| E::custom(format!("'{text}' is not a YYYY-MM-DD date")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_slug_rule() {
        assert!(is_valid_id("east-revenue-2026-q3"));
        assert!(is_valid_id("a.b_c-1"));
        assert!(!is_valid_id("East"));
        assert!(!is_valid_id("-east"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("east revenue"));
    }

    #[test]
    fn derived_ids_join_owner_metric_and_period() {
        assert_eq!(
            derive_id("East Team", "revenue", "2026-q3"),
            "east-team-revenue-2026-q3"
        );
        assert_eq!(
            derive_id("Zoë O'Neil", "csat", "fy2027"),
            "zo-o-neil-csat-fy2027"
        );
        assert!(is_valid_id(&derive_id("  !!", "revenue", "2026")));
    }

    #[test]
    fn presets_carry_unit_aggregate_and_direction() {
        let churn = preset("churn").unwrap();
        assert_eq!(churn.direction, Direction::AtMost);
        assert_eq!(churn.aggregate, Aggregate::Latest);
        assert_eq!(preset("csat").unwrap().aggregate, Aggregate::Average);
        assert!(preset("pipeline").is_none());
    }

    #[test]
    fn dates_serialize_as_iso_text() {
        let record = Record {
            id: "k3j9a2b7c0d1e".into(),
            owner: "ana".into(),
            metric: "revenue".into(),
            goal: None,
            date: NaiveDate::from_ymd_opt(2026, 3, 9).unwrap(),
            value: Amount::ZERO,
            note: None,
            reference: None,
        };
        let json = serde_json::to_string(&record).unwrap();
        assert!(json.contains(r#""date":"2026-03-09""#), "{json}");
        let back: Record = serde_json::from_str(&json).unwrap();
        assert_eq!(back, record);
    }

    #[test]
    fn names_are_the_names_in_the_file() {
        for direction in Direction::ALL {
            assert_eq!(
                serde_json::to_string(direction).unwrap(),
                format!("\"{direction}\"")
            );
        }
        for aggregate in Aggregate::ALL {
            assert_eq!(
                serde_json::to_string(aggregate).unwrap(),
                format!("\"{aggregate}\"")
            );
        }
        assert_eq!(Aggregate::NAMES.len(), Aggregate::ALL.len());
        assert_eq!(Direction::AtMost.name(), "at-most");
    }
}
