//! The [`Cleaner`]: rules and signals applied to one document.

use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;
use whatlang::Lang;

use crate::corpus::CorpusModel;
use crate::engine::{LineView, RuleIndex, RuleList, run_rules};
use crate::error::{Error, Result};
use crate::lang::{self, DocLang, LineLang};
use crate::normalize;
use crate::packs::{Rule, RuleSet};
use crate::script::ScriptCounts;
use crate::signals::{self, Features, Shape, Signal};

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
    /// The normalized text of the line.
    pub text: Cow<'a, str>,
    /// Its language or script.
    pub lang: LineLang,
    /// `None` when kept; otherwise what removed it.
    pub removal: Option<Removal>,
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
    language: DocLang,
    lines: Vec<LineReport<'a>>,
}

impl<'a> Cleaned<'a> {
    /// The clean body: kept lines, each followed by `\n`.
    pub fn text(&self) -> String {
        let mut out = String::with_capacity(self.lines.iter().map(|l| l.text.len() + 1).sum());
        for line in self.lines.iter().filter(|l| l.kept()) {
            out.push_str(&line.text);
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

    /// The removed lines.
    pub fn removed(&self) -> impl Iterator<Item = &LineReport<'a>> {
        self.lines.iter().filter(|l| !l.kept())
    }
}

/// Builds a [`Cleaner`]: which packs, which signals.
#[derive(Debug, Clone)]
pub struct CleanerBuilder {
    default_patterns: bool,
    dirs: Vec<PathBuf>,
    packs: Vec<(String, String)>,
    rules: Option<RuleSet>,
    disabled: Vec<String>,
    signals: Vec<(Signal, bool)>,
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
        let mut rules: Vec<Rule> = set.rules().to_vec();
        rules.sort_by_key(|r| r.kind().rank());
        let mut any_lang = Vec::new();
        let mut by_lang: FxHashMap<Lang, Vec<usize>> = FxHashMap::default();
        for (k, rule) in rules.iter().enumerate() {
            match rule.languages() {
                None => any_lang.push(k),
                Some(langs) => {
                    for &l in langs {
                        by_lang.entry(l).or_default().push(k);
                    }
                }
            }
        }
        Ok(Cleaner {
            inner: Arc::new(Inner {
                set,
                rules,
                any_lang,
                by_lang,
                index: Default::default(),
                lists: Default::default(),
                signals,
            }),
            corpus: None,
        })
    }
}

#[derive(Debug)]
struct Inner {
    set: RuleSet,
    /// The rules in evaluation order.
    rules: Vec<Rule>,
    /// Rules for every language (indices into `rules`, in order).
    any_lang: Vec<usize>,
    /// Rules for each language (indices into `rules`, in order).
    by_lang: FxHashMap<Lang, Vec<usize>>,
    /// All rules indexed, built on first use.
    index: std::sync::OnceLock<Arc<RuleIndex>>,
    /// Rule lists by set of languages, built on first use.
    lists: std::sync::RwLock<FxHashMap<Vec<Lang>, Arc<RuleList>>>,
    /// The signals turned on.
    signals: Vec<Signal>,
}

impl Inner {
    /// The rules of the languages `langs` (sorted, deduplicated), indexed;
    /// built once per set of languages and shared.
    fn rules_for(&self, langs: &[Lang]) -> Arc<RuleList> {
        if let Some(list) = self.lists.read().expect("lists lock").get(langs) {
            return list.clone();
        }
        let mut ids = self.any_lang.clone();
        for l in langs {
            if let Some(list) = self.by_lang.get(l) {
                ids.extend_from_slice(list);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        let index = self
            .index
            .get_or_init(|| Arc::new(RuleIndex::new(&self.rules)))
            .clone();
        let list = Arc::new(RuleList::new(index, &self.rules, &ids));
        self.lists
            .write()
            .expect("lists lock")
            .insert(langs.to_vec(), list.clone());
        list
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
        let lines = normalize::lines(text);
        let (shapes, counts): (Vec<Shape>, Vec<ScriptCounts>) =
            lines.iter().map(|l| Shape::scan(&l.text)).unzip();
        let mut removal: Vec<Option<Removal>> = vec![None; lines.len()];
        let mut labels: Vec<LineLang> = Vec::new();
        let mut feats: Vec<Features> = Vec::new();
        let mut labelled_for: Option<(Option<Lang>, Option<whatlang::Script>, u64)> = None;
        let mut memo = lang::DocMemo::default();
        // The rules of each line, by its candidate languages: a few distinct
        // lists per document.
        let mut lists: Vec<Arc<RuleList>> = Vec::new();
        let mut line_list: Vec<usize> = Vec::new();
        let rules: Vec<&Rule> = self.inner.rules.iter().collect();
        let on = |s: Signal| self.inner.signals.contains(&s);
        // Once a round finds the text is a whole page, later rounds treat it
        // as one too.
        let page = std::cell::Cell::new(false);
        // What the rules learn of a line (its lower case, the literals it
        // holds) is kept from round to round.
        let views: Vec<LineView> = lines
            .iter()
            .zip(&shapes)
            .map(|(l, shape)| match shape.changes_case {
                true => LineView::new(&l.text),
                false => LineView::caseless(&l.text),
            })
            .collect();
        let mut doc;
        let mut first_round = true;
        loop {
            let alive: Vec<usize> = (0..lines.len()).filter(|&k| removal[k].is_none()).collect();
            let texts: Vec<&str> = alive.iter().map(|&k| lines[k].text.as_ref()).collect();
            let pairs: Vec<(&str, &ScriptCounts)> = alive
                .iter()
                .map(|&k| (lines[k].text.as_ref(), &counts[k]))
                .collect();
            doc = lang::detect_document(&pairs, &mut memo);
            let label_key = (doc.lang, doc.script, doc.confidence.to_bits());
            let relabelled = labelled_for != Some(label_key);
            if relabelled {
                let mut stops = Vec::with_capacity(lines.len());
                labels = lines
                    .iter()
                    .zip(&counts)
                    .map(|(l, c)| {
                        let mut stop = None;
                        let label = lang::label_line_counted(&l.text, c, &doc, &mut stop);
                        stops.push(stop);
                        label
                    })
                    .collect();
                feats = lines
                    .iter()
                    .zip(&shapes)
                    .zip(&labels)
                    .zip(stops)
                    .map(|(((l, shape), lang), stop)| {
                        Features::of_shape(&l.text, shape, lang.lang.or(doc.lang), stop)
                    })
                    .collect();
                lists.clear();
                let mut list_of: FxHashMap<Vec<Lang>, usize> = FxHashMap::default();
                let mut buf = Vec::new();
                line_list = labels
                    .iter()
                    .map(|label| {
                        candidate_langs(label, &doc, &mut buf);
                        buf.sort_unstable_by_key(|l| *l as usize);
                        buf.dedup();
                        if let Some(&k) = list_of.get(&buf) {
                            return k;
                        }
                        lists.push(self.inner.rules_for(&buf));
                        list_of.insert(buf.clone(), lists.len() - 1);
                        lists.len() - 1
                    })
                    .collect();
                labelled_for = Some(label_key);
            }
            let alive_labels: Vec<&LineLang> = alive.iter().map(|&k| &labels[k]).collect();
            // After the first round, a one-line rule that may fire anywhere has
            // already been tried on every line still kept, with the same
            // languages: trying it again cannot match.
            let retry_anywhere = first_round || relabelled;
            first_round = false;
            let alive_views: Vec<&LineView> = alive.iter().map(|&k| &views[k]).collect();
            let claims = run_rules(
                &alive_views,
                &rules,
                |i| &*lists[line_list[alive[i]]],
                |k| !retry_anywhere && rules[k].is_line_anywhere(),
            );
            let mut removed_now = vec![false; alive.len()];
            for (range, k) in claims {
                for i in range {
                    removed_now[i] = true;
                    removal[alive[i]] = Some(Removal::Rule {
                        rule: rules[k].id.clone(),
                        pack: rules[k].pack.clone(),
                    });
                }
            }
            // Signals see the lines the rules kept, one signal family at a time.
            let mut signal = |found: Finder| {
                let rest: Vec<usize> = (0..alive.len()).filter(|&i| !removed_now[i]).collect();
                for (j, s) in found(&rest) {
                    if on(s) {
                        removed_now[rest[j]] = true;
                        removal[alive[rest[j]]] = Some(Removal::Signal(s));
                    }
                }
            };
            if let Some(model) = self
                .corpus
                .as_deref()
                .filter(|_| on(Signal::CorpusTemplate))
            {
                signal(&|rest| {
                    let t: Vec<&str> = rest.iter().map(|&i| texts[i]).collect();
                    let span = crate::corpus::prose_span(&t);
                    let at_edge = |j: usize| span.is_none_or(|(a, b)| j < a || j > b);
                    (0..t.len())
                        .filter(|&j| at_edge(j) && model.template(t[j]).is_some())
                        .map(|j| (j, Signal::CorpusTemplate))
                        .collect()
                });
            }
            if on(Signal::LanguageSwitch) {
                signal(&|rest| {
                    let t: Vec<&str> = rest.iter().map(|&i| texts[i]).collect();
                    let l: Vec<&LineLang> = rest.iter().map(|&i| alive_labels[i]).collect();
                    signals::language_switch(&t, &l, &doc)
                        .into_iter()
                        .map(|j| (j, Signal::LanguageSwitch))
                        .collect()
                });
            }
            let layout_on = Signal::ALL
                .iter()
                .any(|&s| on(s) && !matches!(s, Signal::LanguageSwitch | Signal::CorpusTemplate));
            if layout_on {
                signal(&|rest| {
                    let t: Vec<&str> = rest.iter().map(|&i| texts[i]).collect();
                    let f: Vec<&Features> = rest.iter().map(|&i| &feats[alive[i]]).collect();
                    let layout = signals::page_structure(&t, &f, page.get());
                    page.set(layout.page);
                    layout.drops
                });
            }
            if !removed_now.contains(&true) {
                break;
            }
        }
        let lines = lines
            .into_iter()
            .zip(removal)
            .zip(labels)
            .map(|((line, removal), lang)| LineReport {
                number: line.number,
                span: line.span,
                text: line.text,
                lang,
                removal,
            })
            .collect();
        Cleaned {
            language: doc,
            lines,
        }
    }

    /// Cleans one document and returns the clean body only.
    pub fn clean_text(&self, text: &str) -> String {
        self.clean(text).text()
    }
}

/// A signal family run on the lines still kept: their indices among the
/// round's lines in, the lines to remove out.
type Finder<'a> = &'a dyn Fn(&[usize]) -> Vec<(usize, Signal)>;

/// The languages whose rules apply to a line: the document's and the line's
/// own; where either label is unreliable, every language of its script.
fn candidate_langs(line: &LineLang, doc: &DocLang, out: &mut Vec<Lang>) {
    out.clear();
    match doc.lang {
        Some(l) if doc.is_reliable() => out.push(l),
        _ => {
            if let Some(script) = doc.script {
                out.extend_from_slice(script.langs());
            }
        }
    }
    match line.lang {
        Some(l) if line.reliable => out.push(l),
        _ if line.foreign_script => {
            if let Some(script) = line.script {
                out.extend_from_slice(script.langs());
            }
        }
        _ => {}
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
