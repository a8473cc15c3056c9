//! What the pack loader learns of a whole-line pattern from its syntax
//! tree: how long a line it can match, the bytes a match starts and ends
//! with, and literals every match contains (lower-cased), so that one
//! Aho-Corasick pass over a line tells which regex rules can match it.
//!
//! The library's build script uses it too, and analyses the patterns of
//! the built-in packs once, at build time ([`Analysis`] of each, looked up
//! by pattern at load time).

use regex_syntax::hir::{Class, Hir, HirKind};

/// A set of bytes, as bits.
pub type ByteSet = [u64; 4];

/// What a whole-line pattern tells about the lines it can match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// The most bytes a match can span ([`max_match_len`]).
    pub max_len: usize,
    /// The bytes a match can start with, when the pattern tells.
    pub first: Option<ByteSet>,
    /// The bytes a match can end with, when the pattern tells.
    pub last: Option<ByteSet>,
    /// Lower-cased strings one of which every match contains, when the
    /// pattern gives a useful set.
    pub needles: Option<Vec<String>>,
}

/// Analyses a whole-line pattern, parsed as `hir`.
pub fn analyze(hir: &Hir) -> Analysis {
    let (first, last) = edge_bytes(hir);
    Analysis {
        max_len: max_match_len(hir),
        first,
        last,
        needles: necessary(hir),
    }
}

/// Bytes an unbounded repetition (`.*`, `[^.]+`) is assumed to span: lines
/// longer than a rule's pattern can reasonably match are never tried.
pub const UNBOUNDED_REPEAT_BYTES: usize = 4096;
/// Repetitions an unbounded repetition of white space (`\s*`) is assumed to
/// span.
pub const UNBOUNDED_SPACE_REPEATS: usize = 16;

/// The most bytes a whole-line match of a pattern (parsed as `hir`) can
/// span, with unbounded repetitions counted as above.
pub fn max_match_len(hir: &Hir) -> usize {
    fn max_len(h: &Hir) -> usize {
        match h.kind() {
            HirKind::Empty | HirKind::Look(_) => 0,
            HirKind::Literal(l) => l.0.len(),
            HirKind::Class(Class::Unicode(c)) => c.maximum_len().unwrap_or(4),
            HirKind::Class(Class::Bytes(c)) => c.maximum_len().unwrap_or(1),
            HirKind::Capture(c) => max_len(&c.sub),
            HirKind::Concat(hs) => hs.iter().map(max_len).fold(0, usize::saturating_add),
            HirKind::Alternation(hs) => hs.iter().map(max_len).max().unwrap_or(0),
            HirKind::Repetition(r) => {
                let one = max_len(&r.sub);
                match r.max {
                    Some(m) => one.saturating_mul(m as usize),
                    None if is_space(&r.sub) => one.saturating_mul(UNBOUNDED_SPACE_REPEATS),
                    None => UNBOUNDED_REPEAT_BYTES.max(one),
                }
            }
        }
    }
    fn is_space(h: &Hir) -> bool {
        match h.kind() {
            HirKind::Class(Class::Unicode(c)) => c
                .iter()
                .all(|r| (r.start()..=r.end()).all(char::is_whitespace)),
            HirKind::Class(Class::Bytes(c)) => c
                .iter()
                .all(|r| (r.start()..=r.end()).all(|b| b.is_ascii_whitespace())),
            HirKind::Literal(l) => l.0.iter().all(u8::is_ascii_whitespace),
            _ => false,
        }
    }
    max_len(hir)
}

/// The bytes a whole-line match of `pattern` must start and end with, from
/// the literals the regex begins and ends with (when they are few).
fn edge_bytes(hir: &Hir) -> (Option<ByteSet>, Option<ByteSet>) {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let table = |kind: ExtractKind, pick: fn(&[u8]) -> u8| -> Option<ByteSet> {
        let mut ex = Extractor::new();
        // One byte of each literal is all the table needs: literals cut to
        // their first (or last) byte keep the cross products small.
        ex.kind(kind)
            .limit_total(4096)
            .limit_class(64)
            .limit_literal_len(1);
        let seq = ex.extract(hir);
        let lits = seq.literals()?;
        if lits.is_empty() || lits.iter().any(|l| l.as_bytes().is_empty()) {
            return None;
        }
        let mut t = [0u64; 4];
        for l in lits {
            let b = pick(l.as_bytes());
            t[(b >> 6) as usize] |= 1 << (b & 63);
        }
        Some(t)
    };
    let first = table(ExtractKind::Prefix, |b| b[0]);
    let last = table(ExtractKind::Suffix, |b| b[b.len() - 1]);
    (first, last)
}

/// Most strings in a necessary set; more means no useful constraint.
const MAX_SET: usize = 64;

/// The necessary literals of a whole-line pattern (parsed as `hir`),
/// lower-cased, or `None` when the pattern gives no useful constraint (then
/// the rule is always tried).
fn necessary(hir: &Hir) -> Option<Vec<String>> {
    let set = need(hir)?;
    // A one-byte literal (".", ":") is in almost every line: it filters
    // nothing and costs a match per occurrence. "©" (two bytes) is rare.
    (!set.is_empty() && set.iter().all(|s| s.len() >= 2)).then_some(set)
}

/// A character every match of this class has, lower-cased: the class must
/// be the case variants of one character.
fn folded_char(h: &Hir) -> Option<char> {
    match h.kind() {
        HirKind::Literal(l) => {
            let s = std::str::from_utf8(&l.0).ok()?;
            let mut chars = s.chars();
            let c = chars.next()?;
            chars.next().is_none().then(|| lower(c))?
        }
        HirKind::Class(Class::Unicode(class)) => {
            let mut out: Option<char> = None;
            for r in class.iter() {
                if (r.end() as u32) - (r.start() as u32) > 4 {
                    return None;
                }
                for c in r.start()..=r.end() {
                    let l = lower(c)?;
                    match out {
                        None => out = Some(l),
                        Some(o) if o == l => {}
                        Some(_) => return None,
                    }
                }
            }
            out
        }
        _ => None,
    }
}

/// The single-character lower case of `c`, when it is one character.
fn lower(c: char) -> Option<char> {
    let mut l = c.to_lowercase();
    let first = l.next()?;
    l.next().is_none().then_some(first)
}

/// A set of strings one of which every match of `h` contains.
fn need(h: &Hir) -> Option<Vec<String>> {
    match h.kind() {
        HirKind::Literal(l) => {
            let s = std::str::from_utf8(&l.0).ok()?;
            Some(vec![s.to_lowercase()])
        }
        HirKind::Class(_) => folded_char(h).map(|c| vec![c.to_string()]),
        HirKind::Capture(c) => need(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => need(&r.sub),
        HirKind::Alternation(hs) => {
            let mut out = Vec::new();
            for h in hs {
                out.extend(need(h)?);
                if out.len() > MAX_SET {
                    return None;
                }
            }
            out.sort();
            out.dedup();
            Some(out)
        }
        HirKind::Concat(hs) => {
            // Runs of literal characters make strings; every child with a
            // set is a candidate too. Keep the candidate whose shortest
            // string is longest.
            let mut best: Option<Vec<String>> = None;
            let mut consider = |set: Vec<String>| {
                let score =
                    |s: &Vec<String>| s.iter().map(|x| x.chars().count()).min().unwrap_or(0);
                if best.as_ref().is_none_or(|b| score(&set) > score(b)) {
                    best = Some(set);
                }
            };
            let mut run = String::new();
            for h in hs {
                if let Some(c) = folded_char(h) {
                    run.push(c);
                    continue;
                }
                if let HirKind::Literal(l) = h.kind() {
                    if let Ok(s) = std::str::from_utf8(&l.0) {
                        run.push_str(&s.to_lowercase());
                        continue;
                    }
                }
                if !run.is_empty() {
                    consider(vec![std::mem::take(&mut run)]);
                }
                if let Some(set) = need(h) {
                    consider(set);
                }
            }
            if !run.is_empty() {
                consider(vec![run]);
            }
            best
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    fn necessary(pattern: &str) -> Option<Vec<String>> {
        super::necessary(&regex_syntax::Parser::new().parse(pattern).unwrap())
    }

    #[test]
    fn literals_that_every_match_contains() {
        assert_eq!(
            necessary("^(?:Reviewed by\\s+\\S.{0,60})$"),
            Some(vec!["reviewed by".into()])
        );
        assert_eq!(
            necessary("^(?:(?i)(?:published|updated)\\s*:?\\s+\\d+)$"),
            // (the "s" of "published" may be a long s: the run ends there)
            Some(vec!["publi".into(), "updated".into()])
        );
        assert_eq!(necessary("^(?:.{3,80}[.])$"), None);
        assert_eq!(necessary("^(?:©.{0,40})$"), Some(vec!["©".into()]));
        assert_eq!(necessary("^(?:\\p{Lu}.*)$"), None);
        // "k" folds to k, K and the Kelvin sign, which all lower-case to k.
        assert_eq!(necessary("^(?:(?i)kontakt)$"), Some(vec!["kontakt".into()]));
        // "s" folds to s, S and the long s (ſ), which stays ſ: the run ends.
        assert_eq!(necessary("^(?:(?i)siehe)$"), Some(vec!["iehe".into()]));
    }
}
