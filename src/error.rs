//! The library's error type.

use std::path::PathBuf;

/// Everything that can go wrong in rinse's library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A pattern pack is malformed: bad TOML, unknown field, bad regex,
    /// duplicate rule name, or a rule whose examples are inconsistent.
    /// `origin` is the pack's file (or `<embedded>/NAME.toml`).
    #[error("{}:{line}: {message}", origin.display())]
    Pack {
        /// File the pack came from.
        origin: PathBuf,
        /// 1-based line of the problem in that file.
        line: usize,
        /// What is wrong, and how to fix it when that is not obvious.
        message: String,
    },
    /// A file or folder could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A configuration that cannot work, e.g. an unknown rule name.
    #[error("{0}")]
    Config(String),
    /// Input bytes are not valid UTF-8.
    #[error("invalid UTF-8 at byte offset {offset}")]
    InvalidUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
}

/// Result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
