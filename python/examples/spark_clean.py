#!/usr/bin/env python3
"""Clean the text column of a JSON Lines or Parquet dataset with rinse on Spark.

Local (two cores):

    python python/examples/spark_clean.py scraped.jsonl cleaned/ --master 'local[2]'

On a cluster (rinse installed on every node, or shipped with spark.archives;
see python/README.md):

    spark-submit --master yarn python/examples/spark_clean.py \\
        s3://bucket/scraped/ s3://bucket/cleaned/ --output-format parquet

Every column other than the text column is copied unchanged; the text column
is replaced by its clean body (nulls stay null), or written to a new column
with --output-column. Each Python worker cleans the Arrow record batches
Spark hands it (mapInArrow), in parallel and without copying the input.
"""

from __future__ import annotations

import argparse
import sys
from typing import Optional, Sequence


def read(spark, path: str, fmt: str):
    """The input DataFrame: JSON Lines (``.jsonl``, ``.json``, ``.jsonl.gz``)
    or Parquet, by ``fmt`` or the path's name."""
    if fmt == "auto":
        name = path.rstrip("/").lower()
        fmt = "parquet" if name.endswith(".parquet") or name.endswith(".pq") else "json"
        if "." not in name.rsplit("/", 1)[-1]:
            # A folder: look at what it holds.
            fmt = "parquet" if _folder_has(spark, path, ".parquet") else "json"
    if fmt == "parquet":
        return spark.read.parquet(path)
    return spark.read.json(path)


def _folder_has(spark, path: str, suffix: str) -> bool:
    jvm = spark.sparkContext._jvm
    hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
    fs = hadoop_path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if not fs.exists(hadoop_path) or not fs.getFileStatus(hadoop_path).isDirectory():
        return False
    return any(s.getPath().getName().endswith(suffix) for s in fs.listStatus(hadoop_path))


def main(argv: Optional[Sequence[str]] = None, spark=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="JSON Lines or Parquet file or folder")
    parser.add_argument("output", help="output folder (overwritten)")
    parser.add_argument("--input-format", choices=["auto", "json", "parquet"], default="auto")
    parser.add_argument("--output-format", choices=["parquet", "json"], default="parquet")
    parser.add_argument("--text-column", default="text")
    parser.add_argument("--output-column", default=None, help="write clean texts here instead of replacing")
    parser.add_argument("--patterns", action="append", default=[], help="pack folder (repeatable; must exist on executors)")
    parser.add_argument("--no-default-patterns", action="store_true")
    parser.add_argument("--disable", action="append", default=[], help="rule or signal to turn off (repeatable)")
    parser.add_argument("--no-language-switch", action="store_true")
    parser.add_argument("--threads", type=int, default=1, help="threads per task (default 1: Spark runs a task per core)")
    parser.add_argument("--corpus", action="store_true", help="batch mode: learn the corpus statistics first (distributed), then clean with them")
    parser.add_argument("--corpus-model", default=None, help="batch mode with the statistics of this file (rinse learn --corpus-model); with --corpus, write them there")
    parser.add_argument("--min-docs", type=int, default=5, help="documents a line must recur in to count as template")
    parser.add_argument("--master", default=None, help="Spark master, e.g. local[2] (default: spark-submit's)")
    parser.add_argument("--batch-rows", type=int, default=None, help="rows per Arrow batch (spark.sql.execution.arrow.maxRecordsPerBatch)")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    from rinse import CorpusStats
    from rinse.spark import clean_column, learn_corpus

    own_session = spark is None
    if own_session:
        builder = SparkSession.builder.appName("rinse-clean")
        if args.master:
            builder = builder.master(args.master)
        spark = builder.getOrCreate()
    if args.batch_rows:
        spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(args.batch_rows))
    try:
        df = read(spark, args.input, args.input_format)
        corpus = None
        if args.corpus:
            # First pass: each partition counts its lines; the counts are
            # merged on the executors; only the statistics reach the driver.
            corpus = learn_corpus(df, args.text_column)
            if args.corpus_model:
                with open(args.corpus_model, "wb") as f:
                    f.write(corpus.to_bytes())
        elif args.corpus_model:
            with open(args.corpus_model, "rb") as f:
                corpus = CorpusStats.from_bytes(f.read())
        cleaned = clean_column(
            df,
            args.text_column,
            args.output_column,
            patterns=args.patterns or None,
            default_patterns=not args.no_default_patterns,
            disable=args.disable,
            language_switch=not args.no_language_switch,
            threads=args.threads,
            corpus_model=corpus,
            min_docs=args.min_docs,
        )
        writer = cleaned.write.mode("overwrite")
        if args.output_format == "parquet":
            writer.parquet(args.output)
        else:
            writer.json(args.output)
    finally:
        if own_session:
            spark.stop()
    print(f"spark_clean: {args.input} -> {args.output} ({args.output_format})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
