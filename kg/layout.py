"""Python-side layout and node ranking for the HTML views (pure numpy + networkx, no browser physics).

Browsers cannot run a force simulation on thousands of nodes quickly, so views arrive with fixed
positions. :func:`force_layout` is a Fruchterman-Reingold style layout, vectorised with numpy, run
on the *core* of each connected component (leaves are peeled off first and fanned around the node
they hang from, which is what readers expect from author/paper stars); components are then packed
around the largest one. :func:`pagerank` is a small power iteration that needs no scipy.

Examples
--------
>>> import networkx as nx
>>> pos = force_layout(nx.path_graph(5), seed=1)
>>> sorted(pos), all(len(p) == 2 for p in pos.values())
([0, 1, 2, 3, 4], True)
>>> pr = pagerank(nx.star_graph(3))
>>> max(pr, key=pr.get), round(sum(pr.values()), 6)
(0, 1.0)
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

Pos = dict[Hashable, tuple[float, float]]
SAMPLE_ABOVE, SAMPLE = 1200, 500  # cores above SAMPLE_ABOVE nodes feel repulsion from SAMPLE nodes a step


def pagerank(H: nx.Graph, *, alpha: float = 0.85, iters: int = 40, weight: str | None = "weight") -> dict:
    """PageRank of an undirected graph by power iteration (numpy only; sums to 1).

    >>> pr = pagerank(nx.path_graph(3))
    >>> pr[1] > pr[0] == pr[2]
    True
    """
    nodes = list(H)
    if not nodes:
        return {}
    n, idx = len(nodes), {v: i for i, v in enumerate(nodes)}
    e = [(idx[u], idx[v], d.get(weight, 1.0) if weight else 1.0) for u, v, d in H.edges(data=True) if u != v]
    a = np.array(e, dtype=float).reshape(-1, 3)
    s, t = np.r_[a[:, 0], a[:, 1]].astype(np.int64), np.r_[a[:, 1], a[:, 0]].astype(np.int64)
    ww = np.r_[a[:, 2], a[:, 2]]
    out = np.bincount(s, weights=ww, minlength=n)
    share = ww / np.where(out[s] > 0, out[s], 1.0)
    dangling = out == 0
    r = np.full(n, 1.0 / n)
    for _ in range(iters):
        spread = np.bincount(t, weights=r[s] * share, minlength=n)
        r = alpha * (spread + r[dangling].sum() / n) + (1 - alpha) / n
    return {v: float(r[i] / r.sum()) for i, v in enumerate(nodes)}


def _peel(H: nx.Graph) -> tuple[set, list[tuple[Any, Any]]]:
    """Split off the leaves (degree 1, hanging from a non-leaf): return the core and (leaf, parent) pairs."""
    order = []
    for v in H:
        nbrs = [u for u in H[v] if u != v]
        if len(nbrs) == 1 and len([u for u in H[nbrs[0]] if u != nbrs[0]]) > 1:
            order.append((v, nbrs[0]))
    leaves = {v for v, _ in order}
    return set(H) - leaves, order


def _fr(
    cores: list[list], H: nx.Graph, rng: np.random.Generator, iters: int, groups: dict | None = None
) -> list[np.ndarray]:
    """Fruchterman-Reingold with degree-weighted repulsion, run on several disjoint cores at once.

    Nodes of different cores do not repel each other and each core has its own gravity centre, so a
    batch of small components costs one vectorised run instead of one per component.
    """
    nodes = [v for c in cores for v in c]
    n = len(nodes)
    cid = np.repeat(np.arange(len(cores)), [len(c) for c in cores])
    size = np.array([len(c) for c in cores], dtype=np.float32)
    idx = {v: i for i, v in enumerate(nodes)}
    edges = np.array([(idx[u], idx[v]) for u, v in H.subgraph(nodes).edges() if u != v], dtype=np.int64)
    edges = edges.reshape(-1, 2)
    mass = np.ones(n, dtype=np.float32)
    np.add.at(mass, edges[:, 0], 1.0)
    np.add.at(mass, edges[:, 1], 1.0)
    # attraction is damped on edges between busy nodes, so that hubs (a category every paper is in)
    # do not pull everything into one ring around them
    wdeg = mass[edges[:, 0]] * mass[edges[:, 1]] - 1.0
    w = np.minimum(1.0, 4.0 / np.sqrt(np.maximum(wdeg, 1.0))).astype(np.float32)
    mass = np.sqrt(mass)
    mm = np.multiply.outer(mass, mass)
    if len(cores) > 1:
        mm *= cid[:, None] == cid[None, :]
    spread = np.sqrt(size[cid])
    x = ((rng.random(n, dtype=np.float32) - 0.5) * 2 * spread).astype(np.float32)
    y = ((rng.random(n, dtype=np.float32) - 0.5) * 2 * spread).astype(np.float32)
    temp = spread * 0.5
    if groups:  # start each group (community) in its own sector, so that groups end up side by side
        g = np.array([groups.get(v, -1) % 24 for v in nodes], dtype=np.float32)
        x = x * 0.3 + np.cos(g * 2.4) * spread * 0.7
        y = y * 0.3 + np.sin(g * 2.4) * spread * 0.7
        w = w * np.where(g[edges[:, 0]] == g[edges[:, 1]], 1.5, 0.5).astype(np.float32)
    m = n if n <= SAMPLE_ABOVE else SAMPLE
    for _ in range(iters):
        # repulsion from every node, or (big cores) from a fresh random sample, scaled up: n*m, not n*n
        j = slice(None) if m == n else rng.choice(n, m, replace=False)
        dx = np.subtract.outer(x, x[j])
        dy = np.subtract.outer(y, y[j])
        d2 = dx * dx
        d2 += dy * dy
        d2 += 0.01
        np.divide(mm[:, j], d2, out=d2)  # repulsion k² m_i m_j / d, along (dx, dy) / d
        fx = np.einsum("ij,ij->i", d2, dx) * (n / m)
        fy = np.einsum("ij,ij->i", d2, dy) * (n / m)
        if len(edges):
            ex = x[edges[:, 1]] - x[edges[:, 0]]
            ey = y[edges[:, 1]] - y[edges[:, 0]]
            dist = np.sqrt(ex * ex + ey * ey) * w  # attraction w d² / k along the edge
            fx += np.bincount(edges[:, 0], ex * dist, n) - np.bincount(edges[:, 1], ex * dist, n)
            fy += np.bincount(edges[:, 0], ey * dist, n) - np.bincount(edges[:, 1], ey * dist, n)
        cx = np.bincount(cid, x) / size
        cy = np.bincount(cid, y) / size
        fx -= (x - cx[cid]) * 0.12 * mass
        fy -= (y - cy[cid]) * 0.12 * mass
        length = np.sqrt(fx * fx + fy * fy) + 1e-6
        step = np.minimum(length, temp) / length
        x += fx * step
        y += fy * step
        temp = np.maximum(temp * 0.93, 0.05)
    out, start = [], 0
    for c in cores:
        xy = np.stack([x[start : start + len(c)], y[start : start + len(c)]], axis=1).astype(float)
        out.append(xy - xy.mean(0))
        start += len(c)
    return out


def _fan_out(core: list, xy: np.ndarray, order: list[tuple[Any, Any]], rng: np.random.Generator) -> Pos:
    """Place leaves on a fan (or a circle) around the node they hang from, facing away from the centre."""
    pos: dict[Any, np.ndarray] = {v: xy[i] for i, v in enumerate(core)}
    children: dict[Any, list] = {}
    for leaf, parent in order:
        children.setdefault(parent, []).append(leaf)
    centre = xy.mean(0)
    for p, kids in children.items():
        base = pos[p]
        away = base - centre
        phase = math.atan2(away[1], away[0]) if np.hypot(*away) > 1e-6 else rng.random() * 6.283
        m = len(kids)
        radius = 0.9 + 0.12 * math.sqrt(m)
        full = m > 6 or len(core) <= 2
        for j, kid in enumerate(sorted(kids, key=str)):
            ang = j * 2 * math.pi / m if full else phase + (j - (m - 1) / 2) * (math.pi * 0.9 / m)
            pos[kid] = base + radius * np.array([math.cos(ang), math.sin(ang)])
    return {v: (float(x), float(y)) for v, (x, y) in pos.items()}


def force_layout(
    H: nx.Graph, *, seed: int = 0, iters: int = 60, scale: float = 60.0, groups: dict | None = None
) -> Pos:
    """Positions for every node of the undirected graph ``H`` (components packed, in pixels-ish units).

    ``scale`` is the distance between linked nodes; the largest component sits in the middle and
    the others are arranged in rings around it, largest first. ``groups`` (node -> community number)
    starts each community in its own sector and pulls communities together.

    >>> H = nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4)]); H.add_node(9)
    >>> pos = force_layout(H, seed=3)
    >>> len(pos), pos[1] != pos[2]
    (5, True)
    """
    rng = np.random.default_rng(seed)
    comps = sorted(nx.connected_components(H), key=lambda c: (-len(c), min(map(str, c))))
    peeled = []
    for comp in comps:
        core, order = _peel(H.subgraph(comp))
        peeled.append((sorted(core, key=str), order))
    batches: list[list[int]] = []
    for i, (members, _) in enumerate(peeled):
        if (
            batches
            and len(members) < 400
            and sum(len(peeled[j][0]) for j in batches[-1]) + len(members) <= 1200
        ):
            batches[-1].append(i)
        else:
            batches.append([i])
    laid: list[tuple[float, Pos]] = [(0.0, {})] * len(comps)
    for batch in batches:
        cores = [peeled[i][0] for i in batch]
        n_iters = iters if sum(map(len, cores)) < 1000 else max(25, iters * 2 // 3)
        for i, xy in zip(batch, _fr(cores, H, rng, n_iters, groups), strict=True):
            p = _fan_out(peeled[i][0], xy, peeled[i][1], rng)
            arr = np.array(list(p.values()))
            arr -= arr.mean(0)
            radius = float(np.sqrt((arr * arr).sum(1)).max()) + 1.0
            laid[i] = (radius, dict(zip(p.keys(), map(tuple, arr), strict=True)))
    out: Pos = {}
    if not laid:
        return out
    r0, p0 = laid[0]
    out.update({v: (x * scale, y * scale) for v, (x, y) in p0.items()})
    ring_r, angle, ring_w = r0 + 1.5, 0.0, 0.0
    for r, p in laid[1:]:
        step = (2 * r + 0.8) / max(ring_r + r, 1e-6)
        if angle + step > 2 * math.pi:
            ring_r += ring_w + 1.0
            angle, ring_w = 0.0, 0.0
            step = (2 * r + 0.8) / (ring_r + r)
        ang = angle + step / 2
        cx, cy = (ring_r + r) * math.cos(ang), (ring_r + r) * math.sin(ang)
        out.update({v: ((x + cx) * scale, (y + cy) * scale) for v, (x, y) in p.items()})
        angle += step
        ring_w = max(ring_w, 2 * r)
    return out


# ---------------------------------------------------------------- choosing the nodes of a view
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
    H = nx.Graph()
    H.add_nodes_from((v, G.nodes[v]) for v in keep)
    for u in keep:
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
    near_by: Counter = Counter(u for v in keep for u in (*succ[v], *pred[v]) if u not in keep)
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
    H.add_nodes_from((a, {**G.nodes[a], "papers": npapers[a]}) for a in chosen)
    papers = {p for a in chosen for p in succ[a]}
    big, notes = 0, []
    for p in sorted(papers, key=str):
        if len(pred[p]) > max_team:
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
