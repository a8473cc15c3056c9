//! Cleanings the corpus refinement made with the model it ends with, kept
//! for the final pass to reuse instead of cleaning those documents again.
//!
//! The refinement ([`super::CorpusStats::refined_model_reusing`]) cleans the
//! documents that hold a near-template line, round after round, until a
//! round adds no template line. That last round cleaned its documents with
//! the model the run ends with, so their results are exactly what the final
//! pass would compute: it takes them from here by the document's text. A
//! round that adds lines changes the model for the documents that hold one
//! of them: their results are dropped, and the others' stand (a document's
//! cleaning depends on the model only through the template lines it
//! holds), whichever round made them. A later round counts the lines of a
//! kept result instead of cleaning its document again.
//!
//! Memory is bounded: at most the bytes given to [`Reuse::new`] are kept
//! (a result's body and the names of its removals); past that, documents
//! are simply cleaned again. A document is found by a 128-bit hash of its
//! text and its length.

use std::sync::Mutex;

use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_128;

use crate::Cleaned;

/// Bytes of results the command line keeps for its final pass: a folder of
/// page dumps as large as the development bench's (15 MB) fits whole.
pub const REUSE_MAX_BYTES: usize = 16 << 20;

/// One document's cleaning, as the final pass reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reused {
    /// The clean body ([`Cleaned::text`]).
    pub body: String,
    /// Non-blank lines of the input ([`Cleaned::lines`]).
    pub lines: u64,
    /// What removed each removed line, in line order (see
    /// [`crate::Removal::name`]).
    pub removed: Vec<Box<str>>,
    /// The document language's code ([`crate::DocLang::code`]).
    pub language: &'static str,
}

impl Reused {
    /// The result of one cleaning.
    pub fn of(cleaned: &Cleaned, body: String) -> Reused {
        Reused {
            body,
            lines: cleaned.lines().len() as u64,
            removed: cleaned
                .removed()
                .map(|l| l.removal.as_ref().expect("removed").name().into())
                .collect(),
            language: cleaned.language().code(),
        }
    }

    fn bytes(&self) -> usize {
        self.body.len() + self.removed.iter().map(|r| r.len() + 16).sum::<usize>() + 64
    }
}

/// Results kept for reuse, shared by the workers (see the module
/// documentation).
#[derive(Debug)]
pub struct Reuse {
    max_bytes: usize,
    kept: Mutex<Kept>,
}

#[derive(Debug, Default)]
struct Kept {
    by_text: FxHashMap<(u128, usize), Reused>,
    bytes: usize,
}

/// How a document is found by its text: a 128-bit hash of it and its
/// length.
pub(super) fn key(text: &str) -> (u128, usize) {
    (xxh3_128(text.as_bytes()), text.len())
}

impl Reuse {
    /// Keeps at most `max_bytes` of results (0 keeps none).
    pub fn new(max_bytes: usize) -> Reuse {
        Reuse {
            max_bytes,
            kept: Mutex::default(),
        }
    }

    /// Keeps the result of cleaning `text`, when there is room.
    pub(crate) fn offer(&self, text: &str, cleaned: &Cleaned, body: &str) {
        // (No copy and no hash for a result that cannot fit: once the store
        // is full, every later offer stops here.)
        if self.max_bytes == 0
            || self.kept.lock().expect("reuse lock").bytes + body.len() > self.max_bytes
        {
            return;
        }
        let result = Reused::of(cleaned, body.to_owned());
        let bytes = result.bytes();
        let at = key(text);
        let mut kept = self.kept.lock().expect("reuse lock");
        if kept.bytes + bytes <= self.max_bytes
            && let std::collections::hash_map::Entry::Vacant(slot) = kept.by_text.entry(at)
        {
            slot.insert(result);
            kept.bytes += bytes;
        }
    }

    /// The clean body of `text`, when its result is kept (left in place).
    pub(crate) fn body(&self, text: &str) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        let kept = self.kept.lock().expect("reuse lock");
        kept.by_text.get(&key(text)).map(|r| r.body.clone())
    }

    /// Forgets the result of cleaning `text`, if one is kept (the model
    /// changed for that document).
    pub(crate) fn forget(&self, text: &str) {
        if self.is_empty() {
            return;
        }
        let mut kept = self.kept.lock().expect("reuse lock");
        if let Some(result) = kept.by_text.remove(&key(text)) {
            kept.bytes -= result.bytes();
        }
    }

    /// Forgets every result.
    pub(crate) fn clear(&self) {
        let mut kept = self.kept.lock().expect("reuse lock");
        kept.by_text = FxHashMap::default();
        kept.bytes = 0;
    }

    /// The kept result of cleaning `text`, taken out (a document is cleaned
    /// once in the final pass).
    pub fn take(&self, text: &str) -> Option<Reused> {
        if self.is_empty() {
            return None;
        }
        let at = key(text);
        let mut kept = self.kept.lock().expect("reuse lock");
        let result = kept.by_text.remove(&at)?;
        kept.bytes -= result.bytes();
        Some(result)
    }

    /// Results kept.
    pub fn len(&self) -> usize {
        self.kept.lock().expect("reuse lock").by_text.len()
    }

    /// Whether no result is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
