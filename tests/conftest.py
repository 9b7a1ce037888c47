"""Shared fixtures. Real corpora are read from ../shared/corpus (tests skip with the reason when absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CORPUS = Path(os.environ.get("PAPERKG_CORPUS", ROOT.parent / "shared" / "corpus"))
SEED = ROOT / "examples" / "000_ec6094f0c297707c.txt"

collect_ignore = ["bench"]


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus folder, or skip: it lives outside the repo (../shared/corpus)."""
    if not (CORPUS / "digests-md").is_dir():
        pytest.skip(
            f"shared corpus not found at {CORPUS} (set PAPERKG_CORPUS or put ../shared beside the repo)"
        )
    return CORPUS


@pytest.fixture(scope="session")
def seed() -> Path:
    """The demo digest in examples/."""
    return SEED


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """tests/data: small files the team wrote."""
    return DATA
