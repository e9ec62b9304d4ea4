//! Applying checked import rows to the document: owners resolved by the
//! identity rule (new people registered, typos refused), rows already
//! recorded skipped, known refs with a new value or date updated, the rest
//! added: all through the one [`Recorder`].

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use std::sync::Arc;

use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use serde::Serialize;

use super::identity;
use super::results::{NewResult, Outcome, Recorder, units};
use crate::domain::amount::Amount;
use crate::domain::goal::Record;
use crate::store::Document;

/// A row whose date, value and goal were checked, before its owner is
/// resolved: `owner` is a goal's owner id, or a name as the file wrote it.
#[derive(Debug, Clone)]
pub struct CheckedRow {
    /// The data row, 1-based, and the line of the input it starts on.
    pub number: u64,
    pub line: u64,
    pub owner: String,
    pub metric: String,
    pub date: NaiveDate,
    pub value: Amount,
    pub note: Box<str>,
    pub reference: Option<Box<str>>,
}

/// A row skipped because it was already recorded: the same owner, metric
/// and ref with the same date and value, or without a ref, a result of the
/// same owner, metric, date, value and note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    /// The data row, 1-based.
    pub row: u64,
    pub owner: String,
    #[serde(rename = "ref")]
    pub reference: Option<String>,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Imported {
    pub added: Vec<Record>,
    /// Results whose ref was known, with a new value or date.
    pub changed: Vec<Record>,
    pub duplicates: Vec<Duplicate>,
    /// Rows left out by `--where` (set by the reader).
    pub filtered: u64,
    /// Owners the import named that were not in the file, as written.
    pub new_people: Vec<String>,
    /// The unit of each metric a result was added to, for people.
    pub units: HashMap<String, String>,
}

/// What a result without a ref is known by: owner, metric, date, value
/// and note.
type Content = (Arc<str>, Arc<str>, NaiveDate, Amount, Box<str>);

/// Applies every row, or fails naming the row (and then the caller writes
/// nothing). `random` gives the bits of new ids.
pub fn apply_rows(
    document: &mut Document,
    rows: Vec<CheckedRow>,
    random: impl FnMut() -> u64,
) -> Result<Imported> {
    let mut imported = Imported::default();
    // Results without a ref, by content: each answers for one row, so that
    // a re-import adds nothing twice.
    let mut plain: FxHashMap<Content, usize> = FxHashMap::default();
    if rows.iter().any(|r| r.reference.is_none()) {
        for r in &document.results {
            if r.reference.is_none() {
                let key = (
                    r.owner.clone(),
                    r.metric.clone(),
                    r.date,
                    r.value,
                    r.note.clone().unwrap_or_default(),
                );
                *plain.entry(key).or_default() += 1;
            }
        }
    }
    // Each owner named in the rows, looked up once: the id it stands for.
    let mut owners: FxHashMap<String, String> = FxHashMap::default();
    let mut recorder = Recorder::new(random);
    for row in rows {
        let number = row.number;
        let metric = row.metric.clone();
        let owner = row.owner.clone();
        let owner = match owners.get(&owner) {
            Some(id) => id.clone(),
            None if !document.is_owner(&owner) => {
                let known = document.people.len() + document.teams.len();
                let id = identity::register_unless_close(document, &owner)
                    .map_err(|e| anyhow!("row {number} (line {}): {e:#}", row.line))?;
                if document.people.len() + document.teams.len() > known {
                    imported.new_people.push(owner.clone());
                }
                owners.insert(owner, id.clone());
                id
            }
            None => {
                owners.insert(owner.clone(), owner.clone());
                owner
            }
        };
        if row.reference.is_none() {
            let key = (
                owner.as_str().into(),
                metric.as_str().into(),
                row.date,
                row.value,
                row.note.clone(),
            );
            if let Some(n) = plain.get_mut(&key).filter(|n| **n > 0) {
                *n -= 1;
                imported.duplicates.push(Duplicate {
                    row: number,
                    owner: owner.clone(),
                    reference: None,
                });
                continue;
            }
        }
        let outcome = recorder.add_or_update(
            document,
            &NewResult {
                owner: &owner,
                metric: &metric,
                date: row.date,
                value: row.value,
                note: Some(&*row.note).filter(|n| !n.is_empty()),
                reference: row.reference.as_deref(),
            },
        );
        if !imported.units.contains_key(&metric) {
            let unit = units(document)
                .get(metric.as_str())
                .copied()
                .unwrap_or_default();
            imported.units.insert(metric.clone(), unit.to_string());
        }
        match outcome {
            Outcome::Added(record) => imported.added.push(record),
            Outcome::Updated { after, .. } => imported.changed.push(after),
            Outcome::Unchanged(record) => imported.duplicates.push(Duplicate {
                row: number,
                owner: record.owner.to_string(),
                reference: record.reference.as_deref().map(str::to_string),
            }),
        }
    }
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(number: u64, owner: &str, value: i64, reference: Option<&str>) -> CheckedRow {
        CheckedRow {
            number,
            line: number + 1,
            owner: owner.into(),
            metric: "revenue".into(),
            date: NaiveDate::from_ymd_opt(2026, 8, 14).unwrap(),
            value: Amount(value.into()),
            note: "".into(),
            reference: reference.map(Box::from),
        }
    }

    fn counter() -> impl FnMut() -> u64 {
        let mut n = 0u64;
        move || {
            n += 1 << 50;
            n
        }
    }

    #[test]
    fn new_owners_become_people_and_each_known_row_answers_once() {
        let mut document = Document::default();
        let rows = vec![
            row(1, "Maria Chen", 10, Some("D-1")),
            row(2, "maria chen", 5, None),
            row(3, "Maria Chen", 5, None),
        ];
        let first = apply_rows(&mut document, rows.clone(), counter()).unwrap();
        assert_eq!(first.added.len(), 3);
        assert_eq!(first.new_people, ["Maria Chen"]);
        assert_eq!(document.people.len(), 1);
        assert_eq!(first.units["revenue"], "USD");
        // Again, with a team in the file: every row is known, the two plain
        // ones each answer once, and nobody is new.
        document.teams.push(crate::domain::org::Team {
            id: "east".into(),
            name: "East".into(),
            members: Vec::new(),
        });
        let again = apply_rows(&mut document, rows, counter()).unwrap();
        assert_eq!(again.new_people, Vec::<String>::new());
        assert_eq!(again.added.len(), 0);
        assert_eq!(again.duplicates.len(), 3);
        assert_eq!(again.duplicates[0].reference.as_deref(), Some("D-1"));
        assert_eq!(again.duplicates[1].owner, "maria-chen");
        // A new person beside the team is listed; notes are kept.
        let mut noted = row(5, "Bo Lind", 3, None);
        noted.note = "Acme renewal".into();
        let bo = apply_rows(&mut document, vec![noted], counter()).unwrap();
        assert_eq!(bo.new_people, ["Bo Lind"]);
        assert_eq!(bo.added[0].note.as_deref(), Some("Acme renewal"));
        // Three such rows against the two there: one is new.
        let three = (7..10).map(|n| row(n, "maria-chen", 5, None)).collect();
        let more = apply_rows(&mut document, three, counter()).unwrap();
        assert_eq!((more.added.len(), more.duplicates.len()), (1, 2));
    }

    #[test]
    fn a_known_ref_with_a_new_value_is_changed_and_a_typo_is_refused_by_row() {
        let mut document = Document::default();
        apply_rows(
            &mut document,
            vec![row(1, "Maria Chen", 10, Some("D-1"))],
            counter(),
        )
        .unwrap();
        let changed = apply_rows(
            &mut document,
            vec![row(1, "Maria Chen", 12, Some("D-1"))],
            counter(),
        )
        .unwrap();
        assert_eq!(changed.changed.len(), 1);
        assert_eq!(changed.changed[0].value, Amount(12.into()));
        assert_eq!(document.results.len(), 1);
        let error = apply_rows(
            &mut document,
            vec![row(4, "Marai Chen", 1, None)],
            counter(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.starts_with("row 4 (line 5): no person or team named 'Marai Chen'"),
            "{error}"
        );
    }
}
