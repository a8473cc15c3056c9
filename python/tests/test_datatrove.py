"""rinse.datatrove.RinseFormatter and RinseFilter in datatrove pipelines."""

from __future__ import annotations

import gzip
import json
import os
import pickle

import pytest

import rinse
from conftest import run_cli, sample_names

if os.environ.get("RINSE_REQUIRE_DATATROVE") != "1":
    pytest.importorskip("datatrove", reason="datatrove is not installed (pip install datatrove)")

from datatrove.data import Document  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from rinse.datatrove import RinseFilter, RinseFormatter  # noqa: E402


def test_docstring_examples() -> None:
    import doctest

    import rinse.datatrove

    assert doctest.testmod(rinse.datatrove).failed == 0


def test_step_cleans_documents_and_annotates_them(samples) -> None:
    names = sample_names()
    docs = [Document(text=samples[n][0], id=n) for n in names]
    step = RinseFormatter(batch_size=5)
    out = list(step.run(iter(docs)))
    assert [d.id for d in out] == names
    for doc in out:
        assert doc.text == samples[doc.id][1]
        note = doc.metadata["rinse"]
        assert set(note) == {"language", "language_639_1", "confidence", "lines_removed", "removed"}
        assert note["lines_removed"] == len(note["removed"])
    by_id = {d.id: d for d in out}
    assert by_id["pos-eng-blogger.txt"].metadata["rinse"]["removed"][0][2] == "blogger/review-footer"
    assert by_id["neg-urd-cricket-column.txt"].metadata["rinse"]["language"] == "urd"
    stats = step.stats.stats
    assert stats["documents"].total == len(names)
    assert stats["removed/blogger/review-footer"].total == 18  # three samples, six lines each
    assert stats["language/urd"].total == 2
    assert stats["lines_removed"].total == sum(len(d.metadata["rinse"]["removed"]) for d in out)


def test_drop_empty_and_no_metadata() -> None:
    docs = [Document(text="\n \n", id="blank"), Document(text="A headline\nA body sentence here.", id="ok")]
    step = RinseFormatter(drop_empty=True, metadata_key=None)
    out = list(step.run(iter(docs)))
    assert [d.id for d in out] == ["ok"] and out[0].metadata == {}
    assert step.stats.stats["dropped_empty"].total == 1


def test_options_and_pickling() -> None:
    step = RinseFormatter(disable=["eng/summary-box"])
    assert "eng/summary-box" not in step.cleaner.rules
    copy = pickle.loads(pickle.dumps(step))
    assert copy.cleaner.rules == step.cleaner.rules
    given = rinse.Cleaner(language_switch=False)
    assert RinseFormatter(given).cleaner is given
    with pytest.raises(rinse.RinseError):
        RinseFormatter(disable=["nope"])


def test_pipeline_matches_the_cli(cli, tmp_path, samples) -> None:
    """Reader -> RinseFormatter -> writer, two tasks in two worker processes,
    against `rinse clean --format jsonl` on the same records."""
    src = tmp_path / "in"
    src.mkdir()
    names = sample_names()
    halves = [names[: len(names) // 2], names[len(names) // 2 :]]
    lines = []
    for k, part in enumerate(halves):
        with (src / f"part-{k}.jsonl").open("w", encoding="utf-8") as f:
            for n in part:
                line = json.dumps({"id": n, "text": samples[n][0]}, ensure_ascii=False)
                f.write(line + "\n")
                lines.append(line)
    expected = {
        json.loads(line)["id"]: json.loads(line)
        for line in run_cli(cli, "clean", "--format", "jsonl", "-q", input="\n".join(lines).encode("utf-8") + b"\n")
        .decode("utf-8")
        .splitlines()
    }
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(src), glob_pattern="*.jsonl"),
            RinseFormatter(threads=1),
            JsonlWriter(str(tmp_path / "out")),
        ],
        tasks=2,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    got = {}
    for path in sorted((tmp_path / "out").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                got[record["id"]] = record
    assert sorted(got) == sorted(names)
    for n in names:
        assert got[n]["text"] == expected[n]["text"], n
        note, cli_note = got[n]["metadata"]["rinse"], expected[n]["rinse"]
        # The same annotation, field for field (one Rust type writes both).
        assert note == cli_note, n


def read_jsonl_gz(folder) -> list[dict]:
    records = []
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            records.extend(json.loads(line) for line in f)
    return records


def test_filter_cleans_kept_documents_and_excludes_emptied_ones(tmp_path, samples) -> None:
    """RinseFilter in a pipeline: the kept documents are cleaned as by the
    formatter; a document left empty goes, with its original text, its
    annotation and the reason, to the exclusion writer; the stats count
    both."""
    names = sample_names()
    residue = "Share this article\nShare on Facebook\nCopy link\nRelated Articles"
    docs = [Document(text=samples[n][0], id=n) for n in names]
    docs.insert(2, Document(text=residue, id="all-residue"))
    docs.append(Document(text="\n \n", id="blank"))
    step = RinseFilter(exclusion_writer=JsonlWriter(str(tmp_path / "excluded")), batch_size=4)
    kept = list(step.run(iter(docs)))
    assert [d.id for d in kept] == names
    for doc in kept:
        assert doc.text == samples[doc.id][1]
        assert doc.metadata["rinse"]["lines_removed"] == len(doc.metadata["rinse"]["removed"])
    excluded = {r["id"]: r for r in read_jsonl_gz(tmp_path / "excluded")}
    assert sorted(excluded) == ["all-residue", "blank"]
    dropped = excluded["all-residue"]
    assert dropped["text"] == residue
    assert dropped["metadata"]["filter_reason"] == "rinse/eng/share-label"
    assert dropped["metadata"]["rinse"]["lines_removed"] == 4
    assert excluded["blank"]["metadata"]["filter_reason"] == "rinse/empty"
    stats = step.stats.stats
    assert stats["dropped"].total == 2 and stats["forwarded"].total == len(names)
    assert stats["dropped_rinse/eng/share-label"].total == 1
    assert stats["documents"].total == len(names) + 2


def test_filter_min_chars_and_the_formatters_options() -> None:
    doc = Document(text="A headline\nA body sentence here.", id="short")
    assert RinseFilter(min_chars=1).filter(doc) is True
    assert doc.text == "A headline\nA body sentence here.\n"
    doc = Document(text="A headline\nA body sentence here.", id="short")
    verdict = RinseFilter(min_chars=1000, metadata_key=None).filter(doc)
    assert verdict == (False, "rinse/short")
    assert doc.metadata == {}
    step = RinseFilter(disable="eng/share-label")
    assert "eng/share-label" not in step.cleaner.rules
    assert pickle.loads(pickle.dumps(step)).cleaner.rules == step.cleaner.rules
    with pytest.raises(ValueError):
        RinseFilter(batch_size=0)
