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
use super::write::{write_head, write_record, write_tail};

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
                if !is_line_of(line, after.next()?, &mut written) {
                    out.changed.push(fast::line_record(line)?);
                }
                lines.skip();
            }
        }
    }
}

/// Whether `line`, verbatim, is the line [`write_record`] writes for
/// `record`: the same as writing it and comparing, without formatting the
/// amount when its digits can be compared with the line's.
pub fn is_line_of(line: &[u8], record: &Record, scratch: &mut Vec<u8>) -> bool {
    scratch.clear();
    write_head(scratch, record);
    let Some(rest) = line.strip_prefix(&scratch[..]) else {
        return false;
    };
    let end = rest.iter().position(|&b| b == b',' || b == b'}');
    let (number, tail) = rest.split_at(end.unwrap_or(rest.len()));
    match same_amount(number, &record.value.0) {
        Some(false) => return false,
        Some(true) => {}
        None => {
            // Zero, or a number not as the writer writes it: write it.
            scratch.clear();
            write_record(scratch, record);
            return scratch == line;
        }
    }
    scratch.clear();
    write_tail(scratch, record);
    tail == &scratch[..]
}

/// Whether a number as attain writes it (`-?digits(.digits)?`, no trailing
/// zero after the point) is `value`; `None` for zero or any other text.
fn same_amount(text: &[u8], value: &rust_decimal::Decimal) -> Option<bool> {
    let (negative, digits) = match text.strip_prefix(b"-") {
        Some(digits) => (true, digits),
        None => (false, text),
    };
    let mut mantissa: u128 = 0;
    let mut scale = 0u32;
    let mut point = false;
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa
                    .checked_mul(10)?
                    .checked_add(u128::from(b - b'0'))?;
                scale += u32::from(point);
            }
            b'.' if !point => point = true,
            _ => return None,
        }
    }
    // Only the writer's spelling: a digit first, no leading zero, digits
    // after a point and none of them a trailing zero.
    let leading_zero = digits.len() > 1 && digits[0] == b'0' && digits[1] != b'.';
    let first_digit = digits.first().is_some_and(u8::is_ascii_digit);
    let last = digits.last().copied();
    if mantissa == 0 || !first_digit || leading_zero || (point && matches!(last, Some(b'0' | b'.')))
    {
        return None;
    }
    let same = |d: &rust_decimal::Decimal| {
        d.is_sign_negative() == negative
            && d.mantissa().unsigned_abs() == mantissa
            && d.scale() == scale
    };
    Some(same(value) || same(&value.normalize()))
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
