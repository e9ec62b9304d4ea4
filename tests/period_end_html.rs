//! `attain period-end PERIOD --format html`: one self-contained page, every
//! goal of the period on it with its attainment, data text escaped, and
//! pinned for the example data.

mod common;

use common::TestEnv;

fn example() -> TestEnv {
    let env = TestEnv::new();
    let root = env!("CARGO_MANIFEST_DIR");
    std::fs::copy(format!("{root}/examples/attain.json"), env.file()).unwrap();
    env
}

#[test]
fn the_page_of_the_example_data_is_pinned() {
    let env = example();
    let page = env.ok(&["period-end", "2026-Q3", "--format", "html"]);
    insta::assert_snapshot!("period_end_2026_q3_html", page);
}

#[test]
fn the_page_holds_every_goal_of_the_period_with_its_attainment_and_fetches_nothing() {
    let env = example();
    let page = env.ok(&["period-end", "2026-Q3", "--format", "html"]);
    let report = env.json_out(&["report", "--period", "2026-Q3"]);
    let goals = report["goals"].as_array().unwrap();
    assert!(goals.len() > 10);
    for goal in goals {
        let id = goal["id"].as_str().unwrap();
        let row = page
            .lines()
            .find(|l| l.starts_with(&format!("<tr data-goal=\"{id}\">")))
            .unwrap_or_else(|| panic!("no row for {id}"));
        // Cut, not rounded, to one decimal, as every human format shows it.
        let percent = match &goal["attainment"] {
            serde_json::Value::Null => "—".to_string(),
            ratio => {
                let ratio: rust_decimal::Decimal = ratio.to_string().parse().unwrap();
                let percent = (ratio * rust_decimal::Decimal::ONE_HUNDRED)
                    .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::ToZero);
                format!("{percent:.1}%")
            }
        };
        assert!(
            row.contains(&format!("<span class=\"pct\">{percent}</span>")),
            "{id}: {row}"
        );
        let status = goal["status"].as_str().unwrap();
        assert!(row.contains(&format!(">{status}</td>")), "{id}: {row}");
    }
    assert_eq!(page.matches("<tr data-goal=").count(), goals.len());
    // Self-contained: no script, nothing fetched.
    for outside in [
        "<script", "src=", "href=", "@import", "url(", "http:", "https:",
    ] {
        assert!(!page.contains(outside), "the page has {outside}");
    }
    assert!(page.starts_with("<!doctype html>"));
    assert!(page.contains("@page{size:A4"));
    assert!(page.contains("name=\"viewport\""));
}

#[test]
fn markup_in_the_data_shows_as_text() {
    let env = TestEnv::new();
    env.ok(&["init"]);
    env.goal("won", "100", "2026-Q3", &["--title", "<b>Q3</b> & more"]);
    env.record("won", "150", "2026-08-03");
    env.ok(&[
        "celebrate",
        "won",
        "--log",
        "<script>alert(1)</script>",
        "--kind",
        "message",
    ]);
    let page = env.ok(&["period-end", "2026-Q3", "--format", "html"]);
    assert!(!page.contains("<script>"), "{page}");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&lt;b&gt;Q3&lt;/b&gt; &amp; more"));
}

#[test]
fn the_page_can_be_anonymized_and_html_is_for_period_end_only() {
    let env = example();
    env.ok(&["settings", "set", "pseudonym-key", "new"]);
    let page = env.ok(&["--anonymize", "period-end", "2026-Q3", "--format", "html"]);
    for name in ["Maria Chen", "maria-chen", "Central", "Omar Haddad"] {
        assert!(!page.contains(name), "{name} is on the anonymized page");
    }
    assert!(page.contains("Person "));
    let err = env.fails(2, &["report", "--format", "html"]);
    assert!(
        err.contains("--format html is for `attain period-end` only"),
        "{err}"
    );
}

#[test]
fn each_goal_shows_its_owners_trend_in_words_and_a_sparkline() {
    let env = example();
    let page = env.ok(&["period-end", "2026-Q4", "--format", "html"]);
    let row = page
        .lines()
        .find(|l| l.starts_with("<tr data-goal=\"ben-kowalski-revenue-2026-q4\">"))
        .unwrap();
    // Q3: 131,200 of 240,000 (54.6%); Q4 so far: 149,000 of 220,000 (67.7%).
    assert!(
        row.contains("aria-label=\"2026-Q1 —, 2026-Q2 —, 2026-Q3 54.6%, 2026-Q4 67.7%\""),
        "{row}"
    );
    assert!(row.contains("<polyline"), "{row}");
    assert!(row.contains("↑ +13.1 pts"), "{row}");
}
