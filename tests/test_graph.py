"""The in-memory graph: merging, keys, relationship rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import model as m
from kg.graph import add_edge, add_node, build_graph, counts
from kg.model import Entity, Extraction, PaperRecord, Repo
from kg.sources import read_file

DIG = Path(__file__).parent / "data" / "digests"


def test_same_paper_on_two_days_is_one_node() -> None:
    recs = read_file(DIG / "2026-03-02.md").records + read_file(DIG / "2026-03-03.md").records
    G = build_graph(recs)
    glow = G.nodes["arxiv:2603.00001"]
    assert glow["dates"] == ["2026-03-02", "2026-03-03"]
    assert glow["categories"] == ["cs.CV", "cs.LG"]
    assert glow["authors"] == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    # both spellings of the author list ("," and ", ") give the same Author nodes, linked once
    assert sum(1 for _, _, k in G.in_edges("arxiv:2603.00001", keys=True) if k == "AUTHORED") == 3
    assert G.edges["author:ada lovelace", "arxiv:2603.00001", "AUTHORED"]["position"] == 0
    primary = {
        v: d["primary"]
        for _, v, k, d in G.out_edges("arxiv:2603.00001", keys=True, data=True)
        if k == "IN_CATEGORY"
    }
    assert primary == {"category:cs.CV": True, "category:cs.LG": True}
    assert "author:john smith" in G  # full-width letters folded by NFKC


def test_extraction_edges_and_proposer() -> None:
    a = PaperRecord(key="arxiv:2601.00001", title="A", dates=["2026-01-01"])
    b = PaperRecord(key="arxiv:2602.00001", title="B", dates=["2026-02-01"])
    ent = Entity("method", "OTPrune", "method:otprune", confidence=0.9, evidence="We propose OTPrune.")
    exs = [
        Extraction(b.key, proposed=[ent]),
        Extraction(
            a.key,
            proposed=[ent],
            datasets=[Entity("dataset", "COCO", "dataset:coco")],
            repos=[Repo("https://github.com/x/y", "repo:github.com/x/y", "github.com")],
        ),
    ]
    G = build_graph([a, b], exs)
    assert G.nodes["method:otprune"]["proposed_by"] == a.key  # the earliest proposer wins
    assert G.edges[a.key, "method:otprune", "PROPOSES"]["evidence"] == "We propose OTPrune."
    assert counts(G)["relationships"] == {"EVALUATES_ON": 1, "HAS_CODE": 1, "PROPOSES": 2}
    assert G.nodes["repo:github.com/x/y"]["label"] == "CodeRepo"


def test_relationship_rules_are_enforced() -> None:
    G = build_graph([PaperRecord(key="arxiv:2601.00001", title="A", authors=["X Y"])])
    with pytest.raises(ValueError, match="AUTHORED cannot link Paper to Author"):
        add_edge(G, "arxiv:2601.00001", "author:x y", m.AUTHORED)
    with pytest.raises(ValueError, match="unknown label"):
        add_node(G, "x", "Person")


def test_seed_graph(seed: Path) -> None:
    G = build_graph(read_file(seed).records)
    c = counts(G)
    assert c["nodes"]["Paper"] == 87 and c["nodes"]["Category"] == 1
    assert c["relationships"]["AUTHORED"] == sum(
        len(G.nodes[p]["authors"]) for p in G if p.startswith("arxiv:")
    )
