use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample cases: (name, raw text, expected clean text).
pub fn samples() -> Vec<(String, String, String)> {
    let raw_dir = root().join("samples/raw");
    let mut names: Vec<String> = std::fs::read_dir(&raw_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    assert!(names.len() >= 20, "samples/raw holds the golden cases");
    names
        .into_iter()
        .map(|n| {
            let raw = std::fs::read_to_string(raw_dir.join(&n)).unwrap();
            let clean = std::fs::read_to_string(root().join("samples/clean").join(&n))
                .unwrap_or_else(|_| panic!("samples/clean/{n} is missing"));
            (n, raw, clean)
        })
        .collect()
}

/// The `rinse` binary with arguments.
pub fn rinse(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rinse"));
    cmd.args(args).current_dir(root());
    cmd
}

/// Runs `rinse` with `stdin` as standard input.
pub fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = rinse(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// Runs `rinse` and returns its output.
pub fn run(args: &[&str]) -> Output {
    rinse(args).stdin(Stdio::null()).output().unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Asserts two texts are equal, showing a line diff when they are not.
#[track_caller]
pub fn assert_same(what: &str, expected: &str, got: &str) {
    if expected == got {
        return;
    }
    let mut report = format!("{what}: output differs from the expected text\n");
    let exp: Vec<&str> = expected.split_inclusive('\n').collect();
    let got_lines: Vec<&str> = got.split_inclusive('\n').collect();
    for i in 0..exp.len().max(got_lines.len()) {
        match (exp.get(i), got_lines.get(i)) {
            (Some(a), Some(b)) if a == b => {}
            (a, b) => {
                report.push_str(&format!(
                    "line {}:\n  expected: {:?}\n  got:      {:?}\n",
                    i + 1,
                    a,
                    b
                ));
            }
        }
    }
    panic!("{report}");
}

/// Writes `data` to `path`, creating its folders.
pub fn write(path: &Path, data: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, data).unwrap();
}

/// Every file (or symbolic link) under `dir`, relative, sorted.
pub fn tree(dir: &Path) -> Vec<String> {
    if !dir.exists() {
        return Vec::new();
    }
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    files
}
