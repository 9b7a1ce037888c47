"""HTML views without a browser: selection, layout, escaping, offline-ness, gallery and the CLI."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.analysis import pagerank
from kg.cli import app
from kg.errors import ConfigError
from kg.gallery import write_gallery
from kg.layout import force_layout
from kg.views import KINDS, build_view, json_for_script, resolve_focus, select, write_view
from tests.test_views_graphs import graph_of

FOCUS = {"ego": "Trent Tester", "paper": "Friendly Paper About Graph Views"}
SEED_FOCUS = {"ego": "author:long chen", "paper": "arxiv:2602.20205"}


@pytest.fixture(scope="module")
def seed_graph(seed: Path) -> nx.MultiDiGraph:
    return graph_of(seed)


@pytest.fixture(scope="module")
def xss_graph(data_dir: Path) -> nx.MultiDiGraph:
    return graph_of(data_dir / "views_xss.md")


def page_data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert m, "data block missing"
    return json.loads(m.group(1))


def assert_offline(html: str) -> None:
    """No resource is loaded from the network: no src/href/url()/@import pointing at http(s)."""
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
    assert not re.search(r"""url\(\s*["']?(https?:)?//""", html, re.I)
    assert not re.search(r"@import", html, re.I)
    assert "bootstrap" not in html.lower()
    assert "<link" not in html.lower()
    assert all(" src" not in tag for tag in re.findall(r"<script[^>]*>", html, re.I))


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_offline(seed_graph: nx.MultiDiGraph, kind: str) -> None:
    view = build_view(seed_graph, kind, focus=SEED_FOCUS.get(kind))
    assert_offline(view.html)
    data = page_data(view.html)
    assert view.nodes == len(data["nodes"]) > 1 and view.edges == len(data["edges"]) > 0
    assert len(data["info"]) == len(data["nodes"])
    ids = {n["id"] for n in data["nodes"]}
    assert ids == set(range(len(ids)))
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])
    assert all(math.isfinite(n["x"]) and math.isfinite(n["y"]) for n in data["nodes"])
    assert data["options"]["physics"]["enabled"] is False
    assert sum(g["count"] for g in data["legend"]) == len(data["nodes"])
    assert "vis.Network" in view.html  # vis-network is inlined
    if kind in ("ego", "paper"):
        assert data["focus"] is not None
        assert data["info"][data["focus"]]["key"] == SEED_FOCUS[kind]


def test_data_text_is_escaped(xss_graph: nx.MultiDiGraph) -> None:
    for kind in KINDS:
        html = build_view(xss_graph, kind, focus=FOCUS.get(kind)).html
        for bad in (
            "window.__pwned=1</script>",
            "<img src=x",
            "<svg onload",
            "<b onmouseover",
            "</script><script>",
        ):
            assert bad not in html, (kind, bad)
        # … but the text itself is there, escaped inside the JSON data
        titles = [i["t"] for i in page_data(html)["info"]]
        if kind != "coauthors":
            assert '<script>window.__pwned=1</script>Evil "Quoted" Title' in titles
    assert json_for_script("</script>") == '"\\u003c/script\\u003e"'


def test_max_nodes_caps_and_says_what_is_left_out(seed_graph: nx.MultiDiGraph) -> None:
    view = build_view(seed_graph, "overview", max_nodes=100)
    data = page_data(view.html)
    assert len(data["nodes"]) <= 100
    assert view.left_out >= seed_graph.number_of_nodes() - 100
    assert "Left out:" in data["note"] and "Author" in data["note"]
    full = page_data(build_view(seed_graph, "overview").html)
    assert "Left out" not in full["note"]


def test_overview_ranking_keeps_the_most_connected(seed_graph: nx.MultiDiGraph) -> None:
    sel = select(seed_graph, "overview", max_nodes=150)
    assert "category:cs.CV" in sel.graph
    authors = [v for v in sel.graph if seed_graph.nodes[v]["label"] == "Author"]
    best = max((v for v in seed_graph if seed_graph.nodes[v]["label"] == "Author"), key=seed_graph.degree)
    assert seed_graph.degree(best) >= max(seed_graph.degree(a) for a in authors)
    assert best in sel.graph


def test_filters(data_dir: Path) -> None:
    G = graph_of(*(data_dir / "digests" / f for f in ("2026-03-02.md", "2026-03-03.md")))
    papers = lambda sel: {v for v in sel.graph if G.nodes[v]["label"] == "Paper"}  # noqa: E731
    everything = papers(select(G, "overview"))
    late = papers(select(G, "overview", since="2026-03-03"))
    assert late and late < everything
    assert all(max(G.nodes[p]["dates"]) >= "2026-03-03" for p in late)
    assert papers(select(G, "overview", since="9999-01-01")) == set()
    cv = papers(select(G, "overview", category="cs.CV"))
    assert cv and all("cs.CV" in G.nodes[p]["categories"] for p in cv) and cv != everything
    # non-paper nodes stay only when linked to a kept paper
    sel = select(G, "overview", category="cs.CV")
    assert all(sel.graph.degree(v) > 0 for v in sel.graph)


def test_coauthors_weights_and_communities(seed_graph: nx.MultiDiGraph) -> None:
    sel = select(seed_graph, "coauthors")
    H = sel.graph
    assert all(seed_graph.nodes[v]["label"] == "Author" for v in H)
    u, v, w = max(H.edges(data="weight"), key=lambda e: e[2])
    shared = set(seed_graph.successors(u)) & set(seed_graph.successors(v))
    assert w == len(shared) >= 1
    assert sel.groups and set(sel.groups) == set(H)


def test_ego_hops_and_paper_neighbourhood(seed_graph: nx.MultiDiGraph) -> None:
    one = select(seed_graph, "ego", focus="author:long chen", hops=1).graph
    two = select(seed_graph, "ego", focus="author:long chen", hops=2).graph
    assert set(one) == {"author:long chen", *seed_graph.successors("author:long chen")}
    assert set(one) < set(two)
    paper = select(seed_graph, "paper", focus="arxiv:2602.20205").graph
    assert set(seed_graph.predecessors("arxiv:2602.20205")) <= set(paper)


def test_focus_resolution(seed_graph: nx.MultiDiGraph) -> None:
    assert resolve_focus(seed_graph, "arxiv:2602.20205") == "arxiv:2602.20205"
    assert resolve_focus(seed_graph, "  long   CHEN ") == "author:long chen"
    assert resolve_focus(seed_graph, "OTPrune").startswith(("arxiv:2602.20205", "method:otprune"))
    with pytest.raises(ConfigError, match="no node"):
        resolve_focus(seed_graph, "zzz-no-such-thing")
    with pytest.raises(ConfigError, match="not a paper"):
        select(seed_graph, "paper", focus="author:long chen")
    with pytest.raises(ConfigError, match="needs --focus"):
        select(seed_graph, "ego")
    with pytest.raises(ConfigError, match="unknown view kind"):
        select(seed_graph, "pie")


def test_layout_is_finite_and_spread() -> None:
    G = nx.connected_caveman_graph(6, 8)
    G.add_edges_from([(100, 101), (101, 102)])
    G.add_node(200)
    pos = force_layout(G, seed=2)
    assert set(pos) == set(G)
    pts = list(pos.values())
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pts)
    assert len({(round(x, 3), round(y, 3)) for x, y in pts}) == len(pts)
    # nodes of one cave sit closer together than nodes of different caves
    d = lambda a, b: math.dist(pos[a], pos[b])  # noqa: E731
    assert d(1, 2) < d(1, 40)
    pr = pagerank(G)
    assert abs(sum(pr.values()) - 1) < 1e-9
    assert pagerank(nx.Graph()) == {}


def test_pagerank_matches_networkx() -> None:
    from networkx.algorithms.link_analysis import pagerank_alg

    G = nx.karate_club_graph()
    reference = getattr(pagerank_alg, "_pagerank_python", None)
    if reference is None:
        pytest.skip("networkx has no pure-Python pagerank to compare with")
    ours, theirs = pagerank(G, weight=None, max_iter=100), reference(G, weight=None, tol=1e-12, max_iter=500)
    assert max(abs(ours[v] - theirs[v]) for v in G) < 1e-6


def test_gallery(seed_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    index = write_gallery(seed_graph, tmp_path, title='seed <"build">')
    html = index.read_text()
    assert index == tmp_path / "index.html"
    assert "seed &lt;&quot;build&quot;&gt;" in html and '<"build">' not in html
    assert_offline(html)
    links = re.findall(r'href="(views/[^"]+)"', html)
    assert {"views/overview.html", "views/coauthors.html", "views/entities.html", "views/paper.html"} <= set(
        links
    )
    for link in links:
        view = (tmp_path / link).read_text()
        assert 'href="../index.html"' in view
        n = len(page_data(view)["nodes"])
        assert f"{n:,} nodes" in html
    assert "87" in html  # the paper count


runner = CliRunner()


def test_cli_view(seed_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    from kg.export import write_format

    write_format(seed_graph, tmp_path, "json")
    for kind in KINDS:
        out = tmp_path / f"{kind}.html"
        args = ["view", str(tmp_path), "--kind", kind, "--out", str(out), "--max-nodes", "300"]
        if kind in SEED_FOCUS:
            args += ["--focus", SEED_FOCUS[kind]]
        res = runner.invoke(app, args)
        assert res.exit_code == 0, res.output
        assert f"Wrote {out}" in res.output and out.stat().st_size > 100_000
    res = runner.invoke(app, ["view", str(tmp_path), "--kind", "ego", "--out", str(tmp_path / "x.html")])
    assert res.exit_code == 1 and "needs --focus" in res.output
    res = runner.invoke(app, ["view", str(tmp_path / "nope"), "--out", str(tmp_path / "x.html")])
    assert res.exit_code == 1 and "graph.json" in res.output
    res = runner.invoke(
        app, ["view", str(tmp_path), "--since", "yesterday", "--out", str(tmp_path / "x.html")]
    )
    assert res.exit_code == 1 and "YYYY-MM-DD" in res.output


def test_write_view_reports_counts(seed_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    v = write_view(seed_graph, tmp_path / "a" / "o.html", "entities", max_nodes=50)
    assert (tmp_path / "a" / "o.html").read_text() == v.html and v.nodes <= 50 and v.left_out > 0


def _hub_and_tail_graph() -> nx.MultiDiGraph:
    """40 papers each using the same 5 popular methods, and 20 rare methods used by 2 papers each."""
    from kg.graph import build_graph
    from kg.model import Entity, Extraction, PaperRecord, entity_key

    def method(name: str) -> Entity:
        return Entity("method", name, entity_key("method", name))

    recs, exs = [], []
    for i in range(40):
        recs.append(PaperRecord(key=f"arxiv:2501.{i:05d}", title=f"Popular {i}", authors=[f"A{i} B"]))
        exs.append(Extraction(recs[-1].key, methods=[method(f"Popular{j}") for j in range(5)]))
    for i in range(40):
        recs.append(PaperRecord(key=f"arxiv:2502.{i:05d}", title=f"Rare {i}", authors=[f"C{i} D"]))
        exs.append(Extraction(recs[-1].key, methods=[method(f"Rare{i // 2}")]))
    return build_graph(recs, exs)


@pytest.mark.parametrize("max_nodes", [12, 40, 61])
def test_entities_view_has_no_unlinked_nodes(max_nodes: int) -> None:
    G = _hub_and_tail_graph()
    sel = select(G, "entities", max_nodes=max_nodes)
    H = sel.graph
    assert max_nodes - 3 <= len(H) <= max_nodes
    assert [v for v in H if H.degree(v) == 0] == []
    rare = [v for v in H if str(v).startswith("method:rare")]
    assert rare or max_nodes < 20, "the rarer methods get places too, each with one of its papers"
    assert {f"method:popular{j}" for j in range(5)} <= set(H)
    note = page_data(build_view(G, "entities", max_nodes=max_nodes).html)["note"]
    assert "Left out:" in note and "Paper" in note


def test_views_keep_isolated_nodes_only_when_everything_fits(seed_graph: nx.MultiDiGraph) -> None:
    for kind in ("overview", "entities"):
        H = select(seed_graph, kind, max_nodes=300).graph
        assert [v for v in H if H.degree(v) == 0] == [], kind
    G = _hub_and_tail_graph()
    G.add_node("method:lonely", label="Method", key="method:lonely", name="Lonely")
    assert "method:lonely" in select(G, "entities", max_nodes=1000).graph
    assert "method:lonely" not in select(G, "entities", max_nodes=50).graph
