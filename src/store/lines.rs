//! The results section of the file as it was read, when the fast reader
//! found every line exactly as attain writes its record, in id order
//! ([`super::fast::read`]). A change is then told from those lines rather
//! than from a copy of the document made before it: history compares the
//! results after the change with the lines ([`delta`]), and a save copies
//! the lines of results the change did not touch ([`Lines::take`]). On a
//! million results that spares a copy of them all.

use std::cmp::Ordering;

use crate::domain::goal::Record;
use crate::domain::history::{Delta, delta as records_delta};
use crate::domain::ids::ResultId;

use super::fast::{self, RELEASE_EVERY, Release};
use super::write::write_record;

/// The lines of a results section, in file order, each without its indent
/// and comma.
pub struct Lines<'a> {
    rest: &'a [u8],
    /// The lines passed over but not yet let go of, and how.
    kept: &'a [u8],
    release: Release<'a>,
}

impl<'a> Lines<'a> {
    /// The lines of `section`, handing `release` the ones passed over a
    /// few mebibytes at a time.
    pub fn new(section: &'a [u8], release: Release<'a>) -> Self {
        Lines {
            rest: section,
            kept: section,
            release,
        }
    }

    /// The line of the result with this id, passing over the lines of ids
    /// before it. `None` when there is none: the results are written in
    /// the order the lines are in, so a line not found is a result the
    /// change added.
    pub fn take(&mut self, id: &ResultId) -> Option<&'a [u8]> {
        loop {
            let line = self.peek()?;
            match compare(line_id(line)?, id) {
                Ordering::Less => self.skip(),
                Ordering::Equal => {
                    self.skip();
                    return Some(line);
                }
                Ordering::Greater => return None,
            }
        }
    }

    fn peek(&self) -> Option<&'a [u8]> {
        if self.rest.is_empty() {
            return None;
        }
        let end = memchr::memchr(b'\n', self.rest).unwrap_or(self.rest.len());
        let line = self.rest[..end].strip_prefix(b"    ")?;
        Some(line.strip_suffix(b",").unwrap_or(line))
    }

    fn skip(&mut self) {
        self.rest = match memchr::memchr(b'\n', self.rest) {
            Some(end) => &self.rest[end + 1..],
            None => &[],
        };
        let passed = self.kept.len() - self.rest.len();
        if passed >= RELEASE_EVERY || self.rest.is_empty() {
            (self.release)(&self.kept[..passed]);
            self.kept = self.rest;
        }
    }
}

/// What a change did to the results, from the section as read and the
/// results after it (in id order): the same as [`records_delta`] given
/// the results before the change.
pub fn delta(
    section: &[u8],
    after: &[Record],
    release: Release,
) -> Option<Delta<Record, ResultId>> {
    by_lines(section, after, release).or_else(|| {
        // Not as the fast reader left it: read the lines once more.
        let before = fast::section_records(section)?;
        Some(records_delta(&before, after, |r| &r.id))
    })
}

fn by_lines(section: &[u8], after: &[Record], release: Release) -> Option<Delta<Record, ResultId>> {
    let mut out = Delta::default();
    let mut lines = Lines::new(section, release);
    let mut written = Vec::with_capacity(256);
    let mut after = after.iter().peekable();
    loop {
        let order = match (lines.peek(), after.peek()) {
            (Some(line), Some(new)) => compare(line_id(line)?, &new.id),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => return Some(out),
        };
        match order {
            Ordering::Less => {
                out.removed.push(fast::line_record(lines.peek()?)?);
                lines.skip();
            }
            Ordering::Greater => out.added.push(after.next()?.id.clone()),
            Ordering::Equal => {
                let line = lines.peek()?;
                written.clear();
                write_record(&mut written, after.next()?);
                if written != line {
                    out.changed.push(fast::line_record(line)?);
                }
                lines.skip();
            }
        }
    }
}

/// A line's id against an id, in [`ResultId`]'s order (shorter first).
fn compare(line_id: &[u8], id: &ResultId) -> Ordering {
    let id = id.as_str().as_bytes();
    (line_id.len(), line_id).cmp(&(id.len(), id))
}

/// The id of a result line as attain writes it: `{"id":"…",`.
fn line_id(line: &[u8]) -> Option<&[u8]> {
    let rest = line.strip_prefix(b"{\"id\":\"")?;
    let end = memchr::memchr(b'"', rest)?;
    Some(&rest[..end])
}
