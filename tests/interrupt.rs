//! Interruption and resumption: Ctrl-C (SIGINT) in the middle of a run
//! leaves only complete output files, and `--skip-existing` finishes the
//! job without redoing them.

use std::fs;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::util::*;

/// Every file under `dir`, relative, with its contents, sorted.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    tree(dir)
        .into_iter()
        .map(|f| {
            let data = fs::read(dir.join(&f)).unwrap();
            (f, data)
        })
        .collect()
}

/// A folder of many copies of the samples, big enough that a run lasts
/// long enough to be interrupted.
fn many_inputs(dir: &Path, copies: usize) {
    let samples = samples();
    for i in 0..copies {
        let sub = dir.join(format!("{i:03}"));
        fs::create_dir_all(&sub).unwrap();
        for (name, raw, _) in &samples {
            fs::write(sub.join(format!("{name}.txt")), raw).unwrap();
        }
    }
}

#[test]
fn skip_existing_leaves_finished_outputs_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, out) = (tmp.path().join("in"), tmp.path().join("out"));
    many_inputs(&input, 2);
    let args = [
        "clean",
        path_str(&input),
        "-o",
        path_str(&out),
        "--no-corpus",
    ];
    assert!(run(&args).status.success());
    let full = contents(&out);
    // One output "finished" earlier with other contents: a rerun with
    // --skip-existing keeps it; one output missing: it is written.
    let (kept, _) = &full[0];
    fs::write(out.join(kept), b"finished before\n").unwrap();
    let (missing, _) = &full[1];
    fs::remove_file(out.join(missing)).unwrap();
    let again = run(&[&args[..], &["--skip-existing"]].concat());
    assert!(again.status.success(), "{}", stderr(&again));
    let err = stderr(&again);
    assert!(
        err.contains(&format!("{} skipped (output exists)", full.len() - 1)),
        "{err}"
    );
    let now = contents(&out);
    assert_eq!(now.len(), full.len());
    for ((name, data), (full_name, full_data)) in now.iter().zip(&full) {
        assert_eq!(name, full_name);
        if name == kept {
            assert_eq!(data, b"finished before\n");
        } else {
            assert_eq!(data, full_data, "{name}");
        }
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_leaves_only_complete_outputs_and_a_rerun_finishes_the_job() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, out, reference) = (
        tmp.path().join("in"),
        tmp.path().join("out"),
        tmp.path().join("reference"),
    );
    many_inputs(&input, 40);
    let args = ["clean", path_str(&input), "-o", path_str(&out), "-j", "1"];
    // The outputs of an uninterrupted run.
    let args_ref = ["clean", path_str(&input), "-o", path_str(&reference)];
    assert!(run(&args_ref).status.success());
    let expected = contents(&reference);

    let mut child = rinse(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupt once the first outputs are there.
    let start = Instant::now();
    while walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count()
        < 3
    {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no output appeared"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = child.wait().unwrap();
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
    let done = contents(&out);
    if status.code() == Some(130) {
        assert!(err.contains("interrupted"), "{err}");
        assert!(done.len() < expected.len(), "nothing was left to do");
    } else {
        // The run was faster than the signal: it must then be complete.
        assert!(status.success(), "{err}");
    }
    // Every file present is complete and right; no temporary file is left.
    for (name, data) in &done {
        assert!(!name.contains(".rinse-"), "temporary file left: {name}");
        let (_, want) = expected
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("unexpected file {name}"));
        assert_eq!(data, want, "{name}");
    }
    // The rerun completes the job.
    let again = run(&[&args[..], &["--skip-existing"]].concat());
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(contents(&out), expected);
}

#[cfg(target_os = "linux")]
#[test]
fn a_rerun_after_a_hard_kill_sweeps_the_killed_runs_temporaries_and_only_those() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, out, reference) = (
        tmp.path().join("in"),
        tmp.path().join("out"),
        tmp.path().join("reference"),
    );
    // JSON Lines files of many records: a file's temporary exists while
    // all its records are cleaned, so the kill lands while one is there.
    let records: String = samples()
        .iter()
        .map(|(_, raw, _)| format!("{{\"text\":{}}}\n", serde_json::to_string(raw).unwrap()))
        .collect();
    fs::create_dir_all(&input).unwrap();
    for i in 0..3 {
        fs::write(input.join(format!("{i}.jsonl")), records.repeat(4)).unwrap();
    }
    let args = [
        "clean",
        path_str(&input),
        "-o",
        path_str(&out),
        "-j",
        "1",
        "--no-corpus",
    ];
    let args_ref = [
        &["clean", path_str(&input), "-o", path_str(&reference)][..],
        &args[4..],
    ]
    .concat();
    assert!(run(&args_ref).status.success());
    let expected = contents(&reference);

    // Files that are not the killed run's: a user's own, and a temporary
    // of a run that is still going (this test's own process).
    fs::create_dir_all(&out).unwrap();
    let live = format!(".rinse-{}-abc123.tmp", std::process::id());
    fs::write(out.join(&live), b"still being written").unwrap();
    fs::write(out.join(".rinse-notes.tmp"), b"mine").unwrap();

    let mut child = rinse(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    let start = Instant::now();
    // Kill it hard while it writes one of its own temporaries.
    let own = format!(".rinse-{pid}-");
    loop {
        let writing = fs::read_dir(&out)
            .unwrap()
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().starts_with(&own));
        if writing {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before a temporary file was seen"
        );
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no temporary file"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let left: Vec<String> = tree(&out)
        .into_iter()
        .filter(|f| f.starts_with(&own))
        .collect();
    assert!(!left.is_empty(), "SIGKILL leaves the temporary in place");

    let again = run(&[&args[..], &["--skip-existing"]].concat());
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("temporary files left"),
        "{}",
        stderr(&again)
    );
    let mut done = contents(&out);
    // The user's file and the live run's temporary stay; the killed run's go.
    for keep in [live.as_str(), ".rinse-notes.tmp"] {
        let at = done.iter().position(|(n, _)| n == keep);
        done.remove(at.unwrap_or_else(|| panic!("{keep} was removed")));
    }
    assert_eq!(done, expected);
}
