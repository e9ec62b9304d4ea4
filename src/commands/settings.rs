//! `attain settings show|set|holiday`.

use anyhow::{Result, bail};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use super::{Context, Exit, parse_amount, parse_date};
use crate::domain::goal::Settings;
use crate::domain::pace::{Holiday, PaceMode, Workdays};
use crate::render::{Block, Cell, Records, Table, Tone, View};

pub const KEYS: [&str; 9] = [
    "currency",
    "fiscal-year-start",
    "at-risk",
    "tiers.event",
    "tiers.bonus",
    "tiers.streak",
    "pseudonym-key",
    "pace",
    "workdays",
];

pub fn show(ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    ctx.show(&SettingsView(document.settings))?;
    Ok(Exit::Success)
}

pub fn set(key: &str, value: &str, ctx: &Context) -> Result<Exit> {
    let key = key.trim().to_ascii_lowercase().replace('_', "-");
    if key == "pseudonym-key" {
        return new_pseudonym_key(value, ctx);
    }
    let settings = ctx.store.update(|document| {
        let mut settings = document.settings.clone();
        apply(&mut settings, &key, value)?;
        settings
            .tiers
            .validate()
            .map_err(|reason| anyhow::anyhow!("{key}: {reason}"))?;
        document.settings = settings.clone();
        Ok(settings)
    })?;
    if ctx.format == crate::render::Format::Table {
        ctx.confirm(&format!("Set {key} to {}.", value.trim()))?;
    } else {
        ctx.show(&SettingsView(settings))?;
    }
    Ok(Exit::Success)
}

/// `settings set pseudonym-key new`: a new secret for `--anonymize`. It is
/// never shown; a new one gives every pseudonym anew.
fn new_pseudonym_key(value: &str, ctx: &Context) -> Result<Exit> {
    if value.trim() != "new" {
        bail!(
            "pseudonym-key takes the word new (`attain settings set pseudonym-key new`): the key \
             is drawn at random and never shown"
        );
    }
    let mut random = ctx.id_source(0);
    let replaced = ctx.store.update(|document| {
        let replaced = document.settings.pseudonym_key.is_some();
        document.settings.pseudonym_key = Some(crate::store::anonymize::new_key(&mut random));
        Ok(replaced)
    })?;
    ctx.confirm(if replaced {
        "Set a new pseudonym key: --anonymize now gives new pseudonyms."
    } else {
        "Set a pseudonym key: --anonymize can now be used on this file."
    })?;
    Ok(Exit::Success)
}

fn apply(settings: &mut Settings, key: &str, value: &str) -> Result<()> {
    let ratio = |text: &str| -> Result<Decimal> {
        let amount = parse_amount(key, text.trim().trim_end_matches('%'))?;
        // "110%" and "1.1" both mean 1.1.
        Ok(if text.trim().ends_with('%') {
            amount.0 / Decimal::ONE_HUNDRED
        } else {
            amount.0
        })
    };
    match key {
        "currency" => {
            let code = value.trim().to_ascii_uppercase();
            if code.len() != 3 || !code.chars().all(|c| c.is_ascii_alphabetic()) {
                bail!("currency: '{value}' is not a three-letter currency code such as USD");
            }
            settings.currency = code;
        }
        "fiscal-year-start" => settings.fiscal_year_start = super::parse_month(value)?,
        "at-risk" => {
            let r = ratio(value)?;
            if r <= Decimal::ZERO || r > Decimal::ONE {
                bail!("at-risk: '{value}' must be a ratio above 0 and at most 1, e.g. 0.9");
            }
            settings.at_risk = crate::domain::amount::Amount(r.normalize());
        }
        "tiers.event" => {
            settings.tiers.event = crate::domain::amount::Amount(ratio(value)?.normalize())
        }
        "tiers.bonus" => {
            settings.tiers.bonus = crate::domain::amount::Amount(ratio(value)?.normalize())
        }
        "tiers.streak" => {
            settings.tiers.streak = value.trim().parse().map_err(|_| {
                anyhow::anyhow!("tiers.streak: '{value}' is not a whole number of periods, e.g. 3")
            })?;
        }
        "pace" => {
            settings.pace = match value.trim().to_ascii_lowercase().as_str() {
                "calendar" => PaceMode::Calendar,
                "business" => PaceMode::Business,
                _ => bail!(
                    "pace: '{}' is not a pace; use calendar (every day counts) or business (working days)",
                    value.trim()
                ),
            }
        }
        "workdays" => {
            let days =
                Workdays::parse(value).map_err(|reason| anyhow::anyhow!("workdays: {reason}"))?;
            if days.per_week() == 0 {
                bail!("workdays: name at least one working day, e.g. mon-fri");
            }
            settings.workdays = days;
        }
        _ => bail!("'{key}' is not a setting; use one of: {}", KEYS.join(", ")),
    }
    Ok(())
}

/// `attain settings holiday add DATE [NAME]`.
pub fn holiday_add(date: &str, name: Option<&str>, ctx: &Context) -> Result<Exit> {
    let date = parse_date("holiday", date)?;
    let name = name
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(String::from);
    let holidays = ctx.store.update(|document| {
        let holidays = &mut document.settings.holidays;
        match holidays.binary_search_by_key(&date, |h| h.date) {
            Ok(at) => bail!(
                "{date} is already a holiday{}; to rename it, remove it and add it again",
                named(&holidays[at])
            ),
            Err(at) => holidays.insert(
                at,
                Holiday {
                    date,
                    name: name.clone(),
                },
            ),
        }
        Ok(holidays.clone())
    })?;
    let added = Holiday { date, name };
    if ctx.format == crate::render::Format::Table {
        ctx.confirm(&format!("Added the holiday {date}{}.", named(&added)))?;
    } else {
        ctx.show(&HolidaysView(holidays))?;
    }
    Ok(Exit::Success)
}

/// `attain settings holiday remove DATE`.
pub fn holiday_remove(date: &str, ctx: &Context) -> Result<Exit> {
    let date = parse_date("holiday", date)?;
    let (removed, holidays) = ctx.store.update(|document| {
        let holidays = &mut document.settings.holidays;
        let Ok(at) = holidays.binary_search_by_key(&date, |h| h.date) else {
            bail!("{date} is not a holiday; see `attain settings holiday list`");
        };
        Ok((holidays.remove(at), holidays.clone()))
    })?;
    if ctx.format == crate::render::Format::Table {
        ctx.confirm(&format!("Removed the holiday {date}{}.", named(&removed)))?;
    } else {
        ctx.show(&HolidaysView(holidays))?;
    }
    Ok(Exit::Success)
}

/// `attain settings holiday list`.
pub fn holiday_list(ctx: &Context) -> Result<Exit> {
    let document = ctx.store.load()?;
    ctx.show(&HolidaysView(document.settings.holidays))?;
    Ok(Exit::Success)
}

/// ` (Christmas)`, or nothing for a holiday with no name.
fn named(holiday: &Holiday) -> String {
    holiday
        .name
        .as_deref()
        .map(|name| format!(" ({})", crate::domain::text::echo(name)))
        .unwrap_or_default()
}

/// The file's holidays, by date.
struct HolidaysView(Vec<Holiday>);

/// `Fri` for 2026-12-25.
fn weekday(date: NaiveDate) -> String {
    date.weekday().to_string()
}

impl View for HolidaysView {
    fn blocks(&self) -> Vec<Block> {
        if self.0.is_empty() {
            return vec![Block::Line(
                "No holidays; add one with `attain settings holiday add DATE [NAME]`.".into(),
                Tone::Dim,
            )];
        }
        let mut table = Table::new(&["Date", "Day", "Name"]);
        for holiday in &self.0 {
            table.row(vec![
                Cell::new(holiday.date.to_string(), Tone::Strong),
                Cell::plain(weekday(holiday.date)),
                Cell::plain(holiday.name.clone().unwrap_or_default()),
            ]);
        }
        vec![Block::Table(table)]
    }

    fn records(&self) -> Records {
        Records {
            headers: vec!["date", "weekday", "name"],
            rows: self
                .0
                .iter()
                .map(|h| {
                    vec![
                        h.date.to_string(),
                        weekday(h.date),
                        h.name.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
        }
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let holidays: Vec<HolidayJson> = self.0.iter().map(HolidayJson::of).collect();
        serde_json::to_writer_pretty(out, &holidays)
    }
}

/// A holiday in JSON: `{"date": "2026-12-25", "weekday": "Fri", "name": "Christmas"}`
/// (`name` null when it has none).
#[derive(Serialize)]
struct HolidayJson<'a> {
    date: String,
    weekday: String,
    name: Option<&'a str>,
}

impl<'a> HolidayJson<'a> {
    fn of(holiday: &'a Holiday) -> Self {
        HolidayJson {
            date: holiday.date.to_string(),
            weekday: weekday(holiday.date),
            name: holiday.name.as_deref(),
        }
    }
}

struct SettingsView(Settings);

#[derive(Serialize)]
struct SettingsJson<'a> {
    currency: &'a str,
    fiscal_year_start: u32,
    at_risk: crate::domain::amount::Amount,
    tiers: &'a crate::domain::celebration::TierSettings,
    pace: PaceMode,
    workdays: Vec<&'static str>,
    holidays: Vec<HolidayJson<'a>>,
}

impl SettingsView {
    fn pairs(&self) -> Vec<(&'static str, String)> {
        let s = &self.0;
        vec![
            ("currency", s.currency.clone()),
            ("fiscal-year-start", s.fiscal_year_start.to_string()),
            ("at-risk", s.at_risk.to_string()),
            ("tiers.event", s.tiers.event.to_string()),
            ("tiers.bonus", s.tiers.bonus.to_string()),
            ("tiers.streak", s.tiers.streak.to_string()),
            ("pace", s.pace.to_string()),
            ("workdays", s.workdays.names().join(",")),
            (
                "holidays",
                s.holidays
                    .iter()
                    .map(|h| h.date.to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        ]
    }
}

impl View for SettingsView {
    fn blocks(&self) -> Vec<Block> {
        let mut table = Table::new(&["Setting", "Value"]);
        for (key, value) in self.pairs() {
            table.row(vec![Cell::new(key, Tone::Strong), Cell::plain(value)]);
        }
        vec![Block::Table(table)]
    }

    fn records(&self) -> Records {
        Records {
            headers: vec!["setting", "value"],
            rows: self
                .pairs()
                .into_iter()
                .map(|(k, v)| vec![k.to_string(), v])
                .collect(),
        }
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let s = &self.0;
        serde_json::to_writer_pretty(
            out,
            &SettingsJson {
                currency: &s.currency,
                fiscal_year_start: s.fiscal_year_start,
                at_risk: s.at_risk,
                tiers: &s.tiers,
                pace: s.pace,
                workdays: s.workdays.names(),
                holidays: s.holidays.iter().map(HolidayJson::of).collect(),
            },
        )
    }
}
