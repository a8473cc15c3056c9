#!/usr/bin/env bash
# Throughput of the whole CLI, files in and files out: rinse clean DIR -o OUT.
#
#   scripts/throughput.sh [CORPUS]
#
# CORPUS defaults to ../shared/corpus (the development corpus, not part of
# the repository); without it, samples/raw is copied 50 times instead, which
# is small and less varied: say so when you quote the figures. Prints MB/s
# and lines/s with 1 thread and with all cores, with and without the corpus
# pass (best and median of RUNS runs, default 7), CPU seconds and peak
# memory; then the per-line language-label accuracy.
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
runs=${RUNS:-7}
peak() { # runs a command, prints "seconds peak_kb cpu_seconds"
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%e %M %U %S" "$@" 2>&1 >/dev/null | tail -1 | awk '{print $1, $2, $3 + $4}'
    else
        local t0 t1
        t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N)
        echo "$(awk "BEGIN{print $t1-$t0}") ? ?"
    fi
}
# Every configuration runs $runs times, in turns, so that other work on the
# machine disturbs them alike; the best run is the least disturbed, the
# median the typical one.
configs=("1" "1 --no-corpus" "$cores" "$cores --no-corpus")
declare -A times kbs cpus
for _ in $(seq 1 "$runs"); do
    for config in "${configs[@]}"; do
        read -r threads mode <<<"$config"
        out=$work/out
        rm -rf "$out"
        read -r secs kb cpu < <(peak ./target/release/rinse clean "$corpus" -o "$out" -q -j "$threads" $mode)
        times[$config]="${times[$config]:-} $secs"
        kbs[$config]="${kbs[$config]:-} $kb"
        cpus[$config]="${cpus[$config]:-} $cpu"
        rm -rf "$out"
    done
done
stat() { # "best median" of a list of numbers
    tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR]=$1} END {printf "%s %s", v[1], v[int((NR+1)/2)]}'
}
echo "$runs runs of each, in turns (RUNS=n to change)"
printf "%-28s %8s %8s %9s %9s %12s %8s %8s\n" run best median "MB/s" "(median)" "lines/s" "cpu s" "peak MB"
declare -A best_of median_of
for config in "${configs[@]}"; do
    read -r threads mode <<<"$config"
    read -r best median < <(stat "${times[$config]}"; echo)
    read -r _ cpu < <(stat "${cpus[$config]}"; echo)
    kb=$(tr ' ' '\n' <<<"${kbs[$config]}" | grep . | sort -g | tail -1)
    best_of[$config]=$best
    median_of[$config]=$median
    printf "%-28s %8.2f %8.2f %9.1f %9.1f %12.0f %8s %8s\n" "-j $threads ${mode:-(with corpus pass)}" \
        "$best" "$median" "$(awk "BEGIN{print $bytes/1e6/$best}")" "$(awk "BEGIN{print $bytes/1e6/$median}")" \
        "$(awk "BEGIN{print $lines/$best}")" "$cpu" \
        "$([ "$kb" = "?" ] && echo "?" || awk "BEGIN{printf \"%.0f\", $kb/1024}")"
done
awk "BEGIN{printf \"speed-up on $cores threads (medians): %.2fx with the corpus pass, %.2fx without\n\", \
    ${median_of[1]}/${median_of[$cores]}, ${median_of[1 --no-corpus]}/${median_of[$cores --no-corpus]}}"
awk "BEGIN{printf \"corpus pass costs (medians): %+.0f%% on 1 thread, %+.0f%% on $cores\n\", \
    100*(${median_of[1]}/${median_of[1 --no-corpus]}-1), 100*(${median_of[$cores]}/${median_of[$cores --no-corpus]}-1)}"
echo
echo "Per-line language labels (lines of 40+ characters):"
if [ -d "${1:-../shared/corpus}" ]; then
    cargo run --release --quiet --example label_accuracy -- "${1:-../shared/corpus}" | head -4
else
    echo "  (needs the development corpus: scripts/throughput.sh CORPUS)"
fi
