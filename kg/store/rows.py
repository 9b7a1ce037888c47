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
import math
from collections.abc import Iterator
from typing import Any, TypeVar

import networkx as nx

from kg import model as m
from kg.store.literal import cypher_value
from kg.store.statements import UNION_LISTS

T = TypeVar("T")
_SKIP_NODE = ("key", "label")
_SKIP_EDGE = frozenset(("type",))
_STR = {str}


def clean_value(value: Any) -> Any:
    """A property value both engines can store, or ``None`` to leave it out (also NaN and ±inf,
    which neither engine's parameters can carry).

    >>> clean_value(["a", None, 3]), clean_value({"x": 1}), clean_value(2.5), clean_value(None)
    (['a', '3'], '{"x": 1}', 2.5, None)
    >>> clean_value([1, 2]), clean_value(float("nan")), clean_value([1.5, float("inf")])
    ([1, 2], None, [1.5])
    """
    t = type(value)
    if t is str or t is int or t is bool:
        return value
    if value is None:
        return None
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (str, int)):  # subclasses (bool is an int)
        return value
    if isinstance(value, (list, tuple, set)):
        if set(map(type, value)) == _STR:  # the common case
            return list(value)
        items = [v for v in value if v is not None and not (isinstance(v, float) and not math.isfinite(v))]
        if all(isinstance(v, str) for v in items):
            return items
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in items):
            return items
        return [v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in items]
    return json.dumps(value, ensure_ascii=False, default=str)


def clean_props(data: dict[str, Any], skip: tuple[str, ...] | frozenset[str]) -> dict[str, Any]:
    """Storable properties of a node or edge (``None`` values and ``skip`` names left out)."""
    out = {}
    for k, v in data.items():
        if k in skip:
            continue
        t = type(v)
        if t is str or t is int or t is bool:  # the common case, inline
            out[k if type(k) is str else str(k)] = v
            continue
        cv = clean_value(v)
        if cv is not None:
            out[str(k)] = cv
    return out


class Row(dict[str, Any]):
    """A node row that also carries its Cypher literal text (``text``, hash included), made once
    for the content hash; stores that send rows as text (FalkorDB) send it as it is. Rows are
    never changed after they are made."""

    __slots__ = ("text",)
    text: str


def _canonical(row: dict[str, Any]) -> dict[str, Any]:
    return {k: dict(sorted(row[k].items())) if k == "props" else row[k] for k in sorted(row) if k != "hash"}


def _hash_of(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def content_hash(row: dict[str, Any]) -> str:
    """A short hash of a node row's content (key, properties, union lists; not ``hash`` itself),
    taken from its canonical Cypher literal text (names sorted).

    >>> a = content_hash({"key": "k", "props": {"title": "T", "n": 1}, "dates": ["2025-01-02"]})
    >>> a == content_hash({"key": "k", "props": {"n": 1, "title": "T"}, "dates": ["2025-01-02"]})
    True
    >>> a == content_hash({"key": "k", "props": {"title": "T", "n": 2}, "dates": ["2025-01-02"]})
    False
    >>> a == content_hash({"dates": ["2025-01-02"], "props": {"title": "T", "n": 1}, "key": "k", "hash": "x"})
    True
    """
    return _hash_of(cypher_value(_canonical(row)))


def node_groups(G: nx.MultiDiGraph) -> Iterator[tuple[str, list[tuple[str, dict[str, Any]]]]]:
    """(label, [(key, data) …] sorted by key) for every label of G, in the order of
    :data:`kg.model.LABELS`; :func:`make_node_rows` turns any slice of them into rows.

    >>> from kg.graph import build_graph
    >>> from kg.model import PaperRecord
    >>> G = build_graph([PaperRecord(key="arxiv:2501.00001", title="T", authors=["B", "A"])])
    >>> [(label, [k for k, _ in nodes]) for label, nodes in node_groups(G)]
    [('Paper', ['arxiv:2501.00001']), ('Author', ['author:a', 'author:b'])]
    """
    groups: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for key, data in G.nodes(data=True):
        groups.setdefault(data.get("label"), []).append((str(key), data))
    unknown = set(groups) - set(m.LABELS)
    if unknown:
        raise ValueError(f"graph has nodes with unknown labels: {sorted(map(str, unknown))}")
    for label in m.LABELS:
        if label in groups:
            yield label, sorted(groups[label], key=_first)


def _first(item: tuple[Any, ...]) -> Any:
    return item[0]


def make_node_rows(label: str, nodes: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Rows ``{key, props, <union lists>, hash}`` (each a :class:`Row`, names in canonical order)
    for (key, data) pairs of ``label`` nodes.

    >>> row = make_node_rows("Author", [("author:a b", {"label": "Author", "name": "A B",
    ...                                                 "name_variants": ["A B"]})])[0]
    >>> row.text == cypher_value(dict(row)), row["hash"] == content_hash(row)
    (True, True)
    """
    union = UNION_LISTS.get(label, ())
    skip = frozenset(_SKIP_NODE + union)
    order = sorted(("key", "props", *union))
    rows: list[dict[str, Any]] = []
    for key, data in nodes:
        row = Row()
        for name in order:
            if name == "key":
                row[name] = key
            elif name == "props":
                row[name] = clean_props(dict(sorted(data.items())), skip)
            else:
                row[name] = clean_value(data.get(name)) or []
        text = cypher_value(row)
        row["hash"] = digest = _hash_of(text)
        row.text = f'{text[:-1]},`hash`:"{digest}"}}'
        rows.append(row)
    return rows


def node_rows(G: nx.MultiDiGraph, label: str) -> list[dict[str, Any]]:
    """Rows for all ``label`` nodes of G, sorted by key."""
    nodes = sorted(((str(k), d) for k, d in G.nodes(data=True) if d.get("label") == label), key=_first)
    return make_node_rows(label, nodes)


def node_batches(G: nx.MultiDiGraph) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """(label, rows) for every label present in G, in the order of :data:`kg.model.LABELS`."""
    for label, nodes in node_groups(G):
        yield label, make_node_rows(label, nodes)


Edge = tuple[str, str, dict[str, Any]]


def edge_groups(G: nx.MultiDiGraph) -> Iterator[tuple[tuple[str, str, str], list[Edge]]]:
    """((type, source label, target label), [(src, dst, data) …] sorted) for every relationship
    group in G; :func:`make_rel_rows` turns any slice of them into rows."""
    groups: dict[tuple[str, str, str], list[Edge]] = {}
    labels = {key: data.get("label") for key, data in G.nodes(data=True)}
    allowed = {(rel, *pair) for rel, pairs in m.REL_TYPES.items() for pair in pairs}
    for src, dst, rel, data in G.edges(keys=True, data=True):
        group = (str(data.get("type", rel)), labels[src], labels[dst])
        edges = groups.get(group)
        if edges is None:
            if group not in allowed:
                raise ValueError(f"relationship {group[0]} from {group[1]} to {group[2]} is not in the model")
            edges = groups[group] = []
        edges.append((str(src), str(dst), data))
    order = {rel: i for i, rel in enumerate(m.REL_TYPES)}
    for group in sorted(groups, key=lambda g: (order[g[0]], g[1], g[2])):
        yield group, sorted(groups[group], key=_ends)


def _ends(edge: Edge) -> tuple[str, str]:
    return edge[0], edge[1]


def make_rel_rows(edges: list[Edge]) -> list[dict[str, Any]]:
    """Rows ``{src, dst, props}`` for (src, dst, data) edges."""
    return [{"src": s, "dst": d, "props": clean_props(data, _SKIP_EDGE)} for s, d, data in edges]


def rel_batches(G: nx.MultiDiGraph) -> Iterator[tuple[tuple[str, str, str], list[dict[str, Any]]]]:
    """((type, source label, target label), rows) for every relationship group in G."""
    for group, edges in edge_groups(G):
        yield group, make_rel_rows(edges)


def count_rows(G: nx.MultiDiGraph) -> int:
    """Total rows a load sends (nodes + relationships)."""
    return G.number_of_nodes() + G.number_of_edges()


def chunks(rows: list[T], size: int) -> Iterator[list[T]]:
    """Split rows into batches of at most ``size``.

    >>> [len(c) for c in chunks([{}] * 5, 2)]
    [2, 2, 1]
    """
    if size < 1:
        raise ValueError("batch size must be at least 1")
    for i in range(0, len(rows), size):
        yield rows[i : i + size]
