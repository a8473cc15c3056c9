"""Cleaning a Spark DataFrame's text column with rinse, through Arrow.

>>> from rinse.spark import clean_column
>>> df = spark.read.json("scraped/*.jsonl")                  # doctest: +SKIP
>>> clean_column(df, "text").write.parquet("cleaned/")       # doctest: +SKIP

Batch mode (template lines learned from the whole corpus) runs in two
distributed passes: ``learn_corpus`` counts each partition's lines and
merges the counts on the executors, and ``clean_column(...,
corpus_model=stats)`` broadcasts them and cleans:

>>> stats = learn_corpus(df, "text")                                    # doctest: +SKIP
>>> clean_column(df, "text", corpus_model=stats).write.parquet("out/")  # doctest: +SKIP

``clean_column`` uses ``DataFrame.mapInArrow``: each executor's Python
worker receives Arrow record batches, and ``Cleaner.clean_arrow`` cleans the
text column in place of the batch (read without copying, cleaned in parallel
with the GIL released). Every other column passes through untouched.

The package must be installed where the Python workers run (see the Spark
section of python/README.md): on a cluster, install the wheel on every node
or ship a packed virtual environment with ``spark.archives``.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
from typing import TYPE_CHECKING, Any, Dict, Iterator, Mapping, Optional, Sequence, Union

from ._adapters import clean_record_batch, cleaner_options, corpus_bytes, removed_type
from ._rinse import Cleaner, CorpusStats

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame

__all__ = ["clean_column", "clean_batches", "learn_corpus", "removed_type"]

# One cleaner per option set and Python worker: Spark reuses its Python
# workers across tasks, so the rules are compiled once per worker, not per task.
_CLEANERS: Dict[bytes, Cleaner] = {}
_LOCK = threading.Lock()


def _cleaner(options: Mapping[str, Any], corpus: Any = None) -> Cleaner:
    """The worker's cleaner for ``options``, with the corpus statistics of
    ``corpus``: (digest of the statistics, their broadcast), keyed by the
    digest rather than the bytes."""
    key = pickle.dumps((sorted(options.items()), None if corpus is None else corpus[0]))
    with _LOCK:
        cleaner = _CLEANERS.get(key)
        if cleaner is None:
            if corpus is not None:
                options = dict(options, corpus_model=corpus[1].value)
            cleaner = _CLEANERS[key] = Cleaner(**options)
        return cleaner


def learn_corpus(df: "DataFrame", column: str = "text", batch_size: int = 256) -> CorpusStats:
    """The first pass of batch mode, distributed: each partition counts the
    lines of its texts (``CorpusStats.add``), and the partitions' counts are
    merged on the executors (``treeReduce``). No text reaches the driver,
    only the merged statistics (hashes and counts, bounded in size).

    Returns:
        CorpusStats: give it to ``clean_column(..., corpus_model=…)``, or
        save ``.to_bytes()`` as a file for ``rinse clean --corpus-model``.
    """

    def count(rows: Iterator[Any]) -> Iterator[bytes]:
        stats = CorpusStats()
        batch = []
        for row in rows:
            if row[0] is not None:
                batch.append(row[0])
            if len(batch) >= batch_size:
                stats.add(batch)
                batch = []
        if batch:
            stats.add(batch)
        yield stats.to_bytes()

    def merge(a: bytes, b: bytes) -> bytes:
        return (CorpusStats.from_bytes(a) | CorpusStats.from_bytes(b)).to_bytes()

    counts = df.select(column).rdd.mapPartitions(count)
    if counts.getNumPartitions() == 0:
        return CorpusStats()
    return CorpusStats.from_bytes(counts.treeReduce(merge))


def clean_batches(
    batches: Iterator["pa.RecordBatch"],
    column: str = "text",
    output_column: Optional[str] = None,
    options: Optional[Mapping[str, Any]] = None,
    corpus: Any = None,
    language_column: Optional[str] = None,
    removed_column: Optional[str] = None,
) -> Iterator["pa.RecordBatch"]:
    """The ``mapInArrow`` function: cleans ``column`` of every record batch
    into ``output_column`` (default: in place), keeping nulls.

    Args:
        batches: the Arrow record batches of one partition.
        column: the text column.
        output_column: where the clean texts go; ``None`` replaces ``column``,
            another name appends a column.
        options: keyword arguments of ``rinse.Cleaner``.
        corpus: corpus statistics, as (digest, broadcast of their bytes)
            (see ``clean_column``).
        language_column, removed_column: append each document's language
            (ISO 639-3) and removed lines (``removed_type``); null for a null
            text.
    """
    cleaner = _cleaner(dict(options or {}), corpus)
    for batch in batches:
        yield clean_record_batch(cleaner, batch, column, output_column, language_column, removed_column)


def clean_column(
    df: "DataFrame",
    column: str = "text",
    output_column: Optional[str] = None,
    *,
    patterns: Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]], None] = None,
    default_patterns: bool = True,
    disable: Union[str, Sequence[str]] = (),
    language_switch: bool = True,
    packs: Optional[Mapping[str, str]] = None,
    threads: Optional[int] = 1,
    max_doc_bytes: int = 256 << 20,
    corpus_model: Union[CorpusStats, bytes, str, "os.PathLike[str]", None] = None,
    min_docs: int = 5,
    language_column: Optional[str] = None,
    removed_column: Optional[str] = None,
) -> "DataFrame":
    """A DataFrame whose ``column`` (a string column) is cleaned by rinse.

    Args:
        df: the input DataFrame.
        column: the text column.
        output_column: put the clean texts in this new column instead of
            replacing ``column``.
        patterns, default_patterns, disable, language_switch, packs,
        max_doc_bytes: as for
            ``rinse.Cleaner``; pattern folders must exist at the same path on
            every executor, inline ``packs`` travel with the job.
        threads: threads per task (default 1: Spark already runs a task
            per core; ``None`` uses every core of the executor, for
            executors with one task slot).
        corpus_model, min_docs: batch mode: corpus statistics (from
            ``learn_corpus``, bytes, or a ``rinse learn --corpus-model``
            file on the driver), broadcast once to the executors.
        language_column: add a column with each document's language (ISO
            639-3, ``und`` when too short to tell).
        removed_column: add a column with each document's removed lines:
            an array of (``start``, ``end``, ``reason``), byte ranges of the
            original text (UTF-8) and the rule or signal that removed each,
            as in the JSON Lines annotation.

    Returns:
        The DataFrame, lazily: nothing runs before an action.
    """
    from pyspark.sql.types import ArrayType, LongType, StringType, StructField, StructType

    fields = {f.name: f for f in df.schema.fields}
    if column not in fields:
        raise ValueError(f"no column {column!r}; the columns are: {', '.join(fields)}")
    if not isinstance(fields[column].dataType, StringType):
        raise TypeError(f"column {column!r} is {fields[column].dataType.simpleString()}, not a string")
    if output_column is None or output_column == column:
        schema = df.schema
        output_column = None
    else:
        if output_column in fields:
            raise ValueError(f"column {output_column!r} already exists")
        schema = StructType(df.schema.fields + [StructField(output_column, StringType(), True)])
    added = [c for c in (output_column, language_column, removed_column) if c is not None]
    for name in (language_column, removed_column):
        if name is not None and (name in fields or added.count(name) > 1):
            raise ValueError(f"column {name!r} already exists")
    if language_column is not None:
        schema = StructType(schema.fields + [StructField(language_column, StringType(), True)])
    if removed_column is not None:
        span = StructType(
            [StructField("start", LongType(), True), StructField("end", LongType(), True), StructField("reason", StringType(), True)]
        )
        schema = StructType(schema.fields + [StructField(removed_column, ArrayType(span, True), True)])
    options = cleaner_options(
        patterns, default_patterns, disable, language_switch, packs, threads, max_doc_bytes, min_docs
    )
    corpus = None
    if corpus_model is not None:
        data = corpus_bytes(corpus_model)
        corpus = (hashlib.sha256(data).hexdigest(), df.sparkSession.sparkContext.broadcast(data))

    def run(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        return clean_batches(batches, column, output_column, options, corpus, language_column, removed_column)

    return df.mapInArrow(run, schema)
