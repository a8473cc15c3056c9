use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

use crate::util::*;

/// Lines to build documents from: sample text in many scripts, residue of
/// every built-in family, and tricky fragments.
fn pool() -> Vec<String> {
    let mut lines: Vec<String> = samples()
        .iter()
        .flat_map(|(_, raw, _)| raw.lines().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    lines.extend(
        [
            "Synopsis",
            "Key Takeaways",
            "- a bullet point",
            "• another bullet",
            "Legal Disclaimer:",
            "EIN Presswire provides this news content \"as is\" without warranty of any kind.",
            "Reviewed by Admin",
            "on",
            "March 4, 2024",
            "Rating: 5",
            "No comments:",
            "Post a Comment",
            "کوئی تبصرے نہیں:",
            "ایک تبصرہ شائع کریں",
            "یہ بھی پڑھیں",
            "https://example.com/a/b",
            "12:30",
            "»",
            "",
            "   ",
            "\u{FEFF}\u{200B}",
            "e\u{0301}\u{200D}x",
            "می\u{200C}شود",
            "👩\u{200D}💻",
            "\u{00A0}padded\u{3000}",
        ]
        .map(str::to_owned),
    );
    lines
}

fn document() -> impl Strategy<Value = String> {
    let pool = pool();
    let line = prop_oneof![
        4 => proptest::sample::select(pool),
        1 => "\\PC{0,30}",
        1 => any::<String>(),
    ];
    let sep = prop_oneof![Just("\n"), Just("\r\n"), Just("\r"), Just("\n\n")];
    proptest::collection::vec((line, sep), 0..30)
        .prop_map(|parts| parts.into_iter().map(|(l, s)| l + s).collect::<String>())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn output_is_a_subsequence_of_the_input(doc in document()) {
        let tidy = rinse::normalize::tidy(&doc);
        let out = rinse::clean(&doc);
        let mut input = tidy.lines();
        for line in out.lines() {
            prop_assert!(input.any(|l| l == line), "{line:?} is not an input line in order");
        }
        prop_assert!(out.is_empty() || out.ends_with('\n'));
    }

    #[test]
    fn cleaning_is_idempotent(doc in document()) {
        let once = rinse::clean(&doc);
        prop_assert_eq!(rinse::clean(&once), once);
    }

    #[test]
    fn output_is_nfc_without_blank_lines(doc in document()) {
        let out = rinse::clean(&doc);
        prop_assert_eq!(out.nfc().collect::<String>(), out.clone());
        prop_assert!(out.lines().all(|l| !l.trim().is_empty() && l.trim() == l));
    }

    #[test]
    fn normalization_is_idempotent(doc in document()) {
        let once = rinse::normalize::normalize(&doc);
        prop_assert_eq!(rinse::normalize::normalize(&once), once);
    }

    #[test]
    fn reports_cover_every_line_and_spans_point_into_the_input(doc in document()) {
        let cleaned = rinse::Cleaner::new().clean(&doc);
        let mut last = 0;
        for line in cleaned.lines() {
            prop_assert!(line.number > last);
            last = line.number;
            prop_assert_eq!(rinse::normalize::normalize_line(&doc[line.span.clone()]), line.normalized.clone());
            prop_assert_eq!(rinse::normalize::output_line(&doc[line.span.clone()]), line.text.clone());
        }
        prop_assert_eq!(cleaned.text(), rinse::clean(&doc));
    }
}
