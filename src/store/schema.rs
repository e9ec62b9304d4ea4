//! The data file's format: one versioned JSON document.
//!
//! The writer puts one record per line inside the arrays, keys in struct
//! order and goals sorted by id, so two saves of the same data are
//! byte-identical and a change to one goal is a one-line diff.
//!
//! These are the in-memory records of the current format (2). Older
//! formats have their own structs in [`super::migrate`], read and carried
//! forward by a chain of steps.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::domain::celebration::Celebration;
use crate::domain::goal::{Goal, Settings, is_valid_id};
use crate::domain::history::{Entry, Lock};
use crate::domain::ids::Id;
use crate::domain::org::{Org, Person, Team};
use crate::domain::period::Period;
use crate::domain::review::{Action, Review};
use crate::domain::text::echo;

use super::results::Results;

/// What a valid id is, for messages.
const VALID_ID: &str = "1 to 32 of 0-9 and a-z but i, l, o, u";

/// The newest file version this build reads and writes.
pub const CURRENT_VERSION: u32 = 2;

/// Everything attain keeps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub version: u32,
    #[serde(default)]
    pub settings: Settings,
    /// People, sorted by id.
    #[serde(default)]
    pub people: Vec<Person>,
    /// Teams, sorted by id.
    #[serde(default)]
    pub teams: Vec<Team>,
    #[serde(default)]
    pub goals: Vec<Goal>,
    #[serde(default)]
    pub results: Results,
    /// What was done to celebrate met goals.
    #[serde(default)]
    pub celebrations: Vec<Celebration>,
    /// Reviews of missed goals, one per goal.
    #[serde(default)]
    pub reviews: Vec<Review>,
    /// Periods whose books are closed, sorted by label.
    #[serde(default)]
    pub locks: Vec<Lock>,
    /// Every change, oldest first.
    #[serde(default)]
    pub history: Vec<Entry>,
    /// The format the file was read in, when older than this build's: the
    /// first write keeps a copy of the original beside it.
    #[serde(skip)]
    pub migrated_from: Option<u32>,
}

impl Default for Document {
    fn default() -> Self {
        Document {
            version: CURRENT_VERSION,
            settings: Settings::default(),
            people: Vec::new(),
            teams: Vec::new(),
            goals: Vec::new(),
            results: Results::default(),
            celebrations: Vec::new(),
            reviews: Vec::new(),
            locks: Vec::new(),
            history: Vec::new(),
            migrated_from: None,
        }
    }
}

/// Just the version, read when the full document does not parse, to tell
/// "written by a newer attain" apart from "broken".
#[derive(Deserialize)]
pub struct VersionProbe {
    pub version: u32,
}

impl Document {
    pub fn goal(&self, id: &str) -> Option<&Goal> {
        self.goals.iter().find(|g| g.id == id)
    }

    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.people[i])
    }

    pub fn team(&self, id: &str) -> Option<&Team> {
        self.teams.iter().find(|t| t.id == id)
    }

    /// The name tables and drafts show for an owner: the person's or the
    /// team's name, else the id.
    pub fn owner_name<'a>(&'a self, id: &'a str) -> &'a str {
        if let Some(person) = self.person(id) {
            return &person.name;
        }
        self.team(id).map_or(id, |t| t.name.as_str())
    }

    /// Every person and team, as (id, name): people first.
    pub fn owners(&self) -> impl Iterator<Item = (&str, &str)> {
        self.people
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str()))
            .chain(self.teams.iter().map(|t| (t.id.as_str(), t.name.as_str())))
    }

    /// Whether an id names a person or a team.
    pub fn is_owner(&self, id: &str) -> bool {
        self.person(id).is_some() || self.team(id).is_some()
    }

    /// The people and teams, indexed.
    pub fn org(&self) -> Org<'_> {
        Org::new(&self.teams)
    }

    /// Checks what the JSON parser cannot: unique ids, known goals, valid
    /// periods, results inside their goal's period. Returns a sentence that
    /// names the offending record.
    pub fn validate(&self) -> Result<(), String> {
        let settings = &self.settings;
        if !(1..=12).contains(&settings.fiscal_year_start) {
            return Err(format!(
                "settings.fiscal_year_start is {}, not a month from 1 to 12",
                settings.fiscal_year_start
            ));
        }
        if settings.at_risk.0 <= rust_decimal::Decimal::ZERO
            || settings.at_risk.0 > rust_decimal::Decimal::ONE
        {
            return Err(format!(
                "settings.at_risk is {}, not a ratio above 0 and at most 1",
                settings.at_risk
            ));
        }
        let mut periods: HashMap<&str, Period> = HashMap::with_capacity(self.goals.len());
        for goal in &self.goals {
            if !is_valid_id(&goal.id) {
                return Err(format!(
                    "goal id '{}' is not a valid id ([a-z0-9][a-z0-9._-]*)",
                    goal.id
                ));
            }
            let period = Period::from_label(&goal.period, settings.fiscal_year_start)
                .map_err(|e| format!("goal '{}': {e}", goal.id))?;
            if goal.target.is_negative() {
                return Err(format!("goal '{}' has a negative target", goal.id));
            }
            if periods.insert(&goal.id, period).is_some() {
                return Err(format!("goal id '{}' appears twice", goal.id));
            }
        }
        settings
            .tiers
            .validate()
            .map_err(|reason| format!("settings.tiers: {reason}"))?;
        if let Some(pair) = settings
            .holidays
            .windows(2)
            .find(|w| w[0].date >= w[1].date)
        {
            return Err(format!(
                "settings.holidays are not in date order, one per date ({} before {})",
                pair[0].date, pair[1].date
            ));
        }
        self.validate_org()?;
        for goal in &self.goals {
            if !self.is_owner(&goal.owner) {
                return Err(format!(
                    "goal '{}' is owned by '{}', who is neither a person nor a team in the file",
                    goal.id, goal.owner
                ));
            }
        }
        let sorted = self.results.windows(2).all(|w| w[0].id < w[1].id);
        if !sorted {
            let mut seen = rustc_hash::FxHashSet::default();
            seen.reserve(self.results.len());
            if let Some(dup) = self.results.iter().find(|r| !seen.insert(&r.id)) {
                return Err(format!("result id {} appears twice", dup.id));
            }
        }
        // Owners are shared text (interned on load): each is checked once,
        // found again by its address.
        let mut known_owners: rustc_hash::FxHashSet<*const u8> = rustc_hash::FxHashSet::default();
        for record in &self.results {
            if !Id::is_valid(record.id.as_str()) {
                return Err(format!(
                    "result id '{}' is not a valid id ({VALID_ID})",
                    echo(record.id.as_str())
                ));
            }
            if !known_owners.contains(&record.owner.as_ptr()) {
                if !self.is_owner(&record.owner) {
                    return Err(format!(
                        "result {} is for '{}', who is neither a person nor a team in the file",
                        record.id, record.owner
                    ));
                }
                known_owners.insert(record.owner.as_ptr());
            }
            if let Some(goal) = &record.goal {
                let Some(period) = periods.get(&**goal) else {
                    return Err(format!(
                        "result {} counts toward goal '{goal}', which is not in the file",
                        record.id
                    ));
                };
                if !period.contains(record.date) {
                    return Err(format!(
                        "result {} is dated {}, outside goal '{goal}' ({})",
                        record.id, record.date, period.label
                    ));
                }
            }
        }
        let mut celebration_ids: HashMap<&Id, &Celebration> =
            HashMap::with_capacity(self.celebrations.len());
        for celebration in &self.celebrations {
            let describe =
                |c: &Celebration| format!("{} for '{}' on {}", c.kind.name(), c.goal, c.date);
            if !Id::is_valid(celebration.id.as_str()) {
                return Err(format!(
                    "celebration id '{}' ({}) is not a valid id ({VALID_ID})",
                    echo(celebration.id.as_str()),
                    describe(celebration)
                ));
            }
            if let Some(first) = celebration_ids.insert(&celebration.id, celebration) {
                return Err(format!(
                    "celebration id {} appears twice ({}, and {})",
                    celebration.id,
                    describe(first),
                    describe(celebration)
                ));
            }
            if !periods.contains_key(celebration.goal.as_str()) {
                return Err(format!(
                    "celebration {} is for goal '{}', which is not in the file",
                    celebration.id, celebration.goal
                ));
            }
        }
        let mut reviewed = HashSet::with_capacity(self.reviews.len());
        let mut action_ids: HashMap<&Id, &str> = HashMap::new();
        for review in &self.reviews {
            if !periods.contains_key(review.goal.as_str()) {
                return Err(format!(
                    "a review is for goal '{}', which is not in the file",
                    review.goal
                ));
            }
            if !reviewed.insert(review.goal.as_str()) {
                return Err(format!("goal '{}' has two reviews", review.goal));
            }
            if review.steps > 4 {
                return Err(format!(
                    "the review of '{}' has {} steps done; there are 4",
                    review.goal, review.steps
                ));
            }
            if let Some(follow_up) = &review.follow_up
                && !periods.contains_key(follow_up.as_str())
            {
                return Err(format!(
                    "the review of '{}' follows up with goal '{follow_up}', which is not in the file",
                    review.goal
                ));
            }
            for action in &review.actions {
                if !Id::is_valid(action.id.as_str()) {
                    return Err(format!(
                        "action id '{}' in the review of '{}' is not a valid id ({VALID_ID})",
                        echo(action.id.as_str()),
                        review.goal
                    ));
                }
                if let Some(first) = action_ids.insert(&action.id, &review.goal) {
                    let whose = if first == review.goal {
                        format!("twice in the review of '{first}'")
                    } else {
                        format!("in the reviews of '{first}' and '{}'", review.goal)
                    };
                    return Err(format!("action id {} appears {whose}", action.id));
                }
            }
        }
        self.validate_history()
    }

    /// Locks name each period once; history entries are numbered in order
    /// and an undo or redo names an earlier entry.
    fn validate_history(&self) -> Result<(), String> {
        for pair in self.locks.windows(2) {
            if pair[0].period >= pair[1].period {
                return Err(format!(
                    "the locks are not sorted by period, or '{}' is locked twice",
                    pair[1].period
                ));
            }
        }
        if let Some(lock) = self.locks.iter().find(|l| l.start > l.end) {
            return Err(format!(
                "the lock of '{}' ends before it starts",
                lock.period
            ));
        }
        let mut last = 0;
        for entry in &self.history {
            check_entry(entry, last)?;
            last = entry.seq;
        }
        Ok(())
    }

    /// People and teams: valid ids, one namespace, known members, no
    /// cycle.
    fn validate_org(&self) -> Result<(), String> {
        let mut ids = HashSet::with_capacity(self.people.len() + self.teams.len());
        for person in &self.people {
            if !is_valid_id(&person.id) {
                return Err(format!(
                    "person id '{}' is not a valid id ([a-z0-9][a-z0-9._-]*)",
                    crate::domain::text::echo(&person.id)
                ));
            }
            if !ids.insert(person.id.as_str()) {
                return Err(format!("person id '{}' appears twice", person.id));
            }
        }
        if !self.people.is_sorted_by(|a, b| a.id < b.id) {
            return Err("the people are not sorted by id".to_string());
        }
        for team in &self.teams {
            if !is_valid_id(&team.id) {
                return Err(format!(
                    "team id '{}' is not a valid id ([a-z0-9][a-z0-9._-]*)",
                    crate::domain::text::echo(&team.id)
                ));
            }
            if !ids.insert(team.id.as_str()) {
                return Err(format!(
                    "'{}' is the id of two people or teams; ids are shared by people and teams",
                    team.id
                ));
            }
        }
        for team in &self.teams {
            for member in &team.members {
                if !ids.contains(member.id.as_str()) {
                    return Err(format!(
                        "team '{}' has member '{}', who is neither a person nor a team in the file",
                        team.id, member.id
                    ));
                }
                if let (Some(from), Some(to)) = (member.from, member.to)
                    && from >= to
                {
                    return Err(format!(
                        "team '{}': the membership of '{}' ends ({to}) before it starts ({from})",
                        team.id, member.id
                    ));
                }
            }
        }
        if let Some(cycle) = self.org().find_cycle() {
            return Err(format!(
                "the teams form a cycle ({}); a team cannot hold itself",
                cycle.join(" → ")
            ));
        }
        Ok(())
    }

    pub fn review(&self, goal: &str) -> Option<&Review> {
        self.reviews.iter().find(|r| r.goal == goal)
    }

    /// Every review action, with the goal whose review holds it.
    pub fn actions(&self) -> impl Iterator<Item = (&str, &Action)> {
        self.reviews
            .iter()
            .flat_map(|r| r.actions.iter().map(move |a| (r.goal.as_str(), a)))
    }

    /// Puts records in their canonical order.
    pub fn normalize(&mut self) {
        if !self.people.is_sorted_by(|a, b| a.id <= b.id) {
            self.people.sort_by(|a, b| a.id.cmp(&b.id));
        }
        self.teams.sort_by(|a, b| a.id.cmp(&b.id));
        if !self.goals.is_sorted_by(|a, b| a.id <= b.id) {
            self.goals.sort_by(|a, b| a.id.cmp(&b.id));
        }
        self.results.sort_by_id();
        // By id: random ids scatter additions through the section, so two
        // branches that each log one rarely touch the same lines.
        self.celebrations.sort_by(|a, b| a.id.cmp(&b.id));
        self.reviews.sort_by(|a, b| a.goal.cmp(&b.goal));
        self.locks.sort_by(|a, b| a.period.cmp(&b.period));
        self.history.sort_by_key(|e| e.seq);
    }
}

/// A history entry after the one numbered `last` (0 for the first).
pub fn check_entry(entry: &Entry, last: u64) -> Result<(), String> {
    if entry.seq <= last {
        return Err(format!(
            "history entry {} comes after entry {last}; entries are numbered in order",
            entry.seq
        ));
    }
    if let Some(target) = entry.undoes.or(entry.redoes)
        && target >= entry.seq
    {
        return Err(format!(
            "history entry {} undoes or redoes entry {target}, which is not earlier",
            entry.seq
        ));
    }
    Ok(())
}
