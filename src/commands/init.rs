//! `attain init`: create the data file, or change its settings.

use anyhow::{Result, anyhow, bail};

use super::{Context, Exit, parse_amount, parse_month};
use crate::cli::InitArgs;

pub fn run(args: &InitArgs, ctx: &Context) -> Result<Exit> {
    let currency = args
        .currency
        .as_deref()
        .map(|c| {
            let code = c.trim().to_ascii_uppercase();
            if code.len() == 3 && code.chars().all(|c| c.is_ascii_alphabetic()) {
                Ok(code)
            } else {
                Err(anyhow!(
                    "--currency: '{c}' is not a three-letter currency code such as USD or EUR"
                ))
            }
        })
        .transpose()?;
    let fiscal = args
        .fiscal_year_start
        .as_deref()
        .map(parse_month)
        .transpose()?;
    let at_risk = args
        .at_risk
        .as_deref()
        .map(|text| {
            let ratio = parse_amount("--at-risk", text)?;
            if ratio.0 <= rust_decimal::Decimal::ZERO || ratio.0 > rust_decimal::Decimal::ONE {
                bail!("--at-risk: '{text}' must be a ratio above 0 and at most 1, e.g. 0.9");
            }
            Ok(ratio)
        })
        .transpose()?;

    let existed = ctx.store.path().exists();
    let (settings, changed, kept) = ctx.store.update(|document| {
        let before = document.settings.clone();
        if let Some(currency) = currency {
            document.settings.currency = currency;
        }
        if let Some(month) = fiscal {
            document.settings.fiscal_year_start = month;
        }
        if let Some(ratio) = at_risk {
            document.settings.at_risk = ratio;
        }
        // Goals keep the currency they were set in: a target is not
        // converted by a change of the file's currency.
        let kept: Vec<String> = if document.settings.currency == before.currency {
            Vec::new()
        } else {
            document
                .goals
                .iter()
                .filter(|g| g.unit == before.currency)
                .map(|g| g.id.clone())
                .collect()
        };
        Ok((
            document.settings.clone(),
            document.settings != before,
            (before.currency, kept),
        ))
    })?;
    let verb = match (existed, changed) {
        (false, _) => "Created",
        (true, true) => "Updated",
        (true, false) => "Already set up:",
    };
    ctx.confirm(&format!(
        "{verb} {} (currency {}, fiscal year starts in month {}, at risk from {} of pace, behind below it)",
        ctx.store.path().display(),
        settings.currency,
        settings.fiscal_year_start,
        settings.at_risk
    ))?;
    let (old, kept) = kept;
    if let Some(first) = kept.first() {
        ctx.confirm(&format!(
            "{} goal(s) still count in {old}: targets are not converted. New goals count in {}; \
             to move one, attain goal edit {first} --unit {} --target N",
            kept.len(),
            settings.currency,
            settings.currency
        ))?;
    }
    if !existed {
        ctx.confirm("Next: attain goal add --target 250k --period this-quarter --owner east")?;
    }
    Ok(Exit::Success)
}
