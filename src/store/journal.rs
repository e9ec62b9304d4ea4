//! What the store writes into history with each change: who, when, the
//! command, and the difference between the document before and after.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::goal::{Goal, Record};
use crate::domain::history::{Changes, Delta, Entry, Lock, delta};
use crate::domain::ids::Id;
use crate::domain::org::Team;
use crate::domain::period::Period;

use super::Document;

/// Who is changing the file and how, read once at the edge.
#[derive(Debug, Clone)]
pub struct Journal {
    pub user: String,
    pub command: String,
    pub at: DateTime<Utc>,
    /// `--reason`: kept with the change; needed for a locked period.
    pub reason: Option<String>,
}

/// What the command making a change says about it, beyond the
/// difference the store sees.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mark {
    pub undoes: Option<u64>,
    pub redoes: Option<u64>,
    /// A summary to use instead of the one made from the difference.
    pub summary: Option<String>,
}

/// The difference between two normalized documents, history aside.
pub fn diff(before: &Document, after: &Document) -> Changes {
    diff_with(before, after, None)
}

/// [`diff`], with what happened to the results when it is known already
/// (see [`super::lines::delta`]); `before`'s results are then not read.
pub fn diff_with(
    before: &Document,
    after: &Document,
    results: Option<Delta<Record, Id>>,
) -> Changes {
    Changes {
        settings: (before.settings != after.settings).then(|| before.settings.clone()),
        people: delta(&before.people, &after.people, |p| &p.id),
        teams: delta(&before.teams, &after.teams, |t| &t.id),
        goals: delta(&before.goals, &after.goals, |g| &g.id),
        results: results.unwrap_or_else(|| delta(&before.results, &after.results, |r| &r.id)),
        celebrations: delta(&before.celebrations, &after.celebrations, |c| &c.id),
        reviews: delta(&before.reviews, &after.reviews, |r| &r.goal),
        locks: delta(&before.locks, &after.locks, |l| &l.period),
    }
}

/// The entry for a change, numbered after the document's last one.
/// `earlier` is the last entry's number when the history was read but not
/// kept ([`super::Store::update_without_history`]).
pub fn entry(
    document: &Document,
    journal: &Journal,
    mark: Mark,
    changes: Changes,
    earlier: Option<u64>,
) -> Entry {
    let summary = mark.summary.unwrap_or_else(|| summary(&changes, document));
    let last = document.history.last().map(|e| e.seq).max(earlier);
    Entry {
        seq: last.map_or(1, |seq| seq + 1),
        at: journal.at,
        user: journal.user.clone(),
        command: journal.command.clone(),
        summary,
        reason: journal.reason.clone(),
        undoes: mark.undoes,
        redoes: mark.redoes,
        changes,
    }
}

/// Why a change may not be made without `--reason`: it alters the numbers
/// of a period locked before it (a result dated inside it; a goal inside
/// it added, removed, or changed in what it counts or aims at; a team
/// membership that moves results in or out inside it). `None` when it
/// touches no locked period.
pub fn locked(before: &Document, after: &Document, changes: &Changes) -> Option<String> {
    let (lock, what) = locked_by(before, after, changes)?;
    Some(format!(
        "{} is locked (since {} by {}) and this change alters its numbers ({what}); nothing \
         was changed: give --reason TEXT to make it anyway, or unlock the period first (attain \
         period unlock {} --reason TEXT)",
        lock.period,
        lock.at.date_naive(),
        lock.user,
        lock.period
    ))
}

/// The first lock of `before` a change alters the numbers of, and what of
/// the change does ([`locked`]).
pub fn locked_by<'a>(
    before: &'a Document,
    after: &Document,
    changes: &Changes,
) -> Option<(&'a Lock, String)> {
    if before.locks.is_empty() {
        return None;
    }
    let find = |date: NaiveDate| before.locks.iter().find(|l| l.contains(date));
    let refuse = |lock: &'a Lock, what: String| Some((lock, what));
    let results = &changes.results;
    for record in results.added.iter().filter_map(|id| result_of(after, id)) {
        if let Some(lock) = find(record.date) {
            return refuse(lock, format!("a new result dated {}", record.date));
        }
    }
    for record in &results.removed {
        if let Some(lock) = find(record.date) {
            return refuse(lock, format!("result {} dated {}", record.id, record.date));
        }
    }
    for old in &results.changed {
        let new = result_of(after, &old.id);
        if new.is_some_and(|new| same_count(new, old)) {
            continue;
        }
        for date in std::iter::once(old.date).chain(new.map(|n| n.date)) {
            if let Some(lock) = find(date) {
                return refuse(lock, format!("result {} dated {date}", old.id));
            }
        }
    }
    let fiscal = before.settings.fiscal_year_start;
    let inside = |goal: &Goal| {
        let period = Period::from_label(&goal.period, fiscal).ok()?;
        before
            .locks
            .iter()
            .find(|l| l.contains(period.start) && l.contains(period.end))
    };
    let goals = &changes.goals;
    let added = goals.added.iter().filter_map(|id| after.goal(id));
    for goal in added.chain(&goals.removed) {
        if let Some(lock) = inside(goal) {
            return refuse(lock, format!("goal {} of {}", goal.id, goal.period));
        }
    }
    for old in &goals.changed {
        let new = after.goal(&old.id);
        let aims = |g: &Goal| {
            (
                g.target,
                g.stretch,
                g.period.clone(),
                g.direction,
                g.aggregate,
                g.owner.clone(),
                g.metric.clone(),
            )
        };
        if new.is_some_and(|new| aims(new) == aims(old)) {
            continue;
        }
        for goal in std::iter::once(old).chain(new) {
            if let Some(lock) = inside(goal) {
                return refuse(lock, format!("goal {} of {}", old.id, goal.period));
            }
        }
    }
    let teams = &changes.teams;
    let touched = teams
        .added
        .iter()
        .filter_map(|id| after.team(id))
        .map(|t| (None, Some(t)))
        .chain(teams.removed.iter().map(|t| (Some(t), None)))
        .chain(teams.changed.iter().map(|t| (Some(t), after.team(&t.id))));
    for (old, new) in touched {
        let team = old.or(new).map_or("", |t| t.id.as_str());
        // Only goals of this team and the teams above it count what moves.
        let counting = with_ancestors(team, before, after);
        let aimed = |lock: &Lock| {
            before.goals.iter().chain(&after.goals).any(|g| {
                counting.contains(g.owner.as_str())
                    && Period::from_label(&g.period, fiscal)
                        .is_ok_and(|p| p.start <= lock.end && lock.start <= p.end)
            })
        };
        let holds = |t: Option<&Team>, member: &str, date: NaiveDate| {
            members(t)
                .iter()
                .any(|m| m.id == member && m.holds_on(date))
        };
        let ids: std::collections::BTreeSet<&str> = members(old)
            .iter()
            .chain(members(new))
            .map(|m| m.id.as_str())
            .collect();
        for member in ids {
            let moved = |date: NaiveDate| holds(old, member, date) != holds(new, member, date);
            // A sub-team moving carries results nobody listed here; a person
            // moving matters when they have results on the days that moved.
            let is_team = before.team(member).is_some() || after.team(member).is_some();
            for lock in before.locks.iter().filter(|l| aimed(l)) {
                let days = lock.start.iter_days().take_while(|d| *d <= lock.end);
                let moved_days: Vec<NaiveDate> = days.filter(|d| moved(*d)).collect();
                if moved_days.is_empty() {
                    continue;
                }
                // The results before the change: those after it, less
                // none that matter (added ones only make this stricter),
                // and those it removed or changed as they were.
                let results = &changes.results;
                let mut before_results = (after.results.iter())
                    .chain(&results.removed)
                    .chain(&results.changed);
                if is_team
                    || before_results
                        .any(|r| &*r.owner == member && moved_days.binary_search(&r.date).is_ok())
                {
                    return refuse(lock, format!("the membership of {member} in team {team}"));
                }
            }
        }
    }
    None
}

/// A team and every team above it, before or after a change.
fn with_ancestors<'a>(
    team: &'a str,
    before: &'a Document,
    after: &'a Document,
) -> std::collections::HashSet<&'a str> {
    let orgs = [before.org(), after.org()];
    let mut found = std::collections::HashSet::from([team]);
    let mut queue = vec![team];
    while let Some(id) = queue.pop() {
        for org in &orgs {
            for parent in org.parents(id) {
                if found.insert(parent) {
                    queue.push(parent);
                }
            }
        }
    }
    found
}

fn result_of<'a>(document: &'a Document, id: &Id) -> Option<&'a Record> {
    document
        .results
        .binary_search_by(|r| r.id.cmp(id))
        .ok()
        .map(|i| &document.results[i])
}

/// Whether two versions of a result count the same: a note is not a number.
fn same_count(a: &Record, b: &Record) -> bool {
    (a.date, a.value, &a.owner, &a.metric, &a.goal)
        == (b.date, b.value, &b.owner, &b.metric, &b.goal)
}

fn members(team: Option<&Team>) -> &[crate::domain::org::Membership] {
    team.map_or(&[], |t| &t.members)
}

/// One line saying what a change did, naming the record when it touched
/// one of a kind: "added result 7k2m… (maria-chen, revenue, 12000 on
/// 2026-09-14)", "changed goal g: target 240000 → 260000".
pub fn summary(changes: &Changes, after: &Document) -> String {
    let mut parts = Vec::new();
    if changes.settings.is_some() {
        parts.push("changed the settings".to_string());
    }
    let d = &changes.people;
    describe(
        &mut parts,
        ("person", "people"),
        d.len(),
        &d.added,
        &d.removed,
        &d.changed,
        |p| p.id.clone(),
    );
    let d = &changes.teams;
    describe(
        &mut parts,
        ("team", "teams"),
        d.len(),
        &d.added,
        &d.removed,
        &d.changed,
        |t| t.id.clone(),
    );
    let d = &changes.goals;
    if let ([], [], [old]) = (&d.added[..], &d.removed[..], &d.changed[..])
        && let Some(new) = after.goal(&old.id)
    {
        parts.push(format!("changed goal {}{}", old.id, goal_fields(old, new)));
    } else {
        describe(
            &mut parts,
            ("goal", "goals"),
            d.len(),
            &d.added,
            &d.removed,
            &d.changed,
            |g| g.id.clone(),
        );
    }
    let d = &changes.results;
    let result = |r: &Record| {
        format!(
            "{} ({}, {}, {} on {})",
            r.id, r.owner, r.metric, r.value, r.date
        )
    };
    match (&d.added[..], &d.removed[..], &d.changed[..]) {
        ([id], [], []) => match result_of(after, id) {
            Some(record) => parts.push(format!("added result {}", result(record))),
            None => parts.push(format!("added result {id}")),
        },
        ([], [], [old]) => {
            let new = result_of(after, &old.id);
            parts.push(format!(
                "changed result {}{}",
                result(old),
                new.map(|new| result_fields(old, new)).unwrap_or_default()
            ));
        }
        _ => describe(
            &mut parts,
            ("result", "results"),
            d.len(),
            &d.added,
            &d.removed,
            &d.changed,
            result,
        ),
    }
    let d = &changes.celebrations;
    describe(
        &mut parts,
        ("celebration", "celebrations"),
        d.len(),
        &d.added,
        &d.removed,
        &d.changed,
        |c| format!("{} ({} for {})", c.id, c.kind.name(), c.goal),
    );
    let d = &changes.reviews;
    describe(
        &mut parts,
        ("review", "reviews"),
        d.len(),
        &d.added,
        &d.removed,
        &d.changed,
        |r| format!("of {}", r.goal),
    );
    let d = &changes.locks;
    describe(
        &mut parts,
        ("lock", "locks"),
        d.len(),
        &d.added,
        &d.removed,
        &d.changed,
        |l| l.period.clone(),
    );
    if parts.is_empty() {
        "no change".to_string()
    } else {
        parts.join("; ")
    }
}

/// "added 3 results", or with one record of a kind, the record.
#[allow(clippy::too_many_arguments)]
fn describe<T, K: std::fmt::Display>(
    parts: &mut Vec<String>,
    (one, many): (&str, &str),
    total: usize,
    added: &[K],
    removed: &[T],
    changed: &[T],
    name: impl Fn(&T) -> String,
) {
    if total == 0 {
        return;
    }
    for (verb, count, single) in [
        ("added", added.len(), added.first().map(ToString::to_string)),
        ("removed", removed.len(), removed.first().map(&name)),
        ("changed", changed.len(), changed.first().map(&name)),
    ] {
        match (count, single) {
            (0, _) => {}
            (1, Some(single)) => parts.push(format!("{verb} {one} {single}")),
            (n, _) => parts.push(format!("{verb} {n} {many}")),
        }
    }
}

/// ": target 240000 → 260000, title …" for the fields of a goal that moved.
fn goal_fields(old: &Goal, new: &Goal) -> String {
    let optional =
        |a: Option<crate::domain::amount::Amount>| a.map_or("none".to_string(), |a| a.to_string());
    let mut fields = Vec::new();
    if old.target != new.target {
        fields.push(format!("target {} → {}", old.target, new.target));
    }
    if old.stretch != new.stretch {
        fields.push(format!(
            "stretch {} → {}",
            optional(old.stretch),
            optional(new.stretch)
        ));
    }
    if old.period != new.period {
        fields.push(format!("period {} → {}", old.period, new.period));
    }
    fields_text(
        fields,
        &[
            ("title", old.title != new.title),
            ("owner", old.owner != new.owner),
            ("metric", old.metric != new.metric),
            ("direction", old.direction != new.direction),
            ("aggregate", old.aggregate != new.aggregate),
            ("tags", old.tags != new.tags),
        ],
    )
}

/// ": value 12000 → 15000, date …" for the fields of a result that moved.
fn result_fields(old: &Record, new: &Record) -> String {
    let mut fields = Vec::new();
    if old.value != new.value {
        fields.push(format!("value {} → {}", old.value, new.value));
    }
    if old.date != new.date {
        fields.push(format!("date {} → {}", old.date, new.date));
    }
    fields_text(
        fields,
        &[
            ("owner", old.owner != new.owner),
            ("note", old.note != new.note),
            ("ref", old.reference != new.reference),
        ],
    )
}

/// ": target 240000 → 260000, title": the fields that moved with their
/// values, then those named only.
fn fields_text(mut moved: Vec<String>, named: &[(&str, bool)]) -> String {
    moved.extend(
        named
            .iter()
            .filter(|(_, differs)| *differs)
            .map(|(name, _)| name.to_string()),
    );
    if moved.is_empty() {
        String::new()
    } else {
        format!(": {}", moved.join(", "))
    }
}

/// A command line as a person would type it again: arguments with spaces
/// or shell characters in single quotes, the program as `attain`.
pub fn command_line(args: impl IntoIterator<Item = String>) -> String {
    let mut words = vec!["attain".to_string()];
    words.extend(args.into_iter().skip(1).map(|arg| quote(&arg)));
    words.join(" ")
}

fn quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_alphanumeric() || "-_.,:/=+@%".contains(c));
    if plain {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// Who is making the change: `$ATTAIN_USER`, else the login name.
pub fn user(attain_user: Option<String>, login: Option<String>) -> String {
    attain_user
        .filter(|u| !u.trim().is_empty())
        .or(login.filter(|u| !u.trim().is_empty()))
        .map_or_else(|| "unknown".to_string(), |u| u.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_lines_quote_what_a_shell_would_split() {
        let args = [
            "/usr/bin/attain",
            "record",
            "maria-q3",
            "12k",
            "--note",
            "Acme's renewal",
            "",
        ];
        assert_eq!(
            command_line(args.map(String::from)),
            r"attain record maria-q3 12k --note 'Acme'\''s renewal' ''"
        );
    }

    #[test]
    fn the_user_is_attain_user_else_the_login() {
        assert_eq!(user(Some("ana".into()), Some("root".into())), "ana");
        assert_eq!(user(Some(" ".into()), Some("root".into())), "root");
        assert_eq!(user(None, None), "unknown");
    }
}
