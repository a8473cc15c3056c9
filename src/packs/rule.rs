//! A compiled rule and how it matches a run of lines.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use regex_automata::nfa::thompson::{self, NFA, pikevm::PikeVM};
use regex_automata::{Anchored, Input, hybrid};
use whatlang::Lang;

use super::analysis::{ByteSet, byte_set, has_byte, overlaps, within};
pub use super::nfa_code::REGEX_SIZE_LIMIT;
use super::nfa_code::{in_narrow_zone, loosen};
use super::{LooseForm, Precompiled};
use crate::scan::LineView;

/// A whole-line pattern compiled for one question, whether a line matches:
/// a forward lazy DFA (no reverse automaton, no capture groups, no
/// prefilter: rules are prefiltered by the rule index), with the PikeVM
/// for the rare line on which the lazy DFA gives up (Unicode word
/// boundaries on non-ASCII text). Its search caches are each thread's, in
/// [`CACHES`].
pub(crate) struct Matcher {
    /// Names its caches in every thread's [`CACHES`] (unique in the
    /// process: a matcher let go and made again gets a new one).
    id: u64,
    dfa: hybrid::dfa::DFA,
    pikevm: PikeVM,
}

/// The search caches of one matcher in one thread.
pub(crate) struct Caches {
    dfa: hybrid::dfa::Cache,
    /// Made on the first line that needs it: its sets are as large as the
    /// NFA, and most patterns never fall back on a thread.
    pikevm: Option<thompson::pikevm::Cache>,
}

impl Caches {
    fn bytes(&self) -> usize {
        self.dfa.memory_usage() + self.pikevm.as_ref().map_or(0, |c| c.memory_usage())
    }
}

/// The most bytes of search caches a thread keeps. A matcher's caches are
/// large before they hold anything (sets as large as its NFA: a third of
/// its size), and most matchers of a run are used on a few lines only; the
/// caches of the least recently used go past this budget, and are made
/// again when a line needs them. Keeping every matcher's caches for as
/// long as the matcher was kept held 10-14 MB a thread on the bench's
/// articles and page dumps. Since the byte filter (see [`ByteFilter`])
/// keeps most lines from most regexes, 3 MB costs about 1% more
/// instructions on the page dumps than 4 MB, and keeps a two-thread run
/// 2-3 MB smaller.
pub const THREAD_CACHE_BYTES: usize = 3 << 20;

/// Values kept by key within a budget of bytes, each counted at the
/// bytes it was last given: past the budget, the least recently used go
/// until a quarter of it is free (so that letting go is not a scan on
/// every miss).
pub(crate) struct Budgeted<K, V> {
    /// Value, its bytes and when it was last used.
    kept: rustc_hash::FxHashMap<K, (V, usize, u64)>,
    budget: usize,
    /// The bytes of the values kept.
    pub(crate) bytes: usize,
    /// Values let go so far.
    pub(crate) let_go: usize,
    clock: u64,
}

impl<K: std::hash::Hash + Eq + Copy, V> Budgeted<K, V> {
    pub(crate) fn new(budget: usize) -> Self {
        Budgeted {
            kept: Default::default(),
            budget,
            bytes: 0,
            let_go: 0,
            clock: 0,
        }
    }

    /// The value of `key`, now its most recently used.
    fn get(&mut self, key: K) -> Option<&mut V> {
        self.clock += 1;
        let now = self.clock;
        self.kept.get_mut(&key).map(|entry| {
            entry.2 = now;
            &mut entry.0
        })
    }

    /// [`Budgeted::get`], or a value made by `make`, counted at no bytes
    /// until [`Budgeted::count`] says.
    fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        self.clock += 1;
        let now = self.clock;
        let entry = self.kept.entry(key).or_insert_with(|| (make(), 0, now));
        entry.2 = now;
        &mut entry.0
    }

    /// Keeps `value` at `key`, counted at `bytes`.
    fn insert(&mut self, key: K, value: V, bytes: usize) {
        self.kept.insert(key, (value, 0, self.clock));
        self.count(key, bytes);
    }

    /// Counts the value of `key` (which is kept) at `bytes` from now on,
    /// letting others go past the budget.
    fn count(&mut self, key: K, bytes: usize) {
        let entry = self.kept.get_mut(&key).expect("counted values are kept");
        self.bytes = self.bytes - entry.1 + bytes;
        entry.1 = bytes;
        if self.bytes <= self.budget {
            return;
        }
        let mut by_use: Vec<(u64, K)> = self
            .kept
            .iter()
            .filter(|&(&k, _)| k != key)
            .map(|(&k, e)| (e.2, k))
            .collect();
        by_use.sort_unstable_by_key(|&(used, _)| used);
        for (_, oldest) in by_use {
            if self.bytes <= self.budget * 3 / 4 {
                break;
            }
            if let Some((_, bytes, _)) = self.kept.remove(&oldest) {
                self.bytes -= bytes;
                self.let_go += 1;
            }
        }
    }
}

thread_local! {
    /// This thread's search caches, by matcher, within
    /// [`THREAD_CACHE_BYTES`].
    pub(crate) static CACHES: std::cell::RefCell<Budgeted<u64, Caches>> =
        std::cell::RefCell::new(Budgeted::new(THREAD_CACHE_BYTES));
}

/// Gives each matcher its [`Matcher::id`].
static MATCHER_IDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl Matcher {
    /// The heap bytes of its NFA (the lazy DFA holds none of its own
    /// beyond the threads' caches).
    fn nfa_bytes(&self) -> usize {
        self.pikevm.get_nfa().memory_usage()
    }

    fn is_match(&self, line: &str) -> bool {
        let input = Input::new(line).anchored(Anchored::Yes).earliest(true);
        CACHES.with_borrow_mut(|threads| {
            let caches = threads.get_or_insert_with(self.id, || Caches {
                dfa: self.dfa.create_cache(),
                pikevm: None,
            });
            let found = match self.dfa.try_search_fwd(&mut caches.dfa, &input) {
                Ok(found) => found.is_some(),
                Err(_) => {
                    let cache = caches
                        .pikevm
                        .get_or_insert_with(|| self.pikevm.create_cache());
                    self.pikevm.is_match(cache, input)
                }
            };
            let bytes = caches.bytes();
            threads.count(self.id, bytes);
            found
        })
    }
}

/// Compiles a whole-line pattern with the size limit every pack pattern
/// gets, and its loose form (see [`Loose`]); the error is a message.
#[cfg(test)]
pub(crate) fn compile(full: &str) -> Result<Matcher, String> {
    let hir = regex_syntax::Parser::new()
        .parse(full)
        .map_err(|e| e.to_string())?;
    compile_hir(&loosen(&hir))?;
    compile_hir(&hir)
}

/// [`compile`] for a pattern already parsed.
fn compile_hir(hir: &regex_syntax::hir::Hir) -> Result<Matcher, String> {
    let nfa = super::nfa_code::compile(hir).map_err(|e| match e.size_limit() {
        Some(limit) => format!(
            "the compiled pattern exceeds the size limit of {limit} bytes; \
             use fewer or smaller repetitions"
        ),
        None => e.to_string(),
    })?;
    matcher(nfa)
}

/// The most a thread's lazy-DFA cache of one pattern holds before it
/// starts over: what one line needs of a whole-line pattern, above
/// regex-automata's floor for the pattern's NFA (about 20 bytes an NFA
/// state). Its default, 2 MB, let the caches of a run's patterns grow to a
/// third of its memory (on the bench's page dumps, one thread: peak RSS
/// 141 MB -> 130 MB, time unchanged).
fn cache_capacity(nfa: &NFA) -> usize {
    32 * 1024 + 32 * nfa.states().len()
}

/// The matcher of a compiled pattern.
fn matcher(nfa: NFA) -> Result<Matcher, String> {
    let dfa = hybrid::dfa::Builder::new()
        .configure(
            hybrid::dfa::Config::new()
                .unicode_word_boundary(true)
                .starts_for_each_pattern(false)
                .cache_capacity(cache_capacity(&nfa)),
        )
        .build_from_nfa(nfa.clone())
        .map_err(|e| e.to_string())?;
    let pikevm = PikeVM::new_from_nfa(nfa).map_err(|e| e.to_string())?;
    Ok(Matcher {
        id: MATCHER_IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        dfa,
        pikevm,
    })
}

/// A whole-line regular expression of a rule, shared by the clones of a
/// rule set. Patterns of the built-in packs are made ready on first use
/// (most runs meet a few languages only): their NFAs were compiled when
/// rinse was built and are rebuilt from the binary, which costs a fraction
/// of compiling them, and their matchers are kept within one budget for
/// the whole process (see [`MATCHER_BYTES`]). Patterns of packs loaded at
/// run time are compiled when loaded, so that every error names its file
/// and line. The test suite compiles every built-in pattern.
#[derive(Clone)]
pub struct Pattern(Arc<PatternInner>);

struct PatternInner {
    /// The pattern (for a built-in one, the binary's copy).
    source: std::borrow::Cow<'static, str>,
    /// Where its NFAs are, for a pattern of the built-in packs.
    pre: Option<Precompiled>,
    /// The parse and the loose matcher of a pattern compiled on first use.
    /// (Boxed, as is `exact`: a matcher is large, and few patterns have
    /// one here.)
    loose: OnceLock<Box<Loose>>,
    /// The pattern as written.
    exact: OnceLock<Box<Matcher>>,
}

/// A long bounded repetition (`.{0,120}`) compiles into as many copies of
/// what it repeats: most of the cost of compiling the built-in patterns.
/// A pattern compiled on first use tries lines first with such repetitions
/// left unbounded (`.{0,}`), which compiles several times faster and
/// matches every line the pattern matches; the pattern as written is made
/// ready (rebuilt from the binary, or compiled) only when a line gets past
/// that, and decides.
struct Loose {
    /// The pattern parsed (`None` when its NFAs were embedded).
    hir: Option<regex_syntax::hir::Hir>,
    /// `None` when the pattern has no long bounded repetition.
    matcher: Option<Matcher>,
}

impl Pattern {
    /// A pattern compiled on first use; `full` must be a pattern that
    /// [`compile`] accepts, and `pre` where its NFAs are when it is a
    /// pattern of the built-in packs.
    pub(crate) fn lazy(full: std::borrow::Cow<'static, str>, pre: Option<Precompiled>) -> Pattern {
        Pattern(Arc::new(PatternInner {
            source: full,
            pre,
            loose: OnceLock::new(),
            exact: OnceLock::new(),
        }))
    }

    /// A pattern compiled now; `hir` is `full` parsed.
    pub(crate) fn compiled(full: String, hir: &regex_syntax::hir::Hir) -> Result<Pattern, String> {
        let matcher = compile_hir(hir)?;
        Ok(Pattern(Arc::new(PatternInner {
            source: full.into(),
            pre: None,
            loose: OnceLock::new(),
            exact: OnceLock::from(Box::new(matcher)),
        })))
    }

    /// The pattern as compiled (anchored to the whole line).
    pub fn as_str(&self) -> &str {
        &self.0.source
    }

    fn unreachable(&self, e: String) -> ! {
        // Unreachable for built-in packs: the test suite compiles them all
        // (`packs::tests::embedded_patterns_compile`) and rebuilds every
        // embedded NFA (`packs::tests::embedded_nfas_are_the_compiled_ones`).
        panic!("built-in pattern {:?} does not compile: {e}", self.0.source)
    }

    fn parse(&self) -> regex_syntax::hir::Hir {
        regex_syntax::Parser::new()
            .parse(&self.0.source)
            .unwrap_or_else(|e| self.unreachable(e.to_string()))
    }

    /// The matcher of the NFA embedded at `at`.
    fn embedded(&self, at: usize) -> Matcher {
        super::nfa_at(at)
            .and_then(matcher)
            .unwrap_or_else(|e| self.unreachable(e))
    }

    fn loose(&self) -> &Loose {
        self.0.loose.get_or_init(|| Box::new(self.make_loose()))
    }

    fn make_loose(&self) -> Loose {
        match self.0.pre.map(|p| p.loose) {
            Some(LooseForm::Same) => Loose {
                hir: None,
                matcher: None,
            },
            Some(LooseForm::Nfa(Some(at))) => Loose {
                hir: None,
                matcher: Some(self.embedded(at)),
            },
            _ => {
                let hir = self.parse();
                let loose = loosen(&hir);
                let matcher = (loose != hir)
                    .then(|| compile_hir(&loose).unwrap_or_else(|e| self.unreachable(e)));
                Loose {
                    hir: Some(hir),
                    matcher,
                }
            }
        }
    }

    fn exact(&self) -> &Matcher {
        self.0.exact.get_or_init(|| Box::new(self.make_exact()))
    }

    fn make_exact(&self) -> Matcher {
        if let Some(at) = self.0.pre.and_then(|p| p.exact) {
            return self.embedded(at);
        }
        let parsed;
        let hir = match &self.loose().hir {
            Some(hir) => hir,
            None => {
                parsed = self.parse();
                &parsed
            }
        };
        compile_hir(hir).unwrap_or_else(|e| self.unreachable(e))
    }

    /// Whether the whole line matches, by the NFAs embedded for a built-in
    /// pattern: its narrow form (see [`super::embedded::Narrow`]) for a
    /// line within the narrow zone, where it decides as the pattern would
    /// with a fraction of the NFA; its loose form first, when it has one.
    /// `None` when one of those NFAs was not embedded.
    fn built_in_is_match(&self, pre: Precompiled, line: &str) -> Option<bool> {
        let (exact, loose) = match pre.narrow {
            Some(n) if in_narrow_zone(line) => (n.exact?, n.loose),
            _ => (pre.exact?, pre.loose),
        };
        let kept = |at| kept_matcher(at, || self.embedded(at));
        if let LooseForm::Nfa(loose) = loose
            && !kept(loose?).is_match(line)
        {
            return Some(false);
        }
        Some(kept(exact).is_match(line))
    }

    /// Whether the whole line matches.
    pub fn is_match(&self, line: &str) -> bool {
        if let Some(found) = self.0.pre.and_then(|p| self.built_in_is_match(p, line)) {
            return found;
        }
        let loose = match self.0.exact.get() {
            // Compiled when its pack was loaded: no loose form.
            Some(exact) if self.0.loose.get().is_none() => return exact.is_match(line),
            _ => self.loose(),
        };
        match &loose.matcher {
            Some(loose) if !loose.is_match(line) => false,
            _ => self.exact().is_match(line),
        }
    }
}

/// The NFA bytes of the matchers of built-in patterns kept at most (their
/// search caches come on top, within [`THREAD_CACHE_BYTES`] a thread): the
/// least recently used are let go beyond it, and rebuilt from the binary
/// when a line needs them again. A run meets many patterns once or twice
/// (on page dumps, the literals of most languages' rules turn up
/// somewhere), and keeping every matcher made held most of a run's memory;
/// a matcher as written is large (a `.{0,120}` is 120 copies of `.`; 140
/// MB for all built-in patterns) and few lines get past a loose form.
/// 12 MB costs 2.6% more instructions on the page dumps than 16 MB, for
/// 4 MB less.
pub const MATCHER_BYTES: usize = 12 << 20;

/// The matchers of built-in patterns, by the record of their NFA in the
/// binary, within [`MATCHER_BYTES`] of NFAs.
pub(crate) static KEPT: std::sync::Mutex<Option<Budgeted<usize, Arc<Matcher>>>> =
    std::sync::Mutex::new(None);

/// The matcher of the built-in NFA `at`, from [`KEPT`], made by `make`
/// when it is not there.
fn kept_matcher(at: usize, make: impl FnOnce() -> Matcher) -> Arc<Matcher> {
    fn store(
        kept: &mut Option<Budgeted<usize, Arc<Matcher>>>,
    ) -> &mut Budgeted<usize, Arc<Matcher>> {
        kept.get_or_insert_with(|| Budgeted::new(MATCHER_BYTES))
    }
    if let Some(found) = store(&mut KEPT.lock().expect("matcher lock")).get(at) {
        return found.clone();
    }
    // (Made outside the lock; another thread may make it too, and the
    // first one kept wins.)
    let made = Arc::new(make());
    let mut guard = KEPT.lock().expect("matcher lock");
    let kept = store(&mut guard);
    if let Some(found) = kept.get(at) {
        return found.clone();
    }
    kept.insert(at, made.clone(), made.nfa_bytes());
    made
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Pattern").field(&self.as_str()).finish()
    }
}

/// Default number of lines from the edge for `where = "head"` / `"tail"`.
pub const EDGE_LINES: usize = 10;

/// Default `max_items` of a block rule.
pub const BLOCK_MAX_ITEMS: usize = 30;

/// Default `max_items` of a list rule.
pub const LIST_MAX_ITEMS: usize = 15;

/// Default `confirm_within` of a cut rule.
pub const CUT_CONFIRM_WITHIN: usize = 2;

/// Lines a block or list header may take: the anchor and up to this many
/// more lines it matches ("Related" and "Stories" on two lines).
pub const HEADER_MAX_EXTRA_LINES: usize = 3;

/// What a rule removes once its anchor line matches.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum RuleKind {
    /// The matching line alone.
    Line,
    /// The matching heading (repeated headings of the same rule chain) and
    /// the item lines right after it; fires only when at least `min_items`
    /// items follow.
    Block {
        /// Pattern of the lines that belong to the block.
        items: Pattern,
        /// Fewest items that make the heading a block header.
        min_items: usize,
        /// Most items taken into the block.
        max_items: usize,
    },
    /// A heading that introduces a list of other stories ("Related",
    /// "Leia também", "相关新闻"): the heading (repeats of it chain) and the
    /// teaser lines right after it, lines shaped like headlines (see
    /// [`crate::signals`]), each with its summary under it when the first
    /// two have one (a sentence of at most 30 word units; at least three
    /// teasers then), and the times or lengths alone on lines between them
    /// ("18:51", "2:02"), but not the last of them when body text follows it
    /// (that is the text's subheading); fires when at least `min_items`
    /// teasers follow, or when the heading and its teasers end the text.
    List {
        /// Fewest teasers that make the heading a list header.
        min_items: usize,
        /// Most teasers taken into the list.
        max_items: usize,
    },
    /// The marker line and everything after it to the end of the document,
    /// when one of the next `within` lines matches `confirm`.
    Cut {
        /// Pattern a following line must match.
        confirm: Pattern,
        /// How many following lines may hold the confirmation.
        within: usize,
    },
    /// Consecutive lines matching the steps in order; the first step is the
    /// anchor, optional steps may be absent; fires when at least
    /// `min_lines` lines matched.
    Sequence {
        /// Steps after the anchor.
        steps: Vec<Step>,
        /// Fewest matched lines (anchor included).
        min_lines: usize,
    },
}

impl RuleKind {
    /// The kind's name as written in pack files.
    pub fn name(&self) -> &'static str {
        match self {
            RuleKind::Line => "line",
            RuleKind::Block { .. } => "block",
            RuleKind::List { .. } => "list",
            RuleKind::Cut { .. } => "cut",
            RuleKind::Sequence { .. } => "sequence",
        }
    }

    /// Evaluation order: rules that take more lines go first.
    pub(crate) fn rank(&self) -> u8 {
        match self {
            RuleKind::Cut { .. } => 0,
            RuleKind::Sequence { .. } => 1,
            RuleKind::Block { .. } | RuleKind::List { .. } => 2,
            RuleKind::Line => 3,
        }
    }
}

/// Most word units of a teaser's summary under its headline in a list of
/// other stories (a sentence or two).
pub const SUMMARY_MAX_UNITS: f32 = 30.0;
/// Fewest teasers with their summaries that make a list.
pub const RECORDS_MIN: usize = 3;

/// Headlines that let a `list` rule bound to the tail fire higher up: a
/// most-read or related box under its heading, as a page dump puts it
/// between the article and the rest of the page (a sidebar of teasers
/// with summaries, a live blog's section of short posts, stay where the
/// rule says).
pub const LONG_LIST_ITEMS: usize = 5;

/// Least length of the last teaser of a list, as a share of the shortest
/// teaser above it, for it to count as one of them rather than the
/// subheading of the text under it.
pub const SIBLING_MIN_SHARE: f32 = 0.75;

/// Whether `line` begins with a number and a full stop or a bracket
/// ("2. ", "10) "): a numbered heading or item.
fn numbered(line: &str) -> bool {
    let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.len() < line.len() && rest.starts_with(['.', ')'])
}

/// The words of `t`: runs of letters (with the hyphens and apostrophes
/// inside names).
fn letter_words(t: &str) -> impl Iterator<Item = &str> {
    t.split(|c: char| !c.is_alphabetic() && c != '-' && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
}

/// Whether `line` begins with a name (two words of letters, each
/// capitalized in a script with case) that `title` holds, word for word.
fn named_in(line: &str, title: &str) -> bool {
    let capitalized = |w: &str| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || !c.is_lowercase())
            && w.chars().count() >= 2
    };
    let mut words = letter_words(line);
    let (Some(first), Some(second)) = (words.next(), words.next()) else {
        return false;
    };
    if !capitalized(first) || !capitalized(second) {
        return false;
    }
    let title: Vec<&str> = letter_words(title).collect();
    title
        .windows(2)
        .any(|pair| pair[0] == first && pair[1] == second)
}

/// Whether `a` and `b` begin with the same word (of letters only, case
/// aside: "Iran's" begins with "Iran").
fn same_first_word(a: &str, b: &str) -> bool {
    let first = |t: &str| {
        t.split(|c: char| !c.is_alphabetic())
            .find(|w| !w.is_empty())
            .map(str::to_lowercase)
    };
    first(a).is_some_and(|w| Some(w) == first(b))
}

/// Fewest word units of the sentence after a first line that makes that
/// line the headline for a rule with `unless_headline`.
pub(crate) const HEADLINE_LEDE_MIN_UNITS: f32 = 10.0;

/// Whether `line` reads as an article's first paragraph: a sentence of at
/// least [`HEADLINE_LEDE_MIN_UNITS`].
fn is_lede(line: &str) -> bool {
    crate::signals::ends_sentence(line)
        && crate::scan::Shape::scan(line).0.units >= HEADLINE_LEDE_MIN_UNITS
}

/// Whether `line` is a time of day or a media item's length alone: one or
/// two figures, then one or two more pairs after colons ("18:51", "2:02",
/// "1:02:33").
fn is_clock_or_length(line: &str) -> bool {
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let mut parts = line.split(':');
    let first = parts.next().unwrap_or("");
    let mut after = 0;
    for p in parts {
        if p.len() != 2 || !digits(p) {
            return false;
        }
        after += 1;
    }
    (1..=2).contains(&first.len()) && digits(first) && (1..=2).contains(&after)
}

/// Whether `line` reads as a teaser's summary: it ends like a sentence and
/// is at most [`SUMMARY_MAX_UNITS`] word units long.
fn is_summary(line: &str) -> bool {
    crate::signals::ends_sentence(line)
        && crate::scan::Shape::scan(line).0.units <= SUMMARY_MAX_UNITS
}

/// Matches a whole line: literal phrases (case-insensitive, optional final
/// colon) looked up in a set, and/or a regular expression.
#[derive(Debug, Clone)]
pub struct LineMatcher {
    pub(crate) phrases: Arc<HashSet<String, rustc_hash::FxBuildHasher>>,
    pub(crate) regex: Option<Pattern>,
    /// Longest line (in bytes) that can match: longer lines are skipped
    /// without running the regex.
    pub(crate) max_len: usize,
    /// Longest line (in bytes) a phrase can match.
    pub(crate) phrase_max: usize,
    /// What the bytes of a line must be for the regex to match it:
    /// lines that fail skip the regex.
    pub(crate) bytes: Option<Arc<ByteFilter>>,
    /// Lower-cased strings one of which every regex match contains.
    pub(crate) needles: Option<Arc<[String]>>,
}

/// What a whole-line regex tells of the bytes of the lines it matches
/// (see `analysis::Analysis`).
#[derive(Debug)]
pub(crate) struct ByteFilter {
    /// The bytes a match can start / end with, when the regex tells.
    pub first: Option<ByteSet>,
    pub last: Option<ByteSet>,
    /// The fewest bytes a match spans.
    pub min_len: usize,
    /// Every byte a match can hold.
    pub allowed: ByteSet,
    /// Sets of bytes a match holds one byte of, each.
    pub required: Vec<ByteSet>,
}

impl ByteFilter {
    /// Whether a match may start and end as `line` does.
    pub(crate) fn admits(&self, line: &str) -> bool {
        let b = line.as_bytes();
        let (Some(&f), Some(&l)) = (b.first(), b.last()) else {
            return true;
        };
        self.first.is_none_or(|t| has_byte(&t, f)) && self.last.is_none_or(|t| has_byte(&t, l))
    }

    /// Whether one of the forms of a line may match: the line is long
    /// enough, holds a byte of each required set, and its barest form
    /// holds only allowed bytes (each form holds the bytes of the next).
    pub(crate) fn may_match(&self, forms: &Forms) -> bool {
        forms.text.len() >= self.min_len
            && within(&forms.bare_bytes, &self.allowed)
            && self.required.iter().all(|r| overlaps(r, &forms.bytes))
    }
}

/// The forms of a line a regex is tried on (see [`LineMatcher::matches`]),
/// and their bytes: found once per line.
#[derive(Debug)]
pub(crate) struct Forms<'a> {
    /// The line as it is.
    text: &'a str,
    /// The line without decoration around it.
    core: &'a str,
    /// The core without the pager of a carousel it heads.
    bare: &'a str,
    /// The bytes of the line.
    bytes: ByteSet,
    /// The bytes of `bare`.
    bare_bytes: ByteSet,
}

impl<'a> Forms<'a> {
    /// The line, its core and its bare form.
    #[cfg(test)]
    pub(crate) fn all(&self) -> [&'a str; 3] {
        [self.text, self.core, self.bare]
    }

    pub(crate) fn of(text: &'a str) -> Forms<'a> {
        let core = text.trim_matches(is_decoration);
        let bare = match core.ends_with(|c: char| c == '/' || c.is_ascii_digit()) {
            true => without_pager(core).trim_matches(is_decoration),
            false => core,
        };
        let bytes = byte_set(text.as_bytes());
        Forms {
            text,
            core,
            bare,
            bytes,
            // (Most lines are their own bare form.)
            bare_bytes: match bare.len() == text.len() {
                true => bytes,
                false => byte_set(bare.as_bytes()),
            },
        }
    }
}

impl LineMatcher {
    /// Whether the line matches (its lower-cased text computed once, on
    /// first use).
    pub(crate) fn matches(&self, line: &LineView) -> bool {
        let text = line.text;
        if text.len() > self.max_len {
            return false;
        }
        (!self.phrases.is_empty()
            && text.len() <= self.phrase_max
            && self.phrases.contains(line.phrase_key()))
            || self.regex.as_ref().is_some_and(|r| {
                // The line as it is, or without decoration around it
                // (">>> FOLLOW US ON TELEGRAM <<<"), or without the pager
                // of the carousel it heads ("Mehr zum Thema 1/").
                let forms = line.forms();
                let bytes = self.bytes.as_deref();
                if bytes.is_some_and(|b| !b.may_match(forms)) {
                    return false;
                }
                let try_on = |t: &str| bytes.is_none_or(|e| e.admits(t)) && r.is_match(t);
                let (core, bare) = (forms.core, forms.bare);
                try_on(text)
                    || (core.len() < text.len() && !core.is_empty() && try_on(core))
                    || (bare.len() < core.len() && try_on(bare))
            })
    }

    /// Whether the line matches.
    pub fn is_match(&self, line: &str) -> bool {
        self.matches(&LineView::new(line))
    }
}

/// Symbols that decorate a label without changing it, trimmed from both
/// ends of a line before it is compared with phrases: `>>> FOLLOW US <<<`,
/// `***Related***`, `【関連記事】`, `👉 Follow us on Telegram`. Pictographs
/// decorate too ([`is_pictograph`]): `📲 Follow us on WhatsApp`, `⚡️ Subscribe
/// to our Telegram channel`.
pub const PHRASE_DECORATION: &[char] = &[
    ' ', '*', '>', '<', '»', '«', '›', '‹', '▶', '►', '▸', '◀', '■', '□', '●', '•', '◆', '◇', '★',
    '☆', '→', '←', '|', '=', '#', '~', '_', '-', '–', '—', '―', '[', ']', '【', '】', '〔', '〕',
    '《', '》', '〈', '〉', '+', '👉', '📌', '📢', '🔔', '➡', '⬇', '▼', '🔴', '✅',
];

/// Whether `c` is a pictograph that news sites put before a prompt or a
/// label: the emoji blocks (U+1F000 to U+1FAFF), the miscellaneous symbols
/// and dingbats (U+2600 to U+27BF: ⚡ ❗ ✉ ✅), and the variation selector
/// and joiner that emoji sequences are made with.
fn is_pictograph(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0xFE0F | 0x200D)
}

/// Whether `c` is one of [`PHRASE_DECORATION`] or a pictograph, without
/// searching the list for the letters that end most lines: an ASCII
/// character is looked up in a bit mask, and every other one of the list
/// is in a block of symbols (Latin-1 guillemets, U+2010 to U+2BFF, CJK
/// brackets, emoji).
fn is_decoration(c: char) -> bool {
    const ASCII: u128 = {
        let mut mask = 0u128;
        let mut i = 0;
        while i < PHRASE_DECORATION.len() {
            let c = PHRASE_DECORATION[i] as u32;
            if c < 128 {
                mask |= 1 << c;
            }
            i += 1;
        }
        mask
    };
    let u = c as u32;
    if u < 128 {
        return ASCII >> u & 1 == 1;
    }
    is_pictograph(c)
        || (matches!(u, 0xAB | 0xBB)
            || (0x2010..=0x2BFF).contains(&u)
            || (0x3008..=0x301F).contains(&u)
            || u >= 0x1F000)
            && PHRASE_DECORATION.contains(&c)
}

/// How a line is compared with phrases: lower-cased, with the decoration
/// symbols of [`PHRASE_DECORATION`] and one final colon (`:` or `：`)
/// trimmed from its ends (a line of such symbols only keeps them, less
/// trailing spaces and colon).
pub fn phrase_key(line: &str) -> String {
    let mut lower = String::with_capacity(line.len());
    crate::chars::lowercase_into(line, &mut lower);
    key_of_lower(&lower).to_owned()
}

/// A label scraped twice on one line ("sponsored links sponsored links",
/// the visible and the screen-reader copy of a button) is keyed as the
/// label once.
fn undoubled(key: &str) -> &str {
    let half = key.len() / 2;
    match (key.get(..half), key.get(half + 1..)) {
        (Some(a), Some(b)) if key.len() % 2 == 1 && key.as_bytes()[half] == b' ' && a == b => a,
        _ => key,
    }
}

/// [`phrase_key`] of a line already lower-cased: lower-casing keeps spaces
/// and colons, so trimming after it is the same as trimming before.
pub(crate) fn key_of_lower(lower: &str) -> &str {
    // (The pager may come before or after the colon: "Fotos: 1/12",
    // "Fotos 1/12:".)
    let t = without_pager(lower.trim_matches(is_decoration));
    let key = without_pager(
        t.strip_suffix([':', '：'])
            .unwrap_or(t)
            .trim_matches(is_decoration),
    );
    if !key.is_empty() {
        return undoubled(key);
    }
    // A line of symbols only ("###", "--") is its own key.
    let t = lower.trim_end();
    t.strip_suffix([':', '：']).unwrap_or(t).trim_end()
}

/// A label without the pager of the carousel it heads, after a space
/// ("Mehr zum Thema 1/", "More from this section 1 / 5": the first slide,
/// and how many there are when the extractor kept it); the label as it is
/// otherwise (a date, "am 12/03", is not a pager).
fn without_pager(label: &str) -> &str {
    let count = label.trim_end_matches(|c: char| c.is_ascii_digit());
    if label.len() - count.len() > 3 {
        return label;
    }
    match count.trim_end().strip_suffix('/').map(str::trim_end) {
        Some(rest) => rest
            .strip_suffix(" 1")
            .map(str::trim_end)
            .filter(|head| !head.is_empty())
            .unwrap_or(label),
        None => label,
    }
}

/// One step of a sequence rule.
#[derive(Debug, Clone)]
pub struct Step {
    /// Pattern of the line.
    pub pattern: LineMatcher,
    /// Whether the line may be missing.
    pub optional: bool,
}

/// Where in the document a rule may fire (its anchor line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// Any line.
    Anywhere,
    /// One of the first `n` lines.
    Head(usize),
    /// One of the last `n` lines.
    Tail(usize),
}

impl Position {
    /// Whether line `i` of `n` lines is inside the allowed region.
    pub fn allows(self, i: usize, n: usize) -> bool {
        match self {
            Position::Anywhere => true,
            Position::Head(k) => i < k,
            Position::Tail(k) => i + k >= n,
        }
    }
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Position::Anywhere => write!(f, "anywhere"),
            Position::Head(n) => write!(f, "head({n})"),
            Position::Tail(n) => write!(f, "tail({n})"),
        }
    }
}

/// A compiled rule of a pattern pack.
#[derive(Debug, Clone)]
pub struct Rule {
    pub(crate) id: Arc<str>,
    pub(crate) pack: Arc<str>,
    pub(crate) kind: RuleKind,
    pub(crate) position: Position,
    /// `None` = any language.
    pub(crate) languages: Option<Vec<Lang>>,
    pub(crate) anchor: LineMatcher,
    /// The rule leaves a line that begins with a name the first line (the
    /// title) holds: a bio line is then the subject's, not the author's.
    pub(crate) unless_named_in_title: bool,
    /// The rule leaves the first line of the text when a sentence of
    /// [`HEADLINE_LEDE_MIN_UNITS`] or more follows it: a scraped article
    /// begins with its title, and titles carry labels such as "WATCH:".
    pub(crate) unless_headline: bool,
    /// The page's text ends at the rule's line (a paywall prompt): the
    /// article model may end the body before it (see
    /// `signals::article`).
    pub(crate) ends_text: bool,
    /// What documents and tests the rule (shared by its clones: a cleaner
    /// holds the built-in rules twice, in load and in evaluation order,
    /// and the process once more); `None` for a built-in rule, whose pack
    /// was loaded from its lean source (see [`Rule::docs`]).
    pub(crate) docs: Option<Arc<RuleDocs>>,
    pub(crate) origin: Arc<Path>,
    pub(crate) line: usize,
}

/// What documents and tests a rule: why it exists, residue it must
/// remove, text it must leave alone.
#[derive(Debug)]
pub(crate) struct RuleDocs {
    pub(crate) note: String,
    pub(crate) examples: Vec<String>,
    pub(crate) near_misses: Vec<String>,
}

impl RuleDocs {
    pub(crate) fn of(def: &super::file::RuleDef) -> RuleDocs {
        let texts =
            |list: &[toml::Spanned<String>]| list.iter().map(|e| e.get_ref().clone()).collect();
        RuleDocs {
            note: def.note.trim().to_owned(),
            examples: texts(&def.examples),
            near_misses: texts(&def.near_misses),
        }
    }
}

impl Rule {
    /// Qualified name, `pack/rule`.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// Name of the pack the rule comes from.
    pub fn pack(&self) -> &str {
        &self.pack
    }
    /// What the rule removes.
    pub fn kind(&self) -> &RuleKind {
        &self.kind
    }
    /// Where it may fire.
    pub fn position(&self) -> Position {
        self.position
    }
    /// Languages it applies to, `None` for all.
    pub fn languages(&self) -> Option<Vec<crate::Language>> {
        let languages = self.languages.as_deref()?;
        Some(languages.iter().map(|&l| crate::Language(l)).collect())
    }
    /// Why the rule exists.
    pub fn note(&self) -> &str {
        &self.docs().note
    }
    /// Residue the rule must remove entirely.
    pub fn examples(&self) -> &[String] {
        &self.docs().examples
    }
    /// Text the rule must leave alone.
    pub fn near_misses(&self) -> &[String] {
        &self.docs().near_misses
    }

    /// Its note, examples and near-misses: a built-in rule's are read from
    /// its pack's full source on the first call for any (a start parses
    /// the packs without them).
    fn docs(&self) -> &RuleDocs {
        static NONE: RuleDocs = RuleDocs {
            note: String::new(),
            examples: Vec::new(),
            near_misses: Vec::new(),
        };
        match &self.docs {
            Some(docs) => docs,
            None => super::built_in_docs(&self.id).unwrap_or(&NONE),
        }
    }
    /// File and line the rule was defined at.
    pub fn origin(&self) -> (&std::path::Path, usize) {
        (&self.origin, self.line)
    }

    /// Whether the rule's anchor (first line) matches `line`.
    pub fn anchor_is_match(&self, line: &str) -> bool {
        self.anchor.is_match(line)
    }

    /// Longest line (in bytes) the rule's anchor can match (unbounded
    /// repetitions counted as [`UNBOUNDED_REPEAT_BYTES`](crate::packs::UNBOUNDED_REPEAT_BYTES)
    /// bytes): longer lines are never tried.
    pub fn max_line_len(&self) -> usize {
        self.anchor.max_len
    }

    /// A one-line rule allowed anywhere: whether it fires on a line does not
    /// depend on the other lines.
    pub(crate) fn is_line_anywhere(&self) -> bool {
        matches!(self.kind, RuleKind::Line) && self.position == Position::Anywhere
    }

    /// Whether the rule may have its anchor at line `i` of `n`: where its
    /// position allows, and for a list bound to the tail anywhere (it then
    /// needs [`LONG_LIST_ITEMS`] headlines under its heading).
    pub(crate) fn may_anchor(&self, i: usize, n: usize) -> bool {
        self.position.allows(i, n)
            || matches!(
                (self.position, &self.kind),
                (Position::Tail(_), RuleKind::List { .. })
            )
    }

    /// Tries the rule with its anchor at `lines[i]`; returns the lines it
    /// removes. `lines` are the document's current lines; `other(j)` tells
    /// whether another rule may claim line `j` (a list leaves it the last
    /// line it would take on its shape alone).
    pub(crate) fn match_at(
        &self,
        lines: &[&LineView],
        i: usize,
        other: &dyn Fn(usize) -> bool,
    ) -> Option<Range<usize>> {
        let n = lines.len();
        let placed = self.position.allows(i, n);
        if !self.may_anchor(i, n) || !self.anchor.matches(lines[i]) {
            return None;
        }
        if self.unless_named_in_title && i > 0 && named_in(lines[i].text, lines[0].text) {
            return None;
        }
        if self.unless_headline && i == 0 && n > 1 && is_lede(lines[1].text) {
            return None;
        }
        match &self.kind {
            RuleKind::Line => Some(i..i + 1),
            RuleKind::Block {
                items,
                min_items,
                max_items,
            } => {
                let mut j = i + 1;
                while j < n && j - i <= HEADER_MAX_EXTRA_LINES && self.anchor.matches(lines[j]) {
                    j += 1;
                }
                let first_item = j;
                while j < n && j - first_item < *max_items && items.is_match(lines[j].text) {
                    j += 1;
                }
                (j - first_item >= *min_items).then_some(i..j)
            }
            RuleKind::List {
                min_items,
                max_items,
            } => {
                let mut j = i + 1;
                while j < n && j - i <= HEADER_MAX_EXTRA_LINES && self.anchor.matches(lines[j]) {
                    j += 1;
                }
                // A feed prints each item's time on a line of its own
                // ("18:51"), a video widget each item's length ("2:02"),
                // before or after its headline: such lines go with the
                // list, and are no teasers.
                let past_times = |mut k: usize| {
                    while k < n && is_clock_or_length(lines[k].text) {
                        k += 1;
                    }
                    k
                };
                j = past_times(j);
                // Teasers may come as records, a headline with its summary
                // under it, when the first two do.
                let summary = |k: usize| k < n && !lines[k].teaser() && is_summary(lines[k].text);
                let records = j < n && lines[j].teaser() && {
                    let s = past_times(j + 1);
                    let t = past_times(s + 1);
                    summary(s) && t < n && lines[t].teaser()
                };
                let (mut items, mut last) = (0, j);
                // The fewest word units of the teasers before the last.
                let mut shortest = f32::INFINITY;
                let units = |k: usize| crate::scan::Shape::scan(lines[k].text).0.units;
                while j < n && items < *max_items && lines[j].teaser() {
                    if items > 0 {
                        shortest = shortest.min(units(last));
                    }
                    last = j;
                    j = past_times(j + 1);
                    items += 1;
                    if records && summary(j) {
                        j = past_times(j + 1);
                    }
                }
                // A headline-shaped line right before body text is that
                // text's subheading, not a teaser (and the record it
                // starts is the text's), unless it is shaped like the
                // teasers above it (about as long: a subheading or another
                // widget's heading is shorter), no other rule claims it (a
                // prompt, an author box's heading), it shares no word with
                // the text (a subheading names the matter under it,
                // another story's headline seldom does), does not begin as
                // the text does (a name, and the paragraph about that
                // person), and is not numbered (a listicle's "2. Exercise
                // daily").
                if items > 0
                    && j < n
                    && crate::signals::ends_sentence(lines[j].text)
                    && (units(last) < SIBLING_MIN_SHARE * shortest
                        || other(last)
                        || numbered(lines[last].text)
                        || same_first_word(lines[last].text, lines[j].text)
                        || crate::words::Words::of(std::iter::once(lines[j].text))
                            .share_of(lines[last].text)
                            > 0.0)
                {
                    j = last;
                    items -= 1;
                }
                // (Records need more of them: a stray heading above an
                // article's own subheadings and short paragraphs is not a
                // list.)
                let enough = if !placed {
                    !records && items >= LONG_LIST_ITEMS
                } else if records {
                    items >= (*min_items).max(RECORDS_MIN)
                } else {
                    j == n || items >= *min_items
                };
                enough.then_some(i..j)
            }
            RuleKind::Cut { confirm, within } => lines[i + 1..n.min(i + 1 + within)]
                .iter()
                .any(|l| confirm.is_match(l.text))
                .then_some(i..n),
            RuleKind::Sequence { steps, min_lines } => {
                let mut j = i + 1;
                for step in steps {
                    if j < n && step.pattern.matches(lines[j]) {
                        j += 1;
                    } else if !step.optional {
                        return None;
                    }
                }
                (j - i >= *min_lines).then_some(i..j)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_and_media_lengths_are_figures_and_colons_alone() {
        for line in ["2:02", "0:57", "18:51", "1:02:33"] {
            assert!(is_clock_or_length(line), "{line:?}");
        }
        for line in [
            "2:2",
            "123:45",
            "2:02:03:04",
            ":45",
            "2:",
            "10:32 Minister resigns",
            "2.02",
            "v2:02",
            "",
        ] {
            assert!(!is_clock_or_length(line), "{line:?}");
        }
    }

    #[test]
    fn the_decoration_test_agrees_with_the_list_on_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(
                is_decoration(c),
                PHRASE_DECORATION.contains(&c) || is_pictograph(c),
                "{c:?}"
            );
        }
    }

    #[test]
    fn pictographs_at_the_ends_of_a_label_are_not_part_of_its_key() {
        assert_eq!(
            phrase_key("📲 Folgen Sie uns auf WhatsApp"),
            "folgen sie uns auf whatsapp"
        );
        // (With the variation selector that makes ⚡ an emoji.)
        assert_eq!(phrase_key("⚡\u{FE0F} Related:"), "related");
        assert_eq!(phrase_key("Trending 🔥🔥"), "trending");
        // Inside the line a pictograph stays.
        assert_eq!(phrase_key("Go 🔥 team"), "go 🔥 team");
    }

    #[test]
    fn a_turkish_label_in_capitals_keys_as_it_does_in_lower_case() {
        assert_eq!(phrase_key("İLGİLİ HABERLER"), "ilgili haberler");
        assert_eq!(phrase_key("VİDEO HABER"), phrase_key("Video haber"));
    }

    #[test]
    fn a_carousel_pager_after_a_label_is_not_part_of_its_key() {
        assert_eq!(super::key_of_lower("mehr zum thema 1/"), "mehr zum thema");
        assert_eq!(
            super::key_of_lower("more from this section 1 / 5"),
            "more from this section"
        );
        assert_eq!(super::key_of_lower("fotos 1/120:"), "fotos");
        // Not a pager: not the first slide, no space before it, a date,
        // nothing before it.
        assert_eq!(super::key_of_lower("fotos 2/12"), "fotos 2/12");
        assert_eq!(super::key_of_lower("covid-1/"), "covid-1/");
        assert_eq!(super::key_of_lower("am 12/03"), "am 12/03");
        assert_eq!(super::key_of_lower("stand 1/2024"), "stand 1/2024");
        assert_eq!(super::key_of_lower("1/"), "1/");
    }

    #[test]
    fn a_line_names_the_title_s_subject_by_its_first_two_words() {
        let title = "Singer, writer and entertainer: Annie Heger";
        assert!(named_in(
            "Annie Heger is a columnist of the radio show.",
            title
        ));
        assert!(!named_in("Jane Doe is a reporter at the Herald.", title));
        // A pronoun or article and a noun are no name.
        assert!(!named_in(
            "The author is a reporter at the Herald.",
            "The author speaks"
        ));
        // The name must be whole in the title, in order.
        assert!(!named_in("Annie Smith is a columnist.", title));
    }

    #[test]
    fn a_subheading_is_numbered_or_begins_as_its_paragraph_does() {
        assert!(numbered("2. Rutin berolahraga"));
        assert!(numbered("10) Keep a diary"));
        assert!(!numbered("2024 budget explained"));
        assert!(!numbered("Five things to know"));
        assert!(same_first_word(
            "Tia Ghose",
            "Tia has interned at Science News."
        ));
        assert!(same_first_word("«Apple» unveils", "apple said on Monday."));
        assert!(!same_first_word(
            "Storm closes schools",
            "The council met on Monday."
        ));
    }

    #[test]
    fn the_loose_matcher_lets_the_exact_pattern_decide() {
        let p = Pattern::lazy("^(?:By .{1,10})$".into(), None);
        assert!(
            p.0.loose.get().is_none(),
            "nothing compiled before first use"
        );
        assert!(!p.is_match("Bye now"));
        // The loose form (`.{1,}`) has matched nothing yet: the pattern as
        // written is not compiled.
        assert!(p.0.loose.get().is_some_and(|l| l.matcher.is_some()));
        assert!(p.0.exact.get().is_none());
        // Eleven characters: the loose form matches, the pattern decides.
        assert!(!p.is_match("By Андрей Иванов"));
        assert!(p.0.exact.get().is_some());
        assert!(p.is_match("By Андрей"));
        // No long bounded repetition: no loose form.
        let q = Pattern::lazy("^(?:\\d{4} words)$".into(), None);
        assert!(q.is_match("2024 words") && !q.is_match("20245 words"));
        assert!(q.0.loose.get().is_some_and(|l| l.matcher.is_none()));
    }

    #[test]
    fn the_loose_form_matches_whatever_the_pattern_matches() {
        let cases = [
            (
                "^(?:a{2,12}b)$",
                ["aab", "aaaaaaaaaaaab", "ab", "aaaaaaaaaaaaab"],
            ),
            (
                "^(?:(?:x|yz){0,9}?q)$",
                ["q", "yzyzq", "xxxxxxxxxq", "xxxxxxxxxxq"],
            ),
            (
                "^(?:.{3,20}[.])$",
                ["abc.", "ab.", "0123456789012345678901.", "долгий путь."],
            ),
            (
                "^(?:[a-z]{1,3}(?: [a-zа-я]{1,30}){0,2})$",
                ["ab cd", "a b c d", "abcd", "x дом"],
            ),
        ];
        for (pattern, lines) in cases {
            let hir = regex_syntax::Parser::new().parse(pattern).unwrap();
            let exact = compile_hir(&hir).unwrap();
            let loose = compile_hir(&loosen(&hir)).unwrap();
            let lazy = Pattern::lazy(pattern.into(), None);
            for line in lines {
                assert!(
                    !exact.is_match(line) || loose.is_match(line),
                    "{pattern} {line}"
                );
                assert_eq!(
                    lazy.is_match(line),
                    exact.is_match(line),
                    "{pattern} {line}"
                );
            }
        }
    }

    #[test]
    fn the_narrow_zone_is_what_it_says() {
        for (s, within) in [
            ("plain ASCII", true),
            ("Ærø, Łódź, Đà, Ωμέγα, Москва, Ԁ", true),
            ("Ք", false),
            ("\u{53F} \u{2000}“quoted” — dash… \u{207F}", true),
            ("\u{540}", false),
            ("\u{1FFF}", false),
            ("\u{2080}", false),
            ("price €5", false),
            ("東京", false),
            ("عربي", false),
            ("smile 🙂", false),
            ("", true),
        ] {
            assert_eq!(in_narrow_zone(s), within, "{s:?}");
            let by_chars = s.chars().all(|c| {
                super::super::nfa_code::NARROW_ZONE
                    .iter()
                    .any(|&(a, b)| (a..=b).contains(&c))
            });
            assert_eq!(by_chars, within, "{s:?}");
        }
    }

    #[test]
    fn built_in_patterns_decide_alike_in_their_narrow_form() {
        // Every line of every built-in rule's examples and near-misses, and
        // the same lines with a character from outside the zone, get the
        // same answer from the pattern compiled as written as from the
        // pattern as it runs (its narrow form for the lines within the
        // zone).
        let set = crate::packs::RuleSet::embedded();
        let (mut narrow, mut checked) = (0, 0);
        for rule in set.rules() {
            let mut patterns: Vec<&Pattern> = rule.anchor.regex.iter().collect();
            match rule.kind() {
                RuleKind::Block { items, .. } => patterns.push(items),
                RuleKind::Cut { confirm, .. } => patterns.push(confirm),
                RuleKind::Sequence { steps, .. } => {
                    patterns.extend(steps.iter().filter_map(|s| s.pattern.regex.as_ref()))
                }
                _ => {}
            }
            for p in patterns {
                let hir = regex_syntax::Parser::new().parse(p.as_str()).unwrap();
                let exact = compile_hir(&hir).unwrap();
                let has_narrow =
                    p.0.pre
                        .and_then(|p| p.narrow)
                        .is_some_and(|n| n.exact.is_some() && n.loose != LooseForm::Nfa(None));
                for t in rule.examples().iter().chain(rule.near_misses()) {
                    for line in crate::normalize::lines(t) {
                        let text = line.text.to_string();
                        for l in [text.clone(), format!("{text} €"), format!("€{text}")] {
                            assert_eq!(p.is_match(&l), exact.is_match(&l), "{}: {l:?}", rule.id());
                            checked += 1;
                            narrow += usize::from(has_narrow && in_narrow_zone(&l));
                        }
                    }
                }
            }
        }
        assert!(narrow > 2000 && checked > 20000, "{narrow} {checked}");
    }
}
