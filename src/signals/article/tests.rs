use super::*;

#[test]
fn best_blocks() {
    let s = [1.0, -3.0, 2.0, 2.0, -1.0, 3.0];
    let score = |i: usize| s[i];
    assert_eq!(best_prefix(0..6, &score), Some((0..6, 4.0)));
    assert_eq!(best_prefix(0..3, &score), Some((0..1, 1.0)));
    assert_eq!(best_suffix(0..6, &score), Some((2..6, 6.0)));
    assert_eq!(best_segment(0..6, &score), Some((2..6, 6.0)));
    assert_eq!(best_suffix(3..5, &score), Some((3..5, 1.0)));
}

/// Weights for these tests, independent of the fitted ones: chrome
/// items, teasers in runs and rule evidence count for residue, length
/// and sentences against.
const WEIGHTS: &str = r#"
[model]
head_threshold = 1.0
between_threshold = 1.0
tail_threshold = 1.0
[weights]
head = 0.0
between = -0.5
tail = 0.0
prose = -5.0
sentence = -3.0
teaser = 0.2
between_teaser = 0.0
item = 1.0
no_letters = 1.0
link = 1.0
menu = 1.0
counter = 1.0
timestamp = 0.5
copyright = 2.0
colon = -1.0
bullet = -0.5
digits = -1.0
length = -1.0
rule = 3.0
template = 2.0
repeated = 0.0
title_repeat = 2.0
run = 0.5
long_run = 0.5
beside_rule = 0.5
edge = 0.0
body_words = -2.0
"#;

/// The lines of `doc` that the model removes.
fn removed(doc: &str, rules: &[usize]) -> Vec<usize> {
    removed_with(doc, rules, &Weights::parse(WEIGHTS).unwrap())
}

/// The lines of `doc` that the model with `weights` removes.
fn removed_with(doc: &str, rules: &[usize], weights: &Weights) -> Vec<usize> {
    removed_marked(doc, rules, &[], weights)
}

/// [`removed`] with the lines `paywalls` claimed by a rule that ends the
/// text (they are in `rules` too).
fn removed_behind(doc: &str, rules: &[usize], paywalls: &[usize]) -> Vec<usize> {
    removed_lines(doc, rules, &[], paywalls, &Weights::parse(WEIGHTS).unwrap())
}

/// [`removed_with`] with the lines `templates` found by the corpus.
fn removed_marked(
    doc: &str,
    rules: &[usize],
    templates: &[usize],
    weights: &Weights,
) -> Vec<usize> {
    removed_lines(doc, rules, templates, &[], weights)
}

fn removed_lines(
    doc: &str,
    rules: &[usize],
    templates: &[usize],
    paywalls: &[usize],
    weights: &Weights,
) -> Vec<usize> {
    let texts: Vec<&str> = doc.lines().collect();
    let feats: Vec<Features> = texts
        .iter()
        .map(|l| Features::of(l, Some(whatlang::Lang::Eng)))
        .collect();
    let input: Vec<LineInput> = texts
        .iter()
        .zip(&feats)
        .enumerate()
        .map(|(i, (text, feats))| LineInput {
            text,
            feats,
            rule: rules.contains(&i),
            ends_text: paywalls.contains(&i),
            template: templates.contains(&i),
            headline_ok: false,
        })
        .collect();
    let decision = article(&input, weights);
    let mut out: Vec<usize> = decision.drops.iter().map(|&(i, _)| i).collect();
    for b in &decision.blocks {
        out.extend(b.lines.clone());
    }
    out.sort_unstable();
    out.dedup();
    out
}

const BODY: &str = "The council voted on Tuesday to extend the opening hours of all five public libraries in the city.\n\
The change adds two evening hours on weekdays and opens the central branch on Sunday mornings.\n\
Opening hours\n\
Council member Ana Ruiz said the decision followed months of requests from students and parents.\n";

#[test]
fn chrome_at_the_edges_goes_and_the_headline_stays() {
    let doc =
        format!("Home\nNews\nSport\nWeather\nLibrary Hours Extended\n{BODY}Share\nTweet\nEmail\n");
    // (The first line is taken for a headline, however short: in
    // scraped articles it is the title.)
    assert_eq!(removed(&doc, &[]), [1, 2, 3, 9, 10, 11]);
    let doc = format!("Home News Sport\nLibrary Hours Extended\n{BODY}");
    assert!(removed(&doc, &[]).is_empty());
    // A short first line is the headline.
    let doc = format!("Libraries open\n{BODY}");
    assert!(removed(&doc, &[]).is_empty());
}

#[test]
fn a_tail_list_of_headlines_goes_but_a_list_the_text_introduces_stays() {
    let teasers = "Swimming pool rescue plan goes back to the drawing board\n\
        Bus routes to be cut in rural villages from April\n\
        Why the pound fell on Friday\n\
        Five things to know about the new visa rules\n\
        Ministers split over the housing plan\n";
    let doc = format!("Library Hours Extended\n{BODY}{teasers}");
    assert_eq!(removed(&doc, &[]), [5, 6, 7, 8, 9]);
    let doc =
        format!("Library Hours Extended\n{BODY}The new hours start at these branches:\n{teasers}");
    assert!(removed(&doc, &[]).is_empty());
}

#[test]
fn a_headline_with_only_other_headlines_under_it() {
    let teasers = "Swimming pool rescue plan goes back to the drawing board\n\
        Bus routes to be cut in rural villages from April\n\
        Council tax to rise for the second year running\n\
        Five things to know about the new visa rules\n\
        Ministers split over the housing plan\n\
        Harbour ferry timetable changes from Monday\n";
    // (The longest of them may be the headline, the first line a
    // masthead: it stays.)
    let doc = format!("Library Hours Extended\n{teasers}");
    assert_eq!(removed(&doc, &[]), [2, 3, 4, 5, 6]);
    // Fewer, or a list, or questions: the text's own matter.
    let four: String = teasers.lines().take(5).map(|l| format!("{l}\n")).collect();
    assert!(removed(&format!("Library Hours Extended\n{four}"), &[]).is_empty());
    let listed: String = teasers.lines().map(|l| format!("- {l}\n")).collect();
    assert!(removed(&format!("Library Hours Extended\n{listed}"), &[]).is_empty());
    let asked: String = teasers.lines().map(|l| format!("{l}?\n")).collect();
    assert!(removed(&format!("Library Hours Extended\n{asked}"), &[]).is_empty());
}

#[test]
fn a_block_takes_in_the_labels_around_a_rule_but_not_the_body() {
    // A newsletter prompt claimed by a rule, its button, a separator.
    let doc = format!("Library Hours Extended\n{BODY}Sign up for our newsletter\nSubscribe\n———\n");
    assert_eq!(removed(&doc, &[5]), [5, 6, 7]);
    // Inside the body only rules decide: the same lines between two
    // paragraphs stay, and so does the subheading.
    let last = "Staff will be hired over the spring, the council said.\n";
    let doc =
        format!("Library Hours Extended\n{BODY}Sign up for our newsletter\nSubscribe\n———\n{last}");
    assert!(removed(&doc, &[5]).is_empty());
    assert!(removed(&doc, &[]).is_empty());
    // Separators around a prompt a rule removes in the body go with it.
    let doc =
        format!("Library Hours Extended\n{BODY}———\nSign up for our newsletter\n* * *\n{last}");
    assert_eq!(removed(&doc, &[6]), [5, 7]);
    assert!(removed(&doc, &[]).is_empty());
}

#[test]
fn page_titles_repeat_the_headline() {
    let h = "Council votes to keep libraries open";
    assert!(repeats_with_suffix(
        "Council votes to keep libraries open - The Northfield Herald",
        h
    ));
    assert!(repeats_with_suffix(
        "Northfield Herald | Council votes to keep libraries open",
        h
    ));
    assert!(!repeats_with_suffix(
        "Council votes to keep libraries open after a long debate",
        h
    ));
    assert!(!repeats_with_suffix(h, h));
}

#[test]
fn a_page_title_that_reads_as_prose_goes_before_its_headline() {
    // The headline with the site's name glued on, long enough to read as a
    // paragraph; a scraper doubled a space in it.
    let h = "Council votes to keep all five of the city libraries open late on weekdays and on Sunday mornings from next month";
    let title = format!(
        "{}  - The Northfield Herald",
        h.replacen(" five", "  five", 1)
    );
    let weights = Weights::built_in();
    let doc = format!("{title}\n{h}\n{BODY}");
    assert_eq!(removed_with(&doc, &[], weights), [0]);
    // Without the plain headline, the long line is the text's first.
    let doc = format!("{title}\n{BODY}");
    assert!(removed_with(&doc, &[], weights).is_empty());
}

/// A page's news feed after the article: other stories' headlines with
/// their times, longer than the article.
const FEED: &str = "Latest\n\
    18:51\nSwimming pool rescue plan goes back to the drawing board\n\
    18:09\nBus routes to be cut in rural villages from April\n\
    17:24\nCouncil tax to rise for the second year running\n\
    17:00\nFive things to know about the new visa rules\n\
    16:56\nMinisters split over the housing plan once again\n\
    16:06\nHarbour ferry timetable changes from Monday morning\n\
    15:45\nNew cycle lanes open on the ring road after delays\n\
    15:25\nHospital car park charges to be scrapped next year\n\
    14:43\nSchool meals budget doubled in the spring review\n\
    14:11\nRail strike called off after late night talks\n";

#[test]
fn a_feed_longer_than_the_article_goes_with_the_prose_stranded_after_it() {
    let n = 1 + BODY.lines().count();
    let feed_len = FEED.lines().count();
    let doc = format!("Library Hours Extended\n{BODY}{FEED}");
    assert_eq!(removed(&doc, &[]), (n..n + feed_len).collect::<Vec<_>>());
    // A newsletter prompt after the feed does not stretch the body over it.
    let prompt =
        "We will send this newsletter about once a week and you can leave it at any time.\n";
    let doc = format!("Library Hours Extended\n{BODY}{FEED}{prompt}");
    assert_eq!(
        removed(&doc, &[]),
        (n..n + feed_len + 1).collect::<Vec<_>>()
    );
}

#[test]
fn what_follows_a_paywall_prompt_goes_even_when_longer_than_the_article() {
    // The visible part of a paywalled article, the prompt, then the page:
    // the plan offer, a line of prose (a promotion), and more teasers than
    // the article has text. No feed: too few headlines of three words.
    let body = "The council voted on Tuesday to extend the opening hours of all five public libraries in the city.\nThe longer hours start next month and will be reviewed after a year, the council said.\n";
    let after = "Choose your plan\nMonthly\nSign in\nAnnual\nTop stories\nRead every story, wherever you are.\nMarkets\nSport\nWeather\nTravel\nCulture\nOpinion\nCareers\nEvents\nPuzzles\nArchive\nPodcasts\nVideo\n";
    let doc =
        format!("Library Hours Extended\n{body}This article is for subscribers only.\n{after}");
    let n = doc.lines().count();
    // (The prompt itself goes by its rule.)
    assert_eq!(removed_behind(&doc, &[3], &[3]), (4..n).collect::<Vec<_>>());
    // Without the prompt's word that the text ends there, the line of
    // prose after the offer is the body's end, and the offer stays.
    let without = removed(&doc, &[3]);
    assert!(
        !without.contains(&4) && without.contains(&n.saturating_sub(1)),
        "{without:?}"
    );
    // A bare button ("Subscribe", in a sidebar as often) ends nothing.
    let button = doc.replace("This article is for subscribers only.", "Subscribe");
    assert!(!removed_behind(&button, &[3], &[3]).contains(&4));
    // A prompt inside a full article (the text goes on at length after it)
    // ends nothing.
    let long = body.repeat(3);
    let doc =
        format!("Library Hours Extended\n{body}This article is for subscribers only.\n{long}");
    assert!(removed_behind(&doc, &[3], &[3]).len() <= 1);
}

#[test]
fn the_preview_cut_before_a_paywall_prompt_stays_with_the_text() {
    let body = "The council voted on Tuesday to extend the opening hours of all five public libraries in the city.\nThe longer hours start next month and will be reviewed after a year, the council said.\n";
    let after = "Choose your plan\nMonthly\nSign in\nAnnual\nTop stories\nMarkets\nSport\nWeather\nTravel\n";
    let doc = |cut: &str| {
        format!(
            "Library Hours Extended\n{body}{cut}\nThis article is for subscribers only.\n{after}"
        )
    };
    let n = doc("").lines().count();
    // The paragraph the preview breaks off stays; the prompt goes by its
    // rule, and what follows it as the tail.
    let cut = doc("But the decision…");
    assert_eq!(removed_behind(&cut, &[4], &[4]), (5..n).collect::<Vec<_>>());
    // A line that does not break off is decided with the tail.
    let chrome = doc("Share this story");
    assert!(removed_behind(&chrome, &[4], &[4]).contains(&3));
}

#[test]
fn verse_tables_and_the_rest_of_the_article_are_not_a_feed() {
    let n = 1 + BODY.lines().count();
    let rest = "Staff will be hired over the spring, the council said in a statement on Wednesday morning.\n\
        The first evening openings are planned for the start of May, once the new staff are trained.\n";
    // The article goes on after the feed at length: its end is the body.
    let doc = format!("Library Hours Extended\n{BODY}{FEED}{rest}");
    assert!(removed(&doc, &[]).iter().all(|&i| i < n));
    // Verse: lines that begin in lower case.
    let verse: String = FEED
        .lines()
        .filter(|l| l.contains(' '))
        .map(|l| format!("and {}\n", l.to_lowercase()))
        .collect();
    let end = "So the poem ends.\n";
    let doc = format!("Library Hours Extended\n{BODY}{verse}{end}");
    assert!(removed(&doc, &[]).is_empty());
    // A table of names and figures.
    let table: String = (0..12)
        .map(|k| format!("Ana Ruiz\n{}\n{}.5%\n", 40 - k, 9 - k % 9))
        .collect();
    let doc = format!("Library Hours Extended\n{BODY}{table}{end}");
    assert!(removed(&doc, &[]).iter().all(|&i| i >= n + 36));
}

/// A site map after the article: menu entries, two of them lines the
/// rules know.
const SITE_MAP: &str = "Site Map\nContact Us\nNewsletter Signup\nCareers\nMedia Kit\n\
    Back to top\nAbout Us\nReprints\nAdvertise\nPrivacy\n";

#[test]
fn a_site_map_goes_with_the_legal_notice_stranded_after_it() {
    let n = 1 + BODY.lines().count();
    let map_len = SITE_MAP.lines().count();
    let legal = "Use of this site constitutes acceptance of our terms, and the material on it may not be reproduced.\n";
    let doc = format!("Library Hours Extended\n{BODY}{SITE_MAP}{legal}");
    let rules = [n + 2, n + 5];
    assert_eq!(
        removed(&doc, &rules),
        (n..n + map_len + 1).collect::<Vec<_>>()
    );
    // Without the rules' evidence the same lines may be a list the article
    // gives (the members of a board): the text after it stays.
    let kept = removed(&doc, &[]);
    assert!(!kept.contains(&(n + map_len)), "{kept:?}");
}

#[test]
fn a_list_of_names_does_not_strand_the_article_after_it() {
    let n = 1 + BODY.lines().count();
    let names: String = [
        "Ana Ruiz",
        "Tom Bell",
        "Sara Kim",
        "Omar Diaz",
        "Lena Vogt",
        "Ivo Maric",
        "Jun Park",
        "Eva Holm",
        "Raj Mehta",
        "Nia Okafor",
    ]
    .iter()
    .map(|s| format!("{s}\n"))
    .collect();
    let end = "The board meets again in the spring, when it will choose a new chair.\n";
    let doc = format!("Library Hours Extended\n{BODY}{names}{end}");
    // One line a rule claims among the names is not enough.
    assert!(removed(&doc, &[n + 3]).iter().all(|&i| i == n + 3));
}

#[test]
fn a_long_thread_the_rules_remove_does_not_take_the_lines_before_it() {
    // A photo essay whose lines are captions (no sentence marks), then a
    // comment thread the rules claim, longer than everything else.
    let captions: String = (1..=12)
        .map(|k| format!("玉峰道路一路上雲氣山嵐滯留山頭 順路下切 蜿蜒道路第{k}段\n"))
        .collect();
    let thread: String = (1..=40).map(|k| format!("#{k} 小鳳 留言\n")).collect();
    let doc = format!("Library Hours Extended\n{BODY}{captions}{thread}");
    let n = 1 + BODY.lines().count();
    let rules: Vec<usize> = (n + 12..n + 52).collect();
    let removed = removed(&doc, &rules);
    assert!(removed.iter().all(|&i| i >= n + 12), "{removed:?}");
}

#[test]
fn a_block_does_not_take_the_rest_of_a_list_the_body_began() {
    // (Weights under which a tail list of items goes, marks or not.)
    let weights = Weights::parse(&WEIGHTS.replace("bullet = -0.5", "bullet = 0.5")).unwrap();
    // The body's last anchor is an item of a list; the items after it
    // (no full stop, headline-shaped) are the rest of that list, and a
    // wrapped item's second line goes with it. The share bar after them
    // still goes.
    let items = "• Free parking for card holders after six\n\
        • A quiet study room for students during exam season\n\
        • Coffee carts run by volunteers from a youth charity beside\n\
        the main entrance\n\
        • Story time for toddlers with puppets and songs\n";
    let doc = |mark: &str| {
        format!(
            "Library Hours Extended\n{BODY}{mark} Keep the reading rooms open until nine on weekdays.\n{items}Share\nTweet\nEmail\n"
        )
    };
    assert_eq!(removed_with(&doc("•"), &[], &weights), [11, 12, 13]);
    // When the body's item has another mark, the lines after it are a
    // list of their own, and go.
    assert_eq!(
        removed_with(&doc("-"), &[], &weights),
        (6..14).collect::<Vec<_>>()
    );
}

#[test]
fn a_list_a_label_introduces_keeps_its_question_titles_and_common_items() {
    let weights = Weights::parse(WEIGHTS).unwrap();
    // A setlist: short titles without an end, one of them a question, and
    // "Overture", which the corpus finds in every setlist of the site.
    let doc = format!(
        "Library Choir Sings Again\n{BODY}Setlist:\nOverture\nSunrise road\nwho knows where the time goes?\n\
         Paper moon\nLast train home\nCity lights\nRiver song\n"
    );
    assert!(removed_marked(&doc, &[], &[6], &weights).is_empty());
    // Without the label, the same titles are a run at the tail, and go.
    let bare = doc.replace("Setlist:\n", "");
    assert_eq!(
        removed_with(&bare, &[], &weights),
        (5..12).collect::<Vec<_>>()
    );
    // A question right after a colon is not the first item of a list (a
    // comment form's "Remember personal info?"): it goes with the share
    // bar after it.
    let form = format!(
        "Library Hours Extended\n{BODY}URL:\nRemember personal info?\nShare\nTweet\nEmail\n"
    );
    assert_eq!(
        removed_with(&form, &[], &weights),
        (6..10).collect::<Vec<_>>()
    );
}

#[test]
fn a_block_does_not_take_the_closing_line_that_only_stands_beside_a_rule() {
    // The body's closing exclamation has no evidence of residue of its
    // own; it stands beside a sign-off a rule removes, and stays.
    let doc = format!(
        "Library Hours Extended\n{BODY}Happy reading to everyone in town this winter!\nEnd of transmission\n"
    );
    assert_eq!(removed(&doc, &[6]), [6]);
    // A short label beside the same line is the widget's, and goes.
    let doc = format!("Library Hours Extended\n{BODY}Share\nEnd of transmission\n");
    assert_eq!(removed(&doc, &[6]), [5, 6]);
}

#[test]
fn a_table_of_records_that_ends_the_text_stays() {
    let records = "Central Library: Ana Ruiz (Labour)\n\
        North Branch: Tom Baker (Green)\n\
        East Branch: Li Wei (Labour)\n\
        South Branch: Omar Haddad (Liberal)\n\
        West Branch: Eva Novak (Labour)\n";
    let doc = format!("Library Hours Extended\n{BODY}{records}");
    assert!(removed(&doc, &[]).is_empty());
    // A rule's line after it does not take the records beside it (with
    // the built-in weights, which would).
    let doc = format!("Library Hours Extended\n{BODY}{records}Read more here.\n");
    let built_in = Weights::parse(crate::signals::model::BUILT_IN).unwrap();
    assert!(
        removed_with(&doc, &[10], &built_in)
            .iter()
            .all(|&i| i == 10)
    );
    // With the rest of a page after it, it is a sidebar like any other.
    let doc = format!("Library Hours Extended\n{BODY}{records}Home\nNews\nSport\n");
    assert_eq!(removed(&doc, &[]), (5..13).collect::<Vec<_>>());
}

#[test]
fn a_record_is_a_short_label_and_a_short_value() {
    assert!(label_record("Estado do Acre: Tião Viana (PT)"));
    assert!(label_record("Paris – CAC 40: UP 2.0 percent at 4,909.74"));
    assert!(!label_record(
        "Video: Watch the moment the mayor leaves the building on Friday"
    ));
    assert!(!label_record("Update: the road has reopened."));
    assert!(!label_record("https://example.com/a"));
    assert!(!label_record("Library hours"));
}
