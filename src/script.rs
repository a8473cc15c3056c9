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
    pub(crate) fn bump(&mut self, script: Script) {
        self.counts[script as usize] += 1;
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
        let best = Script::all()
            .iter()
            .copied()
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

/// [`char_script`] by ranges.
pub(crate) fn script_slow(c: char) -> Option<Script> {
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
    fn the_table_agrees_with_the_ranges() {
        for cp in (0..0x11000u32).chain([0x20000, 0x2A6DF, 0x1EE00]) {
            if let Some(c) = char::from_u32(cp) {
                assert_eq!(char_script(c), script_slow(c), "U+{cp:04X}");
            }
        }
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
