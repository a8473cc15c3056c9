"""Batch mode through a corpus model: the same records with the same
statistics give byte-identical output through the CLI (folder and stdin),
Python, datatrove and Spark (in test_spark.py)."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

import rinse
from conftest import SAMPLES, read_text, run_cli


def corpus_records() -> list[dict]:
    """A site's articles (they share a template) among unrelated ones."""
    paths = sorted((SAMPLES / "batch" / "raw").glob("*.txt")) + sorted((SAMPLES / "raw").glob("0*.txt"))
    return [{"id": p.name, "text": read_text(p)} for p in paths]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def cli_with_model(cli: Path, tmp_path: Path) -> tuple[Path, Path, list[dict], dict[str, str]]:
    """The records as one JSON Lines file, the model `rinse learn
    --corpus-model` writes for it, the records, and id -> the text `rinse
    clean --format jsonl --corpus-model` gives: what every entry point must
    give with that model."""
    records = corpus_records()
    data = write_jsonl(tmp_path / "site.jsonl", records)
    model = tmp_path / "site.rcm"
    run_cli(cli, "learn", str(data), "--corpus-model", str(model))
    out = run_cli(cli, "clean", "--format", "jsonl", "-q", "--corpus-model", str(model), input=data.read_bytes())
    expected = {json.loads(line)["id"]: json.loads(line)["text"] for line in out.decode("utf-8").splitlines()}
    return data, model, records, expected


@pytest.fixture(scope="module")
def learned(cli, tmp_path_factory) -> tuple[Path, Path, list[dict]]:
    """The records as one JSON Lines file in a folder, and the statistics
    `rinse learn --corpus-model` wrote for them."""
    tmp = tmp_path_factory.mktemp("corpus")
    records = corpus_records()
    data = write_jsonl(tmp / "in" / "site.jsonl", records)
    model = tmp / "site.rcm"
    run_cli(cli, "learn", str(data), "--corpus-model", str(model))
    return data, model, records


def cli_texts(out: bytes) -> list[str]:
    return [json.loads(line)["text"] for line in out.decode("utf-8").splitlines()]


def test_every_entry_point_gives_the_same_bytes(cli, learned, tmp_path) -> None:
    data, model, records = learned
    texts = [r["text"] for r in records]
    # CLI, stdin.
    by_stdin = cli_texts(
        run_cli(cli, "clean", "--format", "jsonl", "-q", "--corpus-model", str(model), input=data.read_bytes())
    )
    # CLI, folder.
    run_cli(cli, "clean", str(data.parent), "-o", str(tmp_path / "out"), "-q", "--corpus-model", str(model))
    by_folder = cli_texts((tmp_path / "out" / "site.jsonl").read_bytes())
    # Python: the file, its bytes, statistics counted in Python, and a
    # pickled cleaner (as Spark ships it).
    from_file = rinse.Cleaner(corpus_model=model)
    stats = rinse.CorpusStats()
    stats.add(texts[:7])
    stats.add(texts[7:])
    assert stats.documents == len(texts)
    from_stats = rinse.Cleaner(corpus_model=stats)
    shipped = pickle.loads(pickle.dumps(rinse.Cleaner(corpus_model=model.read_bytes())))
    for way in [
        from_file.clean_batch(texts),
        from_stats.clean_batch(texts),
        shipped.clean_batch(texts),
        [from_file.clean_text(t) for t in texts],
        [r.text for r in from_file.clean_batch_results(texts)],
    ]:
        assert way == by_stdin
    assert by_folder == by_stdin
    # Batch mode did something: the site's template lines went.
    alone = rinse.Cleaner().clean_batch(texts)
    assert alone != by_stdin
    assert sum(len(t) for t in by_stdin) < sum(len(t) for t in alone)


def test_statistics_merge_and_pickle_like_the_cli_file(learned) -> None:
    data, model, records = learned
    texts = [r["text"] for r in records]
    a, b = rinse.CorpusStats(), rinse.CorpusStats()
    a.add(texts[::2])
    b.add(texts[1::2])
    merged = a | b
    assert merged.documents == len(texts)
    from_cli = rinse.CorpusStats.from_bytes(model.read_bytes())
    assert merged.template_lines() == from_cli.template_lines() > 0
    again = pickle.loads(pickle.dumps(merged))
    assert again.to_bytes() == merged.to_bytes()
    a.merge(b)
    assert a.documents == len(texts)


def test_bad_models_are_named_errors(tmp_path) -> None:
    with pytest.raises(rinse.RinseError, match="not a rinse corpus model"):
        rinse.CorpusStats.from_bytes(b"hello")
    with pytest.raises(rinse.RinseError, match="not a rinse corpus model"):
        rinse.Cleaner(corpus_model=b'{"text": "x"}')
    good = rinse.CorpusStats()
    good.add(["One line.", "Two lines."])
    with pytest.raises(rinse.RinseError, match="truncated or damaged"):
        rinse.Cleaner(corpus_model=good.to_bytes()[:-3])
    missing = tmp_path / "missing.rcm"
    with pytest.raises(rinse.RinseError, match="missing.rcm"):
        rinse.Cleaner(corpus_model=missing)
    with pytest.raises(TypeError, match="corpus_model"):
        rinse.Cleaner(corpus_model=5)  # type: ignore[arg-type]


def test_cli_names_a_bad_model(cli, tmp_path) -> None:
    import subprocess

    bad = tmp_path / "bad.rcm"
    bad.write_bytes(b"RINSECS\0" + b"\0" * 5)
    res = subprocess.run([str(cli), "clean", "--corpus-model", str(bad)], input=b"x\n", capture_output=True)
    assert res.returncode == 2
    assert b"bad.rcm" in res.stderr and b"truncated" in res.stderr


def test_datatrove_step_with_a_corpus_model(learned) -> None:
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    from rinse.datatrove import RinseFormatter

    data, model, records = learned
    expected = rinse.Cleaner(corpus_model=model).clean_batch([r["text"] for r in records])
    step = RinseFormatter(cleaner=rinse.Cleaner(corpus_model=model), batch_size=4)
    out = list(step.run(iter(Document(text=r["text"], id=r["id"]) for r in records)))
    assert [d.text for d in out] == expected
