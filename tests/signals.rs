//! The signals that need no pack, each on its own: the language switch,
//! the copy of the line before.

/// No packs and no other signal: the language switch alone.
fn cleaner() -> rinse::Cleaner {
    let mut b = rinse::Cleaner::builder().default_patterns(false);
    for s in rinse::Signal::ALL {
        b = b.signal(s, s == rinse::Signal::LanguageSwitch);
    }
    b.build().unwrap()
}

const BODY: &str = "The festival opened on Saturday with a record number of visitors, organisers said.\n\
Publishers reported strong sales of translated fiction and of books for children.\n\
A panel on translation drew a packed hall on Sunday afternoon.\n";

#[test]
fn a_foreign_template_footer_is_removed_and_explained() {
    let doc = format!("{BODY}تازہ ترین خبریں\nہمارے بارے میں\n");
    let cleaned = cleaner().clean(&doc);
    assert_eq!(cleaned.text(), BODY);
    for line in cleaned.removed() {
        assert_eq!(
            line.removal,
            Some(rinse::Removal::Signal(rinse::Signal::LanguageSwitch))
        );
        assert!(line.lang.foreign_script);
    }
    assert_eq!(cleaned.removed().count(), 2);
}

#[test]
fn a_foreign_quote_inside_the_body_stays() {
    let doc = "The festival opened on Saturday with a record number of visitors.\n\
خوش خطی صرف لکھنے کا فن نہیں\n\
Publishers reported strong sales of translated fiction and of books for children.\n";
    assert_eq!(cleaner().clean_text(doc), doc);
}

#[test]
fn a_foreign_sentence_at_the_end_stays() {
    // Ends like a sentence: not template-shaped.
    let doc = format!("{BODY}وزیر نے کہا کہ میلہ اگلے سال بھی ہوگا۔\n");
    assert_eq!(cleaner().clean_text(&doc), doc);
}

#[test]
fn a_single_foreign_line_at_the_start_stays_two_go() {
    let one = format!("ہوم\n{BODY}");
    assert_eq!(cleaner().clean_text(&one), one);
    let two = format!("ہوم\nپاکستان\n{BODY}");
    assert_eq!(cleaner().clean_text(&two), BODY);
}

#[test]
fn latin_lines_under_a_document_in_another_script_stay() {
    let ja = "函館市企業局は10日、市電に低床式の新型車両4両を導入すると発表した。\n\
新型車両は床の高さを約35センチに抑え、車いすやベビーカーでも乗り降りしやすくした。\n\
初号車は来年春に営業運転を始める予定だ。\n";
    let doc = format!("{ja}-Music Video-\nhttps://youtu.be/abc\nBehind the scenes\n");
    assert_eq!(cleaner().clean_text(&doc), doc);
}

#[test]
fn the_signal_can_be_turned_off() {
    let doc = format!("{BODY}تازہ ترین خبریں\n");
    let off = rinse::Cleaner::builder()
        .default_patterns(false)
        .language_switch(false)
        .build()
        .unwrap();
    let cleaned = off.clean(&doc);
    assert!(
        cleaned.lines().iter().all(|l| l
            .removal
            .as_ref()
            .is_none_or(|r| r.name() != "language-switch")),
        "{:?}",
        cleaned.removed().collect::<Vec<_>>()
    );
    let on = rinse::Cleaner::builder()
        .default_patterns(false)
        .build()
        .unwrap();
    assert_eq!(
        on.clean(&doc)
            .removed()
            .next()
            .map(|l| l.removal.as_ref().unwrap().name()),
        Some("language-switch")
    );
}

#[test]
fn a_document_mostly_in_the_footer_script_is_left_alone() {
    // When the "footer" outweighs the body, the body is not the article.
    let doc = "Short intro line here.\nAnother short line.\nتازہ ترین خبریں اور تجزیے یہاں پڑھیں\n";
    assert_eq!(cleaner().clean_text(doc), doc);
}

/// No packs and only the repeat signal.
fn repeat_only(on: bool) -> rinse::Cleaner {
    let mut b = rinse::Cleaner::builder().default_patterns(false);
    for s in rinse::Signal::ALL {
        b = b.signal(s, on && s == rinse::Signal::Repeat);
    }
    b.build().unwrap()
}

#[test]
fn a_copy_of_the_line_before_goes_and_the_first_copy_stays() {
    let doc = "Weather threatens holiday plans\n\
Weather threatens holiday plans\n\
Weather threatens holiday plans\n\
Forecasters expect heavy snow across the north on Wednesday, the weather service said.\n\
Weather threatens holiday plans\n\
----\n\
----\n";
    let cleaned = repeat_only(true).clean(doc);
    // The copies right after the first go; the same line further on (after
    // other text) and separators without letters stay.
    assert_eq!(
        cleaned.text(),
        "Weather threatens holiday plans\n\
Forecasters expect heavy snow across the north on Wednesday, the weather service said.\n\
Weather threatens holiday plans\n\
----\n\
----\n"
    );
    let removed: Vec<usize> = cleaned.removed().map(|l| l.number).collect();
    assert_eq!(removed, [2, 3]);
    for line in cleaned.removed() {
        assert_eq!(
            line.removal,
            Some(rinse::Removal::Signal(rinse::Signal::Repeat))
        );
    }
    assert_eq!(rinse::Signal::Repeat.name(), "repeat");
    assert_eq!(repeat_only(false).clean_text(doc), doc);
}
