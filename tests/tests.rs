//! Integration tests, one binary. Each module says what it covers.

/// Helpers: running the binary, sample files, diff-style assertions.
mod util;

/// The golden samples of `samples/`: library and CLI, byte for byte.
mod golden;

/// The command line: stdin, folders, exit codes, errors, atomic output,
/// refusal to overwrite, packs from folders.
mod cli;

/// JSON Lines: formats, compression, passthrough, errors, reports, diff.
mod jsonl;

/// Invariants over generated documents in many scripts.
mod properties;

/// Behaviour of the general signals on hand-built documents.
mod signals;
