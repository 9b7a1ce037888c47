"""Load a graph into a :class:`~kg.store.Store`: schema first, then nodes, then relationships.

Examples
--------
>>> from kg.graph import build_graph
>>> from kg.model import PaperRecord
>>> G = build_graph([PaperRecord(key="arxiv:2501.00001", title="T", authors=["A B"])])
>>> for stmt, rows, n in plan(G, batch_size=10):
...     print(stmt.splitlines()[1], len(rows))
MERGE (n:Paper {key: row.key}) 1
MERGE (n:Author {key: row.key}) 1
MATCH (a:Author {key: row.src}) 1
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import networkx as nx

from kg.store import Counters, Store
from kg.store import rows as r
from kg.store import statements as st

DEFAULT_BATCH = 5000
CHECK_BATCH = 20000  # rows per "which nodes changed?" query


def plan(
    G: nx.MultiDiGraph,
    *,
    batch_size: int = DEFAULT_BATCH,
    changed: Callable[[str, list[dict[str, Any]]], set[str]] | None = None,
) -> Iterator[tuple[str, list[dict[str, Any]], int]]:
    """(statement, rows, rows considered) batches for G: every node group before any relationship group.

    With ``changed(label, rows)`` (the keys of rows that are new or changed in the database), node
    rows that are already stored unchanged are left out; the third item counts them too.
    """
    for label, rows in r.node_batches(G):
        stmt = st.merge_nodes(label)
        for chunk in r.chunks(rows, CHECK_BATCH if changed else batch_size):
            todo = chunk
            if changed is not None:
                keys = changed(label, [{"key": row["key"], "hash": row["hash"]} for row in chunk])
                todo = [row for row in chunk if row["key"] in keys]
            sub = list(r.chunks(todo, batch_size)) or [[]]
            for i, part in enumerate(sub):
                if part:
                    yield stmt, part, len(part) + (len(chunk) - len(todo) if i == 0 else 0)
                elif i == 0:
                    yield "", [], len(chunk)
    for (rel, src, dst), rows in r.rel_batches(G):
        stmt = st.merge_relationships(rel, src, dst)
        for chunk in r.chunks(rows, batch_size):
            yield stmt, chunk, len(chunk)


def changed_keys(store: Store) -> Callable[[str, list[dict[str, Any]]], set[str]]:
    """``changed(label, rows)`` for :func:`plan`, asking ``store`` with :func:`statements.changed_nodes`."""

    def changed(label: str, rows: list[dict[str, Any]]) -> set[str]:
        _, found = store.read(st.changed_nodes(label), {"rows": rows})
        return {row[0] for row in found}

    return changed


def load(
    store: Store,
    G: nx.MultiDiGraph,
    *,
    batch_size: int = DEFAULT_BATCH,
    replace: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Counters:
    """Load G into ``store`` (wiping it first when ``replace``); return the summed counters.

    Indexes first, then every node batch, then every relationship batch, then what the dialect
    builds after the data. ``progress(n)`` is called after every batch with its number of rows.
    A store that can ``prepare`` a batch (turn it into the request text) gets the next batch
    prepared in a helper thread while the current one runs on the server.
    """
    total = Counters()
    if replace:
        total.add(store.wipe())
    store.setup_schema(st.schema_statements(store.dialect, "before"))
    prepare = getattr(store, "prepare", None)
    batches = plan(G, batch_size=batch_size, changed=changed_keys(store))

    def account(c: Counters, n: int, sent: bool) -> None:
        c.rows, c.batches = n, int(sent)
        total.add(c)
        if progress:
            progress(n)

    if prepare is None:
        for stmt, chunk, n in batches:
            account(store.write(stmt, chunk) if chunk else Counters(), n, bool(chunk))
    else:
        run_prepared = store.write_prepared  # type: ignore[attr-defined]
        with ThreadPoolExecutor(max_workers=1) as pool:
            pending: list[tuple[Future[Any] | None, int]] = []

            def finish(fut: Future[Any] | None, n: int) -> None:
                account(run_prepared(fut.result()) if fut else Counters(), n, fut is not None)

            for stmt, chunk, n in batches:
                pending.append((pool.submit(prepare, stmt, chunk) if chunk else None, n))
                if len(pending) > 1:
                    finish(*pending.pop(0))
            for fut, n in pending:
                finish(fut, n)
    store.setup_schema(st.schema_statements(store.dialect, "after"))
    return total


def load_per_row(store: Store, G: nx.MultiDiGraph) -> tuple[Counters, float]:
    """The slow reference path (one row per query), for the benchmark; returns counters and seconds."""
    t0 = time.perf_counter()
    total = Counters()
    store.setup_schema(st.schema_statements(store.dialect, "before"))
    for stmt, chunk, _ in plan(G, batch_size=1):
        c = store.write(stmt, chunk)
        c.rows, c.batches = 1, 1
        total.add(c)
    return total, time.perf_counter() - t0
