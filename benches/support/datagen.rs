//! The data generator shared by `examples/gen_data.rs` (files for
//! `benches/run.sh`) and `benches/store.rs` (in-process phases).
//!
//! File format 2: thirty reps (people) in three teams of ten, the three
//! teams in a `sales-org` team. Every rep has a revenue and a
//! new-customers goal per quarter and a revenue goal for 2026; every team
//! has revenue, new-customers, csat and churn goals per quarter, from
//! 2025-Q4 to the open 2026-Q4 (as of 2026-11-27), and the org a revenue
//! goal per quarter: 395 goals. Deals and new customers are results of
//! reps, which count toward the rep's quarter and year goals and every
//! team above the rep; csat and churn readings are results of the teams.
//! Dates ascend through the file's generation order, values carry cents,
//! about one in five has a note and most deals carry a CRM ref. Targets are
//! set from the generated actuals so the report shows a mix of met, missed,
//! at-risk and exceeded goals. The document passes attain's own validation.
//!
//! The goal [`RECORD_GOAL`] always exists and its quarter holds the as-of
//! date; the benchmark records against it.
//!
//! The file keeps the history attain would have written while this data
//! went in, so the benchmarks measure format 2 with history on: the 30
//! `person add`s and 4 `team add`s of the setup, one `goal import` per
//! quota plan (the goals created at one time: a quarter's, the 2026 year
//! goals with 2026-Q1's), and one `import` per [`IMPORT_ROWS`] results in
//! date order (a CRM export, on the evening of its last result's date),
//! listing the ids it added. Entries are numbered in time order; their
//! summaries are attain's own.

use std::collections::BTreeMap;

use attain::domain::amount::Amount;
use attain::domain::goal::{Aggregate, Direction, Goal, Record, derive_id};
use attain::domain::history::{Changes, Delta, Entry};
use attain::domain::ids::Id;
use attain::domain::org::{Membership, Person, Team, slug};
use attain::domain::period::Period;
use attain::ledger::ResultIndex;
use attain::store::Document;
use attain::store::journal::{command_line, summary};
use chrono::{DateTime, Days, Duration, NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;

/// A goal whose period holds the as-of date 2026-11-27.
pub const RECORD_GOAL: &str = "east-team-revenue-2026-q4";

/// Results per `attain import` in the generated history.
pub const IMPORT_ROWS: usize = 1000;
/// Who set the file up and imports the quota plans (`$ATTAIN_USER`).
const ADMIN_USER: &str = "revops";
/// Who runs the nightly CRM import.
const IMPORT_USER: &str = "crm-sync";

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
                id: derive_id(&slug(owner), metric, &period.slug()),
                title: format!("{owner} {metric} {label}"),
                owner: slug(owner),
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
        add(
            "Sales Org",
            "revenue",
            Kind::TeamRevenue,
            vec!["org".into()],
        );
        for (rep, team) in reps {
            let tags = vec![TEAMS[*team].to_ascii_lowercase(), "rep".to_string()];
            add(rep, "revenue", Kind::RepRevenue, tags.clone());
            add(rep, "new-customers", Kind::RepNewCustomers, tags);
        }
    }
    let year = Period::from_label("2026", 1).expect("valid year");
    for (rep, team) in reps {
        plans.push(Plan {
            goal: Goal {
                id: derive_id(&slug(rep), "revenue", &year.slug()),
                title: format!("{rep} revenue 2026"),
                owner: slug(rep),
                metric: "revenue".into(),
                unit: "USD".into(),
                period: year.label.clone(),
                target: Amount::ZERO,
                stretch: None,
                direction: Direction::AtLeast,
                aggregate: Aggregate::Sum,
                tags: vec![TEAMS[*team].to_ascii_lowercase(), "rep".to_string()],
                created: Utc.with_ymd_and_hms(2025, 12, 29, 9, 30, 0).unwrap(),
            },
            kind: Kind::RepRevenue,
            quarter: usize::MAX,
        });
    }
    plans
}

/// The people and teams: reps by team, the teams in the org.
fn org(reps: &[(String, usize)]) -> (Vec<Person>, Vec<Team>) {
    let mut people: Vec<Person> = reps
        .iter()
        .map(|(name, _)| Person {
            id: slug(name),
            name: name.clone(),
            email: None,
        })
        .collect();
    people.sort_by(|a, b| a.id.cmp(&b.id));
    let mut teams: Vec<Team> = TEAMS
        .iter()
        .enumerate()
        .map(|(t, team)| Team {
            id: slug(&format!("{team} Team")),
            name: format!("{team} Team"),
            members: reps
                .iter()
                .filter(|(_, rt)| *rt == t)
                .map(|(name, _)| Membership::always(&slug(name)))
                .collect(),
        })
        .collect();
    teams.push(Team {
        id: "sales-org".into(),
        name: "Sales Org".into(),
        members: teams.iter().map(|t| Membership::always(&t.id)).collect(),
    });
    teams.sort_by(|a, b| a.id.cmp(&b.id));
    (people, teams)
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
    let (people, teams) = org(&reps);
    let periods: Vec<Period> = QUARTERS
        .iter()
        .map(|label| Period::from_label(label, 1).expect("valid quarter"))
        .collect();
    let first_day = periods[0].start;
    let last_day = date(AS_OF.0, AS_OF.1, AS_OF.2);
    let span = (last_day - first_day).num_days() as u64 + 1;

    let mut results = Vec::with_capacity(count as usize);
    let mut ref_counter = 100_000u64;
    for i in 0..count {
        // Dates follow generation order: result i lands on day
        // i * span / count.
        let day = i * span / count.max(1);
        let date = first_day + Days::new(day);
        let kind = pick_kind(&mut rng);
        // Some reps close more deals than others.
        let pick =
            |rng: &mut Rng, n: usize| ((rng.unit().powf(1.6) * n as f64) as usize).min(n - 1);
        let (owner, metric) = match kind {
            Kind::RepRevenue | Kind::TeamRevenue => {
                (slug(&reps[pick(&mut rng, reps.len())].0), "revenue")
            }
            Kind::RepNewCustomers | Kind::TeamNewCustomers => {
                (slug(&reps[pick(&mut rng, reps.len())].0), "new-customers")
            }
            Kind::TeamCsat => (slug(&format!("{} Team", TEAMS[pick(&mut rng, 3)])), "csat"),
            Kind::TeamChurn => (slug(&format!("{} Team", TEAMS[pick(&mut rng, 3)])), "churn"),
        };
        let value = value_for(kind, &mut rng);
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
            id: Id::from_bits(rng.next_u64()),
            owner: owner.into(),
            metric: metric.into(),
            date,
            value,
            note: note.map(Box::from),
            reference: reference.map(Box::from),
            goal: None,
        });
    }
    // The imports that brought the results in, in date order: each
    // added its rows' ids (listed sorted, as attain lists them).
    let imports: Vec<(NaiveDate, Vec<Id>)> = results
        .chunks(IMPORT_ROWS)
        .map(|rows| {
            let mut ids: Vec<Id> = rows.iter().map(|r| r.id.clone()).collect();
            ids.sort();
            (rows[rows.len() - 1].date, ids)
        })
        .collect();
    results.sort_by(|a, b| a.id.cmp(&b.id));

    // Each goal's actual, from the results, as attain counts it.
    let (sums, counts, latest) = {
        let draft = Document {
            people: people.clone(),
            teams: teams.clone(),
            goals: plans.iter().map(|p| p.goal.clone()).collect(),
            results: results.into(),
            ..Document::default()
        };
        let index = ResultIndex::new(&draft);
        let mut sums = Vec::with_capacity(plans.len());
        let mut counts = Vec::with_capacity(plans.len());
        let mut latest = Vec::with_capacity(plans.len());
        for goal in &draft.goals {
            let period = Period::from_label(&goal.period, 1).expect("valid period");
            let mut theirs = index.results_for(goal, &period);
            theirs.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
            sums.push(theirs.iter().map(|r| r.value.0).sum::<Decimal>());
            counts.push(theirs.len() as u64);
            latest.push(theirs.last().map_or(Amount::ZERO, |r| r.value));
        }
        results = draft.results.into_vec();
        (sums, counts, latest)
    };

    // Targets from the actuals: a spread around what was reached, so the
    // report has every status. The open quarter is scaled to a full one.
    for (i, plan) in plans.iter_mut().enumerate() {
        let factor = 0.75 + 0.6 * rng.unit();
        let quarter_share = if plan.quarter == usize::MAX || plan.quarter + 1 == QUARTERS.len() {
            let period = Period::from_label(&plan.goal.period, 1).expect("valid period");
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
    let mut document = Document {
        people,
        teams,
        goals,
        results: results.into(),
        ..Document::default()
    };
    document.history = history(&document, &reps, imports);
    document
}

/// The history of the writes that made `document`: setup, quota plans and
/// CRM imports, numbered in time order.
fn history(
    document: &Document,
    reps: &[(String, usize)],
    imports: Vec<(NaiveDate, Vec<Id>)>,
) -> Vec<Entry> {
    struct Write {
        at: DateTime<Utc>,
        user: &'static str,
        command: String,
        changes: Changes,
    }
    fn added<T, K>(ids: Vec<K>) -> Delta<T, K> {
        Delta {
            added: ids,
            ..Delta::default()
        }
    }
    fn attain(args: &[&str]) -> String {
        command_line(
            std::iter::once("attain")
                .chain(args.iter().copied())
                .map(String::from),
        )
    }
    let mut writes = Vec::new();

    // Setup, two days before the first quota plan: the people, then the
    // teams with their members.
    let setup = Utc.with_ymd_and_hms(2025, 9, 26, 14, 0, 0).unwrap();
    for (i, (name, _)) in reps.iter().enumerate() {
        writes.push(Write {
            at: setup + Duration::seconds(40 * i as i64),
            user: ADMIN_USER,
            command: attain(&["person", "add", name]),
            changes: Changes {
                people: added(vec![slug(name)]),
                ..Changes::default()
            },
        });
    }
    let mut team_adds: Vec<(String, Vec<String>)> = TEAMS
        .iter()
        .enumerate()
        .map(|(t, team)| {
            let members = reps
                .iter()
                .filter(|(_, rt)| *rt == t)
                .map(|(name, _)| slug(name))
                .collect();
            (format!("{team} Team"), members)
        })
        .collect();
    team_adds.push((
        "Sales Org".to_string(),
        TEAMS.iter().map(|t| slug(&format!("{t} Team"))).collect(),
    ));
    for (k, (name, members)) in team_adds.iter().enumerate() {
        let mut args = vec!["team", "add", name.as_str()];
        for member in members {
            args.extend(["--member", member.as_str()]);
        }
        writes.push(Write {
            at: setup + Duration::minutes(30 + 2 * k as i64),
            user: ADMIN_USER,
            command: attain(&args),
            changes: Changes {
                teams: added(vec![slug(name)]),
                ..Changes::default()
            },
        });
    }

    // One quota plan per creation time (goals are sorted by id, so each
    // plan's ids are too).
    let mut plans: BTreeMap<DateTime<Utc>, Vec<String>> = BTreeMap::new();
    for goal in &document.goals {
        plans.entry(goal.created).or_default().push(goal.id.clone());
    }
    for (at, ids) in plans {
        let file = format!("quota-plan-{}.csv", at.date_naive());
        writes.push(Write {
            at,
            user: ADMIN_USER,
            command: attain(&["goal", "import", &file]),
            changes: Changes {
                goals: added(ids),
                ..Changes::default()
            },
        });
    }

    // The CRM imports: in the evening of the last row's date, a few
    // minutes apart when one day has several.
    let mut last: Option<(NaiveDate, DateTime<Utc>, u32)> = None;
    for (date, ids) in imports {
        let evening = Utc.from_utc_datetime(&date.and_hms_opt(18, 0, 0).expect("valid time"));
        let (at, nth) = match last {
            Some((day, at, nth)) if day == date => (at + Duration::minutes(12), nth + 1),
            Some((_, at, _)) if at >= evening => (at + Duration::minutes(12), 1),
            _ => (evening, 1),
        };
        last = Some((date, at, nth));
        let file = if nth == 1 {
            format!("crm-export-{date}.csv")
        } else {
            format!("crm-export-{date}-{nth}.csv")
        };
        writes.push(Write {
            at,
            user: IMPORT_USER,
            command: attain(&["import", &file]),
            changes: Changes {
                results: added(ids),
                ..Changes::default()
            },
        });
    }

    // Stable: of two writes at one time, the one listed first goes first.
    writes.sort_by_key(|w| w.at);
    writes
        .into_iter()
        .enumerate()
        .map(|(i, w)| Entry {
            seq: i as u64 + 1,
            at: w.at,
            user: w.user.to_string(),
            command: w.command,
            summary: summary(&w.changes, document),
            reason: None,
            undoes: None,
            redoes: None,
            changes: w.changes,
        })
        .collect()
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
