//! `attain period-end PERIOD --format html`: the packet as one
//! self-contained page for the period-end meeting. Inline CSS and SVG, no
//! script and nothing fetched; real text everywhere (a chart's numbers are
//! written beside it and in its label), status said in words as well as
//! colour; prints on A4 and reads on a phone. Every text from the data is
//! escaped, so markup in a note shows as text.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::GoalRow;
use super::period_end::PeriodEndView;
use crate::domain::attainment::Status;
use crate::domain::review::ReviewState;
use crate::render::{human_amount, human_percent};

/// The attainment a bar's full width stands for.
const SCALE: Decimal = Decimal::from_parts(15, 0, 0, false, 1);
/// A bar's width in SVG units; the target line is at 2/3 of it.
const WIDTH: u32 = 300;

/// The distribution's bands: attainment from, up to (exclusive).
const BANDS: [(&str, u32, u32); 7] = [
    ("below 50%", 0, 50),
    ("50-75%", 50, 75),
    ("75-90%", 75, 90),
    ("90-100%", 90, 100),
    ("100-110%", 100, 110),
    ("110-125%", 110, 125),
    ("125% and over", 125, u32::MAX),
];

const STYLE: &str = "\
:root{--good:#1a7f37;--warn:#9a6700;--bad:#cf222e;--ink:#1f2328;--muted:#59636e;--line:#d1d9e0}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--ink);margin:0 auto;padding:1.5rem;max-width:60rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}
.muted{color:var(--muted)}.headline{font-size:1.1rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .4rem;border-bottom:1px solid var(--line);vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
svg{display:block;max-width:100%;height:auto}
.status{font-weight:600}.met,.exceeded,.on-track{color:var(--good)}.at-risk{color:var(--warn)}.behind,.missed{color:var(--bad)}
.review{border:1px solid var(--line);border-radius:6px;padding:.5rem .8rem;margin:.8rem 0;break-inside:avoid}
.review h3{font-size:1rem;margin:.2rem 0}.review ol{margin:.3rem 0 .3rem 1.2rem;padding:0}
@media (max-width:40rem){body{padding:.8rem}table,thead,tbody,tr,th,td{display:block}thead{display:none}td{border:0;padding:.1rem 0}tr{border-bottom:1px solid var(--line);padding:.4rem 0}}
@media print{@page{size:A4;margin:14mm}body{max-width:none;padding:0;font-size:11pt}h2{break-after:avoid}tr,.review{break-inside:avoid}}
";

/// The page.
pub fn page(view: &PeriodEndView) -> String {
    let mut html = String::with_capacity(32 * 1024);
    let p = &view.period;
    let rows = &view.report.rows;
    let title = format!("Period end: {}", p.label);
    let _ = write!(
        html,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n\
         <p class=\"muted\">{} to {}, as of {}</p>\n",
        escape(&title),
        escape(&title),
        p.start,
        p.end,
        view.as_of
    );
    let met = rows
        .iter()
        .filter(|r| matches!(r.evaluation.status, Status::Met | Status::Exceeded))
        .count();
    let _ = writeln!(
        html,
        "<p class=\"headline\"><strong>{met} of {} goals met</strong>{}</p>\n</header>",
        rows.len(),
        counts(rows)
    );
    attainment(&mut html, view);
    distribution(&mut html, rows);
    celebrations(&mut html, view);
    reviews(&mut html, view);
    let o = view.owed;
    let _ = writeln!(
        html,
        "<h2>Still owed</h2>\n<p>{} review(s) to finish, {} met goal(s) to celebrate, {} overdue \
         action(s).</p>\n</body>\n</html>",
        o.reviews_pending, o.uncelebrated, o.overdue_actions
    );
    html
}

/// " · 3 missed · 1 behind": the other statuses, in words.
fn counts(rows: &[GoalRow]) -> String {
    let mut text = String::new();
    for status in Status::ALL {
        if matches!(status, Status::Met | Status::Exceeded) {
            continue;
        }
        let n = rows
            .iter()
            .filter(|r| r.evaluation.status == status)
            .count();
        if n > 0 {
            let _ = write!(text, " · {n} {}", status.name());
        }
    }
    text
}

fn attainment(html: &mut String, view: &PeriodEndView) {
    html.push_str(
        "<section>\n<h2>Attainment</h2>\n<table>\n<thead><tr><th>Goal</th><th>Owner</th>\
         <th class=\"num\">Target</th><th class=\"num\">Actual</th><th>Attainment (line: \
         target; dashed: stretch)</th><th>Status</th><th>Trend (so far)</th></tr></thead>\n<tbody>\n",
    );
    for row in &view.report.rows {
        let e = &row.evaluation;
        let unit = row.goal.unit.as_str();
        let status = e.status.name();
        let actual = e.actual.map_or("—".to_string(), |a| human_amount(a, unit));
        let _ = writeln!(
            html,
            "<tr data-goal=\"{}\"><td>{}</td><td>{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td>{}</td><td class=\"status {status}\">{status}</td>\
             <td>{}</td></tr>",
            escape(&row.goal.id),
            escape(&row.goal.title),
            escape(row.owner_name),
            escape(&human_amount(row.goal.target, unit)),
            escape(&actual),
            bar(row),
            trend(view.trends.get(&row.goal.id).map_or(&[][..], Vec::as_slice)),
        );
    }
    html.push_str("</tbody>\n</table>\n</section>\n");
}

/// The owner's attainment over the last periods as a sparkline, with
/// every value in its label and the change since the last period beside
/// it.
fn trend(points: &[(String, Option<Decimal>)]) -> String {
    let known: Vec<(usize, Decimal)> = points
        .iter()
        .enumerate()
        .filter_map(|(at, (_, ratio))| ratio.map(|r| (at, r)))
        .collect();
    if known.len() < 2 {
        return "<span class=\"muted\">—</span>".to_string();
    }
    let top = known
        .iter()
        .map(|(_, r)| *r)
        .fold(Decimal::ONE, Decimal::max);
    let step = 80 / (points.len().max(2) - 1);
    let coordinates: Vec<String> = known
        .iter()
        .map(|(at, ratio)| {
            let y = Decimal::from(18) - (*ratio).max(Decimal::ZERO) * Decimal::from(16) / top;
            format!("{},{}", at * step, y.round_dp(1))
        })
        .collect();
    let label: Vec<String> = points
        .iter()
        .map(|(period, ratio)| format!("{period} {}", human_percent(*ratio)))
        .collect();
    let (last, before) = (known[known.len() - 1].1, known[known.len() - 2].1);
    let change = ((last - before) * Decimal::ONE_HUNDRED).round_dp(1);
    let arrow = match change.cmp(&Decimal::ZERO) {
        std::cmp::Ordering::Greater => "↑ +",
        std::cmp::Ordering::Less => "↓ ",
        std::cmp::Ordering::Equal => "→ ",
    };
    format!(
        "<svg viewBox=\"0 0 80 20\" width=\"80\" height=\"20\" role=\"img\" aria-label=\"{}\">\
         <title>{}</title><polyline points=\"{}\" fill=\"none\" stroke=\"#0969da\" \
         stroke-width=\"2\"/></svg> <span class=\"muted\">{arrow}{change:.1} pts</span>",
        escape(&label.join(", ")),
        escape(&label.join(", ")),
        coordinates.join(" ")
    )
}

/// An attainment bar with the target line and, when set, the stretch line.
fn bar(row: &GoalRow) -> String {
    let e = &row.evaluation;
    let x = |ratio: Decimal| -> u32 {
        let capped = ratio.clamp(Decimal::ZERO, SCALE);
        let width = capped * Decimal::from(WIDTH) / SCALE;
        u32::try_from(width.round().mantissa()).unwrap_or(WIDTH)
    };
    let filled = e.attainment.map_or(0, x);
    let target = x(Decimal::ONE);
    let stretch = row
        .goal
        .stretch
        .filter(|_| !row.goal.target.0.is_zero())
        .map(|s| s.0 / row.goal.target.0);
    let percent = human_percent(e.attainment);
    let mut label = format!("{percent} of target");
    let mut lines = format!(
        "<line x1=\"{target}\" y1=\"0\" x2=\"{target}\" y2=\"20\" stroke=\"#1f2328\" \
         stroke-width=\"2\"/>"
    );
    if let Some(ratio) = stretch {
        let at = x(ratio);
        let _ = write!(label, "; stretch at {}", human_percent(Some(ratio)));
        let _ = write!(
            lines,
            "<line x1=\"{at}\" y1=\"0\" x2=\"{at}\" y2=\"20\" stroke=\"#1f2328\" \
             stroke-width=\"1.5\" stroke-dasharray=\"3 2\"/>"
        );
    }
    format!(
        "<svg viewBox=\"0 0 {w} 20\" width=\"{w}\" height=\"20\" role=\"img\" aria-label=\"{}\">\
         <rect x=\"0\" y=\"3\" width=\"{w}\" height=\"14\" fill=\"#eef1f4\"/>\
         <rect class=\"fill {}\" x=\"0\" y=\"3\" width=\"{filled}\" height=\"14\" \
         fill=\"currentColor\"/>{lines}</svg> <span class=\"pct\">{}</span>",
        escape(&label),
        e.status.name(),
        escape(&percent),
        w = WIDTH,
    )
}

fn distribution(html: &mut String, rows: &[GoalRow]) {
    let mut counts = [0usize; BANDS.len()];
    for row in rows {
        let Some(ratio) = row.evaluation.attainment else {
            continue;
        };
        let percent = (ratio * Decimal::ONE_HUNDRED).floor();
        let percent = u32::try_from(percent.mantissa().max(0)).unwrap_or(u32::MAX);
        if let Some(band) = BANDS
            .iter()
            .position(|(_, from, to)| (*from..*to).contains(&percent))
        {
            counts[band] += 1;
        }
    }
    let most = counts.iter().copied().max().unwrap_or(0).max(1);
    html.push_str(
        "<section>\n<h2>How the goals spread around their targets</h2>\n<table>\n<thead><tr>\
         <th>Attainment</th><th class=\"num\">Goals</th><th>Spread</th></tr></thead>\n<tbody>\n",
    );
    for ((name, _, _), count) in BANDS.iter().zip(counts) {
        let width = count * 200 / most;
        let _ = writeln!(
            html,
            "<tr><td>{name}</td><td class=\"num\">{count}</td><td><svg viewBox=\"0 0 200 14\" \
             width=\"200\" height=\"14\" role=\"img\" aria-label=\"{count} goals\"><rect x=\"0\" \
             y=\"1\" width=\"{width}\" height=\"12\" fill=\"#6e7781\"/></svg></td></tr>"
        );
    }
    html.push_str("</tbody>\n</table>\n</section>\n");
}

fn celebrations(html: &mut String, view: &PeriodEndView) {
    html.push_str("<section>\n<h2>Celebrate successes</h2>\n");
    if view.celebrate.rows.is_empty() {
        html.push_str("<p>No goal met this period yet.</p>\n");
    } else {
        html.push_str(
            "<table>\n<thead><tr><th>Goal</th><th>Owner</th><th>Suggested</th><th>Done</th>\
             </tr></thead>\n<tbody>\n",
        );
        for row in &view.celebrate.rows {
            let Some(standing) = &row.celebration else {
                continue;
            };
            let done: Vec<String> = standing
                .logged
                .iter()
                .map(|c| format!("{} on {}: {}", c.kind.name(), c.date, c.note))
                .collect();
            let done = if done.is_empty() {
                "not yet".to_string()
            } else {
                done.join("; ")
            };
            let _ = writeln!(
                html,
                "<tr><td>{}</td><td>{}</td><td>{} ({})</td><td>{}</td></tr>",
                escape(&row.goal.title),
                escape(row.owner_name),
                escape(standing.tier.suggestion()),
                escape(standing.tier.benefit()),
                escape(&done)
            );
        }
        html.push_str("</tbody>\n</table>\n");
    }
    html.push_str("</section>\n");
}

fn reviews(html: &mut String, view: &PeriodEndView) {
    html.push_str("<section>\n<h2>Learn from the missed</h2>\n");
    if view.reviews.is_empty() {
        html.push_str("<p>No missed goals this period.</p>\n");
    }
    for (row, review) in &view.reviews {
        let state = ReviewState::of(*review);
        let _ = writeln!(
            html,
            "<div class=\"review\" data-goal=\"{}\">\n<h3>{} <span class=\"muted\">({}, {} of \
             target): review {}</span></h3>",
            escape(&row.goal.id),
            escape(&row.goal.title),
            escape(row.owner_name),
            escape(&human_percent(row.evaluation.attainment)),
            escape(&state.describe())
        );
        let Some(r) = review else {
            let _ = writeln!(
                html,
                "<p>Not reviewed yet: <code>attain review {}</code></p>\n</div>",
                escape(&row.goal.id)
            );
            continue;
        };
        let causes: Vec<&str> = r.causes.iter().map(|c| c.label()).collect();
        let plan: Vec<String> = r
            .actions
            .iter()
            .map(|a| {
                let mut text = format!("{} ({}", a.text, a.status.name());
                if let Some(owner) = &a.owner {
                    let _ = write!(text, ", {owner}");
                }
                if let Some(due) = a.due {
                    let _ = write!(text, ", due {due}");
                }
                text.push(')');
                text
            })
            .collect();
        let mut tracking = Vec::new();
        if let Some(goal) = &r.follow_up {
            tracking.push(format!("follow-up goal {goal}"));
        }
        if let Some(date) = r.check_in {
            tracking.push(format!("check-in on {date}"));
        }
        let steps = [
            ("Cause", join(&[causes.join(", "), r.why.clone()], ": ")),
            ("To improve", r.improvements.join("; ")),
            ("Action plan", plan.join("; ")),
            ("Tracking", tracking.join(", ")),
        ];
        html.push_str("<ol>\n");
        for (step, text) in steps {
            let text = if text.is_empty() {
                "not yet".to_string()
            } else {
                text
            };
            let _ = writeln!(html, "<li><strong>{step}:</strong> {}</li>", escape(&text));
        }
        html.push_str("</ol>\n</div>\n");
    }
    html.push_str("</section>\n");
}

/// The parts that are not empty, joined.
fn join(parts: &[String], between: &str) -> String {
    let kept: Vec<&str> = parts
        .iter()
        .map(String::as_str)
        .filter(|p| !p.is_empty())
        .collect();
    kept.join(between)
}

/// Text as HTML shows it: markup in it is shown, never run.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_shown_not_run() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
    }
}
