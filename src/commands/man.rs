//! `attain man [COMMAND]`: the man page, generated from the same clap
//! definition as `--help`.

use anyhow::{Result, bail};
use clap::CommandFactory;

use super::Exit;
use crate::cli::Cli;

pub fn run(command: Option<&str>) -> Result<Exit> {
    let mut cli = Cli::command();
    // Building fills in the subcommands' full names (`attain-import`) and
    // the global options they inherit.
    cli.build();
    let page = match command {
        None => cli,
        Some(name) => match cli.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let names: Vec<&str> = cli
                    .get_subcommands()
                    .map(clap::Command::get_name)
                    .filter(|n| *n != "help")
                    .collect();
                bail!(
                    "'{name}' is not an attain command; pick one of: {}",
                    names.join(", ")
                );
            }
        },
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page).render(&mut out)?;
    super::print_stdout(&String::from_utf8_lossy(&out))?;
    Ok(Exit::Success)
}
