//! Language and script of the document and of every line.
//!
//! Running whatlang's trigram detector on every line would cost 40–130 µs a
//! line and would be wrong on short lines anyway (about one in five lines
//! under 20 characters is mislabelled). rinse labels lines in this order:
//!
//! 1. The script of every line is counted (cheap). A line without letters
//!    (numbers, punctuation, symbols) gets no language.
//! 2. The document language is detected once, on a sample made of the
//!    document's longest lines ([`DOC_SAMPLE_CHARS`]).
//! 3. A line whose script differs from the document's is detected on its
//!    own: its script already narrows the candidates to a few languages.
//! 4. A line in the document's script inherits the document language when it
//!    is short ([`SHORT_LINE_CHARS`]) or when enough of its words are stop
//!    words of the document language ([`DOC_STOPWORD_SHARE`]); only the
//!    remaining lines (long, in the document's script, not looking like the
//!    document language) run the trigram detector, and keep the document
//!    language unless the detector is reliable.

use std::sync::OnceLock;

use whatlang::{Detector, Lang, Script};

use crate::script::{ScriptCounts, char_script, is_address, may_hold_address};
use crate::stopwords;

/// Characters of the longest lines joined to detect the document language.
pub const DOC_SAMPLE_CHARS: usize = 600;

/// Confidence from which the document language is trusted. Below it (a
/// short document, or one mixing close languages) rules of every language
/// of the document's script apply, rather than none.
pub const DOC_RELIABLE_CONFIDENCE: f64 = 0.5;

/// Confidence below which the document language is reported as
/// undetermined (`und`): whatlang's guess for a single short word ("hello"
/// is Danish at 0.03, "ok" Hungarian at 0.02), while a short sentence in
/// its language scores 0.1 and more ("Привет мир" 0.11, "The council
/// met." 0.28).
pub const MIN_REPORTED_CONFIDENCE: f64 = 0.05;

/// Lines shorter than this (in characters) and in the document's script
/// inherit the document language: whatlang is unreliable on short text.
pub const SHORT_LINE_CHARS: usize = 40;

/// A line detected on its own is only trusted (for choosing packs, and as a
/// language switch) with at least this many letters.
pub const RELIABLE_MIN_LETTERS: u32 = 20;

/// A line belongs to the document's script when at least this share of its
/// (weighted) letters is in that script (so "NewDays対象店舗" belongs to a Japanese
/// document, and an English brand name does not make a line foreign).
pub const DOC_SCRIPT_SHARE: f64 = 1.0 / 3.0;

/// A line in the document's script whose words are at least this share of
/// document-language stop words inherits the document language without
/// running the trigram detector. Lower means fewer detector runs but more
/// foreign lines labelled with the document language.
pub const DOC_STOPWORD_SHARE: f64 = 0.2;

/// Lines with fewer letters than this are not given to the trigram detector
/// (its answer on a few words is mostly noise): they get their script only.
pub const DETECT_MIN_LETTERS: u32 = 10;

/// The trigram detector reads at most this many bytes of a line (cut at a
/// space): its cost grows with the text, its accuracy stops growing long
/// before a long paragraph ends. Higher costs time on long paragraphs,
/// lower costs accuracy.
pub const DETECT_MAX_BYTES: usize = 192;

/// The start of `text` the detector reads: at most [`DETECT_MAX_BYTES`],
/// ending at a space when there is one in the second half.
fn detect_sample(text: &str) -> &str {
    if text.len() <= DETECT_MAX_BYTES {
        return text;
    }
    let mut end = DETECT_MAX_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind(' ') {
        Some(i) if i >= DETECT_MAX_BYTES / 2 => &text[..i],
        _ => &text[..end],
    }
}

/// Language of the whole document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DocLang {
    /// Detected language, `None` when the document has no letters (see
    /// [`DocLang::language`]).
    pub(crate) lang: Option<Lang>,
    /// Main script of the document (han, kana together; see
    /// [`DocLang::script`]).
    pub(crate) script: Option<Script>,
    /// whatlang's confidence, 0 to 1.
    pub confidence: f64,
    /// Share of the document's letters written in its script, 0 to 1.
    pub script_share: f64,
}

impl DocLang {
    /// No language: an empty document or one without letters.
    pub const NONE: DocLang = DocLang {
        lang: None,
        script: None,
        confidence: 0.0,
        script_share: 0.0,
    };

    /// Whether the language is trusted ([`DOC_RELIABLE_CONFIDENCE`]). When it
    /// is not, rules of every language of the document's script apply.
    pub fn is_reliable(&self) -> bool {
        self.lang.is_some() && self.confidence >= DOC_RELIABLE_CONFIDENCE
    }

    /// The detected language, `None` when the document has no letters
    /// (see [`DocLang::reported`] for the one to report).
    pub fn language(&self) -> Option<crate::language::Language> {
        self.lang.map(crate::language::Language)
    }

    /// The main script of the document (han and kana together), `None`
    /// without letters.
    pub fn script(&self) -> Option<crate::language::Script> {
        self.script.map(crate::language::Script)
    }

    /// The language to report: `None` when there is none, or when the
    /// document is too short to tell (below [`MIN_REPORTED_CONFIDENCE`],
    /// such as "a\nb" or "hello"), rather than a guess.
    pub fn reported(&self) -> Option<crate::language::Language> {
        self.reported_lang().map(crate::language::Language)
    }

    fn reported_lang(&self) -> Option<Lang> {
        self.lang
            .filter(|_| self.confidence >= MIN_REPORTED_CONFIDENCE)
    }

    /// The confidence to report beside [`DocLang::reported`]: 0 when the
    /// language is undetermined.
    pub fn reported_confidence(&self) -> f64 {
        match self.reported() {
            Some(_) => self.confidence,
            None => 0.0,
        }
    }

    /// The ISO 639-3 code of [`DocLang::reported`], `und` without one.
    pub fn code(&self) -> &'static str {
        self.reported_lang().map_or(UNDETERMINED, |l| l.code())
    }

    /// The ISO 639-1 code of [`DocLang::reported`] (`None` without one).
    pub fn code_639_1(&self) -> Option<&'static str> {
        self.reported_lang().map(crate::language::iso639_1)
    }
}

/// The ISO 639 code of an undetermined language.
pub const UNDETERMINED: &str = "und";

/// How a line got its language label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LangSource {
    /// Detected on the line itself.
    Detected,
    /// Inherited from the document (short line, or looks like the document language).
    Document,
    /// Told by the script alone: a script written in one language only, or
    /// a line with too few letters for the detector (then no language).
    Script,
    /// The line has no letters, so no language.
    None,
}

/// Language and script of one line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineLang {
    /// Main script of the line, `None` without letters (see
    /// [`LineLang::script`]).
    pub(crate) script: Option<Script>,
    /// Language label, `None` without letters (see [`LineLang::language`]).
    pub(crate) lang: Option<Lang>,
    /// Confidence of the label, 0 to 1 (the document's when inherited).
    pub confidence: f64,
    /// Whether the label is trustworthy: detected reliably on enough
    /// letters, or inherited.
    pub reliable: bool,
    /// Whether the line is written in another script than the document
    /// (less than [`DOC_SCRIPT_SHARE`] of its letters in the document's).
    pub foreign_script: bool,
    /// Where the label comes from.
    pub source: LangSource,
}

impl LineLang {
    /// The line's language label, `None` without letters.
    pub fn language(&self) -> Option<crate::language::Language> {
        self.lang.map(crate::language::Language)
    }

    /// The line's main script, `None` without letters.
    pub fn script(&self) -> Option<crate::language::Script> {
        self.script.map(crate::language::Script)
    }

    const NONE: LineLang = LineLang {
        script: None,
        lang: None,
        confidence: 0.0,
        reliable: false,
        foreign_script: false,
        source: LangSource::None,
    };
}

/// Whether `script` is Chinese or Japanese (written without spaces).
pub(crate) fn is_cjk(script: Script) -> bool {
    matches!(
        script,
        Script::Mandarin | Script::Hiragana | Script::Katakana
    )
}

/// Detects the document language from its lines and their letter counts.
///
/// The document's script is the one with most (weighted) letters. A script
/// used by one language decides the language (Hangul: Korean; han with
/// enough kana: Japanese, without: Chinese). Otherwise whatlang, limited to
/// the languages of that script, reads a sample of the longest lines in the
/// script, keeping only words written in it.
pub(crate) fn detect_document(lines: &[(&str, &ScriptCounts)], memo: &mut DocMemo) -> DocLang {
    let mut total = ScriptCounts::default();
    for (_, counts) in lines {
        total.add(counts);
    }
    let Some(script) = total.main() else {
        return DocLang::NONE;
    };
    let share = total.family(script) as f64 / total.weight() as f64;
    let found = |lang, confidence| DocLang {
        lang: Some(lang),
        script: Some(script),
        confidence,
        script_share: share,
    };
    if is_cjk(script) {
        let kana = total.count(Script::Hiragana) + total.count(Script::Katakana);
        let kana_share = kana as f64 / (kana + total.count(Script::Mandarin)) as f64;
        return match kana_share {
            s if s > 0.2 => found(Lang::Jpn, 1.0),
            s if s > 0.05 => found(Lang::Jpn, 0.5),
            s if s > 0.02 => found(Lang::Cmn, 0.5),
            _ => found(Lang::Cmn, 1.0),
        };
    }
    if let [lang] = script.langs() {
        return found(*lang, 1.0);
    }
    let mut in_script: Vec<&str> = lines
        .iter()
        .filter(|(_, c)| in_doc_script(c, script))
        .map(|(l, _)| *l)
        .collect();
    in_script.sort_by_key(|l| std::cmp::Reverse(l.len()));
    // (Room for the longest line and then enough for the rest of the
    // sample: one allocation.)
    let total: usize = in_script.iter().map(|l| l.len() + 1).sum();
    let room = in_script.first().map_or(0, |l| l.len() + 1) + 4 * DOC_SAMPLE_CHARS;
    let mut sample = String::with_capacity(total.min(room));
    let mut chars = 0;
    for line in in_script {
        if chars >= DOC_SAMPLE_CHARS {
            break;
        }
        // (A line that can hold no address spares each token the check.)
        let addresses = may_hold_address(line);
        for token in line.split(' ').filter(|t| !(addresses && is_address(t))) {
            if token.chars().any(|c| char_script(c) == Some(script)) {
                sample.push_str(token);
                sample.push(' ');
                chars += token.chars().count() + 1;
            }
        }
        sample.push('\n');
    }
    // The same sample as last time (the removed lines were not in it): the
    // same answer, without running the detector again.
    let detected = match memo {
        DocMemo {
            sample: Some(s),
            result,
        } if *s == sample => *result,
        _ => {
            let result = stopwords::guess(script, &sample)
                .or_else(|| {
                    detector(script)
                        .detect(&sample)
                        .map(|i| (i.lang(), i.confidence()))
                })
                .map(|(lang, confidence)| (alphabet_kin(lang, &sample), confidence));
            *memo = DocMemo {
                sample: Some(sample),
                result,
            };
            result
        }
    };
    match detected {
        Some((lang, confidence)) => found(lang, confidence),
        None => DocLang {
            script: Some(script),
            script_share: share,
            ..DocLang::NONE
        },
    }
}

/// The last sample the document detector saw, and its answer.
#[derive(Debug, Default)]
pub(crate) struct DocMemo {
    sample: Option<String>,
    result: Option<(Lang, f64)>,
}

/// A whatlang detector limited to the languages of `script`, built once.
fn detector(script: Script) -> &'static Detector {
    static DETECTORS: OnceLock<Vec<Detector>> = OnceLock::new();
    let all = DETECTORS.get_or_init(|| {
        Script::all()
            .iter()
            .map(|s| Detector::with_allowlist(s.langs().to_vec()))
            .collect()
    });
    &all[script as usize]
}

/// Whether a line with these counts is written in the document's script.
fn in_doc_script(counts: &ScriptCounts, doc_script: Script) -> bool {
    counts.family(doc_script) as f64 >= DOC_SCRIPT_SHARE * counts.weight() as f64
}

/// Letters that tell a language from the others of its script: a line has
/// one of `marks` and none of `never`. Only languages whose alphabet sets
/// them apart are listed (English, Norwegian and Danish, say, are not).
const ALPHABETS: &[(Lang, &[char], &[char])] = &[
    (
        Lang::Ara,
        &['ة', 'ي', 'ك'],
        &['پ', 'چ', 'ژ', 'گ', 'ک', 'ی', 'ے', 'ں', 'ٹ', 'ڈ', 'ڑ', 'ۀ'],
    ),
    (
        Lang::Pes,
        &['پ', 'چ', 'ژ', 'گ', 'ک', 'ی'],
        &['ي', 'ك', 'ے', 'ں', 'ٹ', 'ڈ', 'ڑ', 'ھ'],
    ),
    (Lang::Urd, &['ے', 'ں', 'ٹ', 'ڈ', 'ڑ'], &['ي', 'ك', 'ة', 'ۀ']),
    (
        Lang::Ukr,
        &['і', 'ї', 'є', 'ґ'],
        &[
            'ы', 'э', 'ъ', 'ё', 'ў', 'ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ',
        ],
    ),
    (
        Lang::Rus,
        &['ы', 'э'],
        &[
            'і', 'ї', 'є', 'ґ', 'ў', 'ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'ђ', 'ј', 'љ', 'њ',
            'ћ', 'џ', 'ѓ', 'ќ', 'ѕ',
        ],
    ),
    (
        Lang::Bul,
        &['ъ'],
        &[
            'ы', 'э', 'ё', 'і', 'ї', 'є', 'ґ', 'ў', 'ђ', 'ј', 'љ', 'њ', 'ћ', 'џ', 'ѓ', 'ќ', 'ѕ',
        ],
    ),
    (
        Lang::Tur,
        &['ı', 'ş', 'ğ'],
        &['ə', 'q', 'w', 'x', 'æ', 'ø', 'å', 'ß', 'ñ', 'ä', 'ë'],
    ),
];

/// Languages that stop words and trigrams take for a close kin, and the
/// kin's: `(taken, kin)`. A text of the kin's alphabet (see [`ALPHABETS`])
/// is the kin's. Turkish is taken for Azerbaijani (the NLTK Turkish list is
/// a third of the Azerbaijani one and lacks "bir", "iki", "arasında"); an
/// Azerbaijani text has its "ə", which Turkish never writes.
const ALPHABET_KIN: &[(Lang, Lang)] = &[(Lang::Aze, Lang::Tur)];

/// `lang`, or its kin when `text` is written in the kin's alphabet (see
/// [`ALPHABET_KIN`]).
fn alphabet_kin(lang: Lang, text: &str) -> Lang {
    match ALPHABET_KIN.iter().find(|k| k.0 == lang) {
        Some(&(_, kin)) if alphabet_agrees(kin, text) => kin,
        _ => lang,
    }
}

/// Whether the letters of `text` point at `lang` among the languages of
/// its script (see [`ALPHABETS`]).
fn alphabet_agrees(lang: Lang, text: &str) -> bool {
    let Some((_, marks, never)) = ALPHABETS.iter().find(|a| a.0 == lang) else {
        return false;
    };
    // The low six bits of the listed letters: most characters of a line
    // are none of them, and this tells so without searching the lists.
    let mask = marks
        .iter()
        .chain(never.iter())
        .fold(0u64, |m, &c| m | 1 << (c as u32 & 63));
    let mut marked = false;
    for c in text.chars() {
        let c = crate::chars::lower_char(c);
        if mask & 1 << (c as u32 & 63) == 0 {
            continue;
        }
        if never.contains(&c) {
            return false;
        }
        marked |= marks.contains(&c);
    }
    marked
}

/// Lines remembered by [`detect_cached`] per thread; when full, it starts
/// over. Template lines (a site's "Watch the video", a caption credit) come
/// back in document after document.
const DETECT_CACHE_LINES: usize = 4096;

/// whatlang's answer on a line: language, confidence, reliable.
type Detected = Option<(Lang, f64, bool)>;

/// whatlang's answer on `sample` (language, confidence, reliable) among
/// the languages `allow` (all of the script when empty), from a per-thread
/// cache of the lines it has seen.
fn detect_cached(sample: &str, allow: &[Lang]) -> Detected {
    use std::cell::RefCell;
    thread_local! {
        static SEEN: RefCell<rustc_hash::FxHashMap<Box<str>, (u128, Detected)>> = RefCell::default();
    }
    let allowed = lang_set(allow);
    if let Some((set, known)) = SEEN.with(|seen| seen.borrow().get(sample).copied())
        && set == allowed
    {
        return known;
    }
    let info = if allow.is_empty() {
        whatlang::detect(sample)
    } else {
        whatlang::Detector::with_allowlist(allow.to_vec()).detect(sample)
    };
    let found = info.map(|i| (i.lang(), i.confidence(), i.is_reliable()));
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        if seen.len() >= DETECT_CACHE_LINES {
            seen.clear();
        }
        seen.insert(sample.into(), (allowed, found));
    });
    found
}

/// `langs` as a set (whatlang has fewer than 128 languages).
fn lang_set(langs: &[Lang]) -> u128 {
    langs.iter().fold(0, |set, &l| set | 1 << (l as u32))
}

/// The trigram detector on (the start of) one line, among the languages
/// `allow` (all of the script when empty).
fn detect_line(
    text: &str,
    script: Script,
    letters: u32,
    foreign_script: bool,
    allow: &[Lang],
) -> LineLang {
    match detect_cached(detect_sample(text), allow) {
        Some((lang, confidence, reliable)) => LineLang {
            script: Some(script),
            lang: Some(lang),
            confidence,
            reliable: reliable && letters >= RELIABLE_MIN_LETTERS,
            foreign_script,
            source: LangSource::Detected,
        },
        None => LineLang {
            script: Some(script),
            foreign_script,
            ..LineLang::NONE
        },
    }
}

/// Labels one line given its letter counts and the document language.
#[cfg(test)]
pub(crate) fn label_line(text: &str, counts: &ScriptCounts, doc: &DocLang) -> LineLang {
    label_line_counted(text, counts, doc, &mut None)
}

/// [`label_line`], keeping in `stop` the stop-word count it made (language,
/// words, hits) for a later step to reuse.
pub(crate) fn label_line_counted(
    text: &str,
    counts: &ScriptCounts,
    doc: &DocLang,
    stop: &mut Option<stopwords::Counted>,
) -> LineLang {
    let Some(script) = counts.main() else {
        return LineLang::NONE;
    };
    let letters = counts.letters();
    let inherit = LineLang {
        script: Some(script),
        lang: doc.lang,
        confidence: doc.confidence,
        reliable: doc.is_reliable(),
        foreign_script: false,
        source: LangSource::Document,
    };
    let kana = counts.count(Script::Hiragana) + counts.count(Script::Katakana);
    // `guessed`: the stop-word guess on the line's script, when one was
    // made already; `allow`: the languages the detector weighs (all of the
    // script when empty).
    let detect = |foreign_script, guessed: Option<Option<(Lang, f64)>>, allow: &[Lang]| {
        // (Han with kana is Japanese, which whatlang's Han script omits.)
        if let [only] = script.langs()
            && (script != Script::Mandarin || kana == 0)
        {
            return LineLang {
                script: Some(script),
                lang: Some(*only),
                confidence: 1.0,
                reliable: letters >= RELIABLE_MIN_LETTERS,
                foreign_script,
                source: LangSource::Script,
            };
        }
        if letters < DETECT_MIN_LETTERS {
            // Whatever the detector said would not be trusted.
            return LineLang {
                script: Some(script),
                foreign_script,
                source: LangSource::Script,
                ..LineLang::NONE
            };
        }
        // Stop words that leave no doubt spare the trigram detector.
        if let Some((lang, confidence)) = guessed.unwrap_or_else(|| stopwords::guess(script, text))
        {
            return LineLang {
                script: Some(script),
                lang: Some(lang),
                confidence,
                reliable: letters >= RELIABLE_MIN_LETTERS,
                foreign_script,
                source: LangSource::Detected,
            };
        }
        detect_line(text, script, letters, foreign_script, allow)
    };
    let Some(doc_script) = doc.script else {
        return detect(false, None, &[]);
    };
    if !in_doc_script(counts, doc_script) {
        return detect(true, None, &[]);
    }
    if is_cjk(doc_script) {
        // Han is shared; kana make a line Japanese in a Chinese document.
        if doc.lang == Some(Lang::Cmn) && kana * 5 > kana + counts.count(Script::Mandarin) {
            return LineLang {
                lang: Some(Lang::Jpn),
                confidence: 1.0,
                reliable: letters >= RELIABLE_MIN_LETTERS / 2,
                source: LangSource::Detected,
                ..inherit
            };
        }
        return inherit;
    }
    if doc_script.langs().len() <= 1 || text.chars().count() < SHORT_LINE_CHARS {
        return inherit;
    }
    if let Some(lang) = doc.lang
        && let Some(set) = stopwords::for_lang(lang)
    {
        let (words, hits) = stopwords::count(text, set);
        *stop = Some(stopwords::Counted { lang, words, hits });
        if words > 0 && hits as f64 >= DOC_STOPWORD_SHARE * words as f64 {
            return inherit;
        }
    }
    // Fewer stop words than usual (a dense news sentence, a caption): the
    // letters, or the stop words of all the script's languages, decide when
    // they clearly point at the document language, before the costlier
    // detector.
    let mut guessed = None;
    let mut allow = Vec::new();
    if let Some(lang) = doc.lang {
        if alphabet_agrees(lang, text) {
            return inherit;
        }
        let stop = stopwords::guess_with_hits(doc_script, text);
        if stop.sure.map(|g| g.0) == Some(lang) {
            return inherit;
        }
        if script == doc_script && (stop.hits == 0 || stop.leader == Some(lang)) {
            // Not one stop word of any language of the script (a menu, a
            // list of names or tags), or more of the document language's
            // than of any other (a menu of "About us", a caption, a
            // reference of names): the trigram detector would guess on
            // names, and its answer is not worth its cost.
            return inherit;
        }
        if script == doc_script {
            guessed = Some(stop.sure);
            // The detector weighs the document language against the
            // languages whose stop words the line holds: a line of another
            // language of the script shows some of its own, and the
            // detector's cost grows with the languages it weighs.
            allow.push(lang);
            allow.extend(stopwords::languages_in(doc_script, stop.present));
            allow.sort_unstable_by_key(|&l| l as u32);
            allow.dedup();
        }
    }
    let line = detect(false, guessed, &allow);
    if line.reliable && line.lang.is_some() {
        line
    } else {
        inherit
    }
}

#[cfg(test)]
mod tests;
