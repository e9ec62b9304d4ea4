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
//! ```
//!
//! `rewrite` writes the layout attain writes (pretty at the top, one record
//! per line in arrays), so the bytes written match attain's in size.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::de::IgnoredAny;
use serde_json::Value;

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
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".floor-")
        .suffix(".tmp")
        .tempfile_in(&folder)
        .map_err(|e| format!("cannot create a temp file in {}: {e}", folder.display()))?;
    temp.write_all(&bytes)
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
        _ => Err("usage: bench_floor parse|scan|rewrite FILE".to_string()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench_floor: {message}");
            ExitCode::FAILURE
        }
    }
}
