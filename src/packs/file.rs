//! The TOML format of a pattern pack, parsed with line numbers for errors.
//!
//! See `patterns/README.md` for the format as users meet it.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::error::Error;

/// A whole pack file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PackFile {
    #[serde(default)]
    pub pack: PackHeader,
    #[serde(default, rename = "rule")]
    pub rules: Vec<Spanned<RuleDef>>,
}

/// The `[pack]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PackHeader {
    #[serde(default)]
    pub description: String,
    pub languages: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pub disable: Vec<Spanned<String>>,
}

/// One `[[rule]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleDef {
    pub name: Spanned<String>,
    #[serde(default)]
    pub kind: Kind,
    #[serde(default, rename = "where")]
    pub position: Where,
    pub within: Option<Spanned<usize>>,
    pub languages: Option<Spanned<Vec<String>>>,
    #[serde(rename = "match")]
    pub pattern: Option<Spanned<String>>,
    #[serde(default)]
    pub phrases: Vec<Spanned<String>>,
    pub items: Option<Spanned<String>>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub confirm: Option<Spanned<String>>,
    pub confirm_within: Option<usize>,
    #[serde(default)]
    pub steps: Vec<Spanned<StepDef>>,
    pub min_lines: Option<usize>,
    #[serde(default)]
    pub unless_named_in_title: bool,
    #[serde(default)]
    pub unless_headline: bool,
    #[serde(default)]
    pub ends_text: bool,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub examples: Vec<Spanned<String>>,
    #[serde(default)]
    pub near_misses: Vec<Spanned<String>>,
}

/// One step of a `sequence` rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StepDef {
    #[serde(rename = "match")]
    pub pattern: Option<Spanned<String>>,
    #[serde(default)]
    pub phrases: Vec<Spanned<String>>,
    #[serde(default)]
    pub optional: bool,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    #[default]
    Line,
    Block,
    List,
    Cut,
    Sequence,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Where {
    #[default]
    Anywhere,
    Head,
    Tail,
}

/// Parses the TOML text of a pack; errors name `origin` and the line.
pub(crate) fn parse(origin: &Path, source: &str) -> Result<PackFile, Error> {
    toml::from_str(source).map_err(|e| Error::Pack {
        origin: origin.to_owned(),
        line: e.span().map_or(1, |s| line_of(source, s.start)),
        message: e.message().trim_end().to_owned(),
    })
}

/// 1-based line number of byte offset `at` in `source`.
pub(crate) fn line_of(source: &str, at: usize) -> usize {
    let at = at.min(source.len());
    source.as_bytes()[..at]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
