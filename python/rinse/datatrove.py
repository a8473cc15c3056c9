"""datatrove pipeline steps that clean ``Document.text`` with rinse: a
formatter (``RinseFormatter``) and a filter that also drops the documents
left empty, through datatrove's exclusion writer (``RinseFilter``).

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

``RinseFilter`` cleans the same way and drops a document whose clean body
is shorter than ``min_chars`` (default: an empty one). A dropped document
keeps its original text and goes to the filter's ``exclusion_writer`` with
its annotation and ``metadata["filter_reason"]``: ``rinse/`` and the rule
or signal that removed most of its lines (``rinse/tail-block``), or
``rinse/empty`` (no line at all), ``rinse/short`` (nothing removed, but
shorter than ``min_chars``).

>>> from rinse.datatrove import RinseFilter
>>> LocalPipelineExecutor(pipeline=[
...     JsonlReader("scraped/"),
...     RinseFilter(exclusion_writer=JsonlWriter("emptied/")),
...     JsonlWriter("cleaned/"),
... ], tasks=4).run()  # doctest: +SKIP

Documents are cleaned in batches of ``batch_size`` with the GIL released,
on one thread per task by default: datatrove's executor already runs its
tasks in parallel (``threads=None`` uses every core, for a single task).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Iterator, Mapping, Optional, Sequence, Union

from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.filters.base_filter import BaseFilter

from ._rinse import Cleaned, Cleaner

if TYPE_CHECKING:
    from datatrove.data import Document, DocumentsPipeline
    from datatrove.pipeline.writers.disk_base import DiskWriter

__all__ = ["RinseFilter", "RinseFormatter"]

Patterns = Union[str, os.PathLike, Sequence[Union[str, os.PathLike]], None]


def _cleaner(
    cleaner: Optional[Cleaner],
    patterns: Patterns,
    default_patterns: bool,
    disable: Union[str, Sequence[str]],
    language_switch: bool,
    packs: Optional[Mapping[str, str]],
    threads: Optional[int],
    max_doc_bytes: int,
) -> Cleaner:
    """``cleaner``, or one built from the options."""
    if cleaner is not None:
        return cleaner
    return Cleaner(
        patterns,
        default_patterns=default_patterns,
        disable=disable,
        language_switch=language_switch,
        packs=packs,
        threads=threads,
        max_doc_bytes=max_doc_bytes,
    )


def _count(step: PipelineStep, result: Cleaned) -> None:
    """Adds one cleaned document to the step's stats."""
    step.stat_update("documents")
    step.stat_update("lines_removed", value=result.lines_removed)
    for line in result.removed:
        step.stat_update(f"removed/{line.reason}")
    step.stat_update(f"language/{result.language}")


def _main_reason(result: Cleaned) -> str:
    """The rule or signal that removed most of the document's lines (the
    first of them on a tie); when none was removed, ``empty`` (the text had
    no line) or ``short`` (the whole text is shorter than asked)."""
    counts: dict[str, int] = {}
    for line in result.removed:
        counts[line.reason] = counts.get(line.reason, 0) + 1
    if not counts:
        return "short" if result.text else "empty"
    return max(counts, key=lambda reason: counts[reason])


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
        patterns: Patterns = None,
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
        self.cleaner = _cleaner(
            cleaner, patterns, default_patterns, disable, language_switch, packs, threads, max_doc_bytes
        )
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
            _count(self, result)
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


class RinseFilter(BaseFilter):
    """Cleans each document's text with rinse and drops the documents whose
    clean body is shorter than ``min_chars`` (a datatrove filter).

    A kept document's text is its clean body; a dropped one keeps its
    original text and goes to ``exclusion_writer`` (when given) with
    ``metadata["filter_reason"]`` set to ``rinse/`` and the rule or signal
    that removed most of its lines. Both carry the annotation under
    ``metadata_key``, as with ``RinseFormatter``.

    Args:
        exclusion_writer: a datatrove writer for the dropped documents.
        min_chars: shortest clean body kept, in characters (default 1: only
            documents left empty are dropped).
        cleaner, patterns, default_patterns, disable, language_switch,
        packs, max_doc_bytes, threads, batch_size, metadata_key: as for
            ``RinseFormatter``.
    """

    name = "🧽 rinse filter"

    def __init__(
        self,
        exclusion_writer: Optional["DiskWriter"] = None,
        *,
        min_chars: int = 1,
        cleaner: Optional[Cleaner] = None,
        patterns: Patterns = None,
        default_patterns: bool = True,
        disable: Union[str, Sequence[str]] = (),
        language_switch: bool = True,
        packs: Optional[Mapping[str, str]] = None,
        threads: Optional[int] = 1,
        max_doc_bytes: int = 256 << 20,
        batch_size: int = 256,
        metadata_key: Optional[str] = "rinse",
    ):
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        super().__init__(exclusion_writer, batch_size=batch_size)
        self.cleaner = _cleaner(
            cleaner, patterns, default_patterns, disable, language_switch, packs, threads, max_doc_bytes
        )
        self.min_chars = min_chars
        self.metadata_key = metadata_key

    def filter(self, doc: "Document") -> Union[bool, tuple[bool, str]]:
        """Cleans one document; whether it is kept (see ``filter_batch``)."""
        return self.filter_batch([doc])[0]

    def filter_batch(self, batch: list["Document"]) -> list[Union[bool, tuple[bool, str]]]:
        """Cleans the documents of ``batch`` together; for each, ``True``
        (kept, its text now the clean body) or ``(False, reason)``."""
        results = self.cleaner.clean_batch_results([doc.text for doc in batch])
        verdicts: list[Union[bool, tuple[bool, str]]] = []
        for doc, result in zip(batch, results):
            _count(self, result)
            if self.metadata_key is not None:
                doc.metadata[self.metadata_key] = result.annotation
            if len(result.text) >= self.min_chars:
                doc.text = result.text
                verdicts.append(True)
            else:
                verdicts.append((False, f"rinse/{_main_reason(result)}"))
        return verdicts
