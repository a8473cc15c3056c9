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
    /// The fewest bytes a match can span.
    pub min_len: usize,
    /// Every byte a match can hold: a line with another byte cannot match
    /// ([`allowed_bytes`]).
    pub allowed: ByteSet,
    /// Sets of bytes every match holds one byte of, each
    /// ([`required_bytes`]).
    pub required: Vec<ByteSet>,
}

/// Analyses a whole-line pattern, parsed as `hir`.
pub fn analyze(hir: &Hir) -> Analysis {
    let (first, last) = edge_bytes(hir);
    Analysis {
        max_len: max_match_len(hir),
        first,
        last,
        needles: necessary(hir),
        min_len: hir.properties().minimum_len().unwrap_or(0),
        allowed: allowed_bytes(hir),
        required: required_bytes(hir),
    }
}

/// Whether `set` holds byte `b`.
#[inline]
pub fn has_byte(set: &ByteSet, b: u8) -> bool {
    set[(b >> 6) as usize] & (1 << (b & 63)) != 0
}

/// Whether two sets share a byte.
#[inline]
pub fn overlaps(a: &ByteSet, b: &ByteSet) -> bool {
    (a[0] & b[0]) | (a[1] & b[1]) | (a[2] & b[2]) | (a[3] & b[3]) != 0
}

/// Whether every byte of `a` is in `b`.
#[inline]
pub fn within(a: &ByteSet, b: &ByteSet) -> bool {
    (a[0] & !b[0]) | (a[1] & !b[1]) | (a[2] & !b[2]) | (a[3] & !b[3]) == 0
}

/// Adds byte `b` to `set`.
#[inline]
fn add(set: &mut ByteSet, b: u8) {
    set[(b >> 6) as usize] |= 1 << (b & 63);
}

/// The bytes of `text`.
pub fn byte_set(text: &[u8]) -> ByteSet {
    let mut set = [0u64; 4];
    for &b in text {
        add(&mut set, b);
    }
    set
}

fn add_range(set: &mut ByteSet, lo: u8, hi: u8) {
    for b in lo..=hi {
        add(set, b);
    }
}

fn union(a: &ByteSet, b: &ByteSet) -> ByteSet {
    [a[0] | b[0], a[1] | b[1], a[2] | b[2], a[3] | b[3]]
}

fn count(a: &ByteSet) -> u32 {
    a.iter().map(|w| w.count_ones()).sum()
}

/// The first bytes of the UTF-8 forms of the characters `lo..=hi`, as a
/// range (lead bytes grow with the code point; the range may hold bytes
/// no character starts with, which only weakens a filter).
fn lead_bytes(lo: char, hi: char) -> (u8, u8) {
    let lead = |c: char| {
        let mut buf = [0u8; 4];
        c.encode_utf8(&mut buf);
        buf[0]
    };
    (lead(lo), lead(hi))
}

/// The first bytes of the characters a class matches.
fn class_leads(class: &Class) -> ByteSet {
    let mut set = [0u64; 4];
    match class {
        Class::Unicode(c) => {
            for r in c.iter() {
                let (lo, hi) = lead_bytes(r.start(), r.end());
                add_range(&mut set, lo, hi);
            }
        }
        Class::Bytes(c) => {
            for r in c.iter() {
                add_range(&mut set, r.start(), r.end());
            }
        }
    }
    set
}

/// Every byte a match of `h` can hold. A line holding another byte cannot
/// match: a pattern of lower-case letters and hyphens never matches a line
/// with a space or a capital.
pub fn allowed_bytes(h: &Hir) -> ByteSet {
    let mut set = [0u64; 4];
    fn walk(h: &Hir, set: &mut ByteSet) {
        match h.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(l) => *set = union(set, &byte_set(&l.0)),
            HirKind::Class(class) => {
                let leads = class_leads(class);
                *set = union(set, &leads);
                // (Continuation bytes, when a character is not ASCII.)
                if leads[2] | leads[3] != 0 {
                    add_range(set, 0x80, 0xBF);
                }
            }
            HirKind::Capture(c) => walk(&c.sub, set),
            HirKind::Repetition(r) => walk(&r.sub, set),
            HirKind::Concat(hs) | HirKind::Alternation(hs) => {
                for h in hs {
                    walk(h, set);
                }
            }
        }
    }
    walk(h, &mut set);
    set
}

/// Most byte sets kept of a pattern's required ones (the smallest).
pub const MAX_REQUIRED: usize = 8;
/// A required set of more bytes than this is in almost every line: not
/// kept.
const MAX_REQUIRED_BYTES: u32 = 40;

/// Sets of bytes such that every match of `h` holds a byte of each (a
/// literal's bytes, the first bytes of a class's characters; for an
/// alternation, the union of one set of each branch), at most
/// [`MAX_REQUIRED`], smallest first, none holding another.
pub fn required_bytes(h: &Hir) -> Vec<ByteSet> {
    let mut sets: Vec<ByteSet> = need_bytes(h)
        .into_iter()
        .filter(|s| count(s) <= MAX_REQUIRED_BYTES)
        .collect();
    prune(&mut sets);
    sets
}

/// Sorts `sets` smallest first, drops any that holds another (it is
/// implied), and keeps [`MAX_REQUIRED`].
fn prune(sets: &mut Vec<ByteSet>) {
    sets.sort_by_key(count);
    sets.dedup();
    let mut kept: Vec<ByteSet> = Vec::with_capacity(sets.len());
    for s in sets.iter() {
        if !kept.iter().any(|k| within(k, s)) {
            kept.push(*s);
        }
    }
    kept.truncate(MAX_REQUIRED);
    *sets = kept;
}

fn need_bytes(h: &Hir) -> Vec<ByteSet> {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => Vec::new(),
        HirKind::Literal(l) => l.0.iter().map(|&b| byte_set(&[b])).collect(),
        HirKind::Class(class) => vec![class_leads(class)],
        HirKind::Capture(c) => need_bytes(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => need_bytes(&r.sub),
        HirKind::Repetition(_) => Vec::new(),
        HirKind::Concat(hs) => {
            let mut sets: Vec<ByteSet> = hs.iter().flat_map(need_bytes).collect();
            prune(&mut sets);
            sets
        }
        HirKind::Alternation(hs) => {
            let branches: Vec<Vec<ByteSet>> = hs.iter().map(need_bytes).collect();
            if branches.iter().any(Vec::is_empty) {
                return Vec::new();
            }
            // From each set of the first branch, the union with the set of
            // each other branch that adds the fewest bytes.
            let mut sets: Vec<ByteSet> = branches[0]
                .iter()
                .map(|first| {
                    branches[1..].iter().fold(*first, |acc, branch| {
                        branch
                            .iter()
                            .map(|s| union(&acc, s))
                            .min_by_key(count)
                            .unwrap_or(acc)
                    })
                })
                .collect();
            prune(&mut sets);
            sets
        }
    }
}

/// Bytes an unbounded repetition (`.*`, `[^.]+`) is assumed to span: lines
/// longer than a rule's pattern can reasonably match are never tried.
pub const UNBOUNDED_REPEAT_BYTES: usize = 4096;
/// Repetitions an unbounded repetition of white space (`\s*`) is assumed to
/// span.
pub const UNBOUNDED_SPACE_REPEATS: usize = 16;
/// An unbounded repetition of at least this many items (a group, not a
/// single character: a list of thirty names) is made for long lines: it
/// may span any length.
pub const LONG_REPEAT_MIN: u32 = 8;

/// The most bytes a whole-line match of a pattern (parsed as `hir`) can
/// span, with unbounded repetitions counted as above (no bound at all for
/// one of at least [`LONG_REPEAT_MIN`] items).
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
                    None if r.min >= LONG_REPEAT_MIN
                        && !matches!(r.sub.kind(), HirKind::Class(_) | HirKind::Literal(_)) =>
                    {
                        usize::MAX
                    }
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
            add(&mut t, b);
        }
        Some(t)
    };
    let first = table(ExtractKind::Prefix, |b| b[0]);
    let last = table(ExtractKind::Suffix, |b| b[b.len() - 1]);
    (first, last)
}

/// Most strings in a necessary set; more means no useful constraint.
const MAX_SET: usize = 256;
/// Characters from which a necessary literal is selective enough: between
/// sets whose shortest strings are this long or longer, the one with fewer
/// strings is taken.
const GOOD_CHARS: usize = 8;
/// Most strings a run of known strings grows to (a product of alternations
/// soon holds hundreds, each a literal more in the automaton).
const MAX_PRODUCT: usize = 32;
/// Most characters of a class taken as a set of one-character literals.
const MAX_CLASS_CHARS: u32 = 16;

/// The necessary literals of a whole-line pattern (parsed as `hir`),
/// lower-cased and case-folded (see [`fold_char`]), or `None` when the
/// pattern gives no useful constraint (then the rule is always tried).
fn necessary(hir: &Hir) -> Option<Vec<String>> {
    let set = need(hir)?;
    (!set.is_empty() && set.iter().all(|s| selective(s))).then_some(set)
}

/// Whether a necessary literal filters lines: two bytes or more ("©" is
/// rare), or one byte that is not a letter, digit, space or common
/// punctuation ("|" and "@" are rare in prose; ".", ":" are in almost
/// every line, and would cost a match per occurrence).
fn selective(s: &str) -> bool {
    match s.as_bytes() {
        [b] => !b.is_ascii_alphanumeric() && !b" \t.,:;'\"-()!?/".contains(b),
        bytes => bytes.len() >= 2,
    }
}

/// A lower-case character as the literal prefilter compares it: the
/// characters that lower-casing leaves apart from the other members of
/// their simple case-folding orbit (what `(?i)` matches) mapped to one
/// member (a case-insensitive `s` matches the long s, a `σ` the final
/// sigma); any other character as it is.
fn fold_lower(c: char) -> char {
    match c {
        'µ' => 'μ',
        'ſ' => 's',
        'ς' => 'σ',
        'ϐ' => 'β',
        'ϑ' => 'θ',
        'ϕ' => 'φ',
        'ϖ' => 'π',
        'ϰ' => 'κ',
        'ϱ' => 'ρ',
        'ϵ' => 'ε',
        '\u{345}' | '\u{1fbe}' => 'ι',
        'ẛ' => 'ṡ',
        '\u{1fd3}' => '\u{390}',
        '\u{1fe3}' => '\u{3b0}',
        '\u{fb05}' => '\u{fb06}',
        'ᲀ' => 'в',
        'ᲁ' => 'д',
        'ᲂ' => 'о',
        'ᲃ' => 'с',
        'ᲄ' | 'ᲅ' => 'т',
        'ᲆ' => 'ъ',
        'ᲇ' => 'ѣ',
        'ᲈ' => 'ꙋ',
        _ => c,
    }
}

/// A character as the literal prefilter compares it: lower-cased (when
/// that is one character), then folded (`fold_lower`), so that every
/// member of a simple case-folding orbit becomes the same character.
pub fn fold_char(c: char) -> Option<char> {
    lower(c).map(fold_lower)
}

/// A lower-cased line as the literal prefilter searches it: folded
/// ([`fold_char`]); borrowed when folding changes nothing (always for
/// ASCII).
pub fn fold_text(lower: &str) -> std::borrow::Cow<'_, str> {
    // Only a character whose UTF-8 form starts with one of `FOLD_LEADS`
    // folds to another: most lines hold none (a test checks the list).
    // (Lead bytes: each one found starts a character.)
    let b = lower.as_bytes();
    let [l0, l1, l2, l3, l4, l5] = FOLD_LEADS;
    let folds = |i: usize| {
        lower[i..]
            .chars()
            .next()
            .is_some_and(|c| fold_lower(c) != c)
    };
    if !memchr::memchr3_iter(l0, l1, l2, b)
        .chain(memchr::memchr3_iter(l3, l4, l5, b))
        .any(folds)
    {
        return std::borrow::Cow::Borrowed(lower);
    }
    std::borrow::Cow::Owned(lower.chars().map(fold_lower).collect())
}

/// The first bytes of the UTF-8 forms of the characters [`fold_lower`]
/// changes.
const FOLD_LEADS: [u8; 6] = [0xC2, 0xC5, 0xCD, 0xCF, 0xE1, 0xEF];

/// A literal as the prefilter compares it: each character lower-cased and
/// folded (a character whose lower case is several is kept lower-cased, as
/// the line's lower case has it).
fn fold_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match fold_char(c) {
            Some(f) => out.push(f),
            // (rinse lower-cases the Turkish capital İ to i, not to i with
            // a combining dot.)
            None if c == 'İ' => out.push('i'),
            None => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The characters a one-character literal or a small class matches,
/// lower-cased and folded, each once.
fn class_chars(h: &Hir) -> Option<Vec<char>> {
    let mut out: Vec<char> = Vec::new();
    let mut add = |c: char| -> Option<()> {
        let f = fold_char(c)?;
        if !out.contains(&f) {
            out.push(f);
        }
        Some(())
    };
    match h.kind() {
        HirKind::Literal(l) => {
            let s = std::str::from_utf8(&l.0).ok()?;
            let mut chars = s.chars();
            add(chars.next()?)?;
            if chars.next().is_some() {
                return None;
            }
        }
        HirKind::Class(Class::Unicode(class)) => {
            let size: u32 = class
                .iter()
                .map(|r| r.end() as u32 - r.start() as u32 + 1)
                .sum();
            if size > MAX_CLASS_CHARS {
                return None;
            }
            for r in class.iter() {
                for c in r.start()..=r.end() {
                    add(c)?;
                }
            }
        }
        _ => return None,
    }
    Some(out)
}

/// The single-character lower case of `c`, when it is one character.
fn lower(c: char) -> Option<char> {
    let mut l = c.to_lowercase();
    let first = l.next()?;
    l.next().is_none().then_some(first)
}

/// Every string `h` can match in a normalized line, lower-cased and folded,
/// when they are few: literals, small classes, white space (only a space is
/// left in a normalized line), empty assertions, optional parts, and
/// sequences and alternations of these. `None` otherwise.
fn exact(h: &Hir) -> Option<Vec<String>> {
    match h.kind() {
        // (An assertion matches the empty string, where it holds.)
        HirKind::Empty | HirKind::Look(_) => Some(vec![String::new()]),
        HirKind::Literal(l) => Some(vec![fold_str(std::str::from_utf8(&l.0).ok()?)]),
        HirKind::Class(class) if only_space(class) => Some(vec![" ".into()]),
        HirKind::Class(_) => Some(class_chars(h)?.into_iter().map(String::from).collect()),
        HirKind::Capture(c) => exact(&c.sub),
        HirKind::Repetition(r) if r.max == Some(1) => {
            let mut set = exact(&r.sub)?;
            if r.min == 0 {
                set.push(String::new());
                set.sort();
                set.dedup();
            }
            Some(set)
        }
        HirKind::Alternation(hs) => any_of(hs, exact),
        HirKind::Concat(hs) => hs
            .iter()
            .try_fold(vec![String::new()], |run, h| product(&run, &exact(h)?)),
        _ => None,
    }
}

/// The strings of the branches of an alternation (`of` each), each once;
/// `None` when a branch has none or they are more than [`MAX_SET`].
fn any_of(branches: &[Hir], of: fn(&Hir) -> Option<Vec<String>>) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for h in branches {
        out.extend(of(h)?);
        if out.len() > MAX_SET {
            return None;
        }
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// Each string of `a` followed by each of `b`; `None` when they would be
/// more than [`MAX_PRODUCT`].
fn product(a: &[String], b: &[String]) -> Option<Vec<String>> {
    if a.len() * b.len() > MAX_PRODUCT {
        return None;
    }
    let mut out: Vec<String> = a
        .iter()
        .flat_map(|x| b.iter().map(move |y| format!("{x}{y}")))
        .collect();
    out.sort();
    out.dedup();
    Some(out)
}

/// Whether a class matches only white space, which normalization turns
/// into spaces (see `normalize` in the library).
fn only_space(class: &Class) -> bool {
    match class {
        Class::Unicode(c) => c
            .iter()
            .all(|r| (r.start()..=r.end()).all(char::is_whitespace)),
        Class::Bytes(c) => c
            .iter()
            .all(|r| (r.start()..=r.end()).all(|b| b.is_ascii_whitespace() || b == 0x0B)),
    }
}

/// A set of strings one of which every match of `h` contains.
fn need(h: &Hir) -> Option<Vec<String>> {
    match h.kind() {
        HirKind::Literal(l) => {
            let s = std::str::from_utf8(&l.0).ok()?;
            Some(vec![fold_str(s)])
        }
        HirKind::Class(_) => Some(class_chars(h)?.into_iter().map(String::from).collect()),
        HirKind::Capture(c) => need(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => need(&r.sub),
        HirKind::Alternation(hs) => any_of(hs, need),
        HirKind::Concat(hs) => {
            // Runs of children whose strings are known make strings (each
            // string of each child after each string of the run: "by" and
            // a space make "by ", a space, "er" or "var", and a space make
            // " er " and " var "); every child with a set, and every run
            // so far, is a candidate. Keep the candidate whose shortest
            // string is longest, up to `GOOD_CHARS`; then the one with
            // fewest strings (each is a literal more in the automaton);
            // then the longest.
            let mut best: Option<Vec<String>> = None;
            let mut consider = |set: &[String]| {
                // (A set with an empty string constrains nothing; one with
                // an unselective literal filters nothing.)
                if set.iter().any(String::is_empty) {
                    return;
                }
                let score = |s: &[String]| {
                    let shortest = s.iter().map(|x| x.chars().count()).min().unwrap_or(0);
                    let length = if s.iter().all(|x| selective(x)) {
                        shortest.min(GOOD_CHARS)
                    } else {
                        0
                    };
                    (length, std::cmp::Reverse(s.len()), shortest)
                };
                if best.as_deref().is_none_or(|b| score(set) > score(b)) {
                    best = Some(set.to_vec());
                }
            };
            let mut run = vec![String::new()];
            for h in hs {
                if let Some(set) = exact(h) {
                    consider(&run);
                    run = product(&run, &set).unwrap_or(set);
                    continue;
                }
                // One or more of a known string: the run goes on with the
                // first, and the last begins the next run.
                if let HirKind::Repetition(r) = h.kind()
                    && r.min >= 1
                    && let Some(set) = exact(&r.sub)
                {
                    consider(&run);
                    if let Some(longer) = product(&run, &set) {
                        consider(&longer);
                    }
                    run = set;
                    continue;
                }
                consider(&run);
                run = vec![String::new()];
                if let Some(set) = need(h) {
                    consider(&set);
                }
            }
            consider(&run);
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
            Some(vec!["reviewed by ".into()])
        );
        // White space is a space in a normalized line: a short word
        // between spaces is a longer literal than the word ("er" is in
        // every other Danish word, " er " in few lines).
        assert_eq!(
            necessary("^(?:\\p{Lu}\\w+\\s+(?:er|var)\\s.{5,40})$"),
            Some(vec![" er ".into(), " var ".into()])
        );
        // Optional parts and word boundaries: every string the sequence
        // can be.
        assert_eq!(
            necessary("^(?:(?i)\\bread (?:the )?full story\\b.*)$"),
            Some(vec!["read full story".into(), "read the full story".into()])
        );
        // A class of many characters ends a run.
        assert_eq!(
            necessary("^(?:\\d+ subscribe)$"),
            Some(vec![" subscribe".into()])
        );
        assert_eq!(
            necessary("^(?:(?i)(?:published|updated)\\s*:?\\s+\\d+)$"),
            Some(vec!["published".into(), "updated".into()])
        );
        assert_eq!(necessary("^(?:.{3,80}[.])$"), None);
        assert_eq!(necessary("^(?:©.{0,40})$"), Some(vec!["©".into()]));
        assert_eq!(necessary("^(?:\\p{Lu}.*)$"), None);
        // "k" folds to k, K and the Kelvin sign, which all lower-case to k.
        assert_eq!(necessary("^(?:(?i)kontakt)$"), Some(vec!["kontakt".into()]));
        // "s" folds to s, S and the long s (ſ), which lower-cases to ſ
        // and folds to s.
        assert_eq!(necessary("^(?:(?i)siehe)$"), Some(vec!["siehe".into()]));
        // A Greek final sigma is searched as σ.
        assert_eq!(
            necessary("^(?:(?i)συνδρομής)$"),
            Some(vec!["συνδρομήσ".into()])
        );
        // A small class is a set of one-character literals (here with the
        // spaces around them); one byte is enough when it is rare in prose.
        assert_eq!(
            necessary("^(?:\\w+ [·•|] \\d+)$"),
            Some(vec![" | ".into(), " · ".into(), " • ".into()])
        );
        assert_eq!(
            necessary("^(?:\\w+[·•|]\\d+)$"),
            Some(vec!["|".into(), "·".into(), "•".into()])
        );
        assert_eq!(necessary("^(?:\\w+[.:]\\d+)$"), None);
    }

    /// Whether a line passes the byte filter of `pattern` (length, allowed
    /// bytes, required bytes).
    fn passes(pattern: &str, line: &str) -> bool {
        let a = super::analyze(&regex_syntax::Parser::new().parse(pattern).unwrap());
        let bytes = super::byte_set(line.as_bytes());
        line.len() >= a.min_len
            && super::within(&bytes, &a.allowed)
            && a.required.iter().all(|r| super::overlaps(r, &bytes))
    }

    #[test]
    fn byte_filters_pass_every_match_and_reject_lines_that_cannot_match() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            // A slug: no space, no capital.
            (
                "^(?:[a-z0-9]+(?:-[a-z0-9]+){4,})$",
                &["how-to-clean-scraped-text", "a-b-c-d-e"],
                &[
                    "How-to-clean-scraped-text",
                    "how to clean scraped text",
                    "a-b",
                ],
            ),
            // A duration needs a digit and a colon.
            (
                "^(?:\\d{1,2}:\\d{2}(?::\\d{2})?)$",
                &["3:05", "12:30:59"],
                &["Duration", "3.05", "ab:cd"],
            ),
            // Each branch of an alternation brings one of its bytes.
            (
                "^(?:(?i)(?:watch|listen) now)$",
                &["Watch now", "LISTEN NOW"],
                &["Read more"],
            ),
            // Thirty names need at least ninety bytes.
            (
                "^(?:(?:\\w+, ){30,}\\w+)$",
                &[&format!("{}ab", "ab, ".repeat(31))],
                &["a, b, c"],
            ),
            // Characters outside ASCII: their bytes are allowed and
            // required.
            (
                "^(?:(?:关键词|標籤)\\s*[:：]\\s*\\S.{0,40})$",
                &["关键词：经济", "標籤: 政治"],
                &["Tags: economy"],
            ),
            // A class that holds almost everything requires nothing.
            ("^(?:.{3,80})$", &["anything at all", "任何东西"], &["ab"]),
        ];
        for (pattern, matching, not) in cases {
            let re = regex_automata::meta::Regex::new(pattern).unwrap();
            for line in *matching {
                assert!(re.is_match(line), "{pattern} should match {line:?}");
                assert!(passes(pattern, line), "{pattern} filters out {line:?}");
            }
            for line in *not {
                assert!(!re.is_match(line));
                assert!(!passes(pattern, line), "{pattern} lets {line:?} through");
            }
        }
    }

    #[test]
    fn longest_match_is_bounded_unless_a_repetition_asks_for_many() {
        let max = |p: &str| super::max_match_len(&regex_syntax::Parser::new().parse(p).unwrap());
        assert_eq!(max("^(?:Related|See also)$"), 8);
        assert_eq!(max("^(?:.{0,60})$"), 240);
        assert_eq!(max("^(?:Tags: .*)$"), 6 + super::UNBOUNDED_REPEAT_BYTES);
        // Thirty names or more may be a line of any length; ten characters
        // or more are still a few sentences at most.
        assert_eq!(max("^(?:(?:\\w+, ){30,}\\w+)$"), usize::MAX);
        assert_eq!(
            max("^(?:.{10,}?solely responsible)$"),
            super::UNBOUNDED_REPEAT_BYTES + 18
        );
        assert_eq!(
            max("^(?:(?:\\w+, ){2,}\\w+)$"),
            2 * super::UNBOUNDED_REPEAT_BYTES + 2
        );
    }

    #[test]
    fn folding_joins_every_case_folding_orbit() {
        // Oracle: regex-syntax's simple case folding, which `(?i)` uses.
        // Every character a case-insensitive character class matches folds
        // to the same character, so the prefilter's literals and the
        // line's folded lower case agree.
        use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};
        let mut apart = Vec::new();
        for cp in 0..0x20000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            // Every character that folds is one `fold_text` looks at.
            if super::fold_lower(c) != c {
                let lead = c.to_string().as_bytes()[0];
                assert!(super::FOLD_LEADS.contains(&lead), "{c:?}");
            }
            let Some(f) = super::fold_char(c) else {
                continue;
            };
            let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
            class.case_fold_simple();
            for r in class.iter() {
                for m in r.start()..=r.end() {
                    if let Some(g) = super::fold_char(m)
                        && f != g
                    {
                        apart.push((c, m));
                    }
                }
            }
            // The folded text of a lower-cased character is its fold.
            if lower(c) == Some(c) {
                assert_eq!(super::fold_text(&c.to_string()), f.to_string(), "{c:?}");
            }
        }
        assert!(apart.is_empty(), "characters that fold apart: {apart:?}");
    }

    fn lower(c: char) -> Option<char> {
        super::lower(c)
    }
}
