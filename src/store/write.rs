//! The data file's writer: pretty at the top, one record per line in the
//! arrays, keys in struct order, so two saves of the same data are
//! byte-identical and a change to one record is a one-line diff.
//!
//! A save streams the bytes to the file in pieces rather than building the
//! whole file in memory first, and copies the lines of results a change
//! did not touch, and of a history it did not read, from the file as it was
//! read ([`Verbatim`]): on a million results a `record` writes two lines
//! anew (its result and its history entry), not a million.

use std::io::{self, Write};
use std::ops::Range;

use rustc_hash::FxHashSet;
use serde::Serialize;

use crate::domain::goal::Record;
use crate::domain::ids::Id;

use super::lines::Lines;
use super::schema::Document;

/// A save hands the file this much at a time.
const SPILL_AT: usize = 1 << 20;

/// The file as it was read, and what of it a save copies: the results'
/// lines when each is exactly the line [`write_record`] writes for its
/// record (the fast reader says so), all but those of the results a change
/// added or changed (`touched`); and the history's lines when it was read
/// but not kept.
#[derive(Debug)]
pub struct Verbatim {
    pub bytes: super::bytes::FileBytes,
    /// Where the results' lines are in `bytes`, when each is as attain
    /// writes it.
    pub results: Option<Range<usize>>,
    /// Where the history's lines are in `bytes`, when the history was read
    /// but not kept: they are copied, and the document's entries (the
    /// change's own) written after them.
    pub history: Option<Range<usize>>,
    /// The results the change added or changed: written anew.
    pub touched: FxHashSet<Id>,
}

impl Document {
    /// The file's bytes.
    pub fn to_bytes(&self) -> serde_json::Result<Vec<u8>> {
        let mut sink = Sink {
            buf: Vec::with_capacity(self.estimated_len()),
            to: None,
        };
        self.write(&mut sink, None)?;
        Ok(sink.buf)
    }

    /// Writes the file's bytes to `to`, a piece at a time, copying the
    /// untouched results' lines from `verbatim` when there is one.
    pub fn write_to(&self, to: &mut dyn Write, verbatim: Option<&Verbatim>) -> io::Result<()> {
        let mut sink = Sink {
            buf: Vec::with_capacity(SPILL_AT + 64 * 1024),
            to: Some(to),
        };
        self.write(&mut sink, verbatim).map_err(io::Error::from)?;
        sink.spill(0)
    }

    fn write(&self, out: &mut Sink, verbatim: Option<&Verbatim>) -> serde_json::Result<()> {
        out.buf.extend_from_slice(b"{\n");
        writeln!(out.buf, "  \"version\": {},", self.version).map_err(serde_json::Error::io)?;
        let settings = serde_json::to_string_pretty(&self.settings)?.replace('\n', "\n  ");
        writeln!(out.buf, "  \"settings\": {settings},").map_err(serde_json::Error::io)?;
        write_array(out, "people", &self.people, true)?;
        write_array(out, "teams", &self.teams, true)?;
        write_array(out, "goals", &self.goals, true)?;
        let copied = |part: fn(&Verbatim) -> &Option<Range<usize>>| {
            verbatim.and_then(|v| part(v).clone().map(|range| (v, range)))
        };
        match copied(|v| &v.results) {
            Some((verbatim, results)) => {
                let bytes = &verbatim.bytes;
                let release = |part: &[u8]| bytes.release(part);
                let mut old = Lines::new(&bytes[results], &release);
                write_array_with(out, "results", &self.results, true, |buf, record| {
                    match old.take(&record.id) {
                        Some(line) if !verbatim.touched.contains(&record.id) => {
                            buf.extend_from_slice(line);
                        }
                        _ => write_record(buf, record),
                    }
                    Ok(())
                })?;
            }
            None => write_array_with(out, "results", &self.results, true, |buf, record| {
                write_record(buf, record);
                Ok(())
            })?,
        }
        write_array(out, "celebrations", &self.celebrations, true)?;
        write_array(out, "reviews", &self.reviews, true)?;
        write_array(out, "locks", &self.locks, true)?;
        match copied(|v| &v.history) {
            Some((verbatim, lines)) => {
                // The entries read, as they were, then the change's own.
                out.buf.extend_from_slice(b"  \"history\": [\n");
                out.pass(&verbatim.bytes[lines.clone()])
                    .map_err(serde_json::Error::io)?;
                verbatim.bytes.release(&verbatim.bytes[lines]);
                for entry in &self.history {
                    out.buf.extend_from_slice(b",\n    ");
                    serde_json::to_writer(&mut out.buf, entry)?;
                }
                out.buf.extend_from_slice(b"\n  ]\n");
            }
            None => write_array(out, "history", &self.history, false)?,
        }
        out.buf.extend_from_slice(b"}\n");
        Ok(())
    }

    /// About as many bytes as [`Document::to_bytes`] writes, a little more
    /// rather than less: the buffer is reserved once, never regrown (a
    /// regrowth holds two copies of a large file at once).
    fn estimated_len(&self) -> usize {
        let history: usize = self
            .history
            .iter()
            .map(|e| {
                let c = &e.changes;
                let ids = c.people.added.len()
                    + c.teams.added.len()
                    + c.goals.added.len()
                    + c.results.added.len()
                    + c.celebrations.added.len()
                    + c.reviews.added.len()
                    + c.locks.added.len();
                let copies = c.people.len()
                    + c.teams.len()
                    + c.goals.len()
                    + c.results.len()
                    + c.celebrations.len()
                    + c.reviews.len()
                    + c.locks.len()
                    - ids;
                512 + e.command.len() + e.summary.len() + 24 * ids + 512 * copies
            })
            .sum();
        4096 + self.results.len() * 128
            + (self.people.len() + self.teams.len()) * 128
            + self.goals.len() * 384
            + self.celebrations.len() * 192
            + self.reviews.len() * 1024
            + self.locks.len() * 160
            + history
    }
}

/// Where the bytes go: a buffer, handed to the file (when there is one)
/// whenever it holds [`SPILL_AT`] bytes, so that a save never holds the
/// whole file in memory a second time.
struct Sink<'a> {
    buf: Vec<u8>,
    to: Option<&'a mut dyn Write>,
}

impl Sink<'_> {
    /// Adds bytes as they are: straight to the file when there is one.
    fn pass(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self.to.as_mut() {
            Some(to) => {
                to.write_all(&self.buf)?;
                self.buf.clear();
                to.write_all(bytes)
            }
            None => {
                self.buf.extend_from_slice(bytes);
                Ok(())
            }
        }
    }

    /// Hands the buffer to the file once it holds at least `at` bytes.
    fn spill(&mut self, at: usize) -> io::Result<()> {
        if let Some(to) = self.to.as_mut()
            && self.buf.len() >= at
        {
            to.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }
}

fn write_array<T: Serialize>(
    out: &mut Sink,
    key: &str,
    items: &[T],
    more_follow: bool,
) -> serde_json::Result<()> {
    write_array_with(out, key, items, more_follow, |buf, item| {
        serde_json::to_writer(buf, item)
    })
}

/// One result as `serde_json::to_writer` writes it, byte for byte, without
/// serde's machinery: the line written a million times on a save.
pub fn write_record(out: &mut Vec<u8>, record: &Record) {
    write_head(out, record);
    // What `Amount`'s serializer writes: the normalized decimal.
    let _ = write!(out, "{}", record.value.0.normalize());
    write_tail(out, record);
}

/// A result's line up to its value: `{"id":…,"owner":…,"metric":…,
/// "date":…,"value":`.
pub(super) fn write_head(out: &mut Vec<u8>, record: &Record) {
    out.extend_from_slice(b"{\"id\":");
    write_str(out, record.id.as_str());
    out.extend_from_slice(b",\"owner\":");
    write_str(out, &record.owner);
    out.extend_from_slice(b",\"metric\":");
    write_str(out, &record.metric);
    out.extend_from_slice(b",\"date\":\"");
    crate::domain::goal::iso_date::write(out, record.date);
    out.extend_from_slice(b"\",\"value\":");
}

/// A result's line after its value: the note, ref and goal when set, and
/// the closing brace.
pub(super) fn write_tail(out: &mut Vec<u8>, record: &Record) {
    for (key, value) in [
        (&b",\"note\":"[..], &record.note),
        (b",\"ref\":", &record.reference),
        (b",\"goal\":", &record.goal),
    ] {
        if let Some(value) = value {
            out.extend_from_slice(key);
            write_str(out, value);
        }
    }
    out.push(b'}');
}

/// A JSON string: as it is when nothing needs escaping, else through
/// serde_json, which escapes.
fn write_str(out: &mut Vec<u8>, text: &str) {
    if text.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        let _ = serde_json::to_writer(&mut *out, text);
    } else {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    }
}

fn write_array_with<T>(
    out: &mut Sink,
    key: &str,
    items: &[T],
    more_follow: bool,
    mut write: impl FnMut(&mut Vec<u8>, &T) -> serde_json::Result<()>,
) -> serde_json::Result<()> {
    let comma = if more_follow { "," } else { "" };
    if items.is_empty() {
        writeln!(out.buf, "  \"{key}\": []{comma}").map_err(serde_json::Error::io)?;
        return Ok(());
    }
    writeln!(out.buf, "  \"{key}\": [").map_err(serde_json::Error::io)?;
    for (i, item) in items.iter().enumerate() {
        out.buf.extend_from_slice(b"    ");
        write(&mut out.buf, item)?;
        out.buf
            .extend_from_slice(if i + 1 < items.len() { b",\n" } else { b"\n" });
        out.spill(SPILL_AT).map_err(serde_json::Error::io)?;
    }
    writeln!(out.buf, "  ]{comma}").map_err(serde_json::Error::io)?;
    Ok(())
}
