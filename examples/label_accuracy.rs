//! How right are rinse's per-line language labels? Compared with running
//! whatlang's `detect` on every line, on lines of 40+ characters.
//!
//!     cargo run --release --example label_accuracy -- CORPUS [DOCS_PER_LANGUAGE]
//!
//! CORPUS holds `<lang>/<source>/*.txt` with ISO 639-1 folder names (the
//! development corpus does). Each document keeps its lines, and one line of
//! 40+ characters from a document in another language is inserted into it
//! (a quotation, a foreign footer), so the test covers lines in the
//! document's language and lines that are not. A line's gold label is the
//! language of the document it came from.

use std::collections::BTreeMap;
use std::path::Path;

use rinse::Language as Lang;

/// The language of a corpus folder, named by its ISO 639-1 code.
fn lang_of(folder: &str) -> Option<Lang> {
    Lang::from_code(folder)
}

/// A small deterministic generator (no dependency needed).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(root) = args.get(1) else {
        eprintln!("usage: label_accuracy CORPUS [DOCS_PER_LANGUAGE]");
        std::process::exit(2);
    };
    let per_lang: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(200);
    let mut docs: Vec<(Lang, Vec<String>)> = Vec::new();
    let mut folders: Vec<_> = std::fs::read_dir(root)
        .expect("corpus folder")
        .filter_map(|e| e.ok())
        .collect();
    folders.sort_by_key(|e| e.file_name());
    for folder in folders {
        let Some(lang) = folder.file_name().to_str().and_then(lang_of) else {
            continue;
        };
        let mut files: Vec<_> = walkdir::WalkDir::new(folder.path())
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
            .map(|e| e.path().to_owned())
            .collect();
        files.sort();
        let step = (files.len() / per_lang).max(1);
        for path in files.iter().step_by(step).take(per_lang) {
            let text = std::fs::read_to_string(Path::new(path)).unwrap_or_default();
            let lines: Vec<String> = rinse::normalize::lines(&text)
                .into_iter()
                .map(|l| l.text.into_owned())
                .collect();
            docs.push((lang, lines));
        }
    }
    let long = |l: &String| l.chars().count() >= 40;
    let pool: Vec<(Lang, String)> = docs
        .iter()
        .flat_map(|(lang, lines)| {
            lines
                .iter()
                .filter(|l| long(l))
                .map(move |l| (*lang, l.clone()))
        })
        .collect();
    let cleaner = rinse::Cleaner::builder()
        .default_patterns(false)
        .build()
        .expect("cleaner");
    let mut rng = Lcg(7);
    let (mut total, mut rinse_ok, mut whatlang_ok) = (0usize, 0usize, 0usize);
    let (mut f_total, mut f_rinse, mut f_whatlang) = (0usize, 0usize, 0usize);
    let mut per: BTreeMap<&'static str, (usize, usize, usize)> = BTreeMap::new();
    for (lang, lines) in &docs {
        // One foreign line, somewhere in the document.
        let mut gold: Vec<Lang> = vec![*lang; lines.len()];
        let mut lines = lines.clone();
        let candidates: Vec<&(Lang, String)> = (0..20)
            .map(|_| &pool[rng.next(pool.len())])
            .filter(|(l, _)| l != lang)
            .collect();
        if let Some((other, line)) = candidates.first() {
            let at = rng.next(lines.len() + 1);
            lines.insert(at, line.clone());
            gold.insert(at, *other);
        }
        let text = lines.join("\n");
        let cleaned = cleaner.clean(&text);
        for (report, gold) in cleaned.lines().iter().zip(&gold) {
            if report.text.chars().count() < 40 {
                continue;
            }
            let r = report.lang.language() == Some(*gold);
            let w = whatlang::detect_lang(&report.text).map(|l| l.code()) == Some(gold.code());
            total += 1;
            rinse_ok += usize::from(r);
            whatlang_ok += usize::from(w);
            if gold != lang {
                f_total += 1;
                f_rinse += usize::from(r);
                f_whatlang += usize::from(w);
            }
            let e = per.entry(gold.code()).or_default();
            e.0 += 1;
            e.1 += usize::from(r);
            e.2 += usize::from(w);
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "lines of 40+ characters: {total} in {} documents",
        docs.len()
    );
    println!("rinse labels:     {:.2}% right", pct(rinse_ok, total));
    println!("whatlang detect:  {:.2}% right", pct(whatlang_ok, total));
    println!(
        "inserted foreign lines ({f_total}): rinse {:.2}%, whatlang {:.2}%",
        pct(f_rinse, f_total),
        pct(f_whatlang, f_total)
    );
    for (code, (n, r, w)) in per {
        println!(
            "  {code}: {n} lines, rinse {:.1}%, whatlang {:.1}%",
            pct(r, n),
            pct(w, n)
        );
    }
}
