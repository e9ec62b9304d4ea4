//! Reading an input file or stdin (`-`) for `import` and `goal import`,
//! with every line bounded.

use std::io::{IsTerminal, Read};
use std::path::Path;

use anyhow::{Context as _, Result, bail};

use super::import::source::MAX_LINE_BYTES;

/// The input's name for messages, and its bytes.
pub fn read_source(source: &Path, what: &str) -> Result<(String, Vec<u8>)> {
    if source.as_os_str() == "-" {
        if std::io::stdin().is_terminal() {
            eprintln!("Reading {what} from stdin; end with Ctrl-D (or pass a file instead of -).");
        }
        let bytes = read_bounded(std::io::stdin().lock(), "stdin")?;
        return Ok(("stdin".to_string(), bytes));
    }
    let name = source.display().to_string();
    let file = std::fs::File::open(source)
        .with_context(|| format!("cannot read {name}; check the path (use - to read stdin)"))?;
    let bytes = read_bounded(file, &name)?;
    Ok((name, bytes))
}

/// Reads all of `input`, refusing a line longer than [`MAX_LINE_BYTES`]
/// as soon as it is seen, so that an endless line (`/dev/zero`) costs a
/// bounded amount of memory.
fn read_bounded(mut input: impl Read, name: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut chunk = vec![0; 64 * 1024];
    let mut line = 1u64;
    let mut line_len = 0usize;
    loop {
        let read = match input.read(&mut chunk) {
            Ok(0) => return Ok(bytes),
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e).with_context(|| format!("cannot read {name}")),
        };
        for piece in chunk[..read].split_inclusive(|b| *b == b'\n') {
            line_len += piece.len();
            if line_len > MAX_LINE_BYTES + 2 {
                bail!(
                    "{name}: line {line} is longer than {} MiB, the most a line may hold; is \
                     this the right file? (a JSON backup keeps one record a line, as \
                     `attain export` and `jq .` write it)",
                    MAX_LINE_BYTES >> 20
                );
            }
            if piece.ends_with(b"\n") {
                line += 1;
                line_len = 0;
            }
        }
        bytes.extend_from_slice(&chunk[..read]);
    }
}
