"""Load a graph into a :class:`~kg.store.Store`: schema first, then nodes, then relationships.

Node rows go through a read-only check first (:func:`changed_keys`): unchanged nodes are not sent
again, new ones are CREATEd, changed ones MERGEd; relationships with an end created in this load
cannot exist yet and are CREATEd too, all others MERGEd.

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
>>> everything_new = lambda label, rows: {row["key"]: True for row in rows}
>>> for stmt, rows, n in plan(G, changed=everything_new):
...     print([line for line in stmt.splitlines() if "CREATE" in line][0], len(rows))
CREATE (n:Paper) 1
CREATE (n:Author) 1
CREATE (a)-[r:AUTHORED]->(b) 1
"""

from __future__ import annotations

import gc
import queue
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import networkx as nx

from kg.store import Counters, Store
from kg.store import rows as r
from kg.store import statements as st

DEFAULT_BATCH = 5000
CHECK_BATCH = 20000  # rows per "which nodes changed?" query
PIPELINE = 8  # encoded batches waiting for the writer thread at most


Changed = Callable[[str, list[dict[str, Any]]], dict[str, bool]]


def plan(
    G: nx.MultiDiGraph,
    *,
    batch_size: int = DEFAULT_BATCH,
    changed: Changed | None = None,
    empty: Callable[[str], bool] | None = None,
) -> Iterator[tuple[str, list[dict[str, Any]], int]]:
    """(statement, rows, rows considered) batches for G: every node group before any relationship group.

    Without ``changed`` every batch is a MERGE. With ``changed(label, rows)`` (for the rows that
    are new or changed in the database: key -> "is new"), node rows that are already stored
    unchanged are left out (the third item counts them too), new nodes are CREATEd, and so are
    relationships with an end among them; the rest is MERGEd. ``empty(label)``, when given and
    true, says the database holds no ``label`` node at all: all of them are new, no need to ask.
    A ``("", [], n)`` item stands for n rows that need nothing. Rows are made batch by batch.
    """
    created: dict[str, set[str]] = {}
    groups = list(r.node_groups(G))
    # asked for every label before anything is written (a read waits for a write running on the graph)
    empty_labels = {label for label, _ in groups if empty(label)} if empty and changed else set()
    for label, nodes in groups:
        merge, create = st.merge_nodes(label), st.create_nodes(label)
        if changed is None or label in empty_labels:
            stmt = merge if changed is None else create
            if changed is not None:
                created[label] = {key for key, _ in nodes}
            for part in r.chunks(nodes, batch_size):
                yield stmt, r.make_node_rows(label, part), len(part)
            continue
        new_keys = created.setdefault(label, set())
        for part in r.chunks(nodes, CHECK_BATCH):
            chunk = r.make_node_rows(label, part)
            todo = changed(label, [{"key": row["key"], "hash": row["hash"]} for row in chunk])
            new = [row for row in chunk if todo.get(row["key"]) is True]
            old = [row for row in chunk if todo.get(row["key"]) is False]
            new_keys.update(row["key"] for row in new)
            parts = [(create, p) for p in r.chunks(new, batch_size)]
            parts += [(merge, p) for p in r.chunks(old, batch_size)]
            skipped = len(chunk) - len(new) - len(old)
            if not parts:
                yield "", [], skipped
            for i, (stmt, rows) in enumerate(parts):
                yield stmt, rows, len(rows) + (skipped if i == 0 else 0)
    for (rel, src, dst), edges in r.edge_groups(G):
        new_src, new_dst = created.get(src, set()), created.get(dst, set())
        if new_src or new_dst:
            fresh = [e for e in edges if e[0] in new_src or e[1] in new_dst]
            if fresh:
                edges = [e for e in edges if not (e[0] in new_src or e[1] in new_dst)]
                stmt = st.create_relationships(rel, src, dst)
                for some in r.chunks(fresh, batch_size):
                    yield stmt, r.make_rel_rows(some), len(some)
        stmt = st.merge_relationships(rel, src, dst)
        for some in r.chunks(edges, batch_size):
            yield stmt, r.make_rel_rows(some), len(some)


def changed_keys(store: Store) -> Changed:
    """``changed(label, rows)`` for :func:`plan`, asking ``store`` with :func:`statements.changed_nodes`."""

    def changed(label: str, rows: list[dict[str, Any]]) -> dict[str, bool]:
        _, found = store.read(st.changed_nodes(label), {"rows": rows})
        return {row[0]: bool(row[1]) for row in found}

    return changed


def no_nodes(store: Store) -> Callable[[str], bool]:
    """``empty(label)`` for :func:`plan`: does ``store`` hold no ``label`` node at all?"""

    def empty(label: str) -> bool:
        _, found = store.read(st.any_node(label), {})
        return not found

    return empty


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
    A store that can ``prepare`` a batch (turn it into the request text) gets its batches sent by
    a writer thread while this one plans and encodes the next (see :func:`_pipelined`).
    """
    with _no_cyclic_gc():
        return _load(store, G, batch_size=batch_size, replace=replace, progress=progress)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector: a load makes millions of small, acyclic rows (freed
    by reference counting anyway), and each full collection walks the whole graph in memory again
    (measured: 1.2-1.8 s of the 5 s of client CPU of the corpus load)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(
    store: Store,
    G: nx.MultiDiGraph,
    *,
    batch_size: int,
    replace: bool,
    progress: Callable[[int], None] | None,
) -> Counters:
    total = Counters()
    if replace:
        total.add(store.wipe())
    store.setup_schema(st.schema_statements(store.dialect, "before"))
    batches = plan(G, batch_size=batch_size, changed=changed_keys(store), empty=no_nodes(store))

    def account(c: Counters, n: int, sent: bool) -> None:
        c.rows, c.batches = n, int(sent)
        total.add(c)
        if progress:
            progress(n)

    if getattr(store, "prepare", None) is None:
        for stmt, chunk, n in batches:
            account(store.write(stmt, chunk) if chunk else Counters(), n, bool(chunk))
    else:
        _pipelined(store, batches, account)
    store.setup_schema(st.schema_statements(store.dialect, "after"))
    return total


def _pipelined(
    store: Any, batches: Iterator[tuple[str, list[dict[str, Any]], int]], account: Callable[..., None]
) -> None:
    """Run ``batches`` on a store that can ``prepare`` them: this thread plans and encodes, a
    writer thread sends them one after the other, so the server is not kept waiting by the
    client (and the client not by the server). Up to :data:`PIPELINE` batches wait in between.
    Counters and progress are accounted here, in the calling thread, in batch order.
    """
    todo: queue.Queue[tuple[str | None, int] | None] = queue.Queue(maxsize=PIPELINE)
    done: queue.Queue[tuple[Counters, int, bool]] = queue.Queue()
    failed: list[BaseException] = []

    def writer() -> None:
        while (item := todo.get()) is not None:
            text, n = item
            try:
                c = store.write_prepared(text) if text is not None else Counters()
            except BaseException as exc:  # handed to the calling thread
                failed.append(exc)
                return
            done.put((c, n, text is not None))

    thread = threading.Thread(target=writer, name="kg-load-writer", daemon=True)
    thread.start()

    def put(item: tuple[str | None, int] | None) -> None:
        while thread.is_alive():
            try:
                todo.put(item, timeout=0.05)
                return
            except queue.Full:
                continue

    def drain() -> None:
        while True:
            try:
                account(*done.get_nowait())
            except queue.Empty:
                return

    try:
        for stmt, chunk, n in batches:
            text = store.prepare(stmt, chunk) if chunk else None
            if failed:
                break
            put((text, n))
            drain()
    finally:
        put(None)
        thread.join()
        drain()
    if failed:
        raise failed[0]


def load_per_row(
    store: Store,
    G: nx.MultiDiGraph,
    *,
    write: Callable[[str, list[dict[str, Any]]], Counters] | None = None,
) -> tuple[Counters, float]:
    """The slow reference path (one MERGE per row and query, indexes first), for the benchmark;
    returns counters and seconds. ``write`` replaces ``store.write`` (another way to send a query)."""
    send = write or store.write
    t0 = time.perf_counter()
    total = Counters()
    store.setup_schema(st.schema_statements(store.dialect, "before"))
    for stmt, chunk, _ in plan(G, batch_size=1):
        c = send(stmt, chunk)
        c.rows, c.batches = 1, 1
        total.add(c)
    return total, time.perf_counter() - t0
