//! An arbitrary line as a JSON Lines record, through `rinse::record_text`
//! and `rinse::clean_record` with the default options and with a few
//! variants picked by the first byte: see `rinse_fuzz::check_record`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rinse::JsonlOptions;

fuzz_target!(|data: &[u8]| {
    let (selector, rest) = match data.split_first() {
        Some((&b, rest)) if b >= 0xF8 => (b, rest),
        _ => (0, data),
    };
    // The CLI decodes each line (lossily with --lossy) and splits on \n.
    let line = rinse::decode(rest, true).expect("lossy never fails");
    let line = line.split('\n').next().unwrap_or("");
    let line = line.strip_suffix('\r').unwrap_or(line);
    let mut opts = JsonlOptions::default();
    match selector {
        0xF8 => opts.drop_empty = true,
        0xF9 => opts.annotate_field = None,
        0xFA => opts.text_field = "body".into(),
        0xFB => opts.annotate_field = Some("text".into()),
        0xFC => opts.annotate_field = Some("id".into()),
        0xFD => opts.dolma_experiment = Some("exp".into()),
        _ => {}
    }
    rinse_fuzz::check_record(line, &opts);
});
