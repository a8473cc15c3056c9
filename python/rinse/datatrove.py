"""A datatrove pipeline step that cleans ``Document.text`` with rinse.

>>> from datatrove.executor import LocalPipelineExecutor
>>> from datatrove.pipeline.readers import JsonlReader
>>> from datatrove.pipeline.writers import JsonlWriter
>>> from rinse.datatrove import RinseFormatter
>>> LocalPipelineExecutor(pipeline=[
...     JsonlReader("scraped/"),
...     RinseFormatter(),
...     JsonlWriter("cleaned/"),
... ], tasks=4).run()  # doctest: +SKIP

Each document's text is replaced by its clean body and, unless
``metadata_key=None``, ``document.metadata["rinse"]`` records what was done,
in the shape of the ``rinse clean --format jsonl`` annotation::

    {"language": "eng", "confidence": 1.0, "lines_removed": 2,
     "removed": [[1024, 1041, "blogger/review-footer"], ...]}

``removed`` holds byte ranges into the original text (its UTF-8 encoding)
with the rule or signal that removed each line. The step's stats count
documents, removed lines per rule or signal, documents per language, and
documents dropped for becoming empty (``drop_empty=True``).

Documents are cleaned in batches of ``batch_size`` with the GIL released,
on one thread per task by default: datatrove's executor already runs its
tasks in parallel (``threads=None`` uses every core, for a single task).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Iterator, Mapping, Optional, Sequence, Union

from datatrove.pipeline.base import PipelineStep

from ._rinse import Cleaned, Cleaner

if TYPE_CHECKING:
    from datatrove.data import Document, DocumentsPipeline

__all__ = ["RinseFormatter"]


class RinseFormatter(PipelineStep):
    """Cleans each document's text with rinse (a datatrove pipeline step).

    Args:
        cleaner: a configured ``rinse.Cleaner``; by default one is built from
            the options below (built-in packs and all signals).
        patterns, default_patterns, disable, language_switch, packs,
        max_doc_bytes: as for
            ``rinse.Cleaner``; only used when ``cleaner`` is not given.
        threads: threads per task (default 1: the executor runs tasks in
            parallel; ``None``: one per core).
        batch_size: documents cleaned together in parallel.
        metadata_key: metadata field for the annotation (language,
            confidence, lines removed and their spans), or ``None`` for none.
        drop_empty: drop documents whose text becomes empty.
    """

    name = "🧽 rinse"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        cleaner: Optional[Cleaner] = None,
        *,
        patterns: Union[str, os.PathLike, Sequence[Union[str, os.PathLike]], None] = None,
        default_patterns: bool = True,
        disable: Union[str, Sequence[str]] = (),
        language_switch: bool = True,
        packs: Optional[Mapping[str, str]] = None,
        threads: Optional[int] = 1,
        max_doc_bytes: int = 256 << 20,
        batch_size: int = 256,
        metadata_key: Optional[str] = "rinse",
        drop_empty: bool = False,
    ):
        super().__init__()
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if cleaner is None:
            cleaner = Cleaner(
                patterns,
                default_patterns=default_patterns,
                disable=disable,
                language_switch=language_switch,
                packs=packs,
                threads=threads,
                max_doc_bytes=max_doc_bytes,
            )
        self.cleaner = cleaner
        self.batch_size = batch_size
        self.metadata_key = metadata_key
        self.drop_empty = drop_empty

    @staticmethod
    def annotation(result: Cleaned) -> dict[str, Any]:
        """The metadata recorded for one document: the ``rinse clean
        --format jsonl`` annotation of ``result``."""
        return result.annotation

    def _clean(self, batch: list[Document]) -> Iterator[Document]:
        with self.track_time(unit="batch"):
            results = self.cleaner.clean_batch_results([doc.text for doc in batch])
        for doc, result in zip(batch, results):
            self.stat_update("documents")
            self.stat_update("lines_removed", value=result.lines_removed)
            for line in result.removed:
                self.stat_update(f"removed/{line.reason}")
            self.stat_update(f"language/{result.language}")
            doc.text = result.text
            if self.metadata_key is not None:
                doc.metadata[self.metadata_key] = self.annotation(result)
            if self.drop_empty and not doc.text:
                self.stat_update("dropped_empty")
                continue
            self.update_doc_stats(doc)
            yield doc

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """Cleans the documents of ``data`` in batches, in order."""
        if data is None:
            return
        batch: list[Document] = []
        for doc in data:
            batch.append(doc)
            if len(batch) >= self.batch_size:
                yield from self._clean(batch)
                batch = []
        if batch:
            yield from self._clean(batch)
