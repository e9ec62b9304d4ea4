//! People and teams: `person add|list|edit`, `team add|list|show|edit`,
//! the one identity rule, and how team goals count their members' results.
//!
//! Commands are written as a shell line (`team add east --name "East"`),
//! split as a shell would.

mod common;

use common::TestEnv;
use serde_json::{Value, json};

fn words(line: &str) -> Vec<String> {
    shlex::split(line).unwrap_or_else(|| panic!("unbalanced quotes: {line}"))
}

fn with_words<T>(line: &str, run: impl FnOnce(&[&str]) -> T) -> T {
    let words = words(line);
    let args: Vec<&str> = words.iter().map(String::as_str).collect();
    run(&args)
}

/// Runs a command that must succeed; returns stdout.
fn ok(env: &TestEnv, line: &str) -> String {
    with_words(line, |args| env.ok(args))
}

/// Runs a command with `--format json`; returns stdout parsed.
fn json_of(env: &TestEnv, line: &str) -> Value {
    with_words(line, |args| env.json_out(args))
}

/// Runs a command that must exit with `code`; returns stderr.
fn fails(env: &TestEnv, code: i32, line: &str) -> String {
    with_words(line, |args| env.fails(code, args))
}

/// Runs a command that must fail with exit 1 and leave the file byte for
/// byte as it was; returns stderr.
fn refused(env: &TestEnv, line: &str) -> String {
    let before = env.bytes();
    let stderr = fails(env, 1, line);
    assert_eq!(env.bytes(), before, "`{line}` changed the file");
    stderr
}

/// The ids of a JSON array, in order.
fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a JSON array: {list}"))
        .iter()
        .map(|item| item["id"].as_str().expect("a string id").to_string())
        .collect()
}

/// Each goal of `report --format json` with its actual, as `id=actual`,
/// sorted.
fn actuals(env: &TestEnv) -> Vec<String> {
    let report = json_of(env, "report");
    let mut goals: Vec<String> = report["goals"]
        .as_array()
        .expect("goals")
        .iter()
        .map(|g| format!("{}={}", g["id"].as_str().unwrap(), g["actual"]))
        .collect();
    goals.sort();
    goals
}

fn actual(env: &TestEnv, goal: &str) -> String {
    let prefix = format!("{goal}=");
    actuals(env)
        .into_iter()
        .find_map(|g| g.strip_prefix(&prefix).map(str::to_string))
        .unwrap_or_else(|| panic!("no goal {goal} in the report"))
}

fn revenue_goal(env: &TestEnv, id: &str, owner: &str, period: &str) {
    ok(
        env,
        &format!("goal add {id} --owner '{owner}' --target 1000 --period {period}"),
    );
}

fn sale(env: &TestEnv, owner: &str, value: &str, date: &str) {
    ok(
        env,
        &format!("record --owner {owner} --metric revenue {value} --date {date}"),
    );
}

/// Maria and Tom in East, Ana in West, both teams in the Sales Org.
fn org() -> TestEnv {
    let env = TestEnv::new();
    ok(&env, "init");
    ok(&env, "person add 'Maria Chen'");
    ok(&env, "person add tom --name 'Tom Becker'");
    ok(&env, "person add 'Ana Ruiz'");
    ok(&env, "team add east --name East --member 'maria chen'");
    ok(&env, "team edit east --add tom");
    ok(&env, "team add west --name West --member ana-ruiz");
    ok(
        &env,
        "team add org --name 'Sales Org' --member east --member West",
    );
    env
}

// ---------------------------------------------------------------- people

#[test]
fn person_add_takes_an_id_or_a_name_and_confirms() {
    let env = TestEnv::new();
    let out = ok(&env, "person add 'Maria Chen' --email maria@example.com");
    assert_eq!(out, "Added person maria-chen (Maria Chen).\n");
    let out = ok(&env, "person add tom --name 'Tom Becker'");
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
    let stderr = refused(&env, "person add 'maria chen'");
    assert!(
        stderr.contains(
            "there is already a person 'maria-chen' (Maria Chen); did you mean `attain person \
             edit maria-chen`?"
        ),
        "{stderr}"
    );
    let stderr = refused(&env, "person add east");
    assert!(stderr.contains("people and teams share ids"), "{stderr}");
    let stderr = refused(&env, "person add mc --name 'Maria Chen'");
    assert!(stderr.contains("would be read as 'maria-chen'"), "{stderr}");
    let stderr = refused(&env, "person add '!!'");
    assert!(stderr.contains("use letters or digits"), "{stderr}");
    let stderr = refused(&env, "person add x --email not-an-email");
    assert!(stderr.contains("write it as name@example.com"), "{stderr}");
}

#[test]
fn person_list_shows_teams_now_and_goal_counts_in_every_format() {
    let env = org();
    revenue_goal(&env, "maria-q4", "maria-chen", "2026-Q4");
    revenue_goal(&env, "maria-2026", "Maria Chen", "2026");
    assert_eq!(
        json_of(&env, "person list"),
        json!([
            {"id": "ana-ruiz", "name": "Ana Ruiz", "email": null, "teams": ["west"], "goals": 0},
            {
                "id": "maria-chen", "name": "Maria Chen", "email": null, "teams": ["east"],
                "goals": 2
            },
            {"id": "tom", "name": "Tom Becker", "email": null, "teams": ["east"], "goals": 0}
        ])
    );
    let table = ok(&env, "person list");
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
    let csv = ok(&env, "person list --format csv");
    assert!(csv.starts_with("id,name,email,teams,goals\n"), "{csv}");
    assert!(csv.contains("maria-chen,Maria Chen,,east,2\n"), "{csv}");
}

#[test]
fn person_edit_changes_name_and_email_by_id_or_name() {
    let env = org();
    let out = ok(
        &env,
        "person edit 'Tom Becker' --name 'Tom Baker' --email tom@example.com",
    );
    assert_eq!(out, "Updated person tom (Tom Baker).\n");
    let tom = &env.json()["people"][2];
    assert_eq!(tom["name"], "Tom Baker");
    assert_eq!(tom["email"], "tom@example.com");
    ok(&env, "person edit tom --no-email");
    assert_eq!(env.json()["people"][2].get("email"), None);
    let stderr = refused(&env, "person edit east --name X");
    assert!(stderr.contains("attain team edit east"), "{stderr}");
    let stderr = refused(&env, "person edit tom --name 'Maria Chen'");
    assert!(stderr.contains("would be read as 'maria-chen'"), "{stderr}");
    fails(&env, 2, "person edit tom");
}

#[test]
fn person_rename_moves_goals_results_and_memberships() {
    let env = org();
    revenue_goal(&env, "maria-q4", "maria-chen", "2026-Q4");
    sale(&env, "maria-chen", "100", "2026-10-05");
    let out = ok(&env, "person edit 'Maria Chen' --rename mchen");
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
        json_of(&env, "person list")[1],
        json!({"id": "mchen", "name": "Maria Chen", "email": null, "teams": ["east"], "goals": 1})
    );
    let stderr = refused(&env, "person edit mchen --rename tom");
    assert!(
        stderr.contains("'tom' is already the id of Tom Becker; pick another id"),
        "{stderr}"
    );
    let stderr = refused(&env, "person edit mchen --rename east");
    assert!(stderr.contains("pick another id"), "{stderr}");
    let stderr = refused(&env, "person edit mchen --rename 'Maria C'");
    assert!(stderr.contains("not a valid id"), "{stderr}");
    assert!(stderr.contains("(e.g. maria-c)"), "{stderr}");
}

// ---------------------------------------------------------------- identity

#[test]
fn two_names_that_fold_to_one_id_are_refused_naming_both() {
    let env = TestEnv::new();
    ok(&env, "person add Zoé");
    let stderr = refused(&env, "goal add --owner Zoë --target 10 --period 2026-Q4");
    assert!(
        stderr.contains("'Zoë' and 'Zoé' would both be 'zoe'"),
        "{stderr}"
    );
    let stderr = refused(&env, "person add Zoë");
    assert!(stderr.contains("'Zoë' and 'Zoé'"), "{stderr}");
    // Under an id of her own the second Zoë is added, and found by name.
    ok(&env, "person add zoe2 --name Zoë");
    ok(&env, "goal add --owner Zoë --target 10 --period 2026-Q4");
    ok(&env, "goal add --owner zoé --target 10 --period 2026-Q3");
    let goals = env.json()["goals"].clone();
    assert_eq!(ids(&goals), ["zoe-revenue-2026-q3", "zoe2-revenue-2026-q4"]);
    assert_eq!(goals[0]["owner"], "zoe");
    assert_eq!(goals[1]["owner"], "zoe2");
}

#[test]
fn every_spelling_of_a_name_is_one_person() {
    let env = TestEnv::new();
    ok(&env, "person add 'Maria Chen'");
    ok(
        &env,
        "goal add --owner 'maria chen' --target 10 --period 2026-Q2",
    );
    ok(
        &env,
        "goal add --owner 'MARIA CHEN' --target 10 --period 2026-Q3",
    );
    ok(
        &env,
        "goal add --owner maria-chen --target 10 --period 2026-Q4",
    );
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
    let list = json_of(&env, "team list");
    assert_eq!(ids(&list), ["east", "org", "west"]);
    assert_eq!(list[0]["parents"], json!(["org"]));
    assert_eq!(list[1]["parents"], json!([]));
    let table = ok(&env, "team list");
    for text in ["Members", "Parent teams", "Sales Org"] {
        assert!(table.contains(text), "{text}: {table}");
    }
    let show = json_of(&env, "team show 'Sales Org'");
    assert_eq!(show["id"], "org");
    assert_eq!(ids(&show["members"]), ["east", "west"]);
    assert_eq!(show["members"][0]["kind"], "team");
    assert_eq!(ids(&show["scope"]), ["maria-chen", "tom", "ana-ruiz"]);
    assert_eq!(show["scope"][0]["path"], json!(["org", "east"]));
    assert_eq!(show["scope"][2]["path"], json!(["org", "west"]));
    let table = ok(&env, "team show org");
    assert!(table.contains("Sales Org → East"), "{table}");
    let stderr = fails(&env, 1, "team show maria-chen");
    assert!(stderr.contains("is a person, not a team"), "{stderr}");
}

#[test]
fn team_show_lists_the_teams_own_goals() {
    let env = org();
    revenue_goal(&env, "east-q4", "east", "2026-Q4");
    revenue_goal(&env, "maria-q4", "maria-chen", "2026-Q4");
    sale(&env, "tom", "250", "2026-10-02");
    let show = json_of(&env, "team show east");
    assert_eq!(ids(&show["goals"]), ["east-q4"]);
    assert_eq!(show["goals"][0]["actual"], 250);
    assert!(ok(&env, "team show east").contains("east-q4"));
}

#[test]
fn unknown_members_are_refused_with_a_suggestion() {
    let env = org();
    let stderr = refused(&env, "team add north --member 'Maria Chenn'");
    assert!(
        stderr.contains("did you mean 'Maria Chen' (maria-chen)"),
        "{stderr}"
    );
    let stderr = refused(&env, "team edit east --add nobody");
    assert!(
        stderr.contains("no person or team named 'nobody'"),
        "{stderr}"
    );
    let stderr = refused(&env, "team edit nowhere --add tom");
    assert!(
        stderr.contains("no person or team named 'nowhere'"),
        "{stderr}"
    );
    let stderr = refused(&env, "team add east");
    assert!(stderr.contains("attain team edit east"), "{stderr}");
}

#[test]
fn a_cycle_is_refused_and_the_file_is_left_byte_for_byte() {
    let env = TestEnv::new();
    ok(&env, "team add a");
    ok(&env, "team add b --member a");
    let stderr = refused(&env, "team edit a --add b");
    assert!(
        stderr.contains("that change was not made: the teams would form a cycle (a → b → a)"),
        "{stderr}"
    );
    let stderr = refused(&env, "team edit a --add a");
    assert!(stderr.contains("cycle (a → a)"), "{stderr}");
    let stderr = refused(&env, "team add c --member c");
    assert!(stderr.contains("a team cannot hold itself"), "{stderr}");
}

#[test]
fn team_edit_removes_renames_and_refuses_what_makes_no_sense() {
    let env = org();
    assert_eq!(
        ok(&env, "team edit east --remove tom"),
        "Removed tom from team east.\n"
    );
    assert_eq!(
        env.json()["teams"][0]["members"],
        json!([{"id": "maria-chen"}])
    );
    let stderr = refused(&env, "team edit east --remove tom");
    assert!(
        stderr.contains("'tom' is not a member of team 'east'"),
        "{stderr}"
    );
    let stderr = refused(&env, "team edit east --add maria-chen");
    assert!(stderr.contains("already a member"), "{stderr}");
    assert_eq!(
        ok(&env, "team edit east --name 'East Coast'"),
        "Team east is now named East Coast.\n"
    );
    assert_eq!(env.json()["teams"][0]["name"], "East Coast");
    let stderr = refused(&env, "team edit tom --name T");
    assert!(stderr.contains("attain person edit tom"), "{stderr}");
    fails(&env, 2, "team edit east");
    let stderr = fails(&env, 2, "team edit east --name E --from 2026-10-01");
    assert!(
        stderr.contains("--from dates the memberships of --add or --remove"),
        "{stderr}"
    );
    let stderr = refused(&env, "team edit east --add tom --from 2026-02-30");
    assert!(
        stderr.contains("--from: '2026-02-30' is not a valid date"),
        "{stderr}"
    );
}

#[test]
fn a_dry_run_changes_no_person_and_no_team() {
    let env = org();
    let before = env.bytes();
    ok(&env, "--dry-run team add north --member tom");
    ok(&env, "--dry-run person edit tom --rename tb");
    assert_eq!(env.bytes(), before);
}

// ---------------------------------------------------------------- counting

#[test]
fn the_team_filter_selects_the_teams_members_and_sub_teams_goals() {
    let env = org();
    ok(&env, "person add 'Zed Outside'");
    revenue_goal(&env, "org-q4", "org", "2026-Q4");
    revenue_goal(&env, "east-q4", "east", "2026-Q4");
    revenue_goal(&env, "maria-q4", "maria-chen", "2026-Q4");
    revenue_goal(&env, "tom-q4", "tom", "2026-Q4");
    revenue_goal(&env, "ana-q4", "ana-ruiz", "2026-Q4");
    revenue_goal(&env, "zed-q4", "zed-outside", "2026-Q4");
    let selected = |team: &str| -> Vec<String> {
        let mut goals = ids(&json_of(&env, &format!("report --team '{team}'"))["goals"]);
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
    let stderr = fails(&env, 1, "report --team eest");
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
        actuals(&env),
        [
            "east-q4=100",
            "maria-2026=100",
            "maria-q4=100",
            "org-q4=100",
            "west-q4=0"
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
        ok(&env, "team edit east --remove tom --from 2026-10-01"),
        "Ended tom's membership of team east on 2026-10-01: results before then still count \
         for it.\n"
    );
    assert_eq!(
        ok(&env, "team edit west --add tom --from 2026-10-01"),
        "Added tom to team west: results from 2026-10-01 on count for it.\n"
    );
    assert_eq!(
        actual(&env, "east-2026"),
        "100",
        "September stays with east"
    );
    assert_eq!(actual(&env, "west-2026"), "200", "October goes to west");
    assert_eq!(actual(&env, "org-2026"), "300", "the org counts each once");
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
    let people = json_of(&env, "person list");
    assert_eq!(people[2]["teams"], json!(["west"]), "on the as-of date");
    let show = json_of(&env, "team show west");
    assert_eq!(show["scope"][1]["from"], "2026-10-01");
    // Ending it again, or adding it again over the same dates, is refused.
    let stderr = refused(&env, "team edit east --remove tom --from 2026-11-01");
    assert!(
        stderr.contains("left team 'east' before 2026-11-01"),
        "{stderr}"
    );
    let stderr = refused(&env, "team edit west --add tom --from 2026-11-01");
    assert!(
        stderr.contains("already a member of team 'west' (from 2026-10-01)"),
        "{stderr}"
    );
    let stderr = refused(&env, "team edit west --remove tom --from 2026-09-01");
    assert!(
        stderr.contains("joins team 'west' on 2026-10-01"),
        "{stderr}"
    );
}
