//! Applying rules to a document's lines: shared by the cleaner and by the
//! example checks of the pattern packs, so both see the same behaviour.

use std::ops::Range;
use std::sync::Arc;

use crate::normalize;

use daachorse::DoubleArrayAhoCorasick;
use rustc_hash::FxHashMap;

pub(crate) use crate::packs::LineView;
use crate::packs::Rule;

/// The necessary literals of the regex rules: each distinct literal once,
/// with the rules that need it, in a double-array Aho-Corasick automaton.
/// (It is built in a few milliseconds and takes a few hundred kilobytes,
/// so a search stays in the processor's caches.)
pub(crate) struct Literals {
    automaton: DoubleArrayAhoCorasick<u32>,
    owners: Vec<Vec<u32>>,
}

impl Literals {
    /// `None` when there are no literals.
    fn new(literals: &[(&str, u32)]) -> Option<Literals> {
        let mut index: FxHashMap<&str, u32> = FxHashMap::default();
        let mut owners: Vec<Vec<u32>> = Vec::new();
        for &(literal, rule) in literals {
            let i = *index.entry(literal).or_insert_with(|| {
                owners.push(Vec::new());
                owners.len() as u32 - 1
            });
            let of = &mut owners[i as usize];
            if of.last() != Some(&rule) {
                of.push(rule);
            }
        }
        if index.is_empty() {
            return None;
        }
        // (Literals are never empty: the analysis keeps two bytes or more.)
        let automaton =
            DoubleArrayAhoCorasick::with_values(index).expect("distinct non-empty literals build");
        Some(Literals { automaton, owners })
    }
}

impl std::fmt::Debug for Literals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Literals({} literals, {} bytes)",
            self.owners.len(),
            self.automaton.heap_bytes()
        )
    }
}

/// All rules of a cleaner, indexed once: a line costs one hash lookup for
/// all phrases and one Aho-Corasick pass over the necessary literals of all
/// regex rules. Rule lists by language filter the hits.
#[derive(Debug)]
pub(crate) struct RuleIndex {
    /// Rules (indices) whose anchor has a phrase, by phrase key.
    phrases: FxHashMap<String, Vec<usize>>,
    /// Necessary literals of the regex rules, and the rules of each.
    needles: Option<Literals>,
}

impl RuleIndex {
    pub(crate) fn new(rules: &[Rule]) -> RuleIndex {
        let mut phrases: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        let mut literals: Vec<(&str, u32)> = Vec::new();
        for (k, rule) in rules.iter().enumerate() {
            let anchor = &rule.anchor;
            for key in anchor.phrases.iter() {
                phrases.entry(key.clone()).or_default().push(k);
            }
            if anchor.regex.is_some()
                && let Some(needles) = &anchor.needles
            {
                literals.extend(needles.iter().map(|n| (n.as_str(), k as u32)));
            }
        }
        let needles = Literals::new(&literals);
        RuleIndex { phrases, needles }
    }

    /// The rules whose necessary literals `line` holds, in rule order, each
    /// once; found on first use and kept with the line.
    fn literal_hits<'l>(&self, line: &'l LineView) -> &'l [u32] {
        line.literal_hits.get_or_init(|| {
            let Some(literals) = &self.needles else {
                return Vec::new();
            };
            let mut hits: Vec<u32> = Vec::new();
            // (Literals are lower case.) Every literal ending at every byte.
            for m in literals.automaton.find_overlapping_iter(line.lower()) {
                for &k in &literals.owners[m.value() as usize] {
                    // (A literal repeated in a line hits its rule again.)
                    if hits.last() != Some(&k) {
                        hits.push(k);
                    }
                }
            }
            hits.sort_unstable();
            hits.dedup();
            // (Kept as gathered: shrinking would cost a reallocation.)
            hits
        })
    }
}

/// The rules that apply to a set of languages: a filter on the shared
/// [`RuleIndex`].
#[derive(Debug)]
pub(crate) struct RuleList {
    index: Arc<RuleIndex>,
    /// Bit `k` set when rule `k` is in the list.
    member: Vec<u64>,
    /// Longest line a phrase of the list can match.
    phrase_max: usize,
    /// Regex rules of the list without necessary literals: always tried.
    always: Vec<usize>,
}

impl RuleList {
    pub(crate) fn new(index: Arc<RuleIndex>, rules: &[Rule], ids: &[usize]) -> RuleList {
        let mut member = vec![0u64; rules.len().div_ceil(64)];
        let mut phrase_max = 0;
        let mut always = Vec::new();
        for &k in ids {
            member[k / 64] |= 1 << (k % 64);
            let anchor = &rules[k].anchor;
            if !anchor.phrases.is_empty() {
                phrase_max = phrase_max.max(anchor.phrase_max);
            }
            if anchor.regex.is_some() && anchor.needles.is_none() {
                always.push(k);
            }
        }
        RuleList {
            index,
            member,
            phrase_max,
            always,
        }
    }

    #[inline]
    fn has(&self, k: usize) -> bool {
        self.member[k / 64] & (1 << (k % 64)) != 0
    }

    /// The rules of the list whose phrases hold the line, into `out`.
    fn phrase_hits(&self, line: &LineView, out: &mut Vec<usize>) {
        if line.text.len() > self.phrase_max {
            return;
        }
        if let Some(ks) = self.index.phrases.get(line.phrase_key()) {
            out.extend(ks.iter().copied().filter(|&k| self.has(k)));
        }
    }

    /// The regex rules of the list `line` can match, into `out`.
    fn regex_candidates(&self, line: &LineView, out: &mut Vec<usize>) {
        out.extend_from_slice(&self.always);
        out.extend(
            self.index
                .literal_hits(line)
                .iter()
                .map(|&k| k as usize)
                .filter(|&k| self.has(k)),
        );
    }
}

/// One pass of rules over `lines`.
///
/// `rules` are all rules in evaluation order; `candidates(i)` is the list of
/// the rules that apply to line `i` (by language). Lines are visited top to
/// bottom; at each line not yet claimed, the first candidate rule (in
/// evaluation order) that matches claims its range. Returns the claimed
/// ranges with the index of the rule that claimed each, in line order.
/// `skip(k)` tells rules that need not be tried again on this pass.
pub(crate) fn run_rules<'r>(
    lines: &[&LineView],
    rules: &[&Rule],
    mut candidates: impl FnMut(usize) -> &'r RuleList,
    skip: impl Fn(usize) -> bool,
) -> Vec<(Range<usize>, usize)> {
    let n = lines.len();
    let mut claims = Vec::new();
    let mut i = 0;
    let mut merged = Vec::new();
    while i < n {
        let list = candidates(i);
        // Phrase hits and the regex rules the line can match, in
        // evaluation order.
        merged.clear();
        list.phrase_hits(lines[i], &mut merged);
        list.regex_candidates(lines[i], &mut merged);
        merged.sort_unstable();
        merged.dedup();
        let hit = merged.iter().find_map(|&k| {
            let rule = rules[k];
            if !rule.position.allows(i, n) || skip(k) {
                return None;
            }
            rule.match_at(lines, i).map(|r| (r, k))
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
    let rules = std::slice::from_ref(rule);
    let list = RuleList::new(Arc::new(RuleIndex::new(rules)), rules, &[0]);
    let views: Vec<LineView> = lines.iter().map(|l| LineView::new(&l.text)).collect();
    loop {
        let alive: Vec<usize> = (0..lines.len()).filter(|&k| !removed[k]).collect();
        let texts: Vec<&LineView> = alive.iter().map(|&k| &views[k]).collect();
        let claims = run_rules(&texts, &[rule], |_| &list, |_| false);
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
