//! Character classes answered from one table of the Basic Multilingual
//! Plane, written at build time ([`crate::charclass`]): script, letter,
//! digit, case, and the classes the shape of a line is measured with.
//!
//! The standard library searches a table for every non-ASCII character;
//! rinse asks several questions of every character of every line: one
//! 128 KiB table answers them all with one load.

use whatlang::Script;

pub(crate) use crate::charclass::bits;
use crate::charclass::class_slow;

/// A table of the plane, one little-endian `u16` per character, written
/// by the build script.
struct Table([u8; 0x20000]);

impl Table {
    #[inline]
    fn get(&self, cp: u32) -> u16 {
        let i = (cp as usize & 0xFFFF) * 2;
        u16::from_le_bytes([self.0[i], self.0[i + 1]])
    }
}

/// The class of every character of the plane ([`class_slow`]).
static CLASSES: Table = Table(*include_bytes!(concat!(
    env!("OUT_DIR"),
    "/class_table.bin"
)));

/// The lower case of every character of the plane whose lower case is one
/// character of the plane, zero for the others
/// ([`crate::charclass::lower_slow`]).
static LOWER: Table = Table(*include_bytes!(concat!(
    env!("OUT_DIR"),
    "/lower_table.bin"
)));

/// The class table, for a loop over many characters.
#[derive(Clone, Copy)]
pub(crate) struct Classes(&'static Table);

impl Classes {
    /// The class of `c`: an OR of [`bits`].
    #[inline]
    pub(crate) fn of(self, c: char) -> u16 {
        let cp = c as u32;
        if cp < 0x10000 {
            self.0.get(cp)
        } else {
            astral_class(c)
        }
    }
}

/// The class of a character outside the plane: rare, and kept out of line
/// so that [`Classes::of`] stays small enough to inline everywhere.
#[cold]
#[inline(never)]
fn astral_class(c: char) -> u16 {
    class_slow(c)
}

/// The class table.
#[inline]
pub(crate) fn classes() -> Classes {
    Classes(&CLASSES)
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
    match (cp < 0x10000).then(|| LOWER.get(cp)) {
        Some(l) if l != 0 => char::from_u32(l as u32).unwrap_or(c),
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

/// Appends `text` lower-cased to `out` (as `str::to_lowercase`, except that
/// the Greek final sigma rule is not applied, and that the Turkish capital
/// `İ` becomes `i`, as Turkish and Azerbaijani write it, not `i` with a
/// combining dot: "İLGİLİ HABERLER" is "ilgili haberler"), copying runs of
/// characters that lower-casing leaves alone. (The literal prefilter folds
/// its literals the same way: `rinse_base::analysis`.)
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
            match (cp < 0x10000).then(|| LOWER.get(cp)) {
                Some(l) if l != 0 => out.push(char::from_u32(l as u32).unwrap_or(c)),
                _ if c == 'İ' => out.push('i'),
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
            // (İ is lower-cased as Turkish writes it: see `lowercase_into`.)
            let expected: String = s
                .chars()
                .flat_map(char::to_lowercase)
                .collect::<String>()
                .replace("i\u{307}", "i");
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
                let expected: String = match c {
                    'İ' => "i".into(),
                    _ => c.to_lowercase().collect(),
                };
                assert_eq!(out, expected, "{cp:x}");
                assert_eq!(super::lower_char(c), c.to_lowercase().next().unwrap_or(c));
                let k = super::class(c);
                assert_eq!(k & super::bits::UPPER != 0, c.is_uppercase(), "{cp:x}");
                assert_eq!(k & super::bits::LOWER != 0, c.is_lowercase(), "{cp:x}");
            }
        }
    }
}
