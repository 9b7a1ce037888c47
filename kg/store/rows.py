"""Turn the networkx graph into row batches for the ``UNWIND $rows`` statements.

Node rows are ``{"key", "props", <union-list props>, "hash"}`` grouped by label; relationship rows are
``{"src", "dst", "props"}`` grouped by (type, source label, target label). Property values are
made storable in both engines: ``None`` is dropped (it would mean "remove"), lists become
homogeneous lists of strings/numbers, anything nested becomes JSON text.

Examples
--------
>>> from kg.graph import build_graph
>>> from kg.model import PaperRecord
>>> G = build_graph([PaperRecord(key="arxiv:2501.00001", title="T", authors=["A B"], categories=["cs.CV"],
...                              dates=["2025-01-02"])])
>>> batches = dict(node_batches(G))
>>> row = batches["Paper"][0]
>>> row["key"], row["dates"], row["props"]["title"], "dates" in row["props"]
('arxiv:2501.00001', ['2025-01-02'], 'T', False)
>>> group, rows = next(rel_batches(G))
>>> group
('AUTHORED', 'Author', 'Paper')
>>> rows
[{'src': 'author:a b', 'dst': 'arxiv:2501.00001', 'props': {'position': 0}}]
>>> count_rows(G)
5
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

import networkx as nx

from kg import model as m
from kg.store.statements import UNION_LISTS

_SKIP_NODE = ("key", "label")
_SKIP_EDGE = ("type",)


def clean_value(value: Any) -> Any:
    """A property value both engines can store, or ``None`` to leave it out.

    >>> clean_value(["a", None, 3]), clean_value({"x": 1}), clean_value(2.5), clean_value(None)
    (['a', '3'], '{"x": 1}', 2.5, None)
    >>> clean_value([1, 2])
    [1, 2]
    """
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (list, tuple, set)):
        items = [v for v in value if v is not None]
        if all(isinstance(v, str) for v in items):
            return list(items)
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in items):
            return list(items)
        return [v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in items]
    return json.dumps(value, ensure_ascii=False, default=str)


def clean_props(data: dict[str, Any], skip: tuple[str, ...]) -> dict[str, Any]:
    """Storable properties of a node or edge (``None`` values and ``skip`` names left out)."""
    out = {}
    for k, v in data.items():
        if k in skip:
            continue
        cv = clean_value(v)
        if cv is not None:
            out[str(k)] = cv
    return out


def content_hash(row: dict[str, Any]) -> str:
    """A short hash of a node row's content (key, properties, union lists; not ``hash`` itself).

    >>> a = content_hash({"key": "k", "props": {"title": "T", "n": 1}, "dates": ["2025-01-02"]})
    >>> a == content_hash({"key": "k", "props": {"n": 1, "title": "T"}, "dates": ["2025-01-02"]})
    True
    >>> a == content_hash({"key": "k", "props": {"title": "T", "n": 2}, "dates": ["2025-01-02"]})
    False
    """
    h = hashlib.blake2b(digest_size=8)
    upd = h.update
    for part in (row.get("props", {}), row):
        for k in sorted(part):
            if k in ("props", "hash"):
                continue
            v = part[k]
            upd(k.encode())
            upd(b"\x00")
            upd(b"s" + v.encode() if type(v) is str else repr(v).encode())
            upd(b"\x01")
    return h.hexdigest()


def node_rows(G: nx.MultiDiGraph, label: str) -> list[dict[str, Any]]:
    """Rows for all ``label`` nodes of G, sorted by key."""
    union = UNION_LISTS.get(label, ())
    rows = []
    for key, data in G.nodes(data=True):
        if data.get("label") != label:
            continue
        props = clean_props(data, _SKIP_NODE + union)
        row: dict[str, Any] = {"key": str(key), "props": props}
        for prop in union:
            row[prop] = clean_value(data.get(prop)) or []
        row["hash"] = content_hash(row)
        rows.append(row)
    rows.sort(key=lambda r: r["key"])
    return rows


def node_batches(G: nx.MultiDiGraph) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """(label, rows) for every label present in G, in the order of :data:`kg.model.LABELS`."""
    for label in m.LABELS:
        rows = node_rows(G, label)
        if rows:
            yield label, rows
    unknown = {d.get("label") for _, d in G.nodes(data=True)} - set(m.LABELS)
    if unknown:
        raise ValueError(f"graph has nodes with unknown labels: {sorted(map(str, unknown))}")


def rel_batches(G: nx.MultiDiGraph) -> Iterator[tuple[tuple[str, str, str], list[dict[str, Any]]]]:
    """((type, source label, target label), rows) for every relationship group in G."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for src, dst, rel, data in G.edges(keys=True, data=True):
        rtype = data.get("type", rel)
        group = (str(rtype), G.nodes[src]["label"], G.nodes[dst]["label"])
        if rtype not in m.REL_TYPES or group[1:] not in m.REL_TYPES[rtype]:
            raise ValueError(f"relationship {rtype} from {group[1]} to {group[2]} is not in the model")
        groups.setdefault(group, []).append(
            {"src": str(src), "dst": str(dst), "props": clean_props(data, _SKIP_EDGE)}
        )
    order = {rel: i for i, rel in enumerate(m.REL_TYPES)}
    for group in sorted(groups, key=lambda g: (order[g[0]], g[1], g[2])):
        yield group, sorted(groups[group], key=lambda r: (r["src"], r["dst"]))


def count_rows(G: nx.MultiDiGraph) -> int:
    """Total rows a load sends (nodes + relationships)."""
    return G.number_of_nodes() + G.number_of_edges()


def chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    """Split rows into batches of at most ``size``.

    >>> [len(c) for c in chunks([{}] * 5, 2)]
    [2, 2, 1]
    """
    if size < 1:
        raise ValueError("batch size must be at least 1")
    for i in range(0, len(rows), size):
        yield rows[i : i + size]
