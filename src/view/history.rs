//! `history`, `goal history` and `period list`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::domain::amount::Amount;
use crate::domain::history::{Entry, Lock};
use crate::ledger::history::{Revision, RevisionKind};
use crate::render::{Block, Cell, Records, Table, Tone, View, human_amount};

/// A time as tables show it: to the minute, in UTC.
pub fn when(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

/// One change, with whether it is in effect.
pub struct HistoryRow<'a> {
    pub entry: &'a Entry,
    pub undone: bool,
}

/// Changes, newest first.
pub struct HistoryView<'a> {
    pub rows: Vec<HistoryRow<'a>>,
    /// Whether the file has any history at all (for the empty message).
    pub any: bool,
}

#[derive(Serialize)]
struct EntryJson<'a> {
    seq: u64,
    at: DateTime<Utc>,
    user: &'a str,
    command: &'a str,
    summary: &'a str,
    reason: Option<&'a str>,
    undoes: Option<u64>,
    redoes: Option<u64>,
    /// `in-effect`, or `undone` for a change an undo reverted.
    state: &'static str,
}

fn state(row: &HistoryRow) -> &'static str {
    if row.undone { "undone" } else { "in-effect" }
}

impl View for HistoryView<'_> {
    fn blocks(&self) -> Vec<Block> {
        if self.rows.is_empty() {
            let text = if self.any {
                "No changes match."
            } else {
                "No changes yet: history starts with the first change to the file."
            };
            return vec![Block::Line(text.into(), Tone::Dim)];
        }
        // The reason goes under the change it explains: on a narrow
        // terminal the change keeps the room.
        let mut table = Table::new(&[">#", "When (UTC)", "Who", "Change", "Command"]);
        for row in &self.rows {
            let e = row.entry;
            let mut text = if row.undone {
                format!("(undone) {}", e.summary)
            } else {
                e.summary.clone()
            };
            if let Some(reason) = &e.reason {
                text.push_str(&format!("\nwhy: {reason}"));
            }
            let tone = if row.undone { Tone::Dim } else { Tone::Plain };
            table.row(vec![
                Cell::new(e.seq.to_string(), Tone::Strong),
                Cell::plain(when(e.at)),
                Cell::plain(&e.user),
                Cell::new(text, tone),
                Cell::new(&e.command, Tone::Dim),
            ]);
        }
        vec![Block::Table(table)]
    }

    fn records(&self) -> Records {
        Records {
            headers: vec![
                "seq", "at", "user", "command", "summary", "reason", "undoes", "redoes", "state",
            ],
            rows: self
                .rows
                .iter()
                .map(|row| {
                    let e = row.entry;
                    let number = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
                    vec![
                        e.seq.to_string(),
                        e.at.to_rfc3339(),
                        e.user.clone(),
                        e.command.clone(),
                        e.summary.clone(),
                        e.reason.clone().unwrap_or_default(),
                        number(e.undoes),
                        number(e.redoes),
                        state(row).to_string(),
                    ]
                })
                .collect(),
        }
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let entries: Vec<EntryJson> = self.rows.iter().map(entry_json).collect();
        serde_json::to_writer_pretty(out, &entries)
    }
}

fn entry_json<'a>(row: &HistoryRow<'a>) -> EntryJson<'a> {
    let e = row.entry;
    EntryJson {
        seq: e.seq,
        at: e.at,
        user: &e.user,
        command: &e.command,
        summary: &e.summary,
        reason: e.reason.as_deref(),
        undoes: e.undoes,
        redoes: e.redoes,
        state: state(row),
    }
}

/// A goal's target revisions, oldest first.
pub struct GoalHistoryView<'a> {
    pub goal: &'a str,
    pub unit: &'a str,
    pub revisions: Vec<Revision<'a>>,
}

#[derive(Serialize)]
struct RevisionJson<'a> {
    seq: u64,
    at: DateTime<Utc>,
    user: &'a str,
    /// `created`, `changed` or `removed`.
    change: &'static str,
    from: Option<AimJson>,
    to: Option<AimJson>,
    reason: Option<&'a str>,
    undoes: Option<u64>,
    redoes: Option<u64>,
}

#[derive(Serialize)]
struct AimJson {
    target: Amount,
    stretch: Option<Amount>,
}

fn kind_name(kind: RevisionKind) -> &'static str {
    match kind {
        RevisionKind::Created => "created",
        RevisionKind::Changed => "changed",
        RevisionKind::Removed => "removed",
    }
}

impl View for GoalHistoryView<'_> {
    fn blocks(&self) -> Vec<Block> {
        if self.revisions.is_empty() {
            return vec![Block::Line(
                format!(
                    "No target revisions of {} in history (history starts with the first change \
                     made by this version of attain).",
                    self.goal
                ),
                Tone::Dim,
            )];
        }
        // The stretch shows only in a revision that moved it.
        let aim = |a: Option<(Amount, Option<Amount>)>, stretch_moved: bool| match a {
            None => "—".to_string(),
            Some((target, Some(stretch))) if stretch_moved => format!(
                "{} (stretch {})",
                human_amount(target, self.unit),
                human_amount(stretch, self.unit)
            ),
            Some((target, _)) => human_amount(target, self.unit),
        };
        let reasons = self.revisions.iter().any(|r| r.entry.reason.is_some());
        let mut headers = vec![">#", "When (UTC)", "Who", "Change", ">From", ">To"];
        if reasons {
            headers.push("Reason");
        }
        let mut table = Table::new(&headers);
        for r in &self.revisions {
            let e = r.entry;
            let moved = r.from.map(|a| a.1) != r.to.map(|a| a.1);
            let what = match (e.undoes, e.redoes) {
                (Some(n), _) => format!("undo of {n}"),
                (_, Some(n)) => format!("redo of {n}"),
                _ => kind_name(r.what).to_string(),
            };
            let mut cells = vec![
                Cell::new(e.seq.to_string(), Tone::Strong),
                Cell::plain(when(e.at)),
                Cell::plain(&e.user),
                Cell::plain(what),
                Cell::plain(aim(r.from, moved)),
                Cell::plain(aim(r.to, moved)),
            ];
            if reasons {
                cells.push(Cell::plain(e.reason.clone().unwrap_or_default()));
            }
            table.row(cells);
        }
        vec![
            Block::Heading(format!("Target revisions of {}", self.goal)),
            Block::Table(table),
        ]
    }

    fn records(&self) -> Records {
        let amount = |a: Option<Amount>| a.map(|a| a.to_string()).unwrap_or_default();
        Records {
            headers: vec![
                "seq",
                "at",
                "user",
                "change",
                "from_target",
                "from_stretch",
                "to_target",
                "to_stretch",
                "reason",
            ],
            rows: self
                .revisions
                .iter()
                .map(|r| {
                    let e = r.entry;
                    vec![
                        e.seq.to_string(),
                        e.at.to_rfc3339(),
                        e.user.clone(),
                        kind_name(r.what).to_string(),
                        amount(r.from.map(|a| a.0)),
                        amount(r.from.and_then(|a| a.1)),
                        amount(r.to.map(|a| a.0)),
                        amount(r.to.and_then(|a| a.1)),
                        e.reason.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
        }
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let aim = |a: Option<(Amount, Option<Amount>)>| {
            a.map(|(target, stretch)| AimJson { target, stretch })
        };
        let revisions: Vec<RevisionJson> = self
            .revisions
            .iter()
            .map(|r| RevisionJson {
                seq: r.entry.seq,
                at: r.entry.at,
                user: &r.entry.user,
                change: kind_name(r.what),
                from: aim(r.from),
                to: aim(r.to),
                reason: r.entry.reason.as_deref(),
                undoes: r.entry.undoes,
                redoes: r.entry.redoes,
            })
            .collect();
        serde_json::to_writer_pretty(out, &revisions)
    }
}

/// The locked periods.
pub struct LockListView<'a> {
    pub locks: &'a [Lock],
}

#[derive(Serialize)]
struct LockJson<'a> {
    period: &'a str,
    start: NaiveDate,
    end: NaiveDate,
    at: DateTime<Utc>,
    user: &'a str,
}

impl View for LockListView<'_> {
    fn blocks(&self) -> Vec<Block> {
        if self.locks.is_empty() {
            return vec![Block::Line(
                "No locked periods. Lock one after its period-end meeting with `attain period \
                 lock 2026-Q3`."
                    .into(),
                Tone::Dim,
            )];
        }
        let mut table = Table::new(&["Period", "From", "To", "Locked (UTC)", "By"]);
        for lock in self.locks {
            table.row(vec![
                Cell::new(&lock.period, Tone::Strong),
                Cell::plain(lock.start.to_string()),
                Cell::plain(lock.end.to_string()),
                Cell::plain(when(lock.at)),
                Cell::plain(&lock.user),
            ]);
        }
        vec![Block::Table(table)]
    }

    fn records(&self) -> Records {
        Records {
            headers: vec!["period", "start", "end", "at", "user"],
            rows: self
                .locks
                .iter()
                .map(|l| {
                    vec![
                        l.period.clone(),
                        l.start.to_string(),
                        l.end.to_string(),
                        l.at.to_rfc3339(),
                        l.user.clone(),
                    ]
                })
                .collect(),
        }
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let locks: Vec<LockJson> = self
            .locks
            .iter()
            .map(|l| LockJson {
                period: &l.period,
                start: l.start,
                end: l.end,
                at: l.at,
                user: &l.user,
            })
            .collect();
        serde_json::to_writer_pretty(out, &locks)
    }
}

/// An undo or a redo: the entry it made, as `history` shows one.
pub struct ChangeView<'a> {
    pub row: HistoryRow<'a>,
    pub message: String,
}

impl View for ChangeView<'_> {
    fn blocks(&self) -> Vec<Block> {
        vec![Block::Line(self.message.clone(), Tone::Good)]
    }

    fn records(&self) -> Records {
        HistoryView {
            rows: vec![HistoryRow {
                entry: self.row.entry,
                undone: self.row.undone,
            }],
            any: true,
        }
        .records()
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        serde_json::to_writer_pretty(out, &entry_json(&self.row))
    }
}
