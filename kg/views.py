"""Interactive HTML network views: one self-contained, offline file per view, plus a gallery page.

A view is chosen (:mod:`kg.select` ranks and caps the nodes, :mod:`kg.layout` places them),
turned into a pyvis ``Network`` (nodes with fixed positions, physics off), and rendered into the
template in ``viz/``
with vis-network, the CSS and the JavaScript inlined: no CDN, no web font, nothing fetched. Data
travels as JSON inside ``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped, and
the page script writes every string with ``textContent``, so a title holding ``<script>`` shows as
text and runs nothing.

Examples
--------
>>> from kg.graph import build_graph
>>> from kg.model import PaperRecord
>>> G = build_graph([PaperRecord(key="arxiv:2501.00001", title="<b>T</b>", authors=["A B"])])
>>> html = build_view(G, "overview").html
>>> "<b>T</b>" in html, "\\\\u003cb\\\\u003eT" in html, "https://" in html.split("<style>")[0]
(False, True, False)
"""

from __future__ import annotations

import html as _html
import json
import math
import re
import time
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.edge import Edge
from pyvis.network import Network

from kg.analysis import pagerank
from kg.errors import ConfigError, KgError
from kg.layout import force_layout
from kg.select import (
    Selection,
    degrees,
    filter_papers,
    select_coauthors,
    select_ego,
    select_entities,
    select_overview,
    select_paper,
)

KINDS = ("overview", "coauthors", "entities", "ego", "paper")
STYLE: dict[str, tuple[str, str, str]] = {  # label -> (colour, vis shape, legend name)
    "Paper": ("#4e79a7", "dot", "Paper"),
    "Author": ("#f28e2b", "diamond", "Author"),
    "Method": ("#59a14f", "triangle", "Method"),
    "Dataset": ("#e15759", "square", "Dataset"),
    "Task": ("#b07aa1", "star", "Task"),
    "CodeRepo": ("#76b7b2", "triangleDown", "Code repository"),
    "Category": ("#edc948", "hexagon", "Category"),
}
_COLOURS = "#4e79a7 #f28e2b #e15759 #76b7b2 #59a14f #edc948 #b07aa1 #ff9da7 #9c755f #86bcb6 #d37295 #8cd17d"
PALETTE: tuple[str, ...] = tuple(_COLOURS.split())  # community colours (Tableau 12)
OTHER = "#a0a0a8"


@cache
def _viz_dir() -> Path:
    here = Path(__file__).resolve().parent
    for d in (here.parent / "viz", here / "_assets" / "viz"):
        if (d / "template.html").is_file():
            return d
    raise KgError("view assets not found (viz/template.html): reinstall paperkg")


@cache
def _asset(name: str) -> str:
    return (_viz_dir() / name).read_text(encoding="utf-8")


@cache
def _vis() -> tuple[str, str]:
    """vis-network's JS and CSS, taken from the installed pyvis package (never from a CDN)."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=\S*", "", js).replace("</script", "<\\/script")
    css = re.sub(r"/\*# sourceMappingURL=\S*\s*\*/", "", css)
    return js, css


def presets() -> dict[str, dict[str, Any]]:
    """Per-kind view settings from ``viz/presets.json`` (common values merged in).

    >>> presets()["overview"]["max_nodes"]
    1500
    """
    raw = json.loads(_asset("presets.json"))
    return {k: {**raw["common"], **raw[k]} for k in KINDS}


def json_for_script(obj: Any) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``<``, ``>``, ``&`` or line separators).

    >>> json_for_script({"t": "</script><img onerror=x>"})
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cimg onerror=x\\\\u003e"}'
    """
    text = json.dumps(obj, ensure_ascii=False)
    for ch, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return text


def resolve_focus(G: nx.MultiDiGraph, text: str) -> Hashable:
    """The node meant by ``text``: a key, else an exact name/title, else the best-connected partial match.

    >>> from kg.graph import build_graph
    >>> from kg.model import PaperRecord
    >>> G = build_graph([PaperRecord(key="arxiv:2501.00001", title="Deep Nets", authors=["Ada Lovelace"])])
    >>> resolve_focus(G, "ada lovelace"), resolve_focus(G, "deep")
    ('author:ada lovelace', 'arxiv:2501.00001')
    """
    if text in G:
        return text
    q = " ".join(text.split()).casefold()
    exact, partial = [], []
    for v, d in G.nodes(data=True):
        name = str(d.get("title") or d.get("name") or "").casefold()
        if name == q:
            exact.append(v)
        elif q and (q in name or q in str(v).casefold()):
            partial.append(v)
    found = exact or partial
    if not found:
        raise ConfigError(f"--focus {text!r}: no node has this key, name or title")
    return max(found, key=lambda v: (G.degree(v), str(v)))


def select(
    G: nx.MultiDiGraph,
    kind: str,
    *,
    focus: str | None = None,
    hops: int | None = None,
    max_nodes: int | None = None,
    since: str | None = None,
    category: str | None = None,
) -> Selection:
    """Choose the nodes of one view (see :data:`KINDS`)."""
    if kind not in KINDS:
        raise ConfigError(f"unknown view kind {kind!r}; choose one of {', '.join(KINDS)}")
    p = presets()[kind]
    n = max_nodes or p["max_nodes"]
    if n < 1:
        raise ConfigError("--max-nodes must be at least 1")
    H = filter_papers(G, since=since, category=category)
    if kind == "overview":
        return select_overview(H, n)
    if kind == "coauthors":
        return select_coauthors(H, n, max_team=p["max_team"])
    if kind == "entities":
        return select_entities(H, n)
    if not focus:
        raise ConfigError(f"--kind {kind} needs --focus KEY|NAME")
    key = resolve_focus(H, focus)
    if kind == "paper":
        if H.nodes[key].get("label") != "Paper":
            raise ConfigError(f"--focus {focus!r} is {key!r}, not a paper (try --kind ego)")
        return select_paper(H, key, n, hub_degree=p["hub_degree"])
    return select_ego(H, key, n, hops=hops or p["hops"], hub_degree=p["hub_degree"])


def _info(G: nx.MultiDiGraph, v: Hashable, d: dict, deg: int) -> dict[str, Any]:
    label = d.get("label", "")
    i: dict[str, Any] = {"k": STYLE.get(label, ("", "", label))[2], "key": str(v), "n": deg}
    i["t"] = d.get("title") or d.get("name") or str(v).split(":", 1)[-1]
    if label == "Paper":
        i["a"] = list(d.get("authors") or [])[:30]
        i["d"] = max(d.get("dates") or [""])
        i["c"] = list(d.get("categories") or [])
        i["s"] = d.get("tldr") or (d.get("abstract") or "")[:400]
        i["u"], i["p"] = d.get("url"), d.get("pdf")
        code = [G.nodes[r].get("url") for _, r, t in G.out_edges(v, keys=True) if t == "HAS_CODE"]
        i["g"] = [u for u in [d.get("code_url"), *code] if u][:4]
    elif label == "CodeRepo":
        i["u"] = d.get("url")
    elif label == "Author" and d.get("papers"):
        i["s"] = f"{d['papers']} paper(s) in this graph"
    return {k: x for k, x in i.items() if x not in (None, "", [])}


def _short(text: str, n: int = 38) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


@dataclass
class View:
    """A rendered view: the HTML text and its counts."""

    html: str
    nodes: int
    edges: int
    left_out: int
    seconds: float


def build_view(
    G: nx.MultiDiGraph, kind: str = "overview", *, title: str | None = None, home: str = "", **kw: Any
) -> View:
    """Select, lay out and render one view; ``kw`` are the options of :func:`select`."""
    t0 = time.perf_counter()
    p = presets()[kind] if kind in KINDS else {}
    sel = select(G, kind, **kw)
    H = sel.graph
    pos = force_layout(
        H, seed=1, scale=max(18.0, min(1.0, (400 / max(len(H), 1)) ** 0.5) * p["scale"]), groups=sel.groups
    )
    if p["size"] == "pagerank":
        metric = pagerank(H)
    elif p["size"] == "entities":  # entities by papers linking them; papers small
        metric = {
            v: 1.0 if H.nodes[v].get("label") == "Paper" else float(d) for v, d in degrees(G, H).items()
        }
    elif p["size"] == "papers":
        metric = {v: float(H.nodes[v].get("papers", 1)) for v in H}
    else:
        metric = {v: float(d) for v, d in degrees(G, H).items()}
    order = sorted(H, key=lambda v: (-metric[v], str(v)))
    full_deg = degrees(G, H)
    ids = {v: i for i, v in enumerate(order)}
    groups: Counter = Counter()
    top = len(H) if len(H) <= 40 else max(12, min(30, round(len(H) ** 0.5 * 0.6)))
    second = min(250, len(H) // 8)
    net = Network(directed=False)
    info = []
    for v in order:
        d = H.nodes[v]
        label = d.get("label", "Paper")
        colour, shape, _ = STYLE.get(label, (OTHER, "dot", label))
        group: Any = label
        if sel.groups is not None:
            g = sel.groups.get(v, -1)
            group = g if 0 <= g < len(PALETTE) else "other"
            colour = PALETTE[g] if 0 <= g < len(PALETTE) else OTHER
        groups[group] += 1
        tier = 0 if ids[v] < top else 1 if ids[v] < top + second else 2
        info.append({**_info(G, v, d, full_deg[v]), "gr": group, "tier": tier})
        x, y = pos[v]
        size = round(math.sqrt(metric[v]), 6)
        net.add_node(ids[v], _short(info[-1]["t"]), shape, colour, x=round(x, 1), y=round(y, 1), value=size)
    width = p["edge_width"]
    for u, v, d in H.edges(data=True):
        w = d.get("weight", 1.0)
        opts: dict[str, Any] = {"title": " · ".join(d.get("types", []))}
        opts["width"] = round(min(width * (1 + (w - 1) * 0.8), 8), 2) if w > 1 else width
        net.edges.append(Edge(ids[u], ids[v], False, **opts).options)
    nodes, edges, *_ = net.get_network_data()
    legend = _legend(sel, groups, order)
    options = json.loads(json.dumps(p["vis"]))
    big = len(nodes) > 800
    options["interaction"].update(hideEdgesOnDrag=big, hideEdgesOnZoom=big)
    options["nodes"]["scaling"]["label"]["drawThreshold"] = p["draw_threshold"]
    note = _note(sel, len(nodes), len(edges))
    heading = title or p["heading"]
    if sel.focus is not None:
        heading = f"{p['heading']}: {_short(info[ids[sel.focus]]['t'], 80)}"
    focus = ids.get(sel.focus) if sel.focus is not None else None
    data = dict(kind=kind, note=note, nodes=nodes, edges=edges, info=info, legend=legend, options=options)
    data.update(focus=focus, node_px=p["node_px"], label_px=p["label_px"])
    js, css = _vis()
    parts = {
        "TITLE": _html.escape(f"{heading} — paperkg"),
        "HEADING": _html.escape(heading),
        "HOME": _html.escape(home or "#", quote=True),
        "VIS_CSS": css,
        "CSS": _asset("style.css"),
        "DATA": json_for_script(data),
        "VIS_JS": js,
        "APP_JS": _asset("app.js").replace("</script", "<\\/script"),
    }
    page = re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], _asset("template.html"))
    left = sum(sel.left_out().values())
    return View(page, len(nodes), len(edges), left, time.perf_counter() - t0)


def _legend(sel: Selection, groups: Counter, order: list) -> list[dict[str, Any]]:
    def entry(key: Any, name: str, colour: str, shape: str) -> dict[str, Any]:
        return {"key": key, "name": name, "color": colour, "shape": shape, "count": groups[key]}

    if sel.groups is None:
        return [entry(lb, STYLE[lb][2], STYLE[lb][0], STYLE[lb][1]) for lb in STYLE if groups[lb]]
    out = []
    for g in sorted((g for g in groups if g != "other"), key=int):
        top = next(v for v in order if sel.groups.get(v) == g)
        name = _short(sel.graph.nodes[top].get("name") or str(top), 24)
        out.append(entry(g, f"group of {name}", PALETTE[g], "diamond"))
    if groups["other"]:
        out.append(entry("other", "smaller groups", OTHER, "diamond"))
    return out


def _note(sel: Selection, n_nodes: int, n_edges: int) -> str:
    left = sel.left_out()
    if not n_nodes:
        return "Nothing to show: no node matches these options (check --since, --category and --focus)."
    text = f"Showing {n_nodes:,} nodes and {n_edges:,} links"
    parts = ", ".join(f"{c:,} {lb}" for lb, c in left.most_common())
    text += (
        f", ranked by {sel.ranked_by}. Left out: {parts}. Raise --max-nodes or filter to see more."
        if left
        else "."
    )
    return " ".join([text, *sel.notes])


def write_view(G: nx.MultiDiGraph, out: Path, kind: str = "overview", **kw: Any) -> View:
    """Render one view and write it to ``out`` (atomically); ``kw`` as for :func:`build_view`."""
    from kg.export import atomic_write_text

    view = build_view(G, kind, **kw)
    atomic_write_text(Path(out), view.html)
    return view
