//! The `rinse` command: a thin layer over the library.

mod clean;
mod cli;
mod diff;
mod explain;
mod formats;
mod learn;
mod parquet;
mod patterns;
mod plan;
mod report;
mod sweep;

use std::io::ErrorKind;
use std::process::ExitCode;

use clap::Parser;

use cli::{Command, Opts};

/// Exit status when every input was processed.
const EXIT_OK: u8 = 0;
/// Exit status when some inputs failed (each is named on stderr).
const EXIT_SOME_FAILED: u8 = 1;
/// Exit status of usage and configuration errors.
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let opts = Opts::parse();
    crate::parquet::install_panic_hook();
    match run(opts) {
        Ok(code) => ExitCode::from(code),
        Err(err) if is_broken_pipe(&err) => ExitCode::from(EXIT_OK),
        Err(err) => {
            eprintln!("rinse: {err:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// Runs a command. `Err` is a usage or configuration error (exit 2);
/// failures of single inputs are reported inside and give exit 1.
fn run(opts: Opts) -> anyhow::Result<u8> {
    match opts.command {
        Command::Clean(args) => clean::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Patterns(cmd) => patterns::run(cmd),
        Command::Learn(args) => learn::run(args),
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == ErrorKind::BrokenPipe)
    })
}

/// Display name of an input path.
fn display(path: &std::path::Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    }
}
