#!/usr/bin/env bash
# Throughput of rinse beside datatrove's C4 line filter, measured in the
# same run on the same files, on two kinds of input:
#
#   scripts/throughput.sh [ARTICLES [PAGES]]
#
#   ARTICLES  folder of article texts (default ../shared/corpus, the
#             development corpus: 5,203 articles in 11 languages)
#   PAGES     folder of whole-page dumps (default: the raw/ folders of the
#             bench's four page sets, ../shared/bench/*/raw, copied into one)
#
# Neither default is part of the repository. Without the corpus,
# samples/raw is copied 50 times instead (small and less varied: say so when
# you quote the figures); without the bench, the page dumps are skipped.
#
# For each input, RUNS times (default 5) in turns, so that other work on the
# machine disturbs them alike:
#   * the C4 line filter (scripts/c4_peer.py: files in, files out, one
#     Python process, imports excluded);
#   * rinse clean DIR -o OUT with 1 and 2 threads, with the corpus pass
#     (the default for a folder) and without (--no-corpus).
# It prints the median and best seconds, MB/s, the ratio to the C4 filter
# (medians of the same run: these machines are noisy, only a ratio measured
# in one run is a figure), the peak RSS, and the speed-up of 2 threads over
# 1. Then library throughput in a long-lived worker (scripts/lib_throughput.py:
# clean_batch and clean_arrow in memory), and the per-line language-label
# accuracy.
#
# The C4 filter and the library run in target/py-venv, which the script
# creates (scripts/py-env.sh: pinned packages from PyPI, the extension built
# from this checkout). SKIP_PYTHON=1 leaves out everything Python (no C4
# ratio then). RINSE_OUT chooses the scratch folder (default
# target/throughput; a tmpfs such as /dev/shm takes the disk out of it).
set -euo pipefail
cd "$(dirname "$0")/.."
work=${RINSE_OUT:-target/throughput}
runs=${RUNS:-5}
cargo build --release --quiet --bin rinse
mkdir -p "$work"

articles=${1:-../shared/corpus}
if [ ! -d "$articles" ]; then
    echo "throughput.sh: no articles at $articles; using samples/raw copied 50 times" >&2
    articles=$work/articles
    rm -rf "$articles"
    for i in $(seq 1 50); do
        mkdir -p "$articles/$i" && cp samples/raw/*.txt "$articles/$i/"
    done
fi
pages=${2:-}
if [ -z "$pages" ]; then
    pages=$work/pages
    rm -rf "$pages"
    for raw in ../shared/bench/*/raw; do
        [ -d "$raw" ] || continue
        set_name=$(basename "$(dirname "$raw")")
        mkdir -p "$pages/$set_name" && cp -r "$raw"/. "$pages/$set_name/"
    done
    if [ -z "$(ls -A "$pages" 2>/dev/null)" ]; then
        echo "throughput.sh: no page dumps (../shared/bench/*/raw is absent); page dumps skipped" >&2
        pages=
    fi
fi

py=
if [ "${SKIP_PYTHON:-0}" != 1 ]; then
    # shellcheck source=scripts/py-env.sh
    source scripts/py-env.sh
    py=$venv/bin/python
fi

peak() { # runs a command; prints "seconds peak_kb" (seconds from the command when it prints them)
    local out
    out=$(/usr/bin/time -f "TIME %e %M" "$@" 2>&1 >"$work/stdout") || { echo "throughput.sh: failed: $*" >&2; echo "$out" >&2; exit 1; }
    local secs kb own
    read -r _ secs kb < <(grep '^TIME ' <<<"$out" | tail -1)
    own=$(grep -E '^[0-9.]+$' "$work/stdout" | tail -1 || true)
    echo "${own:-$secs} $kb"
}
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
best() { tr ' ' '\n' <<<"$1" | grep . | sort -g | head -1; }

measure() { # measure NAME DIR
    local name=$1 dir=$2
    local bytes files
    bytes=$(find "$dir" -name '*.txt' -print0 | xargs -0 cat | wc -c)
    files=$(find "$dir" -name '*.txt' | wc -l)
    echo
    echo "== $name: $dir — $files files, $(awk "BEGIN{printf \"%.1f\", $bytes/1e6}") MB; $runs runs of each, in turns"
    local configs=("1" "1 --no-corpus" "2" "2 --no-corpus")
    [ -n "$py" ] && configs=("c4" "${configs[@]}")
    declare -A times kbs
    local config threads mode secs kb
    for _ in $(seq 1 "$runs"); do
        for config in "${configs[@]}"; do
            rm -rf "$work/out"
            if [ "$config" = c4 ]; then
                read -r secs kb < <(peak "$py" scripts/c4_peer.py "$dir" "$work/out")
            else
                read -r threads mode <<<"$config"
                read -r secs kb < <(peak ./target/release/rinse clean "$dir" -o "$work/out" -q -j "$threads" $mode)
            fi
            times[$config]="${times[$config]:-} $secs"
            kbs[$config]="${kbs[$config]:-} $kb"
        done
    done
    rm -rf "$work/out"
    local c4=
    [ -n "$py" ] && c4=$(median "${times[c4]}")
    printf "%-34s %8s %8s %8s %10s %8s\n" run median best "MB/s" "vs C4" "peak MB"
    for config in "${configs[@]}"; do
        local m b label ratio
        m=$(median "${times[$config]}")
        b=$(best "${times[$config]}")
        if [ "$config" = c4 ]; then
            label="C4 line filter (Python)"
        else
            read -r threads mode <<<"$config"
            label="rinse -j $threads ${mode:-(corpus pass)}"
        fi
        ratio=$([ -n "$c4" ] && awk "BEGIN{printf \"%.2fx\", $c4/$m}" || echo "-")
        printf "%-34s %8.2f %8.2f %8.1f %10s %8.0f\n" "$label" "$m" "$b" \
            "$(awk "BEGIN{print $bytes/1e6/$m}")" "$ratio" \
            "$(( $(tr ' ' '\n' <<<"${kbs[$config]}" | grep . | sort -g | tail -1) / 1024 ))"
    done
    awk "BEGIN{printf \"2 threads vs 1 (medians): %.2fx with the corpus pass, %.2fx without\n\", \
        $(median "${times[1]}")/$(median "${times[2]}"), \
        $(median "${times[1 --no-corpus]}")/$(median "${times[2 --no-corpus]}")}"
    if [ -n "$py" ]; then
        echo "library, long-lived worker:"
        "$py" scripts/lib_throughput.py "$dir" "$runs" | sed 's/^/  /'
    fi
}

measure articles "$articles"
[ -n "$pages" ] && measure "page dumps" "$pages"

echo
echo "Per-line language labels (lines of 40+ characters):"
if [ -d "${1:-../shared/corpus}" ]; then
    cargo run --release --quiet --example label_accuracy -- "${1:-../shared/corpus}" | sed -n 1,4p  # (reads it all: no broken pipe)
else
    echo "  (needs the development corpus: scripts/throughput.sh CORPUS)"
fi
