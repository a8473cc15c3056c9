//! Command-line arguments.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

/// Turns scraped article text into clean article bodies, in any language.
///
/// Input is plain text, one block (paragraph, heading, list item) per line.
/// rinse removes the lines that are not the article (summary boxes,
/// press-wire disclaimers, blog-template footers, …) and says why.
#[derive(Debug, Parser)]
#[command(name = "rinse", version, max_term_width = 100)]
pub struct Opts {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Clean files, folders or stdin.
    ///
    /// Without PATH (or with `-`), reads stdin and writes stdout. Files given
    /// by name are cleaned whatever their extension; folders are walked
    /// recursively for files with the extensions of --ext. With -o OUT, each
    /// output mirrors its input's path relative to the folder given (a file
    /// given by name goes to OUT/NAME); outputs are written atomically and
    /// never into the input tree. Without -o, one cleaned file (or the records
    /// of JSON Lines files) goes to stdout; several text files are refused.
    ///
    /// Exit status: 0 when every input was cleaned, 1 when some failed (each
    /// is named on stderr, the others are still written), 2 on a usage or
    /// configuration error.
    Clean(CleanArgs),
    /// Show every line with its decision, language and the rule or signal
    /// that removed it.
    Explain(ExplainArgs),
    /// List or test pattern packs.
    #[command(subcommand)]
    Patterns(PatternsCommand),
    /// Learn a folder's template lines and write them as a pack to review.
    ///
    /// Finds the lines that recur at the edges of many documents telling
    /// different stories (site menus, footers, widgets) and writes them as
    /// one rule of a TOML pack, most frequent first, with their counts as
    /// comments. Review it, delete any article text, and use it with
    /// `--patterns`.
    Learn(LearnArgs),
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("outputs").required(true).multiple(true).args(["output", "corpus_model"]))]
pub struct LearnArgs {
    /// Files or folders to learn from.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The pack file to write (its name, without .toml, is the pack name).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write the corpus statistics to FILE: hashed line counts (never
    /// text), versioned, mergeable, at most about 150 MB, for `rinse clean
    /// --corpus-model` and Python's `Cleaner(corpus_model=…)`.
    #[arg(long, value_name = "FILE")]
    pub corpus_model: Option<PathBuf>,
    /// File extensions taken from folders (comma-separated).
    #[arg(long, value_name = "EXT", value_delimiter = ',', default_value = DEFAULT_EXTS)]
    pub ext: Vec<String>,
    /// JSON Lines: the field holding the text (a dotted path reaches into
    /// objects).
    #[arg(long, value_name = "NAME", default_value = "text")]
    pub text_field: String,
    /// Documents a line must recur in to count as template.
    #[arg(long, value_name = "N", default_value_t = rinse::corpus::MIN_DOCS)]
    pub min_docs: u32,
    /// Replace invalid UTF-8 with U+FFFD instead of skipping the file.
    #[arg(long)]
    pub lossy: bool,
}

#[derive(Debug, Args, serde::Serialize)]
pub struct CleanArgs {
    /// Files or folders to clean; `-` or nothing for stdin.
    pub paths: Vec<PathBuf>,
    /// Output folder, mirroring the input paths.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// File extensions taken from folders (comma-separated; several parts
    /// allowed, as in jsonl.gz). A folder with none of them, but with
    /// other files, is an error.
    #[arg(long, value_name = "EXT", value_delimiter = ',', default_value = DEFAULT_EXTS)]
    pub ext: Vec<String>,
    #[command(flatten)]
    #[serde(flatten)]
    pub input: InputArgs,
    /// JSON Lines: the field added to each record with what was removed.
    #[arg(long, value_name = "NAME", default_value = "rinse")]
    pub annotate_field: String,
    /// JSON Lines: also write Dolma attribute files under the experiment
    /// NAME: for `…/documents/PATH`, `…/attributes/NAME/PATH`, one line
    /// per record with `NAME__rinse__residue` spans (characters; each a
    /// removed line with its line break) and the language. Inputs must lie
    /// under a `documents` folder; needs -o.
    #[arg(long, value_name = "NAME")]
    pub dolma_attributes: Option<String>,
    /// JSON Lines: add no annotation field.
    #[arg(long)]
    pub no_annotate: bool,
    /// JSON Lines: drop records whose text becomes empty (default: keep
    /// them with an empty text).
    #[arg(long)]
    pub drop_empty: bool,
    /// JSON Lines: pass malformed records through unchanged (records over
    /// --max-doc-bytes are left out) and still write the file (default:
    /// name them all and withhold the file's output, exit 1; on stdout,
    /// which cannot be withheld, malformed records are passed through and
    /// the exit status is 1).
    #[arg(long)]
    pub skip_bad: bool,
    /// Print what would be removed, as a unified diff whose hunk headers
    /// name the rule or signal; write nothing.
    #[arg(long)]
    pub diff: bool,
    /// Write a JSON report: files, records, bytes, lines removed per rule and
    /// per signal, documents per language, errors.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Worker threads (default, or 0: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
    /// No summary line on stderr.
    #[arg(short, long)]
    pub quiet: bool,
    /// Flush every output file to disk before renaming it into place, so
    /// outputs survive a power loss too (slower: one disk flush per file).
    #[arg(long)]
    pub fsync: bool,
    /// Skip inputs whose output file already exists: a rerun after an
    /// interruption finishes the job without redoing finished files
    /// (outputs are only ever complete files).
    #[arg(long)]
    pub skip_existing: bool,
    /// Largest document cleaned: a text file, stdin, or one JSON Lines
    /// record (after decompression). A larger one is an error for that
    /// input or record, found while reading, before it is held in memory.
    /// A number of bytes, or with a unit: K, M, G (powers of 1024, as KiB,
    /// MiB, GiB) or KB, MB, GB (powers of 1000).
    #[arg(long, value_name = "SIZE", default_value = "256MiB", value_parser = parse_size)]
    pub max_doc_bytes: u64,
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub packs: PackArgs,
}

/// The default of `clean --ext`: text and JSON Lines, plain or compressed.
pub const DEFAULT_EXTS: &str = "txt,txt.gz,txt.zst,jsonl,jsonl.gz,jsonl.zst,\
                                ndjson,ndjson.gz,ndjson.zst,json,json.gz,json.zst,parquet";

/// A size in bytes, with an optional unit: `65536`, `64K`, `64KiB`, `64KB`,
/// `256M`, `1G`, `1.5GB`. Bare and `i` units are powers of 1024; units
/// ending in `B` without `i` are powers of 1000.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size (examples: 65536, 64K, 256MiB, 1GB)"))?;
    let scale: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kib" => 1024.0,
        "m" | "mib" => 1024.0 * 1024.0,
        "g" | "gib" => 1024.0 * 1024.0 * 1024.0,
        "t" | "tib" => 1024f64.powi(4),
        "kb" => 1e3,
        "mb" => 1e6,
        "gb" => 1e9,
        "tb" => 1e12,
        other => {
            return Err(format!(
                "unknown unit `{other}` in `{text}` (use K, M, G, KiB, MiB, GiB, KB, MB or GB)"
            ));
        }
    };
    let bytes = (number * scale).round();
    if !(1.0..=u64::MAX as f64).contains(&bytes) {
        return Err(format!("`{text}` is not a size of at least one byte"));
    }
    Ok(bytes as u64)
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_take_units() {
        assert_eq!(parse_size("65536"), Ok(65536));
        assert_eq!(parse_size("64K"), Ok(64 << 10));
        assert_eq!(parse_size("256MiB"), Ok(256 << 20));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert_eq!(parse_size("64MB"), Ok(64_000_000));
        assert_eq!(parse_size("1.5GB"), Ok(1_500_000_000));
        assert!(parse_size("0").is_err());
        assert!(parse_size("64X").is_err());
        assert!(parse_size("M").is_err());
    }
}

/// How `clean` and `explain` read their inputs.
#[derive(Debug, Args, Clone, serde::Serialize)]
pub struct InputArgs {
    /// How inputs are read: by their names (`.jsonl`, `.ndjson` and
    /// `.json`, each optionally `.gz` or `.zst`, are JSON Lines;
    /// `.parquet` and `.pq` are Parquet; anything else is text), or all as one.
    /// Compressed files are recognized by name and must hold what their
    /// name says. JSON Lines records and Parquet rows are cleaned (and
    /// explained) one by one.
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    pub format: FormatArg,
    /// JSON Lines and Parquet: the field (or column) holding the text; a
    /// dotted path reaches into nested objects (`metadata.body`), unless
    /// the record has a field with the dotted name itself.
    #[arg(long, value_name = "NAME", default_value = "text")]
    pub text_field: String,
    /// JSON Lines and Parquet: a field (or dotted path) naming each record
    /// in errors, diffs, the report and explanations, beside its line (or
    /// row) number.
    #[arg(long, value_name = "NAME")]
    pub id_field: Option<String>,
    /// Replace invalid UTF-8 with U+FFFD instead of failing the file.
    #[arg(long)]
    pub lossy: bool,
}

/// How inputs are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FormatArg {
    /// By file name.
    Auto,
    /// One document per file (stdin: the whole stream).
    Text,
    /// One JSON record per line.
    Jsonl,
    /// Parquet: one document per row (files only, not stdin).
    Parquet,
}

/// Corpus evidence: template lines learned from the inputs themselves.
#[derive(Debug, Args, Clone, serde::Serialize)]
pub struct CorpusArgs {
    /// Do not learn template lines from the inputs (by default, with several
    /// inputs, a first pass finds lines that recur at the edges of many
    /// unrelated documents).
    #[arg(long)]
    pub no_corpus: bool,
    /// Documents a line must recur in to count as template.
    #[arg(long, value_name = "N", default_value_t = rinse::corpus::MIN_DOCS)]
    pub min_docs: u32,
    /// Use the corpus statistics in FILE (written by `rinse learn
    /// --corpus-model`) instead of learning from the inputs: the same
    /// evidence for a folder, single files, stdin, Python and Spark.
    /// Repeatable: several files are merged.
    #[arg(long, value_name = "FILE", conflicts_with = "no_corpus")]
    pub corpus_model: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Files to explain; `-` or nothing for stdin.
    pub paths: Vec<PathBuf>,
    /// One JSON object per file (per record, per row) instead of the table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub packs: PackArgs,
}

#[derive(Debug, Subcommand)]
pub enum PatternsCommand {
    /// List the packs and their rules.
    List {
        #[command(flatten)]
        packs: PackArgs,
    },
    /// Validate packs and run every rule's examples and near-misses.
    ///
    /// With DIR, tests only the packs in DIR; otherwise the packs in use
    /// (built-in ones plus --patterns folders).
    Test {
        /// A folder of packs to test on their own.
        dir: Option<PathBuf>,
        #[command(flatten)]
        packs: PackArgs,
    },
}

/// Which pattern packs to use.
#[derive(Debug, Args, Clone, Default, serde::Serialize)]
pub struct PackArgs {
    /// Add the packs (*.toml) of a folder; a rule with the same name as a
    /// built-in one replaces it. Repeatable; later folders win.
    #[arg(long = "patterns", value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Do not load the built-in packs.
    #[arg(long)]
    pub no_default_patterns: bool,
    /// Turn off the language-switch signal (foreign template lines at the
    /// document's edges).
    #[arg(long)]
    pub no_language_switch: bool,
    /// Turn off a rule (pack/rule) or a signal (e.g. chrome-block);
    /// repeatable. See `rinse patterns list` for the names.
    #[arg(long, value_name = "NAME")]
    pub disable: Vec<String>,
    /// Weights of the article model (a file in the format of
    /// model/article.toml, as scripts/fit_model.py writes it) instead of
    /// the built-in ones.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Write kept lines normalized (every space a plain space, invisible
    /// characters such as zero-width spaces removed) instead of as they
    /// were in the input (in NFC, trimmed).
    #[arg(long)]
    pub normalize: bool,
}

impl PackArgs {
    /// The options as the library takes them (the weights file read).
    pub fn config(&self) -> anyhow::Result<rinse::CleanerConfig> {
        let model = match &self.model {
            Some(path) => Some(
                std::fs::read_to_string(path)
                    .with_context(|| format!("reading the model {}", path.display()))?,
            ),
            None => None,
        };
        Ok(rinse::CleanerConfig {
            default_patterns: !self.no_default_patterns,
            patterns: self.dirs.clone(),
            packs: Vec::new(),
            disable: self.disable.clone(),
            language_switch: !self.no_language_switch,
            model,
            normalize: self.normalize,
        })
    }

    pub fn cleaner(&self) -> anyhow::Result<rinse::Cleaner> {
        Ok(self.config()?.build()?)
    }
}
