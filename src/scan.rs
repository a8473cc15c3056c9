//! Stage 1, the line scan: what each line is before anything else is
//! known.
//!
//! Reads the input text. Writes, for every non-blank line: its normalized
//! text with number and span ([`crate::normalize`]), its [`Shape`] (word
//! units, letters by script, digits, punctuation, addresses, capitals: one
//! pass over its characters) and a [`LineView`] that keeps what the rules
//! learn of the line (its lower case, the literals it holds) from round to
//! round. Nothing here depends on the language.

use std::cell::OnceCell;

use crate::normalize::{self, Line};
use crate::script::{ScriptCounts, is_address};

/// The scanned lines of one document.
pub(crate) struct Scanned<'a> {
    /// The non-blank lines, normalized.
    pub lines: Vec<Line<'a>>,
    /// The shape of each line.
    pub shapes: Vec<Shape>,
    /// The letters of each script in each line.
    pub scripts: Vec<ScriptCounts>,
}

/// Normalizes `text` into lines and scans each.
pub(crate) fn scan(text: &str) -> Scanned<'_> {
    let lines = normalize::lines(text);
    let (shapes, scripts) = lines.iter().map(|l| Shape::scan(&l.text)).unzip();
    Scanned {
        lines,
        shapes,
        scripts,
    }
}

impl Scanned<'_> {
    /// A view of every line for the rules.
    pub(crate) fn views(&self) -> Vec<LineView<'_>> {
        self.lines
            .iter()
            .zip(&self.shapes)
            .map(|(l, shape)| match shape.changes_case {
                true => LineView::new(&l.text),
                false => LineView::caseless(&l.text),
            })
            .collect()
    }
}

/// What one pass over a line's characters tells before its language is
/// known: the language-free part of [`Features`], and the letters of each
/// script ([`ScriptCounts`], which the language labels start from).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Shape {
    /// Word units (see [`crate::signals::features::Features::units`]).
    pub units: f32,
    /// Word units outside web and e-mail addresses.
    pub text_units: f32,
    /// Letters outside addresses.
    pub letters: u32,
    /// Letters in the whole line.
    pub all_letters: u32,
    /// ASCII digits.
    pub digits: u32,
    /// Characters other than spaces.
    pub chars: u32,
    /// Han letters.
    pub han: u32,
    /// Letters of scripts written without spaces (Thai, Lao, Khmer, Myanmar, kana).
    pub unspaced: u32,
    /// In-sentence punctuation.
    pub punct: u32,
    /// Whether a token is a web or e-mail address.
    pub address: bool,
    /// Menu separators standing alone.
    pub separators: u32,
    /// Words whose first letter has a case, and those of them capitalized.
    pub cased: u32,
    /// Words whose first letter is upper case.
    pub upper: u32,
    /// Space-separated tokens.
    pub tokens: u32,
    /// Whether lower-casing changes the line.
    pub changes_case: bool,
}

/// One space-separated token as it is scanned.
#[derive(Default)]
struct Token {
    han: u32,
    unspaced: u32,
    /// A letter outside han and the unspaced scripts.
    other: bool,
    alnum: bool,
    /// The class of the first letter.
    first_letter: Option<u16>,
}

/// Fewest capitalized words of a title-case headline.
const TITLE_CASE_MIN_WORDS: u32 = 5;

impl Shape {
    /// Whether `line`, of this shape, is teaser-shaped (see
    /// [`crate::signals::teaser_shaped`]).
    pub(crate) fn teaser(&self, line: &str) -> bool {
        self.all_letters > 0
            && (!crate::signals::ends_full_stop(line) || self.title_case(line))
            && !line.ends_with([':', '：', ',', '，', ';', '；', '、'])
            && (crate::signals::TEASER_MIN_UNITS..=crate::signals::TEASER_MAX_UNITS)
                .contains(&self.units)
            && (self.digits as f32) < crate::signals::TEASER_MAX_DIGITS * self.chars.max(1) as f32
    }

    /// Whether every word with a case is capitalized, five or more of them,
    /// and not every letter: a headline in title case, which may end with a
    /// full stop ("27 Facts That Will Make You Smile Today."); a sentence
    /// never does, and a line in capitals may be one.
    fn title_case(&self, line: &str) -> bool {
        self.cased >= TITLE_CASE_MIN_WORDS
            && self.upper == self.cased
            && line.chars().any(char::is_lowercase)
    }

    /// Scans `line` once. Tokens are separated by spaces; a token that is a
    /// web or e-mail address (see [`is_address`]) counts in `all_letters`
    /// and `units` only, and its letters in no script.
    pub(crate) fn scan(line: &str) -> (Shape, ScriptCounts) {
        use crate::chars::bits;
        let mut shape = Shape {
            units: 0.0,
            text_units: 0.0,
            letters: 0,
            all_letters: 0,
            digits: 0,
            chars: 0,
            han: 0,
            unspaced: 0,
            punct: 0,
            address: false,
            separators: 0,
            cased: 0,
            upper: 0,
            tokens: 0,
            changes_case: false,
        };
        let mut scripts = ScriptCounts::default();
        let classes = crate::chars::classes();
        let addresses = crate::script::may_hold_address(line);
        let mut start: Option<usize> = None;
        let mut is_addr = false;
        let mut tok = Token::default();
        for (i, c) in line.char_indices() {
            if c == ' ' {
                if let Some(s) = start.take() {
                    shape.end_token(&line[s..i], &tok, is_addr, line);
                }
                continue;
            }
            if start.is_none() {
                start = Some(i);
                tok = Token::default();
                is_addr = addresses && {
                    let rest = &line[i..];
                    let end = memchr::memchr(b' ', rest.as_bytes()).unwrap_or(rest.len());
                    is_address(&rest[..end])
                };
            }
            shape.chars += 1;
            if c.is_ascii_digit() {
                shape.digits += 1;
                tok.alnum = true;
                continue;
            }
            let class = classes.of(c);
            shape.changes_case |= class & bits::CASED != 0;
            if class & bits::ALPHA != 0 {
                shape.all_letters += 1;
                if !is_addr {
                    shape.letters += 1;
                    scripts.bump_class(class);
                }
                if class & bits::HAN != 0 {
                    tok.han += 1;
                } else if class & bits::UNSPACED != 0 {
                    tok.unspaced += 1;
                } else {
                    tok.other = true;
                }
                tok.first_letter.get_or_insert(class);
            } else if class & bits::INNER_PUNCT != 0 {
                shape.punct += 1;
            }
            tok.alnum |= class & bits::ALNUM != 0;
        }
        if let Some(s) = start {
            shape.end_token(&line[s..], &tok, is_addr, line);
        }
        (shape, scripts)
    }

    fn end_token(&mut self, token: &str, tok: &Token, is_addr: bool, line: &str) {
        use crate::chars::bits;
        self.tokens += 1;
        self.address |= is_addr;
        if matches!(token, "|" | "›" | ">" | "/" | "::") || (token == "»" && !line.contains('«'))
        {
            self.separators += 1;
        }
        self.han += tok.han;
        self.unspaced += tok.unspaced;
        let u = if tok.han + tok.unspaced > 0 {
            tok.han as f32 / crate::signals::HAN_PER_UNIT
                + tok.unspaced as f32 / crate::signals::UNSPACED_PER_UNIT
                + if tok.other { 1.0 } else { 0.0 }
        } else if tok.alnum {
            1.0
        } else {
            0.0
        };
        self.units += u;
        if !is_addr {
            self.text_units += u;
        }
        if let Some(first) = tok.first_letter
            && first & (bits::UPPER | bits::LOWER) != 0
        {
            self.cased += 1;
            if first & bits::UPPER != 0 {
                self.upper += 1;
            }
        }
    }
}

/// A line as the rules see it: its text, and its lower-cased text computed
/// once on first use (for phrases and for the literals of regex rules),
/// however many rules and rounds look at it.
#[derive(Debug)]
pub(crate) struct LineView<'a> {
    pub text: &'a str,
    /// The lower case, when it differs from the text.
    lower: OnceCell<Option<String>>,
    /// Rules whose necessary literals the line holds (see
    /// [`crate::rules::RuleIndex`]), found once.
    pub(crate) literal_hits: OnceCell<Vec<u32>>,
    /// Whether the line is shaped like a teaser headline, found once.
    teaser: OnceCell<bool>,
    /// The forms of the line a regex is tried on, found once.
    forms: OnceCell<crate::packs::Forms<'a>>,
}

impl<'a> LineView<'a> {
    pub(crate) fn new(text: &'a str) -> LineView<'a> {
        LineView {
            text,
            lower: OnceCell::new(),
            literal_hits: OnceCell::new(),
            teaser: OnceCell::new(),
            forms: OnceCell::new(),
        }
    }

    /// A line known to have no character that lower-casing changes (as
    /// [`Shape`] tells): its lower case is itself.
    pub(crate) fn caseless(text: &'a str) -> LineView<'a> {
        LineView {
            text,
            lower: OnceCell::from(None),
            literal_hits: OnceCell::new(),
            teaser: OnceCell::new(),
            forms: OnceCell::new(),
        }
    }

    /// Whether the line is shaped like another story's headline (see
    /// [`crate::signals::teaser_shaped`]).
    pub(crate) fn teaser(&self) -> bool {
        *self
            .teaser
            .get_or_init(|| crate::signals::teaser_shaped(self.text))
    }

    /// The line lower-cased.
    pub(crate) fn lower(&self) -> &str {
        self.lower
            .get_or_init(|| crate::chars::lowercase_if_changed(self.text))
            .as_deref()
            .unwrap_or(self.text)
    }

    /// The forms of the line a regex is tried on (see
    /// `packs::LineMatcher::matches`).
    pub(crate) fn forms(&self) -> &crate::packs::Forms<'a> {
        self.forms
            .get_or_init(|| crate::packs::Forms::of(self.text))
    }

    /// The line's phrase key (see `packs::phrase_key`).
    pub(crate) fn phrase_key(&self) -> &str {
        crate::packs::key_of_lower(self.lower())
    }
}
