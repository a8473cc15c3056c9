"""Ray Data in local mode: rinse.ray gives, for every record, what the rinse
CLI gives; the example job runs as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import rinse
from conftest import ROOT, run_cli, sample_names

if os.environ.get("RINSE_REQUIRE_RAY") != "1":
    pytest.importorskip("ray", reason="ray is not installed (pip install -r python/requirements-test.txt)")

import pyarrow as pa  # noqa: E402
import ray  # noqa: E402

EXAMPLE = ROOT / "python" / "examples" / "ray_clean.py"


@pytest.fixture(scope="module")
def local_ray():
    # (Logical CPUs: two actors and the tasks that feed them. An actor pool
    # that takes every CPU leaves none for reading, and the job waits.)
    ray.init(num_cpus=4, include_dashboard=False, log_to_driver=False, configure_logging=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def records(samples) -> list[dict]:
    """Every raw sample three times over, with an id and a second column,
    and a null text."""
    rows = [
        {"id": f"{copy}/{name}", "text": samples[name][0], "source": "samples"}
        for copy in range(3)
        for name in sample_names()
    ]
    rows.append({"id": "null-1", "text": None, "source": "x"})
    return rows


def test_clean_dataset_with_language_and_removal_columns(local_ray, cli, records) -> None:
    """Texts, languages and removed spans equal `rinse clean --format
    jsonl` and its annotation, row by row, across blocks and actors; other
    columns pass through, nulls stay null."""
    from rinse.ray import clean_dataset

    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records if r["text"] is not None)
    out = run_cli(cli, "clean", "--format", "jsonl", "-q", input=lines.encode("utf-8"))
    expected = {r["id"]: r for r in map(json.loads, out.decode("utf-8").splitlines())}

    ds = ray.data.from_arrow(pa.Table.from_pylist(records)).repartition(4)
    cleaned = clean_dataset(
        ds, "text", "clean_text", language_column="lang", removed_column="removed", actors=2, batch_size=5
    )
    rows = cleaned.take_all()
    assert len(rows) == len(records)
    removed_somewhere = 0
    for row in rows:
        assert row["source"] == ("x" if row["id"] == "null-1" else "samples")
        if row["id"] == "null-1":
            assert row["clean_text"] is None and row["lang"] is None and row["removed"] is None
            continue
        want = expected[row["id"]]
        assert row["clean_text"] == want["text"], row["id"]
        assert row["lang"] == want["rinse"]["language"], row["id"]
        spans = [[r["start"], r["end"], r["reason"]] for r in row["removed"]]
        assert spans == want["rinse"]["removed"], row["id"]
        removed_somewhere += len(spans)
    assert removed_somewhere > 0
    # In place, with options, checked on the driver.
    rows = clean_dataset(ds, disable="eng/summary-box", language_switch=False).take_all()
    again = rinse.Cleaner(disable=["eng/summary-box"], language_switch=False)
    by_id = {r["id"]: r for r in records}
    for row in rows:
        raw = by_id[row["id"]]["text"]
        assert row["text"] == (None if raw is None else again.clean_text(raw)), row["id"]
    with pytest.raises(rinse.RinseError, match="unknown rule"):
        clean_dataset(ds, disable=["no/such-rule"])
    with pytest.raises(ValueError, match="no column 'body'"):
        clean_dataset(ds, "body")
    with pytest.raises(ValueError, match="already exists"):
        clean_dataset(ds, language_column="source")


def test_batch_mode_learned_on_the_workers_gives_the_cli_bytes(local_ray, cli, tmp_path) -> None:
    """learn_corpus counts on the workers and merges the statistics; the
    cleaned column equals `rinse clean --corpus-model` over the same
    records, whose model `rinse learn --corpus-model` wrote."""
    from test_corpus_model import cli_with_model

    from rinse.ray import clean_dataset, learn_corpus

    data, model, records, expected = cli_with_model(cli, tmp_path)

    ds = ray.data.from_items(records).repartition(3)
    stats = learn_corpus(ds, "text", batch_size=4)
    assert stats.documents == len(records)
    assert stats.template_lines() == rinse.CorpusStats.from_bytes(model.read_bytes()).template_lines() > 0
    rows = clean_dataset(ds, "text", corpus_model=stats).take_all()
    assert {r["id"]: r["text"] for r in rows} == expected
    rows = clean_dataset(ds, "text", corpus_model=str(model)).take_all()
    assert {r["id"]: r["text"] for r in rows} == expected


def test_example_job(cli, tmp_path, records) -> None:
    """python examples/ray_clean.py IN OUT, as a user runs it (its own Ray
    session): both passes, Parquet out."""
    import pyarrow.parquet as pq

    src = tmp_path / "scraped.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for r in records:
            if r["text"] is not None:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    model = tmp_path / "all.rcm"
    run_cli(cli, "learn", str(src), "--corpus-model", str(model))
    out = run_cli(cli, "clean", "--format", "jsonl", "-q", "--corpus-model", str(model), input=src.read_bytes())
    expected = {json.loads(line)["id"]: json.loads(line)["text"] for line in out.decode("utf-8").splitlines()}
    proc = subprocess.run(
        [sys.executable, str(EXAMPLE), str(src), str(tmp_path / "out"), "--num-cpus", "2"],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    rows = pq.read_table(tmp_path / "out").to_pylist()
    assert {r["id"]: r["text"] for r in rows} == expected
    assert all(r["language"] for r in rows)
