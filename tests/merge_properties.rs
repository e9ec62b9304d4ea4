//! Properties of the record-by-record merge, on random documents and
//! random changes to them: a side that changed nothing gives the other
//! side's document, and which side is "ours" changes nothing but which
//! value a conflict holds.

use std::sync::Arc;

use attain::domain::amount::Amount;
use attain::domain::goal::{Aggregate, Direction, Goal, Record};
use attain::domain::ids::Id;
use attain::domain::org::Person;
use attain::ledger::merge::{Side, merge};
use attain::store::Document;
use chrono::{DateTime, NaiveDate, Utc};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn person(n: u8) -> Person {
    Person {
        id: format!("p{n}"),
        name: format!("Person {n}"),
        email: None,
    }
}

fn goal(n: u8, target: u32) -> Goal {
    Goal {
        id: format!("g{n}"),
        title: format!("Goal {n}"),
        owner: format!("p{}", n % 3),
        metric: "revenue".into(),
        unit: "USD".into(),
        period: "2026-Q4".into(),
        target: Amount(Decimal::from(target)),
        stretch: None,
        direction: Direction::AtLeast,
        aggregate: Aggregate::Sum,
        tags: Vec::new(),
        created: DateTime::<Utc>::from_timestamp(1_790_000_000 + i64::from(n), 0).unwrap(),
    }
}

fn result(bits: u64, owner: u8, value: u32, reference: Option<u8>) -> Record {
    Record {
        id: Id::from_bits(bits),
        owner: Arc::from(format!("p{}", owner % 3)),
        metric: Arc::from("revenue"),
        date: NaiveDate::from_ymd_opt(2026, 11, 1 + u32::from(owner % 28)).unwrap(),
        value: Amount(Decimal::from(value)),
        note: None,
        reference: reference.map(|r| format!("CRM-{r}").into()),
        goal: None,
    }
}

/// One change a manager makes.
#[derive(Debug, Clone)]
enum Step {
    AddPerson(u8),
    AddGoal(u8, u32),
    EditTarget(usize, u32),
    EditTitle(usize, u8),
    RemoveGoal(usize),
    AddResult(u64, u8, u32, Option<u8>),
    EditValue(usize, u32),
    RemoveResult(usize),
    AtRisk(u8),
}

fn edit() -> impl Strategy<Value = Step> {
    prop_oneof![
        (3u8..12).prop_map(Step::AddPerson),
        (0u8..12, 1u32..1000).prop_map(|(n, t)| Step::AddGoal(n, t)),
        (any::<usize>(), 1u32..1000).prop_map(|(i, t)| Step::EditTarget(i, t)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, t)| Step::EditTitle(i, t)),
        any::<usize>().prop_map(Step::RemoveGoal),
        (
            any::<u64>(),
            0u8..3,
            1u32..1000,
            proptest::option::of(0u8..4)
        )
            .prop_map(|(b, o, v, r)| Step::AddResult(b, o, v, r)),
        (any::<usize>(), 1u32..1000).prop_map(|(i, v)| Step::EditValue(i, v)),
        any::<usize>().prop_map(Step::RemoveResult),
        (50u8..100).prop_map(Step::AtRisk),
    ]
}

fn apply(base: &Document, edits: &[Step]) -> Document {
    let mut document = base.clone();
    for step in edits {
        let goals = document.goals.len();
        let results = document.results.len();
        match *step {
            Step::AddPerson(n) if !document.people.iter().any(|p| p.id == format!("p{n}")) => {
                document.people.push(person(n));
            }
            Step::AddGoal(n, target) if document.goal(&format!("g{n}")).is_none() => {
                document.goals.push(goal(n, target));
            }
            Step::EditTarget(i, target) if goals > 0 => {
                document.goals[i % goals].target = Amount(Decimal::from(target));
            }
            Step::EditTitle(i, t) if goals > 0 => {
                document.goals[i % goals].title = format!("Title {t}");
            }
            Step::RemoveGoal(i) if goals > 0 => {
                document.goals.remove(i % goals);
            }
            Step::AddResult(bits, owner, value, reference) => {
                let record = result(bits, owner, value, reference);
                if !document.results.iter().any(|r| r.id == record.id) {
                    document.results.push(record);
                }
            }
            Step::EditValue(i, value) if results > 0 => {
                if let Some(record) = document.results.get_mut(i % results) {
                    record.value = Amount(Decimal::from(value));
                }
            }
            Step::RemoveResult(i) if results > 0 => {
                let id = document.results[i % results].id.clone();
                document.results.retain(|r| r.id != id);
            }
            Step::AtRisk(ratio) => {
                document.settings.at_risk = Amount(Decimal::new(i64::from(ratio), 2));
            }
            _ => {}
        }
    }
    document.normalize();
    document
}

fn base() -> impl Strategy<Value = Document> {
    (
        proptest::collection::vec((0u8..12, 1u32..1000), 0..6),
        proptest::collection::vec((any::<u64>(), 0u8..3, 1u32..1000), 0..12),
    )
        .prop_map(|(goals, results)| {
            let mut document = Document {
                people: (0..3).map(person).collect(),
                ..Document::default()
            };
            for (n, target) in goals {
                if document.goal(&format!("g{n}")).is_none() {
                    document.goals.push(goal(n, target));
                }
            }
            for (bits, owner, value) in results {
                if !document.results.iter().any(|r| r.id == Id::from_bits(bits)) {
                    document.results.push(result(bits, owner, value, None));
                }
            }
            document.normalize();
            document
        })
}

/// Every record of a document, as its file holds it.
fn records(document: &Document) -> String {
    String::from_utf8(document.to_bytes().unwrap()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn merging_a_change_with_an_unchanged_base_gives_the_change(
        base in base(),
        edits in proptest::collection::vec(edit(), 0..12),
    ) {
        let changed = apply(&base, &edits);
        for prefer in [Side::Ours, Side::Theirs] {
            let merged = merge(&base, &changed, &base, prefer);
            prop_assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
            prop_assert_eq!(records(&merged.document), records(&changed));
            let merged = merge(&base, &base, &changed, prefer);
            prop_assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
            prop_assert_eq!(records(&merged.document), records(&changed));
        }
    }

    #[test]
    fn which_side_is_ours_changes_only_which_value_a_conflict_holds(
        base in base(),
        ours in proptest::collection::vec(edit(), 0..10),
        theirs in proptest::collection::vec(edit(), 0..10),
    ) {
        let (a, b) = (apply(&base, &ours), apply(&base, &theirs));
        let ab = merge(&base, &a, &b, Side::Ours);
        let ba = merge(&base, &b, &a, Side::Theirs);
        prop_assert_eq!(records(&ab.document), records(&ba.document));
        let records_of = |merged: &attain::ledger::merge::Merged| {
            let mut names: Vec<String> = merged.conflicts.iter().map(|c| c.record.clone()).collect();
            names.sort();
            names
        };
        prop_assert_eq!(records_of(&ab), records_of(&ba));
        // With no conflict, the merge holds every record either side added.
        if ab.conflicts.is_empty() {
            for side in [&a, &b] {
                for record in side.results.iter().filter(|r| !base.results.contains(r)) {
                    let kept = ab.document.results.iter().any(|r| r == record)
                        || record.reference.is_some();
                    prop_assert!(kept, "{:?} lost", record);
                }
                for goal in side.goals.iter().filter(|g| base.goal(&g.id).is_none()) {
                    prop_assert!(ab.document.goal(&goal.id).is_some(), "{} lost", goal.id);
                }
            }
        }
    }
}
