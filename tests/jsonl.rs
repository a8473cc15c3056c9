use std::fs;
use std::io::{Read, Write};
use std::path::Path;

use crate::util::*;

/// JSON Lines of the sample articles, with other fields around the text.
fn records() -> Vec<(String, String)> {
    samples()
        .into_iter()
        .enumerate()
        .map(|(i, (name, raw, _))| {
            let line = format!(
                r#"{{"id": {i},  "name":"{name}", "text":{}, "meta":{{"score":1.50e3,"tags":["a", "b"],"s":"caf\u00e9"}}}}"#,
                serde_json::to_string(&raw).unwrap()
            );
            (raw, line)
        })
        .collect()
}

fn jsonl(records: &[(String, String)]) -> String {
    records.iter().map(|(_, l)| format!("{l}\n")).collect()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn read_any(path: &Path) -> String {
    let bytes = fs::read(path).unwrap();
    let name = path.to_str().unwrap();
    let mut out = String::new();
    if name.ends_with(".gz") {
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_string(&mut out)
            .unwrap();
    } else if name.ends_with(".zst") {
        out = String::from_utf8(zstd::decode_all(&bytes[..]).unwrap()).unwrap();
    } else {
        out = String::from_utf8(bytes).unwrap();
    }
    out
}

/// Checks an output against its input records: same records, same order,
/// every byte outside the text equal, text as the library cleans it.
fn check(input: &[(String, String)], output: &str) {
    let lines: Vec<&str> = output.lines().collect();
    assert_eq!(lines.len(), input.len());
    for ((raw, line_in), line_out) in input.iter().zip(lines) {
        let v: serde_json::Value = serde_json::from_str(line_out).unwrap();
        assert_same(
            "record text",
            &rinse::clean(raw),
            v["text"].as_str().unwrap(),
        );
        // Everything but the text value and the added annotation is byte-identical.
        let text_in = serde_json::to_string(raw).unwrap();
        let at = line_in.find(&text_in).unwrap();
        assert!(line_out.starts_with(&line_in[..at]), "{line_out}");
        let rest_in = &line_in[at + text_in.len()..line_in.len() - 1];
        assert!(
            line_out.contains(&format!("{rest_in},\"rinse\":{{\"language\":")),
            "{line_out}"
        );
        assert!(line_out.ends_with("]}}"), "{line_out}");
        assert_eq!(
            v["rinse"]["lines_removed"].as_u64().unwrap() as usize,
            v["rinse"]["removed"].as_array().unwrap().len()
        );
    }
}

#[test]
fn jsonl_plain_gzip_and_zstd_round_trip() {
    let recs = records();
    let data = jsonl(&recs);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(&input).unwrap();
    fs::write(input.join("a.jsonl"), &data).unwrap();
    fs::write(input.join("b.jsonl.gz"), gzip(data.as_bytes())).unwrap();
    fs::write(
        input.join("c.jsonl.zst"),
        zstd::encode_all(data.as_bytes(), 3).unwrap(),
    )
    .unwrap();
    let out = dir.path().join("out");
    let res = run(&[
        "clean",
        path_str(&input),
        "-o",
        path_str(&out),
        "--no-corpus",
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    for name in ["a.jsonl", "b.jsonl.gz", "c.jsonl.zst"] {
        check(&recs, &read_any(&out.join(name)));
    }
    assert!(
        stderr(&res).contains(&format!("3 files cleaned ({} records)", 3 * recs.len())),
        "{}",
        stderr(&res)
    );
}

#[test]
fn jsonl_from_stdin_to_stdout() {
    let recs = records();
    let res = run_with_stdin(
        &["clean", "--format", "jsonl", "-q"],
        jsonl(&recs).as_bytes(),
    );
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    check(&recs, &stdout(&res));
}

#[test]
fn text_field_and_annotation_options() {
    let input = "{\"body\":\"Title\\nSynopsis\\nKey Takeaways\\n- x\\nBody sentence.\",\"text\":\"keep me\"}\n";
    let res = run_with_stdin(
        &[
            "clean",
            "--format",
            "jsonl",
            "-q",
            "--text-field",
            "body",
            "--annotate-field",
            "clean_info",
        ],
        input.as_bytes(),
    );
    let out = stdout(&res);
    assert!(
        out.starts_with(
            "{\"body\":\"Title\\nBody sentence.\\n\",\"text\":\"keep me\",\"clean_info\":{"
        ),
        "{out}"
    );
    let res = run_with_stdin(
        &[
            "clean",
            "--format",
            "jsonl",
            "-q",
            "--text-field",
            "body",
            "--no-annotate",
        ],
        input.as_bytes(),
    );
    assert_eq!(
        stdout(&res),
        "{\"body\":\"Title\\nBody sentence.\\n\",\"text\":\"keep me\"}\n"
    );
}

#[test]
fn malformed_records_are_named_and_withhold_the_file_unless_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    fs::write(
        &input,
        "{\"text\":\"One.\"}\n{\"text\": 12}\nnot json\n{\"body\":\"x\"}\n{\"text\":\"Two.\"}\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let res = run(&["clean", path_str(&input), "-o", path_str(&out)]);
    assert_eq!(res.status.code(), Some(1));
    let err = stderr(&res);
    for msg in [
        "in.jsonl:2: field `text` is not a string",
        "in.jsonl:3: not a JSON object",
        "in.jsonl:4: no field `text`",
        "3 bad records (malformed or over the size limit): output not written",
    ] {
        assert!(err.contains(msg), "{msg} in {err}");
    }
    assert!(!out.join("in.jsonl").exists());
    let res = run(&[
        "clean",
        path_str(&input),
        "-o",
        path_str(&out),
        "--skip-bad",
        "--no-annotate",
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert!(stderr(&res).contains("warning: "), "{}", stderr(&res));
    assert_eq!(
        fs::read_to_string(out.join("in.jsonl")).unwrap(),
        "{\"text\":\"One.\\n\"}\n{\"text\": 12}\nnot json\n{\"body\":\"x\"}\n{\"text\":\"Two.\\n\"}\n"
    );
}

#[test]
fn empty_records_are_kept_or_dropped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let input = "{\"id\":1,\"text\":\"\\u200b\\n\"}\n{\"id\":2,\"text\":\"Kept.\"}\n";
    let report = dir.path().join("r.json");
    let res = run_with_stdin(
        &[
            "clean",
            "--format",
            "jsonl",
            "-q",
            "--no-annotate",
            "--report",
            path_str(&report),
        ],
        input.as_bytes(),
    );
    assert_eq!(
        stdout(&res),
        "{\"id\":1,\"text\":\"\"}\n{\"id\":2,\"text\":\"Kept.\\n\"}\n"
    );
    let r: serde_json::Value = serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(
        (
            r["records"].as_u64(),
            r["empty_records"].as_u64(),
            r["dropped_records"].as_u64()
        ),
        (Some(2), Some(1), Some(0))
    );
    let res = run_with_stdin(
        &[
            "clean",
            "--format",
            "jsonl",
            "-q",
            "--no-annotate",
            "--drop-empty",
            "--report",
            path_str(&report),
        ],
        input.as_bytes(),
    );
    assert_eq!(stdout(&res), "{\"id\":2,\"text\":\"Kept.\\n\"}\n");
    let r: serde_json::Value = serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(r["dropped_records"].as_u64(), Some(1));
}

#[test]
fn order_is_kept_under_parallelism() {
    let mut input = String::new();
    for i in 0..5000 {
        input.push_str(&format!("{{\"id\":{i},\"text\":\"Line {i} of the story, told in a sentence.\\nShare\\nTweet\\nEmail\"}}\n"));
    }
    let res = run_with_stdin(
        &[
            "clean",
            "--format",
            "jsonl",
            "-q",
            "-j",
            "2",
            "--no-annotate",
        ],
        input.as_bytes(),
    );
    assert_eq!(res.status.code(), Some(0));
    let ids: Vec<u64> = stdout(&res)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(ids, (0..5000).collect::<Vec<u64>>());
}

#[test]
fn reports_count_rules_signals_and_languages() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let out = dir.path().join("out");
    let res = run(&[
        "clean",
        "samples/raw",
        "-o",
        path_str(&out),
        "--report",
        path_str(&report),
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let r: serde_json::Value = serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(r["files"].as_u64().unwrap() as usize, samples().len());
    assert_eq!(
        r["removed_by_rule"]["blogger/review-footer"].as_u64(),
        Some(18)
    );
    assert!(r["removed_by_signal"]["chrome-run"].as_u64().unwrap() > 10);
    assert!(r["documents_by_language"]["eng"].as_u64().unwrap() > 10);
    assert!(r["errors"].as_array().unwrap().is_empty());
    let total: u64 = ["removed_by_rule", "removed_by_signal"]
        .iter()
        .flat_map(|k| {
            r[k].as_object()
                .unwrap()
                .values()
                .map(|v| v.as_u64().unwrap())
        })
        .sum();
    assert_eq!(total, r["lines_removed"].as_u64().unwrap());
}

#[test]
fn diff_shows_what_would_go_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let res = run(&[
        "clean",
        "--diff",
        "samples/raw/002_c58ef528f4fc9b58.txt",
        "-o",
        path_str(&out),
    ]);
    assert_eq!(res.status.code(), Some(0));
    assert_eq!(
        stdout(&res),
        "--- a/samples/raw/002_c58ef528f4fc9b58.txt\n+++ b/samples/raw/002_c58ef528f4fc9b58.txt\n\
         @@ -27,6 +26,0 @@ blogger/review-footer\n-Reviewed by 00000\n-on\n-اگست 23, 2025\n-Rating:\n-کوئی تبصرے نہیں:\n-ایک تبصرہ شائع کریں\n"
    );
    assert!(!out.exists());
    let input = "{\"text\":\"A.\"}\n{\"text\":\"Title\\nSynopsis\\nKey Takeaways\\n- x\\nBody sentence.\"}\n";
    let res = run_with_stdin(&["clean", "--format", "jsonl", "--diff"], input.as_bytes());
    assert_eq!(
        stdout(&res),
        "--- a/<stdin>:2\n+++ b/<stdin>:2\n@@ -2,3 +1,0 @@ eng/summary-box\n-Synopsis\n-Key Takeaways\n-- x\n"
    );
}

/// Peak memory on a large input. Slow: run with
/// `cargo test --release --test integration -- --ignored memory`.
#[cfg(target_os = "linux")] // reads /proc
#[test]
#[ignore]
fn memory_stays_bounded_on_a_300_mb_jsonl_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.jsonl");
    let mut f = std::io::BufWriter::new(fs::File::create(&input).unwrap());
    let recs = records();
    let mut written = 0;
    while written < 300 << 20 {
        for (_, line) in &recs {
            writeln!(f, "{line}").unwrap();
            written += line.len() + 1;
        }
    }
    f.flush().unwrap();
    drop(f);
    let out = dir.path().join("out");
    let child = rinse(&[
        "clean",
        path_str(&input),
        "-o",
        path_str(&out),
        "-q",
        "--no-corpus",
    ])
    .spawn()
    .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    let mut child = child;
    loop {
        if let Ok(status) = fs::read_to_string(&status_file) {
            for line in status.lines().filter(|l| l.starts_with("VmHWM:")) {
                peak_kb = peak_kb.max(line.split_whitespace().nth(1).unwrap().parse().unwrap());
            }
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(out.join("big.jsonl").metadata().unwrap().len() > 200 << 20);
    eprintln!("peak RSS: {} MB", peak_kb / 1024);
    assert!(peak_kb < 200 * 1024, "peak RSS {} MB", peak_kb / 1024);
}

#[test]
fn dolma_shards_are_json_lines_by_name_and_content() {
    // A folder of `.json.gz`, `.ndjson` and `.json` shards with the text at
    // a dotted path: each cleaned as JSON Lines, none as plain text.
    let recs = records();
    let data = jsonl(&recs);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(&input).unwrap();
    fs::write(input.join("part-0.json.gz"), gzip(data.as_bytes())).unwrap();
    fs::write(input.join("part-1.ndjson"), &data).unwrap();
    let nested: String = recs
        .iter()
        .enumerate()
        .map(|(i, (raw, _))| {
            format!(
                "{{\"id\":\"doc-{i}\",\"metadata\":{{\"body\":{}}}}}\n",
                serde_json::to_string(raw).unwrap()
            )
        })
        .collect();
    let nested_in = dir.path().join("nested.json");
    fs::write(&nested_in, &nested).unwrap();
    let out = dir.path().join("out");
    let res = run(&[
        "clean",
        path_str(&input),
        "-o",
        path_str(&out),
        "--no-corpus",
        "-j",
        "0",
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    check(&recs, &read_any(&out.join("part-0.json.gz")));
    check(&recs, &read_any(&out.join("part-1.ndjson")));
    // The dotted path reaches the nested text; other fields pass through.
    let res = run(&[
        "clean",
        path_str(&nested_in),
        "-o",
        path_str(&out),
        "--no-corpus",
        "--text-field",
        "metadata.body",
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let cleaned = read_any(&out.join("nested.json"));
    for (i, ((raw, _), line)) in recs.iter().zip(cleaned.lines()).enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["id"], format!("doc-{i}"));
        assert_same(
            "nested text",
            &rinse::clean(raw),
            v["metadata"]["body"].as_str().unwrap(),
        );
    }
}

#[test]
fn records_are_named_by_id_and_too_large_ones_fail_alone() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let big = "word ".repeat(3000);
    fs::write(
        &input,
        format!(
            "{{\"id\":\"a-1\",\"text\":\"One.\"}}\n{{\"id\":\"b-2\",\"text\":5}}\n\
             {{\"id\":\"c-3\",\"text\":\"{big}\"}}\n{{\"id\":\"d-4\",\"text\":\"a\\nb\"}}\n"
        ),
    )
    .unwrap();
    let report = dir.path().join("report.json");
    let res = run(&[
        "clean",
        path_str(&input),
        "--format",
        "jsonl",
        "--id-field",
        "id",
        "--max-doc-bytes",
        "10K",
        "--skip-bad",
        "--report",
        path_str(&report),
    ]);
    let err = stderr(&res);
    assert_eq!(res.status.code(), Some(0), "{err}");
    assert!(
        err.contains("in.jsonl:2 (id b-2): field `text` is not a string"),
        "{err}"
    );
    assert!(
        err.contains(
            "in.jsonl:3: record of 15022 bytes is larger than the document limit of 10240 bytes"
        ),
        "{err}"
    );
    let out = stdout(&res);
    let lines: Vec<&str> = out.lines().collect();
    // The record over the limit is left out; the malformed one passes through.
    assert_eq!(lines.len(), 3, "{out}");
    assert_eq!(lines[1], "{\"id\":\"b-2\",\"text\":5}");
    // Too short to tell: undetermined, not a guess.
    let v: serde_json::Value = serde_json::from_str(lines[2]).unwrap();
    assert_eq!(v["rinse"]["language"], "und", "{}", lines[2]);
    assert_eq!(v["rinse"]["language_639_1"], serde_json::Value::Null);
    assert_eq!(v["rinse"]["confidence"], 0.0);
    // The report says which rinse ran with which options.
    let r: serde_json::Value = serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(r["rinse_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(r["options"]["id_field"], "id");
    assert_eq!(r["options"]["max_doc_bytes"], 10240);
    assert_eq!(r["bad_records"], 2);
}

#[test]
fn report_errors_are_structured() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(&input).unwrap();
    fs::write(
        input.join("a.jsonl"),
        "{\"id\":\"x1\",\"text\":5}\n{\"text\":\"ok\"}\n",
    )
    .unwrap();
    fs::write(input.join("b.txt"), gzip(b"gzip under a text name")).unwrap();
    let (out, report) = (dir.path().join("out"), dir.path().join("r.json"));
    let res = run(&[
        "clean",
        path_str(&input),
        "-o",
        path_str(&out),
        "--id-field",
        "id",
        "--report",
        path_str(&report),
    ]);
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    let r: serde_json::Value = serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    let errors = r["errors"].as_array().unwrap();
    let a = path_str(&input.join("a.jsonl")).to_owned();
    let b = path_str(&input.join("b.txt")).to_owned();
    let find = |path: &str, kind: &str| {
        errors
            .iter()
            .find(|e| e["path"] == path && e["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} error of {path} in {errors:?}"))
    };
    let record = find(&a, "record");
    assert_eq!(record["record"], 1);
    assert_eq!(record["id"], "x1");
    assert_eq!(record["message"], "field `text` is not a string");
    // The same error, as printed.
    assert!(
        stderr(&res).contains(&format!("{a}:1 (id x1): field `text` is not a string")),
        "{}",
        stderr(&res)
    );
    let input_error = find(&b, "input");
    assert!(input_error["record"].is_null());
    assert!(
        input_error["message"]
            .as_str()
            .unwrap()
            .starts_with("gzip data, not text"),
        "{input_error}"
    );
}

#[test]
fn dolma_attributes_are_written_beside_the_documents_in_characters() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("ds/documents");
    fs::create_dir_all(&docs).unwrap();
    // Two-byte letters before the residue: characters and bytes differ.
    let text = "Заголовок статьи\nSynopsis\nKey Takeaways\n- Один пункт.\nТекст статьи идёт здесь, и он достаточно длинный.\n";
    let records = format!(
        "{{\"id\":\"doc-1\",\"text\":{},\"source\":\"web\"}}\nnot json\n{{\"id\":\"doc-3\",\"text\":\"Body.\"}}\n",
        serde_json::to_string(text).unwrap()
    );
    fs::write(docs.join("part.jsonl"), &records).unwrap();
    let out = dir.path().join("out");
    let res = run(&[
        "clean",
        path_str(&docs),
        "-o",
        path_str(&out),
        "--no-corpus",
        "--skip-bad",
        "--dolma-attributes",
        "exp",
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let attributes = fs::read_to_string(dir.path().join("ds/attributes/exp/part.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = attributes
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // One line per document line, in order, the malformed one empty.
    assert_eq!(lines.len(), 3, "{attributes}");
    assert_eq!(lines[0]["id"], "doc-1");
    assert_eq!(lines[0]["source"], "web");
    assert_eq!(lines[1]["attributes"], serde_json::json!({}));
    assert_eq!(lines[2]["id"], "doc-3");
    let spans = lines[0]["attributes"]["exp__rinse__residue"]
        .as_array()
        .unwrap();
    let chars: Vec<char> = text.chars().collect();
    let removed: Vec<String> = spans
        .iter()
        .map(|s| {
            let (a, b) = (
                s[0].as_u64().unwrap() as usize,
                s[1].as_u64().unwrap() as usize,
            );
            assert_eq!(s[2], 1.0);
            chars[a..b].iter().collect()
        })
        .collect();
    // Each removed line with its line break: Dolma's mixer, replacing the
    // spans with nothing, leaves the text without them and no blank line.
    assert_eq!(
        removed,
        ["Synopsis\n", "Key Takeaways\n", "- Один пункт.\n"]
    );
    let mut mixed = chars.clone();
    for s in spans.iter().rev() {
        mixed.drain(s[0].as_u64().unwrap() as usize..s[1].as_u64().unwrap() as usize);
    }
    assert_eq!(
        mixed.iter().collect::<String>(),
        "Заголовок статьи\nТекст статьи идёт здесь, и он достаточно длинный.\n"
    );
    let language = lines[0]["attributes"]["exp__rinse__language_rus"][0]
        .as_array()
        .unwrap();
    assert_eq!(language[1].as_u64().unwrap() as usize, chars.len());
    // Inputs must lie under a documents folder; the dataset's root is
    // refused, since its attributes would land inside the input.
    let res = run(&[
        "clean",
        path_str(&dir.path().join("ds")),
        "-o",
        path_str(&dir.path().join("out2")),
        "--dolma-attributes",
        "exp2",
    ]);
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    assert!(
        stderr(&res).contains("Dolma attributes"),
        "{}",
        stderr(&res)
    );
    assert!(!dir.path().join("ds/attributes/exp2").exists());
    let plain = dir.path().join("plain.jsonl");
    fs::write(&plain, "{\"id\":1,\"text\":\"Body.\"}\n").unwrap();
    let res = run(&[
        "clean",
        path_str(&plain),
        "-o",
        path_str(&dir.path().join("out3")),
        "--dolma-attributes",
        "exp",
    ]);
    assert!(
        stderr(&res).contains("not under a `documents` folder"),
        "{}",
        stderr(&res)
    );
}
