//! The article model: a scraped article is head chrome, then its headline,
//! then its body, then a tail; the head and the tail are decided block by
//! block from evidence.
//!
//! Reads the lines of a round with their `Features` and what the stages
//! before found: the lines a pack rule claims, and the lines a batch's
//! first pass found to be template. Writes the lines to remove, the blocks
//! they form, and for every line its region, its features and its score.
//!
//! # The structure
//!
//! * **Anchors** are lines that are article text whatever surrounds them:
//!   running prose (but not a question or exclamation shorter than
//!   [`GOOD_WITHOUT_END_MIN_UNITS`]) and lines of [`SENTENCE_MIN_UNITS`] or
//!   more that end with a full stop (unless a rule or the
//!   corpus claims them; a short line ending with a question or exclamation
//!   mark may be another story's headline), the lines of a list that the
//!   text introduces with a colon or a label ("【日程】", "■作品概要"), and the **headline**: the first line before the body that
//!   could be a headline ([`HEADLINE_MIN_UNITS`] to [`HEADLINE_MAX_UNITS`]
//!   word units, not chrome by shape, no menu separators, not a listing of
//!   tags between commas, not the copy of
//!   a line before it, not a page title or the site's name alone, not
//!   ending with a colon; the first line of the text needs only
//!   [`FIRST_HEADLINE_MIN_UNITS`]), and the longest such line among the
//!   [`HEADLINE_WINDOW`] lines before the body (or the end).
//! * The **body** runs from the first anchor after the headline to the last
//!   anchor. Its inner lines (subheadings, captions, short lines between
//!   paragraphs) are never decided here: only a pack rule removes a line
//!   inside the body.
//! * The **head** is what comes before the headline; **between** is what
//!   lies between the headline and the body (kicker, byline, share bar); the
//!   **tail** is what follows the last anchor.
//!
//! # The decision
//!
//! Every line of the head, between and the tail gets named features (see
//! [`Feature`]) and a score, the sum of each feature's value times its
//! weight ([`Weights`], data in `model/article.toml`, fitted on labelled
//! articles and pages). Then, in each region, the best block is found: the
//! run of lines with the highest total score that starts at the first line
//! (head), ends at the last line (tail), or lies anywhere (between). It is
//! removed, whole, when its score reaches the region's threshold, and when
//! it is not longer than the body ([`BLOCK_MAX_BODY_SHARE`]) or the lines
//! of it no rule claims are mostly chrome ([`BLOCK_CHROME_SHARE`]; a long
//! thread the rules remove does not make the lines before it chrome): a
//! tail longer than the article is the
//! document's own matter (an announcement's details, the list the article
//! is about), not residue; except under a headline with no body at all,
//! where [`BODILESS_MIN_TEASERS`] headline-shaped lines or more (not list
//! items, not questions or exclamations) are a scraped list of other
//! stories.
//!
//! A **feed** is a page's related list or news feed: [`FEED_RUN_MIN`] or
//! more list-shaped lines in a run, not beginning in lower case (verse
//! does), [`FEED_HEADLINE_SHARE`] of them headlines of
//! [`FEED_HEADLINE_MIN_WORDS`] words or more (no sentence mark at the end,
//! not a table's record, not Chinese or Japanese). A tail block that is a
//! feed may be longer than the body; and the body does not stretch over a
//! feed to anchors stranded after it that carry at most
//! [`STRANDED_MAX_SHARE`] of its characters (a newsletter notice, a cookie
//! banner): the tail starts before the feed. A run of site chrome does the
//! same (a site map, a footer's links: [`FEED_RUN_MIN`] lines or more,
//! mostly chrome items without figures, [`CHROME_RUN_MIN_CLAIMED`] of them
//! lines a pack rule claims; a list of names or a table is the article's
//! matter), and so does a line of [`ENDS_TEXT_MIN_UNITS`] or more
//! claimed by a rule that ends the text (a paywall prompt, `ends_text` in
//! its pack): what follows it is the page's, and a tail block that starts
//! after it may be longer than the body; the line just before such a
//! prompt that breaks off with an ellipsis is the body's last. A block
//! takes in the lines the rules remove, so the buttons and labels around a
//! newsletter prompt go with it, and a line of article text keeps the block
//! from reaching past it when its score is low enough. A block does not
//! take half of a list: the items at its edge that share their mark
//! ("•", "1.", a word processor's bullet) with the kept line beside it
//! are the rest of that list, and stay with the wrapped lines between
//! them.
//!
//! A separator (a line without letters or digits) next to a line a pack
//! rule removes goes with it, in the body too.
//!
//! A line that a batch's first pass found to be template is removed
//! (`corpus-template`) wherever it lies in the head, between or the tail,
//! but never when it is the headline or inside the body.

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::features::{Features, LineClass, ListMark, list_mark};
use super::model::{Feature, FeatureVector, Weights};
use super::*;

pub use crate::words::WORD_MIN_CHARS;
use crate::words::Words;

/// One line of a round as the article model sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineInput<'x> {
    pub text: &'x str,
    pub feats: &'x Features,
    /// A pack rule claims the line this round.
    pub rule: bool,
    /// The rule that claims it says the page's text ends there (a paywall
    /// prompt).
    pub ends_text: bool,
    /// A batch's first pass found the line to be template.
    pub template: bool,
    /// The template line may still be this document's headline: a
    /// document without prose has no head to tell it by (see
    /// `corpus::TemplateLine::is_headline_here`), so it is template unless
    /// it is the line the model takes for the headline.
    pub headline_ok: bool,
}

/// Where a line sits in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// Before the headline.
    Head,
    /// The headline (kept).
    Headline,
    /// Between the headline and the body.
    Between,
    /// The body: anchors and the lines between them (only rules decide).
    Body,
    /// After the last anchor.
    Tail,
}

impl Region {
    /// The region's name in explanations.
    pub fn name(self) -> &'static str {
        match self {
            Region::Head => "head",
            Region::Headline => "headline",
            Region::Between => "between",
            Region::Body => "body",
            Region::Tail => "tail",
        }
    }
}

/// What the model says of one line.
#[derive(Debug, Clone)]
pub struct LineModel {
    /// Its region.
    pub region: Region,
    /// Its features (all zero in the body and on the headline).
    pub features: FeatureVector,
    /// Its score (0 in the body and on the headline).
    pub score: f32,
}

/// A block the model removed.
#[derive(Debug, Clone)]
pub(crate) struct ModelBlock {
    pub region: Region,
    /// Lines of the round.
    pub lines: Range<usize>,
    pub score: f32,
}

/// The decisions of the article model on one round.
pub(crate) struct ArticleDecision {
    /// Lines to remove (rule-claimed lines are not among them: their rule
    /// names them), with the signal that removes each.
    pub drops: Vec<(usize, Signal)>,
    /// The blocks removed.
    pub blocks: Vec<ModelBlock>,
    /// Every line's region, features and score.
    pub lines: Vec<LineModel>,
}

/// Separators between a headline and the site name glued to it in a page
/// title: "Headline - Site", "Headline | Site", "Site :: Headline".
const TITLE_SEPARATORS: &[&str] = &[
    " - ", " | ", " – ", " — ", " :: ", " · ", " // ", " » ", "-", "|", "–", "—", "·", "»",
];

/// A block with more characters than this share of the body's (rule lines
/// aside) is removed only when it is mostly chrome…
pub const BLOCK_MAX_BODY_SHARE: f32 = 1.0;
/// …that is, when at least this share of its lines are chrome items, chrome
/// by shape (not a web address or a date: those may be the text's own
/// details), or claimed by a rule or the corpus.
pub const BLOCK_CHROME_SHARE: f32 = 0.67;

/// Under a headline with no body at all, a block of at least this many
/// teasers (not list items), most of the block, is a related list.
pub const BODILESS_MIN_TEASERS: usize = 5;

/// Fewest word units of a line that ends with a full stop for it to be an
/// anchor ("Body sentence." is; "Close." is not).
pub const SENTENCE_MIN_UNITS: f32 = 2.0;

/// In Thai, Khmer or Myanmar text, where a sentence need not end with a
/// mark, a line of this many word units or more is an anchor.
pub const STOPLESS_SENTENCE_MIN_UNITS: f32 = 20.0;

/// Fewest word units of a headline on the first line of the text (a
/// headline elsewhere needs [`HEADLINE_MIN_UNITS`]).
pub const FIRST_HEADLINE_MIN_UNITS: f32 = 1.0;

/// Most word units of the site name glued to a headline in a page title.
pub const TITLE_SUFFIX_MAX_UNITS: f32 = 8.0;

/// The first lines of a document, where a scraper puts the page's title:
/// the headline with the site's name glued on.
pub const PAGE_TITLE_LINES: usize = 3;

/// Brackets around a label that heads what follows ("【日程】", "＜CD詳細＞").
const LABEL_BRACKETS: &[(char, char)] = &[
    ('【', '】'),
    ('〔', '〕'),
    ('［', '］'),
    ('[', ']'),
    ('＜', '＞'),
    ('<', '>'),
    ('《', '》'),
    ('〈', '〉'),
    ('「', '」'),
];
/// Marks that open a label heading what follows ("■作品概要", "▼通常盤").
const LABEL_MARKS: &[char] = &['■', '□', '◆', '◇', '▼', '▽', '●', '◎', '★', '☆', '▶', '►'];
/// Most characters of a label's text.
pub const LABEL_MAX_CHARS: usize = 40;

/// Whether `line` is a label that heads a list of details, as CJK texts
/// write them: a short text in brackets, or after a mark, without a
/// sentence end.
fn is_label(line: &str) -> bool {
    // (The first character first: most lines open with neither.)
    let Some(first) = line.chars().next() else {
        return false;
    };
    let bracket = LABEL_BRACKETS.iter().find(|&&(open, _)| first == open);
    if bracket.is_none() && !LABEL_MARKS.contains(&first) {
        return false;
    }
    let count = line.chars().count();
    if count > LABEL_MAX_CHARS + 2 || ends_sentence(line) {
        return false;
    }
    match bracket {
        Some(&(_, close)) => line.ends_with(close) && count > 2,
        None => count > 1,
    }
}

/// When `long` is `short` with a separator and a few words glued before
/// or after it (a page title: "Headline - Site"), the words glued on (the
/// site's name).
fn glued_to<'a>(long: &'a str, short: &str) -> Option<&'a str> {
    if long.len() <= short.len() + 2 {
        return None;
    }
    let glued = |rest: &'a str, at_end: bool| -> Option<&'a str> {
        TITLE_SEPARATORS.iter().find_map(|sep| {
            let tail = if at_end {
                rest.strip_prefix(sep)
            } else {
                rest.strip_suffix(sep)
            };
            tail.map(str::trim).filter(|t| {
                let words = t.split_whitespace().count();
                // (The site's name is the shorter part.)
                words > 0
                    && (words as f32) <= TITLE_SUFFIX_MAX_UNITS
                    && words < short.split_whitespace().count()
            })
        })
    };
    if long.starts_with(short)
        && let Some(g) = glued(&long[short.len()..], true)
    {
        return Some(g);
    }
    long.strip_suffix(short).and_then(|rest| glued(rest, false))
}

/// `text` with each run of spaces as one space.
fn single_spaced(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("  ") {
        return std::borrow::Cow::Borrowed(text);
    }
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    std::borrow::Cow::Owned(words.join(" "))
}

/// Whether `line` is the site name `site`, or it with one more word
/// before it (an article: "The", "Le", "El").
fn is_site_name(line: &str, site: &str) -> bool {
    line == site
        || [(line, site), (site, line)].iter().any(|(a, b)| {
            a.strip_suffix(b)
                .and_then(|rest| rest.strip_suffix(' '))
                .is_some_and(|word| !word.is_empty() && !word.contains(' '))
        })
}

/// Whether `long` is `short` with a site name glued on.
#[cfg(test)]
fn repeats_with_suffix(long: &str, short: &str) -> bool {
    glued_to(long, short).is_some()
}

/// Runs the article model on the lines of a round.
pub(crate) fn article(lines: &[LineInput], weights: &Weights) -> ArticleDecision {
    let n = lines.len();
    let empty = LineModel {
        region: Region::Body,
        features: [0.0; Feature::COUNT],
        score: 0.0,
    };
    let mut out = ArticleDecision {
        drops: Vec::new(),
        blocks: Vec::new(),
        lines: vec![empty; n],
    };
    if n == 0 {
        return out;
    }
    let classes: Vec<LineClass> = lines.iter().map(|l| l.feats.class()).collect();
    // How often each text occurs, and where first.
    let mut seen: FxHashMap<&str, (u32, usize)> =
        FxHashMap::with_capacity_and_hasher(n, Default::default());
    for (i, l) in lines.iter().enumerate() {
        seen.entry(l.text).or_insert((0, i)).0 += 1;
    }
    let claimed = |i: usize| lines[i].rule || lines[i].template;
    let anchor_shaped = |i: usize| {
        let f = lines[i].feats;
        // A short question or exclamation may be another story's headline.
        let headline_like =
            f.ends && !ends_full_stop(lines[i].text) && f.units < GOOD_WITHOUT_END_MIN_UNITS;
        !claimed(i)
            && ((classes[i] == LineClass::Good && !headline_like)
                || (f.units >= SENTENCE_MIN_UNITS
                    && !f.title
                    && (ends_full_stop(lines[i].text)
                        || (f.stopless && f.units >= STOPLESS_SENTENCE_MIN_UNITS))))
    };
    // A page title among the first [`PAGE_TITLE_LINES`] that reads as
    // text: the headline with the site's or the section's name glued on,
    // when the plain headline is there too (within [`HEADLINE_WINDOW`]
    // lines). However long, such a line is no paragraph of the body but a
    // copy of the headline (a Thai title carries no sentence mark and
    // reads as prose by its length alone).
    // (Compared with runs of spaces as one: a scraper doubles a space in
    // one copy and not in the other.)
    let top = n.min(HEADLINE_WINDOW);
    let mut spaced: Vec<std::borrow::Cow<str>> = lines.iter().map(|l| l.text.into()).collect();
    // (Made when a line needs them: `spaced[..spaced_upto]` is.)
    let mut spaced_upto = 0;
    let mut page_title = vec![false; n];
    for i in 0..n.min(PAGE_TITLE_LINES) {
        if !anchor_shaped(i) {
            continue;
        }
        for k in spaced_upto..top {
            spaced[k] = single_spaced(lines[k].text);
        }
        spaced_upto = top;
        page_title[i] = (0..top).any(|j| j != i && glued_to(&spaced[i], &spaced[j]).is_some());
    }
    let body_anchor: Vec<bool> = (0..n).map(|i| anchor_shaped(i) && !page_title[i]).collect();
    let body_anchor = |i: usize| body_anchor[i];
    // A list the text introduces with a colon or a bracketed label. Its
    // items are short lines that do not read as sentences; after its first
    // item, a short title ending in a question or exclamation mark is an
    // item too (a track list's "Where Are You Going?"), not the paragraph
    // after the list. A line the corpus finds in many documents goes, but
    // does not end the list (a setlist's "Overture" recurs in every
    // setlist of a site).
    let mut in_list = vec![false; n];
    let list_item = |j: usize, first: bool| {
        let f = lines[j].feats;
        !lines[j].rule
            && classes[j] != LineClass::Good
            && (!f.sentence_like()
                || (!first && f.units < CHROMEY_MAX_UNITS && !ends_full_stop(lines[j].text)))
            && !matches!(classes[j], LineClass::Bad(s) if !matches!(s, Signal::Counter | Signal::NoLetters | Signal::Timestamp))
    };
    for i in 0..n {
        if (lines[i].feats.colon || is_label(lines[i].text))
            && !claimed(i)
            && !matches!(classes[i], LineClass::Bad(_))
        {
            let mut j = i + 1;
            while j < n && j - i <= COLON_LIST_MAX && list_item(j, j == i + 1) {
                in_list[j] = !lines[j].template;
                j += 1;
            }
        }
    }
    let first_body = (0..n).find(|&i| body_anchor(i));
    // Page titles: the headline with the site name glued on, when the plain
    // headline is there too.
    let head_end = first_body.unwrap_or(n);
    let window = head_end.saturating_sub(HEADLINE_WINDOW);
    for k in window.max(spaced_upto)..head_end {
        spaced[k] = single_spaced(lines[k].text);
    }
    let mut title_repeat = page_title;
    for i in window..head_end {
        for j in window..head_end {
            if i != j
                && let Some(site) = glued_to(&spaced[i], &spaced[j])
            {
                title_repeat[i] = true;
                // The site's name alone on a line is its masthead (perhaps
                // with an article: "The Westbridge Courier").
                for k in window..head_end {
                    if is_site_name(lines[k].text, site) {
                        title_repeat[k] = true;
                    }
                }
            }
        }
    }
    // The first copy of a repeated line may be the headline (scrapers
    // often print it twice); the copies after it may not.
    let first_copy = |i: usize| seen[lines[i].text].1 == i;
    let claimed_as_headline =
        |i: usize| lines[i].rule || (lines[i].template && !lines[i].headline_ok);
    let candidate = |i: usize| {
        let f = lines[i].feats;
        !claimed_as_headline(i)
            && !title_repeat[i]
            && !matches!(classes[i], LineClass::Bad(_))
            && !f.colon
            && f.separators == 0
            && !f.listing
            && first_copy(i)
            && (HEADLINE_MIN_UNITS..=HEADLINE_MAX_UNITS).contains(&f.units)
    };
    // The first line may be a short headline ("Brexit latest").
    let first_candidate = (0..head_end).find(|&i| {
        candidate(i)
            || (i == 0 && lines[0].feats.units >= FIRST_HEADLINE_MIN_UNITS && {
                let f = lines[0].feats;
                !claimed_as_headline(0)
                    && !title_repeat[0]
                    && !matches!(classes[0], LineClass::Bad(_))
                    && !f.colon
            })
    });
    let longest_candidate = (window..head_end)
        .filter(|&i| candidate(i))
        .max_by(|&x, &y| {
            lines[x]
                .feats
                .units
                .total_cmp(&lines[y].feats.units)
                .then(y.cmp(&x))
        });
    let mut headline = vec![false; n];
    for h in [first_candidate, longest_candidate].into_iter().flatten() {
        headline[h] = true;
    }
    let anchors: Vec<usize> = (0..n)
        .filter(|&i| headline[i] || in_list[i] || body_anchor(i))
        .collect();
    let (Some(&first), Some(&last)) = (anchors.first(), anchors.last()) else {
        return out;
    };
    // A run of records that ends the text ("Estado do Acre: Tião Viana
    // (PT)", "Paris – CAC 40: UP 2.0 percent"): the article's closing
    // table, however short its lines (the signatories of a letter, the
    // day's market figures). A page's sidebar of records has more of the
    // page after it.
    let mut in_records = vec![false; n];
    for end in (n.saturating_sub(RECORDS_END_SLACK)..=n).rev() {
        let mut start = end;
        while start > 0 && label_record(lines[start - 1].text) {
            start -= 1;
        }
        if end - start >= RECORD_RUN_MIN {
            in_records[start..end].fill(true);
            break;
        }
    }
    // Runs of list-shaped lines: other stories' headlines, chrome, short
    // lines without an end.
    let listy = |i: usize| {
        let f = lines[i].feats;
        !in_list[i]
            && !headline[i]
            && !in_records[i]
            && (lines[i].feats.teaser
                || matches!(classes[i], LineClass::Bad(_))
                || (classes[i] == LineClass::Short && !f.ends && !f.colon && !f.bullet))
    };
    let mut run_len = vec![0usize; n];
    let mut i = 0;
    while i < n {
        if listy(i) {
            let start = i;
            while i < n && listy(i) {
                i += 1;
            }
            run_len[start..i].fill(i - start);
        } else {
            i += 1;
        }
    }
    let char_counts: Vec<usize> = lines.iter().map(|l| l.text.chars().count()).collect();
    let chars = |i: usize| char_counts[i];
    // A feed: a run of list-shaped lines that do not begin in lower case
    // (verse does), many of them shaped like headlines: words between
    // spaces, no sentence mark at the end (a table of names and figures is
    // not a feed, nor are exclamations; in Chinese and Japanese, written
    // without spaces, the shape tells a headline too poorly from a track
    // list's titles or a product's details), and not a table's record.
    let feed_line = |i: usize| run_len[i] >= FEED_RUN_MIN && !lower_start(lines[i].text);
    let is_feed = |range: Range<usize>, other: &dyn Fn(usize) -> bool| {
        if range.len() < FEED_RUN_MIN {
            return false;
        }
        let len = range.len() as f32;
        let feed = range.clone().filter(|&i| feed_line(i) || other(i)).count();
        let headlines = range
            .filter(|&i| {
                let f = lines[i].feats;
                feed_line(i)
                    && f.teaser
                    && !f.ends
                    && words_of(lines[i].text) >= FEED_HEADLINE_MIN_WORDS
                    && !record_shaped(lines[i].text)
                    && !lines[i]
                        .text
                        .chars()
                        .any(|c| crate::script::char_script(c).is_some_and(crate::lang::is_cjk))
            })
            .count();
        feed as f32 >= BLOCK_CHROME_SHARE * len && headlines as f32 >= FEED_HEADLINE_SHARE * len
    };
    // A chrome item: a short line without an end, a few words, no list
    // mark, few figures (a menu's entry, a site map's link).
    let item = |i: usize| {
        let f = lines[i].feats;
        classes[i] == LineClass::Short
            && !f.ends
            && f.units <= CHROME_ITEM_MAX_UNITS
            && !f.bullet
            && !f.colon
            && f.digits < CHROME_ITEM_MAX_DIGITS
    };
    let chrome = |i: usize| {
        claimed(i)
            || matches!(
                classes[i],
                LineClass::Bad(s) if s != Signal::LinkLine && s != Signal::Timestamp
            )
            || item(i)
    };
    // A long run of site chrome: a site map, a menu, a footer's links, with
    // lines the rules know among them (a list of names or a table of
    // figures is the article's matter).
    let chrome_run = |range: Range<usize>| {
        let site_chrome = |i: usize| chrome(i) && lines[i].feats.digits == 0.0;
        range.len() >= FEED_RUN_MIN
            && range.clone().filter(|&i| lines[i].rule).count() >= CHROME_RUN_MIN_CLAIMED
            && range.clone().filter(|&i| site_chrome(i)).count() as f32
                >= BLOCK_CHROME_SHARE * range.len() as f32
    };
    // A paywall prompt: the text the page shows ends there (a bare button,
    // "Subscribe", may sit in any sidebar).
    let prompt = |i: usize| lines[i].ends_text && lines[i].feats.units >= ENDS_TEXT_MIN_UNITS;
    let ends_text = |mut range: Range<usize>| range.any(prompt);
    let last = stranded_end(
        &anchors,
        &|gap| is_feed(gap.clone(), &|_| false) || chrome_run(gap.clone()) || ends_text(gap),
        &chars,
    )
    .unwrap_or(last);
    // The preview's cut, the line between the body and a paywall prompt
    // that breaks off ("The decision was…"), is the last of the text shown.
    let last = if last + 2 < n && prompt(last + 2) && ends_with_ellipsis(lines[last + 1].text) {
        last + 1
    } else {
        last
    };
    // Regions.
    for (i, l) in out.lines.iter_mut().enumerate() {
        l.region = if headline[i] {
            Region::Headline
        } else if i < first {
            Region::Head
        } else if i > last {
            Region::Tail
        } else if first_body.is_none_or(|b| i < b) {
            Region::Between
        } else {
            Region::Body
        };
    }
    // The words of the body's anchors: a line of the head or the tail that
    // uses them goes on with the body's matter (the rest of a list, a
    // closing note); other stories' headlines seldom do.
    // (Gathered when a line needs them: most articles have no line outside
    // the headline and the body.)
    let mut body_words: Option<Words> = None;
    for i in 0..n {
        let region = out.lines[i].region;
        if !matches!(region, Region::Head | Region::Between | Region::Tail) {
            continue;
        }
        let l = &lines[i];
        let f = l.feats;
        let mut x = [0.0f32; Feature::COUNT];
        let mut set = |feature: Feature, value: f32| x[feature as usize] = value;
        set(
            match region {
                Region::Head => Feature::Head,
                Region::Between => Feature::Between,
                _ => Feature::Tail,
            },
            1.0,
        );
        let class = classes[i];
        let one = |b: bool| if b { 1.0 } else { 0.0 };
        // (A page title is the headline's copy, not prose, however long.)
        set(
            Feature::Prose,
            one(class == LineClass::Good && !title_repeat[i]),
        );
        // (A question or an exclamation may be another story's headline:
        // only a full stop makes a sentence here.)
        let sentence = class != LineClass::Good && f.sentence_like() && ends_full_stop(l.text);
        set(Feature::Sentence, one(sentence));
        let teaser = f.teaser && class != LineClass::Good && !sentence;
        set(Feature::Teaser, one(teaser));
        set(
            Feature::BetweenTeaser,
            one(teaser && region == Region::Between),
        );
        set(Feature::Item, one(item(i)));
        if let LineClass::Bad(s) = class {
            let feature = match s {
                Signal::NoLetters => Feature::NoLetters,
                Signal::LinkLine => Feature::Link,
                Signal::MenuLine => Feature::Menu,
                Signal::Counter => Feature::Counter,
                Signal::Timestamp => Feature::Timestamp,
                _ => Feature::Copyright,
            };
            set(feature, 1.0);
        }
        set(Feature::Colon, one(f.colon));
        set(Feature::Bullet, one(f.bullet));
        set(Feature::Digits, f.digits);
        set(Feature::Length, (f.units / 30.0).min(1.0));
        set(Feature::Rule, one(l.rule));
        set(Feature::Template, one(l.template));
        set(Feature::Repeated, one(seen[l.text].0 > 1));
        set(Feature::TitleRepeat, one(title_repeat[i]));
        set(Feature::Run, one(run_len[i] >= 3));
        set(Feature::LongRun, one(run_len[i] >= 5));
        set(
            Feature::BesideRule,
            one((i > 0 && lines[i - 1].rule) || (i + 1 < n && lines[i + 1].rule)),
        );
        set(Feature::Edge, one(i == 0 || i + 1 == n));
        let body_words = body_words.get_or_insert_with(|| {
            Words::of(
                (0..n)
                    .filter(|&i| body_anchor(i) || in_list[i])
                    .map(|i| lines[i].text),
            )
        });
        set(Feature::BodyWords, body_words.share_of(l.text));
        let score = weights.score(&x);
        out.lines[i].features = x;
        out.lines[i].score = score;
    }
    // The best block of each gap.
    let score = |i: usize| out.lines[i].score;
    // A block longer than the body is the document's own matter (an
    // announcement's details, a list the article is about) unless most of
    // it is chrome.
    let body_chars: usize = (0..n)
        .filter(|&i| body_anchor(i) || in_list[i])
        .map(chars)
        .sum();
    let in_proportion = |range: Range<usize>, region: Region| {
        let len = range.len();
        let content: usize = range.clone().filter(|&i| !lines[i].rule).map(chars).sum();
        // (Judged on the lines no rule claims: a long thread the rules
        // remove does not make the lines before it chrome.)
        let unclaimed = range.clone().filter(|&i| !lines[i].rule).count();
        let chrome_lines = range
            .clone()
            .filter(|&i| !lines[i].rule && chrome(i))
            .count();
        // A headline with nothing but other stories' headlines under it (a
        // scraped related list, the story's own text lost).
        let teasers = range
            .clone()
            .filter(|&i| {
                out.lines[i].features[Feature::Teaser as usize] > 0.0
                    && !lines[i].feats.bullet
                    && !lines[i].feats.ends
            })
            .count();
        content as f32 <= BLOCK_MAX_BODY_SHARE * body_chars as f32
            || chrome_lines as f32 >= BLOCK_CHROME_SHARE * unclaimed as f32
            // (A page's related list or news feed is often longer than the
            // article, and so is what follows a paywall prompt.)
            || (region == Region::Tail && ends_text(last + 1..range.end))
            || (region == Region::Tail && is_feed(range, &chrome))
            || (body_chars == 0
                && teasers >= BODILESS_MIN_TEASERS
                && teasers as f32 >= BLOCK_CHROME_SHARE * len as f32)
    };
    // The list mark of a line, read only at a block's edges (a rule of
    // asterisks is a separator, not an item).
    let mark = |i: usize| {
        let f = lines[i].feats;
        if f.bullet && f.all_letters > 0 {
            list_mark(lines[i].text)
        } else {
            None
        }
    };
    // A line that reads as text (or is long: Thai and other scripts
    // without sentence marks) and would not be residue but for the rule's
    // line beside it (a short label beside a rule's line is taken: it is
    // most often the same widget's).
    let beside_rule = weights.weight(Feature::BesideRule);
    let leans_on_rule = |i: usize| {
        let beside = out.lines[i].features[Feature::BesideRule as usize] * beside_rule;
        !claimed(i)
            && (matches!(classes[i], LineClass::Good | LineClass::Near)
                || lines[i].feats.units >= GOOD_MIN_UNITS)
            && beside > 0.0
            && score(i) - beside <= 0.0
    };
    let mut blocks: Vec<ModelBlock> = Vec::new();
    let mut k = 0;
    while k < n {
        let region = out.lines[k].region;
        if !matches!(region, Region::Head | Region::Between | Region::Tail) {
            k += 1;
            continue;
        }
        let start = k;
        while k < n && out.lines[k].region == region {
            k += 1;
        }
        let gap = start..k;
        let (best, threshold) = match region {
            Region::Head => (best_prefix(gap, &score), weights.head_threshold),
            Region::Tail => (best_suffix(gap, &score), weights.tail_threshold),
            _ => (best_segment(gap, &score), weights.between_threshold),
        };
        // (A block does not cut a list in two: the items it shares with
        // the kept line beside it are the rest of that list. Nor does it
        // take, at an edge it shares with kept text (the body's, or
        // between headline and body also the headline's), a line whose
        // only evidence is the rule's line beside it: the body's closing
        // line above a sign-off, its first line under a byline; nor the
        // records of the text's closing table.)
        let best = best
            .map(|(range, _)| {
                whole_lists(range, n, &mark, &|i| claimed(i), &|i| {
                    lower_start(lines[i].text)
                })
            })
            .map(|range| {
                let (mut start, mut end) = (range.start, range.end);
                if region != Region::Head {
                    while start < end
                        && (leans_on_rule(start) || (in_records[start] && !claimed(start)))
                    {
                        start += 1;
                    }
                }
                if region != Region::Tail {
                    while start < end && leans_on_rule(end - 1) {
                        end -= 1;
                    }
                }
                start..end
            })
            .filter(|range| !range.is_empty())
            .map(|range| (range.clone(), range.map(score).sum::<f32>()));
        if let Some((range, total)) = best
            && total >= threshold
            && in_proportion(range.clone(), region)
        {
            blocks.push(ModelBlock {
                region,
                lines: range,
                score: total,
            });
        }
    }
    let mut dropped = vec![false; n];
    for b in &blocks {
        let signal = if b.region == Region::Tail {
            Signal::TailBlock
        } else {
            Signal::HeadBlock
        };
        for i in b.lines.clone() {
            dropped[i] = true;
            if !lines[i].rule {
                let s = if lines[i].template {
                    Signal::CorpusTemplate
                } else {
                    signal
                };
                out.drops.push((i, s));
            }
        }
    }
    for i in 0..n {
        if lines[i].template
            && !dropped[i]
            && !lines[i].rule
            && matches!(
                out.lines[i].region,
                Region::Head | Region::Between | Region::Tail
            )
        {
            out.drops.push((i, Signal::CorpusTemplate));
        }
    }
    // A separator line (no letters, no digits) next to a line a rule
    // removes goes with it, wherever it is: it set the residue apart.
    for i in 0..n {
        if classes[i] == LineClass::Bad(Signal::NoLetters)
            && lines[i].feats.digits == 0.0
            && !dropped[i]
            && !lines[i].rule
            && ((i > 0 && lines[i - 1].rule) || (i + 1 < n && lines[i + 1].rule))
        {
            out.drops.push((i, Signal::NoLetters));
        }
    }
    out.drops.sort_by_key(|&(i, _)| i);
    out.drops.dedup_by_key(|&mut (i, _)| i);
    out.blocks = blocks;
    out
}

/// Where the body ends when its last anchors are stranded after a feed (a
/// page's related list or news feed) or a run of site chrome (a site map),
/// `is_feed` tells which gaps are one, with a few lines of prose after it
/// (a newsletter notice, a cookie banner, a legal notice) that would
/// otherwise stretch the body to the end of the page. The body then ends
/// at the anchor before the gap, so the gap and what follows it are
/// decided as the tail. Only when the anchors after the gap carry at most
/// [`STRANDED_MAX_SHARE`] of the characters of those before it.
fn stranded_end(
    anchors: &[usize],
    is_feed: &dyn Fn(Range<usize>) -> bool,
    chars: &dyn Fn(usize) -> usize,
) -> Option<usize> {
    let total: usize = anchors.iter().map(|&a| chars(a)).sum();
    let mut before = 0;
    for pair in anchors.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        before += chars(a);
        let gap = a + 1..b;
        if is_feed(gap) && ((total - before) as f32) <= STRANDED_MAX_SHARE * before as f32 {
            return Some(a);
        }
    }
    None
}

/// Whether `line` breaks off with an ellipsis ("…", "...").
fn ends_with_ellipsis(line: &str) -> bool {
    let line = line.trim_end();
    line.ends_with('…') || line.ends_with("...")
}

/// Fewest word units of a line, claimed by a rule that ends the text, for
/// it to end the body: "Subscribe to continue reading" does, a "Subscribe"
/// button (in a sidebar as often as under the article) does not.
pub const ENDS_TEXT_MIN_UNITS: f32 = 4.0;

/// The shortest run of list-shaped lines that is a feed (other stories'
/// headlines, their times and sections): a tail block that is one may be
/// longer than the body, and anchors after one may be stranded (see the
/// module documentation).
pub const FEED_RUN_MIN: usize = 8;
/// Least share of a feed's lines shaped like headlines.
pub const FEED_HEADLINE_SHARE: f32 = 0.4;
/// Fewest words between spaces of a feed's headline.
pub const FEED_HEADLINE_MIN_WORDS: usize = 3;
/// Fewest lines a pack rule claims in a run of chrome that may
/// strand the anchors after it.
pub const CHROME_RUN_MIN_CLAIMED: usize = 2;
/// Most characters of the anchors stranded after a feed or a run of site
/// chrome, as a share of the body's before it.
pub const STRANDED_MAX_SHARE: f32 = 0.34;

/// The words of `line` between spaces that hold a letter: a dash between
/// a record's fields ("Parmin – male") or a bracketed figure ("(41)") is
/// no word of a headline.
fn words_of(line: &str) -> usize {
    line.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count()
}

/// Fewest records in a row (see `label_record`) that make a table.
pub const RECORD_RUN_MIN: usize = 3;
/// Most lines after a closing table of records (a "read more" link, a
/// share bar).
pub const RECORDS_END_SLACK: usize = 2;

/// Whether `line` is a record, a label and its value: one to six words, a
/// colon and a space, then one to five words without a sentence's end (a
/// signatory "Estado do Acre: Tião Viana (PT)", a fact "Área: 8.500 km²").
/// A headline after a kicker says more ("Vídeo: veja o momento em que o
/// prefeito deixa o prédio"); a web address has no space after its colon.
fn label_record(line: &str) -> bool {
    let Some((label, value)) = line.split_once(':').or_else(|| line.split_once('：')) else {
        return false;
    };
    (1..=6).contains(&words_of(label))
        && value.starts_with(' ')
        && (1..=5).contains(&words_of(value))
        && !crate::signals::ends_sentence(value)
}

/// Whether `line` reads as a table's record rather than a headline: two
/// commas or more ("Amina Yusuf, Kenya, 2:21:05"), or a figure at the end
/// ("Amina Yusuf (Kenya) 2:21:05").
fn record_shaped(line: &str) -> bool {
    line.matches([',', '，', '،']).count() >= 2
        || line
            .trim_end_matches(['.', ')', '%', '*'])
            .ends_with(|c: char| c.is_ascii_digit())
}

/// `block` without the items at either end that continue a list the line
/// beside the block (kept: no rule claims it) begins or ends: items with
/// the same mark, and the wrapped lines between them that begin in lower
/// case. A block cannot take half of a list.
fn whole_lists(
    block: Range<usize>,
    n: usize,
    mark: &dyn Fn(usize) -> Option<ListMark>,
    claimed: &dyn Fn(usize) -> bool,
    wrapped: &dyn Fn(usize) -> bool,
) -> Range<usize> {
    // An item of the list, or a wrapped line of one.
    let goes_on = |i: usize, list: ListMark| match mark(i) {
        Some(m) => m == list,
        None => wrapped(i),
    };
    let (mut start, mut end) = (block.start, block.end);
    if let Some(before) = start.checked_sub(1)
        && !claimed(before)
        && let Some(list) = mark(before)
        && mark(start) == Some(list)
    {
        while start < end && goes_on(start, list) {
            start += 1;
        }
    }
    if end < n
        && start < end
        && !claimed(end)
        && let Some(list) = mark(end)
        && mark(end - 1) == Some(list)
    {
        while end > start && goes_on(end - 1, list) {
            end -= 1;
        }
    }
    start..end
}

/// Whether the first letter of `line` is lower case.
fn lower_start(line: &str) -> bool {
    line.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_lowercase)
}

/// The prefix of `gap` with the highest total score (at least one line).
fn best_prefix(gap: Range<usize>, score: &dyn Fn(usize) -> f32) -> Option<(Range<usize>, f32)> {
    let mut total = 0.0;
    let mut best: Option<(Range<usize>, f32)> = None;
    for i in gap.clone() {
        total += score(i);
        if best.as_ref().is_none_or(|(_, b)| total > *b) {
            best = Some((gap.start..i + 1, total));
        }
    }
    best
}

/// The suffix of `gap` with the highest total score (at least one line).
fn best_suffix(gap: Range<usize>, score: &dyn Fn(usize) -> f32) -> Option<(Range<usize>, f32)> {
    let mut total = 0.0;
    let mut best: Option<(Range<usize>, f32)> = None;
    for i in gap.clone().rev() {
        total += score(i);
        if best.as_ref().is_none_or(|(_, b)| total > *b) {
            best = Some((i..gap.end, total));
        }
    }
    best
}

/// The run of lines of `gap` with the highest total score (Kadane).
fn best_segment(gap: Range<usize>, score: &dyn Fn(usize) -> f32) -> Option<(Range<usize>, f32)> {
    let mut best: Option<(Range<usize>, f32)> = None;
    let mut start = gap.start;
    let mut total = 0.0;
    for i in gap {
        if total <= 0.0 {
            start = i;
            total = 0.0;
        }
        total += score(i);
        if best.as_ref().is_none_or(|(_, b)| total > *b) {
            best = Some((start..i + 1, total));
        }
    }
    best
}

#[cfg(test)]
mod tests;
