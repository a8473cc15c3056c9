//! The golden explanations: `samples/explain/<case>.json` is what
//! `rinse explain --json` says of `samples/raw/<case>.txt` (the golden
//! samples) and of each labelled sample, as `scripts/update-explain.sh`
//! wrote it: for every line whether it is kept, the rule, signal or block
//! that removed it, its region in the article model and its score (two
//! decimals), and the blocks the model removed.
//! A change of rules or weights shows here line by line; review the diff,
//! then rerun the script.

use std::fs;

use crate::util::*;

fn compare(name: &str, input: &std::path::Path, golden: &std::path::Path) -> Option<String> {
    let expected = match std::fs::read_to_string(golden) {
        Ok(text) => text,
        Err(_) => {
            return Some(format!(
                "{name}: no golden explanation (run scripts/update-explain.sh)"
            ));
        }
    };
    let res = run(&["explain", "--json", "--no-corpus", path_str(input)]);
    assert_eq!(res.status.code(), Some(0), "{name}: {}", stderr(&res));
    let got = project(&serde_json::from_slice(&res.stdout).unwrap());
    let want: serde_json::Value = serde_json::from_str(&expected).unwrap();
    if got == want {
        return None;
    }
    let (g, w) = (&got["lines"], &want["lines"]);
    let n = g
        .as_array()
        .map_or(0, |a| a.len())
        .max(w.as_array().map_or(0, |a| a.len()));
    for i in 0..n {
        if g[i] != w[i] {
            return Some(format!(
                "{name}: line {} differs from the golden explanation:\n  expected: {}\n  got:      {}",
                i + 1,
                w[i],
                g[i]
            ));
        }
    }
    Some(format!(
        "{name}: blocks or document language differ:\n  expected: {}\n  got:      {}",
        want["blocks"], got["blocks"]
    ))
}

/// The decisions of an explanation, as the golden files keep them.
fn project(doc: &serde_json::Value) -> serde_json::Value {
    use serde_json::json;
    let round = |v: &serde_json::Value| (v.as_f64().unwrap() * 100.0).round() / 100.0;
    let lines: Vec<_> = doc["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            json!({"number": l["number"], "kept": l["kept"], "removed_by": l["removed_by"],
                   "region": l["region"], "score": round(&l["score"])})
        })
        .collect();
    let blocks: Vec<_> = doc["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| json!({"region": b["region"], "first": b["first"], "last": b["last"], "score": round(&b["score"])}))
        .collect();
    json!({"language": doc["language"], "script": doc["script"], "lines": lines, "blocks": blocks})
}

#[test]
fn every_sample_is_explained_as_its_golden_file_says() {
    let dir = root().join("samples/explain");
    let tmp = tempfile::tempdir().unwrap();
    let mut diffs = Vec::new();
    let mut n = 0;
    for (name, raw, _) in samples() {
        let input = tmp.path().join(&name);
        std::fs::write(&input, raw).unwrap();
        let golden = dir.join(name.replace(".txt", ".json"));
        diffs.extend(compare(&name, &input, &golden));
        n += 1;
    }
    for entry in std::fs::read_dir(root().join("samples/labelled")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        // The article without its labels.
        let text: String = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| format!("{}\n", l.split_once(' ').map_or("", |(_, t)| t)))
            .collect();
        let input = tmp.path().join(format!("labelled-{name}"));
        std::fs::write(&input, text).unwrap();
        let golden = dir.join(format!("labelled-{}", name.replace(".txt", ".json")));
        diffs.extend(compare(&name, &input, &golden));
        n += 1;
    }
    assert!(n >= 40, "{n} samples");
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

#[test]
fn json_lines_are_explained_record_by_record_with_their_ids() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("shard.jsonl");
    let doc = "Lee meets Aso in Tokyo\nSynopsis\nKey Takeaways\n- Leaders focus on ties.\nSeoul, Jan 16 (NationPress) The two men met on Friday.\n";
    fs::write(
        &input,
        format!(
            "{{\"id\":\"a\",\"text\":{}}}\nnot json\n{{\"id\":\"c\",\"text\":\"Body.\"}}\n",
            serde_json::to_string(doc).unwrap()
        ),
    )
    .unwrap();
    let res = run(&["explain", path_str(&input), "--json", "--id-field", "id"]);
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    assert!(
        stderr(&res).contains("shard.jsonl:2: not a JSON object"),
        "{}",
        stderr(&res)
    );
    let docs: Vec<serde_json::Value> = stdout(&res)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 2);
    assert!(
        docs[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("shard.jsonl:1 (id a)")
    );
    assert!(
        docs[1]["file"]
            .as_str()
            .unwrap()
            .ends_with("shard.jsonl:3 (id c)")
    );
    // The record is explained as its text alone is.
    let alone = run_with_stdin(&["explain", "--json"], doc.as_bytes());
    let alone: serde_json::Value = serde_json::from_str(stdout(&alone).trim()).unwrap();
    assert_eq!(docs[0]["lines"], alone["lines"]);
}
