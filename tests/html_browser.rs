//! The HTML packet in a real headless browser (Chromium): the page renders
//! without console errors and without asking the network for anything,
//! its DOM holds every goal of the period, a screenshot is not blank, and
//! printing it gives A4 pages.
//!
//! Chromium is found as `$ATTAIN_CHROMIUM`, else `chromium` or
//! `chromium-browser` on the PATH. Without one the test says so and passes,
//! unless `ATTAIN_REQUIRE_BROWSER=1` (CI installs Chromium and sets it).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::TestEnv;

fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("ATTAIN_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .flat_map(|folder| ["chromium", "chromium-browser"].map(|name| folder.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Runs the browser headless on `page` with `args`, its own profile and
/// its background services off.
fn browse(browser: &Path, profile: &Path, page: &Path, args: &[String]) -> Output {
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--disable-domain-reliability",
            "--disable-features=Translate,OptimizationHints,MediaRouter",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Hosts Chromium asks on its own (time, accounts, its start page),
/// whatever the page holds.
const BROWSER_OWN: [&str; 3] = ["google.com/", "gvt1.com/", "googleapis.com/"];

#[test]
fn the_packet_renders_in_a_browser_without_errors_or_network_and_prints_on_a4() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var("ATTAIN_REQUIRE_BROWSER").as_deref() != Ok("1"),
            "ATTAIN_REQUIRE_BROWSER=1 but no Chromium found (set ATTAIN_CHROMIUM)"
        );
        eprintln!("skipped: no Chromium on this machine (CI runs this test)");
        return;
    };
    let env = TestEnv::new();
    let root = env!("CARGO_MANIFEST_DIR");
    std::fs::copy(format!("{root}/examples/attain.json"), env.file()).unwrap();
    let html = env.ok(&["period-end", "2026-Q3", "--format", "html"]);
    let page = env.dir().join("q3.html");
    std::fs::write(&page, &html).unwrap();
    let profile = env.dir().join("profile");
    let goals = env.json_out(&["report", "--period", "2026-Q3"])["goals"]
        .as_array()
        .unwrap()
        .clone();

    // The DOM as rendered holds every goal with its attainment; nothing
    // went to the console; nothing was asked of the network.
    let net_log = env.dir().join("net.json");
    let dom = browse(
        &browser,
        &profile,
        &page,
        &[
            "--dump-dom".into(),
            format!("--log-net-log={}", net_log.display()),
        ],
    );
    let rendered = String::from_utf8_lossy(&dom.stdout);
    for goal in &goals {
        let id = goal["id"].as_str().unwrap();
        assert!(
            rendered.contains(&format!("data-goal=\"{id}\"")),
            "{id} is not in the DOM"
        );
    }
    assert_eq!(rendered.matches("<tr data-goal=").count(), goals.len());
    assert!(rendered.matches("class=\"pct\"").count() >= goals.len());
    let console = String::from_utf8_lossy(&dom.stderr);
    assert!(
        !console
            .lines()
            .any(|l| l.contains("CONSOLE") || l.contains("Uncaught")),
        "console: {console}"
    );
    let log = std::fs::read_to_string(&net_log).unwrap();
    let asked: Vec<&str> = log
        .match_indices("\"url\":\"")
        .map(|(at, start)| {
            let url = &log[at + start.len()..];
            &url[..url.find('"').unwrap_or(url.len())]
        })
        .filter(|url| !url.starts_with("file:") && !url.starts_with("data:"))
        .filter(|url| !BROWSER_OWN.iter().any(|own| url.contains(own)))
        .collect();
    assert!(asked.is_empty(), "the page asked for {asked:?}");

    // A screenshot with something on it: a blank page compresses to a
    // few kilobytes.
    let shot = env.dir().join("q3.png");
    browse(
        &browser,
        &profile,
        &page,
        &[
            "--window-size=1000,1400".into(),
            format!("--screenshot={}", shot.display()),
        ],
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    assert!(
        png.len() > 40_000,
        "the screenshot looks blank ({} bytes)",
        png.len()
    );

    // Printed, it is A4 pages (595 x 842 points).
    let pdf = env.dir().join("q3.pdf");
    browse(
        &browser,
        &profile,
        &page,
        &[
            "--no-pdf-header-footer".into(),
            format!("--print-to-pdf={}", pdf.display()),
        ],
    );
    let bytes = std::fs::read(&pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let boxes: Vec<&str> = text
        .match_indices("/MediaBox [")
        .map(|(at, _)| &text[at..at + text[at..].find(']').unwrap_or(0)])
        .collect();
    assert!(boxes.len() >= 2, "{} pages", boxes.len());
    for media in boxes {
        let numbers: Vec<f64> = media
            .trim_start_matches("/MediaBox [")
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        assert_eq!(numbers.len(), 4, "{media}");
        let (width, height) = (numbers[2] - numbers[0], numbers[3] - numbers[1]);
        assert!(
            (width - 595.0).abs() < 2.0 && (height - 842.0).abs() < 2.0,
            "{media} is not A4"
        );
    }
}
