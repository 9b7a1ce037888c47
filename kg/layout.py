"""Python-side layout for the HTML views (pure numpy + networkx, no browser physics).

Browsers cannot run a force simulation on thousands of nodes quickly, so views arrive with fixed
positions. :func:`force_layout` is a Fruchterman-Reingold style layout, vectorised with numpy, run
on the *core* of each connected component (leaves are peeled off first and fanned around the node
they hang from, which is what readers expect from author/paper stars); components are then packed
around the largest one.

Examples
--------
>>> import networkx as nx
>>> pos = force_layout(nx.path_graph(5), seed=1)
>>> sorted(pos), all(len(p) == 2 for p in pos.values())
([0, 1, 2, 3, 4], True)
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import Any

import networkx as nx
import numpy as np

Pos = dict[Hashable, tuple[float, float]]
SAMPLE_ABOVE, SAMPLE = 1200, 500  # cores above SAMPLE_ABOVE nodes feel repulsion from SAMPLE nodes a step


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
