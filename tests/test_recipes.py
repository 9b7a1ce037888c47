"""Every recipe runs on a real FalkorDB server against the small test graph, with its result
checked against the same question answered directly on the networkx graph."""

from __future__ import annotations

import itertools
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg import model as m
from kg.errors import RecipeError
from kg.store import falkordb, loader, recipes
from tests.test_store_graph import make_graph, seed_records

ENTITY_RELS = (m.USES, m.EVALUATES_ON, m.PROPOSES, m.ADDRESSES)


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return make_graph()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, G: nx.MultiDiGraph) -> Iterator[falkordb.FalkorStore]:
    build = tmp_path_factory.mktemp("recipes")
    with falkordb.embedded(build) as s:
        loader.load(s, G, batch_size=200)
        yield s
    assert not falkordb.status(build)["running"]


def run(store: falkordb.FalkorStore, name: str, **params: Any) -> list[dict[str, Any]]:
    recipe = recipes.get(name)
    cols, rows = store.read(recipe.query, recipe.bind({k: str(v) for k, v in params.items()}))
    return [dict(zip(cols, r, strict=True)) for r in rows]


def keys() -> list[str]:
    return [r.key for r in seed_records()]


def targets(G: nx.MultiDiGraph, src: str, rels: tuple[str, ...]) -> set[str]:
    return {v for _, v, k in G.out_edges(src, keys=True) if k in rels}


def sources(G: nx.MultiDiGraph, dst: str, rels: tuple[str, ...]) -> set[str]:
    return {u for u, _, k in G.in_edges(dst, keys=True) if k in rels}


def papers_of(G: nx.MultiDiGraph, author: str) -> set[str]:
    return targets(G, author, (m.AUTHORED,))


def covers(name: str) -> str:
    """Marks the recipe a test checks (see test_every_recipe_is_tested_and_there_are_enough)."""
    return name


def test_top_authors(store, G):
    got = run(store, covers("top-authors"), limit=7)
    want = sorted(
        ((-len(papers_of(G, a)), G.nodes[a]["name"]) for a in G if G.nodes[a]["label"] == m.AUTHOR),
        key=lambda t: t,
    )[:7]
    assert [(-r["papers"], r["author"]) for r in got] == want


def test_coauthors(store, G):
    got = run(store, covers("coauthors"), author="Xiwen Chen")
    me = m.author_key("Xiwen Chen")
    want = {a for p in papers_of(G, me) for a in sources(G, p, (m.AUTHORED,))} - {me}
    assert {r["key"] for r in got} == want and want
    assert all(r["shared"] >= 1 and r["papers"] for r in got)
    # the same author given by key
    assert run(store, "coauthors", author=me) == got


def test_collaboration_path(store, G):
    H = nx.Graph()
    H.add_edges_from((u, v) for u, v, k in G.edges(keys=True) if k == m.AUTHORED)
    start = m.author_key("Xiwen Chen")
    lengths = nx.single_source_shortest_path_length(H, start)
    far = sorted((d, n) for n, d in lengths.items() if G.nodes[n]["label"] == m.AUTHOR and d >= 4)
    if far:
        d, target = far[0]
    else:  # no chain through two papers in this graph: a direct co-author (one paper)
        d, target = next((d, n) for n, d in sorted(lengths.items()) if d == 2)
    got = run(store, covers("collaboration-path"), from_author=start, to_author=target)
    assert len(got) == 1 and got[0]["hops"] == d // 2
    chain = got[0]["chain"]
    assert chain[0] == "Xiwen Chen" and chain[-1] == G.nodes[target]["name"] and len(chain) == d + 1
    assert run(store, "collaboration-path", from_author=start, to_author="author:nobody at all") == []


def _top(G: nx.MultiDiGraph, label: str, rels: tuple[str, ...]) -> list[tuple[int, str]]:
    nodes = [n for n in G if G.nodes[n]["label"] == label]
    return sorted((-len(sources(G, n, rels)), G.nodes[n]["name"]) for n in nodes if sources(G, n, rels))


@pytest.mark.parametrize(
    ("name", "label", "rels", "col"),
    [
        (covers("top-methods"), m.METHOD, (m.USES, m.PROPOSES), "method"),
        (covers("top-datasets"), m.DATASET, (m.EVALUATES_ON, m.PROPOSES), "dataset"),
        (covers("top-tasks"), m.TASK, (m.ADDRESSES,), "task"),
    ],
)
def test_top_entities(store, G, name, label, rels, col):
    got = run(store, name)
    assert [(-r["papers"], r[col]) for r in got] == _top(G, label, rels)
    assert got


def test_papers_using_method(store, G):
    got = run(store, covers("papers-using-method"), method="Optimal Transport")
    assert {r["key"] for r in got} == sources(G, "method:optimal-transport", (m.USES, m.PROPOSES))
    assert len(got) == 4


def test_papers_on_dataset(store, G):
    got = run(store, covers("papers-on-dataset"), dataset="dataset:newset")
    assert {(r["key"], r["role"]) for r in got} == {(keys()[3], "PROPOSES"), (keys()[4], "EVALUATES_ON")}


def test_entity_origin(store, G):
    got = run(store, covers("entity-origin"), entity="otprune")
    assert got[0]["role"] == "PROPOSES" and got[0]["key"] == keys()[0]
    assert {r["key"] for r in got[1:]} == {keys()[1], keys()[4]}
    assert all(r["since"] in ("2026-02-24", "2026-02-25") for r in got)


def test_method_dataset_pairs(store, G):
    want = Counter()
    for p in (n for n in G if G.nodes[n]["label"] == m.PAPER):
        for meth in targets(G, p, (m.USES, m.PROPOSES)) & {n for n in G if G.nodes[n]["label"] == m.METHOD}:
            for ds in targets(G, p, (m.EVALUATES_ON,)):
                want[(G.nodes[meth]["name"], G.nodes[ds]["name"])] += 1
    got = run(store, covers("method-dataset-pairs"))
    assert {(r["method"], r["dataset"]): r["papers"] for r in got} == dict(want)


def test_papers_with_code(store):
    got = run(store, covers("papers-with-code"))
    assert got == [
        {"key": keys()[0], "paper": got[0]["paper"], "repos": ["https://github.com/xiwenc1/OTPrune"]}
    ]


def test_trending_entities(store, G):
    got = run(store, covers("trending-entities"), since="2026-02-24", kind="Method")
    assert {r["label"] for r in got} == {"Method"}
    ot = next(r for r in got if r["entity"] == "optimal transport")
    users = sources(G, "method:optimal-transport", ENTITY_RELS)
    assert ot["papers"] == sum(len(G.nodes[p]["dates"]) for p in users)
    later = run(store, "trending-entities", since="2026-02-25")
    assert all(d.startswith("2026-02-25") for r in later for d in r["by_date"])


def test_similar_papers(store, G):
    p0 = keys()[0]
    mine = targets(G, p0, ENTITY_RELS)
    want = Counter()
    for e in mine:
        for q in sources(G, e, ENTITY_RELS) - {p0}:
            want[q] += 1
    got = run(store, covers("similar-papers"), paper=p0)
    assert {r["key"]: r["shared"] for r in got} == dict(want)
    assert got[0]["shared"] == max(want.values())


def test_author_profile(store, G):
    me = m.author_key("Xiwen Chen")
    want = {G.nodes[e]["name"] for p in papers_of(G, me) for e in targets(G, p, ENTITY_RELS)}
    got = run(store, covers("author-profile"), author="Xiwen Chen")
    assert {r["entity"] for r in got} == want and "OTPrune" in want


def test_category_overview(store, G):
    got = run(store, covers("category-overview"))
    n = len(sources(G, "category:cs.CV", (m.IN_CATEGORY,)))
    assert got[0]["category"] == "cs.CV" and got[0]["papers"] == n and got[0]["as_primary"] == n


def test_category_papers(store, G):
    got = run(store, covers("category-papers"), category="cs.CV", limit=5)
    assert len(got) == 5 and all(r["latest"] == "2026-02-25" for r in got)


def test_builds_on(store):
    got = run(store, covers("builds-on"), paper=keys()[0])
    assert {(r["key"], r["link"]) for r in got} == {
        (keys()[1], "BUILDS_ON"),
        (keys()[2], "CITES"),
        (keys()[1], "USES OTPrune"),
        (keys()[4], "USES OTPrune"),
    }


def test_paper(store, G):
    p0 = keys()[0]
    (got,) = run(store, covers("paper"), paper=p0)
    assert got["authors"] == G.nodes[p0]["authors"]
    assert (
        "PROPOSES OTPrune" in got["links"] and "HAS_CODE https://github.com/xiwenc1/OTPrune" in got["links"]
    )


def test_papers_by_date(store, G):
    got = run(store, covers("papers-by-date"), date="2026-02-25")
    want = {p for p in G if G.nodes[p]["label"] == m.PAPER and "2026-02-25" in G.nodes[p].get("dates", [])}
    assert {r["key"] for r in got} == want


def test_top_coauthor_pairs(store, G):
    pairs = Counter()
    for p in (n for n in G if G.nodes[n]["label"] == m.PAPER):
        if len(G.nodes[p].get("authors", [])) > 10:
            continue
        for a, b in itertools.combinations(sorted(sources(G, p, (m.AUTHORED,))), 2):
            pairs[(a, b)] += 1
    want = {(G.nodes[a]["name"], G.nodes[b]["name"]): c for (a, b), c in pairs.items() if c >= 2}
    got = run(store, covers("top-coauthor-pairs"), min_papers=2, max_team=10, limit=1000)
    assert {(r["author"], r["coauthor"]): r["papers"] for r in got} == want


def test_graph_summary(store, G):
    from kg.graph import counts

    got = run(store, covers("graph-summary"))
    assert {r["label"]: r["nodes"] for r in got} == counts(G)["nodes"]


def test_search_papers(store, G):
    got = run(store, covers("search-papers"), text="pruning")
    assert keys()[0] in {r["key"] for r in got}
    for r in got:
        node = G.nodes[r["key"]]
        assert "prun" in (node.get("title", "") + node.get("abstract", "")).lower()


def test_check_papers_without_authors(store):
    got = run(store, covers("check-papers-without-authors"))
    assert [r["key"] for r in got] == ["arxiv:2602.99999"]


def test_check_duplicate_entities(store):
    got = run(store, covers("check-duplicate-entities"))
    assert got == [
        {"label": "Dataset", "norm": "kadid10k", "names": ["KADID-10k", "KADID10k"],
         "keys": ["dataset:kadid-10k", "dataset:kadid10k"]}
    ]  # fmt: skip


def test_check_orphan_entities(store):
    got = run(store, covers("check-orphan-entities"))
    assert got == [{"label": "Method", "key": "method:unused-method"}]


def test_check_papers_missing_summary(store, G):
    got = run(store, covers("check-papers-missing-summary"))
    want = {
        p
        for p, d in G.nodes(data=True)
        if d["label"] == m.PAPER and (d.get("ai_missing") or d.get("tldr") is None)
    }
    assert {r["key"] for r in got} == want and "arxiv:2602.99999" in want


def test_every_recipe_is_tested_and_there_are_enough():
    tested = set(re.findall(r'covers\("([\w-]+)"\)', Path(__file__).read_text(encoding="utf-8")))
    names = set(recipes.all_recipes())
    assert len(names) >= 20
    assert names == tested, f"recipes without a test: {sorted(names - tested)}"


# ------------------------------------------------------------------ headers, parameters, export
def test_headers_are_complete():
    for r in recipes.all_recipes().values():
        assert r.description and r.examples, r.name
        assert r.examples[0].startswith(f"kg query {r.name}"), r.name
        for p in r.params.values():
            assert p.description, (r.name, p.name)


def test_parameters_are_typed_and_checked():
    r = recipes.get("top-coauthor-pairs")
    assert r.bind({"min_papers": "4"}) == {"min_papers": 4, "max_team": 50, "limit": 20}
    with pytest.raises(RecipeError, match="must be a int"):
        r.bind({"limit": "many"})
    with pytest.raises(RecipeError, match=r"no recipe named 'top-author'.*top-authors"):
        recipes.get("top-author")


def test_bad_header_is_reported_with_file_and_line(tmp_path):
    (tmp_path / "x.cypher").write_text("// x: fine\n// @param n 3 count\n// nonsense\nRETURN $n\n")
    with pytest.raises(RecipeError, match=r"x.cypher:3: header lines"):
        recipes.all_recipes(tmp_path)
    (tmp_path / "x.cypher").write_text("// x: fine\n// @param n 3 count\nRETURN $m\n")
    with pytest.raises(RecipeError, match="parameters used"):
        recipes.parse(tmp_path / "x.cypher")


def test_browser_export(tmp_path):
    z = recipes.export_browser(tmp_path / "fav.zip")
    names = zipfile.ZipFile(z).namelist()
    assert len(names) == len(recipes.all_recipes()) and "paperkg/top-authors.cypher" in names
    one = recipes.export_browser(tmp_path / "all.cypher").read_text()
    assert one.count(";\n") == len(recipes.all_recipes())
    assert recipes.get("coauthors").browser_params().splitlines() == [
        ":param author => null",
        ":param limit => 25",
    ]


def test_recipe_dir_is_the_repo_queries():
    assert recipes.queries_dir() == Path(__file__).resolve().parent.parent / "queries"
