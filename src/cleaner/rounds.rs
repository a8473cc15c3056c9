//! Stage 6, the fixpoint loop: stages 2 to 5 run on the lines still kept,
//! round after round, until a round removes nothing.
//!
//! Reads the scanned document (stage 1). Each round reads the lines still
//! kept and writes the removals of that round. Positions, the document
//! language and the edges are those of the lines still kept, so the last
//! round sees exactly what cleaning the clean body again would see: cleaning
//! twice changes nothing.

use std::sync::Arc;

use whatlang::{Lang, Script};

use super::Inner;
use super::result::{Block, Cleaned, LineReport, Removal};
use crate::corpus::CorpusModel;
use crate::lang::{self, DocLang, LineLang};
use crate::rules::{LineView, RuleList, run_rules};
use crate::scan::{self, Scanned};
use crate::signals::article::{self, LineInput, LineModel, Region};
use crate::signals::features::LineClass;
use crate::signals::model::{Feature, FeatureVector};
use crate::signals::{self, Features, Signal};

/// Cleans one document.
pub(super) fn clean<'a>(inner: &Inner, corpus: Option<&CorpusModel>, text: &'a str) -> Cleaned<'a> {
    let scanned = scan::scan(text);
    let views = scanned.views();
    let mut doc = Document::new(&scanned);
    let language = loop {
        let alive: Vec<usize> = (0..doc.removal.len())
            .filter(|&k| doc.removal[k].is_none())
            .collect();
        let round = doc.round(inner, corpus, &views, &alive);
        if !round.removed_any {
            break round.language;
        }
    };
    let Document {
        removal,
        labels,
        models,
        blocks,
        ..
    } = doc;
    let numbers: Vec<usize> = scanned.lines.iter().map(|l| l.number).collect();
    let blocks = blocks
        .into_iter()
        .map(|(region, lines, score)| {
            let mut evidence: FeatureVector = [0.0; Feature::COUNT];
            for &k in &lines {
                for (f, c) in inner.weights.contributions(&models[k].features) {
                    evidence[f as usize] += c;
                }
            }
            let mut evidence: Vec<(Feature, f32)> = Feature::ALL
                .iter()
                .map(|&f| (f, evidence[f as usize]))
                .filter(|&(_, c)| c != 0.0)
                .collect();
            evidence.sort_by(|a, b| b.1.total_cmp(&a.1));
            Block {
                region,
                first: numbers[lines[0]],
                last: numbers[*lines.last().expect("a block has lines")],
                score,
                evidence,
            }
        })
        .collect();
    let lines = scanned
        .lines
        .into_iter()
        .zip(removal)
        .zip(labels)
        .zip(models)
        .map(|(((line, removal), lang), model)| LineReport {
            number: line.number,
            span: line.span,
            text: line.output,
            normalized: line.text,
            lang,
            removal,
            model,
        })
        .collect();
    Cleaned {
        language,
        lines,
        blocks,
        normalized: inner.normalize_output,
    }
}

/// A signal family run on the lines still kept: their indices among the
/// round's lines in, the lines to remove out.
type Finder<'f> = &'f dyn Fn(&[usize]) -> Vec<(usize, Signal)>;

/// What a round did.
struct Round {
    language: DocLang,
    removed_any: bool,
}

/// The state of one document across rounds.
struct Document<'s, 'a> {
    scanned: &'s Scanned<'a>,
    /// What removed each line, once removed.
    removal: Vec<Option<Removal>>,
    /// Language of each line (stage 2), for the document language of
    /// `labelled_for`.
    labels: Vec<LineLang>,
    /// Features of each line in its language (stage 5 input).
    feats: Vec<Features>,
    labelled_for: Option<(Option<Lang>, Option<Script>, u64)>,
    memo: lang::DocMemo,
    /// The rule lists of the lines' languages, and each line's list.
    lists: Vec<Arc<RuleList>>,
    line_list: Vec<usize>,
    /// What the article model said of each line in the last round it saw
    /// the line.
    models: Vec<LineModel>,
    /// The blocks the article model removed: region, lines (indices), score.
    blocks: Vec<(Region, Vec<usize>, f32)>,
    /// Once a round finds the text is a whole page, later rounds treat it
    /// as one too.
    page: bool,
    first_round: bool,
}

impl<'s, 'a> Document<'s, 'a> {
    fn new(scanned: &'s Scanned<'a>) -> Self {
        Document {
            scanned,
            removal: vec![None; scanned.lines.len()],
            labels: Vec::new(),
            feats: Vec::new(),
            labelled_for: None,
            memo: lang::DocMemo::default(),
            lists: Vec::new(),
            line_list: Vec::new(),
            models: vec![
                LineModel {
                    region: Region::Body,
                    features: [0.0; Feature::COUNT],
                    score: 0.0,
                };
                scanned.lines.len()
            ],
            blocks: Vec::new(),
            page: false,
            first_round: true,
        }
    }

    /// One round over the lines `alive`.
    fn round(
        &mut self,
        inner: &Inner,
        corpus: Option<&CorpusModel>,
        views: &[LineView],
        alive: &[usize],
    ) -> Round {
        let (language, relabelled) = self.languages(inner, alive);
        // After the first round, a one-line rule that may fire anywhere has
        // already been tried on every line still kept, with the same
        // languages: trying it again cannot match.
        let retry_anywhere = self.first_round || relabelled;
        self.first_round = false;
        let mut removed_now = vec![false; alive.len()];
        let mut ends_text = vec![false; alive.len()];
        self.rules(
            inner,
            views,
            alive,
            retry_anywhere,
            &mut removed_now,
            &mut ends_text,
        );
        let by_rule = removed_now.clone();
        self.signals(inner, alive, &language, &mut removed_now);
        self.article(inner, corpus, alive, &by_rule, &ends_text, &mut removed_now);
        if inner.on(Signal::Repeat) {
            self.repeats(alive, &mut removed_now);
        }
        Round {
            language,
            removed_any: removed_now.contains(&true),
        }
    }

    /// Stage 2: the document language from the lines still kept; when it
    /// changed, every line's language, its features and its rule list.
    fn languages(&mut self, inner: &Inner, alive: &[usize]) -> (DocLang, bool) {
        let scanned = self.scanned;
        let pairs: Vec<(&str, &crate::script::ScriptCounts)> = alive
            .iter()
            .map(|&k| (scanned.lines[k].text.as_ref(), &scanned.scripts[k]))
            .collect();
        let doc = lang::detect_document(&pairs, &mut self.memo);
        let key = (doc.lang, doc.script, doc.confidence.to_bits());
        if self.labelled_for == Some(key) {
            return (doc, false);
        }
        let mut stops = Vec::with_capacity(scanned.lines.len());
        self.labels = scanned
            .lines
            .iter()
            .zip(&scanned.scripts)
            .map(|(l, c)| {
                let mut stop = None;
                let label = lang::label_line_counted(&l.text, c, &doc, &mut stop);
                stops.push(stop);
                label
            })
            .collect();
        self.feats = scanned
            .lines
            .iter()
            .zip(&scanned.shapes)
            .zip(&self.labels)
            .zip(stops)
            .map(|(((l, shape), lang), stop)| {
                Features::of_shape(&l.text, shape, lang.lang.or(doc.lang), stop)
            })
            .collect();
        (self.lists, self.line_list) = inner.book.lists_of(&self.labels, &doc);
        self.labelled_for = Some(key);
        (doc, true)
    }

    /// Stage 3: the rules claim lines.
    fn rules(
        &mut self,
        inner: &Inner,
        views: &[LineView],
        alive: &[usize],
        retry_anywhere: bool,
        removed_now: &mut [bool],
        ends_text: &mut [bool],
    ) {
        let rules: Vec<&crate::packs::Rule> = inner.book.rules().iter().collect();
        let alive_views: Vec<&LineView> = alive.iter().map(|&k| &views[k]).collect();
        let claims = run_rules(
            &alive_views,
            &rules,
            |i| &*self.lists[self.line_list[alive[i]]],
            |k| !retry_anywhere && rules[k].is_line_anywhere(),
        );
        for (range, k) in claims {
            for i in range {
                removed_now[i] = true;
                ends_text[i] = rules[k].ends_text;
                self.removal[alive[i]] = Some(Removal::Rule {
                    rule: rules[k].id.clone(),
                    pack: rules[k].pack.clone(),
                });
            }
        }
    }

    /// Stage 5, the signals that look at the whole text: a language switch
    /// at the edges, and the blocks of a whole page; each on the lines the
    /// rules and the ones before it kept.
    fn signals(&mut self, inner: &Inner, alive: &[usize], doc: &DocLang, removed_now: &mut [bool]) {
        let scanned = self.scanned;
        let texts: Vec<&str> = alive
            .iter()
            .map(|&k| scanned.lines[k].text.as_ref())
            .collect();
        let apply =
            |removal: &mut Vec<Option<Removal>>, removed_now: &mut [bool], found: Finder| {
                let rest: Vec<usize> = (0..alive.len()).filter(|&i| !removed_now[i]).collect();
                for (j, s) in found(&rest) {
                    if inner.on(s) {
                        removed_now[rest[j]] = true;
                        removal[alive[rest[j]]] = Some(Removal::Signal(s));
                    }
                }
            };
        if inner.on(Signal::LanguageSwitch) {
            let labels = &self.labels;
            apply(&mut self.removal, removed_now, &|rest| {
                let t: Vec<&str> = rest.iter().map(|&i| texts[i]).collect();
                let l: Vec<&LineLang> = rest.iter().map(|&i| &labels[alive[i]]).collect();
                signals::language_switch(&t, &l, doc)
                    .into_iter()
                    .map(|j| (j, Signal::LanguageSwitch))
                    .collect()
            });
        }
        if inner.on(Signal::ChromeBlock) || inner.on(Signal::ChromeRun) {
            let feats = &self.feats;
            let page = std::cell::Cell::new(self.page);
            // A copyright notice in the last 30% of the lines, also one a
            // rule removed: where a page's footer starts. (Only a notice
            // that begins with the sign or the word, or reserves the rights:
            // a credit after a title, "「作品」©Publisher 1983", is not one.)
            let n = alive.len();
            let footer = (n * 7 / 10..n)
                .find(|&i| feats[alive[i]].copyright && signals::footer_notice(texts[i]));
            apply(&mut self.removal, removed_now, &|rest| {
                let t: Vec<&str> = rest.iter().map(|&i| texts[i]).collect();
                let f: Vec<&Features> = rest.iter().map(|&i| &feats[alive[i]]).collect();
                let footer = footer.map(|at| rest.partition_point(|&i| i < at));
                let layout = signals::page_structure(&t, &f, page.get(), footer);
                page.set(layout.page);
                layout.drops
            });
            self.page = page.get();
        }
    }

    /// Stage 5, last: a copy of the line kept right before it (a
    /// scraper's duplicate, a gallery's title on every slide) goes; the
    /// first copy stays, so nothing of the text is lost.
    fn repeats(&mut self, alive: &[usize], removed_now: &mut [bool]) {
        let scanned = self.scanned;
        let mut prev: Option<&str> = None;
        for (i, &k) in alive.iter().enumerate() {
            if removed_now[i] {
                continue;
            }
            let text = scanned.lines[k].text.as_ref();
            if prev == Some(text) && self.feats[k].all_letters > 0 {
                removed_now[i] = true;
                self.removal[k] = Some(Removal::Signal(Signal::Repeat));
            } else {
                prev = Some(text);
            }
        }
    }

    /// Stages 4 and 5: the corpus's template lines and the pack rules'
    /// claims are evidence for the article model, which removes the blocks
    /// of the head and the tail.
    fn article(
        &mut self,
        inner: &Inner,
        corpus: Option<&CorpusModel>,
        alive: &[usize],
        by_rule: &[bool],
        ends_text: &[bool],
        removed_now: &mut [bool],
    ) {
        let scanned = self.scanned;
        let corpus = corpus.filter(|_| inner.on(Signal::CorpusTemplate));
        // The lines the rules claimed stay in, as evidence; the lines other
        // signals removed this round are out.
        let rest: Vec<usize> = (0..alive.len())
            .filter(|&i| by_rule[i] || !removed_now[i])
            .collect();
        let texts: Vec<&str> = rest
            .iter()
            .map(|&i| scanned.lines[alive[i]].text.as_ref())
            .collect();
        // Before the first prose line, a line seldom in the head of other
        // documents is this document's headline, not template. In a
        // document without prose every line is before it: there, such a
        // line is template unless the model takes it for the headline (a
        // site's sign-off under a market flash is no headline).
        let first_prose = crate::corpus::prose_span(&texts).map(|(a, _)| a);
        let input: Vec<LineInput> = rest
            .iter()
            .zip(&texts)
            .enumerate()
            .map(|(j, (&i, &text))| {
                let t = corpus.and_then(|m| m.template(text));
                let headline_here =
                    t.is_some_and(|t| first_prose.is_none_or(|p| j < p) && t.is_headline_here());
                LineInput {
                    text,
                    feats: &self.feats[alive[i]],
                    rule: by_rule[i],
                    ends_text: ends_text[i],
                    template: t.is_some() && (first_prose.is_none() || !headline_here),
                    headline_ok: first_prose.is_none() && headline_here,
                }
            })
            .collect();
        let decision = article::article(&input, &inner.weights);
        for (j, model) in decision.lines.into_iter().enumerate() {
            self.models[alive[rest[j]]] = model;
        }
        for (j, s) in decision.drops {
            let k = alive[rest[j]];
            // A line of a block that is chrome by its shape (a link alone,
            // no letters, a counter …) is named by that shape, and stays
            // when that signal is turned off.
            let named = match (s, self.feats[k].class()) {
                (Signal::HeadBlock | Signal::TailBlock, LineClass::Bad(shape)) => shape,
                _ => s,
            };
            if inner.on(s) && inner.on(named) {
                let s = named;
                removed_now[rest[j]] = true;
                self.removal[k] = Some(Removal::Signal(s));
            }
        }
        // The blocks, as far as something of them went.
        for block in decision.blocks {
            let on = match block.region {
                Region::Tail => inner.on(Signal::TailBlock),
                _ => inner.on(Signal::HeadBlock),
            };
            if on && block.lines.clone().any(|j| removed_now[rest[j]]) {
                let lines = block.lines.map(|j| alive[rest[j]]).collect();
                self.blocks.push((block.region, lines, block.score));
            }
        }
    }
}
