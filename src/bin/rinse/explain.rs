//! `rinse explain`: every line with its decision, language and reason.

use std::io::Write;
use std::path::PathBuf;

use crate::cli::ExplainArgs;
use crate::formats::{self, Format, read_text as read_input};
use crate::{EXIT_OK, EXIT_SOME_FAILED, display};

pub fn run(args: ExplainArgs) -> anyhow::Result<u8> {
    let cleaner = args.packs.cleaner()?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.paths.clone()
    };
    // Several files are explained as a corpus, as `rinse clean` cleans them.
    let inputs: Vec<&std::path::Path> = paths
        .iter()
        .map(PathBuf::as_path)
        .filter(|p| p.as_os_str() != "-")
        .collect();
    let corpus = crate::learn::Corpus {
        inputs: &inputs,
        format: args.input.format,
        text_field: &args.input.text_field,
        lossy: args.input.lossy,
    };
    let cleaner = match crate::learn::batch_model(
        &cleaner,
        &corpus,
        &args.corpus,
        &|| false,
        &rinse::corpus::Reuse::new(0),
    )? {
        Some(model) => cleaner.with_corpus(std::sync::Arc::new(model)),
        None => cleaner,
    };
    let mut out = std::io::stdout().lock();
    let mut failed = false;
    for path in &paths {
        // An error of standard output ends the run (a closed pipe quietly).
        let mut output_error = None;
        let mut explain = |name: String, text: &str| -> Result<(), String> {
            let cleaned = cleaner.clean(text);
            let written = if args.json {
                serde_json::to_writer(
                    &mut out,
                    &rinse::Explanation::new(&cleaned, &cleaner).with_file(name),
                )
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
            } else {
                table(&mut out, &name, &cleaned)
            };
            written.map_err(|e| {
                output_error = Some(e);
                String::new()
            })
        };
        let result = documents(path, &args, &mut explain, &mut failed);
        if let Some(e) = output_error {
            return Err(e.into());
        }
        if let Err(e) = result {
            eprintln!("rinse: {}: {e}", display(path));
            failed = true;
        }
    }
    out.flush()?;
    Ok(if failed { EXIT_SOME_FAILED } else { EXIT_OK })
}

/// Calls `explain` with each document of an input and the name it is
/// explained under: a text file is one document (its name), a JSON Lines
/// file one per record (`FILE:LINE`, `FILE:LINE (id X)` with `--id-field`),
/// a Parquet file one per row. Records that cannot be read are named on
/// stderr and set `failed`; an input that cannot be read is an error.
fn documents(
    path: &std::path::Path,
    args: &ExplainArgs,
    explain: &mut dyn FnMut(String, &str) -> Result<(), String>,
    failed: &mut bool,
) -> Result<(), String> {
    let file = display(path);
    let named = |no: usize, id: Option<String>| match id {
        Some(id) => format!("{file}:{no} (id {id})"),
        None => format!("{file}:{no}"),
    };
    match formats::format_of(path, args.input.format) {
        Format::Text => explain(file.clone(), &read_input(path, args.input.lossy)?),
        Format::Parquet => crate::parquet::rows(
            path,
            &args.input.text_field,
            args.input.id_field.as_deref(),
            &mut |row, id, text| explain(named(row, id), text),
        ),
        Format::Jsonl => formats::records(
            path,
            args.input.lossy,
            &args.input.text_field,
            args.input.id_field.as_deref(),
            &mut |no, record| match record {
                Ok((id, text)) => explain(named(no, id), &text),
                Err(e) => {
                    eprintln!("rinse: {file}:{no}: {e}");
                    *failed = true;
                    Ok(())
                }
            },
        ),
    }
}

fn lang_code(lang: &rinse::LineLang) -> String {
    match lang.language() {
        Some(l) if lang.reliable => l.code().to_owned(),
        Some(l) => format!("{}?", l.code()),
        None => "-".to_owned(),
    }
}

fn table(out: &mut impl Write, name: &str, cleaned: &rinse::Cleaned) -> std::io::Result<()> {
    let doc = cleaned.language();
    writeln!(
        out,
        "# {name}: {} ({}, confidence {:.2}); {} lines, {} removed",
        doc.code(),
        doc.script().map_or("-", rinse::Script::name),
        doc.reported_confidence(),
        cleaned.lines().len(),
        cleaned.removed().count()
    )?;
    let width = cleaned
        .lines()
        .iter()
        .filter_map(|l| l.removal.as_ref().map(|r| r.name().len()))
        .max()
        .unwrap_or(1);
    for line in cleaned.lines() {
        let (mark, reason) = match &line.removal {
            None => ("keep", ""),
            Some(r) => ("DROP", r.name()),
        };
        writeln!(
            out,
            "{:>5} {mark} {:<5} {reason:<width$}  {}",
            line.number,
            lang_code(&line.lang),
            line.text
        )?;
    }
    for b in cleaned.blocks() {
        let evidence: Vec<String> = b
            .evidence
            .iter()
            .take(4)
            .map(|(f, c)| format!("{} {c:+.1}", f.name()))
            .collect();
        writeln!(
            out,
            "# {} block, lines {}-{}: score {:.1} ({})",
            b.region.name(),
            b.first,
            b.last,
            b.score,
            evidence.join(", ")
        )?;
    }
    Ok(())
}
