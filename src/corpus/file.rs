//! Corpus statistics as a file: what `rinse learn --corpus-model` writes
//! and `rinse clean --corpus-model`, `Cleaner(corpus_model=…)` in Python
//! and the Spark job read, so that every entry point applies the same
//! evidence.
//!
//! The format is little-endian binary:
//!
//! | bytes | field |
//! |---|---|
//! | 8 | magic `RINSECS\0` |
//! | 4 | format version ([`FILE_VERSION`]) |
//! | 8 | documents counted |
//! | 1 | 1 when lines were forgotten to stay within the bound, else 0 |
//! | 8 | number of lines, at most [`MAX_LINES`] |
//! | 38 each | per line, by increasing hash: hash (8), documents (4), at an edge (4), in the head (4), prose flag (1), stories known (1), up to [`MAX_STORIES`] story ids (4 each) |
//! | 8 | xxh3-64 of everything before |
//!
//! Only hashes of normalized lines are stored, never text. Two files merge
//! like the statistics of two workers ([`CorpusStats::merge`]): learn per
//! shard, combine anywhere.

use std::io::Read;
use std::path::Path;

use xxhash_rust::xxh3::xxh3_64;

use super::{CorpusStats, Entry, MAX_LINES, MAX_STORIES};
use crate::error::{Error, Result};

/// The version of the format this rinse writes and reads.
pub const FILE_VERSION: u32 = 1;
const MAGIC: &[u8; 8] = b"RINSECS\0";
const HEADER_BYTES: usize = 8 + 4 + 8 + 1 + 8;
const ENTRY_BYTES: usize = 8 + 4 + 4 + 4 + 1 + 1 + 4 * MAX_STORIES;
const CHECKSUM_BYTES: usize = 8;

/// The largest valid file: the bound on lines makes it about 152 MB.
pub const MAX_FILE_BYTES: usize = HEADER_BYTES + MAX_LINES * ENTRY_BYTES + CHECKSUM_BYTES;

fn bad(message: impl Into<String>) -> Error {
    Error::Config(format!("corpus model: {}", message.into()))
}

impl CorpusStats {
    /// The statistics in the file format above (deterministic: the same
    /// counts give the same bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut lines: Vec<(u64, Entry)> = self.entries().collect();
        lines.sort_unstable_by_key(|(h, _)| *h);
        let mut out = Vec::with_capacity(HEADER_BYTES + lines.len() * ENTRY_BYTES + 8);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FILE_VERSION.to_le_bytes());
        out.extend_from_slice(&self.docs.to_le_bytes());
        out.push(u8::from(self.forgotten));
        out.extend_from_slice(&(lines.len() as u64).to_le_bytes());
        for (h, e) in lines {
            out.extend_from_slice(&h.to_le_bytes());
            out.extend_from_slice(&e.docs.to_le_bytes());
            out.extend_from_slice(&e.edge.to_le_bytes());
            out.extend_from_slice(&e.head.to_le_bytes());
            out.push(u8::from(e.prose));
            out.push(e.n_stories);
            for s in e.stories {
                out.extend_from_slice(&s.to_le_bytes());
            }
        }
        let sum = xxh3_64(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// Statistics read from a model file, within the format's bound
    /// ([`MAX_FILE_BYTES`]): a larger file is an error found without
    /// reading it all, as is anything [`CorpusStats::from_bytes`] refuses.
    /// Errors name the file.
    pub fn read_file(path: &Path) -> Result<CorpusStats> {
        let named = |message: String| Error::Config(format!("{}: {message}", path.display()));
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes))
            .map_err(|e| Error::Io {
                path: path.to_owned(),
                source: e,
            })?;
        if bytes.len() > MAX_FILE_BYTES {
            return Err(named(format!(
                "larger than any corpus model file ({MAX_FILE_BYTES} bytes at most)"
            )));
        }
        CorpusStats::from_bytes(&bytes).map_err(|e| named(e.to_string()))
    }

    /// Statistics read back from [`CorpusStats::to_bytes`]. A file of
    /// another kind, of another version, truncated, corrupted or over
    /// the bound is an error saying which.
    pub fn from_bytes(bytes: &[u8]) -> Result<CorpusStats> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(bad(
                "not a rinse corpus model file (it does not start with RINSECS)",
            ));
        }
        if bytes.len() < HEADER_BYTES + CHECKSUM_BYTES {
            return Err(bad(format!(
                "truncated: {} bytes, shorter than a header",
                bytes.len()
            )));
        }
        let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
        let u64_at = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
        let version = u32_at(8);
        if version != FILE_VERSION {
            return Err(bad(format!(
                "format version {version}; this rinse reads version {FILE_VERSION} \
                 (learn it again with this rinse)"
            )));
        }
        let docs = u64_at(12);
        let forgotten = bytes[20] != 0;
        let count = u64_at(21);
        if count > MAX_LINES as u64 {
            return Err(bad(format!(
                "{count} lines, more than the bound of {MAX_LINES}"
            )));
        }
        let expected = HEADER_BYTES + count as usize * ENTRY_BYTES + CHECKSUM_BYTES;
        if bytes.len() != expected {
            return Err(bad(format!(
                "{} bytes where {count} lines take {expected}: truncated or damaged",
                bytes.len()
            )));
        }
        let body = &bytes[..expected - CHECKSUM_BYTES];
        if xxh3_64(body) != u64_at(expected - CHECKSUM_BYTES) {
            return Err(bad("checksum mismatch: the file is damaged"));
        }
        let mut stats = CorpusStats::with_capacity(MAX_LINES);
        stats.docs = docs;
        stats.forgotten = forgotten;
        let mut last = None;
        for k in 0..count as usize {
            let at = HEADER_BYTES + k * ENTRY_BYTES;
            let h = u64_at(at);
            if last.is_some_and(|l| l >= h) {
                return Err(bad("lines out of order: the file is damaged"));
            }
            last = Some(h);
            let n_stories = bytes[at + 21];
            if n_stories as usize > MAX_STORIES {
                return Err(bad("a line with too many stories: the file is damaged"));
            }
            let mut stories = [0; MAX_STORIES];
            for (i, s) in stories.iter_mut().enumerate() {
                *s = u32_at(at + 22 + 4 * i);
            }
            stats.add(
                h,
                Entry {
                    docs: u32_at(at + 8),
                    edge: u32_at(at + 12),
                    head: u32_at(at + 16),
                    prose: bytes[at + 20] != 0,
                    stories,
                    n_stories,
                },
            );
        }
        Ok(stats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats() -> CorpusStats {
        let mut stats = CorpusStats::default();
        for i in 0..6 {
            stats.add_document(&format!(
                "Home | News | Sport\nStory number {i} begins with a sentence long enough to be prose.\n\
                 It goes on for a while, as stories do, with more words in it.\nShare this article"
            ));
        }
        stats
    }

    #[test]
    fn statistics_survive_the_file_and_merge_like_workers() {
        let a = stats();
        let back = CorpusStats::from_bytes(&a.to_bytes()).unwrap();
        assert_eq!(back.to_bytes(), a.to_bytes());
        assert_eq!(back.documents(), 6);
        assert_eq!(back.model().len(), a.model().len());
        assert!(back.model().template("Home | News | Sport").is_some());
        // Two files merged count like one pass over both corpora.
        let mut merged = CorpusStats::from_bytes(&a.to_bytes()).unwrap();
        merged.merge(back);
        assert_eq!(merged.documents(), 12);
        assert_eq!(
            merged.model().template("Share this article").unwrap().docs,
            12
        );
    }

    #[test]
    fn damaged_files_are_named_errors() {
        let bytes = stats().to_bytes();
        let err = |b: &[u8]| CorpusStats::from_bytes(b).unwrap_err().to_string();
        assert!(err(b"{\"text\": 1}").contains("not a rinse corpus model"));
        assert!(err(&bytes[..bytes.len() - 1]).contains("truncated or damaged"));
        assert!(err(&bytes[..20]).contains("truncated"));
        let mut other = bytes.clone();
        other[8] = 2;
        assert!(err(&other).contains("format version 2"));
        let mut flipped = bytes.clone();
        flipped[HEADER_BYTES + 9] ^= 1;
        assert!(err(&flipped).contains("checksum mismatch"));
        let mut huge = bytes.clone();
        huge[21..29].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(err(&huge).contains("more than the bound"));
    }
}
