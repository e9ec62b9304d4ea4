//! `attain settings show|set`.

use anyhow::{Result, bail};
use rust_decimal::Decimal;
use serde::Serialize;

use super::{Context, Exit, parse_amount};
use crate::domain::goal::Settings;
use crate::render::{Block, Cell, Records, Table, Tone, View};

pub const KEYS: [&str; 7] = [
    "currency",
    "fiscal-year-start",
    "at-risk",
    "tiers.event",
    "tiers.bonus",
    "tiers.streak",
    "pseudonym-key",
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
        _ => bail!("'{key}' is not a setting; use one of: {}", KEYS.join(", ")),
    }
    Ok(())
}

struct SettingsView(Settings);

#[derive(Serialize)]
struct SettingsJson<'a> {
    currency: &'a str,
    fiscal_year_start: u32,
    at_risk: crate::domain::amount::Amount,
    tiers: &'a crate::domain::celebration::TierSettings,
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
            },
        )
    }
}
