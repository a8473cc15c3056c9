"""Cleaning one Arrow record batch's text column: shared by the Spark and
Ray adapters (``rinse.spark``, ``rinse.ray``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ._rinse import Cleaner

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
