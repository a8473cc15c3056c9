//! The shape of a line: length, prose evidence, punctuation, list markers,
//! addresses, menus, counters. Computed once per line; every threshold is a
//! named constant of [`super`].

use whatlang::Lang;

use super::*;
use crate::scan::Shape;
use crate::stopwords;

/// What a line looks like, in any script.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Features {
    /// Word units: words for spaced scripts; han characters count 1/1.7
    /// word, Thai, Lao, Khmer and Myanmar characters 1/5 word.
    pub units: f32,
    /// Evidence of running prose, 0 to 1: the share of stop words among the
    /// words (spaced scripts with a stop-word list), or the density of
    /// in-sentence punctuation (scripts without spaces, languages without a
    /// list).
    pub prose: f32,
    /// Ends like a sentence (any script; a leading full stop counts in
    /// right-to-left text, where scrapers often misplace it).
    pub ends: bool,
    /// Ends with a colon: introduces what follows.
    pub colon: bool,
    /// Title Case: most words capitalized (not for German, which capitalizes
    /// every noun).
    pub title: bool,
    /// Starts with a list marker (`-`, `•`, `1.`, `a)`, `✓` …).
    pub bullet: bool,
    /// Share of characters that are digits.
    pub digits: f32,
    /// Letters outside web and e-mail addresses.
    pub letters: u32,
    /// Word units outside web and e-mail addresses.
    pub text_units: f32,
    /// Letters in the whole line.
    pub all_letters: u32,
    /// Whether the line holds a web or e-mail address.
    pub address: bool,
    /// Menu separators standing alone between items (`|`, `›`, `/`, `>`, `»`).
    pub separators: u32,
    /// A copyright notice: `©`, `(c) 2024`, "Copyright", "All rights reserved".
    pub copyright: bool,
    /// A counter: a number and one short word ("23 comments", "Share 12").
    pub counter: bool,
    /// Shaped like another story's headline (see [`super::teaser_shaped`]);
    /// never in Thai, Khmer or Myanmar text, whose sentences need not end
    /// with a mark.
    pub teaser: bool,
    /// Mostly in Thai, Khmer or Myanmar letters (scripts written without
    /// spaces between words, where a sentence need not end with a mark).
    pub stopless: bool,
    /// A listing: items between commas (at least [`LISTING_MIN_COMMAS`],
    /// one every [`LISTING_MAX_TOKENS_PER_COMMA`] words or fewer), no
    /// sentence end, few digits ([`LISTING_MAX_DIGITS`]), in Title Case or
    /// with almost no stop word of the line's language (less than
    /// [`LISTING_MAX_PROSE`]): tags, keywords, names, a menu's topics. Not
    /// prose however long, nor a headline. In Chinese and Japanese letters,
    /// also [`LISTING_MIN_SPACED_TOKENS`] or more tokens between spaces
    /// without any punctuation.
    pub listing: bool,
}

/// Fewest commas of a listing.
pub const LISTING_MIN_COMMAS: usize = 4;
/// Fewest tokens between spaces of a listing in Chinese or Japanese
/// letters, written without commas ("北朝鮮政府 中朝関係 米国政府 習近平 …").
pub const LISTING_MIN_SPACED_TOKENS: u32 = 6;
/// Most words per comma in a listing.
pub const LISTING_MAX_TOKENS_PER_COMMA: usize = 4;
/// Stop-word share below which a line with many commas is a listing.
pub const LISTING_MAX_PROSE: f32 = 0.05;
/// Share of digits below which a line may be a listing (addresses, figures
/// and results between commas are the article's matter).
pub const LISTING_MAX_DIGITS: f32 = 0.03;

/// What a line is, by its shape alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineClass {
    /// Running prose: the article's paragraphs.
    Good,
    /// Prose-like but short.
    Near,
    /// Short, not prose.
    Short,
    /// Chrome by its shape alone.
    Bad(Signal),
}

impl Features {
    /// What the line is, by its shape alone.
    pub(crate) fn class(&self) -> LineClass {
        let f = self;
        if f.all_letters == 0 {
            return LineClass::Bad(Signal::NoLetters);
        }
        if f.copyright {
            return LineClass::Bad(Signal::Copyright);
        }
        if f.address && f.text_units < LINK_MAX_UNITS {
            return LineClass::Bad(Signal::LinkLine);
        }
        if f.separators >= 1
            && f.units / (f.separators + 1) as f32 <= MENU_MAX_ITEM_UNITS
            && !f.ends
            && f.digits < CHROME_ITEM_MAX_DIGITS
        {
            return LineClass::Bad(Signal::MenuLine);
        }
        if f.counter {
            return LineClass::Bad(Signal::Counter);
        }
        if f.units <= TIMESTAMP_MAX_UNITS && f.digits >= TIMESTAMP_MIN_DIGITS && !f.ends {
            return LineClass::Bad(Signal::Timestamp);
        }
        if f.title && f.units < LONG_UNITS {
            return if f.units < NEAR_MIN_UNITS {
                LineClass::Short
            } else {
                LineClass::Near
            };
        }
        if (f.units >= LONG_UNITS && !f.listing)
            || (f.units >= GOOD_MIN_UNITS && f.prose >= GOOD_MIN_PROSE && f.ends)
            || (f.units >= GOOD_WITHOUT_END_MIN_UNITS && f.prose >= GOOD_PROSE_WITHOUT_END)
        {
            return LineClass::Good;
        }
        if f.units >= NEAR_MIN_UNITS && (f.ends || f.prose >= NEAR_MIN_PROSE) {
            return LineClass::Near;
        }
        LineClass::Short
    }
}

/// How a list item begins: the mark that makes lines items of one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListMark {
    /// A bullet glyph ("•", "-", "✳", a word processor's private-use bullet).
    Glyph(char),
    /// A number and what closes it ("1." "12)" "3 -" "(4)").
    Number { paren: bool, close: u8 },
    /// A letter and what closes it ("a)" "b.").
    Letter(u8),
}

/// The list marker `line` starts with, when text follows it.
pub(crate) fn list_mark(line: &str) -> Option<ListMark> {
    let mut chars = line.chars();
    let first = chars.next()?;
    if matches!(
        first,
        '-' | '+'
            | '–'
            | '—'
            | '•'
            | '·'
            | '*'
            | '▪'
            | '►'
            | '●'
            | '◦'
            | '‣'
            | '✳'
            | '✅'
            | '■'
            | '□'
            | '◆'
            | '◇'
            | '★'
            | '☆'
            | '→'
            | '➤'
            | '✓'
            | '✔'
            | '◼'
            | '▶'
            | '➢'
            | '❖'
            | '・'
    ) || (is_private_use(first) && chars.clone().next().is_some_and(char::is_whitespace))
    {
        return chars.next().is_some().then_some(ListMark::Glyph(first));
    }
    // "1." "12)" "3 -" "(4)" "a)" "b."
    let bytes = line.as_bytes();
    let mut i = 0;
    let paren = bytes.first() == Some(&b'(');
    if paren {
        i = 1;
    }
    let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    if (1..=3).contains(&digits) {
        let rest = line[i + digits..].trim_start_matches(' ');
        let close = if paren {
            rest.starts_with(')')
        } else {
            rest.starts_with(['.', ')', '-', '–'])
        };
        return (close && rest.chars().nth(1).is_some()).then(|| ListMark::Number {
            paren,
            close: rest.as_bytes()[0],
        });
    }
    if !paren
        && bytes.len() > 2
        && bytes[0].is_ascii_lowercase()
        && matches!(bytes[1], b'.' | b')')
        && bytes[2] == b' '
    {
        return Some(ListMark::Letter(bytes[1]));
    }
    None
}

/// Whether `line` starts with a list marker followed by text.
pub(crate) fn starts_with_bullet(line: &str) -> bool {
    list_mark(line).is_some()
}

/// A character of Unicode's private use area: at the start of an item, the
/// bullet of a word processor's symbol font (U+F0B7) as pasted.
fn is_private_use(c: char) -> bool {
    ('\u{E000}'..='\u{F8FF}').contains(&c)
}

fn is_copyright(line: &str) -> bool {
    if line.len() > super::COPYRIGHT_MAX_BYTES {
        return false;
    }
    if line.contains('©') {
        return true;
    }
    let starts = |p: &str| {
        line.get(..p.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(p))
    };
    let starts_notice = starts("copyright")
        || (starts("(c)")
            && line[3..]
                .trim_start()
                .chars()
                .take(4)
                .filter(char::is_ascii_digit)
                .count()
                == 4);
    let tail = line.trim_end_matches(['.', ' ']);
    let suffix = "all rights reserved";
    starts_notice
        || tail
            .len()
            .checked_sub(suffix.len())
            .and_then(|at| tail.get(at..))
            .is_some_and(|end| end.eq_ignore_ascii_case(suffix))
}

fn is_counter(line: &str, units: f32) -> bool {
    if units > 2.0 {
        return false;
    }
    let parts: Vec<&str> = line.split_whitespace().collect();
    let numeric = |s: &str| {
        let s = s.trim_matches(|c| c == '(' || c == ')');
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
            && s.starts_with(|c: char| c.is_ascii_digit())
    };
    let wordish = |s: &str| s.chars().count() <= 15 && s.chars().all(crate::chars::is_alphabetic);
    match parts.as_slice() {
        [a, b] => (numeric(a) && wordish(b)) || (wordish(a) && numeric(b)),
        _ => false,
    }
}

impl Features {
    /// Measures `line`, whose language (for stop words) is `lang`.
    #[cfg(test)]
    pub fn of(line: &str, lang: Option<Lang>) -> Features {
        Features::of_shape(line, &Shape::scan(line).0, lang, None)
    }

    /// The features of `line` from its [`Shape`] and language (for stop
    /// words), reusing a stop-word count of the line when it is for `lang`.
    pub(crate) fn of_shape(
        line: &str,
        shape: &Shape,
        lang: Option<Lang>,
        known: Option<stopwords::Counted>,
    ) -> Features {
        let &Shape {
            units,
            text_units,
            letters,
            all_letters,
            digits,
            chars,
            han,
            unspaced,
            punct,
            address,
            separators,
            cased,
            upper,
            tokens,
            changes_case: _,
        } = shape;
        let ends = ends_sentence(line)
            || (line.starts_with(['.', '!', '?', '؟'])
                && line
                    .chars()
                    .nth(1)
                    .is_some_and(|c| ('\u{0590}'..='\u{08FF}').contains(&c)));
        let title = lang != Some(Lang::Deu)
            && cased >= super::TITLE_MIN_WORDS
            && cased * 2 >= tokens
            && upper as f32 >= super::TITLE_CAPS_SHARE * cased as f32;
        let unspaced_script = han + unspaced > letters / 2;
        let stopless = unspaced > letters / 2;
        let stops = lang.and_then(stopwords::for_lang);
        // (Whether `prose` is a share of stop words.)
        let counted = !unspaced_script && stops.is_some();
        let prose = match (unspaced_script, stops) {
            (false, Some(set)) => {
                let (words, hits) = match known {
                    Some(k) if Some(k.lang) == lang => (k.words, k.hits),
                    _ => stopwords::count(line, set),
                };
                if words == 0 {
                    0.0
                } else {
                    hits as f32 / words as f32
                }
            }
            _ => {
                // Punctuation (and, in Thai, the spaces between clauses)
                // stands in for stop words.
                let clauses = if unspaced > han {
                    tokens.saturating_sub(1)
                } else {
                    0
                };
                ((punct + clauses) as f32 * 2.0 / units.max(1.0)).min(1.0)
            }
        };
        Features {
            units,
            prose,
            ends,
            colon: line.ends_with([':', '：']),
            title,
            bullet: starts_with_bullet(line),
            digits: digits as f32 / chars.max(1) as f32,
            letters,
            text_units,
            all_letters,
            address,
            separators,
            copyright: is_copyright(line),
            counter: is_counter(line, units),
            teaser: shape.teaser(line) && !stopless,
            stopless,
            listing: !ends
                && (digits as f32) < LISTING_MAX_DIGITS * chars.max(1) as f32
                && (((title || (counted && prose < LISTING_MAX_PROSE)) && {
                    let commas = line.matches([',', '،', '，']).count();
                    commas >= LISTING_MIN_COMMAS
                        && commas * LISTING_MAX_TOKENS_PER_COMMA >= tokens as usize
                })
                    // Chinese and Japanese prose has no spaces between
                    // words: many spaced words and no punctuation are
                    // keywords or names.
                    || (han * 2 > letters
                        && punct == 0
                        && tokens >= LISTING_MIN_SPACED_TOKENS)),
        }
    }

    /// Ends like a sentence and is more than a word or two, not a title.
    pub fn sentence_like(&self) -> bool {
        self.ends && self.units >= 3.0 && !self.title
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::{ScriptCounts, is_address};

    /// The features and script counts of a line measured the plain way, one
    /// question at a time: what [`Shape::scan`] must agree with.
    fn measured_plainly(line: &str, lang: Option<Lang>) -> (Features, ScriptCounts) {
        use crate::chars::{bits, class};
        let addresses = crate::script::may_hold_address(line);
        let (mut units, mut text_units, mut letters, mut all_letters) = (0.0f32, 0.0f32, 0, 0);
        let (mut digits, mut chars, mut han, mut unspaced, mut punct) = (0, 0, 0, 0, 0);
        let (mut address, mut separators, mut cased, mut upper, mut tokens) = (false, 0, 0, 0, 0);
        for token in line.split(' ').filter(|t| !t.is_empty()) {
            tokens += 1;
            let is_addr = addresses && is_address(token);
            address |= is_addr;
            if matches!(token, "|" | "›" | ">" | "/" | "::")
                || (token == "»" && !line.contains('«'))
            {
                separators += 1;
            }
            let (mut t_han, mut t_unspaced, mut t_other) = (0u32, 0u32, false);
            for c in token.chars() {
                chars += 1;
                if c.is_ascii_digit() {
                    digits += 1;
                } else if c.is_alphabetic() {
                    all_letters += 1;
                    letters += u32::from(!is_addr);
                    if class(c) & bits::HAN != 0 {
                        t_han += 1;
                    } else if class(c) & bits::UNSPACED != 0 {
                        t_unspaced += 1;
                    } else {
                        t_other = true;
                    }
                } else if class(c) & bits::INNER_PUNCT != 0 {
                    punct += 1;
                }
            }
            han += t_han;
            unspaced += t_unspaced;
            let u = if t_han + t_unspaced > 0 {
                t_han as f32 / super::HAN_PER_UNIT
                    + t_unspaced as f32 / super::UNSPACED_PER_UNIT
                    + if t_other { 1.0 } else { 0.0 }
            } else if token.chars().any(char::is_alphanumeric) {
                1.0
            } else {
                0.0
            };
            units += u;
            if !is_addr {
                text_units += u;
            }
            if let Some(first) = token.chars().find(|c| c.is_alphabetic())
                && (first.is_uppercase() || first.is_lowercase())
            {
                cased += 1;
                upper += u32::from(first.is_uppercase());
            }
        }
        let shape = Shape {
            units,
            text_units,
            letters,
            all_letters,
            digits,
            chars,
            han,
            unspaced,
            punct,
            address,
            separators,
            cased,
            upper,
            tokens,
            changes_case: line.chars().any(|c| !c.to_lowercase().eq([c])),
        };
        (
            Features::of_shape(line, &shape, lang, None),
            ScriptCounts::of(line),
        )
    }

    fn agrees_with_plain_measure(line: &str) {
        let (shape, scripts) = Shape::scan(line);
        let (plain, plain_scripts) = measured_plainly(line, Some(Lang::Eng));
        assert_eq!(
            shape.changes_case,
            line.chars().any(|c| !c.to_lowercase().eq([c])),
            "{line:?}"
        );
        assert_eq!(
            Features::of_shape(line, &shape, Some(Lang::Eng), None),
            plain,
            "{line:?}"
        );
        assert_eq!(scripts, plain_scripts, "{line:?}");
    }

    #[test]
    fn one_pass_measures_what_the_plain_way_does() {
        for line in [
            "",
            " ",
            "  two  spaces  ",
            "Source: https://example.com/a/b and mail@example.org",
            "動画はこちら https://youtu.be/abc www.x.com a@b.jp @handle",
            "Home / Sport | Football › News > Today :: x",
            "«Hello» / »quoted«",
            "Also » alone",
            "نامه‌ای از تهران: «سلام» ۱۲۳ 456",
            "นายกรัฐมนตรีเดินทางไปเชียงใหม่ เมื่อวานนี้",
            "Ｆｕｌｌｗｉｄｔｈ ＬＡＴＩＮ and ǅemal İstanbul",
            "𠀋𠀋 rare han, 𝐁𝐨𝐥𝐝 math letters",
            "12:30 — 1,234.5 (3) [4] a.m.",
        ] {
            agrees_with_plain_measure(line);
        }
        for sample in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/raw"))
            .expect("samples/raw")
        {
            let text = std::fs::read_to_string(sample.expect("entry").path()).expect("sample");
            for line in text.lines() {
                agrees_with_plain_measure(line);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn one_pass_agrees_on_any_text(
            line in "([ a-zA-Z0-9:/@.»«|›>,]|[а-яА-Я]|[ا-ي]|[ぁ-んァ-ン一-龥]|[ก-๙]|[\\PC])*"
        ) {
            agrees_with_plain_measure(&line);
        }
    }

    #[test]
    fn units_in_spaced_and_unspaced_scripts() {
        assert_eq!(
            Features::of("The two leaders met on Friday.", Some(Lang::Eng)).units,
            6.0
        );
        let zh = Features::of("中国和日本的领导人在北京举行会谈", Some(Lang::Cmn));
        assert!((zh.units - 16.0 / 1.7).abs() < 0.01);
        let th = Features::of("นายกรัฐมนตรีเดินทางไปเชียงใหม่", Some(Lang::Tha));
        assert!(th.units > 4.0 && th.units < 7.0, "{}", th.units);
    }

    #[test]
    fn prose_evidence() {
        let en = Features::of(
            "The two leaders agreed that it was time to act on the issue.",
            Some(Lang::Eng),
        );
        assert!(en.prose > 0.3 && en.ends && en.sentence_like());
        let nav = Features::of("Business Travel Loyalty Rewards", Some(Lang::Eng));
        assert!(nav.prose < 0.1 && !nav.ends);
        let zh = Features::of(
            "谷歌在2014年收购的人工智能公司，开发出一款能够用自己的记忆学习的产品。",
            Some(Lang::Cmn),
        );
        assert!(zh.prose > 0.1 && zh.ends);
    }

    #[test]
    fn a_long_listing_of_tags_is_not_prose() {
        let eng = Some(Lang::Eng);
        let tags = "Archer, Arrested Development, Boardwalk Empire, Breaking Bad, Comedy Central, \
                    Community, Game of Thrones, Girls, Homeland, House of Cards, Jimmy Fallon, \
                    Mad Men, Netflix, Parks and Recreation, Sons of Anarchy, The Americans, Veep";
        let f = Features::of(tags, eng);
        assert!(f.listing && f.units >= LONG_UNITS);
        assert_ne!(f.class(), LineClass::Good);
        // A sentence with as many commas is prose.
        let sentence = "Smith, who is 45, and Jones, 32, of York, were arrested on Monday, police \
                        said, after a search of the house, the garage and the car, which took \
                        most of the night";
        let f = Features::of(sentence, eng);
        assert!(!f.listing);
        assert_eq!(f.class(), LineClass::Good);
        // Streets and house numbers between commas are the article's matter.
        let addresses = "Abovyan street 26, 26a, 26b, Nalbandyan street 31, 33, 35, Sayat-Nova \
                         avenue 21, 21a, Leo street 20-101, Kond district 53-99, Arabkir 23, 25";
        assert!(!Features::of(addresses, eng).listing);
    }

    #[test]
    fn spaced_keywords_in_chinese_or_japanese_are_a_listing() {
        let jpn = Some(Lang::Jpn);
        let keywords = "日本銀行 金融政策 為替相場 物価上昇 賃金交渉 景気対策 財政赤字 国債市場 地方銀行 株式市場 雇用統計 住宅市場 貿易収支 原油価格";
        let f = Features::of(keywords, jpn);
        assert!(f.listing && f.units >= LONG_UNITS, "{f:?}");
        assert_ne!(f.class(), LineClass::Good);
        // Prose is written without spaces; a headline's few spaced phrases,
        // or spaced words with punctuation, are no listing.
        for line in [
            "日本銀行は金融政策決定会合で、大規模な金融緩和策の修正を決めた。",
            "日銀 政策修正を決定 長期金利の上限引き上げ",
            "日本銀行、金融政策 為替相場、物価上昇 賃金交渉 景気対策 財政赤字",
        ] {
            assert!(!Features::of(line, jpn).listing, "{line}");
        }
        // Korean is written with spaces between words.
        let kor =
            "한국은행은 오늘 기준금리를 동결하고 물가 상승 압력을 계속 지켜보겠다고 밝혔습니다";
        assert!(!Features::of(kor, Some(Lang::Kor)).listing);
    }

    #[test]
    fn title_case_but_not_in_german() {
        assert!(Features::of("Why the World Is Not Falling Apart", Some(Lang::Eng)).title);
        assert!(!Features::of("Why the world is not falling apart", Some(Lang::Eng)).title);
        assert!(!Features::of("Die Regierung Berlins Plant Neue Gesetze", Some(Lang::Deu)).title);
    }

    #[test]
    fn list_markers() {
        for s in [
            "- item",
            "• item",
            "1. item",
            "12) item",
            "(3) item",
            "a) item",
            "+ Added blocks",
            "✅ 2018 – Sh32",
            "\u{F0B7} Manage the webpages",
        ] {
            assert!(starts_with_bullet(s), "{s}");
        }
        for s in [
            "-",
            "2024 was a year",
            "Item",
            "a.m. meeting",
            "1990s music",
            "\u{F0B7}",
            "\u{E000}word",
        ] {
            assert!(!starts_with_bullet(s), "{s}");
        }
    }

    #[test]
    fn copyrights_counters_addresses_menus() {
        for s in [
            "© 2024 Example News",
            "Copyright 2019 Foo Inc.",
            "(c) 2021 Bar",
            "Foo Ltd. All rights reserved.",
        ] {
            assert!(Features::of(s, Some(Lang::Eng)).copyright, "{s}");
        }
        for s in [
            "The copyrighted song was played.",
            "He said copyright law must change.",
            "All rights reserved under the deal remain with the club, he said.",
        ] {
            assert!(!Features::of(s, Some(Lang::Eng)).copyright, "{s}");
        }
        for s in ["23 comments", "Share 12", "Comments (3)"] {
            assert!(Features::of(s, Some(Lang::Eng)).counter, "{s}");
        }
        assert!(!Features::of("23 people died", Some(Lang::Eng)).counter);
        let url = Features::of("Source: https://example.com/a/b", Some(Lang::Eng));
        assert!(url.address && url.letters == 6 && url.text_units == 1.0);
        assert_eq!(
            Features::of("Home / Sport / Football", Some(Lang::Eng)).separators,
            2
        );
        assert_eq!(
            Features::of("«Hello» / »quoted«", Some(Lang::Eng)).separators,
            1
        );
    }
}
