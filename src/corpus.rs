//! Corpus evidence: lines that recur across many unrelated documents.
//!
//! When a whole folder or stream is cleaned, a first pass counts, for every
//! line (by a 64-bit hash of its normalized text, never the text itself):
//!
//! * in how many documents it appears;
//! * how many different *stories* those documents tell — a story is the
//!   smallest hash of a document's first [`STORY_LINES`] prose lines (lines
//!   of at least [`STORY_LINE_MIN_BYTES`] bytes ending like a sentence), so
//!   copies of one syndicated article share it while unrelated articles do
//!   not;
//! * how often it sits at the document's edge: before its first prose line
//!   or after its last one;
//! * how often it sits before the document's first prose line (its head).
//!
//! A line is **template** (site navigation, footers, widgets, the site's
//! standing sentences) when it appears in at least [`MIN_DOCS`] documents
//! telling at least [`MIN_STORIES`] different stories, and, unless it is
//! itself a prose line, at an edge in at least [`MIN_EDGE_SHARE`] of them.
//! A line shared by copies of one story is content and stays in every copy.
//!
//! Template lines are evidence for the article model
//! ([`crate::signals::article`]), which removes them in the head and the
//! tail of the document being cleaned, never inside its body: a common
//! subheading ("Background") or a standing notice between two paragraphs
//! stays, and a "Contact:" heading followed by body text is not at an edge.
//! A template line that sits in this document's head but is seldom in the
//! head of the others (the headline of this story, listed among related
//! stories at the foot of its siblings) is not template here
//! ([`TemplateLine::is_headline_here`]).
//!
//! Memory is bounded: at most [`MAX_LINES`] lines are tracked; when the table
//! fills up, lines seen in a single document are forgotten first (they are
//! the bulk, and a forgotten count can only make rinse remove less).

use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_64;

mod file;
mod reuse;
pub use file::{FILE_VERSION, MAX_FILE_BYTES};
pub use reuse::{REUSE_MAX_BYTES, Reuse, Reused};

use crate::normalize;
use crate::signals::ends_sentence;

/// Fewest documents a template line appears in.
pub const MIN_DOCS: u32 = 5;
/// Fewest different stories among them (at most [`MAX_STORIES`]).
pub const MIN_STORIES: usize = 3;
/// Share of its occurrences a template line spends at a document's edge.
pub const MIN_EDGE_SHARE: f64 = 0.8;
/// Most lines tracked in the first pass (about 40 bytes each).
pub const MAX_LINES: usize = 4_000_000;
/// Prose lines that define a document's story are at least this long.
pub const STORY_LINE_MIN_BYTES: usize = 60;
/// A document's story is told by its first this many prose lines (its
/// lede), which copies of one syndicated story share.
pub const STORY_LINES: usize = 3;
/// A template line that is in the head of fewer than this share of the
/// documents it appears in is, in the head of a document, that document's
/// headline (sibling pages list it among their related stories).
pub const HEAD_SHARE: f64 = 0.5;
/// Different stories remembered per line: enough to reach [`MIN_STORIES`].
pub const MAX_STORIES: usize = 4;

#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    docs: u32,
    edge: u32,
    head: u32,
    /// Whether the line is a story line (its text tells).
    prose: bool,
    stories: [u32; MAX_STORIES],
    n_stories: u8,
}

impl Entry {
    fn add_story(&mut self, story: u32) {
        let n = self.n_stories as usize;
        if n < MAX_STORIES && !self.stories[..n].contains(&story) {
            self.stories[n] = story;
            self.n_stories += 1;
        }
    }

    fn merge(&mut self, other: &Entry) {
        self.docs += other.docs;
        self.edge += other.edge;
        self.head += other.head;
        self.prose |= other.prose;
        for &s in &other.stories[..other.n_stories as usize] {
            self.add_story(s);
        }
    }

    fn is_template(&self, min_docs: u32) -> bool {
        self.docs >= min_docs
            && self.n_stories as usize >= MIN_STORIES.min(min_docs as usize)
            && (self.prose || self.edge as f64 >= MIN_EDGE_SHARE * self.docs as f64)
    }
}

/// Whether a line is prose that defines a document's story.
fn is_story_line(line: &str) -> bool {
    line.len() >= STORY_LINE_MIN_BYTES && ends_sentence(line)
}

/// First and last prose line of a document: lines outside this span are at
/// its edges. `None` when it has no prose line (then every line is).
pub fn prose_span(lines: &[&str]) -> Option<(usize, usize)> {
    let first = lines.iter().position(|l| is_story_line(l))?;
    let last = lines.iter().rposition(|l| is_story_line(l))?;
    Some((first, last))
}

/// Hash of a normalized line, as corpus statistics key it.
pub fn line_hash(line: &str) -> u64 {
    xxh3_64(line.as_bytes())
}

/// One document's sighting of a line, packed in a `u64`: the story (low
/// 32 bits), then whether the line was a story line, at an edge, in the
/// head, and whether the story is known. Most lines of a corpus are seen
/// in one document only; they are kept in this form (16 bytes a line in
/// the table, not 40) until a second document holds them.
#[derive(Debug, Clone, Copy)]
struct Sighting(u64);

impl Sighting {
    const PROSE: u64 = 1 << 32;
    const EDGE: u64 = 1 << 33;
    const HEAD: u64 = 1 << 34;
    const STORY: u64 = 1 << 35;

    fn new(story: u32, prose: bool, edge: bool, head: bool) -> Sighting {
        let flag = |on: bool, bit: u64| if on { bit } else { 0 };
        Sighting(
            u64::from(story)
                | flag(prose, Self::PROSE)
                | flag(edge, Self::EDGE)
                | flag(head, Self::HEAD)
                | Self::STORY,
        )
    }

    /// The sighting an entry of one document holds, when it is one.
    fn of(e: &Entry) -> Option<Sighting> {
        if e.docs != 1 || e.edge > 1 || e.head > 1 || e.n_stories > 1 {
            return None;
        }
        let mut one = Sighting::new(e.stories[0], e.prose, e.edge == 1, e.head == 1);
        if e.n_stories == 0 {
            one.0 &= !Self::STORY;
        }
        Some(one)
    }

    fn entry(self) -> Entry {
        let mut e = Entry {
            docs: 1,
            edge: u32::from(self.0 & Self::EDGE != 0),
            head: u32::from(self.0 & Self::HEAD != 0),
            prose: self.0 & Self::PROSE != 0,
            ..Entry::default()
        };
        if self.0 & Self::STORY != 0 {
            e.add_story(self.0 as u32);
        }
        e
    }
}

/// First-pass statistics over a corpus. Build one per worker with
/// [`CorpusStats::add_document`] and combine them with
/// [`CorpusStats::merge`].
#[derive(Debug, Clone)]
pub struct CorpusStats {
    /// Lines seen in one document so far.
    once: FxHashMap<u64, Sighting>,
    /// Lines seen in more.
    lines: FxHashMap<u64, Entry>,
    docs: u64,
    max_lines: usize,
    forgotten: bool,
}

impl Default for CorpusStats {
    fn default() -> Self {
        CorpusStats::with_capacity(MAX_LINES)
    }
}

impl CorpusStats {
    /// Statistics tracking at most `max_lines` lines.
    pub fn with_capacity(max_lines: usize) -> CorpusStats {
        CorpusStats {
            once: FxHashMap::default(),
            lines: FxHashMap::default(),
            docs: 0,
            max_lines: max_lines.max(16),
            forgotten: false,
        }
    }

    /// Counts the lines of one document.
    pub fn add_document(&mut self, text: &str) {
        let Some(doc) = scan_document(text) else {
            return;
        };
        self.docs += 1;
        for (h, prose, edge, head) in doc.lines {
            self.add(h, Sighting::new(doc.story, prose, edge, head).entry());
        }
        if self.tracked() > self.max_lines {
            self.forget();
        }
    }

    /// Adds the counts `e` of line `h` (those of other documents than the
    /// ones counted here).
    fn add(&mut self, h: u64, e: Entry) {
        if let Some(entry) = self.lines.get_mut(&h) {
            entry.merge(&e);
        } else if let Some(first) = self.once.remove(&h) {
            let mut entry = first.entry();
            entry.merge(&e);
            self.lines.insert(h, entry);
        } else if let Some(one) = Sighting::of(&e) {
            self.once.insert(h, one);
        } else {
            self.lines.insert(h, e);
        }
    }

    /// Lines tracked.
    fn tracked(&self) -> usize {
        self.once.len() + self.lines.len()
    }

    /// Every line tracked, with its counts (in no order).
    fn entries(&self) -> impl Iterator<Item = (u64, Entry)> + '_ {
        let once = self.once.iter().map(|(&h, s)| (h, s.entry()));
        once.chain(self.lines.iter().map(|(&h, &e)| (h, e)))
    }

    /// Adds the counts of another worker's statistics.
    pub fn merge(&mut self, other: CorpusStats) {
        self.docs += other.docs;
        self.forgotten |= other.forgotten;
        for (h, s) in other.once {
            self.add(h, s.entry());
        }
        for (h, e) in other.lines {
            self.add(h, e);
        }
        if self.tracked() > self.max_lines {
            self.forget();
        }
    }

    /// Frees room: forgets the lines seen in the fewest documents.
    fn forget(&mut self) {
        // Those seen once go first.
        self.once.clear();
        let mut bar = 2;
        while self.lines.len() > self.max_lines / 2 {
            self.lines.retain(|_, e| e.docs > bar);
            bar += 1;
        }
        self.forgotten = true;
    }

    /// Documents counted.
    pub fn documents(&self) -> u64 {
        self.docs
    }

    /// Whether lines had to be forgotten to stay within the memory bound.
    pub fn forgot_lines(&self) -> bool {
        self.forgotten
    }

    /// The lines that could become template once the documents are
    /// cleaned (see [`NearTemplates`]).
    pub fn near_templates(&self, min_docs: u32) -> NearTemplates {
        let min_docs = min_docs.max(2);
        NearTemplates {
            lines: self
                .lines
                .iter()
                .filter(|(_, e)| {
                    e.docs >= min_docs
                        && e.n_stories as usize >= MIN_STORIES.min(min_docs as usize)
                        && !e.is_template(min_docs)
                })
                .map(|(&h, &e)| (h, e))
                .collect(),
        }
    }

    /// The template lines, refined to their fixed point: as long as a
    /// round adds template lines (at most [`MAX_REFINE_ROUNDS`]), the
    /// documents holding a line that cleaning may bring to an edge are
    /// cleaned with the model so far and their lines counted again (see
    /// [`CorpusModel::refine`]). Cleaning the cleaned documents as a batch
    /// again then learns nothing new.
    ///
    /// After the first round, only the lines that share a document with a
    /// line the round before added are counted again (their documents are
    /// found by a pass that reads them without cleaning them): no other
    /// document cleans differently with the new model, since a document's
    /// cleaning depends on the model only through the template lines it
    /// holds, so every other line's counts stand.
    ///
    /// `each_document(f)` calls `f` on every document of the corpus
    /// (concurrently if it likes), wherever they are (memory, files, a
    /// stream read again); it returns `false` to stop the refinement where
    /// it is (an interrupted run).
    pub fn refined_model(
        &self,
        cleaner: &crate::Cleaner,
        min_docs: u32,
        each_document: impl FnMut(&(dyn Fn(&str) + Sync)) -> bool,
    ) -> CorpusModel {
        self.refined_model_reusing(cleaner, min_docs, each_document, &Reuse::new(0))
    }

    /// [`CorpusStats::refined_model`], keeping in `reuse` the cleanings its
    /// rounds made that the model it returns would make too (see
    /// [`Reuse`]); a round counts a document's kept cleaning instead of
    /// cleaning it again.
    pub fn refined_model_reusing(
        &self,
        cleaner: &crate::Cleaner,
        min_docs: u32,
        mut each_document: impl FnMut(&(dyn Fn(&str) + Sync)) -> bool,
        reuse: &Reuse,
    ) -> CorpusModel {
        use std::sync::Mutex;
        reuse.clear();
        let hashes = LineHashes::new(LINE_HASHES_MAX_BYTES);
        let mut model = self.model_with(min_docs);
        let mut near = self.near_templates(min_docs);
        // The lines a round counts again, when not all of `near`.
        let mut focus: Option<NearTemplates> = None;
        for round in 0..MAX_REFINE_ROUNDS {
            let counting = focus.as_ref().unwrap_or(&near);
            if counting.is_empty() {
                break;
            }
            let with = cleaner.with_corpus(std::sync::Arc::new(model.clone()));
            let tally = Mutex::new(counting.tally());
            let counted = each_document(&|text| {
                if counting.touches_any(&hashes.of(text)) {
                    // (A cleaning kept from an earlier round is this
                    // model's too: see `Reuse`.)
                    let body = reuse.body(text).unwrap_or_else(|| {
                        let cleaned = with.clean(text);
                        let body = cleaned.text();
                        reuse.offer(text, &cleaned, &body);
                        body
                    });
                    tally.lock().expect("tally lock").add_output(&body);
                }
            });
            if !counted {
                reuse.clear();
                break;
            }
            let tally = tally.into_inner().expect("tally lock");
            let added = model.refine_with(&mut near, &tally);
            if added.is_empty() {
                // The model stands: this round's cleanings are final.
                break;
            }
            if round + 1 == MAX_REFINE_ROUNDS {
                reuse.clear();
                break;
            }
            // The lines of `near` in the documents that hold a line just
            // added. Those documents may clean differently with the new
            // model, so their kept cleanings go; every other document's
            // stands (its cleaning depends on the model only through the
            // template lines it holds).
            let gathered: Mutex<rustc_hash::FxHashSet<u64>> = Mutex::default();
            let read = each_document(&|text| {
                let hashes = hashes.of(text);
                if hashes.iter().any(|h| added.contains(h)) {
                    reuse.forget(text);
                    let mut gathered = gathered.lock().expect("gathered lock");
                    gathered.extend(hashes.iter().filter(|h| near.lines.contains_key(h)));
                }
            });
            if !read {
                reuse.clear();
                break;
            }
            let gathered = gathered.into_inner().expect("gathered lock");
            focus = Some(NearTemplates {
                lines: near
                    .lines
                    .iter()
                    .filter(|(h, _)| gathered.contains(h))
                    .map(|(&h, &e)| (h, e))
                    .collect(),
            });
        }
        model
    }

    /// The template lines, for documents of this corpus.
    pub fn model(&self) -> CorpusModel {
        self.model_with(MIN_DOCS)
    }

    /// The template lines, counting a line as template from `min_docs`
    /// documents on (at least 2).
    pub fn model_with(&self, min_docs: u32) -> CorpusModel {
        let min_docs = min_docs.max(2);
        let templates = self
            .lines
            .iter()
            .filter(|(_, e)| e.is_template(min_docs))
            .map(|(&h, e)| {
                (
                    h,
                    TemplateLine {
                        docs: e.docs,
                        stories: e.n_stories as u32,
                        edge: e.edge,
                        head: e.head,
                    },
                )
            })
            .collect();
        CorpusModel {
            templates,
            documents: self.docs,
            min_docs,
        }
    }
}

/// Rounds of [`CorpusModel::refine`] at most: each can turn into template
/// lines that only cleaning brought to the edges.
pub const MAX_REFINE_ROUNDS: usize = 3;

/// What one document says of its lines: hashes (first occurrence only),
/// whether each is a story line, at an edge, in the head; and its story.
struct DocScan {
    lines: Vec<(u64, bool, bool, bool)>,
    story: u32,
}

fn scan_document(text: &str) -> Option<DocScan> {
    let lines = normalize::lines(text);
    if lines.is_empty() {
        return None;
    }
    let story_line: Vec<bool> = lines.iter().map(|l| is_story_line(&l.text)).collect();
    let first = story_line.iter().position(|&s| s);
    let last = story_line.iter().rposition(|&s| s);
    let hashes: Vec<u64> = lines.iter().map(|l| line_hash(&l.text)).collect();
    let story = match first {
        Some(_) => hashes
            .iter()
            .zip(&story_line)
            .filter(|&(_, &s)| s)
            .take(STORY_LINES)
            .map(|(&h, _)| h)
            .min(),
        None => hashes.iter().copied().min(),
    }
    .map_or(0, |h| (h >> 32) as u32);
    let mut seen =
        rustc_hash::FxHashSet::with_capacity_and_hasher(hashes.len(), Default::default());
    let mut out = Vec::with_capacity(hashes.len());
    for (i, &h) in hashes.iter().enumerate() {
        if !seen.insert(h) {
            continue;
        }
        let at_edge = match (first, last) {
            (Some(a), Some(b)) => i < a || i > b,
            _ => true,
        };
        out.push((h, story_line[i], at_edge, first.is_none_or(|a| i < a)));
    }
    Some(DocScan { lines: out, story })
}

/// Bytes of line hashes the corpus refinement keeps between its passes
/// over the documents (a million lines), so that a document read again is
/// not normalized again: on the development corpus (5,203 articles, five
/// passes) normalizing was a fifth of a folder run's instructions.
pub const LINE_HASHES_MAX_BYTES: usize = 8 << 20;

/// The line hashes of the documents the refinement has read, found by a
/// 128-bit hash of the text and its length, kept within a byte bound
/// (past it, a document is normalized again on each pass).
struct LineHashes {
    max_bytes: usize,
    /// The hashes by document, and their bytes.
    kept: std::sync::Mutex<(HashesByText, usize)>,
}

/// Line hashes by a document's text (see `reuse::key`).
type HashesByText = FxHashMap<(u128, usize), std::sync::Arc<[u64]>>;

impl LineHashes {
    fn new(max_bytes: usize) -> LineHashes {
        LineHashes {
            max_bytes,
            kept: std::sync::Mutex::default(),
        }
    }

    /// The hashes of the lines of `text`, as [`line_hash`] gives them.
    fn of(&self, text: &str) -> std::sync::Arc<[u64]> {
        let key = reuse::key(text);
        if let Some(found) = self.kept.lock().expect("hashes lock").0.get(&key) {
            return found.clone();
        }
        let hashes: std::sync::Arc<[u64]> = normalize::lines(text)
            .iter()
            .map(|l| line_hash(&l.text))
            .collect();
        let bytes = 8 * hashes.len() + 64;
        let mut kept = self.kept.lock().expect("hashes lock");
        if kept.1 + bytes <= self.max_bytes && kept.0.insert(key, hashes.clone()).is_none() {
            kept.1 += bytes;
        }
        hashes
    }
}

/// Lines that recur in enough documents and stories to be template but are
/// not at the edges often enough: cleaning may bring them there (a prose
/// banner above a login prompt goes, and the prompt is at the edge). The
/// refinement counts them again on the cleaned documents
/// ([`CorpusModel::refine`]).
#[derive(Debug, Clone, Default)]
pub struct NearTemplates {
    lines: FxHashMap<u64, Entry>,
}

impl NearTemplates {
    /// Whether there is nothing to refine.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Number of lines to refine.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether `text` holds one of the lines (only such documents need to
    /// be cleaned to refine them).
    pub fn touches(&self, text: &str) -> bool {
        !self.lines.is_empty()
            && normalize::lines(text)
                .iter()
                .any(|l| self.lines.contains_key(&line_hash(&l.text)))
    }

    /// [`NearTemplates::touches`] for a document's line hashes.
    fn touches_any(&self, hashes: &[u64]) -> bool {
        !self.lines.is_empty() && hashes.iter().any(|h| self.lines.contains_key(h))
    }

    /// An empty tally of the same lines, for one worker.
    pub fn tally(&self) -> NearTally {
        NearTally {
            lines: self.lines.keys().map(|&h| (h, Entry::default())).collect(),
        }
    }
}

/// The counts of the [`NearTemplates`] over cleaned documents; merge the
/// tallies of the workers with [`NearTally::merge`].
#[derive(Debug, Clone, Default)]
pub struct NearTally {
    lines: FxHashMap<u64, Entry>,
}

impl NearTally {
    /// Counts the lines of one cleaned document.
    pub fn add_output(&mut self, clean_body: &str) {
        let Some(doc) = scan_document(clean_body) else {
            return;
        };
        for (h, prose, edge, head) in doc.lines {
            if let Some(e) = self.lines.get_mut(&h) {
                e.docs += 1;
                e.edge += u32::from(edge);
                e.head += u32::from(head);
                e.prose |= prose;
                e.add_story(doc.story);
            }
        }
    }

    /// Adds another worker's counts.
    pub fn merge(&mut self, other: NearTally) {
        for (h, e) in other.lines {
            self.lines.entry(h).or_default().merge(&e);
        }
    }
}

/// What the corpus says about one template line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TemplateLine {
    /// Documents it appears in.
    pub docs: u32,
    /// Different stories among them (counted up to [`MAX_STORIES`]).
    pub stories: u32,
    /// Documents where it sits at an edge.
    pub edge: u32,
    /// Documents where it sits before the first prose line.
    pub head: u32,
}

impl TemplateLine {
    /// Whether, sitting in the head of a document, the line is that
    /// document's headline rather than template: it is in the head of fewer
    /// than [`HEAD_SHARE`] of the documents it appears in (the others list
    /// it among their related stories).
    pub fn is_headline_here(&self) -> bool {
        (self.head as f64) < HEAD_SHARE * self.docs as f64
    }
}

/// The template lines of a corpus, by hash: the read-only result of the
/// first pass, shared by every worker of the second.
#[derive(Debug, Clone, Default)]
pub struct CorpusModel {
    templates: FxHashMap<u64, TemplateLine>,
    documents: u64,
    min_docs: u32,
}

impl CorpusModel {
    /// The evidence about a normalized line, if it is template.
    pub fn template(&self, line: &str) -> Option<&TemplateLine> {
        if self.templates.is_empty() {
            return None;
        }
        self.templates.get(&line_hash(line))
    }

    /// Number of template lines.
    pub fn len(&self) -> usize {
        self.templates.len()
    }

    /// Whether no line is template.
    pub fn is_empty(&self) -> bool {
        self.templates.is_empty()
    }

    /// Documents the model was learned from.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// Adds the lines of `near` that, counted on the cleaned documents
    /// (`tally`), are template; returns how many were added. The cleaned
    /// documents must be those the lines of `near` are in, cleaned with this
    /// model; the lines added leave `near`.
    pub fn refine(&mut self, near: &mut NearTemplates, tally: &NearTally) -> usize {
        self.refine_with(near, tally).len()
    }

    /// [`CorpusModel::refine`], returning the lines added.
    fn refine_with(
        &mut self,
        near: &mut NearTemplates,
        tally: &NearTally,
    ) -> rustc_hash::FxHashSet<u64> {
        let mut added = rustc_hash::FxHashSet::default();
        for (h, e) in &tally.lines {
            if e.is_template(self.min_docs) && near.lines.remove(h).is_some() {
                self.templates.insert(
                    *h,
                    TemplateLine {
                        docs: e.docs,
                        stories: e.n_stories as u32,
                        edge: e.edge,
                        head: e.head,
                    },
                );
                added.insert(*h);
            }
        }
        added
    }

    /// The model of `docs`, documents in memory: their lines counted, then
    /// refined to its fixed point ([`CorpusStats::refined_model`]).
    pub fn learn(cleaner: &crate::Cleaner, docs: &[&str], min_docs: u32) -> CorpusModel {
        use rayon::prelude::*;
        let stats = docs
            .par_iter()
            .fold(CorpusStats::default, |mut s, t| {
                s.add_document(t);
                s
            })
            .reduce(CorpusStats::default, |mut a, b| {
                a.merge(b);
                a
            });
        stats.refined_model(cleaner, min_docs, |f| {
            docs.par_iter().for_each(|t| f(t));
            true
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(n: usize) -> String {
        format!(
            "Home\nNews\nStory number {n} begins here with a long sentence about the matter at hand, which continues for a while.\n\
             A second paragraph of story {n} adds some detail about what happened next in the case at hand.\n\
             Background\n\
             A third paragraph of story {n} explains the background of the whole affair for the readers here.\n\
             © 2024 Example News\n"
        )
    }

    #[test]
    fn edge_lines_of_unrelated_documents_are_template() {
        let mut stats = CorpusStats::default();
        for n in 0..5 {
            stats.add_document(&story(n));
        }
        let model = stats.model();
        for line in ["Home", "News", "© 2024 Example News"] {
            assert!(model.template(line).is_some(), "{line}");
        }
        // Inside the prose: a common subheading is not template.
        assert!(model.template("Background").is_none());
        // A story's own prose is in one story only.
        let prose = "A second paragraph of story 1 adds some detail about what happened next in the case at hand.";
        assert!(is_story_line(prose));
        assert!(model.template(prose).is_none());
        assert!(stats.lines.contains_key(&line_hash("Background")));
    }

    #[test]
    fn a_sites_standing_sentence_is_template_and_a_headline_is_not() {
        let mut stats = CorpusStats::default();
        let bio = "Jane Roe is a reporter for the Example News, where she covers the courts and the city.";
        for n in 0..8 {
            // Each story lists the other stories' headlines at its foot.
            let others: String = (0..8)
                .filter(|&k| k != n)
                .map(|k| format!("Headline of story {k}\n"))
                .collect();
            stats.add_document(&format!(
                "Example News\nHeadline of story {n}\n{}\n{bio}\nRelated\n{others}",
                story(n).lines().nth(2).unwrap(),
            ));
        }
        let model = stats.model();
        let t = model
            .template(bio)
            .expect("a standing sentence of the site");
        assert_eq!(t.docs, 8);
        // Each headline heads one document and sits at the foot of the
        // others: in the head of a document it is that document's own.
        for n in 0..8 {
            let t = model.template(&format!("Headline of story {n}")).unwrap();
            assert!(t.is_headline_here());
        }
        // The masthead heads them all.
        assert!(!model.template("Example News").unwrap().is_headline_here());
    }

    #[test]
    fn a_flash_without_prose_loses_the_sites_sign_off_and_keeps_its_headline() {
        // Six stories and three market flashes (a headline and figures, no
        // sentence) of one site, each signed off by the site's name. In a
        // flash every line is before the first prose line, where the
        // sign-off is seldom found in the other documents: it must still
        // go, and the flash's headline stay.
        let mut docs: Vec<String> = (0..6)
            .map(|n| {
                format!(
                    "Headline of story {n}\n\
                     Story {n} opens with a sentence long enough to be prose, about the matter of story {n}.\n\
                     Story {n} goes on with another sentence about what happened next in the case.\n\
                     Example Wire News\n"
                )
            })
            .collect();
        docs.extend((0..3).map(|n| {
            format!(
                "Chicago purchasing index falls to 3{n}.4 in May\n\
                 Result 3{n}.4\n\
                 Forecast 40.0, previous 37.9\n\
                 Example Wire News\n"
            )
        }));
        let cleaner = crate::Cleaner::new();
        let refs: Vec<&str> = docs.iter().map(String::as_str).collect();
        let model = CorpusModel::learn(&cleaner, &refs, MIN_DOCS);
        let t = model.template("Example Wire News").expect("the sign-off");
        assert!(t.is_headline_here(), "seldom in a document's head");
        let with = cleaner.with_corpus(std::sync::Arc::new(model));
        for d in &refs {
            let out = with.clean_text(d);
            assert!(!out.contains("Example Wire News"), "{out}");
            assert_eq!(out.lines().next(), d.lines().next(), "{out}");
        }
    }

    #[test]
    fn learning_reaches_its_fixed_point_in_one_run() {
        // A standing banner sentence sits above a site line: the line
        // is not at the edge of the raw pages, but it is once the banner
        // (template prose) is gone. The learned model takes it in at once,
        // so cleaning the cleaned pages as a batch again learns nothing new.
        let docs: Vec<String> = (0..8)
            .map(|n| {
                format!(
                    "Your edition is set to the North. You can change the location at any time.\n\
                     Members get the print edition on Sundays\n\
                     Headline of story {n}\n\
                     Story {n} opens with a sentence long enough to be prose, about the matter of story {n}.\n\
                     Story {n} goes on with another sentence about what happened next in the case.\n"
                )
            })
            .collect();
        let cleaner = crate::Cleaner::new();
        let refs: Vec<&str> = docs.iter().map(String::as_str).collect();
        let model = CorpusModel::learn(&cleaner, &refs, MIN_DOCS);
        assert!(
            model
                .template("Members get the print edition on Sundays")
                .is_some()
        );
        let with = cleaner.with_corpus(std::sync::Arc::new(model));
        let once: Vec<String> = refs.iter().map(|d| with.clean_text(d)).collect();
        assert!(
            once.iter().all(|d| d.starts_with("Headline of story")),
            "{once:?}"
        );
        let again_refs: Vec<&str> = once.iter().map(String::as_str).collect();
        let again_model = CorpusModel::learn(&cleaner, &again_refs, MIN_DOCS);
        let again = cleaner.with_corpus(std::sync::Arc::new(again_model));
        for d in &once {
            assert_eq!(&again.clean_text(d), d);
        }
    }

    /// Site A needs a second round (its banner hides a site line from the
    /// edge); site B has near-template lines of its own that share no page
    /// with A's.
    fn two_sites() -> Vec<String> {
        let mut docs: Vec<String> = (0..8)
            .map(|n| {
                format!(
                    "Your edition is set to the North. You can change the location at any time.\n\
                     Members get the print edition on Sundays\n\
                     Subscribers read every edition in the app\n\
                     Headline of story {n}\n\
                     Story {n} opens with a sentence long enough to be prose, about the matter of story {n}.\n\
                     Story {n} goes on with another sentence about what happened next in the case.\n"
                )
            })
            .collect();
        docs.extend((0..8).map(|n| {
            format!(
                "Site B front page\n\
                 Report {n} opens with a sentence long enough to be prose, about the matter of report {n}.\n\
                 Listen to this article\n\
                 Report {n} goes on with another sentence about what happened next in that case.\n\
                 Share this report\n\
                 All reports of Site B are written by its own staff in the newsroom of the city.\n"
            )
        }));
        docs
    }

    /// The counts of `docs`, and their model refined keeping cleanings for
    /// reuse (up to a megabyte of them), which it returns.
    fn refined_reusing(
        docs: &[String],
        cleaner: &crate::Cleaner,
    ) -> (CorpusStats, CorpusModel, Reuse) {
        let mut stats = CorpusStats::default();
        for d in docs {
            stats.add_document(d);
        }
        let reuse = Reuse::new(1 << 20);
        let each = |f: &(dyn Fn(&str) + Sync)| {
            docs.iter().for_each(|d| f(d));
            true
        };
        let model = stats.refined_model_reusing(cleaner, MIN_DOCS, each, &reuse);
        (stats, model, reuse)
    }

    #[test]
    fn the_last_rounds_cleanings_are_those_of_the_final_model() {
        let docs = two_sites();
        let cleaner = crate::Cleaner::new();
        let (stats, model, reuse) = refined_reusing(&docs, &cleaner);
        let each = |f: &(dyn Fn(&str) + Sync)| {
            docs.iter().for_each(|d| f(d));
            true
        };
        assert_eq!(
            model.len(),
            stats.refined_model(&cleaner, MIN_DOCS, each).len()
        );
        assert!(
            model
                .template("Members get the print edition on Sundays")
                .is_some()
        );
        // The pages cleaned again in the confirming round were cleaned with
        // the model the run ends with: each result is what cleaning the
        // page now gives. (The first round's, made before the model grew
        // with lines these pages hold, are gone.)
        let with = cleaner.with_corpus(std::sync::Arc::new(model));
        let mut taken = 0;
        for d in &docs {
            if let Some(kept) = reuse.take(d) {
                let cleaned = with.clean(d);
                assert_eq!(kept, Reused::of(&cleaned, cleaned.text()));
                assert!(reuse.take(d).is_none(), "taken once");
                taken += 1;
            }
        }
        assert!(taken >= 8, "{taken}");
        assert!(reuse.is_empty());
        // Within its bound, and none at all at 0 bytes.
        let small = Reuse::new(600);
        stats.refined_model_reusing(&cleaner, MIN_DOCS, each, &small);
        assert!((1..taken).contains(&small.len()), "{}", small.len());
        let none = Reuse::new(0);
        stats.refined_model_reusing(&cleaner, MIN_DOCS, each, &none);
        assert!(none.is_empty());
    }

    #[test]
    fn cleanings_of_pages_the_new_lines_miss_are_kept_across_rounds() {
        // Site C's pages share a subheading between paragraphs: a line the
        // first round cleans them for, which stays in their bodies and
        // never becomes template. The lines the rounds add are on the
        // other sites' pages, so C's first-round cleanings are already
        // those of the final model, and are kept for the final pass (they
        // were dropped when any round added a line).
        let mut docs = two_sites();
        docs.extend((0..8).map(|n| {
            format!(
                "Item {n} opens with a sentence long enough to be prose, about the matter of item {n}.\n\
                 Background\n\
                 Item {n} goes on with another sentence about what happened next in that matter.\n"
            )
        }));
        let cleaner = crate::Cleaner::new();
        let (stats, model, reuse) = refined_reusing(&docs, &cleaner);
        let each = |f: &(dyn Fn(&str) + Sync)| {
            docs.iter().for_each(|d| f(d));
            true
        };
        assert!(model.template("Background").is_none());
        // (Rounds that tally kept cleanings instead of cleaning again learn
        // what cleaning every page again learns.)
        let without = stats.refined_model(&cleaner, MIN_DOCS, each);
        assert_eq!(model.len(), without.len());
        for d in &docs {
            for line in crate::normalize::lines(d) {
                assert_eq!(
                    model.template(&line.text).is_some(),
                    without.template(&line.text).is_some(),
                    "{}",
                    line.text
                );
            }
        }
        let with = cleaner.with_corpus(std::sync::Arc::new(model));
        for (k, d) in docs.iter().enumerate() {
            let kept = reuse.take(d);
            // Every cleaning kept is the final model's; site C's pages, which
            // no later round touched, are all kept.
            assert!(kept.is_some() || k < 16, "page {k}");
            if let Some(kept) = kept {
                let cleaned = with.clean(d);
                assert_eq!(kept, Reused::of(&cleaned, cleaned.text()), "page {k}");
                assert_eq!(k >= 16, cleaned.text().contains("Background"), "page {k}");
            }
        }
    }

    #[test]
    fn later_rounds_count_again_only_what_the_new_lines_touch_and_learn_alike() {
        // The refinement, which counts again only the lines that share a
        // page with a line just added, learns the same model as counting
        // every near-template line again in every round.
        let docs = two_sites();
        let refs: Vec<&str> = docs.iter().map(String::as_str).collect();
        let cleaner = crate::Cleaner::new();
        let learned = CorpusModel::learn(&cleaner, &refs, MIN_DOCS);
        // Every round counting every near-template line again.
        let mut stats = CorpusStats::default();
        for d in &refs {
            stats.add_document(d);
        }
        let mut model = stats.model_with(MIN_DOCS);
        let mut near = stats.near_templates(MIN_DOCS);
        assert!(!near.is_empty());
        let mut rounds = 0;
        for _ in 0..MAX_REFINE_ROUNDS {
            let with = cleaner.with_corpus(std::sync::Arc::new(model.clone()));
            let mut tally = near.tally();
            for d in &refs {
                if near.touches(d) {
                    tally.add_output(&with.clean_text(d));
                }
            }
            rounds += 1;
            if model.refine(&mut near, &tally) == 0 {
                break;
            }
        }
        assert!(rounds >= 2, "the corpus needs a second round");
        let mut lines: Vec<&str> = refs.iter().flat_map(|d| d.lines()).collect();
        lines.sort_unstable();
        lines.dedup();
        for line in lines {
            assert_eq!(learned.template(line), model.template(line), "{line}");
        }
        assert_eq!(learned.len(), model.len());
        assert!(
            learned
                .template("Members get the print edition on Sundays")
                .is_some()
        );
    }

    #[test]
    fn lines_of_syndicated_copies_are_content() {
        let mut stats = CorpusStats::default();
        let copy = "Syndicated story begins here with a long sentence about the matter at hand, which continues.\n\
                    Its closing line is short\n";
        for site in ["A", "B", "C", "D", "E"] {
            stats.add_document(&format!(
                "Menu of site {site}\n{copy}Footer of site {site}\n"
            ));
        }
        let model = stats.model();
        assert!(model.template("Its closing line is short").is_none());
        assert!(model.is_empty());
    }

    #[test]
    fn a_line_seen_once_keeps_all_it_said_in_its_packed_form() {
        for (prose, edge, head) in [
            (false, false, false),
            (true, false, true),
            (false, true, true),
        ] {
            let mut e = Entry {
                docs: 1,
                edge: u32::from(edge),
                head: u32::from(head),
                prose,
                ..Entry::default()
            };
            e.add_story(u32::MAX - 7);
            let back = Sighting::of(&e).expect("one document's entry").entry();
            assert_eq!(format!("{back:?}"), format!("{e:?}"));
        }
        // An entry with no story, and one seen twice, which is not one
        // sighting.
        let none = Entry {
            docs: 1,
            ..Entry::default()
        };
        let back = Sighting::of(&none).expect("one document's entry").entry();
        assert_eq!(format!("{back:?}"), format!("{none:?}"));
        let twice = Entry { docs: 2, ..none };
        assert!(Sighting::of(&twice).is_none());
    }

    #[test]
    fn workers_merge_and_memory_stays_bounded() {
        let mut a = CorpusStats::with_capacity(64);
        let mut b = CorpusStats::with_capacity(64);
        for n in 0..40 {
            let doc = format!("Home\nUnique line {n}\nAnother line {n}\n{}", story(n));
            if n % 2 == 0 {
                a.add_document(&doc)
            } else {
                b.add_document(&doc)
            }
        }
        a.merge(b);
        assert!(a.tracked() <= 64);
        assert!(a.forgot_lines());
        assert_eq!(a.documents(), 40);
        assert!(a.model().template("Home").is_some());
    }
}
