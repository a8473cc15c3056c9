//! The `rinse` command: a thin layer over the library.

mod clean;
mod cli;
mod explain;
mod learn;
mod patterns;

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

/// Reads one input (a path, or stdin for `-`) as text.
fn read_input(path: &std::path::Path, lossy: bool) -> Result<String, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(path).map(|b| bytes = b)
    };
    read.map_err(|e| e.to_string())?;
    if let Some(at) = rinse::looks_binary(&bytes) {
        return Err(format!("binary file (NUL byte at offset {at}), skipped"));
    }
    rinse::decode(&bytes, lossy)
        .map(|t| t.into_owned())
        .map_err(|e| e.to_string())
}

/// Display name of an input path.
fn display(path: &std::path::Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    }
}
