#!/usr/bin/env bash
# Tests the Python package (python/): builds it from the same crate as the
# CLI, builds the CLI, and runs the pytest suite (API, Arrow, CLI equality,
# datatrove, PySpark and Ray Data in local mode).
#
#   scripts/test-python.sh [PYTEST ARGS...]
#
# Needs Python >= 3.10 with venv and pip, Rust (cargo), and Java 17+ for the
# Spark tests (skipped, with the reason, when Java is missing). Only PyPI and
# crates.io are used.
#
# The virtual environment and the extension: see scripts/py-env.sh. The
# CLI is target/debug/rinse when `cargo test` has built one, else a release
# build in target/python.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
# 1-2. The virtual environment, its pinned packages and the extension.
source scripts/py-env.sh

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

# 4. The tests. Spark, datatrove and Ray are installed here, so their tests
#    must run (Spark's skip only when Java is missing).
step "running pytest"
export RINSE_REQUIRE_SPARK=1 RINSE_REQUIRE_DATATROVE=1 RINSE_REQUIRE_RAY=1
export PYSPARK_PYTHON=$venv/bin/python PYSPARK_DRIVER_PYTHON=$venv/bin/python
status=0
(cd python && "$venv/bin/python" -m pytest -ra "$@") || status=$?
step "done, exit status $status"
exit $status
