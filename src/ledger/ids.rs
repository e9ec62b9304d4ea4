//! New ids for logged celebrations and review actions, and the record a
//! typed id names, for every kind with an [`Id`] (results add theirs
//! through [`super::results::Recorder`], which also orders a day's ids).

use anyhow::{Result, anyhow};

use crate::domain::ids::{Id, Lookup, MIN_PREFIX, lookup};
use crate::domain::text::echo;

/// The records besides results that get new ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Celebration,
    Action,
}

impl Kind {
    /// Mixed into a seed (`ATTAIN_SEED`), so that one seed on one file
    /// draws a sequence of its own for each kind rather than the results'.
    fn salt(self) -> u64 {
        match self {
            Kind::Celebration => 0x6365_6c65_6272_6174,
            Kind::Action => 0x6163_7469_6f6e_7321,
        }
    }
}

/// Draws the new ids of one kind for one command: random (repeatable with
/// a seed), never one the file holds, never one drawn before.
pub struct NewIds {
    random: Box<dyn FnMut() -> u64>,
    drawn: Vec<Id>,
}

impl NewIds {
    /// The ids of `kind` for a document holding `count` records of it:
    /// from the operating system's random bits, or with a seed a sequence
    /// that follows from the seed, the kind and the count (so that two
    /// runs on one file draw the same ids, and a later command other ones).
    pub fn new(seed: Option<u64>, kind: Kind, count: usize) -> Self {
        let seed = seed.map(|seed| seed ^ kind.salt());
        NewIds::from_bits(super::results::id_source(seed, count))
    }

    /// The ids of a source of random bits.
    pub fn from_bits(random: impl FnMut() -> u64 + 'static) -> Self {
        NewIds {
            random: Box::new(random),
            drawn: Vec::new(),
        }
    }

    /// A new id that `taken` (the ids in the file) does not hold and that
    /// this source has not given before. The sources attain uses never
    /// repeat bits within 2^64 draws, so a free id is always reached.
    pub fn draw(&mut self, taken: impl Fn(&Id) -> bool) -> Id {
        loop {
            let id = Id::from_bits((self.random)());
            if !taken(&id) && !self.drawn.contains(&id) {
                self.drawn.push(id.clone());
                return id;
            }
        }
    }
}

/// Finds the record a typed id names among `records` (each with its id):
/// the exact id, else a unique prefix of at least [`MIN_PREFIX`]
/// characters; a leading `#` is ignored. `kind` names the records in
/// messages ("result") and `list` is the command that lists them.
pub fn find<'a, T: Copy>(
    typed: &str,
    kind: &str,
    list: &str,
    records: impl IntoIterator<Item = (&'a Id, T)>,
) -> Result<T> {
    let shown = echo(typed.trim());
    let found = lookup(
        typed.trim().trim_start_matches('#'),
        records
            .into_iter()
            .map(|(id, record)| (id.as_str(), (id, record))),
    );
    match found {
        Lookup::Found((_, record)) => Ok(record),
        Lookup::None => Err(anyhow!("no {kind} with id '{shown}' (see `{list}`)")),
        Lookup::TooShort => Err(anyhow!(
            "no {kind} with id '{shown}'; a shortened id needs at least {MIN_PREFIX} characters \
             (see `{list}`)"
        )),
        Lookup::Ambiguous(some) => {
            let mut ids: Vec<&Id> = some.iter().map(|(id, _)| *id).collect();
            ids.sort();
            Err(anyhow!(
                "'{shown}' is the start of several {kind} ids ({}, ...); type more of it",
                ids.iter()
                    .map(|id| id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_drawn_are_neither_taken_nor_drawn_twice() {
        // A source that repeats itself: 1, 1, 2, 2, 3, ...
        let mut n = 0u64;
        let mut ids = NewIds::from_bits(move || {
            n += 1;
            n.div_ceil(2)
        });
        let taken = |id: &Id| *id == Id::from_bits(2);
        assert_eq!(ids.draw(taken), Id::from_bits(1));
        // 1 again is refused as drawn, 2 as taken.
        assert_eq!(ids.draw(taken), Id::from_bits(3));
        assert_eq!(ids.draw(|_| false), Id::from_bits(4));
    }

    #[test]
    fn a_seed_draws_the_same_ids_again_and_each_kind_its_own() {
        let draw = |seed, kind, count| NewIds::new(seed, kind, count).draw(|_| false);
        let celebration = draw(Some(7), Kind::Celebration, 2);
        assert_eq!(celebration, draw(Some(7), Kind::Celebration, 2));
        assert_ne!(celebration, draw(Some(7), Kind::Celebration, 3));
        assert_ne!(celebration, draw(Some(8), Kind::Celebration, 2));
        assert_ne!(celebration, draw(Some(7), Kind::Action, 2));
        let result = Id::from_bits(super::super::results::id_source(Some(7), 2)());
        assert_ne!(celebration, result);
        assert_ne!(draw(None, Kind::Action, 0), draw(None, Kind::Action, 0));
    }

    #[test]
    fn a_typed_id_is_found_whole_or_by_a_unique_prefix() {
        let ids: Vec<Id> = ["3", "30", "k3j9a0aaaaaaa", "k3j9b0aaaaaaa", "x7qp2mmaaaaaa"]
            .into_iter()
            .map(Id::from)
            .collect();
        let find = |typed: &str| {
            find(
                typed,
                "action",
                "attain action list",
                ids.iter().map(|id| (id, id.as_str())),
            )
            .map_err(|e| e.to_string())
        };
        assert_eq!(find("3"), Ok("3"));
        assert_eq!(find("#30"), Ok("30"));
        assert_eq!(find(" X7QP "), Ok("x7qp2mmaaaaaa"));
        assert_eq!(find("k3j9b"), Ok("k3j9b0aaaaaaa"));
        assert_eq!(
            find("k3j9"),
            Err(
                "'k3j9' is the start of several action ids (k3j9a0aaaaaaa, k3j9b0aaaaaaa, ...); \
                 type more of it"
                    .into()
            )
        );
        assert_eq!(
            find("x7q"),
            Err(
                "no action with id 'x7q'; a shortened id needs at least 4 characters (see \
                 `attain action list`)"
                    .into()
            )
        );
        assert_eq!(
            find("zzzz"),
            Err("no action with id 'zzzz' (see `attain action list`)".into())
        );
    }
}
