//! Stage 3, the rules: which pack rules apply to each line, and which lines
//! they claim.
//!
//! Reads the lines' views (stage 1, [`crate::scan`]), the document's and
//! each line's language (stage 2, [`crate::lang`]) and the compiled rules
//! ([`crate::packs`]). Writes the ranges of lines that rules claim, each
//! with the rule that claimed it.
//!
//! A rule applies to a line when one of its languages is the document's or
//! the line's own ([`candidate_langs`]); the rule lists of each set of
//! languages are built once per cleaner and shared ([`RuleBook`]). The
//! example checks of the packs run the same code ([`rule_alone`]), so an
//! example behaves in `rinse patterns test` as it does in a document.

use std::ops::Range;
use std::sync::{Arc, OnceLock, RwLock};

use daachorse::DoubleArrayAhoCorasick;
use rustc_hash::FxHashMap;
use whatlang::Lang;

use crate::lang::{DocLang, LineLang};
use crate::normalize;
use crate::packs::{ExampleFailure, Rule, RuleSet};
pub(crate) use crate::scan::LineView;

/// The necessary literals of the regex rules: each distinct literal once,
/// with the rules that need it, in a double-array Aho-Corasick automaton.
/// For the built-in packs (about 9,500 literals) the automaton is the one
/// the build script made and serialized: building it here took about
/// 40 ms and 18 MB of scratch memory at every start, most of a start; it
/// keeps about 2.6 MB, with the owners. (The aho-corasick crate's
/// contiguous NFA needs a third of the scratch, but its scan takes half as
/// long again.)
pub(crate) struct Literals {
    automaton: Automaton,
    /// The rules of literal `v` (its value in the automaton) are
    /// `owners[starts[v]..starts[v + 1]]`: two arrays rather than a vector
    /// a literal (tens of thousands of small allocations).
    starts: Vec<u32>,
    owners: Vec<u32>,
}

enum Automaton {
    /// The built-in packs' (see [`crate::packs::built_in_literals`]).
    BuiltIn(&'static DoubleArrayAhoCorasick<u32>),
    Own(DoubleArrayAhoCorasick<u32>),
}

/// Fewest literals for which a rule index takes the built-in packs'
/// automaton, when they are all among its literals, rather than building
/// its own (small: the rules of one pack, one rule alone): its owners are
/// as many as all the built-in literals.
const BUILT_IN_MIN_LITERALS: usize = 256;

impl Literals {
    /// `None` when there are no literals.
    fn new(literals: &[(&str, u32)]) -> Option<Literals> {
        if literals.is_empty() {
            return None;
        }
        // Each literal's value in the automaton: its place among the
        // built-in literals, or in order of first appearance.
        let built_in = (literals.len() >= BUILT_IN_MIN_LITERALS)
            .then(crate::packs::built_in_literals)
            .flatten()
            .and_then(|automaton| {
                let ids = literals
                    .iter()
                    .map(|&(literal, _)| crate::packs::built_in_literal(literal))
                    .collect::<Option<Vec<u32>>>()?;
                Some((Automaton::BuiltIn(automaton), ids))
            });
        let (automaton, ids) = built_in.unwrap_or_else(|| {
            let mut index: FxHashMap<&str, u32> = FxHashMap::default();
            let ids = literals
                .iter()
                .map(|&(literal, _)| {
                    let next = index.len() as u32;
                    *index.entry(literal).or_insert(next)
                })
                .collect();
            // (Literals are never empty: the analysis keeps one byte or
            // more.)
            let automaton = DoubleArrayAhoCorasick::with_values(index)
                .expect("distinct non-empty literals build");
            (Automaton::Own(automaton), ids)
        });
        let len = ids.iter().max().map_or(0, |&m| m as usize + 1);
        // (Each literal's rules, in rule order, each once.)
        let mut pairs: Vec<(u32, u32)> = ids
            .iter()
            .copied()
            .zip(literals.iter().map(|&(_, rule)| rule))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut starts = vec![0u32; len + 1];
        for &(id, _) in &pairs {
            starts[id as usize + 1] += 1;
        }
        for v in 0..len {
            starts[v + 1] += starts[v];
        }
        let owners = pairs.into_iter().map(|(_, rule)| rule).collect();
        Some(Literals {
            automaton,
            starts,
            owners,
        })
    }

    /// The rules of the literal of value `v` (none for a built-in literal
    /// this index has no rule for).
    fn owners(&self, v: u32) -> &[u32] {
        let v = v as usize;
        match (self.starts.get(v), self.starts.get(v + 1)) {
            (Some(&a), Some(&b)) => &self.owners[a as usize..b as usize],
            _ => &[],
        }
    }

    fn automaton(&self) -> &DoubleArrayAhoCorasick<u32> {
        match &self.automaton {
            Automaton::BuiltIn(a) => a,
            Automaton::Own(a) => a,
        }
    }

    /// Whether the automaton is the built-in packs'.
    #[cfg(test)]
    pub(crate) fn is_built_in(&self) -> bool {
        matches!(self.automaton, Automaton::BuiltIn(_))
    }
}

impl std::fmt::Debug for Literals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Literals({} literals, {} bytes)",
            self.starts.len().saturating_sub(1),
            self.automaton().heap_bytes()
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
    /// The evaluation rank of each rule's kind (see `RuleKind::rank`).
    rank: Vec<u8>,
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
        let rank = rules.iter().map(|r| r.kind().rank()).collect();
        RuleIndex {
            phrases,
            needles,
            rank,
        }
    }

    /// Whether its literals are searched with the built-in packs'
    /// automaton (`None`: it has none).
    #[cfg(test)]
    pub(crate) fn uses_built_in_literals(&self) -> Option<bool> {
        self.needles.as_ref().map(Literals::is_built_in)
    }

    /// The rules whose necessary literals `line` holds, in rule order, each
    /// once; found on first use and kept with the line.
    fn literal_hits<'l>(&self, line: &'l LineView) -> &'l [u32] {
        line.literal_hits.get_or_init(|| {
            let Some(literals) = &self.needles else {
                return Vec::new();
            };
            let mut hits: Vec<u32> = Vec::new();
            // (Literals are lower case and folded, see
            // `analysis::fold_char`.) Every literal ending at every byte.
            let text = rinse_base::analysis::fold_text(line.lower());
            for m in literals.automaton().find_overlapping_iter(&*text) {
                // (The built-in automaton knows literals this index has
                // no rule for.)
                for &k in literals.owners(m.value()) {
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
    /// Bit `k` set when rule `k` is of the line's own language (see
    /// [`RuleBook::lists_of`]): among rules of one kind that match, those
    /// come first.
    preferred: Vec<u64>,
}

impl RuleList {
    pub(crate) fn new(
        index: Arc<RuleIndex>,
        rules: &[Rule],
        ids: &[usize],
        preferred: &[usize],
    ) -> RuleList {
        let mut member = vec![0u64; rules.len().div_ceil(64)];
        let mut prefer = vec![0u64; rules.len().div_ceil(64)];
        for &k in preferred {
            prefer[k / 64] |= 1 << (k % 64);
        }
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
            preferred: prefer,
        }
    }

    #[inline]
    fn has(&self, k: usize) -> bool {
        self.member[k / 64] & (1 << (k % 64)) != 0
    }

    #[inline]
    fn prefers(&self, k: usize) -> bool {
        self.preferred[k / 64] & (1 << (k % 64)) != 0
    }

    /// Where rule `k` comes in evaluation order, as one sortable number:
    /// by kind, then a rule of the line's own language before another
    /// language's, then by index (rule `k` is `key & RULE_BITS`).
    #[inline]
    fn key(&self, k: usize) -> u64 {
        (u64::from(self.index.rank[k]) << 33) | (u64::from(!self.prefers(k)) << 32) | k as u64
    }

    /// The rules of the list whose phrases hold the line, into `out` (as
    /// [`RuleList::key`]s).
    fn phrase_hits(&self, line: &LineView, out: &mut Vec<u64>) {
        if line.text.len() > self.phrase_max {
            return;
        }
        if let Some(ks) = self.index.phrases.get(line.phrase_key()) {
            out.extend(
                ks.iter()
                    .copied()
                    .filter(|&k| self.has(k))
                    .map(|k| self.key(k)),
            );
        }
    }

    /// The regex rules of the list `line` can match, into `out` (as
    /// [`RuleList::key`]s).
    fn regex_candidates(&self, line: &LineView, out: &mut Vec<u64>) {
        out.extend(self.always.iter().map(|&k| self.key(k)));
        out.extend(
            self.index
                .literal_hits(line)
                .iter()
                .map(|&k| k as usize)
                .filter(|&k| self.has(k))
                .map(|k| self.key(k)),
        );
    }
}

/// The bits of a [`RuleList::key`] that hold the rule's index.
const RULE_BITS: u64 = u32::MAX as u64;

/// One pass of rules over `lines`.
///
/// `rules` are all rules in evaluation order; `candidates(i)` is the list of
/// the rules that apply to line `i` (by language). Lines are visited top to
/// bottom; at each line not yet claimed, the first candidate rule (in
/// evaluation order: by kind, then the line's own language's rules, then
/// the order the packs were loaded in) that matches claims its range. Returns the claimed
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
    let lists: Vec<&RuleList> = (0..n).map(&mut candidates).collect();
    // Whether a rule other than `k` of line `j`'s list may anchor at `j`.
    let other_anchor = |j: usize, k: usize| {
        let mut keys = Vec::new();
        lists[j].phrase_hits(lines[j], &mut keys);
        lists[j].regex_candidates(lines[j], &mut keys);
        keys.iter().any(|&key| {
            let other = (key & RULE_BITS) as usize;
            other != k && rules[other].may_anchor(j, n) && rules[other].anchor.matches(lines[j])
        })
    };
    while i < n {
        let list = lists[i];
        // Phrase hits and the regex rules the line can match, in
        // evaluation order.
        merged.clear();
        list.phrase_hits(lines[i], &mut merged);
        list.regex_candidates(lines[i], &mut merged);
        // (By kind; within a kind, a rule of the line's own language
        // decides before another language's that a document of uncertain
        // language also tries. A rule's repeats have the same key, and end
        // up side by side.)
        merged.sort_unstable();
        merged.dedup();
        let hit = merged.iter().find_map(|&key| {
            let k = (key & RULE_BITS) as usize;
            let rule = rules[k];
            if !rule.may_anchor(i, n) || skip(k) {
                return None;
            }
            rule.match_at(lines, i, &|j| other_anchor(j, k))
                .map(|r| (r, k))
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

/// What a rule list is built for: the line's own language, and the
/// languages whose rules apply.
type ListKey = (Option<Lang>, Vec<Lang>);

/// The rules of a cleaner in evaluation order, with their lists by
/// language built on first use.
#[derive(Debug)]
pub(crate) struct RuleBook {
    /// The rules in evaluation order.
    rules: Vec<Rule>,
    /// Rules for every language (indices into `rules`, in order).
    any_lang: Vec<usize>,
    /// Rules for each language (indices into `rules`, in order).
    by_lang: FxHashMap<Lang, Vec<usize>>,
    /// All rules indexed, built on first use.
    index: OnceLock<Arc<RuleIndex>>,
    /// Rule lists by the line's own language and the set of languages
    /// whose rules apply, built on first use.
    lists: RwLock<FxHashMap<ListKey, Arc<RuleList>>>,
}

impl RuleBook {
    /// The rules of `set`, ordered by kind (rules that take more lines
    /// first), then in load order.
    pub(crate) fn new(set: &RuleSet) -> RuleBook {
        let mut rules: Vec<Rule> = set.rules().to_vec();
        rules.sort_by_key(|r| r.kind().rank());
        let mut any_lang = Vec::new();
        let mut by_lang: FxHashMap<Lang, Vec<usize>> = FxHashMap::default();
        for (k, rule) in rules.iter().enumerate() {
            match rule.languages.as_deref() {
                None => any_lang.push(k),
                Some(langs) => {
                    for &l in langs {
                        by_lang.entry(l).or_default().push(k);
                    }
                }
            }
        }
        RuleBook {
            rules,
            any_lang,
            by_lang,
            index: OnceLock::new(),
            lists: RwLock::default(),
        }
    }

    /// The rules in evaluation order.
    pub(crate) fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rules of the languages `langs` (sorted, deduplicated), indexed,
    /// those of `own` first among rules of a kind; built once per key and
    /// shared.
    fn rules_for(&self, own: Option<Lang>, langs: &[Lang]) -> Arc<RuleList> {
        let key = (own, langs.to_vec());
        if let Some(list) = self.lists.read().expect("lists lock").get(&key) {
            return list.clone();
        }
        let mut ids = self.any_lang.clone();
        for l in langs {
            if let Some(list) = self.by_lang.get(l) {
                ids.extend_from_slice(list);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        let preferred = own
            .and_then(|l| self.by_lang.get(&l))
            .map_or(&[][..], Vec::as_slice);
        let index = self
            .index
            .get_or_init(|| Arc::new(RuleIndex::new(&self.rules)))
            .clone();
        let list = Arc::new(RuleList::new(index, &self.rules, &ids, preferred));
        self.lists
            .write()
            .expect("lists lock")
            .insert(key, list.clone());
        list
    }

    /// The rule list of each line, by its candidate languages (a few
    /// distinct lists per document): the lists, and the index of each
    /// line's list.
    pub(crate) fn lists_of(
        &self,
        labels: &[LineLang],
        doc: &DocLang,
    ) -> (Vec<Arc<RuleList>>, Vec<usize>) {
        let mut lists: Vec<Arc<RuleList>> = Vec::new();
        let mut list_of: FxHashMap<Option<Lang>, FxHashMap<Vec<Lang>, usize>> =
            FxHashMap::default();
        let mut buf = Vec::new();
        let line_list = labels
            .iter()
            .map(|label| {
                candidate_langs(label, doc, &mut buf);
                buf.sort_unstable_by_key(|l| *l as usize);
                buf.dedup();
                // The line's own language: its label when reliable, else
                // the document's best guess.
                let own = match label.lang {
                    Some(l) if label.reliable => Some(l),
                    _ => doc.lang,
                };
                let of_own = list_of.entry(own).or_default();
                if let Some(&k) = of_own.get(&buf) {
                    return k;
                }
                lists.push(self.rules_for(own, &buf));
                of_own.insert(buf.clone(), lists.len() - 1);
                lists.len() - 1
            })
            .collect();
        (lists, line_list)
    }
}

/// The languages whose rules apply to a line: the document's and the line's
/// own; where either label is unreliable, every language of its script.
fn candidate_langs(line: &LineLang, doc: &DocLang, out: &mut Vec<Lang>) {
    out.clear();
    match doc.lang {
        Some(l) if doc.is_reliable() => out.push(l),
        _ => {
            if let Some(script) = doc.script {
                out.extend_from_slice(script.langs());
            }
        }
    }
    match line.lang {
        Some(l) if line.reliable => out.push(l),
        _ if line.foreign_script => {
            if let Some(script) = line.script {
                out.extend_from_slice(script.langs());
            }
        }
        _ => {}
    }
}

impl RuleSet {
    /// Runs every rule on its own examples and near-misses. Each example is
    /// treated as a whole document and must be removed entirely by its
    /// rule; each near-miss must be left entirely alone.
    pub fn check_examples(&self) -> Vec<ExampleFailure> {
        let mut failures = Vec::new();
        for rule in self.rules() {
            for (text, expect_removed) in rule
                .examples()
                .iter()
                .map(|e| (e, true))
                .chain(rule.near_misses().iter().map(|e| (e, false)))
            {
                let removed = rule_alone(rule, text);
                let ok = if expect_removed {
                    !removed.is_empty() && removed.iter().all(|&r| r)
                } else {
                    !removed.iter().any(|&r| r)
                };
                if !ok {
                    let (origin, line) = rule.origin();
                    failures.push(ExampleFailure {
                        rule: rule.id().to_string(),
                        origin: origin.to_owned(),
                        line,
                        text: text.clone(),
                        expected_removed: expect_removed,
                        removed,
                    });
                }
            }
        }
        failures
    }
}

/// Runs one rule alone on `text`, as a whole document, repeating until it
/// removes nothing more; returns, for each non-blank line, whether it was
/// removed. Languages are ignored: this tests the rule's patterns and
/// positions.
pub(crate) fn rule_alone(rule: &Rule, text: &str) -> Vec<bool> {
    let lines = normalize::lines(text);
    let mut removed = vec![false; lines.len()];
    let rules = std::slice::from_ref(rule);
    let list = RuleList::new(Arc::new(RuleIndex::new(rules)), rules, &[0], &[]);
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
