#!/usr/bin/env python3
"""Summarize what rinse removes from a folder of text files, by rule or signal.

    scripts/removals.py DIR [--samples N] [--reason NAME] [-- RINSE_OPTIONS...]

Runs `rinse explain --json` (target/release/rinse, or $RINSE) over every
*.txt file under DIR and prints, per rule or signal, how many lines it
removed and N random examples (file:line and text). Use it on clean
articles to find rules that remove article text.
"""
import json
import os
import random
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path


def main(argv):
    extra = []
    if "--" in argv:
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1:]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    root = Path(argv[0])
    samples = int(argv[argv.index("--samples") + 1]) if "--samples" in argv else 8
    only = argv[argv.index("--reason") + 1] if "--reason" in argv else None
    rinse = os.environ.get("RINSE", str(Path(__file__).resolve().parent.parent / "target/release/rinse"))
    files = sorted(str(p) for p in root.rglob("*.txt"))
    counts, lines, examples = Counter(), 0, defaultdict(list)
    for start in range(0, len(files), 500):
        out = subprocess.run([rinse, "explain", "--json", *extra, *files[start:start + 500]],
                             capture_output=True, text=True, check=False)
        for doc in map(json.loads, out.stdout.splitlines()):
            for line in doc["lines"]:
                lines += 1
                if not line["kept"]:
                    reason = line["removed_by"]
                    counts[reason] += 1
                    examples[reason].append(f'{doc["file"]}:{line["number"]}: {line["text"][:110]}')
    removed = sum(counts.values())
    print(f"{len(files)} files, {lines} lines, {removed} removed ({removed / max(lines, 1):.1%})")
    random.seed(0)
    for reason, n in counts.most_common():
        if only and reason != only:
            continue
        print(f"\n{reason}: {n}")
        for ex in random.sample(examples[reason], min(samples, n)):
            print("   ", ex)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
