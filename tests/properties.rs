use proptest::prelude::*;

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

    /// Every promise (`rinse_invariants::check_clean`: a subsequence of
    /// the input, NFC without blank lines, spans into the input,
    /// idempotence), and `rinse::clean` gives the same body as a
    /// `Cleaner`.
    #[test]
    fn documents_from_samples_residue_and_fragments_keep_every_promise(doc in document()) {
        let body = rinse_invariants::check_clean(cleaner(), &doc).map_err(TestCaseError::fail)?;
        prop_assert_eq!(rinse::clean(&doc), body);
    }
}

fn cleaner() -> &'static rinse::Cleaner {
    static CLEANER: std::sync::OnceLock<rinse::Cleaner> = std::sync::OnceLock::new();
    CLEANER.get_or_init(rinse::Cleaner::new)
}
