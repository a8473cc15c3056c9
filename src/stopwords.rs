//! Stop-word lists per language, from the `stop-words` crate (NLTK lists
//! where NLTK has one, stopwords-iso otherwise), keyed by whatlang's `Lang`.

use std::collections::HashSet;
use std::sync::OnceLock;

use whatlang::Lang;

/// ISO 639-1 code of a whatlang language, as the `stop-words` crate keys it.
fn iso639_1(lang: Lang) -> &'static str {
    use Lang::*;
    match lang {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "no",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        Cym => "cy",
    }
}

type Set = HashSet<&'static str, rustc_hash::FxBuildHasher>;

/// The stop words of `lang`, or `None` when no list exists for it.
/// Each set is built once, on first use.
pub(crate) fn for_lang(lang: Lang) -> Option<&'static Set> {
    static SETS: OnceLock<Vec<(Lang, OnceLock<Option<Set>>)>> = OnceLock::new();
    let sets = SETS.get_or_init(|| Lang::all().iter().map(|&l| (l, OnceLock::new())).collect());
    let (_, cell) = sets.iter().find(|(l, _)| *l == lang)?;
    cell.get_or_init(|| {
        stop_words::lookup(iso639_1(lang)).map(|words| words.iter().copied().collect())
    })
    .as_ref()
}

/// Counts the words of `text` and how many of them are stop words of `set`.
/// Words are maximal runs of alphanumeric characters or apostrophes,
/// compared in lower case.
pub(crate) fn count(text: &str, set: &Set) -> (usize, usize) {
    let mut words = 0;
    let mut hits = 0;
    let mut lower = String::new();
    for word in text
        .split(|c: char| !(crate::chars::is_alphanumeric(c) || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
    {
        words += 1;
        let key = if word.is_ascii() {
            if word.bytes().any(|b| b.is_ascii_uppercase()) {
                lower.clear();
                lower.push_str(word);
                lower.make_ascii_lowercase();
                lower.as_str()
            } else {
                word
            }
        } else if word.chars().any(char::is_uppercase) {
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            lower.as_str()
        } else {
            word
        };
        if set.contains(key) {
            hits += 1;
        }
    }
    (words, hits)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn counts_words_and_hits() {
        let en = for_lang(Lang::Eng).unwrap();
        let (w, h) = count("The summit was held in Nara, and it WAS long.", en);
        assert_eq!(w, 10);
        assert!(h >= 5, "{h}");
        assert_eq!(count("Zyx qwv", en), (2, 0));
    }
}
