//! The options a [`Cleaner`] is built from, as one value: what the
//! command line's flags and the Python keywords both map onto, so the same
//! options give the same cleaner wherever rinse runs.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::Cleaner;
use crate::error::Result;

/// Which packs, signals, weights and output form a cleaner uses.
///
/// `CleanerConfig::default().build()` is [`Cleaner::new`]. It serializes
/// (serde) with these field names; a missing field takes its default.
///
/// ```
/// let config = rinse::CleanerConfig {
///     disable: vec!["chrome-block".into()],
///     ..Default::default()
/// };
/// let cleaner = config.build().unwrap();
/// assert!(cleaner.clean_text("Share this article\nThe council met on Monday to approve the budget for next year.\n")
///     .starts_with("The council"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CleanerConfig {
    /// Start from the built-in packs (default: yes).
    pub default_patterns: bool,
    /// Folders of packs (`*.toml`) loaded on top, in order: a rule with the
    /// name of one loaded before replaces it.
    pub patterns: Vec<PathBuf>,
    /// Packs given as TOML text, `(name, source)`, loaded after the
    /// folders; errors name them `<packs>/NAME.toml`.
    pub packs: Vec<(String, String)>,
    /// Rules (`pack/rule`) and signals (`chrome-block` …) turned off.
    pub disable: Vec<String>,
    /// The language-switch signal (default: on).
    pub language_switch: bool,
    /// Weights of the article model, as TOML text in the format of
    /// `model/article.toml`, instead of the built-in ones.
    pub model: Option<String>,
    /// Write kept lines normalized (every space a plain space, invisible
    /// characters removed) instead of as they were in the input.
    pub normalize: bool,
}

impl Default for CleanerConfig {
    fn default() -> Self {
        CleanerConfig {
            default_patterns: true,
            patterns: Vec::new(),
            packs: Vec::new(),
            disable: Vec::new(),
            language_switch: true,
            model: None,
            normalize: false,
        }
    }
}

impl CleanerConfig {
    /// Loads and compiles the packs and the weights: the cleaner these
    /// options describe.
    pub fn build(&self) -> Result<Cleaner> {
        let mut builder = Cleaner::builder()
            .default_patterns(self.default_patterns)
            .language_switch(self.language_switch)
            .normalize_output(self.normalize);
        for dir in &self.patterns {
            builder = builder.patterns_dir(dir);
        }
        for (name, source) in &self.packs {
            builder = builder.pack(name, source);
        }
        for name in &self.disable {
            builder = builder.disable(name);
        }
        if let Some(source) = &self.model {
            builder = builder.model(source);
        }
        builder.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_map_onto_the_cleaner() {
        let text = "Share this article\nThe\u{a0}council met on Monday to approve the budget for next year.\n";
        let default = CleanerConfig::default().build().unwrap();
        assert_eq!(default.clean_text(text), Cleaner::new().clean_text(text));
        assert!(!default.clean_text(text).contains("Share this"));
        // Turning the rule off keeps its line; normalizing changes the
        // no-break space.
        let config = CleanerConfig {
            disable: vec!["eng/share-label".into(), "wordpress/plugin-labels".into()],
            normalize: true,
            ..Default::default()
        };
        let out = config.build().unwrap().clean_text(text);
        assert!(out.contains("Share this article"), "{out}");
        assert!(out.contains("The council met"), "{out}");
        // An unknown name is an error, as for the builder.
        let bad = CleanerConfig {
            disable: vec!["eng/no-such-rule".into()],
            ..Default::default()
        };
        assert!(bad.build().is_err());
    }

    #[test]
    fn missing_fields_take_their_defaults_and_unknown_ones_are_refused() {
        let config: CleanerConfig = serde_json::from_str(r#"{"normalize": true}"#).unwrap();
        assert_eq!(
            config,
            CleanerConfig {
                normalize: true,
                ..Default::default()
            }
        );
        assert!(serde_json::from_str::<CleanerConfig>(r#"{"normalise": true}"#).is_err());
    }
}
