//! Pattern packs: rules as data, compiled into a [`RuleSet`].
//!
//! Built-in packs live in the repository's `patterns/` folder and are
//! embedded in the binary at build time. Users add or override packs from
//! folders at run time ([`RuleSet::add_dir`]). The file format, the rule
//! kinds and the precedence are documented in `patterns/README.md`.

pub(crate) mod analysis;
mod file;
mod nfa_code;
mod rule;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use whatlang::Lang;

use analysis::Analysis;
pub use analysis::{UNBOUNDED_REPEAT_BYTES, UNBOUNDED_SPACE_REPEATS};
use rule::EdgeBytes;
pub(crate) use rule::key_of_lower;
pub use rule::{
    BLOCK_MAX_ITEMS, CUT_CONFIRM_WITHIN, EDGE_LINES, LIST_MAX_ITEMS, LineMatcher, Pattern,
    Position, REGEX_SIZE_LIMIT, Rule, RuleKind, Step, phrase_key,
};

use crate::error::{Error, Result};
use file::{Kind, RuleDef, Where};

/// Bytes allowed after a phrase (spaces, a colon) by the length bound.
const PHRASE_SLACK: usize = 16;

/// Default `items` pattern of a block rule: list items.
pub const LIST_ITEM: &str = r"(?:[-–—•·*▪►●◦‣]|\d{1,2}[.)])\s+\S.*";

mod embedded {
    use super::analysis::{Analysis, ByteSet};

    include!(concat!(env!("OUT_DIR"), "/embedded_packs.rs"));

    /// The NFAs of the built-in patterns, one record each (see
    /// [`super::nfa_code::write_record`]).
    static NFAS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pack_nfas.bin"));

    /// What the build script learnt of one pattern of the built-in packs.
    pub(super) struct Known {
        max_len: usize,
        first: Option<ByteSet>,
        last: Option<ByteSet>,
        needles: Option<&'static [&'static str]>,
        /// Where its NFA starts in [`NFAS`].
        exact: Option<usize>,
        loose: LooseForm,
    }

    /// The loose form of a built-in pattern, compiled at build time.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub(crate) enum LooseForm {
        /// The pattern has no long bounded repetition: no loose form.
        Same,
        /// Where its NFA starts in [`NFAS`] (`None`: compiled on use).
        Nfa(Option<usize>),
    }

    /// The NFAs a built-in pattern was compiled to when rinse was built.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub(crate) struct Precompiled {
        /// The pattern as written (`None`: compiled on use).
        pub exact: Option<usize>,
        pub loose: LooseForm,
    }

    impl Known {
        fn analysis(&self) -> Analysis {
            Analysis {
                max_len: self.max_len,
                first: self.first,
                last: self.last,
                needles: self
                    .needles
                    .map(|n| n.iter().map(|s| s.to_string()).collect()),
            }
        }

        fn precompiled(&self) -> Precompiled {
            Precompiled {
                exact: self.exact,
                loose: self.loose,
            }
        }
    }

    /// What a pattern of the built-in packs tells, as worked out at
    /// build time by the same code ([`super::analysis`]), and where its
    /// NFAs are; `None` for any other pattern.
    pub(super) fn built_in(full: &str) -> Option<(Analysis, Precompiled)> {
        let i = ANALYSES.binary_search_by(|(p, _)| (*p).cmp(full)).ok()?;
        let k = &ANALYSES[i].1;
        Some((k.analysis(), k.precompiled()))
    }

    /// Every built-in pattern with where its NFAs are.
    #[cfg(test)]
    pub(super) fn all_nfas() -> impl Iterator<Item = (&'static str, Precompiled)> {
        ANALYSES.iter().map(|(full, k)| (*full, k.precompiled()))
    }

    /// The NFA that starts at `at` in [`NFAS`].
    pub(crate) fn nfa_at(at: usize) -> Result<regex_automata::nfa::thompson::NFA, String> {
        super::nfa_code::read_record(NFAS, at)
    }
}

pub(crate) use embedded::{LooseForm, Precompiled, nfa_at};

/// One pack as loaded: where it came from and what it says about itself.
#[derive(Debug, Clone)]
pub struct PackInfo {
    /// Pack name: the file name without `.toml`.
    pub name: String,
    /// Files that defined or extended the pack, in load order.
    pub origins: Vec<PathBuf>,
    /// The pack's own description.
    pub description: String,
}

/// A set of compiled rules from one or more packs.
///
/// Later packs extend earlier ones: a rule with the same qualified name
/// (`pack/rule`) replaces the earlier rule, and a pack's `disable` list
/// removes rules loaded before it.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    packs: Vec<PackInfo>,
}

impl RuleSet {
    /// An empty set: no rules.
    pub fn new() -> RuleSet {
        RuleSet::default()
    }

    /// The built-in packs of `patterns/`, embedded at build time.
    pub fn embedded() -> RuleSet {
        static SET: OnceLock<RuleSet> = OnceLock::new();
        SET.get_or_init(|| {
            use rayon::prelude::*;
            let compiled: Vec<_> = embedded::PACKS
                .par_iter()
                .map(|(file, source)| {
                    let origin = Path::new("<embedded>").join(file);
                    compile_pack(pack_name(&origin), &origin, source, true)
                        .map(|c| (origin, c))
                        .unwrap_or_else(|e| panic!("built-in pattern pack is broken: {e}"))
                })
                .collect();
            let mut set = RuleSet::new();
            for (origin, c) in compiled {
                set.merge(pack_name(&origin), &origin, c);
            }
            set
        })
        .clone()
    }

    /// The names and sources of the built-in packs.
    pub fn embedded_sources() -> &'static [(&'static str, &'static str)] {
        embedded::PACKS
    }

    /// Adds every `*.toml` pack of `dir` (not recursive), in file-name order.
    pub fn add_dir(&mut self, dir: &Path) -> Result<()> {
        let io = |source| Error::Io {
            path: dir.to_owned(),
            source,
        };
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let path = entry.map_err(io)?.path();
            if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
                files.push(path);
            }
        }
        files.sort();
        for path in files {
            let source = std::fs::read_to_string(&path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            self.add_pack(pack_name(&path), &path, &source)?;
        }
        Ok(())
    }

    /// Adds one pack from its TOML `source`. `name` is the pack name (the
    /// file stem); `origin` names the file in error messages.
    pub fn add_pack(&mut self, name: &str, origin: &Path, source: &str) -> Result<()> {
        self.load(name, origin, source, false)
    }

    /// Adds one pack; `lazy` compiles its regexes on first use.
    fn load(&mut self, name: &str, origin: &Path, source: &str, lazy: bool) -> Result<()> {
        let compiled = compile_pack(name, origin, source, lazy)?;
        self.merge(name, origin, compiled);
        Ok(())
    }

    /// Adds a compiled pack: its `disable` list, then its rules (replacing
    /// rules of the same name).
    fn merge(
        &mut self,
        name: &str,
        origin: &Path,
        (parsed, compiled): (file::PackFile, Vec<Rule>),
    ) {
        for id in &parsed.pack.disable {
            let id = id.get_ref();
            let id = if id.contains('/') {
                id.clone()
            } else {
                format!("{name}/{id}")
            };
            self.rules.retain(|r| *r.id != *id);
        }
        for rule in compiled {
            match self.rules.iter_mut().find(|r| r.id == rule.id) {
                Some(old) => *old = rule,
                None => self.rules.push(rule),
            }
        }
        match self.packs.iter_mut().find(|p| p.name == name) {
            Some(info) => {
                info.origins.push(origin.to_owned());
                if !parsed.pack.description.is_empty() {
                    info.description = parsed.pack.description;
                }
            }
            None => self.packs.push(PackInfo {
                name: name.to_owned(),
                origins: vec![origin.to_owned()],
                description: parsed.pack.description,
            }),
        }
    }

    /// Removes the rule with this full name (`pack/rule`); false if absent.
    pub fn remove(&mut self, id: &str) -> bool {
        let before = self.rules.len();
        self.rules.retain(|r| &*r.id != id);
        self.rules.len() != before
    }

    /// The rules, in load order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The packs, in load order.
    pub fn packs(&self) -> &[PackInfo] {
        &self.packs
    }
}

/// Parses and compiles one pack on its own (packs compile in parallel).
fn compile_pack(
    name: &str,
    origin: &Path,
    source: &str,
    lazy: bool,
) -> Result<(file::PackFile, Vec<Rule>)> {
    let parsed = file::parse(origin, source)?;
    let ctx = Ctx {
        origin,
        lazy,
        breaks: memchr::memchr_iter(b'\n', source.as_bytes()).collect(),
    };
    let pack: Arc<str> = Arc::from(name);
    let pack_langs = match &parsed.pack.languages {
        Some(list) => ctx.languages(list)?,
        None => match Lang::from_code(name) {
            Some(lang) => Some(vec![lang]),
            None => {
                return Err(ctx.error(
                    0,
                    format!(
                        "pack `{name}` is not named after a language code, so it must say \
                         which languages it applies to in its [pack] table: \
                         languages = [\"*\"] for all, or codes such as [\"eng\", \"urd\"]"
                    ),
                ));
            }
        },
    };
    let mut compiled: Vec<Rule> = Vec::with_capacity(parsed.rules.len());
    // Rule names seen so far, with the line of each.
    let mut lines: HashMap<Arc<str>, usize> = HashMap::with_capacity(parsed.rules.len());
    for def in &parsed.rules {
        let rule = ctx.rule(&pack, &pack_langs, def.get_ref(), def.span().start)?;
        if let Some(first) = lines.insert(rule.id.clone(), rule.line) {
            return Err(ctx.error(
                def.get_ref().name.span().start,
                format!(
                    "duplicate rule name `{}` (first defined at line {first})",
                    def.get_ref().name.get_ref(),
                ),
            ));
        }
        compiled.push(rule);
    }
    Ok((parsed, compiled))
}

/// An example or near-miss that its rule gets wrong.
#[derive(Debug, Clone)]
pub struct ExampleFailure {
    /// Qualified rule name.
    pub rule: String,
    /// File of the rule.
    pub origin: PathBuf,
    /// Line of the rule in that file.
    pub line: usize,
    /// The example text.
    pub text: String,
    /// True for an example (must be removed), false for a near-miss.
    pub expected_removed: bool,
    /// Which of the example's lines the rule removed.
    pub removed: Vec<bool>,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = if self.expected_removed {
            "example not removed entirely"
        } else {
            "near-miss touched"
        };
        writeln!(
            f,
            "{}:{}: rule `{}`: {what}:",
            self.origin.display(),
            self.line,
            self.rule
        )?;
        let lines = crate::normalize::lines(&self.text);
        for (line, removed) in lines.iter().zip(&self.removed) {
            writeln!(
                f,
                "    {} {}",
                if *removed { "drop" } else { "keep" },
                line.text
            )?;
        }
        Ok(())
    }
}

/// Pack name of a file: its stem.
fn pack_name(path: &Path) -> &str {
    path.file_stem().and_then(|s| s.to_str()).unwrap_or("pack")
}

/// Compilation context: the file being compiled, for error messages.
struct Ctx<'a> {
    origin: &'a Path,
    /// Compile regexes on first use (built-in packs) instead of now.
    lazy: bool,
    /// Offsets of the line breaks of `source`, to number lines.
    breaks: Vec<usize>,
}

impl Ctx<'_> {
    fn error(&self, at: usize, message: String) -> Error {
        Error::Pack {
            origin: self.origin.to_owned(),
            line: self.line(at),
            message,
        }
    }

    /// Line number of byte offset `at` of the source (as [`file::line_of`]).
    fn line(&self, at: usize) -> usize {
        self.breaks.partition_point(|&b| b < at) + 1
    }

    fn languages(&self, list: &toml::Spanned<Vec<String>>) -> Result<Option<Vec<Lang>>> {
        let at = list.span().start;
        let codes = list.get_ref();
        if codes.iter().any(|c| c == "*") {
            return if codes.len() == 1 {
                Ok(None)
            } else {
                Err(self.error(at, "languages: \"*\" cannot be combined with codes".into()))
            };
        }
        if codes.is_empty() {
            return Err(self.error(at, "languages: empty list (use [\"*\"] for all)".into()));
        }
        codes
            .iter()
            .map(|c| {
                Lang::from_code(c.as_str()).ok_or_else(|| {
                    self.error(
                        at,
                        format!(
                            "languages: unknown code `{c}` (use ISO 639-3 codes as whatlang \
                             names them, e.g. eng, urd, cmn, pes, nob)"
                        ),
                    )
                })
            })
            .collect::<Result<Vec<_>>>()
            .map(Some)
    }

    /// `pattern` as a whole-line regex, and what its syntax tells.
    fn regex(&self, pattern: &toml::Spanned<String>, field: &str) -> Result<(Pattern, Analysis)> {
        self.build(
            format!("^(?:{})$", pattern.get_ref()),
            pattern.span().start,
            field,
        )
    }

    fn build(&self, full: String, at: usize, field: &str) -> Result<(Pattern, Analysis)> {
        if self.lazy
            && let Some((known, pre)) = embedded::built_in(&full)
        {
            // A built-in pattern, parsed, analysed and compiled when rinse
            // was built.
            return Ok((Pattern::lazy(full, Some(pre)), known));
        }
        let invalid =
            |e: &dyn std::fmt::Display| self.error(at, format!("invalid regex in `{field}`: {e}"));
        let hir = regex_syntax::Parser::new()
            .parse(&full)
            .map_err(|e| invalid(&e))?;
        let analysis = analysis::analyze(&hir);
        let pattern = if self.lazy {
            Pattern::lazy(full, None)
        } else {
            Pattern::compiled(full, &hir).map_err(|e| invalid(&e))?
        };
        Ok((pattern, analysis))
    }

    /// The anchor of a rule or step: `match`, `phrases`, or both.
    fn line_matcher(
        &self,
        pattern: Option<&toml::Spanned<String>>,
        phrases: &[toml::Spanned<String>],
        at: usize,
        what: &str,
    ) -> Result<LineMatcher> {
        if pattern.is_none() && phrases.is_empty() {
            return Err(self.error(at, format!("{what} needs `match` or `phrases`")));
        }
        let (regex, analysis) = match pattern {
            Some(p) => {
                let (re, analysis) = self.regex(p, "match")?;
                (Some(re), Some(analysis))
            }
            None => (None, None),
        };
        let mut set = HashSet::with_capacity_and_hasher(phrases.len(), Default::default());
        for p in phrases {
            let key = phrase_key(&crate::normalize::normalize_line(p.get_ref()));
            if key.is_empty() {
                return Err(self.error(p.span().start, "phrases: empty phrase".into()));
            }
            set.insert(key);
        }
        // Bound the line length that can match: lower-casing may grow a
        // phrase (up to three bytes per character), and a colon and spaces
        // may follow it.
        let phrase_max = set
            .iter()
            .map(|k| 3 * k.len() + PHRASE_SLACK)
            .max()
            .unwrap_or(0);
        let regex_max = analysis.as_ref().map_or(0, |a| a.max_len);
        let max_len = regex_max.max(phrase_max);
        let (edge_bytes, needles) = match analysis {
            Some(Analysis {
                first,
                last,
                needles,
                ..
            }) => (
                (first.is_some() || last.is_some()).then(|| Arc::new(EdgeBytes { first, last })),
                needles,
            ),
            None => (None, None),
        };
        Ok(LineMatcher {
            phrases: Arc::new(set),
            regex,
            max_len,
            phrase_max,
            edge_bytes,
            needles,
        })
    }

    fn rule(
        &self,
        pack: &Arc<str>,
        pack_langs: &Option<Vec<Lang>>,
        def: &RuleDef,
        at: usize,
    ) -> Result<Rule> {
        let name = def.name.get_ref();
        let name_at = def.name.span().start;
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            return Err(self.error(
                name_at,
                format!("rule name `{name}`: use ASCII letters, digits, `-`, `_` or `.`"),
            ));
        }
        let misplaced = |field: &str, present: bool, kind: &str| -> Result<()> {
            if present {
                Err(self.error(
                    at,
                    format!("rule `{name}`: `{field}` is only for kind = \"{kind}\""),
                ))
            } else {
                Ok(())
            }
        };
        if def.kind != Kind::Block {
            misplaced("items", def.items.is_some(), "block")?;
        }
        if !matches!(def.kind, Kind::Block | Kind::List) {
            misplaced("min_items", def.min_items.is_some(), "block\" or \"list")?;
            misplaced("max_items", def.max_items.is_some(), "block\" or \"list")?;
        }
        if def.kind != Kind::Cut {
            misplaced("confirm", def.confirm.is_some(), "cut")?;
            misplaced("confirm_within", def.confirm_within.is_some(), "cut")?;
        }
        if def.kind != Kind::Sequence {
            misplaced("steps", !def.steps.is_empty(), "sequence")?;
            misplaced("min_lines", def.min_lines.is_some(), "sequence")?;
        }
        let within = def.within.as_ref().map(|w| *w.get_ref());
        let position = match (def.position, within) {
            (Where::Anywhere, Some(_)) => {
                return Err(self.error(
                    def.within.as_ref().map_or(at, |w| w.span().start),
                    format!("rule `{name}`: `within` needs where = \"head\" or \"tail\""),
                ));
            }
            (Where::Anywhere, None) => Position::Anywhere,
            (Where::Head, w) => Position::Head(w.unwrap_or(EDGE_LINES)),
            (Where::Tail, w) => Position::Tail(w.unwrap_or(EDGE_LINES)),
        };
        let anchor = self.line_matcher(
            def.pattern.as_ref(),
            &def.phrases,
            at,
            &format!("rule `{name}`"),
        )?;
        let kind = match def.kind {
            Kind::Line => RuleKind::Line,
            Kind::Block => RuleKind::Block {
                items: match &def.items {
                    Some(p) => self.regex(p, "items")?.0,
                    None => self.build(format!("^(?:{LIST_ITEM})$"), at, "items")?.0,
                },
                min_items: def.min_items.unwrap_or(1).max(1),
                max_items: def.max_items.unwrap_or(BLOCK_MAX_ITEMS),
            },
            Kind::List => RuleKind::List {
                min_items: def.min_items.unwrap_or(1).max(1),
                max_items: def.max_items.unwrap_or(LIST_MAX_ITEMS),
            },
            Kind::Cut => RuleKind::Cut {
                confirm: match &def.confirm {
                    Some(p) => self.regex(p, "confirm")?.0,
                    None => {
                        return Err(self.error(
                            at,
                            format!(
                                "rule `{name}`: a cut rule needs `confirm`, the pattern of a line \
                                 that must follow the marker (cutting to the end on a marker \
                                 alone could remove article text)"
                            ),
                        ));
                    }
                },
                within: def.confirm_within.unwrap_or(CUT_CONFIRM_WITHIN).max(1),
            },
            Kind::Sequence => {
                if def.steps.is_empty() {
                    return Err(self.error(at, format!("rule `{name}`: a sequence needs `steps`")));
                }
                let steps = def
                    .steps
                    .iter()
                    .map(|s| {
                        let st = s.get_ref();
                        Ok(Step {
                            pattern: self.line_matcher(
                                st.pattern.as_ref(),
                                &st.phrases,
                                s.span().start,
                                &format!("a step of rule `{name}`"),
                            )?,
                            optional: st.optional,
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                let required = 1 + steps.iter().filter(|s| !s.optional).count();
                RuleKind::Sequence {
                    steps,
                    min_lines: def.min_lines.unwrap_or(required.max(2)),
                }
            }
        };
        if def.examples.is_empty() || def.near_misses.is_empty() {
            return Err(self.error(
                at,
                format!(
                    "rule `{name}` needs at least one entry in `examples` (residue it removes) \
                     and one in `near_misses` (similar text it must keep)"
                ),
            ));
        }
        let languages = match &def.languages {
            Some(list) => self.languages(list)?,
            None => pack_langs.clone(),
        };
        Ok(Rule {
            id: Arc::from(format!("{pack}/{name}")),
            pack: pack.clone(),
            kind,
            position,
            languages,
            anchor,
            note: def.note.trim().to_owned(),
            examples: def.examples.iter().map(|e| e.get_ref().clone()).collect(),
            near_misses: def
                .near_misses
                .iter()
                .map(|e| e.get_ref().clone())
                .collect(),
            origin: self.origin.to_owned(),
            line: self.line(at),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(src: &str) -> Result<RuleSet> {
        let mut set = RuleSet::new();
        set.add_pack("eng", Path::new("p/eng.toml"), src)?;
        Ok(set)
    }

    fn err(src: &str) -> String {
        load(src).unwrap_err().to_string()
    }

    const OK: &str = r#"
[[rule]]
name = "a"
match = 'Share this'
examples = ["Share this"]
near_misses = ["Share this with care."]
"#;

    #[test]
    fn embedded_packs_load_and_their_examples_pass() {
        let set = RuleSet::embedded();
        assert!(!set.rules().is_empty());
        let failures = set.check_examples();
        assert!(
            failures.is_empty(),
            "{}",
            failures.iter().map(|f| f.to_string()).collect::<String>()
        );
    }

    /// Every pattern of a rule: anchor, steps, items, confirmation.
    fn patterns(rule: &Rule) -> Vec<&Pattern> {
        let mut out: Vec<&Pattern> = rule.anchor.regex.iter().collect();
        match &rule.kind {
            RuleKind::Block { items, .. } => out.push(items),
            RuleKind::Cut { confirm, .. } => out.push(confirm),
            RuleKind::Sequence { steps, .. } => {
                out.extend(steps.iter().filter_map(|s| s.pattern.regex.as_ref()))
            }
            RuleKind::Line | RuleKind::List { .. } => {}
        }
        out
    }

    #[test]
    fn embedded_patterns_compile() {
        // Built-in patterns are compiled on first use: this is the check
        // that none of them can fail then.
        let set = RuleSet::embedded();
        let mut n = 0;
        for rule in set.rules() {
            for p in patterns(rule) {
                if let Err(e) = rule::compile(p.as_str()) {
                    panic!("{}: {e}", rule.id());
                }
                n += 1;
            }
        }
        assert!(n > 100, "{n}");
    }

    #[test]
    fn embedded_nfas_are_the_compiled_ones() {
        // Every NFA the build script embedded is rebuilt, state for state,
        // into the NFA that compiling its pattern gives now.
        let (mut rebuilt, mut loose) = (0, 0);
        for (full, pre) in embedded::all_nfas() {
            let hir = regex_syntax::Parser::new().parse(full).unwrap();
            let same = |at: usize, hir: &regex_syntax::hir::Hir| {
                let nfa = nfa_at(at).unwrap_or_else(|e| panic!("{full}: {e}"));
                let compiled = nfa_code::compile(hir).unwrap();
                assert_eq!(format!("{nfa:?}"), format!("{compiled:?}"), "{full}");
            };
            let loosened = nfa_code::loosen(&hir);
            same(
                pre.exact.unwrap_or_else(|| panic!("{full}: not embedded")),
                &hir,
            );
            match pre.loose {
                LooseForm::Same => assert_eq!(loosened, hir, "{full}"),
                LooseForm::Nfa(at) => {
                    assert_ne!(loosened, hir, "{full}");
                    same(
                        at.unwrap_or_else(|| panic!("{full}: not embedded")),
                        &loosened,
                    );
                    loose += 1;
                }
            }
            rebuilt += 1;
        }
        assert!(rebuilt > 200 && loose > 20, "{rebuilt} {loose}");
        // A record, plain or deflated, cut short is an error, not a panic.
        // (The pattern's copies of `.` make state references both ways.)
        let hir = regex_syntax::Parser::new()
            .parse("^(?:ab|c.{2,5}d)$")
            .unwrap();
        let nfa = nfa_code::compile(&hir).unwrap();
        for deflate in [false, true] {
            let mut bytes = Vec::new();
            assert!(nfa_code::write_record(&nfa, deflate, &mut bytes));
            for cut in 0..bytes.len() {
                assert!(nfa_code::read_record(&bytes[..cut], 0).is_err());
            }
            let back = nfa_code::read_record(&bytes, 0).unwrap();
            assert_eq!(format!("{back:?}"), format!("{nfa:?}"));
        }
    }

    #[test]
    fn edge_bytes_and_length_bounds_never_miss_a_match() {
        // The first/last-byte tables and the length bound let the engine
        // skip a regex only when it cannot match.
        let set = RuleSet::embedded();
        let mut checked = 0;
        for rule in set.rules() {
            let m = &rule.anchor;
            let Some(re) = &m.regex else { continue };
            for t in rule.examples().iter().chain(rule.near_misses()) {
                for line in crate::normalize::lines(t) {
                    if re.is_match(&line.text) {
                        assert!(
                            line.text.len() <= m.max_len,
                            "{}: length bound on {:?}",
                            rule.id(),
                            line.text
                        );
                        assert!(
                            m.edge_bytes.as_ref().is_none_or(|e| e.admits(&line.text)),
                            "{}: edge bytes on {:?}",
                            rule.id(),
                            line.text
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 200, "{checked}");
    }

    #[test]
    fn build_time_analyses_are_what_the_loader_would_find() {
        // Every regex of the built-in packs was analysed by the build
        // script; the table must hold exactly what the loader computes.
        let mut patterns = 0;
        for (_, source) in embedded::PACKS {
            let table: toml::Table = source.parse().expect("built-in pack parses");
            let mut stack = vec![toml::Value::Table(table)];
            while let Some(v) = stack.pop() {
                match v {
                    toml::Value::Table(t) => {
                        for (k, v) in t {
                            match (k.as_str(), v) {
                                ("match" | "items" | "confirm", toml::Value::String(p)) => {
                                    let full = format!("^(?:{p})$");
                                    let hir = regex_syntax::Parser::new().parse(&full).unwrap();
                                    let (known, _) = embedded::built_in(&full)
                                        .unwrap_or_else(|| panic!("not in the table: {full}"));
                                    assert_eq!(known, analysis::analyze(&hir), "{full}");
                                    patterns += 1;
                                }
                                (_, v) => stack.push(v),
                            }
                        }
                    }
                    toml::Value::Array(items) => stack.extend(items),
                    _ => {}
                }
            }
        }
        assert!(patterns > 200, "{patterns}");
        assert!(embedded::built_in("^(?:not a built-in pattern)$").is_none());
    }

    #[test]
    fn necessary_literals_never_miss_a_match() {
        // Every line an anchor regex matches contains one of its literals:
        // the Aho-Corasick prefilter of the rule engine may skip a regex only
        // when it cannot match.
        let set = RuleSet::embedded();
        let lines: Vec<String> = set
            .rules()
            .iter()
            .flat_map(|r| r.examples().iter().chain(r.near_misses()))
            .flat_map(|t| {
                crate::normalize::lines(t)
                    .into_iter()
                    .map(|l| l.text.into_owned())
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut checked = 0;
        for rule in set.rules() {
            let (Some(re), Some(needles)) = (&rule.anchor.regex, &rule.anchor.needles) else {
                continue;
            };
            for line in &lines {
                if re.is_match(line) {
                    let lower: String = line.chars().flat_map(char::to_lowercase).collect();
                    assert!(
                        needles.iter().any(|n| lower.contains(n.as_str())),
                        "{} on {line:?}: {needles:?}",
                        rule.id()
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 200, "{checked}");
    }

    #[test]
    fn a_valid_pack_loads() {
        let set = load(OK).unwrap();
        assert_eq!(set.rules()[0].id(), "eng/a");
        assert_eq!(set.rules()[0].languages(), Some(&[Lang::Eng][..]));
    }

    #[test]
    fn toml_errors_name_file_and_line() {
        assert!(err("[[rule]]\nname = \"a\"\nmatch = 'x\n").starts_with("p/eng.toml:3:"));
        let e = err("[[rule]]\nname = \"a\"\nwhatever = 1\n");
        assert!(
            e.starts_with("p/eng.toml:3:") && e.contains("whatever"),
            "{e}"
        );
    }

    #[test]
    fn lines_are_numbered_as_line_of_does() {
        let source = "a\n\nbc\n[rule]\nname = \"x\"\n\n";
        let ctx = Ctx {
            origin: Path::new("x.toml"),
            lazy: true,
            breaks: memchr::memchr_iter(b'\n', source.as_bytes()).collect(),
        };
        for at in 0..=source.len() + 1 {
            assert_eq!(ctx.line(at), file::line_of(source, at), "offset {at}");
        }
    }

    #[test]
    fn bad_regex_names_the_line_of_the_pattern() {
        let e = err(
            "[[rule]]\nname = \"a\"\n\nmatch = '(unclosed'\nexamples=['x']\nnear_misses=['y']\n",
        );
        assert!(
            e.starts_with("p/eng.toml:4: invalid regex in `match`"),
            "{e}"
        );
    }

    #[test]
    fn oversized_regex_is_rejected() {
        let e = err(
            "[[rule]]\nname = \"a\"\nmatch = '(?:\\w{100}){100}'\nexamples=['x']\nnear_misses=['y']\n",
        );
        assert!(
            e.contains("invalid regex") && e.contains("size limit"),
            "{e}"
        );
    }

    #[test]
    fn duplicate_names_are_errors() {
        let e = err(&format!("{OK}\n{OK}"));
        assert!(
            e.starts_with("p/eng.toml:10:") && e.contains("duplicate rule name `a`"),
            "{e}"
        );
    }

    #[test]
    fn rules_need_examples_and_near_misses() {
        let e = err("[[rule]]\nname = \"a\"\nmatch = 'x'\nexamples = ['x']\n");
        assert!(e.contains("near_misses"), "{e}");
    }

    #[test]
    fn cut_rules_need_a_confirmation() {
        let e =
            err("[[rule]]\nname='a'\nkind='cut'\nmatch='x'\nexamples=['x']\nnear_misses=['y']\n");
        assert!(e.contains("needs `confirm`"), "{e}");
    }

    #[test]
    fn fields_of_another_kind_are_errors() {
        let e =
            err("[[rule]]\nname='a'\nmatch='x'\nconfirm='y'\nexamples=['x']\nnear_misses=['y']\n");
        assert!(e.contains("`confirm` is only for kind = \"cut\""), "{e}");
    }

    #[test]
    fn packs_not_named_after_a_language_must_declare_languages() {
        let mut set = RuleSet::new();
        let e = set
            .add_pack("wires", Path::new("wires.toml"), OK)
            .unwrap_err()
            .to_string();
        assert!(e.contains("languages = [\"*\"]"), "{e}");
        let bad = format!("[pack]\nlanguages = [\"xx\"]\n{OK}");
        let e = set
            .add_pack("wires", Path::new("wires.toml"), &bad)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("wires.toml:2:") && e.contains("unknown code `xx`"),
            "{e}"
        );
    }

    #[test]
    fn later_packs_override_and_disable() {
        let mut set = load(OK).unwrap();
        let over = OK.replace("Share this'", "Share this now'").replace(
            "examples = [\"Share this\"]",
            "examples = [\"Share this now\"]",
        );
        set.add_pack("eng", Path::new("user/eng.toml"), &over)
            .unwrap();
        assert_eq!(set.rules().len(), 1);
        assert_eq!(set.rules()[0].origin().0, Path::new("user/eng.toml"));
        set.add_pack(
            "off",
            Path::new("user/off.toml"),
            "[pack]\nlanguages=['*']\ndisable=['eng/a']\n",
        )
        .unwrap();
        assert!(set.rules().is_empty());
    }

    #[test]
    fn phrases_match_whole_lines_case_insensitively_with_optional_colon() {
        let set = load(
            "[[rule]]\nname='a'\nphrases=['No comments', 'Post a Comment']\nexamples=['x']\nnear_misses=['y']\n",
        )
        .unwrap();
        let re = &set.rules()[0].anchor;
        assert!(re.is_match("No comments:"));
        assert!(re.is_match("post a comment"));
        assert!(!re.is_match("No comments on the report were made."));
    }
}
