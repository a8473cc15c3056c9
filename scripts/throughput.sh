#!/usr/bin/env bash
# Throughput of the whole CLI, files in and files out: rinse clean DIR -o OUT.
#
#   scripts/throughput.sh [CORPUS]
#
# CORPUS defaults to ../shared/corpus (the development corpus, not part of
# the repository); without it, samples/raw is copied 50 times instead, which
# is small and less varied: say so when you quote the figures. Prints MB/s
# and lines/s with 1 thread and with all cores, with and without the corpus
# pass, and peak memory; then the per-line language-label accuracy.
# RINSE_OUT chooses where outputs go (default target/throughput; a tmpfs
# such as /dev/shm takes the file system out of the figures).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus}
work=${RINSE_OUT:-target/throughput}
cargo build --release --quiet --bin rinse
mkdir -p "$work"
if [ ! -d "$corpus" ]; then
    echo "throughput.sh: no corpus at $corpus; using samples/raw copied 50 times" >&2
    corpus=$work/input
    rm -rf "$corpus"
    for i in $(seq 1 50); do
        mkdir -p "$corpus/$i" && cp samples/raw/*.txt "$corpus/$i/"
    done
fi
bytes=$(find "$corpus" -name '*.txt' -print0 | xargs -0 cat | wc -c)
lines=$(find "$corpus" -name '*.txt' -print0 | xargs -0 cat | grep -c . || true)
files=$(find "$corpus" -name '*.txt' | wc -l)
cores=$(nproc)
echo "corpus: $corpus — $files files, $(awk "BEGIN{printf \"%.1f\", $bytes/1e6}") MB, $lines lines; $cores cores"
peak() { # runs a command, prints "seconds peak_kb"
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1
    else
        local t0 t1
        t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N)
        echo "$(awk "BEGIN{print $t1-$t0}") ?"
    fi
}
printf "%-28s %8s %9s %12s %10s\n" run seconds "MB/s" "lines/s" "peak MB"
declare -A secs_of
for threads in 1 "$cores"; do
    for mode in "" --no-corpus; do
        out=$work/out
        best=
        # Best of three: the figure least disturbed by other work.
        for _ in 1 2 3; do
            rm -rf "$out"
            read -r secs kb < <(peak ./target/release/rinse clean "$corpus" -o "$out" -q -j "$threads" $mode)
            if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; best_kb=$kb; fi
        done
        secs_of["$threads$mode"]=$best
        printf "%-28s %8.2f %9.1f %12.0f %10s\n" "-j $threads ${mode:-(with corpus pass)}" "$best" \
            "$(awk "BEGIN{print $bytes/1e6/$best}")" "$(awk "BEGIN{print $lines/$best}")" \
            "$([ "$best_kb" = "?" ] && echo "?" || awk "BEGIN{printf \"%.0f\", $best_kb/1024}")"
        rm -rf "$out"
    done
done
awk "BEGIN{printf \"speed-up on $cores threads: %.2fx (with corpus pass), %.2fx (without)\n\", \
    ${secs_of[1]}/${secs_of[$cores]}, ${secs_of[1--no-corpus]}/${secs_of[$cores--no-corpus]}}"
awk "BEGIN{printf \"corpus pass costs: %+.0f%% (1 thread), %+.0f%% ($cores threads)\n\", \
    100*(${secs_of[1]}/${secs_of[1--no-corpus]}-1), 100*(${secs_of[$cores]}/${secs_of[$cores--no-corpus]}-1)}"
echo
echo "Per-line language labels (lines of 40+ characters):"
if [ -d "${1:-../shared/corpus}" ]; then
    cargo run --release --quiet --example label_accuracy -- "${1:-../shared/corpus}" | head -4
else
    echo "  (needs the development corpus: scripts/throughput.sh CORPUS)"
fi
