//! Necessary literals of a regex: strings one of which every match must
//! contain (lower-cased), so that one Aho-Corasick pass over a line tells
//! which regex rules can possibly match it.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Most strings in a necessary set; more means no useful constraint.
const MAX_SET: usize = 64;

/// The necessary literals of a whole-line pattern (parsed as `hir`),
/// lower-cased, or `None` when the pattern gives no useful constraint (then
/// the rule is always tried).
pub(crate) fn necessary(hir: &Hir) -> Option<Vec<String>> {
    let set = need(hir)?;
    // A one-byte literal (".", ":") is in almost every line: it filters
    // nothing and costs a match per occurrence. "©" (two bytes) is rare.
    (!set.is_empty() && set.iter().all(|s| s.len() >= 2)).then_some(set)
}

/// A character every match of this class has, lower-cased: the class must
/// be the case variants of one character.
fn folded_char(h: &Hir) -> Option<char> {
    match h.kind() {
        HirKind::Literal(l) => {
            let s = std::str::from_utf8(&l.0).ok()?;
            let mut chars = s.chars();
            let c = chars.next()?;
            chars.next().is_none().then(|| lower(c))?
        }
        HirKind::Class(Class::Unicode(class)) => {
            let mut out: Option<char> = None;
            for r in class.iter() {
                if (r.end() as u32) - (r.start() as u32) > 4 {
                    return None;
                }
                for c in r.start()..=r.end() {
                    let l = lower(c)?;
                    match out {
                        None => out = Some(l),
                        Some(o) if o == l => {}
                        Some(_) => return None,
                    }
                }
            }
            out
        }
        _ => None,
    }
}

/// The single-character lower case of `c`, when it is one character.
fn lower(c: char) -> Option<char> {
    let mut l = c.to_lowercase();
    let first = l.next()?;
    l.next().is_none().then_some(first)
}

/// A set of strings one of which every match of `h` contains.
fn need(h: &Hir) -> Option<Vec<String>> {
    match h.kind() {
        HirKind::Literal(l) => {
            let s = std::str::from_utf8(&l.0).ok()?;
            Some(vec![s.to_lowercase()])
        }
        HirKind::Class(_) => folded_char(h).map(|c| vec![c.to_string()]),
        HirKind::Capture(c) => need(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => need(&r.sub),
        HirKind::Alternation(hs) => {
            let mut out = Vec::new();
            for h in hs {
                out.extend(need(h)?);
                if out.len() > MAX_SET {
                    return None;
                }
            }
            out.sort();
            out.dedup();
            Some(out)
        }
        HirKind::Concat(hs) => {
            // Runs of literal characters make strings; every child with a
            // set is a candidate too. Keep the candidate whose shortest
            // string is longest.
            let mut best: Option<Vec<String>> = None;
            let mut consider = |set: Vec<String>| {
                let score =
                    |s: &Vec<String>| s.iter().map(|x| x.chars().count()).min().unwrap_or(0);
                if best.as_ref().is_none_or(|b| score(&set) > score(b)) {
                    best = Some(set);
                }
            };
            let mut run = String::new();
            for h in hs {
                if let Some(c) = folded_char(h) {
                    run.push(c);
                    continue;
                }
                if let HirKind::Literal(l) = h.kind() {
                    if let Ok(s) = std::str::from_utf8(&l.0) {
                        run.push_str(&s.to_lowercase());
                        continue;
                    }
                }
                if !run.is_empty() {
                    consider(vec![std::mem::take(&mut run)]);
                }
                if let Some(set) = need(h) {
                    consider(set);
                }
            }
            if !run.is_empty() {
                consider(vec![run]);
            }
            best
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    fn necessary(pattern: &str) -> Option<Vec<String>> {
        super::necessary(&regex_syntax::Parser::new().parse(pattern).unwrap())
    }

    #[test]
    fn literals_that_every_match_contains() {
        assert_eq!(
            necessary("^(?:Reviewed by\\s+\\S.{0,60})$"),
            Some(vec!["reviewed by".into()])
        );
        assert_eq!(
            necessary("^(?:(?i)(?:published|updated)\\s*:?\\s+\\d+)$"),
            // (the "s" of "published" may be a long s: the run ends there)
            Some(vec!["publi".into(), "updated".into()])
        );
        assert_eq!(necessary("^(?:.{3,80}[.])$"), None);
        assert_eq!(necessary("^(?:©.{0,40})$"), Some(vec!["©".into()]));
        assert_eq!(necessary("^(?:\\p{Lu}.*)$"), None);
        // "k" folds to k, K and the Kelvin sign, which all lower-case to k.
        assert_eq!(necessary("^(?:(?i)kontakt)$"), Some(vec!["kontakt".into()]));
        // "s" folds to s, S and the long s (ſ), which stays ſ: the run ends.
        assert_eq!(necessary("^(?:(?i)siehe)$"), Some(vec!["iehe".into()]));
    }
}
