//! Stop-word lists per language, from the `stop-words` crate (NLTK lists
//! where NLTK has one, stopwords-iso otherwise), keyed by whatlang's `Lang`.

use std::sync::OnceLock;

use whatlang::Lang;

/// ISO 639-1 code of a whatlang language, as the `stop-words` crate keys
/// it: the standard code, except Norwegian Bokmål under `no`.
fn iso639_1(lang: Lang) -> &'static str {
    match lang {
        Lang::Nob => "no",
        lang => crate::language::iso639_1(lang),
    }
}

/// Words as keys: a word of up to 8 bytes by its bytes packed in a `u64`
/// (one multiplication to hash, one comparison to find; no word holds a
/// NUL, so the zero padding keeps keys apart), a longer one by its text.
#[derive(Debug)]
struct WordMap<V> {
    short: rustc_hash::FxHashMap<u64, V>,
    long: rustc_hash::FxHashMap<&'static str, V>,
}

impl<V: Default> WordMap<V> {
    fn new() -> Self {
        WordMap {
            short: Default::default(),
            long: Default::default(),
        }
    }

    fn get(&self, word: &str) -> Option<&V> {
        match packed(word) {
            Some(key) => self.short.get(&key),
            None => self.long.get(word),
        }
    }

    fn entry(&mut self, word: &'static str) -> &mut V {
        match packed(word) {
            Some(key) => self.short.entry(key).or_default(),
            None => self.long.entry(word).or_default(),
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }
}

/// The bytes of `word` in a `u64`, first byte lowest, when it has at most
/// eight.
fn packed(word: &str) -> Option<u64> {
    let b = word.as_bytes();
    (b.len() <= 8).then(|| {
        b.iter()
            .enumerate()
            .fold(0, |key, (i, &x)| key | u64::from(x) << (8 * i))
    })
}

/// The stop words of one language.
#[derive(Debug)]
pub(crate) struct Set {
    list: &'static [&'static str],
    words: WordMap<()>,
    /// Bytes of the longest stop word: longer words need no lookup (words
    /// that lower-casing may shrink get three times the room).
    longest: usize,
}

impl Set {
    fn contains(&self, word: &str) -> bool {
        self.words.get(word).is_some()
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.words.len()
    }
}

/// The stop words of `lang`, or `None` when no list exists for it.
/// Each set is built once, on first use.
pub(crate) fn for_lang(lang: Lang) -> Option<&'static Set> {
    // (Indexed by `Lang as usize`, whatlang's order: see the tests.)
    static SETS: OnceLock<Vec<OnceLock<Option<Set>>>> = OnceLock::new();
    let sets = SETS.get_or_init(|| Lang::all().iter().map(|_| OnceLock::new()).collect());
    sets[lang as usize]
        .get_or_init(|| {
            stop_words::lookup(iso639_1(lang)).map(|list| {
                let mut words = WordMap::new();
                for &w in list {
                    words.entry(w);
                }
                let longest = list.iter().map(|w| w.len()).max().unwrap_or(0);
                Set {
                    list,
                    words,
                    longest,
                }
            })
        })
        .as_ref()
}

/// Fewest stop-word hits for [`guess`] to name a language…
pub const GUESS_MIN_HITS: usize = 6;
/// …with at least this many times the hits of the runner-up (as a ratio
/// of whole numbers: 5/4). Close languages (Spanish and Portuguese) share
/// many stop words; a tighter margin sends more texts to whatlang.
pub const GUESS_MARGIN: (usize, usize) = (5, 4);

/// The stop words of the languages of one script, as one map from word to
/// the set (bit mask) of languages it is a stop word in.
struct ScriptIndex {
    langs: Vec<Lang>,
    words: WordMap<u64>,
}

fn script_index(script: whatlang::Script) -> &'static ScriptIndex {
    static INDEXES: OnceLock<Vec<ScriptIndex>> = OnceLock::new();
    let all = INDEXES.get_or_init(|| {
        whatlang::Script::all()
            .iter()
            .map(|s| {
                let langs: Vec<Lang> = s
                    .langs()
                    .iter()
                    .copied()
                    .filter(|&l| for_lang(l).is_some())
                    .take(64)
                    .collect();
                let mut words = WordMap::new();
                for (bit, &l) in langs.iter().enumerate() {
                    for &w in for_lang(l).expect("filtered").list {
                        *words.entry(w) |= 1 << bit;
                    }
                }
                ScriptIndex { langs, words }
            })
            .collect()
    });
    &all[script as usize]
}

/// The language of a text in `script` by its stop words, when they leave no
/// doubt: at least [`GUESS_MIN_HITS`] hits and [`GUESS_MARGIN`] times the
/// runner-up's. Much cheaper than trigram detection; `None` sends the text
/// to whatlang. The confidence is the share of the winner's hits that the
/// runner-up does not also have.
pub(crate) fn guess(script: whatlang::Script, text: &str) -> Option<(Lang, f64)> {
    guess_with_hits(script, text).sure
}

/// What the stop words of a text say of its language (see
/// [`guess_with_hits`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct StopGuess {
    /// The language when its stop words leave no doubt ([`guess`]).
    pub sure: Option<(Lang, f64)>,
    /// The most stop-word hits of one language (0: the text has no stop
    /// word of any listed language of the script).
    pub hits: usize,
    /// The language with more hits than any other, when one has.
    pub leader: Option<Lang>,
    /// The languages with at least one hit, as a set of the script's
    /// languages (see [`languages_in`]).
    pub present: u64,
}

/// [`guess`], with the most hits of one language and the leader.
pub(crate) fn guess_with_hits(script: whatlang::Script, text: &str) -> StopGuess {
    let index = script_index(script);
    let none = StopGuess {
        sure: None,
        hits: 0,
        leader: None,
        present: 0,
    };
    if index.langs.len() < 2 {
        return none;
    }
    let mut hits = [0usize; 64];
    let mut lower = String::new();
    for_each_word(text, |word, cased| {
        if let Some(&mask) = index.words.get(lower_if(word, cased, &mut lower)) {
            let mut m = mask;
            while m != 0 {
                hits[m.trailing_zeros() as usize] += 1;
                m &= m - 1;
            }
        }
        true
    });
    let n = index.langs.len();
    let Some(best) = (0..n).max_by_key(|&i| hits[i]) else {
        return none;
    };
    let second = (0..n)
        .filter(|&i| i != best)
        .map(|i| hits[i])
        .max()
        .unwrap_or(0);
    let winner = index.langs[best];
    let sure = hits[best] >= GUESS_MIN_HITS
        && hits[best] * GUESS_MARGIN.1 >= GUESS_MARGIN.0 * second.max(1)
        && !UNLISTED_KIN.contains(&winner);
    StopGuess {
        sure: sure.then(|| (winner, 1.0 - second as f64 / hits[best] as f64)),
        hits: hits[best],
        leader: (hits[best] > second).then_some(winner),
        present: (0..n)
            .filter(|&i| hits[i] > 0)
            .fold(0, |set, i| set | 1 << i),
    }
}

/// The languages of `script` in `set` (a [`StopGuess::present`]).
pub(crate) fn languages_in(script: whatlang::Script, set: u64) -> impl Iterator<Item = Lang> {
    let langs = &script_index(script).langs;
    (0..langs.len())
        .filter(move |&i| set & 1 << i != 0)
        .map(move |i| langs[i])
}

/// Languages whose stop words a close kin without a list of its own shares
/// (Bulgarian's: Macedonian, which the `stop-words` crate has no list for):
/// their words leave doubt, and whatlang decides.
const UNLISTED_KIN: &[Lang] = &[Lang::Bul];

/// A stop-word count of one line, kept for reuse.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Counted {
    pub lang: Lang,
    pub words: usize,
    pub hits: usize,
}

/// Words of a line that [`count`] reads: the share of stop words in the
/// first ones stands for the share in a long paragraph. Higher costs time on
/// long paragraphs; lower makes the share noisier.
pub const COUNT_MAX_WORDS: usize = 80;

/// Counts the words of `text` (the first [`COUNT_MAX_WORDS`]) and how many
/// of them are stop words of `set`. Words are maximal runs of alphanumeric
/// characters or apostrophes, compared in lower case.
pub(crate) fn count(text: &str, set: &Set) -> (usize, usize) {
    let mut words = 0;
    let mut hits = 0;
    let mut lower = String::new();
    for_each_word(text, |word, cased| {
        words += 1;
        let long = word.len() > set.longest && (word.is_ascii() || word.len() > 3 * set.longest);
        if !long && set.contains(lower_if(word, cased, &mut lower)) {
            hits += 1;
        }
        words < COUNT_MAX_WORDS
    });
    (words, hits)
}

/// Calls `f` on each word of `text` (a maximal run of alphanumeric
/// characters and apostrophes) with whether lower-casing changes it, until
/// `f` returns false. One pass: each character is looked up once.
fn for_each_word(text: &str, mut f: impl FnMut(&str, bool) -> bool) {
    use crate::chars::bits;
    let classes = crate::chars::classes();
    let mut start = None;
    let mut cased = false;
    for (i, c) in text.char_indices() {
        let (in_word, changes) = if c.is_ascii() {
            (
                c.is_ascii_alphanumeric() || c == '\'',
                c.is_ascii_uppercase(),
            )
        } else {
            let k = classes.of(c);
            (k & bits::ALNUM != 0 || c == '’', k & bits::CASED != 0)
        };
        if in_word {
            if start.is_none() {
                start = Some(i);
                cased = false;
            }
            cased |= changes;
        } else if let Some(s) = start.take()
            && !f(&text[s..i], cased)
        {
            return;
        }
    }
    if let Some(s) = start {
        f(&text[s..], cased);
    }
}

/// `word`, lower-cased into `buf` when `cased`.
fn lower_if<'a>(word: &'a str, cased: bool, buf: &'a mut String) -> &'a str {
    if !cased {
        return word;
    }
    buf.clear();
    crate::chars::lowercase_into(word, buf);
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_indexed_in_whatlang_order() {
        // `Lang as usize` indexes the sets.
        for (i, &l) in Lang::all().iter().enumerate() {
            assert_eq!(l as usize, i);
        }
    }

    #[test]
    fn every_whatlang_language_has_a_code() {
        for &lang in Lang::all() {
            assert_eq!(iso639_1(lang).len(), 2, "{lang:?}");
        }
    }

    #[test]
    fn lists_exist_for_major_languages() {
        for lang in [
            Lang::Eng,
            Lang::Rus,
            Lang::Ara,
            Lang::Pes,
            Lang::Hin,
            Lang::Spa,
            Lang::Deu,
        ] {
            assert!(for_lang(lang).is_some_and(|s| s.len() > 20), "{lang:?}");
        }
    }

    #[test]
    fn macedonian_is_not_guessed_bulgarian() {
        // Stop words Macedonian shares with Bulgarian ("е", "се", "ги",
        // "има", "може") are Bulgarian's in the lists; whatlang tells them
        // apart.
        let mk = "Градот е подготвен, но се очекува дека ќе има потреба од помош и може да се побара поддршка од владата.";
        assert_eq!(guess(whatlang::Script::Cyrillic, mk), None);
    }

    #[test]
    fn guesses_languages_with_a_clear_margin() {
        use whatlang::Script;
        let en = "The council said on Tuesday that it would not be able to keep all of the branches open, and that the decision had been taken with great reluctance.";
        assert_eq!(guess(Script::Latin, en).map(|g| g.0), Some(Lang::Eng));
        let es = "El consejo dijo el martes que no podrá mantener abiertas todas las sucursales y que la decisión se tomó con mucha reticencia.";
        assert_eq!(guess(Script::Latin, es).map(|g| g.0), Some(Lang::Spa));
        let ru = "Совет заявил во вторник, что не сможет сохранить все отделения открытыми, и что это решение было принято с большой неохотой.";
        assert_eq!(guess(Script::Cyrillic, ru).map(|g| g.0), Some(Lang::Rus));
        assert_eq!(guess(Script::Latin, "Acme Widget Pro 3000"), None);
    }

    #[test]
    fn counts_words_and_hits() {
        let en = for_lang(Lang::Eng).unwrap();
        let (w, h) = count("The summit was held in Nara, and it WAS long.", en);
        assert_eq!(w, 10);
        assert!(h >= 5, "{h}");
        assert_eq!(count("Zyx qwv", en), (2, 0));
    }

    #[test]
    fn word_keys_find_every_stop_word_and_nothing_near_it() {
        // Packed keys for words of up to 8 bytes, the text beyond: a word
        // one byte shorter or longer than a stop word (across the 8-byte
        // line, in every script's lists) is not taken for it.
        for &lang in Lang::all() {
            let Some(set) = for_lang(lang) else { continue };
            let words: std::collections::HashSet<&str> = set.list.iter().copied().collect();
            assert_eq!(set.len(), words.len(), "{lang:?}");
            for &w in set.list {
                assert!(set.contains(w), "{lang:?} {w:?}");
                let longer = format!("{w}x");
                assert_eq!(
                    set.contains(&longer),
                    words.contains(longer.as_str()),
                    "{longer:?}"
                );
                let mut shorter = w.to_string();
                shorter.pop();
                assert_eq!(
                    set.contains(&shorter),
                    words.contains(shorter.as_str()),
                    "{shorter:?}"
                );
            }
        }
        assert_eq!(packed("abcdefgh"), Some(u64::from_le_bytes(*b"abcdefgh")));
        assert_eq!(packed("abcdefghi"), None);
        assert_ne!(packed("a"), packed("ab"));
    }
}
