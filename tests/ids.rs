//! Celebrations and review actions have ids that are unique without
//! coordination, as results do: random (repeatable with `ATTAIN_SEED`),
//! written as strings, found by a unique prefix of at least 4 characters;
//! the numbers older files hold are read as their text.

mod common;

use attain::store::{Document, fast};
use common::TestEnv;
use serde_json::{Value, json};

/// A closed 2026-Q3 with a met goal (`ana-q3`) and two missed ones
/// (`bo-q3`, `cy-q3`).
fn quarter(env: &TestEnv) {
    env.goal("ana-q3", "100", "2026-Q3", &["--owner", "ana"]);
    env.record("ana-q3", "120", "2026-08-01");
    env.goal("bo-q3", "100", "2026-Q3", &["--owner", "bo"]);
    env.record("bo-q3", "60", "2026-08-01");
    env.goal("cy-q3", "100", "2026-Q3", &["--owner", "cy"]);
    env.record("cy-q3", "50", "2026-08-01");
}

/// Steps 1 to 3 of the review of `goal`, with these actions.
fn review(env: &TestEnv, goal: &str, actions: &[&str]) -> String {
    let mut args = vec![
        "review",
        goal,
        "--cause",
        "pipeline",
        "--why",
        "Thin pipeline",
        "--improve",
        "Prospecting",
    ];
    for action in actions {
        args.extend(["--action", action]);
    }
    env.ok(&args)
}

fn is_new_id(id: &str) -> bool {
    id.len() == 13
        && id
            .bytes()
            .all(|b| b"0123456789abcdefghjkmnpqrstvwxyz".contains(&b))
}

fn ids_of(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("an array")
        .iter()
        .map(|item| item["id"].as_str().expect("ids are strings").to_string())
        .collect()
}

/// The same command, without `ATTAIN_SEED`: ids from the random source.
fn unseeded(env: &TestEnv, args: &[&str]) -> String {
    let output = env
        .cmd(args)
        .env_remove("ATTAIN_SEED")
        .output()
        .expect("run attain");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn new_celebrations_and_actions_get_random_ids_never_twice() {
    let env = TestEnv::new();
    quarter(&env);
    let copy = TestEnv::new();
    quarter(&copy);
    // Two actions from one command, without a seed.
    for env in [&env, &copy] {
        unseeded(
            env,
            &[
                "review",
                "bo-q3",
                "--cause",
                "pipeline",
                "--why",
                "Thin",
                "--improve",
                "Prospecting",
                "--action",
                "Call lapsed accounts",
                "--action",
                "Weekly pipeline review",
            ],
        );
        unseeded(
            env,
            &["celebrate", "ana-q3", "--log", "Card", "--kind", "message"],
        );
        unseeded(
            env,
            &["celebrate", "ana-q3", "--log", "Lunch", "--kind", "event"],
        );
    }
    let mut all = Vec::new();
    for env in [&env, &copy] {
        let actions = ids_of(&env.json_out(&["action", "list"]));
        let celebrations = ids_of(&env.json()["celebrations"]);
        assert_eq!((actions.len(), celebrations.len()), (2, 2));
        all.extend(actions);
        all.extend(celebrations);
    }
    // Two managers doing the same on two copies of one file (two git
    // branches) pick different ids.
    assert!(all.iter().all(|id| is_new_id(id)), "{all:?}");
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), all.len(), "{all:?}");
}

#[test]
fn a_seed_gives_the_same_ids_again_and_a_dry_run_takes_none() {
    let run = || {
        let env = TestEnv::new();
        quarter(&env);
        review(
            &env,
            "bo-q3",
            &["Call lapsed accounts", "Weekly pipeline review"],
        );
        // A dry run draws the id the real run then gets, and writes nothing.
        let before = env.bytes();
        let dry = env.json_out(&["--dry-run", "celebrate", "ana-q3", "--log", "Card"]);
        assert_eq!(env.bytes(), before);
        let logged = env.json_out(&["celebrate", "ana-q3", "--log", "Card"]);
        assert_eq!(dry["id"], logged["id"]);
        env.ok(&["celebrate", "ana-q3", "--log", "Lunch", "--kind", "event"]);
        let celebrations = ids_of(&env.json()["celebrations"]);
        let actions = ids_of(&env.json_out(&["action", "list"]));
        let mut all = [celebrations.clone(), actions.clone()].concat();
        assert!(all.iter().all(|id| is_new_id(id)), "{all:?}");
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 4, "ids drawn within a command or a file repeat");
        (celebrations, actions)
    };
    assert_eq!(run(), run(), "one seed and one file, the same ids");
}

#[test]
fn celebrate_remove_takes_an_exact_id_or_a_unique_prefix() {
    let env = TestEnv::new();
    quarter(&env);
    env.ok(&["celebrate", "ana-q3", "--log", "Card"]);
    env.ok(&["celebrate", "ana-q3", "--log", "Lunch", "--kind", "event"]);
    env.ok(&["celebrate", "ana-q3", "--log", "Bonus", "--kind", "bonus"]);
    let all = ids_of(&env.json()["celebrations"]);
    let card = env.celebration_id("Card");
    // The table shows the short id; JSON the whole one.
    let short = common::short_id(&card, &all);
    let table = env.ok(&["celebrate", "--history"]);
    assert!(table.contains(&format!("│ {short} ")), "{table}");
    assert!(!table.contains(&card), "{table}");
    let json = env.json_out(&["celebrate", "--history"]);
    assert!(ids_of(&json["celebrations"]).contains(&card), "{json}");
    // Too short, unknown: refused, nothing written.
    let before = env.bytes();
    let err = env.fails(1, &["celebrate", "--remove", &card[..3]]);
    assert_eq!(
        err,
        format!(
            "error: no celebration with id '{}'; a shortened id needs at least 4 characters (see \
             `attain celebrate --history`)\n",
            &card[..3]
        )
    );
    let err = env.fails(1, &["celebrate", "--remove", "zzzzzz"]);
    assert_eq!(
        err,
        "error: no celebration with id 'zzzzzz' (see `attain celebrate --history`)\n"
    );
    assert_eq!(env.bytes(), before);
    // The short id, in capitals: removed.
    let out = env.ok(&["celebrate", "--remove", &short.to_uppercase()]);
    assert!(
        out.starts_with(&format!("Removed celebration {card} of ana-q3")),
        "{out}"
    );
    assert!(!ids_of(&env.json()["celebrations"]).contains(&card));
    // The whole id of another.
    let bonus = env.celebration_id("Bonus");
    env.ok(&["celebrate", "--remove", &bonus]);
    assert_eq!(ids_of(&env.json()["celebrations"]).len(), 1);
}

/// A format-2 file as attain wrote it before ids were strings: ana's met
/// goal with celebrations 3 and 10, bo's review with actions 1 and 2, and
/// the history entry that logged celebration 3, as numbers; and two
/// generated ids that share their first 5 characters, a celebration's and
/// an action's.
fn numbered(env: &TestEnv) {
    quarter(env);
    env.ok(&["celebrate", "ana-q3", "--log", "Card"]);
    env.ok(&["celebrate", "ana-q3", "--log", "Lunch", "--kind", "event"]);
    env.ok(&["celebrate", "ana-q3", "--log", "Bonus", "--kind", "bonus"]);
    review(
        env,
        "bo-q3",
        &["Call lapsed accounts", "Weekly pipeline review"],
    );
    review(env, "cy-q3", &["Coach on discovery"]);
    let mut text = String::from_utf8(env.bytes()).unwrap();
    for (id, number) in [
        (env.celebration_id("Card"), "3"),
        (env.celebration_id("Lunch"), "10"),
        (env.action_id("Call lapsed accounts"), "1"),
        (env.action_id("Weekly pipeline review"), "2"),
    ] {
        // A number where the id was a string; history's summaries name it.
        text = text.replace(&format!("\"{id}\""), number);
        text = text.replace(&id, number);
    }
    for (id, twin) in [
        (env.celebration_id("Bonus"), "k3j9a0aaaaaaa"),
        (env.action_id("Coach on discovery"), "k3j9b0aaaaaaa"),
    ] {
        text = text.replace(&id, twin);
    }
    env.write(&text);
}

#[test]
fn numbers_of_older_files_are_read_as_text_and_written_as_strings() {
    let env = TestEnv::new();
    numbered(&env);
    let bytes = env.bytes();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains("{\"id\":3,\"goal\":\"ana-q3\""), "{text}");
    assert!(text.contains("\"celebrations\":{\"added\":[3]}"), "{text}");
    assert!(
        text.contains("{\"id\":1,\"text\":\"Call lapsed accounts\""),
        "{text}"
    );

    // Both readers take the numbers as text, and write the same bytes.
    let general: Document = serde_json::from_slice(&bytes).unwrap();
    let fast = fast::decode(&bytes).expect("attain's layout, read fast");
    assert_eq!(fast, general);
    let saved = String::from_utf8(general.to_bytes().unwrap()).unwrap();
    assert_eq!(saved.as_bytes(), fast.to_bytes().unwrap());
    assert!(
        saved.contains("{\"id\":\"3\",\"goal\":\"ana-q3\""),
        "{saved}"
    );
    assert!(
        saved.contains("{\"id\":\"10\",\"goal\":\"ana-q3\""),
        "{saved}"
    );
    assert!(
        saved.contains("\"celebrations\":{\"added\":[\"3\"]}"),
        "{saved}"
    );
    assert!(
        saved.contains("{\"id\":\"2\",\"text\":\"Weekly pipeline review\""),
        "{saved}"
    );

    // Reading shows them as text: JSON gives strings, tables the short id.
    let json = env.json_out(&["celebrate", "--history"]);
    let mut logged = ids_of(&json["celebrations"]);
    logged.sort();
    assert_eq!(logged, ["10", "3", "k3j9a0aaaaaaa"]);
    assert_eq!(
        ids_of(&env.json_out(&["action", "list", "--period", "2026-Q3"])),
        ["1", "2", "k3j9b0aaaaaaa"]
    );
    // Among the actions alone, k3j9b0aaaaaaa is k3j9 (the celebration
    // k3j9a0aaaaaaa is another kind).
    let table = env.ok(&["action", "list"]);
    assert!(table.contains("│ 1    ┆ bo-q3"), "{table}");
    assert!(table.contains("│ k3j9 ┆ cy-q3"), "{table}");
    assert_eq!(env.bytes(), bytes, "a read wrote the file");

    // A write saves the strings, through either reader the same: one that
    // copies the history's lines as read (a record) writes it anew, since
    // its numbers are not what attain writes, and so does one that keeps it.
    env.ok(&["record", "ana-q3", "5", "--date", "2026-08-02"]);
    let recorded = env.bytes();
    let general: Document = serde_json::from_slice(&recorded).unwrap();
    assert_eq!(general.to_bytes().unwrap(), recorded);
    let text = String::from_utf8(recorded).unwrap();
    assert!(
        text.contains("\"celebrations\":{\"added\":[\"3\"]}"),
        "{text}"
    );
    assert!(text.contains("{\"id\":\"3\",\"goal\":\"ana-q3\""), "{text}");
    env.ok(&["action", "update", "2", "--status", "doing"]);
    let after = env.bytes();
    let general: Document = serde_json::from_slice(&after).unwrap();
    assert_eq!(general.to_bytes().unwrap(), after);
    assert_eq!(fast::decode(&after), Some(general));
    let text = String::from_utf8(after).unwrap();
    assert!(
        !text.contains("\"id\":3,") && !text.contains("[3]"),
        "{text}"
    );
    // Celebrations by id: "3" before "10", both before generated ids.
    let three = text.find("{\"id\":\"3\"").unwrap();
    let ten = text.find("{\"id\":\"10\"").unwrap();
    let generated = text.find("{\"id\":\"k3j9a0aaaaaaa\"").unwrap();
    assert!(three < ten && ten < generated, "{text}");
    assert!(
        text.contains("\"celebrations\":{\"added\":[\"3\"]}"),
        "{text}"
    );
    // The entry that logged celebration 3 still says so.
    let history = env.json_out(&["history"]);
    assert!(history.to_string().contains("celebration 3"), "{history}");
}

#[test]
fn a_short_migrated_id_is_exact_and_a_shared_prefix_is_refused() {
    let env = TestEnv::new();
    numbered(&env);
    // "3" and "10" are whole ids, shorter than a prefix may be.
    let out = env.ok(&["action", "update", "1", "--status", "done"]);
    assert_eq!(out, "Action 1 (Call lapsed accounts) is now done.\n");
    let out = env.ok(&["celebrate", "--remove", "3"]);
    assert!(out.starts_with("Removed celebration 3 of ana-q3"), "{out}");

    // A celebration and an action whose ids start alike: each kind is
    // looked up among its own.
    let mut text = String::from_utf8(env.bytes()).unwrap();
    text = text.replace("{\"id\":\"10\",", "{\"id\":\"k3j9b0aaaaaaa\",");
    text = text.replace("{\"id\":\"2\",", "{\"id\":\"k3j9a0aaaaaaa\",");
    env.write(&text);
    let before = env.bytes();
    let err = env.fails(1, &["celebrate", "--remove", "k3j9"]);
    assert_eq!(
        err,
        "error: 'k3j9' is the start of several celebration ids (k3j9a0aaaaaaa, k3j9b0aaaaaaa, \
         ...); type more of it\n"
    );
    let err = env.fails(1, &["action", "update", "K3J9", "--status", "done"]);
    assert_eq!(
        err,
        "error: 'K3J9' is the start of several action ids (k3j9a0aaaaaaa, k3j9b0aaaaaaa, ...); \
         type more of it\n"
    );
    assert_eq!(env.bytes(), before, "refusals write nothing");
    let table = env.ok(&["celebrate", "--history"]);
    assert!(
        table.contains("│ k3j9a ") && table.contains("│ k3j9b "),
        "{table}"
    );
    let out = env.ok(&["action", "update", "k3j9a", "--status", "doing"]);
    assert_eq!(out, "Action k3j9a (Weekly pipeline review) is now doing.\n");
    let out = env.ok(&["celebrate", "--remove", "k3j9b"]);
    assert!(
        out.starts_with("Removed celebration k3j9b0aaaaaaa of ana-q3"),
        "{out}"
    );
}

#[test]
fn a_format_1_files_numbers_become_strings_on_its_first_write() {
    let env = TestEnv::new();
    env.write(
        &json!({
            "version": 1,
            "settings": {"currency": "USD", "fiscal_year_start": 1, "at_risk": 0.9},
            "goals": [
                {"id": "ana-q3", "title": "Ana Q3", "owner": "Ana", "metric": "revenue",
                 "unit": "USD", "period": "2026-Q3", "target": 100, "direction": "at-least",
                 "aggregate": "sum", "created": "2026-07-01T00:00:00Z"},
                {"id": "bo-q3", "title": "Bo Q3", "owner": "Bo", "metric": "revenue",
                 "unit": "USD", "period": "2026-Q3", "target": 100, "direction": "at-least",
                 "aggregate": "sum", "created": "2026-07-01T00:00:00Z"}
            ],
            "results": [
                {"id": 1, "goal": "ana-q3", "date": "2026-08-01", "value": 120},
                {"id": 2, "goal": "bo-q3", "date": "2026-08-01", "value": 60}
            ],
            "celebrations": [
                {"id": 7, "goal": "ana-q3", "kind": "message", "note": "Card", "date": "2026-10-01"}
            ],
            "reviews": [
                {"goal": "bo-q3", "steps": 3, "causes": ["pipeline"], "why": "Thin",
                 "improvements": ["Prospecting"],
                 "actions": [{"id": 4, "text": "Call lapsed accounts", "status": "open"}],
                 "started": "2026-10-02T00:00:00Z"}
            ]
        })
        .to_string(),
    );
    assert_eq!(ids_of(&env.json_out(&["action", "list"])), ["4"]);
    env.ok(&["action", "update", "4", "--status", "done"]);
    let file = env.json();
    assert_eq!(file["version"], 2);
    assert_eq!(file["results"][0]["id"], "1");
    assert_eq!(file["celebrations"][0]["id"], "7");
    assert_eq!(file["reviews"][0]["actions"][0]["id"], "4");
    assert_eq!(file["reviews"][0]["actions"][0]["status"], "done");
    env.ok(&["celebrate", "--remove", "7"]);
    assert_eq!(env.json()["celebrations"], json!([]));
}

#[test]
fn ids_that_are_invalid_or_twice_in_the_file_are_refused_naming_the_record() {
    let env = TestEnv::new();
    numbered(&env);
    let good = String::from_utf8(env.bytes()).unwrap();
    for (from, to, expected) in [
        (
            "{\"id\":10,",
            "{\"id\":3,",
            "celebration id 3 appears twice (message for 'ana-q3' on 2026-11-27, and event for \
             'ana-q3' on 2026-11-27)",
        ),
        (
            "{\"id\":\"k3j9a0aaaaaaa\",",
            "{\"id\":\"Oops\",",
            "celebration id 'Oops' (bonus for 'ana-q3' on 2026-11-27) is not a valid id (1 to 32 \
             of 0-9 and a-z but i, l, o, u)",
        ),
        (
            "{\"id\":\"k3j9b0aaaaaaa\",",
            "{\"id\":1,",
            "action id 1 appears in the reviews of 'bo-q3' and 'cy-q3'",
        ),
        (
            "{\"id\":2,",
            "{\"id\":1,",
            "action id 1 appears twice in the review of 'bo-q3'",
        ),
        (
            "{\"id\":2,",
            "{\"id\":-2,",
            "invalid value: integer `-2`, expected an id",
        ),
        (
            "{\"id\":2,",
            "{\"id\":\"\",",
            "action id '' in the review of 'bo-q3' is not a valid id",
        ),
    ] {
        assert!(good.contains(from), "{from}");
        env.write(&good.replacen(from, to, 1));
        let err = env.fails(1, &["action", "list"]);
        assert!(err.contains(expected), "{expected}\n{err}");
    }
}

#[test]
fn a_backup_keeps_its_ids_unless_the_file_has_them() {
    // Two files that drew the same ids: one seed, the same steps.
    let (here, there) = (TestEnv::new(), TestEnv::new());
    for env in [&here, &there] {
        quarter(env);
    }
    here.ok(&["celebrate", "ana-q3", "--log", "Card"]);
    review(&here, "bo-q3", &["Call lapsed accounts"]);
    there.ok(&["celebrate", "ana-q3", "--log", "Lunch", "--kind", "event"]);
    there.ok(&["celebrate", "ana-q3", "--log", "Bonus", "--kind", "bonus"]);
    review(&there, "cy-q3", &["Coach on discovery"]);
    let card = here.celebration_id("Card");
    let call = here.action_id("Call lapsed accounts");
    assert_eq!(there.celebration_id("Lunch"), card);
    assert_eq!(there.action_id("Coach on discovery"), call);
    let bonus = there.celebration_id("Bonus");

    // A celebration whose id the file lacks keeps it.
    let mut backup: Value = serde_json::from_str(&there.ok(&["export"])).unwrap();
    backup["celebrations"]
        .as_array_mut()
        .unwrap()
        .retain(|c| c["note"] == "Bonus");
    backup["reviews"] = json!([]);
    let path = here.dir().join("bonus.json");
    std::fs::write(&path, backup.to_string()).unwrap();
    here.ok(&["import", path.to_str().unwrap()]);
    assert_eq!(here.celebration_id("Bonus"), bonus);

    // Those whose ids the file has get new ones; the file's keep theirs.
    let path = here.dir().join("backup.json");
    std::fs::write(&path, there.ok(&["export"])).unwrap();
    let out = here.json_out(&["import", path.to_str().unwrap()]);
    assert_eq!(out["backup"]["celebrations"]["added"], 1, "{out}");
    assert_eq!(out["backup"]["celebrations"]["skipped"], 1, "{out}");
    assert_eq!(out["backup"]["reviews"]["added"], 1, "{out}");
    assert_eq!(here.celebration_id("Card"), card);
    assert_eq!(here.celebration_id("Bonus"), bonus);
    assert_eq!(here.action_id("Call lapsed accounts"), call);
    let lunch = here.celebration_id("Lunch");
    let coach = here.action_id("Coach on discovery");
    assert!(is_new_id(&lunch) && lunch != card, "{lunch}");
    assert!(is_new_id(&coach) && coach != call, "{coach}");
    assert_eq!(ids_of(&here.json()["celebrations"]).len(), 3);
}

#[test]
fn celebration_ids_complete_as_tables_show_them() {
    let env = TestEnv::new();
    quarter(&env);
    env.ok(&["celebrate", "ana-q3", "--log", "Card"]);
    let card = env.celebration_id("Card");
    assert_eq!(env.complete(&["celebrate", "--remove", ""]), [&card[..4]]);
    assert_eq!(
        env.complete(&["celebrate", "--remove", &card[..5]]),
        [card.as_str()]
    );
}
