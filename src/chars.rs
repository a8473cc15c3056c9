//! Fast character classes: `char::is_alphabetic` and `is_alphanumeric`
//! answered from bitmaps of the Basic Multilingual Plane, built once.
//!
//! The standard library searches a table for every non-ASCII character;
//! rinse asks for every character of every line several times, so a 16 KiB
//! lookup table pays for itself on the first document.

use std::sync::OnceLock;

struct Tables {
    alphabetic: Box<[u64; 1024]>,
    numeric: Box<[u64; 1024]>,
    /// Characters that lower-casing changes.
    cased: Box<[u64; 1024]>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut alphabetic = Box::new([0u64; 1024]);
        let mut numeric = Box::new([0u64; 1024]);
        let mut cased = Box::new([0u64; 1024]);
        for cp in 0..0x10000u32 {
            if let Some(c) = char::from_u32(cp) {
                let (word, bit) = ((cp >> 6) as usize, cp & 63);
                if c.is_alphabetic() {
                    alphabetic[word] |= 1 << bit;
                }
                if c.is_numeric() {
                    numeric[word] |= 1 << bit;
                }
                if !c.to_lowercase().eq(std::iter::once(c)) {
                    cased[word] |= 1 << bit;
                }
            }
        }
        Tables {
            alphabetic,
            numeric,
            cased,
        }
    })
}

/// `c.is_alphabetic()`, faster.
#[inline]
pub(crate) fn is_alphabetic(c: char) -> bool {
    let cp = c as u32;
    if cp < 0x80 {
        return c.is_ascii_alphabetic();
    }
    if cp < 0x10000 {
        return tables().alphabetic[(cp >> 6) as usize] & (1 << (cp & 63)) != 0;
    }
    c.is_alphabetic()
}

/// `c.is_alphanumeric()`, faster.
#[inline]
pub(crate) fn is_alphanumeric(c: char) -> bool {
    let cp = c as u32;
    if cp < 0x80 {
        return c.is_ascii_alphanumeric();
    }
    if cp < 0x10000 {
        let (word, bit) = ((cp >> 6) as usize, 1u64 << (cp & 63));
        let t = tables();
        return (t.alphabetic[word] | t.numeric[word]) & bit != 0;
    }
    c.is_alphanumeric()
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
    let t = tables();
    let mut run = 0;
    for (i, c) in text.char_indices() {
        let cp = c as u32;
        let changes = if cp < 0x80 {
            c.is_ascii_uppercase()
        } else if cp < 0x10000 {
            t.cased[(cp >> 6) as usize] & (1 << (cp & 63)) != 0
        } else {
            !c.to_lowercase().eq(std::iter::once(c))
        };
        if changes {
            out.push_str(&text[run..i]);
            out.extend(c.to_lowercase());
            run = i + c.len_utf8();
        }
    }
    out.push_str(&text[run..]);
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
        ] {
            let mut out = String::new();
            super::lowercase_into(s, &mut out);
            let expected: String = s.chars().flat_map(char::to_lowercase).collect();
            assert_eq!(out, expected, "{s}");
        }
    }

    #[test]
    fn same_answers_as_the_standard_library() {
        for cp in (0..0x11000u32).chain([0x1F600, 0x20000, 0x2A6D6, 0xE0041]) {
            if let Some(c) = char::from_u32(cp) {
                assert_eq!(super::is_alphabetic(c), c.is_alphabetic(), "{cp:x}");
                assert_eq!(super::is_alphanumeric(c), c.is_alphanumeric(), "{cp:x}");
            }
        }
    }
}
