//! `attain celebrate`: met goals with their suggestions, drafts, history.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{GoalJson, GoalRow};
use crate::domain::celebration::{Celebration, STREAK_BENEFIT, STREAK_SUGGESTION, Standing, Tier};
use crate::domain::ids::{Id, ShortIds};
use crate::domain::period::Phase;
use crate::ledger::history::TargetMove;
use crate::render::{Block, Cell, Records, Table, Tone, View, human_amount, human_percent};

/// Met goals and what to do about each.
pub struct CelebrateView<'a> {
    pub rows: Vec<GoalRow<'a>>,
    pub hints: bool,
}

/// A met goal's standing; rows without one are never put in these views,
/// and an empty standing stands in rather than a panic.
fn standing<'r>(row: &'r GoalRow) -> std::borrow::Cow<'r, Standing> {
    match &row.celebration {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => std::borrow::Cow::Owned(Standing {
            tier: Tier::Message,
            streak: 0,
            streak_earned: false,
            logged: Vec::new(),
        }),
    }
}

fn logged_text(s: &Standing) -> String {
    match s.logged.last() {
        None => "outstanding".to_string(),
        Some(last) if s.logged.len() == 1 => format!("{} on {}", last.kind.name(), last.date),
        Some(last) => format!(
            "{} times, last {} on {}",
            s.logged.len(),
            last.kind.name(),
            last.date
        ),
    }
}

impl View for CelebrateView<'_> {
    fn blocks(&self) -> Vec<Block> {
        if self.rows.is_empty() {
            return vec![Block::Line(
                "No met goals to celebrate yet. See where the team stands with `attain report`."
                    .into(),
                Tone::Dim,
            )];
        }
        let mut table = Table::new(&[
            "Goal",
            "Owner",
            "Period",
            ">Attainment",
            "Suggestion",
            ">Streak",
            "Celebrated",
        ]);
        for row in &self.rows {
            let s = standing(row);
            let s = s.as_ref();
            // The tier's name; the lines under the table spell each one out,
            // so the table stays narrow enough for a terminal.
            let mut suggestion = s.tier.name().to_string();
            if s.streak_earned {
                suggestion.push_str(" + streak");
            }
            let early = if row.evaluation.phase == Phase::Open {
                " (early)"
            } else {
                ""
            };
            table.row(vec![
                Cell::new(&row.goal.id, Tone::Strong),
                Cell::plain(row.owner_name),
                Cell::plain(format!("{}{early}", row.period.label)),
                Cell::new(human_percent(row.evaluation.attainment), Tone::Good),
                Cell::plain(suggestion),
                Cell::plain(if s.streak > 1 {
                    s.streak.to_string()
                } else {
                    String::new()
                }),
                Cell::new(
                    logged_text(s),
                    if s.outstanding() {
                        Tone::Warn
                    } else {
                        Tone::Good
                    },
                ),
            ]);
        }
        let mut blocks = vec![Block::Table(table)];
        // Why each suggestion: the benefit it serves.
        let mut tiers: Vec<Tier> = self.rows.iter().map(|r| standing(r).tier).collect();
        tiers.sort();
        tiers.dedup();
        for tier in tiers {
            blocks.push(Block::Line(
                format!(
                    "{}: {} — {}",
                    tier.name(),
                    tier.suggestion(),
                    tier.benefit()
                ),
                Tone::Dim,
            ));
        }
        if self.rows.iter().any(|r| standing(r).streak_earned) {
            blocks.push(Block::Line(
                format!("streak: {STREAK_SUGGESTION} — {STREAK_BENEFIT}"),
                Tone::Dim,
            ));
        }
        let outstanding: Vec<&GoalRow> = self
            .rows
            .iter()
            .filter(|r| standing(r).outstanding())
            .collect();
        let line = format!(
            "{} met goal(s), {} still to celebrate",
            self.rows.len(),
            outstanding.len()
        );
        blocks.push(Block::Line(line, Tone::Strong));
        if self.hints
            && let Some(first) = outstanding.first()
        {
            let id = &first.goal.id;
            blocks.push(Block::Line(
                format!("Draft a message: attain celebrate {id} --draft"),
                Tone::Good,
            ));
            blocks.push(Block::Line(
                format!("Then log what was done: attain celebrate {id} --log \"Sent a note\" --kind message"),
                Tone::Good,
            ));
        }
        blocks
    }

    fn records(&self) -> Records {
        Records {
            headers: vec![
                "id",
                "owner",
                "metric",
                "period",
                "status",
                "attainment",
                "tier",
                "suggestion",
                "benefit",
                "streak",
                "streak_recognition",
                "logged",
                "outstanding",
            ],
            rows: self
                .rows
                .iter()
                .map(|row| {
                    let s = standing(row);
                    vec![
                        row.goal.id.clone(),
                        row.goal.owner.clone(),
                        row.goal.metric.clone(),
                        row.period.label.clone(),
                        row.evaluation.status.name().into(),
                        super::opt_text(
                            row.evaluation.attainment.map(crate::render::machine_ratio),
                        ),
                        s.tier.name().into(),
                        s.tier.suggestion().into(),
                        s.tier.benefit().into(),
                        s.streak.to_string(),
                        s.streak_earned.to_string(),
                        s.logged.len().to_string(),
                        s.outstanding().to_string(),
                    ]
                })
                .collect(),
        }
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        #[derive(Serialize)]
        struct Entry<'a> {
            #[serde(flatten)]
            goal: GoalJson<'a>,
            log: Vec<LogJson<'a>>,
        }
        #[derive(Serialize)]
        struct Json<'a> {
            goals: Vec<Entry<'a>>,
            summary: Summary,
        }
        #[derive(Serialize)]
        struct Summary {
            met: usize,
            outstanding: usize,
        }
        let goals: Vec<Entry> = self
            .rows
            .iter()
            .map(|row| Entry {
                goal: GoalJson::from(row),
                log: row
                    .celebration
                    .iter()
                    .flat_map(|s| s.logged.iter().map(LogJson::from))
                    .collect(),
            })
            .collect();
        let json = Json {
            summary: Summary {
                met: self.rows.len(),
                outstanding: self
                    .rows
                    .iter()
                    .filter(|r| standing(r).outstanding())
                    .count(),
            },
            goals,
        };
        serde_json::to_writer_pretty(out, &json)
    }
}

/// A logged celebration in JSON.
#[derive(Debug, Serialize)]
pub struct LogJson<'a> {
    /// The whole id, as the file has it.
    pub id: &'a Id,
    pub goal: &'a str,
    pub kind: &'static str,
    pub note: &'a str,
    pub date: NaiveDate,
}

impl<'a> From<&'a Celebration> for LogJson<'a> {
    fn from(c: &'a Celebration) -> Self {
        LogJson {
            id: &c.id,
            goal: &c.goal,
            kind: c.kind.name(),
            note: &c.note,
            date: c.date,
        }
    }
}

/// A ready-to-send congratulatory message.
pub struct DraftView {
    pub goal: String,
    pub owner: String,
    pub tier: Tier,
    pub streak: u32,
    pub subject: String,
    pub body: String,
}

impl DraftView {
    /// Writes the message for a met goal; the tone follows the tier.
    pub fn new(row: &GoalRow) -> DraftView {
        let goal = row.goal;
        let s = standing(row);
        let e = &row.evaluation;
        let unit = goal.unit.as_str();
        let actual = e.actual.map(|a| human_amount(a, unit)).unwrap_or_default();
        let target = human_amount(goal.target, unit);
        let percent = human_percent(e.attainment);
        let what = if goal.title.contains(&row.period.label) {
            goal.title.clone()
        } else {
            format!("{} ({})", goal.title, row.period.label)
        };
        let result = if e.attainment.is_some() {
            format!("{actual} against a target of {target}: {percent} of target")
        } else {
            format!("{actual} against a limit of {target}")
        };
        let (subject, opening, closing) = match s.tier {
            Tier::Message => (
                format!("Congratulations, {}: {} met", row.owner_name, goal.title),
                format!("You hit your target for {what}: {result}."),
                "Thank you for the focus and the follow-through that got you there.".to_string(),
            ),
            Tier::Event => (
                format!(
                    "Well beyond target, {}: {} at {percent}",
                    row.owner_name, goal.title
                ),
                format!("You went well beyond your target for {what}: {result}."),
                "A result like this deserves a proper celebration: we're planning a team \
                 dinner to mark it, details to follow."
                    .to_string(),
            ),
            Tier::Bonus => (
                format!(
                    "Outstanding, {}: {} at {percent}",
                    row.owner_name, goal.title
                ),
                format!("You delivered an outstanding result on {what}: {result}."),
                "Results like this set the pace for the whole team, and I'm putting forward a \
                 bonus in recognition of it."
                    .to_string(),
            ),
        };
        // A person by first name ("Hi Maria,"), a team by its name.
        let greeted = if row.owner_is_team {
            row.owner_name
        } else {
            row.owner_name
                .split_whitespace()
                .next()
                .unwrap_or(row.owner_name)
        };
        let mut body = format!("Hi {greeted},\n\n{opening}\n");
        if let Some(stretch) = goal.stretch
            && e.status == crate::domain::attainment::Status::Exceeded
        {
            body.push_str(&format!(
                "\nThat is past the stretch target of {} too.\n",
                human_amount(stretch, unit)
            ));
        }
        if s.streak > 1 {
            body.push_str(&format!(
                "\nThat makes {} {} periods in a row of meeting your {} target.\n",
                s.streak,
                period_word(row),
                goal.metric
            ));
        }
        body.push_str(&format!("\n{closing}\n\nWell done, and thank you.\n"));
        DraftView {
            goal: goal.id.clone(),
            owner: goal.owner.clone(),
            tier: s.tier,
            streak: s.streak,
            subject,
            body,
        }
    }
}

fn period_word(row: &GoalRow) -> &'static str {
    use crate::domain::period::PeriodKind::*;
    match row.period.kind {
        Year | FiscalYear => "yearly",
        Half | FiscalHalf => "half-year",
        Quarter | FiscalQuarter => "quarterly",
        Month => "monthly",
        Week => "weekly",
        Custom => "consecutive",
    }
}

impl View for DraftView {
    fn blocks(&self) -> Vec<Block> {
        // The subject on the first line, then the body as written: pipe it
        // into mail or paste it into chat.
        vec![
            Block::Line(format!("Subject: {}", self.subject), Tone::Plain),
            Block::Text(self.body.clone()),
        ]
    }

    fn records(&self) -> Records {
        Records {
            headers: vec!["goal", "owner", "tier", "streak", "subject", "body"],
            rows: vec![vec![
                self.goal.clone(),
                self.owner.clone(),
                self.tier.name().into(),
                self.streak.to_string(),
                self.subject.clone(),
                self.body.clone(),
            ]],
        }
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        serde_json::to_writer_pretty(
            out,
            &serde_json::json!({
                "goal": self.goal,
                "owner": self.owner,
                "tier": self.tier.name(),
                "streak": self.streak,
                "subject": self.subject,
                "body": self.body,
            }),
        )
    }
}

/// One owner's recognition record.
#[derive(Debug, Clone, Serialize)]
pub struct OwnerHistory {
    /// The owner's id.
    pub owner: String,
    /// The owner's name, for people.
    pub owner_name: String,
    /// Met goals (any period).
    pub met: usize,
    /// Met goals in the recent closed periods.
    pub met_recently: usize,
    pub celebrations: usize,
    pub kinds: BTreeMap<&'static str, usize>,
    pub last: Option<NaiveDate>,
}

impl OwnerHistory {
    pub fn new(owner: &str, name: &str) -> Self {
        OwnerHistory {
            owner: owner.to_string(),
            owner_name: name.to_string(),
            met: 0,
            met_recently: 0,
            celebrations: 0,
            kinds: BTreeMap::new(),
            last: None,
        }
    }

    pub fn add(&mut self, entry: &Celebration) {
        self.celebrations += 1;
        *self.kinds.entry(entry.kind.name()).or_default() += 1;
        self.last = self.last.max(Some(entry.date));
    }

    /// Met targets recently, never recognised: the fairness flag.
    pub fn never_recognised(&self) -> bool {
        self.met_recently > 0 && self.celebrations == 0
    }

    fn kinds_text(&self) -> String {
        self.kinds
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A logged celebration with its goal's owner, and the target changes
/// made after it was logged.
pub struct Logged {
    pub celebration: Celebration,
    pub owner: String,
    pub owner_name: String,
    pub unit: String,
    pub target_moves: Vec<TargetMove>,
}

/// Who was recognised, how and how often.
pub struct HistoryView {
    /// The short ids of the file's celebrations, for the log table.
    pub short_ids: ShortIds,
    pub owners: Vec<OwnerHistory>,
    /// Every logged celebration with its goal's owner.
    pub log: Vec<Logged>,
    /// The recent closed periods the fairness flag looked at.
    pub periods: Vec<String>,
}

impl View for HistoryView {
    fn blocks(&self) -> Vec<Block> {
        if self.owners.is_empty() {
            return vec![Block::Line(
                "No met goals and no celebrations yet.".into(),
                Tone::Dim,
            )];
        }
        let mut table = Table::new(&[
            "Owner",
            ">Met",
            ">Met recently",
            ">Celebrations",
            "Kinds",
            "Last",
            "Flag",
        ]);
        for o in &self.owners {
            table.row(vec![
                Cell::new(&o.owner_name, Tone::Strong),
                Cell::plain(o.met.to_string()),
                Cell::plain(o.met_recently.to_string()),
                Cell::plain(o.celebrations.to_string()),
                Cell::plain(o.kinds_text()),
                Cell::plain(o.last.map(|d| d.to_string()).unwrap_or_default()),
                if o.never_recognised() {
                    Cell::new("never recognised", Tone::Bad)
                } else {
                    Cell::plain("")
                },
            ]);
        }
        let mut blocks = vec![Block::Table(table)];
        blocks.push(Block::Line(
            format!(
                "Met recently: in the last closed periods ({}).",
                self.periods.join(", ")
            ),
            Tone::Dim,
        ));
        if !self.log.is_empty() {
            let mut log = Table::new(&["Entry", "Date", "Owner", "Goal", "Kind", "What was done"]);
            for l in &self.log {
                let c = &l.celebration;
                log.row(vec![
                    Cell::new(self.short_ids.of(&c.id), Tone::Dim),
                    Cell::plain(c.date.to_string()),
                    Cell::plain(&l.owner_name),
                    Cell::plain(&c.goal),
                    Cell::plain(c.kind.name()),
                    Cell::plain(&c.note),
                ]);
            }
            blocks.push(Block::Heading("Celebrations logged".into()));
            blocks.push(Block::Table(log));
            for l in &self.log {
                if let Some(text) = super::target_moves_text(&l.target_moves, &l.unit) {
                    blocks.push(Block::Line(
                        // Short enough for 80 columns: the table names the goal.
                        format!(
                            "After entry {}: {text}.",
                            self.short_ids.of(&l.celebration.id)
                        ),
                        Tone::Warn,
                    ));
                }
            }
        }
        let flagged: Vec<&str> = self
            .owners
            .iter()
            .filter(|o| o.never_recognised())
            .map(|o| o.owner_name.as_str())
            .collect();
        if !flagged.is_empty() {
            blocks.push(Block::Line(
                format!(
                    "Never recognised despite met targets: {}. See `attain celebrate --owner NAME`.",
                    flagged.join(", ")
                ),
                Tone::Bad,
            ));
        }
        blocks
    }

    fn records(&self) -> Records {
        Records {
            headers: vec![
                "owner",
                "met",
                "met_recently",
                "celebrations",
                "kinds",
                "last",
                "never_recognised",
            ],
            rows: self
                .owners
                .iter()
                .map(|o| {
                    vec![
                        o.owner.clone(),
                        o.met.to_string(),
                        o.met_recently.to_string(),
                        o.celebrations.to_string(),
                        o.kinds_text(),
                        o.last.map(|d| d.to_string()).unwrap_or_default(),
                        o.never_recognised().to_string(),
                    ]
                })
                .collect(),
        }
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        #[derive(Serialize)]
        struct Owner<'a> {
            #[serde(flatten)]
            history: &'a OwnerHistory,
            never_recognised: bool,
        }
        #[derive(Serialize)]
        struct Entry<'a> {
            #[serde(flatten)]
            log: LogJson<'a>,
            owner: &'a str,
            owner_name: &'a str,
            /// Target changes made after the entry was logged.
            target_changes: serde_json::Value,
        }
        let json = serde_json::json!({
            "periods": self.periods,
            "owners": self.owners.iter().map(|o| Owner { history: o, never_recognised: o.never_recognised() }).collect::<Vec<_>>(),
            "celebrations": self.log.iter().map(|l| Entry { log: LogJson::from(&l.celebration), owner: &l.owner, owner_name: &l.owner_name, target_changes: super::target_moves_json(&l.target_moves) }).collect::<Vec<_>>(),
        });
        serde_json::to_writer_pretty(out, &json)
    }
}
