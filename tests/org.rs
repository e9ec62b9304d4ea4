//! People and teams: `person add|list|edit`, `team add|list|show|edit`,
//! the one identity rule, and how team goals count their members' results.

mod common;

use common::TestEnv;
use serde_json::{Value, json};

/// The ids of a JSON array, in order.
fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a JSON array: {list}"))
        .iter()
        .map(|item| item["id"].as_str().expect("a string id").to_string())
        .collect()
}

/// The report's goals by id: (id, actual as text).
fn actuals(env: &TestEnv, filters: &[&str]) -> Vec<(String, String)> {
    let mut args = vec!["report"];
    args.extend_from_slice(filters);
    let report = env.json_out(&args);
    let mut goals: Vec<(String, String)> = report["goals"]
        .as_array()
        .expect("goals")
        .iter()
        .map(|g| {
            (
                g["id"].as_str().unwrap().to_string(),
                g["actual"].to_string(),
            )
        })
        .collect();
    goals.sort();
    goals
}

fn actual(env: &TestEnv, goal: &str) -> String {
    actuals(env, &[])
        .into_iter()
        .find(|(id, _)| id == goal)
        .unwrap_or_else(|| panic!("no goal {goal} in the report"))
        .1
}

/// Runs a command that must fail with exit 1 and leave the file as it
/// was; returns stderr.
fn refused(env: &TestEnv, args: &[&str]) -> String {
    let before = env.bytes();
    let stderr = env.fails(1, args);
    assert_eq!(env.bytes(), before, "{args:?} changed the file");
    stderr
}

fn revenue_goal(env: &TestEnv, id: &str, owner: &str, period: &str) {
    env.ok(&[
        "goal", "add", id, "--owner", owner, "--target", "1000", "--period", period,
    ]);
}

fn sale(env: &TestEnv, owner: &str, value: &str, date: &str) {
    env.ok(&[
        "record", "--owner", owner, "--metric", "revenue", value, "--date", date,
    ]);
}

/// Maria and Tom in East, Ana in West, both in the Sales Org.
fn org() -> TestEnv {
    let env = TestEnv::new();
    env.ok(&["init"]);
    env.ok(&["person", "add", "Maria Chen"]);
    env.ok(&["person", "add", "tom", "--name", "Tom Becker"]);
    env.ok(&["person", "add", "Ana Ruiz"]);
    env.ok(&[
        "team",
        "add",
        "east",
        "--name",
        "East",
        "--member",
        "maria chen",
    ]);
    env.ok(&["team", "edit", "east", "--add", "tom"]);
    env.ok(&[
        "team", "add", "west", "--name", "West", "--member", "ana-ruiz",
    ]);
    env.ok(&[
        "team",
        "add",
        "org",
        "--name",
        "Sales Org",
        "--member",
        "east",
        "--member",
        "West",
    ]);
    env
}

// ---------------------------------------------------------------- people

#[test]
fn person_add_takes_an_id_or_a_name_and_confirms() {
    let env = TestEnv::new();
    let out = env.ok(&[
        "person",
        "add",
        "Maria Chen",
        "--email",
        "maria@example.com",
    ]);
    assert_eq!(out, "Added person maria-chen (Maria Chen).\n");
    let out = env.ok(&["person", "add", "tom", "--name", "Tom Becker"]);
    assert_eq!(out, "Added person tom (Tom Becker).\n");
    assert_eq!(
        env.json()["people"],
        json!([
            {"id": "maria-chen", "name": "Maria Chen", "email": "maria@example.com"},
            {"id": "tom", "name": "Tom Becker"}
        ])
    );
}

#[test]
fn person_add_refuses_a_taken_id_and_names_the_fix() {
    let env = org();
    let stderr = refused(&env, &["person", "add", "maria chen"]);
    assert!(stderr.contains("already a person 'maria-chen'"), "{stderr}");
    assert!(stderr.contains("attain person edit maria-chen"), "{stderr}");
    let stderr = refused(&env, &["person", "add", "east"]);
    assert!(stderr.contains("people and teams share ids"), "{stderr}");
    let stderr = refused(&env, &["person", "add", "mc", "--name", "Maria Chen"]);
    assert!(stderr.contains("would be read as 'maria-chen'"), "{stderr}");
    let stderr = refused(&env, &["person", "add", "!!"]);
    assert!(stderr.contains("use letters or digits"), "{stderr}");
    let stderr = refused(&env, &["person", "add", "x", "--email", "not-an-email"]);
    assert!(stderr.contains("name@example.com"), "{stderr}");
}

#[test]
fn person_list_shows_teams_now_and_goal_counts_in_every_format() {
    let env = org();
    revenue_goal(&env, "maria-q4", "maria-chen", "2026-Q4");
    revenue_goal(&env, "maria-2026", "Maria Chen", "2026");
    let list = env.json_out(&["person", "list"]);
    assert_eq!(
        list,
        json!([
            {"id": "ana-ruiz", "name": "Ana Ruiz", "email": null, "teams": ["west"], "goals": 0},
            {"id": "maria-chen", "name": "Maria Chen", "email": null, "teams": ["east"], "goals": 2},
            {"id": "tom", "name": "Tom Becker", "email": null, "teams": ["east"], "goals": 0}
        ])
    );
    let table = env.ok(&["person", "list"]);
    for text in [
        "Id",
        "Name",
        "Email",
        "Teams",
        "Goals",
        "Maria Chen",
        "East",
    ] {
        assert!(table.contains(text), "{text}: {table}");
    }
    let csv = env.ok(&["person", "list", "--format", "csv"]);
    assert!(csv.starts_with("id,name,email,teams,goals\n"), "{csv}");
    assert!(csv.contains("maria-chen,Maria Chen,,east,2\n"), "{csv}");
}

#[test]
fn person_edit_changes_name_and_email_by_id_or_name() {
    let env = org();
    let out = env.ok(&[
        "person",
        "edit",
        "Tom Becker",
        "--name",
        "Tom Baker",
        "--email",
        "tom@example.com",
    ]);
    assert_eq!(out, "Updated person tom (Tom Baker).\n");
    let tom = &env.json()["people"][2];
    assert_eq!(tom["name"], "Tom Baker");
    assert_eq!(tom["email"], "tom@example.com");
    env.ok(&["person", "edit", "tom", "--no-email"]);
    assert_eq!(env.json()["people"][2].get("email"), None);
    let stderr = refused(&env, &["person", "edit", "east", "--name", "X"]);
    assert!(stderr.contains("attain team edit east"), "{stderr}");
    let stderr = refused(&env, &["person", "edit", "tom", "--name", "Maria Chen"]);
    assert!(stderr.contains("would be read as 'maria-chen'"), "{stderr}");
    env.fails(2, &["person", "edit", "tom"]);
}

#[test]
fn person_rename_moves_goals_results_and_memberships() {
    let env = org();
    revenue_goal(&env, "maria-q4", "maria-chen", "2026-Q4");
    sale(&env, "maria-chen", "100", "2026-10-05");
    let out = env.ok(&["person", "edit", "Maria Chen", "--rename", "mchen"]);
    assert_eq!(
        out,
        "Renamed person maria-chen to mchen (Maria Chen): 1 goal, 1 result and 1 team \
         membership follow the new id.\n"
    );
    let file = env.json();
    assert_eq!(ids(&file["people"]), ["ana-ruiz", "mchen", "tom"]);
    let goal = &file["goals"][0];
    assert_eq!(goal["id"], "maria-q4", "goal ids stay");
    assert_eq!(goal["owner"], "mchen");
    assert_eq!(goal["title"], "Maria Chen revenue 2026-Q4", "titles stay");
    assert_eq!(file["results"][0]["owner"], "mchen");
    assert_eq!(file["teams"][0]["members"][0]["id"], "mchen");
    assert_eq!(actual(&env, "maria-q4"), "100");
    assert_eq!(
        env.json_out(&["person", "list"])[1],
        json!({"id": "mchen", "name": "Maria Chen", "email": null, "teams": ["east"], "goals": 1})
    );
    let stderr = refused(&env, &["person", "edit", "mchen", "--rename", "tom"]);
    assert!(
        stderr.contains("'tom' is already the id of Tom Becker"),
        "{stderr}"
    );
    let stderr = refused(&env, &["person", "edit", "mchen", "--rename", "east"]);
    assert!(stderr.contains("pick another id"), "{stderr}");
    let stderr = refused(&env, &["person", "edit", "mchen", "--rename", "Maria C"]);
    assert!(stderr.contains("e.g. maria-c"), "{stderr}");
}

// ---------------------------------------------------------------- identity

#[test]
fn two_names_that_fold_to_one_id_are_refused_naming_both() {
    let env = TestEnv::new();
    env.ok(&["person", "add", "Zoé"]);
    let stderr = refused(
        &env,
        &[
            "goal", "add", "--owner", "Zoë", "--target", "10", "--period", "2026-Q4",
        ],
    );
    assert!(
        stderr.contains("'Zoë' and 'Zoé' would both be 'zoe'"),
        "{stderr}"
    );
    let stderr = refused(&env, &["person", "add", "Zoë"]);
    assert!(stderr.contains("'Zoë' and 'Zoé'"), "{stderr}");
    // Under an id of her own the second Zoë is added, and found by name.
    env.ok(&["person", "add", "zoe2", "--name", "Zoë"]);
    env.ok(&[
        "goal", "add", "--owner", "Zoë", "--target", "10", "--period", "2026-Q4",
    ]);
    env.ok(&[
        "goal", "add", "--owner", "zoé", "--target", "10", "--period", "2026-Q3",
    ]);
    let owners: Vec<(String, String)> = env.json()["goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["id"].as_str().unwrap().into(),
                g["owner"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        owners,
        [
            ("zoe-revenue-2026-q3".to_string(), "zoe".to_string()),
            ("zoe2-revenue-2026-q4".to_string(), "zoe2".to_string())
        ]
    );
}

#[test]
fn every_spelling_of_a_name_is_one_person() {
    let env = TestEnv::new();
    env.ok(&["person", "add", "Maria Chen"]);
    for (owner, period) in [
        ("maria chen", "2026-Q2"),
        ("MARIA CHEN", "2026-Q3"),
        ("maria-chen", "2026-Q4"),
    ] {
        env.ok(&[
            "goal", "add", "--owner", owner, "--target", "10", "--period", period,
        ]);
    }
    let file = env.json();
    assert_eq!(ids(&file["people"]), ["maria-chen"]);
    for goal in file["goals"].as_array().unwrap() {
        assert_eq!(goal["owner"], "maria-chen", "{goal}");
    }
}

// ---------------------------------------------------------------- teams

#[test]
fn teams_nest_and_list_their_members_and_parents() {
    let env = org();
    assert_eq!(
        env.json()["teams"],
        json!([
            {"id": "east", "name": "East", "members": [{"id": "maria-chen"}, {"id": "tom"}]},
            {"id": "org", "name": "Sales Org", "members": [{"id": "east"}, {"id": "west"}]},
            {"id": "west", "name": "West", "members": [{"id": "ana-ruiz"}]}
        ])
    );
    let list = env.json_out(&["team", "list"]);
    assert_eq!(ids(&list), ["east", "org", "west"]);
    assert_eq!(list[0]["parents"], json!(["org"]));
    assert_eq!(list[1]["parents"], json!([]));
    let table = env.ok(&["team", "list"]);
    for text in ["Members", "Parent teams", "Sales Org"] {
        assert!(table.contains(text), "{text}: {table}");
    }
    let show = env.json_out(&["team", "show", "Sales Org"]);
    assert_eq!(show["id"], "org");
    assert_eq!(ids(&show["members"]), ["east", "west"]);
    assert_eq!(show["members"][0]["kind"], "team");
    assert_eq!(ids(&show["scope"]), ["maria-chen", "tom", "ana-ruiz"]);
    assert_eq!(show["scope"][0]["path"], json!(["org", "east"]));
    assert_eq!(show["scope"][2]["path"], json!(["org", "west"]));
    let table = env.ok(&["team", "show", "org"]);
    assert!(table.contains("Sales Org → East"), "{table}");
    let stderr = env.fails(1, &["team", "show", "maria-chen"]);
    assert!(stderr.contains("is a person, not a team"), "{stderr}");
}

#[test]
fn team_show_lists_the_teams_own_goals() {
    let env = org();
    revenue_goal(&env, "east-q4", "east", "2026-Q4");
    revenue_goal(&env, "maria-q4", "maria-chen", "2026-Q4");
    sale(&env, "tom", "250", "2026-10-02");
    let show = env.json_out(&["team", "show", "east"]);
    assert_eq!(ids(&show["goals"]), ["east-q4"]);
    assert_eq!(show["goals"][0]["actual"], 250);
    assert!(env.ok(&["team", "show", "east"]).contains("east-q4"));
}

#[test]
fn unknown_members_are_refused_with_a_suggestion() {
    let env = org();
    let stderr = refused(&env, &["team", "add", "north", "--member", "Maria Chenn"]);
    assert!(
        stderr.contains("did you mean 'Maria Chen' (maria-chen)"),
        "{stderr}"
    );
    let stderr = refused(&env, &["team", "edit", "east", "--add", "nobody"]);
    assert!(
        stderr.contains("no person or team named 'nobody'"),
        "{stderr}"
    );
    let stderr = refused(&env, &["team", "edit", "nowhere", "--add", "tom"]);
    assert!(
        stderr.contains("no person or team named 'nowhere'"),
        "{stderr}"
    );
    let stderr = refused(&env, &["team", "add", "east"]);
    assert!(stderr.contains("attain team edit east"), "{stderr}");
}

#[test]
fn a_cycle_is_refused_and_the_file_is_left_byte_for_byte() {
    let env = TestEnv::new();
    env.ok(&["team", "add", "a"]);
    env.ok(&["team", "add", "b", "--member", "a"]);
    let stderr = refused(&env, &["team", "edit", "a", "--add", "b"]);
    assert!(
        stderr.contains("that change was not made: the teams would form a cycle (a → b → a)"),
        "{stderr}"
    );
    let stderr = refused(&env, &["team", "edit", "a", "--add", "a"]);
    assert!(stderr.contains("cycle (a → a)"), "{stderr}");
    let stderr = refused(&env, &["team", "add", "c", "--member", "c"]);
    assert!(stderr.contains("a team cannot hold itself"), "{stderr}");
}

#[test]
fn team_edit_removes_renames_and_refuses_what_makes_no_sense() {
    let env = org();
    assert_eq!(
        env.ok(&["team", "edit", "east", "--remove", "tom"]),
        "Removed tom from team east.\n"
    );
    assert_eq!(
        env.json()["teams"][0]["members"],
        json!([{"id": "maria-chen"}])
    );
    let stderr = refused(&env, &["team", "edit", "east", "--remove", "tom"]);
    assert!(
        stderr.contains("'tom' is not a member of team 'east'"),
        "{stderr}"
    );
    let stderr = refused(&env, &["team", "edit", "east", "--add", "maria-chen"]);
    assert!(stderr.contains("already a member"), "{stderr}");
    assert_eq!(
        env.ok(&["team", "edit", "east", "--name", "East Coast"]),
        "Team east is now named East Coast.\n"
    );
    assert_eq!(env.json()["teams"][0]["name"], "East Coast");
    let stderr = refused(&env, &["team", "edit", "tom", "--name", "T"]);
    assert!(stderr.contains("attain person edit tom"), "{stderr}");
    env.fails(2, &["team", "edit", "east"]);
    env.fails(
        2,
        &[
            "team",
            "edit",
            "east",
            "--name",
            "E",
            "--from",
            "2026-10-01",
        ],
    );
    let stderr = refused(
        &env,
        &[
            "team",
            "edit",
            "east",
            "--add",
            "tom",
            "--from",
            "2026-02-30",
        ],
    );
    assert!(
        stderr.contains("--from: '2026-02-30' is not a valid date"),
        "{stderr}"
    );
}

#[test]
fn a_dry_run_adds_no_team() {
    let env = org();
    let before = env.bytes();
    env.ok(&["--dry-run", "team", "add", "north", "--member", "tom"]);
    env.ok(&["--dry-run", "person", "edit", "tom", "--rename", "tb"]);
    assert_eq!(env.bytes(), before);
}

// ---------------------------------------------------------------- counting

#[test]
fn the_team_filter_selects_the_teams_members_and_sub_teams_goals() {
    let env = org();
    env.ok(&["person", "add", "Zed Outside"]);
    revenue_goal(&env, "org-q4", "org", "2026-Q4");
    revenue_goal(&env, "east-q4", "east", "2026-Q4");
    revenue_goal(&env, "maria-q4", "maria-chen", "2026-Q4");
    revenue_goal(&env, "tom-q4", "tom", "2026-Q4");
    revenue_goal(&env, "ana-q4", "ana-ruiz", "2026-Q4");
    revenue_goal(&env, "zed-q4", "zed-outside", "2026-Q4");
    let selected = |team: &str| -> Vec<String> {
        let mut goals = ids(&env.json_out(&["report", "--team", team])["goals"]);
        goals.sort();
        goals
    };
    assert_eq!(selected("east"), ["east-q4", "maria-q4", "tom-q4"]);
    assert_eq!(
        selected("org"),
        ["ana-q4", "east-q4", "maria-q4", "org-q4", "tom-q4"]
    );
    assert_eq!(selected("Sales Org"), selected("org"));
    assert_eq!(selected("west"), ["ana-q4"]);
    let stderr = env.fails(1, &["report", "--team", "eest"]);
    assert!(stderr.contains("did you mean 'East' (east)"), "{stderr}");
}

#[test]
fn one_result_counts_for_the_rep_and_every_team_above_without_a_copy() {
    let env = org();
    revenue_goal(&env, "maria-q4", "maria-chen", "2026-Q4");
    revenue_goal(&env, "maria-2026", "maria-chen", "2026");
    revenue_goal(&env, "east-q4", "east", "2026-Q4");
    revenue_goal(&env, "org-q4", "org", "2026-Q4");
    revenue_goal(&env, "west-q4", "west", "2026-Q4");
    sale(&env, "maria-chen", "100", "2026-10-15");
    assert_eq!(env.json()["results"].as_array().unwrap().len(), 1);
    assert_eq!(
        actuals(&env, &[]),
        [
            ("east-q4".to_string(), "100".to_string()),
            ("maria-2026".to_string(), "100".to_string()),
            ("maria-q4".to_string(), "100".to_string()),
            ("org-q4".to_string(), "100".to_string()),
            ("west-q4".to_string(), "0".to_string()),
        ]
    );
}

#[test]
fn a_dated_move_counts_results_for_the_old_team_before_and_the_new_one_after() {
    let env = org();
    revenue_goal(&env, "east-2026", "east", "2026");
    revenue_goal(&env, "west-2026", "west", "2026");
    revenue_goal(&env, "org-2026", "org", "2026");
    revenue_goal(&env, "tom-2026", "tom", "2026");
    sale(&env, "tom", "100", "2026-09-15");
    sale(&env, "tom", "200", "2026-10-15");
    assert_eq!(actual(&env, "east-2026"), "300");
    assert_eq!(actual(&env, "west-2026"), "0");
    assert_eq!(
        env.ok(&[
            "team",
            "edit",
            "east",
            "--remove",
            "tom",
            "--from",
            "2026-10-01"
        ]),
        "Ended tom's membership of team east on 2026-10-01: results before then still count \
         for it.\n"
    );
    assert_eq!(
        env.ok(&[
            "team",
            "edit",
            "west",
            "--add",
            "tom",
            "--from",
            "2026-10-01"
        ]),
        "Added tom to team west: results from 2026-10-01 on count for it.\n"
    );
    assert_eq!(actual(&env, "east-2026"), "100");
    assert_eq!(actual(&env, "west-2026"), "200");
    assert_eq!(
        actual(&env, "org-2026"),
        "300",
        "the org above both counts each once"
    );
    assert_eq!(actual(&env, "tom-2026"), "300");
    let file = env.json();
    assert_eq!(
        file["teams"][0]["members"][1],
        json!({"id": "tom", "to": "2026-10-01"})
    );
    assert_eq!(
        file["teams"][2]["members"][1],
        json!({"id": "tom", "from": "2026-10-01"})
    );
    let people = env.json_out(&["person", "list"]);
    assert_eq!(people[2]["teams"], json!(["west"]), "on the as-of date");
    let show = env.json_out(&["team", "show", "west"]);
    assert_eq!(show["scope"][1]["from"], "2026-10-01");
    // Ending it again, or adding it again over the same dates, is refused.
    let stderr = refused(
        &env,
        &[
            "team",
            "edit",
            "east",
            "--remove",
            "tom",
            "--from",
            "2026-11-01",
        ],
    );
    assert!(
        stderr.contains("left team 'east' before 2026-11-01"),
        "{stderr}"
    );
    let stderr = refused(
        &env,
        &[
            "team",
            "edit",
            "west",
            "--add",
            "tom",
            "--from",
            "2026-11-01",
        ],
    );
    assert!(
        stderr.contains("already a member of team 'west' (from 2026-10-01)"),
        "{stderr}"
    );
    let stderr = refused(
        &env,
        &[
            "team",
            "edit",
            "west",
            "--remove",
            "tom",
            "--from",
            "2026-09-01",
        ],
    );
    assert!(
        stderr.contains("joins team 'west' on 2026-10-01"),
        "{stderr}"
    );
}
