"""Records + extractions -> the one in-memory model: a networkx MultiDiGraph.

Node id = the node's ``key``; every node has ``label`` (from :mod:`kg.model`) and ``key``.
Edges are keyed by relationship type, so two nodes have at most one edge of each type and
repeated evidence merges into it. The same paper listed on several days, or under several
categories, or in several files, becomes one Paper with all its dates and categories.

Examples
--------
>>> from kg.model import PaperRecord, Extraction, Entity
>>> r1 = PaperRecord(key="arxiv:2602.20205", title="OTPrune", authors=["Xiwen Chen", "Wenhui Zhu"],
...                  arxiv_id="2602.20205", categories=["cs.CV"], dates=["2026-02-24"])
>>> r2 = PaperRecord(key="arxiv:2602.20205", title="OTPrune", authors=["Xiwen Chen", "Wenhui Zhu"],
...                  arxiv_id="2602.20205", categories=["cs.LG"], dates=["2026-02-25"])
>>> ex = Extraction("arxiv:2602.20205", proposed=[Entity("method", "OTPrune", "method:otprune")])
>>> G = build_graph([r1, r2], [ex])
>>> G.nodes["arxiv:2602.20205"]["dates"], G.nodes["arxiv:2602.20205"]["categories"]
(['2026-02-24', '2026-02-25'], ['cs.CV', 'cs.LG'])
>>> sorted(t for _, _, t in G.edges(keys=True))
['AUTHORED', 'AUTHORED', 'IN_CATEGORY', 'IN_CATEGORY', 'PROPOSES']
>>> G.nodes["method:otprune"]["proposed_by"]
'arxiv:2602.20205'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx

from kg import model as m
from kg.model import Entity, Extraction, PaperRecord

_PAPER_SCALARS = (
    "title",
    "abstract",
    "arxiv_id",
    "doi",
    "primary_category",
    "topic",
    "comment",
    "url",
    "pdf",
    "summary_lang",
    "code_url",
    "code_stars",
)


def _merge_list(old: list[Any], new: Iterable[Any]) -> list[Any]:
    out = list(old)
    for v in new:
        if v and v not in out:
            out.append(v)
    return out


# The builders below write the graph's own dicts (``G._node``, ``G._succ``, ``G._pred``) the way
# ``G.add_node`` and ``G.add_edge`` do, without their per-call checks (networkx's cache is cleared
# once per paper): the corpus build makes 200,000 nodes and 350,000 edges, and those calls were
# half of the cost.


def _new_node(G: nx.MultiDiGraph, key: str, data: dict[str, Any]) -> dict[str, Any]:
    """``G.add_node(key, **data)`` for a ``key`` not in G; returns the node's dict."""
    G._succ[key] = {}
    G._pred[key] = {}
    G._node[key] = data
    return data


def _new_edge(G: nx.MultiDiGraph, u: str, v: str, key: str, data: dict[str, Any]) -> None:
    """``G.add_edge(u, v, key, **data)`` for nodes in G that have no ``key`` edge yet."""
    keys = G._succ[u].get(v)
    if keys is None:
        keys = G._succ[u][v] = G._pred[v][u] = {}
    keys[key] = data


def add_node(G: nx.MultiDiGraph, key: str, label: str, **props: Any) -> dict[str, Any]:
    """Add or update a node; list properties are unioned, empty values never overwrite."""
    if label not in m.LABELS:
        raise ValueError(f"unknown label {label!r}")
    data = G._node.get(key)  # the plain dict: no view object per call (150,000 calls on the corpus)
    if data is None:
        data = _new_node(G, key, {"key": key, "label": label})
        nx._clear_cache(G)
    for k, v in props.items():
        if isinstance(v, list):
            data[k] = _merge_list(data.get(k, []), v)
        elif v is not None and v != "" and (k not in data or data[k] in (None, "")):
            data[k] = v
    return data


def add_edge(G: nx.MultiDiGraph, src: str, dst: str, rel: str, **props: Any) -> None:
    """Add or update the one ``rel`` edge from src to dst (labels must fit :data:`kg.model.REL_TYPES`)."""
    pair = (G.nodes[src]["label"], G.nodes[dst]["label"])
    if pair not in m.REL_TYPES[rel]:
        raise ValueError(f"{rel} cannot link {pair[0]} to {pair[1]}")
    _upsert_edge(G, src, dst, rel, props)


def _upsert_edge(G: nx.MultiDiGraph, src: str, dst: str, rel: str, props: dict[str, Any]) -> None:
    """:func:`add_edge` without the label check (for callers whose labels are right by construction)."""
    keys = G._succ[src].get(dst) if src in G._succ else None  # the plain dicts: no view objects
    data = keys.get(rel) if keys else None
    if data is not None:
        for k, v in props.items():
            if k == "confidence" and isinstance(v, float):
                data[k] = max(data.get(k, 0.0), v)
            elif k not in data or data[k] in (None, ""):
                data[k] = v
    elif src in G._node and dst in G._node:
        _new_edge(G, src, dst, rel, {"type": rel, **props})
        nx._clear_cache(G)
    else:  # networkx adds the missing node
        G.add_edge(src, dst, key=rel, type=rel, **props)


def add_paper(G: nx.MultiDiGraph, r: PaperRecord) -> None:
    """Add one paper record with its authors and categories (merging into what is there)."""
    props = {k: getattr(r, k) for k in _PAPER_SCALARS}
    ai = {k: v for k, v in r.ai.items() if v}
    first_time = r.key not in G._node
    add_node(
        G,
        r.key,
        m.PAPER,
        dates=sorted(set(r.dates)),
        categories=r.categories,
        sources=[r.source],
        external=r.external,
        **props,
        **ai,
    )
    nodes, succ = G._node, G._succ
    data = nodes[r.key]
    data["dates"] = sorted(set(data.get("dates", [])))
    if first_time or not data.get("authors"):
        data["authors"] = list(r.authors)
    data["ai_missing"] = sorted(set(data.get("ai_missing", r.ai_missing)) & set(r.ai_missing))
    for pos, name in enumerate(r.authors):
        akey = m.author_key(name)
        if akey == "author:":
            continue
        adata = nodes.get(akey)
        if adata is None:
            _new_node(G, akey, {"key": akey, "label": m.AUTHOR, "name": name, "name_variants": [name]})
        else:
            variants = adata.setdefault("name_variants", [])
            if name not in variants:
                variants.append(name)
            if not adata.get("name"):
                adata["name"] = name
        # the labels are right by construction: no need for add_edge's check
        if m.AUTHORED not in succ[akey].get(r.key, ()):
            _new_edge(G, akey, r.key, m.AUTHORED, {"type": m.AUTHORED, "position": pos})
    for i, cat in enumerate(r.categories):
        ckey = m.category_key(cat)
        if ckey not in nodes:
            _new_node(G, ckey, {"key": ckey, "label": m.CATEGORY, "name": cat})
        primary = i == 0 and cat == r.primary_category
        edge = succ[r.key].get(ckey, {}).get(m.IN_CATEGORY)
        if edge is not None:
            edge["primary"] |= primary
        else:
            _new_edge(G, r.key, ckey, m.IN_CATEGORY, {"type": m.IN_CATEGORY, "primary": primary})
    nx._clear_cache(G)


def _add_entity(G: nx.MultiDiGraph, paper: str, e: Entity, rel: str) -> None:
    add_node(G, e.key, m.ENTITY_KINDS[e.kind], name=e.name, aliases=e.aliases, kb_id=e.kb_id)
    props = {"confidence": round(e.confidence, 3), "evidence": e.evidence[:500]}
    _upsert_edge(G, paper, e.key, rel, props)


def add_extraction(G: nx.MultiDiGraph, ex: Extraction) -> None:
    """Add what was extracted from one paper (the paper must be in G)."""
    p = ex.paper_key
    for e in ex.proposed:
        _add_entity(G, p, e, m.PROPOSES)
        node = G.nodes[e.key]
        dates = G.nodes[p].get("dates") or ["9999"]
        prev = node.get("proposed_by")
        if prev is None or min(G.nodes[prev].get("dates") or ["9999"]) > min(dates):
            node["proposed_by"] = p
    for e in ex.methods:
        _add_entity(G, p, e, m.USES)
    for e in ex.datasets:
        _add_entity(G, p, e, m.EVALUATES_ON)
    for e in ex.tasks:
        _add_entity(G, p, e, m.ADDRESSES)
    for r in ex.repos:
        add_node(G, r.key, m.REPO, url=r.url, host=r.host)
        props = {"confidence": round(r.confidence, 3), "evidence": r.evidence[:500]}
        _upsert_edge(G, p, r.key, m.HAS_CODE, props)


def paper_steps(G: nx.MultiDiGraph, records: Iterable[PaperRecord], step: int = 256) -> Iterator[int]:
    """Add ``records`` to G ``step`` at a time, yielding the number added so far after each step
    (so that the build can add them while worker processes extract).

    >>> G = nx.MultiDiGraph()
    >>> list(paper_steps(G, [PaperRecord(key=f"arxiv:2501.0000{i}", title="T") for i in range(3)], step=2))
    [2, 3]
    """
    done = 0
    for r in records:
        add_paper(G, r)
        done += 1
        if done % step == 0:
            yield done
    if done % step:
        yield done


def build_graph(records: Iterable[PaperRecord], extractions: Iterable[Extraction] = ()) -> nx.MultiDiGraph:
    """Build the graph from paper records and their extractions (pure: no I/O)."""
    G = nx.MultiDiGraph()
    for _ in paper_steps(G, records):
        pass
    for ex in extractions:
        if ex.paper_key in G:
            add_extraction(G, ex)
    return G


def counts(G: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """Node counts by label and edge counts by type.

    >>> G = nx.MultiDiGraph(); _ = add_node(G, "category:cs.CV", "Category", name="cs.CV")
    >>> counts(G)
    {'nodes': {'Category': 1}, 'relationships': {}}
    """
    nodes = Counter(d["label"] for d in G._node.values())
    # the plain adjacency dicts: the edge views cost a generator step per edge
    rels = Counter(t for nbrs in G._succ.values() for kd in nbrs.values() for t in kd)
    return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}


def release(G: nx.MultiDiGraph) -> None:
    """Empty ``G`` now and drop its cached views that refer back to it (``G.edges``, ``G.degree``),
    so that nothing of it waits for the cyclic collector.

    A graph whose edge view was cached is a reference cycle; after a build, with the collector
    off (:mod:`kg.gctune`), the first collection would walk its million objects only to free them.

    >>> G = nx.MultiDiGraph([(1, 2)])
    >>> _ = G.edges, G.degree
    >>> release(G)
    >>> G.number_of_nodes(), [k for k in ("edges", "degree") if k in vars(G)]
    (0, [])
    """
    G.clear()
    for name in [k for k, v in vars(G).items() if getattr(v, "_graph", None) is G]:
        delattr(G, name)
