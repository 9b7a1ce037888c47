"""The Neo4j store. Neo4j cannot run here, so the unit tests replace only the driver object
(``GraphDatabase.driver``) and pin the exact statements and parameters sent through it; the
integration test at the end runs against a real server when NEO4J_URI is set."""

from __future__ import annotations

import os
from typing import Any

import pytest
from neo4j import GraphDatabase
from neo4j import exceptions as nex

from kg.errors import ConfigError, StoreError
from kg.graph import counts
from kg.store import loader, rows
from kg.store import neo4j as n4
from kg.store import statements as st
from tests.test_store_graph import make_graph, seed_records


def neo_error(code: str, message: str) -> Exception:
    return nex.Neo4jError._hydrate_neo4j(code=code, message=message)


class FakeCounters:
    def __init__(self, **kw: int) -> None:
        for k in (
            "nodes_created",
            "nodes_deleted",
            "relationships_created",
            "relationships_deleted",
            "properties_set",
        ):
            setattr(self, k, kw.get(k, 0))


class FakeResult:
    def __init__(self, counters: FakeCounters, records: list[dict[str, Any]] | None = None) -> None:
        self._counters, self._records = counters, records or []

    def consume(self) -> Any:
        return type("Summary", (), {"counters": self._counters})()

    def keys(self) -> list[str]:
        return list(self._records[0]) if self._records else []

    def __iter__(self) -> Any:
        return iter(type("Rec", (), {"values": lambda self, r=r: list(r.values())})() for r in self._records)


class FakeDriver:
    """Records every call the store makes; ``fail`` maps a call name to an exception to raise."""

    def __init__(self, uri: str, auth: tuple[str, str], fail: dict[str, Exception] | None = None) -> None:
        self.uri, self.auth, self.fail = uri, auth, fail or {}
        self.calls: list[tuple[Any, ...]] = []
        self.deleted = 3
        self.holds_nodes = False  # answer to "is there any node of this label?"

    def verify_connectivity(self) -> None:
        self.calls.append(("verify",))
        if "verify" in self.fail:
            raise self.fail["verify"]

    def session(self, database: str | None = None) -> FakeSession:
        self.calls.append(("session", database))
        return FakeSession(self)

    def close(self) -> None:
        self.calls.append(("close",))


class FakeSession:
    def __init__(self, driver: FakeDriver) -> None:
        self.d = driver

    def __enter__(self) -> FakeSession:
        return self

    def __exit__(self, *a: object) -> None:
        pass

    def run(self, query: str) -> FakeResult:
        self.d.calls.append(("auto", query))
        if "auto" in self.d.fail:
            raise self.d.fail["auto"]
        return FakeResult(FakeCounters())

    def execute_write(self, fn: Any, *args: Any) -> Any:
        self.d.calls.append(("write_tx",))
        return fn(FakeTx(self.d, "write"), *args)

    def execute_read(self, fn: Any, *args: Any) -> Any:
        self.d.calls.append(("read_tx",))
        return fn(FakeTx(self.d, "read"), *args)


class FakeTx:
    def __init__(self, driver: FakeDriver, mode: str) -> None:
        self.d, self.mode = driver, mode

    def run(self, query: str, params: dict[str, Any]) -> FakeResult:
        self.d.calls.append(("run", self.mode, query, params))
        if "run" in self.d.fail and self.mode == "write" and query.startswith("UNWIND"):
            raise self.d.fail["run"]
        if query == st.WIPE_BATCH:
            n, self.d.deleted = self.d.deleted, 0
            return FakeResult(FakeCounters(nodes_deleted=n))
        if query.startswith("MATCH (n:") and query.endswith("LIMIT 1"):  # any node of a label?
            return FakeResult(FakeCounters(), [{"key": "x"}] if self.d.holds_nodes else [])
        if "RETURN row.key AS key" in query:  # which nodes changed? all of them, and all new
            return FakeResult(FakeCounters(), [{"key": row["key"], "new": True} for row in params["rows"]])
        if query.startswith("UNWIND"):
            created = len(params["rows"])
            key = "nodes_created" if "(n:" in query else "relationships_created"
            return FakeResult(FakeCounters(**{key: created}))
        return FakeResult(FakeCounters(), [{"author": "A", "papers": 2}])


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    made: dict[str, Any] = {"fail": {}}

    def driver(uri: str, *, auth: tuple[str, str]) -> FakeDriver:
        made["driver"] = FakeDriver(uri, auth, made["fail"])
        return made["driver"]

    monkeypatch.setattr(GraphDatabase, "driver", driver)
    return made


@pytest.mark.parametrize("holds_nodes", [False, True])
def test_load_sends_schema_then_nodes_then_relationships(fake, holds_nodes):
    G = make_graph(seed_records()[:2])
    with n4.Neo4jStore("neo4j+s://x.databases.neo4j.io", "neo4j", "pw", "papers") as store:
        fake["driver"].holds_nodes = holds_nodes
        c = loader.load(store, G, batch_size=1000)
    d = fake["driver"]
    assert d.uri == "neo4j+s://x.databases.neo4j.io" and d.auth == ("neo4j", "pw")
    assert d.calls[:3] == [("verify",), ("session", "papers"), ("auto", "RETURN 1")]
    runs = [c for c in d.calls if c[0] == "run"]
    schema = st.schema_statements("neo4j")
    assert [(m, q, p) for _, m, q, p in runs[: len(schema)]] == [("write", s, {}) for s in schema]
    # is any label empty? asked for all labels before anything is written
    want = [("read", st.any_node(label), {}) for label, _ in rows.node_batches(G)]
    for label, r in rows.node_batches(G):
        if holds_nodes:  # not an empty label: ask which rows are new or changed (here: all new)
            want.append(
                ("read", st.changed_nodes(label), {"rows": [{"key": x["key"], "hash": x["hash"]} for x in r]})
            )
        want.append(("write", st.create_nodes(label), {"rows": r}))
    # every node was created in this load, so every relationship is new too
    want += [("write", st.create_relationships(*g), {"rows": r}) for g, r in rows.rel_batches(G)]
    assert [(m, q, p) for _, m, q, p in runs[len(schema) :]] == want
    # one managed transaction per statement, every session on the chosen database
    assert sum(1 for c in d.calls if c == ("write_tx",)) == sum(1 for r in runs if r[1] == "write")
    assert {c[1] for c in d.calls if c[0] == "session"} == {"papers"}
    assert c.nodes_created == G.number_of_nodes() and c.relationships_created == G.number_of_edges()
    assert d.calls[-1] == ("close",)


def test_merge_statements_stay_pinned():
    """The MERGE twins (changed nodes, relationships between nodes that existed before the load)."""
    union = (
        "    n.{0} = coalesce(n.{0}, []) + [x IN coalesce(row.{0}, []) WHERE NOT x IN coalesce(n.{0}, [])]"
    )
    assert st.merge_nodes("Paper") == (
        "UNWIND $rows AS row\nMERGE (n:Paper {key: row.key})\n"
        "WITH n, row\nWHERE n.kg_hash IS NULL OR n.kg_hash <> row.hash\n"
        "SET n += row.props,\n    n.kg_hash = row.hash,\n"
        + ",\n".join(union.format(p) for p in ("dates", "categories", "sources"))
    )
    assert st.merge_relationships("AUTHORED", "Author", "Paper") == (
        "UNWIND $rows AS row\nMATCH (a:Author {key: row.src})\nMATCH (b:Paper {key: row.dst})\n"
        "MERGE (a)-[r:AUTHORED]->(b)\nSET r += row.props"
    )


def test_exact_first_node_batch(fake):
    from kg.graph import build_graph
    from kg.model import PaperRecord

    G = build_graph([PaperRecord(key="arxiv:2501.00001", title="T", authors=["Ann Lee"], dates=["2025-01-02"],
                                 categories=["cs.CV"], primary_category="cs.CV", source="d.md")])  # fmt: skip
    with n4.Neo4jStore("bolt://localhost:7687", "neo4j", "pw") as store:
        loader.load(store, G)
    runs = [
        c for c in fake["driver"].calls if c[0] == "run" and c[1] == "write" and c[2].startswith("UNWIND")
    ]
    assert runs[0][2] == (
        "UNWIND $rows AS row\nCREATE (n:Paper)\n"
        "SET n += row.props,\n    n.key = row.key,\n    n.kg_hash = row.hash,\n"
        "    n.dates = row.dates,\n    n.categories = row.categories,\n    n.sources = row.sources"
    )
    row = runs[0][3]["rows"][0]
    assert row["hash"] == rows.content_hash({k: v for k, v in row.items() if k != "hash"})
    assert runs[0][3] == {
        "rows": [
            {
                "key": "arxiv:2501.00001",
                "hash": row["hash"],
                "props": {
                    "external": False,
                    "title": "T",
                    "primary_category": "cs.CV",
                    "authors": ["Ann Lee"],
                    "ai_missing": [],
                },
                "dates": ["2025-01-02"],
                "categories": ["cs.CV"],
                "sources": ["d.md"],
            }
        ]
    }  # fmt: skip
    assert runs[-1][3] == {
        "rows": [{"src": "arxiv:2501.00001", "dst": "category:cs.CV", "props": {"primary": True}}]
    }


def test_replace_deletes_in_batches_first(fake):
    with n4.Neo4jStore("bolt://localhost:7687", "neo4j", "pw") as store:
        c = loader.load(store, make_graph(seed_records()[:1]), replace=True)
    runs = [c for c in fake["driver"].calls if c[0] == "run"]
    assert [r[2:] for r in runs[:2]] == [(st.WIPE_BATCH, {"limit": 10000})] * 2  # until nothing is deleted
    assert c.nodes_deleted == 3


def test_query_is_a_read_transaction_with_parameters(fake):
    with n4.Neo4jStore("bolt://localhost:7687", "neo4j", "pw") as store:
        cols, rows_ = store.read("MATCH (a:Author) RETURN a.name AS author LIMIT $limit", {"limit": 3})
    runs = [c for c in fake["driver"].calls if c[0] == "run"]
    assert runs == [("run", "read", "MATCH (a:Author) RETURN a.name AS author LIMIT $limit", {"limit": 3})]
    assert (cols, rows_) == (["author", "papers"], [["A", 2]])


@pytest.mark.parametrize(
    ("where", "exc", "message"),
    [
        (
            "verify",
            nex.ServiceUnavailable("Couldn't connect to localhost:7687"),
            "cannot reach Neo4j at bolt://",
        ),
        (
            "verify",
            neo_error("Neo.ClientError.Security.Unauthorized", "bad"),
            "refused user 'neo4j': wrong user",
        ),
        (
            "auto",
            neo_error("Neo.ClientError.Database.DatabaseNotFound", "Graph not found"),
            "no database named 'nope'",
        ),
        ("run", nex.SessionExpired("gone"), "lost the connection .* during the load; re-run"),
        ("run", nex.ServiceUnavailable("gone"), "lost the connection .* during the load; re-run"),
    ],
)
def test_faults_are_one_clear_store_error(fake, where, exc, message):
    fake["fail"][where] = exc
    with (
        pytest.raises(StoreError, match=message) as info,
        n4.Neo4jStore("bolt://localhost:7687", "neo4j", "pw", "nope") as store,
    ):
        loader.load(store, make_graph(seed_records()[:1]))
    assert info.value.exit_code == 2 and "\n" not in str(info.value)


def test_uri_schemes():
    for uri in (
        "bolt://h:7687",
        "bolt+s://h",
        "neo4j://h",
        "neo4j+s://x.databases.neo4j.io",
        "neo4j+ssc://h",
    ):
        assert n4.check_uri(uri) == uri
    with pytest.raises(ConfigError):
        n4.check_uri("localhost:7687")


@pytest.mark.skipif(
    not os.environ.get("NEO4J_URI"), reason="NEO4J_URI is not set (no Neo4j server to test against)"
)
def test_real_neo4j_load_is_idempotent_and_recipes_run():
    """Integration: loads twice into a real Neo4j 5 and runs every recipe (set NEO4J_URI/USER/PASSWORD)."""
    from kg.store import recipes

    G = make_graph()
    store = n4.Neo4jStore(
        os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""),
        os.environ.get("NEO4J_DATABASE") or None,
    )  # fmt: skip
    with store:
        first = loader.load(store, G, replace=True)
        again = loader.load(store, G)
        assert first.nodes_created == G.number_of_nodes() and again.nodes_created == 0
        assert again.relationships_created == 0
        _, got = store.read("MATCH (n) RETURN labels(n)[0] AS l, count(*) AS c ORDER BY l", {})
        assert dict((lab, c) for lab, c in got) == counts(G)["nodes"]
        p0 = seed_records()[0].key
        args = {
            "author": "Xiwen Chen",
            "from_author": "Xiwen Chen",
            "to_author": "Gen Li",
            "paper": p0,
            "method": "optimal transport",
            "dataset": "KADID-10k",
            "entity": "OTPrune",
            "category": "cs.CV",
            "date": "2026-02-24",
            "text": "pruning",
        }
        for r in recipes.all_recipes().values():
            params = r.bind({k: v for k, v in args.items() if k in r.params})
            store.read(r.query, params)
        _, top = store.read(recipes.get("top-methods").query, {"limit": 1})
        assert top[0][0] == "optimal transport"
