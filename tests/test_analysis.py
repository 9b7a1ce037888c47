"""kg.analysis on small graphs with known answers, and `kg analyze DIR`."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
from typer.testing import CliRunner

from kg.analysis import (
    analyze,
    centrality,
    citation_graph,
    coauthor_graph,
    cocitation,
    communities,
    cooccurrence,
    coupling,
    pagerank,
    trends,
)
from kg.cli import app
from kg.export import load_graph, write_format
from kg.graph import add_edge, build_graph
from kg.model import Entity, Extraction
from kg.model import PaperRecord as R


def _two_teams() -> nx.MultiDiGraph:
    """Team A (a1..a3) and team B (b1..b3) write two papers each; 'bridge' writes one with each."""
    recs = [
        R(key="arxiv:1", title="1", authors=["a1", "a2", "a3"], dates=["2026-01-01"]),
        R(key="arxiv:2", title="2", authors=["a1", "a2", "a3"], dates=["2026-01-02"]),
        R(key="arxiv:3", title="3", authors=["b1", "b2", "b3"], dates=["2026-01-01"]),
        R(key="arxiv:4", title="4", authors=["b1", "b2", "b3"], dates=["2026-01-03"]),
        R(key="arxiv:5", title="5", authors=["bridge", "a1"], dates=["2026-01-03"]),
        R(key="arxiv:6", title="6", authors=["bridge", "b1"], dates=["2026-01-03"]),
    ]
    lora, sam, seg = (
        Entity("method", "LoRA", "method:lora"),
        Entity("dataset", "SA-1B", "dataset:sa-1b"),
        Entity("task", "segmentation", "task:segmentation"),
    )
    exs = [
        Extraction("arxiv:1", methods=[lora], tasks=[seg]),
        Extraction("arxiv:2", methods=[lora], datasets=[sam]),
        Extraction("arxiv:3", datasets=[sam], tasks=[seg]),
        Extraction("arxiv:4", methods=[lora], tasks=[seg]),
    ]
    G = build_graph(recs, exs)
    for s, t in [(5, 1), (6, 1), (6, 3), (4, 1), (4, 3)]:
        add_edge(G, f"arxiv:{s}", f"arxiv:{t}", "CITES", source="text")
    return G


def test_coauthor_projection_weights_and_big_papers() -> None:
    G = _two_teams()
    H = coauthor_graph(G)
    assert H.edges["author:a1", "author:a2"] == {"weight": 2, "papers": ["arxiv:1", "arxiv:2"]}
    assert H.edges["author:bridge", "author:a1"]["weight"] == 1
    assert not H.has_edge("author:a1", "author:b1")
    assert coauthor_graph(G, max_authors=2).number_of_edges() == 2  # only the two 2-author papers


def test_communities_find_the_two_teams() -> None:
    c = communities(coauthor_graph(_two_teams()))
    assert c["author:a1"] == c["author:a2"] == c["author:a3"]
    assert c["author:b1"] == c["author:b2"] == c["author:b3"]
    assert c["author:a1"] != c["author:b1"]
    assert communities(coauthor_graph(_two_teams()), seed=0) == c  # deterministic


def test_pagerank_matches_networkx_reference() -> None:
    D = nx.gnp_random_graph(40, 0.1, seed=3, directed=True)
    for u, v in D.edges:
        D.edges[u, v]["weight"] = 1 + (u * v) % 3
    ref = _pagerank_python(D, weight="weight", tol=1e-12, max_iter=500)
    got = pagerank(D, tol=1e-12, max_iter=500)
    assert max(abs(ref[n] - got[n]) for n in D) < 1e-9


def test_bridge_has_the_highest_betweenness() -> None:
    c = centrality(coauthor_graph(_two_teams()))
    bc = c["betweenness"]
    assert max(bc, key=lambda a: bc[a]) == "author:bridge"
    assert c["betweenness"]["author:a2"] == 0.0
    path = nx.path_graph([f"n{i:02d}" for i in range(50)])
    sampled = centrality(path, exact_limit=10, samples=50)
    assert sampled["betweenness"]["n25"] == pytest.approx(nx.betweenness_centrality(path)["n25"])


def test_cocitation_and_coupling() -> None:
    G = _two_teams()
    assert cocitation(G) == {("arxiv:1", "arxiv:3"): 2}  # 6 and 4 both cite 1 and 3
    assert coupling(G) == {("arxiv:4", "arxiv:5"): 1, ("arxiv:4", "arxiv:6"): 2, ("arxiv:5", "arxiv:6"): 1}
    assert citation_graph(G).in_degree("arxiv:1") == 3


def test_cooccurrence_and_trends() -> None:
    G = _two_teams()
    E = cooccurrence(G)
    assert E.edges["method:lora", "task:segmentation"]["weight"] == 2
    assert not E.has_edge("dataset:sa-1b", "dataset:sa-1b")
    assert trends(G)["method:lora"] == {"2026-01-01": 1, "2026-01-02": 1, "2026-01-03": 1}


def test_analyze_writes_node_properties() -> None:
    G = _two_teams()
    res = analyze(G)
    assert res["author_communities"] == 2  # the bridge joins one of the two teams
    assert G.nodes["author:a1"]["coauthors"] == 3 and G.nodes["author:a1"]["paper_count"] == 3
    assert G.nodes["arxiv:1"]["cited_by"] == 3 and G.nodes["arxiv:6"]["cites"] == 2
    top_paper = max(
        (n for n, d in G.nodes(data=True) if d["label"] == "Paper"), key=lambda n: G.nodes[n]["pagerank"]
    )
    assert top_paper == "arxiv:1"
    assert G.nodes["method:lora"]["paper_count"] == 3 and G.nodes["method:lora"]["first_date"] == "2026-01-01"
    assert res["top_cocited"] == [["arxiv:1", "arxiv:3", 2]]


def test_cli_analyze(tmp_path: Path) -> None:
    write_format(_two_teams(), tmp_path, "json")
    res = CliRunner().invoke(app, ["analyze", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "Co-authorship: 7 authors" in res.output
    G = load_graph(tmp_path)
    assert G.nodes["author:bridge"]["betweenness"] > 0
    summary = json.loads((tmp_path / "analysis.json").read_text())
    assert summary["citation_edges"] == 5 and "method:lora" in summary["trends"]
