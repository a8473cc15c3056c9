#!/usr/bin/env bash
# Rewrites the golden explanations samples/explain/*.json from the current
# build: `rinse explain --json` of every golden sample (samples/raw) and of
# every labelled sample (samples/labelled, labels stripped), each file
# alone. Review `git diff samples/explain` before committing: every changed
# line is a changed decision, feature or score.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
out=samples/explain
rm -rf "$out"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pretty() {
    # One JSON object per file; one line per line of the sample.
    python3 -c '
import json, sys
d = json.load(sys.stdin)
d["file"] = None
lines = d.pop("lines")
blocks = d.pop("blocks")
head = json.dumps(d, ensure_ascii=False)[:-1]
print(head + ", \"lines\": [")
print(",\n".join("  " + json.dumps(l, ensure_ascii=False) for l in lines))
print("], \"blocks\": " + json.dumps(blocks, ensure_ascii=False) + "}")
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
