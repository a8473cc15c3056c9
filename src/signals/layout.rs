//! Page structure: finding the article in a page's text and the chrome
//! around it, from the shape of the lines alone.
//!
//! See the [module documentation of `signals`](super) for the rule in
//! words; this file is its implementation.

use super::Signal;
use super::features::{Features, LineClass as Shape};
use super::*;

/// A copyright line after the first this many tenths of the lines (in
/// the last 30%) is a page's footer.
const FOOTER_FROM_TENTHS: usize = 7;

/// The page-structure decisions for one document.
pub(crate) struct Layout {
    /// Lines (indices) removed, with the signal that decided each.
    pub drops: Vec<(usize, Signal)>,
    /// Whether the text was treated as a whole page.
    pub page: bool,
}

/// Lines (indices into `lines`) that the page structure marks as chrome,
/// with the signal that decided each. `force_page` keeps treating the text
/// as a page once an earlier round found it was one.
///
/// `footer` is where the page's footer starts, when a copyright notice
/// marks it (the first line after the notice, which a rule may have
/// removed already): on a page, no block after it but the article's own
/// stays.
pub(crate) fn page_structure(
    lines: &[&str],
    feats: &[&Features],
    force_page: bool,
    footer: Option<usize>,
) -> Layout {
    let n = lines.len();
    let shapes: Vec<Shape> = feats.iter().map(|f| f.class()).collect();
    if !shapes.contains(&Shape::Good) {
        return Layout {
            drops: Vec::new(),
            page: force_page,
        };
    }
    let is_bad = |i: usize| matches!(shapes[i], Shape::Bad(_));

    // Chrome items: short labels of menus, share bars, footers.
    let mut chrome: Vec<bool> = (0..n)
        .map(|i| {
            let f = feats[i];
            let numeric = matches!(
                shapes[i],
                Shape::Bad(Signal::NoLetters | Signal::Counter | Signal::Timestamp)
            ) && f.digits >= CHROME_ITEM_MAX_DIGITS;
            (is_bad(i) && !numeric)
                || (shapes[i] == Shape::Short
                    && !f.ends
                    && f.units <= CHROME_ITEM_MAX_UNITS
                    && !f.bullet
                    && f.digits < CHROME_ITEM_MAX_DIGITS
                    && !f.colon)
        })
        .collect();
    // Short lines repeated within the page are template labels.
    let mut seen: rustc_hash::FxHashMap<&str, u32> =
        rustc_hash::FxHashMap::with_capacity_and_hasher(lines.len(), Default::default());
    for l in lines {
        *seen.entry(l).or_default() += 1;
    }
    for i in 0..n {
        let f = feats[i];
        if !chrome[i]
            && seen[lines[i]] >= 2
            && matches!(shapes[i], Shape::Short | Shape::Near)
            && !f.sentence_like()
            && f.units <= REPEATED_MAX_UNITS
            && !f.colon
        {
            chrome[i] = true;
        }
    }
    // A list introduced by a colon: its items are content, even when they
    // look like counters ("2 carrots") or numbers.
    let mut in_list = vec![false; n];
    for i in 0..n {
        if feats[i].colon && !is_bad(i) {
            let mut j = i + 1;
            while j < n
                && j - i <= COLON_LIST_MAX
                && shapes[j] != Shape::Good
                && !feats[j].sentence_like()
                && !matches!(shapes[j], Shape::Bad(s) if !matches!(s, Signal::Counter | Signal::NoLetters | Signal::Timestamp))
            {
                chrome[j] = false;
                in_list[j] = true;
                j += 1;
            }
        }
    }

    // Runs of chrome items split the page into blocks.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < n {
        if chrome[i] {
            let start = i;
            while i < n && chrome[i] {
                i += 1;
            }
            if i - start >= CHROME_RUN_MIN {
                runs.push((start, i));
            }
        } else {
            i += 1;
        }
    }
    let mut blocks = Vec::with_capacity(runs.len() + 1);
    let mut prev = 0;
    for &(a, b) in &runs {
        blocks.push((prev, a));
        prev = b;
    }
    blocks.push((prev, n));
    let good_units = |(a, b): (usize, usize)| -> f32 {
        (a..b)
            .filter(|&i| shapes[i] == Shape::Good)
            .map(|i| feats[i].units)
            .sum()
    };
    let chromey = |i: usize| {
        let f = feats[i];
        chrome[i]
            || (matches!(shapes[i], Shape::Short | Shape::Near)
                && !f.sentence_like()
                && !f.bullet
                && !f.colon
                && (f.title || f.units <= CHROMEY_MAX_UNITS))
    };
    let density = |(a, b): (usize, usize)| -> f32 {
        if a == b {
            1.0
        } else {
            (a..b).filter(|&i| chromey(i)).count() as f32 / (b - a) as f32
        }
    };
    let main = (0..blocks.len())
        .max_by(|&x, &y| {
            good_units(blocks[x])
                .total_cmp(&good_units(blocks[y]))
                .then(y.cmp(&x))
        })
        .expect("at least one block");

    let first_good = (0..n)
        .find(|&i| shapes[i] == Shape::Good)
        .expect("a good line");
    let good_before = |at: usize| -> f32 {
        (0..at)
            .filter(|&i| shapes[i] == Shape::Good)
            .map(|i| feats[i].units)
            .sum()
    };
    // A page has a long menu above its article block (with little prose
    // before the menu), or a copyright footer.
    let main_units = good_units(blocks[main]);
    let head_menu = runs.iter().any(|&(a, b)| {
        b <= blocks[main].0
            && b - a >= PAGE_RUN_MIN
            && good_before(a) < BLOCK_KEEP_SHARE * main_units
    });
    let footer_from = n * FOOTER_FROM_TENTHS / 10;
    let footer_copyright = (footer_from..n).any(|i| shapes[i] == Shape::Bad(Signal::Copyright));
    let page = force_page || head_menu || footer_copyright;
    if !page {
        // An article: its head and tail are the article model's.
        return Layout {
            drops: Vec::new(),
            page,
        };
    }

    let head_peel = (0..n).take_while(|&i| chrome[i]).count();
    let tail_peel = (0..n)
        .rev()
        .take_while(|&i| chrome[i])
        .count()
        .min(n - head_peel);
    let mut out: Vec<(usize, Signal)> = Vec::new();
    // Lines where chrome by shape may be removed: outside the prose.
    let mut outside = vec![false; n];
    let body_start;
    if page {
        // A whole page: keep the article block and blocks that read like
        // content; drop the others and the runs next to them.
        let mut keep = vec![false; blocks.len()];
        keep[main] = true;
        let in_footer = |(a, _): (usize, usize)| footer.is_some_and(|at| a >= at);
        for (k, &blk) in blocks.iter().enumerate() {
            if k != main
                && blk.0 < blk.1
                && !(k > main && in_footer(blk))
                && ((density(blk) < BLOCK_MAX_DENSITY && good_units(blk) > 0.0)
                    || good_units(blk) >= BLOCK_KEEP_SHARE * main_units)
            {
                keep[k] = true;
            }
        }
        for (r, &(a, b)) in runs.iter().enumerate() {
            if !(keep[r] && keep[r + 1]) {
                out.extend((a..b).map(|i| (i, Signal::ChromeRun)));
                outside[a..b].fill(true);
            }
        }
        for (k, &(a, b)) in blocks.iter().enumerate() {
            if !keep[k] {
                out.extend((a..b).map(|i| (i, Signal::ChromeBlock)));
                outside[a..b].fill(true);
            }
        }
        let (start, end) = blocks[main];
        body_start = (start..end)
            .find(|&i| shapes[i] == Shape::Good)
            .unwrap_or(start);
        let body_end = (start..end)
            .rfind(|&i| shapes[i] == Shape::Good)
            .map_or(end, |i| i + 1);
        outside[start..body_start].fill(true);
        outside[body_end..end].fill(true);
        // The article block's own tail: past its last prose line, a long
        // stretch that is mostly not prose is teasers or widgets; but not
        // the list that line introduces with a colon (a calendar, a
        // results list), which the article model keeps with the body, nor
        // a sentence as long as a prose line that ends with a colon right
        // after it ("Applications are taken at … The dates are as
        // follows:"), with its list.
        let intro = body_end < end && {
            let f = feats[body_end];
            f.colon && f.units >= GOOD_MIN_UNITS && !f.title
        };
        let listed_from = body_end + usize::from(intro);
        // (Its items may be dates: a schedule.)
        let listed = if listed_from > start && feats[listed_from - 1].colon {
            (listed_from..end)
                .take_while(|&i| {
                    i - listed_from < COLON_LIST_MAX
                        && (!is_bad(i) || shapes[i] == Shape::Bad(Signal::Timestamp))
                })
                .count()
        } else {
            0
        };
        let tail = listed_from + listed..end;
        let prose =
            |i: usize| shapes[i] == Shape::Good || feats[i].sentence_like() || feats[i].bullet;
        let other = tail.clone().filter(|&i| !prose(i)).count();
        if tail.len() >= TAIL_MIN_LINES && other as f32 >= TAIL_MIN_SHARE * tail.len() as f32 {
            out.extend(
                tail.filter(|&i| !prose(i))
                    .map(|i| (i, Signal::ChromeBlock)),
            );
        }
    } else {
        // An article, perhaps with some chrome at its very edges: chrome
        // items peeled from the first and last lines, when there are at
        // least a run's worth of them. Lists and tables inside or after the
        // prose are never touched.
        body_start = first_good;
        if head_peel >= CHROME_RUN_MIN {
            out.extend((0..head_peel).map(|i| (i, Signal::ChromeRun)));
        }
        if tail_peel >= CHROME_RUN_MIN && tail_peel < n {
            out.extend((n - tail_peel..n).map(|i| (i, Signal::ChromeRun)));
        }
    }
    // In both, the chrome at the very start and end of the text is outside
    // the prose (so a page's last kept block loses its trailing menu line
    // just as the cleaned page would when cleaned again).
    outside[..head_peel].fill(true);
    outside[n - tail_peel..].fill(true);
    // The headline sits shortly before the body: the longest line there
    // that is neither prose nor chrome by shape is kept whatever its run.
    // A masthead above the menu is not the headline: look from the start of
    // the last menu before the body (its items are too short to compete).
    let menu_start = runs
        .iter()
        .filter(|&&(a, b)| b <= body_start && b - a >= PAGE_RUN_MIN)
        .map(|&(a, _)| a)
        .max()
        .unwrap_or(0);
    let from = body_start.saturating_sub(HEADLINE_WINDOW).max(menu_start);
    let headline = (from..body_start)
        .filter(|&i| {
            let f = feats[i];
            !is_bad(i)
                && shapes[i] != Shape::Good
                && !f.colon
                && seen[lines[i]] == 1
                && (HEADLINE_MIN_UNITS..=HEADLINE_MAX_UNITS).contains(&f.units)
        })
        .max_by(|&x, &y| feats[x].units.total_cmp(&feats[y].units).then(x.cmp(&y)));
    if let Some(h) = headline {
        out.retain(|&(i, _)| i != h);
        outside[h] = false;
    }
    // Chrome by shape names the line more precisely than its run or block;
    // list items are never chrome by shape.
    let mut by_shape: Vec<(usize, Signal)> = (0..n)
        .filter_map(|i| match shapes[i] {
            Shape::Bad(s) if outside[i] && !in_list[i] => Some((i, s)),
            _ => None,
        })
        .collect();
    by_shape.append(&mut out);
    let mut out = by_shape;
    out.sort_by_key(|&(i, _)| i);
    out.dedup_by_key(|&mut (i, _)| i);
    Layout { drops: out, page }
}

#[cfg(test)]
mod tests {
    use super::*;
    use whatlang::Lang;

    fn run(doc: &str) -> Vec<(usize, &'static str)> {
        run_with_footer(doc, None)
    }

    fn run_with_footer(doc: &str, footer: Option<usize>) -> Vec<(usize, &'static str)> {
        let lines: Vec<&str> = doc.lines().collect();
        let feats: Vec<Features> = lines
            .iter()
            .map(|l| Features::of(l, Some(Lang::Eng)))
            .collect();
        let refs: Vec<&Features> = feats.iter().collect();
        page_structure(&lines, &refs, false, footer)
            .drops
            .into_iter()
            .map(|(i, s)| (i, s.name()))
            .collect()
    }

    const BODY: &str = "The council voted on Tuesday to extend the opening hours of all five public libraries in the city.\n\
The change adds two evening hours on weekdays and opens the central branch on Sunday mornings, officials said.\n\
Council member Ana Ruiz said the decision followed months of requests from students and from working parents.\n";

    #[test]
    fn a_clean_article_is_untouched() {
        let doc = format!("Library Hours Extended\n{BODY}Staff will be hired over the spring.\n");
        assert_eq!(run(&doc), []);
    }

    #[test]
    fn an_article_is_left_to_the_article_model() {
        // A few menu items at the edges do not make a page.
        let doc = format!(
            "Home\nNews\nSport\nWeather\nLibrary Hours Extended\n{BODY}Share\nTweet\nEmail\n"
        );
        assert_eq!(run(&doc), []);
    }

    #[test]
    fn a_list_introduced_by_a_colon_stays() {
        let doc = format!("{BODY}The new hours are:\nMonday\nTuesday\nThursday\nFriday\n");
        assert_eq!(run(&doc), []);
    }

    #[test]
    fn a_page_keeps_its_headline_and_drops_teasers() {
        let nav = "Home\nNews\nSport\nWeather\nCulture\nTravel\nVideo\n";
        let teasers = "Most Read\nRelated\nMore\nWhy the World Is Not Falling Apart\nThe Most Important Skill for Science\nHow to Cook a Perfect Burger\n";
        let doc = format!(
            "{nav}Library Hours Extended\nBy Ana\n{BODY}{teasers}About\nContact\nPrivacy\n© 2024 Example News\n"
        );
        let removed = run(&doc);
        let kept: Vec<&str> = doc
            .lines()
            .enumerate()
            .filter(|(i, _)| !removed.iter().any(|(r, _)| r == i))
            .map(|(_, l)| l)
            .collect();
        assert_eq!(kept[0], "Library Hours Extended");
        assert_eq!(kept.len(), 4, "{kept:?}");
        assert!(removed.iter().any(|&(_, s)| s == "copyright"));
    }

    #[test]
    fn a_page_drops_the_blocks_of_its_footer() {
        // A site's blurb below the copyright notice (which a rule removed
        // before: it is not among the lines) reads like content.
        let nav = "Home\nNews\nSport\nWeather\nCulture\nTravel\nVideo\n";
        let blurb = "Example News is the oldest newspaper of the county, with reporters in every town since 1881.\nJoin Us\nGet the latest headlines, sport and weather on your phone every morning of the week.\n";
        let doc =
            format!("{nav}Library Hours Extended\n{BODY}News\nVideos\nFixtures\nTickets\n{blurb}");
        let blurb_at = doc.lines().count() - 3;
        let kept_blurb = run(&doc).iter().all(|&(i, _)| i < blurb_at);
        assert!(kept_blurb, "without a footer the blurb reads as content");
        let removed = run_with_footer(&doc, Some(blurb_at - 4));
        assert!(
            (blurb_at - 4..blurb_at + 3).all(|i| removed.iter().any(|&(r, _)| r == i)),
            "{removed:?}"
        );
        // The article's own block stays whatever follows it.
        assert!(
            removed.iter().all(|&(i, _)| !(7..11).contains(&i)),
            "{removed:?}"
        );
    }

    #[test]
    fn a_page_keeps_the_list_its_article_introduces() {
        let nav = "Home\nNews\nSport\nWeather\nCulture\nTravel\nVideo\n";
        let listed = "Jan. 3: Charger Hockey, Chargers vs. Anchorage, 200\n\
            Jan. 15-18: Boat Show, Civic Hall, 500\n\
            Jan. 17: Winter Military Collectors Show, Hampton Inn, 700\n\
            Jan. 21-25: Southern Regional Meeting, Embassy Suites, 300\n\
            Jan. 23: Mountain Mist Trail Run, Embassy Suites, 900\n\
            Jan. 27: Spring Career Fair, Courtyard, 1000\n";
        let doc = format!(
            "{nav}Library Hours Extended\n{BODY}Here is the visitor bureau's calendar of January events and conventions, with the host hotel where there is one and the number of expected guests:\n{listed}About\nContact\nPrivacy\n© 2024 Example News\n"
        );
        let removed = run(&doc);
        let first = 8 + BODY.lines().count() + 1;
        assert!(doc.lines().nth(first).unwrap().starts_with("Jan. 3"));
        assert!(
            removed.iter().all(|&(i, _)| i < first || i >= first + 6),
            "{removed:?}"
        );
        // Without the colon the same lines are the page's teasers.
        let doc = doc.replace("guests:", "guests.");
        let removed = run(&doc);
        assert!(removed.iter().any(|&(i, _)| i == first), "{removed:?}");
    }

    #[test]
    fn a_page_keeps_a_sentence_that_introduces_a_list_after_the_body() {
        // The sentence is too short to be prose without a sentence end,
        // but as long as a prose line: it and its list go with the body
        // (what follows the list is the article model's and the rules').
        let nav = "Home\nNews\nSport\nWeather\nCulture\nTravel\nVideo\n";
        let listed =
            "Round 1: April 1 to April 20\nRound 2: May 1 to May 20\n2024-06-01 to 2024-06-20\n";
        let teasers = "Related\nWhy the World Is Not Falling Apart\nThe Most Important Skill for Science\nHow to Cook a Perfect Burger\nTen Trails for the Weekend\nMost Read\nAbout\nContact\nPrivacy\n";
        let intro =
            "Applications are taken at the library desk and on the city website, in three rounds:";
        let doc = format!("{nav}Library Hours Extended\n{BODY}{intro}\n{listed}{teasers}");
        let at = 8 + BODY.lines().count();
        assert_eq!(doc.lines().nth(at), Some(intro));
        // (The last item is a date line: a schedule's items may be.)
        let date = doc.lines().nth(at + 3).unwrap();
        assert_eq!(
            Features::of(date, Some(Lang::Eng)).class(),
            Shape::Bad(Signal::Timestamp)
        );
        let removed = run(&doc);
        assert!(
            removed.iter().all(|&(i, _)| !(at..at + 4).contains(&i)),
            "{removed:?}"
        );
        // A short label with a colon is no sentence: what follows is the
        // page's tail.
        let doc = doc.replace(intro, "Rounds:");
        let removed = run(&doc);
        assert!(removed.iter().any(|&(i, _)| i == at + 1), "{removed:?}");
    }
}
