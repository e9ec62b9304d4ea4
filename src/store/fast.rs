//! The fast read of a file in attain's own layout: the results, one record
//! per line, are parsed on every core while the rest of the document is
//! parsed by serde on a thread of its own; the history may be checked and
//! left out ([`History`]). It says which parts a save may copy as they are
//! ([`Layout`]).
//!
//! It accepts only what the general reader accepts: a line it does not
//! read by hand is parsed by the same `Record` deserializer, and anything
//! unexpected (a file edited by hand into another layout, a bad record)
//! returns `None`, so that the general reader parses the whole file again
//! and reports the error with its line and column.

use std::ops::Range;
use std::thread;

use crate::domain::amount::Amount;
use crate::domain::goal::Record;
use crate::domain::goal::interned::intern;
use crate::domain::history::Entry;
use crate::domain::ids::Id;

use super::schema::{CURRENT_VERSION, Document, check_entry};
use super::write::write_record;

/// Where the history starts, and how the file ends after it.
const HISTORY_OPEN: &[u8] = b"\n  \"history\": [\n";
const HISTORY_CLOSE: &[u8] = b"\n  ]\n}\n";

/// Where the results section starts (`  "results": [` line) and what the
/// file looks like around it.
const RESULTS_OPEN: &[u8] = b"\n  \"results\": [\n";
const RESULTS_CLOSE: &[u8] = b"\n  ],\n";

/// Room left in the list of results for a command to add this many
/// without moving the whole list (a `record` on a million results would
/// otherwise copy them all to add one).
const ROOM: usize = 4096;

/// The lines parsed are let go of this many bytes at a time.
pub const RELEASE_EVERY: usize = 8 << 20;

/// Below this many bytes of results, one core does it all: a thread costs
/// more than it saves.
const PARALLEL_FROM: usize = 1 << 20;

/// The document, when the bytes are a current-version file in attain's
/// layout that parses; `None` sends the caller to the general reader.
pub fn decode(bytes: &[u8]) -> Option<Document> {
    read(bytes).map(|(document, _)| document)
}

/// [`decode`], and where the results' lines are in `bytes` when every one
/// of them is exactly the line attain writes for the record it holds, in
/// the order attain writes them (by id, each once): a save may then copy
/// the lines of results it did not change, and history compare against
/// them (see [`super::lines`]).
pub fn read(bytes: &[u8]) -> Option<(Document, Option<Range<usize>>)> {
    read_with(bytes, Reading::PLAIN).map(|(document, layout)| (document, layout.results))
}

/// Where the parts a save may copy are in the bytes read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// The results' lines, when each is exactly the line attain writes for
    /// its record, in id order.
    pub results: Option<Range<usize>>,
    /// The history, when it was read but not kept.
    pub history: Option<LeftOut>,
}

/// A history read and checked but not kept.
#[derive(Debug, Clone, PartialEq)]
pub struct LeftOut {
    /// The number of its last entry: the next one follows it.
    pub last_seq: u64,
    /// Where its entries' lines are in the bytes, when each is exactly the
    /// line attain writes for it: a save copies them and adds its own.
    pub lines: Option<Range<usize>>,
}

/// Lets go of the memory of bytes read (see [`super::bytes::FileBytes`]).
pub type Release<'a> = &'a (dyn Fn(&[u8]) + Sync);

/// How a file is read.
#[derive(Clone, Copy)]
pub struct Reading<'a> {
    /// Handed each part of the bytes once it is parsed.
    pub release: Release<'a>,
    pub history: History,
}

/// What becomes of the history read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum History {
    /// Kept in the document.
    Keep,
    /// Every entry parsed and checked as a write checks it, none kept: for
    /// a command that never shows it (a report). On a million results the
    /// history is a sixth of the memory.
    Check,
    /// Checked and not kept, and each line compared with what attain
    /// writes for its entry, so that a save can copy the lines
    /// ([`LeftOut::lines`]): for a change that never reads it.
    Copy,
}

impl Reading<'_> {
    /// Everything kept, nothing let go of.
    pub const PLAIN: Reading<'static> = Reading {
        release: &|_| (),
        history: History::Keep,
    };
}

/// [`read`], as `reading` says.
pub fn read_with(bytes: &[u8], reading: Reading) -> Option<(Document, Layout)> {
    let release = reading.release;
    let open = find(bytes, RESULTS_OPEN)? + RESULTS_OPEN.len();
    let close = open + find(&bytes[open..], RESULTS_CLOSE)?;
    let section = &bytes[open..close];
    // On a large file the rest of the document (goals, history) is parsed
    // on a thread of its own while the results are.
    let (document, results) = if section.len() < PARALLEL_FROM {
        (rest(bytes, open, close, reading), results(section, release))
    } else {
        thread::scope(|scope| {
            let rest = scope.spawn(|| rest(bytes, open, close, reading));
            let results = results(section, release);
            (rest.join().ok().flatten(), results)
        })
    };
    let (mut document, history) = document?;
    let (results, verbatim) = results?;
    document.results = results.into();
    let layout = Layout {
        results: verbatim.then_some(open..close),
        history,
    };
    Some((document, layout))
}

/// The document but its results: the file with an empty results array in
/// place of the section from `open` to `close` (and the history's too,
/// when it is not kept: its entries are checked on their own).
fn rest(
    bytes: &[u8],
    open: usize,
    close: usize,
    reading: Reading,
) -> Option<(Document, Option<LeftOut>)> {
    let tail_at = close + RESULTS_CLOSE.len() - 2;
    let mut tail = &bytes[tail_at..];
    // The history's entries' lines, from `    {"seq":` to the last `}`.
    let mut history = None;
    if reading.history != History::Keep
        && let Some(at) = find(tail, HISTORY_OPEN)
        && tail.ends_with(HISTORY_CLOSE)
    {
        let start = tail_at + at + HISTORY_OPEN.len();
        history = Some(start..bytes.len() - HISTORY_CLOSE.len());
        tail = &tail[..at + HISTORY_OPEN.len() - 2];
    }
    let mut rest = Vec::with_capacity(open + tail.len() + 8);
    rest.extend_from_slice(&bytes[..open - 1]);
    rest.extend_from_slice(b"]");
    rest.extend_from_slice(tail);
    if history.is_some() {
        rest.extend_from_slice(b"[]\n}\n");
    }
    let document: Document = serde_json::from_slice(&rest).ok()?;
    let left_out = match history {
        Some(lines) => {
            let array = &bytes[lines.start - 2..lines.end + 4];
            let (last_seq, verbatim) = match reading.history {
                History::Copy => check_history(array)?,
                _ => (
                    serde_json::from_slice::<CheckedHistory>(array).ok()?.0,
                    false,
                ),
            };
            Some(LeftOut {
                last_seq,
                lines: verbatim.then_some(lines),
            })
        }
        None => None,
    };
    (reading.release)(&bytes[close..]);
    let current = document.version == CURRENT_VERSION && document.results.is_empty();
    current.then_some((document, left_out))
}

/// Checks the history's entries (`array`: `[`, one entry a line, `  ]`) as
/// [`Document::validate`] does, keeping none: the last entry's number, and
/// whether every line is exactly what attain writes for its entry.
fn check_history(array: &[u8]) -> Option<(u64, bool)> {
    match verbatim_history(array) {
        Some(last) => Some((last, true)),
        // Not one entry a line as attain writes it: the entries are
        // checked as an array, and written anew.
        None => serde_json::from_slice::<CheckedHistory>(array)
            .ok()
            .map(|checked| (checked.0, false)),
    }
}

/// The last entry's number, when every line of the history is exactly
/// what attain writes for an entry, and the entries check.
fn verbatim_history(array: &[u8]) -> Option<u64> {
    let mut rest = array.strip_prefix(b"[\n")?.strip_suffix(b"\n  ]")?;
    let mut last = 0;
    let mut written = Vec::new();
    while !rest.is_empty() {
        let (line, next) = split_line(rest);
        let body = body(line, next.is_empty())?;
        let entry: Entry = serde_json::from_slice(body).ok()?;
        check_entry(&entry, last).ok()?;
        written.clear();
        serde_json::to_writer(&mut written, &entry).ok()?;
        if written != body {
            return None;
        }
        last = entry.seq;
        rest = next;
    }
    Some(last)
}

/// The first line of `text` and what follows its newline.
fn split_line(text: &[u8]) -> (&[u8], &[u8]) {
    match memchr::memchr(b'\n', text) {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, &text[text.len()..]),
    }
}

/// A record's text in a line of an array as attain writes it: `    {...},`,
/// the last one without the comma.
fn body(line: &[u8], last: bool) -> Option<&[u8]> {
    let body = line.strip_prefix(b"    ")?;
    if last {
        Some(body)
    } else {
        body.strip_suffix(b",")
    }
}

/// The history read, each entry parsed and checked as
/// [`Document::validate`] checks it, and dropped: the last entry's number.
struct CheckedHistory(u64);

impl<'de> serde::Deserialize<'de> for CheckedHistory {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(CheckedHistory(0))
    }
}

impl<'de> serde::de::Visitor<'de> for CheckedHistory {
    type Value = CheckedHistory;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("the history's entries")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self, A::Error> {
        let mut last = 0;
        while let Some(entry) = seq.next_element::<Entry>()? {
            check_entry(&entry, last).map_err(serde::de::Error::custom)?;
            last = entry.seq;
        }
        Ok(CheckedHistory(last))
    }
}

/// The records of the results section's lines (`    {...},` each, the
/// last without the comma), and whether every line is verbatim (see
/// [`lines`]).
fn results(section: &[u8], release: Release) -> Option<(Vec<Record>, bool)> {
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    if cores < 2 || section.len() < PARALLEL_FROM {
        let mut out = Vec::with_capacity(line_count(section) + ROOM);
        return lines(section, true, &mut out, release).map(|verbatim| (out, verbatim));
    }
    in_parts(section, cores, release)
}

/// [`results`] split on line boundaries into `count` parts, each parsed
/// on a thread of its own.
fn in_parts(section: &[u8], count: usize, release: Release) -> Option<(Vec<Record>, bool)> {
    let mut parts = Vec::with_capacity(count);
    let mut start = 0;
    for i in 1..count {
        let guess = (section.len() * i / count).max(start);
        let Some(newline) = memchr::memchr(b'\n', &section[guess..]) else {
            break;
        };
        let end = guess + newline;
        parts.push(&section[start..end]);
        start = end + 1;
    }
    parts.push(&section[start..]);
    let count = parts.len();
    // The first part is parsed into the whole list, made as long as the
    // section has lines, and the others are moved in after it: the parsed
    // results are never all held twice.
    let mut out = Vec::with_capacity(line_count(section) + ROOM);
    let (first, others) = parts.split_first()?;
    let (verbatim, parsed) = thread::scope(|scope| {
        let handles: Vec<_> = others
            .iter()
            .enumerate()
            .map(|(i, part)| {
                scope.spawn(move || {
                    let mut records = Vec::with_capacity(line_count(part));
                    lines(part, i + 2 == count, &mut records, release)
                        .map(|verbatim| (records, verbatim))
                })
            })
            .collect();
        let own = lines(first, count == 1, &mut out, release);
        let rest: Option<Vec<(Vec<Record>, bool)>> = handles
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect();
        Some((own?, rest?))
    })?;
    let mut all_verbatim = verbatim;
    for (part, verbatim) in parsed {
        let in_order = match (out.last(), part.first()) {
            (Some(last), Some(first)) => last.id < first.id,
            _ => true,
        };
        all_verbatim &= verbatim && in_order;
        out.extend(part);
    }
    Some((out, all_verbatim))
}

/// How many lines a part holds (the last one need not end in a newline).
fn line_count(part: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', part).count() + 1
}

/// Parses `    {...},` lines; `last` says whether the final line is the
/// section's last record (no comma after it). Says whether every line is
/// verbatim: read by hand, with its number as attain writes it (so that
/// writing the record gives the line back, byte for byte).
fn lines(part: &[u8], last: bool, out: &mut Vec<Record>, release: Release) -> Option<bool> {
    let mut verbatim = true;
    let mut scratch = Vec::new();
    let mut rest = part;
    let mut kept = part;
    while !rest.is_empty() {
        if kept.len() - rest.len() >= RELEASE_EVERY {
            release(&kept[..kept.len() - rest.len()]);
            kept = rest;
        }
        let (line, next) = split_line(rest);
        let body = body(line, next.is_empty() && last)?;
        // The common line by hand; anything else (an escape in a string,
        // another key order) through serde, which decides.
        let parsed = match record(body) {
            Some((parsed, canonical)) => {
                verbatim &= canonical;
                parsed
            }
            None => {
                let parsed: Record = serde_json::from_slice(body).ok()?;
                // A line with an escape in a string is still verbatim when
                // attain would write it so (serde escapes one way only).
                if verbatim {
                    scratch.clear();
                    write_record(&mut scratch, &parsed);
                    verbatim = scratch == body;
                }
                parsed
            }
        };
        // In the order attain writes them, too.
        verbatim &= out.last().is_none_or(|last| last.id < parsed.id);
        out.push(parsed);
        rest = next;
    }
    release(kept);
    Some(verbatim)
}

/// The record of one line of the results section (indent and comma cut),
/// read as [`decode`] reads it.
pub fn line_record(line: &[u8]) -> Option<Record> {
    match record(line) {
        Some((record, _)) => Some(record),
        None => serde_json::from_slice(line).ok(),
    }
}

/// The records of a results section, as [`decode`] reads them.
pub fn section_records(section: &[u8]) -> Option<Vec<Record>> {
    results(section, &|_| ()).map(|(records, _)| records)
}

/// A result line as attain writes it, keys in order (`id`, `owner`,
/// `metric`, `date`, `value`, then `note`, `ref` and `goal` when set),
/// strings without escapes, parsed without serde. `None` when the line is
/// anything else: serde then parses it, and accepts or refuses it. Also
/// says whether the number is written as attain writes it (see
/// [`canonical_number`]).
fn record(line: &[u8]) -> Option<(Record, bool)> {
    // One UTF-8 check for the line; its strings are cut at quotes, which
    // are ASCII and so always between characters.
    let text = std::str::from_utf8(line).ok()?;
    let mut p = Cursor { text, at: 0 };
    p.expect(b"{\"id\":\"")?;
    let id = p.string()?;
    p.expect(b",\"owner\":\"")?;
    let owner = p.string()?;
    p.expect(b",\"metric\":\"")?;
    let metric = p.string()?;
    p.expect(b",\"date\":\"")?;
    let date = crate::domain::period::parse_iso_date(p.string()?)?;
    p.expect(b",\"value\":")?;
    let number = p.number()?;
    let value = Amount::from_json_number(number).ok()?;
    let mut optional = [None, None, None];
    for (slot, key) in
        optional
            .iter_mut()
            .zip([&b",\"note\":\""[..], b",\"ref\":\"", b",\"goal\":\""])
    {
        if p.rest().starts_with(key) {
            p.at += key.len();
            *slot = Some(Box::<str>::from(p.string()?));
        }
    }
    p.expect(b"}")?;
    if p.at != line.len() {
        return None;
    }
    let [note, reference, goal] = optional;
    let record = Record {
        id: Id(id.into()),
        owner: intern(owner),
        metric: intern(metric),
        date,
        value,
        note,
        reference,
        goal,
    };
    Some((record, canonical_number(number)))
}

/// Whether a JSON number (within the amount limits) is written as the
/// writer writes the amount it stands for, the normalized decimal: no
/// exponent, no trailing zero after a decimal point, no minus zero.
fn canonical_number(text: &str) -> bool {
    let exponent = text.contains(['e', 'E']);
    let trailing_zero = text.contains('.') && text.ends_with('0');
    !exponent && !trailing_zero && text != "-0"
}

struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a [u8] {
        &self.text.as_bytes()[self.at..]
    }

    fn expect(&mut self, text: &[u8]) -> Option<()> {
        self.rest().starts_with(text).then(|| self.at += text.len())
    }

    /// The text up to the closing quote, which it steps over: none with an
    /// escape or a control character (serde decides those).
    fn string(&mut self) -> Option<&'a str> {
        let rest = self.rest();
        let end = memchr::memchr2(b'"', b'\\', rest)?;
        if rest[end] != b'"' {
            return None;
        }
        if rest[..end].iter().any(|&b| b < 0x20) {
            return None;
        }
        let text = self.text.get(self.at..self.at + end)?;
        self.at += end + 1;
        Some(text)
    }

    /// A JSON number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Option<&'a str> {
        let rest = self.rest();
        let mut i = 0;
        let digits = |i: &mut usize| {
            let start = *i;
            while rest.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i > start
        };
        if rest.first() == Some(&b'-') {
            i += 1;
        }
        match rest.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                digits(&mut i);
            }
            _ => return None,
        }
        if rest.get(i) == Some(&b'.') {
            i += 1;
            if !digits(&mut i) {
                return None;
            }
        }
        if matches!(rest.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(rest.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !digits(&mut i) {
                return None;
            }
        }
        let text = self.text.get(self.at..self.at + i)?;
        self.at += i;
        Some(text)
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_canonical_file_reads_the_same_as_with_the_general_reader() {
        let mut document = Document::default();
        for i in 0..2000 {
            document.results.push(
                serde_json::from_str(&format!(
                    r#"{{"id":"{i}","owner":"ana","metric":"revenue","date":"2026-07-{:02}","value":{i}.5,"note":"n, \"{i}\""}}"#,
                    i % 28 + 1
                ))
                .unwrap(),
            );
        }
        document.normalize();
        let bytes = document.to_bytes().unwrap();
        assert_eq!(decode(&bytes), Some(document.clone()));
        // Split across threads too (as on a million results), in as
        // many parts as there are cores, or more.
        let section = &bytes[find(&bytes, RESULTS_OPEN).unwrap() + RESULTS_OPEN.len()
            ..find(&bytes, RESULTS_CLOSE).unwrap()];
        for count in [2, 3, 7] {
            let (parts, verbatim) = in_parts(section, count, &|_| ()).unwrap();
            assert_eq!(parts[..], document.results[..], "{count} parts");
            // The notes hold an escaped quote: serde reads those lines,
            // and they are still as attain writes them.
            assert!(verbatim);
        }
    }

    #[test]
    fn a_plain_line_is_read_by_hand_and_one_with_an_escape_is_not() {
        let line = r#"{"id":"7k2m","owner":"ana","metric":"revenue","date":"2026-07-01","value":-1.50,"note":"Acme, é ~","ref":"CRM-1","goal":"g"}"#;
        let (by_hand, canonical) = record(line.as_bytes()).unwrap();
        assert!(!canonical, "-1.50 is written -1.5");
        assert_eq!(by_hand, serde_json::from_str::<Record>(line).unwrap());
        assert_eq!(by_hand.value.to_string(), "-1.5");
        assert_eq!(by_hand.reference.as_deref(), Some("CRM-1"));
        for other in [
            r#"{"id":"7k2m","owner":"a\"b","metric":"revenue","date":"2026-07-01","value":1}"#,
            r#"{"owner":"ana","id":"7k2m","metric":"revenue","date":"2026-07-01","value":1}"#,
            r#"{"id":"7k2m","owner":"ana","metric":"revenue","date":"2026-07-01","value":01}"#,
            r#"{"id":"7k2m","owner":"ana","metric":"revenue","date":"2026-07-01","value":1.}"#,
            r#"{"id":"7k2m","owner":"ana","metric":"revenue","date":"2026-07-01","value":1e}"#,
            r#"{"id":"7k2m","owner":"ana","metric":"revenue","date":"2026-7-01","value":1}"#,
            r#"{"id":"7k2m","owner":"ana","metric":"revenue","date":"2026-07-01","value":1,"note":null}"#,
            r#"{"id":"7k2m","owner":"ana","metric":"revenue","date":"2026-07-01","value":1} "#,
            "{\"id\":\"7k\u{1}\",\"owner\":\"ana\",\"metric\":\"revenue\",\"date\":\"2026-07-01\",\"value\":1}",
        ] {
            assert!(record(other.as_bytes()).is_none(), "{other}");
        }
        for (value, read) in [("0", "0"), ("0.5", "0.5"), ("-0.25", "-0.25"), ("10", "10")] {
            let line = format!(
                r#"{{"id":"1","owner":"ana","metric":"m","date":"2026-07-01","value":{value}}}"#
            );
            let (by_hand, _) = record(line.as_bytes()).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(by_hand.value.to_string(), read);
        }
        let exponent =
            r#"{"id":"1","owner":"ana","metric":"m","date":"2026-07-01","value":1.5E+3}"#;
        assert_eq!(
            record(exponent.as_bytes()).unwrap().0.value.to_string(),
            "1500"
        );
    }

    #[test]
    fn anything_unexpected_goes_to_the_general_reader() {
        let mut document = Document::default();
        document.results.push(
            serde_json::from_str(
                r#"{"id":"1","owner":"ana","metric":"revenue","date":"2026-07-01","value":1}"#,
            )
            .unwrap(),
        );
        document.results.push(
            serde_json::from_str(
                r#"{"id":"2","owner":"ana","metric":"revenue","date":"2026-07-02","value":2}"#,
            )
            .unwrap(),
        );
        let text = String::from_utf8(document.to_bytes().unwrap()).unwrap();
        assert!(decode(text.as_bytes()).is_some());
        for broken in [
            // A comma after the last record.
            text.replace("\"value\":2}\n", "\"value\":2},\n"),
            // No comma between two.
            text.replace("\"value\":1},\n", "\"value\":1}\n"),
            // An unknown field.
            text.replace("\"value\":2}", "\"value\":2,\"x\":1}"),
            // Two records on a line.
            text.replace("\"value\":1},\n    ", "\"value\":1}, "),
            // Another version.
            text.replace("\"version\": 2", "\"version\": 1"),
            // Results somewhere else than attain writes them.
            text.replace("  \"results\": [\n", "  \"results\":\n  [\n"),
        ] {
            assert_eq!(decode(broken.as_bytes()), None, "{broken}");
        }
    }
}
