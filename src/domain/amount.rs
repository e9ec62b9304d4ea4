//! Exact decimal amounts: parsing what people type, and writing JSON numbers
//! that keep every digit.

use std::fmt;
use std::str::FromStr;

use rust_decimal::prelude::*;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::domain::text::echo;

/// The largest magnitude attain accepts for one amount. Keeping inputs at or
/// below a quadrillion (and at most [`MAX_SCALE`] decimals) means no sum,
/// projection or ratio can overflow `Decimal`, so arithmetic never panics.
pub const MAX_MAGNITUDE: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0); // 1e15

/// The most decimal places an amount may carry.
pub const MAX_SCALE: u32 = 6;

/// An exact decimal amount: a target, a result value, an actual.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(pub Decimal);

/// Why a typed amount was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("'{}' is not a number; write it like 250000, 250000.50, 250,000, 250k or 1.2M", echo(.0))]
    NotANumber(String),
    #[error("'{}' is not a finite number; write an amount such as 250k", echo(.0))]
    NotFinite(String),
    #[error("'{}' is too large; amounts are limited to 1,000,000,000,000,000", echo(.0))]
    TooLarge(String),
    #[error("'{}' has more than 6 decimal places; round it to 6 at most", echo(.0))]
    TooPrecise(String),
    #[error("'{}' has misplaced thousands separators; write 250,000 or 250000", echo(.0))]
    BadGrouping(String),
}

impl Amount {
    pub const ZERO: Amount = Amount(Decimal::ZERO);

    pub fn new(value: Decimal) -> Self {
        Amount(value)
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// Checks the limits that keep arithmetic safe; used for values read
    /// from the data file as well as typed ones.
    pub fn check_limits(self, original: &str) -> Result<Self, AmountError> {
        if self.0.abs() > MAX_MAGNITUDE {
            return Err(AmountError::TooLarge(original.to_string()));
        }
        if self.0.normalize().scale() > MAX_SCALE {
            return Err(AmountError::TooPrecise(original.to_string()));
        }
        Ok(self)
    }

    /// The canonical text: no trailing zeros, no exponent (`0.3`, `250000`).
    pub fn canonical(self) -> String {
        self.0.normalize().to_string()
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

/// The currencies an amount's symbol can stand for, by ISO code: `$` for
/// the dollars, `€` for the euro, `£` for the pound.
fn currencies_of(symbol: char) -> &'static [&'static str] {
    match symbol {
        '$' => &["USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN"],
        '€' => &["EUR"],
        '£' => &["GBP"],
        _ => &[],
    }
}

/// Refuses an amount typed with a currency symbol that is not `unit`'s
/// (`€250k` for a goal counted in USD): it would be stored as dollars.
pub fn check_currency(text: &str, unit: &str) -> Result<(), String> {
    let text = text.trim().trim_start_matches(['+', '-']).trim_start();
    let Some(symbol) = text.chars().next().filter(|c| matches!(c, '$' | '€' | '£')) else {
        return Ok(());
    };
    if currencies_of(symbol).contains(&unit.trim().to_ascii_uppercase().as_str()) {
        return Ok(());
    }
    let bare = text[symbol.len_utf8()..].trim();
    Err(format!(
        "'{}' is written in {symbol}, but this goal counts in {unit}; type the amount without \
         the symbol ({bare}) in {unit}, or give the goal that currency as its unit",
        crate::domain::text::echo(text)
    ))
}

impl FromStr for Amount {
    type Err = AmountError;

    /// Parses what a person types: `250000`, `250000.50`, `250,000`, `250k`,
    /// `1.2M`, `2B`, `$12,500.00`, `5%`, `-300`.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let original = input;
        let text = input.trim();
        let lower = text.to_ascii_lowercase();
        if matches!(
            lower.trim_start_matches(['+', '-']),
            "nan" | "inf" | "infinity"
        ) {
            return Err(AmountError::NotFinite(original.to_string()));
        }
        let (negative, rest) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let rest = rest.trim_start_matches(['$', '€', '£']).trim();
        let rest = rest.strip_suffix('%').unwrap_or(rest).trim_end();
        let (digits, exponent) = match rest.as_bytes().last() {
            Some(b'k' | b'K') => (&rest[..rest.len() - 1], 3),
            Some(b'm' | b'M') => (&rest[..rest.len() - 1], 6),
            Some(b'b' | b'B') => (&rest[..rest.len() - 1], 9),
            _ => (rest, 0),
        };
        let multiplier = Decimal::from(10_i64.pow(exponent));
        let digits = digits.trim_end();
        let plain = strip_grouping(digits, original)?;
        if plain.is_empty()
            || !plain.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            || plain.bytes().filter(|&b| b == b'.').count() > 1
            || plain == "."
        {
            return Err(AmountError::NotANumber(original.to_string()));
        }
        check_digits(&plain, i64::from(exponent), original)?;
        let value =
            Decimal::from_str(&plain).map_err(|_| AmountError::NotANumber(original.to_string()))?;
        let value = value
            .checked_mul(multiplier)
            .ok_or_else(|| AmountError::TooLarge(original.to_string()))?;
        let value = if negative { -value } else { value };
        Amount(value.normalize()).check_limits(original)
    }
}

/// Refuses, before any conversion could round it, a plain decimal
/// `digits` (times ten to the `exponent`) with more than [`MAX_SCALE`]
/// decimal places or more integer digits than [`MAX_MAGNITUDE`] has.
/// Precision is checked first: `0.00000000000000000000001` is too precise,
/// not too large.
fn check_digits(digits: &str, exponent: i64, original: &str) -> Result<(), AmountError> {
    let (integer, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let fraction = fraction.trim_end_matches('0');
    let integer = integer.trim_start_matches('0');
    if integer.is_empty() && fraction.is_empty() {
        return Ok(());
    }
    let places = i64::try_from(fraction.len())
        .unwrap_or(i64::MAX)
        .saturating_sub(exponent);
    if places > i64::from(MAX_SCALE) {
        return Err(AmountError::TooPrecise(original.to_string()));
    }
    let significant = if integer.is_empty() {
        0
    } else {
        i64::try_from(integer.len()).unwrap_or(i64::MAX)
    };
    if significant.saturating_add(exponent) > 16 {
        return Err(AmountError::TooLarge(original.to_string()));
    }
    Ok(())
}

/// Removes thousands separators, refusing groups that are not of three.
fn strip_grouping(digits: &str, original: &str) -> Result<String, AmountError> {
    if !digits.contains(',') {
        return Ok(digits.to_string());
    }
    let (integer, fraction) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut groups = integer.split(',');
    let first = groups.next().unwrap_or_default();
    let first_ok = (1..=3).contains(&first.len());
    let rest_ok = groups.all(|g| g.len() == 3);
    if !first_ok || !rest_ok || fraction.is_some_and(|f| f.contains(',')) {
        return Err(AmountError::BadGrouping(original.to_string()));
    }
    let mut plain = integer.replace(',', "");
    if let Some(f) = fraction {
        plain.push('.');
        plain.push_str(f);
    }
    Ok(plain)
}

impl Serialize for Amount {
    /// Writes a JSON number with exactly the decimal digits (`0.3`, never
    /// `0.30000000000000004`).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let number =
            serde_json::Number::from_str(&self.canonical()).map_err(serde::ser::Error::custom)?;
        number.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let number = serde_json::Number::deserialize(deserializer)?;
        Amount::from_json_number(number.as_str()).map_err(serde::de::Error::custom)
    }
}

impl Amount {
    /// The amount a JSON number in a data file stands for, exactly, within
    /// the limits (at most 6 decimals, below 10^15); the text is a JSON
    /// number already.
    pub fn from_json_number(text: &str) -> Result<Amount, String> {
        let (mantissa, exponent) = match text.split_once(['e', 'E']) {
            Some((mantissa, exponent)) => (mantissa, exponent.parse::<i64>().ok()),
            None => (text, Some(0)),
        };
        let exponent = exponent.ok_or_else(|| {
            if text.contains("e-") || text.contains("E-") {
                AmountError::TooPrecise(text.to_string()).to_string()
            } else {
                AmountError::TooLarge(text.to_string()).to_string()
            }
        })?;
        check_digits(mantissa.trim_start_matches('-'), exponent, text)
            .map_err(|e| e.to_string())?;
        let value = Decimal::from_str(text)
            .or_else(|_| Decimal::from_scientific(text))
            .map_err(|_| format!("{text} is not a decimal amount"))?;
        Amount(value).check_limits(text).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_currency_symbol_must_be_the_unit_s() {
        assert!(super::check_currency("$12,500", "USD").is_ok());
        assert!(super::check_currency("-$5", "cad").is_ok());
        assert!(super::check_currency("250k", "EUR").is_ok());
        assert!(super::check_currency("€250k", "EUR").is_ok());
        assert!(super::check_currency("£1", "GBP").is_ok());
        let error = super::check_currency("€250k", "USD").unwrap_err();
        assert!(
            error.contains("written in €, but this goal counts in USD"),
            "{error}"
        );
        assert!(error.contains("(250k)"), "{error}");
        assert!(super::check_currency("$5", "count").is_err());
        assert!(super::check_currency("£1", "EUR").is_err());
    }

    use super::*;

    fn amount(text: &str) -> Amount {
        text.parse().unwrap()
    }

    #[test]
    fn human_forms_parse_to_exact_values() {
        assert_eq!(amount("250000").canonical(), "250000");
        assert_eq!(amount("250000.50").canonical(), "250000.5");
        assert_eq!(amount("250,000").canonical(), "250000");
        assert_eq!(amount("1,234,567.89").canonical(), "1234567.89");
        assert_eq!(amount("250k").canonical(), "250000");
        assert_eq!(amount("1.2M").canonical(), "1200000");
        assert_eq!(amount("2b").canonical(), "2000000000");
        assert_eq!(amount("$12,500.00").canonical(), "12500");
        assert_eq!(amount("4.5%").canonical(), "4.5");
        assert_eq!(amount("-300").canonical(), "-300");
        assert_eq!(amount(" 7 ").canonical(), "7");
    }

    #[test]
    fn tenths_add_exactly() {
        let sum = amount("0.1").0 + amount("0.2").0;
        assert_eq!(Amount(sum).canonical(), "0.3");
        assert_eq!(serde_json::to_string(&Amount(sum)).unwrap(), "0.3");
    }

    #[test]
    fn nonsense_is_refused_with_the_reason() {
        assert!(matches!(
            "NaN".parse::<Amount>(),
            Err(AmountError::NotFinite(_))
        ));
        assert!(matches!(
            "-inf".parse::<Amount>(),
            Err(AmountError::NotFinite(_))
        ));
        assert!(matches!(
            "abc".parse::<Amount>(),
            Err(AmountError::NotANumber(_))
        ));
        assert!(matches!(
            "".parse::<Amount>(),
            Err(AmountError::NotANumber(_))
        ));
        assert!(matches!(
            "1.2.3".parse::<Amount>(),
            Err(AmountError::NotANumber(_))
        ));
        assert!(matches!(
            "1e5".parse::<Amount>(),
            Err(AmountError::NotANumber(_))
        ));
        assert!(matches!(
            "25,00".parse::<Amount>(),
            Err(AmountError::BadGrouping(_))
        ));
        assert!(matches!(
            "2000000000000000".parse::<Amount>(),
            Err(AmountError::TooLarge(_))
        ));
        assert!(matches!(
            "0.0000001".parse::<Amount>(),
            Err(AmountError::TooPrecise(_))
        ));
        assert!(matches!(
            "99999999999999999999999999999999".parse::<Amount>(),
            Err(AmountError::TooLarge(_))
        ));
    }

    #[test]
    fn json_round_trip_keeps_digits() {
        let parsed: Amount = serde_json::from_str("1234.5600").unwrap();
        assert_eq!(serde_json::to_string(&parsed).unwrap(), "1234.56");
        assert!(serde_json::from_str::<Amount>("\"12\"").is_err());
        assert!(serde_json::from_str::<Amount>("1e40").is_err());
    }

    #[test]
    fn the_largest_amount_is_accepted_to_the_digit() {
        assert_eq!(amount("1000000000000000").canonical(), "1000000000000000");
        assert_eq!(
            amount("-1,000,000,000,000,000").canonical(),
            "-1000000000000000"
        );
        assert_eq!(amount("1000000000000k").canonical(), "1000000000000000");
        let parsed: Amount = serde_json::from_str("1000000000000000").unwrap();
        assert_eq!(parsed.canonical(), "1000000000000000");
        assert!(matches!(
            "1000000000000001".parse::<Amount>(),
            Err(AmountError::TooLarge(_))
        ));
    }

    #[test]
    fn json_values_past_six_decimals_are_refused_never_rounded() {
        for text in [
            "0.00000000000000000000000000000001",
            "1.00000000000000000000000000000007",
            "1.5e-7",
            "1E-99999999999999999999",
            "1e-99999999999999999999",
        ] {
            let error = serde_json::from_str::<Amount>(text)
                .unwrap_err()
                .to_string();
            assert!(
                error.contains("more than 6 decimal places"),
                "{text}: {error}"
            );
        }
        for text in ["1e99999999999999999999", "1E17"] {
            let error = serde_json::from_str::<Amount>(text)
                .unwrap_err()
                .to_string();
            assert!(error.contains("too large"), "{text}: {error}");
        }
        let parsed: Amount = serde_json::from_str("1.5e-5").unwrap();
        assert_eq!(parsed.canonical(), "0.000015");
    }

    #[test]
    fn max_magnitude_is_one_quadrillion() {
        assert_eq!(MAX_MAGNITUDE, Decimal::from(1_000_000_000_000_000_i64));
    }
}
