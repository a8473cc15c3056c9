//! Which inputs go to which outputs, refusing plans that would lose data.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};

use crate::cli::CleanArgs;

/// One input and where its output goes.
pub struct Task {
    pub input: PathBuf,
    /// `None`: stdout.
    root: Option<Arc<Root>>,
}

/// Where the outputs of the inputs under one root go: a walked folder's
/// files keep their path below it, a file given alone keeps its name.
struct Root {
    /// What an input's path starts with: the folder as given, or the
    /// file's parent.
    given: PathBuf,
    /// The folder's real path (for a walked folder).
    real: Option<PathBuf>,
    /// The output folder.
    out: PathBuf,
}

impl Task {
    /// Where its output goes (`None`: stdout). Made when asked, so that a
    /// plan holds one path a file (a million files: about 100 MB less).
    pub fn output(&self) -> Option<PathBuf> {
        let root = self.root.as_ref()?;
        let rel = self
            .input
            .strip_prefix(&root.given)
            .expect("inputs are under their root");
        Some(join(&root.out, rel))
    }
}

/// Lists the inputs and their outputs, refusing plans that would write into
/// the input tree, over an input, or twice to one file. Paths that cannot be
/// read stay in the plan (their error is reported when cleaning them);
/// folders that cannot be walked are returned as errors to report, each as
/// the path and what went wrong.
pub fn plan(args: &CleanArgs) -> anyhow::Result<(Vec<Task>, Vec<WalkError>)> {
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
                root: None,
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
            if root.starts_with(out_real) {
                bail!(
                    "input folder {} is inside output folder {}; outputs could land on inputs: \
                     choose an output outside the input tree",
                    path.display(),
                    out.display()
                );
            }
            let files = walk(path, &args.ext, &mut errors);
            if files.is_empty()
                && let Some((example, others)) = other_files(path)
            {
                errors.push((
                    crate::display(path),
                    format!(
                        "no file with an extension of --ext ({}), but {others} other files \
                         (such as {}): choose their extensions with --ext",
                        args.ext.join(","),
                        crate::display(&example)
                    ),
                ));
            }
            // (Files walked under a folder are real below its real path,
            // which is known without asking the file system again.)
            let root = Arc::new(Root {
                given: path.clone(),
                real: Some(root),
                out: out.clone(),
            });
            tasks.extend(files.into_iter().map(|input| Task {
                input,
                root: Some(root.clone()),
            }));
        } else {
            let root = match &out {
                Some((out, _)) => {
                    path.file_name()
                        .with_context(|| format!("{}: no file name", path.display()))?;
                    Some(Arc::new(Root {
                        given: path.parent().unwrap_or(Path::new("")).to_owned(),
                        real: None,
                        out: out.clone(),
                    }))
                }
                None => None,
            };
            tasks.push(Task {
                input: path.clone(),
                root,
            });
        }
    }
    // The report goes neither over an input nor into an input folder.
    if let Some(report) = &args.report {
        refuse_over_inputs(report, "report", &paths)?;
    }
    // No output may be an input, and no two inputs may share an output.
    if out.is_some() {
        // By a 64-bit hash of the real path's bytes (real paths are
        // absolute and without `.` or `..`, so equal paths have equal
        // bytes), not the path: a million files would hold a million more
        // paths. Outputs of equal hashes are then compared as paths, so a
        // collision can only cost time, never a wrong verdict.
        let mut hashes: Vec<(u64, u32)> = Vec::with_capacity(tasks.len());
        // Output folders resolved once each (a file's own name is not
        // resolved: renaming onto a link replaces the link, not its target).
        // Outputs come folder by folder, so the last one answers most.
        let mut dirs: HashMap<PathBuf, PathBuf> = HashMap::new();
        let mut last: Option<(PathBuf, PathBuf)> = None;
        let mut real_output = |task: &Task| -> anyhow::Result<PathBuf> {
            let output = task.output().expect("all tasks have outputs with -o");
            Ok(match (output.parent(), output.file_name()) {
                (Some(dir), Some(name)) => {
                    if last.as_ref().is_none_or(|(d, _)| d != dir) {
                        if !dirs.contains_key(dir) {
                            dirs.insert(dir.to_owned(), resolve(dir)?);
                        }
                        last = Some((dir.to_owned(), dirs[dir].clone()));
                    }
                    join(&last.as_ref().expect("set above").1, Path::new(name))
                }
                _ => resolve(&output)?,
            })
        };
        for (i, task) in tasks.iter().enumerate() {
            let real = real_output(task)?;
            let input = match task.root.as_deref() {
                Some(Root {
                    given,
                    real: Some(real_root),
                    ..
                }) => {
                    let rel = task.input.strip_prefix(given).expect("walked under it");
                    join(real_root, rel)
                }
                _ => resolve(&task.input)?,
            };
            // (Both are real paths: equal paths have equal bytes.)
            if real.as_os_str() == input.as_os_str() {
                bail!(
                    "{} would be overwritten by its own output; choose another -o",
                    task.input.display()
                );
            }
            let key = xxhash_rust::xxh3::xxh3_64(real.as_os_str().as_encoded_bytes());
            hashes.push((key, i as u32));
        }
        hashes.sort_unstable();
        // In each run of equal hashes (in task order), each task against
        // the first earlier one with the same output.
        let mut pairs = Vec::new();
        for run in hashes.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
            for (k, &(_, i)) in run.iter().enumerate().skip(1) {
                let real = real_output(&tasks[i as usize])?;
                for &(_, j) in &run[..k] {
                    if real_output(&tasks[j as usize])? == real {
                        pairs.push((j as usize, i as usize));
                        break;
                    }
                }
            }
        }
        if let Some(&(j, i)) = pairs.iter().min_by_key(|&&(j, i)| (i, j)) {
            bail!(
                "{} and {} would both be written to {}",
                tasks[j].input.display(),
                tasks[i].input.display(),
                tasks[i].output().expect("with -o").display()
            );
        }
    }
    Ok((tasks, errors))
}

/// Refuses to write `file` (a `what`) over one of the `inputs` or inside
/// an input folder.
pub fn refuse_over_inputs(file: &Path, what: &str, inputs: &[PathBuf]) -> anyhow::Result<()> {
    let real = resolve(file)?;
    for input in inputs.iter().filter(|p| p.as_os_str() != "-") {
        let input_real = resolve(input)?;
        if real == input_real || (input.is_dir() && real.starts_with(&input_real)) {
            bail!(
                "the {what} {} would be written over or into input {}; choose another path",
                file.display(),
                input.display()
            );
        }
    }
    Ok(())
}

/// Files under `root` whose name ends with `.EXT` for one of the
/// extensions (which may have several parts: `jsonl.gz`), sorted; symbolic links
/// are not followed. Entries that cannot be read are added to `errors`.
pub fn walk(root: &Path, exts: &[String], errors: &mut Vec<WalkError>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(root).display().to_string();
                let cause = e
                    .io_error()
                    .map_or_else(|| e.to_string(), |io| io.to_string());
                errors.push((path, cause));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        // (Lossy: a name that is not UTF-8 still has its extension.)
        let name = entry.file_name().to_string_lossy();
        if exts.iter().any(|x| {
            name.len() > x.len() + 1
                && name.ends_with(x.as_str())
                && name[..name.len() - x.len()].ends_with('.')
        }) {
            files.push(entry.into_path());
        }
    }
    sort_as_walked(&mut files);
    files
}

/// The first file under `root` (as walked) and how many there are.
fn other_files(root: &Path) -> Option<(PathBuf, usize)> {
    let mut files = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file());
    let first = files.next()?.into_path();
    Some((first, 1 + files.count()))
}

/// A path that could not be walked (as displayed) and why.
pub type WalkError = (String, String);

/// Sorts paths into the order of a walk that visits every folder's entries
/// by name: component by component. Each path's key is computed once (the
/// walk's own sorting parsed both names at every comparison, which cost
/// more than the rest of the plan).
fn sort_as_walked(files: &mut [PathBuf]) {
    // With each separator as a byte below every byte of a name, comparing
    // paths byte by byte compares them component by component. (The walk
    // joins names with one separator each, and all paths share its root.)
    // Compared in place, past their common start, not by keys made first:
    // keys for a million files held about 100 MB.
    let key = |b: &u8| {
        if std::path::is_separator(*b as char) {
            0
        } else {
            *b
        }
    };
    files.sort_unstable_by(|a, b| {
        let (a, b) = (
            a.as_os_str().as_encoded_bytes(),
            b.as_os_str().as_encoded_bytes(),
        );
        let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        a[common..].iter().map(key).cmp(b[common..].iter().map(key))
    });
}

/// `base.join(rest)` without growing the path twice.
fn join(base: &Path, rest: &Path) -> PathBuf {
    let mut path = PathBuf::with_capacity(base.as_os_str().len() + rest.as_os_str().len() + 1);
    path.push(base);
    path.push(rest);
    path
}

/// An absolute path with symbolic links resolved as far as the path exists.
pub fn resolve(path: &Path) -> anyhow::Result<PathBuf> {
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    /// The walk lists files folder by folder, each folder's entries by
    /// name, as a walk sorted at every folder does: names that sort around
    /// the separator (`a-b`, `a.c` against `a/…`) and upper case included.
    #[test]
    fn files_come_in_the_order_of_a_sorted_walk() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "a/x.txt",
            "a/Y.txt",
            "a/b/z.txt",
            "a-b/z.txt",
            "a.c/w.txt",
            "a0.txt",
            "b.txt",
            "A.txt",
            "a.txt",
            "é.txt",
            "z/a.txt",
            "a/skip.md",
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "x").unwrap();
        }
        let mut errors = Vec::new();
        let files = super::walk(root, &["txt".to_owned()], &mut errors);
        let sorted: Vec<PathBuf> = walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap().into_path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "txt"))
            .collect();
        assert!(errors.is_empty());
        assert_eq!(files.len(), 11);
        assert_eq!(files, sorted);
    }
}
