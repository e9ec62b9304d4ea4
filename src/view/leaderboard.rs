//! `leaderboard`: the ranking, the share at quota with the plan-health
//! note, the median and the bands.

use rust_decimal::Decimal;
use serde::Serialize;

use super::status_tone;
use crate::domain::amount::Amount;
use crate::domain::period::Period;
use crate::ledger::leaderboard::{BAND_EDGES, Board, Health};
use crate::render::{
    Block, Cell, Records, Table, Tone, View, bar, human_amount, human_percent, machine_ratio,
};

pub struct LeaderboardView<'a> {
    pub period: Period,
    pub metric: String,
    pub board: Board<'a>,
    /// Show only the first N ranks (the statistics count everyone).
    pub top: Option<usize>,
    pub teams: bool,
}

/// The bands' names, in order.
pub const BAND_NAMES: [&str; 7] = [
    "below 50%",
    "50-75%",
    "75-90%",
    "90-100%",
    "100-110%",
    "110-125%",
    "125% and over",
];

impl LeaderboardView<'_> {
    fn shown(&self) -> impl Iterator<Item = &crate::ledger::leaderboard::Entry<'_>> {
        self.board
            .entries
            .iter()
            .take(self.top.unwrap_or(usize::MAX))
    }

    fn share(&self) -> Option<Decimal> {
        (self.board.total > 0)
            .then(|| Decimal::from(self.board.at_quota) / Decimal::from(self.board.total))
    }

    /// The plan-health note, a sentence.
    pub fn note(&self) -> Option<&'static str> {
        match self.board.health {
            Health::Unknown => None,
            Health::Low => Some("well below the 55-65% expected; targets may be too high"),
            Health::Expected => Some("near the 55-65% expected; the plan looks sound"),
            Health::High => Some("well above the 55-65% expected; targets may be too low"),
            Health::TwoHumped => Some("two humps, far below and far above; uneven territories?"),
        }
    }
}

#[derive(Serialize)]
struct EntryJson<'a> {
    rank: usize,
    owner: &'a str,
    owner_name: &'a str,
    goal: &'a str,
    target: Amount,
    actual: Option<Amount>,
    attainment: Option<Amount>,
    status: &'static str,
}

#[derive(Serialize)]
struct BandJson {
    band: &'static str,
    /// The band's lower edge (a ratio), `null` for the first.
    from: Option<Amount>,
    count: usize,
}

#[derive(Serialize)]
struct BoardJson<'a> {
    period: &'a str,
    metric: &'a str,
    people: bool,
    entries: Vec<EntryJson<'a>>,
    at_quota: usize,
    total: usize,
    share: Option<Amount>,
    median: Option<Amount>,
    bands: Vec<BandJson>,
    health: &'static str,
    note: Option<&'static str>,
}

impl View for LeaderboardView<'_> {
    fn blocks(&self) -> Vec<Block> {
        let who = if self.teams { "team" } else { "person" };
        if self.board.entries.is_empty() {
            return vec![Block::Line(
                format!(
                    "No {who} has a {} goal for exactly {}. Try another --period or --metric \
                     (a year goal is not ranked in a quarter).",
                    self.metric, self.period.label
                ),
                Tone::Dim,
            )];
        }
        let mut table = Table::new(&[
            ">Rank",
            "Owner",
            ">Attainment",
            "~Progress",
            ">Target",
            ">Actual",
            "Status",
            "Goal id",
        ]);
        for entry in self.shown() {
            let row = &entry.row;
            let e = &row.evaluation;
            let unit = row.goal.unit.as_str();
            table.row(vec![
                Cell::plain(entry.rank.to_string()),
                Cell::new(row.owner_name, Tone::Strong),
                Cell::new(human_percent(e.attainment), status_tone(e.status)),
                Cell::new(bar(e.attainment), status_tone(e.status)),
                Cell::plain(human_amount(row.goal.target, unit)),
                Cell::plain(
                    e.actual
                        .map(|a| human_amount(a, unit))
                        .unwrap_or_else(|| "—".into()),
                ),
                Cell::new(e.status.name(), status_tone(e.status)),
                Cell::new(&row.goal.id, Tone::Dim),
            ]);
        }
        let b = &self.board;
        let mut blocks = vec![
            Block::Line(
                format!(
                    "{} {}, {}",
                    self.metric,
                    self.period.label,
                    who_plural(self.teams)
                ),
                Tone::Dim,
            ),
            Block::Table(table),
        ];
        blocks.push(Block::Line(
            format!(
                "At quota: {} of {} ({}) · median attainment {}",
                b.at_quota,
                b.total,
                human_percent(self.share()),
                human_percent(b.median)
            ),
            Tone::Strong,
        ));
        if let Some(note) = self.note() {
            let tone = match b.health {
                Health::Expected => Tone::Good,
                _ => Tone::Warn,
            };
            blocks.push(Block::Line(format!("Plan health: {note}"), tone));
        }
        let most = b.bands.iter().copied().max().unwrap_or(0).max(1);
        let mut bands = Table::new(&["Band", ">Count", "~Spread"]);
        for (name, count) in BAND_NAMES.iter().zip(b.bands) {
            bands.row(vec![
                Cell::plain(*name),
                Cell::plain(count.to_string()),
                Cell::new(
                    bar(Some(Decimal::from(count) / Decimal::from(most))),
                    Tone::Dim,
                ),
            ]);
        }
        blocks.push(Block::Table(bands));
        blocks
    }

    fn records(&self) -> Records {
        Records {
            headers: vec![
                "rank",
                "owner",
                "owner_name",
                "goal",
                "target",
                "actual",
                "attainment",
                "status",
            ],
            rows: self
                .shown()
                .map(|entry| {
                    let row = &entry.row;
                    let e = &row.evaluation;
                    vec![
                        entry.rank.to_string(),
                        row.goal.owner.clone(),
                        row.owner_name.to_string(),
                        row.goal.id.clone(),
                        row.goal.target.canonical(),
                        super::opt_text(e.actual),
                        super::opt_text(e.attainment.map(machine_ratio)),
                        e.status.name().to_string(),
                    ]
                })
                .collect(),
        }
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let b = &self.board;
        let json = BoardJson {
            period: &self.period.label,
            metric: &self.metric,
            people: !self.teams,
            entries: self
                .shown()
                .map(|entry| {
                    let row = &entry.row;
                    EntryJson {
                        rank: entry.rank,
                        owner: &row.goal.owner,
                        owner_name: row.owner_name,
                        goal: &row.goal.id,
                        target: row.goal.target,
                        actual: row.evaluation.actual,
                        attainment: row.evaluation.attainment.map(machine_ratio),
                        status: row.evaluation.status.name(),
                    }
                })
                .collect(),
            at_quota: b.at_quota,
            total: b.total,
            share: self.share().map(machine_ratio),
            median: b.median.map(machine_ratio),
            bands: BAND_NAMES
                .iter()
                .zip(b.bands)
                .enumerate()
                .map(|(i, (name, count))| BandJson {
                    band: name,
                    from: i.checked_sub(1).map(|j| Amount(BAND_EDGES[j])),
                    count,
                })
                .collect(),
            health: b.health.name(),
            note: self.note(),
        };
        serde_json::to_writer_pretty(out, &json)
    }
}

fn who_plural(teams: bool) -> &'static str {
    if teams { "teams" } else { "people" }
}
