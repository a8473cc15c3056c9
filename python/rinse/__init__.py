"""rinse: clean scraped article text, in any language.

rinse removes the lines of scraped text that are not the article (menus,
share and follow prompts, summary boxes, press-wire disclaimers, blog
template footers, comment widgets, copyright lines, ...) and says which rule
or signal removed each line. The cleaning is done by the rinse Rust library,
the same that the ``rinse`` command-line tool runs: results are identical.

>>> import rinse
>>> rinse.clean("Lee meets Aso in Tokyo\\nSynopsis\\nKey Takeaways\\n- Leaders focus on ties.\\n"
...             "Seoul, Jan 16 (NationPress) The two men met on Friday.\\n")
'Lee meets Aso in Tokyo\\nSeoul, Jan 16 (NationPress) The two men met on Friday.\\n'

``Cleaner`` configures the packs and signals and cleans batches in parallel
(``clean_batch``) and Arrow columns without copying them (``clean_arrow``);
``rinse.datatrove.RinseFormatter`` is a datatrove pipeline step.
"""

from ._rinse import (
    SIGNALS,
    Cleaned,
    Cleaner,
    CorpusStats,
    Line,
    RemovedLine,
    RinseError,
    __version__,
    clean,
)

__all__ = [
    "SIGNALS",
    "Cleaned",
    "Cleaner",
    "CorpusStats",
    "Line",
    "RemovedLine",
    "RinseError",
    "__version__",
    "clean",
]
