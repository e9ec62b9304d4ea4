//! People and teams: adding them, renaming them and changing who belongs
//! where, under the one identity rule ([`super::identity`]), and the
//! summaries `person list`, `team list` and `team show` are built from.

use std::collections::HashMap;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::identity;
use crate::domain::goal::is_valid_id;
use crate::domain::org::{Membership, Person, Span, Team, slug};
use crate::domain::text::echo;
use crate::store::Document;

/// The longest name or email kept, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// Adds a person. `typed` is an id (`maria-chen`) or a name (`Maria
/// Chen`, whose slug becomes the id and which is the name unless `name`
/// says otherwise).
pub fn add_person(
    document: &mut Document,
    typed: &str,
    name: Option<&str>,
    email: Option<&str>,
) -> Result<Person> {
    let (id, name) = new_owner(document, typed, name, "person")?;
    let person = Person {
        id,
        name,
        email: email.map(clean_email).transpose()?,
    };
    let at = document
        .people
        .binary_search_by(|p| p.id.cmp(&person.id))
        .unwrap_or_else(|i| i);
    document.people.insert(at, person.clone());
    Ok(person)
}

/// Adds a team with its members (people or teams, each by id or name).
pub fn add_team(
    document: &mut Document,
    typed: &str,
    name: Option<&str>,
    members: &[String],
) -> Result<Team> {
    let (id, name) = new_owner(document, typed, name, "team")?;
    let mut team = Team {
        id,
        name,
        members: Vec::with_capacity(members.len()),
    };
    for typed in members {
        if typed.trim() == team.id || slug(typed) == team.id {
            bail!(
                "a team cannot hold itself; leave out --member {}",
                echo(typed)
            );
        }
        let member = identity::require(document, typed)?;
        if !team.members.iter().any(|m| m.id == member) {
            team.members.push(Membership::always(&member));
        }
    }
    let at = document
        .teams
        .iter()
        .position(|t| t.id > team.id)
        .unwrap_or(document.teams.len());
    document.teams.insert(at, team.clone());
    Ok(team)
}

/// The id and name of a new person or team: refused when the id is taken
/// (ids are shared by people and teams) or when the name would be read
/// as someone else's.
fn new_owner(
    document: &Document,
    typed: &str,
    name: Option<&str>,
    kind: &str,
) -> Result<(String, String)> {
    let typed = non_empty("the id", typed)?;
    let explicit = is_valid_id(typed);
    let id = if explicit {
        typed.to_string()
    } else {
        slug(typed)
    };
    if !is_valid_id(&id) {
        bail!(
            "'{}' is not a name an id can be made from; use letters or digits, e.g. `attain \
             {kind} add maria-chen --name \"Maria Chen\"`",
            echo(typed)
        );
    }
    let name = match name {
        Some(name) => clean_name("--name", name)?,
        None => clean_name("the name", typed)?,
    };
    match identity::resolve(document, &name) {
        Ok(None) => {}
        Ok(Some(other)) if other == id => return Err(taken(document, &id, kind)),
        Ok(Some(other)) => return Err(name_taken(document, &name, &other)),
        // A name folding onto someone else's (`Zoë` onto `Zoé`) is fine
        // under an id of its own: typed, it is found by its spelling.
        Err(_) if explicit => {}
        Err(e) => return Err(e),
    }
    if document.is_owner(&id) {
        return Err(taken(document, &id, kind));
    }
    Ok((id, name))
}

/// "there is already a person 'maria-chen'".
fn taken(document: &Document, id: &str, kind: &str) -> anyhow::Error {
    let name = document.owner_name(id);
    match (document.person(id).is_some(), kind) {
        (true, "person") => anyhow::anyhow!(
            "there is already a person '{id}' ({name}); did you mean `attain person edit {id}`?"
        ),
        (false, "team") => anyhow::anyhow!(
            "there is already a team '{id}' ({name}); did you mean `attain team edit {id}`?"
        ),
        (true, _) => anyhow::anyhow!(
            "'{id}' is already the id of the person {name}; people and teams share ids, so give \
             the {kind} another one"
        ),
        (false, _) => anyhow::anyhow!(
            "'{id}' is already the id of the team {name}; people and teams share ids, so give \
             the {kind} another one"
        ),
    }
}

/// "'Maria Chen' would be read as maria-chen".
fn name_taken(document: &Document, name: &str, other: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "'{}' would be read as '{other}' ({}); give it another name, or change that one with \
         `attain {} edit {other}`",
        echo(name),
        document.owner_name(other),
        if document.person(other).is_some() {
            "person"
        } else {
            "team"
        }
    )
}

/// Changes to a person, as typed.
#[derive(Debug, Default)]
pub struct PersonEdit {
    pub name: Option<String>,
    pub email: Option<String>,
    pub no_email: bool,
    /// A new id, replacing the old one everywhere it appears.
    pub rename: Option<String>,
}

/// How many records a rename changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Moved {
    pub goals: usize,
    pub results: usize,
    pub memberships: usize,
}

/// Changes a person; returns the person as changed and, after a rename,
/// the old id and what moved with it.
pub fn edit_person(
    document: &mut Document,
    typed: &str,
    edit: &PersonEdit,
) -> Result<(Person, Option<(String, Moved)>)> {
    let mut id = person_id(document, typed)?;
    if let Some(name) = &edit.name {
        let name = clean_name("--name", name)?;
        check_new_name(document, &name, &id)?;
        person_mut(document, &id)?.name = name;
    }
    if let Some(email) = &edit.email {
        person_mut(document, &id)?.email = Some(clean_email(email)?);
    }
    if edit.no_email {
        person_mut(document, &id)?.email = None;
    }
    let mut renamed = None;
    if let Some(new) = edit.rename.as_deref().map(str::trim)
        && new != id
    {
        check_new_id(document, new)?;
        let moved = rename_person(document, &id, new)?;
        renamed = Some((std::mem::replace(&mut id, new.to_string()), moved));
    }
    let person = person_mut(document, &id)?.clone();
    Ok((person, renamed))
}

/// The id of the person `typed` names; a team or nobody is an error.
fn person_id(document: &Document, typed: &str) -> Result<String> {
    let id = identity::require(document, typed)?;
    if document.person(&id).is_none() {
        bail!("'{id}' is a team, not a person; change it with `attain team edit {id}`");
    }
    Ok(id)
}

fn person_mut<'a>(document: &'a mut Document, id: &str) -> Result<&'a mut Person> {
    match document.people.iter_mut().find(|p| p.id == id) {
        Some(person) => Ok(person),
        None => bail!("no person '{id}' (see `attain person list`)"),
    }
}

fn check_new_id(document: &Document, new: &str) -> Result<()> {
    if !is_valid_id(new) {
        let suggestion = slug(new);
        let example = if is_valid_id(&suggestion) {
            suggestion
        } else {
            "maria-chen".to_string()
        };
        bail!(
            "--rename: '{}' is not a valid id; use lowercase letters, digits, '.', '_' and '-', \
             starting with a letter or digit (e.g. {example})",
            echo(new)
        );
    }
    if document.is_owner(new) {
        bail!(
            "--rename: '{new}' is already the id of {}; pick another id",
            document.owner_name(new)
        );
    }
    Ok(())
}

/// Gives a person a new id: their goals, results and team memberships
/// follow. Goal ids and titles are left as they are.
fn rename_person(document: &mut Document, old: &str, new: &str) -> Result<Moved> {
    let mut moved = Moved::default();
    person_mut(document, old)?.id = new.to_string();
    document.people.sort_by(|a, b| a.id.cmp(&b.id));
    for goal in document.goals.iter_mut().filter(|g| g.owner == old) {
        goal.owner = new.to_string();
        moved.goals += 1;
    }
    for record in document.results.iter_mut().filter(|r| &*r.owner == old) {
        record.owner = new.into();
        moved.results += 1;
    }
    for member in document
        .teams
        .iter_mut()
        .flat_map(|t| t.members.iter_mut())
        .filter(|m| m.id == old)
    {
        member.id = new.to_string();
        moved.memberships += 1;
    }
    Ok(moved)
}

/// A new name for `id` must not be read as someone else.
fn check_new_name(document: &Document, name: &str, id: &str) -> Result<()> {
    match identity::resolve(document, name) {
        Ok(Some(other)) if other != id => Err(name_taken(document, name, &other)),
        // Folding onto someone else's spelling is fine for a name whose
        // owner keeps its id: typed, the name is found by its spelling.
        _ => Ok(()),
    }
}

/// Changes to a team, as typed.
#[derive(Debug, Default)]
pub struct TeamEdit {
    pub add: Vec<String>,
    pub remove: Vec<String>,
    /// With `add`: the new memberships count results from this date. With
    /// `remove`: the memberships end on it (results before it still count).
    pub from: Option<NaiveDate>,
    pub name: Option<String>,
}

/// One change `team edit` made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamChange {
    Named(String),
    Joined {
        member: String,
        from: Option<NaiveDate>,
    },
    Ended {
        member: String,
        on: NaiveDate,
    },
    Left {
        member: String,
    },
}

/// Changes a team: its name, then the members removed, then those added.
/// A change that would make the teams a cycle is refused.
pub fn edit_team(
    document: &mut Document,
    typed: &str,
    edit: &TeamEdit,
) -> Result<(String, Vec<TeamChange>)> {
    let id = identity::require(document, typed)?;
    if document.team(&id).is_none() {
        bail!("'{id}' is a person, not a team; change them with `attain person edit {id}`");
    }
    let removes = resolve_all(document, &edit.remove)?;
    let adds = resolve_all(document, &edit.add)?;
    let mut changes = Vec::new();
    if let Some(name) = &edit.name {
        let name = clean_name("--name", name)?;
        check_new_name(document, &name, &id)?;
        team_mut(document, &id)?.name = name.clone();
        changes.push(TeamChange::Named(name));
    }
    let team = team_mut(document, &id)?;
    for member in removes {
        changes.push(remove_member(team, member, edit.from)?);
    }
    for member in adds {
        changes.push(add_member(team, member, edit.from)?);
    }
    check_cycle(document)?;
    Ok((id, changes))
}

fn resolve_all(document: &Document, typed: &[String]) -> Result<Vec<String>> {
    let mut ids: Vec<String> = Vec::with_capacity(typed.len());
    for typed in typed {
        let id = identity::require(document, typed)?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

fn team_mut<'a>(document: &'a mut Document, id: &str) -> Result<&'a mut Team> {
    match document.teams.iter_mut().find(|t| t.id == id) {
        Some(team) => Ok(team),
        None => bail!("no team '{id}' (see `attain team list`)"),
    }
}

/// Ends `member`'s memberships of `team` on `from`, or without a date
/// deletes them.
fn remove_member(team: &mut Team, member: String, from: Option<NaiveDate>) -> Result<TeamChange> {
    let team_id = &team.id;
    if !team.members.iter().any(|m| m.id == member) {
        bail!("'{member}' is not a member of team '{team_id}' (see `attain team show {team_id}`)");
    }
    let Some(on) = from else {
        team.members.retain(|m| m.id != member);
        return Ok(TeamChange::Left { member });
    };
    let running: Vec<&mut Membership> = team
        .members
        .iter_mut()
        .filter(|m| m.id == member && m.is_current(on))
        .collect();
    if running.is_empty() {
        bail!(
            "'{member}' left team '{team_id}' before {on} already; to delete that membership, \
             leave out --from: `attain team edit {team_id} --remove {member}`"
        );
    }
    for membership in running {
        if let Some(start) = membership.from.filter(|start| *start >= on) {
            bail!(
                "'{member}' joins team '{team_id}' on {start}, not before {on}; to delete that \
                 membership, leave out --from: `attain team edit {team_id} --remove {member}`"
            );
        }
        membership.to = Some(on);
    }
    Ok(TeamChange::Ended { member, on })
}

/// Adds a membership of `member` counting results from `from` (always
/// without a date); refused when it overlaps one `member` has.
fn add_member(team: &mut Team, member: String, from: Option<NaiveDate>) -> Result<TeamChange> {
    let span = Span { from, to: None };
    if let Some(held) = team.members.iter().find(|m| {
        m.id == member
            && span
                .intersect(Span {
                    from: m.from,
                    to: m.to,
                })
                .is_some()
    }) {
        let team_id = &team.id;
        let dates = span_text(Span {
            from: held.from,
            to: held.to,
        });
        bail!(
            "'{member}' is already a member of team '{team_id}' ({dates}); to move the date, end \
             that membership first with `attain team edit {team_id} --remove {member} --from DATE`"
        );
    }
    team.members.push(Membership {
        id: member.clone(),
        from,
        to: None,
    });
    Ok(TeamChange::Joined { member, from })
}

/// Refuses teams that hold each other, naming the cycle.
pub fn check_cycle(document: &Document) -> Result<()> {
    if let Some(cycle) = document.org().find_cycle() {
        bail!(
            "that change was not made: the teams would form a cycle ({}); a team cannot hold a \
             team that holds it",
            cycle.join(" → ")
        );
    }
    Ok(())
}

/// When a membership counts, for people: `always`, `from 2026-10-01`,
/// `before 2026-10-01`, `from 2026-01-01, before 2026-10-01`.
pub fn span_text(span: Span) -> String {
    match (span.from, span.to) {
        (None, None) => "always".to_string(),
        (Some(from), None) => format!("from {from}"),
        (None, Some(to)) => format!("before {to}"),
        (Some(from), Some(to)) => format!("from {from}, before {to}"),
    }
}

fn non_empty<'a>(what: &str, text: &'a str) -> Result<&'a str> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        bail!("{what} is empty; give it a value");
    }
    Ok(trimmed)
}

/// A name as kept: trimmed, on one line, at most [`MAX_NAME_CHARS`].
fn clean_name(flag: &str, text: &str) -> Result<String> {
    let name = non_empty(flag, text)?;
    if name.chars().any(char::is_control) {
        bail!(
            "{flag}: '{}' holds a line break or another control character; give the name on \
             one line",
            echo(name)
        );
    }
    if name.chars().count() > MAX_NAME_CHARS {
        bail!(
            "{flag}: '{}' is longer than {MAX_NAME_CHARS} characters; shorten it",
            echo(name)
        );
    }
    Ok(name.to_string())
}

/// An email as kept: one address with text on both sides of one `@`.
fn clean_email(text: &str) -> Result<String> {
    let email = clean_name("--email", text)?;
    let valid = email
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !host.contains('@'))
        && !email.contains(char::is_whitespace);
    if !valid {
        bail!(
            "--email: '{}' is not an email address; write it as name@example.com",
            echo(&email)
        );
    }
    Ok(email)
}

/// A person as `person list` shows them.
#[derive(Debug)]
pub struct PersonRow<'a> {
    pub person: &'a Person,
    /// The teams that hold them on the as-of date, by id.
    pub teams: Vec<&'a Team>,
    /// How many goals they own.
    pub goals: usize,
}

/// Every person, by id, with their teams on `as_of` and their goal count.
pub fn people(document: &Document, as_of: NaiveDate) -> Vec<PersonRow<'_>> {
    let holders = holders(document, as_of);
    let goals = goal_counts(document);
    document
        .people
        .iter()
        .map(|person| PersonRow {
            person,
            teams: holders.get(person.id.as_str()).cloned().unwrap_or_default(),
            goals: goals.get(person.id.as_str()).copied().unwrap_or_default(),
        })
        .collect()
}

/// A team as `team list` shows it.
#[derive(Debug)]
pub struct TeamRow<'a> {
    pub team: &'a Team,
    /// Members whose membership holds on the as-of date.
    pub current: usize,
    /// The teams that hold this one on the as-of date, by id.
    pub parents: Vec<&'a Team>,
    pub goals: usize,
}

/// Every team, by id.
pub fn teams(document: &Document, as_of: NaiveDate) -> Vec<TeamRow<'_>> {
    let holders = holders(document, as_of);
    let goals = goal_counts(document);
    let mut rows: Vec<TeamRow> = document
        .teams
        .iter()
        .map(|team| TeamRow {
            team,
            current: team.members.iter().filter(|m| m.holds_on(as_of)).count(),
            parents: holders.get(team.id.as_str()).cloned().unwrap_or_default(),
            goals: goals.get(team.id.as_str()).copied().unwrap_or_default(),
        })
        .collect();
    rows.sort_by(|a, b| a.team.id.cmp(&b.team.id));
    rows
}

/// The teams holding each member on `as_of`, sorted by id.
fn holders(document: &Document, as_of: NaiveDate) -> HashMap<&str, Vec<&Team>> {
    let mut holders: HashMap<&str, Vec<&Team>> = HashMap::new();
    for team in &document.teams {
        for member in team.members.iter().filter(|m| m.holds_on(as_of)) {
            let list = holders.entry(member.id.as_str()).or_default();
            if !list.iter().any(|t| t.id == team.id) {
                list.push(team);
            }
        }
    }
    for list in holders.values_mut() {
        list.sort_by(|a, b| a.id.cmp(&b.id));
    }
    holders
}

fn goal_counts(document: &Document) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for goal in &document.goals {
        *counts.entry(goal.owner.as_str()).or_default() += 1;
    }
    counts
}

/// One direct member of a team, as `team show` lists it.
#[derive(Debug)]
pub struct MemberRow<'a> {
    pub membership: &'a Membership,
    pub name: &'a str,
    pub is_team: bool,
}

/// A person in a team's scope, with the teams they are reached by.
#[derive(Debug)]
pub struct ScopeRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// Team ids from the shown team down to the one holding the person.
    pub path: Vec<&'a str>,
    /// The same teams' names.
    pub path_names: Vec<&'a str>,
    /// The dates in which the person's results count for the team.
    pub span: Span,
}

/// A team's direct members and every person in its scope.
pub fn team_detail<'a>(
    document: &'a Document,
    team: &'a Team,
) -> (Vec<MemberRow<'a>>, Vec<ScopeRow<'a>>) {
    let members = team
        .members
        .iter()
        .map(|membership| MemberRow {
            membership,
            name: document.owner_name(&membership.id),
            is_team: document.team(&membership.id).is_some(),
        })
        .collect();
    let scope = document
        .org()
        .scope_paths(&team.id)
        .into_iter()
        .filter_map(|(path, span)| {
            let (id, teams) = path.split_last()?;
            let person = document.person(id)?;
            Some(ScopeRow {
                id,
                name: &person.name,
                path_names: teams.iter().map(|t| document.owner_name(t)).collect(),
                path: teams.to_vec(),
                span,
            })
        })
        .collect();
    (members, scope)
}

/// The team `typed` names (by id or name); a person or nobody is an error.
pub fn find_team<'a>(document: &'a Document, typed: &str) -> Result<&'a Team> {
    let id = identity::require(document, typed)?;
    match document.team(&id) {
        Some(team) => Ok(team),
        None => bail!("'{id}' is a person, not a team (see `attain team list`)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn document() -> Document {
        let mut document = Document::default();
        add_person(&mut document, "Maria Chen", None, None).unwrap();
        add_person(&mut document, "tom", Some("Tom Becker"), None).unwrap();
        add_team(
            &mut document,
            "East",
            None,
            &["maria chen".into(), "tom".into()],
        )
        .unwrap();
        document
    }

    fn edit(add: &[&str], remove: &[&str], from: Option<NaiveDate>) -> TeamEdit {
        TeamEdit {
            add: add.iter().map(|s| s.to_string()).collect(),
            remove: remove.iter().map(|s| s.to_string()).collect(),
            from,
            name: None,
        }
    }

    fn error<T: std::fmt::Debug>(result: Result<T>) -> String {
        result.unwrap_err().to_string()
    }

    #[test]
    fn a_new_owner_gets_an_id_from_a_name_or_keeps_the_id_typed() {
        let document = document();
        assert_eq!(
            document.people[0],
            Person {
                id: "maria-chen".into(),
                name: "Maria Chen".into(),
                email: None
            }
        );
        assert_eq!(document.person("tom").unwrap().name, "Tom Becker");
        assert_eq!(document.team("east").unwrap().name, "East");
        let mut document = document;
        let person = add_person(&mut document, "ana", None, Some(" ana@example.com ")).unwrap();
        assert_eq!(
            (person.name.as_str(), person.email.as_deref()),
            ("ana", Some("ana@example.com"))
        );
        assert!(error(add_person(&mut document, "Maria Chen", None, None)).contains("person edit"));
        assert!(error(add_person(&mut document, "east", None, None)).contains("share ids"));
        assert!(
            error(add_team(&mut document, "Tom Becker", None, &[]))
                .contains("would be read as 'tom'")
        );
        assert!(error(add_person(&mut document, "  ", None, None)).contains("is empty"));
        assert!(error(add_person(&mut document, "x", Some("a\nb"), None)).contains("one line"));
        assert!(error(add_person(&mut document, "A\nB", None, None)).contains("one line"));
        let long = "x".repeat(MAX_NAME_CHARS + 1);
        assert!(error(add_person(&mut document, &long, None, None)).contains("longer than"));
        for email in ["a@b", "@b.com", "a b@c.com", "a@b@c.com"] {
            assert!(
                error(add_person(&mut document, "x", None, Some(email))).contains("not an email")
            );
        }
    }

    #[test]
    fn a_rename_moves_every_reference_and_keeps_people_sorted() {
        let mut document = document();
        add_person(&mut document, "Ana", None, None).unwrap();
        let change = PersonEdit {
            rename: Some("zz-maria".into()),
            ..PersonEdit::default()
        };
        let (person, renamed) = edit_person(&mut document, "maria chen", &change).unwrap();
        assert_eq!(person.id, "zz-maria");
        assert_eq!(
            renamed,
            Some((
                "maria-chen".to_string(),
                Moved {
                    goals: 0,
                    results: 0,
                    memberships: 1
                }
            ))
        );
        let ids: Vec<&str> = document.people.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["ana", "tom", "zz-maria"]);
        assert_eq!(document.teams[0].members[0].id, "zz-maria");
        assert_eq!(document.validate(), Ok(()));
        let onto_taken = PersonEdit {
            rename: Some("east".into()),
            ..PersonEdit::default()
        };
        assert!(error(edit_person(&mut document, "tom", &onto_taken)).contains("pick another id"));
    }

    #[test]
    fn a_dated_move_ends_one_membership_and_starts_another() {
        let mut document = document();
        add_team(&mut document, "west", None, &[]).unwrap();
        let oct = date(2026, 10, 1);
        let (_, changes) =
            edit_team(&mut document, "east", &edit(&[], &["tom"], Some(oct))).unwrap();
        assert_eq!(
            changes,
            [TeamChange::Ended {
                member: "tom".into(),
                on: oct
            }]
        );
        edit_team(
            &mut document,
            "west",
            &edit(&["Tom Becker"], &[], Some(oct)),
        )
        .unwrap();
        assert_eq!(document.team("east").unwrap().members[1].to, Some(oct));
        assert_eq!(document.team("west").unwrap().members[0].from, Some(oct));
        // Ended already; and an overlapping second membership.
        let later = Some(date(2026, 11, 1));
        assert!(
            error(edit_team(
                &mut document,
                "east",
                &edit(&[], &["tom"], later)
            ))
            .contains("before 2026-11-01 already")
        );
        assert!(
            error(edit_team(
                &mut document,
                "west",
                &edit(&["tom"], &[], later)
            ))
            .contains("already a member")
        );
        // Ending before it starts would leave nothing: say how to delete it.
        let sept = Some(date(2026, 9, 1));
        assert!(
            error(edit_team(&mut document, "west", &edit(&[], &["tom"], sept)))
                .contains("leave out --from")
        );
        // Rejoining after the end is a second membership.
        edit_team(&mut document, "east", &edit(&["tom"], &[], later)).unwrap();
        assert_eq!(document.team("east").unwrap().members.len(), 3);
        let (_, changes) = edit_team(&mut document, "east", &edit(&[], &["tom"], None)).unwrap();
        assert_eq!(
            changes,
            [TeamChange::Left {
                member: "tom".into()
            }]
        );
        assert_eq!(document.team("east").unwrap().members.len(), 1);
    }

    #[test]
    fn teams_that_would_hold_each_other_are_refused() {
        let mut document = document();
        add_team(&mut document, "org", None, &["east".into()]).unwrap();
        let message = error(edit_team(&mut document, "east", &edit(&["org"], &[], None)));
        assert!(message.contains("cycle (east → org → east)"), "{message}");
        assert!(
            error(add_team(&mut document, "north", None, &["north".into()]))
                .contains("cannot hold itself")
        );
        assert!(
            error(edit_team(&mut document, "tom", &edit(&["east"], &[], None)))
                .contains("is a person")
        );
    }

    #[test]
    fn summaries_hold_the_teams_of_the_as_of_date() {
        let mut document = document();
        add_team(&mut document, "org", None, &["east".into()]).unwrap();
        edit_team(
            &mut document,
            "east",
            &edit(&[], &["tom"], Some(date(2026, 10, 1))),
        )
        .unwrap();
        let before = people(&document, date(2026, 9, 30));
        let after = people(&document, date(2026, 10, 1));
        assert_eq!(before[1].teams.len(), 1);
        assert!(after[1].teams.is_empty());
        let teams = teams(&document, date(2026, 10, 1));
        assert_eq!((teams[0].team.id.as_str(), teams[0].current), ("east", 1));
        assert_eq!(teams[0].parents[0].id, "org");
        let org = document.team("org").unwrap();
        let (members, scope) = team_detail(&document, org);
        assert!(members[0].is_team);
        let via: Vec<(&str, Vec<&str>)> =
            scope.iter().map(|s| (s.id, s.path_names.clone())).collect();
        assert_eq!(
            via,
            [
                ("maria-chen", vec!["org", "East"]),
                ("tom", vec!["org", "East"])
            ]
        );
        assert_eq!(span_text(scope[1].span), "before 2026-10-01");
    }
}
