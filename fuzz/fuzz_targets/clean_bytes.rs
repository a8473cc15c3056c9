//! Arbitrary bytes, decoded lossily (as `rinse clean --lossy` does), then
//! cleaned with the built-in packs: see `rinse_fuzz::check_clean`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    rinse_fuzz::check_bytes(data);
});
