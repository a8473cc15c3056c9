//! What cleaning one document gives: the body, the document language, and
//! every line with its decision.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use crate::lang::{DocLang, LineLang};
use crate::signals::Signal;
use crate::signals::article::{LineModel, Region};
use crate::signals::model::Feature;

/// Why a line was removed: the rule or the signal that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removal {
    /// A rule of a pattern pack.
    Rule {
        /// Qualified rule name, `pack/rule`.
        rule: Arc<str>,
        /// The pack.
        pack: Arc<str>,
    },
    /// General evidence (see [`Signal`]).
    Signal(Signal),
}

impl Removal {
    /// The rule's qualified name or the signal's name.
    pub fn name(&self) -> &str {
        match self {
            Removal::Rule { rule, .. } => rule,
            Removal::Signal(s) => s.name(),
        }
    }

    /// The pack of a rule, `None` for a signal.
    pub fn pack(&self) -> Option<&str> {
        match self {
            Removal::Rule { pack, .. } => Some(pack),
            Removal::Signal(_) => None,
        }
    }
}

impl std::fmt::Display for Removal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Removal::Rule { rule, .. } => write!(f, "rule {rule}"),
            Removal::Signal(s) => write!(f, "signal {}", s.name()),
        }
    }
}

/// The decision about one non-blank input line.
#[derive(Debug, Clone)]
pub struct LineReport<'a> {
    /// 1-based line number in the input.
    pub number: usize,
    /// Byte range of the line in the input.
    pub span: Range<usize>,
    /// The line as it is written when kept: the input line in NFC, trimmed
    /// (see [`crate::normalize::output_line`]).
    pub text: Cow<'a, str>,
    /// The line as rules and signals read it (see
    /// [`crate::normalize::normalize_line`]).
    pub normalized: Cow<'a, str>,
    /// Its language or script.
    pub lang: LineLang,
    /// `None` when kept; otherwise what removed it.
    pub removal: Option<Removal>,
    /// What the article model said of the line, in the round that removed
    /// it or, for a kept line, in the last round.
    pub model: LineModel,
}

/// A block of lines the article model removed as a whole.
#[derive(Debug, Clone)]
pub struct Block {
    /// Where it was: [`Region::Head`], [`Region::Between`] or
    /// [`Region::Tail`].
    pub region: Region,
    /// Its first and last line (1-based input line numbers).
    pub first: usize,
    /// See `first`.
    pub last: usize,
    /// Its score: the sum of its lines' scores.
    pub score: f32,
    /// What each feature added to the score, over all its lines, largest
    /// first.
    pub evidence: Vec<(Feature, f32)>,
}

impl LineReport<'_> {
    /// Whether the line is part of the clean body.
    pub fn kept(&self) -> bool {
        self.removal.is_none()
    }
}

/// The result of cleaning one document.
#[derive(Debug, Clone)]
pub struct Cleaned<'a> {
    pub(super) language: DocLang,
    pub(super) lines: Vec<LineReport<'a>>,
    pub(super) blocks: Vec<Block>,
    /// Whether the body is written in normalized form.
    pub(super) normalized: bool,
}

impl<'a> Cleaned<'a> {
    /// The clean body: kept lines, each followed by `\n`, as they were in
    /// the input (in NFC, trimmed), or normalized when the cleaner was
    /// built with [`normalize_output`](crate::CleanerBuilder::normalize_output).
    pub fn text(&self) -> String {
        let mut out = String::with_capacity(self.lines.iter().map(|l| l.text.len() + 1).sum());
        for line in self.lines.iter().filter(|l| l.kept()) {
            out.push_str(if self.normalized {
                &line.normalized
            } else {
                &line.text
            });
            out.push('\n');
        }
        out
    }

    /// Language of the document, detected on the clean body.
    pub fn language(&self) -> &DocLang {
        &self.language
    }

    /// Every non-blank input line with its decision.
    pub fn lines(&self) -> &[LineReport<'a>] {
        &self.lines
    }

    /// The blocks the article model removed, in the order of the rounds
    /// that removed them.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The removed lines.
    pub fn removed(&self) -> impl Iterator<Item = &LineReport<'a>> {
        self.lines.iter().filter(|l| !l.kept())
    }
}
