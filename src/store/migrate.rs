//! Reading every file format there has been: the bytes are parsed as the
//! version they declare, then carried forward one step at a time (1 → 2,
//! later 2 → 3) to the current in-memory [`Document`].

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Deserialize;

use super::schema::{CURRENT_VERSION, Document, VersionProbe};
use crate::domain::amount::Amount;
use crate::domain::celebration::Celebration;
use crate::domain::goal::{Goal, Record, Settings, iso_date};
use crate::domain::ids::Id;
use crate::domain::org::{Person, same_spelling, slug};
use crate::domain::period::Period;
use crate::domain::review::Review;

/// Why bytes are not a document this build can use.
#[derive(Debug)]
pub enum DecodeError {
    /// Not JSON of the declared version's shape, at a line and column.
    Syntax {
        line: usize,
        column: usize,
        reason: String,
    },
    /// Written by a newer attain.
    Newer(u32),
    /// Version 0, which no attain ever wrote.
    Zero,
    /// Parsed, but a format-1 record could not be carried forward.
    Migration(String),
}

/// Parses the bytes of a data file or a backup in any format this build
/// knows, migrating older formats. The result is not yet validated.
pub fn decode(bytes: &[u8]) -> Result<Document, DecodeError> {
    decode_with_layout(bytes, super::fast::Reading::PLAIN).map(|(document, _)| document)
}

/// [`decode`], and where the results' lines are in `bytes` when the fast
/// reader found each of them written as attain writes it
/// ([`super::fast::read`]).
pub fn decode_with_layout(
    bytes: &[u8],
    reading: super::fast::Reading,
) -> Result<(Document, super::fast::Layout), DecodeError> {
    if let Some(read) = super::fast::read_with(bytes, reading) {
        return Ok(read);
    }
    general(bytes).map(|document| (document, super::fast::Layout::default()))
}

fn general(bytes: &[u8]) -> Result<Document, DecodeError> {
    let syntax = |e: serde_json::Error| DecodeError::Syntax {
        line: e.line(),
        column: e.column(),
        reason: e.to_string(),
    };
    let version = match serde_json::from_slice::<Document>(bytes) {
        Ok(document) if document.version == CURRENT_VERSION => return Ok(document),
        Ok(document) => document.version,
        Err(e) => match serde_json::from_slice::<VersionProbe>(bytes) {
            Ok(probe) if probe.version != CURRENT_VERSION => probe.version,
            _ => return Err(syntax(e)),
        },
    };
    match version {
        0 => Err(DecodeError::Zero),
        1 => {
            let v1: DocumentV1 = serde_json::from_slice(bytes).map_err(syntax)?;
            let mut document = v1_to_v2(v1).map_err(DecodeError::Migration)?;
            document.migrated_from = Some(1);
            Ok(document)
        }
        newer => Err(DecodeError::Newer(newer)),
    }
}

/// Format 1: every result recorded against one goal.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentV1 {
    pub version: u32,
    #[serde(default)]
    pub settings: Settings,
    #[serde(default)]
    pub goals: Vec<Goal>,
    #[serde(default)]
    pub results: Vec<RecordV1>,
    /// Celebrations and reviews as format 2 has them: their ids were
    /// numbers, which [`Id`] reads as their text (`3` is `"3"`).
    #[serde(default)]
    pub celebrations: Vec<Celebration>,
    #[serde(default)]
    pub reviews: Vec<Review>,
}

/// A format-1 result: a sequential id and the goal it was recorded for.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordV1 {
    pub id: u64,
    pub goal: Box<str>,
    #[serde(with = "iso_date")]
    pub date: NaiveDate,
    pub value: Amount,
    #[serde(default)]
    pub note: Option<Box<str>>,
    #[serde(default, rename = "ref")]
    pub reference: Option<Box<str>>,
}

/// 1 → 2: owners become people (one per spelling of a name, ids by the
/// identity rule), results become facts about the goal's owner and
/// metric. A result that would now also count toward another goal of the
/// same owner and metric (a year goal beside quarter goals) keeps
/// counting toward its own goal only, so that no number changes.
pub fn v1_to_v2(v1: DocumentV1) -> Result<Document, String> {
    let DocumentV1 {
        settings,
        mut goals,
        results,
        celebrations,
        reviews,
        ..
    } = v1;
    let people = people_of(&goals);
    for goal in &mut goals {
        goal.owner = people
            .iter()
            .find(|(spelling, _)| *spelling == goal.owner)
            .map(|(_, person)| person.id.clone())
            .unwrap_or_default();
    }
    let mut by_owner_metric: HashMap<(&str, &str), Vec<(&str, Period)>> = HashMap::new();
    let mut of_goal: HashMap<&str, (&Goal, Period)> = HashMap::with_capacity(goals.len());
    for goal in &goals {
        let period = Period::from_label(&goal.period, settings.fiscal_year_start)
            .map_err(|e| format!("goal '{}': {e}", goal.id))?;
        by_owner_metric
            .entry((&goal.owner, &goal.metric))
            .or_default()
            .push((&goal.id, period.clone()));
        of_goal.insert(&goal.id, (goal, period));
    }
    let mut records = Vec::with_capacity(results.len());
    let mut refs: HashSet<(&str, &str, &str)> = HashSet::new();
    for r in &results {
        let Some((goal, _)) = of_goal.get(&*r.goal) else {
            return Err(format!(
                "result {} is for goal '{}', which is not in the file",
                r.id, r.goal
            ));
        };
        let shared = by_owner_metric[&(goal.owner.as_str(), goal.metric.as_str())]
            .iter()
            .any(|(id, period)| *id != goal.id && period.contains(r.date));
        let ref_taken = r
            .reference
            .as_deref()
            .is_some_and(|reference| !refs.insert((&goal.owner, &goal.metric, reference)));
        records.push(Record {
            id: Id(r.id.to_string().into()),
            owner: goal.owner.as_str().into(),
            metric: goal.metric.as_str().into(),
            date: r.date,
            value: r.value,
            note: r.note.clone(),
            reference: r.reference.clone(),
            goal: (shared || ref_taken).then(|| r.goal.clone()),
        });
    }
    let mut people: Vec<Person> = people.into_iter().map(|(_, person)| person).collect();
    people.sort_by(|a, b| a.id.cmp(&b.id));
    people.dedup_by(|a, b| a.id == b.id);
    let mut document = Document {
        version: CURRENT_VERSION,
        settings,
        people,
        teams: Vec::new(),
        goals,
        results: records.into(),
        celebrations,
        reviews,
        locks: Vec::new(),
        history: Vec::new(),
        migrated_from: None,
    };
    document.normalize();
    Ok(document)
}

/// One person per owner spelling: spellings that differ only in case,
/// spacing and punctuation (`Maria Chen`, `maria-chen`) are one person;
/// spellings that fold to one id but are different names (`Zoë`, `Zoé`)
/// get ids `zoe` and `zoe-2`. A person's name is the spelling that looks
/// most like a name, or the start of a goal title that spells the id
/// ("Maria Chen - Q3 2026 revenue" names `maria-chen`).
fn people_of(goals: &[Goal]) -> Vec<(String, Person)> {
    let mut spellings: Vec<&str> = goals.iter().map(|g| g.owner.as_str()).collect();
    spellings.sort_unstable();
    spellings.dedup();
    let mut out: Vec<(String, Person)> = Vec::with_capacity(spellings.len());
    let mut taken: HashSet<String> = HashSet::new();
    for spelling in spellings {
        if let Some((_, person)) = out.iter().find(|(other, _)| same_spelling(other, spelling)) {
            let person = person.clone();
            out.push((spelling.to_string(), person));
            continue;
        }
        let base = match slug(spelling) {
            s if s.is_empty() => "owner".to_string(),
            s => s,
        };
        let mut id = base.clone();
        let mut n = 2;
        while taken.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        taken.insert(id.clone());
        out.push((
            spelling.to_string(),
            Person {
                id,
                name: spelling.to_string(),
                email: None,
            },
        ));
    }
    // Names: prefer a spelling with capitals or spaces, then a title's.
    let ids: Vec<String> = out.iter().map(|(_, p)| p.id.clone()).collect();
    for id in ids {
        let spellings: Vec<&str> = out
            .iter()
            .filter(|(_, p)| p.id == id)
            .map(|(s, _)| s.as_str())
            .collect();
        let looks_like_a_name = |s: &&&str| s.chars().any(|c| c.is_uppercase() || c == ' ');
        let name = spellings
            .iter()
            .find(looks_like_a_name)
            .map(|s| s.to_string())
            .or_else(|| title_name(goals, &spellings))
            .unwrap_or_else(|| spellings[0].to_string());
        for (_, person) in out.iter_mut().filter(|(_, p)| p.id == id) {
            person.name.clone_from(&name);
        }
    }
    out
}

/// "Maria Chen" from a title "Maria Chen - Q3 2026 revenue" of a goal
/// owned by one of `spellings`, when it spells the same name.
fn title_name(goals: &[Goal], spellings: &[&str]) -> Option<String> {
    goals
        .iter()
        .filter(|g| spellings.contains(&g.owner.as_str()))
        .find_map(|g| {
            let head = g.title.split(" - ").next()?.trim();
            (head != g.title && same_spelling(head, &g.owner)).then(|| head.to_string())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const V1: &str = r#"{
  "version": 1,
  "settings": {"currency": "USD", "fiscal_year_start": 1, "at_risk": 0.9},
  "goals": [
    {"id":"ana-q3","title":"Ana Lima - Q3 2026 revenue","owner":"ana-lima","metric":"revenue","unit":"USD","period":"2026-Q3","target":100,"direction":"at-least","aggregate":"sum","created":"2026-01-01T00:00:00Z"},
    {"id":"ana-2026","title":"Ana's year","owner":"Ana Lima","metric":"revenue","unit":"USD","period":"2026","target":400,"direction":"at-least","aggregate":"sum","created":"2026-01-01T00:00:00Z"},
    {"id":"zoe-a","title":"Zoë","owner":"Zoë","metric":"csat","unit":"score","period":"2026-Q3","target":4,"direction":"at-least","aggregate":"average","created":"2026-01-01T00:00:00Z"},
    {"id":"zoe-b","title":"Zoé","owner":"Zoé","metric":"csat","unit":"score","period":"2026-Q3","target":4,"direction":"at-least","aggregate":"average","created":"2026-01-01T00:00:00Z"}
  ],
  "results": [
    {"id":1,"goal":"ana-q3","date":"2026-08-01","value":60,"ref":"D-1"},
    {"id":2,"goal":"ana-2026","date":"2026-02-01","value":50},
    {"id":3,"goal":"ana-2026","date":"2026-08-02","value":70},
    {"id":12,"goal":"zoe-a","date":"2026-08-02","value":4.5,"note":"pulse"}
  ],
  "celebrations": [],
  "reviews": []
}
"#;

    fn migrated() -> Document {
        decode(V1.as_bytes()).unwrap()
    }

    #[test]
    fn owners_become_people_by_the_identity_rule() {
        let doc = migrated();
        let people: Vec<(&str, &str)> = doc
            .people
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str()))
            .collect();
        assert_eq!(
            people,
            [("ana-lima", "Ana Lima"), ("zoe", "Zoé"), ("zoe-2", "Zoë")]
        );
        let owners: Vec<&str> = doc.goals.iter().map(|g| g.owner.as_str()).collect();
        assert_eq!(owners, ["ana-lima", "ana-lima", "zoe-2", "zoe"]);
        assert_eq!(doc.migrated_from, Some(1));
        assert_eq!(doc.version, 2);
        doc.validate().unwrap();
    }

    #[test]
    fn results_become_facts_and_keep_their_goal_only_where_another_would_count_them() {
        let doc = migrated();
        let ids: Vec<&str> = doc.results.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["1", "2", "3", "12"]);
        let pin = |id: &str| {
            let r = doc.results.iter().find(|r| r.id.as_str() == id).unwrap();
            (r.owner.to_string(), r.metric.to_string(), r.goal.clone())
        };
        // Q3 results of the year goal and the quarter goal would count twice.
        assert_eq!(pin("1").2.as_deref(), Some("ana-q3"));
        assert_eq!(pin("3").2.as_deref(), Some("ana-2026"));
        // February is in the year goal only: a plain fact.
        assert_eq!(pin("2"), ("ana-lima".into(), "revenue".into(), None));
        assert_eq!(pin("12"), ("zoe-2".into(), "csat".into(), None));
    }

    #[test]
    fn a_name_comes_from_a_title_when_the_owner_is_a_slug() {
        let goals: Vec<Goal> = serde_json::from_str::<DocumentV1>(V1).unwrap().goals;
        assert_eq!(
            title_name(&goals[..1], &["ana-lima"]).as_deref(),
            Some("Ana Lima")
        );
        assert_eq!(title_name(&goals[2..3], &["Zoë"]), None);
    }

    /// A format-1 goal line, as attain 0.1 wrote it.
    fn goal_v1(id: &str, title: &str, owner: &str, period: &str) -> String {
        format!(
            r#"{{"id":"{id}","title":"{title}","owner":"{owner}","metric":"revenue","unit":"USD","period":"{period}","target":1,"direction":"at-least","aggregate":"sum","created":"2026-01-01T00:00:00Z"}}"#
        )
    }

    #[test]
    fn spellings_that_fold_alike_get_numbered_ids_and_a_nameless_owner_an_id() {
        let goals = [
            goal_v1("a", "x", "Zoë", "2026-Q1"),
            goal_v1("b", "x", "Zoé", "2026-Q1"),
            goal_v1("c", "x", "Zoè", "2026-Q1"),
            goal_v1("d", "x", "!!", "2026-Q1"),
        ];
        let text = format!(r#"{{"version": 1, "goals": [{}]}}"#, goals.join(","));
        let doc = decode(text.as_bytes()).unwrap();
        let ids: Vec<&str> = doc.people.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["owner", "zoe", "zoe-2", "zoe-3"]);
    }

    #[test]
    fn a_title_names_a_person_only_before_a_dash() {
        let goals: Vec<Goal> = [
            goal_v1("a", "Ana Lima", "ana-lima", "2026-Q1"),
            goal_v1("b", "Ana Lima - Q1", "ana-lima", "2026-Q1"),
            goal_v1("c", "Bo Lind - Q1", "ana-lima", "2026-Q1"),
        ]
        .iter()
        .map(|g| serde_json::from_str(g).unwrap())
        .collect();
        // A title that is only the name is not taken apart.
        assert_eq!(title_name(&goals[..1], &["ana-lima"]), None);
        assert_eq!(
            title_name(&goals[..2], &["ana-lima"]).as_deref(),
            Some("Ana Lima")
        );
        // Someone else's name is not taken.
        assert_eq!(title_name(&goals[2..], &["ana-lima"]), None);
    }

    #[test]
    fn a_ref_repeated_by_two_goals_of_one_owner_keeps_each_result_on_its_goal() {
        let text = format!(
            r#"{{"version": 1, "goals": [{}, {}], "results": [
                {{"id":1,"goal":"q1","date":"2026-02-01","value":5,"ref":"D-1"}},
                {{"id":2,"goal":"q2","date":"2026-05-01","value":6,"ref":"D-1"}}]}}"#,
            goal_v1("q1", "x", "ana", "2026-Q1"),
            goal_v1("q2", "x", "ana", "2026-Q2")
        );
        let doc = decode(text.as_bytes()).unwrap();
        let pins: Vec<Option<&str>> = doc.results.iter().map(|r| r.goal.as_deref()).collect();
        // The periods do not overlap: only the repeated ref needs a pin.
        assert_eq!(pins, [None, Some("q2")]);
        doc.validate().unwrap();
    }

    #[test]
    fn versions_are_told_apart() {
        // Valid JSON of the current version in another shape is broken,
        // not newer.
        assert!(matches!(
            decode(br#"{"version": 2, "results": 7}"#),
            Err(DecodeError::Syntax { .. })
        ));
        assert!(matches!(
            decode(br#"{"version": 3, "goals": [], "shiny": 1}"#),
            Err(DecodeError::Newer(3))
        ));
        assert!(matches!(
            decode(br#"{"version": 0}"#),
            Err(DecodeError::Zero)
        ));
        assert!(matches!(
            decode(b"{\n  \"version\": 2,\n  \"goals\": [}"),
            Err(DecodeError::Syntax { line: 3, .. })
        ));
        assert!(matches!(
            decode(br#"{"version": 1, "results": [{"id":1,"goal":"x","date":"2026-01-01","value":1}]}"#),
            Err(DecodeError::Migration(_))
        ));
        let empty = decode(br#"{"version": 2}"#).unwrap();
        assert_eq!(empty.migrated_from, None);
    }
}
