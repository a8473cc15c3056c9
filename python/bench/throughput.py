#!/usr/bin/env python3
"""Throughput of the Python package against the rinse CLI, on one corpus.

    python python/bench/throughput.py [CORPUS] [--cli PATH] [--repeat N]

CORPUS defaults to ../shared/corpus (the development corpus, not part of the
repository: every *.txt and the "text" of every record of *.jsonl under it);
without it, samples/raw copied 50 times, which is small and less varied: the
first line of output says which was used, quote it with the figures.

Measures, on texts already in memory, best of --repeat runs:

* ``Cleaner.clean_batch`` (list of str in, list of str out);
* ``Cleaner.clean_arrow`` (a pyarrow large_string array in and out);
* a Python loop over ``Cleaner.clean_text`` (one document at a time);

with all cores and with one thread (``Cleaner(threads=1)``); and the CLI,
``rinse clean DIR -o /dev/shm/... -q --no-corpus`` (files in, files out,
process start-up and rule compilation included) with ``-j 1`` and all cores,
and with its default corpus pass. MB are megabytes (10^6 bytes) of UTF-8
input; "MB/CPU-s" divides by the CPU time (user + system, all threads), which
other processes on the machine disturb less than the wall clock. The CLI defaults to target/python/release/rinse, built with
``cargo build --release`` (in the extension's target folder) unless --cli
names one.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import rinse

ROOT = Path(__file__).resolve().parents[2]


def load(corpus: Path | None) -> tuple[str, list[str], Path]:
    """(description, texts, folder of .txt files holding exactly these texts)."""
    if corpus is not None and corpus.is_dir():
        texts = []
        for path in sorted(corpus.rglob("*")):
            if path.suffix == ".txt" and path.is_file():
                texts.append(path.read_bytes().decode("utf-8"))
            elif path.name.endswith(".jsonl") and path.is_file():
                with path.open(encoding="utf-8") as f:
                    texts.extend(json.loads(line)["text"] for line in f if line.strip())
        folder = corpus
        if any(p.name.endswith(".jsonl") for p in corpus.rglob("*.jsonl")):
            folder = write_folder(texts)  # the CLI gets the same documents as .txt
        return f"{corpus} ({len(texts)} documents)", texts, folder
    raws = sorted((ROOT / "samples" / "raw").glob("*.txt"))
    texts = [p.read_bytes().decode("utf-8") for p in raws] * 50
    return f"samples/raw copied 50 times ({len(texts)} documents; no corpus at {corpus})", texts, write_folder(texts)


def write_folder(texts: list[str]) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="rinse-bench-in-", dir=shm()))
    for k, text in enumerate(texts):
        sub = folder / f"{k // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{k:06d}.txt").write_bytes(text.encode("utf-8"))
    return folder


def shm() -> str | None:
    return "/dev/shm" if os.path.isdir("/dev/shm") else None


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def best(repeat: int, run) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of the fastest of `repeat` runs."""
    times = []
    for _ in range(repeat):
        c0, t0 = cpu_seconds(), time.perf_counter()
        run()
        times.append((time.perf_counter() - t0, cpu_seconds() - c0))
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--cli", help="rinse binary (default: target/python/release/rinse, built)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import pyarrow as pa

    what, texts, folder = load(Path(args.corpus))
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    cores = os.cpu_count() or 1
    print(f"corpus: {what}, {mb:.1f} MB; {cores} cores; rinse {rinse.__version__}, Python {sys.version.split()[0]}")
    print(f"load average before: {os.getloadavg()[0]:.2f} (other processes slow the wall-clock figures; CPU figures less so)")
    print(f"{'run':58} {'seconds':>8} {'MB/s':>7} {'CPU s':>7} {'MB/CPU-s':>9}")

    def report(name: str, times: tuple[float, float]) -> None:
        wall, cpu = times
        print(f"{name:58} {wall:8.2f} {mb / wall:7.2f} {cpu:7.2f} {mb / cpu:9.2f}", flush=True)

    array = pa.array(texts, pa.large_string())
    for threads in (None, 1):
        cleaner = rinse.Cleaner(threads=threads)
        cleaner.clean_batch(texts[:200])  # warm up: lazily compiled rules
        label = f"{cores} threads" if threads is None else "1 thread"
        out = cleaner.clean_batch(texts)
        assert cleaner.clean_arrow(array).to_pylist() == out
        report(f"Python Cleaner.clean_batch, {label}", best(args.repeat, lambda: cleaner.clean_batch(texts)))
        report(f"Python Cleaner.clean_arrow (large_string), {label}", best(args.repeat, lambda: cleaner.clean_arrow(array)))
    cleaner = rinse.Cleaner()
    report("Python loop of Cleaner.clean_text (1 thread)", best(1, lambda: [cleaner.clean_text(t) for t in texts]))

    cli = args.cli
    if cli is None:
        # Built in the extension's target folder, from the same sources.
        target = ROOT / "target" / "python"
        env = dict(os.environ, CARGO_TARGET_DIR=str(target))
        subprocess.run(["nice", "cargo", "build", "--release", "--quiet", "--bin", "rinse"], cwd=ROOT, env=env, check=True)
        cli = str(target / "release" / "rinse")
    out_dir = Path(tempfile.mkdtemp(prefix="rinse-bench-out-", dir=shm()))
    try:
        runs = [(["-j", "1", "--no-corpus"], "-j 1 --no-corpus"), (["--no-corpus"], f"-j {cores} --no-corpus"), ([], f"-j {cores} (with corpus pass)")]
        for extra, label in runs:
            def run() -> None:
                shutil.rmtree(out_dir / "o", ignore_errors=True)
                subprocess.run([cli, "clean", str(folder), "-o", str(out_dir / "o"), "-q", *extra], check=True)
            report(f"CLI rinse clean DIR -o /dev/shm/… {label}", best(args.repeat, run))
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
        if folder != Path(args.corpus):
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
