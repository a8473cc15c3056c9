use std::fs;
use std::path::Path;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{Array, ArrayRef, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::util::*;

const RESIDUE: &str = "Lee meets Aso in Tokyo\nSynopsis\nKey Takeaways\n- Leaders focus on ties.\n\
                       Seoul, Jan 16 (NationPress) The two men met on Friday.\n";

/// A Parquet file of (id, text, n) rows, in row groups of two rows.
fn write_parquet(path: &Path, rows: &[(&str, Option<&str>)]) {
    let schema = Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("text", DataType::Utf8, true),
        Field::new("n", DataType::Int64, false),
    ]));
    let ids: ArrayRef = Arc::new(StringArray::from_iter_values(rows.iter().map(|r| r.0)));
    let texts: ArrayRef = Arc::new(StringArray::from_iter(rows.iter().map(|r| r.1)));
    let n: ArrayRef = Arc::new(Int64Array::from_iter_values(0..rows.len() as i64));
    let batch = RecordBatch::try_new(schema.clone(), vec![ids, texts, n]).unwrap();
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let props = parquet::file::properties::WriterProperties::builder()
        .set_max_row_group_row_count(Some(2))
        .build();
    let mut w = ArrowWriter::try_new(fs::File::create(path).unwrap(), schema, Some(props)).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
}

fn read_parquet(path: &Path) -> Vec<RecordBatch> {
    ParquetRecordBatchReaderBuilder::try_new(fs::File::open(path).unwrap())
        .unwrap()
        .build()
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn parquet_rows_are_cleaned_and_everything_else_passes_through() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in/part-0.parquet");
    let rows = [
        ("a", Some(RESIDUE)),
        ("b", None),
        (
            "c",
            Some("The council met on Monday to discuss the budget.\n"),
        ),
        ("d", Some("Share on Facebook\nShare on Twitter\n")),
    ];
    write_parquet(&input, &rows);
    let out = dir.path().join("out");
    let res = run(&[
        "clean",
        path_str(&dir.path().join("in")),
        "-o",
        path_str(&out),
        "--no-corpus",
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let batches = read_parquet(&out.join("part-0.parquet"));
    let schema = batches[0].schema();
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    assert_eq!(names, ["id", "text", "n", "rinse"]);
    let mut k = 0;
    for batch in &batches {
        let ids = batch.column(0).as_string::<i32>();
        let texts = batch.column(1).as_string::<i32>();
        let n = batch.column(2).as_primitive::<Int64Type>();
        let notes = batch.column(3).as_struct();
        for r in 0..batch.num_rows() {
            let (id, raw) = rows[k];
            assert_eq!(ids.value(r), id);
            assert_eq!(n.value(r), k as i64);
            match raw {
                None => {
                    assert!(texts.is_null(r) && notes.is_null(r), "{id}");
                }
                Some(raw) => {
                    let cleaned = rinse::clean(raw);
                    assert_eq!(texts.value(r), cleaned, "{id}");
                    let note = notes.column_by_name("removed").unwrap().as_list::<i32>();
                    let removed = note.value(r);
                    let reasons = removed.as_struct().column_by_name("reason").unwrap();
                    let removed_lines = raw.lines().count() - cleaned.lines().count();
                    assert_eq!(reasons.len(), removed_lines, "{id}");
                    let language = notes.column_by_name("language").unwrap().as_string::<i32>();
                    let code = rinse::Cleaner::new().clean(raw).language().code();
                    assert_eq!(language.value(r), code, "{id}");
                }
            }
            k += 1;
        }
    }
    assert_eq!(k, rows.len());
    // --drop-empty drops the row left empty; --no-annotate adds no column.
    let res = run(&[
        "clean",
        path_str(&input),
        "-o",
        path_str(&dir.path().join("dropped")),
        "--no-corpus",
        "--drop-empty",
        "--no-annotate",
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let batches = read_parquet(&dir.path().join("dropped/part-0.parquet"));
    let ids: Vec<String> = batches
        .iter()
        .flat_map(|b| {
            let ids = b.column(0).as_string::<i32>();
            (0..b.num_rows())
                .map(|r| ids.value(r).to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(batches[0].num_columns(), 3);
}

#[test]
fn bad_parquet_inputs_are_named_and_fail_alone() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write_parquet(&input.join("good.parquet"), &[("a", Some(RESIDUE))]);
    write_parquet(
        &input.join("big.parquet"),
        &[("a", Some(RESIDUE)), ("huge", Some(&"word ".repeat(400)))],
    );
    let good = fs::read(input.join("good.parquet")).unwrap();
    write(&input.join("truncated.parquet"), &good[..good.len() - 20]);
    write(&input.join("text.parquet"), b"not parquet at all\n");
    let out = dir.path().join("out");
    let res = run(&[
        "clean",
        path_str(&input),
        "-o",
        path_str(&out),
        "--no-corpus",
        "--max-doc-bytes",
        "1K",
        "--id-field",
        "id",
    ]);
    let err = stderr(&res);
    assert_eq!(res.status.code(), Some(1), "{err}");
    for (name, what) in [
        ("truncated.parquet", "not a readable Parquet file"),
        ("text.parquet", "not a Parquet file"),
        (
            "big.parquet:2 (id huge)",
            "row of 2000 bytes is larger than the document limit",
        ),
        (
            "big.parquet",
            "1 rows over the size limit: output not written",
        ),
    ] {
        assert!(err.contains(&format!("{name}: {what}")), "{name}: {err}");
    }
    assert_eq!(tree(&out), ["good.parquet"], "{err}");
    // A file on which the `parquet` crate's reader panics (found by the
    // `parquet_read` fuzz target): named, the batch goes on, no panic
    // message.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/parquet-reader-divides-by-zero.parquet");
    let panicky = dir.path().join("panicky");
    fs::create_dir_all(&panicky).unwrap();
    fs::copy(&fixture, panicky.join("damaged.parquet")).unwrap();
    fs::copy(input.join("good.parquet"), panicky.join("good.parquet")).unwrap();
    let out = dir.path().join("out-panicky");
    let res = run(&[
        "clean",
        path_str(&panicky),
        "-o",
        path_str(&out),
        "--no-corpus",
    ]);
    let err = stderr(&res);
    assert_eq!(res.status.code(), Some(1), "{err}");
    assert!(
        err.contains("damaged.parquet: not a readable Parquet file: the Parquet reader failed"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(tree(&out), ["good.parquet"], "{err}");
    let damaged = panicky.join("damaged.parquet");
    let model = dir.path().join("model.rcm");
    for args in [
        vec!["explain", path_str(&damaged)],
        vec![
            "learn",
            path_str(&damaged),
            "--corpus-model",
            path_str(&model),
        ],
    ] {
        let res = run(&args);
        let err = stderr(&res);
        assert_ne!(res.status.code(), Some(0), "{args:?}: {err}");
        assert!(
            err.contains("the Parquet reader failed") && !err.contains("panicked"),
            "{args:?}: {err}"
        );
    }
    let input = dir.path().join("in");
    // The text column must exist and be text.
    for (field, what) in [
        ("n", "column `n` is Int64, not text"),
        ("body", "no column `body` (the columns are: id, text, n)"),
    ] {
        let good = input.join("good.parquet");
        let args = [
            "clean",
            path_str(&good),
            "-o",
            path_str(&out),
            "--text-field",
            field,
        ];
        let res = run(&args);
        assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
        assert!(stderr(&res).contains(what), "{}", stderr(&res));
    }
}
