//! General evidence: decisions no pattern pack names.
//!
//! Signals look at the shape of lines and at their place in the document,
//! in any language. They run after the pack rules, on the lines the rules
//! kept, and every line they remove names its [`Signal`].
//!
//! # Page structure
//!
//! Scraped text is often a whole page: menus above the article, share bars,
//! teasers and footers below. Each line gets a shape from its
//! features (`features::Features`) — word units (characters for scripts
//! without spaces), stop-word share in its language (punctuation density
//! where words are not spaced), sentence-ending punctuation of every script,
//! Title Case, list markers, addresses, menu separators:
//!
//! * **good**: running prose — at least [`LONG_UNITS`] units (but not a
//!   listing: tags or names between commas, without a sentence end, or
//!   in Chinese or Japanese letters between spaces, without punctuation), or
//!   [`GOOD_MIN_UNITS`] units with [`GOOD_MIN_PROSE`] stop words and a
//!   sentence end (or [`GOOD_WITHOUT_END_MIN_UNITS`] units and
//!   [`GOOD_PROSE_WITHOUT_END`] stop words without one);
//!   never a Title Case line shorter than [`LONG_UNITS`].
//! * **near**: [`NEAR_MIN_UNITS`] units ending like a sentence or with
//!   [`NEAR_MIN_PROSE`] stop words; **short**: the rest.
//! * **chrome by shape** (`no-letters`, `copyright`, `link-line`,
//!   `menu-line`, `counter`, `timestamp`): no letters at all; a copyright
//!   notice; only a
//!   web or e-mail address (fewer than [`LINK_MAX_UNITS`] other word units);
//!   items of at most [`MENU_MAX_ITEM_UNITS`] units between `|` `›` `/` `>`;
//!   a number with one short word ("23 comments"); a date or time alone (at
//!   most [`TIMESTAMP_MAX_UNITS`] units, [`TIMESTAMP_MIN_DIGITS`] digits).
//!
//! A **chrome item** is a short line of at most [`CHROME_ITEM_MAX_UNITS`]
//! units without a sentence end, list marker, colon or many digits (dates,
//! prices and codes are information), or a short line repeated in the page
//! (at most [`REPEATED_MAX_UNITS`] units), or chrome by shape (but numbers
//! and dates alone are table cells, not chrome items). The lines
//! after a line ending with a colon are a list, never chrome items.
//! [`CHROME_RUN_MIN`] chrome items in a row form a **run**.
//!
//! Then:
//!
//! * **An article** (no run of [`PAGE_RUN_MIN`] items before its first good
//!   line, no copyright line in its last 30 %): only chrome items at the
//!   very start or end of the text are removed, when there are at least
//!   [`CHROME_RUN_MIN`] of them (`chrome-run`). Lists and tables inside or
//!   after the prose are never touched.
//! * **A page**: runs cut it into blocks. The block with the most prose is
//!   the article; another block stays when it reads like content (fewer
//!   than [`BLOCK_MAX_DENSITY`] of its lines are short non-sentences, and it
//!   has prose) or holds at least [`BLOCK_KEEP_SHARE`] of the article's
//!   prose, unless it comes after the article and after a copyright notice
//!   in the last 30 % of the lines that begins with the sign or the word or
//!   reserves the rights (the page's footer, also when a rule removed the
//!   notice); the others are removed (`chrome-block`), with
//!   the runs that border them (`chrome-run`).
//! * In both, the **headline** — the longest non-prose line among the
//!   [`HEADLINE_WINDOW`] lines before the body (not above the last menu
//!   before it), of
//!   [`HEADLINE_MIN_UNITS`]–[`HEADLINE_MAX_UNITS`] units — is kept, and
//!   chrome by shape outside the body is removed (in an article: only among
//!   the chrome at its very edges).
//!
//! In-body subheadings, captions and lists stay: a short line between two
//! paragraphs is never removed by position.
//!
//! # Corpus evidence
//!
//! When a folder or stream is cleaned, lines that recur at the edges of many
//! unrelated documents are removed (`corpus-template`); see
//! [`crate::corpus`].
//!
//! # Language switch
//!
//! See `signals::language` for `language-switch`: template lines in another script
//! or language at a document's edges.

pub mod article;
pub(crate) mod features;
pub(crate) mod language;
mod layout;
pub mod model;

pub(crate) use features::Features;
pub(crate) use language::language_switch;
pub(crate) use layout::page_structure;

pub use language::{
    HEAD_MIN_FOREIGN, MIN_BODY_LINES, MIN_DOC_SCRIPT_SHARE, TAIL_MIN_FOREIGN, TEMPLATE_MAX_CHARS,
    TEMPLATE_MAX_WORDS,
};

/// A line at least this long (in word units) is prose whatever its words.
pub const LONG_UNITS: f32 = 30.0;
/// Han characters that make one word unit: Chinese averages about 1.7
/// characters a word.
pub const HAN_PER_UNIT: f32 = 1.7;
/// Letters of an unspaced script (Thai, Lao, Khmer, Myanmar, kana) that
/// make one word unit: about five a word.
pub const UNSPACED_PER_UNIT: f32 = 5.0;
/// Fewest units of a good (prose) line shorter than [`LONG_UNITS`].
pub const GOOD_MIN_UNITS: f32 = 10.0;
/// Stop-word share a good line needs. Higher keeps fewer teasers but risks
/// calling terse prose (headline-style news) non-prose.
pub const GOOD_MIN_PROSE: f32 = 0.15;
/// Stop-word share that makes a line good without a sentence end…
pub const GOOD_PROSE_WITHOUT_END: f32 = 0.3;
/// …when it has at least this many units (headlines have fewer).
pub const GOOD_WITHOUT_END_MIN_UNITS: f32 = 20.0;
/// Fewest units of a near-prose line.
pub const NEAR_MIN_UNITS: f32 = 5.0;
/// Stop-word share of a near-prose line without a sentence end.
pub const NEAR_MIN_PROSE: f32 = 0.2;
/// Most units of a chrome item (menu entry, button label).
pub const CHROME_ITEM_MAX_UNITS: f32 = 4.0;
/// Most units of a repeated short line counted as a chrome item.
pub const REPEATED_MAX_UNITS: f32 = 8.0;
/// Chrome items hold fewer digits than this share of their characters:
/// dates, prices and product codes are information, not navigation.
pub const CHROME_ITEM_MAX_DIGITS: f32 = 0.15;
/// Chrome items in a row that make a run.
pub const CHROME_RUN_MIN: usize = 3;
/// A run this long before the first prose line (or a copyright line near
/// the end) means the text is a whole page, not an extracted article.
pub const PAGE_RUN_MIN: usize = 6;
/// Lines after a colon that count as the list it introduces.
pub const COLON_LIST_MAX: usize = 30;
/// Short non-sentence lines up to this many units count against a block.
pub const CHROMEY_MAX_UNITS: f32 = 8.0;
/// A block whose share of short non-sentence lines reaches this is chrome.
/// Higher keeps more teaser lists; lower risks list-heavy articles.
pub const BLOCK_MAX_DENSITY: f32 = 0.35;
/// A block with at least this share of the article block's prose stays.
pub const BLOCK_KEEP_SHARE: f32 = 0.2;
/// Past the article block's last prose line, a stretch of at least this
/// many lines…
pub const TAIL_MIN_LINES: usize = 6;
/// …of which at least this share is not prose is teasers or widgets.
pub const TAIL_MIN_SHARE: f32 = 0.7;
/// Lines before the body searched for the headline.
pub const HEADLINE_WINDOW: usize = 15;
/// Fewest units of a headline.
pub const HEADLINE_MIN_UNITS: f32 = 3.0;
/// Most units of a headline.
pub const HEADLINE_MAX_UNITS: f32 = 40.0;
/// Title Case needs at least this many cased words…
pub const TITLE_MIN_WORDS: u32 = 4;
/// …and this share of them capitalized.
pub const TITLE_CAPS_SHARE: f32 = 0.6;
/// A line with a web or e-mail address and fewer other word units than
/// this ("Source: https://…") is a link line.
pub const LINK_MAX_UNITS: f32 = 3.0;
/// A menu line's items average at most this many units.
pub const MENU_MAX_ITEM_UNITS: f32 = 3.0;
/// A date or time line has at most this many units…
pub const TIMESTAMP_MAX_UNITS: f32 = 6.0;
/// …and at least this share of digits ("12 марта 2024, 14:05").
pub const TIMESTAMP_MIN_DIGITS: f32 = 0.3;
/// Copyright notices are short: longer lines are prose about copyright.
pub const COPYRIGHT_MAX_BYTES: usize = 250;

/// A signal that removed a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Signal {
    /// A template-shaped run in another language or script at an edge.
    LanguageSwitch,
    /// A run of short navigation-like lines outside the article.
    ChromeRun,
    /// A block of a page that reads like navigation or teasers.
    ChromeBlock,
    /// A line without letters outside the article.
    NoLetters,
    /// A copyright notice.
    Copyright,
    /// A web or e-mail address alone outside the article.
    LinkLine,
    /// A menu or breadcrumb line outside the article.
    MenuLine,
    /// A counter ("23 comments") outside the article.
    Counter,
    /// A date or time alone ("12 March 2024, 14:05") outside the article.
    Timestamp,
    /// A line that recurs at the edges of many unrelated documents of the
    /// corpus being cleaned (see [`crate::corpus`]).
    CorpusTemplate,
    /// A block of the head of an article, before the body, that the article
    /// model scores as residue (see [`article`]).
    HeadBlock,
    /// A block of the tail of an article, after the body, that the article
    /// model scores as residue (see [`article`]).
    TailBlock,
    /// A copy of the line kept right before it (a scraper's duplicate, a
    /// gallery's title on every slide); the first copy stays.
    Repeat,
}

impl Signal {
    /// Every signal.
    pub const ALL: [Signal; 13] = [
        Signal::LanguageSwitch,
        Signal::ChromeRun,
        Signal::ChromeBlock,
        Signal::NoLetters,
        Signal::Copyright,
        Signal::LinkLine,
        Signal::MenuLine,
        Signal::Counter,
        Signal::Timestamp,
        Signal::CorpusTemplate,
        Signal::HeadBlock,
        Signal::TailBlock,
        Signal::Repeat,
    ];

    /// Name shown in explanations.
    pub fn name(self) -> &'static str {
        match self {
            Signal::LanguageSwitch => "language-switch",
            Signal::ChromeRun => "chrome-run",
            Signal::ChromeBlock => "chrome-block",
            Signal::NoLetters => "no-letters",
            Signal::Copyright => "copyright",
            Signal::LinkLine => "link-line",
            Signal::MenuLine => "menu-line",
            Signal::Counter => "counter",
            Signal::Timestamp => "timestamp",
            Signal::CorpusTemplate => "corpus-template",
            Signal::HeadBlock => "head-block",
            Signal::TailBlock => "tail-block",
            Signal::Repeat => "repeat",
        }
    }

    /// The signal of a name, as [`Signal::name`] prints it.
    pub fn from_name(name: &str) -> Option<Signal> {
        Signal::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// Fewest word units of a teaser: another story's headline in a list.
pub const TEASER_MIN_UNITS: f32 = 2.0;
/// Most word units of a teaser (longer lines are paragraphs).
pub const TEASER_MAX_UNITS: f32 = 30.0;
/// A teaser holds less than this share of digits (scores and times are
/// table rows).
pub const TEASER_MAX_DIGITS: f32 = 0.4;

/// Whether `line` is shaped like another story's headline, as related-story
/// lists show them: letters, [`TEASER_MIN_UNITS`] to [`TEASER_MAX_UNITS`]
/// word units, no full stop at the end (a question or exclamation mark, or
/// an ellipsis, may end a headline), no colon, comma or semicolon at the
/// end, fewer than [`TEASER_MAX_DIGITS`] digits.
pub(crate) fn teaser_shaped(line: &str) -> bool {
    crate::scan::Shape::scan(line).0.teaser(line)
}

/// Whether a copyright line reads as a page footer's notice: it begins
/// with the sign, "Copyright" or "(c)", or reserves the rights.
pub(crate) fn footer_notice(line: &str) -> bool {
    let lower = line
        .trim_start_matches([' ', '|', '-', '–', '—'])
        .to_lowercase();
    lower.starts_with('©')
        || lower.starts_with("copyright")
        || lower.starts_with("(c)")
        || lower.contains("all rights reserved")
}

/// Whether `line` ends with a full stop (not an ellipsis), after closing
/// quotes and brackets, in any script.
pub(crate) fn ends_full_stop(line: &str) -> bool {
    let body = line.trim_end_matches(['"', '\'', '”', '’', '»', '」', '』', ')', ']', '）', '*']);
    (body.ends_with(['。', '۔', '।', '॥', '｡', '။', '។', '։', '።']) || body.ends_with('.'))
        && !body.ends_with("..")
}

/// Whether `line` ends like a sentence in any script.
pub(crate) fn ends_sentence(line: &str) -> bool {
    let body = line.trim_end_matches(['"', '\'', '”', '’', '»', '」', '』', ')', ']', '）', '*']);
    body.ends_with([
        '.', '!', '?', '。', '！', '？', '؟', '۔', '।', '॥', '…', '｡', '။', '។', '։', '።', '፧',
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_footer_notice_begins_with_the_sign_or_reserves_the_rights() {
        assert!(footer_notice("© 2014 Example Sport. All rights reserved"));
        assert!(footer_notice("Copyright 2020 Example News"));
        assert!(footer_notice("| © Example Media"));
        assert!(footer_notice(
            "2005 Example Archdiocese. All Rights Reserved."
        ));
        // A credit after a work's title is no page's footer.
        assert!(!footer_notice("「時をかける少女」©KADOKAWA 1983"));
        assert!(!footer_notice("Illustration © 2004 Jane Roe"));
    }

    #[test]
    fn a_title_case_headline_may_end_with_a_full_stop() {
        assert!(teaser_shaped("New bridge opens to traffic on Friday"));
        assert!(teaser_shaped(
            "27 People Who Shouldn't Have Bothered Getting Out Of Bed."
        ));
        // A sentence, even one full of names, is not a headline.
        assert!(!teaser_shaped("The new bridge opens to traffic on Friday."));
        assert!(!teaser_shaped(
            "Mayor Ana Lopez Met Governor Tom Brown in Austin."
        ));
        // A sentence in capitals is still a sentence.
        assert!(!teaser_shaped("THE COUNCIL WILL VOTE ON THE PLAN IN MAY."));
        // Too few words to tell a title from a short sentence.
        assert!(!teaser_shaped("Thank You Very Much."));
    }

    #[test]
    fn sentence_endings_of_many_scripts() {
        for s in [
            "Done.",
            "Really?",
            "“Yes.”",
            "完了。",
            "ہو گیا۔",
            "क्या हुआ।",
            "هل؟",
            "(Fin.)",
            "Քաղաքապետարանը հայտարարեց։",
            "ስብሰባው ተጠናቀቀ።",
        ] {
            assert!(ends_sentence(s), "{s}");
        }
        // Armenian and Ethiopic full stops are full stops.
        assert!(ends_full_stop("Աշխատանքները կավարտվեն հունիսին։"));
        assert!(ends_full_stop("ስብሰባው ተጠናቀቀ።"));
        assert!(!ends_full_stop("Կարդացեք նաև"));
        for s in [
            "Rating:",
            "Post a Comment",
            "کوئی تبصرے نہیں:",
            "Key Takeaways",
        ] {
            assert!(!ends_sentence(s), "{s}");
        }
    }

    #[test]
    fn signal_names_round_trip() {
        for s in Signal::ALL {
            assert_eq!(Signal::from_name(s.name()), Some(s));
        }
    }
}
