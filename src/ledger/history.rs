//! Undo, redo and what history says about a goal.
//!
//! Every entry of history holds what its change removed or changed, as it
//! was, and the ids of what it added, so reverting an entry is mechanical
//! ([`revert`]). An undo is itself an entry (with `undoes`), so a redo is
//! the revert of that undo. Which change is undone or redone follows from
//! replaying history ([`State`]).

use std::collections::{HashMap, HashSet};

use anyhow::{Result, bail};
use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::amount::Amount;
use crate::domain::celebration::Celebration;
use crate::domain::goal::{Goal, Record};
use crate::domain::history::{Changes, Delta, Entry};
use crate::domain::ids::Id;
use crate::domain::period::Period;
use crate::store::Document;

/// Which changes are in effect, and which undone ones redo would apply
/// again, replayed from history.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct State {
    /// Plain changes undone and not redone.
    pub undone: HashSet<u64>,
    /// Undone changes redo can apply again, the next one last. A new plain
    /// change empties it.
    pub redo: Vec<u64>,
}

impl State {
    pub fn of(history: &[Entry]) -> Self {
        let mut state = State::default();
        for entry in history {
            match (entry.undoes, entry.redoes) {
                (Some(target), _) => {
                    state.undone.insert(target);
                    state.redo.retain(|&s| s != target);
                    state.redo.push(target);
                }
                (None, Some(target)) => {
                    state.undone.remove(&target);
                    state.redo.retain(|&s| s != target);
                }
                (None, None) => state.redo.clear(),
            }
        }
        state
    }
}

/// The entry with this number.
pub fn entry(document: &Document, seq: u64) -> Option<&Entry> {
    document
        .history
        .binary_search_by_key(&seq, |e| e.seq)
        .ok()
        .map(|i| &document.history[i])
}

/// The change `undo` reverts: `seq` when given, else the last change in
/// effect. Refused with the reason when there is none, when `seq` is an
/// undo or redo or already undone, or when a later change in effect builds
/// on it.
pub fn undo_target(document: &Document, seq: Option<u64>) -> Result<&Entry> {
    let state = State::of(&document.history);
    let in_effect = |e: &&Entry| e.is_plain() && !state.undone.contains(&e.seq);
    let target = match seq {
        None => match document.history.iter().rev().find(in_effect) {
            Some(entry) => entry,
            None if document.history.is_empty() => {
                bail!("there is nothing to undo: the file has no history of changes yet")
            }
            None => bail!(
                "there is nothing to undo: every change in history is undone already; redo one \
                 with `attain redo`"
            ),
        },
        Some(seq) => {
            let Some(entry) = entry(document, seq) else {
                bail!(
                    "there is no change {seq} in history; `attain history` lists them with their \
                     numbers"
                );
            };
            if let Some(undone) = entry.undoes {
                bail!(
                    "change {seq} is the undo of {undone}; to apply {undone} again, use `attain redo`"
                );
            }
            if let Some(redone) = entry.redoes {
                bail!(
                    "change {seq} is the redo of {redone}; to take it back, `attain undo {redone}`"
                );
            }
            if state.undone.contains(&seq) {
                bail!("change {seq} is undone already; `attain redo` applies it again");
            }
            entry
        }
    };
    if let Some((later, why)) = built_on(document, target, &state) {
        bail!(
            "change {} cannot be undone while change {} ({}) is in effect: {why}; undo {} first",
            target.seq,
            later.seq,
            later.summary,
            later.seq
        );
    }
    Ok(target)
}

/// A later change in effect that depends on `target`: one that touched a
/// record it touched, or counted results toward, celebrated or reviewed a
/// goal it added.
fn built_on<'a>(
    document: &'a Document,
    target: &Entry,
    state: &State,
) -> Option<(&'a Entry, String)> {
    let touched: HashSet<(&str, String)> = target.changes.touched().into_iter().collect();
    let added: Vec<&Goal> = target
        .changes
        .goals
        .added
        .iter()
        .filter_map(|id| document.goal(id))
        .collect();
    let later = document
        .history
        .iter()
        .filter(|e| e.seq > target.seq && e.is_plain() && !state.undone.contains(&e.seq));
    for entry in later {
        if let Some((kind, key)) = entry
            .changes
            .touched()
            .into_iter()
            .find(|t| touched.contains(t))
        {
            return Some((entry, format!("it changed {kind} {key} since")));
        }
        for goal in &added {
            if touches_goal(document, entry, goal) {
                return Some((
                    entry,
                    format!(
                        "it counts toward, celebrates or reviews goal {}, which {} added",
                        goal.id, target.seq
                    ),
                ));
            }
        }
    }
    None
}

/// The change `redo` applies again, and the undo that reverted it.
pub fn redo_target(document: &Document) -> Result<(&Entry, &Entry)> {
    let state = State::of(&document.history);
    let Some(&target) = state.redo.last() else {
        bail!(
            "there is nothing to redo: redo applies again what undo reverted, until a new change \
             is made"
        );
    };
    let undo = document
        .history
        .iter()
        .rev()
        .find(|e| e.undoes == Some(target));
    match (entry(document, target), undo) {
        (Some(original), Some(undo)) => Ok((original, undo)),
        _ => bail!("history does not hold change {target} and its undo; nothing was changed"),
    }
}

/// Takes a change back: removes what it added, puts back what it removed
/// and what it changed as it was. Refused, changing nothing the caller
/// keeps, when the file no longer matches (a record it added is gone, one
/// it removed is back).
pub fn revert(document: &mut Document, changes: &Changes) -> Result<()> {
    if let Some(settings) = &changes.settings {
        document.settings = settings.clone();
    }
    revert_kind(&mut document.people, &changes.people, |p| &p.id, "person")?;
    revert_kind(&mut document.teams, &changes.teams, |t| &t.id, "team")?;
    revert_kind(&mut document.goals, &changes.goals, |g| &g.id, "goal")?;
    revert_kind(
        document.results.as_mut_vec(),
        &changes.results,
        |r| &r.id,
        "result",
    )?;
    revert_kind(
        &mut document.celebrations,
        &changes.celebrations,
        |c| &c.id,
        "celebration",
    )?;
    revert_kind(
        &mut document.reviews,
        &changes.reviews,
        |r| &r.goal,
        "review",
    )?;
    revert_kind(&mut document.locks, &changes.locks, |l| &l.period, "lock")?;
    document.normalize();
    Ok(())
}

/// One kind of [`revert`], on a list sorted by its key.
fn revert_kind<T: Clone, K: Ord + std::fmt::Display>(
    list: &mut Vec<T>,
    delta: &Delta<T, K>,
    key: impl Fn(&T) -> &K,
    kind: &str,
) -> Result<()> {
    if !delta.added.is_empty() {
        if let Some(gone) = delta
            .added
            .iter()
            .find(|k| list.binary_search_by(|t| key(t).cmp(k)).is_err())
        {
            bail!("{kind} {gone}, which this change added, is no longer in the file");
        }
        let mut added: Vec<&K> = delta.added.iter().collect();
        added.sort();
        list.retain(|t| added.binary_search(&key(t)).is_err());
    }
    for old in &delta.changed {
        match list.binary_search_by(|t| key(t).cmp(key(old))) {
            Ok(i) => list[i] = old.clone(),
            Err(_) => bail!("{kind} {} is no longer in the file", key(old)),
        }
    }
    for old in &delta.removed {
        match list.binary_search_by(|t| key(t).cmp(key(old))) {
            Ok(_) => bail!("{kind} {} is in the file again", key(old)),
            Err(i) => list.insert(i, old.clone()),
        }
    }
    Ok(())
}

/// Whether an entry changed a goal or something that counts toward it: the
/// goal itself, its celebrations or review, or a result dated in its period
/// whose owner lies in its scope that day.
pub fn touches_goal(document: &Document, entry: &Entry, goal: &Goal) -> bool {
    let changes = &entry.changes;
    let names = |id: &String| *id == goal.id;
    if changes.goals.added.iter().any(names)
        || changes
            .goals
            .removed
            .iter()
            .chain(&changes.goals.changed)
            .any(|g| g.id == goal.id)
        || changes.reviews.added.iter().any(names)
        || changes
            .reviews
            .removed
            .iter()
            .chain(&changes.reviews.changed)
            .any(|r| r.goal == goal.id)
    {
        return true;
    }
    let celebrated = |id: &Id| {
        document
            .celebrations
            .iter()
            .any(|c| c.id == *id && c.goal == goal.id)
    };
    if changes.celebrations.added.iter().any(celebrated)
        || changes
            .celebrations
            .removed
            .iter()
            .chain(&changes.celebrations.changed)
            .any(|c| c.goal == goal.id)
    {
        return true;
    }
    let Ok(period) = Period::from_label(&goal.period, document.settings.fiscal_year_start) else {
        return false;
    };
    let scope = document.org().scope(&goal.owner);
    let counts = |r: &Record| {
        *r.metric == *goal.metric
            && period.contains(r.date)
            && r.goal.as_deref().is_none_or(|pinned| pinned == goal.id)
            && scope
                .iter()
                .any(|(owner, span)| **owner == *r.owner && span.contains(r.date))
    };
    let results = &changes.results;
    results
        .added
        .iter()
        .filter_map(|id| {
            document
                .results
                .binary_search_by(|r| r.id.cmp(id))
                .ok()
                .map(|i| &document.results[i])
        })
        .chain(&results.removed)
        .chain(&results.changed)
        .any(counts)
}

/// One revision of a goal's target or stretch, from history.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision<'a> {
    pub entry: &'a Entry,
    pub what: RevisionKind,
    /// Target and stretch before (`None` when the change created the goal).
    pub from: Option<(Amount, Option<Amount>)>,
    /// Target and stretch after (`None` when it removed the goal).
    pub to: Option<(Amount, Option<Amount>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevisionKind {
    Created,
    Changed,
    Removed,
}

/// Every change of a goal's target or stretch, its creation and its
/// removal, oldest first.
pub fn revisions<'a>(document: &'a Document, id: &str) -> Vec<Revision<'a>> {
    // Each entry that touched the goal, with the goal as it was before.
    let mut steps: Vec<(&Entry, RevisionKind, Option<&Goal>)> = Vec::new();
    for entry in &document.history {
        let goals = &entry.changes.goals;
        if goals.added.iter().any(|g| g == id) {
            steps.push((entry, RevisionKind::Created, None));
        } else if let Some(old) = goals.changed.iter().find(|g| g.id == id) {
            steps.push((entry, RevisionKind::Changed, Some(old)));
        } else if let Some(old) = goals.removed.iter().find(|g| g.id == id) {
            steps.push((entry, RevisionKind::Removed, Some(old)));
        }
    }
    let aims = |g: &Goal| (g.target, g.stretch);
    let mut out = Vec::new();
    for (i, (entry, what, before)) in steps.iter().enumerate() {
        let after = match steps.get(i + 1) {
            Some((_, _, next_before)) => *next_before,
            None => document.goal(id),
        };
        let (from, to) = (before.map(aims), after.map(aims));
        let to = if *what == RevisionKind::Removed {
            None
        } else {
            to
        };
        if *what != RevisionKind::Changed || from != to {
            out.push(Revision {
                entry,
                what: *what,
                from,
                to,
            });
        }
    }
    out
}

/// A change of a goal's target, for what was logged or started before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetMove {
    pub on: NaiveDate,
    pub from: Amount,
    pub to: Amount,
}

/// The target changes of a goal made after a moment: what a celebration
/// logged or a review started before them should say.
pub fn target_moves(document: &Document, goal: &str, after: Moment) -> Vec<TargetMove> {
    revisions(document, goal)
        .into_iter()
        .filter(|r| match after {
            Moment::Seq(seq) => r.entry.seq > seq,
            Moment::At(at) => r.entry.at > at,
            Moment::Day(day) => r.entry.at.date_naive() > day,
        })
        .filter_map(|r| match (r.what, r.from, r.to) {
            (RevisionKind::Changed, Some((from, _)), Some((to, _))) if from != to => {
                Some(TargetMove {
                    on: r.entry.at.date_naive(),
                    from,
                    to,
                })
            }
            _ => None,
        })
        .collect()
}

/// When something happened, as precisely as the file knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// The history entry that made it.
    Seq(u64),
    At(DateTime<Utc>),
    /// Only its date (logged before history was kept).
    Day(NaiveDate),
}

/// When a celebration was logged: the entry that added it, else its date.
pub fn celebration_logged(document: &Document, id: &Id, date: NaiveDate) -> Moment {
    added_by(document, |c| c.celebrations.added.contains(id)).map_or(Moment::Day(date), Moment::Seq)
}

/// The order celebrations were logged in, oldest first: by date, then by
/// the history entry that added each (the last one, as
/// [`celebration_logged`] finds it), then by id. Ids are random, so a
/// day's entries need history to keep their order; one logged before
/// history was kept (or with the history left out) comes first on its day.
pub fn celebration_order(
    document: &Document,
) -> impl Fn(&Celebration, &Celebration) -> std::cmp::Ordering + '_ {
    let mut added: HashMap<&Id, u64> = HashMap::new();
    let logged = if document.celebrations.is_empty() {
        &[][..]
    } else {
        &document.history[..]
    };
    for entry in logged {
        for id in &entry.changes.celebrations.added {
            added.insert(id, entry.seq);
        }
    }
    move |a, b| {
        let key = |c: &Celebration| (c.date, added.get(&c.id).copied().unwrap_or(0));
        key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
    }
}

/// When a goal's review started: the entry that added it, else the time it
/// records.
pub fn review_started(document: &Document, goal: &str, started: DateTime<Utc>) -> Moment {
    added_by(document, |c| c.reviews.added.iter().any(|g| g == goal))
        .map_or(Moment::At(started), Moment::Seq)
}

/// The last entry whose changes match: the one that added a record.
fn added_by(document: &Document, added: impl Fn(&Changes) -> bool) -> Option<u64> {
    document
        .history
        .iter()
        .rev()
        .find(|e| added(&e.changes))
        .map(|e| e.seq)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::{DateTime, NaiveDate};

    use super::*;
    use crate::domain::celebration::{Celebration, Kind};
    use crate::domain::goal::{Aggregate, Direction};
    use crate::domain::ids::Id;
    use crate::domain::org::{Membership, Team};
    use crate::domain::review::Review;

    fn day(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, month, day).unwrap()
    }

    fn goal(id: &str, owner: &str, metric: &str) -> Goal {
        Goal {
            id: id.into(),
            title: id.into(),
            owner: owner.into(),
            metric: metric.into(),
            unit: "USD".into(),
            period: "2026-Q3".into(),
            target: Amount(100.into()),
            stretch: None,
            direction: Direction::AtLeast,
            aggregate: Aggregate::Sum,
            tags: Vec::new(),
            created: DateTime::UNIX_EPOCH,
        }
    }

    fn result(id: &str, owner: &str, metric: &str, date: NaiveDate) -> Record {
        Record {
            id: Id(id.into()),
            owner: Arc::from(owner),
            metric: Arc::from(metric),
            date,
            value: Amount(1.into()),
            note: None,
            reference: None,
            goal: None,
        }
    }

    fn celebration(id: u64, goal: &str) -> Celebration {
        Celebration {
            id: Id(id.to_string().into()),
            goal: goal.into(),
            kind: Kind::Message,
            note: "card".into(),
            date: day(10, 1),
        }
    }

    fn entry(seq: u64, changes: Changes) -> Entry {
        Entry {
            seq,
            at: DateTime::UNIX_EPOCH,
            user: "ana".into(),
            command: "attain".into(),
            summary: String::new(),
            reason: None,
            undoes: None,
            redoes: None,
            changes,
        }
    }

    /// Ana joins East on 2026-08-01; East, Ana and Bo have Q3 goals.
    fn document() -> Document {
        let mut document = Document::default();
        document.teams.push(Team {
            id: "east".into(),
            name: "East".into(),
            members: vec![Membership {
                id: "ana".into(),
                from: Some(day(8, 1)),
                to: None,
            }],
        });
        document.goals = vec![
            goal("ana-q3", "ana", "revenue"),
            goal("bo-q3", "bo", "deals"),
            goal("east-q3", "east", "revenue"),
        ];
        let mut pinned = result("r6", "ana", "revenue", day(8, 2));
        pinned.goal = Some("other".into());
        document.results = vec![
            result("r1", "ana", "revenue", day(7, 15)),
            result("r2", "ana", "revenue", day(8, 15)),
            result("r5", "ana", "revenue", day(10, 1)),
            pinned,
        ]
        .into();
        document.results.sort_by_id();
        document.celebrations = vec![celebration(1, "ana-q3"), celebration(2, "bo-q3")];
        document
    }

    /// The goals of [`document`] an entry with these changes touches.
    fn touched(document: &Document, changes: Changes) -> Vec<&str> {
        let entry = entry(1, changes);
        document
            .goals
            .iter()
            .filter(|g| touches_goal(document, &entry, g))
            .map(|g| g.id.as_str())
            .collect()
    }

    #[test]
    fn a_change_touches_a_goal_it_edits_celebrates_or_reviews() {
        let doc = document();
        let mut c = Changes::default();
        c.goals.added.push("east-q3".into());
        assert_eq!(touched(&doc, c), ["east-q3"]);
        let mut c = Changes::default();
        c.goals.changed.push(goal("ana-q3", "ana", "revenue"));
        assert_eq!(touched(&doc, c), ["ana-q3"]);
        let mut c = Changes::default();
        c.goals.removed.push(goal("bo-q3", "bo", "deals"));
        assert_eq!(touched(&doc, c), ["bo-q3"]);
        let mut c = Changes::default();
        c.reviews.added.push("ana-q3".into());
        assert_eq!(touched(&doc, c), ["ana-q3"]);
        let mut c = Changes::default();
        c.reviews
            .changed
            .push(Review::new("east-q3", DateTime::UNIX_EPOCH));
        assert_eq!(touched(&doc, c), ["east-q3"]);
        let mut c = Changes::default();
        c.celebrations.added.push(Id::from("2"));
        assert_eq!(touched(&doc, c), ["bo-q3"]);
        let mut c = Changes::default();
        c.celebrations.removed.push(celebration(7, "east-q3"));
        assert_eq!(touched(&doc, c), ["east-q3"]);
        assert!(touched(&doc, Changes::default()).is_empty());
    }

    #[test]
    fn a_result_touches_the_goals_it_counts_toward_on_its_date() {
        let doc = document();
        let added = |id: &str| {
            let mut c = Changes::default();
            c.results.added.push(Id(id.into()));
            c
        };
        // August: Ana is in East, so both count it.
        assert_eq!(touched(&doc, added("r2")), ["ana-q3", "east-q3"]);
        // July: before she joined East.
        assert_eq!(touched(&doc, added("r1")), ["ana-q3"]);
        // October: outside Q3.
        assert!(touched(&doc, added("r5")).is_empty());
        // Pinned to another goal (migrated from format 1).
        assert!(touched(&doc, added("r6")).is_empty());
        // Removed and changed results are judged as they were.
        let mut c = Changes::default();
        c.results
            .removed
            .push(result("r9", "bo", "revenue", day(8, 20)));
        assert!(touched(&doc, c).is_empty(), "bo's goal counts deals");
        let mut c = Changes::default();
        c.results
            .changed
            .push(result("r9", "bo", "deals", day(8, 20)));
        assert_eq!(touched(&doc, c), ["bo-q3"]);
    }

    #[test]
    fn revisions_follow_a_goal_from_creation_to_removal() {
        let mut doc = Document::default();
        let mut created = Changes::default();
        created.goals.added.push("g".into());
        let mut raised = Changes::default();
        raised.goals.changed.push(goal("g", "ana", "revenue"));
        let mut renamed = Changes::default();
        let mut before_rename = goal("g", "ana", "revenue");
        before_rename.target = Amount(150.into());
        renamed.goals.changed.push(before_rename.clone());
        let mut removed = Changes::default();
        let mut last = before_rename;
        last.title = "G".into();
        removed.goals.removed.push(last);
        // Entry 4 is about goal h only.
        let mut other = Changes::default();
        other.goals.removed.push(goal("h", "ana", "revenue"));
        doc.history = vec![
            entry(1, created),
            entry(2, raised),
            entry(3, renamed),
            entry(4, other),
            entry(5, removed),
        ];
        let found: Vec<(u64, RevisionKind, Option<Amount>, Option<Amount>)> = revisions(&doc, "g")
            .iter()
            .map(|r| (r.entry.seq, r.what, r.from.map(|a| a.0), r.to.map(|a| a.0)))
            .collect();
        let amount = |n: i64| Some(Amount(n.into()));
        assert_eq!(
            found,
            [
                (1, RevisionKind::Created, None, amount(100)),
                (2, RevisionKind::Changed, amount(100), amount(150)),
                (5, RevisionKind::Removed, amount(150), None),
            ],
            "the title change (3) is not a revision; goal h's removal (4) is not g's"
        );
        let moves = target_moves(&doc, "g", Moment::Seq(1));
        assert_eq!(moves.len(), 1);
        assert_eq!(
            (moves[0].from, moves[0].to),
            (Amount(100.into()), Amount(150.into()))
        );
        assert!(target_moves(&doc, "g", Moment::Seq(2)).is_empty());
        // Every entry here was made at the epoch: strictly after it, none.
        assert!(target_moves(&doc, "g", Moment::At(DateTime::UNIX_EPOCH)).is_empty());
        let second_before = DateTime::UNIX_EPOCH - chrono::TimeDelta::seconds(1);
        assert_eq!(target_moves(&doc, "g", Moment::At(second_before)).len(), 1);
        let epoch = DateTime::UNIX_EPOCH.date_naive();
        assert!(target_moves(&doc, "g", Moment::Day(epoch)).is_empty());
        let day_before = epoch.pred_opt().unwrap();
        assert_eq!(target_moves(&doc, "g", Moment::Day(day_before)).len(), 1);
        assert_eq!(moves[0].on, epoch);
        // A stretch moved alone is a revision, not a target move.
        let mut stretched = Changes::default();
        let mut before_stretch = goal("k", "ana", "revenue");
        before_stretch.stretch = Some(Amount(120.into()));
        stretched.goals.changed.push(before_stretch);
        let mut added = Changes::default();
        added.goals.added.push("k".into());
        doc.history = vec![entry(1, added), entry(2, stretched)];
        doc.goals.push(goal("k", "ana", "revenue"));
        assert_eq!(revisions(&doc, "k").len(), 2);
        assert!(target_moves(&doc, "k", Moment::Seq(1)).is_empty());
    }

    #[test]
    fn state_replays_undo_and_redo() {
        let mut doc = Document::default();
        let undo = |seq: u64, of: u64| {
            let mut e = entry(seq, Changes::default());
            e.undoes = Some(of);
            e
        };
        let mut redo = entry(5, Changes::default());
        redo.redoes = Some(2);
        doc.history = vec![
            entry(1, Changes::default()),
            entry(2, Changes::default()),
            undo(3, 2),
            undo(4, 1),
            redo,
        ];
        let state = State::of(&doc.history);
        assert_eq!(state.undone, HashSet::from([1]));
        assert_eq!(state.redo, [1]);
        doc.history.push(entry(6, Changes::default()));
        let state = State::of(&doc.history);
        assert!(state.redo.is_empty(), "a new change ends redo");
        assert_eq!(state.undone, HashSet::from([1]));
    }
}
