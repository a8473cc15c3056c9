//! The weights of the article model: named features of a line and the
//! weight of each, read from a TOML file (`model/article.toml`, built in;
//! `CleanerBuilder::model` replaces it).
//!
//! A line's score is the sum of its features' values times their weights;
//! a positive score is evidence of residue, a negative one of article text.
//! The weights are fitted on labelled articles and pages by
//! `scripts/fit_model.py`, which writes the file; the file says on what.

use serde::Deserialize;

use crate::error::{Error, Result};

/// A named feature of a line in the head or the tail of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum Feature {
    /// The line is in the head, before the headline (1 or 0): the prior
    /// of residue there.
    Head,
    /// The line is between the headline and the body.
    Between,
    /// The line is in the tail, after the body.
    Tail,
    /// Running prose (only lines some other evidence claims are scored:
    /// prose is otherwise the body).
    Prose,
    /// Ends like a sentence.
    Sentence,
    /// Shaped like another story's headline (see
    /// `signals::teaser_shaped`).
    Teaser,
    /// A teaser-shaped line between the headline and the body: there it is
    /// more often a kicker, a subtitle or the real headline.
    BetweenTeaser,
    /// A chrome item: a label of a few words without sentence end, list
    /// marker or colon.
    Item,
    /// No letters at all (symbols, separators, numbers).
    NoLetters,
    /// Only a web or e-mail address.
    Link,
    /// Menu items between separators (`|`, `›`, `/`).
    Menu,
    /// A number and one word ("23 comments").
    Counter,
    /// A date or time alone.
    Timestamp,
    /// A copyright notice.
    Copyright,
    /// Ends with a colon.
    Colon,
    /// Starts with a list marker.
    Bullet,
    /// Share of digits among the characters.
    Digits,
    /// Length: word units over 30, at most 1.
    Length,
    /// A pack rule removes the line.
    Rule,
    /// A batch's first pass found the line to be template.
    Template,
    /// The same text is on another line of the document.
    Repeated,
    /// The line repeats the headline with more words glued on (a page
    /// title with the site name), or is those words alone (the masthead).
    TitleRepeat,
    /// In a run of three or more teaser or item lines.
    Run,
    /// In a run of five or more teaser or item lines.
    LongRun,
    /// Next to a line a pack rule removes.
    BesideRule,
    /// The first or the last line of the document.
    Edge,
    /// Share of the line's words (of four letters or more; pairs of
    /// characters in Chinese, Japanese, Thai) that the body uses: the rest
    /// of the body's matter, not another story.
    BodyWords,
}

impl Feature {
    /// Every feature, in index order.
    pub const ALL: [Feature; 27] = [
        Feature::Head,
        Feature::Between,
        Feature::Tail,
        Feature::Prose,
        Feature::Sentence,
        Feature::Teaser,
        Feature::BetweenTeaser,
        Feature::Item,
        Feature::NoLetters,
        Feature::Link,
        Feature::Menu,
        Feature::Counter,
        Feature::Timestamp,
        Feature::Copyright,
        Feature::Colon,
        Feature::Bullet,
        Feature::Digits,
        Feature::Length,
        Feature::Rule,
        Feature::Template,
        Feature::Repeated,
        Feature::TitleRepeat,
        Feature::Run,
        Feature::LongRun,
        Feature::BesideRule,
        Feature::Edge,
        Feature::BodyWords,
    ];

    /// Number of features.
    pub const COUNT: usize = Feature::ALL.len();

    /// The feature's name in the weights file and in explanations.
    pub fn name(self) -> &'static str {
        match self {
            Feature::Head => "head",
            Feature::Between => "between",
            Feature::Tail => "tail",
            Feature::Prose => "prose",
            Feature::Sentence => "sentence",
            Feature::Teaser => "teaser",
            Feature::BetweenTeaser => "between_teaser",
            Feature::Item => "item",
            Feature::NoLetters => "no_letters",
            Feature::Link => "link",
            Feature::Menu => "menu",
            Feature::Counter => "counter",
            Feature::Timestamp => "timestamp",
            Feature::Copyright => "copyright",
            Feature::Colon => "colon",
            Feature::Bullet => "bullet",
            Feature::Digits => "digits",
            Feature::Length => "length",
            Feature::Rule => "rule",
            Feature::Template => "template",
            Feature::Repeated => "repeated",
            Feature::TitleRepeat => "title_repeat",
            Feature::Run => "run",
            Feature::LongRun => "long_run",
            Feature::BesideRule => "beside_rule",
            Feature::Edge => "edge",
            Feature::BodyWords => "body_words",
        }
    }

    /// The feature of a name.
    pub fn from_name(name: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// The features of one line: a value for each [`Feature`].
pub type FeatureVector = [f32; Feature::COUNT];

/// The weights file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    model: Thresholds,
    weights: std::collections::BTreeMap<String, f32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Thresholds {
    head_threshold: f32,
    between_threshold: f32,
    tail_threshold: f32,
    #[serde(default)]
    description: String,
}

/// The weights of the article model and the score a block needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    weights: FeatureVector,
    /// Score a block in the head (before the headline) needs.
    pub head_threshold: f32,
    /// Score a block between the headline and the body needs.
    pub between_threshold: f32,
    /// Score a block in the tail needs.
    pub tail_threshold: f32,
    /// What the file says about itself.
    pub description: String,
}

/// The built-in weights file.
pub const BUILT_IN: &str = include_str!("../../model/article.toml");

impl Weights {
    /// The built-in weights.
    pub fn built_in() -> &'static Weights {
        static W: std::sync::OnceLock<Weights> = std::sync::OnceLock::new();
        W.get_or_init(|| {
            Weights::parse(BUILT_IN)
                .unwrap_or_else(|e| panic!("built-in model/article.toml is broken: {e}"))
        })
    }

    /// Reads a weights file: every feature must have a weight, and no
    /// other name may appear.
    pub fn parse(source: &str) -> Result<Weights> {
        let bad = |message: String| Error::Config(format!("article model: {message}"));
        let file: File = toml::from_str(source).map_err(|e| bad(e.message().to_owned()))?;
        let mut weights = [0.0; Feature::COUNT];
        let mut seen = [false; Feature::COUNT];
        for (name, w) in &file.weights {
            let f = Feature::from_name(name).ok_or_else(|| {
                bad(format!(
                    "unknown feature `{name}` (features: {})",
                    Feature::ALL.map(|f| f.name()).join(", ")
                ))
            })?;
            if !w.is_finite() {
                return Err(bad(format!("the weight of `{name}` is not a number")));
            }
            weights[f as usize] = *w;
            seen[f as usize] = true;
        }
        if let Some(f) = Feature::ALL.iter().find(|f| !seen[**f as usize]) {
            return Err(bad(format!("no weight for feature `{}`", f.name())));
        }
        Ok(Weights {
            weights,
            head_threshold: file.model.head_threshold,
            between_threshold: file.model.between_threshold,
            tail_threshold: file.model.tail_threshold,
            description: file.model.description,
        })
    }

    /// The weight of a feature.
    pub fn weight(&self, f: Feature) -> f32 {
        self.weights[f as usize]
    }

    /// The score of a line with features `x`.
    pub fn score(&self, x: &FeatureVector) -> f32 {
        x.iter().zip(&self.weights).map(|(x, w)| x * w).sum()
    }

    /// What each feature adds to the score of `x`, features that add
    /// nothing left out.
    pub fn contributions(&self, x: &FeatureVector) -> Vec<(Feature, f32)> {
        Feature::ALL
            .iter()
            .filter(|&&f| x[f as usize] != 0.0)
            .map(|&f| (f, x[f as usize] * self.weights[f as usize]))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_file_names_every_feature() {
        let w = Weights::built_in();
        assert!(w.tail_threshold > 0.0 && w.head_threshold > 0.0);
        for (i, f) in Feature::ALL.iter().enumerate() {
            assert_eq!(*f as usize, i, "{}", f.name());
            assert_eq!(Feature::from_name(f.name()), Some(*f));
        }
    }

    #[test]
    fn unknown_and_missing_features_are_errors() {
        let extra = format!("{BUILT_IN}\nnonsense = 1.0\n");
        let e = Weights::parse(&extra).unwrap_err().to_string();
        assert!(e.contains("unknown feature `nonsense`"), "{e}");
        let missing: String = BUILT_IN
            .lines()
            .filter(|l| !l.starts_with("teaser "))
            .map(|l| format!("{l}\n"))
            .collect();
        let e = Weights::parse(&missing).unwrap_err().to_string();
        assert!(e.contains("no weight for feature `teaser`"), "{e}");
    }
}
