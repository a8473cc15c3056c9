#!/usr/bin/env bash
# Scores rinse on the development benchmark (../shared/bench): runs
# `rinse clean` over each set's raw pages and calls the benchmark's scorer.
#
#   scripts/quality.sh [SET...]        (default: all four sets)
#
# RINSE_BENCH overrides where the benchmark lives; extra rinse options can be
# passed in RINSE_OPTS (e.g. RINSE_OPTS=--no-language-switch). Outputs and
# per-document scores go to target/quality/.
set -euo pipefail
cd "$(dirname "$0")/.."
bench=${RINSE_BENCH:-../shared/bench}
if [ ! -f "$bench/score.py" ]; then
    echo "quality.sh: no benchmark at $bench (it is not part of the repository;" \
         "set RINSE_BENCH to its folder)" >&2
    exit 2
fi
python3 -c 'import regex' 2>/dev/null || {
    echo "quality.sh: the scorer needs the Python package 'regex' (pip install regex)" >&2
    exit 2
}
sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(readability newspaper newspaper4k cleaneval)
cargo build --release --quiet
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
for set in "${sets[@]}"; do
    again=target/quality/again-$set
    rm -rf "$again"
    # shellcheck disable=SC2086
    ./target/release/rinse clean "target/quality/$set" -o "$again" -q --ext txt ${RINSE_OPTS:-}
    n=$(diff -rq "target/quality/$set" "$again" | wc -l)
    changed=$((changed + n))
    rm -rf "$again"
done
echo "idempotence: $changed output files change when cleaned again"
