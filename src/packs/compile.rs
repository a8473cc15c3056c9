//! The pack compiler: a parsed TOML pack to its rules, with every error
//! named by file, line and field.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use whatlang::Lang;

use super::analysis::{self, Analysis};
use super::file::{self, Kind, RuleDef, Where};
use super::rule::{
    BLOCK_MAX_ITEMS, ByteFilter, CUT_CONFIRM_WITHIN, EDGE_LINES, LIST_MAX_ITEMS, LineMatcher,
    Pattern, Position, Rule, RuleDocs, RuleKind, Step, phrase_key,
};
use super::{LIST_ITEM, embedded};
use crate::error::{Error, Result};

/// Bytes allowed after a phrase (spaces, a colon) by the length bound.
const PHRASE_SLACK: usize = 16;

/// Parses and compiles one pack on its own (packs compile in parallel);
/// `built_in` for a built-in pack's lean source (see [`Ctx::built_in`]).
pub(super) fn compile_pack(
    name: &str,
    origin: &Path,
    source: &str,
    built_in: bool,
) -> Result<(file::PackFile, Vec<Rule>)> {
    let parsed = file::parse(origin, source)?;
    let ctx = Ctx {
        origin,
        built_in,
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

/// Compilation context: the file being compiled, for error messages.
pub(super) struct Ctx<'a> {
    pub(super) origin: &'a Path,
    /// A built-in pack, from its lean source (see `build.rs`): its regexes
    /// compile on first use instead of now, and its rules' notes and
    /// examples are read from the full source when asked for (see
    /// [`Rule::docs`]).
    pub(super) built_in: bool,
    /// Offsets of the line breaks of `source`, to number lines.
    pub(super) breaks: Vec<usize>,
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
    pub(super) fn line(&self, at: usize) -> usize {
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
        if self.built_in
            && let Some((source, known, pre)) = embedded::built_in(&full)
        {
            // A built-in pattern, parsed, analysed and compiled when rinse
            // was built.
            return Ok((Pattern::lazy(source.into(), Some(pre)), known));
        }
        let invalid =
            |e: &dyn std::fmt::Display| self.error(at, format!("invalid regex in `{field}`: {e}"));
        let hir = regex_syntax::Parser::new()
            .parse(&full)
            .map_err(|e| invalid(&e))?;
        let analysis = analysis::analyze(&hir);
        let pattern = if self.built_in {
            Pattern::lazy(full.into(), None)
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
        let (bytes, needles) = match analysis {
            Some(Analysis {
                first,
                last,
                needles,
                min_len,
                allowed,
                required,
                ..
            }) => (
                Some(Arc::new(ByteFilter {
                    first,
                    last,
                    min_len,
                    allowed,
                    required,
                })),
                needles.map(Arc::from),
            ),
            None => (None, None),
        };
        Ok(LineMatcher {
            phrases: Arc::new(set),
            regex,
            max_len,
            phrase_max,
            bytes,
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
        let docs = if self.built_in {
            None
        } else if def.examples.is_empty() || def.near_misses.is_empty() {
            return Err(self.error(
                at,
                format!(
                    "rule `{name}` needs at least one entry in `examples` (residue it removes) \
                     and one in `near_misses` (similar text it must keep)"
                ),
            ));
        } else {
            Some(Arc::new(RuleDocs::of(def)))
        };
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
            unless_named_in_title: def.unless_named_in_title,
            unless_headline: def.unless_headline,
            ends_text: def.ends_text,
            docs,
            origin: Arc::from(self.origin),
            line: self.line(at),
        })
    }
}
