use std::io::ErrorKind;
use std::process::ExitCode;

use attain::cli::Cli;
use attain::commands::Exit;
use clap::Parser;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match attain::run(cli) {
        Ok(Exit::Success) => ExitCode::SUCCESS,
        Ok(Exit::CheckFailed) => ExitCode::from(3),
        Ok(Exit::Interrupted) => ExitCode::from(130),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) if err.is::<clap::Error>() => {
            // A usage error found after parsing: clap's own message, exit 2.
            if let Some(usage) = err.downcast_ref::<clap::Error>() {
                let _ = usage.print();
            }
            ExitCode::from(2)
        }
        Err(err) => {
            // `{:#}` prints the context chain on one line, never a backtrace.
            eprintln!("error: {err:#}");
            ExitCode::from(1)
        }
    }
}

/// `attain report | head -3` closing the pipe early is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == ErrorKind::BrokenPipe)
    })
}
