//! A JSON Lines input as the CLI reads it: the bytes as a gzip stream, a
//! zstd stream or plain (picked by the first byte), through the bounded
//! record reader with a small document limit, the first records cleaned
//! with the text at a plain or dotted field path: see
//! `rinse_fuzz::check_stream`.
#![no_main]

use std::io::{BufReader, Read};

use libfuzzer_sys::fuzz_target;
use rinse::JsonlOptions;

/// The document limit: small, so that inputs of a few KB cross it.
const MAX: u64 = 2048;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let mut opts = JsonlOptions::default();
    match selector >> 4 {
        0..=5 => {}
        6..=10 => opts.text_field = "metadata.body".into(),
        _ => opts.text_field = "a.b.c".into(),
    }
    // Decompressed output is capped too (a bomb of a few KB would
    // otherwise take the fuzzer's time, not find bugs).
    let cap = 64 * MAX;
    let source: Box<dyn Read> = match selector % 3 {
        0 => Box::new(flate2::bufread::MultiGzDecoder::new(rest)),
        1 => match zstd::Decoder::with_buffer(rest) {
            Ok(d) => Box::new(d),
            Err(_) => return,
        },
        _ => Box::new(rest),
    };
    let mut reader = BufReader::with_capacity(256, source.take(cap));
    rinse_fuzz::check_stream(&mut reader, MAX, &opts);
});
