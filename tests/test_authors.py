"""kg.authors: name keys, merges (ids, initials) and splits of unrelated namesakes; `kg authors`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.authors import ambiguous_names, communities_of, compatible, disambiguate, person_key
from kg.cli import app
from kg.export import load_graph, write_format
from kg.graph import build_graph
from kg.model import PaperRecord as R


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Chen, Xiwen", "xiwen chen"),
        ("Éric  Gaussier", "eric gaussier"),
        ("Ｘｉｗｅｎ Ｃｈｅｎ", "xiwen chen"),  # full-width (NFKC)
        ("Smith, Jr., John", "john smith"),
        ("Alvin Grissom II", "alvin grissom"),
        ("J.-P. Sartre", "j p sartre"),
        ("Łukasz Kaiser", "lukasz kaiser"),
    ],
)
def test_person_key(raw: str, key: str) -> None:
    assert person_key(raw) == key


def test_compatible_initials() -> None:
    assert compatible("j p sartre", "jean paul sartre")
    assert compatible("x chen", "xiwen chen")
    assert not compatible("y chen", "xiwen chen")
    assert not compatible("x chen", "x cheng")


def _namesakes() -> list[R]:
    return [
        R(
            key="arxiv:1",
            title="a",
            authors=["Wei Wang", "Ann Lee"],
            primary_category="cs.CV",
            categories=["cs.CV"],
        ),
        R(
            key="arxiv:2",
            title="b",
            authors=["Wei Wang", "Bo Chen"],
            primary_category="cs.CL",
            categories=["cs.CL"],
        ),
        R(
            key="arxiv:3",
            title="c",
            authors=["Wei Wang", "Cy Dorn"],
            primary_category="astro-ph.GA",
            categories=["astro-ph.GA"],
        ),
        R(
            key="arxiv:4",
            title="d",
            authors=["Wei Wang", "Cy Dorn"],
            primary_category="astro-ph.CO",
            categories=["astro-ph.CO", "physics.data-an"],
        ),
        R(key="arxiv:5", title="e", authors=["Wei Wang"], primary_category="math.AP", categories=["math.AP"]),
        R(
            key="arxiv:6",
            title="f",
            authors=["Wei Wang", "Cy Dorn"],
            primary_category="math.AP",
            categories=["math.AP"],
        ),  # joins math with astro through Cy Dorn
        R(key="arxiv:7", title="g", authors=["Wei Wang", "Eve Fox"]),  # no category: joins the largest group
    ]


def test_split_groups_by_coauthors_and_fields() -> None:
    G = build_graph(_namesakes())
    groups = communities_of(G, "author:wei wang")
    assert groups == [["arxiv:3", "arxiv:4", "arxiv:5", "arxiv:6", "arxiv:7"], ["arxiv:1", "arxiv:2"]]
    rep = disambiguate(G)
    assert rep.splits == {"author:wei wang": ["author:wei wang", "author:wei wang (cs.CV)"]}
    moved = sorted(p for _, p in G.out_edges("author:wei wang (cs.CV)"))
    assert moved == ["arxiv:1", "arxiv:2"]
    assert G.edges["author:wei wang (cs.CV)", "arxiv:2", "AUTHORED"]["position"] == 0
    rows = ambiguous_names(G)
    assert rows == [
        {
            "name_key": "author:wei wang",
            "kind": "split",
            "nodes": [
                {"key": "author:wei wang", "papers": 5, "field": "math.AP"},
                {"key": "author:wei wang (cs.CV)", "papers": 2, "field": "cs.CV"},
            ],
        }
    ]


def test_external_ids_merge_and_prevent_splits() -> None:
    G = build_graph(
        [
            R(key="arxiv:1", title="a", authors=["Wei Wang"], primary_category="cs.CV"),
            R(key="arxiv:2", title="b", authors=["W. Wang"], primary_category="astro-ph.GA"),
            R(key="arxiv:3", title="c", authors=["Wei Wang"], primary_category="math.AP"),
        ]
    )
    G.nodes["author:wei wang"]["s2_id"] = "42"
    G.nodes["author:w wang"]["s2_id"] = "42"
    rep = disambiguate(G)
    assert rep.merged_ids == [("author:w wang", "author:wei wang")]
    assert rep.splits == {} and sorted(p for _, p in G.out_edges("author:wei wang")) == [
        "arxiv:1",
        "arxiv:2",
        "arxiv:3",
    ]
    assert "W. Wang" in G.nodes["author:wei wang"]["name_variants"]


def test_initials_merge_only_with_a_shared_coauthor_and_one_candidate() -> None:
    G = build_graph(
        [
            R(key="arxiv:1", title="a", authors=["Xiwen Chen", "Ann Lee"]),
            R(key="arxiv:2", title="b", authors=["X. Chen", "Ann Lee"]),
            R(key="arxiv:3", title="c", authors=["Y. Zhu", "Bo Li"]),
            R(key="arxiv:4", title="d", authors=["Yan Zhu"]),
            R(key="arxiv:5", title="e", authors=["Yu Zhu"]),
        ]
    )
    rep = disambiguate(G)
    assert rep.merged_initials == [("author:x chen", "author:xiwen chen")]
    assert rep.initials_ambiguous == {"author:y zhu": ["author:yan zhu", "author:yu zhu"]}
    assert "author:x chen" not in G and G.has_edge("author:xiwen chen", "arxiv:2", key="AUTHORED")


def test_cli_authors_ambiguous(tmp_path: Path) -> None:
    write_format(build_graph(_namesakes()), tmp_path, "json")
    runner = CliRunner()
    res = runner.invoke(app, ["authors", str(tmp_path), "--ambiguous"])
    assert res.exit_code == 0, res.output
    assert "1 names split" in res.output
    assert "split     wei wang: wei wang [5 papers]; wei wang (cs.CV) [2 papers]" in res.output
    assert "author:wei wang (cs.CV)" in load_graph(tmp_path)
    res2 = runner.invoke(app, ["authors", str(tmp_path), "--ambiguous", "--json"])
    assert json.loads(res2.output)[0]["name_key"] == "author:wei wang"
    bad = runner.invoke(app, ["authors", str(tmp_path / "nope")])
    assert bad.exit_code == 1 and "graph.json" in bad.output


@pytest.mark.corpus
@pytest.mark.slow
def test_corpus_splits_are_few_and_consistent(corpus: Path) -> None:
    from kg.sources import find_inputs, read_file

    files = find_inputs(
        [
            str(corpus / "digests-md" / "Straw674__daily-arXiv-astro-ph"),
            str(corpus / "digests-md" / "linyueqian__daily-arXiv-ai-enhanced" / "2025-05-*.md"),
        ]
    )
    G = build_graph([r for f in files for r in read_file(f).records])
    before = sum(1 for _, _, k in G.edges(keys=True) if k == "AUTHORED")
    rep = disambiguate(G)
    after = sum(1 for _, _, k in G.edges(keys=True) if k == "AUTHORED")
    assert after <= before  # merges may fold duplicate authorships, splits never lose one
    authors = sum(1 for _, d in G.nodes(data=True) if d["label"] == "Author")
    assert 0 < len(rep.splits) < 0.02 * authors
    for keys in rep.splits.values():  # split nodes share no co-author with their main node
        main_co = {u for _, p in G.out_edges(keys[0]) for u, _ in G.in_edges(p)} - {keys[0]}
        for k in keys[1:]:
            co = {u for _, p in G.out_edges(k) for u, _ in G.in_edges(p)} - {k}
            assert not (main_co & co)
