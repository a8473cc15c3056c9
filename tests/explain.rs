//! The golden explanations: `samples/explain/<case>.json` is what
//! `rinse explain --json` says of `samples/raw/<case>.txt` (the golden
//! samples) and of each labelled sample, as `scripts/update-explain.sh`
//! wrote it: for every line its decision, the rule, signal or block that
//! removed it, its region in the article model, its features and score.
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
    let mut got: serde_json::Value = serde_json::from_slice(&res.stdout).unwrap();
    let mut want: serde_json::Value = serde_json::from_str(&expected).unwrap();
    // The file name depends on where the input was written.
    got["file"] = serde_json::Value::Null;
    want["file"] = serde_json::Value::Null;
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
