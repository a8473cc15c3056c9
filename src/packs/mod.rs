//! Pattern packs: rules as data, compiled into a [`RuleSet`].
//!
//! Built-in packs live in the repository's `patterns/` folder and are
//! embedded in the binary at build time. Users add or override packs from
//! folders at run time ([`RuleSet::add_dir`]). The file format, the rule
//! kinds and the precedence are documented in `patterns/README.md`.

mod compile;
mod embedded;
mod file;
mod rule;

pub(crate) use rinse_base::{analysis, nfa_code};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use analysis::{UNBOUNDED_REPEAT_BYTES, UNBOUNDED_SPACE_REPEATS};
pub(crate) use rule::Forms;
use rule::RuleDocs;
pub(crate) use rule::key_of_lower;
pub use rule::{
    BLOCK_MAX_ITEMS, CUT_CONFIRM_WITHIN, EDGE_LINES, Position, REGEX_SIZE_LIMIT, Rule, RuleKind,
    Step,
};

use crate::error::{Error, Result};
use compile::compile_pack;
pub(crate) use embedded::{LooseForm, Precompiled, built_in_literal, built_in_literals, nfa_at};

/// Default `items` pattern of a block rule: list items.
pub const LIST_ITEM: &str = r"(?:[-–—•·*▪►●◦‣]|\d{1,2}[.)])\s+\S.*";

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
            let compiled: Vec<_> = embedded::packs()
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
    /// (Kept from the first call: the binary holds them compressed.)
    pub fn embedded_sources() -> &'static [(&'static str, &'static str)] {
        static SOURCES: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
        SOURCES.get_or_init(|| {
            embedded::full_packs()
                .into_iter()
                .map(|(name, source)| (name, &*source.leak()))
                .collect()
        })
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
            let source = read_pack_file(&path)?;
            self.add_pack(pack_name(&path), &path, &source)?;
        }
        Ok(())
    }

    /// Adds one pack from its TOML `source`. `name` is the pack name (the
    /// file stem); `origin` names the file in error messages.
    pub fn add_pack(&mut self, name: &str, origin: &Path, source: &str) -> Result<()> {
        let compiled = compile_pack(name, origin, source, false)?;
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
        // (A rule's name is `pack/rule`: only a pack loaded before under
        // the same name can have rules this one replaces. The built-in
        // packs are all new, and looking for each of their 2,800 rules
        // among the rules before it cost 2% of a run on a few articles.)
        if self.packs.iter().any(|p| p.name == name) {
            for rule in compiled {
                match self.rules.iter_mut().find(|r| r.id == rule.id) {
                    Some(old) => *old = rule,
                    None => self.rules.push(rule),
                }
            }
        } else {
            self.rules.extend(compiled);
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

/// The note, examples and near-misses of the built-in rule `id`
/// (`pack/rule`), read from the full sources of the built-in packs on the
/// first call.
fn built_in_docs(id: &str) -> Option<&'static RuleDocs> {
    static DOCS: OnceLock<rustc_hash::FxHashMap<String, RuleDocs>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let mut docs = rustc_hash::FxHashMap::default();
        for (file, source) in RuleSet::embedded_sources() {
            let origin = Path::new("<embedded>").join(file);
            let parsed = file::parse(&origin, source)
                .unwrap_or_else(|e| panic!("built-in pattern pack is broken: {e}"));
            for def in &parsed.rules {
                let def = def.get_ref();
                let id = format!("{}/{}", pack_name(&origin), def.name.get_ref());
                docs.insert(id, RuleDocs::of(def));
            }
        }
        docs
    })
    .get(id)
}

#[cfg(test)]
mod tests;

/// The largest pack file rinse reads ([`RuleSet::add_dir`]): far above any
/// real pack (the largest built-in one is about 160 KB), low enough that a
/// stray file in a patterns folder is an error found before it is read
/// into memory.
pub const MAX_PACK_BYTES: u64 = 16 << 20;

/// Reads a pack file, refusing one larger than [`MAX_PACK_BYTES`] without
/// reading it whole.
fn read_pack_file(path: &Path) -> Result<String> {
    use std::io::Read;
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_PACK_BYTES + 1).read_to_end(&mut bytes))
        .map_err(io)?;
    if bytes.len() as u64 > MAX_PACK_BYTES {
        return Err(Error::Pack {
            origin: path.to_owned(),
            line: 1,
            message: format!(
                "larger than a pack file may be ({} MiB at most): is this a pattern pack?",
                MAX_PACK_BYTES >> 20
            ),
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not UTF-8 text (at byte {})", e.utf8_error().valid_up_to()),
        ))
    })
}
