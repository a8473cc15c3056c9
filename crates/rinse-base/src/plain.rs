//! Which characters of the Basic Multilingual Plane normalization (see
//! `rinse::normalize`) leaves alone, and their canonical combining class.
//!
//! This module depends on the standard library and `unicode-normalization`
//! alone: the library's build script uses it too, and writes the class of every
//! character of the plane into the table that `rinse::normalize` answers
//! from.

use unicode_normalization::{IsNormalized, is_nfc_quick};

/// Marks, in the table, a character in NFC on its own (combining
/// class 0) that the steps before NFC change: white space, a control or
/// removed character.
pub const NOT_PLAIN: u8 = 254;
/// Marks, in the table, a character whose NFC quick check is not
/// "yes".
pub const NOT_NFC: u8 = 255;
/// Marks, in the table, ZWNJ and ZWJ: kept or removed by context.
pub const JOINER: u8 = 253;

/// The entry of `c` in the table: its canonical combining class when
/// normalization leaves it alone (NFC on its own, not white space, never
/// removed), else [`NOT_PLAIN`], [`NOT_NFC`] or [`JOINER`].
pub fn class(c: char) -> u8 {
    if is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes {
        return NOT_NFC;
    }
    if matches!(c, '\u{200C}' | '\u{200D}') {
        return JOINER;
    }
    let ccc = unicode_normalization::char::canonical_combining_class(c);
    let changed = (c.is_whitespace() && c != ' ') || is_removed(c, None);
    match (changed, ccc) {
        (false, ccc) => ccc,
        (true, 0) => NOT_PLAIN,
        (true, _) => NOT_NFC,
    }
}

/// Whether `c` is removed, given the previous character kept on the line.
pub fn is_removed(c: char, prev: Option<char>) -> bool {
    match c {
        '\u{200C}' | '\u{200D}' => !prev.is_some_and(|p| joins_in_script(p) || is_emoji(p)),
        '\u{E0020}'..='\u{E007F}' => {
            !prev.is_some_and(|p| is_emoji(p) || ('\u{E0020}'..='\u{E007F}').contains(&p))
        }
        '\u{00AD}'
        | '\u{061C}'
        | '\u{200B}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{E0001}' => true,
        _ => c.is_control(),
    }
}

/// Scripts whose orthography uses ZWNJ/ZWJ between letters.
fn joins_in_script(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{06FF}'   // Arabic (Persian, Urdu, Pashto …)
        | '\u{0700}'..='\u{074F}' // Syriac
        | '\u{0750}'..='\u{077F}' // Arabic Supplement
        | '\u{0780}'..='\u{07BF}' // Thaana
        | '\u{0870}'..='\u{08FF}' // Arabic Extended-B, -A
        | '\u{0900}'..='\u{0DFF}' // Devanagari … Sinhala
        | '\u{0F00}'..='\u{0FFF}' // Tibetan
        | '\u{1000}'..='\u{109F}' // Myanmar
        | '\u{1780}'..='\u{17FF}' // Khmer
        | '\u{1800}'..='\u{18AF}' // Mongolian
        | '\u{A8E0}'..='\u{A8FF}' // Devanagari Extended
        | '\u{FB50}'..='\u{FDFF}' // Arabic Presentation Forms-A
        | '\u{FE70}'..='\u{FEFE}' // Arabic Presentation Forms-B
    )
}

/// Emoji and the characters that continue an emoji sequence.
fn is_emoji(c: char) -> bool {
    matches!(c,
        '\u{1F000}'..='\u{1FAFF}' // pictographs, emoticons, modifiers
        | '\u{2300}'..='\u{23FF}'
        | '\u{2600}'..='\u{27BF}'
        | '\u{2B00}'..='\u{2BFF}'
        | '\u{FE0F}'              // emoji presentation selector
        | '\u{20E3}'              // combining keycap
        | '\u{00A9}' | '\u{00AE}' | '\u{203C}' | '\u{2049}' | '\u{2122}' | '\u{2139}'
    )
}
