"""Type stubs of the native module ``rinse._rinse`` (import ``rinse``)."""

import os
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional, Sequence, Tuple, Union

if TYPE_CHECKING:
    import pyarrow

__version__: str

SIGNALS: Tuple[str, ...]
"""Names of every signal, for ``Cleaner(disable=[...])``."""

_Path = Union[str, "os.PathLike[str]"]

class RinseError(ValueError):
    """A configuration or pattern pack that cannot work (malformed pack,
    unreadable patterns folder, unknown name in ``disable``); the message is
    the Rust library's."""

def clean(text: str) -> str:
    """Cleans ``text`` with the built-in packs and all signals and returns
    the clean body: the kept lines as they were in the input (in NFC, trimmed), each followed by ``\\n``."""

class RemovedLine:
    """One removed line of a document."""

    @property
    def number(self) -> int:
        """1-based line number in the input."""
    @property
    def text(self) -> str:
        """The line's text (in NFC, trimmed)."""
    @property
    def reason(self) -> str:
        """The rule (``pack/rule``) or signal (``chrome-block``) that removed it."""
    @property
    def pack(self) -> Optional[str]:
        """The rule's pack, or ``None`` when a signal removed the line."""
    @property
    def start(self) -> int:
        """Start of the raw line in the input, as a ``str`` index."""
    @property
    def end(self) -> int:
        """End of the raw line in the input, as a ``str`` index (exclusive)."""
    @property
    def byte_span(self) -> Tuple[int, int]:
        """(start, end) of the line in the input's UTF-8 bytes, as in the
        JSON Lines annotation."""

class Line:
    """One line of a document with its decision."""

    @property
    def number(self) -> int:
        """1-based line number in the input."""
    @property
    def text(self) -> str:
        """The line's text (in NFC, trimmed)."""
    @property
    def kept(self) -> bool:
        """Whether the line is in the clean body."""
    @property
    def reason(self) -> Optional[str]:
        """The rule (``pack/rule``) or signal that removed it, or ``None``
        when it is kept."""
    @property
    def pack(self) -> Optional[str]:
        """The rule's pack, or ``None`` (kept, or removed by a signal)."""
    @property
    def start(self) -> int:
        """Start of the raw line in the input, as a ``str`` index."""
    @property
    def end(self) -> int:
        """End of the raw line in the input, as a ``str`` index (exclusive)."""
    @property
    def byte_span(self) -> Tuple[int, int]:
        """(start, end) of the line in the input's UTF-8 bytes."""

class Cleaned:
    """The result of cleaning one document."""

    @property
    def text(self) -> str:
        """The clean body: the kept lines, each followed by ``\\n``."""
    @property
    def language(self) -> str:
        """ISO 639-3 code of the document language, or ``"und"`` when the
        text is too short to tell."""
    @property
    def language_639_1(self) -> Optional[str]:
        """ISO 639-1 code of the document language (``"en"``), or ``None``
        when it has none or is undetermined."""
    @property
    def script(self) -> Optional[str]:
        """Name of the document's main script (``"Latin"``), or ``None``."""
    @property
    def confidence(self) -> float:
        """Confidence of the document language, 0 to 1."""
    @property
    def line_count(self) -> int:
        """Number of non-blank input lines."""
    @property
    def lines(self) -> list[Line]:
        """Every non-blank input line, in input order, kept or removed
        (with the rule or signal)."""
    @property
    def removed(self) -> list[RemovedLine]:
        """The removed lines, in input order."""
    @property
    def lines_removed(self) -> int:
        """Number of removed lines."""
    @property
    def annotation(self) -> dict[str, Any]:
        """What was done, in the shape of the ``rinse clean --format jsonl``
        annotation: language, language_639_1, confidence, lines_removed,
        removed (``[start_byte, end_byte, reason]``)."""

class Cleaner:
    """Cleans documents with a configured set of pattern packs and signals.

    Build it once and reuse it; the batch and Arrow methods release the GIL
    and clean in parallel.
    """

    def __init__(
        self,
        patterns: Union[_Path, Sequence[_Path], None] = None,
        *,
        default_patterns: bool = True,
        disable: Union[str, Sequence[str]] = (),
        language_switch: bool = True,
        packs: Optional[Mapping[str, str]] = None,
        threads: Optional[int] = None,
        max_doc_bytes: int = 268435456,
        corpus_model: Union["CorpusStats", bytes, _Path, None] = None,
        min_docs: int = 5,
        normalize: bool = False,
        model: Optional[_Path] = None,
        model_toml: Optional[str] = None,
    ) -> None: ...
    def clean(self, text: str) -> Cleaned:
        """Cleans one document and explains every removal."""
    def explain(self, text: str) -> dict[str, Any]:
        """Cleans one document and explains every line, as ``rinse explain
        --json`` does (the same object, without ``file``): language, script,
        confidence; ``lines`` (number, byte span, kept, removed_by, pack,
        the line's language, the article model's region, score, features
        and contributions, text); ``blocks`` the article model removed."""
    def clean_text(self, text: str) -> str:
        """Cleans one document and returns the clean body only."""
    def clean_batch(self, texts: Iterable[str]) -> list[str]:
        """Cleans many documents in parallel (GIL released), in input order."""
    def clean_batch_results(self, texts: Iterable[str]) -> list[Cleaned]:
        """Like ``clean_batch``, with a ``Cleaned`` result per document."""
    def clean_arrow(
        self, data: Any, column: Optional[str] = None
    ) -> Union["pyarrow.Array", "pyarrow.ChunkedArray"]:
        """Cleans an Arrow string array, chunked array, or the ``column`` of
        a record batch or table, without copying the input; returns a pyarrow
        array (or ``ChunkedArray``) of the clean texts, nulls kept."""
    def with_corpus(self, texts: Iterable[str], min_docs: int = 5) -> "Cleaner":
        """A cleaner that also removes the template lines of this corpus."""
    @property
    def rules(self) -> list[str]:
        """Names of the rules in use (``pack/rule``)."""
    @property
    def packs(self) -> list[str]:
        """Names of the packs in use."""
    @property
    def corpus_template_lines(self) -> Optional[int]:
        """Template lines learned by ``with_corpus``, or ``None``."""

class CorpusStats:
    """Line statistics of a corpus (hashes and counts, never text) for
    batch mode anywhere: ``add`` texts per partition, ``merge`` or ``|``
    the partitions, pass the result to ``Cleaner(corpus_model=…)``. Pickles
    as its bytes, the file format of ``rinse learn --corpus-model``."""

    def __init__(self) -> None: ...
    def add(self, texts: Iterable[str]) -> None:
        """Counts the lines of ``texts``, in parallel (GIL released)."""
    def merge(self, other: "CorpusStats") -> None:
        """Adds the counts of ``other``."""
    @property
    def documents(self) -> int:
        """Documents counted."""
    def template_lines(self, min_docs: int = 5) -> int:
        """Lines that are template from ``min_docs`` documents on."""
    def to_bytes(self) -> bytes:
        """The ``--corpus-model`` file format (versioned, checksummed)."""
    @staticmethod
    def from_bytes(data: bytes) -> "CorpusStats":
        """Statistics from ``to_bytes``; ``RinseError`` for anything else."""
