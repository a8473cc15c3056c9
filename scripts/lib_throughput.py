#!/usr/bin/env python3
"""Library throughput in a long-lived worker, beside datatrove's C4 line
filter in the same process: the Spark and datatrove case, where one Python
process cleans batch after batch in memory.

    lib_throughput.py DIR [RUNS]

Reads every *.txt under DIR into memory once, then, RUNS times in turns
(default 5), times:
  * the C4 line filter (datatrove's C4QualityFilter, line rules only, as in
    scripts/c4_peer.py) over the documents;
  * rinse.Cleaner(threads=1).clean_batch(texts): a list in, a list out;
  * rinse.Cleaner(threads=1).clean_arrow(array): an Arrow array in and out;
the cleaner built once, before the first run, as a worker would. Prints the
median MB/s of each and its ratio to the C4 filter.
"""
import os
import statistics
import sys
import time

import pyarrow as pa
import rinse
from datatrove.data import Document
from datatrove.pipeline.filters import C4QualityFilter


def main():
    root = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    texts = []
    for d, _, files in os.walk(root):
        for name in sorted(files):
            if name.endswith(".txt"):
                with open(os.path.join(d, name), encoding="utf-8", errors="replace") as fh:
                    texts.append(fh.read())
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    c4 = C4QualityFilter(min_num_sentences=-1, filter_lorem_ipsum=False, filter_curly_bracket=False)
    cleaner = rinse.Cleaner(threads=1)
    array = pa.array(texts, type=pa.large_string())
    cleaner.clean_batch(texts[:10])  # the first call compiles what it needs

    def c4_all():
        for i, t in enumerate(texts):
            c4.filter(Document(text=t, id=str(i)))

    jobs = {
        "C4 line filter": c4_all,
        "rinse clean_batch": lambda: cleaner.clean_batch(texts),
        "rinse clean_arrow": lambda: cleaner.clean_arrow(array),
    }
    times = {name: [] for name in jobs}
    for _ in range(runs):
        for name, job in jobs.items():
            t0 = time.perf_counter()
            job()
            times[name].append(time.perf_counter() - t0)
    base = statistics.median(times["C4 line filter"])
    print(f"{len(texts)} documents, {mb:.1f} MB in memory, one thread, median of {runs}")
    for name, ts in times.items():
        m = statistics.median(ts)
        print(f"  {name:<20} {mb / m:7.1f} MB/s  {base / m:5.2f}x C4")


if __name__ == "__main__":
    main()
