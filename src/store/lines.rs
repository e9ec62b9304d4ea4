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
use crate::domain::ids::Id;

use super::fast::{self, RELEASE_EVERY, Release};
use super::results::{Results, Touched};
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
    pub fn take(&mut self, id: &Id) -> Option<&'a [u8]> {
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
pub fn delta(section: &[u8], after: &[Record], release: Release) -> Option<Delta<Record, Id>> {
    by_lines(section, after, release).or_else(|| {
        // Not as the fast reader left it: read the lines once more.
        let before = fast::section_records(section)?;
        Some(records_delta(&before, after, |r| &r.id))
    })
}

/// [`delta`] when the results noted what the change touched: only those
/// are looked at (each line found by halving the section, each result by
/// its id), unless the counts do not add up (every line is then), so that
/// adding one result to a million compares one. `loaded` is how many
/// results were read.
pub fn delta_of(
    section: &[u8],
    after: &Results,
    loaded: usize,
    release: Release,
) -> Option<Delta<Record, Id>> {
    let touched = || {
        let Touched::Ids(ids) = after.touched() else {
            return None;
        };
        let mut ids: Vec<&Id> = ids.iter().collect();
        ids.sort_unstable();
        let mut out = Delta::default();
        let mut written = Vec::new();
        for id in ids {
            let new = after
                .binary_search_by(|r| r.id.cmp(id))
                .ok()
                .map(|i| &after[i]);
            match (line_of(section, id)?, new) {
                (Some(line), Some(new)) => {
                    if !is_line_of(line, new, &mut written) {
                        out.changed.push(fast::line_record(line)?);
                    }
                }
                (Some(line), None) => out.removed.push(fast::line_record(line)?),
                (None, Some(new)) => out.added.push(new.id.clone()),
                (None, None) => {}
            }
        }
        // A result whose id changed, say, would not add up: look at all.
        let count = (loaded + out.added.len()).checked_sub(out.removed.len());
        (count == Some(after.len())).then_some(out)
    };
    touched().or_else(|| delta(section, after, release))
}

/// The line of the result with this id: `Some(None)` when there is none,
/// `None` when the section is not as attain writes it.
fn line_of<'a>(section: &'a [u8], id: &Id) -> Option<Option<&'a [u8]>> {
    let start = first_line_from(section, id)?;
    if start >= section.len() {
        return Some(None);
    }
    let end = memchr::memchr(b'\n', &section[start..]).map_or(section.len(), |i| start + i);
    let line = section[start..end].strip_prefix(b"    ")?;
    let line = line.strip_suffix(b",").unwrap_or(line);
    Some((compare(line_id(line)?, id) == Ordering::Equal).then_some(line))
}

/// Where the first line whose id is not below `id` starts (the section's
/// length when there is none), found by halving: the lines are in id
/// order.
fn first_line_from(section: &[u8], id: &Id) -> Option<usize> {
    // The start of the line holding byte `at`.
    let line_start = |at: usize| memchr::memrchr(b'\n', &section[..at]).map_or(0, |i| i + 1);
    let (mut low, mut high) = (0, section.len());
    // Every line starting before `low` has an id below `id`; the line
    // starting at `high` (if any) does not.
    while low < high {
        let start = line_start(low + (high - low) / 2).max(low);
        let end = memchr::memchr(b'\n', &section[start..]).map_or(section.len(), |i| start + i);
        let line = section[start..end].strip_prefix(b"    ")?;
        if compare(line_id(line)?, id) == Ordering::Less {
            low = end + 1;
        } else {
            high = start;
        }
    }
    Some(low.min(section.len()))
}

fn by_lines(section: &[u8], after: &[Record], release: Release) -> Option<Delta<Record, Id>> {
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

/// A line's id against an id, in [`Id`]'s order (shorter first).
fn compare(line_id: &[u8], id: &Id) -> Ordering {
    let id = id.as_str().as_bytes();
    (line_id.len(), line_id).cmp(&(id.len(), id))
}

/// The id of a result line as attain writes it: `{"id":"…",`.
fn line_id(line: &[u8]) -> Option<&[u8]> {
    let rest = line.strip_prefix(b"{\"id\":\"")?;
    let end = memchr::memchr(b'"', rest)?;
    Some(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Document;

    fn record(i: u64) -> Record {
        serde_json::from_str(&format!(
            r#"{{"id":"{}","owner":"ana","metric":"revenue","date":"2026-07-01","value":{i}}}"#,
            Id::from_bits(i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        ))
        .unwrap()
    }

    /// Results as read from a file attain wrote, and the file's section.
    fn read(count: u64) -> (Results, Vec<u8>) {
        let document = Document {
            results: (0..count).map(record).collect(),
            ..Document::default()
        };
        let mut document = document;
        document.normalize();
        let bytes = document.to_bytes().unwrap();
        let (read, range) = fast::read(&bytes).unwrap();
        (read.results, bytes[range.unwrap()].to_vec())
    }

    fn expected(before: &Results, after: &Results) -> Delta<Record, Id> {
        records_delta(before, after, |r| &r.id)
    }

    #[test]
    fn the_touched_results_alone_say_what_changed() {
        let (before, lines) = read(200);
        for at in [0, 1, 99, 198, 199] {
            let mut after = before.clone();
            after.get_mut(at).unwrap().value = crate::domain::amount::Amount::default();
            let gone = after[(at + 7) % 200].id.clone();
            after.retain(|r| r.id != gone);
            after.push(record(1000 + at as u64));
            // Noted but left as it was: not a change.
            let _ = after.get_mut((at + 50) % 199);
            after.sort_by_id();
            assert_eq!(
                delta_of(&lines, &after, 200, &|_| ()),
                Some(expected(&before, &after)),
                "at {at}"
            );
        }
    }

    #[test]
    fn counts_that_do_not_add_up_send_it_to_every_line() {
        let (before, lines) = read(50);
        let mut after = before.clone();
        // An id changed in place: only the old one is noted.
        after.get_mut(10).unwrap().id = Id("zzzz".into());
        after.sort_by_id();
        let delta = delta_of(&lines, &after, 50, &|_| ()).unwrap();
        assert_eq!(delta, expected(&before, &after));
        assert_eq!((delta.added.len(), delta.removed.len()), (1, 1));
        // Everything touched: every line is compared.
        let mut all = before.clone();
        all.iter_mut().for_each(|r| r.note = Some("n".into()));
        assert_eq!(
            delta_of(&lines, &all, 50, &|_| ()).unwrap().changed.len(),
            50
        );
    }

    #[test]
    fn the_first_line_from_an_id_is_found_by_halving() {
        let (before, lines) = read(40);
        let starts: Vec<usize> = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', &lines).map(|i| i + 1))
            .collect();
        for (i, r) in before.iter().enumerate() {
            assert_eq!(first_line_from(&lines, &r.id), Some(starts[i]), "line {i}");
            assert!(line_of(&lines, &r.id).unwrap().is_some());
        }
        let above = Id("zzzzzzzzzzzzzz".into());
        assert_eq!(first_line_from(&lines, &above), Some(lines.len()));
        assert_eq!(line_of(&lines, &above), Some(None));
        let below = Id("0".into());
        assert_eq!(first_line_from(&lines, &below), Some(0));
        assert_eq!(line_of(&lines, &below), Some(None));
    }
}
