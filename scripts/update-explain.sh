#!/usr/bin/env bash
# Rewrites the golden explanations samples/explain/*.json from the current
# build: `rinse explain --json` of every golden sample (samples/raw) and of
# every labelled sample (samples/labelled, labels stripped), each file
# alone, as the decision of each line (kept, removed_by, region, score) and
# the blocks removed. Review `git diff samples/explain` before committing:
# every changed line is a changed decision or score.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
out=samples/explain
rm -rf "$out"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pretty() {
    # The decisions of `rinse explain --json`, one line per line of the
    # sample: number, kept, removed_by, region, score (two decimals); then
    # the blocks. (tests/explain.rs compares the same projection.)
    python3 -c '
import json, math, sys
def r2(x):
    # Half away from zero, as Rust rounds.
    return math.copysign(math.floor(abs(x) * 100 + 0.5), x) / 100
d = json.load(sys.stdin)
keys = ("number", "kept", "removed_by", "region")
print(json.dumps({"language": d["language"], "script": d["script"]}, ensure_ascii=False)[:-1] + ", \"lines\": [")
print(",\n".join("  " + json.dumps({**{k: l[k] for k in keys}, "score": r2(l["score"])}, ensure_ascii=False) for l in d["lines"]))
blocks = [{"region": b["region"], "first": b["first"], "last": b["last"], "score": r2(b["score"])} for b in d["blocks"]]
print("], \"blocks\": " + json.dumps(blocks) + "}")
'
}
for f in samples/raw/*.txt; do
    name=$(basename "$f" .txt)
    ./target/release/rinse explain --json --no-corpus "$f" | pretty > "$out/$name.json"
done
for f in samples/labelled/*.txt; do
    name=$(basename "$f" .txt)
    grep -v '^\s*$' "$f" | sed 's/^[KDdE] //' > "$tmp/$name.txt"
    ./target/release/rinse explain --json --no-corpus "$tmp/$name.txt" | pretty > "$out/labelled-$name.json"
done
echo "wrote $(ls "$out" | wc -l) golden explanations in $out"
