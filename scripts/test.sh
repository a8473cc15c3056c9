#!/usr/bin/env bash
# The whole test suite, as CI runs it: the Rust tests (unit, golden samples,
# CLI, JSON Lines, properties, every rule's examples), then the Python
# package's (API, Arrow, CLI equality, datatrove, PySpark in local mode),
# then the gates every commit passes: formatting, clippy with warnings
# denied, and the API docs with broken links denied.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace
bash scripts/test-python.sh
for component in rustfmt clippy; do
    if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
        echo "test.sh: cargo ${component/rustfmt/fmt} is missing: installing the $component component" >&2
        rustup component add "$component"
    fi
done
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
RUSTDOCFLAGS=-Dwarnings cargo doc --workspace --no-deps --quiet
