//! `attain import`, `attain export`, `--dry-run` and `attain man` through
//! the real binary: what lands in the file, what is refused, and that the
//! round trips give the same report.

mod common;

use std::path::PathBuf;

use common::TestEnv;
use serde_json::Value;

const Q3: &str = "maria-chen-revenue-2026-q3";
const Q4: &str = "maria-chen-revenue-2026-q4";
const BEN_Q3: &str = "ben-kowalski-revenue-2026-q3";

/// Two reps with revenue goals in 2026-Q3 (closed on the as-of date) and
/// one in 2026-Q4 (open), as a sales manager would set them up.
fn with_goals() -> TestEnv {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "USD"]);
    for (owner, period, target) in [
        ("maria-chen", "2026-Q3", "30k"),
        ("maria-chen", "2026-Q4", "40k"),
        ("ben-kowalski", "2026-Q3", "20k"),
    ] {
        env.ok(&[
            "goal", "add", "--owner", owner, "--target", target, "--period", period,
        ]);
    }
    env.ok(&[
        "goal",
        "add",
        "maria-chen-deals-2026-q3",
        "--owner",
        "maria-chen",
        "--metric",
        "deals-won",
        "--target",
        "3",
        "--period",
        "2026-Q3",
    ]);
    env
}

/// Writes a file next to the data file and returns its path as text.
fn input(env: &TestEnv, name: &str, text: &str) -> String {
    let path: PathBuf = env.dir().join(name);
    std::fs::write(&path, text).expect("write the input file");
    path.display().to_string()
}

/// Runs the binary with `stdin` as its standard input.
fn with_stdin(env: &TestEnv, args: &[&str], stdin: &str) -> assert_cmd::assert::Assert {
    assert_cmd::Command::from_std(env.cmd(args))
        .write_stdin(stdin)
        .assert()
}

/// Maria's revenue results: what the revenue rows of her goals become.
const MARIA: &str = "maria-chen/revenue";
const BEN: &str = "ben-kowalski/revenue";

/// The results in the file as (owner/metric, date, value, note, ref) text.
fn results(env: &TestEnv) -> Vec<(String, String, String, String, String)> {
    let json = env.json_out(&["result", "list"]);
    json.as_array()
        .expect("an array of results")
        .iter()
        .map(|r| {
            let text = |v: &Value| match v {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (
                format!("{}/{}", text(&r["owner"]), text(&r["metric"])),
                text(&r["date"]),
                text(&r["value"]),
                text(&r["note"]),
                text(&r["ref"]),
            )
        })
        .collect()
}

fn stdout_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stderr.clone()).unwrap()
}

const ROWS: &str = "goal,date,value,note,ref\n\
    maria-chen-revenue-2026-q3,2026-08-14,\"12,500.00\",\"Acme, renewal\",CRM-1\n\
    maria-chen-revenue-2026-q3,2026-09-01,0.1,,CRM-2\n\
    ben-kowalski-revenue-2026-q3,2026-07-20,0.2,,CRM-3\n";

#[test]
fn a_csv_file_is_imported_row_by_row() {
    let env = with_goals();
    let file = input(&env, "rows.csv", ROWS);
    let out = env.ok(&["import", &file]);
    assert!(out.contains("added 3, skipped 0 duplicate(s)"), "{out}");
    let got = results(&env);
    assert_eq!(got.len(), 3);
    assert!(got.contains(&(
        MARIA.into(),
        "2026-08-14".into(),
        "12500".into(),
        "Acme, renewal".into(),
        "CRM-1".into()
    )));
    // Exact decimals: 0.1 + ... stays exact in the report.
    let report = env.json_out(&["report", "--owner", "maria-chen", "--metric", "revenue"]);
    let q3 = report["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == Q3)
        .unwrap();
    assert_eq!(q3["actual"].to_string(), "12500.1");
}

#[test]
fn csv_and_json_lines_are_read_from_stdin() {
    let env = with_goals();
    let assert = with_stdin(&env, &["import", "-"], ROWS).success();
    assert!(stdout_of(&assert).contains("Imported stdin: added 3"));
    let lines = "{\"goal\":\"maria-chen-revenue-2026-q4\",\"date\":\"2026-10-14\",\"value\":0.3,\"ref\":\"J-1\"}\n\
                 \n\
                 {\"goal\":\"maria-chen-revenue-2026-q4\",\"date\":\"2026-10-15\",\"value\":\"$1,000\",\"note\":\"x\"}\n";
    let assert = with_stdin(&env, &["import", "-", "--format", "json"], lines).success();
    let json: Value = serde_json::from_str(&stdout_of(&assert)).unwrap();
    assert_eq!(json["added"], 2);
    assert_eq!(json["skipped"], 0);
    assert_eq!(json["dry_run"], false);
    assert_eq!(json["results"][0]["value"].to_string(), "0.3");
    assert_eq!(json["results"][1]["value"].to_string(), "1000");
    assert_eq!(results(&env).len(), 5);
    // An explicit --input-format wins over the content.
    let csv_as_jsonl = with_stdin(&env, &["import", "-", "--input-format", "jsonl"], ROWS);
    let err = stderr_of(&csv_as_jsonl.code(1));
    assert!(
        err.contains("row 1 (line 1): it is not a JSON object"),
        "{err}"
    );
}

#[test]
fn importing_again_adds_nothing_twice() {
    let env = with_goals();
    // The second CRM-1 row repeats a ref within the same import; the
    // last row has no ref.
    let text = format!("{ROWS}{Q3},2026-08-15,5,,CRM-1\n{Q4},2026-10-02,7,walk-in,\n");
    let file = input(&env, "rows.csv", &text);
    let first = env.json_out(&["import", &file]);
    // The second CRM-1 row has a new date and value: it updates the first.
    assert_eq!(first["added"], 4);
    assert_eq!(first["changed"], 1);
    assert_eq!(first["skipped"], 0);
    assert_eq!(first["changed_results"][0]["ref"], "CRM-1");
    assert_eq!(first["changed_results"][0]["date"], "2026-08-15");
    let after_first = env.bytes();
    let again = env.ok(&["import", &file]);
    // Run again: the first CRM-1 row now differs from the file (updated),
    // the second matches it again: the file ends as it was.
    assert!(
        again.contains("added 0, changed 2, skipped 3 duplicate(s)"),
        "{again}"
    );
    assert_eq!(results(&env).len(), 4);
    assert_eq!(env.bytes(), after_first);
}

#[test]
fn one_bad_row_aborts_the_whole_import_and_names_the_row() {
    let env = with_goals();
    env.record(Q3, "100", "2026-08-01");
    let before = env.bytes();
    let cases = [
        (
            format!(
                "{Q3},2026-08-14,1,,A\n{Q3},2026-08-15,2,,B\nmaria-chen-revenue-2026-q,2026-08-16,3,,C\n"
            ),
            "row 3 (line 4): no goal named 'maria-chen-revenue-2026-q'; did you mean 'maria-chen-revenue-2026-q",
        ),
        (
            format!("{Q3},2026-08-14,1,,A\n{Q3},2026-10-01,2,,B\n"),
            "row 2 (line 3): 2026-10-01 is outside goal 'maria-chen-revenue-2026-q3' (2026-Q3",
        ),
        (
            format!("{Q3},2026-08-14,1,,A\n{Q3},2026-08-14,12abc,,B\n"),
            "row 2 (line 3): value (column 'value'): '12abc' is not a number",
        ),
        (
            format!("{Q3},2026-08-14,NaN,,A\n"),
            "row 1 (line 2): value (column 'value'): 'NaN' is not a finite number",
        ),
        (
            format!("{Q3},2026-02-30,1,,A\n"),
            "row 1 (line 2): the date '2026-02-30' (column 'date') is not a YYYY-MM-DD date",
        ),
        (
            format!("{Q3},2026-08-14,1,,A\n{Q3},2026-08-14\n"),
            "row 2 (line 3): it has 2 field(s) but the header has 5",
        ),
        (
            format!("{Q3},2026-08-14,,,A\n"),
            "row 1 (line 2): the value (column 'value') is empty",
        ),
    ];
    for (rows, expected) in cases {
        let file = input(
            &env,
            "bad.csv",
            &format!("goal,date,value,note,ref\n{rows}"),
        );
        let err = env.fails(1, &["import", &file]);
        assert!(err.contains(expected), "expected {expected:?} in {err}");
        assert!(err.contains("nothing was imported"), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        assert_eq!(env.bytes(), before, "the file changed after: {err}");
    }
    let lines = format!(
        "{{\"goal\":\"{Q3}\",\"date\":\"2026-08-14\",\"value\":1}}\n{{\"goal\":\"{Q3}\",\"date\":\"2026-08-14\",\"value\":[1]}}\n"
    );
    let err = stderr_of(&with_stdin(&env, &["import", "-"], &lines).code(1));
    assert!(err.contains("row 2 (line 2)"), "{err}");
    assert_eq!(env.bytes(), before);
}

#[test]
fn a_dry_run_import_lists_what_would_happen_and_writes_nothing() {
    let env = with_goals();
    env.ok(&[
        "record",
        Q3,
        "0.1",
        "--date",
        "2026-09-01",
        "--ref",
        "CRM-2",
    ]);
    env.ok(&["record", Q3, "5", "--date", "2026-08-01", "--ref", "CRM-1"]);
    let before = env.bytes();
    let file = input(&env, "rows.csv", ROWS);
    let assert = env.run(&["import", &file, "--dry-run"]).success();
    let out = stdout_of(&assert);
    assert!(out.contains("Would add"), "{out}");
    assert!(out.contains("Would skip (already recorded)"), "{out}");
    assert!(
        out.contains("Would change (known ref, new value or date)"),
        "{out}"
    );
    assert!(out.contains("CRM-1") && out.contains("CRM-3"), "{out}");
    assert!(
        out.contains("would add 1, would change 1, would skip 1 duplicate(s)"),
        "{out}"
    );
    assert!(stderr_of(&assert).contains("dry run: nothing was written"));
    assert_eq!(env.bytes(), before);
    let json = env.json_out(&["--dry-run", "import", &file]);
    assert_eq!(json["dry_run"], true);
    assert_eq!(json["added"], 1);
    assert_eq!(json["changed"], 1);
    assert_eq!(json["skipped"], 1);
    assert_eq!(json["duplicates"][0]["ref"], "CRM-2");
    assert_eq!(env.bytes(), before);
}

#[test]
fn dry_run_changes_nothing_for_every_command_that_writes() {
    let env = with_goals();
    env.record(Q3, "30000", "2026-08-01");
    env.ok(&["celebrate", Q3, "--log", "Card", "--kind", "message"]);
    let before = env.bytes();
    let first = env.json()["results"][0]["id"].as_str().unwrap().to_string();
    let writes: [&[&str]; 13] = [
        &["init", "--currency", "EUR"],
        &[
            "goal", "add", "new-goal", "--target", "5", "--period", "2026-Q4",
        ],
        &["goal", "edit", Q4, "--target", "1"],
        &["goal", "remove", Q3, "--force"],
        &["goal", "roll", Q3, "--to", "2027-Q1", "--adjust", "+10%"],
        &["record", Q4, "250", "--date", "2026-11-01"],
        &["result", "remove", first.as_str()],
        &["celebrate", Q3, "--log", "Dinner", "--kind", "event"],
        &["settings", "set", "at-risk", "0.8"],
        &["import", "-"],
        &[
            "goal", "add", "new-goal", "--target", "5", "--period", "2026-Q4", "--format", "json",
        ],
        &[
            "record",
            Q4,
            "250",
            "--date",
            "2026-11-01",
            "--format",
            "json",
        ],
        &["goal", "roll", Q3, "--to", "2027-Q1", "--format", "csv"],
    ];
    for args in writes {
        let mut all = vec!["--dry-run"];
        all.extend_from_slice(args);
        let assert = with_stdin(&env, &all, ROWS).success();
        let stdout = stdout_of(&assert);
        let stderr = stderr_of(&assert);
        if all.contains(&"--format") {
            assert!(!stdout.trim().is_empty(), "{args:?} printed nothing");
            assert!(stderr.is_empty(), "{args:?}: {stderr}");
        } else {
            assert!(
                stderr.contains("dry run: nothing was written"),
                "{args:?}: {stderr}"
            );
        }
        assert_eq!(env.bytes(), before, "{args:?} wrote the file");
    }
    // The flag goes after the subcommand too.
    env.ok(&["record", Q4, "250", "--date", "2026-11-01", "--dry-run"]);
    assert_eq!(env.bytes(), before);
    // What a dry run shows is what the real run does.
    let shown = env.json_out(&[
        "--dry-run",
        "goal",
        "add",
        "new-goal",
        "--target",
        "5",
        "--period",
        "2026-Q4",
    ]);
    let done = env.json_out(&[
        "goal", "add", "new-goal", "--target", "5", "--period", "2026-Q4",
    ]);
    assert_eq!(shown, done);
}

#[test]
fn a_dry_run_creates_no_file_no_folder_and_no_lock() {
    let env = TestEnv::new();
    let file = env.dir().join("team").join("attain.json");
    let at = |args: &[&str]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_attain"));
        cmd.arg("--file").arg(&file).args(args).env("NO_COLOR", "1");
        let assert = assert_cmd::assert::OutputAssertExt::assert(&mut cmd).success();
        stdout_of(&assert)
    };
    let out = at(&["--dry-run", "init", "--currency", "EUR"]);
    assert!(out.contains("Created"), "{out}");
    at(&[
        "--dry-run",
        "goal",
        "add",
        "g",
        "--target",
        "1",
        "--period",
        "2026",
    ]);
    let entries: Vec<_> = std::fs::read_dir(env.dir()).unwrap().collect();
    assert!(entries.is_empty(), "{entries:?}");
    // A change the real run would refuse is refused in a dry run too.
    let err = env.fails(1, &["--dry-run", "record", "nope", "1"]);
    assert!(err.contains("no goal named 'nope'"), "{err}");
    assert!(!env.file().exists());
}

#[test]
fn a_dry_run_still_refuses_a_read_only_file() {
    use std::os::unix::fs::PermissionsExt;
    let env = with_goals();
    std::fs::set_permissions(env.file(), std::fs::Permissions::from_mode(0o444)).unwrap();
    let err = env.fails(1, &["--dry-run", "record", Q4, "1"]);
    assert!(err.contains("read-only"), "{err}");
}

/// HubSpot's deal export: owner names, not goal ids; a stage to filter on.
const HUBSPOT: &str = "Deal Name,Deal Stage,Amount,Close Date,Deal owner,Record ID\n\
    Acme renewal,Closed Won,12500,2026-08-14,Maria Chen,9001\n\
    Beta pilot,Closed Lost,9000,2026-08-15,Maria Chen,9002\n\
    Gamma expansion,closedwon,4000,2026-10-02,maria chen,9003\n\
    Delta new logo,Closed Won,7250.5,2026-09-30,Ben Kowalski,9004\n\
    Epsilon,Closed Won,1000,2026-10-20,Maria Chen,9005\n";

#[test]
fn a_hubspot_deal_export_is_mapped_filtered_and_sent_to_each_owners_goal() {
    let env = with_goals();
    let file = input(&env, "hubspot-deals.csv", HUBSPOT);
    let args = [
        "import",
        &file,
        "--metric",
        "revenue",
        "--map",
        "goal=Deal owner",
        "--map",
        "value=amount",
        "--map",
        "date=Close Date",
        "--map",
        "ref=Record ID",
        "--map",
        "note=Deal Name",
        "--where",
        "Deal Stage!=Closed Lost",
        "--where",
        "deal stage!=closedwon",
    ];
    let json = env.json_out(&args);
    assert_eq!(json["added"], 3, "{json}");
    assert_eq!(json["filtered"], 2);
    let got = results(&env);
    assert!(got.contains(&(
        MARIA.into(),
        "2026-08-14".into(),
        "12500".into(),
        "Acme renewal".into(),
        "9001".into()
    )));
    assert!(got.contains(&(
        BEN.into(),
        "2026-09-30".into(),
        "7250.5".into(),
        "Delta new logo".into(),
        "9004".into()
    )));
    // The Q4 deal counts toward the Q4 goal: its period holds the date.
    assert!(got.iter().any(|r| r.0 == MARIA && r.4 == "9005"));
    let q4 = env.json_out(&["goal", "show", Q4]);
    assert_eq!(q4["recorded"].as_array().unwrap().len(), 1);
    assert_eq!(q4["recorded"][0]["ref"], "9005");
    // Re-running the week's export is safe.
    let again = env.json_out(&args);
    assert_eq!(again["added"], 0);
    assert_eq!(again["skipped"], 3);
}

/// Salesforce's opportunity report: dollar amounts, US dates.
const SALESFORCE: &str = "Opportunity Name,Stage,Amount,Close Date,Opportunity Owner,Opportunity ID\n\
    Acme renewal,Closed Won,\"$12,500.00\",8/14/2026,Maria Chen,006Dn000001\n\
    Beta pilot,Negotiation,\"$9,000.00\",8/15/2026,Maria Chen,006Dn000002\n\
    Delta new logo,Closed Won,\"$7,250.50\",09/30/2026,Ben Kowalski,006Dn000004\n";

fn salesforce_args(file: &str) -> Vec<String> {
    [
        "import",
        file,
        "--metric",
        "revenue",
        "--map",
        "owner=Opportunity Owner",
        "--map",
        "value=Amount",
        "--map",
        "date=Close Date",
        "--map",
        "ref=Opportunity ID",
        "--map",
        "note=Opportunity Name",
        "--where",
        "Stage=Closed Won",
        "--date-format",
        "%m/%d/%Y",
    ]
    .map(String::from)
    .to_vec()
}

#[test]
fn a_salesforce_opportunity_report_reads_dollars_and_us_dates() {
    let env = with_goals();
    let file = input(&env, "opportunities.csv", SALESFORCE);
    let args = salesforce_args(&file);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = env.ok(&args);
    assert!(
        out.contains("added 2, skipped 0 duplicate(s), left out 1 row(s) by --where"),
        "{out}"
    );
    let got = results(&env);
    assert!(got.contains(&(
        MARIA.into(),
        "2026-08-14".into(),
        "12500".into(),
        "Acme renewal".into(),
        "006Dn000001".into()
    )));
    assert!(got.iter().any(|r| r.0 == BEN && r.2 == "7250.5"));
    // Without --date-format the US date is refused with the fix.
    let plain: Vec<&str> = args[..args.len() - 2].to_vec();
    let err = env.fails(1, &plain);
    assert!(err.contains("--date-format"), "{err}");
}

#[test]
fn owners_are_matched_by_the_identity_rule_and_typos_are_refused() {
    let env = with_goals();
    let before = env.bytes();
    let map = [
        "--metric",
        "revenue",
        "--map",
        "goal=Owner",
        "--map",
        "date=Closed",
        "--map",
        "value=Amount",
    ];
    let run = |rows: &str| {
        let file = input(&env, "deals.csv", &format!("Owner,Closed,Amount\n{rows}"));
        let mut args = vec!["import", file.as_str()];
        args.extend_from_slice(&map);
        env.fails(1, &args)
    };
    // A name close to a known person's is taken for a typo.
    let err = run("Maria Chen,2026-08-01,1\nMarai Chen,2026-08-01,1\n");
    assert!(
        err.contains(
            "row 2 (line 3): no person or team named 'Marai Chen'; did you mean 'maria-chen'"
        ),
        "{err}"
    );
    assert_eq!(env.bytes(), before);
    env.ok(&[
        "goal",
        "add",
        "maria-chen-revenue-2026",
        "--owner",
        "maria-chen",
        "--target",
        "1",
        "--period",
        "2026",
    ]);
    // A deal counts toward the quarter and the year: no "2 goals" refusal.
    // A row dated where Maria has no goal is kept as a fact all the same.
    let file = input(
        &env,
        "deals.csv",
        "Owner,Closed,Amount\nmaria chen,2026-08-01,5\nMaria Chen,2027-01-05,7\n",
    );
    let mut args = vec!["import", file.as_str()];
    args.extend_from_slice(&map);
    env.ok(&args);
    let report = env.json_out(&["report", "--owner", "Maria Chen", "--metric", "revenue"]);
    let actual = |id: &str| {
        report["goals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["id"] == id)
            .map(|g| g["actual"].to_string())
    };
    assert_eq!(actual(Q3).as_deref(), Some("5"));
    assert_eq!(actual("maria-chen-revenue-2026").as_deref(), Some("5"));
    assert_eq!(results(&env).len(), 2);
    // A new name far from everyone's becomes a person of its own.
    let file = input(
        &env,
        "new.csv",
        "Owner,Closed,Amount\nOmar Haddad,2026-08-01,9\n",
    );
    let mut args = vec!["import", file.as_str()];
    args.extend_from_slice(&map);
    let out = env.ok(&args);
    assert!(out.contains("New people: Omar Haddad"), "{out}");
    // Without --metric, an owner in the goal column gets the hint.
    let file = input(
        &env,
        "owners.csv",
        "goal,date,value\nMaria Chen,2026-08-01,1\n",
    );
    let err = env.fails(1, &["import", &file]);
    assert!(err.contains("pass --metric"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let env = with_goals();
    let file = input(&env, "rows.csv", ROWS);
    for args in [
        vec!["import", file.as_str(), "--map", "amount=Amount"],
        vec!["import", file.as_str(), "--map", "value"],
        vec!["import", file.as_str(), "--where", "Stage"],
        vec!["import", file.as_str(), "--date-format", "%Q"],
        vec!["import", file.as_str(), "--input-format", "xml"],
        vec!["export", "--format", "markdown"],
        vec!["report", "--format", "jsonl"],
    ] {
        let err = env.fails(2, &args);
        assert!(err.starts_with("error: "), "{args:?}: {err}");
    }
    let err = env.fails(1, &["import", "missing.csv"]);
    assert!(err.contains("cannot read missing.csv"), "{err}");
}

/// The rows of [`ROWS`] with another delimiter: the same cells, their
/// commas left as they are (no quotes needed).
fn rows_with(delimiter: &str) -> String {
    format!(
        "goal{d}date{d}value{d}note{d}ref\n\
         {Q3}{d}2026-08-14{d}12,500.00{d}Acme, renewal{d}CRM-1\n\
         {Q3}{d}2026-09-01{d}0.1{d}{d}CRM-2\n\
         {BEN_Q3}{d}2026-07-20{d}0.2{d}{d}CRM-3\n",
        d = delimiter
    )
}

/// What importing [`ROWS`] (comma-separated) leaves in a fresh file.
fn comma_results() -> Vec<(String, String, String, String, String)> {
    let env = with_goals();
    env.ok(&["import", &input(&env, "rows.csv", ROWS)]);
    results(&env)
}

#[test]
fn a_semicolon_file_imports_with_delimiter_like_the_comma_file() {
    let env = with_goals();
    let file = input(&env, "rows.csv", &rows_with(";"));
    let out = env.ok(&["import", &file, "--delimiter", ";"]);
    assert!(out.contains("added 3, skipped 0 duplicate(s)"), "{out}");
    assert_eq!(results(&env), comma_results());
}

#[test]
fn a_tab_file_imports_with_backslash_t_tab_a_tab_character_or_a_tsv_name() {
    let expected = comma_results();
    let tabs = rows_with("\t");
    for (name, text, flags) in [
        ("rows.txt", tabs.as_str(), vec!["--delimiter", "\\t"]),
        ("rows.txt", tabs.as_str(), vec!["--delimiter", "tab"]),
        ("rows.csv", tabs.as_str(), vec!["--delimiter", "\t"]),
        ("rows.tsv", tabs.as_str(), vec![]),
        ("rows.TSV", tabs.as_str(), vec![]),
        // --delimiter wins over the .tsv name.
        ("rows.tsv", ROWS, vec!["--delimiter", ","]),
    ] {
        let env = with_goals();
        let file = input(&env, name, text);
        let mut args = vec!["import", file.as_str()];
        args.extend(&flags);
        env.ok(&args);
        assert_eq!(results(&env), expected, "{name} {flags:?}");
    }
}

#[test]
fn a_semicolon_file_without_delimiter_names_the_flag_and_imports_nothing() {
    let env = with_goals();
    let before = env.bytes();
    let file = input(&env, "rows.csv", &rows_with(";"));
    let err = env.fails(1, &["import", &file]);
    assert_eq!(
        err,
        format!(
            "error: {file}: the header looks semicolon-separated (\"goal;date;value;note;ref\"); \
             pass --delimiter ';'; nothing was imported\n"
        )
    );
    assert_eq!(env.bytes(), before);
    // A tab file read with commas, and a comma file read as tabs.
    let tabs = input(&env, "rows.txt", &rows_with("\t"));
    let err = env.fails(1, &["import", &tabs]);
    assert!(
        err.contains(r#"the header looks tab-separated ("goal\tdate\tvalue\tnote\tref"); pass --delimiter tab"#),
        "{err}"
    );
    let commas = input(&env, "rows.tsv", ROWS);
    let err = env.fails(1, &["import", &commas]);
    assert!(err.contains("comma-separated"), "{err}");
    assert!(err.contains("pass --delimiter ','"), "{err}");
    assert_eq!(env.bytes(), before);
}

#[test]
fn a_delimiter_of_other_than_one_character_is_a_usage_error() {
    let env = with_goals();
    let file = input(&env, "rows.csv", ROWS);
    for bad in ["", ";;", "§", "tabs", "\"", "\n"] {
        let err = env.fails(2, &["import", &file, "--delimiter", bad]);
        assert!(
            err.starts_with("error: invalid value") && err.contains("--delimiter <CHAR>"),
            "{bad:?}: {err}"
        );
        assert!(err.contains("e.g. ';'"), "{bad:?}: {err}");
    }
    assert!(results(&env).is_empty());
}

#[test]
fn delimiter_is_refused_for_json_lines_and_backups() {
    let env = with_goals();
    let before = env.bytes();
    let line = format!("{{\"goal\":\"{Q3}\",\"date\":\"2026-08-14\",\"value\":1}}\n");
    let file = input(&env, "rows.jsonl", &line);
    let err = env.fails(1, &["import", &file, "--delimiter", ";"]);
    assert!(
        err.contains("is read as JSON Lines; --delimiter applies to CSV only"),
        "{err}"
    );
    let piped = with_stdin(
        &env,
        &[
            "import",
            "-",
            "--input-format",
            "jsonl",
            "--delimiter",
            "tab",
        ],
        &line,
    );
    let err = stderr_of(&piped.code(1));
    assert!(err.contains("--delimiter applies to CSV only"), "{err}");
    assert_eq!(env.bytes(), before);

    let backup = input(&env, "backup.json", &env.ok(&["export"]));
    let fresh = TestEnv::new();
    let err = fresh.fails(1, &["import", &backup, "--delimiter", ";"]);
    assert!(err.contains("is a JSON backup"), "{err}");
    assert!(
        err.contains("--delimiter applies to CSV rows only"),
        "{err}"
    );
    assert!(fresh.bytes().is_empty());
}

/// A file with a bit of everything: results with and without refs and
/// notes, a logged celebration, tags, a stretch, an at-most goal.
fn rich() -> TestEnv {
    let env = with_goals();
    env.ok(&["settings", "set", "tiers.event", "115%"]);
    env.ok(&[
        "goal",
        "add",
        "east-churn",
        "--owner",
        "east",
        "--metric",
        "churn",
        "--target",
        "5",
        "--period",
        "2026-Q4",
        "--tag",
        "east",
    ]);
    env.ok(&["goal", "edit", Q3, "--stretch", "40k", "--tag", "rep"]);
    let file = input(&env, "rows.csv", ROWS);
    env.ok(&["import", &file]);
    env.record(Q3, "20000", "2026-09-10");
    env.ok(&[
        "record",
        Q4,
        "0.1",
        "--date",
        "2026-10-01",
        "--note",
        "tiny, \"quoted\"",
    ]);
    env.ok(&["record", Q4, "0.2", "--date", "2026-10-01"]);
    env.ok(&["record", Q4, "0.2", "--date", "2026-10-01"]);
    env.record("east-churn", "4.2", "2026-10-31");
    env.ok(&["celebrate", Q3, "--log", "Team dinner", "--kind", "event"]);
    env
}

#[test]
fn a_json_export_restores_into_a_fresh_file_with_the_same_report() {
    let env = rich();
    let backup = env.ok(&["export"]);
    // The backup is the data file's own layout, byte for byte.
    assert_eq!(backup.as_bytes(), env.bytes().as_slice());
    assert_eq!(env.ok(&["export", "--format", "json"]), backup);
    let fresh = TestEnv::new();
    let file = input(&fresh, "backup.json", &backup);
    let out = fresh.ok(&["import", &file]);
    assert!(out.contains("Restored"), "{out}");
    assert!(out.contains("settings restored"), "{out}");
    for command in [
        &["report"][..],
        &["celebrate"],
        &["celebrate", "--history"],
        &["settings", "show"],
        &["result", "list"],
    ] {
        assert_eq!(
            fresh.json_out(command),
            env.json_out(command),
            "{command:?}"
        );
    }
    assert_restored(&fresh, &env);
    // Restoring it again adds nothing.
    let again = fresh.json_out(&["import", &file]);
    assert_eq!(again["added"], 0);
    assert_eq!(again["backup"]["goals"]["added"], 0);
    assert_eq!(again["backup"]["celebrations"]["skipped"], 1);
    assert_restored(&fresh, &env);
    // From stdin too, and into the original file.
    let assert = with_stdin(&env, &["import", "-", "--format", "json"], &backup).success();
    let json: Value = serde_json::from_str(&stdout_of(&assert)).unwrap();
    assert_eq!(json["skipped"], 8);
    assert_eq!(json["added"], 0);
}

#[test]
fn a_filtered_json_export_holds_the_selected_goals_and_their_records() {
    let env = rich();
    let backup: Value =
        serde_json::from_str(&env.ok(&["export", "--period", "2026-Q3", "--owner", "maria-chen"]))
            .unwrap();
    let goals: Vec<&str> = backup["goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap())
        .collect();
    assert_eq!(goals, ["maria-chen-deals-2026-q3", Q3]);
    assert!(
        backup["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["owner"] == "maria-chen"
                && r["date"].as_str().unwrap() >= "2026-07-01"
                && r["date"].as_str().unwrap() <= "2026-09-30")
    );
    assert_eq!(backup["results"].as_array().unwrap().len(), 3);
    assert_eq!(backup["celebrations"].as_array().unwrap().len(), 1);
    assert_eq!(backup["settings"]["tiers"]["event"].to_string(), "1.15");
    let fresh = TestEnv::new();
    let file = input(&fresh, "q3.json", &backup.to_string());
    fresh.ok(&["import", &file]);
    let filter = ["report", "--period", "2026-Q3", "--owner", "maria-chen"];
    assert_eq!(fresh.json_out(&filter), env.json_out(&filter));
}

#[test]
fn a_backup_that_disagrees_with_the_file_is_refused() {
    let env = rich();
    let backup = env.ok(&["export"]);
    let other = with_goals();
    other.ok(&["goal", "edit", Q4, "--target", "45k"]);
    let before = other.bytes();
    let file = input(&other, "backup.json", &backup);
    let err = other.fails(1, &["import", &file]);
    assert!(err.contains("settings differ"), "{err}");
    other.ok(&["settings", "set", "tiers.event", "115%"]);
    let before_goal = other.bytes();
    let err = other.fails(1, &["import", &file]);
    assert!(
        err.contains(&format!(
            "goal '{Q3}' is in this file and in the backup with a different stretch"
        )),
        "{err}"
    );
    assert_eq!(other.bytes(), before_goal);
    assert_ne!(other.bytes(), before);
    let err = other.fails(1, &["import", &file, "--metric", "revenue"]);
    assert!(err.contains("is a JSON backup"), "{err}");
    let broken = input(&other, "broken.json", &backup[..backup.len() / 2]);
    let err = other.fails(1, &["import", &broken]);
    assert!(err.contains("not a valid attain backup"), "{err}");
}

#[test]
fn a_results_export_imports_back_into_a_file_with_the_same_goals() {
    let env = rich();
    let report = env.json_out(&["report"]);
    for format in ["csv", "jsonl"] {
        let exported = env.ok(&["export", "--format", format]);
        if format == "csv" {
            assert!(
                exported.starts_with("owner,metric,date,value,note,ref\n"),
                "{exported}"
            );
            assert!(exported.contains("\"tiny, \"\"quoted\"\"\""), "{exported}");
        } else {
            let first: Value = serde_json::from_str(exported.lines().next().unwrap()).unwrap();
            let keys: Vec<&String> = first.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["date", "metric", "note", "owner", "ref", "value"]);
        }
        // The same goals, no results: the backup with its results dropped.
        let mut goals_only: Value = serde_json::from_str(&env.ok(&["export"])).unwrap();
        goals_only["results"] = Value::Array(Vec::new());
        let fresh = TestEnv::new();
        fresh.write(&goals_only.to_string());
        let file = input(&fresh, &format!("results.{format}"), &exported);
        let json = fresh.json_out(&["import", &file]);
        assert_eq!(json["added"], 8, "{format}: {json}");
        assert_eq!(fresh.json_out(&["report"]), report, "{format}");
        // Importing the export into the file it came from adds nothing.
        let again = env.json_out(&["import", &file]);
        assert_eq!(
            (again["added"].clone(), again["skipped"].clone()),
            (0.into(), 8.into()),
            "{format}"
        );
    }
    assert_eq!(env.json_out(&["report"]), report);
    // Filters apply to the results export as to the report.
    let east = env.ok(&["export", "--format", "csv", "--tag", "east"]);
    assert_eq!(
        east,
        "owner,metric,date,value,note,ref\neast,churn,2026-10-31,4.2,,\n"
    );
}

#[test]
fn the_man_page_comes_from_the_command_line_definition() {
    let env = TestEnv::new();
    let page = env.ok(&["man"]);
    assert!(page.contains(".TH attain 1"), "{page}");
    for word in ["import", "export", "dry\\-run", "celebrate"] {
        assert!(page.contains(word), "{word} missing from the man page");
    }
    let import = env.ok(&["man", "import"]);
    assert!(import.contains(".TH attain-import 1"), "{import}");
    assert!(import.contains("\\-\\-date\\-format"), "{import}");
    let err = env.fails(1, &["man", "nope"]);
    assert!(err.contains("pick one of"), "{err}");
    assert!(!env.file().exists());
}

#[test]
fn completions_know_the_new_commands() {
    let env = TestEnv::new();
    for shell in ["bash", "zsh", "fish"] {
        let script = env.ok(&["completions", shell]);
        for word in ["import", "export", "man", "dry-run", "input-format"] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
    }
}

#[test]
fn a_backup_carries_reviews_and_their_follow_up_goals() {
    let env = TestEnv::new();
    env.goal("bo-q3", "100", "2026-Q3", &["--owner", "bo"]);
    env.record("bo-q3", "60", "2026-08-01");
    env.goal("ana-q3", "100", "2026-Q3", &["--owner", "ana"]);
    env.record("ana-q3", "100", "2026-08-01");
    env.ok(&[
        "review",
        "bo-q3",
        "--cause",
        "pipeline",
        "--why",
        "Thin pipeline",
        "--improve",
        "Prospecting",
        "--action",
        "Call 20 lapsed accounts; owner=bo; due=2026-12-15",
        "--follow-up",
        "next",
        "--check-in",
        "2026-12-01",
    ]);
    let action = env.action_id("Call 20 lapsed accounts");
    env.ok(&[
        "action",
        "update",
        &action,
        "--status",
        "doing",
        "--note",
        "Half done",
    ]);

    let backup = env.ok(&["export"]);
    let fresh = TestEnv::new();
    let file = input(&fresh, "backup.json", &backup);
    let out = fresh.ok(&["import", &file]);
    assert!(out.contains("1 review(s)"), "{out}");
    assert_restored(&fresh, &env);
    for command in [
        &["review", "show", "bo-q3"][..],
        &["progress"],
        &["action", "list"],
    ] {
        assert_eq!(
            fresh.json_out(command),
            env.json_out(command),
            "{command:?}"
        );
    }
    let again = fresh.json_out(&["import", &file]);
    assert_eq!(again["backup"]["reviews"]["added"], 0);
    assert_eq!(again["backup"]["reviews"]["skipped"], 1);
    assert_restored(&fresh, &env);

    // Exporting only bo's Q3 goal brings the follow-up goal the review names.
    let only: Value =
        serde_json::from_str(&env.ok(&["export", "--owner", "bo", "--period", "2026-Q3"])).unwrap();
    let goals: Vec<&str> = only["goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap())
        .collect();
    assert_eq!(goals, ["bo-q3", "bo-q3-2026-q4"]);
    assert_eq!(only["reviews"][0]["goal"], "bo-q3");
    let partial = TestEnv::new();
    let file = input(&partial, "bo.json", &serde_json::to_string(&only).unwrap());
    partial.ok(&["import", &file]);
    assert_eq!(
        partial.json_out(&["review", "show", "bo-q3"])["review"]["follow_up"],
        "bo-q3-2026-q4"
    );
}

#[test]
fn a_dry_run_review_or_action_update_writes_nothing() {
    let env = TestEnv::new();
    env.goal("bo-q3", "100", "2026-Q3", &["--owner", "bo"]);
    env.record("bo-q3", "60", "2026-08-01");
    let before = env.bytes();
    let out = env.ok(&[
        "--dry-run",
        "review",
        "bo-q3",
        "--cause",
        "pipeline",
        "--why",
        "Thin",
        "--improve",
        "X",
        "--action",
        "Y; due=2026-12-01",
        "--follow-up",
        "next",
    ]);
    assert!(out.contains("complete"), "{out}");
    assert_eq!(env.bytes(), before);
    env.ok(&[
        "review",
        "bo-q3",
        "--cause",
        "pipeline",
        "--why",
        "Thin",
        "--improve",
        "X",
        "--action",
        "Y",
    ]);
    let before = env.bytes();
    let action = env.action_id("Y");
    env.ok(&["--dry-run", "action", "update", &action, "--status", "done"]);
    assert_eq!(env.bytes(), before);
}

/// A restore into a new file gives the backed-up file back, its history
/// included, plus one history entry: the import itself.
fn assert_restored(fresh: &TestEnv, original: &TestEnv) {
    let mut restored = fresh.json();
    let entry = restored["history"]
        .as_array_mut()
        .unwrap()
        .pop()
        .expect("the restore is in history");
    assert!(
        entry["command"].as_str().unwrap().contains(" import "),
        "{entry}"
    );
    assert_eq!(restored, original.json());
}
