#!/usr/bin/env python3
"""The peer of scripts/throughput.sh: datatrove's C4 line filter, line rules
only (no document-level drops), folder to folder, in one process.

    c4_peer.py IN_DIR OUT_DIR

Reads every *.txt under IN_DIR, filters its lines with datatrove's
C4QualityFilter (split_paragraph, min_num_sentences=-1, no lorem-ipsum or
curly-bracket document drops), writes the kept lines to the same relative
path under OUT_DIR, and prints the seconds it took (files in to files out,
imports excluded).
"""
import os
import sys
import time

from datatrove.data import Document
from datatrove.pipeline.filters import C4QualityFilter


def main():
    src, dst = sys.argv[1], sys.argv[2]
    f = C4QualityFilter(min_num_sentences=-1, filter_lorem_ipsum=False, filter_curly_bracket=False)
    paths = []
    for root, _, files in os.walk(src):
        paths.extend(os.path.join(root, n) for n in files if n.endswith(".txt"))
    paths.sort()
    start = time.perf_counter()
    for i, p in enumerate(paths):
        with open(p, encoding="utf-8", errors="replace") as fh:
            doc = Document(text=fh.read(), id=str(i))
        f.filter(doc)
        out = os.path.join(dst, os.path.relpath(p, src))
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(doc.text + "\n" if doc.text else "")
    print(f"{time.perf_counter() - start:.3f}")


if __name__ == "__main__":
    main()
