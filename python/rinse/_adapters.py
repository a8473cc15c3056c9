"""What the Spark and Ray adapters (``rinse.spark``, ``rinse.ray``) share:
the cleaner's options as they travel to the workers, the corpus model as
bytes, and the cleaning of one Arrow record batch's text column."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Sequence, Union

from ._rinse import Cleaner, CorpusStats

if TYPE_CHECKING:
    import pyarrow as pa


def removed_type() -> "pa.DataType":
    """The Arrow type of a removal column: per row, the removed lines as
    byte ranges of the original text (UTF-8) with the rule or signal that
    removed each (the ``removed`` of the JSON Lines annotation)."""
    import pyarrow as pa

    return pa.list_(pa.struct([("start", pa.int64()), ("end", pa.int64()), ("reason", pa.string())]))


def clean_record_batch(
    cleaner: Cleaner,
    batch: "pa.RecordBatch",
    column: str,
    output_column: Optional[str] = None,
    language_column: Optional[str] = None,
    removed_column: Optional[str] = None,
) -> "pa.RecordBatch":
    """``batch`` with ``column`` cleaned into ``output_column`` (``None`` or
    ``column``: in place; another name: appended), nulls kept, and, when
    named, a language column (ISO 639-3) and a removal column
    (``removed_type``) appended, null for a null text."""
    import pyarrow as pa

    extra = []
    if language_column is None and removed_column is None:
        # Arrow in, Arrow out: the texts are read without copying.
        clean = cleaner.clean_arrow(batch, column=column)
    else:
        texts = batch.column(column).to_pylist()
        results = iter(cleaner.clean_batch_results([t for t in texts if t is not None]))
        done = [None if t is None else next(results) for t in texts]
        clean = pa.array([None if r is None else r.text for r in done], batch.schema.field(column).type)
        if language_column is not None:
            languages = [None if r is None else r.language for r in done]
            extra.append((language_column, pa.array(languages, pa.string())))
        if removed_column is not None:
            removed = [
                None if r is None else [{"start": a, "end": b, "reason": why} for a, b, why in r.annotation["removed"]]
                for r in done
            ]
            extra.append((removed_column, pa.array(removed, removed_type())))
    if output_column is None or output_column == column:
        index = batch.schema.get_field_index(column)
        batch = batch.set_column(index, batch.schema.field(index), clean)
    else:
        batch = batch.append_column(output_column, clean)
    for name, values in extra:
        batch = batch.append_column(name, values)
    return batch


def cleaner_options(
    patterns: Any,
    default_patterns: bool,
    disable: Union[str, Sequence[str]],
    language_switch: bool,
    packs: Optional[Mapping[str, str]],
    threads: Optional[int],
    max_doc_bytes: int,
    min_docs: int,
) -> Dict[str, Any]:
    """The keywords of ``rinse.Cleaner`` as plain values that pickle, pattern
    folders made absolute (a worker's working directory is not the
    driver's); checked here, on the driver, so that a wrong name fails once
    with the Rust message rather than in every task."""
    options: Dict[str, Any] = {
        "patterns": None if patterns is None else _absolute(patterns),
        "default_patterns": default_patterns,
        "disable": [disable] if isinstance(disable, str) else list(disable),
        "language_switch": language_switch,
        "packs": dict(packs) if packs else None,
        "threads": threads,
        "max_doc_bytes": max_doc_bytes,
        "min_docs": min_docs,
    }
    Cleaner(**options)
    return options


def corpus_bytes(corpus_model: Union[CorpusStats, bytes, str, "os.PathLike[str]"]) -> bytes:
    """A corpus model (statistics, their bytes, or a file) as bytes,
    checked on the driver."""
    if isinstance(corpus_model, CorpusStats):
        return corpus_model.to_bytes()
    if isinstance(corpus_model, bytes):
        data = corpus_model
    else:
        with open(corpus_model, "rb") as f:
            data = f.read()
    CorpusStats.from_bytes(data)
    return data


def _absolute(patterns: Any) -> Union[str, list]:
    if isinstance(patterns, (str, os.PathLike)):
        return os.path.abspath(os.fspath(patterns))
    return [os.path.abspath(os.fspath(p)) for p in patterns]
