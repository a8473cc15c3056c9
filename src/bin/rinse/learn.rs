//! Corpus evidence in the CLI: the first pass of `rinse clean` over many
//! inputs, corpus model files (`--corpus-model`), and `rinse learn`, which
//! writes the template lines as a pack, the statistics as a model file, or
//! both.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use rayon::prelude::*;
use rinse::corpus::{CorpusModel, CorpusStats, Reuse, TemplateLine};

use crate::EXIT_OK;
use crate::cli::{CorpusArgs, FormatArg, LearnArgs};
use crate::formats::{self, Format};

/// The inputs of a corpus pass and how to read their documents.
pub struct Corpus<'a> {
    pub inputs: &'a [&'a Path],
    pub format: FormatArg,
    pub text_field: &'a str,
    pub lossy: bool,
}

impl Corpus<'_> {
    /// Calls `f` with every document of `path` (see [`documents`]).
    fn documents(&self, path: &Path, f: &mut dyn FnMut(&str)) -> Result<(), String> {
        documents(path, self.format, self.text_field, self.lossy, f)
    }
}

/// The corpus pass of `clean` and `explain`: statistics of every readable
/// input (text files are documents, and so are the records of JSON Lines
/// files; unreadable inputs and records are skipped here and reported by
/// the pass that cleans them), and the model refined to its fixed point
/// (see [`model`]). No more inputs are read once `stop` says so (the user
/// interrupted the run). `None` when fewer than `min_docs` documents were
/// read.
pub fn corpus_model(
    cleaner: &rinse::Cleaner,
    corpus: &Corpus,
    min_docs: u32,
    stop: &(dyn Fn() -> bool + Sync),
    reuse: &Reuse,
) -> Option<CorpusModel> {
    let stats = stats_with_errors(corpus, &|_| {}, stop);
    if stop() || stats.documents() < min_docs.max(2) as u64 {
        return None;
    }
    Some(model(cleaner, &stats, min_docs, corpus, stop, reuse))
}

/// The model of the `--corpus-model` files, merged; `None` without any.
/// A file that cannot be read, or is not a model of this version, is an
/// error naming it.
pub fn model_from_files(args: &CorpusArgs) -> anyhow::Result<Option<CorpusModel>> {
    let mut merged: Option<CorpusStats> = None;
    for path in &args.corpus_model {
        let stats = CorpusStats::read_file(path)?;
        match &mut merged {
            Some(m) => m.merge(stats),
            None => merged = Some(stats),
        }
    }
    Ok(merged.map(|s| s.model_with(args.min_docs)))
}

/// The corpus evidence of a `clean` or `explain` run, decided the same way
/// for both: the model files given (`--corpus-model`), else, unless
/// `--no-corpus`, a first pass over the inputs when they may hold enough
/// documents (at least `--min-docs` files, or any JSON Lines or Parquet
/// file, whose records are documents). `None`: no corpus evidence. The
/// first pass keeps in `reuse` the cleanings it made with the model it
/// returns.
pub fn batch_model(
    cleaner: &rinse::Cleaner,
    corpus: &Corpus,
    args: &CorpusArgs,
    stop: &(dyn Fn() -> bool + Sync),
    reuse: &Reuse,
) -> anyhow::Result<Option<CorpusModel>> {
    if let Some(model) = model_from_files(args)? {
        return Ok(Some(model));
    }
    if args.no_corpus {
        return Ok(None);
    }
    let records = corpus
        .inputs
        .iter()
        .any(|p| crate::formats::format_of(p, corpus.format) != crate::formats::Format::Text);
    if corpus.inputs.len() < args.min_docs.max(2) as usize && !records {
        return Ok(None);
    }
    Ok(corpus_model(cleaner, corpus, args.min_docs, stop, reuse))
}

/// The statistics of the corpus, calling `error` with each input that
/// cannot be read.
pub fn stats_with_errors(
    corpus: &Corpus,
    error: &(dyn Fn(String) + Sync),
    stop: &(dyn Fn() -> bool + Sync),
) -> CorpusStats {
    corpus
        .inputs
        .par_iter()
        .fold(CorpusStats::default, |mut stats, path| {
            if stop() {
                return stats;
            }
            if let Err(e) = corpus.documents(path, &mut |text| stats.add_document(text)) {
                error(format!("{}: {e}", crate::display(path)));
            }
            stats
        })
        .reduce(CorpusStats::default, |mut a, b| {
            a.merge(b);
            a
        })
}

/// The model of the inputs, refined to its fixed point
/// ([`CorpusStats::refined_model`]): each round reads the inputs again
/// (cleaning those that hold a line cleaning may bring to an edge), and
/// stops when `stop` says so; the last round's cleanings stay in `reuse`.
pub fn model(
    cleaner: &rinse::Cleaner,
    stats: &CorpusStats,
    min_docs: u32,
    corpus: &Corpus,
    stop: &(dyn Fn() -> bool + Sync),
    reuse: &Reuse,
) -> CorpusModel {
    stats.refined_model_reusing(
        cleaner,
        min_docs,
        |f| {
            if stop() {
                return false;
            }
            corpus.inputs.par_iter().for_each(|path| {
                if !stop() {
                    let _ = corpus.documents(path, &mut |text| f(text));
                }
            });
            !stop()
        },
        reuse,
    )
}

/// Calls `f` with every document of an input: a text file is one, a JSON
/// Lines file has one per record (malformed records are left out). An input
/// that cannot be read is an error.
fn documents(
    path: &Path,
    format: FormatArg,
    text_field: &str,
    lossy: bool,
    f: &mut dyn FnMut(&str),
) -> Result<(), String> {
    match formats::format_of(path, format) {
        Format::Text => f(&formats::read_text(path, lossy)?),
        // (Bad records are reported by the clean pass.)
        Format::Jsonl => formats::records(path, lossy, text_field, None, &mut |_, record| {
            if let Ok((_, text)) = record {
                f(&text);
            }
            Ok(())
        })?,
        Format::Parquet => crate::parquet::documents(path, text_field, f)?,
    }
    Ok(())
}

pub fn run(args: LearnArgs) -> anyhow::Result<u8> {
    let mut errors = Vec::new();
    let mut files: Vec<PathBuf> = Vec::new();
    for path in &args.paths {
        if path.is_dir() {
            files.extend(crate::plan::walk(path, &args.ext, &mut errors));
        } else {
            files.push(path.clone());
        }
    }
    for (path, e) in &errors {
        eprintln!("rinse: {path}: {e}");
    }
    if let Some(output) = &args.output {
        crate::plan::refuse_over_inputs(output, "pack", &args.paths)?;
    }
    if let Some(model) = &args.corpus_model {
        crate::plan::refuse_over_inputs(model, "corpus model", &args.paths)?;
    }
    let inputs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let failed = std::sync::Mutex::new(errors.len());
    let error = |e: String| {
        eprintln!("rinse: {e}");
        *failed.lock().expect("error count") += 1;
    };
    let corpus = Corpus {
        inputs: &inputs,
        format: FormatArg::Auto,
        text_field: &args.text_field,
        lossy: args.lossy,
    };
    let stats = stats_with_errors(&corpus, &error, &|| false);
    let forgot = if stats.forgot_lines() {
        " (memory bound reached: rare lines were not counted)"
    } else {
        ""
    };
    if let Some(path) = &args.corpus_model {
        formats::write_atomically(path, &stats.to_bytes(), false)
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!(
            "rinse: corpus statistics of {} documents ({} template lines at --min-docs {}) \
             written to {}{forgot}",
            stats.documents(),
            stats.model_with(args.min_docs).len(),
            args.min_docs,
            path.display()
        );
    }
    let Some(output) = &args.output else {
        return Ok(exit_status(&failed));
    };
    let model = stats.model_with(args.min_docs);
    let texts = template_texts(&corpus, &model);
    let name = output
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("learned");
    let pack = render(&texts, stats.documents(), &args.paths);
    // Check the pack before writing it: it must load and pass its examples.
    let mut check = rinse::RuleSet::new();
    check
        .add_pack(name, output, &pack)
        .context("the learned pack does not load (a bug)")?;
    formats::write_atomically(output, pack.as_bytes(), false)
        .with_context(|| format!("cannot write {}", output.display()))?;
    eprintln!(
        "rinse: {} template lines from {} documents written to {}{forgot}",
        texts.len(),
        stats.documents(),
        output.display(),
    );
    Ok(exit_status(&failed))
}

fn exit_status(failed: &std::sync::Mutex<usize>) -> u8 {
    if *failed.lock().expect("error count") > 0 {
        crate::EXIT_SOME_FAILED
    } else {
        EXIT_OK
    }
}

/// Second pass: the text of each template line, with its evidence.
fn template_texts(corpus: &Corpus, model: &CorpusModel) -> Vec<(String, TemplateLine)> {
    let found: HashMap<String, TemplateLine> = corpus
        .inputs
        .par_iter()
        .fold(
            HashMap::new,
            |mut found: HashMap<String, TemplateLine>, path| {
                let _ = corpus.documents(path, &mut |text| {
                    for line in rinse::normalize::lines(text) {
                        if let Some(t) = model.template(&line.text) {
                            if !found.contains_key(line.text.as_ref()) {
                                found.insert(line.text.into_owned(), *t);
                            }
                        }
                    }
                });
                found
            },
        )
        .reduce(HashMap::new, |mut a, b| {
            a.extend(b);
            a
        });
    let mut texts: Vec<(String, TemplateLine)> = found.into_iter().collect();
    texts.sort_by(|a, b| b.1.docs.cmp(&a.1.docs).then_with(|| a.0.cmp(&b.0)));
    texts
}

/// The pack: one rule whose phrases are the template lines, each with its
/// counts as a comment, so a reviewer can delete lines one by one.
fn render(texts: &[(String, TemplateLine)], docs: u64, paths: &[PathBuf]) -> String {
    let quote = |s: &str| toml::Value::String(s.to_owned()).to_string();
    let sources: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Template lines learned by `rinse learn` from {docs} documents in {}.",
        sources.join(", ")
    );
    let _ = writeln!(
        out,
        "# Each line recurs at the edges of many documents telling different stories.\n\
         # REVIEW before use: delete every line that is article text, then load this\n\
         # file with `rinse clean --patterns DIR`."
    );
    let _ = writeln!(
        out,
        "\n[pack]\ndescription = {}\nlanguages = [\"*\"]",
        quote(&format!(
            "Template lines learned from {}",
            sources.join(", ")
        ))
    );
    if texts.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "\n[[rule]]\nname = \"template-lines\"\nnote = \"Lines found in many documents that tell different stories, mostly outside the article text.\"\nphrases = ["
    );
    for (text, t) in texts {
        let _ = writeln!(
            out,
            "    {}, # {} documents, {}{} stories, {}% at an edge",
            quote(text),
            t.docs,
            if t.stories as usize >= rinse::corpus::MAX_STORIES {
                "≥"
            } else {
                ""
            },
            t.stories,
            t.edge * 100 / t.docs.max(1)
        );
    }
    let _ = writeln!(out, "]");
    let first = &texts[0].0;
    let _ = writeln!(out, "examples = [{}]", quote(first));
    let _ = writeln!(
        out,
        "near_misses = [{}]",
        quote(&format!(
            "The report quoted the words {first} in a sentence that stays."
        ))
    );
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use crate::cli::FormatArg;

    #[test]
    fn the_first_pass_stops_when_told() {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<_> = (0..20)
            .map(|i| {
                let p = dir.path().join(format!("{i}.txt"));
                std::fs::write(
                    &p,
                    format!("Home\nStory {i} is told in a sentence long enough to be prose.\n"),
                )
                .unwrap();
                p
            })
            .collect();
        let inputs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
        let corpus = super::Corpus {
            inputs: &inputs,
            format: FormatArg::Auto,
            text_field: "text",
            lossy: false,
        };
        let stats =
            |stop: &(dyn Fn() -> bool + Sync)| super::stats_with_errors(&corpus, &|_| {}, stop);
        let all = stats(&|| false);
        assert_eq!(all.documents(), 20);
        // Interrupted before the pass: nothing is read.
        let none = stats(&|| true);
        assert_eq!(none.documents(), 0);
        // Interrupted along the way: the inputs after it are not read.
        let asked = AtomicUsize::new(0);
        let stop = || asked.fetch_add(1, Ordering::SeqCst) >= 5;
        let some = stats(&stop);
        assert_eq!(some.documents(), 5);
    }
}
