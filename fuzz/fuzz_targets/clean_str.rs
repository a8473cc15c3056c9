//! Arbitrary valid UTF-8 cleaned with the built-in packs: see
//! `rinse_fuzz::check_clean`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    rinse_fuzz::check_clean(rinse_fuzz::cleaner(), text);
});
