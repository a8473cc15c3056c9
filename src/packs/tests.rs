use crate::rules::rule_alone;
use whatlang::Lang;

use super::compile::Ctx;
use super::rule::Pattern;
use super::*;

fn load(src: &str) -> Result<RuleSet> {
    let mut set = RuleSet::new();
    set.add_pack("eng", Path::new("p/eng.toml"), src)?;
    Ok(set)
}

fn err(src: &str) -> String {
    load(src).unwrap_err().to_string()
}

const OK: &str = r#"
[[rule]]
name = "a"
match = 'Share this'
examples = ["Share this"]
near_misses = ["Share this with care."]
"#;

#[test]
fn embedded_packs_load_and_their_examples_pass() {
    let set = RuleSet::embedded();
    assert!(!set.rules().is_empty());
    let failures = set.check_examples();
    assert!(
        failures.is_empty(),
        "{}",
        failures.iter().map(|f| f.to_string()).collect::<String>()
    );
}

/// Every pattern of a rule: anchor, steps, items, confirmation.
#[test]
fn built_in_packs_load_from_their_lean_form_as_from_their_source() {
    // A start parses each built-in pack without its rules' notes and
    // examples (blanked out at build time): the rules, and the line each
    // is reported at, must be those of the file; the notes and examples
    // come from the full source.
    let lean = embedded::packs();
    let full = embedded::full_packs();
    assert_eq!(lean.len(), full.len());
    for ((file, lean), (_, full)) in lean.iter().zip(&full) {
        assert_eq!(lean.len(), full.len(), "{file}: offsets kept");
        let table: toml::Table = lean.parse().unwrap();
        let rules = table["rule"].as_array().unwrap();
        assert!(
            rules.iter().all(|r| ["note", "examples", "near_misses"]
                .iter()
                .all(|k| !r.as_table().unwrap().contains_key(*k))),
            "{file}: blanked"
        );
        let origin = Path::new("<embedded>").join(file);
        let (_, from_lean) = compile_pack(pack_name(&origin), &origin, lean, true).unwrap();
        let (_, from_full) = compile_pack(pack_name(&origin), &origin, full, true).unwrap();
        let shape = |r: &Rule| {
            let (at, line) = r.origin();
            (
                r.id().to_owned(),
                at.to_owned(),
                line,
                r.kind().name(),
                r.position().to_string(),
            )
        };
        assert_eq!(
            from_lean.iter().map(shape).collect::<Vec<_>>(),
            from_full.iter().map(shape).collect::<Vec<_>>(),
            "{file}"
        );
    }
    // Every built-in rule has its examples and near-misses (the loader
    // demands them of other packs).
    for rule in RuleSet::embedded().rules() {
        assert!(!rule.examples().is_empty(), "{}", rule.id());
        assert!(!rule.near_misses().is_empty(), "{}", rule.id());
    }
}

fn patterns(rule: &Rule) -> Vec<&Pattern> {
    let mut out: Vec<&Pattern> = rule.anchor.regex.iter().collect();
    match &rule.kind {
        RuleKind::Block { items, .. } => out.push(items),
        RuleKind::Cut { confirm, .. } => out.push(confirm),
        RuleKind::Sequence { steps, .. } => {
            out.extend(steps.iter().filter_map(|s| s.pattern.regex.as_ref()))
        }
        RuleKind::Line | RuleKind::List { .. } => {}
    }
    out
}

#[test]
fn embedded_patterns_compile() {
    // Built-in patterns are compiled on first use: this is the check
    // that none of them can fail then.
    let set = RuleSet::embedded();
    let mut n = 0;
    for rule in set.rules() {
        for p in patterns(rule) {
            if let Err(e) = rule::compile(p.as_str()) {
                panic!("{}: {e}", rule.id());
            }
            n += 1;
        }
    }
    assert!(n > 100, "{n}");
}

#[test]
fn embedded_nfas_are_the_compiled_ones() {
    // Every NFA the build script embedded is rebuilt, state for state,
    // into the NFA that compiling its pattern gives now.
    let (mut rebuilt, mut loose, mut narrow) = (0, 0, 0);
    for (full, pre) in embedded::all_nfas() {
        let hir = regex_syntax::Parser::new().parse(full).unwrap();
        let same = |at: usize, hir: &regex_syntax::hir::Hir| {
            let nfa = nfa_at(at).unwrap_or_else(|e| panic!("{full}: {e}"));
            let compiled = nfa_code::compile(hir).unwrap();
            assert_eq!(format!("{nfa:?}"), format!("{compiled:?}"), "{full}");
        };
        let loosened = nfa_code::loosen(&hir);
        same(
            pre.exact.unwrap_or_else(|| panic!("{full}: not embedded")),
            &hir,
        );
        match pre.loose {
            LooseForm::Same => assert_eq!(loosened, hir, "{full}"),
            LooseForm::Nfa(at) => {
                assert_ne!(loosened, hir, "{full}");
                same(
                    at.unwrap_or_else(|| panic!("{full}: not embedded")),
                    &loosened,
                );
                loose += 1;
            }
        }
        if let Some(n) = pre.narrow {
            let narrowed = nfa_code::narrow(&hir);
            assert_ne!(narrowed, hir, "{full}");
            same(
                n.exact
                    .unwrap_or_else(|| panic!("{full}: narrow form not embedded")),
                &narrowed,
            );
            match n.loose {
                LooseForm::Same => assert_eq!(nfa_code::loosen(&narrowed), narrowed, "{full}"),
                LooseForm::Nfa(at) => same(
                    at.unwrap_or_else(|| panic!("{full}: not embedded")),
                    &nfa_code::loosen(&narrowed),
                ),
            }
            narrow += 1;
        }
        rebuilt += 1;
    }
    assert!(
        rebuilt > 200 && loose > 20 && narrow > 200,
        "{rebuilt} {loose} {narrow}"
    );
    // A blob, or the binary form of an NFA in it, cut short is an error,
    // not a panic. (The pattern's copies of `.` make state references both
    // ways.)
    let hir = regex_syntax::Parser::new()
        .parse("^(?:ab|c.{2,5}d)$")
        .unwrap();
    let nfa = nfa_code::compile(&hir).unwrap();
    let mut form = Vec::new();
    assert!(nfa_code::encode(&nfa, &mut form));
    let blob = nfa_code::write_blob(std::slice::from_ref(&form));
    let read = |bytes: &[u8], i| nfa_code::Blob::new(bytes).and_then(|b| b.nfa(i));
    for cut in 0..blob.len() {
        assert!(read(&blob[..cut], 0).is_err());
    }
    assert!(read(&blob, 1).is_err());
    let back = read(&blob, 0).unwrap();
    assert_eq!(format!("{back:?}"), format!("{nfa:?}"));
    for cut in 0..form.len() {
        assert!(nfa_code::Reader::new(&form[..cut], 0).nfa().is_err());
    }
    let back = nfa_code::Reader::new(&form, 0).nfa().unwrap();
    assert_eq!(format!("{back:?}"), format!("{nfa:?}"));
}

#[test]
fn byte_filters_and_length_bounds_never_miss_a_match() {
    // The first/last-byte tables, the length bounds and the allowed and
    // required bytes let the engine skip a regex only when it cannot
    // match.
    let set = RuleSet::embedded();
    let mut checked = 0;
    let mut forms_checked = 0;
    for rule in set.rules() {
        let m = &rule.anchor;
        let Some(re) = &m.regex else { continue };
        for t in rule.examples().iter().chain(rule.near_misses()) {
            for line in crate::normalize::lines(t) {
                let forms = super::Forms::of(&line.text);
                if forms.all().iter().any(|f| re.is_match(f)) {
                    assert!(
                        m.bytes.as_ref().is_none_or(|b| b.may_match(&forms)),
                        "{}: bytes on {:?}",
                        rule.id(),
                        line.text
                    );
                    forms_checked += 1;
                }
                if re.is_match(&line.text) {
                    assert!(
                        line.text.len() <= m.max_len,
                        "{}: length bound on {:?}",
                        rule.id(),
                        line.text
                    );
                    assert!(
                        m.bytes.as_ref().is_none_or(|e| e.admits(&line.text)),
                        "{}: edge bytes on {:?}",
                        rule.id(),
                        line.text
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 200, "{checked}");
    assert!(forms_checked >= checked, "{forms_checked}");
}

#[test]
fn every_built_in_regex_was_analysed_at_build_time() {
    // The build script finds the regexes of the built-in packs by reading
    // the TOML on its own; the loader must find each of them in its table.
    // (What the analysis holds is checked above, against the lines each
    // rule matches.)
    let mut patterns = 0;
    for (_, source) in RuleSet::embedded_sources() {
        let table: toml::Table = source.parse().expect("built-in pack parses");
        let mut stack = vec![toml::Value::Table(table)];
        while let Some(v) = stack.pop() {
            match v {
                toml::Value::Table(t) => {
                    for (k, v) in t {
                        match (k.as_str(), v) {
                            ("match" | "items" | "confirm", toml::Value::String(p)) => {
                                let full = format!("^(?:{p})$");
                                assert!(
                                    embedded::built_in(&full).is_some(),
                                    "not in the table: {full}"
                                );
                                patterns += 1;
                            }
                            (_, v) => stack.push(v),
                        }
                    }
                }
                toml::Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
    }
    assert!(patterns > 200, "{patterns}");
    assert!(embedded::built_in("^(?:not a built-in pattern)$").is_none());
}

#[test]
fn necessary_literals_never_miss_a_match() {
    // Every line an anchor regex matches contains one of its literals:
    // the Aho-Corasick prefilter of the rule engine may skip a regex only
    // when it cannot match.
    let set = RuleSet::embedded();
    let lines: Vec<String> = set
        .rules()
        .iter()
        .flat_map(|r| r.examples().iter().chain(r.near_misses()))
        .flat_map(|t| {
            crate::normalize::lines(t)
                .into_iter()
                .map(|l| l.text.into_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    let mut checked = 0;
    for rule in set.rules() {
        let (Some(re), Some(needles)) = (&rule.anchor.regex, &rule.anchor.needles) else {
            continue;
        };
        for line in &lines {
            if re.is_match(line) {
                // (As the rule index searches a line: lower-cased, then
                // folded as case-insensitive matching folds.)
                let lower: String = line.chars().flat_map(char::to_lowercase).collect();
                let folded = crate::packs::analysis::fold_text(&lower);
                assert!(
                    needles.iter().any(|n| folded.contains(n.as_str())),
                    "{} on {line:?}: {needles:?}",
                    rule.id()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 200, "{checked}");
}

#[test]
fn the_built_in_literal_automaton_finds_every_literal_a_line_holds() {
    // The automaton the build script serialized is the one the built-in
    // rule index searches with: it must read back, and report exactly the
    // built-in literals each line contains.
    let automaton = super::built_in_literals().expect("the built-in literal automaton reads back");
    let literals = embedded::all_literals();
    assert!(literals.len() > 1000, "{}", literals.len());
    for (i, literal) in literals.iter().enumerate() {
        assert_eq!(super::built_in_literal(literal), Some(i as u32));
    }
    assert_eq!(super::built_in_literal("\u{0}not a literal\u{0}"), None);
    let set = RuleSet::embedded();
    let mut checked = 0;
    for text in set
        .rules()
        .iter()
        .flat_map(|r| r.examples().iter().chain(r.near_misses()))
        .step_by(7)
    {
        let lower: String = text.chars().flat_map(char::to_lowercase).collect();
        let folded = crate::packs::analysis::fold_text(&lower);
        let mut found: Vec<u32> = automaton
            .find_overlapping_iter(&*folded)
            .map(|m| m.value())
            .collect();
        found.sort_unstable();
        found.dedup();
        let held: Vec<u32> = (0..literals.len() as u32)
            .filter(|&i| folded.contains(literals[i as usize]))
            .collect();
        assert_eq!(found, held, "{text:?}");
        checked += usize::from(!held.is_empty());
    }
    assert!(checked > 200, "{checked}");
    // The rule index of the built-in packs takes it; a small one (a rule
    // alone) builds its own.
    let book = crate::rules::RuleBook::new(&set);
    assert_eq!(
        crate::rules::RuleIndex::new(book.rules()).uses_built_in_literals(),
        Some(true)
    );
    let one: Vec<Rule> = book
        .rules()
        .iter()
        .filter(|r| r.anchor.regex.is_some() && r.anchor.needles.is_some())
        .take(1)
        .cloned()
        .collect();
    assert_eq!(
        crate::rules::RuleIndex::new(&one).uses_built_in_literals(),
        Some(false)
    );
}

#[test]
fn a_valid_pack_loads() {
    let set = load(OK).unwrap();
    assert_eq!(set.rules()[0].id(), "eng/a");
    assert_eq!(
        set.rules()[0].languages(),
        Some(vec![crate::Language(Lang::Eng)])
    );
}

#[test]
fn toml_errors_name_file_and_line() {
    assert!(err("[[rule]]\nname = \"a\"\nmatch = 'x\n").starts_with("p/eng.toml:3:"));
    let e = err("[[rule]]\nname = \"a\"\nwhatever = 1\n");
    assert!(
        e.starts_with("p/eng.toml:3:") && e.contains("whatever"),
        "{e}"
    );
}

#[test]
fn lines_are_numbered_as_line_of_does() {
    let source = "a\n\nbc\n[rule]\nname = \"x\"\n\n";
    let ctx = Ctx {
        origin: Path::new("x.toml"),
        built_in: true,
        breaks: memchr::memchr_iter(b'\n', source.as_bytes()).collect(),
    };
    for at in 0..=source.len() + 1 {
        assert_eq!(ctx.line(at), file::line_of(source, at), "offset {at}");
    }
}

#[test]
fn bad_regex_names_the_line_of_the_pattern() {
    let e =
        err("[[rule]]\nname = \"a\"\n\nmatch = '(unclosed'\nexamples=['x']\nnear_misses=['y']\n");
    assert!(
        e.starts_with("p/eng.toml:4: invalid regex in `match`"),
        "{e}"
    );
}

#[test]
fn oversized_regex_is_rejected() {
    let e = err(
        "[[rule]]\nname = \"a\"\nmatch = '(?:\\w{100}){100}'\nexamples=['x']\nnear_misses=['y']\n",
    );
    assert!(
        e.contains("invalid regex") && e.contains("size limit"),
        "{e}"
    );
}

#[test]
fn duplicate_names_are_errors() {
    let e = err(&format!("{OK}\n{OK}"));
    assert!(
        e.starts_with("p/eng.toml:10:") && e.contains("duplicate rule name `a`"),
        "{e}"
    );
}

#[test]
fn rules_need_examples_and_near_misses() {
    let e = err("[[rule]]\nname = \"a\"\nmatch = 'x'\nexamples = ['x']\n");
    assert!(e.contains("near_misses"), "{e}");
}

#[test]
fn cut_rules_need_a_confirmation() {
    let e = err("[[rule]]\nname='a'\nkind='cut'\nmatch='x'\nexamples=['x']\nnear_misses=['y']\n");
    assert!(e.contains("needs `confirm`"), "{e}");
}

#[test]
fn fields_of_another_kind_are_errors() {
    let e = err("[[rule]]\nname='a'\nmatch='x'\nconfirm='y'\nexamples=['x']\nnear_misses=['y']\n");
    assert!(e.contains("`confirm` is only for kind = \"cut\""), "{e}");
}

#[test]
fn packs_not_named_after_a_language_must_declare_languages() {
    let mut set = RuleSet::new();
    let e = set
        .add_pack("wires", Path::new("wires.toml"), OK)
        .unwrap_err()
        .to_string();
    assert!(e.contains("languages = [\"*\"]"), "{e}");
    let bad = format!("[pack]\nlanguages = [\"xx\"]\n{OK}");
    let e = set
        .add_pack("wires", Path::new("wires.toml"), &bad)
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("wires.toml:2:") && e.contains("unknown code `xx`"),
        "{e}"
    );
}

#[test]
fn later_packs_override_and_disable() {
    let mut set = load(OK).unwrap();
    let over = OK.replace("Share this'", "Share this now'").replace(
        "examples = [\"Share this\"]",
        "examples = [\"Share this now\"]",
    );
    set.add_pack("eng", Path::new("user/eng.toml"), &over)
        .unwrap();
    assert_eq!(set.rules().len(), 1);
    assert_eq!(set.rules()[0].origin().0, Path::new("user/eng.toml"));
    set.add_pack(
        "off",
        Path::new("user/off.toml"),
        "[pack]\nlanguages=['*']\ndisable=['eng/a']\n",
    )
    .unwrap();
    assert!(set.rules().is_empty());
}

#[test]
fn phrases_match_whole_lines_case_insensitively_with_optional_colon() {
    let set = load(
        "[[rule]]\nname='a'\nphrases=['No comments', 'Post a Comment']\nexamples=['x']\nnear_misses=['y']\n",
    )
    .unwrap();
    let re = &set.rules()[0].anchor;
    assert!(re.is_match("No comments:"));
    assert!(re.is_match("post a comment"));
    assert!(!re.is_match("No comments on the report were made."));
}

#[test]
fn matchers_and_caches_beyond_their_budgets_are_let_go_and_rebuilt_alike() {
    // Every example of every built-in rule, twice: the matchers of the
    // built-in patterns (140 MB of NFAs as written) cannot all be kept within
    // the budget, so the second pass rebuilds many, and must answer alike.
    let set = RuleSet::embedded();
    let lines: Vec<(usize, String)> = set
        .rules()
        .iter()
        .enumerate()
        .flat_map(|(k, r)| {
            r.examples()
                .iter()
                .chain(r.near_misses())
                .map(move |t| (k, t))
        })
        .flat_map(|(k, t)| {
            crate::normalize::lines(t)
                .into_iter()
                .map(move |l| (k, l.text.into_owned()))
        })
        .collect();
    let pass = || -> Vec<bool> {
        lines
            .iter()
            .map(|(k, line)| set.rules()[*k].anchor_is_match(line))
            .collect()
    };
    let first = pass();
    let let_go = super::rule::KEPT
        .lock()
        .unwrap()
        .as_ref()
        .map_or(0, |r| r.let_go);
    assert!(let_go > 0, "no matcher was let go");
    assert_eq!(pass(), first);
    let kept = super::rule::KEPT
        .lock()
        .unwrap()
        .as_ref()
        .map_or(0, |r| r.bytes);
    assert!(kept <= super::rule::MATCHER_BYTES, "{kept} bytes kept");
    // So are this thread's search caches.
    let (cache_bytes, caches_let_go) = super::rule::CACHES.with_borrow(|t| (t.bytes, t.let_go));
    assert!(caches_let_go > 0, "no cache was let go");
    assert!(
        cache_bytes <= super::rule::THREAD_CACHE_BYTES,
        "{cache_bytes} bytes of caches kept"
    );
    assert!(first.iter().filter(|m| **m).count() > 1000);
}

#[test]
fn a_tail_list_fires_higher_up_only_under_a_long_list_of_headlines() {
    let set = load(
        r#"
[[rule]]
name = "popular"
kind = "list"
where = "tail"
within = 3
min_items = 2
phrases = ["Most popular"]
examples = ["Most popular\nA headline here\nAnother headline"]
near_misses = ["Most popular among readers was the long story on rail."]
"#,
    )
    .unwrap();
    let rule = &set.rules()[0];
    let body = "The council met on Monday and voted on the budget for next year.\n\
                Residents had asked for more buses, and the plan adds two lines.\n\
                The mayor said the vote was the first of several this spring.\n\
                A final reading is due in April, after a public hearing.\n";
    let heads = [
        "Storm closes schools across the county",
        "New bridge opens to traffic on Friday",
        "Local team wins the regional final",
        "Museum reopens after two years of work",
        "Farmers market moves to the old station",
        "What the new budget means for renters",
    ];
    let doc = |items: &[&str]| format!("Most popular\n{}\n{body}", items.join("\n"));
    // Five headlines under the heading, far from the end: the box goes.
    // (The sixth, right above the text, is the text's subheading.)
    let removed = rule_alone(rule, &doc(&heads));
    assert_eq!(removed.iter().filter(|r| **r).count(), 6, "{removed:?}");
    assert!(removed[..6].iter().all(|r| *r));
    // Four and the text's subheading (it names the budget the text is
    // about) are not enough so far from the end: kept as the rule's
    // position says.
    let four = [heads[0], heads[1], heads[2], heads[3], heads[5]];
    assert!(!rule_alone(rule, &doc(&four)).contains(&true));
    // A headline right above the text that shares no word with it is
    // another story's: five, and the box goes.
    let removed = rule_alone(rule, &doc(&heads[..5]));
    assert_eq!(removed.iter().filter(|r| **r).count(), 6, "{removed:?}");
    // Headlines with summaries under them (a live blog's posts, a sidebar
    // of teasers) are not taken higher up either.
    let records: Vec<String> = heads
        .iter()
        .map(|h| format!("{h}\nThe short summary of this story ends here."))
        .collect();
    let records: Vec<&str> = records.iter().map(String::as_str).collect();
    assert!(!rule_alone(rule, &doc(&records)).contains(&true));
    // The heading alone on the last line: nothing under it to take.
    let bare = format!("{body}Most popular\n");
    assert_eq!(rule_alone(rule, &bare).iter().filter(|r| **r).count(), 1);
    // At the end, where the rule is placed, two headlines are enough.
    let at_end = format!("{body}Most popular\n{}\n{}\n", heads[0], heads[1]);
    assert_eq!(rule_alone(rule, &at_end).iter().filter(|r| **r).count(), 3);
}
