//! Temporary files left by a run that was killed: outputs are written to
//! `.rinse-<pid>-<random>.tmp` beside their destination and renamed into
//! place, so a run stopped by SIGKILL (or a power cut) can leave some
//! behind. A later run over the same output folder removes those whose
//! process is gone, and nothing else.

use std::path::Path;

/// The start of every temporary file's name.
const TEMP_PREFIX: &str = ".rinse-";
/// The end of every temporary file's name.
pub const TEMP_SUFFIX: &str = ".tmp";

/// The prefix of this process's temporary files: `.rinse-<pid>-`.
pub fn temp_prefix() -> String {
    format!("{TEMP_PREFIX}{}-", std::process::id())
}

/// The process that wrote a temporary file named `name`, if the name is
/// one of ours: `.rinse-<pid>-<random>.tmp`, the random part being
/// letters and digits.
fn writer_of(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(TEMP_PREFIX)?.strip_suffix(TEMP_SUFFIX)?;
    let (pid, random) = rest.split_once('-')?;
    let ours = !pid.is_empty()
        && pid.bytes().all(|b| b.is_ascii_digit())
        && !random.is_empty()
        && random.bytes().all(|b| b.is_ascii_alphanumeric());
    ours.then(|| pid.parse().ok()).flatten()
}

/// Whether process `pid` may still be running. Where the system does not
/// say (no `/proc`), every writer counts as running: nothing is removed.
fn may_be_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// Removes, under the output folder `root`, the temporary files of rinse
/// runs that are no longer running. Returns how many went, and the ones
/// that could not be removed, each with why.
pub fn sweep(root: &Path) -> (usize, Vec<String>) {
    let (mut removed, mut errors) = (0, Vec::new());
    for entry in walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(pid) = entry.file_name().to_str().and_then(writer_of) else {
            continue;
        };
        if may_be_running(pid) {
            continue;
        }
        match std::fs::remove_file(entry.path()) {
            Ok(()) => removed += 1,
            Err(e) => errors.push(format!(
                "{}: cannot remove a temporary file left by an earlier run: {e}",
                entry.path().display()
            )),
        }
    }
    (removed, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_names_rinse_gives_its_temporaries_are_ours() {
        assert_eq!(writer_of(".rinse-4242-a1B2c3.tmp"), Some(4242));
        assert_eq!(
            writer_of(&format!("{}xYz123.tmp", temp_prefix())),
            Some(std::process::id())
        );
        for other in [
            ".rinse-a1B2c3.tmp",
            ".rinse--a1B2c3.tmp",
            ".rinse-4242-.tmp",
            ".rinse-4242-a1.b2.tmp",
            ".rinse-4242-a1B2c3.tmp.bak",
            "rinse-4242-a1B2c3.tmp",
            ".rinse-99999999999999999999-abc.tmp",
            "notes.tmp",
        ] {
            assert_eq!(writer_of(other), None, "{other}");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_temporaries_of_dead_runs_go_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        // A process that has exited: its pid is free (until reused, which
        // keeps the file: the safe side).
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let names = [
            format!(".rinse-{dead}-abc123.tmp"),
            format!("{}def456.tmp", temp_prefix()),
            ".rinse-abc123.tmp".to_owned(),
            "article.txt".to_owned(),
        ];
        for name in &names {
            std::fs::write(sub.join(name), b"x").unwrap();
        }
        let (removed, errors) = sweep(dir.path());
        assert!(errors.is_empty(), "{errors:?}");
        let mut left: Vec<String> = std::fs::read_dir(&sub)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        if may_be_running(dead) {
            return; // the pid was reused at once: nothing to check
        }
        assert_eq!(removed, 1);
        let mut want = names[1..].to_vec();
        want.sort();
        assert_eq!(left, want);
    }
}
