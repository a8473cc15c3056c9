//! The built-in packs as the build script left them: their sources, what
//! it learnt of each pattern, and the NFAs it compiled (see `build.rs`).

use super::analysis::{Analysis, ByteSet};

include!(concat!(env!("OUT_DIR"), "/embedded_packs.rs"));

/// The NFAs of the built-in patterns, one record each (see
/// [`super::nfa_code::write_blob`]).
static NFAS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pack_nfas.bin"));

/// The sources of the built-in packs, record `i` that of
/// [`PACK_NAMES`]`[i]`.
static PACK_SOURCES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pack_sources.bin"));

/// Their lean forms, which a start parses: the same bytes, with every
/// rule's note, examples and near-misses blanked out (see `build.rs`).
static PACK_LEAN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pack_lean.bin"));

/// The built-in packs, in their lean form: the file name and the source of
/// each, in file name order (read from the binary at each call).
pub(super) fn packs() -> Vec<(&'static str, String)> {
    read_packs(PACK_LEAN)
}

/// The built-in packs as written.
pub(super) fn full_packs() -> Vec<(&'static str, String)> {
    read_packs(PACK_SOURCES)
}

fn read_packs(blob: &[u8]) -> Vec<(&'static str, String)> {
    let blob = super::nfa_code::Blob::new(blob).expect("the built-in packs are in the binary");
    PACK_NAMES
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let source = blob
                .record(i)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .expect("the built-in packs read back");
            (*name, source)
        })
        .collect()
}

/// The automaton of [`LITERALS`], serialized, in a blob of one record.
static LITERAL_AUTOMATON: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pack_literals.bin"));

/// What the build script learnt of one pattern of the built-in packs.
pub(super) struct Known {
    max_len: usize,
    first: Option<ByteSet>,
    last: Option<ByteSet>,
    needles: Option<&'static [&'static str]>,
    min_len: usize,
    allowed: ByteSet,
    required: &'static [ByteSet],
    /// Where its NFA starts in [`NFAS`].
    exact: Option<usize>,
    loose: LooseForm,
    /// Its narrow form, when the narrow zone cuts its classes down.
    narrow: Option<Narrow>,
}

/// The loose form of a built-in pattern, compiled at build time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LooseForm {
    /// The pattern has no long bounded repetition: no loose form.
    Same,
    /// The record of its NFA in [`NFAS`] (`None`: compiled on use).
    Nfa(Option<usize>),
}

/// The NFAs a built-in pattern was compiled to when rinse was built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Precompiled {
    /// The pattern as written (`None`: compiled on use).
    pub exact: Option<usize>,
    pub loose: LooseForm,
    /// The NFAs of its narrow form (see rinse-base's `nfa_code::narrow`),
    /// for the lines within the narrow zone; `None` when the zone leaves
    /// the pattern as it is.
    pub narrow: Option<Narrow>,
}

/// The NFAs of the narrow form of a built-in pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Narrow {
    /// The narrow form as written (`None`: not embedded).
    pub exact: Option<usize>,
    pub loose: LooseForm,
}

impl Known {
    fn analysis(&self) -> Analysis {
        Analysis {
            max_len: self.max_len,
            first: self.first,
            last: self.last,
            needles: self
                .needles
                .map(|n| n.iter().map(|s| s.to_string()).collect()),
            min_len: self.min_len,
            allowed: self.allowed,
            required: self.required.to_vec(),
        }
    }

    fn precompiled(&self) -> Precompiled {
        Precompiled {
            exact: self.exact,
            loose: self.loose,
            narrow: self.narrow,
        }
    }
}

/// The binary's copy of a pattern of the built-in packs, what it tells,
/// as worked out at build time by the same code ([`super::analysis`]),
/// and where its NFAs are; `None` for any other pattern.
pub(super) fn built_in(full: &str) -> Option<(&'static str, Analysis, Precompiled)> {
    let i = ANALYSES.binary_search_by(|(p, _)| (*p).cmp(full)).ok()?;
    let (source, k) = &ANALYSES[i];
    Some((source, k.analysis(), k.precompiled()))
}

/// Every built-in pattern with where its NFAs are.
#[cfg(test)]
pub(super) fn all_nfas() -> impl Iterator<Item = (&'static str, Precompiled)> {
    ANALYSES.iter().map(|(full, k)| (*full, k.precompiled()))
}

/// The NFA of record `at` of [`NFAS`].
pub(crate) fn nfa_at(at: usize) -> Result<regex_automata::nfa::thompson::NFA, String> {
    static BLOB: std::sync::OnceLock<Result<super::nfa_code::Blob<'static>, String>> =
        std::sync::OnceLock::new();
    match BLOB.get_or_init(|| super::nfa_code::Blob::new(NFAS)) {
        Ok(blob) => blob.nfa(at),
        Err(e) => Err(e.clone()),
    }
}

/// The place of `literal` among the necessary literals of the built-in
/// patterns (the value the automaton of [`built_in_literals`] gives it).
pub(crate) fn built_in_literal(literal: &str) -> Option<u32> {
    LITERALS.binary_search(&literal).ok().map(|i| i as u32)
}

/// The Aho-Corasick automaton of the necessary literals of the built-in
/// patterns, as the build script made it: each literal's value is its
/// place in the list (see [`built_in_literal`]). Read once; `None` when
/// it does not read back (rinse then builds its own).
pub(crate) fn built_in_literals() -> Option<&'static daachorse::DoubleArrayAhoCorasick<u32>> {
    static AUTOMATON: std::sync::OnceLock<Option<daachorse::DoubleArrayAhoCorasick<u32>>> =
        std::sync::OnceLock::new();
    AUTOMATON
        .get_or_init(|| {
            let bytes = super::nfa_code::Blob::new(LITERAL_AUTOMATON)
                .and_then(|blob| blob.record(0))
                .ok()?;
            match daachorse::DoubleArrayAhoCorasick::deserialize(&bytes) {
                Ok((automaton, [])) => Some(automaton),
                _ => None,
            }
        })
        .as_ref()
}

/// Every necessary literal of the built-in patterns, each once.
#[cfg(test)]
pub(super) fn all_literals() -> &'static [&'static str] {
    LITERALS
}
