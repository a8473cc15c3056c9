"""Cleaning a Ray Data dataset's text column with rinse.

>>> import ray
>>> from rinse.ray import clean_dataset
>>> ds = ray.data.read_json("scraped/")                        # doctest: +SKIP
>>> clean_dataset(ds, "text").write_parquet("cleaned/")        # doctest: +SKIP

``clean_dataset`` runs ``Dataset.map_batches`` with ``RinseCleaner``, a
callable class: each actor of the pool builds one ``rinse.Cleaner`` and
cleans Arrow batches (``Cleaner.clean_arrow``: the texts read without
copying, the GIL released). Every other column passes through; nulls stay
null. ``language_column`` and ``removed_column`` add each document's
language and removed lines, as ``rinse.spark.clean_column`` does.

Batch mode (template lines learned from the whole corpus) runs in two
passes: ``learn_corpus`` counts the lines of each block of the dataset on
the workers and merges the counts (only the statistics, hashes and counts,
reach the driver, never a text), then ``clean_dataset(...,
corpus_model=stats)`` gives them to every actor:

>>> stats = learn_corpus(ds, "text")                                       # doctest: +SKIP
>>> clean_dataset(ds, "text", corpus_model=stats).write_parquet("out/")    # doctest: +SKIP
"""

from __future__ import annotations

import os
from functools import reduce
from typing import TYPE_CHECKING, Any, Mapping, Optional, Sequence, Union

from ._adapters import clean_record_batch, cleaner_options, corpus_bytes
from ._rinse import Cleaner, CorpusStats

if TYPE_CHECKING:
    import pyarrow as pa
    from ray.data import Dataset

__all__ = ["RinseCleaner", "clean_dataset", "learn_corpus"]


class RinseCleaner:
    """The ``map_batches`` callable class: one ``rinse.Cleaner`` per actor,
    built from ``options`` (the keywords of ``rinse.Cleaner``), applied to
    every ``pyarrow.Table`` batch.

    Args:
        column: the text column.
        output_column: where the clean texts go (``None``: in place).
        language_column, removed_column: columns to add, as for
            ``rinse.spark.clean_column``.
        options: keyword arguments of ``rinse.Cleaner`` (``corpus_model``
            included: ``CorpusStats``, its bytes, or a file path).
    """

    def __init__(
        self,
        column: str = "text",
        output_column: Optional[str] = None,
        language_column: Optional[str] = None,
        removed_column: Optional[str] = None,
        **options: Any,
    ):
        self.cleaner = Cleaner(**options)
        self.column = column
        self.output_column = output_column
        self.language_column = language_column
        self.removed_column = removed_column

    def __call__(self, table: "pa.Table") -> "pa.Table":
        import pyarrow as pa

        # (An empty block has no batch: one empty batch keeps the schema.)
        batches = table.to_batches() or [pa.RecordBatch.from_pylist([], schema=table.schema)]
        cleaned = [
            clean_record_batch(
                self.cleaner, b, self.column, self.output_column, self.language_column, self.removed_column
            )
            for b in batches
        ]
        return pa.Table.from_batches(cleaned)


def learn_corpus(ds: "Dataset", column: str = "text", batch_size: int = 256) -> CorpusStats:
    """The first pass of batch mode: each batch's lines are counted on the
    workers (``CorpusStats.add``), and the counts merged; only the
    statistics (hashes and counts, bounded in size) reach the driver.

    Returns:
        CorpusStats: give it to ``clean_dataset(..., corpus_model=…)``, or
        save ``.to_bytes()`` as a file for ``rinse clean --corpus-model``.
    """

    def count(table: "pa.Table") -> dict:
        stats = CorpusStats()
        stats.add([t for t in table.column(column).to_pylist() if t is not None])
        return {"stats": [stats.to_bytes()]}

    parts = ds.select_columns([column]).map_batches(count, batch_format="pyarrow", batch_size=batch_size)
    found = [CorpusStats.from_bytes(row["stats"]) for row in parts.iter_rows()]
    return reduce(lambda a, b: a | b, found, CorpusStats())


def clean_dataset(
    ds: "Dataset",
    column: str = "text",
    output_column: Optional[str] = None,
    *,
    language_column: Optional[str] = None,
    removed_column: Optional[str] = None,
    patterns: Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]], None] = None,
    default_patterns: bool = True,
    disable: Union[str, Sequence[str]] = (),
    language_switch: bool = True,
    packs: Optional[Mapping[str, str]] = None,
    threads: Optional[int] = 1,
    max_doc_bytes: int = 256 << 20,
    corpus_model: Union[CorpusStats, bytes, str, "os.PathLike[str]", None] = None,
    min_docs: int = 5,
    actors: int = 1,
    batch_size: int = 256,
) -> "Dataset":
    """A dataset whose ``column`` (a string column) is cleaned by rinse.

    Args:
        ds: the input dataset.
        column, output_column, language_column, removed_column: as for
            ``rinse.spark.clean_column``.
        patterns, default_patterns, disable, language_switch, packs,
        max_doc_bytes, corpus_model, min_docs: as for ``rinse.Cleaner``;
            pattern folders must exist at the same path on every node.
        threads: threads per actor (default 1: the pool runs one actor per
            core it is given; ``None``: every core of the node).
        actors: size of the actor pool; each takes a CPU, so leave one for
            the tasks that read the input (a pool that takes every CPU of
            the cluster waits for ever).
        batch_size: rows per batch.

    Returns:
        The dataset, lazily: nothing runs before it is consumed.
    """
    from ray.data import ActorPoolStrategy

    options = cleaner_options(
        patterns, default_patterns, disable, language_switch, packs, threads, max_doc_bytes, min_docs
    )
    options["corpus_model"] = None if corpus_model is None else corpus_bytes(corpus_model)
    names = list(ds.schema().names)
    if column not in names:
        raise ValueError(f"no column {column!r}; the columns are: {', '.join(names)}")
    added = [c for c in (output_column, language_column, removed_column) if c is not None and c != column]
    for name in added:
        if name in names or added.count(name) > 1:
            raise ValueError(f"column {name!r} already exists")
    return ds.map_batches(
        RinseCleaner,
        fn_constructor_kwargs=dict(
            options,
            column=column,
            output_column=output_column,
            language_column=language_column,
            removed_column=removed_column,
        ),
        batch_format="pyarrow",
        batch_size=batch_size,
        compute=ActorPoolStrategy(size=actors),
        udf_modifying_row_count=False,
    )
