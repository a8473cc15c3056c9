use std::fs;
use std::path::Path;

use crate::util::*;

const SEED_002: &str = "samples/raw/002_c58ef528f4fc9b58.txt";

#[test]
fn stdin_to_stdout_with_a_summary_on_stderr() {
    let res = run_with_stdin(
        &["clean"],
        b"Headline\r\nSynopsis\nKey Takeaways\n- a point\nBody text here.",
    );
    assert_eq!(res.status.code(), Some(0));
    assert_eq!(stdout(&res), "Headline\nBody text here.\n");
    let err = stderr(&res);
    assert!(
        err.contains("1 file cleaned, 0 failed; 3 of 5 lines removed"),
        "{err}"
    );
    let quiet = run_with_stdin(&["clean", "--quiet", "-"], b"x\n");
    assert_eq!(stderr(&quiet), "");
}

#[test]
fn folders_are_mirrored_and_only_txt_files_are_taken() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write(&input.join("a.txt"), b"One.\n");
    write(&input.join("sub/deeper/b.txt"), b"Two.\r\n");
    write(&input.join("sub/notes.md"), b"skip me\n");
    let out = dir.path().join("out");
    let res = run(&["clean", path_str(&input), "-o", path_str(&out)]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert_eq!(tree(&out), ["a.txt", "sub/deeper/b.txt"]);
    assert_eq!(
        fs::read_to_string(out.join("sub/deeper/b.txt")).unwrap(),
        "Two.\n"
    );
    // --ext changes which files a folder contributes.
    let out2 = dir.path().join("out2");
    let res = run(&[
        "clean",
        path_str(&input),
        "-o",
        path_str(&out2),
        "--ext",
        "md,txt",
    ]);
    assert_eq!(res.status.code(), Some(0));
    assert_eq!(tree(&out2), ["a.txt", "sub/deeper/b.txt", "sub/notes.md"]);
}

#[test]
fn files_named_explicitly_go_to_out_by_name_whatever_their_extension() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("x/page.text"), b"Body.\n");
    let out = dir.path().join("out");
    let res = run(&[
        "clean",
        path_str(&dir.path().join("x/page.text")),
        SEED_002,
        "-o",
        path_str(&out),
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert_eq!(tree(&out), ["002_c58ef528f4fc9b58.txt", "page.text"]);
}

#[test]
fn several_text_files_to_stdout_are_refused_records_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    write(&a, b"First.\n");
    write(&b, b"Second.\n");
    // Their texts would run together: refused before anything is written.
    let res = run(&["clean", "-q", path_str(&b), path_str(&a)]);
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
    assert_eq!(stdout(&res), "");
    assert!(
        stderr(&res).contains("2 text documents to stdout"),
        "{}",
        stderr(&res)
    );
    // One file goes to stdout; so do several JSON Lines files, whose
    // records keep their boundaries, in order.
    let res = run(&["clean", "-q", path_str(&b)]);
    assert_eq!(
        (res.status.code(), stdout(&res).as_str()),
        (Some(0), "Second.\n")
    );
    let (x, y) = (dir.path().join("x.jsonl"), dir.path().join("y.jsonl"));
    write(&x, b"{\"id\":1,\"text\":\"First.\"}\n");
    write(&y, b"{\"id\":2,\"text\":\"Second.\"}\n");
    let res = run(&["clean", "-q", "--no-annotate", path_str(&y), path_str(&x)]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert_eq!(
        stdout(&res),
        "{\"id\":2,\"text\":\"Second.\\n\"}\n{\"id\":1,\"text\":\"First.\\n\"}\n"
    );
}

#[test]
fn a_bad_file_does_not_stop_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write(&input.join("good.txt"), b"Fine text.\n");
    write(&input.join("bad.txt"), b"caf\xe9 au lait\n");
    write(&input.join("image.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    fs::create_dir_all(input.join("dir.txt")).unwrap(); // a folder is not a file: ignored
    let out = dir.path().join("out");
    let res = run(&["clean", path_str(&input), "-o", path_str(&out)]);
    assert_eq!(res.status.code(), Some(1));
    let err = stderr(&res);
    assert!(
        err.contains("bad.txt: invalid UTF-8 at byte offset 3"),
        "{err}"
    );
    assert!(
        err.contains("image.txt: binary file (NUL byte at offset 8), skipped"),
        "{err}"
    );
    assert!(err.contains("1 file cleaned, 2 failed"), "{err}");
    assert_eq!(tree(&out), ["good.txt"], "no output for failed inputs");
}

#[test]
fn lossy_replaces_invalid_bytes() {
    let res = run_with_stdin(&["clean", "-q", "--lossy"], b"caf\xe9 au lait\n");
    assert_eq!(res.status.code(), Some(0));
    assert_eq!(stdout(&res), "caf\u{FFFD} au lait\n");
}

#[test]
fn unreadable_and_missing_inputs_are_named_and_the_rest_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let not_a_file = dir.path().join("folder.txt");
    fs::create_dir_all(&not_a_file).unwrap();
    let missing = dir.path().join("missing.txt");
    let res = run(&["clean", path_str(&missing), SEED_002, "-o", path_str(&out)]);
    assert_eq!(res.status.code(), Some(1));
    assert!(
        stderr(&res).contains("missing.txt: No such file or directory"),
        "{}",
        stderr(&res)
    );
    assert_eq!(tree(&out), ["002_c58ef528f4fc9b58.txt"]);
}

#[test]
fn empty_files_give_empty_outputs() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("in/empty.txt"), b"");
    write(&dir.path().join("in/blank.txt"), b"\n \r\n\t\n");
    let out = dir.path().join("out");
    let res = run(&[
        "clean",
        path_str(&dir.path().join("in")),
        "-o",
        path_str(&out),
    ]);
    assert_eq!(res.status.code(), Some(0));
    assert_eq!(fs::read(out.join("empty.txt")).unwrap(), b"");
    assert_eq!(fs::read(out.join("blank.txt")).unwrap(), b"");
}

#[test]
fn output_inside_the_input_tree_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write(&input.join("a.txt"), b"A.\n");
    for out in [input.join("out"), input.clone()] {
        let res = run(&["clean", path_str(&input), "-o", path_str(&out)]);
        assert_eq!(res.status.code(), Some(2));
        assert!(
            stderr(&res).contains("inside input folder"),
            "{}",
            stderr(&res)
        );
    }
    assert_eq!(tree(&input), ["a.txt"]);
    assert_eq!(fs::read(input.join("a.txt")).unwrap(), b"A.\n");
}

#[test]
fn an_output_that_would_overwrite_its_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    write(&file, b"Synopsis\nKey Takeaways\n- x\nBody.\n");
    let res = run(&["clean", path_str(&file), "-o", path_str(dir.path())]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        stderr(&res).contains("would be overwritten by its own output"),
        "{}",
        stderr(&res)
    );
    assert_eq!(
        fs::read(&file).unwrap(),
        b"Synopsis\nKey Takeaways\n- x\nBody.\n"
    );
}

#[test]
fn two_inputs_for_one_output_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("x/a.txt"), b"1\n");
    write(&dir.path().join("y/a.txt"), b"2\n");
    let out = dir.path().join("out");
    let x = dir.path().join("x/a.txt");
    let y = dir.path().join("y/a.txt");
    let res = run(&["clean", path_str(&x), path_str(&y), "-o", path_str(&out)]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        stderr(&res).contains("would both be written to"),
        "{}",
        stderr(&res)
    );
    assert!(!out.exists());
}

#[test]
fn usage_errors_exit_2() {
    let res = run(&["clean", "samples/raw"]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        stderr(&res).contains("give an output folder with -o OUT"),
        "{}",
        stderr(&res)
    );
    assert_eq!(run(&["clean", "--no-such-flag"]).status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f");
    write(&file, b"");
    let res = run(&["clean", SEED_002, "-o", path_str(&file)]);
    assert_eq!(res.status.code(), Some(2));
    assert!(stderr(&res).contains("is a file"), "{}", stderr(&res));
}

#[test]
fn outputs_are_replaced_atomically_without_leftovers() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    write(
        &out.join("002_c58ef528f4fc9b58.txt"),
        b"old content that is much longer than nothing\n",
    );
    let res = run(&["clean", SEED_002, "-o", path_str(&out)]);
    assert_eq!(res.status.code(), Some(0));
    assert_eq!(
        tree(&out),
        ["002_c58ef528f4fc9b58.txt"],
        "no temporary files are left"
    );
    let expected =
        fs::read_to_string(root().join("samples/clean/002_c58ef528f4fc9b58.txt")).unwrap();
    assert_eq!(
        fs::read_to_string(out.join("002_c58ef528f4fc9b58.txt")).unwrap(),
        expected
    );
}

#[test]
fn an_unwritable_output_fails_that_file_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // A folder where the output file should go cannot be replaced by a file.
    fs::create_dir_all(out.join("002_c58ef528f4fc9b58.txt/x")).unwrap();
    let res = run(&[
        "clean",
        SEED_002,
        "samples/raw/003_6a20b3f872e24daa.txt",
        "-o",
        path_str(&out),
    ]);
    assert_eq!(res.status.code(), Some(1));
    assert!(stderr(&res).contains("cannot write"), "{}", stderr(&res));
    assert!(out.join("003_6a20b3f872e24daa.txt").is_file());
    assert_eq!(tree(&out), ["003_6a20b3f872e24daa.txt"]);
}

#[test]
fn explain_names_rules_and_languages() {
    let res = run(&["explain", SEED_002]);
    assert_eq!(res.status.code(), Some(0));
    let text = stdout(&res);
    assert!(
        text.starts_with("# samples/raw/002_c58ef528f4fc9b58.txt: eng (Latin"),
        "{text}"
    );
    assert!(
        text.contains("   27 DROP eng   blogger/review-footer  Reviewed by 00000\n"),
        "{text}"
    );
    assert!(text.contains("    1 keep eng"), "{text}");
}

#[test]
fn explain_json_is_one_object_per_file() {
    let res = run(&[
        "explain",
        "--json",
        SEED_002,
        "samples/raw/003_6a20b3f872e24daa.txt",
    ]);
    let text = stdout(&res);
    let docs: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["language"], "eng");
    let lines = docs[0]["lines"].as_array().unwrap();
    let removed: Vec<&str> = lines
        .iter()
        .filter_map(|l| l["removed_by"].as_str())
        .collect();
    assert_eq!(removed, ["blogger/review-footer"; 6]);
    let raw = fs::read(root().join(SEED_002)).unwrap();
    for l in lines {
        // Spans point at the line in the raw input.
        let (a, b) = (
            l["span"][0].as_u64().unwrap() as usize,
            l["span"][1].as_u64().unwrap() as usize,
        );
        assert_eq!(
            std::str::from_utf8(&raw[a..b]).unwrap(),
            l["text"].as_str().unwrap()
        );
    }
    assert!(
        docs[1]["lines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["kept"] == true)
    );
}

#[test]
fn patterns_list_and_test() {
    let res = run(&["patterns", "list"]);
    assert_eq!(res.status.code(), Some(0));
    let text = stdout(&res);
    assert!(text.contains("eng/summary-box"), "{text}");
    assert!(text.contains("einpresswire/legal-disclaimer"), "{text}");
    let res = run(&["patterns", "test"]);
    assert_eq!(res.status.code(), Some(0), "{}", stdout(&res));
    assert!(stdout(&res).ends_with("all pass\n"));
}

#[test]
fn patterns_test_reports_a_failing_example() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("eng.toml"),
        br#"[[rule]]
name = "ads"
match = 'Advertisement'
examples = ["Advertisement", "Sponsored"]
near_misses = ["The advertisement ran for a week."]
"#,
    );
    let res = run(&["patterns", "test", path_str(dir.path())]);
    assert_eq!(res.status.code(), Some(1));
    let text = stdout(&res);
    assert!(
        text.contains("eng.toml:1: rule `eng/ads`: example not removed entirely"),
        "{text}"
    );
    assert!(text.contains("keep Sponsored"), "{text}");
}

#[test]
fn malformed_packs_are_errors_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("eng.toml"),
        b"[[rule]]\nname = \"x\"\nmatch = '(unclosed'\n",
    );
    let res = run_with_stdin(&["clean", "--patterns", path_str(dir.path())], b"x\n");
    assert_eq!(res.status.code(), Some(2));
    let err = stderr(&res);
    assert!(
        err.contains("eng.toml:3: invalid regex in `match`"),
        "{err}"
    );
}

#[test]
fn user_packs_extend_override_and_replace_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("eng.toml"),
        br#"[[rule]]
name = "acme-promo"
phrases = ["Brought to you by Acme"]
examples = ["Brought to you by Acme"]
near_misses = ["The show was brought to you by Acme, the sponsor said."]

# Same name as the built-in rule: replaces it (here: only "Synopsis").
[[rule]]
name = "summary-box"
kind = "block"
where = "head"
phrases = ["Synopsis"]
examples = ["Synopsis\n- a"]
near_misses = ["Synopsis of the plot."]
"#,
    );
    let doc = b"Title\nKey Takeaways\n- The point is made here.\nBrought to you by Acme\nBody sentence.\n";
    let res = run_with_stdin(&["clean", "-q", "--patterns", path_str(dir.path())], doc);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert_eq!(
        stdout(&res),
        "Title\nKey Takeaways\n- The point is made here.\nBody sentence.\n"
    );
    let res = run_with_stdin(&["clean", "-q"], doc);
    assert_eq!(
        stdout(&res),
        "Title\nBrought to you by Acme\nBody sentence.\n"
    );
    let res = run_with_stdin(&["clean", "-q", "--no-default-patterns"], doc);
    assert_eq!(stdout(&res), String::from_utf8_lossy(doc));
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    use std::process::Stdio;
    let big = "A line of article text that is long enough.\n".repeat(200_000);
    let mut child = rinse(&["clean", "-q"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let _ = stdin.write_all(big.as_bytes());
    });
    drop(child.stdout.take()); // the reader goes away
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// Five articles of one site: same header and footer, different stories.
fn site(dir: &Path) {
    for n in 0..5 {
        write(
            &dir.join(format!("site/{n}.txt")),
            format!(
                "Valley Gazette\nTown Hall\nSchools\n\
                 The council met on day {n} to discuss the budget for the coming year, and several members spoke.\n\
                 Residents asked questions about road repairs on day {n}, and the mayor promised an answer soon.\n\
                 Valley Gazette is published every Friday\nWrite to the editor\n"
            )
            .as_bytes(),
        );
    }
}

#[test]
fn folders_learn_their_template_lines() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path());
    let out = dir.path().join("out");
    let res = run(&[
        "clean",
        path_str(&dir.path().join("site")),
        "-o",
        path_str(&out),
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert!(
        stderr(&res).contains("corpus evidence: 5 template lines learned from 5 documents"),
        "{}",
        stderr(&res)
    );
    let cleaned = fs::read_to_string(out.join("3.txt")).unwrap();
    assert!(cleaned.starts_with("The council met on day 3"), "{cleaned}");
    assert!(cleaned.ends_with("an answer soon.\n"), "{cleaned}");
    let explain = run(&["explain", path_str(&dir.path().join("site/3.txt"))]);
    assert!(
        !stdout(&explain).contains("corpus-template"),
        "one file alone has no corpus"
    );
    // Without corpus evidence (or below --min-docs) the lines stay.
    let out2 = dir.path().join("out2");
    // (The page-structure signal would peel the three header lines too.)
    let no_run = ["--disable", "chrome-run"];
    let res = run(&[
        &[
            "clean",
            path_str(&dir.path().join("site")),
            "-o",
            path_str(&out2),
            "--no-corpus",
        ][..],
        &no_run,
    ]
    .concat());
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert!(
        fs::read_to_string(out2.join("3.txt"))
            .unwrap()
            .starts_with("Valley Gazette\n")
    );
    let out3 = dir.path().join("out3");
    run(&[
        &[
            "clean",
            path_str(&dir.path().join("site")),
            "-o",
            path_str(&out3),
            "--min-docs",
            "6",
        ][..],
        &no_run,
    ]
    .concat());
    assert!(
        fs::read_to_string(out3.join("3.txt"))
            .unwrap()
            .starts_with("Valley Gazette\n")
    );
}

#[test]
fn learn_writes_a_reviewable_pack_that_works() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path());
    let packs = dir.path().join("packs");
    fs::create_dir_all(&packs).unwrap();
    let pack = packs.join("valley.toml");
    let res = run(&[
        "learn",
        path_str(&dir.path().join("site")),
        "-o",
        path_str(&pack),
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let text = fs::read_to_string(&pack).unwrap();
    for line in [
        "\"Valley Gazette\", # 5 documents",
        "\"Write to the editor\"",
        "REVIEW before use",
    ] {
        assert!(text.contains(line), "{line} in\n{text}");
    }
    assert!(!text.contains("The council met"), "{text}");
    let res = run(&["patterns", "test", path_str(&packs)]);
    assert_eq!(res.status.code(), Some(0), "{}", stdout(&res));
    // The pack cleans a single page of the site.
    let page = b"Valley Gazette\nTown Hall\nThe library reopened on Monday after a long renovation, the council said.\nWrite to the editor\n";
    let res = run_with_stdin(&["clean", "-q", "--patterns", path_str(&packs)], page);
    assert_eq!(
        stdout(&res),
        "The library reopened on Monday after a long renovation, the council said.\n"
    );
}

#[test]
fn a_corpus_model_gives_a_folder_and_stdin_the_same_batch_mode() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path());
    let folder = dir.path().join("site");
    let model = dir.path().join("valley.rcm");
    // Neither a pack nor a model to write: a usage error.
    let res = run(&["learn", path_str(&folder)]);
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
    let res = run(&[
        "learn",
        path_str(&folder),
        "--corpus-model",
        path_str(&model),
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert!(
        stderr(&res).contains("corpus statistics of 5 documents"),
        "{}",
        stderr(&res)
    );
    let out = dir.path().join("out");
    let res = run(&[
        "clean",
        path_str(&folder),
        "-o",
        path_str(&out),
        "--corpus-model",
        path_str(&model),
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let mut files: Vec<_> = fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in files {
        let raw = fs::read(&file).unwrap();
        let alone = run_with_stdin(&["clean", "-q"], &raw);
        let with_model = run_with_stdin(&["clean", "-q", "--corpus-model", path_str(&model)], &raw);
        let folder_out = fs::read_to_string(out.join(file.file_name().unwrap())).unwrap();
        assert_eq!(stdout(&with_model), folder_out, "{}", file.display());
        // The site's template lines go even from a page cleaned alone.
        assert!(!folder_out.contains("Write to the editor"), "{folder_out}");
        assert!(stdout(&alone).len() >= folder_out.len());
    }
    // A model file that is not one is named; nothing is cleaned.
    fs::write(dir.path().join("bad.rcm"), b"not a model").unwrap();
    let res = run_with_stdin(
        &[
            "clean",
            "--corpus-model",
            path_str(&dir.path().join("bad.rcm")),
        ],
        b"x\n",
    );
    assert_eq!(res.status.code(), Some(2));
    assert!(
        stderr(&res).contains("bad.rcm: corpus model: not a rinse corpus model file"),
        "{}",
        stderr(&res)
    );
    assert_eq!(stdout(&res), "");
}

#[test]
fn disable_names_a_rule_or_a_signal() {
    let doc = b"Title\nSynopsis\nKey Takeaways\n- point\nBody sentence.\n";
    let res = run_with_stdin(&["clean", "-q", "--disable", "eng/summary-box"], doc);
    assert_eq!(stdout(&res), String::from_utf8_lossy(doc));
    let res = run_with_stdin(&["clean", "-q", "--disable", "nope/none"], doc);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        stderr(&res).contains("unknown rule or signal `nope/none`"),
        "{}",
        stderr(&res)
    );
}
