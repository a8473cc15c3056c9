use super::*;

const EN: &str = "The two leaders agreed to promote future-oriented cooperation through reciprocal visits by leaders.";

fn doc(lines: &[&str]) -> DocLang {
    let counts: Vec<ScriptCounts> = lines.iter().map(|l| ScriptCounts::of(l)).collect();
    let pairs: Vec<(&str, &ScriptCounts)> = lines.iter().copied().zip(&counts).collect();
    detect_document(&pairs, &mut DocMemo::default())
}

fn label(text: &str, doc: &DocLang) -> LineLang {
    label_line(text, &ScriptCounts::of(text), doc)
}

#[test]
fn the_letter_mask_skips_no_listed_letter() {
    // Every character of the scripts the lists use, alone and after a
    // marking letter, is judged as the lists say.
    for &(lang, marks, never) in ALPHABETS {
        let mark = marks[0];
        for c in (0x41..0x250).chain(0x370..0x700).filter_map(char::from_u32) {
            let lower = crate::chars::lower_char(c);
            let alone = !never.contains(&lower) && marks.contains(&lower);
            assert_eq!(
                alphabet_agrees(lang, &c.to_string()),
                alone,
                "{lang:?} {c:?}"
            );
            let after = !never.contains(&lower);
            assert_eq!(
                alphabet_agrees(lang, &format!("{mark}{c}")),
                after,
                "{lang:?} {c:?}"
            );
        }
    }
}

#[test]
fn letters_that_set_a_language_apart() {
    assert!(alphabet_agrees(
        Lang::Ukr,
        "Книголюби обговорили ці сторінки з біографії"
    ));
    assert!(!alphabet_agrees(
        Lang::Ukr,
        "Книголюбы обсудили эти страницы биографии"
    ));
    assert!(alphabet_agrees(
        Lang::Rus,
        "Книголюбы обсудили эти страницы биографии"
    ));
    assert!(alphabet_agrees(
        Lang::Ara,
        "قال السفير الممثل الدائم للمغرب لدى الأمم المتحدة"
    ));
    assert!(!alphabet_agrees(Lang::Ara, "وزارت دفاع آمریکا گفت که"));
    assert!(alphabet_agrees(Lang::Pes, "وزارت دفاع آمریکا گفت که"));
    assert!(!alphabet_agrees(Lang::Pes, "یہ ایک اچھی کتاب ہے"));
    assert!(!alphabet_agrees(Lang::Eng, "The council said on Tuesday"));
    // Capitals count as their small letters.
    assert!(!alphabet_agrees(
        Lang::Ukr,
        "ЦІ СТОРІНКИ БУЛИ ВИДАНІ У МОСКВІ (ЄВРОПА, ЗАРАЗ І ТУТ: ЭТО)"
    ));
    assert!(!alphabet_agrees(
        Lang::Tur,
        "Şirket Washington'da açıklama yaptı"
    ));
}

#[test]
fn two_letter_codes_are_the_iso_ones() {
    // Independent of the table: the ISO 639-1 code of each language is
    // the two-letter code whose ISO 639-3 form whatlang gives, checked
    // on languages whose codes do not share letters by rule.
    for (lang, one) in [
        (Lang::Cmn, "zh"),
        (Lang::Pes, "fa"),
        (Lang::Nob, "nb"),
        (Lang::Ell, "el"),
        (Lang::Heb, "he"),
        (Lang::Jpn, "ja"),
        (Lang::Tgl, "tl"),
        (Lang::Eng, "en"),
    ] {
        let language = crate::Language(lang);
        assert_eq!(language.code_639_1(), one, "{lang:?}");
        assert_eq!(crate::Language::from_code(one), Some(language));
        assert_eq!(crate::Language::from_code(lang.code()), Some(language));
    }
    let all: std::collections::HashSet<&str> =
        crate::Language::all().map(|l| l.code_639_1()).collect();
    assert_eq!(all.len(), Lang::all().len(), "two languages share a code");
    assert!(
        all.iter()
            .all(|c| c.len() == 2 && c.chars().all(|c| c.is_ascii_lowercase()))
    );
}

#[test]
fn a_document_too_short_to_tell_is_undetermined() {
    for short in [&["a", "b"][..], &["hello"], &["ok"]] {
        let d = doc(short);
        assert_eq!(d.code(), UNDETERMINED, "{short:?}: {d:?}");
        assert_eq!((d.code_639_1(), d.reported_confidence()), (None, 0.0));
    }
    let d = doc(&["Привет мир"]);
    assert_eq!((d.code(), d.code_639_1()), ("rus", Some("ru")), "{d:?}");
    let d = doc(&[EN]);
    assert_eq!((d.code(), d.code_639_1()), ("eng", Some("en")));
}

#[test]
fn document_language_from_longest_lines() {
    let d = doc(&["Home", EN, "Menu", EN]);
    assert_eq!(d.lang, Some(Lang::Eng));
    assert_eq!(d.script, Some(Script::Latin));
}

#[test]
fn web_addresses_do_not_make_the_document_language() {
    let d = doc(&[
        "動画はこちら！",
        "https://www.youtube.com/c/averyveryveryverylongchannelnamethatgoesonandon",
        "チャンネル登録もよろしくお願いします！",
    ]);
    assert_eq!(d.lang, Some(Lang::Jpn));
}

#[test]
fn short_lines_inherit_the_document_language() {
    let d = doc(&[EN]);
    let l = label("Rating:", &d);
    assert_eq!((l.lang, l.source), (Some(Lang::Eng), LangSource::Document));
}

#[test]
fn lines_in_another_script_are_detected() {
    let d = doc(&[EN]);
    let l = label("ایک تبصرہ شائع کریں", &d);
    assert_eq!(l.script, Some(Script::Arabic));
    assert_eq!(l.source, LangSource::Detected);
    assert!(l.foreign_script && !l.reliable);
}

#[test]
fn long_foreign_lines_in_the_same_script_are_detected() {
    let d = doc(&[EN, EN]);
    let es =
        "El presidente afirmó que la cooperación entre los dos países es más importante que nunca.";
    let l = label(es, &d);
    assert_eq!((l.lang, l.source), (Some(Lang::Spa), LangSource::Detected));
    assert!(!l.foreign_script);
}

#[test]
fn lines_led_by_the_document_languages_stop_words_inherit_it() {
    let d = doc(&[EN, EN]);
    // Few stop words, but more English ones than of any other language: a
    // comment's action bar stays English, where the trigram detector
    // called it Catalan.
    let menu = "about 2 hours ago · reply · retweet · favorite";
    let l = label(menu, &d);
    assert_eq!((l.lang, l.source), (Some(Lang::Eng), LangSource::Document));
    // Led by French stop words, too few to be sure: the detector decides.
    let fr = "23 choses que toutes les filles des années 2000 faisaient";
    let l = label(fr, &d);
    assert_eq!((l.lang, l.source), (Some(Lang::Fra), LangSource::Detected));
}

#[test]
fn lines_without_letters_have_no_language() {
    let d = doc(&[EN]);
    assert_eq!(label("23, 2025 — 12:30 »", &d).lang, None);
    assert_eq!(label("https://example.com/page", &d).lang, None);
}

#[test]
fn kanji_and_mixed_lines_belong_to_a_japanese_document() {
    let ja = "日本と韓国の首脳は、奈良で会談し、両国の協力を一層強化することで一致した。";
    let d = doc(&[ja]);
    assert_eq!(d.lang, Some(Lang::Jpn));
    for line in ["東京都知事選挙", "NewDays対象店舗"] {
        let l = label(line, &d);
        assert_eq!(l.lang, Some(Lang::Jpn), "{line}");
        assert!(!l.foreign_script, "{line}");
    }
}

#[test]
fn kana_lines_are_japanese_in_a_chinese_document() {
    let zh = "中国和日本的领导人在北京举行会谈，双方同意加强经济合作。";
    let d = doc(&[zh, zh]);
    assert_eq!(d.lang, Some(Lang::Cmn));
    let l = label("ソニーの新しいカメラが発表されました", &d);
    assert_eq!(l.lang, Some(Lang::Jpn));
}

#[test]
fn the_detector_weighs_only_the_languages_it_is_allowed() {
    let fr = "23 choses que toutes les filles des années 2000 faisaient";
    // The French line's stop words: French among them, not English alone.
    let present: Vec<Lang> = stopwords::languages_in(
        Script::Latin,
        stopwords::guess_with_hits(Script::Latin, fr).present,
    )
    .collect();
    assert!(present.contains(&Lang::Fra), "{present:?}");
    assert!(!present.contains(&Lang::Eng), "{present:?}");
    // One cache for all lines: an answer among some languages is not
    // reused for another set.
    let among = |allow: &[Lang]| detect_cached(fr, allow).map(|d| d.0);
    assert_eq!(among(&[Lang::Eng, Lang::Fra]), Some(Lang::Fra));
    let other = among(&[Lang::Spa, Lang::Por]);
    assert!(matches!(other, Some(Lang::Spa | Lang::Por)), "{other:?}");
    assert_eq!(among(&[]), Some(Lang::Fra));
}

#[test]
fn turkish_is_not_taken_for_azerbaijani() {
    // Dense Turkish news prose holds more words of the long Azerbaijani
    // stop list ("bir", "iki", "arasında") than of the short Turkish one.
    let tr = doc(&[
        "Belediye meclisi bu ay iki yeni park için bir karar aldı ve proje daha önce açıklanan takvimde başlayacak.",
        "İki mahalle arasında yapılacak yol çalışması bir yıl sürecek, bu süre içinde trafik başka bir caddeye yönlendirilecek.",
        "Bir yetkili, iki parkın bir arada yaklaşık bin ağacı barındıracağını ve bu sayının daha da artabileceğini söyledi.",
    ]);
    assert_eq!(tr.lang, Some(Lang::Tur), "{tr:?}");
    // Azerbaijani writes its ə.
    let az = doc(&[
        "Bələdiyyə şurası bu ay iki yeni park üçün qərar qəbul etdi və layihə əvvəlcədən elan edilmiş qrafikə uyğun başlayacaq.",
        "İki məhəllə arasında aparılacaq yol işləri bir il davam edəcək, bu müddətdə nəqliyyat başqa küçəyə yönləndiriləcək.",
    ]);
    assert_eq!(az.lang, Some(Lang::Aze), "{az:?}");
}
