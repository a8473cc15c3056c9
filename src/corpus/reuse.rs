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
//! (a result's body and the names of its removals, compressed together);
//! past that, documents are simply cleaned again. A document is found by a
//! 128-bit hash of its text and its length.

use std::cell::RefCell;
use std::sync::Mutex;

use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_128;

use crate::Cleaned;

/// Bytes of results the command line keeps for its final pass, compressed
/// (each result one zstd frame of its body and its removals' names): a
/// folder of page dumps as large as the development bench's (15 MB, 12 MB
/// of bodies) fits whole.
pub const REUSE_MAX_BYTES: usize = 6 << 20;

/// The zstd level results are kept at: the fastest of the standard ones.
/// Bodies and removal names take about a third of their size (the bench's
/// page dumps: 12 MB of results in 4 MB).
const LEVEL: i32 = 1;

/// The bytes a kept result takes besides its compressed frame.
const EMPTY_BYTES: usize = 64;

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
}

/// A result as the store keeps it: its body, then each removal's name after
/// its length (four bytes, little-endian), compressed as one zstd frame.
#[derive(Debug, Clone)]
struct Stored {
    packed: Box<[u8]>,
    /// Bytes of the body.
    body_len: usize,
    /// Bytes of the whole frame uncompressed.
    len: usize,
    lines: u64,
    language: &'static str,
}

impl Stored {
    /// The result of one cleaning, packed (the body and the names read in
    /// place: no copy of them is made first).
    fn of(cleaned: &Cleaned, body: &str) -> Stored {
        let names: Vec<&str> = cleaned
            .removed()
            .map(|l| l.removal.as_ref().expect("removed").name())
            .collect();
        Stored::pack(
            body,
            &names,
            cleaned.lines().len() as u64,
            cleaned.language().code(),
        )
    }

    fn pack(body: &str, names: &[&str], lines: u64, language: &'static str) -> Stored {
        let len = body.len() + names.iter().map(|n| 4 + n.len()).sum::<usize>();
        let mut raw = Vec::with_capacity(len);
        raw.extend_from_slice(body.as_bytes());
        for name in names {
            let n = u32::try_from(name.len()).expect("a removal's name is short");
            raw.extend_from_slice(&n.to_le_bytes());
            raw.extend_from_slice(name.as_bytes());
        }
        // (One context a thread, made once: making one a result cost more
        // than compressing a short body.)
        thread_local! {
            static COMPRESSOR: RefCell<zstd::bulk::Compressor<'static>> =
                RefCell::new(zstd::bulk::Compressor::new(LEVEL).expect("a zstd compressor"));
        }
        let packed = COMPRESSOR
            .with_borrow_mut(|c| c.compress(&raw))
            .expect("zstd compresses in memory")
            .into_boxed_slice();
        Stored {
            packed,
            body_len: body.len(),
            len,
            lines,
            language,
        }
    }

    /// The bytes it holds.
    fn bytes(&self) -> usize {
        self.packed.len() + EMPTY_BYTES
    }

    /// The body, and the rest of the frame (the removals' names).
    fn unpack_body(&self) -> (String, Vec<u8>) {
        thread_local! {
            static DECOMPRESSOR: RefCell<zstd::bulk::Decompressor<'static>> =
                RefCell::new(zstd::bulk::Decompressor::new().expect("a zstd decompressor"));
        }
        let mut raw = DECOMPRESSOR
            .with_borrow_mut(|d| d.decompress(&self.packed, self.len))
            .expect("a kept result decompresses");
        let rest = raw.split_off(self.body_len);
        let body = String::from_utf8(raw).expect("a kept body is the UTF-8 it was");
        (body, rest)
    }

    fn unpack(&self) -> Reused {
        let (body, rest) = self.unpack_body();
        let mut removed = Vec::new();
        let mut at = 0;
        while at < rest.len() {
            let n = u32::from_le_bytes(rest[at..at + 4].try_into().expect("4 bytes")) as usize;
            let name = std::str::from_utf8(&rest[at + 4..at + 4 + n]).expect("a kept name");
            removed.push(name.into());
            at += 4 + n;
        }
        Reused {
            body,
            lines: self.lines,
            removed,
            language: self.language,
        }
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
    by_text: FxHashMap<(u128, usize), Stored>,
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
        // (No copy and no hash once the store is full: every later offer
        // stops here.)
        if self.max_bytes == 0
            || self.kept.lock().expect("reuse lock").bytes + EMPTY_BYTES > self.max_bytes
        {
            return;
        }
        let result = Stored::of(cleaned, body);
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
        let found = kept.by_text.get(&key(text)).cloned();
        drop(kept);
        found.map(|r| r.unpack_body().0)
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
        drop(kept);
        Some(result.unpack())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_result_comes_back_as_it_was_and_counts_compressed() {
        let result = Reused {
            body: "Zeile eins, é\u{0}\nSecond line.\n".repeat(2_000),
            lines: 9_000,
            removed: vec!["eng/share-bar-line".into(), "head-block".into(), "".into()],
            language: "deu",
        };
        let pack = |r: &Reused| {
            let names: Vec<&str> = r.removed.iter().map(|n| &**n).collect();
            Stored::pack(&r.body, &names, r.lines, r.language)
        };
        let stored = pack(&result);
        assert_eq!(stored.unpack(), result);
        assert_eq!(stored.unpack_body().0, result.body);
        // 66 KB of a repeated body take a few hundred bytes: the store's
        // bound counts what it holds.
        assert!(
            stored.bytes() < result.body.len() / 20,
            "{}",
            stored.bytes()
        );
        let none = Reused {
            body: String::new(),
            lines: 0,
            removed: Vec::new(),
            language: "und",
        };
        assert_eq!(pack(&none).unpack(), none);
    }
}
