#!/usr/bin/env bash
# The whole test suite, as CI runs it: the Rust tests (unit, golden samples,
# CLI, JSON Lines, properties, every rule's examples), then the Python
# package's (API, Arrow, CLI equality, datatrove, PySpark in local mode).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test
bash scripts/test-python.sh
