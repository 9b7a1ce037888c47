"""Network analysis on the knowledge graph: pure functions, plus :func:`analyze` that writes results
into node properties so that files, views and Neo4j carry them.

* :func:`coauthor_graph` — weighted co-authorship projection (``weight`` = shared papers);
* :func:`communities` — Louvain communities (networkx, fixed seed), numbered by size;
* :func:`pagerank`, :func:`centrality` — PageRank and betweenness (sampled above ``exact_limit`` nodes);
* :func:`citation_graph` — Paper -> Paper links (CITES, optionally BUILDS_ON);
* :func:`cocitation` / :func:`coupling` — co-citation and bibliographic coupling counts;
* :func:`cooccurrence` — entities (Method/Dataset/Task) sharing papers;
* :func:`trends` — papers per date for each entity.

Examples
--------
>>> from kg.graph import build_graph
>>> from kg.model import PaperRecord as R
>>> G = build_graph([R(key="arxiv:1", title="a", authors=["A", "B"]),
...                  R(key="arxiv:2", title="b", authors=["A", "B", "C"])])
>>> H = coauthor_graph(G)
>>> H.edges["author:a", "author:b"]["weight"], H.edges["author:b", "author:c"]["papers"]
(2, ['arxiv:2'])
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations
from typing import Any

import networkx as nx
import numpy as np

from kg import model as m


def _papers(G: nx.MultiDiGraph) -> list[str]:
    return [n for n, d in G.nodes(data=True) if d.get("label") == m.PAPER]


def _authors_of(G: nx.MultiDiGraph, paper: str) -> list[str]:
    return sorted(u for u, _, k in G.in_edges(paper, keys=True) if k == m.AUTHORED)


def coauthor_graph(G: nx.MultiDiGraph, *, max_authors: int = 50) -> nx.Graph:
    """Undirected Author graph: an edge per pair of co-authors with ``weight`` and ``papers``.

    Papers with more than ``max_authors`` authors (consortium papers) add their authors as nodes
    but no pairs: they would turn hundreds of people into one clique.
    """
    H = nx.Graph()
    for n, d in G.nodes(data=True):
        if d.get("label") == m.AUTHOR:
            H.add_node(n)
    for p in _papers(G):
        authors = _authors_of(G, p)
        if len(authors) > max_authors:
            continue
        for a, b in combinations(authors, 2):
            if H.has_edge(a, b):
                H.edges[a, b]["weight"] += 1
                H.edges[a, b]["papers"].append(p)
            else:
                H.add_edge(a, b, weight=1, papers=[p])
    return H


def communities(H: nx.Graph, *, seed: int = 0, resolution: float = 1.0) -> dict[str, int]:
    """Louvain communities of an undirected weighted graph: node -> community number (0 = largest).

    >>> H = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
    >>> c = communities(H)
    >>> c["a"] == c["b"] == c["c"], c["x"] == c["y"] == c["z"], c["a"] != c["x"]
    (True, True, True)
    """
    if H.number_of_edges() == 0:
        return {n: i for i, n in enumerate(sorted(H.nodes))}
    parts = nx.community.louvain_communities(H, weight="weight", seed=seed, resolution=resolution)
    ordered = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
    return {n: i for i, p in enumerate(ordered) for n in p}


def pagerank(
    H: nx.Graph | nx.DiGraph,
    *,
    alpha: float = 0.85,
    tol: float = 1.0e-8,
    max_iter: int = 200,
    weight: str | None = "weight",
) -> dict[Any, float]:
    """Weighted PageRank by power iteration (numpy; no SciPy needed); an undirected edge counts
    both ways and dangling mass is spread evenly. Values sum to 1. The views rank nodes with it too.

    >>> pr = pagerank(nx.DiGraph([("a", "c"), ("b", "c")]))
    >>> pr["c"] > pr["a"] == pr["b"], round(sum(pr.values()), 6)
    (True, 1.0)
    """
    nodes = list(H.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    idx = {u: i for i, u in enumerate(nodes)}
    e = np.array(
        [(idx[u], idx[v], float(d.get(weight, 1)) if weight else 1.0) for u, v, d in H.edges(data=True)],
        dtype=float,
    ).reshape(-1, 3)
    src, dst, w = e[:, 0].astype(np.int64), e[:, 1].astype(np.int64), e[:, 2]
    if not H.is_directed():
        src, dst, w = np.r_[src, dst], np.r_[dst, src], np.r_[w, w]
    out = np.bincount(src, weights=w, minlength=n)
    share = w / np.where(out[src] > 0, out[src], 1.0)
    dangling = out == 0
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        nxt = alpha * np.bincount(dst, weights=x[src] * share, minlength=n)
        nxt += (1.0 - alpha) / n + alpha * x[dangling].sum() / n
        err = float(np.abs(nxt - x).sum())
        x = nxt
        if err < n * tol:
            break
    return {u: float(x[i]) for i, u in enumerate(nodes)}


def centrality(
    H: nx.Graph | nx.DiGraph, *, exact_limit: int = 3000, samples: int = 64, seed: int = 0
) -> dict[str, dict[str, float]]:
    """PageRank (weighted) and betweenness of every node: ``{"pagerank": …, "betweenness": …}``.

    Betweenness is exact up to ``exact_limit`` nodes, then estimated from ``samples`` sources.

    >>> c = centrality(nx.path_graph(["a", "b", "c"]))
    >>> c["betweenness"]["b"], round(c["pagerank"]["b"], 3)
    (1.0, 0.486)
    """
    if H.number_of_nodes() == 0:
        return {"pagerank": {}, "betweenness": {}}
    pr = pagerank(H)
    k = None if H.number_of_nodes() <= exact_limit else min(samples, H.number_of_nodes())
    bc = nx.betweenness_centrality(H, k=k, seed=seed, normalized=True)
    return {"pagerank": pr, "betweenness": bc}


def citation_graph(G: nx.MultiDiGraph, *, builds_on: bool = True) -> nx.DiGraph:
    """Directed Paper graph of CITES (and BUILDS_ON) links; ``weight`` 1 per link type."""
    D = nx.DiGraph()
    D.add_nodes_from(_papers(G))
    types = {m.CITES, m.BUILDS_ON} if builds_on else {m.CITES}
    for u, v, k in G.edges(keys=True):
        if k in types:
            w = D.edges[u, v]["weight"] + 1 if D.has_edge(u, v) else 1
            D.add_edge(u, v, weight=w)
    return D


def cocitation(G: nx.MultiDiGraph, *, max_refs: int = 500) -> Counter[tuple[str, str]]:
    """How many papers cite both members of each pair (pairs sorted).

    A paper citing more than ``max_refs`` papers is left out (a survey would add its square).

    >>> from kg.graph import build_graph, add_edge
    >>> from kg.model import PaperRecord as R
    >>> G = build_graph([R(key=f"arxiv:{i}", title=str(i)) for i in range(4)])
    >>> for s, t in [(0, 2), (0, 3), (1, 2), (1, 3)]: add_edge(G, f"arxiv:{s}", f"arxiv:{t}", "CITES")
    >>> cocitation(G), coupling(G)
    (Counter({('arxiv:2', 'arxiv:3'): 2}), Counter({('arxiv:0', 'arxiv:1'): 2}))
    """
    out: Counter[tuple[str, str]] = Counter()
    for p in _papers(G):
        cited = sorted(v for _, v, k in G.out_edges(p, keys=True) if k == m.CITES)
        if len(cited) <= max_refs:
            out.update(combinations(cited, 2))
    return out


def coupling(
    G: nx.MultiDiGraph, *, max_citers: int = 500, include_external: bool = False
) -> Counter[tuple[str, str]]:
    """Bibliographic coupling: how many references each pair of papers shares (pairs sorted).

    Only papers of the build are paired unless ``include_external``; a reference cited by more
    than ``max_citers`` papers is left out (a classic cited by thousands would add its square).
    """
    out: Counter[tuple[str, str]] = Counter()
    for p in _papers(G):
        citing = sorted(
            u
            for u, _, k in G.in_edges(p, keys=True)
            if k == m.CITES and (include_external or not G.nodes[u].get("external"))
        )
        if len(citing) <= max_citers:
            out.update(combinations(citing, 2))
    return out


ENTITY_LABELS: tuple[str, ...] = (m.METHOD, m.DATASET, m.TASK)


def _entities_of(G: nx.MultiDiGraph, paper: str, labels: tuple[str, ...]) -> list[str]:
    return sorted({v for _, v in G.out_edges(paper) if G.nodes[v].get("label") in labels})


def cooccurrence(G: nx.MultiDiGraph, *, labels: tuple[str, ...] = ENTITY_LABELS) -> nx.Graph:
    """Undirected entity graph: an edge per pair of entities linked from the same paper (``weight``)."""
    H = nx.Graph()
    for p in _papers(G):
        ents = _entities_of(G, p, labels)
        H.add_nodes_from(ents)
        for a, b in combinations(ents, 2):
            w = H.edges[a, b]["weight"] + 1 if H.has_edge(a, b) else 1
            H.add_edge(a, b, weight=w)
    return H


def trends(G: nx.MultiDiGraph, *, labels: tuple[str, ...] = ENTITY_LABELS) -> dict[str, dict[str, int]]:
    """Entity key -> {date: papers that day}; a paper counts on its first date.

    >>> from kg.graph import build_graph
    >>> from kg.model import PaperRecord as R, Extraction, Entity
    >>> e = Entity("method", "LoRA", "method:lora")
    >>> G = build_graph([R(key="arxiv:1", title="a", dates=["2026-01-02"]),
    ...                  R(key="arxiv:2", title="b", dates=["2026-01-02", "2026-01-05"])],
    ...                 [Extraction("arxiv:1", methods=[e]), Extraction("arxiv:2", methods=[e])])
    >>> trends(G)
    {'method:lora': {'2026-01-02': 2}}
    """
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for p in _papers(G):
        dates = G.nodes[p].get("dates") or []
        if not dates:
            continue
        for e in _entities_of(G, p, labels):
            out[e][min(dates)] += 1
    return {e: dict(sorted(c.items())) for e, c in sorted(out.items())}


def analyze(G: nx.MultiDiGraph, *, seed: int = 0, top: int = 20, samples: int = 64) -> dict[str, Any]:
    """Compute the metrics and write them into node properties (in place); return a summary.

    Authors get ``pagerank``, ``betweenness``, ``community``, ``coauthors``, ``paper_count``;
    Papers get ``pagerank``, ``betweenness``, ``cited_by``, ``cites`` (from CITES/BUILDS_ON);
    Methods/Datasets/Tasks get ``paper_count``, ``first_date``, ``last_date``, ``community``.
    """
    H = coauthor_graph(G)
    comm = communities(H, seed=seed)
    cen = centrality(H, seed=seed, samples=samples)
    for a in H.nodes:
        d = G.nodes[a]
        d["community"] = comm.get(a)
        d["pagerank"] = round(cen["pagerank"].get(a, 0.0), 8)
        d["betweenness"] = round(cen["betweenness"].get(a, 0.0), 8)
        d["coauthors"] = H.degree(a)
        d["paper_count"] = sum(1 for _, _, k in G.out_edges(a, keys=True) if k == m.AUTHORED)
    D = citation_graph(G)
    pcen = (
        centrality(D, seed=seed, samples=samples)
        if D.number_of_edges()
        else {"pagerank": {}, "betweenness": {}}
    )
    for p in D.nodes:
        d = G.nodes[p]
        d["cited_by"] = D.in_degree(p)
        d["cites"] = D.out_degree(p)
        d["pagerank"] = round(pcen["pagerank"].get(p, 0.0), 8)
        d["betweenness"] = round(pcen["betweenness"].get(p, 0.0), 8)
    E = cooccurrence(G)
    ecomm = communities(E, seed=seed) if E.number_of_nodes() else {}
    tr = trends(G)
    for e, by_date in tr.items():
        d = G.nodes[e]
        d["paper_count"] = sum(by_date.values())
        d["first_date"], d["last_date"] = min(by_date), max(by_date)
        d["community"] = ecomm.get(e)
    cc, bc = cocitation(G), coupling(G)
    by_pr = sorted(H.nodes, key=lambda a: -cen["pagerank"].get(a, 0.0))[:top]
    return {
        "authors": H.number_of_nodes(),
        "coauthor_edges": H.number_of_edges(),
        "author_communities": len(set(comm.values())),
        "largest_communities": [c for _, c in Counter(comm.values()).most_common(5)],
        "top_authors": [{"key": a, "pagerank": G.nodes[a]["pagerank"]} for a in by_pr],
        "citation_edges": D.number_of_edges(),
        "top_cited": [
            {"key": p, "cited_by": D.in_degree(p)}
            for p in sorted(D.nodes, key=lambda p: (-D.in_degree(p), p))[:top]
            if D.in_degree(p)
        ],
        "cocitation_pairs": len(cc),
        "coupling_pairs": len(bc),
        "top_cocited": [[a, b, n] for (a, b), n in cc.most_common(top)],
        "top_coupled": [[a, b, n] for (a, b), n in bc.most_common(top)],
        "entity_cooccurrence_edges": E.number_of_edges(),
        "trends": tr,
    }
