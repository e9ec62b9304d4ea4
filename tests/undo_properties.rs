//! Property: any sequence of changes followed by as many undos gives back
//! the file as it was (history aside, which keeps the record of what was
//! done and undone), and as many redos give back the state after the
//! sequence. Run on the real binary.

mod common;

use common::TestEnv;
use proptest::prelude::*;
use serde_json::Value;

/// One command that may change the file. Some fail on some states (a goal
/// that does not exist yet, a date outside its period): a failed command
/// changes nothing and is not in history, which the property accounts for.
#[derive(Debug, Clone)]
enum Op {
    AddGoal {
        goal: u8,
        quarter: u8,
        target: u32,
    },
    Record {
        goal: u8,
        value: u32,
        month: u8,
        day: u8,
    },
    EditTarget {
        goal: u8,
        target: u32,
    },
    EditTitle {
        goal: u8,
        title: u8,
    },
    RemoveFirstResult,
    RemoveGoal {
        goal: u8,
    },
    AddPerson {
        person: u8,
    },
    AddTeam {
        team: u8,
        member: u8,
    },
    AtRisk {
        tenths: u8,
    },
    Celebrate {
        goal: u8,
        note: u8,
    },
    Lock {
        quarter: u8,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..3, 3u8..5, 1u32..100).prop_map(|(goal, quarter, target)| Op::AddGoal {
            goal,
            quarter,
            target
        }),
        (0u8..3, 1u32..60, 7u8..13, 1u8..29).prop_map(|(goal, value, month, day)| Op::Record {
            goal,
            value,
            month,
            day
        }),
        (0u8..3, 1u32..100).prop_map(|(goal, target)| Op::EditTarget { goal, target }),
        (0u8..3, 0u8..3).prop_map(|(goal, title)| Op::EditTitle { goal, title }),
        Just(Op::RemoveFirstResult),
        (0u8..3).prop_map(|goal| Op::RemoveGoal { goal }),
        (0u8..3).prop_map(|person| Op::AddPerson { person }),
        (0u8..2, 0u8..3).prop_map(|(team, member)| Op::AddTeam { team, member }),
        (5u8..10).prop_map(|tenths| Op::AtRisk { tenths }),
        (0u8..3, 0u8..2).prop_map(|(goal, note)| Op::Celebrate { goal, note }),
        (3u8..5).prop_map(|quarter| Op::Lock { quarter }),
    ]
}

fn args(op: &Op, env: &TestEnv) -> Vec<String> {
    let s = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    match op {
        Op::AddGoal {
            goal,
            quarter,
            target,
        } => s(&[
            "goal",
            "add",
            &format!("g{goal}"),
            "--owner",
            &format!("p{}", goal % 2),
            "--metric",
            "revenue",
            "--period",
            &format!("2026-Q{quarter}"),
            "--target",
            &target.to_string(),
        ]),
        Op::Record {
            goal,
            value,
            month,
            day,
        } => s(&[
            "record",
            &format!("g{goal}"),
            &value.to_string(),
            "--date",
            &format!("2026-{month:02}-{day:02}"),
        ]),
        Op::EditTarget { goal, target } => s(&[
            "goal",
            "edit",
            &format!("g{goal}"),
            "--target",
            &target.to_string(),
        ]),
        Op::EditTitle { goal, title } => s(&[
            "goal",
            "edit",
            &format!("g{goal}"),
            "--title",
            &format!("Title {title}"),
        ]),
        Op::RemoveFirstResult => {
            let json = env.json();
            match json["results"].as_array().and_then(|r| r.first()) {
                Some(first) => s(&["result", "remove", first["id"].as_str().unwrap()]),
                None => s(&["result", "remove", "none"]),
            }
        }
        Op::RemoveGoal { goal } => s(&["goal", "remove", &format!("g{goal}"), "--force"]),
        Op::AddPerson { person } => s(&["person", "add", &format!("x{person}")]),
        Op::AddTeam { team, member } => s(&[
            "team",
            "add",
            &format!("t{team}"),
            "--member",
            &format!("p{member}"),
        ]),
        Op::AtRisk { tenths } => s(&["settings", "set", "at-risk", &format!("0.{tenths}")]),
        Op::Celebrate { goal, note } => s(&[
            "celebrate",
            &format!("g{goal}"),
            "--log",
            &format!("note {note}"),
        ]),
        Op::Lock { quarter } => s(&["period", "lock", &format!("2026-Q{quarter}")]),
    }
}

/// The document without its history.
fn state(env: &TestEnv) -> Value {
    let mut json = env.json();
    json.as_object_mut().unwrap().remove("history");
    json
}

fn history_len(env: &TestEnv) -> usize {
    env.json()["history"].as_array().map_or(0, Vec::len)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn undos_restore_and_redos_reapply(ops in prop::collection::vec(op(), 1..9)) {
        let env = TestEnv::new();
        env.ok(&["init"]);
        env.ok(&["goal", "add", "g0", "--owner", "p0", "--metric", "revenue", "--period", "2026-Q3", "--target", "50"]);
        let start = state(&env);
        let mut changes = 0;
        for op in &ops {
            let before = history_len(&env);
            let args = args(op, &env);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let ok = env.cmd(&args).output().unwrap().status.success();
            let grew = history_len(&env) - before;
            // A change that went through is exactly one entry; one refused
            // (or with nothing to change) none.
            prop_assert!(grew <= 1, "{op:?} made {grew} entries");
            prop_assert!(ok || grew == 0, "{op:?} failed and still changed the file");
            changes += grew;
        }
        let end = state(&env);
        for i in 0..changes {
            let out = env.cmd(&["undo"]).output().unwrap();
            prop_assert!(out.status.success(), "undo {i} of {changes} after {ops:?}: {}",
                String::from_utf8_lossy(&out.stderr));
        }
        prop_assert_eq!(&state(&env), &start, "undos after {:?}", ops);
        for i in 0..changes {
            let out = env.cmd(&["redo"]).output().unwrap();
            prop_assert!(out.status.success(), "redo {i} of {changes} after {ops:?}: {}",
                String::from_utf8_lossy(&out.stderr));
        }
        prop_assert_eq!(&state(&env), &end, "redos after {:?}", ops);
    }
}
