#!/usr/bin/env bash
# Seeds the fuzz corpora from the repository's own test data: the golden
# samples (text in 15 languages and scripts, residue of every family), the
# built-in pattern packs, and JSON Lines records made from the samples.
# The corpora are generated (fuzz/corpus/ is not committed); run this once
# before `cargo +nightly fuzz run TARGET`, from anywhere.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
corpus="$here/corpus"
mkdir -p "$corpus"/{clean_bytes,clean_str,pack_parse,jsonl_record,jsonl_stream,parquet_read}

for f in "$root"/samples/raw/*.txt "$root"/samples/clean/*.txt "$root"/samples/batch/raw/*.txt; do
    name="$(basename "$(dirname "$f")")-$(basename "$f")"
    cp "$f" "$corpus/clean_bytes/$name"
    cp "$f" "$corpus/clean_str/$name"
done
# Hostile shapes: CR-only and CRLF line breaks, a BOM, invalid UTF-8,
# lone joiners, a NUL.
printf 'Headline\rSynopsis\rKey Takeaways\r- a point\rBody text here.\r' > "$corpus/clean_bytes/hostile-cr"
printf '\xef\xbb\xbfHeadline\r\n\xe2\x80\x8b\r\nBody caf\xe9 text.\r\n\xff\xfe\x00x\n' > "$corpus/clean_bytes/hostile-bytes"
printf '\xe2\x80\x8c\xe2\x80\x8d\xd9\x85\xdb\x8c\xe2\x80\x8c\xd8\xb4\xd9\x88\xd8\xaf\n\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb\n' > "$corpus/clean_str/hostile-joiners"

# One seed per built-in rule, under its pack's [pack] table: whole packs are
# slow to compile on every run, single rules mutate into new rules.
for f in "$root"/patterns/*.toml; do
    awk -v dir="$corpus/pack_parse" -v pack="$(basename "$f" .toml)" '
        /^\[\[rule\]\]/ { n++; out = sprintf("%s/%s-%03d.toml", dir, pack, n); printf "%s", head > out }
        n == 0 { head = head $0 "\n"; next }
        { print > out }
    ' "$f"
done
cat > "$corpus/pack_parse/minimal.toml" <<'TOML'
[pack]
languages = ["*"]
disable = ["eng/byline"]

[[rule]]
name = "a"
kind = "sequence"
where = "tail"
within = 3
match = 'Reviewed by .+'
steps = [{ phrases = ["on"] }, { match = '\d+', optional = true }]
examples = ["Reviewed by X\non\n12"]
near_misses = ["Reviewed by the board on Monday."]
TOML

# JSON Lines records: each sample as the text field, between other fields.
json_escape() {
    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' -e 's/\r/\\r/g' "$1" |
        awk '{ printf "%s\\n", $0 }'
}
for f in "$root"/samples/raw/*.txt; do
    name="$(basename "$f" .txt)"
    printf '{"id": 1, "url":"https://example.com/%s", "text":"%s", "meta":{"n":1.5e3,"s":"caf\\u00e9"}}' \
        "$name" "$(json_escape "$f")" > "$corpus/jsonl_record/$name.jsonl"
done
printf '{"text":"Synopsis\\nKey Takeaways\\n- a\\nBody.","rinse":{"old":true}}' > "$corpus/jsonl_record/annotated"
printf '{"text":"\\ud800 lone surrogate"}' > "$corpus/jsonl_record/surrogate"
printf '{"text":"a","text":"Synopsis\\nKey Takeaways\\n- b\\nBody."}' > "$corpus/jsonl_record/duplicate-key"
# A first byte of 0xFD asks for the Dolma attributes too (see the target).
printf '\xfd{"id":1,"text":"Headline here\\nShare this article\\nThe council voted on Tuesday.\\r\\n  Copy link\\n"}' > "$corpus/jsonl_record/dolma"

# JSON Lines streams: a selector byte (see fuzz_targets/jsonl_stream.rs:
# the low bits pick gzip, zstd or plain, the high ones the text field),
# then a few records, compressed accordingly.
stream="$corpus/jsonl_stream"
records="$(mktemp)"
nested="$(mktemp)"
trap 'rm -f "$records" "$nested"' EXIT
for f in "$root"/samples/raw/0*.txt; do
    printf '{"id": 1, "text":"%s"}\n' "$(json_escape "$f")" >> "$records"
    printf '{"id": 2, "metadata":{"body":"%s"}}\n' "$(json_escape "$f")" >> "$nested"
done
{ printf '\x00'; gzip -c "$records"; } > "$stream/gzip"
{ printf '\x60'; gzip -c "$nested"; } > "$stream/gzip-nested"
{ printf '\x02'; cat "$records"; } > "$stream/plain"
{ printf '\x62'; cat "$nested"; } > "$stream/plain-nested"
{ printf '\x02'; head -c 3000 /dev/zero | tr '\0' a; printf '\n{"text":"after"}\n'; } > "$stream/too-long"
if command -v zstd > /dev/null; then
    { printf '\x01'; zstd -c -q "$records"; } > "$stream/zstd"
    { printf '\x61'; zstd -c -q "$nested"; } > "$stream/zstd-nested"
else
    echo "seed.sh: no zstd command: jsonl_stream gets no zstd seed (the fuzzer finds the format slowly)" >&2
fi

# Corpus model files: the statistics of the batch samples (with the
# release CLI when it is built), and of nothing.
mkdir -p "$corpus/corpus_model"
if [ -x "$root/target/release/rinse" ]; then
    "$root/target/release/rinse" learn "$root/samples/batch/raw" --corpus-model "$corpus/corpus_model/batch.rcm" 2> /dev/null
    "$root/target/release/rinse" learn "$root/samples/raw" --corpus-model "$corpus/corpus_model/samples.rcm" 2> /dev/null
else
    echo "seed.sh: no target/release/rinse: corpus_model gets no seed from the samples (cargo build --release first)" >&2
fi

# Parquet files of the samples: each codec rinse reads, row groups of two
# rows, a large-string column, nulls and a dictionary page. Written with
# pyarrow (the Python test environment, target/py-venv, has it; PYTHON
# names another interpreter).
mkdir -p "$corpus/parquet_read"
py=${PYTHON:-$root/target/py-venv/bin/python}
if "$py" -c 'import pyarrow' 2> /dev/null; then
    "$py" - "$root" "$corpus/parquet_read" <<'PY'
import glob, os, sys
import pyarrow as pa, pyarrow.parquet as pq
root, out = sys.argv[1], sys.argv[2]
files = sorted(glob.glob(os.path.join(root, "samples/raw/*.txt")))[:6]
texts = [open(f, encoding="utf-8").read()[:3000] for f in files]
for codec in ["none", "snappy", "zstd", "gzip"]:
    table = pa.table({"id": [os.path.basename(f) for f in files], "text": texts, "n": list(range(len(files)))})
    pq.write_table(table, f"{out}/samples-{codec}.parquet", compression=codec, row_group_size=2)
pq.write_table(pa.table({"text": pa.array(texts, type=pa.large_string())}), f"{out}/large-string.parquet")
pq.write_table(pa.table({"text": pa.array(["a", None, "Body text here.\nRelated\nx"])}), f"{out}/nulls.parquet", use_dictionary=True)
PY
else
    echo "seed.sh: no pyarrow (run scripts/test-python.sh once, or set PYTHON): parquet_read gets no seed" >&2
fi

for t in clean_bytes clean_str pack_parse jsonl_record jsonl_stream corpus_model parquet_read; do
    echo "fuzz/corpus/$t: $(ls "$corpus/$t" | wc -l) seeds"
done
