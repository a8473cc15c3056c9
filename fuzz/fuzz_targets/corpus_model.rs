//! Arbitrary bytes as a corpus model file (`--corpus-model`,
//! `Cleaner(corpus_model=…)`): an error or statistics, never a panic, and
//! statistics read back write the same bytes (after the flag byte is made
//! canonical) and give a model that cleans.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(stats) = rinse::CorpusStats::from_bytes(data) else {
        return;
    };
    let again = stats.to_bytes();
    assert_eq!(again.len(), data.len());
    let back = rinse::CorpusStats::from_bytes(&again).expect("written statistics read back");
    assert_eq!(back.to_bytes(), again);
    let model = stats.model_with(2);
    let cleaner = rinse_fuzz::cleaner().with_corpus(std::sync::Arc::new(model));
    rinse_fuzz::check_clean(
        &cleaner,
        "Home | News\nA story that is long enough to be prose, said the council.\nShare this",
    );
});
