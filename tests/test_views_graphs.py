"""Test graphs for the view tests, independent of the NLP layer (which evolves on its own).

The extractions here are deliberately simple and deterministic: the name before a title's colon is
a proposed method, a few well-known dataset names found in the abstract are datasets, and
GitHub URLs in the abstract are code repositories.
"""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx

from kg.graph import build_graph
from kg.model import Entity, Extraction, PaperRecord, Repo, entity_key, repo_key
from kg.sources import read_file

DATASETS = ("ImageNet", "COCO", "KADID-10k", "KITTI", "nuScenes", "ScanNet", "CIFAR-10", "LAION")
_GITHUB = re.compile(r"https?://github\.com/[\w.-]+/[\w.-]+")


def simple_extraction(rec: PaperRecord) -> Extraction:
    """A deterministic stand-in for kg.extract, good enough to give views methods, datasets and repos."""
    ex = Extraction(rec.key)
    m = re.match(r"\s*([A-Z][\w-]{2,30})\s*:", rec.title)
    if m:
        ex.proposed.append(Entity("method", m.group(1), entity_key("method", m.group(1))))
    for name in DATASETS:
        if name.lower() in rec.abstract.lower():
            ex.datasets.append(Entity("dataset", name, entity_key("dataset", name)))
    for url in dict.fromkeys(u.rstrip(".,;") for u in _GITHUB.findall(rec.abstract)):
        ex.repos.append(Repo(url=url, key=repo_key(url), host="github.com"))
    return ex


def graph_of(*paths: Path) -> nx.MultiDiGraph:
    """Parse digest files and build their graph with :func:`simple_extraction`."""
    recs = [r for p in paths for r in read_file(p).records]
    return build_graph(recs, [simple_extraction(r) for r in recs])


def test_simple_extraction_finds_things(seed: Path) -> None:
    G = graph_of(seed)
    labels = {d["label"] for _, d in G.nodes(data=True)}
    assert {"Paper", "Author", "Method", "Dataset", "CodeRepo", "Category"} <= labels
    assert G.has_edge("arxiv:2602.20205", "method:otprune", key="PROPOSES")
