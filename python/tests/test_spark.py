"""PySpark in local mode (local[2]): the example job and rinse.spark give, for
every record, what the rinse CLI gives."""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import rinse
from conftest import ROOT, SAMPLES, read_text, run_cli, sample_names

EXAMPLE = ROOT / "python" / "examples" / "spark_clean.py"


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and Path(home, "bin", "java").exists():
        return str(Path(home, "bin", "java"))
    return shutil.which("java")


if _java() is None:
    pytest.skip("Java not found (no java on PATH, no JAVA_HOME): PySpark needs a JVM", allow_module_level=True)
if os.environ.get("RINSE_REQUIRE_SPARK") != "1":
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -r python/requirements-test.txt)")

import pyarrow.parquet as pq  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402

pytestmark = pytest.mark.spark


def spark_env() -> dict[str, str]:
    env = dict(os.environ)
    # The Python workers must be this interpreter, where rinse is installed.
    env["PYSPARK_PYTHON"] = sys.executable
    env["PYSPARK_DRIVER_PYTHON"] = sys.executable
    env.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    return env


@pytest.fixture(scope="module")
def spark():
    os.environ.update(spark_env())
    session = (
        SparkSession.builder.master("local[2]")
        .appName("rinse-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "1g")
        # Several Arrow batches per partition.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "7")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def dataset(tmp_path_factory, samples) -> Path:
    """A JSON Lines file: every raw sample, with an id and a second column,
    three times over (so that the data spans partitions and batches)."""
    path = tmp_path_factory.mktemp("spark") / "scraped.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for copy in range(3):
            for name in sample_names():
                record = {"id": f"{copy}/{name}", "text": samples[name][0], "source": "samples"}
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def cli_texts(cli, dataset) -> dict[str, str]:
    """id -> text as `rinse clean --format jsonl` gives it for the same file
    (stdin: no corpus pass, like a cleaner without corpus evidence)."""
    out = run_cli(cli, "clean", "--format", "jsonl", "--no-annotate", "-q", input=dataset.read_bytes())
    records = [json.loads(line) for line in out.decode("utf-8").splitlines()]
    assert len(records) == 3 * len(sample_names())
    return {r["id"]: r["text"] for r in records}


def read_json_output(folder: Path) -> list[dict]:
    rows = []
    for part in sorted(glob.glob(str(folder / "part-*.json"))):
        with open(part, encoding="utf-8") as f:
            rows.extend(json.loads(line) for line in f if line.strip())
    return rows


def test_example_job_on_json_lines(dataset, cli_texts, tmp_path) -> None:
    """python examples/spark_clean.py IN OUT --master local[2], as a user runs it."""
    out = tmp_path / "cleaned"
    proc = subprocess.run(
        [sys.executable, str(EXAMPLE), str(dataset), str(out), "--master", "local[2]",
         "--output-format", "json", "--batch-rows", "5"],
        env=spark_env(), capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    rows = read_json_output(out)
    assert len(rows) == len(cli_texts)
    for row in rows:
        assert row["text"] == cli_texts[row["id"]], row["id"]
        assert row["source"] == "samples"


def test_clean_column_on_parquet_with_nulls(spark, dataset, cli_texts, tmp_path) -> None:
    from rinse.spark import clean_column

    import pyarrow as pa

    # Parquet input with null texts, over four partitions.
    table = pa.Table.from_pylist([json.loads(line) for line in dataset.read_text(encoding="utf-8").splitlines()])
    nulls = pa.table({"id": ["null-1", "null-2"], "text": pa.array([None, None], pa.string()), "source": ["x", "x"]})
    pq.write_table(pa.concat_tables([table, nulls]), tmp_path / "in.parquet")
    df = spark.read.parquet(str(tmp_path / "in.parquet")).repartition(4)
    assert df.rdd.getNumPartitions() == 4

    cleaned = clean_column(df, "text", "clean_text")
    cleaned.write.parquet(str(tmp_path / "out"))
    rows = pq.read_table(tmp_path / "out").to_pylist()
    assert len(rows) == len(cli_texts) + 2
    for row in rows:
        if row["id"].startswith("null-"):
            assert row["text"] is None and row["clean_text"] is None
        else:
            assert row["clean_text"] == cli_texts[row["id"]], row["id"]
            # The input column is kept when the output goes to a new one.
            assert row["text"] == read_text(SAMPLES / "raw" / row["id"].split("/", 1)[1])


def test_language_and_removal_columns_match_the_cli_annotation(spark, cli, dataset, tmp_path) -> None:
    """clean_column(..., language_column=, removed_column=) on four
    partitions with null texts: the texts, languages and removed spans of
    `rinse clean --format jsonl`'s annotation, row by row; nulls stay null."""
    from rinse.spark import clean_column

    import pyarrow as pa

    out = run_cli(cli, "clean", "--format", "jsonl", "-q", input=dataset.read_bytes())
    expected = {r["id"]: r for r in map(json.loads, out.decode("utf-8").splitlines())}
    table = pa.Table.from_pylist([json.loads(line) for line in dataset.read_text(encoding="utf-8").splitlines()])
    nulls = pa.table({"id": ["null-1"], "text": pa.array([None], pa.string()), "source": ["x"]})
    pq.write_table(pa.concat_tables([table, nulls]), tmp_path / "in.parquet")
    df = spark.read.parquet(str(tmp_path / "in.parquet")).repartition(4)
    cleaned = clean_column(df, "text", language_column="lang", removed_column="removed")
    assert cleaned.columns == ["id", "text", "source", "lang", "removed"]
    cleaned.write.parquet(str(tmp_path / "out"))
    rows = pq.read_table(tmp_path / "out").to_pylist()
    assert len(rows) == len(expected) + 1
    removed_somewhere = 0
    for row in rows:
        if row["id"] == "null-1":
            assert row["text"] is None and row["lang"] is None and row["removed"] is None
            continue
        want = expected[row["id"]]
        assert row["text"] == want["text"], row["id"]
        assert row["lang"] == want["rinse"]["language"], row["id"]
        spans = [[r["start"], r["end"], r["reason"]] for r in row["removed"]]
        assert spans == want["rinse"]["removed"], row["id"]
        removed_somewhere += len(spans)
    assert removed_somewhere > 0
    with pytest.raises(ValueError, match="already exists"):
        clean_column(df, "text", language_column="source")
    with pytest.raises(ValueError, match="already exists"):
        clean_column(df, "text", "out", language_column="out")


def test_clean_column_in_place_with_options(spark, dataset) -> None:
    from rinse.spark import clean_column

    df = spark.read.json(str(dataset))
    rows = clean_column(df, disable=["eng/summary-box"], language_switch=False).collect()
    expected = rinse.Cleaner(disable=["eng/summary-box"], language_switch=False)
    for row in rows:
        raw = read_text(SAMPLES / "raw" / row["id"].split("/", 1)[1])
        assert row["text"] == expected.clean_text(raw), row["id"]
    with pytest.raises(rinse.RinseError, match="unknown rule"):
        clean_column(df, disable=["no/such-rule"])
    with pytest.raises(ValueError, match="no column 'body'"):
        clean_column(df, "body")


def test_batch_mode_learned_distributed_gives_the_cli_bytes(spark, cli, tmp_path) -> None:
    """learn_corpus counts per partition and merges on the executors; the
    cleaned column equals `rinse clean --corpus-model` over the same
    records, whose model `rinse learn --corpus-model` wrote."""
    from test_corpus_model import cli_with_model

    from rinse.spark import clean_column, learn_corpus

    data, model, records, expected = cli_with_model(cli, tmp_path)

    df = spark.read.json(str(data)).repartition(3)
    stats = learn_corpus(df, "text")
    assert stats.documents == len(records)
    assert stats.template_lines() == rinse.CorpusStats.from_bytes(model.read_bytes()).template_lines() > 0
    rows = clean_column(df, "text", corpus_model=stats).collect()
    assert {r["id"]: r["text"] for r in rows} == expected
    # The CLI's file gives the same.
    rows = clean_column(df, "text", corpus_model=str(model)).collect()
    assert {r["id"]: r["text"] for r in rows} == expected
