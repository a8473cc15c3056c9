//! What a cleaner did to one document, line by line, as data: the object
//! `rinse explain --json` prints for each document and Python's
//! `Cleaner.explain` returns. Every line with its decision, the rule or
//! signal that removed it, its language, the article model's region, score
//! and evidence; every block the model removed.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::signals::model::Feature;
use crate::{Cleaned, Cleaner, LangSource};

/// One document explained. Serialize it (serde) to get the JSON object of
/// `rinse explain --json`.
#[derive(Debug, Serialize)]
pub struct Explanation<'a> {
    /// Where the document came from (a file, `FILE:LINE` for a record); left
    /// out of the JSON when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// ISO 639-3 code of the document language, or `und`.
    pub language: &'static str,
    /// ISO 639-1 code of the document language, when it has one.
    pub language_639_1: Option<&'static str>,
    /// Name of the document's main script.
    pub script: Option<&'static str>,
    /// Confidence of the document language, 0 to 1.
    pub confidence: f64,
    /// Every non-blank input line.
    pub lines: Vec<LineExplanation<'a>>,
    /// The blocks the article model removed.
    pub blocks: Vec<BlockExplanation>,
}

/// One line explained.
#[derive(Debug, Serialize)]
pub struct LineExplanation<'a> {
    /// 1-based line number in the input.
    pub number: usize,
    /// Byte span of the raw line in the input.
    pub span: [usize; 2],
    /// Whether the line is in the clean body.
    pub kept: bool,
    /// The rule (`pack/rule`) or signal that removed the line.
    pub removed_by: Option<&'a str>,
    /// The pack of the rule that removed the line.
    pub pack: Option<&'a str>,
    /// ISO 639-3 code of the line's language.
    pub language: Option<&'static str>,
    /// Name of the line's script.
    pub script: Option<&'static str>,
    /// Where the line's language came from.
    pub language_source: LangSource,
    /// Confidence of the line's language.
    pub confidence: f64,
    /// Where the article model placed the line.
    pub region: &'static str,
    /// The line's score in the article model (0 in the body and on the
    /// headline, which it does not score).
    pub score: f32,
    /// The line's features, by name (only those that are not zero).
    pub features: BTreeMap<&'static str, f32>,
    /// What each feature added to the score.
    pub contributions: BTreeMap<&'static str, f32>,
    /// The line's text (normalized, trimmed).
    pub text: &'a str,
}

/// A block the article model removed.
#[derive(Debug, Serialize)]
pub struct BlockExplanation {
    /// The region the block lies in.
    pub region: &'static str,
    /// Its first line number.
    pub first: usize,
    /// Its last line number.
    pub last: usize,
    /// Its total score.
    pub score: f32,
    /// What each feature added to the score, over the block's lines.
    pub evidence: BTreeMap<&'static str, f32>,
}

impl<'a> Explanation<'a> {
    /// Explains `cleaned`, the result of `cleaner` on one document (the
    /// cleaner's weights give each feature's contribution).
    pub fn new(cleaned: &'a Cleaned, cleaner: &Cleaner) -> Self {
        let doc = cleaned.language();
        let weights = cleaner.weights();
        Explanation {
            file: None,
            language: doc.code(),
            language_639_1: doc.code_639_1(),
            script: doc.script.map(crate::language::script_name),
            confidence: doc.reported_confidence(),
            lines: cleaned
                .lines()
                .iter()
                .map(|l| LineExplanation {
                    number: l.number,
                    span: [l.span.start, l.span.end],
                    kept: l.kept(),
                    removed_by: l.removal.as_ref().map(|r| r.name()),
                    pack: l.removal.as_ref().and_then(|r| r.pack()),
                    language: l.lang.lang.map(|x| x.code()),
                    script: l.lang.script.map(crate::language::script_name),
                    language_source: l.lang.source,
                    confidence: l.lang.confidence,
                    region: l.model.region.name(),
                    score: l.model.score,
                    features: Feature::ALL
                        .iter()
                        .filter(|&&f| l.model.features[f as usize] != 0.0)
                        .map(|&f| (f.name(), l.model.features[f as usize]))
                        .collect(),
                    contributions: weights
                        .contributions(&l.model.features)
                        .into_iter()
                        .map(|(f, c)| (f.name(), c))
                        .collect(),
                    text: &l.text,
                })
                .collect(),
            blocks: cleaned
                .blocks()
                .iter()
                .map(|b| BlockExplanation {
                    region: b.region.name(),
                    first: b.first,
                    last: b.last,
                    score: b.score,
                    evidence: b.evidence.iter().map(|&(f, c)| (f.name(), c)).collect(),
                })
                .collect(),
        }
    }

    /// The same, naming where the document came from.
    pub fn with_file(mut self, file: String) -> Self {
        self.file = Some(file);
        self
    }
}
