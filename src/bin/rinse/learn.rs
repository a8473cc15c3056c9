//! Corpus evidence in the CLI: the first pass of `rinse clean` over many
//! inputs, and `rinse learn`, which writes the template lines as a pack.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use rayon::prelude::*;
use rinse::corpus::{CorpusModel, CorpusStats, TemplateLine};

use std::io::BufRead;

use crate::EXIT_OK;
use crate::cli::{FormatArg, LearnArgs};
use crate::formats::{self, Format};

/// First pass: statistics of every readable input: text files are
/// documents, and so are the records of JSON Lines files. Unreadable inputs
/// and records are skipped here and reported by the pass that cleans them.
/// No more inputs are read once `stop` says so (the user interrupted the
/// run): the statistics are then those of the inputs read until then.
pub fn stats(
    inputs: &[&Path],
    format: FormatArg,
    text_field: &str,
    lossy: bool,
    stop: &(dyn Fn() -> bool + Sync),
) -> CorpusStats {
    stats_with_errors(inputs, format, text_field, lossy, &|_| {}, stop)
}

/// [`stats`], calling `error` with each input that cannot be read (the
/// corpus pass of `clean` leaves them to the cleaning pass, which reports
/// them).
pub fn stats_with_errors(
    inputs: &[&Path],
    format: FormatArg,
    text_field: &str,
    lossy: bool,
    error: &(dyn Fn(String) + Sync),
    stop: &(dyn Fn() -> bool + Sync),
) -> CorpusStats {
    inputs
        .par_iter()
        .fold(CorpusStats::default, |mut stats, path| {
            if stop() {
                return stats;
            }
            if let Err(e) = documents(path, format, text_field, lossy, &mut |text| {
                stats.add_document(text)
            }) {
                error(format!("{}: {e}", crate::display(path)));
            }
            stats
        })
        .reduce(CorpusStats::default, |mut a, b| {
            a.merge(b);
            a
        })
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
        Format::Jsonl => {
            let reader = formats::open(path).map_err(|e| e.to_string())?;
            for line in reader.split(b'\n') {
                let line = line.map_err(|e| e.to_string())?;
                if let Ok(line) = rinse::decode(&line, lossy) {
                    if let Ok(text) = rinse::record_text(&line, text_field) {
                        f(&text);
                    }
                }
            }
        }
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
    for e in &errors {
        eprintln!("rinse: {e}");
    }
    crate::plan::refuse_over_inputs(&args.output, "pack", &args.paths)?;
    let inputs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let failed = std::sync::Mutex::new(errors.len());
    let error = |e: String| {
        eprintln!("rinse: {e}");
        *failed.lock().expect("error count") += 1;
    };
    let stats = stats_with_errors(
        &inputs,
        FormatArg::Auto,
        "text",
        args.lossy,
        &error,
        &|| false,
    );
    let model = stats.model_with(args.min_docs);
    let texts = template_texts(&inputs, &model, args.lossy);
    let name = args
        .output
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("learned");
    let pack = render(&texts, stats.documents(), &args.paths);
    // Check the pack before writing it: it must load and pass its examples.
    let mut check = rinse::RuleSet::new();
    check
        .add_pack(name, &args.output, &pack)
        .context("the learned pack does not load (a bug)")?;
    formats::write_atomically(&args.output, pack.as_bytes(), false)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    eprintln!(
        "rinse: {} template lines from {} documents written to {}{}",
        texts.len(),
        stats.documents(),
        args.output.display(),
        if stats.forgot_lines() {
            " (memory bound reached: rare lines were not counted)"
        } else {
            ""
        }
    );
    Ok(if *failed.lock().expect("error count") > 0 {
        crate::EXIT_SOME_FAILED
    } else {
        EXIT_OK
    })
}

/// Second pass: the text of each template line, with its evidence.
fn template_texts(
    inputs: &[&Path],
    model: &CorpusModel,
    lossy: bool,
) -> Vec<(String, TemplateLine)> {
    let found: HashMap<String, TemplateLine> = inputs
        .par_iter()
        .fold(
            HashMap::new,
            |mut found: HashMap<String, TemplateLine>, path| {
                let _ = documents(path, FormatArg::Auto, "text", lossy, &mut |text| {
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
        let all = super::stats(&inputs, FormatArg::Auto, "text", false, &|| false);
        assert_eq!(all.documents(), 20);
        // Interrupted before the pass: nothing is read.
        let none = super::stats(&inputs, FormatArg::Auto, "text", false, &|| true);
        assert_eq!(none.documents(), 0);
        // Interrupted along the way: the inputs after it are not read.
        let asked = AtomicUsize::new(0);
        let stop = || asked.fetch_add(1, Ordering::SeqCst) >= 5;
        let some = super::stats(&inputs, FormatArg::Auto, "text", false, &stop);
        assert_eq!(some.documents(), 5);
    }
}
