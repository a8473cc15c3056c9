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
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut alphabetic = Box::new([0u64; 1024]);
        let mut numeric = Box::new([0u64; 1024]);
        for cp in 0..0x10000u32 {
            if let Some(c) = char::from_u32(cp) {
                let (word, bit) = ((cp >> 6) as usize, cp & 63);
                if c.is_alphabetic() {
                    alphabetic[word] |= 1 << bit;
                }
                if c.is_numeric() {
                    numeric[word] |= 1 << bit;
                }
            }
        }
        Tables {
            alphabetic,
            numeric,
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

#[cfg(test)]
mod tests {
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
