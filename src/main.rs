use std::io::ErrorKind;
use std::process::ExitCode;

use attain::cli::Cli;
use attain::commands::Exit;
use attain::domain::text::clip;
use attain::store::Busy;
use clap::{CommandFactory, Parser};

/// A million results are a few million small allocations (ids, notes,
/// refs) made on two threads and freed at exit: mimalloc does that in
/// about half the time of the system allocator (benches/RESULTS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// No error message is longer, whatever the input: each message repeats
/// typed values cut short already, and this is the last guard.
const MAX_ERROR_CHARS: usize = 2_000;

fn main() -> ExitCode {
    // `COMPLETE=bash attain` prints the shell's registration script, and the
    // script calls back here on every TAB; both exit before anything else.
    clap_complete::CompleteEnv::with_factory(Cli::command).complete();
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
            let code = if err.is::<Busy>() { Busy::EXIT_CODE } else { 1 };
            // `{:#}` prints the context chain on one line, never a backtrace.
            let message = format!("{err:#}");
            eprintln!("error: {}", clip(&message, MAX_ERROR_CHARS));
            ExitCode::from(code)
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
