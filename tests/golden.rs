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
