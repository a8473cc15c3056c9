//! Language switch at the edges (`language-switch`).
//!
//! Template text of a site is often in the site's language while the article
//! is in another (an Urdu Blogger footer under an English story). The exact
//! rule:
//!
//! * A line is **foreign** when it has letters and either its script differs
//!   from the document's script, or it was detected reliably, on its own,
//!   as another language than the document's. Latin-script lines in a
//!   document of another script are the exception: brand names, product
//!   codes, titles and credits are written in Latin letters in every
//!   language, so such a line is never foreign (rules in the packs catch
//!   English template strings under a document in another script).
//! * A line is **neutral** when it has no letters (dates, counters, symbols).
//! * A line is **template-shaped** when it has at most
//!   [`TEMPLATE_MAX_CHARS`] characters and [`TEMPLATE_MAX_WORDS`] words and
//!   does not end like a sentence (`.` `!` `?` `。` `！` `？` `؟` `۔` `।` `…`,
//!   optionally followed by closing quotes or brackets).
//! * Take the longest run of foreign-or-neutral, template-shaped lines that
//!   ends at the last line (or starts at the first line); neutral lines on
//!   the run's body side are given back to the body.
//! * Nothing fires unless at least [`MIN_DOC_SCRIPT_SHARE`] of the
//!   document's letters are in its script.
//! * The run is residue when it holds at least one foreign line at the end
//!   ([`TAIL_MIN_FOREIGN`]) or two at the start ([`HEAD_MIN_FOREIGN`]: a
//!   single foreign first line may be a title), and the rest of the document
//!   keeps at least [`MIN_BODY_LINES`] lines and more characters than the run.
//!
//! A foreign-language quotation inside the body is never touched: it does
//! not touch the document's edge, or it ends like a sentence.

use whatlang::Script;

use super::ends_sentence;
use crate::lang::{DocLang, LangSource, LineLang};

/// Longest template-shaped line, in characters.
pub const TEMPLATE_MAX_CHARS: usize = 80;
/// Most words in a template-shaped line.
pub const TEMPLATE_MAX_WORDS: usize = 12;
/// Foreign lines needed in a run at the end of the document.
pub const TAIL_MIN_FOREIGN: usize = 1;
/// Foreign lines needed in a run at the start of the document.
pub const HEAD_MIN_FOREIGN: usize = 2;
/// Share of the document's letters that must be in its script for the
/// signal to fire at all: in a document mixing scripts evenly, no script is
/// foreign.
pub const MIN_DOC_SCRIPT_SHARE: f64 = 0.6;
/// Lines the body must keep for a run to be removed.
pub const MIN_BODY_LINES: usize = 2;

fn template_shaped(line: &str) -> bool {
    line.chars().count() <= TEMPLATE_MAX_CHARS
        && line.split_whitespace().count() <= TEMPLATE_MAX_WORDS
        && !ends_sentence(line)
}

fn is_foreign(lang: &LineLang, doc: &DocLang) -> bool {
    if lang.script == Some(Script::Latin) && doc.script != Some(Script::Latin) {
        return false;
    }
    lang.script.is_some()
        && (lang.foreign_script
            || (matches!(lang.source, LangSource::Detected | LangSource::Script)
                && lang.reliable
                && doc.is_reliable()
                && lang.lang != doc.lang))
}

/// Lines (indices into `lines`) removed by the language-switch signal.
pub(crate) fn language_switch(lines: &[&str], langs: &[&LineLang], doc: &DocLang) -> Vec<usize> {
    let n = lines.len();
    if doc.script_share < MIN_DOC_SCRIPT_SHARE {
        return Vec::new();
    }
    let candidate = |i: usize| {
        template_shaped(lines[i]) && (langs[i].script.is_none() || is_foreign(langs[i], doc))
    };
    let foreign = |i: usize| is_foreign(langs[i], doc);
    let chars = |r: std::ops::Range<usize>| r.map(|i| lines[i].chars().count()).sum::<usize>();

    let mut out = Vec::new();
    // Tail: the run ends at the last line.
    let mut start = n;
    while start > 0 && candidate(start - 1) {
        start -= 1;
    }
    while start < n && !foreign(start) {
        start += 1;
    }
    let tail_foreign = (start..n).filter(|&i| foreign(i)).count();
    let body_end = if tail_foreign >= TAIL_MIN_FOREIGN
        && start >= MIN_BODY_LINES
        && chars(0..start) > chars(start..n)
    {
        out.extend(start..n);
        start
    } else {
        n
    };
    // Head: the run starts at the first line.
    let mut end = 0;
    while end < body_end && candidate(end) {
        end += 1;
    }
    while end > 0 && !foreign(end - 1) {
        end -= 1;
    }
    let head_foreign = (0..end).filter(|&i| foreign(i)).count();
    if head_foreign >= HEAD_MIN_FOREIGN
        && body_end - end >= MIN_BODY_LINES
        && chars(end..body_end) > chars(0..end)
    {
        out.extend(0..end);
    }
    out
}
