//! A Parquet input as the CLI reads it: arbitrary bytes (most of them a
//! real file of the samples, mutated) that start with the `PAR1` magic, as
//! the CLI requires, through the CLI's own source (`rinse::parquet::Source`:
//! no chunk past the end of the file, no endless reads at its end) and the
//! `parquet` crate's Arrow reader with the settings
//! `src/bin/rinse/parquet.rs` uses (batches of 1,024 rows, the schema
//! looked up, the text column read as any of Arrow's string types by
//! `rinse::parquet::texts`); each text within the limit is cleaned and
//! checked.
//!
//! The reader panics on some damaged files (its first run found a division
//! by zero in `array_reader/byte_array.rs`, now
//! `tests/fixtures/parquet-reader-divides-by-zero.parquet`). The CLI
//! catches such a panic and reports the file as unreadable; so does this
//! target, with the hook swapped for the read so that libFuzzer's aborting
//! hook does not fire, then the checks of the rows read run under it.
#![no_main]

use arrow_schema::DataType;
use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

/// The document limit: small, so that the samples cross it.
const MAX: usize = 2048;

/// The texts of the `text` column, as the CLI reads them (`None` for an
/// unreadable file).
fn texts(data: &[u8]) -> Option<Vec<String>> {
    let source = rinse::parquet::Source(Bytes::copy_from_slice(data));
    let builder = ParquetRecordBatchReaderBuilder::try_new(source).ok()?;
    let schema = builder.schema().clone();
    let text = schema.fields().iter().position(|f| f.name() == "text")?;
    let reader = builder.with_batch_size(1024).build().ok()?;
    let mut out = Vec::new();
    for batch in reader {
        let batch = batch.ok()?;
        let column = batch.column(text);
        if !matches!(
            column.data_type(),
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
        ) {
            return None;
        }
        let texts = rinse::parquet::texts(column.as_ref());
        out.extend(texts.into_iter().flatten().map(str::to_owned));
    }
    Some(out)
}

fuzz_target!(|data: &[u8]| {
    if !data.starts_with(b"PAR1") {
        return;
    }
    let abort = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let read = std::panic::catch_unwind(|| texts(data));
    std::panic::set_hook(abort);
    let Ok(Some(texts)) = read else {
        return;
    };
    for t in texts.iter().filter(|t| t.len() <= MAX) {
        rinse_fuzz::check_clean(rinse_fuzz::cleaner(), t);
    }
});
