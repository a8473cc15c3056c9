use crate::util::*;

#[test]
fn library_cleans_every_sample_exactly() {
    for (name, raw, clean) in samples() {
        assert_same(&name, &clean, &rinse::clean(&raw));
    }
}

#[test]
fn cleaning_a_clean_body_changes_nothing() {
    for (name, raw, _) in samples() {
        let once = rinse::clean(&raw);
        assert_same(
            &format!("{name} cleaned twice"),
            &once,
            &rinse::clean(&once),
        );
    }
}

#[test]
fn negative_samples_are_already_clean() {
    // The negative cases are real articles without residue: input == output.
    let negatives: Vec<_> = samples()
        .into_iter()
        .filter(|(n, ..)| n.starts_with("neg-"))
        .collect();
    assert!(negatives.len() >= 14);
    for (name, raw, clean) in negatives {
        assert_eq!(
            raw, clean,
            "{name}: a negative sample's expected output is its input"
        );
    }
}

#[test]
fn every_removed_line_names_its_rule_or_signal() {
    let cleaner = rinse::Cleaner::new();
    for (name, raw, _) in samples() {
        let cleaned = cleaner.clean(&raw);
        for line in cleaned.removed() {
            let removal = line.removal.as_ref().unwrap();
            assert!(!removal.name().is_empty(), "{name}:{}", line.number);
            if let rinse::Removal::Rule { rule, pack } = removal {
                assert!(rule.starts_with(&format!("{pack}/")), "{rule}");
            }
        }
    }
}

#[test]
fn seed_004_keeps_its_subheading() {
    let raw = std::fs::read_to_string(root().join("samples/raw/004_ba4d8fbcfee08a44.txt")).unwrap();
    let clean = rinse::clean(&raw);
    assert!(clean.contains("\nDNA Analysis of Korean Victims of 1942 Floods\n"));
    assert!(!clean.contains("Legal Disclaimer"));
}

#[test]
fn cli_folder_mode_reproduces_every_sample() {
    let out = tempfile::tempdir().unwrap();
    let res = run(&["clean", "samples/raw", "-o", path_str(out.path())]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    for (name, _, clean) in samples() {
        let got = std::fs::read_to_string(out.path().join(&name)).unwrap();
        assert_same(&name, &clean, &got);
    }
}

#[test]
fn cli_stdin_mode_reproduces_every_sample() {
    for (name, raw, clean) in samples() {
        let res = run_with_stdin(&["clean", "-q"], raw.as_bytes());
        assert_eq!(res.status.code(), Some(0), "{name}: {}", stderr(&res));
        assert_same(&name, &clean, &stdout(&res));
    }
}

/// The batch cases: (name, raw, clean) of `samples/batch`.
fn batch() -> Vec<(String, String, String)> {
    let dir = root().join("samples/batch");
    let mut names: Vec<String> = std::fs::read_dir(dir.join("raw"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert!(names.len() >= 10);
    names
        .into_iter()
        .map(|n| {
            let raw = std::fs::read_to_string(dir.join("raw").join(&n)).unwrap();
            let clean = std::fs::read_to_string(dir.join("clean").join(&n)).unwrap();
            (n, raw, clean)
        })
        .collect()
}

#[test]
fn batch_mode_removes_a_sites_template_and_keeps_syndicated_lines() {
    // Library: a first pass over all documents, then each cleaned with it.
    let docs = batch();
    let mut stats = rinse::CorpusStats::default();
    for (_, raw, _) in &docs {
        stats.add_document(raw);
    }
    let cleaner = rinse::Cleaner::new().with_corpus(std::sync::Arc::new(stats.model()));
    for (name, raw, clean) in &docs {
        assert_same(name, clean, &cleaner.clean_text(raw));
        assert_same(&format!("{name} again"), clean, &cleaner.clean_text(clean));
    }
    // The same documents alone keep their site's header lines (no rule
    // knows them, and nothing says they are not the article's), and never
    // lose a line the batch keeps.
    let (_, raw, clean) = &docs[0];
    assert_ne!(&rinse::clean(raw), clean);
    for (name, raw, clean) in docs.iter().filter(|d| d.0.starts_with("riverside")) {
        let alone = rinse::clean(raw);
        assert!(alone.starts_with("Riverside Courier\n"), "{name}: {alone}");
        let mut kept = alone.lines();
        for line in clean.lines() {
            assert!(
                kept.any(|k| k == line),
                "{name} cleaned alone lost {line:?}"
            );
        }
    }
    // CLI: the folder is cleaned in batch mode.
    let out = tempfile::tempdir().unwrap();
    let res = run(&["clean", "samples/batch/raw", "-o", path_str(out.path())]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    for (name, _, clean) in &docs {
        let got = std::fs::read_to_string(out.path().join(name)).unwrap();
        assert_same(name, clean, &got);
    }
}
