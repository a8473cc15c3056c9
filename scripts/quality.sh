#!/usr/bin/env bash
# Scores rinse on the development benchmark and on the labelled samples,
# and checks the quality targets.
#
#   scripts/quality.sh
#
# Sets:
#   labelled      samples/labelled (in the repository): articles in many
#                 languages, a label per line, each cleaned alone;
#   wild-dev      ../shared/bench/wild-dev: real scraped articles, a label
#                 per line, each cleaned alone (--no-corpus);
#   wild-dev-sites  the same articles, each site's articles cleaned as one
#                 folder (batch mode, with the corpus pass), as a user
#                 cleans a scraped site;
#   readability, newspaper, newspaper4k, cleaneval
#                 ../shared/bench/<set>: real pages with gold bodies, each
#                 folder cleaned as a batch, scored by the benchmark's scorer.
# The benchmark is not part of the repository: RINSE_BENCH says where it is
# (default ../shared/bench); without it only the labelled samples are
# scored. Extra rinse options: RINSE_OPTS. Outputs and per-document scores
# go to target/quality/. Needs the Python package `regex` for the page
# scorer (pip install regex).
set -euo pipefail
cd "$(dirname "$0")/.."
bench=${RINSE_BENCH:-../shared/bench}
cargo build --release --quiet
mkdir -p target/quality
echo "== labelled samples (samples/labelled, each article alone)"
# shellcheck disable=SC2086
python3 scripts/score_labelled.py --json target/quality/labelled.json --opts "--no-corpus ${RINSE_OPTS:-}" || true
echo
if [ ! -d "$bench/wild-dev" ]; then
    echo "quality.sh: no development benchmark at $bench (it is not part of the" \
         "repository; set RINSE_BENCH to its folder): only the labelled samples were scored" >&2
    exit 0
fi
python3 -c 'import regex' 2>/dev/null || {
    echo "quality.sh: the page scorer needs the Python package 'regex' (pip install regex)" >&2
    exit 2
}
echo "== wild-dev (real scraped articles, each alone)"
out=target/quality/wild-dev
rm -rf "$out"
# shellcheck disable=SC2086
./target/release/rinse clean "$bench/wild-dev/raw" -o "$out" -q --no-corpus ${RINSE_OPTS:-}
python3 "$bench/wild-dev/score_lines.py" "$bench/wild-dev" "$out" --json target/quality/wild-dev.json
echo
echo "== wild-dev-sites (the same articles, each site's articles as one folder)"
out=target/quality/wild-dev-sites
stage=target/quality/wild-dev-stage
rm -rf "$out" "$stage"
mkdir -p "$out"
# One folder per site, as meta.jsonl names them.
python3 - "$bench/wild-dev" "$stage" <<'PY'
import json, os, shutil, sys
bench, stage = sys.argv[1], sys.argv[2]
for line in open(os.path.join(bench, "meta.jsonl"), encoding="utf-8"):
    m = json.loads(line)
    site = os.path.join(stage, m["site"])
    os.makedirs(site, exist_ok=True)
    shutil.copy(os.path.join(bench, "raw", m["id"] + ".txt"), site)
PY
for site in "$stage"/*/; do
    # shellcheck disable=SC2086
    ./target/release/rinse clean "$site" -o "$out" -q ${RINSE_OPTS:-}
done
rm -rf "$stage"
python3 "$bench/wild-dev/score_lines.py" "$bench/wild-dev" "$out" --json target/quality/wild-dev-sites.json
echo
sets=(readability newspaper newspaper4k cleaneval)
for set in "${sets[@]}"; do
    out=target/quality/$set
    rm -rf "$out"
    # shellcheck disable=SC2086
    ./target/release/rinse clean "$bench/$set/raw" -o "$out" -q ${RINSE_OPTS:-}
    python3 "$bench/score.py" "$bench/$set/raw" "$bench/$set/gold" "$out" \
        --label "$set" --json "target/quality/$set.json" --per-doc
    echo
done
# Idempotence: cleaning the outputs again must change nothing.
changed=0
for set in wild-dev wild-dev-sites "${sets[@]}"; do
    again=target/quality/again-$set
    rm -rf "$again"
    # shellcheck disable=SC2086
    ./target/release/rinse clean "target/quality/$set" -o "$again" -q --ext txt ${RINSE_OPTS:-}
    # (diff exits 1 when files differ: counted, not a failure of the script.)
    n=$(diff -rq "target/quality/$set" "$again" | wc -l || true)
    changed=$((changed + n))
    rm -rf "$again"
done
echo "idempotence: $changed output files change when cleaned again"
echo "$changed" > target/quality/idempotence.txt
echo
python3 scripts/quality_targets.py target/quality
