//! Parquet in and out: the text column of each row cleaned, every other
//! column passed through, the annotation added as one struct column (the
//! JSON Lines annotation's fields, with the same names), row groups read
//! and written in bounded batches.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{
    ArrayBuilder, Float64Builder, GenericStringBuilder, StringBuilder, StringViewBuilder,
    UInt32Builder, UInt64Builder,
};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, ListArray, RecordBatch, StructArray};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use rayon::prelude::*;
use rinse::Cleaner;

use crate::cli::CleanArgs;
use crate::formats::AtomicFile;
use crate::report::{DocCounts, Kind, Problem, Report};

/// Rows read and cleaned together.
const BATCH_ROWS: usize = 1024;

/// The first bytes (and the last) of every Parquet file.
const MAGIC: &[u8] = b"PAR1";

/// An open Parquet input: its rows in batches, and where the text is.
pub struct Input {
    reader: ParquetRecordBatchReader,
    schema: SchemaRef,
    text: usize,
    id: Option<usize>,
}

thread_local! {
    /// Set while this thread reads a Parquet file: a panic then is the
    /// reader's on a damaged file, reported as that file's error, and the
    /// panic hook keeps quiet about it.
    static READING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs the panic hook that keeps quiet about a Parquet reader's panic
/// caught by [`guarded`] (other panics are printed as usual).
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !READING.with(std::cell::Cell::get) {
            default(info);
        }
    }));
}

/// Runs `f`, which reads a Parquet file, turning a panic of the `parquet`
/// crate on a damaged file into an error naming what failed: one bad file
/// never stops the batch.
fn guarded<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    let was = READING.with(|r| r.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    READING.with(|r| r.set(was));
    result.unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".into());
        Err(format!(
            "not a readable Parquet file: the Parquet reader failed ({what})"
        ))
    })
}

/// Opens `path` and finds the text column, the id column (`id_field`),
/// and checks that the annotation column (`annotate`) is not there yet. A
/// file that is not Parquet, or whose footer is damaged, is an error saying
/// so.
fn open(
    path: &Path,
    text_field: &str,
    id_field: Option<&str>,
    annotate: Option<&str>,
) -> Result<Input, String> {
    let mut file = File::open(path).map_err(|e| e.to_string())?;
    let mut start = [0u8; 4];
    let is_parquet = std::io::Read::read_exact(&mut file, &mut start).is_ok() && start == MAGIC;
    if !is_parquet {
        return Err("not a Parquet file (it does not start with PAR1)".into());
    }
    let builder = ParquetRecordBatchReaderBuilder::try_new(rinse::parquet::Source(file))
        .map_err(|e| format!("not a readable Parquet file: {e}"))?;
    let schema = builder.schema().clone();
    let column = |name: &str| schema.fields().iter().position(|f| f.name() == name);
    let text = column(text_field).ok_or_else(|| {
        format!(
            "no column `{text_field}` (the columns are: {}); choose it with --text-field",
            names(&schema)
        )
    })?;
    match schema.field(text).data_type() {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {}
        other => return Err(format!("column `{text_field}` is {other}, not text")),
    }
    if let Some(annotate) = annotate.filter(|a| column(a).is_some()) {
        return Err(format!(
            "the file has a column `{annotate}` already: choose another --annotate-field, \
             or --no-annotate"
        ));
    }
    let id = id_field.and_then(column);
    let reader = builder
        .with_batch_size(BATCH_ROWS)
        .build()
        .map_err(|e| e.to_string())?;
    Ok(Input {
        reader,
        schema,
        text,
        id,
    })
}

fn names(schema: &Schema) -> String {
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    names.join(", ")
}

/// Calls `f` with the text of every row (the corpus pass); rows over the
/// document limit are left out (the clean pass reports them).
pub fn documents(path: &Path, text_field: &str, f: &mut dyn FnMut(&str)) -> Result<(), String> {
    rows(path, text_field, None, &mut |_, _, text| {
        f(text);
        Ok(())
    })
}

/// What [`rows`] calls with each row: its number, its id, its text.
pub type RowFn<'a> = dyn FnMut(usize, Option<String>, &str) -> Result<(), String> + 'a;

/// Calls `f` with every non-null row within the document limit: its
/// 1-based number, its id (`id_field`) and its text.
pub fn rows(
    path: &Path,
    text_field: &str,
    id_field: Option<&str>,
    f: &mut RowFn,
) -> Result<(), String> {
    guarded(|| rows_unguarded(path, text_field, id_field, f))
}

fn rows_unguarded(
    path: &Path,
    text_field: &str,
    id_field: Option<&str>,
    f: &mut RowFn,
) -> Result<(), String> {
    let input = open(path, text_field, id_field, None)?;
    let max = crate::formats::max_doc_bytes();
    let mut row = 0;
    for batch in input.reader {
        let batch = batch.map_err(|e| e.to_string())?;
        let ids = match input.id {
            Some(i) => Some(ids_of(batch.column(i).as_ref())?),
            None => None,
        };
        for (k, text) in rinse::parquet::texts(batch.column(input.text).as_ref())
            .into_iter()
            .enumerate()
        {
            row += 1;
            if let Some(text) = text.filter(|t| t.len() as u64 <= max) {
                f(row, ids.as_ref().and_then(|ids| ids[k].clone()), text)?;
            }
        }
    }
    Ok(())
}

/// A string column of `like`'s type holding `values`.
fn strings(like: &DataType, values: &[Option<String>]) -> ArrayRef {
    match like {
        DataType::LargeUtf8 => {
            let mut b = GenericStringBuilder::<i64>::new();
            values.iter().for_each(|v| b.append_option(v.as_deref()));
            Arc::new(b.finish())
        }
        DataType::Utf8View => {
            let mut b = StringViewBuilder::new();
            values.iter().for_each(|v| b.append_option(v.as_deref()));
            Arc::new(b.finish())
        }
        _ => {
            let mut b = StringBuilder::new();
            values.iter().for_each(|v| b.append_option(v.as_deref()));
            Arc::new(b.finish())
        }
    }
}

/// The annotation of one cleaned row (the fields of the JSON Lines one).
struct Note {
    language: &'static str,
    language_639_1: Option<&'static str>,
    confidence: f64,
    removed: Vec<(u64, u64, String)>,
}

/// One row's outcome.
enum Row {
    /// Null text: stays null, no annotation.
    Null,
    /// Cleaned: the clean body and its annotation.
    Clean(String, Note, usize),
    /// Over the document limit: the text as it was (with `--skip-bad`).
    TooLarge(usize),
}

fn annotation_type() -> (Fields, Field) {
    let removed = Fields::from(vec![
        Field::new("start", DataType::UInt64, false),
        Field::new("end", DataType::UInt64, false),
        Field::new("reason", DataType::Utf8, false),
    ]);
    let item = Field::new("item", DataType::Struct(removed), false);
    let fields = Fields::from(vec![
        Field::new("language", DataType::Utf8, false),
        Field::new("language_639_1", DataType::Utf8, true),
        Field::new("confidence", DataType::Float64, false),
        Field::new("lines_removed", DataType::UInt32, false),
        Field::new("removed", DataType::List(Arc::new(item.clone())), false),
    ]);
    (fields, item)
}

/// The annotation column of a batch's rows (null where the text is).
fn annotations(rows: &[Row]) -> ArrayRef {
    let (fields, item) = annotation_type();
    let (mut language, mut iso1) = (StringBuilder::new(), StringBuilder::new());
    let (mut confidence, mut count) = (Float64Builder::new(), UInt32Builder::new());
    let (mut starts, mut ends, mut reasons) = (
        UInt64Builder::new(),
        UInt64Builder::new(),
        StringBuilder::new(),
    );
    let mut offsets = vec![0i32];
    let mut valid = Vec::with_capacity(rows.len());
    for row in rows {
        let note = match row {
            Row::Clean(_, note, _) => Some(note),
            _ => None,
        };
        valid.push(note.is_some());
        language.append_value(note.map_or("", |n| n.language));
        iso1.append_option(note.and_then(|n| n.language_639_1));
        confidence.append_value(note.map_or(0.0, |n| n.confidence));
        count.append_value(note.map_or(0, |n| n.removed.len() as u32));
        for (start, end, reason) in note.map_or(&[][..], |n| &n.removed[..]) {
            starts.append_value(*start);
            ends.append_value(*end);
            reasons.append_value(reason);
        }
        offsets.push(starts.len() as i32);
    }
    let DataType::Struct(item_fields) = item.data_type().clone() else {
        unreachable!("the item is a struct")
    };
    let removed = StructArray::new(
        item_fields,
        vec![
            Arc::new(starts.finish()),
            Arc::new(ends.finish()),
            Arc::new(reasons.finish()),
        ],
        None,
    );
    let removed = ListArray::new(
        Arc::new(item),
        OffsetBuffer::new(offsets.into()),
        Arc::new(removed),
        None,
    );
    Arc::new(StructArray::new(
        fields,
        vec![
            Arc::new(language.finish()),
            Arc::new(iso1.finish()),
            Arc::new(confidence.finish()),
            Arc::new(count.finish()),
            Arc::new(removed),
        ],
        Some(NullBuffer::from(valid)),
    ))
}

fn clean_row(cleaner: &Cleaner, text: Option<&str>, max: u64) -> Row {
    let Some(text) = text else {
        return Row::Null;
    };
    if text.len() as u64 > max {
        return Row::TooLarge(text.len());
    }
    let cleaned = cleaner.clean(text);
    let doc = cleaned.language();
    let removed = cleaned
        .removed()
        .map(|l| {
            let why = l.removal.as_ref().expect("removed lines have a removal");
            (
                l.span.start as u64,
                l.span.end as u64,
                why.name().to_owned(),
            )
        })
        .collect();
    let note = Note {
        language: doc.code(),
        language_639_1: doc.code_639_1(),
        confidence: (doc.reported_confidence() * 1000.0).round() / 1000.0,
        removed,
    };
    Row::Clean(cleaned.text(), note, cleaned.lines().len())
}

/// Cleans one Parquet file into `dest` (or prints its diff): the output
/// appears only when the whole file went well. Returns whether it did.
/// Without `dest`, the diff of every row goes to `diff` (`--diff`).
pub fn clean_file(
    cleaner: &Cleaner,
    input: &Path,
    dest: Option<&Path>,
    diff: Option<&mut dyn std::io::Write>,
    args: &CleanArgs,
    report: &Report,
) -> bool {
    let name = crate::display(input);
    match guarded(|| clean(cleaner, input, &name, dest, diff, args, report)) {
        Ok(ok) => ok,
        Err(e) => {
            report.error(Problem::file(Kind::Input, name, e));
            false
        }
    }
}

fn clean(
    cleaner: &Cleaner,
    input: &Path,
    name: &str,
    dest: Option<&Path>,
    mut diff: Option<&mut dyn std::io::Write>,
    args: &CleanArgs,
    report: &Report,
) -> Result<bool, String> {
    let Input {
        reader,
        schema,
        text,
        id,
    } = open(
        input,
        &args.input.text_field,
        args.input.id_field.as_deref(),
        (!args.no_annotate).then_some(args.annotate_field.as_str()),
    )?;
    let max = crate::formats::max_doc_bytes();
    let mut fields: Vec<Field> = schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    if !args.no_annotate {
        let (annotation, _) = annotation_type();
        fields.push(Field::new(
            &args.annotate_field,
            DataType::Struct(annotation),
            true,
        ));
    }
    let out_schema = Arc::new(Schema::new_with_metadata(fields, schema.metadata().clone()));
    let mut writer = match dest {
        Some(dest) => {
            let file = AtomicFile::create(dest, args.fsync)
                .map_err(|e| format!("cannot write {}: {e}", dest.display()))?;
            let props = WriterProperties::builder()
                .set_compression(Compression::ZSTD(
                    ZstdLevel::try_new(3).expect("valid level"),
                ))
                .build();
            Some(
                ArrowWriter::try_new(file, out_schema.clone(), Some(props))
                    .map_err(|e| e.to_string())?,
            )
        }
        None => None,
    };
    let mut row_no = 0usize;
    let mut bad = 0u64;
    for batch in reader {
        let batch = batch.map_err(|e| format!("read error after row {row_no}: {e}"))?;
        let column = batch.column(text);
        let values = rinse::parquet::texts(column.as_ref());
        let ids: Option<Vec<Option<String>>> = match id {
            Some(i) => Some(ids_of(batch.column(i).as_ref())?),
            None => None,
        };
        let rows: Vec<Row> = values
            .par_iter()
            .map(|t| clean_row(cleaner, *t, max))
            .collect();
        let mut out_texts = Vec::with_capacity(rows.len());
        let mut keep = Vec::with_capacity(rows.len());
        let (mut records, mut empty, mut dropped) = (0, 0, 0);
        for (k, row) in rows.iter().enumerate() {
            let here = row_no + k + 1;
            match row {
                Row::Null => {
                    out_texts.push(None);
                    keep.push(true);
                }
                Row::TooLarge(len) => {
                    bad += 1;
                    let id = ids.as_ref().and_then(|ids| ids[k].clone());
                    let problem = Problem::record(
                        Kind::TooLarge,
                        name,
                        here,
                        id,
                        format!(
                            "row of {len} bytes is larger than the document limit of {max} \
                             bytes (--max-doc-bytes)"
                        ),
                    );
                    if args.skip_bad {
                        report.warning(format!("{problem} (passed through unchanged)"));
                    } else {
                        report.error(problem);
                    }
                    out_texts.push(values[k].map(str::to_owned));
                    keep.push(true);
                }
                Row::Clean(body, note, lines) => {
                    records += 1;
                    empty += u64::from(body.is_empty());
                    report.document(DocCounts {
                        bytes_in: values[k].map_or(0, str::len) as u64,
                        bytes_out: body.len() as u64,
                        lines: *lines as u64,
                        removed: note.removed.iter().map(|(_, _, r)| r.as_str()).collect(),
                        language: Some(note.language),
                    });
                    if let Some(out) = diff.as_mut() {
                        let id = ids.as_ref().and_then(|ids| ids[k].clone());
                        let here = match id {
                            Some(id) => format!("{name}:{here} (id {id})"),
                            None => format!("{name}:{here}"),
                        };
                        let original = values[k].expect("a cleaned row has text");
                        let hunks = crate::diff::render(&here, &cleaner.clean(original));
                        out.write_all(hunks.as_bytes()).map_err(|e| e.to_string())?;
                    }
                    let drop = args.drop_empty && body.is_empty();
                    dropped += u64::from(drop);
                    keep.push(!drop);
                    out_texts.push(Some(body.clone()));
                }
            }
        }
        report.records(records + bad, bad, empty, dropped);
        row_no += rows.len();
        let Some(writer) = writer.as_mut() else {
            continue;
        };
        let mut columns = batch.columns().to_vec();
        columns[text] = strings(column.data_type(), &out_texts);
        if !args.no_annotate {
            columns.push(annotations(&rows));
        }
        let mut cleaned =
            RecordBatch::try_new(out_schema.clone(), columns).map_err(|e| e.to_string())?;
        if keep.iter().any(|k| !k) {
            let mask = arrow_array::BooleanArray::from(keep);
            cleaned = arrow_select::filter::filter_record_batch(&cleaned, &mask)
                .map_err(|e| e.to_string())?;
        }
        writer
            .write(&cleaned)
            .map_err(|e| format!("cannot write {}: {e}", dest.expect("a writer").display()))?;
    }
    if bad > 0 && !args.skip_bad {
        return Err(format!(
            "{bad} rows over the size limit: output not written (--skip-bad passes them \
             through uncleaned)"
        ));
    }
    if let (Some(writer), Some(dest)) = (writer, dest) {
        let cannot = |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", dest.display());
        // (Writes the footer, then gives the file back.)
        let file = writer.into_inner().map_err(|e| cannot(&e))?;
        file.commit(dest).map_err(|e| cannot(&e))?;
    }
    Ok(true)
}

/// A column's values as ids (`--id-field`): text or integers.
fn ids_of(column: &dyn Array) -> Result<Vec<Option<String>>, String> {
    use arrow_array::types::{Int32Type, Int64Type, UInt32Type, UInt64Type};
    fn show<T: ToString>(v: Option<T>) -> Option<String> {
        v.map(|v| v.to_string())
    }
    Ok(match column.data_type() {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => rinse::parquet::texts(column)
            .into_iter()
            .map(show)
            .collect(),
        DataType::Int64 => column
            .as_primitive::<Int64Type>()
            .iter()
            .map(show)
            .collect(),
        DataType::Int32 => column
            .as_primitive::<Int32Type>()
            .iter()
            .map(show)
            .collect(),
        DataType::UInt64 => column
            .as_primitive::<UInt64Type>()
            .iter()
            .map(show)
            .collect(),
        DataType::UInt32 => column
            .as_primitive::<UInt32Type>()
            .iter()
            .map(show)
            .collect(),
        other => {
            return Err(format!(
                "the --id-field column is {other}, not text or integers"
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_panic_is_the_file_error_and_the_thread_goes_on() {
        install_panic_hook();
        let r: Result<(), String> = guarded(|| panic!("index out of bounds in a page header"));
        let err = r.unwrap_err();
        assert!(
            err.starts_with("not a readable Parquet file")
                && err.contains("index out of bounds in a page header"),
            "{err}"
        );
        assert!(!READING.with(std::cell::Cell::get));
        // Errors and results pass through.
        assert_eq!(guarded(|| Ok::<_, String>(7)), Ok(7));
        assert_eq!(
            guarded(|| Err::<(), _>("bad".to_string())),
            Err("bad".into())
        );
    }
}
