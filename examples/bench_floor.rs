//! The floors `benches/run.sh` compares attain against: the least work any
//! program must do to answer from the data file, with the same JSON parser
//! attain uses (serde_json, built here with `arbitrary_precision` too).
//!
//! ```text
//! bench_floor parse FILE     read the file, parse it into a serde_json::Value
//! bench_floor scan FILE      read the file and check its JSON syntax without
//!                            building anything (serde::de::IgnoredAny): the
//!                            parser's own cost, for context only
//! bench_floor rewrite FILE   the same, then write it back atomically: a temp
//!                            file in the same folder, fsync, rename over,
//!                            fsync the folder
//! bench_floor probe FILE     the typed probe of issue 13: read, parse with
//!                            serde_json into typed results (owned strings,
//!                            f64 values; every other record borrowed raw,
//!                            unparsed beyond its syntax) and sum the values
//!                            per owner and metric
//! bench_floor probe-rewrite FILE
//!                            the probe, then write the file back in
//!                            attain's layout atomically, as `rewrite` does
//! ```
//!
//! `rewrite` writes the layout attain writes (pretty at the top, one record
//! per line in arrays), so the bytes written match attain's in size.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use std::collections::HashMap;

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;

/// The data file as the probe reads it: the results typed, the rest kept
/// as the raw JSON text of each record.
#[derive(Deserialize)]
struct Probe<'a> {
    version: u32,
    #[serde(borrow)]
    settings: &'a RawValue,
    #[serde(borrow)]
    people: Vec<&'a RawValue>,
    #[serde(borrow)]
    teams: Vec<&'a RawValue>,
    #[serde(borrow)]
    goals: Vec<&'a RawValue>,
    results: Vec<ProbeResult>,
    #[serde(borrow)]
    celebrations: Vec<&'a RawValue>,
    #[serde(borrow)]
    reviews: Vec<&'a RawValue>,
    #[serde(borrow)]
    locks: Vec<&'a RawValue>,
    #[serde(borrow)]
    history: Vec<&'a RawValue>,
}

#[derive(Deserialize, Serialize)]
struct ProbeResult {
    id: String,
    owner: String,
    metric: String,
    date: String,
    value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    goal: Option<String>,
}

fn probe(bytes: &[u8]) -> Result<Probe<'_>, String> {
    let probe: Probe = serde_json::from_slice(bytes).map_err(|e| format!("not JSON: {e}"))?;
    let mut sums: HashMap<(&str, &str), f64> = HashMap::new();
    for result in &probe.results {
        *sums.entry((&result.owner, &result.metric)).or_default() += result.value;
    }
    std::hint::black_box(sums);
    Ok(probe)
}

/// The probe's document in attain's layout.
fn encode_probe(probe: &Probe) -> Result<Vec<u8>, String> {
    fn array<T: Serialize>(out: &mut Vec<u8>, key: &str, items: &[T], last: bool) {
        let comma = if last { "" } else { "," };
        if items.is_empty() {
            let _ = writeln!(out, "  \"{key}\": []{comma}");
            return;
        }
        let _ = writeln!(out, "  \"{key}\": [");
        for (i, item) in items.iter().enumerate() {
            out.extend_from_slice(b"    ");
            let _ = serde_json::to_writer(&mut *out, item);
            out.extend_from_slice(if i + 1 < items.len() { b",\n" } else { b"\n" });
        }
        let _ = writeln!(out, "  ]{comma}");
    }
    let mut out = Vec::with_capacity(64 + probe.results.len() * 160);
    let _ = write!(
        out,
        "{{\n  \"version\": {},\n  \"settings\": {},\n",
        probe.version,
        probe.settings.get()
    );
    array(&mut out, "people", &probe.people, false);
    array(&mut out, "teams", &probe.teams, false);
    array(&mut out, "goals", &probe.goals, false);
    array(&mut out, "results", &probe.results, false);
    array(&mut out, "celebrations", &probe.celebrations, false);
    array(&mut out, "reviews", &probe.reviews, false);
    array(&mut out, "locks", &probe.locks, false);
    array(&mut out, "history", &probe.history, true);
    out.extend_from_slice(b"}\n");
    Ok(out)
}

fn parse(path: &Path) -> Result<Value, String> {
    let bytes = read(path)?;
    serde_json::from_slice::<Value>(&bytes)
        .map_err(|e| format!("{} is not JSON: {e}", path.display()))
}

fn scan(path: &Path) -> Result<(), String> {
    let bytes = read(path)?;
    serde_json::from_slice::<IgnoredAny>(&bytes)
        .map(|_| ())
        .map_err(|e| format!("{} is not JSON: {e}", path.display()))
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Top-level keys pretty, arrays one compact element per line.
fn encode(document: &Value) -> Result<Vec<u8>, String> {
    let Value::Object(map) = document else {
        return Err("the document is not a JSON object".to_string());
    };
    let results = map
        .get("results")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let mut out = Vec::with_capacity(64 + results * 128);
    out.extend_from_slice(b"{\n");
    for (i, (key, value)) in map.iter().enumerate() {
        write!(out, "  {}: ", Value::String(key.clone())).map_err(|e| e.to_string())?;
        match value {
            Value::Array(items) if !items.is_empty() => {
                out.extend_from_slice(b"[\n");
                for (j, item) in items.iter().enumerate() {
                    out.extend_from_slice(b"    ");
                    serde_json::to_writer(&mut out, item).map_err(|e| e.to_string())?;
                    out.extend_from_slice(if j + 1 < items.len() { b",\n" } else { b"\n" });
                }
                out.extend_from_slice(b"  ]");
            }
            other => {
                let text = serde_json::to_string_pretty(other).map_err(|e| e.to_string())?;
                out.extend_from_slice(text.replace('\n', "\n  ").as_bytes());
            }
        }
        out.extend_from_slice(if i + 1 < map.len() { b",\n" } else { b"\n" });
    }
    out.extend_from_slice(b"}\n");
    Ok(out)
}

fn rewrite(path: &Path) -> Result<(), String> {
    let document = parse(path)?;
    let bytes = encode(&document)?;
    replace(path, &bytes)
}

fn probe_rewrite(path: &Path) -> Result<(), String> {
    let read = read(path)?;
    let probe = probe(&read)?;
    let bytes = encode_probe(&probe)?;
    replace(path, &bytes)
}

/// Temp file in the same folder, fsync, rename over, fsync the folder.
fn replace(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".floor-")
        .suffix(".tmp")
        .tempfile_in(&folder)
        .map_err(|e| format!("cannot create a temp file in {}: {e}", folder.display()))?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| format!("cannot write the temp file: {e}"))?;
    temp.persist(path)
        .map_err(|e| format!("cannot replace {}: {}", path.display(), e.error))?;
    File::open(&folder)
        .and_then(|dir| dir.sync_all())
        .map_err(|e| format!("cannot fsync {}: {e}", folder.display()))?;
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.as_slice() {
        [command, file] if command == "parse" => {
            parse(Path::new(file)).map(|value| drop(std::hint::black_box(value)))
        }
        [command, file] if command == "scan" => scan(Path::new(file)),
        [command, file] if command == "rewrite" => rewrite(Path::new(file)),
        [command, file] if command == "probe" => read(Path::new(file))
            .and_then(|bytes| probe(&bytes).map(|probe| drop(std::hint::black_box(probe)))),
        [command, file] if command == "probe-rewrite" => probe_rewrite(Path::new(file)),
        _ => Err("usage: bench_floor parse|scan|rewrite|probe|probe-rewrite FILE".to_string()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench_floor: {message}");
            ExitCode::FAILURE
        }
    }
}
