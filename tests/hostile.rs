//! Issue 6: hostile inputs, outputs and packs through the command line.
//!
//! Each test builds the hostile situation, runs `rinse`, and checks that it
//! neither crashes nor hangs, names what went wrong (file, line or byte
//! offset), writes every good file, leaves no partial output and never
//! touches its inputs.
//!
//! The tests run as root in CI, where `chmod 000` blocks nothing. Tests that
//! need permissions to bite run `rinse` under `setpriv` with the
//! capabilities that bypass them dropped, or are skipped with a printed
//! reason when that is impossible. The full-disk test mounts a 64 KB tmpfs
//! when it may (root in a sandbox that allows it) and is skipped otherwise.
//!
//! Tests marked `#[ignore = "GAP: …"]` show a gap in the command line
//! found by this suite: they fail today and say what should happen.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::util::*;

/// The content of every file under `dir`, for "inputs untouched" checks
/// (lossy text, to read in a failure message; binary files are compared
/// by their length and hash too).
fn snapshot(dir: &Path) -> Vec<(String, String)> {
    use std::hash::{Hash, Hasher};
    tree(dir)
        .into_iter()
        .map(|f| {
            let data = fs::read(dir.join(&f)).unwrap_or_default();
            let mut h = std::collections::hash_map::DefaultHasher::new();
            data.hash(&mut h);
            let text = String::from_utf8_lossy(&data[..data.len().min(200)]).into_owned();
            (
                f,
                format!("{} bytes, hash {:x}: {text}", data.len(), h.finish()),
            )
        })
        .collect()
}

fn no_temporary_files(dir: &Path) {
    let leftovers: Vec<String> = tree(dir)
        .into_iter()
        .filter(|f| f.contains(".rinse-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

/// Runs a command with its output in files (so nothing blocks on a full
/// pipe); kills it after `limit`: `None` means it hung.
fn run_limited(mut cmd: Command, limit: Duration) -> Option<Output> {
    let dir = tempfile::tempdir().unwrap();
    let (o, e) = (dir.path().join("stdout"), dir.path().join("stderr"));
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(fs::File::create(&o).unwrap())
        .stderr(fs::File::create(&e).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(Output {
                status,
                stdout: fs::read(&o).unwrap(),
                stderr: fs::read(&e).unwrap(),
            });
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `rinse clean INPUT -o OUT --no-corpus`, killed after `limit` (`None`:
/// it hung).
fn clean_folder(input: &Path, out: &Path, limit: Duration) -> Option<Output> {
    run_limited(
        rinse(&["clean", path_str(input), "-o", path_str(out), "--no-corpus"]),
        limit,
    )
}

/// Runs a command and samples its peak resident memory (VmHWM, in KB).
#[cfg(target_os = "linux")]
fn run_measured(mut cmd: Command) -> (Output, u64) {
    let dir = tempfile::tempdir().unwrap();
    let (o, e) = (dir.path().join("stdout"), dir.path().join("stderr"));
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(fs::File::create(&o).unwrap())
        .stderr(fs::File::create(&e).unwrap())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    let status = loop {
        if let Ok(status) = fs::read_to_string(&status_file) {
            for line in status.lines().filter(|l| l.starts_with("VmHWM:")) {
                let kb = line.split_whitespace().nth(1).unwrap().parse().unwrap();
                peak_kb = peak_kb.max(kb);
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = Output {
        status,
        stdout: fs::read(&o).unwrap(),
        stderr: fs::read(&e).unwrap(),
    };
    (out, peak_kb)
}

/// `rinse` with arguments, run so that file permissions apply: as is for
/// an ordinary user; as root, under `setpriv` without the capabilities
/// that bypass permissions. `None` (with the reason printed) when neither
/// works, e.g. root without `setpriv`.
fn rinse_with_permissions(args: &[&str]) -> Option<Command> {
    let probe_dir = tempfile::tempdir().unwrap();
    let probe = probe_dir.path().join("probe");
    write(&probe, b"x");
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&probe).is_err() {
        return Some(rinse(args)); // permissions already apply to us
    }
    const DROP: &str = "--bounding-set=-dac_override,-dac_read_search,-fowner";
    let works = Command::new("setpriv")
        .args([DROP, "cat", path_str(&probe)])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| !s.success());
    if !works {
        eprintln!(
            "skipped: running as root and `setpriv` cannot drop CAP_DAC_OVERRIDE here, \
             so file permissions cannot be tested"
        );
        return None;
    }
    let mut cmd = Command::new("setpriv");
    cmd.arg(DROP)
        .arg(env!("CARGO_BIN_EXE_rinse"))
        .args(args)
        .current_dir(root());
    Some(cmd)
}

fn chmod(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

/// A tiny tmpfs (a full disk), unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            Some(Tmpfs(dir.to_owned()))
        } else {
            eprintln!(
                "skipped: cannot mount a tmpfs here (needs root and a sandbox that allows it)"
            );
            None
        }
    }

    /// Gives the file system a new size (space freed, or taken).
    fn resize(&self, size: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "cannot resize the tmpfs at {}", self.0.display());
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

const PROSE: &str = "The council met on Monday to discuss the budget for the coming year.\n";

// ---------------------------------------------------------------------------
// Bytes that are not UTF-8 text.

#[test]
fn invalid_utf8_is_named_with_file_and_byte_offset_and_lossy_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let mut middle = "Заголовок статьи\n".repeat(30).into_bytes(); // 2-byte letters
    let offset = middle.len();
    middle.extend_from_slice(b"caf\xe9 au lait\nThe end of the story.\n");
    let cases: &[(&str, &[u8], usize)] = &[
        ("middle.txt", &middle, offset + 3),
        ("cut-at-end.txt", b"Body text \xe2\x82", 10),
        ("overlong.txt", b"ab\xc0\xafcd", 2),
        ("surrogate.txt", b"x\xed\xa0\x80y", 1),
        ("lone-continuation.txt", b"\x80Body", 0),
        ("latin1.txt", b"Gr\xfc\xdfe aus K\xf6ln\n", 2),
    ];
    for (name, data, _) in cases {
        write(&input.join(name), data);
    }
    write(&input.join("good.txt"), PROSE.as_bytes());
    let before = snapshot(&input);
    let out = dir.path().join("out");
    let res = run(&[
        "clean",
        path_str(&input),
        "-o",
        path_str(&out),
        "--no-corpus",
    ]);
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    let err = stderr(&res);
    for (name, _, at) in cases {
        assert!(
            err.contains(&format!(
                "{name}: invalid UTF-8 at byte offset {at} (use --lossy"
            )),
            "{name} at {at}: {err}"
        );
    }
    assert!(err.contains("1 file cleaned, 6 failed"), "{err}");
    assert_eq!(tree(&out), ["good.txt"]);
    assert_eq!(fs::read_to_string(out.join("good.txt")).unwrap(), PROSE);

    // --lossy: every file written, invalid bytes replaced by U+FFFD, and
    // the body is what the library makes of the lossy text.
    let out2 = dir.path().join("out2");
    let res = run(&[
        "clean",
        path_str(&input),
        "-o",
        path_str(&out2),
        "--lossy",
        "--no-corpus",
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert_eq!(tree(&out2).len(), 7);
    for (name, data, _) in cases {
        let got = fs::read_to_string(out2.join(name)).unwrap();
        let expected = rinse::clean(&String::from_utf8_lossy(data));
        assert_same(name, &expected, &got);
    }
    assert!(
        fs::read_to_string(out2.join("middle.txt"))
            .unwrap()
            .contains("caf\u{FFFD} au lait\n")
    );
    assert_eq!(snapshot(&input), before, "inputs are never touched");

    // explain and stdin name the offset too.
    let res = run(&["explain", path_str(&input.join("latin1.txt"))]);
    assert_eq!(res.status.code(), Some(1));
    assert!(
        stderr(&res).contains("latin1.txt: invalid UTF-8 at byte offset 2"),
        "{}",
        stderr(&res)
    );
    let res = run_with_stdin(&["clean", "-q"], b"ok\n\xff");
    assert_eq!(res.status.code(), Some(1));
    assert!(
        stderr(&res).contains("<stdin>: invalid UTF-8 at byte offset 3"),
        "{}",
        stderr(&res)
    );
}

#[test]
fn invalid_utf8_in_json_lines_names_file_line_and_offset() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in/recs.jsonl");
    write(
        &file,
        b"{\"text\":\"Fine body.\"}\n{\"text\":\"caf\xe9\"}\n{\"text\":\"Also fine.\"}\n",
    );
    let out = dir.path().join("out");
    let res = run(&["clean", path_str(&file), "-o", path_str(&out)]);
    assert_eq!(res.status.code(), Some(1));
    let err = stderr(&res);
    assert!(
        err.contains("recs.jsonl:2: invalid UTF-8 at byte offset 12"),
        "{err}"
    );
    assert!(tree(&out).is_empty(), "the file's output is withheld");
    let res = run(&["clean", path_str(&file), "-o", path_str(&out), "--lossy"]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let text = fs::read_to_string(out.join("recs.jsonl")).unwrap();
    assert!(text.contains("\"text\":\"caf\u{FFFD}\\n\""), "{text}");
}

#[test]
fn binary_files_are_skipped_with_a_message_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write(
        &input.join("image.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    );
    write(&input.join("program.txt"), b"\x7fELF\x02\x01\x01\0\0\0");
    // UTF-16 with a BOM: text, but not UTF-8; its NULs mark it binary.
    let utf16: Vec<u8> = "\u{FEFF}Hello world"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    write(&input.join("utf16.txt"), &utf16);
    // A NUL after the sniffed prefix: text with a control character, which
    // normalization removes.
    let mut late_nul = PROSE.repeat(200).into_bytes();
    assert!(late_nul.len() > rinse::BINARY_SNIFF_BYTES);
    late_nul.extend_from_slice(b"Tail line with a \0 NUL.\n");
    write(&input.join("late-nul.txt"), &late_nul);
    write(&input.join("good.txt"), PROSE.as_bytes());
    let out = dir.path().join("out");
    for lossy in [false, true] {
        let mut args = vec![
            "clean",
            path_str(&input),
            "-o",
            path_str(&out),
            "--no-corpus",
        ];
        if lossy {
            args.push("--lossy");
        }
        let res = run(&args);
        assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
        let err = stderr(&res);
        for (name, at) in [("image.txt", 8), ("program.txt", 7), ("utf16.txt", 3)] {
            assert!(
                err.contains(&format!(
                    "{name}: binary file (NUL byte at offset {at}), skipped"
                )),
                "{name}: {err}"
            );
        }
        assert_eq!(tree(&out), ["good.txt", "late-nul.txt"]);
        let late = fs::read_to_string(out.join("late-nul.txt")).unwrap();
        // A kept line is written as it was, NUL and all (`--normalize`
        // would drop it).
        assert!(late.ends_with("Tail line with a \0 NUL.\n"), "{late:?}");
    }
    let res = run_with_stdin(&["clean"], b"\0\0\0binary");
    assert_eq!(res.status.code(), Some(1));
    assert!(stderr(&res).contains("<stdin>: binary file (NUL byte at offset 0), skipped"));
    assert_eq!(stdout(&res), "");
}

/// A 256 MB binary file (sparse: all NULs) is skipped after its first
/// bytes are read, not after all of it is.
#[cfg(target_os = "linux")] // reads /proc
#[test]
fn a_huge_binary_file_is_skipped_without_reading_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write(&input.join("good.txt"), PROSE.as_bytes());
    let video = fs::File::create(input.join("video.txt")).unwrap();
    video.set_len(256 << 20).unwrap();
    drop(video);
    let out = dir.path().join("out");
    let (res, peak_kb) = run_measured(rinse(&[
        "clean",
        path_str(&input),
        "-o",
        path_str(&out),
        "--no-corpus",
    ]));
    assert_eq!(res.status.code(), Some(1));
    assert!(stderr(&res).contains("video.txt: binary file (NUL byte at offset 0), skipped"));
    assert_eq!(tree(&out), ["good.txt"]);
    eprintln!("peak RSS {} MB", peak_kb / 1024);
    assert!(peak_kb < 100 * 1024, "peak RSS {} MB", peak_kb / 1024);
}

// ---------------------------------------------------------------------------
// Empty, tiny, huge, many, deep.

#[test]
fn empty_inputs_give_empty_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write(&input.join("empty.txt"), b"");
    write(&input.join("bom-only.txt"), b"\xef\xbb\xbf");
    write(
        &input.join("invisible.txt"),
        "\u{200B}\r\n\u{00A0}\t\u{3000}\n\u{2060}\n".as_bytes(),
    );
    write(&input.join("empty.jsonl"), b"");
    write(&input.join("blank-lines.jsonl"), b"\n\n  \n");
    let out = dir.path().join("out");
    let res = run(&["clean", path_str(&input), "-o", path_str(&out)]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert!(
        stderr(&res).contains("5 files cleaned, 0 failed"),
        "{}",
        stderr(&res)
    );
    for name in ["empty.txt", "bom-only.txt", "invisible.txt", "empty.jsonl"] {
        assert_eq!(fs::read(out.join(name)).unwrap(), b"", "{name}");
    }
    // Blank lines of a JSON Lines file are kept as they were.
    assert_eq!(
        fs::read(out.join("blank-lines.jsonl")).unwrap(),
        b"\n\n  \n"
    );
    for format in ["text", "jsonl"] {
        let res = run_with_stdin(&["clean", "-q", "--format", format], b"");
        assert_eq!(res.status.code(), Some(0), "{format}: {}", stderr(&res));
        assert_eq!(stdout(&res), "", "{format}");
    }
    let res = run_with_stdin(&["explain", "-"], b"");
    assert_eq!(res.status.code(), Some(0));
}

/// One line of about 200 MB: cleaned with bounded memory, or refused with
/// a clear error. Slow: run with
/// `cargo test --release --test integration -- --ignored single_line_of_200_mb --nocapture`.
#[cfg(target_os = "linux")] // reads /proc
#[test]
#[ignore = "slow (200 MB): cleaned with peak RSS about 4.5x the file (≈ 910 MB); \
            --max-doc-bytes (default 256 MiB) caps a document's size"]
fn a_single_line_of_200_mb() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("line.txt");
    let mut f = std::io::BufWriter::new(fs::File::create(&file).unwrap());
    let sentence = PROSE.trim_end().to_owned() + " ";
    let mut written = 0;
    while written < 200 << 20 {
        f.write_all(sentence.as_bytes()).unwrap();
        written += sentence.len();
    }
    f.flush().unwrap();
    drop(f);
    let out = dir.path().join("out");
    let started = Instant::now();
    let (res, peak_kb) = run_measured(rinse(&["clean", path_str(&file), "-o", path_str(&out)]));
    eprintln!(
        "200 MB line: exit {:?}, {:?}, peak RSS {} MB",
        res.status.code(),
        started.elapsed(),
        peak_kb / 1024
    );
    match res.status.code() {
        Some(0) => {
            let got = fs::metadata(out.join("line.txt")).unwrap().len();
            assert_eq!(
                got as usize, written,
                "the line is kept whole (trimmed, plus \\n)"
            );
            assert!(
                peak_kb < 2 * (written as u64 / 1024) + 150 * 1024,
                "peak RSS {} MB for a {} MB input",
                peak_kb / 1024,
                written >> 20
            );
        }
        Some(1) => {
            let err = stderr(&res);
            assert!(
                err.contains("line.txt") && err.contains("too large"),
                "{err}"
            );
            assert!(tree(&out).is_empty());
        }
        other => panic!("exit {other:?}: {}", stderr(&res)),
    }
}

fn many_tiny_files(n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    for i in 0..n {
        write(
            &input.join(format!("{:03}/{i:06}.txt", i / 500)),
            format!("Story {i}: the council met on Monday.\n").as_bytes(),
        );
    }
    let out = dir.path().join("out");
    let started = Instant::now();
    let res = run(&["clean", path_str(&input), "-o", path_str(&out)]);
    eprintln!("{n} tiny files: {:?}", started.elapsed());
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert!(
        stderr(&res).contains(&format!("{n} files cleaned, 0 failed")),
        "{}",
        stderr(&res)
    );
    let files = tree(&out);
    assert_eq!(files.len(), n);
    for i in [0, n / 2, n - 1] {
        assert_eq!(
            fs::read_to_string(out.join(format!("{:03}/{i:06}.txt", i / 500))).unwrap(),
            format!("Story {i}: the council met on Monday.\n")
        );
    }
    no_temporary_files(&out);
}

/// 10,000 files of one line each, in 20 folders (about 4 s in a debug
/// build on 2 cores; 20,000 take about 8 s).
#[test]
fn ten_thousand_tiny_files() {
    many_tiny_files(10_000);
}

/// `cargo test --release --test integration -- --ignored hundred_thousand --nocapture`
#[test]
#[ignore = "slow in debug builds (about 40 s); run with --release"]
fn a_hundred_thousand_tiny_files() {
    many_tiny_files(100_000);
}

#[test]
fn deep_trees_are_mirrored() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let mut rel = PathBuf::new();
    let mut expected = Vec::new();
    for level in 0..200 {
        rel.push(format!("d{level}"));
        if level % 50 == 49 {
            let file = rel.join("a.txt");
            write(
                &input.join(&file),
                format!("Level {level} body.\n").as_bytes(),
            );
            expected.push(file.to_str().unwrap().to_owned());
        }
    }
    expected.sort();
    let out = dir.path().join("out");
    let res = run(&["clean", path_str(&input), "-o", path_str(&out)]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert_eq!(tree(&out), expected);
    assert_eq!(
        fs::read_to_string(out.join(expected.last().unwrap())).unwrap(),
        "Level 199 body.\n"
    );
}

// ---------------------------------------------------------------------------
// Links, permissions, special names.

#[test]
fn symlink_loops_neither_hang_nor_stop_the_batch() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write(&input.join("real.txt"), PROSE.as_bytes());
    write(&input.join("sub/inner.txt"), PROSE.as_bytes());
    symlink(".", input.join("loop")).unwrap();
    symlink("../..", input.join("sub/up")).unwrap();
    symlink("self.txt", input.join("self.txt")).unwrap();
    symlink("a.txt", input.join("b.txt")).unwrap();
    symlink("b.txt", input.join("a.txt")).unwrap();
    symlink("nowhere.txt", input.join("dangling.txt")).unwrap();
    let out = dir.path().join("out");
    let res = run_limited(
        rinse(&["clean", path_str(&input), "-o", path_str(&out)]),
        Duration::from_secs(60),
    )
    .expect("rinse hung on a symlink loop");
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    // Links are not followed inside folders (documented).
    assert_eq!(tree(&out), ["real.txt", "sub/inner.txt"]);
    // Named on the command line, a looping link is an error for that file.
    let out2 = dir.path().join("out2");
    let res = run_limited(
        rinse(&[
            "clean",
            path_str(&input.join("self.txt")),
            path_str(&input.join("real.txt")),
            "-o",
            path_str(&out2),
        ]),
        Duration::from_secs(60),
    )
    .expect("rinse hung on a symlink loop");
    assert_eq!(res.status.code(), Some(1));
    assert!(
        stderr(&res).contains("self.txt: Too many levels of symbolic links"),
        "{}",
        stderr(&res)
    );
    assert_eq!(tree(&out2), ["real.txt"]);
}

#[test]
fn unreadable_files_and_folders_are_named_and_the_rest_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write(&input.join("ok.txt"), PROSE.as_bytes());
    write(&input.join("noread.txt"), PROSE.as_bytes());
    write(&input.join("locked/secret.txt"), PROSE.as_bytes());
    write(&input.join("z/after.txt"), PROSE.as_bytes());
    let out = dir.path().join("out");
    let Some(cmd) = rinse_with_permissions(&["clean", path_str(&input), "-o", path_str(&out)])
    else {
        return;
    };
    chmod(&input.join("noread.txt"), 0o000);
    chmod(&input.join("locked"), 0o000);
    let res = run_limited(cmd, Duration::from_secs(60)).expect("hung");
    chmod(&input.join("locked"), 0o755);
    chmod(&input.join("noread.txt"), 0o644);
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    let err = stderr(&res);
    assert!(err.contains("noread.txt: Permission denied"), "{err}");
    assert!(err.contains("locked: Permission denied"), "{err}");
    assert_eq!(tree(&out), ["ok.txt", "z/after.txt"]);
}

#[test]
fn a_read_only_output_folder_fails_each_file_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write(&input.join("a.txt"), PROSE.as_bytes());
    write(&input.join("sub/b.txt"), PROSE.as_bytes());
    write(&input.join("c.jsonl"), b"{\"text\":\"A body.\"}\n");
    let before = snapshot(&input);
    let out = dir.path().join("out");
    fs::create_dir_all(out.join("sub")).unwrap();
    let Some(cmd) = rinse_with_permissions(&["clean", path_str(&input), "-o", path_str(&out)])
    else {
        return;
    };
    // Only the subfolder is read-only: the other files are written.
    chmod(&out.join("sub"), 0o555);
    let res = run_limited(cmd, Duration::from_secs(60)).expect("hung");
    chmod(&out.join("sub"), 0o755);
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    let err = stderr(&res);
    assert!(
        err.contains("sub/b.txt: cannot write") && err.contains("Permission denied"),
        "{err}"
    );
    assert_eq!(tree(&out), ["a.txt", "c.jsonl"]);
    // The whole output folder read-only: every file fails, nothing appears.
    let out2 = dir.path().join("out2");
    fs::create_dir_all(&out2).unwrap();
    let cmd = rinse_with_permissions(&["clean", path_str(&input), "-o", path_str(&out2)]).unwrap();
    chmod(&out2, 0o555);
    let res = run_limited(cmd, Duration::from_secs(60)).expect("hung");
    chmod(&out2, 0o755);
    assert_eq!(res.status.code(), Some(1));
    assert!(
        stderr(&res).contains("0 files cleaned, 3 failed"),
        "{}",
        stderr(&res)
    );
    assert!(tree(&out2).is_empty(), "{:?}", tree(&out2));
    assert_eq!(snapshot(&input), before, "inputs are never touched");
}

#[test]
fn a_full_disk_fails_the_files_that_do_not_fit_and_leaves_no_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    // (Each line its own: copies of the line before would be removed.)
    let big: String = (0..3000)
        .map(|i| format!("The council met on day {i} to discuss the budget for the coming year.\n"))
        .collect();
    write(&input.join("big.txt"), big.as_bytes());
    let records: String = (0..3000)
        .map(|i| format!("{{\"text\":\"The council met on day {i} to discuss the budget.\"}}\n"))
        .collect();
    write(&input.join("big.jsonl"), records.as_bytes());
    write(&input.join("small.txt"), b"A small body.\n");
    let before = snapshot(&input);
    let out = dir.path().join("out");
    let Some(disk) = Tmpfs::mount(&out, "64k") else {
        return;
    };
    let res = run_limited(
        rinse(&["clean", path_str(&input), "-o", path_str(&out)]),
        Duration::from_secs(60),
    )
    .expect("hung");
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    let err = stderr(&res);
    assert!(
        err.contains("big.txt: cannot write") && err.contains("No space left on device"),
        "{err}"
    );
    assert!(
        err.contains("big.jsonl") && err.matches("No space left on device").count() == 2,
        "{err}"
    );
    assert_eq!(tree(&out), ["small.txt"], "no partial output");
    assert_eq!(fs::read(out.join("small.txt")).unwrap(), b"A small body.\n");
    assert_eq!(snapshot(&input), before);
    // Space freed, a rerun with --skip-existing finishes the job: the
    // outputs are those of a run that had room from the start.
    disk.resize("16m");
    let res = run(&[
        "clean",
        path_str(&input),
        "-o",
        path_str(&out),
        "--skip-existing",
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let reference = dir.path().join("reference");
    let res = run(&["clean", path_str(&input), "-o", path_str(&reference)]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert_eq!(snapshot(&out), snapshot(&reference));
    no_temporary_files(&out);
}

#[test]
fn stdout_on_a_full_device_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    write(&file, PROSE.as_bytes());
    for format in ["text", "jsonl"] {
        let input = if format == "jsonl" {
            let f = dir.path().join("a.jsonl");
            write(&f, b"{\"text\":\"A body.\"}\n");
            f
        } else {
            file.clone()
        };
        let res = rinse(&["clean", "-q", path_str(&input)])
            .stdin(Stdio::null())
            .stdout(
                fs::OpenOptions::new()
                    .write(true)
                    .open("/dev/full")
                    .unwrap(),
            )
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_ne!(res.status.code(), Some(0), "{format}");
        assert!(
            stderr(&res).contains("No space left on device"),
            "{format}: {}",
            stderr(&res)
        );
    }
}

#[test]
fn stdout_on_a_full_device_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    write(&file, PROSE.as_bytes());
    let res = rinse(&["clean", "-q", path_str(&file)])
        .stdin(Stdio::null())
        .stdout(
            fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
}

#[cfg(target_os = "linux")] // reads /proc
#[test]
fn outputs_get_the_usual_file_mode() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write(&input.join("a.txt"), PROSE.as_bytes());
    write(&input.join("b.jsonl"), b"{\"text\":\"A body.\"}\n");
    let out = dir.path().join("out");
    let report = dir.path().join("report.json");
    let res = rinse(&[
        "clean",
        path_str(&input),
        "-o",
        path_str(&out),
        "--report",
        path_str(&report),
    ])
    .output()
    .unwrap();
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    // rinse inherits the test's umask: a new file gets 0666 minus it
    // (0644 under the usual 022).
    let status = fs::read_to_string("/proc/self/status").unwrap();
    let umask = status
        .lines()
        .find_map(|l| l.strip_prefix("Umask:"))
        .map(|m| u32::from_str_radix(m.trim(), 8).unwrap())
        .unwrap_or(0o022);
    for f in [out.join("a.txt"), out.join("b.jsonl"), report] {
        let mode = fs::metadata(&f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o666 & !umask, "{}: mode {mode:o}", f.display());
    }
}

#[test]
fn files_with_non_utf8_names_are_cleaned_not_silently_skipped() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let name = OsStr::from_bytes(b"caf\xe9.txt");
    write(&input.join(name), PROSE.as_bytes());
    write(&input.join("plain.txt"), PROSE.as_bytes());
    let out = dir.path().join("out");
    let res = run(&["clean", path_str(&input), "-o", path_str(&out)]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert!(stderr(&res).contains("2 files cleaned"), "{}", stderr(&res));
    assert_eq!(fs::read_to_string(out.join(name)).unwrap(), PROSE);
}

// ---------------------------------------------------------------------------
// Outputs that would land in the input tree or on an input.

#[test]
fn outputs_in_the_input_tree_under_any_spelling_are_refused() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write(&input.join("a.txt"), PROSE.as_bytes());
    write(&input.join("sub/b.txt"), PROSE.as_bytes());
    symlink(input.join("sub"), dir.path().join("link-into-input")).unwrap();
    let before = snapshot(&input);
    let spellings = [
        format!("{}/", input.display()),
        format!("{}/sub/../sub/new", input.display()),
        dir.path().join("link-into-input").display().to_string(),
        dir.path()
            .join("link-into-input/deeper")
            .display()
            .to_string(),
    ];
    for out in &spellings {
        let res = run(&["clean", path_str(&input), "-o", out]);
        assert_eq!(res.status.code(), Some(2), "-o {out}: {}", stderr(&res));
        assert!(
            stderr(&res).contains("inside input folder"),
            "-o {out}: {}",
            stderr(&res)
        );
        assert_eq!(snapshot(&input), before, "-o {out}: nothing written");
    }
    // The same input twice: two tasks for one output.
    let out = dir.path().join("out");
    let a = input.join("a.txt");
    let res = run(&["clean", path_str(&a), path_str(&a), "-o", path_str(&out)]);
    assert_eq!(res.status.code(), Some(2));
    assert!(!out.exists());
}

#[test]
fn an_output_folder_above_the_input_folder_never_overwrites_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write(&input.join("a.txt"), b"Alpha one.\n");
    write(&input.join("in/a.txt"), b"Beta two.\n");
    let before = snapshot(&input);
    let res = run(&["clean", path_str(&input), "-o", path_str(dir.path())]);
    assert_eq!(snapshot(&input), before, "an input was overwritten");
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
}

#[test]
fn a_report_never_overwrites_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write(&input.join("a.txt"), PROSE.as_bytes());
    let before = snapshot(&input);
    let out = dir.path().join("out");
    let res = run(&[
        "clean",
        path_str(&input),
        "-o",
        path_str(&out),
        "--report",
        path_str(&input.join("a.txt")),
    ]);
    assert_eq!(
        snapshot(&input),
        before,
        "the input was overwritten by the report"
    );
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
}

#[test]
fn learn_never_overwrites_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    for i in 0..6 {
        write(
            &input.join(format!("{i}.txt")),
            format!("Menu\nStory {i} is about the council budget and the roads.\nFooter\n")
                .as_bytes(),
        );
    }
    let before = snapshot(&input);
    let res = run(&[
        "learn",
        path_str(&input),
        "-o",
        path_str(&input.join("0.txt")),
    ]);
    assert_eq!(
        snapshot(&input),
        before,
        "an input was overwritten by the pack"
    );
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
}

#[test]
fn learn_names_the_inputs_it_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    write(&bad, b"caf\xe9\n");
    let res = run(&[
        "learn",
        path_str(&bad),
        "-o",
        path_str(&dir.path().join("p.toml")),
    ]);
    assert!(
        stderr(&res).contains("bad.txt: invalid UTF-8 at byte offset 3"),
        "{}",
        stderr(&res)
    );
    assert_eq!(res.status.code(), Some(1));
}

// ---------------------------------------------------------------------------
// Compressed and JSON Lines inputs that are broken.

/// A 493-byte Parquet file (found by the `parquet_read` fuzz target) whose
/// page header declares a list of billions of fields to skip: the
/// `parquet` crate read at the end of the file for each one and held a
/// worker for minutes. It fails alone, at once, named.
#[test]
fn a_parquet_header_that_skips_past_the_end_fails_alone_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/parquet-header-skips-past-the-end.parquet");
    fs::create_dir_all(&input).unwrap();
    fs::copy(&fixture, input.join("damaged.parquet")).unwrap();
    write(&input.join("good.txt"), PROSE.as_bytes());
    let out = dir.path().join("out");
    let res = clean_folder(&input, &out, Duration::from_secs(60))
        .expect("rinse hung on a damaged Parquet page header");
    let err = stderr(&res);
    assert_eq!(res.status.code(), Some(1), "{err}");
    assert!(
        err.contains("damaged.parquet: ")
            && err.contains("a page header reads past the end of the file again and again"),
        "{err}"
    );
    assert_eq!(tree(&out), ["good.txt"], "{err}");
}

#[test]
fn broken_compressed_and_json_lines_inputs_fail_alone() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&b"{\"text\":\"A body that is long enough to compress.\"}\n".repeat(50))
        .unwrap();
    let gz = gz.finish().unwrap();
    write(&input.join("truncated.jsonl.gz"), &gz[..gz.len() / 2]);
    write(
        &input.join("not-gzip.jsonl.gz"),
        b"this is not gzip at all, just text\n",
    );
    write(
        &input.join("not-zstd.jsonl.zst"),
        b"this is not zstd either\n",
    );
    // A record nested 100,000 levels deep in another field, a record with
    // two text fields, a lone surrogate, a NUL: no crash, each record
    // either cleaned or named.
    let deep = format!(
        "{{\"text\":\"Deep body.\",\"x\":{}{}}}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    write(&input.join("deep.jsonl"), deep.as_bytes());
    write(
        &input.join("odd.jsonl"),
        b"{\"text\":\"\\ud800 lone\"}\n{\"text\":\"nul \\u0000 inside\"}\n[1,2]\n{\"text\":5}\n",
    );
    write(&input.join("good.jsonl"), b"{\"text\":\"A good body.\"}\n");
    let out = dir.path().join("out");
    let res = run_limited(
        rinse(&["clean", path_str(&input), "-o", path_str(&out)]),
        Duration::from_secs(120),
    )
    .expect("hung");
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    let err = stderr(&res);
    for (name, what) in [
        ("truncated.jsonl.gz", "read error"),
        ("not-gzip.jsonl.gz", "not gzip data, though named .gz"),
        ("not-zstd.jsonl.zst", "not zstd data, though named .zst"),
    ] {
        assert!(err.contains(&format!("{name}: {what}")), "{name}: {err}");
    }
    assert!(
        err.contains("odd.jsonl:1: field `text` is not a string"),
        "{err}"
    );
    assert!(err.contains("odd.jsonl:3: not a JSON object"), "{err}");
    assert!(
        err.contains("odd.jsonl:4: field `text` is not a string"),
        "{err}"
    );
    assert_eq!(tree(&out), ["deep.jsonl", "good.jsonl"], "{err}");
    let deep_out = fs::read_to_string(out.join("deep.jsonl")).unwrap();
    assert!(deep_out.starts_with("{\"text\":\"Deep body.\\n\",\"x\":[[["));
    no_temporary_files(&out);
}

#[test]
fn a_record_with_two_text_fields_is_malformed() {
    // Parsers disagree on duplicate keys (most keep the last one): cleaning
    // one of two text fields would leave the uncleaned one to whoever reads
    // the record.
    let line = b"{\"text\":\"Headline\",\"text\":\"Synopsis\\nKey Takeaways\\n- b\\nBody.\"}\n";
    let res = run_with_stdin(&["clean", "--format", "jsonl", "-q"], line);
    assert_eq!(res.status.code(), Some(1), "{}", stdout(&res));
    assert!(
        stderr(&res).contains("<stdin>:1: duplicate field `text`"),
        "{}",
        stderr(&res)
    );
}

#[test]
fn an_annotation_field_named_like_the_text_field_is_a_usage_error() {
    // It panicked (exit 101) once: the annotation and the text were
    // spliced into the same place. Now it is refused before any record.
    let res = run_with_stdin(
        &[
            "clean",
            "--format",
            "jsonl",
            "-q",
            "--annotate-field",
            "text",
        ],
        b"{\"text\":\"a\"}\n{\"text\":\"b\"}\n",
    );
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
    assert_eq!(stderr(&res).lines().count(), 1, "{}", stderr(&res));
    assert!(
        stderr(&res).contains("the annotation field `text` is the text field"),
        "{}",
        stderr(&res)
    );
    assert_eq!(stdout(&res), "");
}

// ---------------------------------------------------------------------------
// Hostile pattern packs.

fn pack_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        write(&dir.path().join(name), text.as_bytes());
    }
    dir
}

/// Cleans `doc` with the packs of `dir`, within 60 s.
fn clean_with_packs(dir: &Path, doc: &Path) -> Output {
    run_limited(
        rinse(&["clean", "-q", "--patterns", path_str(dir), path_str(doc)]),
        Duration::from_secs(60),
    )
    .expect("rinse hung on a hostile pack")
}

#[test]
fn pathological_regexes_are_rejected_or_run_in_linear_time() {
    let docs = tempfile::tempdir().unwrap();
    let doc = docs.path().join("doc.txt");
    // Lines that make backtracking engines explode.
    let mut text = String::new();
    for n in [30, 1000, 100_000] {
        text.push_str(&"a".repeat(n));
        text.push('\n');
    }
    text.push_str(&"ab".repeat(50_000));
    text.push('\n');
    write(&doc, text.as_bytes());
    // What the built-in packs and the signals keep of it: the evil rules
    // must not change that.
    let plain = pack_dir(&[]);
    let baseline = stdout(&clean_with_packs(plain.path(), &doc));
    // Catastrophic in backtracking engines, linear in rinse's: accepted.
    for pattern in ["(a*)*b", "(a|a)*b", "(a|aa)+$x", "(?:a+)+b", "(.*a){20}c"] {
        let dir = pack_dir(&[(
            "eng.toml",
            &format!(
                "[[rule]]\nname = 'evil'\nmatch = '''{pattern}'''\nexamples = ['aab']\nnear_misses = ['b a']\n"
            ),
        )]);
        let started = Instant::now();
        let res = clean_with_packs(dir.path(), &doc);
        assert_eq!(res.status.code(), Some(0), "{pattern}: {}", stderr(&res));
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{pattern}: {:?}",
            started.elapsed()
        );
        assert_eq!(stdout(&res), baseline, "{pattern}");
    }
    // Too big to compile: rejected with the file, the line and the reason.
    for (pattern, reason) in [
        ("a{1000}{1000}", "size limit"),
        ("(?:\\p{L}{1000}){1000}", "size limit"),
        ("\\w{65536}", "repetition"),
        (&format!("{}a{}", "(".repeat(300), ")".repeat(300)), "nest"),
    ] {
        let dir = pack_dir(&[(
            "eng.toml",
            &format!(
                "[[rule]]\nname = 'huge'\n\nmatch = '''{pattern}'''\nexamples = ['a']\nnear_misses = ['b']\n"
            ),
        )]);
        let res = clean_with_packs(dir.path(), &doc);
        assert_eq!(res.status.code(), Some(2), "{pattern}");
        let err = stderr(&res);
        assert!(
            err.contains("eng.toml:4: invalid regex in `match`") && err.contains(reason),
            "{pattern}: {err}"
        );
        assert_eq!(stdout(&res), "", "nothing is cleaned with a broken pack");
    }
}

#[test]
fn malformed_packs_are_errors_naming_file_and_line() {
    let docs = tempfile::tempdir().unwrap();
    let doc = docs.path().join("doc.txt");
    write(&doc, PROSE.as_bytes());
    let rule = "name = 'a'\nmatch = 'x'\nexamples = ['x']\nnear_misses = ['y']\n";
    let cases: Vec<(String, &str, &str)> = vec![
        (
            format!("[[rule]]\n{rule}\n[[rule]]\n{rule}"),
            "eng.toml:8:",
            "duplicate rule name `a` (first defined at line 1)",
        ),
        (
            format!("[[rule]]\n{rule}frobnicate = true\n"),
            "eng.toml:6:",
            "unknown field `frobnicate`",
        ),
        (
            format!("[pack]\nlanguage = ['eng']\n[[rule]]\n{rule}"),
            "eng.toml:2:",
            "unknown field `language`",
        ),
        (
            format!("[[rule]]\n{rule}name = 'b'\n"),
            "eng.toml:6:",
            "duplicate key",
        ),
        (
            format!("[[rule]]\n{rule}within = 'ten'\n"),
            "eng.toml:6:",
            "invalid type",
        ),
        (
            format!("[[rule]]\n{rule}within = -1\n"),
            "eng.toml:6:",
            "invalid value",
        ),
        (
            format!("[[rule]]\n{rule}kind = 'paragraph'\n"),
            "eng.toml:6:",
            "unknown variant `paragraph`",
        ),
        (
            format!(
                "[[rule]]\n{rule}note = {}{}\n",
                "[".repeat(10_000),
                "]".repeat(10_000)
            ),
            "eng.toml:6:",
            "",
        ),
        (
            "[[rule]]\nname = 'a'\nmatch = 'x\n".to_owned(),
            "eng.toml:3:",
            "",
        ),
        (
            "\u{FEFF}[[rule]]\nname = 'a b'\nmatch = 'x'\nexamples = ['x']\nnear_misses = ['y']\n"
                .to_owned(),
            "eng.toml:",
            "rule name `a b`",
        ),
    ];
    for (source, place, message) in &cases {
        let dir = pack_dir(&[("eng.toml", source)]);
        let res = clean_with_packs(dir.path(), &doc);
        assert_eq!(res.status.code(), Some(2), "{source}: {}", stderr(&res));
        let err = stderr(&res);
        assert!(
            err.contains(place) && err.contains(message),
            "{place} {message}:\n{err}"
        );
        assert_eq!(stdout(&res), "");
        // `patterns test DIR` says the same.
        let res = run(&["patterns", "test", path_str(dir.path())]);
        assert_eq!(res.status.code(), Some(2));
        assert!(stderr(&res).contains(place), "{}", stderr(&res));
    }
    // A pack that is not UTF-8 is named.
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("eng.toml"),
        b"[[rule]]\nname = 'caf\xe9'\n",
    );
    let res = clean_with_packs(dir.path(), &doc);
    assert_eq!(res.status.code(), Some(2));
    assert!(stderr(&res).contains("eng.toml"), "{}", stderr(&res));
    // A missing folder is named.
    let res = clean_with_packs(&dir.path().join("missing"), &doc);
    assert_eq!(res.status.code(), Some(2));
    assert!(stderr(&res).contains("missing"), "{}", stderr(&res));
}

#[test]
#[cfg(target_os = "linux")]
fn a_pack_file_of_100_mb_is_refused_without_reading_it() {
    let docs = tempfile::tempdir().unwrap();
    let doc = docs.path().join("doc.txt");
    write(&doc, PROSE.as_bytes());
    let dir = tempfile::tempdir().unwrap();
    let big = fs::File::create(dir.path().join("huge.toml")).unwrap();
    big.set_len(100 << 20).unwrap();
    drop(big);
    for args in [
        vec![
            "clean",
            "-q",
            "--patterns",
            path_str(dir.path()),
            path_str(&doc),
        ],
        vec!["patterns", "test", path_str(dir.path())],
    ] {
        let (res, peak_kb) = run_measured(rinse(&args));
        assert_eq!(res.status.code(), Some(2), "{args:?}: {}", stderr(&res));
        let err = stderr(&res);
        assert!(
            err.contains("huge.toml") && err.contains("larger than a pack file may be"),
            "{err}"
        );
        assert_eq!(stdout(&res), "");
        assert!(
            peak_kb < 64 * 1024,
            "{args:?}: peak RSS {} MB",
            peak_kb / 1024
        );
    }
}

// ---------------------------------------------------------------------------
// One bad file never stops the batch.

#[test]
fn every_good_file_of_a_hostile_folder_is_written_exactly() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let mut good = Vec::new();
    for (name, raw, _) in samples().into_iter().take(12) {
        write(&input.join("good").join(&name), raw.as_bytes());
        good.push(format!("good/{name}"));
    }
    write(&input.join("bad/latin1.txt"), b"caf\xe9\n");
    write(&input.join("bad/image.txt"), b"GIF89a\0\0");
    write(
        &input.join("bad/recs.jsonl"),
        b"{\"text\":\"ok\"}\nnot json\n",
    );
    write(&input.join("bad/broken.jsonl.gz"), b"\x1f\x8b\x08\0\0\0");
    write(&input.join("empty.txt"), b"");
    fs::create_dir_all(input.join("folder.txt")).unwrap();
    symlink(".", input.join("bad/loop")).unwrap();
    symlink("missing.txt", input.join("bad/dangling.txt")).unwrap();
    let before = snapshot(&input);
    let out = dir.path().join("out");
    let res = clean_folder(&input, &out, Duration::from_secs(120)).expect("hung");
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    let err = stderr(&res);
    assert!(
        err.contains(&format!("{} files cleaned", good.len() + 1)) && err.contains(", 4 failed;"),
        "{err}"
    );
    let mut expected = good.clone();
    expected.push("empty.txt".into());
    expected.sort();
    assert_eq!(tree(&out), expected);
    for name in &good {
        let raw = fs::read_to_string(input.join(name)).unwrap();
        assert_same(
            name,
            &rinse::clean(&raw),
            &fs::read_to_string(out.join(name)).unwrap(),
        );
    }
    assert_eq!(snapshot(&input), before, "inputs are never touched");
}

#[test]
fn documents_over_the_size_limit_are_refused_without_reading_them_whole() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    // One line of 64 KB, over a limit of 16 KB; a small file beside it.
    write(&input.join("huge.txt"), "word ".repeat(13_000).as_bytes());
    write(&input.join("small.txt"), PROSE.as_bytes());
    let before = snapshot(&input);
    let out = dir.path().join("out");
    let res = run(&[
        "clean",
        path_str(&input),
        "-o",
        path_str(&out),
        "--max-doc-bytes",
        "16384",
    ]);
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    assert!(
        stderr(&res).contains("huge.txt: larger than the document limit of 16384 bytes"),
        "{}",
        stderr(&res)
    );
    assert!(!out.join("huge.txt").exists());
    assert!(out.join("small.txt").exists());
    assert_eq!(snapshot(&input), before);
    // Standard input too: an endless stream ends in an error, not an abort.
    let res = run_with_stdin(&["clean", "--max-doc-bytes", "1000"], &[b'a'; 5000]);
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    assert!(stderr(&res).contains("<stdin>: larger than the document limit"));
    assert_eq!(stdout(&res), "");
}

// ---------------------------------------------------------------------------
// Compression bombs and files that are not what their names say.

/// `head` followed by `megabytes` MB of the letter `a`, compressed as
/// concatenated gzip members or zstd frames (each decoder reads them as
/// one stream): a file of a few hundred KB that expands without end.
fn bomb(compression: &str, head: &[u8], megabytes: usize) -> Vec<u8> {
    use std::io::Write;
    let compress = |bytes: &[u8]| match compression {
        "gz" => {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            gz.write_all(bytes).unwrap();
            gz.finish().unwrap()
        }
        "zst" => zstd::encode_all(bytes, 19).unwrap(),
        other => panic!("no compression {other}"),
    };
    let a = compress(&[b'a'; 1 << 20]);
    let mut out = compress(head);
    for _ in 0..megabytes {
        out.extend_from_slice(&a);
    }
    out
}

#[cfg(target_os = "linux")] // reads /proc
#[test]
fn compression_bombs_fail_alone_in_bounded_memory() {
    for compression in ["gz", "zst"] {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in");
        // 300 MB of text in one JSON Lines record, and in one text file,
        // each from a file of a few hundred KB.
        let record = bomb(compression, b"{\"text\":\"", 300);
        let text = bomb(compression, b"", 300);
        assert!(record.len() < 2 << 20, "{}", record.len());
        write(&input.join(format!("x.jsonl.{compression}")), &record);
        write(&input.join(format!("x.txt.{compression}")), &text);
        write(
            &input.join("good.jsonl"),
            b"{\"text\":\"The council met on Monday.\"}\n",
        );
        write(&input.join("good.txt"), PROSE.as_bytes());
        let out = dir.path().join("out");
        let mut cmd = rinse(&[
            "clean",
            path_str(&input),
            "-o",
            path_str(&out),
            "-j",
            "2",
            "--max-doc-bytes",
            "4M",
        ]);
        cmd.current_dir(dir.path());
        let (res, peak_kb) = run_measured(cmd);
        let err = stderr(&res);
        assert_eq!(res.status.code(), Some(1), "{err}");
        assert!(
            err.contains(&format!("x.jsonl.{compression}:1: record of "))
                && err.contains("larger than the document limit of 4194304 bytes"),
            "{err}"
        );
        assert!(
            err.contains(&format!(
                "x.txt.{compression}: larger than the document limit of 4194304 bytes"
            )),
            "{err}"
        );
        assert_eq!(tree(&out), ["good.jsonl", "good.txt"], "{err}");
        no_temporary_files(&out);
        // Two workers, each holding at most a few times the 4 MB limit,
        // beside the rule set: far from the 300 MB the bombs expand to.
        assert!(peak_kb < 160_000, "{compression}: peak {peak_kb} KB");
    }
}

#[test]
fn files_that_are_not_what_their_names_say_are_named() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"{\"text\":\"A body.\"}\n").unwrap();
    let gz = gz.finish().unwrap();
    let zst = zstd::encode_all(
        &b"{\"text\":\"A body that is long enough.\"}\n".repeat(40)[..],
        3,
    )
    .unwrap();
    write(&input.join("gzip-inside.txt"), &gz);
    write(&input.join("gzip-inside.jsonl"), &gz);
    write(&input.join("text-inside.txt.gz"), PROSE.as_bytes());
    write(&input.join("truncated.jsonl.zst"), &zst[..zst.len() / 2]);
    write(&input.join("array.json"), b"[{\"text\": \"A body.\"}]\n");
    write(
        &input.join("pretty.json"),
        b"{\n  \"text\": \"A body.\"\n}\n",
    );
    write(&input.join("good.json"), b"{\"text\":\"A body.\"}\n");
    let out = dir.path().join("out");
    let res = run(&["clean", path_str(&input), "-o", path_str(&out)]);
    let err = stderr(&res);
    assert_eq!(res.status.code(), Some(1), "{err}");
    for (name, what) in [
        ("gzip-inside.txt", "gzip data"),
        ("gzip-inside.jsonl", "gzip data in a file not named .gz"),
        ("text-inside.txt.gz", "not gzip data, though named .gz"),
        ("truncated.jsonl.zst", "read error"),
        ("array.json", "a JSON array, not JSON Lines"),
        ("pretty.json", "a JSON document over several lines"),
    ] {
        assert!(err.contains(&format!("{name}: {what}")), "{name}: {err}");
    }
    assert_eq!(tree(&out), ["good.json"], "{err}");
    let cleaned = fs::read_to_string(out.join("good.json")).unwrap();
    assert!(cleaned.contains("\"rinse\":"), "annotated: {cleaned}");
    no_temporary_files(&out);
}

#[test]
fn a_folder_where_nothing_matches_the_extensions_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write(&input.join("a.html"), b"<p>Hello</p>\n");
    write(&input.join("b.md"), PROSE.as_bytes());
    let out = dir.path().join("out");
    let res = run(&["clean", path_str(&input), "-o", path_str(&out)]);
    let err = stderr(&res);
    assert_eq!(res.status.code(), Some(1), "{err}");
    assert!(err.contains("--ext"), "{err}");
    // With the extension named, the same folder is cleaned.
    let res = run(&[
        "clean",
        path_str(&input),
        "-o",
        path_str(&out),
        "--ext",
        "md",
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert_eq!(tree(&out), ["b.md"]);
}
