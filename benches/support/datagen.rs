//! The data generator shared by `examples/gen_data.rs` (files for
//! `benches/run.sh`) and `benches/store.rs` (in-process phases).
//!
//! Three teams of ten reps each. Every rep has a revenue and a
//! new-customers goal per quarter; every team has revenue, new-customers,
//! csat and churn goals per quarter, from 2025-Q4 to the open 2026-Q4
//! (as of 2026-11-27): 360 goals. Results are spread over those quarters in
//! recording order (ids ascending, dates ascending), values carry cents,
//! about one in five has a note and most deals carry a CRM ref. Targets are
//! set from the generated actuals so the report shows a mix of met, missed,
//! at-risk and exceeded goals. The document passes attain's own validation.
//!
//! The goal [`RECORD_GOAL`] always exists and its quarter holds the as-of
//! date; the benchmark records against it.

use std::collections::BTreeMap;

use attain::domain::amount::Amount;
use attain::domain::goal::{Aggregate, Direction, Goal, Record, derive_id};
use attain::domain::period::Period;
use attain::store::Document;
use chrono::{Days, NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;

/// A goal whose period holds the as-of date 2026-11-27.
pub const RECORD_GOAL: &str = "east-team-revenue-2026-q4";

const TEAMS: [&str; 3] = ["East", "West", "Central"];
const FIRST_NAMES: [&str; 30] = [
    "Ana", "Ben", "Chloé", "Dev", "Ella", "Farid", "Grace", "Hiro", "Ines", "Jon", "Kemi", "Liam",
    "Maya", "Nils", "Olu", "Priya", "Quinn", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wes", "Xin",
    "Yara", "Zoë", "Aled", "Bea", "Cruz", "Dana",
];
const LAST_NAMES: [&str; 30] = [
    "Silva", "Okafor", "Dubois", "Patel", "Nowak", "Haddad", "Kim", "Tanaka", "García", "Berg",
    "Adeyemi", "O'Neil", "Cohen", "Lund", "Bello", "Shah", "Reyes", "Costa", "Holm", "Murphy",
    "Khan", "Novak", "Park", "Li", "Mendes", "Fischer", "Jones", "Rossi", "Ortiz", "Wright",
];
const QUARTERS: [&str; 5] = ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"];
/// The benchmark's as-of date: results of the open quarter stop here.
const AS_OF: (i32, u32, u32) = (2026, 11, 27);
const NOTES: [&str; 12] = [
    "renewal, 2-year term",
    "upsell: analytics add-on",
    "multi-year deal, paid upfront",
    "expansion after QBR",
    "new logo via partner referral",
    "discount approved by \"Finance\" (12%)",
    "pilot converted to paid",
    "Zoë's intro at the Berlin expo",
    "priced in €, converted at month-end rate",
    "late signature; booked this quarter",
    "competitive win vs incumbent",
    "survey batch from onboarding cohort",
];

/// splitmix64: tiny, fast, and plenty for test data.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Uniform in `lo..=hi` hundredths, as an exact amount with cents.
    fn cents(&mut self, lo: u64, hi: u64) -> Amount {
        let hundredths = lo + self.below(hi - lo + 1);
        Amount(Decimal::new(hundredths as i64, 2).normalize())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    RepRevenue,
    RepNewCustomers,
    TeamRevenue,
    TeamNewCustomers,
    TeamCsat,
    TeamChurn,
}

struct Plan {
    goal: Goal,
    kind: Kind,
    quarter: usize,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn plan_goals(reps: &[(String, usize)]) -> Vec<Plan> {
    let mut plans = Vec::new();
    for (q, label) in QUARTERS.iter().enumerate() {
        let period = Period::from_label(label, 1).expect("valid quarter");
        let created = Utc
            .from_utc_datetime(
                &(period.start - Days::new(3))
                    .and_hms_opt(9, 30, 0)
                    .expect("valid time"),
            )
            .with_timezone(&Utc);
        let mut add = |owner: &str, metric: &str, kind: Kind, tags: Vec<String>| {
            let (unit, aggregate, direction) = match kind {
                Kind::RepRevenue | Kind::TeamRevenue => ("USD", Aggregate::Sum, Direction::AtLeast),
                Kind::RepNewCustomers | Kind::TeamNewCustomers => {
                    ("count", Aggregate::Sum, Direction::AtLeast)
                }
                Kind::TeamCsat => ("score", Aggregate::Average, Direction::AtLeast),
                Kind::TeamChurn => ("percent", Aggregate::Latest, Direction::AtMost),
            };
            let goal = Goal {
                id: derive_id(owner, metric, &period.slug()),
                title: format!("{owner} {metric} {label}"),
                owner: owner.to_string(),
                metric: metric.to_string(),
                unit: unit.to_string(),
                period: period.label.clone(),
                target: Amount::ZERO,
                stretch: None,
                direction,
                aggregate,
                tags,
                created,
            };
            plans.push(Plan {
                goal,
                kind,
                quarter: q,
            });
        };
        for team in TEAMS {
            let owner = format!("{team} Team");
            let tag = vec![team.to_ascii_lowercase()];
            add(&owner, "revenue", Kind::TeamRevenue, tag.clone());
            add(&owner, "new-customers", Kind::TeamNewCustomers, tag.clone());
            add(&owner, "csat", Kind::TeamCsat, tag.clone());
            add(&owner, "churn", Kind::TeamChurn, tag);
        }
        for (rep, team) in reps {
            let tags = vec![TEAMS[*team].to_ascii_lowercase(), "rep".to_string()];
            add(rep, "revenue", Kind::RepRevenue, tags.clone());
            add(rep, "new-customers", Kind::RepNewCustomers, tags);
        }
    }
    plans
}

/// Picks the kind of the next result: mostly rep deals.
fn pick_kind(rng: &mut Rng) -> Kind {
    match rng.below(100) {
        0..=67 => Kind::RepRevenue,
        68..=81 => Kind::RepNewCustomers,
        82..=87 => Kind::TeamRevenue,
        88..=91 => Kind::TeamNewCustomers,
        92..=97 => Kind::TeamCsat,
        _ => Kind::TeamChurn,
    }
}

fn value_for(kind: Kind, rng: &mut Rng) -> Amount {
    match kind {
        // Deal sizes: mostly small, a long tail of big ones.
        Kind::RepRevenue | Kind::TeamRevenue => {
            let dollars = 500.0 * (1.0 + 499.0 * rng.unit().powi(3));
            let hundredths = (dollars * 100.0) as i64;
            Amount(Decimal::new(hundredths, 2).normalize())
        }
        Kind::RepNewCustomers | Kind::TeamNewCustomers => Amount(Decimal::from(1 + rng.below(4))),
        Kind::TeamCsat => rng.cents(300, 500),
        Kind::TeamChurn => rng.cents(50, 600),
    }
}

/// A valid document with `count` results, the same for the same seed.
pub fn generate(count: u64, seed: u64) -> Document {
    let mut rng = Rng(seed);
    let reps: Vec<(String, usize)> = (0..30)
        .map(|i| {
            let first = FIRST_NAMES[i];
            let last = LAST_NAMES[(i * 7 + seed as usize) % LAST_NAMES.len()];
            (format!("{first} {last}"), i % TEAMS.len())
        })
        .collect();
    let mut plans = plan_goals(&reps);

    // Goal indexes by (quarter, kind), for picking a goal per result.
    let mut by_slot: BTreeMap<(usize, u8), Vec<usize>> = BTreeMap::new();
    for (i, plan) in plans.iter().enumerate() {
        by_slot
            .entry((plan.quarter, plan.kind as u8))
            .or_default()
            .push(i);
    }
    let periods: Vec<Period> = QUARTERS
        .iter()
        .map(|label| Period::from_label(label, 1).expect("valid quarter"))
        .collect();
    let first_day = periods[0].start;
    let last_day = date(AS_OF.0, AS_OF.1, AS_OF.2);
    let span = (last_day - first_day).num_days() as u64 + 1;

    let mut results = Vec::with_capacity(count as usize);
    let mut sums = vec![Decimal::ZERO; plans.len()];
    let mut counts = vec![0u64; plans.len()];
    let mut latest = vec![Amount::ZERO; plans.len()];
    let mut ref_counter = 100_000u64;
    for i in 0..count {
        // Recording order follows the calendar: result i lands on day
        // i * span / count, so dates ascend with ids.
        let day = i * span / count.max(1);
        let date = first_day + Days::new(day);
        let quarter = periods
            .iter()
            .position(|p| p.contains(date))
            .expect("date inside the quarters");
        let kind = pick_kind(&mut rng);
        let slot = &by_slot[&(quarter, kind as u8)];
        // Some reps close more deals than others.
        let pick = (rng.unit().powf(1.6) * slot.len() as f64) as usize;
        let goal_index = slot[pick.min(slot.len() - 1)];
        let value = value_for(kind, &mut rng);
        sums[goal_index] += value.0;
        counts[goal_index] += 1;
        latest[goal_index] = value;
        let is_deal = matches!(kind, Kind::RepRevenue | Kind::TeamRevenue);
        let reference = ((is_deal && rng.chance(0.8))
            || (kind == Kind::RepNewCustomers && rng.chance(0.5)))
        .then(|| {
            ref_counter += 1 + rng.below(3);
            format!("CRM-{ref_counter:08}")
        });
        let note = rng
            .chance(0.2)
            .then(|| NOTES[rng.below(NOTES.len() as u64) as usize].to_string());
        results.push(Record {
            id: i + 1,
            goal: plans[goal_index].goal.id.as_str().into(),
            date,
            value,
            note: note.map(Box::from),
            reference: reference.map(Box::from),
        });
    }

    // Targets from the actuals: a spread around what was reached, so the
    // report has every status. The open quarter is scaled to a full one.
    for (i, plan) in plans.iter_mut().enumerate() {
        let factor = 0.75 + 0.6 * rng.unit();
        let quarter_share = if plan.quarter + 1 == QUARTERS.len() {
            let period = &periods[plan.quarter];
            period.days() as f64 / period.elapsed_days(last_day) as f64
        } else {
            1.0
        };
        let round = |value: f64, step: f64| (value / step).round().max(1.0) * step;
        let (target, stretch) = match plan.kind {
            Kind::RepRevenue | Kind::TeamRevenue => {
                let expected = decimal_to_f64(sums[i]) * quarter_share;
                let target = round(expected * factor, 1000.0);
                (target, Some(round(target * 1.25, 1000.0)))
            }
            Kind::RepNewCustomers | Kind::TeamNewCustomers => {
                let expected = decimal_to_f64(sums[i]) * quarter_share;
                (round(expected * factor, 1.0), None)
            }
            Kind::TeamCsat => (if rng.chance(0.5) { 4.2 } else { 4.0 }, Some(4.5)),
            Kind::TeamChurn => {
                let last = decimal_to_f64(latest[i].0);
                let target = if counts[i] == 0 { 3.0 } else { last * factor };
                ((target * 10.0).round().max(1.0) / 10.0, None)
            }
        };
        plan.goal.target = amount_from_f64(target);
        plan.goal.stretch = stretch.map(amount_from_f64);
    }

    let mut goals: Vec<Goal> = plans.into_iter().map(|p| p.goal).collect();
    goals.sort_by(|a, b| a.id.cmp(&b.id));
    // Version and settings are the defaults; so is anything added later.
    Document {
        goals,
        results,
        ..Document::default()
    }
}

fn decimal_to_f64(value: Decimal) -> f64 {
    value.to_string().parse().unwrap_or(0.0)
}

fn amount_from_f64(value: f64) -> Amount {
    let text = format!("{value:.2}");
    Amount(
        text.parse::<Decimal>()
            .expect("a formatted float is a decimal")
            .normalize(),
    )
}
