//! The ids of results, logged celebrations and review actions: unique
//! without coordination, 64 random bits written as 13 lowercase base32
//! characters (Crockford's alphabet, no `i l o u`). Two managers recording
//! a result, logging a celebration or planning an action on two git
//! branches never pick the same one, so the branches merge, and so do
//! files read as one. Commands accept any unique prefix of at least 4
//! characters, as git does with hashes, and tables show the shortest
//! unique prefix.
//!
//! The numbers of older files are kept as their text: format-1 result ids
//! (`"12"`), and the celebration and action ids of earlier format-2 files,
//! which were JSON numbers (`3` is read as `"3"` and written as a string).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// Each byte's value as a digit of [`ALPHABET`], or [`NOT_A_DIGIT`]: a
/// table, because ids are checked for every result of a file on load.
const DIGIT: [u8; 256] = {
    let mut table = [NOT_A_DIGIT; 256];
    let mut i = 0;
    while i < ALPHABET.len() {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};
const NOT_A_DIGIT: u8 = 0xff;

/// How far above the day's last id [`Id::after`] may go: 2^40.
pub const AFTER_STEP: u64 = 1 << 40;

/// The shortest prefix commands accept.
pub const MIN_PREFIX: usize = 4;

/// The id of a result, a logged celebration or a review action.
///
/// Ids order by length, then text: migrated numeric ids keep their
/// numeric order (`2` before `10`) and come before generated ones.
/// Written as a JSON string; read from a string or, as older files wrote
/// them, a whole number (kept as its text).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Id(pub Box<str>);

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(IdVisitor)
    }
}

/// Reads an id from a string, or from a number as older files wrote it.
struct IdVisitor;

impl serde::de::Visitor<'_> for IdVisitor {
    type Value = Id;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an id (a string, or a whole number as older files wrote it)")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Id, E> {
        Ok(Id(text.into()))
    }

    fn visit_u64<E: serde::de::Error>(self, number: u64) -> Result<Id, E> {
        Ok(Id(number.to_string().into()))
    }

    fn visit_i64<E: serde::de::Error>(self, number: i64) -> Result<Id, E> {
        match u64::try_from(number) {
            Ok(number) => self.visit_u64(number),
            Err(_) => Err(E::invalid_value(
                serde::de::Unexpected::Signed(number),
                &self,
            )),
        }
    }
}

impl Ord for Id {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.0.len(), &self.0).cmp(&(other.0.len(), &other.0))
    }
}

impl PartialOrd for Id {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Id {
    /// The id for 64 random bits.
    pub fn from_bits(bits: u64) -> Self {
        let mut text = [0u8; 13];
        // 13 × 5 = 65 bits: the first character holds the top 4.
        for (i, slot) in text.iter_mut().enumerate() {
            let shift = 60 - 5 * i;
            *slot = ALPHABET[((bits >> shift) & 0x1f) as usize];
        }
        Id(String::from_utf8_lossy(&text).into())
    }

    /// The 64 bits of a generated id; `None` for a migrated one.
    pub fn bits(&self) -> Option<u64> {
        if self.0.len() != 13 {
            return None;
        }
        self.0
            .bytes()
            .try_fold(0u64, |bits, b| match DIGIT[b as usize] {
                NOT_A_DIGIT => None,
                digit => Some((bits << 5) + u64::from(digit)),
            })
    }

    /// A generated id that sorts after `earlier`, from 64 random bits: for
    /// a result recorded on the same date as `earlier`, so that `latest`
    /// takes the one recorded last. It lies at most [`AFTER_STEP`] above
    /// `earlier`, so a day's ids climb slowly and millions fit before the
    /// top of the range; past the top, the bits alone.
    pub fn after(earlier: &Id, random: u64) -> Self {
        match earlier.bits() {
            Some(floor) if floor < u64::MAX => {
                let room = (u64::MAX - floor).min(AFTER_STEP);
                Id::from_bits(floor + 1 + random % room)
            }
            _ => Id::from_bits(random),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the text is a valid id: 1 to 32 characters of the base32
    /// alphabet (which includes the digits of migrated ids).
    pub fn is_valid(text: &str) -> bool {
        (1..=32).contains(&text.len()) && text.bytes().all(|b| DIGIT[b as usize] != NOT_A_DIGIT)
    }
}

impl From<&str> for Id {
    fn from(text: &str) -> Self {
        Id(text.into())
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How a typed id matched the ids there are.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup<T> {
    Found(T),
    /// No id is or starts with the text.
    None,
    /// Several ids start with the text (the first few given).
    Ambiguous(Vec<T>),
    /// A prefix shorter than [`MIN_PREFIX`] that is not a whole id.
    TooShort,
}

/// Finds the id `typed` names among `ids`: an exact id wins over a prefix;
/// otherwise a prefix of at least [`MIN_PREFIX`] characters naming one id.
/// Case does not matter.
pub fn lookup<'a, T: Copy>(typed: &str, ids: impl IntoIterator<Item = (&'a str, T)>) -> Lookup<T> {
    let typed = typed.trim().to_ascii_lowercase();
    let mut matches = Vec::new();
    for (id, item) in ids {
        if id == typed {
            return Lookup::Found(item);
        }
        if typed.len() >= MIN_PREFIX && id.starts_with(&typed) {
            matches.push(item);
        }
    }
    match matches.len() {
        0 if typed.len() < MIN_PREFIX => Lookup::TooShort,
        0 => Lookup::None,
        1 => Lookup::Found(matches[0]),
        _ => {
            matches.truncate(3);
            Lookup::Ambiguous(matches)
        }
    }
}

/// How tables show the ids of a set: each one's shortest prefix of at
/// least [`MIN_PREFIX`] characters (the whole id when shorter) that no
/// other id of the set starts with or is, so that the prefix typed back
/// names it. For the few celebrations and actions of a file; a file's
/// results, sorted already, are looked up in place
/// (`ledger::results::short_id`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShortIds {
    /// The ids' text in byte order: the id sharing the longest prefix with
    /// an id is beside it.
    sorted: Vec<Box<str>>,
}

impl ShortIds {
    pub fn new<'a>(ids: impl IntoIterator<Item = &'a Id>) -> Self {
        let mut sorted: Vec<Box<str>> = ids.into_iter().map(|id| id.0.clone()).collect();
        sorted.sort_unstable();
        sorted.dedup();
        ShortIds { sorted }
    }

    /// The short form of `id`: the whole id when it is not one of the set.
    pub fn of<'a>(&self, id: &'a Id) -> &'a str {
        let text = id.as_str();
        let Ok(at) = self.sorted.binary_search_by(|s| (**s).cmp(text)) else {
            return text;
        };
        let common = |other: Option<&Box<str>>| {
            other.map_or(0, |other| {
                other
                    .bytes()
                    .zip(text.bytes())
                    .take_while(|(a, b)| a == b)
                    .count()
            })
        };
        let before = common(at.checked_sub(1).and_then(|i| self.sorted.get(i)));
        let after = common(self.sorted.get(at + 1));
        let len = (before.max(after) + 1).max(MIN_PREFIX).min(text.len());
        &text[..len]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_13_base32_characters_of_the_bits() {
        assert_eq!(Id::from_bits(0).as_str(), "0000000000000");
        assert_eq!(Id::from_bits(u64::MAX).as_str(), "fzzzzzzzzzzzz");
        assert_eq!(Id::from_bits(1).as_str(), "0000000000001");
        assert_eq!(Id::from_bits(31 << 5).as_str(), "00000000000z0");
        assert_eq!(Id::from_bits(1 << 63).as_str(), "8000000000000");
        assert_ne!(Id::from_bits(2), Id::from_bits(3));
        assert!(Id::is_valid("fzzzzzzzzzzzz"));
        assert!(Id::is_valid("12"));
        assert!(!Id::is_valid("oil"));
        assert!(!Id::is_valid(""));
        assert!(!Id::is_valid("ABC"));
    }

    #[test]
    fn an_id_reads_back_as_its_bits() {
        for bits in [
            0,
            1,
            31,
            32,
            0x0123_4567_89ab_cdef,
            1 << 63,
            u64::MAX - 1,
            u64::MAX,
        ] {
            assert_eq!(Id::from_bits(bits).bits(), Some(bits), "{bits:#x}");
        }
        assert_eq!(Id::from("0000000000o00").bits(), None);
    }

    #[test]
    fn ids_order_by_length_then_text() {
        let mut ids: Vec<Id> = ["10", "2", "0000000000002", "1"]
            .into_iter()
            .map(Id::from)
            .collect();
        ids.sort();
        let sorted: Vec<&str> = ids.iter().map(Id::as_str).collect();
        assert_eq!(sorted, ["1", "2", "10", "0000000000002"]);
    }

    #[test]
    fn an_id_made_after_another_sorts_after_it() {
        let earlier = Id::from_bits(1000);
        assert_eq!(earlier.bits(), Some(1000));
        assert_eq!(Id::from("12").bits(), None);
        for random in [0, 1, 999, u64::MAX] {
            let later = Id::after(&earlier, random);
            assert!(later > earlier, "{later} after {earlier}");
            assert!(later.bits().unwrap() - 1000 <= AFTER_STEP);
        }
        // Near the top of the range, the room left bounds the step.
        let near = Id::from_bits(u64::MAX - 5);
        assert_eq!(Id::after(&near, 3), Id::from_bits(u64::MAX - 1));
        assert_eq!(format!("{near}"), near.as_str());
        // Near the top of the range, still above; at the top, the bits.
        let top = Id::from_bits(u64::MAX - 1);
        assert_eq!(Id::after(&top, 7), Id::from_bits(u64::MAX));
        assert_eq!(Id::after(&Id::from_bits(u64::MAX), 7), Id::from_bits(7));
        assert_eq!(Id::after(&earlier, 0), Id::from_bits(1001));
        // A migrated id is below every generated one already.
        assert_eq!(Id::after(&Id::from("7"), 5), Id::from_bits(5));
    }

    #[test]
    fn an_exact_id_wins_and_a_prefix_needs_four_unique_characters() {
        let ids = ["12", "123", "k3j9a", "k3j9b", "x7qp2mm"];
        let find = |typed: &str| lookup(typed, ids.iter().map(|id| (*id, *id)));
        assert_eq!(find("12"), Lookup::Found("12"));
        assert_eq!(find("123"), Lookup::Found("123"));
        assert_eq!(find("x7q"), Lookup::TooShort);
        assert_eq!(find("X7QP"), Lookup::Found("x7qp2mm"));
        assert_eq!(find("k3j9"), Lookup::Ambiguous(vec!["k3j9a", "k3j9b"]));
        assert_eq!(find("k3j9b"), Lookup::Found("k3j9b"));
        assert_eq!(find("zzzz"), Lookup::None);
    }

    #[test]
    fn tables_show_the_shortest_unique_prefix_of_at_least_four() {
        let ids: Vec<Id> = ["x7qp2mm", "k3j9b0", "1", "2", "k3j9a0", "1234", "12345"]
            .into_iter()
            .map(Id::from)
            .collect();
        let short = ShortIds::new(&ids);
        let shown: Vec<&str> = ids.iter().map(|id| short.of(id)).collect();
        // "1234" is an id: "12345" is shown whole, or it would name "1234".
        assert_eq!(shown, ["x7qp", "k3j9b", "1", "2", "k3j9a", "1234", "12345"]);
        // Each short id names its own id again.
        for (id, typed) in ids.iter().zip(&shown) {
            let found = lookup(typed, ids.iter().map(|id| (id.as_str(), id)));
            assert_eq!(found, Lookup::Found(id), "{typed}");
        }
        let one = Id::from("abcdefgh");
        assert_eq!(ShortIds::new([&one]).of(&one), "abcd");
        let (a, b) = (Id::from("abcdef"), Id::from("abcdefx"));
        let pair = ShortIds::new([&a, &b]);
        assert_eq!((pair.of(&a), pair.of(&b)), ("abcdef", "abcdefx"));
        assert_eq!(pair.of(&Id::from("zzzzzz")), "zzzzzz", "not of the set");
        assert_eq!(ShortIds::default().of(&a), "abcdef");
    }

    #[test]
    fn ids_are_written_as_strings_and_read_from_strings_or_numbers() {
        let read = |json: &str| serde_json::from_str::<Id>(json).map_err(|e| e.to_string());
        assert_eq!(read("\"0cewhx2v75kwp\""), Ok(Id::from("0cewhx2v75kwp")));
        assert_eq!(read("3"), Ok(Id::from("3")));
        assert_eq!(read("0"), Ok(Id::from("0")));
        assert_eq!(
            read("18446744073709551615"),
            Ok(Id::from("18446744073709551615"))
        );
        for refused in [
            "-1",
            "1.5",
            "1e3",
            "null",
            "true",
            "[1]",
            "99999999999999999999",
        ] {
            assert!(read(refused).is_err(), "{refused}");
        }
        assert_eq!(serde_json::to_string(&Id::from("3")).unwrap(), "\"3\"");
        let from_number = read("12").unwrap();
        assert_eq!(serde_json::to_string(&from_number).unwrap(), "\"12\"");
    }
}
