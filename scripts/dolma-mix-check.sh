#!/usr/bin/env bash
# Checks rinse's Dolma attributes with Dolma's own mixer, as a Dolma user
# applies them: the samples as one JSON Lines shard under documents/,
# `rinse clean --dolma-attributes rinse`, then `dolma mix` with a
# span_replacement that replaces the residue spans with nothing. Prints how
# many mixed texts equal rinse's clean text exactly, and up to the blank
# lines of the original (which rinse drops and the mixer keeps), and lists
# the others (rinse's normalization: no-break spaces, invisible characters,
# a byte-order mark, which no span can express).
#
#   scripts/dolma-mix-check.sh
#
# Needs Python 3 and network access to PyPI: it installs dolma 1.2.1 into
# target/dolma-venv the first time (several minutes: a dependency builds
# from source). Not part of the test suite; tests/jsonl.rs checks the spans
# the same way without Dolma.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${DOLMA_VENV:-target/dolma-venv}
if [ ! -x "$venv/bin/dolma" ]; then
    echo "dolma-mix-check.sh: installing dolma 1.2.1 into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet dolma==1.2.1
fi
cargo build --release --quiet --bin rinse
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in/documents"
python3 - "$work" <<'EOF'
import gzip, json, os, sys
work = sys.argv[1]
with gzip.open(f"{work}/in/documents/part-0.jsonl.gz", "wt", encoding="utf-8") as f:
    for name in sorted(os.listdir("samples/raw")):
        text = open(f"samples/raw/{name}", encoding="utf-8", newline="").read()
        f.write(json.dumps({"id": name, "text": text, "source": "samples"}, ensure_ascii=False) + "\n")
EOF
./target/release/rinse clean "$work/in/documents" -o "$work/out/documents" --dolma-attributes rinse -q --no-corpus
cat > "$work/mix.yaml" <<EOF
streams:
  - name: rinse
    documents:
      - $work/in/documents/*.jsonl.gz
    attributes:
      - rinse
    output:
      path: $work/mixed
      max_size_in_bytes: 1000000000
    span_replacement:
      - span: "\$.attributes.rinse__rinse__residue"
        min_score: 0.5
        replacement: ""
processes: 1
EOF
"$venv/bin/dolma" -c "$work/mix.yaml" mix >"$work/mix.log" 2>&1 || { cat "$work/mix.log" >&2; exit 1; }
python3 - "$work" <<'EOF'
import glob, gzip, json, sys
work = sys.argv[1]
def texts(pattern):
    out = {}
    for path in glob.glob(pattern):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                out[record["id"]] = record["text"]
    return out
mixed = texts(f"{work}/mixed/*.gz")
clean = texts(f"{work}/out/documents/*.gz")
assert sorted(mixed) == sorted(clean), "the mixer dropped or added records"
same = [k for k in clean if mixed[k] == clean[k]]
def lines(t):
    return [l for l in t.splitlines() if l.strip()]
near = [k for k in clean if lines(mixed[k]) == lines(clean[k])]
print(f"{len(clean)} records: mixed text = rinse's clean text for {len(same)}, "
      f"the same lines (blank lines aside) for {len(near)}")
for k in sorted(set(clean) - set(near)):
    print(f"  differs: {k}")
EOF
