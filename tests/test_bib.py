"""BibTeX (.bib) and arXiv API Atom (.atom/.xml) inputs: parsing, problems, and `kg build` on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.graph import build_graph
from kg.sources import find_inputs, read_file
from kg.sources.arxiv_atom import parse_atom
from kg.sources.bibtex import parse_bibtex


@pytest.fixture()
def bib(data_dir: Path) -> Path:
    return data_dir / "bib" / "refs.bib"


@pytest.fixture()
def atom(data_dir: Path) -> Path:
    return data_dir / "atom" / "query.atom"


def test_bibtex_keys_authors_and_problems(bib: Path) -> None:
    res = read_file(bib)
    by_key = {r.key: r for r in res.records}
    assert set(by_key) == {
        "arxiv:2602.20205",  # eprint + archivePrefix
        "arxiv:1706.03762",  # arxiv.org URL with a version
        "doi:10.1093/mind/lix.236.433",  # DOI, lower-cased
        "title:schone graphen fur alle",  # neither: the normalised, LaTeX-decoded title
    }
    assert by_key["arxiv:1706.03762"].authors[6] == "Łukasz Kaiser"
    assert by_key["title:schone graphen fur alle"].authors == [
        "Jörg Müller",
        "María de la Cruz",
        "John Smith, Jr.",
    ]
    assert by_key["arxiv:2602.20205"].categories == ["cs.CV"]
    assert by_key["doi:10.1093/mind/lix.236.433"].line == 23
    reasons = sorted((p.line, p.reason) for p in res.problems)
    assert reasons == [(41, "entry 'notitle2024' has no title"), (46, "BibTeX block could not be parsed")]


def test_atom_entries_and_error_entry(atom: Path) -> None:
    res = read_file(atom)
    a, b = res.records
    assert (a.key, a.primary_category, a.categories, a.dates) == (
        "arxiv:2602.20205",
        "cs.CV",
        ["cs.CV", "cs.LG"],
        ["2026-02-23"],
    )
    assert a.title == "OTPrune: Distribution-Aligned Visual Token Pruning via Optimal Transport"
    assert a.abstract.startswith("We propose OTPrune") and a.comment == "Accepted by CVPR 2026"
    assert (b.key, b.doi, b.authors) == ("arxiv:hep-th/9901001", "10.1000/xyz123", ["Ólafur Ragnarsson"])
    assert [p.line for p in res.problems] == [3]


def test_xml_that_is_not_atom_is_skipped_with_a_warning(data_dir: Path) -> None:
    res = read_file(data_dir / "atom" / "not_a_feed.xml")
    assert res.records == [] and res.problems[0].severity == "warning"


def test_empty_and_garbage_inputs() -> None:
    assert parse_bibtex("% only a comment\n", "x.bib") == ([], [])
    recs, probs = parse_atom('<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>', "x.atom")
    assert recs == [] and probs


def test_bib_and_atom_merge_into_one_graph(bib: Path, atom: Path) -> None:
    files = find_inputs([str(bib.parent), str(atom.parent)])
    assert {f.suffix for f in files} == {".bib", ".atom", ".xml"}
    records = [r for f in files for r in read_file(f).records]
    G = build_graph(records)
    otp = G.nodes["arxiv:2602.20205"]
    assert otp["categories"] == ["cs.CV", "cs.LG"]  # one paper from both files
    assert sorted(otp["sources"]) == sorted([str(bib), str(atom)])
    assert G.nodes["arxiv:1706.03762"]["authors"][6] == "Łukasz Kaiser"
