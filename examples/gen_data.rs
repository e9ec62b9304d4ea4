//! Writes a realistic, valid attain data file of a chosen size, the same
//! bytes for the same seed: the input of `benches/run.sh`.
//!
//! ```text
//! cargo run --release --example gen_data -- --results 100000 --seed 42 --out /tmp/attain-100k.json
//! ```
//!
//! What the data looks like is described in `benches/support/datagen.rs`.
//! The file is written with attain's own writer (`Document::to_bytes`) and
//! checked with attain's own validation first.

use std::path::PathBuf;
use std::process::ExitCode;

#[path = "../benches/support/datagen.rs"]
mod datagen;

struct Options {
    results: u64,
    seed: u64,
    out: PathBuf,
}

fn parse_args() -> Result<Options, String> {
    let mut results = None;
    let mut seed = 42;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--results" => {
                let text = value("--results")?.replace('_', "");
                results = Some(
                    text.parse()
                        .map_err(|_| format!("--results: '{text}' is not a count"))?,
                );
            }
            "--seed" => {
                let text = value("--seed")?;
                seed = text
                    .parse()
                    .map_err(|_| format!("--seed: '{text}' is not a number"))?;
            }
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "-h" | "--help" => {
                return Err("usage: gen_data --results N [--seed S] --out PATH".to_string());
            }
            other => return Err(format!("unexpected argument '{other}'")),
        }
    }
    Ok(Options {
        results: results.ok_or("--results N is required")?,
        seed,
        out: out.ok_or("--out PATH is required")?,
    })
}

/// What a goal measures, and how its results are drawn.
fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("gen_data: {message}");
            return ExitCode::from(2);
        }
    };
    let document = datagen::generate(options.results, options.seed);
    if let Err(reason) = document.validate() {
        eprintln!("gen_data: generated data is not valid attain data: {reason}");
        return ExitCode::FAILURE;
    }
    let bytes = document.to_bytes().expect("the document encodes as JSON");
    if let Err(e) = std::fs::write(&options.out, &bytes) {
        eprintln!("gen_data: cannot write {}: {e}", options.out.display());
        return ExitCode::FAILURE;
    }
    eprintln!(
        "gen_data: {} goals, {} results, {} bytes -> {} (record against {})",
        document.goals.len(),
        document.results.len(),
        bytes.len(),
        options.out.display(),
        datagen::RECORD_GOAL
    );
    ExitCode::SUCCESS
}
