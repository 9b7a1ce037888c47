"""Graph files: every format readable back, the papers.jsonl contract, atomic writes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import BuildError
from kg.export import atomic_write_text, load_graph, paper_rows, write_format, write_outputs
from kg.graph import build_graph
from kg.model import Entity, Extraction, Problem, Repo
from kg.sources import read_file

DIG = Path(__file__).parent / "data" / "digests"


@pytest.fixture()
def built() -> tuple[nx.MultiDiGraph, list[Extraction]]:
    recs = read_file(DIG / "2026-03-02.md").records
    exs = [
        Extraction(
            "arxiv:2603.00001",
            proposed=[Entity("method", "GlowNet", "method:glownet", aliases=["GN"])],
            datasets=[
                Entity("dataset", "ImageNet", "dataset:imagenet", evidence="We train on ImageNet, too.")
            ],
            repos=[Repo("https://github.com/ada/GlowNet", "repo:github.com/ada/glownet", "github.com")],
        )
    ]
    return build_graph(recs, exs), exs


def test_all_formats_round_trip(tmp_path: Path, built: tuple[nx.MultiDiGraph, list[Extraction]]) -> None:
    G, exs = built
    written = write_outputs(G, exs, [Problem("f.md", 3, "bad")], tmp_path)
    assert sorted(p.name for p in written) == sorted(
        [
            "papers.jsonl",
            "problems.jsonl",
            "graph.json",
            "graph.graphml",
            "graph.gexf",
            "nodes.csv",
            "edges.csv",
        ]
    )
    back = load_graph(tmp_path)
    assert set(back.nodes) == set(G.nodes) and back.number_of_edges() == G.number_of_edges()
    assert back.nodes["arxiv:2603.00001"]["authors"] == G.nodes["arxiv:2603.00001"]["authors"]
    gml = nx.read_graphml(tmp_path / "graph.graphml")
    assert gml.number_of_nodes() == G.number_of_nodes() and gml.number_of_edges() == G.number_of_edges()
    assert json.loads(gml.nodes["arxiv:2603.00001"]["authors"])[0] == "Ada Lovelace"  # lists as JSON text
    gexf = nx.read_gexf(tmp_path / "graph.gexf")
    assert gexf.number_of_nodes() == G.number_of_nodes()
    with open(tmp_path / "nodes.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == G.number_of_nodes() and rows[0].keys() >= {"key", "label", "name", "title"}
    with open(tmp_path / "edges.csv", newline="") as fh:
        assert sum(1 for _ in csv.DictReader(fh)) == G.number_of_edges()
    probs = [json.loads(x) for x in (tmp_path / "problems.jsonl").read_text().splitlines()]
    assert probs == [{"file": "f.md", "line": 3, "reason": "bad", "severity": "error", "entry": None}]
    assert not list(tmp_path.glob(".*.tmp"))  # no temp files left behind


def test_papers_jsonl_contract(built: tuple[nx.MultiDiGraph, list[Extraction]]) -> None:
    G, exs = built
    rows = {r["key"]: r for r in paper_rows(G, exs)}
    glow = rows["arxiv:2603.00001"]
    assert list(glow) == [
        "key",
        "arxiv_id",
        "title",
        "authors",
        "categories",
        "dates",
        "proposed",
        "methods",
        "datasets",
        "tasks",
        "repos",
    ]
    assert glow["proposed"] == [
        {"name": "GlowNet", "kind": "method", "key": "method:glownet", "aliases": ["GN"]}
    ]
    assert glow["datasets"] == [{"name": "ImageNet", "key": "dataset:imagenet", "aliases": []}]
    assert glow["repos"] == [{"url": "https://github.com/ada/GlowNet", "key": "repo:github.com/ada/glownet"}]
    assert rows["arxiv:2603.00002"]["proposed"] == []


def test_atomic_write_keeps_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "graph.graphml"
    target.write_text("old")

    def boom(_path: str) -> None:
        raise RuntimeError("crash while writing")

    from kg.export import _atomic_via

    with pytest.raises(RuntimeError):
        _atomic_via(target, boom)
    assert target.read_text() == "old" and not list(tmp_path.glob(".*.tmp"))
    atomic_write_text(target, "new")
    assert target.read_text() == "new"


def test_load_graph_errors(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="run `kg build"):
        load_graph(tmp_path)
    (tmp_path / "graph.json").write_text("{]")
    with pytest.raises(BuildError, match="not a paperkg graph"):
        load_graph(tmp_path)


def test_write_format_unknown(tmp_path: Path, built: tuple[nx.MultiDiGraph, list[Extraction]]) -> None:
    with pytest.raises(ValueError):
        write_format(built[0], tmp_path, "pdf")


def test_parallel_xml_writer(tmp_path: Path, built: tuple[nx.MultiDiGraph, list[Extraction]]) -> None:
    G, exs = built
    written = write_outputs(G, exs, [], tmp_path / "par", parallel_above=0)
    serial = write_outputs(G, exs, [], tmp_path / "ser", parallel_above=10**9)
    assert sorted(p.name for p in written) == sorted(p.name for p in serial)
    for name in ("graph.graphml", "graph.gexf"):
        assert (tmp_path / "par" / name).read_text() == (tmp_path / "ser" / name).read_text()


def test_parallel_xml_writer_failure_is_reported(
    tmp_path: Path, built: tuple[nx.MultiDiGraph, list[Extraction]]
) -> None:
    G, exs = built
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro" / "graph.graphml").mkdir()  # a folder where the file must go: the child fails
    with pytest.raises(OSError, match="writing graphml, gexf, json failed"):
        write_outputs(G, exs, [], tmp_path / "ro", parallel_above=0)


def test_files_get_normal_permissions(tmp_path: Path) -> None:
    import os

    mask = os.umask(0o022)
    os.umask(mask)
    p = atomic_write_text(tmp_path / "x.json", "{}")
    assert p.stat().st_mode & 0o777 == 0o666 & ~mask


def test_long_text_only_on_request(tmp_path: Path, built: tuple[nx.MultiDiGraph, list[Extraction]]) -> None:
    G = built[0]
    write_format(G, tmp_path / "short", "graphml")
    write_format(G, tmp_path / "full", "graphml", full_text=True)
    short = nx.read_graphml(tmp_path / "short" / "graph.graphml").nodes["arxiv:2603.00001"]
    full = nx.read_graphml(tmp_path / "full" / "graph.graphml").nodes["arxiv:2603.00001"]
    assert "abstract" not in short and short["tldr"] == G.nodes["arxiv:2603.00001"]["tldr"]
    assert full["abstract"] == G.nodes["arxiv:2603.00001"]["abstract"]
    write_format(G, tmp_path / "short", "csv")
    assert "abstract" not in (tmp_path / "short" / "nodes.csv").read_text().splitlines()[0]


def test_evidence_sentences_only_on_request(
    tmp_path: Path, built: tuple[nx.MultiDiGraph, list[Extraction]]
) -> None:
    G = built[0]
    sentences = {d["evidence"] for _, _, d in G.edges(data=True) if d.get("evidence")}
    assert sentences  # the fixture's extracted relationships carry their sentences
    for fmt in ("graphml", "gexf", "csv"):
        write_format(G, tmp_path / "short", fmt)
        write_format(G, tmp_path / "full", fmt, full_text=True)
    for name in ("graph.graphml", "graph.gexf", "edges.csv"):
        short = (tmp_path / "short" / name).read_text()
        full = (tmp_path / "full" / name).read_text()
        assert "evidence" not in short and "evidence" in full, name
    edges = nx.read_graphml(tmp_path / "short" / "graph.graphml").edges(data=True)
    assert any("confidence" in d for _, _, d in edges)  # the short properties stay
    assert any(
        d.get("evidence") in sentences
        for _, _, d in nx.read_graphml(tmp_path / "full" / "graph.graphml").edges(data=True)
    )
