//! One identity rule for owners in every command, filter and import: an
//! owner typed as `Maria Chen`, `maria chen` or `maria-chen` is the person
//! `maria-chen`; letters outside ASCII fold (`Zoë` is `zoe`), but two
//! different names never become one person without an error.

use anyhow::{Result, anyhow, bail};

use crate::domain::goal::is_valid_id;
use crate::domain::org::{Person, same_spelling, slug};
use crate::store::Document;

/// The id of the person or team `typed` names, or `None` when nobody by
/// that name is in the file. In order: an id as typed; the owner whose id
/// is the typed text's slug, when their name is spelled so; anyone whose
/// name is spelled so (a person added under an id of their own, `zoe2`
/// named `Zoë`); the owner of the slug, when the typed text is ASCII. A
/// typed name that folds onto someone whose name is spelled differently
/// (`Zoë` onto `Zoé`) is an error.
pub fn resolve(document: &Document, typed: &str) -> Result<Option<String>> {
    let typed = typed.trim();
    if document.is_owner(typed) {
        return Ok(Some(typed.to_string()));
    }
    let id = slug(typed);
    let slug_owner = document.is_owner(&id);
    if slug_owner && same_spelling(typed, document.owner_name(&id)) {
        return Ok(Some(id));
    }
    // Only reached for a name not spelled as its slug's owner's: a scan
    // here keeps the common case (an id, or a registered name) a lookup.
    if let Some(named) = spelled(document, typed) {
        return Ok(Some(named.to_string()));
    }
    if !slug_owner {
        return Ok(None);
    }
    let name = document.owner_name(&id);
    if same_spelling(typed, &id) {
        return Ok(Some(id));
    }
    bail!(
        "'{}' and '{name}' would both be '{id}'; if they are two people, add the new one with \
         its own id: `attain person add ID --name \"{}\"`",
        crate::domain::text::echo(typed),
        crate::domain::text::echo(typed)
    )
}

/// The person or team whose name is spelled as `typed`, but for case,
/// spacing and punctuation.
fn spelled<'a>(document: &'a Document, typed: &str) -> Option<&'a str> {
    document
        .owners()
        .find(|(_, name)| same_spelling(typed, name))
        .map(|(id, _)| id)
}

/// Like [`resolve`], but an unknown owner is an error with "did you mean".
pub fn require(document: &Document, typed: &str) -> Result<String> {
    resolve(document, typed)?.ok_or_else(|| unknown_owner(document, typed))
}

/// The id of the owner `typed` names, registering a person when nobody by
/// that name is in the file yet: their name is the text as typed and their
/// id its slug.
pub fn register(document: &mut Document, typed: &str) -> Result<String> {
    if let Some(id) = resolve(document, typed)? {
        return Ok(id);
    }
    let typed = typed.trim();
    let id = slug(typed);
    if !is_valid_id(&id) {
        bail!(
            "'{}' is not a name an id can be made from; use letters or digits",
            crate::domain::text::echo(typed)
        );
    }
    let person = Person {
        id: id.clone(),
        name: typed.to_string(),
        email: None,
    };
    let at = document
        .people
        .binary_search_by(|p| p.id.cmp(&id))
        .unwrap_or_else(|i| i);
    document.people.insert(at, person);
    Ok(id)
}

/// Like [`register`], for names read from a file (a CRM export): a name
/// nobody has that is close to someone's (`Marai Chen` beside `Maria
/// Chen`) is more likely a typo than a new person, and is refused.
pub fn register_unless_close(document: &mut Document, typed: &str) -> Result<String> {
    if let Some(id) = resolve(document, typed)? {
        return Ok(id);
    }
    if let Some((id, name)) = closest(document, typed, TYPO) {
        bail!(
            "no person or team named '{}'; did you mean '{name}' ({id})? If '{}' is someone new, \
             add them first: `attain person add \"{}\"`",
            crate::domain::text::echo(typed.trim()),
            crate::domain::text::echo(typed.trim()),
            crate::domain::text::echo(typed.trim())
        );
    }
    register(document, typed)
}

/// How alike (Jaro-Winkler) an unknown name and a known id must be for an
/// import to refuse the name as a typo, and for an error to suggest it.
const TYPO: f64 = 0.9;
const SUGGEST: f64 = 0.8;

/// The person or team whose id is closest to the slug of `typed`, if any
/// is at least `at_least` alike.
fn closest<'a>(document: &'a Document, typed: &str, at_least: f64) -> Option<(&'a str, &'a str)> {
    let key = slug(typed);
    document
        .owners()
        .map(|(id, name)| (strsim::jaro_winkler(&key, id), id, name))
        .filter(|(score, ..)| *score >= at_least)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id, name)| (id, name))
}

/// "no person or team named X; did you mean Y?"
pub fn unknown_owner(document: &Document, typed: &str) -> anyhow::Error {
    let shown = crate::domain::text::echo(typed);
    match closest(document, typed, SUGGEST) {
        Some((id, name)) => anyhow!(
            "no person or team named '{shown}'; did you mean '{name}' ({id})? (see `attain person \
             list` and `attain team list`)"
        ),
        None => anyhow!(
            "no person or team named '{shown}' (see `attain person list` and `attain team list`)"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> Document {
        let mut document = Document::default();
        for name in ["Maria Chen", "Zoé"] {
            register(&mut document, name).unwrap();
        }
        document
    }

    #[test]
    fn every_spelling_of_a_name_is_one_person() {
        let document = document();
        for typed in ["Maria Chen", "maria chen", "maria-chen", " MARIA CHEN "] {
            assert_eq!(
                resolve(&document, typed).unwrap().as_deref(),
                Some("maria-chen")
            );
        }
        assert_eq!(resolve(&document, "zoé").unwrap().as_deref(), Some("zoe"));
        assert_eq!(resolve(&document, "zoe").unwrap().as_deref(), Some("zoe"));
        assert_eq!(resolve(&document, "Tom").unwrap(), None);
    }

    #[test]
    fn two_names_that_fold_to_one_id_are_refused() {
        let document = document();
        let error = resolve(&document, "Zoë").unwrap_err().to_string();
        assert!(
            error.contains("'Zoë' and 'Zoé' would both be 'zoe'"),
            "{error}"
        );
    }

    #[test]
    fn a_person_added_under_an_id_of_their_own_is_found_by_name() {
        let mut document = document();
        for (id, name) in [("zoe2", "Zoë"), ("mc", "Mario Chen")] {
            document.people.push(Person {
                id: id.into(),
                name: name.into(),
                email: None,
            });
        }
        document.people.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(resolve(&document, "Zoë").unwrap().as_deref(), Some("zoe2"));
        assert_eq!(resolve(&document, "Zoé").unwrap().as_deref(), Some("zoe"));
        assert_eq!(resolve(&document, "zoe").unwrap().as_deref(), Some("zoe"));
        assert_eq!(
            resolve(&document, "mario chen").unwrap().as_deref(),
            Some("mc")
        );
        assert!(resolve(&document, "Zoè").is_err());
        register(&mut document, "🙂").unwrap();
        assert_eq!(resolve(&document, "").unwrap(), None);
        assert_eq!(resolve(&document, "?").unwrap(), None);
    }

    #[test]
    fn a_new_owner_is_registered_once_with_the_name_as_typed() {
        let mut document = document();
        assert_eq!(register(&mut document, "Tom Becker").unwrap(), "tom-becker");
        assert_eq!(register(&mut document, "tom becker").unwrap(), "tom-becker");
        let ids: Vec<&str> = document.people.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["maria-chen", "tom-becker", "zoe"]);
        assert_eq!(document.owner_name("tom-becker"), "Tom Becker");
        assert!(register(&mut document, "!!").is_err());
    }

    #[test]
    fn a_name_close_to_someone_s_is_taken_for_a_typo() {
        let mut document = document();
        let error = register_unless_close(&mut document, "Marai Chen")
            .unwrap_err()
            .to_string();
        assert!(error.contains("did you mean 'Maria Chen'"), "{error}");
        assert_eq!(
            register_unless_close(&mut document, "Omar Haddad").unwrap(),
            "omar-haddad"
        );
        assert_eq!(document.people.len(), 3);
    }

    #[test]
    fn an_unknown_owner_gets_a_suggestion() {
        let document = document();
        let error = require(&document, "Maria Chenn").unwrap_err().to_string();
        assert!(
            error.contains("did you mean 'Maria Chen' (maria-chen)"),
            "{error}"
        );
    }
}
