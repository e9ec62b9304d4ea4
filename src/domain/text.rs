//! Text that attain shows back to people: cut to a bounded length so that a
//! huge value can never make a huge message or table.

use std::borrow::Cow;

/// The most characters of a typed value an error message repeats.
pub const ECHO_CHARS: usize = 40;

/// `text` cut to at most `max` characters (at least one), the last one `…`
/// when anything was cut.
pub fn clip(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some(_) => {
            let keep = max.saturating_sub(1);
            let end = text.char_indices().nth(keep).map_or(text.len(), |(i, _)| i);
            Cow::Owned(format!("{}…", &text[..end]))
        }
    }
}

/// A typed value as an error message repeats it: at most [`ECHO_CHARS`].
pub fn echo(text: &str) -> Cow<'_, str> {
    clip(text, ECHO_CHARS)
}

/// The characters that make a spreadsheet read a cell as a formula
/// (OWASP's list), and the quote that marks a cell as escaped.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
const ESCAPE: char = '\'';

/// A text cell as CSV output writes it: one that a spreadsheet would run
/// as a formula gets a leading `'`, as OWASP recommends; a number (`-250`)
/// stays a number. A cell that starts with `'` gets one more, so that
/// [`unescape_formula`] gives every cell back exactly.
pub fn escape_formula(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(first) if first == ESCAPE || (FORMULA_STARTS.contains(&first) && !is_number(cell)) => {
            Cow::Owned(format!("{ESCAPE}{cell}"))
        }
        _ => Cow::Borrowed(cell),
    }
}

/// The inverse of [`escape_formula`], for CSV input: a `'` before a
/// formula character or another `'` is dropped.
pub fn unescape_formula(cell: &str) -> &str {
    match cell.strip_prefix(ESCAPE) {
        Some(rest) if rest.starts_with(ESCAPE) || rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// `-250`, `+1.5`: a plain decimal that a spreadsheet reads as a number.
fn is_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && all_digits(fraction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept_whole() {
        assert_eq!(clip("", 3), "");
        assert_eq!(clip("abc", 3), "abc");
        assert!(matches!(clip("abc", 3), Cow::Borrowed(_)));
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis_within_the_limit() {
        assert_eq!(clip("abcd", 3), "ab…");
        assert_eq!(clip("abcd", 1), "…");
        assert_eq!(clip("abcd", 0), "…");
        assert_eq!(clip("Zoë Zoë", 4), "Zoë…");
        assert_eq!(
            clip(&"9".repeat(10_000), ECHO_CHARS).chars().count(),
            ECHO_CHARS
        );
    }

    #[test]
    fn formula_cells_are_escaped_and_numbers_are_not() {
        for cell in [
            "=SUM(A1)", "+1+2", "-2+3", "@cmd", "\tx", "\rx", "-", "=", "-1.5.2",
        ] {
            assert_eq!(escape_formula(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["-250", "+1.5", "-0.000001", "Acme", "", "1=2", "a-b"] {
            assert_eq!(escape_formula(cell), cell, "{cell:?}");
        }
        assert_eq!(escape_formula("'quoted"), "''quoted");
    }

    #[test]
    fn unescaping_gives_every_cell_back() {
        for cell in [
            "=SUM(A1)", "-2+3", "'quoted", "''", "'", "-250", "plain", "'=x", "",
        ] {
            assert_eq!(unescape_formula(&escape_formula(cell)), cell, "{cell:?}");
        }
        assert_eq!(unescape_formula("'plain"), "'plain");
    }
}
