"""Shared fixtures: the repository's samples and the rinse CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


def read_text(path: Path) -> str:
    """A file's text exactly as the CLI reads it: UTF-8, newlines untouched."""
    return path.read_bytes().decode("utf-8")


def sample_names() -> list[str]:
    """Cases with both a raw input and an expected output."""
    return sorted(
        p.name for p in (SAMPLES / "raw").glob("*.txt") if (SAMPLES / "clean" / p.name).is_file()
    )


@pytest.fixture(scope="session")
def samples() -> dict[str, tuple[str, str]]:
    """name -> (raw text, expected clean text)."""
    return {
        name: (read_text(SAMPLES / "raw" / name), read_text(SAMPLES / "clean" / name))
        for name in sample_names()
    }


@pytest.fixture(scope="session")
def cli() -> Path:
    """The rinse CLI of this checkout.

    ``RINSE_CLI`` names a binary (scripts/test-python.sh builds one and sets
    it); otherwise ``cargo build --bin rinse`` builds (or finds up to date)
    ``target/debug/rinse``, so the CLI is never older than the sources.
    """
    if os.environ.get("RINSE_CLI"):
        path = Path(os.environ["RINSE_CLI"])
        assert path.is_file(), f"RINSE_CLI={path} does not exist"
        return path
    cargo = shutil.which("cargo")
    if cargo is None:
        pytest.skip("cargo not found: cannot build the rinse CLI (set RINSE_CLI)")
    subprocess.run([cargo, "build", "--quiet", "--bin", "rinse"], cwd=ROOT, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    if not target.is_absolute():
        target = ROOT / target
    return target / "debug" / "rinse"


def run_cli(cli: Path, *args: str, input: bytes | None = None) -> bytes:
    """Runs the CLI and returns its stdout; fails the test on a non-zero exit."""
    proc = subprocess.run([str(cli), *args], input=input, capture_output=True)
    assert proc.returncode == 0, f"rinse {' '.join(args)} exited {proc.returncode}: {proc.stderr.decode()}"
    return proc.stdout
