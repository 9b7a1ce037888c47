"""The gallery of a build: ``index.html`` with the counts of the graph and a card per default view,
and those views in ``views/`` (rendered by :mod:`kg.views`).

:func:`write_views` renders a chosen part of them (the build renders the views of papers and
authors early, in a forked child) and :func:`write_gallery` the rest and the page.

Examples
--------
>>> import tempfile
>>> from kg.graph import build_graph
>>> from kg.model import PaperRecord
>>> G = build_graph([PaperRecord(key="arxiv:2501.00001", title="T", authors=["A B", "C D"])])
>>> out = Path(tempfile.mkdtemp())
>>> write_views(G, out, PEOPLE_VIEWS)
{'coauthors': (2, 1, 0)}
"""

from __future__ import annotations

import html as _html
import re
from collections import Counter
from collections.abc import Collection, Hashable
from pathlib import Path
from typing import Any

import networkx as nx

from kg.views import STYLE, _asset, _short, presets, write_view


def _default_views(
    G: nx.MultiDiGraph, only: Collection[str] | None = None
) -> list[tuple[str, str, dict[str, Any]]]:
    """(file stem, kind, options) of the views the gallery links (those named in ``only``)."""
    want = set(only) if only is not None else {"overview", "coauthors", "entities", "paper", "author"}
    out: list[tuple[str, str, dict[str, Any]]] = [("overview", "overview", {})] if "overview" in want else []
    labels = Counter(d.get("label") for d in G._node.values())
    if labels["Author"] and "coauthors" in want:
        out.append(("coauthors", "coauthors", {}))
    if labels["Method"] + labels["Dataset"] + labels["Task"] and "entities" in want:
        out.append(("entities", "entities", {}))
    nodes, succ, pred = G._node, G._succ, G._pred  # plain dicts: much faster than the views
    papers = [v for v, d in nodes.items() if d.get("label") == "Paper"] if "paper" in want else []
    if papers:

        def richness(p: Hashable) -> tuple[int, int, str]:
            kinds = {nodes[u].get("label") for u in succ[p]}
            degree = sum(map(len, succ[p].values())) + sum(map(len, pred[p].values()))
            return (len(kinds), -degree, str(p))

        best = max(papers, key=richness)
        out.append(("paper", "paper", {"focus": best}))
    authors = [v for v, d in nodes.items() if d.get("label") == "Author"] if "author" in want else []
    if authors:
        top = max(authors, key=lambda a: (sum(map(len, succ[a].values())), str(a)))
        out.append(("author", "ego", {"focus": top, "hops": 2}))
    return out


# Views that show only papers, authors and authorship: the build can render them before the
# extracted entities are in the graph (they come out the same).
PEOPLE_VIEWS = ("coauthors",)

Counts = tuple[int, int, int]  # nodes, links, left out


def write_views(G: nx.MultiDiGraph, out_dir: Path, only: Collection[str] | None = None) -> dict[str, Counts]:
    """Write the gallery's views (those named in ``only``) into ``out_dir/views/``; their counts by name."""
    done: dict[str, Counts] = {}
    for stem, kind, opts in _default_views(G, only):
        view = write_view(G, Path(out_dir) / "views" / f"{stem}.html", kind, home="../index.html", **opts)
        done[stem] = (view.nodes, view.edges, view.left_out)
    return done


def write_gallery(
    G: nx.MultiDiGraph,
    out_dir: Path,
    *,
    title: str = "paperkg",
    done: dict[str, Counts] | None = None,
    counts: dict[str, dict[str, int]] | None = None,
) -> Path:
    """Write ``out_dir/index.html`` (a gallery with counts) and the default views in ``out_dir/views/``.

    Returns the path of index.html. Views named in ``done`` were written already (by
    :func:`write_views`, with these counts) and are only linked; ``counts`` are G's
    :func:`kg.graph.counts` when the caller has them.

    >>> import tempfile
    >>> from kg.graph import build_graph
    >>> from kg.model import PaperRecord
    >>> G = build_graph([PaperRecord(key="arxiv:2501.00001", title="T", authors=["A B", "C D"])])
    >>> index = write_gallery(G, Path(tempfile.mkdtemp()))
    >>> sorted(p.name for p in (index.parent / "views").iterdir())
    ['author.html', 'coauthors.html', 'overview.html', 'paper.html']
    """
    from kg.export import atomic_write_text
    from kg.graph import counts as count

    out_dir = Path(out_dir)
    done = dict(done or {})
    cards = []
    for stem, kind, opts in _default_views(G):
        if stem not in done:
            view = write_view(G, out_dir / "views" / f"{stem}.html", kind, home="../index.html", **opts)
            done[stem] = (view.nodes, view.edges, view.left_out)
        nodes, edges, left_out = done[stem]
        p = presets()[kind]
        head = p["heading"]
        if "focus" in opts:
            name = G.nodes[opts["focus"]].get("title") or G.nodes[opts["focus"]].get("name") or opts["focus"]
            head = f"{head}: {_short(name, 60)}"
        extra = f"; {left_out:,} left out" if left_out else ""
        cards.append(
            f'<a class="card" href="views/{stem}.html"><h2>{_html.escape(head)}</h2>'
            f"<p>{_html.escape(p['blurb'])}</p>"
            f'<p class="muted">{nodes:,} nodes, {edges:,} links{extra}</p></a>'
        )
    c = counts or count(G)
    items = [
        f'<li><span class="sw" style="background:{STYLE[lb][0]}"></span>{re.sub("y$", "ie", STYLE[lb][2])}s '
        f"<b>{c['nodes'].get(lb, 0):,}</b></li>"
        for lb in STYLE
        if c["nodes"].get(lb)
    ]
    items.append(f"<li>links <b>{sum(c['relationships'].values()):,}</b></li>")
    esc = _html.escape(title)
    parts = dict(TITLE=esc, HEADING=esc, CSS=_asset("style.css"), COUNTS="".join(items), CARDS="".join(cards))
    page = re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], _asset("gallery.html"))
    return atomic_write_text(out_dir / "index.html", page)
