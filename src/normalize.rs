//! Unicode and layout normalization of the input, line by line.
//!
//! Each line has two forms:
//!
//! * its **output form**, what rinse writes when the line is kept: the line
//!   in Unicode NFC, with white space trimmed from both ends
//!   ([`output_line`]). Nothing else changes: a kept line is the input
//!   line, so a clean article comes out as it went in.
//! * its **normalized form**, what the rules and signals read
//!   ([`normalize_line`]), so that a rule need not care about no-break
//!   spaces or invisible characters. The normalization is:
//!
//! 1. Line breaks: `\r\n`, `\r` and `\n` all end a line.
//! 2. Every white-space character (`char::is_whitespace`: tab, NBSP,
//!    U+2000–U+200A, U+202F, U+205F, U+3000, U+2028, U+2029, NEL, …)
//!    becomes an ASCII space.
//! 3. Invisible format characters are removed: the byte-order mark and
//!    zero-width no-break space (U+FEFF), zero-width space (U+200B), soft
//!    hyphen (U+00AD), direction marks and embeddings (U+200E, U+200F,
//!    U+061C, U+202A–U+202E, U+2066–U+2069), word joiner and invisible
//!    operators (U+2060–U+2064, U+206A–U+206F), and control characters.
//! 4. Zero-width non-joiner (U+200C) and zero-width joiner (U+200D) are kept
//!    where a script needs them — right after a letter of the Arabic
//!    (Persian, Urdu …), Syriac, Thaana, Indic, Tibetan, Myanmar, Khmer or
//!    Mongolian scripts, or after an emoji (ZWJ sequences such as 👩‍💻) —
//!    and removed elsewhere. Emoji tag characters (U+E0020–U+E007F) are kept
//!    after an emoji or another tag.
//! 5. Unicode NFC.
//! 6. Leading and trailing spaces are trimmed; lines left empty are dropped.
//!
//! The normalization is idempotent: normalizing a normalized line returns it
//! unchanged (a property test checks it).

use std::borrow::Cow;
use std::ops::Range;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::plain::{JOINER, NOT_NFC, NOT_PLAIN, is_removed};

/// One non-blank line of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number in the input (blank lines count).
    pub number: usize,
    /// Byte range of the line in the input, without its line break.
    pub span: Range<usize>,
    /// The normalized text, what rules and signals read: never empty, no
    /// line break, trimmed.
    pub text: Cow<'a, str>,
    /// The output form, what is written when the line is kept (see
    /// [`output_line`]).
    pub output: Cow<'a, str>,
}

/// Splits `input` into lines and normalizes each one, dropping blank lines
/// (lines whose normalized form is empty).
pub fn lines(input: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    for (span, number) in raw_lines(input).zip(1..) {
        let raw = &input[span.clone()];
        let text = normalize_line(raw);
        if !text.is_empty() {
            // A line normalization leaves alone is its own output form.
            let output = match text {
                Cow::Borrowed(t) => Cow::Borrowed(t),
                Cow::Owned(_) => output_line(raw),
            };
            out.push(Line {
                number,
                span,
                text,
                output,
            });
        }
    }
    out
}

/// The output form of a line: in NFC, without the white space at its ends
/// (the characters `char::is_whitespace` names, and the information
/// separators U+001C–U+001F, as Python's `str.strip` trims them) and
/// without a byte-order mark at its start (the encoding's, not the text's).
pub fn output_line(line: &str) -> Cow<'_, str> {
    let space = |c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c);
    let trimmed = line.trim_start_matches(|c: char| space(c) || c == '\u{FEFF}');
    let trimmed = trimmed.trim_end_matches(space);
    if is_nfc(trimmed) {
        Cow::Borrowed(trimmed)
    } else {
        Cow::Owned(trimmed.nfc().collect())
    }
}

/// The output form of a whole text: its non-blank lines (as [`lines`]
/// tells them) in output form, each followed by `\n`. What rinse writes for
/// a text it removes nothing from.
pub fn tidy(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for line in lines(input) {
        out.push_str(&line.output);
        out.push('\n');
    }
    out
}

/// Normalizes a whole text: its non-blank normalized lines, each followed by `\n`.
pub fn normalize(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for line in lines(input) {
        out.push_str(&line.text);
        out.push('\n');
    }
    out
}

/// Byte ranges of the lines of `input`, split on `\n`, `\r\n` and `\r`.
/// A final line break does not start a new line.
fn raw_lines(input: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = input.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        match memchr::memchr2(b'\n', b'\r', &bytes[start..]) {
            None => {
                pos = bytes.len();
                Some(start..bytes.len())
            }
            Some(i) => {
                let end = start + i;
                pos = end + 1;
                if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                    pos += 1;
                }
                Some(start..end)
            }
        }
    })
}

/// Normalizes one line (no line break inside). Borrows when nothing changes.
pub fn normalize_line(line: &str) -> Cow<'_, str> {
    if is_clean(line) {
        return Cow::Borrowed(line);
    }
    let filtered = filter(line);
    let composed: String = if is_nfc(&filtered) {
        filtered
    } else {
        filtered.nfc().collect()
    };
    let trimmed = composed.trim_matches(' ');
    if trimmed.len() == composed.len() {
        Cow::Owned(composed)
    } else {
        Cow::Owned(trimmed.to_owned())
    }
}

/// Steps 2 to 4: white space becomes ASCII spaces and invisible
/// characters are removed. The characters these steps leave alone (most
/// of any line) are copied in runs; the others are decided one by one,
/// after the last character kept.
fn filter(line: &str) -> String {
    let table = plain_table();
    let mut out = String::with_capacity(line.len());
    // Start of the run of unchanged characters not yet copied.
    let mut run = 0;
    for (i, c) in line.char_indices() {
        let cp = c as u32;
        let unchanged = if cp < 0x80 {
            (0x20..0x7f).contains(&cp)
        } else {
            cp < 0x10000 && !matches!(table[cp as usize], NOT_PLAIN | NOT_NFC | JOINER)
        };
        if unchanged {
            continue;
        }
        out.push_str(&line[run..i]);
        run = i + c.len_utf8();
        if c.is_whitespace() {
            out.push(' ');
        } else if !is_removed(c, out.chars().next_back()) {
            out.push(c);
        }
    }
    out.push_str(&line[run..]);
    out
}

/// True when `line` is already in normal form: the fast path that lets
/// most lines be borrowed without a copy.
fn is_clean(line: &str) -> bool {
    let bytes = line.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    // Printable ASCII throughout: clean. A control character: not. The
    // first byte of another character: the rest of the line decides.
    match bytes.iter().position(|&b| !(0x20..0x7f).contains(&b)) {
        None => return true,
        Some(i) if bytes[i] < 0x80 => return false,
        Some(_) => {}
    }
    // Most characters of most scripts are left alone by every step and are
    // in NFC on their own: a table of the plane tells, with the canonical
    // combining class that NFC's quick check compares between neighbours.
    let table = plain_table();
    let mut last = 0u8;
    let mut prev = None;
    for c in line.chars() {
        let cp = c as u32;
        let ccc = if cp < 0x80 {
            if !(0x20..0x7f).contains(&cp) {
                return false;
            }
            0
        } else if cp < 0x10000 {
            match table[cp as usize] {
                JOINER if !is_removed(c, prev) => 0,
                // White space other than a space, or a character always
                // removed: the line changes.
                NOT_PLAIN => return false,
                NOT_NFC | JOINER => return is_clean_slow(line),
                ccc => ccc,
            }
        } else {
            return is_clean_slow(line);
        };
        if ccc != 0 && last > ccc {
            // Combining marks out of canonical order: not NFC.
            return false;
        }
        last = ccc;
        prev = Some(c);
    }
    true
}

/// For every character of the Basic Multilingual Plane: its canonical
/// combining class when normalization leaves it alone, else [`NOT_PLAIN`],
/// [`NOT_NFC`] or [`JOINER`] (see [`crate::plain::class`]); written by the build
/// script.
fn plain_table() -> &'static [u8; 0x10000] {
    static TABLE: &[u8; 0x10000] = include_bytes!(concat!(env!("OUT_DIR"), "/plain_table.bin"));
    TABLE
}

/// [`is_clean`] character by character.
fn is_clean_slow(line: &str) -> bool {
    let mut prev = None;
    for c in line.chars() {
        if (c.is_whitespace() && c != ' ') || is_removed(c, prev) {
            return false;
        }
        prev = Some(c);
    }
    is_nfc(line)
}

/// Whether `s` passes NFC's quick check: from [`plain_table`] when every
/// character is in it, else from `unicode_normalization`.
fn is_nfc(s: &str) -> bool {
    let table = plain_table();
    let mut last = 0u8;
    for c in s.chars() {
        let cp = c as u32;
        let ccc = if cp < 0x80 {
            0
        } else if cp < 0x10000 && table[cp as usize] != NOT_NFC {
            match table[cp as usize] {
                NOT_PLAIN | JOINER => 0,
                ccc => ccc,
            }
        } else {
            return is_nfc_quick(s.chars()) == IsNormalized::Yes;
        };
        if ccc != 0 && last > ccc {
            return false;
        }
        last = ccc;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Calls `check` on every character from `first` to the end of the
    /// first plane above the Basic Multilingual Plane, between each pair of
    /// a text before and a text after it.
    fn every_character_between(first: u32, around: &[(&str, &str)], check: impl Fn(&str)) {
        for cp in first..0x11000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            for (before, after) in around {
                check(&format!("{before}{c}{after}"));
            }
        }
    }

    #[test]
    fn the_embedded_table_holds_known_classes() {
        let table = plain_table();
        assert_eq!(table[usize::from(b'a')], 0);
        assert_eq!(table[0x301], NOT_NFC); // (NFC quick check: maybe)
        assert_eq!(table[0x64E], 30);
        assert_eq!(table[0xA0], NOT_PLAIN);
        assert_eq!(table[0x200D], JOINER);
        assert_eq!(table[0x2126], NOT_NFC);
    }

    #[test]
    fn the_plain_table_agrees_with_the_slow_check() {
        let around = [
            ("a", "b"),
            ("", ""),
            ("\u{5d0}", "\u{301}"),
            ("\u{645}", "\u{200c}\u{62e}"),
            ("\u{1F469}\u{200d}", ""),
        ];
        every_character_between(0x80, &around, |s| {
            assert_eq!(is_clean(s), is_clean_slow(s), "{s:?}");
        });
        let around = [("a", "\u{301}"), ("", ""), ("\u{64E}", "")];
        every_character_between(0, &around, |s| {
            assert_eq!(
                is_nfc(s),
                is_nfc_quick(s.chars()) == IsNormalized::Yes,
                "{s:?}"
            );
        });
        // Combining marks in and out of canonical order.
        let marks = [
            '\u{301}', '\u{323}', '\u{64E}', '\u{651}', '\u{93C}', '\u{94D}', '\u{E48}',
        ];
        for a in marks {
            for b in marks {
                let s = format!("x{a}{b}");
                assert_eq!(is_clean(&s), is_clean_slow(&s), "{s:?}");
                // Marks on either side of ASCII, one character or a long run.
                for run in ["y", "y z, with a run of ASCII"] {
                    let s = format!("x{a}{run}{b}");
                    assert_eq!(is_clean(&s), is_clean_slow(&s), "{s:?}");
                }
                assert_eq!(is_nfc(&s), is_nfc_quick(s.chars()) == IsNormalized::Yes);
            }
        }
    }

    proptest::proptest! {
        /// The fast check agrees with the character-by-character one, on
        /// long ASCII runs (passed over in blocks) mixed with characters
        /// that normalization changes or that must keep their order.
        #[test]
        fn the_fast_check_agrees_on_any_text(
            line in "([ a-zA-Z0-9.,]{0,40}|[\\t\u{7f}\u{a0}\u{ad}\u{200b}-\u{200f}\u{feff}]|\u{301}|\u{323}|\u{64e}|\u{651}|[\u{d5}-\u{e4}]|[а-яё]|[ا-ي]|[ぁ-ん一-龥]|[ก-๙]|[\u{1f469}\u{e0041}\u{fe0f}]|\\PC)*"
        ) {
            let edge_space = line.starts_with(' ') || line.ends_with(' ');
            proptest::prop_assert_eq!(is_clean(&line), !edge_space && is_clean_slow(&line));
        }
    }

    /// Steps 2 to 4 character by character, as defined.
    fn filter_slow(line: &str) -> String {
        let mut out = String::new();
        for c in line.chars() {
            if c.is_whitespace() {
                out.push(' ');
            } else if !is_removed(c, out.chars().next_back()) {
                out.push(c);
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn the_run_filter_agrees_with_the_definition(
            line in "([ a-zA-Z0-9.,]{0,20}|[\\t\u{7f}\u{a0}\u{ad}\u{3000}\u{200b}-\u{200f}\u{feff}\u{2060}]|\u{301}|[\u{64e}\u{651}ا-ي]|[а-яё]|[ก-๙]|[\u{1f469}\u{e0041}\u{e0020}\u{fe0f}]|\\PC)*"
        ) {
            proptest::prop_assert_eq!(filter(&line), filter_slow(&line));
        }
    }

    #[test]
    fn the_run_filter_agrees_on_every_character() {
        let around = [
            ("a", "b"),
            ("", ""),
            ("\u{645}", "\u{200c}\u{62e}"),
            ("\u{1F469}\u{200d}", "\u{200d}"),
            ("x\u{a0}", " \u{200c}"),
        ];
        every_character_between(0, &around, |s| {
            assert_eq!(filter(s), filter_slow(s), "{s:?}");
        });
    }

    fn texts(input: &str) -> Vec<String> {
        lines(input)
            .into_iter()
            .map(|l| l.text.into_owned())
            .collect()
    }

    #[test]
    fn splits_all_line_break_styles_and_drops_blank_lines() {
        assert_eq!(texts("a\r\nb\rc\n\n  \nd"), ["a", "b", "c", "d"]);
        let ls = lines("a\r\n\r\nb\n");
        assert_eq!(ls[1].number, 3);
        assert_eq!(ls[1].span, 5..6);
    }

    #[test]
    fn clean_lines_are_borrowed() {
        let ls = lines("Hello world.\nمرحبا بالعالم.\n");
        assert!(ls.iter().all(|l| matches!(l.text, Cow::Borrowed(_))));
    }

    #[test]
    fn spaces_become_ascii_and_are_trimmed() {
        assert_eq!(
            normalize_line("\u{FEFF}\u{00A0}a\u{3000}b\tc\u{2009} "),
            "a b c"
        );
    }

    #[test]
    fn invisible_characters_are_removed() {
        assert_eq!(
            normalize_line("ab\u{200B}c\u{00AD}d\u{200E}e\u{202B}f"),
            "abcdef"
        );
        assert_eq!(normalize_line("x\u{0007}y\u{007F}z"), "xyz");
    }

    #[test]
    fn joiners_survive_where_a_script_needs_them() {
        // Persian "mi-shavad" with ZWNJ, Hindi with ZWJ, emoji ZWJ sequence.
        for s in [
            "می\u{200C}شود",
            "क्\u{200D}ष",
            "👩\u{200D}💻",
            "🏴\u{E0067}\u{E0062}\u{E007F}",
        ] {
            assert_eq!(normalize_line(s), s);
        }
        // ... and go where they are only noise.
        assert_eq!(normalize_line("ab\u{200C}c\u{200D}d"), "abcd");
        assert_eq!(normalize_line("\u{200C}می"), "می");
    }

    #[test]
    fn nfc_composition() {
        assert_eq!(normalize_line("e\u{0301}"), "\u{00E9}");
        // A removed invisible character between base and mark.
        assert_eq!(normalize_line("e\u{200B}\u{0301}"), "\u{00E9}");
    }

    #[test]
    fn normalization_is_idempotent_on_tricky_input() {
        let tricky = "\u{FEFF} ا\u{200B}\u{200C}ب \u{00A0}e\u{0301}\u{200D}\r\n\u{2028}x\u{E0020}";
        let once = normalize(tricky);
        assert_eq!(normalize(&once), once);
    }
}
