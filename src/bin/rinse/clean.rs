//! `rinse clean`: text files and JSON Lines (plain, gzip, zstd), folders or
//! stdin in; a mirrored folder or stdout out.

use std::io::{BufRead, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;
use rayon::prelude::*;
use rinse::corpus::{REUSE_MAX_BYTES, Reuse};
use rinse::{Cleaner, JsonlOptions};

use crate::cli::CleanArgs;
use crate::formats::{self, AtomicFile, Format};
use crate::plan::{Task, plan};
use crate::report::{DocCounts, Kind, Problem, Report};
use crate::{EXIT_OK, EXIT_SOME_FAILED, display};
use rinse::RecordLine;

/// Set when the user interrupts the run (Ctrl-C, SIGTERM): no new file is
/// started, files being written are abandoned (their temporary files
/// removed), and rinse exits with [`EXIT_INTERRUPTED`].
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Exit code after an interruption (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: u8 = 130;

fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

/// Catches Ctrl-C and SIGTERM: the first asks rinse to stop cleanly, a
/// second one exits at once.
fn catch_interrupts() {
    let handler = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            std::process::exit(EXIT_INTERRUPTED as i32);
        }
    });
    if let Err(e) = handler {
        eprintln!("rinse: warning: cannot catch interruptions: {e}");
    }
}

/// Records cleaned together, in parallel, in one batch.
const BATCH_RECORDS: usize = 1024;
/// Bytes read into one batch at most (about).
const BATCH_BYTES: usize = 8 << 20;

pub fn run(args: CleanArgs) -> anyhow::Result<u8> {
    if !args.no_annotate && args.annotate_field == args.input.text_field {
        anyhow::bail!(
            "the annotation field `{}` is the text field: the annotation would replace the \
             text; choose another --annotate-field, or --no-annotate",
            args.annotate_field
        );
    }
    if args.dolma_attributes.is_some() && (args.output.is_none() || args.diff) {
        anyhow::bail!("--dolma-attributes writes files beside the documents: it needs -o");
    }
    formats::set_max_doc_bytes(args.max_doc_bytes);
    if let Some(n) = args.threads.filter(|&n| n > 0) {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()?;
    }
    // Loading the packs and walking the inputs overlap.
    let (cleaner, planned) = rayon::join(|| args.packs.cleaner(), || plan(&args));
    let cleaner = cleaner?;
    let (tasks, walk_errors) = planned?;
    let report = Report::new(!args.quiet && !args.diff, tasks.len());
    for (path, message) in walk_errors {
        report.error(Problem::file(Kind::Walk, path, message));
    }
    let to_files = args.output.is_some() && !args.diff;
    let texts = tasks
        .iter()
        .filter(|t| formats::format_of(&t.input, args.input.format) == formats::Format::Text)
        .count();
    if args.output.is_none() && !args.diff && texts > 1 {
        anyhow::bail!(
            "{texts} text documents to stdout would run together, with nothing to tell where \
             one ends: give -o DIR (one output per input), clean them one at a time, or \
             concatenate them first (`cat a.txt b.txt | rinse clean`) if one text is meant"
        );
    }
    if to_files {
        catch_interrupts();
        if let Some(out) = args.output.as_deref().filter(|o| o.is_dir()) {
            // A run killed before over the same folder may have left its
            // temporary files.
            let (removed, errors) = crate::sweep::sweep(out);
            for e in errors {
                report.warning(e);
            }
            if removed > 0 && !args.quiet {
                eprintln!(
                    "rinse: removed {removed} temporary files left in {} by an earlier run \
                     that was killed",
                    out.display()
                );
            }
        }
    }
    // The corpus pass's last cleanings, for text files written to a folder
    // (records and streams are cleaned again).
    let all_text = tasks
        .iter()
        .all(|t| formats::format_of(&t.input, args.input.format) == Format::Text);
    let reuse = Reuse::new(if to_files && all_text {
        REUSE_MAX_BYTES
    } else {
        0
    });
    let cleaner = with_corpus(cleaner, &tasks, &args, &report, &reuse)?;
    if to_files {
        // Text files in parallel; each JSON Lines file cleans its records in
        // parallel batches.
        tasks.par_iter().for_each(|task| {
            if interrupted() {
                return;
            }
            if args.skip_existing && task.output().is_some_and(|o| o.symlink_metadata().is_ok()) {
                // Outputs are renamed into place whole: one that exists is
                // complete.
                report.file_skipped();
                return;
            }
            let ok = match formats::format_of(&task.input, args.input.format) {
                Format::Text => clean_text_file(&cleaner, task, &args, &report, &reuse),
                Format::Jsonl => clean_jsonl_file(&cleaner, task, &args, &report),
                Format::Parquet => crate::parquet::clean_file(
                    &cleaner,
                    &task.input,
                    task.output().as_deref(),
                    None,
                    &args,
                    &report,
                ),
            };
            report.file_done(ok);
        });
    } else {
        // To stdout, in input order.
        let mut out = std::io::stdout().lock();
        let mut written = || -> anyhow::Result<()> {
            for task in &tasks {
                let ok = match formats::format_of(&task.input, args.input.format) {
                    Format::Text => text_to(&cleaner, task, &args, &report, &mut out)?,
                    Format::Jsonl => jsonl_to(&cleaner, task, &args, &report, &mut out)?,
                    Format::Parquet if args.diff => crate::parquet::clean_file(
                        &cleaner,
                        &task.input,
                        None,
                        Some(&mut out),
                        &args,
                        &report,
                    ),
                    Format::Parquet => {
                        report.error(Problem::file(
                            Kind::Input,
                            display(&task.input),
                            "Parquet is written to files: give an output folder with -o",
                        ));
                        false
                    }
                };
                report.file_done(ok);
            }
            Ok(out.flush()?)
        };
        if let Err(e) = written() {
            if crate::is_broken_pipe(&e) {
                return Err(e);
            }
            // Standard output failed (a full disk, say): a failure of the
            // run, not of its usage.
            report.error(Problem::run(
                Kind::Output,
                format!("cannot write to standard output: {e:#}"),
            ));
            report.file_done(false);
        }
    }
    let totals = report.finish();
    if interrupted() {
        eprintln!(
            "rinse: interrupted: {}; no partial output was left. Run the same command with \
             --skip-existing to finish the job.",
            totals.summary()
        );
        return Ok(EXIT_INTERRUPTED);
    }
    if !args.quiet && !args.diff {
        eprintln!("rinse: {}", totals.summary());
        if let (Some(lines), Some(docs)) = (totals.corpus_template_lines, totals.corpus_documents) {
            eprintln!(
                "rinse: corpus evidence: {lines} template lines learned from {docs} documents"
            );
        }
    }
    if let Some(path) = &args.report {
        let json = serde_json::to_string_pretty(&crate::report::ReportFile {
            rinse_version: env!("CARGO_PKG_VERSION"),
            options: &args,
            totals: &totals,
        })?;
        formats::write_atomically(path, json.as_bytes(), false)
            .with_context(|| format!("cannot write report {}", path.display()))?;
    }
    Ok(if totals.failed() {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    })
}

/// Corpus evidence: with enough input documents, a first pass learns their
/// template lines (text files are documents, so are JSON Lines records).
fn with_corpus(
    cleaner: Cleaner,
    tasks: &[Task],
    args: &CleanArgs,
    report: &Report,
    reuse: &Reuse,
) -> anyhow::Result<Cleaner> {
    let inputs: Vec<&Path> = tasks
        .iter()
        .map(|t| t.input.as_path())
        .filter(|p| p.as_os_str() != "-")
        .collect();
    // (An interruption stops the first pass too; nothing is cleaned then.)
    let corpus = crate::learn::Corpus {
        inputs: &inputs,
        format: args.input.format,
        text_field: &args.input.text_field,
        lossy: args.input.lossy,
    };
    let Some(model) =
        crate::learn::batch_model(&cleaner, &corpus, &args.corpus, &interrupted, reuse)?
    else {
        return Ok(cleaner);
    };
    report.set_corpus(model.len() as u64, model.documents());
    Ok(cleaner.with_corpus(Arc::new(model)))
}

fn doc_counts<'a>(text_len: usize, body_len: usize, cleaned: &'a rinse::Cleaned) -> DocCounts<'a> {
    DocCounts {
        bytes_in: text_len as u64,
        bytes_out: body_len as u64,
        lines: cleaned.lines().len() as u64,
        removed: cleaned
            .removed()
            .map(|l| l.removal.as_ref().expect("removed").name())
            .collect(),
        language: Some(cleaned.language().code()),
    }
}

/// One text file to its output file; its cleaning is taken from `reuse`
/// when the corpus pass made it with the same model.
fn clean_text_file(
    cleaner: &Cleaner,
    task: &Task,
    args: &CleanArgs,
    report: &Report,
    reuse: &Reuse,
) -> bool {
    let dest = &task.output().expect("files have outputs");
    let result = formats::read_text(&task.input, args.input.lossy).and_then(|text| {
        let write = |body: &str| {
            formats::write_atomically(dest, body.as_bytes(), args.fsync).map_err(|e| {
                formats::FileError::output(format!("cannot write {}: {e}", dest.display()))
            })
        };
        if let Some(done) = reuse.take(&text) {
            write(&done.body)?;
            report.document(DocCounts {
                bytes_in: text.len() as u64,
                bytes_out: done.body.len() as u64,
                lines: done.lines,
                removed: done.removed.iter().map(|r| &**r).collect(),
                language: Some(done.language),
            });
            return Ok(());
        }
        let cleaned = cleaner.clean(&text);
        let body = cleaned.text();
        write(&body)?;
        report.document(doc_counts(text.len(), body.len(), &cleaned));
        Ok(())
    });
    match result {
        Ok(()) => true,
        Err(e) => {
            report.error(Problem::file(e.kind, display(&task.input), e.message));
            false
        }
    }
}

/// One text file (or stdin) to `out`: its clean body, or its diff.
fn text_to(
    cleaner: &Cleaner,
    task: &Task,
    args: &CleanArgs,
    report: &Report,
    out: &mut dyn Write,
) -> anyhow::Result<bool> {
    let text = match formats::read_text(&task.input, args.input.lossy) {
        Ok(text) => text,
        Err(e) => {
            report.error(Problem::file(e.kind, display(&task.input), e.message));
            return Ok(false);
        }
    };
    let cleaned = cleaner.clean(&text);
    if args.diff {
        out.write_all(crate::diff::render(&display(&task.input), &cleaned).as_bytes())?;
        report.document(doc_counts(text.len(), 0, &cleaned));
    } else {
        let body = cleaned.text();
        out.write_all(body.as_bytes())?;
        report.document(doc_counts(text.len(), body.len(), &cleaned));
    }
    Ok(true)
}

fn jsonl_options(args: &CleanArgs) -> JsonlOptions {
    JsonlOptions {
        text_field: args.input.text_field.clone(),
        annotate_field: (!args.no_annotate).then(|| args.annotate_field.clone()),
        drop_empty: args.drop_empty,
        dolma_experiment: args.dolma_attributes.clone(),
    }
}

/// Where the Dolma attributes of a JSON Lines input go: its path with the
/// last `documents` folder replaced by `attributes/NAME`, as Dolma lays a
/// dataset out (`…/documents/x.jsonl.gz` → `…/attributes/NAME/x.jsonl.gz`).
pub fn attributes_path(input: &Path, name: &str) -> Option<std::path::PathBuf> {
    let parts: Vec<_> = input.components().collect();
    let at = parts.iter().rposition(|c| c.as_os_str() == "documents")?;
    let mut out: std::path::PathBuf = parts[..at].iter().collect();
    out.push("attributes");
    out.push(name);
    out.extend(&parts[at + 1..]);
    Some(out)
}

/// What became of one line of a JSON Lines input.
enum Outcome {
    /// Cleaned: the line to write (none when dropped) and its counts.
    Record(rinse::CleanedRecord, Option<String>),
    /// Not a record (blank line): written as it was.
    Blank(Vec<u8>),
    /// Malformed: the error and the line as it was.
    Bad(Problem, Vec<u8>),
    /// Over the document limit: the error (the line was never held).
    TooLarge(Problem),
}

/// A record's id (`--id-field`), when it has one.
fn record_id(record: &str, args: &CleanArgs) -> Option<String> {
    args.input
        .id_field
        .as_deref()
        .and_then(|f| rinse::record_id(record, f))
}

/// Cleans the records of one batch in parallel.
fn clean_batch(
    cleaner: &Cleaner,
    name: &str,
    batch: Vec<(usize, RecordLine)>,
    opts: &JsonlOptions,
    args: &CleanArgs,
) -> Vec<Outcome> {
    batch
        .into_par_iter()
        .map(|(no, line)| {
            let raw = match line {
                RecordLine::Line(raw) => raw,
                RecordLine::TooLarge(len) => {
                    let why = formats::record_too_large(len);
                    let problem = Problem::record(Kind::TooLarge, name, no, None, why);
                    return Outcome::TooLarge(problem);
                }
            };
            if raw.iter().all(u8::is_ascii_whitespace) {
                return Outcome::Blank(raw);
            }
            let text = match rinse::decode(&raw, args.input.lossy) {
                Ok(text) => text,
                Err(e) => {
                    let why = formats::utf8_error(&e);
                    let problem = Problem::record(Kind::Record, name, no, None, why);
                    return Outcome::Bad(problem, raw);
                }
            };
            let id = record_id(&text, args);
            match rinse::clean_record(cleaner, &text, opts) {
                Ok(rec) => {
                    let diff = args.diff.then(|| {
                        // The diff needs the explained text: clean it again.
                        let original =
                            rinse::record_text(&text, &opts.text_field).expect("parsed above");
                        let here = match &id {
                            Some(id) => format!("{name}:{no} (id {id})"),
                            None => format!("{name}:{no}"),
                        };
                        crate::diff::render(&here, &cleaner.clean(&original))
                    });
                    let line = if args.diff { diff } else { rec.line.clone() };
                    Outcome::Record(rec, line)
                }
                Err(e) => {
                    let problem = Problem::record(Kind::Record, name, no, id, e.to_string());
                    Outcome::Bad(problem, raw.clone())
                }
            }
        })
        .collect()
}

/// Streams one JSON Lines input through `write` in batches; returns the
/// number of bad records (malformed, or over the document limit).
fn stream_jsonl(
    cleaner: &Cleaner,
    input: &Path,
    args: &CleanArgs,
    report: &Report,
    write: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
    attributes: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
) -> Result<u64, formats::FileError> {
    let opts = jsonl_options(args);
    let cannot_write =
        |e: std::io::Error| formats::FileError::output(format!("cannot write the output: {e}"));
    // A record without attributes (malformed, over the limit) still gets
    // its line, so that attribute lines stay aligned with the documents.
    let no_attributes = |attributes: &mut dyn FnMut(&[u8]) -> std::io::Result<()>| {
        if opts.dolma_experiment.is_some() {
            attributes(b"{\"id\":null,\"attributes\":{}}\n").map_err(cannot_write)
        } else {
            Ok(())
        }
    };
    let mut reader: Box<dyn BufRead + Send> = formats::open(input).map_err(|e| e.to_string())?;
    let name = display(input);
    let mut next_line = 1;
    let mut bad_total = 0;
    loop {
        if interrupted() {
            return Err(String::from("interrupted").into());
        }
        let batch = formats::read_batch(&mut reader, next_line, BATCH_RECORDS, BATCH_BYTES)
            .map_err(|e| match next_line - 1 {
                0 => format!("read error: {e}"),
                n => format!("read error after line {n}: {e}"),
            })?;
        if batch.is_empty() {
            break;
        }
        if next_line == 1
            && let Some(first) = batch.iter().find_map(|(_, l)| match l {
                RecordLine::Line(l) if !l.trim_ascii().is_empty() => Some(l),
                _ => None,
            })
            && let Some(why) = rinse::not_json_lines(first)
        {
            return Err(why.to_owned().into());
        }
        next_line += batch.len();
        let (mut records, mut bad, mut empty, mut dropped) = (0, 0, 0, 0);
        for outcome in clean_batch(cleaner, &name, batch, &opts, args) {
            match outcome {
                Outcome::Record(rec, line) => {
                    records += 1;
                    if let Some(a) = &rec.attributes {
                        attributes(a.as_bytes())
                            .and_then(|()| attributes(b"\n"))
                            .map_err(cannot_write)?;
                    }
                    empty += u64::from(rec.empty);
                    report.document(DocCounts {
                        bytes_in: rec.text_bytes as u64,
                        bytes_out: rec.clean_bytes as u64,
                        lines: rec.lines as u64,
                        removed: rec.removed.iter().map(String::as_str).collect(),
                        language: rec.language,
                    });
                    match line {
                        Some(diff) if args.diff => write(diff.as_bytes()).map_err(cannot_write)?,
                        Some(line) => {
                            write(line.as_bytes()).map_err(cannot_write)?;
                            write(b"\n").map_err(cannot_write)?;
                        }
                        None if args.diff => {}
                        None => dropped += 1,
                    }
                }
                Outcome::Blank(raw) => {
                    if !args.diff {
                        write(&raw)
                            .and_then(|()| write(b"\n"))
                            .map_err(cannot_write)?;
                    }
                }
                Outcome::TooLarge(problem) => {
                    bad += 1;
                    no_attributes(attributes)?;
                    if args.skip_bad {
                        report.warning(problem);
                    } else {
                        report.error(problem);
                    }
                }
                Outcome::Bad(e, raw) => {
                    bad += 1;
                    no_attributes(attributes)?;
                    if args.skip_bad {
                        report.warning(format!("{e} (passed through unchanged)"));
                    } else {
                        report.error(e);
                    }
                    if !args.diff {
                        write(&raw)
                            .and_then(|()| write(b"\n"))
                            .map_err(cannot_write)?;
                    }
                }
            }
        }
        report.records(records + bad, bad, empty, dropped);
        bad_total += bad;
    }
    Ok(bad_total)
}

/// One JSON Lines file to its output file, which appears only when the
/// whole file went well (or `--skip-bad`).
fn clean_jsonl_file(cleaner: &Cleaner, task: &Task, args: &CleanArgs, report: &Report) -> bool {
    let dest = &task.output().expect("files have outputs");
    let name = display(&task.input);
    let cannot_write = |path: &Path, e: &dyn std::fmt::Display| {
        report.error(Problem::file(
            Kind::Output,
            name.clone(),
            format!("cannot write {}: {e}", path.display()),
        ));
        false
    };
    let mut file = match AtomicFile::create(dest, args.fsync) {
        Ok(file) => file,
        Err(e) => return cannot_write(dest, &e),
    };
    let mut attributes = match &args.dolma_attributes {
        None => None,
        Some(experiment) => {
            let Some(path) = attributes_path(&task.input, experiment) else {
                report.error(Problem::file(
                    Kind::Input,
                    name.clone(),
                    "not under a `documents` folder: --dolma-attributes writes beside it, \
                     in `attributes/NAME`",
                ));
                return false;
            };
            if let Err(e) = crate::plan::refuse_over_inputs(&path, "Dolma attributes", &args.paths)
            {
                report.error(Problem::file(Kind::Output, name.clone(), format!("{e:#}")));
                return false;
            }
            match AtomicFile::create(&path, args.fsync) {
                Ok(file) => Some((file, path)),
                Err(e) => return cannot_write(&path, &e),
            }
        }
    };
    let result = stream_jsonl(
        cleaner,
        &task.input,
        args,
        report,
        &mut |bytes| file.write_all(bytes),
        &mut |bytes| match attributes.as_mut() {
            Some((file, _)) => file.write_all(bytes),
            None => Ok(()),
        },
    );
    match result {
        Ok(bad) if bad > 0 && !args.skip_bad => {
            report.error(Problem::file(
                Kind::Input,
                name.clone(),
                format!(
                    "{bad} bad records (malformed or over the size limit): output not written \
                     (--skip-bad writes the rest)"
                ),
            ));
            false
        }
        Ok(_) => {
            if let Some((file, path)) = attributes
                && let Err(e) = file.commit(&path)
            {
                return cannot_write(&path, &e);
            }
            match file.commit(dest) {
                Ok(()) => true,
                Err(e) => cannot_write(dest, &e),
            }
        }
        Err(e) => {
            report.error(Problem::file(e.kind, name.clone(), e.message));
            false
        }
    }
}

/// One JSON Lines input (or stdin) to `out`, streamed.
fn jsonl_to(
    cleaner: &Cleaner,
    task: &Task,
    args: &CleanArgs,
    report: &Report,
    out: &mut dyn Write,
) -> anyhow::Result<bool> {
    let mut broken_pipe = None;
    let result = stream_jsonl(
        cleaner,
        &task.input,
        args,
        report,
        &mut |bytes| {
            out.write_all(bytes).inspect_err(|e| {
                if e.kind() == std::io::ErrorKind::BrokenPipe {
                    broken_pipe = Some(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
                }
            })
        },
        &mut |_| Ok(()),
    );
    if let Some(e) = broken_pipe {
        return Err(e.into());
    }
    match result {
        Ok(bad) => Ok(bad == 0 || args.skip_bad),
        Err(e) => {
            report.error(Problem::file(e.kind, display(&task.input), e.message));
            Ok(false)
        }
    }
}
