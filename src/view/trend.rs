//! `trend`: one row per period, with the change in points and a sparkline.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{PeriodJson, status_tone};
use crate::domain::amount::Amount;
use crate::ledger::trend::{Point, sparkline};
use crate::render::{
    Block, Cell, Records, Table, Tone, View, human_amount, human_percent, machine_ratio,
};

pub struct TrendView<'a> {
    pub owner: &'a str,
    pub owner_name: &'a str,
    pub metric: &'a str,
    pub points: Vec<Point<'a>>,
}

/// "+10 pts", "-2.5 pts", "±0 pts".
pub fn points_text(change: Decimal) -> String {
    let pts = (change * Decimal::from(100)).round_dp(1).normalize();
    if pts.is_zero() {
        "±0 pts".to_string()
    } else if pts.is_sign_positive() {
        format!("+{pts} pts")
    } else {
        format!("{pts} pts")
    }
}

#[derive(Serialize)]
struct PointJson<'a> {
    period: PeriodJson<'a>,
    goal: Option<&'a str>,
    target: Option<Amount>,
    actual: Option<Amount>,
    attainment: Option<Amount>,
    /// Attainment minus the period before's, as a ratio difference.
    change: Option<Amount>,
    status: Option<&'static str>,
    streak: u32,
}

impl TrendView<'_> {
    fn streak(point: &Point) -> u32 {
        point
            .row
            .as_ref()
            .and_then(|r| r.celebration.as_ref())
            .map_or(0, |s| s.streak)
    }
}

impl View for TrendView<'_> {
    fn blocks(&self) -> Vec<Block> {
        let mut table = Table::new(&[
            "Period",
            ">Target",
            ">Actual",
            ">Attainment",
            ">Change",
            "Status",
            ">Streak",
        ]);
        for point in &self.points {
            let Some(row) = &point.row else {
                table.row(vec![
                    Cell::plain(&point.period.label),
                    Cell::new("no goal", Tone::Dim),
                    Cell::plain(""),
                    Cell::plain(""),
                    Cell::plain(""),
                    Cell::plain(""),
                    Cell::plain(""),
                ]);
                continue;
            };
            let e = &row.evaluation;
            let unit = row.goal.unit.as_str();
            let change_tone = match point.change {
                Some(c) if c > Decimal::ZERO => Tone::Good,
                Some(c) if c < Decimal::ZERO => Tone::Bad,
                _ => Tone::Dim,
            };
            let streak = Self::streak(point);
            table.row(vec![
                Cell::plain(&point.period.label),
                Cell::plain(human_amount(row.goal.target, unit)),
                Cell::plain(
                    e.actual
                        .map(|a| human_amount(a, unit))
                        .unwrap_or_else(|| "—".into()),
                ),
                Cell::new(human_percent(e.attainment), status_tone(e.status)),
                Cell::new(
                    point.change.map(points_text).unwrap_or_default(),
                    change_tone,
                ),
                Cell::new(e.status.name(), status_tone(e.status)),
                Cell::plain(if streak > 1 {
                    streak.to_string()
                } else {
                    String::new()
                }),
            ]);
        }
        let ratios: Vec<Option<Decimal>> = self
            .points
            .iter()
            .map(|p| p.row.as_ref().and_then(|r| r.evaluation.attainment))
            .collect();
        let first = self.points.first().map_or("", |p| p.period.label.as_str());
        let last = self.points.last().map_or("", |p| p.period.label.as_str());
        vec![
            Block::Line(
                format!("{} · {}", self.owner_name, self.metric),
                Tone::Strong,
            ),
            Block::Table(table),
            Block::Line(
                format!("Trend: {} ({first} to {last})", sparkline(&ratios)),
                Tone::Plain,
            ),
        ]
    }

    fn records(&self) -> Records {
        Records {
            headers: vec![
                "period",
                "start",
                "end",
                "goal",
                "target",
                "actual",
                "attainment",
                "change",
                "status",
                "streak",
            ],
            rows: self
                .points
                .iter()
                .map(|point| {
                    let row = point.row.as_ref();
                    vec![
                        point.period.label.clone(),
                        point.period.start.to_string(),
                        point.period.end.to_string(),
                        row.map(|r| r.goal.id.clone()).unwrap_or_default(),
                        row.map(|r| r.goal.target.canonical()).unwrap_or_default(),
                        super::opt_text(row.and_then(|r| r.evaluation.actual)),
                        super::opt_text(
                            row.and_then(|r| r.evaluation.attainment.map(machine_ratio)),
                        ),
                        super::opt_text(point.change.map(machine_ratio)),
                        row.map(|r| r.evaluation.status.name().to_string())
                            .unwrap_or_default(),
                        Self::streak(point).to_string(),
                    ]
                })
                .collect(),
        }
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let json = serde_json::json!({
            "owner": self.owner,
            "owner_name": self.owner_name,
            "metric": self.metric,
            "periods": self.points.iter().map(|point| {
                let row = point.row.as_ref();
                PointJson {
                    period: (&point.period).into(),
                    goal: row.map(|r| r.goal.id.as_str()),
                    target: row.map(|r| r.goal.target),
                    actual: row.and_then(|r| r.evaluation.actual),
                    attainment: row.and_then(|r| r.evaluation.attainment.map(machine_ratio)),
                    change: point.change.map(machine_ratio),
                    status: row.map(|r| r.evaluation.status.name()),
                    streak: Self::streak(point),
                }
            }).collect::<Vec<_>>(),
        });
        serde_json::to_writer_pretty(out, &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_read_in_points() {
        let d = |t: &str| t.parse::<Decimal>().unwrap();
        assert_eq!(points_text(d("0.1")), "+10 pts");
        assert_eq!(points_text(d("-0.025")), "-2.5 pts");
        assert_eq!(points_text(d("0")), "±0 pts");
        assert_eq!(points_text(d("0.12345")), "+12.3 pts");
    }
}
