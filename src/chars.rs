//! Character classes answered from one table of the Basic Multilingual
//! Plane, built once: script, letter, digit, case, and the classes the
//! shape of a line is measured with.
//!
//! The standard library searches a table for every non-ASCII character;
//! rinse asks several questions of every character of every line, so one
//! 128 KiB lookup (one load per character for all questions) pays for
//! itself on the first document.

use std::sync::OnceLock;

use whatlang::Script;

/// Bits of a character's class ([`class`]).
pub(crate) mod bits {
    /// The script of a letter (see [`crate::script::char_script`]), plus
    /// one; zero for a character that is not a letter of a known script.
    pub const SCRIPT: u16 = 0x1F;
    /// `char::is_alphabetic`.
    pub const ALPHA: u16 = 1 << 5;
    /// `char::is_alphanumeric`.
    pub const ALNUM: u16 = 1 << 6;
    /// Han and kana: about 1.7 characters to a word.
    pub const HAN: u16 = 1 << 7;
    /// Thai, Myanmar, Khmer: scripts written without spaces whose letters
    /// are about five to a word.
    pub const UNSPACED: u16 = 1 << 8;
    /// Punctuation inside sentences, of any script.
    pub const INNER_PUNCT: u16 = 1 << 9;
    /// `char::is_uppercase`.
    pub const UPPER: u16 = 1 << 10;
    /// `char::is_lowercase`.
    pub const LOWER: u16 = 1 << 11;
    /// Lower-casing changes the character.
    pub const CASED: u16 = 1 << 12;
}

/// Han and kana, and the other ideographs.
fn is_han_like(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

/// Scripts written without spaces between words, whose characters are
/// letters of an alphabet or abugida (about five to a word).
fn is_unspaced_alphabetic(c: char) -> bool {
    matches!(c, '\u{0E00}'..='\u{0EFF}' | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{17FF}')
}

/// Punctuation inside sentences, in any script.
fn is_inner_punctuation(c: char) -> bool {
    matches!(
        c,
        ',' | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | '，'
            | '、'
            | '。'
            | '；'
            | '：'
            | '！'
            | '？'
            | '،'
            | '؛'
            | '؟'
            | '「'
            | '」'
            | '“'
            | '”'
            | '（'
            | '）'
            | '('
            | ')'
    )
}

/// The class of `c` worked out from the standard library and the ranges.
fn class_slow(c: char) -> u16 {
    let mut k = crate::script::script_slow(c).map_or(0, |s| s as u16 + 1);
    let flag = |on: bool, bit: u16| if on { bit } else { 0 };
    k |= flag(c.is_alphabetic(), bits::ALPHA);
    k |= flag(c.is_alphanumeric(), bits::ALNUM);
    k |= flag(is_han_like(c), bits::HAN);
    k |= flag(is_unspaced_alphabetic(c), bits::UNSPACED);
    k |= flag(is_inner_punctuation(c), bits::INNER_PUNCT);
    k |= flag(c.is_uppercase(), bits::UPPER);
    k |= flag(c.is_lowercase(), bits::LOWER);
    k |= flag(!c.to_lowercase().eq(std::iter::once(c)), bits::CASED);
    k
}

fn table() -> &'static [u16; 0x10000] {
    static TABLE: OnceLock<Box<[u16; 0x10000]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Box::new([0u16; 0x10000]);
        for (cp, slot) in t.iter_mut().enumerate() {
            if let Some(c) = char::from_u32(cp as u32) {
                *slot = class_slow(c);
            }
        }
        t
    })
}

/// The class table, fetched once for a loop over many characters.
#[derive(Clone, Copy)]
pub(crate) struct Classes(&'static [u16; 0x10000]);

impl Classes {
    /// The class of `c`: an OR of [`bits`].
    #[inline]
    pub(crate) fn of(self, c: char) -> u16 {
        let cp = c as u32;
        if cp < 0x10000 {
            self.0[cp as usize]
        } else {
            class_slow(c)
        }
    }
}

/// The class table.
#[inline]
pub(crate) fn classes() -> Classes {
    Classes(table())
}

/// The class of `c`: an OR of [`bits`].
#[inline]
pub(crate) fn class(c: char) -> u16 {
    classes().of(c)
}

/// The script of a letter in a class, `None` when it is not one.
#[inline]
pub(crate) fn script_of_class(class: u16) -> Option<Script> {
    match class & bits::SCRIPT {
        0 => None,
        i => Some(Script::all()[i as usize - 1]),
    }
}

/// `c.is_alphabetic()`, faster.
#[inline]
pub(crate) fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    class(c) & bits::ALPHA != 0
}

/// The lower case of the characters of the plane whose lower case is one
/// character of the plane (zero for the others), built on first use.
fn lower_table() -> &'static [u16; 0x10000] {
    static TABLE: OnceLock<Box<[u16; 0x10000]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Box::new([0u16; 0x10000]);
        for (cp, slot) in t.iter_mut().enumerate() {
            if let Some(c) = char::from_u32(cp as u32) {
                let mut lower = c.to_lowercase();
                if let (Some(l), None) = (lower.next(), lower.next())
                    && (l as u32) < 0x10000
                {
                    *slot = l as u16;
                }
            }
        }
        t
    })
}

/// Whether lower-casing changes `c`.
#[inline]
fn changes_case(c: char, classes: Classes) -> bool {
    if c.is_ascii() {
        c.is_ascii_uppercase()
    } else {
        classes.of(c) & bits::CASED != 0
    }
}

/// The first character of the lower case of `c`.
#[inline]
pub(crate) fn lower_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if !changes_case(c, classes()) {
        return c;
    }
    let cp = c as u32;
    match (cp < 0x10000).then(|| lower_table()[cp as usize]) {
        Some(l) if l != 0 => char::from_u32(l as u32).unwrap_or(c),
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

/// Appends `text` lower-cased to `out` (as `str::to_lowercase`, except that
/// the Greek final sigma rule is not applied), copying runs of characters
/// that lower-casing leaves alone.
pub(crate) fn lowercase_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
        return;
    }
    let classes = classes();
    let mut run = 0;
    for (i, c) in text.char_indices() {
        if changes_case(c, classes) {
            out.push_str(&text[run..i]);
            let cp = c as u32;
            match (cp < 0x10000).then(|| lower_table()[cp as usize]) {
                Some(l) if l != 0 => out.push(char::from_u32(l as u32).unwrap_or(c)),
                _ => out.extend(c.to_lowercase()),
            }
            run = i + c.len_utf8();
        }
    }
    out.push_str(&text[run..]);
}

/// `text` lower-cased, `None` when lower-casing leaves it alone.
pub(crate) fn lowercase_if_changed(text: &str) -> Option<String> {
    first_case_change(text).map(|at| {
        let mut out = String::with_capacity(text.len());
        out.push_str(&text[..at]);
        lowercase_into(&text[at..], &mut out);
        out
    })
}

/// Where the first character that lower-casing changes is.
fn first_case_change(text: &str) -> Option<usize> {
    if text.is_ascii() {
        return text.bytes().position(|b| b.is_ascii_uppercase());
    }
    let classes = classes();
    text.char_indices()
        .find(|&(_, c)| changes_case(c, classes))
        .map(|(at, _)| at)
}

#[cfg(test)]
mod tests {
    #[test]
    fn lower_cases_like_the_standard_library() {
        for s in [
            "Hello WORLD",
            "Ärger İstanbul ΣΟΦΊΑ",
            "東京 Tokyo",
            "Привет МИР",
            "ǅemal",
            "already lower",
            "سلام دنیا",
        ] {
            let mut out = String::new();
            super::lowercase_into(s, &mut out);
            let expected: String = s.chars().flat_map(char::to_lowercase).collect();
            assert_eq!(out, expected, "{s}");
            assert_eq!(
                super::lowercase_if_changed(s).as_deref().unwrap_or(s),
                expected,
                "{s}"
            );
        }
    }

    #[test]
    fn same_answers_as_the_standard_library() {
        for cp in (0..0x11000u32).chain([0x1F600, 0x20000, 0x2A6D6, 0xE0041]) {
            if let Some(c) = char::from_u32(cp) {
                assert_eq!(super::is_alphabetic(c), c.is_alphabetic(), "{cp:x}");
                let alnum = super::class(c) & super::bits::ALNUM != 0;
                assert_eq!(alnum, c.is_alphanumeric(), "{cp:x}");
                let mut out = String::new();
                super::lowercase_into(c.encode_utf8(&mut [0; 4]), &mut out);
                let expected: String = c.to_lowercase().collect();
                assert_eq!(out, expected, "{cp:x}");
                assert_eq!(super::lower_char(c), c.to_lowercase().next().unwrap_or(c));
                let k = super::class(c);
                assert_eq!(k & super::bits::UPPER != 0, c.is_uppercase(), "{cp:x}");
                assert_eq!(k & super::bits::LOWER != 0, c.is_lowercase(), "{cp:x}");
            }
        }
    }
}
