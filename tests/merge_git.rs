//! Many managers, one truth: twenty branches of one data file merged with
//! plain `git merge`, with attain's merge driver and without it.

mod common;

use std::path::Path;

use common::{TestEnv, git, git_ok};
use serde_json::Value;

/// One team's work on its branch: people, goals, results, a celebration,
/// a review, and a new target for the team's goal from the base.
fn team_work(n: usize) -> Vec<Vec<String>> {
    let rep = format!("rep-{n:02}");
    let team = format!("team-{n:02}");
    let lines = [
        format!("person add {rep} --name Rep_{n:02}"),
        format!("team edit {team} --add {rep}"),
        format!("goal add {rep}-q3 --owner {rep} --target 100 --period 2026-Q3"),
        format!(
            "goal add {rep}-miss --owner {rep} --metric deals-won --target 10 --period 2026-Q3"
        ),
        format!("record {rep}-q3 150 --date 2026-08-{n:02} --ref CRM-{n:02}"),
        format!("record {rep}-miss 3 --date 2026-09-01"),
        format!("record --owner {rep} --metric revenue 250 --date 2026-11-05"),
        format!("celebrate {rep}-q3 --log Card_for_{rep} --kind message"),
        format!(
            "review {rep}-miss --cause pipeline --why Slow_summer --improve Prospecting --action Call_blitz;_owner={rep};_due=2026-12-15"
        ),
        format!("goal edit {team}-q4 --target {}", 1000 + n),
    ];
    lines
        .iter()
        .map(|line| line.split(' ').map(|word| word.replace('_', " ")).collect())
        .collect()
}

fn run_on(env: &TestEnv, file: &Path, args: &[String]) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut cmd = env.cmd_on(file, &args);
    // Ids drawn at random, as on each manager's machine.
    cmd.env_remove("ATTAIN_SEED");
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const TEAMS: usize = 20;

#[test]
fn twenty_branches_merge_into_main_without_a_conflict_and_hold_the_union() {
    let env = TestEnv::new();
    let repo = env.dir().join("repo");
    std::fs::create_dir(&repo).unwrap();
    git_ok(&repo, &["init", "-q", "-b", "main"]);
    let file = repo.join("attain.json");
    let union = env.dir().join("union.json");
    for target in [&file, &union] {
        run_on(&env, target, &["init".into()]);
        for n in 1..=TEAMS {
            run_on(
                &env,
                target,
                &["team".into(), "add".into(), format!("team-{n:02}")],
            );
            let goal = format!(
                "goal add team-{n:02}-q4 --owner team-{n:02} --target 1000 --period 2026-Q4"
            );
            run_on(
                &env,
                target,
                &goal.split(' ').map(String::from).collect::<Vec<_>>(),
            );
        }
    }
    env.cmd_on(&file, &["git", "setup", "-q"]).output().unwrap();
    git_ok(&repo, &["add", "-A"]);
    git_ok(&repo, &["commit", "-q", "-m", "base"]);
    for n in 1..=TEAMS {
        git_ok(
            &repo,
            &["checkout", "-q", "-b", &format!("team-{n:02}"), "main"],
        );
        for args in team_work(n) {
            run_on(&env, &file, &args);
            run_on(&env, &union, &args);
        }
        git_ok(&repo, &["commit", "-q", "-a", "-m", &format!("team {n}")]);
    }
    git_ok(&repo, &["checkout", "-q", "main"]);
    let mut steps = Vec::new();
    for n in 1..=TEAMS {
        steps.push(git_ok(&repo, &["rev-parse", "HEAD"]).trim().to_string());
        git_ok(
            &repo,
            &["merge", "-q", "--no-edit", &format!("team-{n:02}")],
        );
    }
    assert_eq!(git_ok(&repo, &["status", "--porcelain"]), "");

    let merged: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let count = |kind: &str| merged[kind].as_array().unwrap().len();
    assert_eq!(
        [
            count("people"),
            count("teams"),
            count("goals"),
            count("results"),
            count("celebrations"),
            count("reviews")
        ],
        [TEAMS, TEAMS, 3 * TEAMS, 3 * TEAMS, TEAMS, TEAMS]
    );
    let refs: std::collections::BTreeSet<&str> = merged["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["ref"].as_str())
        .collect();
    assert_eq!(refs.len(), TEAMS);
    // Every change of every branch is in history once, numbered in order.
    let union_file: Value = serde_json::from_slice(&std::fs::read(&union).unwrap()).unwrap();
    assert_eq!(
        count("history"),
        union_file["history"].as_array().unwrap().len()
    );
    assert_eq!(count("history"), 2 * TEAMS + 10 * TEAMS);
    let seqs: Vec<u64> = merged["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(seqs, (1..=seqs.len() as u64).collect::<Vec<_>>());
    let report = |path: &Path| {
        let out = env
            .cmd_on(path, &["report", "--format", "json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    assert_eq!(report(&file), report(&union));

    // The same merges with git alone (a clone without the driver).
    let plain = env.dir().join("plain");
    git_ok(
        env.dir(),
        &[
            "clone",
            "-q",
            repo.to_str().unwrap(),
            plain.to_str().unwrap(),
        ],
    );
    let (mut conflicts, mut stopped) = (0, 0);
    for (n, step) in steps.iter().enumerate() {
        git_ok(&plain, &["checkout", "-q", "--detach", step]);
        let merge = git(
            &plain,
            &[
                "merge",
                "-q",
                "--no-edit",
                &format!("origin/team-{:02}", n + 1),
            ],
        );
        if !merge.status.success() {
            let text = std::fs::read_to_string(plain.join("attain.json")).unwrap();
            conflicts += text.lines().filter(|l| l.starts_with("<<<<<<<")).count();
            stopped += 1;
            git_ok(&plain, &["merge", "--abort"]);
        }
    }
    eprintln!("git alone: {conflicts} conflicts; {stopped} of {TEAMS} merges stopped");
    // Every merge after the first stops: each branch appended its history
    // entries at the same place.
    assert_eq!(stopped, TEAMS - 1, "git alone stopped {stopped} merges");
}
