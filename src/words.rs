//! The words of some lines, to tell how many of another line's words they
//! share: the article model asks it of the body's matter, the rules of the
//! paragraph after a list.

/// The words of some lines, to tell how many of a line's words are among
/// them: lower-cased words of at least [`WORD_MIN_CHARS`] characters, and
/// pairs of characters in scripts written without spaces.
pub(crate) struct Words {
    set: rustc_hash::FxHashSet<u64>,
}

/// Shortest word counted by `Words` (shorter ones are mostly function
/// words, shared by any two texts).
pub const WORD_MIN_CHARS: usize = 4;

impl Words {
    pub(crate) fn of<'t>(texts: impl Iterator<Item = &'t str>) -> Words {
        let mut set = rustc_hash::FxHashSet::default();
        for t in texts {
            for_each_word(t, |h| {
                set.insert(h);
            });
        }
        Words { set }
    }

    /// The share of the words of `text` that are among these.
    pub(crate) fn share_of(&self, text: &str) -> f32 {
        if self.set.is_empty() {
            return 0.0;
        }
        let (mut n, mut hits) = (0u32, 0u32);
        for_each_word(text, |h| {
            n += 1;
            hits += u32::from(self.set.contains(&h));
        });
        if n == 0 { 0.0 } else { hits as f32 / n as f32 }
    }
}

/// Calls `f` with the hash of every word of `text` that [`Words`] counts.
fn for_each_word(text: &str, mut f: impl FnMut(u64)) {
    use std::hash::{BuildHasher, Hasher};
    let build = rustc_hash::FxBuildHasher;
    let mut word: Vec<char> = Vec::new();
    for token in text.split_whitespace() {
        if token.is_ascii() {
            // The same hash as below, without decoding: ASCII is spaced.
            let mut h = build.build_hasher();
            let mut len = 0;
            for b in token.bytes().filter(u8::is_ascii_alphanumeric) {
                h.write_u32(u32::from(b.to_ascii_lowercase()));
                len += 1;
            }
            if len >= WORD_MIN_CHARS {
                f(h.finish());
            }
            continue;
        }
        // Letters and digits lower-cased, from rinse's character table (the
        // standard library's Unicode lookups cost hundreds of instructions
        // a character outside ASCII).
        use crate::chars::bits;
        let classes = crate::chars::classes();
        word.clear();
        let mut unspaced = false;
        for c in token.chars() {
            let class = classes.of(c);
            if class & bits::ALNUM != 0 {
                unspaced |= class & (bits::HAN | bits::UNSPACED) != 0;
                word.push(crate::chars::lower_char(c));
            }
        }
        if unspaced {
            for pair in word.windows(2) {
                let mut h = build.build_hasher();
                h.write_u32(pair[0] as u32);
                h.write_u32(pair[1] as u32);
                f(h.finish());
            }
        } else if word.len() >= WORD_MIN_CHARS {
            let mut h = build.build_hasher();
            for &c in &word {
                h.write_u32(c as u32);
            }
            f(h.finish());
        }
    }
}
