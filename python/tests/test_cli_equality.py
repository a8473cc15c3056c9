"""The Python package and the rinse CLI give the same results, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import rinse
from conftest import SAMPLES, read_text, run_cli, sample_names

pa = pytest.importorskip("pyarrow")


def cli_folder(cli: Path, folder: Path, out: Path, *args: str) -> dict[str, bytes]:
    run_cli(cli, "clean", str(folder), "-o", str(out), "-q", *args)
    return {p.name: p.read_bytes() for p in out.glob("*.txt")}


def test_folder_without_corpus_pass(cli, tmp_path, samples) -> None:
    outputs = cli_folder(cli, SAMPLES / "raw", tmp_path, "--no-corpus")
    assert sorted(outputs) == sorted(p.name for p in (SAMPLES / "raw").glob("*.txt"))
    cleaner = rinse.Cleaner()
    names = sorted(outputs)
    raws = [read_text(SAMPLES / "raw" / n) for n in names]
    by_clean = [cleaner.clean_text(r).encode("utf-8") for r in raws]
    by_batch = [t.encode("utf-8") for t in cleaner.clean_batch(raws)]
    by_arrow = [t.encode("utf-8") for t in cleaner.clean_arrow(pa.array(raws)).to_pylist()]
    for name, a, b, c in zip(names, by_clean, by_batch, by_arrow):
        assert outputs[name] == a == b == c, name


@pytest.mark.parametrize("folder", [SAMPLES / "raw", SAMPLES / "batch" / "raw"], ids=["samples", "batch"])
def test_folder_with_corpus_pass(cli, tmp_path, folder) -> None:
    """The CLI's batch mode (a folder learns its template lines) is
    Cleaner.with_corpus over the same documents."""
    outputs = cli_folder(cli, folder, tmp_path)
    names = sorted(outputs)
    raws = [read_text(folder / n) for n in names]
    cleaner = rinse.Cleaner().with_corpus(raws)
    for name, text in zip(names, cleaner.clean_batch(raws)):
        assert outputs[name] == text.encode("utf-8"), name


def test_single_files_and_stdin(cli) -> None:
    for name in ["002_c58ef528f4fc9b58.txt", "norm-eng-crlf-bom-invisibles.txt", "page-jpn-snow-festival.txt"]:
        path = SAMPLES / "raw" / name
        expected = rinse.clean(read_text(path)).encode("utf-8")
        assert run_cli(cli, "clean", "-q", str(path)) == expected, name
        assert run_cli(cli, "clean", "-q", input=path.read_bytes()) == expected, name


def test_json_lines_text_and_annotation(cli, samples) -> None:
    names = sample_names()
    records = [{"id": n, "text": samples[n][0]} for n in names]
    jsonl = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    out = run_cli(cli, "clean", "--format", "jsonl", "-q", input=jsonl).decode("utf-8").splitlines()
    assert len(out) == len(records)
    cleaner = rinse.Cleaner()
    results = cleaner.clean_batch_results([r["text"] for r in records])
    for line, record, result in zip(out, records, results):
        got = json.loads(line)
        assert got["id"] == record["id"]
        assert got["text"] == result.text, record["id"]
        note = got["rinse"]
        assert note["language"] == result.language
        assert note["confidence"] == pytest.approx(result.confidence, abs=5e-4)
        assert note["lines_removed"] == result.lines_removed
        assert note["removed"] == [[*r.byte_span, r.reason] for r in result.removed], record["id"]
        # One Rust type writes both: the same dict, field for field.
        assert note == result.annotation, record["id"]


def test_explain_is_the_cli_explanation(cli) -> None:
    """Cleaner.explain returns the object `rinse explain --json` prints for
    the same text (without its file name), line for line, and agrees with
    Cleaner.clean on what was removed and why."""
    cleaner = rinse.Cleaner()
    removals = 0
    for name in ["002_c58ef528f4fc9b58.txt", "page-jpn-snow-festival.txt", "norm-eng-crlf-bom-invisibles.txt"]:
        path = SAMPLES / "raw" / name
        from_cli = json.loads(run_cli(cli, "explain", "--json", str(path)))
        assert from_cli.pop("file") == str(path)
        got = cleaner.explain(read_text(path))
        assert got == from_cli, name
        removed = [(line["number"], line["removed_by"]) for line in got["lines"] if not line["kept"]]
        assert removed == [(r.number, r.reason) for r in cleaner.clean(read_text(path)).removed], name
        removals += len(removed)
    assert removals > 0


PACK = """
[pack]
languages = ["*"]

[[rule]]
name = "ist-gov"
kind = "line"
where = "tail"
match = "Government Spokesman's Office"
examples = ["Government Spokesman's Office"]
near_misses = ["The Government Spokesman said on Monday that talks would resume."]
"""


def test_options_agree(cli, tmp_path, samples) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "mine.toml").write_text(PACK, encoding="utf-8")
    configurations = [
        (["--disable", "eng/summary-box", "--disable", "chrome-block"], dict(disable=["eng/summary-box", "chrome-block"])),
        (["--no-language-switch", "--disable", "chrome-run"], dict(language_switch=False, disable=["chrome-run"])),
        (["--no-default-patterns"], dict(default_patterns=False)),
        (
            ["--patterns", str(packs), "--disable", "link-line", "--disable", "eng/feed-source"],
            dict(patterns=packs, disable=["link-line", "eng/feed-source"]),
        ),
    ]
    names = sample_names()
    raws = [samples[n][0] for n in names]
    for k, (args, options) in enumerate(configurations):
        outputs = cli_folder(cli, SAMPLES / "raw", tmp_path / f"out{k}", "--no-corpus", *args)
        texts = rinse.Cleaner(**options).clean_batch(raws)
        for name, text in zip(names, texts):
            assert outputs[name] == text.encode("utf-8"), (args, name)
        # The options do change something, so the comparison means something.
        assert texts != [samples[n][1] for n in names], args


def test_parquet_through_the_cli_is_clean_arrow(cli, tmp_path, samples) -> None:
    import pyarrow.parquet as pq

    names = sample_names()
    table = pa.table({"id": names, "text": [samples[n][0] for n in names]})
    (tmp_path / "in").mkdir()
    pq.write_table(table, tmp_path / "in" / "part.parquet", row_group_size=7)
    run_cli(cli, "clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q", "--no-corpus")
    out = pq.read_table(tmp_path / "out" / "part.parquet")
    cleaner = rinse.Cleaner()
    assert out.column("text").combine_chunks() == cleaner.clean_arrow(table.column("text")).combine_chunks()
    results = cleaner.clean_batch_results([samples[n][0] for n in names])
    for note, result in zip(out.column("rinse").to_pylist(), results):
        assert note["language"] == result.language
        assert note["language_639_1"] == result.language_639_1
        assert note["removed"] == [{"start": r.byte_span[0], "end": r.byte_span[1], "reason": r.reason} for r in result.removed]


def test_the_same_options_give_the_same_output(cli, tmp_path) -> None:
    """Every cleaner option of the CLI has its keyword, and they agree:
    normalized output, other weights, a rule and a signal turned off; the
    options survive pickling."""
    import pickle

    weights = (Path(__file__).resolve().parents[2] / "model" / "article.toml").read_text("utf-8")
    # Weights whose tail blocks are never removed.
    assert "tail_threshold = " in weights
    weights = "\n".join(
        "tail_threshold = 99.0" if line.startswith("tail_threshold = ") else line for line in weights.splitlines()
    )
    model = tmp_path / "weights.toml"
    model.write_text(weights, "utf-8")
    args = ["--normalize", "--model", str(model), "--disable", "eng/byline", "--disable", "chrome-block"]
    outputs = cli_folder(cli, SAMPLES / "raw", tmp_path / "out", "--no-corpus", *args)
    cleaner = rinse.Cleaner(normalize=True, model=model, disable=["eng/byline", "chrome-block"])
    again = pickle.loads(pickle.dumps(cleaner))
    plain = rinse.Cleaner()
    differs = 0
    for name in sorted(outputs):
        raw = read_text(SAMPLES / "raw" / name)
        assert outputs[name] == cleaner.clean_text(raw).encode("utf-8") == again.clean_text(raw).encode("utf-8"), name
        differs += outputs[name] != plain.clean_text(raw).encode("utf-8")
    # The options change something, or this test would prove nothing.
    assert differs > 0
    with pytest.raises(ValueError):
        rinse.Cleaner(model=model, model_toml=weights)
