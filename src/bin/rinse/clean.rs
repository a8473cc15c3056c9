//! `rinse clean`: files, folders or stdin in; mirrored folder or stdout out.

use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use anyhow::{Context, bail};
use rayon::prelude::*;

use crate::cli::CleanArgs;
use crate::{EXIT_OK, EXIT_SOME_FAILED, display, read_input};

/// One input and where its output goes (`None`: stdout).
struct Task {
    input: PathBuf,
    output: Option<PathBuf>,
}

/// Totals for the summary line.
#[derive(Default)]
struct Stats {
    files: AtomicUsize,
    failed: AtomicUsize,
    lines: AtomicUsize,
    removed: AtomicUsize,
    bytes_in: AtomicU64,
    bytes_out: AtomicU64,
}

pub fn run(args: CleanArgs) -> anyhow::Result<u8> {
    let cleaner = args.packs.cleaner()?;
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()?;
    }
    let (tasks, walk_errors) = plan(&args)?;
    let stats = Stats::default();
    // Corpus evidence: with enough inputs, a first pass learns their
    // template lines.
    let inputs: Vec<&Path> = tasks
        .iter()
        .map(|t| t.input.as_path())
        .filter(|p| p.as_os_str() != "-")
        .collect();
    let mut corpus = None;
    let cleaner = if !args.corpus.no_corpus && inputs.len() >= args.corpus.min_docs.max(2) as usize
    {
        let learned = crate::learn::stats(&inputs, args.lossy);
        let model = learned.model_with(args.corpus.min_docs);
        corpus = Some((model.len(), learned.documents()));
        cleaner.with_corpus(std::sync::Arc::new(model))
    } else {
        cleaner
    };
    for e in &walk_errors {
        stats.failed.fetch_add(1, Ordering::Relaxed);
        eprintln!("rinse: {e}");
    }
    match &args.output {
        Some(_) => tasks.par_iter().for_each(|task| {
            if let Err(e) = clean_one(&cleaner, task, &args, &stats, None) {
                stats.failed.fetch_add(1, Ordering::Relaxed);
                eprintln!("rinse: {}: {e}", display(&task.input));
            }
        }),
        None => {
            // Cleaned in parallel, printed in input order.
            let results: Vec<Result<String, String>> = tasks
                .par_iter()
                .map(|task| {
                    let mut text = String::new();
                    clean_one(&cleaner, task, &args, &stats, Some(&mut text)).map(|_| text)
                })
                .collect();
            let mut out = std::io::stdout().lock();
            for (task, result) in tasks.iter().zip(results) {
                match result {
                    Ok(text) => out.write_all(text.as_bytes())?,
                    Err(e) => {
                        stats.failed.fetch_add(1, Ordering::Relaxed);
                        eprintln!("rinse: {}: {e}", display(&task.input));
                    }
                }
            }
            out.flush()?;
        }
    }
    let failed = stats.failed.load(Ordering::Relaxed);
    if !args.quiet {
        eprintln!(
            "rinse: {} cleaned, {failed} failed; {} of {} lines removed; {} in, {} out",
            plural(stats.files.load(Ordering::Relaxed), "file"),
            stats.removed.load(Ordering::Relaxed),
            stats.lines.load(Ordering::Relaxed),
            bytes(stats.bytes_in.load(Ordering::Relaxed)),
            bytes(stats.bytes_out.load(Ordering::Relaxed)),
        );
        if let Some((lines, docs)) = corpus {
            eprintln!(
                "rinse: corpus evidence: {lines} template lines learned from {docs} documents"
            );
        }
    }
    Ok(if failed > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    })
}

/// Cleans one input; writes the output file atomically, or appends the
/// text to `to_stdout`.
fn clean_one(
    cleaner: &rinse::Cleaner,
    task: &Task,
    args: &CleanArgs,
    stats: &Stats,
    to_stdout: Option<&mut String>,
) -> Result<(), String> {
    let text = read_input(&task.input, args.lossy)?;
    let cleaned = cleaner.clean(&text);
    let body = cleaned.text();
    match (&task.output, to_stdout) {
        (Some(path), _) => write_atomically(path, body.as_bytes(), args.fsync)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        (None, Some(buf)) => buf.push_str(&body),
        (None, None) => unreachable!("a task without output file writes to stdout"),
    }
    stats.files.fetch_add(1, Ordering::Relaxed);
    stats
        .lines
        .fetch_add(cleaned.lines().len(), Ordering::Relaxed);
    stats
        .removed
        .fetch_add(cleaned.removed().count(), Ordering::Relaxed);
    stats
        .bytes_in
        .fetch_add(text.len() as u64, Ordering::Relaxed);
    stats
        .bytes_out
        .fetch_add(body.len() as u64, Ordering::Relaxed);
    Ok(())
}

/// Writes `data` to a temporary file next to `path`, then renames it over
/// `path`: readers see the old file or the whole new one, never a part, even
/// if rinse is killed. With `fsync`, the data is also on disk before the
/// rename, so a power loss cannot leave an empty file either.
pub fn write_atomically(path: &Path, data: &[u8], fsync: bool) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".rinse-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(data)?;
    if fsync {
        tmp.as_file().sync_data()?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Lists the inputs and their outputs, refusing plans that would write into
/// the input tree, over an input, or twice to one file. Paths that cannot be
/// read stay in the plan (their error is reported when cleaning them);
/// folders that cannot be walked are returned as errors to report.
fn plan(args: &CleanArgs) -> anyhow::Result<(Vec<Task>, Vec<String>)> {
    let paths: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.paths.clone()
    };
    let out = match &args.output {
        Some(out) => {
            if out.is_file() {
                bail!("output {} is a file; -o takes a folder", out.display());
            }
            Some((out.clone(), resolve(out)?))
        }
        None => None,
    };
    let mut tasks = Vec::new();
    let mut errors = Vec::new();
    for path in &paths {
        if path.as_os_str() == "-" {
            if out.is_some() {
                bail!("stdin (`-`) cannot be combined with -o; rinse writes it to stdout");
            }
            tasks.push(Task {
                input: path.clone(),
                output: None,
            });
            continue;
        }
        if path.is_dir() {
            let Some((out, out_real)) = &out else {
                bail!(
                    "{} is a folder: give an output folder with -o OUT",
                    path.display()
                );
            };
            let root = resolve(path)?;
            if out_real.starts_with(&root) {
                bail!(
                    "output folder {} is inside input folder {}; choose an output outside the input tree",
                    out.display(),
                    path.display()
                );
            }
            for file in walk(path, &args.ext, &mut errors) {
                let rel = file
                    .strip_prefix(path)
                    .expect("walked files are under their root");
                tasks.push(Task {
                    output: Some(out.join(rel)),
                    input: file,
                });
            }
        } else {
            let output = match &out {
                Some((out, _)) => {
                    let name = path
                        .file_name()
                        .with_context(|| format!("{}: no file name", path.display()))?;
                    Some(out.join(name))
                }
                None => None,
            };
            tasks.push(Task {
                input: path.clone(),
                output,
            });
        }
    }
    // No output may be an input, and no two inputs may share an output.
    if out.is_some() {
        let mut seen = std::collections::HashMap::new();
        for task in &tasks {
            let output = task
                .output
                .as_ref()
                .expect("all tasks have outputs with -o");
            let real = resolve(output)?;
            if real == resolve(&task.input)? {
                bail!(
                    "{} would be overwritten by its own output; choose another -o",
                    task.input.display()
                );
            }
            if let Some(other) = seen.insert(real, &task.input) {
                bail!(
                    "{} and {} would both be written to {}",
                    other.display(),
                    task.input.display(),
                    output.display()
                );
            }
        }
    }
    Ok((tasks, errors))
}

/// Files under `root` with one of the extensions, sorted; symbolic links
/// are not followed. Entries that cannot be read are added to `errors`.
pub fn walk(root: &Path, exts: &[String], errors: &mut Vec<String>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(root).display().to_string();
                let cause = e
                    .io_error()
                    .map_or_else(|| e.to_string(), |io| io.to_string());
                errors.push(format!("{path}: {cause}"));
                continue;
            }
        };
        let path = entry.path();
        if entry.file_type().is_file()
            && path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| exts.iter().any(|x| x == e))
        {
            files.push(path.to_owned());
        }
    }
    files
}

/// An absolute path with symbolic links resolved as far as the path exists.
fn resolve(path: &Path) -> anyhow::Result<PathBuf> {
    let abs = std::path::absolute(path)?;
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut real = real;
            for part in rest.iter().rev() {
                real.push(part);
            }
            return Ok(real);
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(Component::Normal(name))) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return Ok(abs),
        }
    }
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 30 => format!("{:.1} GB", n as f64 / (1u64 << 30) as f64),
        n if n >= 1 << 20 => format!("{:.1} MB", n as f64 / (1u64 << 20) as f64),
        n if n >= 1 << 10 => format!("{:.1} KB", n as f64 / 1024.0),
        n => format!("{n} B"),
    }
}
