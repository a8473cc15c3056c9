//! The labelled samples of `samples/labelled/` (see its README): every `K`
//! line is kept and every `D` line removed, each article cleaned alone;
//! `d` lines (residue rinse is known to keep) and `E` lines are not checked.

use crate::util::*;

/// (file name, [(label, text)]) of every labelled sample.
fn labelled() -> Vec<(String, Vec<(char, String)>)> {
    let dir = root().join("samples/labelled");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let text = std::fs::read_to_string(dir.join(&n)).unwrap();
            let lines = text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .enumerate()
                .map(|(i, l)| {
                    let (label, rest) = l.split_once(' ').unwrap_or((l, ""));
                    let label = match label {
                        "K" | "D" | "d" | "E" => label.chars().next().unwrap(),
                        _ => panic!("{n}:{}: label must be K, D, d or E: {l:?}", i + 1),
                    };
                    (label, rest.to_owned())
                })
                .collect();
            (n, lines)
        })
        .collect()
}

#[test]
fn every_labelled_line_gets_its_label() {
    let samples = labelled();
    assert!(samples.len() >= 40, "{} labelled samples", samples.len());
    let cleaner = rinse::Cleaner::new();
    let mut wrong = Vec::new();
    for (name, lines) in &samples {
        let raw: String = lines.iter().map(|(_, t)| format!("{t}\n")).collect();
        let cleaned = cleaner.clean(&raw);
        assert_eq!(cleaned.lines().len(), lines.len(), "{name}: a blank line");
        for ((label, text), line) in lines.iter().zip(cleaned.lines()) {
            let why = line.removal.as_ref().map_or("kept", |r| r.name());
            match label {
                'K' if !line.kept() => wrong.push(format!(
                    "{name}:{}: K line removed by {why}: {text}",
                    line.number
                )),
                'D' if line.kept() => {
                    wrong.push(format!("{name}:{}: D line kept: {text}", line.number))
                }
                _ => {}
            }
        }
        // Cleaning the output again changes nothing.
        let once = cleaned.text();
        assert_eq!(cleaner.clean_text(&once), once, "{name} cleaned twice");
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn clean_labelled_articles_come_out_unchanged() {
    let cleaner = rinse::Cleaner::new();
    let mut clean = 0;
    for (name, lines) in labelled() {
        if lines.iter().any(|(l, _)| matches!(l, 'D' | 'd')) {
            continue;
        }
        clean += 1;
        let raw: String = lines.iter().map(|(_, t)| format!("{t}\n")).collect();
        assert_same(
            &name,
            &rinse::normalize::normalize(&raw),
            &cleaner.clean_text(&raw),
        );
    }
    assert!(clean >= 10, "{clean} clean labelled articles");
}
