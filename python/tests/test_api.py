"""The Python API: clean, Cleaner and its options, results, errors, batches."""

from __future__ import annotations

import ast
import doctest
import math
import pickle
import random
import re
import unicodedata
from pathlib import Path
import threading
import time

import pytest

import rinse
from conftest import SAMPLES, read_text, sample_names

SUMMARY_BOX = (
    "Lee meets Aso in Tokyo\nSynopsis\nKey Takeaways\n- Leaders focus on ties.\n"
    "Seoul, Jan 16 (NationPress) The two men met on Friday.\n"
)


def output_form(line: str) -> str:
    """A kept line as rinse writes it: NFC, without white space at its ends
    or a byte-order mark at its start."""
    return unicodedata.normalize("NFC", re.sub(r"^[\s\ufeff]+", "", line).rstrip())


@pytest.fixture(scope="module")
def cleaner() -> rinse.Cleaner:
    return rinse.Cleaner()


@pytest.mark.parametrize("name", sample_names())
def test_clean_gives_the_expected_output_of_every_sample(name: str) -> None:
    raw = read_text(SAMPLES / "raw" / name)
    expected = read_text(SAMPLES / "clean" / name)
    assert rinse.clean(raw) == expected
    # Cleaning the output again changes nothing.
    assert rinse.clean(expected) == expected


def test_there_are_samples() -> None:
    assert len(sample_names()) >= 40


def test_cleaner_agrees_with_clean(cleaner: rinse.Cleaner, samples) -> None:
    for name, (raw, expected) in samples.items():
        assert cleaner.clean_text(raw) == expected, name
        assert cleaner.clean(raw).text == expected, name


def test_readme_example() -> None:
    assert rinse.clean(SUMMARY_BOX) == (
        "Lee meets Aso in Tokyo\nSeoul, Jan 16 (NationPress) The two men met on Friday.\n"
    )
    result = rinse.Cleaner().clean(SUMMARY_BOX)
    assert result.language == "eng"
    assert [(r.number, r.reason, r.pack) for r in result.removed] == [
        (2, "eng/summary-box", "eng"),
        (3, "eng/summary-box", "eng"),
        (4, "eng/summary-box", "eng"),
    ]
    assert result.lines_removed == 3
    assert result.line_count == 5
    assert [(line.number, line.kept, line.reason) for line in result.lines] == [
        (1, True, None),
        (2, False, "eng/summary-box"),
        (3, False, "eng/summary-box"),
        (4, False, "eng/summary-box"),
        (5, True, None),
    ]


def test_empty_and_blank_texts(cleaner: rinse.Cleaner) -> None:
    assert rinse.clean("") == ""
    assert rinse.clean("\n \r\n\u200b\n") == ""
    result = cleaner.clean("")
    assert (result.text, result.language, result.line_count, result.lines, result.removed) == ("", "und", 0, [], [])
    assert (result.language_639_1, result.confidence) == (None, 0.0)
    result = cleaner.clean("Le conseil municipal s'est réuni lundi pour discuter du budget de l'année prochaine.")
    assert (result.language, result.language_639_1) == ("fra", "fr")


def test_results_describe_every_removed_line(cleaner: rinse.Cleaner, samples) -> None:
    for name, (raw, expected) in samples.items():
        result = cleaner.clean(raw)
        kept = expected.splitlines()
        assert result.line_count == len(kept) + result.lines_removed, name
        assert result.lines_removed == len(result.removed)
        # Every line, in order: the kept ones are the clean body's lines,
        # the removed ones are `removed`, and each span is its raw line.
        lines = result.lines
        assert [line.number for line in lines] == sorted(line.number for line in lines)
        assert len(lines) == result.line_count
        assert [line.text for line in lines if line.kept] == kept, name
        assert [
            (line.number, line.text, line.reason, line.pack, line.start, line.end)
            for line in lines
            if not line.kept
        ] == [(r.number, r.text, r.reason, r.pack, r.start, r.end) for r in result.removed], name
        for line in lines:
            assert raw[line.start : line.end].strip() != "", name
        encoded = raw.encode("utf-8")
        for line in result.removed:
            # The span points at the raw line, as str indices and as bytes.
            assert raw[line.start : line.end] == encoded[slice(*line.byte_span)].decode("utf-8")
            assert line.text == output_form(raw[line.start : line.end]), name
            assert line.reason
            if "/" in line.reason:
                assert line.pack == line.reason.split("/")[0]
            else:
                assert line.pack is None and line.reason in rinse.SIGNALS
        numbers = [line.number for line in result.removed]
        assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
        assert 0.0 <= result.confidence <= 1.0


def test_languages_and_scripts(cleaner: rinse.Cleaner, samples) -> None:
    expected = {
        "neg-urd-cricket-column.txt": ("urd", "Arabic"),
        "neg-jpn-tram.txt": ("jpn", None),
        "neg-rus-winter-road.txt": ("rus", "Cyrillic"),
        "neg-tha-haze.txt": ("tha", "Thai"),
        "pos-eng-blogger.txt": ("eng", "Latin"),
    }
    for name, (lang, script) in expected.items():
        result = cleaner.clean(samples[name][0])
        assert result.language == lang, name
        if script:
            assert result.script == script, name


def test_signals_have_no_pack(samples) -> None:
    result = rinse.Cleaner(default_patterns=False).clean(samples["pos-eng-edge-signals.txt"][0])
    reasons = [(r.reason, r.pack) for r in result.removed]
    assert reasons == [
        ("link-line", None),
        ("no-letters", None),
        ("language-switch", None),
        ("language-switch", None),
    ]
    # With the packs, a rule names the Urdu footer lines, and its pack.
    result = rinse.Cleaner().clean(samples["pos-eng-edge-signals.txt"][0])
    assert [(r.reason, r.pack) for r in result.removed][2] == ("urd/related-list-tail", "urd")


def test_repr(cleaner: rinse.Cleaner) -> None:
    result = cleaner.clean(SUMMARY_BOX)
    assert repr(result).startswith("Cleaned(language='eng', line_count=5, lines_removed=3, text='Lee meets")
    assert repr(result.lines[1]) == "Line(number=2, kept=False, reason='eng/summary-box', text='Synopsis')"
    assert repr(result.lines[0]).startswith("Line(number=1, kept=True, reason=None, text='Lee meets")
    assert repr(result.removed[0]) == (
        "RemovedLine(number=2, reason='eng/summary-box', pack='eng', text='Synopsis')"
    )
    assert result.removed[0] == cleaner.clean(SUMMARY_BOX).removed[0]
    assert repr(cleaner).startswith("Cleaner(rules=")


# Options -----------------------------------------------------------------


def test_disable_a_rule(samples) -> None:
    raw, expected = samples["pos-eng-summary-box.txt"]
    assert rinse.Cleaner().clean_text(raw) == expected
    cleaner = rinse.Cleaner(disable=["eng/summary-box"])
    assert "eng/summary-box" not in cleaner.rules
    # One name alone is a name, not a list of letters.
    assert rinse.Cleaner(disable="eng/summary-box").rules == cleaner.rules
    assert "eng/summary-box" in rinse.Cleaner().rules
    out = cleaner.clean(raw)
    assert "eng/summary-box" not in {r.reason for r in out.removed}
    assert "Key Takeaways" in out.text


def test_disable_a_signal_and_the_language_switch(samples) -> None:
    raw, _ = samples["pos-eng-edge-signals.txt"]
    reasons = lambda **o: [r.reason for r in rinse.Cleaner(default_patterns=False, **o).clean(raw).removed]  # noqa: E731
    assert reasons(disable=["link-line"]) == ["no-letters", "language-switch", "language-switch"]
    # Without the language switch, the two Urdu footer lines still go, in the tail block.
    assert reasons(language_switch=False) == ["link-line", "no-letters", "tail-block", "tail-block"]
    assert reasons(language_switch=False, disable=["tail-block"]) == []
    assert reasons(disable=["language-switch", "link-line", "no-letters", "tail-block"]) == []


def test_without_default_patterns(samples) -> None:
    cleaner = rinse.Cleaner(default_patterns=False)
    assert cleaner.rules == [] and cleaner.packs == []
    raw, _ = samples["pos-eng-summary-box.txt"]
    assert not any("/" in r.reason for r in cleaner.clean(raw).removed)


PACK = """
[pack]
description = "Test pack."
languages = ["*"]

[[rule]]
name = "promo"
kind = "line"
where = "anywhere"
match = 'Zorblax members save 10% at the Quayside kiosk'
examples = ["Zorblax members save 10% at the Quayside kiosk"]
near_misses = ["Zorblax members said the Quayside kiosk was closed."]
"""

DOC = (
    "Council approves new bridge over the river\n"
    "The council voted on Tuesday to build a new bridge over the river, ending years of debate.\n"
    "Zorblax members save 10% at the Quayside kiosk\n"
    "Construction is expected to start next spring and to last about two years.\n"
)


def test_patterns_folder(tmp_path) -> None:
    (tmp_path / "mysite.toml").write_text(PACK, encoding="utf-8")
    for patterns in (tmp_path, str(tmp_path), [tmp_path]):
        cleaner = rinse.Cleaner(patterns)
        assert "mysite/promo" in cleaner.rules and "mysite" in cleaner.packs
        result = cleaner.clean(DOC)
        assert [(r.reason, r.pack, r.text) for r in result.removed] == [
            ("mysite/promo", "mysite", "Zorblax members save 10% at the Quayside kiosk")
        ]
    assert "Zorblax" in rinse.clean(DOC)
    only = rinse.Cleaner(tmp_path, default_patterns=False)
    assert only.rules == ["mysite/promo"]
    assert rinse.Cleaner(tmp_path, disable=["mysite/promo"]).clean_text(DOC) == rinse.clean(DOC)


def test_inline_packs() -> None:
    cleaner = rinse.Cleaner(packs={"mysite": PACK})
    assert "mysite/promo" in cleaner.rules
    assert [r.reason for r in cleaner.clean(DOC).removed] == ["mysite/promo"]
    assert rinse.Cleaner(packs={"mysite": PACK}, default_patterns=False).rules == ["mysite/promo"]


def test_errors_are_rinse_errors_with_the_rust_message(tmp_path) -> None:
    assert issubclass(rinse.RinseError, ValueError)
    with pytest.raises(rinse.RinseError, match=r"unknown rule or signal `nope/rule`.*signals: language-switch"):
        rinse.Cleaner(disable=["nope/rule"])
    with pytest.raises(rinse.RinseError, match="No such file or directory"):
        rinse.Cleaner(tmp_path / "missing")
    (tmp_path / "bad.toml").write_text("[[rule]]\nname = 'x'\nkind = 'line'\nmatch = '('\n", encoding="utf-8")
    with pytest.raises(rinse.RinseError, match=r"bad\.toml:\d+:"):
        rinse.Cleaner(tmp_path)
    with pytest.raises(rinse.RinseError, match=r"<packs>/bad\.toml:\d+:"):
        rinse.Cleaner(packs={"bad": "[[rule]]\nname = 'x'\nkind = 'line'\nmatch = '('\n"})
    with pytest.raises(ValueError, match="threads"):
        rinse.Cleaner(threads=0)


def test_type_errors(cleaner: rinse.Cleaner) -> None:
    with pytest.raises(TypeError):
        rinse.clean(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="single str"):
        cleaner.clean_batch("one text")
    with pytest.raises(TypeError, match="item 1: expected str, got int"):
        cleaner.clean_batch(["a", 1])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="disable"):
        rinse.Cleaner(disable=5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        rinse.Cleaner(packs=["not", "a", "mapping"])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        rinse.Cleaner(patterns=5)  # type: ignore[arg-type]


def test_lone_surrogates_are_refused() -> None:
    with pytest.raises(UnicodeEncodeError):
        rinse.clean("a\ud800b")


# Batches -----------------------------------------------------------------


def test_clean_batch_keeps_order_and_equals_clean(cleaner: rinse.Cleaner, samples) -> None:
    raws = [raw for raw, _ in samples.values()] * 5
    random.Random(7).shuffle(raws)
    expected = [rinse.clean(raw) for raw in raws]
    assert cleaner.clean_batch(raws) == expected
    assert cleaner.clean_batch(tuple(raws)) == expected
    assert cleaner.clean_batch(raw for raw in raws) == expected
    assert rinse.Cleaner(threads=1).clean_batch(raws) == expected
    assert rinse.Cleaner(threads=3).clean_batch(raws) == expected
    assert cleaner.clean_batch([]) == []


def test_clean_batch_results_equal_clean(cleaner: rinse.Cleaner, samples) -> None:
    raws = [raw for raw, _ in samples.values()]
    results = cleaner.clean_batch_results(raws)
    assert len(results) == len(raws)
    for raw, result in zip(raws, results):
        one = cleaner.clean(raw)
        assert (result.text, result.language, result.confidence, result.lines) == (
            one.text,
            one.language,
            one.confidence,
            one.lines,
        )
        assert result.removed == one.removed


def test_clean_batch_releases_the_gil(samples) -> None:
    """A Python thread keeps running while one batch is cleaned: with the GIL
    held, it could not run at all until the call returned."""
    cleaner = rinse.Cleaner(threads=1)
    raws = [raw for raw, _ in samples.values()] * 5
    t0 = time.perf_counter()
    cleaner.clean_batch(raws)
    # A batch long enough (about 0.3 s) to tell.
    raws *= max(1, math.ceil(0.3 / (time.perf_counter() - t0)))
    ticks = 0
    done = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.001)

    thread = threading.Thread(target=count)
    thread.start()
    try:
        time.sleep(0.01)
        before = ticks
        t0 = time.perf_counter()
        cleaner.clean_batch(raws)
        elapsed = time.perf_counter() - t0
        during = ticks - before
    finally:
        done.set()
        thread.join()
    assert during >= 10, (during, elapsed)


# Pickling (Spark and datatrove ship cleaners to workers) ---------------------


def test_pickle_rebuilds_the_same_cleaner(tmp_path) -> None:
    (tmp_path / "mysite.toml").write_text(PACK, encoding="utf-8")
    cleaner = rinse.Cleaner(tmp_path, disable=["eng/summary-box"], language_switch=False, packs={"other": PACK.replace("promo", "promo2")}, threads=2)
    copy = pickle.loads(pickle.dumps(cleaner))
    assert copy.rules == cleaner.rules
    assert "mysite/promo" in copy.rules and "other/promo2" in copy.rules
    assert "eng/summary-box" not in copy.rules
    assert copy.clean_text(DOC) == cleaner.clean_text(DOC)
    assert copy.clean_text(SUMMARY_BOX) == cleaner.clean_text(SUMMARY_BOX)


def test_a_cleaner_with_corpus_is_not_pickled() -> None:
    with_corpus = rinse.Cleaner().with_corpus([DOC] * 3)
    with pytest.raises(TypeError, match="corpus"):
        pickle.dumps(with_corpus)


# Corpus evidence (batch mode) -------------------------------------------------


def test_with_corpus_cleans_the_batch_samples() -> None:
    raw_dir, clean_dir = SAMPLES / "batch" / "raw", SAMPLES / "batch" / "clean"
    names = sorted(p.name for p in raw_dir.glob("*.txt"))
    raws = [read_text(raw_dir / n) for n in names]
    cleaner = rinse.Cleaner().with_corpus(raws)
    assert cleaner.corpus_template_lines == 7
    assert rinse.Cleaner().corpus_template_lines is None
    assert cleaner.clean_batch(raws) == [read_text(clean_dir / n) for n in names]
    # One file alone keeps its site's header lines (its footer goes in the
    # tail block); a higher bar learns nothing.
    assert names[0] == "riverside-1.txt"
    alone = rinse.clean(raws[0])
    assert alone.startswith("Riverside Courier\n") and "Contact the newsroom\n" not in alone
    assert rinse.Cleaner().with_corpus(raws, min_docs=8).corpus_template_lines == 0
    removed = [r.reason for r in cleaner.clean(raws[0]).removed]
    assert removed.count("corpus-template") >= 6


# Documentation ----------------------------------------------------------------


def test_docstring_examples() -> None:
    import rinse.spark

    for module in (rinse, rinse.spark):
        failed, attempted = doctest.testmod(module)
        assert failed == 0, module.__name__


def test_type_stubs_match_the_native_module() -> None:
    """Every public name and method of rinse._rinse is in _rinse.pyi, and the
    other way round."""
    import rinse._rinse as native

    stub = ast.parse((Path(rinse.__file__).parent / "_rinse.pyi").read_text(encoding="utf-8"))
    stubbed: dict[str, set[str]] = {}
    for node in stub.body:
        if isinstance(node, ast.ClassDef):
            stubbed[node.name] = {n.name for n in node.body if isinstance(n, ast.FunctionDef)}
        elif isinstance(node, ast.FunctionDef):
            stubbed[node.name] = set()
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            stubbed[node.target.id] = set()
    public = {n for n in dir(native) if not n.startswith("_")} | {"__version__"}
    assert public == {n for n in stubbed if not n.startswith("_") or n == "__version__"}
    for name, members in stubbed.items():
        obj = getattr(native, name)
        if isinstance(obj, type) and not issubclass(obj, Exception):
            runtime = {m for m in vars(obj) if not m.startswith("_")} | ({"__init__"} if "__init__" in members else set())
            assert members == runtime, name
    for name in rinse.__all__:
        assert hasattr(rinse, name)


def test_documents_over_the_limit_raise_rinse_error_naming_the_item() -> None:
    small = rinse.Cleaner(max_doc_bytes=100)
    body = "The council met on Monday to discuss the budget.\n"
    assert small.clean_text(body) == body
    big = body * 3
    with pytest.raises(rinse.RinseError, match=r"document of 147 bytes is larger than max_doc_bytes \(100\)"):
        small.clean(big)
    with pytest.raises(rinse.RinseError, match="larger than max_doc_bytes"):
        small.clean_text(big)
    with pytest.raises(rinse.RinseError, match=r"item 2: document of 147 bytes"):
        small.clean_batch([body, body, big])
    with pytest.raises(rinse.RinseError, match=r"item 0: "):
        small.clean_batch_results([big])
    pa = pytest.importorskip("pyarrow")
    with pytest.raises(rinse.RinseError, match=r"row 1: document of 147 bytes"):
        small.clean_arrow(pa.array([body, big]))
    # The limit travels with a pickled cleaner (to Spark executors).
    import pickle

    with pytest.raises(rinse.RinseError):
        pickle.loads(pickle.dumps(small)).clean(big)


def test_results_compare_equal_by_value(samples) -> None:
    raw, _ = samples["pos-eng-summary-box.txt"]
    a, b = rinse.Cleaner().clean(raw), rinse.Cleaner().clean(raw)
    assert a == b and a is not b
    assert a != rinse.Cleaner(disable="eng/summary-box").clean(raw)
    assert a.removed[0] == b.removed[0]
