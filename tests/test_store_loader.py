"""The loader's fast paths: CREATE for what is new, MERGE for the rest, the writer thread, the row text."""

from __future__ import annotations

import dataclasses
import gc
import threading
from typing import Any

import networkx as nx
import pytest

from kg.errors import StoreError
from kg.graph import counts
from kg.store import Counters, falkordb, loader, rows
from kg.store import statements as st
from kg.store.literal import cypher_value
from tests.test_store_falkordb import db_counts
from tests.test_store_graph import make_graph, seed_records


@pytest.fixture
def store(falkor_store: falkordb.FalkorStore) -> falkordb.FalkorStore:
    """A fresh graph on the session's FalkorDB server (see conftest.py)."""
    return falkor_store


def test_plan_creates_only_what_is_new():
    G = make_graph(seed_records()[:3])
    old_paper = seed_records()[0].key

    def changed(label: str, check: list[dict[str, Any]]) -> dict[str, bool]:
        # one paper is stored already (but changed); everything else is new
        return {r["key"]: r["key"] != old_paper for r in check}

    sent = list(loader.plan(G, batch_size=1000, changed=changed))
    by_stmt: dict[str, list[dict[str, Any]]] = {}
    for stmt, batch, _ in sent:
        by_stmt.setdefault(stmt, []).extend(batch)
    assert [r["key"] for r in by_stmt[st.merge_nodes("Paper")]] == [old_paper]
    assert old_paper not in {r["key"] for r in by_stmt[st.create_nodes("Paper")]}
    # its authors are new, so all its AUTHORED links are created; its category links are MERGEd
    # only where the category existed before (none did: every category is new here)
    created = by_stmt[st.create_relationships("AUTHORED", "Author", "Paper")]
    assert {r["dst"] for r in created} == {r.key for r in seed_records()[:3]}
    assert st.merge_relationships("IN_CATEGORY", "Paper", "Category") not in by_stmt
    assert sum(n for _, _, n in sent) == rows.count_rows(G)


def test_plan_merges_relationships_between_nodes_that_existed():
    G = make_graph(seed_records()[:2])
    sent = list(loader.plan(G, changed=lambda label, check: {r["key"]: False for r in check}))
    stmts = {stmt for stmt, batch, _ in sent if batch}
    assert not any("CREATE" in s for s in stmts)
    assert st.merge_relationships("AUTHORED", "Author", "Paper") in stmts


def test_plan_skips_unchanged_nodes_and_counts_them():
    G = make_graph(seed_records()[:2])
    sent = list(loader.plan(G, changed=lambda label, check: {}))
    assert all(stmt == "" and batch == [] for stmt, batch, _ in sent[:3])
    assert sum(n for _, _, n in sent) == rows.count_rows(G)


def test_new_authors_on_stored_papers_and_stored_authors_on_new_papers(store):
    """Day 2 mixes new and stored nodes on both ends of AUTHORED: CREATE where an end is new,
    MERGE where both ends were stored; no duplicates either way, and a third load creates nothing."""
    recs = seed_records()
    day1 = make_graph(recs[:20])
    extra = dataclasses.replace(recs[3], authors=[*recs[3].authors, "Zed Newcomer"], dates=["2026-02-27"])
    new_paper = dataclasses.replace(recs[30], authors=[recs[0].authors[0], "Yan Other"])
    day2 = make_graph([extra, new_paper, *recs[10:20]])
    loader.load(store, day1)
    c2 = loader.load(store, day2)
    full = nx.compose(day1, day2)
    assert db_counts(store) == counts(full)
    assert c2.nodes_created == full.number_of_nodes() - day1.number_of_nodes() >= 3
    assert c2.relationships_created == full.number_of_edges() - day1.number_of_edges()
    _, got = store.read(
        "MATCH (a:Author)-[r:AUTHORED]->(p:Paper {key: $k}) RETURN count(r)", {"k": recs[3].key}
    )
    assert got == [[len(recs[3].authors) + 1]]
    again = loader.load(store, day2)
    assert (again.nodes_created, again.relationships_created, again.properties_set) == (0, 0, 0)


def test_values_survive_the_header_text(store):
    """Quotes, backslashes, newlines, control characters and non-ASCII, in scalars and lists."""
    odd = ['say "hi"', "back\\slash", "two\nlines\ttab", "é 中 😀", "\\", '"', "x\\u0041", "c\x01d\x1f"]
    G = make_graph(seed_records()[:1])
    p = seed_records()[0].key
    G.nodes[p]["title"] = "".join(odd)
    G.nodes[p]["keywords"] = odd
    G.nodes[p]["dates"] = [*G.nodes[p]["dates"], 'date"\\']
    loader.load(store, G)
    _, got = store.read("MATCH (p:Paper {key: $k}) RETURN p.title, p.keywords, p.dates", {"k": p})
    assert got == [["".join(odd), odd, G.nodes[p]["dates"]]]
    # reading with parameters uses the same text: a parameter with the same oddities matches
    _, got = store.read("MATCH (p:Paper) WHERE p.title = $t RETURN p.key", {"t": "".join(odd)})
    assert got == [[p]]


def test_row_text_is_the_literal_of_the_row_and_the_hash_covers_it():
    G = make_graph(seed_records()[:2])
    for label, batch in rows.node_batches(G):
        for row in batch:
            assert isinstance(row, rows.Row) and row.text == cypher_value(dict(row)), label
            assert row["hash"] == rows.content_hash(row)
    # any change of content changes the hash, the order of properties does not
    row = next(rows.node_batches(G))[1][0]
    flipped = {**row, "props": dict(reversed(list(row["props"].items())))}
    assert rows.content_hash(flipped) == row["hash"]
    assert rows.content_hash({**row, "props": {**row["props"], "title": "other"}}) != row["hash"]


class _FailingStore:
    """A store that prepares batches and fails on the third one it runs."""

    dialect = "falkordb"
    where = "nowhere"

    def __init__(self) -> None:
        self.ran = 0

    def setup_schema(self, statements: list[str]) -> None:
        pass

    def read(self, query: str, params: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
        return ["key"], []

    def prepare(self, statement: str, batch: list[dict[str, Any]]) -> str:
        return statement

    def write_prepared(self, text: str) -> Counters:
        self.ran += 1
        if self.ran == 3:
            raise StoreError("lost the connection to nowhere during the load; re-run")
        return Counters(nodes_created=1)


def test_a_failing_batch_stops_the_load_with_its_error_and_no_thread_left():
    before = threading.active_count()
    s = _FailingStore()
    with pytest.raises(StoreError, match="lost the connection"):
        loader.load(s, make_graph(), batch_size=5)
    assert s.ran == 3  # nothing is sent after the failure
    assert threading.active_count() == before
    assert gc.isenabled()  # the collector paused during the load is back


def test_progress_and_counters_are_in_order_through_the_writer_thread(store):
    G = make_graph()
    seen: list[int] = []
    c = loader.load(store, G, batch_size=7, progress=seen.append)
    assert sum(seen) == c.rows == rows.count_rows(G)
    assert c.batches == len([n for n in seen if n]) > 20
    assert (c.nodes_created, c.relationships_created) == (G.number_of_nodes(), G.number_of_edges())
    assert gc.isenabled()
