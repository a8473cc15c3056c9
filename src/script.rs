//! Counting the letters of a text by script.
//!
//! Scripts are whatlang's, but only letters count (`char::is_alphabetic`:
//! punctuation, digits and symbols in a script's block do not), web
//! addresses, e-mail addresses and @handles are skipped (they are not
//! written in any language), and fullwidth Latin letters count as Latin.

use whatlang::Script;

/// Letter counts per script of one text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ScriptCounts {
    counts: [u32; SCRIPTS],
}

const SCRIPTS: usize = 25;

impl ScriptCounts {
    /// Counts the letters of `text`, skipping web and e-mail addresses.
    /// (The cleaner counts them in the same pass as the shape of the line:
    /// [`crate::signals::Shape::scan`].)
    #[cfg(test)]
    pub fn of(text: &str) -> ScriptCounts {
        let mut counts = ScriptCounts::default();
        if !may_hold_address(text) {
            for c in text.chars() {
                if let Some(s) = char_script(c) {
                    counts.counts[s as usize] += 1;
                }
            }
            return counts;
        }
        for token in text.split(' ').filter(|t| !is_address(t)) {
            for c in token.chars() {
                if let Some(s) = char_script(c) {
                    counts.counts[s as usize] += 1;
                }
            }
        }
        counts
    }

    /// Counts one more letter of `script`.
    #[inline]
    #[cfg(test)]
    pub(crate) fn bump(&mut self, script: Script) {
        self.counts[script as usize] += 1;
    }

    /// Counts one letter of `class` (see [`crate::chars::bits`]) in its
    /// script, if it has one: [`ScriptCounts::bump`] of
    /// [`crate::chars::script_of_class`], without the lookup (a class's
    /// script is its place among whatlang's scripts, plus one).
    #[inline]
    pub(crate) fn bump_class(&mut self, class: u16) {
        match class & crate::chars::bits::SCRIPT {
            0 => {}
            i => self.counts[usize::from(i) - 1] += 1,
        }
    }

    /// Adds the counts of `other`.
    pub fn add(&mut self, other: &ScriptCounts) {
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            *a += b;
        }
    }

    /// Letters in all scripts.
    pub fn letters(&self) -> u32 {
        self.counts.iter().sum()
    }

    /// Weighted letters in all scripts (see [`ScriptCounts::family`]).
    pub fn weight(&self) -> u32 {
        Script::all()
            .iter()
            .map(|&s| self.counts[s as usize] * weight(s))
            .sum()
    }

    /// Weighted letters in `script`, counting han, hiragana and katakana
    /// together. A han character carries about as much text as three Latin
    /// letters, a kana or hangul syllable about two: weighting keeps a
    /// Japanese line with an English brand name Japanese.
    pub fn family(&self, script: Script) -> u32 {
        use Script::{Hiragana, Katakana, Mandarin};
        match script {
            Hiragana | Katakana | Mandarin => [Hiragana, Katakana, Mandarin]
                .iter()
                .map(|&s| self.counts[s as usize] * weight(s))
                .sum(),
            s => self.counts[s as usize] * weight(s),
        }
    }

    /// Letters in `script` alone.
    pub fn count(&self, script: Script) -> u32 {
        self.counts[script as usize]
    }

    /// The script with the most letters; han, hiragana and katakana compete
    /// together first, so a Japanese text is not split three ways.
    pub fn main(&self) -> Option<Script> {
        // (A script without letters never wins: if another script of its
        // family has letters, that one ranks above it; if none has, it has
        // no weight. So only scripts with letters are compared.)
        let best = Script::all()
            .iter()
            .copied()
            .filter(|&s| self.counts[s as usize] > 0)
            .max_by_key(|&s| (self.family(s), self.counts[s as usize]))?;
        (self.family(best) > 0).then_some(best)
    }
}

/// Weight of a letter of `script` (see [`ScriptCounts::family`]).
fn weight(script: Script) -> u32 {
    match script {
        Script::Mandarin => 3,
        Script::Hiragana | Script::Katakana | Script::Hangul => 2,
        _ => 1,
    }
}

/// Whether a line may hold an address at all: a cheap test that spares most
/// lines the per-word checks of [`is_address`].
pub(crate) fn may_hold_address(text: &str) -> bool {
    memchr::memchr2(b':', b'@', text.as_bytes()).is_some() || text.contains("www.")
}

/// Whether a space-separated token is a web address, e-mail or @handle.
pub(crate) fn is_address(token: &str) -> bool {
    // (Most tokens have neither a colon nor an at sign: one pass says so.)
    if memchr::memchr2(b':', b'@', token.as_bytes()).is_none() {
        return token.starts_with("www.");
    }
    token.contains("://")
        || token.starts_with("www.")
        || token.starts_with('@')
        || token
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
}

/// The script of a letter; `None` for anything that is not a letter or is
/// in a script whatlang does not know.
#[inline]
pub(crate) fn char_script(c: char) -> Option<Script> {
    if c.is_ascii() {
        return c.is_ascii_alphabetic().then_some(Script::Latin);
    }
    crate::chars::script_of_class(crate::chars::class(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_are_indexed_in_whatlang_order() {
        // `Script as usize` indexes the counts.
        assert_eq!(Script::all().len(), SCRIPTS);
        for (i, &s) in Script::all().iter().enumerate() {
            assert_eq!(s as usize, i);
        }
    }

    #[test]
    fn a_class_counts_in_the_script_of_its_class() {
        // `bump_class` skips the lookup of `script_of_class`: both count
        // every character of the plane (and a few beyond) alike.
        let (mut by_class, mut by_script) = (ScriptCounts::default(), ScriptCounts::default());
        let mut scripted = 0;
        for c in (0..0x10000u32)
            .chain(0x20000..0x20100)
            .filter_map(char::from_u32)
        {
            let class = crate::chars::class(c);
            by_class.bump_class(class);
            if let Some(s) = crate::chars::script_of_class(class) {
                by_script.bump(s);
                scripted += 1;
            }
            assert_eq!(by_class, by_script, "{c:?}");
        }
        assert!(scripted > 40_000, "{scripted}");
    }

    #[test]
    fn the_table_agrees_with_whatlang() {
        // whatlang's own script detector is the oracle, on every letter,
        // except where rinse chooses otherwise on purpose:
        // * whatlang counts the whole block of halfwidth and fullwidth
        //   forms as Hangul; rinse gives fullwidth Latin letters and
        //   halfwidth katakana their own script;
        // * letters of scripts whatlang folds into another that it has no
        //   language of (Thaana and N'Ko into Arabic) and letter-like
        //   symbols (ℂ, ℓ, Ω, µ) count for no script in rinse, so that they
        //   do not make a line look like a language it is not;
        // * letters whatlang's ranges miss count for the script of their
        //   base letter (Greek with accents, Hebrew presentation forms), or
        //   of their block when they have none: the extension blocks below.
        use Script::*;
        use unicode_normalization::UnicodeNormalization;
        let deliberate = |c: char, got: Option<Script>| match c {
            '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => got == Some(Latin),
            '\u{FF66}'..='\u{FF9D}' => got == Some(Katakana),
            '\u{FF9E}'..='\u{FF9F}' => got.is_none(),
            '\u{0780}'..='\u{07FF}' | '\u{2100}'..='\u{214F}' | '\u{00B5}' => got.is_none(),
            _ => false,
        };
        let extension = |c: char| match c {
            '\u{0870}'..='\u{089F}' => Some(Arabic),
            '\u{1C80}'..='\u{1C8F}' | '\u{A640}'..='\u{A69F}' => Some(Cyrillic),
            '\u{1C90}'..='\u{1CBF}' | '\u{2D00}'..='\u{2D2F}' => Some(Georgian),
            '\u{31F0}'..='\u{31FF}' => Some(Katakana),
            '\u{3006}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' => Some(Mandarin),
            '\u{20000}'..='\u{3134F}' => Some(Mandarin),
            '\u{A9E0}'..='\u{A9FF}' | '\u{AA60}'..='\u{AA7F}' => Some(Myanmar),
            '\u{FB1D}'..='\u{FB4F}' => Some(Hebrew),
            _ => None,
        };
        let mut checked = 0;
        for cp in (0..0x11000u32).chain([0x20000, 0x2A6DF, 0x1EE00]) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let got = char_script(c);
            if !c.is_alphabetic() {
                assert_eq!(got, None, "U+{cp:04X}");
                continue;
            }
            let want = whatlang::detect_script(c.encode_utf8(&mut [0; 4]));
            let base = std::iter::once(c).nfkd().next().unwrap_or(c);
            let base = whatlang::detect_script(base.encode_utf8(&mut [0; 4]));
            let missed = want.is_none() && (got == base || got == extension(c));
            assert!(
                got == want || deliberate(c, got) || missed,
                "U+{cp:04X}: whatlang {want:?}, rinse {got:?}"
            );
            checked += 1;
        }
        assert!(checked > 50_000, "{checked}");
    }

    #[test]
    fn only_letters_count() {
        assert_eq!(ScriptCounts::of("» 12:30 — «»").letters(), 0);
        assert_eq!(ScriptCounts::of("Ａｂ").main(), Some(Script::Latin));
        assert_eq!(ScriptCounts::of("नमस्ते").main(), Some(Script::Devanagari));
    }

    #[test]
    fn addresses_are_skipped() {
        let c = ScriptCounts::of("動画はこちら https://youtu.be/abc www.x.com a@b.jp @handle");
        assert_eq!(c.letters(), 6);
        assert_eq!(c.main(), Some(Script::Hiragana));
    }

    #[test]
    fn the_main_script_is_the_one_of_most_weight() {
        // Against the definition (every script compared, the last of equals
        // winning), on every mix of up to two letters in seven scripts.
        use Script::*;
        let some = [
            Latin, Cyrillic, Mandarin, Hiragana, Katakana, Hangul, Arabic,
        ];
        for mix in 0..3usize.pow(some.len() as u32) {
            let mut c = ScriptCounts::default();
            let mut m = mix;
            for &s in &some {
                for _ in 0..m % 3 {
                    c.bump(s);
                }
                m /= 3;
            }
            let best = Script::all()
                .iter()
                .copied()
                .max_by_key(|&s| (c.family(s), c.count(s)))
                .filter(|&s| c.family(s) > 0);
            assert_eq!(c.main(), best, "{c:?}");
        }
    }

    #[test]
    fn japanese_is_one_family() {
        let c = ScriptCounts::of("NewDays対象店舗");
        assert_eq!(c.family(Script::Mandarin), 12);
        assert_eq!(c.family(Script::Hiragana), 12);
        assert_eq!(c.weight(), 19);
        assert_eq!(c.main(), Some(Script::Mandarin));
        let ja = ScriptCounts::of("東京都知事選挙の結果が発表されました");
        assert!(matches!(ja.main(), Some(Script::Mandarin)));
    }
}
