//! `attain completions SHELL`.

use anyhow::Result;
use clap::CommandFactory;

use super::Exit;
use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: &CompletionsArgs) -> Result<Exit> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "attain", &mut out);
    super::print_stdout(&String::from_utf8_lossy(&out))?;
    Ok(Exit::Success)
}
