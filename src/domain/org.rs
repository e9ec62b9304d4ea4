//! The sales org: people, teams that nest, and dated memberships.
//!
//! A team's **scope** is the team itself plus, recursively, its members at
//! the date of each result. [`Org::scope`] flattens that into the owners
//! whose results count, each with the dates in which they count.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::goal::iso_date;

/// A person who can own goals and results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Slug, `[a-z0-9][a-z0-9._-]*`, shared with team ids.
    pub id: String,
    /// How tables and drafts name the person: "Maria Chen".
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// A team: people and other teams.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Membership>,
}

/// One member of a team, optionally for a span of dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Membership {
    /// A person's or a team's id.
    pub id: String,
    /// Results dated on or after this date count.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "optional_date"
    )]
    pub from: Option<NaiveDate>,
    /// Results dated before this date count.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "optional_date"
    )]
    pub to: Option<NaiveDate>,
}

impl Membership {
    pub fn always(id: &str) -> Self {
        Membership {
            id: id.to_string(),
            from: None,
            to: None,
        }
    }

    /// Whether the membership holds on `date`.
    pub fn holds_on(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|from| from <= date) && self.to.is_none_or(|to| date < to)
    }

    /// Whether the membership holds today or later: not ended by `date`.
    pub fn is_current(&self, date: NaiveDate) -> bool {
        self.to.is_none_or(|to| date < to)
    }
}

/// A span of dates: `from` inclusive, `to` exclusive, either open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Span {
    pub const ALWAYS: Span = Span {
        from: None,
        to: None,
    };

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|from| from <= date) && self.to.is_none_or(|to| date < to)
    }

    /// The dates both spans hold, or `None` when they do not meet.
    pub fn intersect(self, other: Span) -> Option<Span> {
        let from = match (self.from, other.from) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let to = match (self.to, other.to) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match (from, to) {
            (Some(from), Some(to)) if from >= to => None,
            _ => Some(Span { from, to }),
        }
    }
}

/// The people and teams of one file, indexed for lookups.
#[derive(Debug, Default)]
pub struct Org<'a> {
    teams: HashMap<&'a str, &'a Team>,
}

impl<'a> Org<'a> {
    pub fn new(teams: &'a [Team]) -> Self {
        Org {
            teams: teams.iter().map(|t| (t.id.as_str(), t)).collect(),
        }
    }

    pub fn team(&self, id: &str) -> Option<&'a Team> {
        self.teams.get(id).copied()
    }

    /// The owners whose results count toward `owner`'s goals, each with
    /// the dates in which they count: the owner itself always, and for a
    /// team every member (recursively) within its membership dates. An
    /// owner reached along two paths has both spans.
    pub fn scope(&self, owner: &'a str) -> Vec<(&'a str, Span)> {
        let mut out = vec![(owner, Span::ALWAYS)];
        self.walk(owner, &mut |path, span| {
            if let Some(id) = path.last() {
                out.push((*id, span));
            }
        });
        out
    }

    /// Like [`Org::scope`] without the owner itself, each member with the
    /// path it is reached by: the ids from `owner` down to the member
    /// (`["org", "east", "ana"]`).
    pub fn scope_paths(&self, owner: &'a str) -> Vec<(Vec<&'a str>, Span)> {
        let mut out = Vec::new();
        self.walk(owner, &mut |path, span| out.push((path.to_vec(), span)));
        out
    }

    /// Visits every member reached from `owner`, depth first in file
    /// order, with the path to it and the dates in which it counts.
    fn walk(&self, owner: &'a str, visit: &mut dyn FnMut(&[&'a str], Span)) {
        let mut path = vec![owner];
        self.collect(owner, Span::ALWAYS, &mut path, visit);
    }

    fn collect(
        &self,
        team: &str,
        span: Span,
        path: &mut Vec<&'a str>,
        visit: &mut dyn FnMut(&[&'a str], Span),
    ) {
        let Some(team) = self.team(team) else {
            return;
        };
        for member in &team.members {
            let own = Span {
                from: member.from,
                to: member.to,
            };
            let Some(span) = span.intersect(own) else {
                continue;
            };
            // A cycle is refused when the file is checked; stop here too
            // so that no input can make this loop forever.
            if path.contains(&member.id.as_str()) {
                continue;
            }
            path.push(&member.id);
            visit(path, span);
            self.collect(&member.id, span, path, visit);
            path.pop();
        }
    }

    /// Whether `owner` lies in `team`'s scope on any date.
    pub fn contains(&self, team: &'a str, owner: &str) -> bool {
        self.scope(team).iter().any(|(id, _)| *id == owner)
    }

    /// The teams that hold `owner` directly, on any date, by id.
    pub fn parents(&self, owner: &str) -> Vec<&'a str> {
        let mut parents: Vec<&'a str> = self
            .teams
            .values()
            .filter(|t| t.members.iter().any(|m| m.id == owner))
            .map(|t| t.id.as_str())
            .collect();
        parents.sort_unstable();
        parents
    }

    /// A cycle among the teams, as the ids along it (`a → b → a`), if any.
    pub fn find_cycle(&self) -> Option<Vec<String>> {
        let mut ids: Vec<&str> = self.teams.keys().copied().collect();
        ids.sort_unstable();
        let mut done = HashSet::new();
        for id in ids {
            let mut path = Vec::new();
            if let Some(cycle) = self.visit(id, &mut path, &mut done) {
                return Some(cycle);
            }
        }
        None
    }

    fn visit<'b>(
        &'b self,
        id: &'b str,
        path: &mut Vec<&'b str>,
        done: &mut HashSet<&'b str>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|p| *p == id) {
            let mut cycle: Vec<String> = path[start..].iter().map(|s| s.to_string()).collect();
            cycle.push(id.to_string());
            return Some(cycle);
        }
        if done.contains(id) {
            return None;
        }
        let team = self.team(id)?;
        path.push(id);
        for member in &team.members {
            if let Some(cycle) = self.visit(&member.id, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(id);
        None
    }
}

/// The one identity rule: the id a typed owner name stands for.
/// `Maria Chen`, `maria chen` and `maria-chen` are all `maria-chen`;
/// letters outside ASCII are folded (`Zoë` is `zoe`).
pub fn slug(text: &str) -> String {
    super::goal::slugify(&deunicode::deunicode(text))
}

/// Whether two spellings are the same name but for case, spacing and
/// punctuation (no folding): `Maria Chen` and `maria-chen` are, `Zoë` and
/// `Zoé` are not, and neither are two names without a letter or digit.
pub fn same_spelling(a: &str, b: &str) -> bool {
    // Compared as they are read, without building either key: this runs
    // for every person when a new name is looked up, so ASCII names (most)
    // take a byte loop.
    if a.is_ascii() && b.is_ascii() {
        let mut a = ascii_spelling(a.as_bytes()).peekable();
        return a.peek().is_some() && a.eq(ascii_spelling(b.as_bytes()));
    }
    let mut a = spelling(a).peekable();
    a.peek().is_some() && a.eq(spelling(b))
}

/// [`spelling`] for ASCII text.
fn ascii_spelling(text: &[u8]) -> impl Iterator<Item = u8> + '_ {
    let mut at = 0;
    let mut pending: Option<u8> = None;
    let mut started = false;
    std::iter::from_fn(move || {
        if let Some(b) = pending.take() {
            return Some(b);
        }
        let mut gap = false;
        while let Some(&b) = text.get(at) {
            at += 1;
            if b.is_ascii_alphanumeric() {
                let b = b.to_ascii_lowercase();
                if gap && started {
                    pending = Some(b);
                    return Some(b'-');
                }
                started = true;
                return Some(b);
            }
            gap = true;
        }
        None
    })
}

/// A name's letters and digits in lower case, each run of anything else
/// as one `-` between them (none at the ends).
fn spelling(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut chars = text.chars().flat_map(char::to_lowercase).peekable();
    let mut started = false;
    std::iter::from_fn(move || {
        let mut gap = false;
        loop {
            let c = chars.next()?;
            if c.is_alphanumeric() {
                if gap && started {
                    // Put the letter back: the gap comes first.
                    return Some(('-', Some(c)));
                }
                started = true;
                return Some((c, None));
            }
            gap = true;
        }
    })
    .flat_map(|(c, then)| std::iter::once(c).chain(then))
}

mod optional_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        date: &Option<NaiveDate>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => super::iso_date::serialize(date, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<NaiveDate>, D::Error> {
        #[derive(Deserialize)]
        struct Wrapped(#[serde(with = "super::iso_date")] NaiveDate);
        Option::<Wrapped>::deserialize(deserializer).map(|w| w.map(|Wrapped(d)| d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn team(id: &str, members: Vec<Membership>) -> Team {
        Team {
            id: id.into(),
            name: id.into(),
            members,
        }
    }

    fn dated(id: &str, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Membership {
        Membership {
            id: id.into(),
            from,
            to,
        }
    }

    #[test]
    fn a_membership_counts_from_its_start_and_before_its_end() {
        let m = dated("ana", Some(date(2026, 10, 1)), Some(date(2026, 11, 1)));
        assert!(!m.holds_on(date(2026, 9, 30)));
        assert!(m.holds_on(date(2026, 10, 1)));
        assert!(m.holds_on(date(2026, 10, 31)));
        assert!(!m.holds_on(date(2026, 11, 1)));
        assert!(m.is_current(date(2026, 10, 31)));
        assert!(!m.is_current(date(2026, 11, 1)));
    }

    #[test]
    fn spans_intersect_to_the_dates_both_hold() {
        let a = Span {
            from: Some(date(2026, 1, 1)),
            to: Some(date(2026, 7, 1)),
        };
        let b = Span {
            from: Some(date(2026, 4, 1)),
            to: None,
        };
        assert_eq!(
            a.intersect(b),
            Some(Span {
                from: Some(date(2026, 4, 1)),
                to: Some(date(2026, 7, 1)),
            })
        );
        assert_eq!(Span::ALWAYS.intersect(a), Some(a));
        let later = Span {
            from: Some(date(2026, 7, 1)),
            to: None,
        };
        assert_eq!(a.intersect(later), None);
        assert!(a.contains(date(2026, 6, 30)));
        assert!(!a.contains(date(2026, 7, 1)));
        assert!(!a.contains(date(2025, 12, 31)));
    }

    #[test]
    fn a_nested_team_scope_holds_members_within_their_dates() {
        let teams = vec![
            team(
                "org",
                vec![Membership::always("east"), Membership::always("west")],
            ),
            team(
                "east",
                vec![
                    Membership::always("ana"),
                    dated("tom", None, Some(date(2026, 10, 1))),
                ],
            ),
            team("west", vec![dated("tom", Some(date(2026, 10, 1)), None)]),
        ];
        let org = Org::new(&teams);
        let scope = org.scope("org");
        let ids: Vec<&str> = scope.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, ["org", "east", "ana", "tom", "west", "tom"]);
        let east_tom = scope[3].1;
        assert!(east_tom.contains(date(2026, 9, 30)));
        assert!(!east_tom.contains(date(2026, 10, 1)));
        assert_eq!(org.scope("ana"), vec![("ana", Span::ALWAYS)]);
        assert!(org.contains("org", "tom"));
        assert!(!org.contains("west", "ana"));
        assert_eq!(org.parents("tom"), ["east", "west"]);
    }

    #[test]
    fn scope_paths_name_the_teams_a_member_is_reached_by() {
        let teams = vec![
            team("org", vec![Membership::always("east")]),
            team("east", vec![dated("tom", None, Some(date(2026, 10, 1)))]),
        ];
        let org = Org::new(&teams);
        let paths = org.scope_paths("org");
        assert_eq!(paths.len(), 2);
        assert_eq!(paths[0].0, ["org", "east"]);
        assert_eq!(paths[1].0, ["org", "east", "tom"]);
        assert_eq!(paths[1].1.to, Some(date(2026, 10, 1)));
        assert!(org.scope_paths("tom").is_empty());
    }

    #[test]
    fn a_team_reached_only_outside_its_parents_dates_is_not_in_scope() {
        let teams = vec![
            team("org", vec![dated("east", Some(date(2027, 1, 1)), None)]),
            team("east", vec![dated("ana", None, Some(date(2026, 12, 1)))]),
        ];
        let org = Org::new(&teams);
        let ids: Vec<&str> = org.scope("org").iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, ["org", "east"]);
    }

    #[test]
    fn cycles_are_found_and_named() {
        let teams = vec![
            team("a", vec![Membership::always("b")]),
            team("b", vec![Membership::always("c")]),
            team(
                "c",
                vec![Membership::always("a"), Membership::always("ana")],
            ),
        ];
        let org = Org::new(&teams);
        assert_eq!(org.find_cycle().unwrap(), ["a", "b", "c", "a"]);
        // The scope of a team in a cycle still ends: a, b, c, ana.
        assert_eq!(org.scope("a").len(), 4);
        let fine = vec![
            team("a", vec![Membership::always("b"), Membership::always("c")]),
            team("b", vec![Membership::always("c")]),
            team("c", vec![]),
        ];
        assert_eq!(Org::new(&fine).find_cycle(), None);
    }

    #[test]
    fn owners_fold_to_one_slug() {
        assert_eq!(slug("Maria Chen"), "maria-chen");
        assert_eq!(slug(" maria  chen "), "maria-chen");
        assert_eq!(slug("maria-chen"), "maria-chen");
        assert_eq!(slug("Zoë O'Neil"), "zoe-o-neil");
        assert_eq!(slug("Zoé"), "zoe");
        assert!(same_spelling("Maria Chen", "maria-chen"));
        assert!(same_spelling("ZOË", "zoë"));
        assert!(!same_spelling("Zoë", "Zoé"));
        assert!(!same_spelling("Maria Chen", "Mario Chen"));
        assert!(same_spelling("--Maria   Chen--", "maria.chen"));
        assert!(!same_spelling("Maria Chen", "MariaChen"));
        assert!(!same_spelling("Maria Chen", "Maria Chen Jr"));
        // Two names without a letter or digit are not one name.
        assert!(!same_spelling("", ""));
        assert!(!same_spelling("?!", "…"));
        assert!(!same_spelling("", "🙂"));
        assert!(!same_spelling("!!", "??"));
    }

    #[test]
    fn dated_memberships_round_trip_as_iso_text() {
        let m = dated("ana", Some(date(2026, 10, 1)), None);
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"{"id":"ana","from":"2026-10-01"}"#);
        assert_eq!(serde_json::from_str::<Membership>(&json).unwrap(), m);
        assert!(serde_json::from_str::<Membership>(r#"{"id":"a","to":"2026-02-30"}"#).is_err());
    }
}
