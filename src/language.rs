//! rinse's own language and script types, so that the detector behind
//! them (whatlang) is not part of rinse's API: a new detector or a new
//! version of it changes what rinse detects, never the types a user's code
//! names.

use whatlang::Lang;

/// A language rinse detects, with its ISO 639-3 and 639-1 codes and its
/// English name.
///
/// rinse's own type (the detector behind it, whatlang, is not part of
/// rinse's API):
///
/// ```
/// let urdu = rinse::Language::from_code("urd").unwrap();
/// assert_eq!((urdu.code(), urdu.code_639_1(), urdu.name()), ("urd", "ur", "Urdu"));
/// assert_eq!(rinse::Language::from_code("ur"), Some(urdu));
/// assert_eq!(rinse::Language::from_code("xx"), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Language(pub(crate) Lang);

impl Language {
    /// Every language rinse detects.
    pub fn all() -> impl Iterator<Item = Language> {
        Lang::all().iter().map(|&l| Language(l))
    }

    /// The language of an ISO 639-3 code (`"eng"`, `"cmn"`, `"pes"`) or of
    /// an ISO 639-1 code (`"en"`, `"zh"`, `"fa"`).
    pub fn from_code(code: &str) -> Option<Language> {
        Lang::from_code(code)
            .or_else(|| Lang::all().iter().copied().find(|&l| iso639_1(l) == code))
            .map(Language)
    }

    /// The ISO 639-3 code (`"eng"`, `"urd"`, `"cmn"`).
    pub fn code(self) -> &'static str {
        self.0.code()
    }

    /// The ISO 639-1 code (`"en"`, `"ur"`, `"zh"`): every language rinse
    /// detects has one.
    pub fn code_639_1(self) -> &'static str {
        iso639_1(self.0)
    }

    /// The English name (`"English"`, `"Urdu"`, `"Mandarin"`).
    pub fn name(self) -> &'static str {
        self.0.eng_name()
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A script (writing system) rinse tells lines apart by: `"Latin"`,
/// `"Arabic"`, `"Devanagari"`, … rinse's own type, like [`Language`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Script(pub(crate) whatlang::Script);

impl Script {
    /// Every script rinse tells apart.
    pub fn all() -> impl Iterator<Item = Script> {
        whatlang::Script::all().iter().map(|&s| Script(s))
    }

    /// The script's English name (`"Latin"`, `"Cyrillic"`, `"Mandarin"`
    /// for han).
    pub fn name(self) -> &'static str {
        script_name(self.0)
    }
}

impl std::fmt::Display for Script {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The ISO 639-1 (two-letter) code of a language, as datatrove and
/// fastText-based filters label documents. Every language whatlang detects
/// has one (`cmn` is `zh`, `pes` is `fa`).
#[rustfmt::skip]
pub(crate) fn iso639_1(lang: Lang) -> &'static str {
    use Lang::*;
    match lang {
        Epo => "eo", Eng => "en", Rus => "ru", Cmn => "zh", Spa => "es", Por => "pt",
        Ita => "it", Ben => "bn", Fra => "fr", Deu => "de", Ukr => "uk", Kat => "ka",
        Ara => "ar", Hin => "hi", Jpn => "ja", Heb => "he", Yid => "yi", Pol => "pl",
        Amh => "am", Jav => "jv", Kor => "ko", Nob => "nb", Dan => "da", Swe => "sv",
        Fin => "fi", Tur => "tr", Nld => "nl", Hun => "hu", Ces => "cs", Ell => "el",
        Bul => "bg", Bel => "be", Mar => "mr", Kan => "kn", Ron => "ro", Slv => "sl",
        Hrv => "hr", Srp => "sr", Mkd => "mk", Lit => "lt", Lav => "lv", Est => "et",
        Tam => "ta", Vie => "vi", Urd => "ur", Tha => "th", Guj => "gu", Uzb => "uz",
        Pan => "pa", Aze => "az", Ind => "id", Tel => "te", Pes => "fa", Mal => "ml",
        Ori => "or", Mya => "my", Nep => "ne", Sin => "si", Khm => "km", Tuk => "tk",
        Aka => "ak", Zul => "zu", Sna => "sn", Afr => "af", Lat => "la", Slk => "sk",
        Cat => "ca", Tgl => "tl", Hye => "hy", Cym => "cy",
    }
}

/// The name of a script ("Latin", "Arabic", …) with a static lifetime.
pub(crate) fn script_name(script: whatlang::Script) -> &'static str {
    whatlang::Script::all()
        .iter()
        .find(|s| **s == script)
        .map_or("?", |s| s.name())
}
