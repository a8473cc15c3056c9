//! The class of a character, worked out from the standard library and
//! Unicode ranges: script, letter, digit, case, and the classes the shape
//! of a line is measured with.
//!
//! This module depends on the standard library and whatlang's `Script`
//! alone: the library's build script uses it too, and writes the class of every
//! character of the Basic Multilingual Plane into the table that
//! `rinse`'s `chars` module answers from.

use whatlang::Script;

/// Bits of a character's class.
pub mod bits {
    /// The script of a letter (as `Script as usize`, see [`super::script_slow`]),
    /// plus one; zero for a character that is not a letter of a known script.
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
            | '۔'
            | '।'
            | '։'
            | '՝'
            | '።'
            | '፣'
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
pub fn class_slow(c: char) -> u16 {
    let mut k = script_slow(c).map_or(0, |s| s as u16 + 1);
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

/// The script of a letter, by ranges; `None` for anything that is not a
/// letter or is in a script whatlang does not know.
pub fn script_slow(c: char) -> Option<Script> {
    if c.is_ascii() {
        return c.is_ascii_alphabetic().then_some(Script::Latin);
    }
    if !c.is_alphabetic() {
        return None;
    }
    use Script::*;
    Some(match c {
        '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' | '\u{0250}'..='\u{02AF}' => Latin,
        '\u{1D00}'..='\u{1DBF}' | '\u{2C60}'..='\u{2C7F}' | '\u{A720}'..='\u{A7FF}' => Latin,
        '\u{AB30}'..='\u{AB6F}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => Latin,
        '\u{00AA}' | '\u{00BA}' => Latin,
        '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}' => Greek,
        '\u{0400}'..='\u{052F}'
        | '\u{1C80}'..='\u{1C8F}'
        | '\u{2DE0}'..='\u{2DFF}'
        | '\u{A640}'..='\u{A69F}' => Cyrillic,
        '\u{0530}'..='\u{058F}' | '\u{FB13}'..='\u{FB17}' => Armenian,
        '\u{0590}'..='\u{05FF}' | '\u{FB1D}'..='\u{FB4F}' => Hebrew,
        '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{0870}'..='\u{08FF}' => Arabic,
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}' | '\u{10E60}'..='\u{10E7F}' => Arabic,
        '\u{1EE00}'..='\u{1EEFF}' => Arabic,
        '\u{0900}'..='\u{097F}' | '\u{A8E0}'..='\u{A8FF}' | '\u{1CD0}'..='\u{1CFF}' => Devanagari,
        '\u{0980}'..='\u{09FF}' => Bengali,
        '\u{0A00}'..='\u{0A7F}' => Gurmukhi,
        '\u{0A80}'..='\u{0AFF}' => Gujarati,
        '\u{0B00}'..='\u{0B7F}' => Oriya,
        '\u{0B80}'..='\u{0BFF}' => Tamil,
        '\u{0C00}'..='\u{0C7F}' => Telugu,
        '\u{0C80}'..='\u{0CFF}' => Kannada,
        '\u{0D00}'..='\u{0D7F}' => Malayalam,
        '\u{0D80}'..='\u{0DFF}' => Sinhala,
        '\u{0E00}'..='\u{0E7F}' => Thai,
        '\u{1000}'..='\u{109F}' | '\u{A9E0}'..='\u{A9FF}' | '\u{AA60}'..='\u{AA7F}' => Myanmar,
        '\u{10A0}'..='\u{10FF}' | '\u{1C90}'..='\u{1CBF}' | '\u{2D00}'..='\u{2D2F}' => Georgian,
        '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{A960}'..='\u{A97F}' => Hangul,
        '\u{AC00}'..='\u{D7FF}' | '\u{FFA0}'..='\u{FFDC}' => Hangul,
        '\u{1200}'..='\u{139F}' | '\u{2D80}'..='\u{2DDF}' | '\u{AB00}'..='\u{AB2F}' => Ethiopic,
        '\u{1780}'..='\u{17FF}' | '\u{19E0}'..='\u{19FF}' => Khmer,
        '\u{3040}'..='\u{309F}' => Hiragana,
        '\u{30A0}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9D}' => Katakana,
        '\u{2E80}'..='\u{2FDF}' | '\u{3005}'..='\u{3007}' | '\u{3021}'..='\u{3029}' => Mandarin,
        '\u{3038}'..='\u{303B}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' => Mandarin,
        '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}' => Mandarin,
        _ => return None,
    })
}

/// The lower case of `c` when it is one character of the Basic
/// Multilingual Plane, else zero: an entry of the lower-case table.
pub fn lower_slow(c: char) -> u16 {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if (l as u32) < 0x10000 => l as u16,
        _ => 0,
    }
}
