//! Integration tests, one binary. Each module says what it covers.

/// Helpers: running the binary, sample files, diff-style assertions.
mod util;

/// The golden samples of `samples/`: library and CLI, byte for byte.
mod golden;

/// The labelled samples of `samples/labelled/`: K kept, D removed.
mod labelled;

/// The golden explanations of `samples/explain/`: which rule, signal or
/// block removed each line of each sample.
mod explain;

/// The command line: stdin, folders, exit codes, errors, atomic output,
/// refusal to overwrite, packs from folders.
mod cli;

/// JSON Lines: formats, compression, passthrough, errors, reports, diff.
mod jsonl;

/// Parquet: text column cleaned, other columns and nulls kept, annotation
/// column, bad files named.
mod parquet;

/// Invariants over generated documents in many scripts.
mod properties;

/// Issue 6: invariants over hostile text in many scripts, the samples and
/// arbitrary bytes (no panic, nothing invented, idempotent, NFC).
mod invariants;

/// Issue 6: hostile inputs, outputs and packs through the command line
/// (Unix permissions, symlinks and file modes).
#[cfg(unix)]
mod hostile;

/// Issue 6: Ctrl-C mid-run leaves only complete outputs; --skip-existing
/// finishes the job.
mod interrupt;

/// Behaviour of the general signals on hand-built documents.
mod signals;
