//! Applying rules to a document's lines: shared by the cleaner and by the
//! example checks of the pattern packs, so both see the same behaviour.

use std::ops::Range;

use crate::normalize;
use crate::packs::{Rule, phrase_key};

/// One pass of `rules` (already in evaluation order) over `lines`.
///
/// Lines are visited top to bottom; at each line not yet claimed, the first
/// rule that applies and matches claims its range. Returns the claimed
/// ranges with the index of the rule that claimed each, in line order.
pub(crate) fn run_rules(
    lines: &[&str],
    rules: &[&Rule],
    mut applies: impl FnMut(&Rule, usize) -> bool,
) -> Vec<(Range<usize>, usize)> {
    let n = lines.len();
    let keys: Vec<String> = lines.iter().map(|l| phrase_key(l)).collect();
    let mut claims = Vec::new();
    let mut i = 0;
    while i < n {
        let hit = rules.iter().enumerate().find_map(|(k, rule)| {
            if !rule.position.allows(i, n) || !applies(rule, i) {
                return None;
            }
            rule.match_at(lines, &keys, i).map(|r| (r, k))
        });
        match hit {
            Some((range, k)) => {
                i = range.end;
                claims.push((range, k));
            }
            None => i += 1,
        }
    }
    claims
}

/// Runs one rule alone on `text`, as a whole document, repeating until it
/// removes nothing more; returns, for each non-blank line, whether it was
/// removed. Languages are ignored: this tests the rule's patterns and
/// positions.
pub(crate) fn rule_alone(rule: &Rule, text: &str) -> Vec<bool> {
    let lines = normalize::lines(text);
    let mut removed = vec![false; lines.len()];
    loop {
        let alive: Vec<usize> = (0..lines.len()).filter(|&k| !removed[k]).collect();
        let texts: Vec<&str> = alive.iter().map(|&k| lines[k].text.as_ref()).collect();
        let claims = run_rules(&texts, &[rule], |_, _| true);
        if claims.is_empty() {
            return removed;
        }
        for (range, _) in claims {
            for i in range {
                removed[alive[i]] = true;
            }
        }
    }
}
