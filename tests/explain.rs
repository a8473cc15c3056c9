//! The golden explanations: `samples/explain/<case>.json` is what
//! `rinse explain --json` says of `samples/raw/<case>.txt` (the golden
//! samples) and of each labelled sample, as `scripts/update-explain.sh`
//! wrote it: for every line whether it is kept, the rule, signal or block
//! that removed it, its region in the article model and its score (two
//! decimals), and the blocks the model removed.
//! A change of rules or weights shows here line by line; review the diff,
//! then rerun the script.

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
