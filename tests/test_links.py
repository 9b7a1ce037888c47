"""kg.links: text citations (CITES {source:"text"}) and BUILDS_ON via proposed entities."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from kg.graph import build_graph
from kg.links import add_links, mentions
from kg.model import Entity, Extraction, PaperRecord
from kg.sources import read_file


def P(aid: str, date: str = "2026-01-01", abstract: str = "") -> PaperRecord:
    return PaperRecord(
        key=f"arxiv:{aid}", title=f"Paper {aid}", arxiv_id=aid, dates=[date], abstract=abstract
    )


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("as in arXiv:2602.20205.", ["arxiv:2602.20205"]),
        (
            "see https://arxiv.org/abs/2602.20205v3 and arxiv.org/pdf/2501.00001v2",
            ["arxiv:2602.20205", "arxiv:2501.00001"],
        ),
        ("[arXiv:2504.18274, arXiv:2601.12703]", ["arxiv:2504.18274", "arxiv:2601.12703"]),
        ("arXiv:hep-th/9901001v2 and arXiv:cs/2506.08680", ["arxiv:hep-th/9901001", "arxiv:2506.08680"]),
        ("DOI: 10.1093/MIND/LIX.236.433.", ["doi:10.1093/mind/lix.236.433"]),
        ("https://doi.org/10.48550/arXiv.2502.01234", ["arxiv:2502.01234"]),
        ("arXiv admin note: text overlap with arXiv:2405.12076 by other authors", []),
        ("version 2026.01234 of the 10.5 GHz data", []),
    ],
)
def test_mention_forms(text: str, keys: list[str]) -> None:
    assert [k for k, _ in mentions(text)] == keys


def test_text_citations_link_only_papers_in_the_graph() -> None:
    a = P("2601.00001")
    b = P("2602.00002", abstract="Unlike arXiv:2601.00001 and arXiv:2401.99999, we use 10.5281/zenodo.1.")
    c = PaperRecord(
        key="doi:10.1000/j.x", title="A journal paper", doi="10.1000/J.X", comment="cf. arXiv:2602.00002"
    )
    d = P("2603.00003", abstract="Our own id is arXiv:2603.00003 and we cite doi.org/10.1000/j.x")
    G = build_graph([a, b, c, d])
    res = add_links(G)
    cites = sorted((u, v) for u, v, k in G.edges(keys=True) if k == "CITES")
    assert cites == [
        ("arxiv:2602.00002", "arxiv:2601.00001"),
        ("arxiv:2603.00003", "doi:10.1000/j.x"),
        ("doi:10.1000/j.x", "arxiv:2602.00002"),
    ]
    assert res["CITES"] == 3 and res["external"] == 0
    assert G.edges["arxiv:2602.00002", "arxiv:2601.00001", "CITES"] == {
        "type": "CITES",
        "source": "text",
        "evidence": "arXiv:2601.00001",
    }
    assert add_links(G) == {"CITES": 0, "BUILDS_ON": 0, "external": 0}  # idempotent


def test_external_option_adds_arxiv_papers_but_not_dataset_dois() -> None:
    G = build_graph([P("2602.00002", abstract="Unlike arXiv:2401.99999 (data: 10.5281/zenodo.1)")])
    assert add_links(G, external=True) == {"CITES": 1, "BUILDS_ON": 0, "external": 1}
    assert G.nodes["arxiv:2401.99999"]["external"] is True
    assert "doi:10.5281/zenodo.1" not in G


def _ent(name: str, kind: str = "method") -> Entity:
    return Entity(kind, name, f"{kind}:{name.lower()}")


def test_builds_on_earliest_proposer_wins() -> None:
    recs = [
        P("2601.00003", "2026-01-03"),
        P("2601.00001", "2026-01-01"),
        P("2601.00009", "2026-01-01"),
        P("2602.00001", "2026-02-01"),
        P("2512.00001", "2025-12-01"),
    ]
    lora, kadid = _ent("LoRA"), _ent("KADID", "dataset")
    exs = [
        Extraction("arxiv:2601.00003", proposed=[lora]),
        Extraction("arxiv:2601.00009", proposed=[lora]),  # same day as 00001: the smaller key wins
        Extraction("arxiv:2601.00001", proposed=[lora, kadid]),
        Extraction("arxiv:2602.00001", methods=[lora], datasets=[kadid]),
        Extraction("arxiv:2512.00001", methods=[lora]),  # before the proposer: no BUILDS_ON
    ]
    G = build_graph(recs, exs)
    assert add_links(G)["BUILDS_ON"] == 1
    edges = [(u, v, d) for u, v, k, d in G.edges(keys=True, data=True) if k == "BUILDS_ON"]
    assert [(u, v) for u, v, _ in edges] == [("arxiv:2602.00001", "arxiv:2601.00001")]
    assert edges[0][2]["via"] == "dataset:kadid" and edges[0][2]["vias"] == ["dataset:kadid", "method:lora"]


def test_a_paper_never_builds_on_itself() -> None:
    m = _ent("OTPrune")
    G = build_graph([P("2601.00001")], [Extraction("arxiv:2601.00001", proposed=[m], methods=[m])])
    assert add_links(G)["BUILDS_ON"] == 0


@pytest.mark.corpus
def test_real_digest_citation(corpus: Path) -> None:
    """phyzyw 2026-05-11 cites arXiv:2504.18274, which linyueqian's 2025-05-22 digest lists."""
    files = [
        corpus / "digests-md/phyzyw__daily-arXiv-ai-enhanced/2026-05-11.md",
        corpus / "digests-md/linyueqian__daily-arXiv-ai-enhanced/2025-05-22.md",
    ]
    records = [r for f in files for r in read_file(f).records]
    G = build_graph(records)
    add_links(G)
    cites = [(u, v, d) for u, v, k, d in G.edges(keys=True, data=True) if k == "CITES"]
    assert ("arxiv:2605.07980", "arxiv:2504.18274") in [(u, v) for u, v, _ in cites]
    for u, _, d in cites:  # every edge's evidence is in the citing paper's text
        text = " ".join(str(G.nodes[u].get(f) or "") for f in ("abstract", "comment", "tldr", "method"))
        assert d["evidence"] in text
    assert isinstance(G, nx.MultiDiGraph)


def _ev(name: str, kind: str, evidence: str) -> Entity:
    return Entity(kind, name, f"{kind}:{name.lower()}", evidence=evidence)


def test_builds_on_needs_a_real_name_the_same_spelling_and_field() -> None:
    recs = [
        PaperRecord(
            key="arxiv:2501.00001",
            title="MiMo: Reasoning LLMs",
            arxiv_id="2501.00001",
            dates=["2025-01-05"],
            categories=["cs.CL"],
        ),
        PaperRecord(
            key="arxiv:2501.00002",
            title="Rethinking IRSTD",
            arxiv_id="2501.00002",
            dates=["2025-01-05"],
            categories=["cs.CV"],
        ),
        PaperRecord(
            key="arxiv:2502.00001",
            title="A",
            arxiv_id="2502.00001",
            dates=["2025-02-01"],
            categories=["cs.CL"],
        ),
        PaperRecord(
            key="arxiv:2502.00002",
            title="B",
            arxiv_id="2502.00002",
            dates=["2025-02-01"],
            categories=["eess.SP"],
        ),
        PaperRecord(
            key="arxiv:2502.00003",
            title="C",
            arxiv_id="2502.00003",
            dates=["2025-02-01"],
            categories=["cs.CV"],
        ),
        PaperRecord(
            key="arxiv:2502.00004",
            title="D",
            arxiv_id="2502.00004",
            dates=["2025-02-01"],
            categories=["astro-ph.GA"],
        ),
    ]
    exs = [
        Extraction("arxiv:2501.00001", proposed=[_ev("MiMo", "method", "MiMo: Reasoning LLMs")]),
        Extraction(
            "arxiv:2501.00002",
            proposed=[_ev("IRSTD", "method", "we propose a novel IRSTD framework, termed LRRNet")],
        ),
        Extraction(
            "arxiv:2502.00001", methods=[_ev("MiMo", "method", "We fine-tune MiMo-7B and MiMo on math.")]
        ),
        Extraction(
            "arxiv:2502.00002", methods=[_ev("MIMO", "method", "Massive MIMO precoding with MIMO arrays")]
        ),
        Extraction("arxiv:2502.00003", methods=[_ev("IRSTD", "method", "Results on four IRSTD sets.")]),
        Extraction("arxiv:2502.00004", methods=[_ev("MiMo", "method", "We compare with MiMo.")]),
    ]
    G = build_graph(recs, exs)
    add_links(G)
    edges = sorted((u, v) for u, v, k in G.edges(keys=True) if k == "BUILDS_ON")
    # MIMO (antennas) is not MiMo; IRSTD was never named as a proposal; astro-ph is another field
    assert edges == [("arxiv:2502.00001", "arxiv:2501.00001")]


def test_old_paper_relisted_in_a_digest_is_still_the_earliest_proposer() -> None:
    old = PaperRecord(key="arxiv:2109.05721", title="ADNet: x", arxiv_id="2109.05721", dates=["2025-06-30"])
    new = PaperRecord(key="arxiv:2506.00001", title="ADNet: y", arxiv_id="2506.00001", dates=["2025-06-02"])
    user = P("2507.00001", "2025-07-01")
    a = _ent("ADNet")
    G = build_graph(
        [old, new, user],
        [
            Extraction(old.key, proposed=[a]),
            Extraction(new.key, proposed=[a]),
            Extraction(user.key, methods=[a]),
        ],
    )
    add_links(G)
    assert [v for _, v, k in G.out_edges(user.key, keys=True) if k == "BUILDS_ON"] == ["arxiv:2109.05721"]
