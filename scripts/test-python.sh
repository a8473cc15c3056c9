#!/usr/bin/env bash
# Tests the Python package (python/): builds it from the same crate as the
# CLI, builds the CLI, and runs the pytest suite (API, Arrow, CLI equality,
# datatrove, PySpark in local mode).
#
#   scripts/test-python.sh [PYTEST ARGS...]
#
# Needs Python >= 3.10 with venv and pip, Rust (cargo), and Java 17+ for the
# Spark tests (skipped, with the reason, when Java is missing). Only PyPI and
# crates.io are used.
#
# The virtual environment is target/py-venv (RINSE_PY_VENV), created on the
# first run and reused: packages are reinstalled when
# python/requirements-test.txt changes. The extension builds in
# target/python (RINSE_PY_TARGET), kept between runs so that rebuilds are
# incremental. The CLI is target/debug/rinse when `cargo test` has built one,
# else a release build in target/python.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
venv=${RINSE_PY_VENV:-$root/target/py-venv}
python=${PYTHON:-python3}
start=$(date +%s)
step() { echo "test-python.sh: $* ($(( $(date +%s) - start )) s)" >&2; }

# 1. The virtual environment and the pinned test requirements.
requirements=python/requirements-test.txt
stamp=$venv/.requirements.sha256
want=$(sha256sum "$requirements" | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ]; then
    step "creating $venv"
    "$python" -m venv "$venv"
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    step "installing $requirements"
    "$venv/bin/python" -m pip install --quiet -r "$requirements"
    echo "$want" > "$stamp"
fi

# 2. The extension, built and installed into the venv (editable: python/rinse
#    is imported from the source tree, with the compiled module beside it).
step "building the extension (maturin develop --release)"
CARGO_TARGET_DIR=${RINSE_PY_TARGET:-$root/target/python} VIRTUAL_ENV=$venv PATH=$venv/bin:$PATH \
    nice "$venv/bin/maturin" develop --release --quiet -m python/Cargo.toml

# 3. The CLI the tests compare with, from the same sources. After `cargo test`
#    (the usual order) target/debug/rinse is there and up to date; otherwise
#    it is built in release mode in the extension's target folder, where it
#    shares the already compiled dependencies.
cargo_target=${CARGO_TARGET_DIR:-$root/target}
if [ -x "$cargo_target/debug/rinse" ]; then
    step "building the CLI (cargo build --bin rinse)"
    nice cargo build --quiet --bin rinse
    export RINSE_CLI=$cargo_target/debug/rinse
else
    py_target=${RINSE_PY_TARGET:-$root/target/python}
    step "building the CLI (cargo build --release --bin rinse, in $py_target)"
    CARGO_TARGET_DIR=$py_target nice cargo build --quiet --release --bin rinse
    export RINSE_CLI=$py_target/release/rinse
fi

# 4. The tests. Spark and datatrove are installed here, so their tests must
#    run (they skip only when Java is missing).
step "running pytest"
export RINSE_REQUIRE_SPARK=1 RINSE_REQUIRE_DATATROVE=1
export PYSPARK_PYTHON=$venv/bin/python PYSPARK_DRIVER_PYTHON=$venv/bin/python
status=0
(cd python && "$venv/bin/python" -m pytest -ra "$@") || status=$?
step "done, exit status $status"
exit $status
