//! The [`Cleaner`]: its configuration ([`CleanerConfig`], [`CleanerBuilder`]),
//! and the result of cleaning a document ([`Cleaned`]).
//!
//! A document goes through six stages, each of which only reads what the
//! stages before it wrote:
//!
//! 1. the line scan ([`crate::scan`]): normalized lines and their shape;
//! 2. language ([`crate::lang`]): of the document and of every line;
//! 3. rules ([`crate::rules`]): the pack rules of each line's languages;
//! 4. corpus ([`crate::corpus`]): lines a batch's first pass found to be
//!    template;
//! 5. structure and signals ([`crate::signals`]): the article model and
//!    the general evidence;
//! 6. the fixpoint loop ([`rounds`]): stages 2 to 5 again on the lines still
//!    kept, until a round removes nothing.

mod config;
mod result;
mod rounds;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use config::CleanerConfig;
pub use result::{Block, Cleaned, LineReport, Removal};

use crate::corpus::CorpusModel;
use crate::error::{Error, Result};
use crate::packs::RuleSet;
use crate::rules::RuleBook;
use crate::signals::Signal;
use crate::signals::model::Weights;

/// Builds a [`Cleaner`]: which packs, which signals.
#[derive(Debug, Clone)]
pub struct CleanerBuilder {
    default_patterns: bool,
    dirs: Vec<PathBuf>,
    packs: Vec<(String, String)>,
    rules: Option<RuleSet>,
    disabled: Vec<String>,
    signals: Vec<(Signal, bool)>,
    model: Option<String>,
    normalize_output: bool,
}

impl Default for CleanerBuilder {
    fn default() -> Self {
        CleanerBuilder {
            default_patterns: true,
            dirs: Vec::new(),
            packs: Vec::new(),
            rules: None,
            disabled: Vec::new(),
            signals: Vec::new(),
            model: None,
            normalize_output: false,
        }
    }
}

impl CleanerBuilder {
    /// Whether to start from the built-in packs (default: yes).
    pub fn default_patterns(mut self, yes: bool) -> Self {
        self.default_patterns = yes;
        self
    }

    /// Adds the packs of a folder on top of the built-in ones (or of the
    /// folders added before): same-named rules replace earlier ones.
    pub fn patterns_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.dirs.push(dir.into());
        self
    }

    /// Adds one pack from its TOML `source`, named `name` (as a file stem
    /// names a pack), on top of the built-in packs and the folders; errors
    /// name it `<packs>/NAME.toml`.
    pub fn pack(mut self, name: impl Into<String>, source: impl Into<String>) -> Self {
        self.packs.push((name.into(), source.into()));
        self
    }

    /// Uses exactly this rule set, ignoring the defaults, folders and packs.
    pub fn rules(mut self, rules: RuleSet) -> Self {
        self.rules = Some(rules);
        self
    }

    /// Turns one signal on or off (all are on by default).
    pub fn signal(mut self, signal: Signal, on: bool) -> Self {
        self.signals.push((signal, on));
        self
    }

    /// Turns the language-switch signal on or off (default: on).
    pub fn language_switch(self, on: bool) -> Self {
        self.signal(Signal::LanguageSwitch, on)
    }

    /// Turns off a rule (by its full name, `pack/rule`) or a signal (by its
    /// name, e.g. `chrome-block`). [`build`](Self::build) fails on a name
    /// that is neither.
    pub fn disable(mut self, name: impl Into<String>) -> Self {
        self.disabled.push(name.into());
        self
    }

    /// Uses the weights of the article model in `source` (the format of
    /// `model/article.toml`) instead of the built-in ones.
    pub fn model(mut self, source: impl Into<String>) -> Self {
        self.model = Some(source.into());
        self
    }

    /// Writes kept lines in their normalized form (every space a plain
    /// space, invisible characters removed: see [`crate::normalize`])
    /// instead of as they were in the input (default: no).
    pub fn normalize_output(mut self, yes: bool) -> Self {
        self.normalize_output = yes;
        self
    }

    /// Loads and compiles the packs.
    pub fn build(self) -> Result<Cleaner> {
        let mut set = match self.rules {
            Some(set) => set,
            None => {
                let mut set = if self.default_patterns {
                    RuleSet::embedded()
                } else {
                    RuleSet::new()
                };
                for dir in &self.dirs {
                    set.add_dir(dir)?;
                }
                for (name, source) in &self.packs {
                    let origin = Path::new("<packs>").join(format!("{name}.toml"));
                    set.add_pack(name, &origin, source)?;
                }
                set
            }
        };
        let mut signals: Vec<Signal> = Signal::ALL.to_vec();
        for (signal, on) in self.signals {
            signals.retain(|&s| s != signal);
            if on {
                signals.push(signal);
            }
        }
        for name in &self.disabled {
            if let Some(signal) = Signal::from_name(name) {
                signals.retain(|&s| s != signal);
            } else if !set.remove(name) {
                return Err(Error::Config(format!(
                    "unknown rule or signal `{name}` (rules are named pack/rule: see `rinse patterns list`; \
                     signals: {})",
                    Signal::ALL.map(|s| s.name()).join(", ")
                )));
            }
        }
        let weights = match &self.model {
            Some(source) => Weights::parse(source)?,
            None => Weights::built_in().clone(),
        };
        Ok(Cleaner {
            inner: Arc::new(Inner {
                book: RuleBook::new(&set),
                set,
                signals,
                weights,
                normalize_output: self.normalize_output,
            }),
            corpus: None,
        })
    }
}

/// Cleans documents. Build once, share everywhere: cloning is cheap and a
/// `Cleaner` is `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Cleaner {
    inner: Arc<Inner>,
    corpus: Option<Arc<CorpusModel>>,
}

impl Default for Cleaner {
    fn default() -> Self {
        Cleaner::new()
    }
}

impl Cleaner {
    /// A cleaner with the built-in packs and all signals.
    pub fn new() -> Cleaner {
        CleanerBuilder::default()
            .build()
            .expect("built-in packs always load")
    }

    /// Starts configuring a cleaner.
    pub fn builder() -> CleanerBuilder {
        CleanerBuilder::default()
    }

    /// The same cleaner, also removing the template lines of a corpus (see
    /// [`crate::corpus`]): what a folder's second pass uses.
    pub fn with_corpus(&self, model: Arc<CorpusModel>) -> Cleaner {
        Cleaner {
            inner: self.inner.clone(),
            corpus: Some(model),
        }
    }

    /// The weights of the article model in use.
    pub fn weights(&self) -> &Weights {
        &self.inner.weights
    }

    /// The rules in use.
    pub fn rule_set(&self) -> &RuleSet {
        &self.inner.set
    }

    /// Cleans one document and explains every decision.
    ///
    /// The decisions are repeated until nothing more is removed, with
    /// positions, document language and edges taken from the lines still
    /// kept; so cleaning a clean body again changes nothing.
    pub fn clean<'a>(&self, text: &'a str) -> Cleaned<'a> {
        rounds::clean(&self.inner, self.corpus.as_deref(), text)
    }

    /// Cleans one document and returns the clean body only.
    pub fn clean_text(&self, text: &str) -> String {
        self.clean(text).text()
    }
}

#[derive(Debug)]
struct Inner {
    set: RuleSet,
    /// The rules in evaluation order, with their lists by language.
    book: RuleBook,
    /// The signals turned on.
    signals: Vec<Signal>,
    /// The weights of the article model.
    weights: Weights,
    /// Whether kept lines are written normalized.
    normalize_output: bool,
}

impl Inner {
    fn on(&self, signal: Signal) -> bool {
        self.signals.contains(&signal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn cleaner_is_send_and_sync() {
        assert_send_sync::<Cleaner>();
    }

    #[test]
    fn packs_given_as_source_add_rules_and_errors_name_them() {
        let src = "[pack]\nlanguages = [\"*\"]\n\n[[rule]]\nname = \"promo\"\n\
                   phrases = [\"Zorblat deals of the week\"]\n\
                   examples = [\"Zorblat deals of the week\"]\n\
                   near_misses = [\"Zorblat deals of the week were cancelled.\"]\n";
        let body = "The council met on Monday to discuss the budget for the coming year.\n\
                    It agreed to keep every branch library open until the spring.\n";
        let cleaner = Cleaner::builder()
            .default_patterns(false)
            .pack("site", src)
            .build()
            .unwrap();
        assert_eq!(cleaner.rule_set().rules()[0].id(), "site/promo");
        let text = format!("{body}Zorblat deals of the week\n");
        assert_eq!(cleaner.clean_text(&text), body);
        let err = Cleaner::builder()
            .pack("site", "[[rule]]\nname = 1\n")
            .build()
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("<packs>/site.toml:2"), "{err}");
    }

    #[test]
    fn empty_and_blank_documents() {
        let c = Cleaner::new();
        assert_eq!(c.clean_text(""), "");
        assert_eq!(c.clean_text("\n \r\n\u{200B}\n"), "");
    }
}
