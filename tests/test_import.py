"""Importing real S2 responses and the unarXive (OpenAlex-linked) sample into a build; `kg import`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from kg.cli import app
from kg.export import load_graph, write_format
from kg.graph import build_graph
from kg.imports import merge_batch
from kg.model import PaperRecord as R
from kg.sources.openalex import parse_openalex, read_openalex
from kg.sources.s2 import parse_s2, read_s2

S2 = "citations/danielnsilva__semanticscholar"
UNARXIVE = "citations/IllDepence__unarXive/unarXive_data_sample/arXiv_src_2212_086.jsonl"
TURING = "doi:10.1093/mind/lix.236.433"


@pytest.fixture()
def s2_dir(corpus: Path) -> Path:
    d = corpus / S2
    if not d.is_dir():
        pytest.skip(f"{d} not found")
    return d


def test_s2_paper_with_citations_and_references(s2_dir: Path) -> None:
    G = build_graph(
        [
            R(
                key="arxiv:2405.19561",
                title="Quo Vadis",
                arxiv_id="2405.19561",
                authors=["Venkat Venkatasubramanian", "Arijit Chakraborty"],
            ),  # initials vs full name
            R(
                key="arxiv:2405.13352",
                title="Turing tests for an AI scientist",
                arxiv_id="2405.13352",
                authors=["Xiaoxin Yin"],
            ),
            R(key="title:x", title="Calculating Instruments and Machines", authors=["Douglas Hartree"]),
        ]
    )
    batch = read_s2(s2_dir / "Paper.json")
    raw = json.loads((s2_dir / "Paper.json").read_text())
    assert len(batch.citations) == sum(1 for c in raw["citations"] + raw["references"] if c.get("paperId"))
    stats = merge_batch(G, batch)
    assert stats["matched"] == 3 and stats["external_added"] == 1
    assert (
        G.nodes[TURING]["external"] is True
        and G.nodes[TURING]["title"] == "Computing Machinery and Intelligence"
    )
    cites = sorted((u, v) for u, v, k in G.edges(keys=True) if k == "CITES")
    assert cites == [("arxiv:2405.13352", TURING), ("arxiv:2405.19561", TURING), (TURING, "title:x")]
    assert stats["cites_skipped"] == len(batch.citations) - 3
    assert G.nodes["author:arijit chakraborty"]["s2_id"] == "2291672222"
    assert G.nodes["author:venkat venkatasubramanian"]["s2_id"] == "145596475"  # "V. Venkatasubramanian"
    assert G.nodes["arxiv:2405.13352"]["s2_id"] and G.nodes["title:x"]["doi"] == "10.2307/3610576"
    again = merge_batch(G, batch)
    assert again["cites_added"] == 0 and again["external_added"] == 0


def test_single_edge_objects_need_their_paper(s2_dir: Path) -> None:
    assert "--of" in str(read_s2(s2_dir / "Citation.json").problems[0])
    G = build_graph([R(key="arxiv:2501.00001", title="Ours", arxiv_id="2501.00001")])
    stats = merge_batch(G, read_s2(s2_dir / "Citation.json", of="arXiv:2501.00001"))
    ((u, v, d),) = [(u, v, d) for u, v, k, d in G.edges(keys=True, data=True) if k == "CITES"]
    assert v == "arxiv:2501.00001" and G.nodes[u]["external"] and stats["cites_added"] == 1
    assert d["influential"] is True and d["intents"] == ["background", "methodology", "result"]
    assert d["contexts"] == 4


def test_null_entries_of_a_batch_are_warnings() -> None:
    b = parse_s2([None, {"paperId": "p", "title": "T", "externalIds": {"DOI": "10.1000/X"}}])
    assert [p.severity for p in b.problems] == ["warning"] and b.papers["s2:p"].doi == "10.1000/x"
    assert parse_s2({"error": "Paper with id 0 not found"}).problems[0].reason.startswith("API error")


def _cassette_body(path: Path, offset: int = 0) -> str:
    for it in yaml.safe_load(path.read_text())["interactions"]:
        if f"offset={offset}&" in it["request"]["uri"]:
            r = it["response"]
            return r.get("content") or r["body"]["string"]
    raise AssertionError("no such page")


def test_cli_import_s2_citation_page(s2_dir: Path, tmp_path: Path) -> None:
    page = tmp_path / "citations.json"
    page.write_text(_cassette_body(s2_dir / "test_get_paper_citations.yaml"))
    build = tmp_path / "build"
    G = build_graph([R(key="arxiv:2501.00001", title="Ours", arxiv_id="2501.00001")])
    G.nodes["arxiv:2501.00001"]["s2_corpus_id"] = "14514057"
    write_format(G, build, "json")
    write_format(G, build, "csv")
    res = CliRunner().invoke(
        app, ["import", "s2", str(page), "--into", str(build), "--of", "CorpusID:14514057"]
    )
    assert res.exit_code == 0, res.output
    n = len(json.loads(page.read_text())["data"])
    assert f"{n} CITES added" in res.output
    G2 = load_graph(build)
    assert sum(1 for _, _, k in G2.in_edges("arxiv:2501.00001", keys=True) if k == "CITES") == n
    assert "CITES" in (build / "edges.csv").read_text()  # the other formats present are rewritten
    missing = CliRunner().invoke(app, ["import", "s2", str(tmp_path / "nope.json"), "--into", str(build)])
    assert missing.exit_code == 1 and "nope.json" in missing.output


def test_unarxive_sample_links_references(corpus: Path) -> None:
    path = corpus / UNARXIVE
    if not path.is_file():
        pytest.skip(f"{path} not found")
    rows = [json.loads(line) for line in path.read_text().splitlines()[:10]]
    G = build_graph(
        [R(key=f"arxiv:{d['paper_id']}", title=d["metadata"]["title"], arxiv_id=d["paper_id"]) for d in rows]
    )
    batch = read_openalex(path)
    stats = merge_batch(G, batch)
    expected = set()
    for d in rows:
        for e in d["bib_entries"].values():
            ids = e.get("ids") or {}
            if ids.get("arxiv_id"):
                expected.add((f"arxiv:{d['paper_id']}", f"arxiv:{ids['arxiv_id']}"))
            elif ids.get("doi"):
                expected.add((f"arxiv:{d['paper_id']}", f"doi:{ids['doi'].lower()}"))
    got = {(u, v) for u, v, k in G.edges(keys=True) if k == "CITES"}
    assert got == expected and stats["matched"] == 10
    assert all(G.nodes[v].get("external") or v in {f"arxiv:{d['paper_id']}" for d in rows} for _, v in got)


def test_openalex_works_give_author_ids_and_citations(tmp_path: Path) -> None:
    works = {
        "meta": {"next_cursor": None},
        "results": [
            {
                "id": "https://openalex.org/W10",
                "doi": "https://doi.org/10.48550/arxiv.2501.00001",
                "title": "Ours",
                "authorships": [
                    {
                        "author": {
                            "id": "https://openalex.org/A1",
                            "display_name": "Ann Lee",
                            "orcid": "https://orcid.org/0000-0001-2345-6789",
                        }
                    }
                ],
                "referenced_works": ["https://openalex.org/W20"],
            },
            {
                "id": "https://openalex.org/W20",
                "doi": "https://doi.org/10.1000/OLD",
                "display_name": "Old work",
            },
            {
                "id": "https://openalex.org/W30",
                "display_name": "Cites us",
                "referenced_works": ["W10"],
                "primary_location": {"landing_page_url": "https://arxiv.org/abs/2602.00002v1"},
            },
        ],
    }
    G = build_graph([R(key="arxiv:2501.00001", title="Ours", arxiv_id="2501.00001", authors=["Ann Lee"])])
    stats = merge_batch(G, parse_openalex(works))
    assert stats["cites_added"] == 2 and G.nodes["author:ann lee"]["orcid"] == "0000-0001-2345-6789"
    assert G.has_edge("arxiv:2501.00001", "doi:10.1000/old", key="CITES")
    assert G.has_edge("arxiv:2602.00002", "arxiv:2501.00001", key="CITES")
    assert G.nodes["arxiv:2501.00001"]["openalex_id"] == "W10"
    f = tmp_path / "works.jsonl"
    f.write_text("\n".join(json.dumps(w) for w in works["results"]) + "\n")
    assert len(read_openalex(f).papers) == 3
