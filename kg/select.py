"""Choosing the nodes of a view: rank, cap at ``max_nodes``, and say what was left out.

Each ``select_*`` function returns a :class:`Selection` (an undirected simple graph of the nodes one
view shows, plus the counts of candidates by label); :mod:`kg.layout` then places them.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("p", label="Paper"); G.add_node("a", label="Author")
>>> G.add_edge("a", "p", key="AUTHORED")
'AUTHORED'
>>> sorted(select_overview(G, 10).graph.nodes)
['a', 'p']
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

ENTITY_LABELS = ("Method", "Dataset", "Task", "CodeRepo")


@dataclass
class Selection:
    """The nodes (and edges) one view shows, and what was left out.

    ``graph`` is undirected and simple; its nodes carry the attributes of the source graph, its edges
    ``types`` (relationship types) and ``weight``. ``pool`` counts the candidate nodes by label.
    """

    graph: nx.Graph
    pool: Counter = field(default_factory=Counter)
    ranked_by: str = "connections"
    focus: Hashable | None = None
    groups: dict[Hashable, int] | None = None
    notes: list[str] = field(default_factory=list)

    def left_out(self) -> Counter:
        shown = Counter(d.get("label", "?") for _, d in self.graph.nodes(data=True))
        return Counter({k: v - shown.get(k, 0) for k, v in self.pool.items() if v - shown.get(k, 0) > 0})


def induced(G: nx.MultiDiGraph, keep: Iterable[Hashable]) -> nx.Graph:
    """Undirected simple graph of ``keep`` with every G edge among them (``types`` lists the rel types).

    >>> G = nx.MultiDiGraph()
    >>> _ = [G.add_edge(*e) for e in [("a", "b", "USES"), ("b", "a", "CITES"), ("b", "c", "USES")]]
    >>> H = induced(G, ["a", "b"]); sorted(H.edges["a", "b"]["types"]), H.number_of_nodes()
    (['CITES', 'USES'], 2)
    """
    keep = set(keep)
    order = sorted(keep, key=str)  # a set's order changes with the hash seed: keep views reproducible
    H = nx.Graph()
    H.add_nodes_from((v, G.nodes[v]) for v in order)
    for u in order:
        for _, v, t in G.out_edges(u, keys=True):
            if v in keep and v != u:
                if H.has_edge(u, v):
                    H.edges[u, v]["types"].append(t)
                else:
                    H.add_edge(u, v, types=[t], weight=1.0)
    return H


def filter_papers(
    G: nx.MultiDiGraph, *, since: str | None = None, category: str | None = None
) -> nx.MultiDiGraph:
    """Keep papers dated on/after ``since`` and/or listed in ``category``, and the nodes linked to them.

    Returns ``G`` itself when there is nothing to filter, otherwise a subgraph view.
    """
    if not since and not category:
        return G

    def ok(d: dict) -> bool:
        if since and max(d.get("dates") or [""]) < since:
            return False
        return not category or category in (d.get("categories") or [])

    papers = {v for v, d in G.nodes(data=True) if d.get("label") == "Paper" and ok(d)}
    keep = set(papers)
    for p in papers:
        keep.update(G.predecessors(p))
        keep.update(G.successors(p))
    return G.subgraph(keep)


def _top(cands: Iterable[Hashable], score: dict, k: int) -> list:
    """The ``k`` best by score (ties in graph order)."""
    return heapq.nlargest(max(k, 0), cands, key=score.__getitem__)


def degrees(G: nx.MultiDiGraph, nodes: Iterable[Hashable] | None = None) -> dict[Hashable, int]:
    """Number of distinct neighbours (in or out) of each node: a fast degree for ranking."""
    succ, pred = _adj(G)
    return {v: len(succ[v]) + len(pred[v]) for v in (G if nodes is None else nodes)}


def _adj(G: nx.MultiDiGraph) -> tuple[Any, Any]:
    """Successor and predecessor mappings (the plain dicts when G is not a view: much faster)."""
    return getattr(G, "_succ", G.succ), getattr(G, "_pred", G.pred)


def select_overview(G: nx.MultiDiGraph, max_nodes: int) -> Selection:
    """The most connected nodes, with per-label quotas so that papers, people and entities all show."""
    by: dict[str, list] = {}
    for v, lb in G.nodes(data="label"):
        by.setdefault(lb, []).append(v)
    pool = Counter({lb: len(vs) for lb, vs in by.items()})
    if G.number_of_nodes() <= max_nodes:
        return Selection(induced(G, G.nodes), pool)
    succ, pred = _adj(G)
    deg = degrees(G)
    cats = _top(by.get("Category", []), deg, max(8, max_nodes // 40))
    rest = max_nodes - len(cats)
    authors = _top([v for v in by.get("Author", []) if deg[v] >= 2], deg, int(rest * 0.35))
    ents = _top([v for lb in ENTITY_LABELS for v in by.get(lb, []) if deg[v] >= 2], deg, int(rest * 0.2))
    chosen = set(authors) | set(ents)
    score = {}
    for p in by.get("Paper", []):
        near = len(chosen.intersection(pred[p])) + len(chosen.intersection(succ[p]))
        score[p] = near * 100000 + min(deg[p], 99999)
    keep = set(cats) | chosen | set(_top(by.get("Paper", []), score, max_nodes - len(cats) - len(chosen)))
    keep = {v for v in keep if not (keep.isdisjoint(succ[v]) and keep.isdisjoint(pred[v]))}
    # fill what the quotas left unused with the nodes best linked to what is shown
    shown = sorted(keep, key=str)
    near_by: Counter = Counter(u for v in shown for u in (*succ[v], *pred[v]) if u not in keep)
    more = _top(
        list(near_by), {u: near_by[u] * 100000 + min(deg[u], 99999) for u in near_by}, max_nodes - len(keep)
    )
    H = induced(G, keep | set(more))
    return Selection(H, pool, "connections (per-label quotas)")


def select_coauthors(G: nx.MultiDiGraph, max_nodes: int, *, max_team: int = 40) -> Selection:
    """Authors linked by shared papers (weight = number of papers), ranked by papers written."""
    succ, pred = _adj(G)
    authors = [v for v, d in G.nodes(data=True) if d.get("label") == "Author"]
    npapers = {a: len(succ[a]) for a in authors}
    chosen = set(_top(authors, npapers, max_nodes))
    H = nx.Graph()
    H.add_nodes_from((a, {**G.nodes[a], "papers": npapers[a]}) for a in sorted(chosen, key=str))
    papers = {p for a in chosen for p in succ[a]}
    big, notes = 0, []
    nodes = G.nodes
    for p in sorted(papers, key=str):
        # authors only: papers citing or building on p are predecessors too
        if sum(1 for a in pred[p] if nodes[a].get("label") == "Author") > max_team:
            big += 1
            continue
        team = [a for a in pred[p] if a in chosen]
        for i, a in enumerate(team):
            for b in team[i + 1 :]:
                if H.has_edge(a, b):
                    H.edges[a, b]["weight"] += 1.0
                else:
                    H.add_edge(a, b, weight=1.0, types=["CO_AUTHOR"])
    alone = [a for a in H if H.degree(a) == 0]
    if len(authors) > max_nodes and alone:
        H.remove_nodes_from(alone)
        notes.append(f"{len(alone)} authors without co-authors among the shown ones are left out.")
    groups: dict[Hashable, int] = {}
    comms = (
        nx.community.louvain_communities(H, weight="weight", seed=1, threshold=1e-3)
        if H.number_of_edges()
        else []
    )
    for i, c in enumerate(sorted(comms, key=lambda c: (-len(c), min(map(str, c))))):
        groups.update(dict.fromkeys(c, i))
    sel = Selection(H, Counter({"Author": len(authors)}), "papers written", groups=groups)
    if big:
        notes.append(f"{big} papers with more than {max_team} authors add no co-author links.")
    sel.notes = notes
    return sel


def select_entities(G: nx.MultiDiGraph, max_nodes: int) -> Selection:
    """Methods, datasets and tasks (by papers linking them) and the papers that link several of them.

    Every entity shown keeps at least one linking paper (its best-linked one): an entity whose papers
    do not fit in ``max_nodes`` is left out and its place goes to the next-ranked entity that does
    link to a shown paper, so the view has no unlinked nodes unless the whole graph is that small.

    >>> G = nx.MultiDiGraph()
    >>> for i in range(30):  # paper i uses a popular method and a rare one
    ...     _ = G.add_edge(f"p{i}", f"m{i % 3}", "USES"), G.add_edge(f"p{i}", f"r{i}", "USES")
    >>> for v in G:
    ...     G.nodes[v]["label"] = "Paper" if v[0] == "p" else "Method"
    >>> H = select_entities(G, 20).graph
    >>> len(H), [v for v in H if H.degree(v) == 0]
    (20, [])
    """
    labels = ("Method", "Dataset", "Task")
    ents = [v for v, d in G.nodes(data=True) if d.get("label") in labels]
    pool = Counter(G.nodes[v]["label"] for v in ents)
    succ, pred = _adj(G)
    linked = [e for e in ents if pred[e]]
    pool["Paper"] = len({p for e in linked for p in pred[e]})
    if len(ents) + pool["Paper"] <= max_nodes:  # everything fits: show it all, unlinked ones too
        return Selection(
            induced(G, [*ents, *(p for e in linked for p in pred[e])]), pool, "papers linking them"
        )
    deg = {e: len(pred[e]) for e in linked}
    ranked = heapq.nlargest(len(deg), deg, key=deg.__getitem__)  # ties in graph order
    chosen = ranked[: max(1, int(max_nodes * 0.45))]
    chosen_set = set(chosen)
    score: Counter = Counter(p for e in chosen for p in pred[e])
    pscore = {p: score[p] * 1000 + min(len(succ[p]) + len(pred[p]), 999) for p in score}
    budget = max_nodes - len(chosen)
    papers: list = []
    covered: set = set()
    for e in chosen:  # best-ranked first: each entity gets its best-linked paper while there is room
        if e in covered or len(papers) >= budget:
            continue
        best = max(pred[e], key=pscore.__getitem__)
        papers.append(best)
        covered.update(u for u in succ[best] if u in chosen_set)
    picked = set(papers)
    papers += _top([p for p in score if p not in picked], pscore, budget - len(papers))
    picked = set(papers)
    kept = [e for e in chosen if e in covered or not picked.isdisjoint(pred[e])]
    dropped = len(chosen) - len(kept)
    if dropped:  # give the places of unlinked entities to the next ones that link to a shown paper
        kept_set = set(kept)
        extra = [e for e in ranked[len(chosen) :] if e not in kept_set and not picked.isdisjoint(pred[e])]
        kept += extra[: max_nodes - len(kept) - len(papers)]
    sel = Selection(induced(G, [*kept, *papers]), pool, "papers linking them")
    if dropped:
        sel.notes.append(
            f"{dropped:,} top-ranked methods, datasets or tasks whose papers did not fit were replaced "
            "by the next ones linked to a shown paper."
        )
    return sel


def select_ego(
    G: nx.MultiDiGraph, focus: Hashable, max_nodes: int, *, hops: int = 2, hub_degree: int = 300
) -> Selection:
    """Everything within ``hops`` of ``focus``; hubs (categories, degree > ``hub_degree``) are not crossed."""
    dist = {focus: 0}
    frontier = [focus]
    for h in range(1, hops + 1):
        nxt = []
        for v in frontier:
            if v != focus and (G.nodes[v].get("label") == "Category" or G.degree(v) > hub_degree):
                continue
            for u in [*G.successors(v), *G.predecessors(v)]:
                if u not in dist:
                    dist[u] = h
                    nxt.append(u)
        frontier = nxt
    pool = Counter(G.nodes[v]["label"] for v in dist)
    deg = {v: -dist[v] * 10**9 + G.degree(v) for v in dist}
    return Selection(
        induced(G, _top(list(dist), deg, max_nodes)), pool, f"distance, then connections ({hops} hops)", focus
    )


def select_paper(G: nx.MultiDiGraph, paper: Hashable, max_nodes: int, *, hub_degree: int = 300) -> Selection:
    """One paper, its neighbours, and the papers sharing an author, method, dataset, task or repo with it."""
    near = {*G.successors(paper), *G.predecessors(paper)}
    shared: Counter = Counter()
    for v in near:
        if G.nodes[v].get("label") == "Category" or G.degree(v) > hub_degree:
            continue
        for u in [*G.successors(v), *G.predecessors(v)]:
            if u != paper and u not in near and G.nodes[u].get("label") == "Paper":
                shared[u] += 1
    pool = Counter(G.nodes[v]["label"] for v in {paper, *near, *shared})
    related = _top(
        list(shared), {u: shared[u] * 1000 + min(G.degree(u), 999) for u in shared}, max_nodes - 1 - len(near)
    )
    keep = {paper, *_top(list(near), dict(G.degree(near)), max_nodes - 1), *related}
    H = induced(G, keep)
    H.remove_edges_from(
        [(u, c) for u, c in list(H.edges) if paper not in (u, c) and "IN_CATEGORY" in H.edges[u, c]["types"]]
    )
    return Selection(H, pool, "shared neighbours", paper)
