//! rinse turns scraped article text into clean article bodies, in any
//! language.
//!
//! Input is plain text, one block (paragraph, heading, list item) per line.
//! rinse normalizes it ([`normalize`]), labels the language of the document
//! and of every line, and decides per line whether it is article or residue
//! (aggregator summary boxes, press-wire disclaimers, blog-template footers,
//! …), using rules from pattern packs ([`RuleSet`]) and general evidence
//! ([`Signal`]). Every removed line names the rule or signal that removed it.
//!
//! # Example
//!
//! ```
//! let raw = "Lee meets Aso in Tokyo\n\
//!            Synopsis\n\
//!            Key Takeaways\n\
//!            - Leaders focus on bilateral ties.\n\
//!            Seoul, Jan 16 (NationPress) The two men met on Friday.\n";
//! assert_eq!(
//!     rinse::clean(raw),
//!     "Lee meets Aso in Tokyo\nSeoul, Jan 16 (NationPress) The two men met on Friday.\n"
//! );
//!
//! // A configured cleaner explains itself.
//! let cleaner = rinse::Cleaner::builder().build()?;
//! let cleaned = cleaner.clean(raw);
//! let removed: Vec<_> = cleaned.removed().map(|l| (l.number, l.removal.as_ref().unwrap().name())).collect();
//! assert_eq!(removed[0], (2, "eng/summary-box"));
//! assert_eq!(cleaned.language().reported().map(|l| l.code()), Some("eng"));
//! # Ok::<(), rinse::Error>(())
//! ```
//!
//! # Guarantees
//!
//! * Kept lines are byte-identical to the normalized input lines; rinse never
//!   rewrites or invents text, and output lines keep their input order.
//! * Cleaning a clean body again changes nothing.
//! * A [`Cleaner`] is built once and shared by any number of threads.

#![deny(missing_docs)]

mod chars;
mod cleaner;
pub mod corpus;
mod error;
pub mod explain;
mod input;
pub mod jsonl;
pub mod lang;
mod language;
pub mod normalize;
mod packs;
#[cfg(feature = "cli")]
pub mod parquet;
mod rules;
mod scan;
mod script;
pub mod signals;
mod stopwords;
mod words;

use rinse_base::{charclass, plain};
use std::sync::OnceLock;

pub use crate::cleaner::{
    Block, Cleaned, Cleaner, CleanerBuilder, CleanerConfig, LineReport, Removal,
};
pub use crate::corpus::{CorpusModel, CorpusStats};
pub use crate::error::{Error, Result};
pub use crate::explain::Explanation;
pub use crate::input::{BINARY_SNIFF_BYTES, MAX_DOC_BYTES, decode, decode_vec, looks_binary};
pub use crate::jsonl::{
    Annotation, CleanedRecord, JsonlOptions, RecordError, RecordLine, clean_record,
    dolma_attributes, not_json_lines, read_record, record_id, record_text,
};
pub use crate::lang::{DocLang, LangSource, LineLang};
pub use crate::language::{Language, Script};
pub use crate::packs::{
    BLOCK_MAX_ITEMS, CUT_CONFIRM_WITHIN, EDGE_LINES, ExampleFailure, LIST_ITEM, PackInfo, Position,
    REGEX_SIZE_LIMIT, Rule, RuleKind, RuleSet, Step, UNBOUNDED_REPEAT_BYTES,
    UNBOUNDED_SPACE_REPEATS,
};
pub use crate::signals::Signal;

/// Cleans `text` with the built-in packs and returns the clean body: the
/// kept lines, each followed by `\n`.
pub fn clean(text: &str) -> String {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    CLEANER.get_or_init(Cleaner::new).clean_text(text)
}

/// The README's Rust examples run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
