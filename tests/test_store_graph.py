"""The small graph the store and recipe tests load: the seed digest plus hand-made extractions.

Everything here is built from the real parser and graph builder; the extractions are written by
hand so that every recipe has Methods, Datasets, Tasks, repositories and paper links to return.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import networkx as nx

from kg import model as m
from kg.graph import add_edge, add_node, build_graph
from kg.model import Entity, Extraction, PaperRecord, Repo
from kg.sources import read_file

SEED = Path(__file__).resolve().parent.parent / "examples" / "000_ec6094f0c297707c.txt"


def seed_records() -> list[PaperRecord]:
    """Seed digest records, with dates: the first 30 on 2026-02-24, the rest on 2026-02-25, #5 on both."""
    recs = read_file(SEED).records
    out = []
    for i, r in enumerate(recs):
        dates = ["2026-02-24"] if i < 30 else ["2026-02-25"]
        if i == 5:
            dates = ["2026-02-24", "2026-02-25"]
        out.append(dataclasses.replace(r, dates=dates))
    return out


def ent(kind: str, name: str, conf: float = 0.9) -> Entity:
    return Entity(kind, name, m.entity_key(kind, name), confidence=conf, evidence=f"we use {name}")


def extractions(keys: list[str]) -> list[Extraction]:
    """Hand-made extractions for the first seed papers (keys in file order)."""
    p = [*keys, "", "", "", "", ""]  # graphs of fewer than 5 papers get fewer extractions
    ot, otp = ent("method", "optimal transport"), ent("method", "OTPrune")
    kadid, kadid2, newset = ent("dataset", "KADID-10k"), ent("dataset", "KADID10k"), ent("dataset", "NewSet")
    vtp = ent("task", "visual token pruning")
    repo = Repo(
        "https://github.com/xiwenc1/OTPrune", m.repo_key("https://github.com/xiwenc1/OTPrune"), "github.com"
    )
    exs = [
        Extraction(p[0], proposed=[otp], methods=[ot], datasets=[kadid], tasks=[vtp], repos=[repo]),
        Extraction(p[1], methods=[otp, ot], datasets=[kadid], tasks=[vtp]),
        Extraction(p[2], methods=[ot], datasets=[kadid2]),
        Extraction(p[3], proposed=[newset], methods=[ot]),
        Extraction(p[4], datasets=[newset, kadid], methods=[otp]),
    ]
    return [ex for ex in exs if ex.paper_key]


def make_graph(records: list[PaperRecord] | None = None) -> nx.MultiDiGraph:
    """The test graph: seed papers and authors, 5 extractions, paper links, an orphan, an authorless paper."""
    recs = seed_records() if records is None else records
    keys = [r.key for r in recs]
    lonely = PaperRecord(key="arxiv:2602.99999", title="A paper without authors", dates=["2026-02-25"],
                         categories=["cs.CV"], primary_category="cs.CV")  # fmt: skip
    G = build_graph([*recs, lonely], extractions(keys))
    if len(keys) >= 3:
        add_edge(G, keys[1], keys[0], m.BUILDS_ON, via="method:otprune")
        add_edge(G, keys[2], keys[0], m.CITES, source="test")
    add_node(G, "method:unused-method", m.METHOD, name="unused method", aliases=[])
    return G


def test_graph_has_what_the_recipes_need() -> None:
    from kg.graph import counts

    c = counts(make_graph())
    assert c["nodes"]["Method"] == 3 and c["nodes"]["Dataset"] == 3 and c["nodes"]["CodeRepo"] == 1
    assert c["relationships"]["BUILDS_ON"] == 1 and c["relationships"]["PROPOSES"] == 2
