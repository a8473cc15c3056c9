//! Arbitrary bytes as the TOML source of a pattern pack, loaded through
//! `RuleSet::add_pack` (as `--patterns DIR` does after reading the file as
//! UTF-8): Ok or an error naming the file and line, never a panic or a
//! hang. Packs that load are run on their own examples.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // `add_dir` reads packs with `read_to_string`: non-UTF-8 files are I/O
    // errors before the parser sees them.
    if let Ok(source) = std::str::from_utf8(data) {
        rinse_fuzz::check_pack(source);
    }
});
