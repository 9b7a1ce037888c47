"""Digest parsers on the team's own fixtures (tests/data/digests) and on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.sources import find_inputs, read_file, read_text

DIG = Path(__file__).parent / "data" / "digests"


def records_by_id(path: Path) -> dict[str, object]:
    res = read_file(path)
    return {r.key: r for r in res.records}


def test_markdown_variants() -> None:
    res = read_file(DIG / "2026-03-02.md")
    recs = {r.key: r for r in res.records}
    assert list(recs) == [
        "arxiv:2603.00001",
        "arxiv:2603.00002",
        "doi:10.1234/abc.5678",
        "arxiv:2603.00004",
        "arxiv:2603.00006",
    ]
    glow = recs["arxiv:2603.00001"]
    # /pdf/ link with a version -> canonical abs URL; brackets inside the title survive
    assert glow.title == r"GlowNet: Learning to Glow with $\mathcal{L}_2$ Priors [and] (Brackets)"
    assert glow.url == "https://arxiv.org/abs/2603.00001"
    assert glow.authors == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]  # ", " separator
    assert glow.dates == ["2026-03-02"]
    assert glow.primary_category == "cs.CV"
    assert glow.summary_lang == "ko"
    assert glow.ai["motivation"] == "동기 여러 줄"
    assert glow.ai["recommendation"].startswith("★★★★☆")
    assert set(glow.ai_missing) == {"result", "conclusion"}
    # a line that looks like a field inside the abstract stays in the abstract
    assert glow.abstract.endswith("Result: this line belongs to the abstract.")
    wrapped = recs["arxiv:2603.00002"]
    assert wrapped.title == "A Paper Whose Title Wraps Over Two Lines"
    assert wrapped.ai == {} and len(wrapped.ai_missing) == 5
    journal = recs["doi:10.1234/abc.5678"]
    assert journal.topic == "Property prediction & informatics" and journal.primary_category is None
    assert journal.authors == ["Ｊｏｈｎ Smith"]
    astro = recs["arxiv:2603.00006"]
    assert astro.primary_category == "astro-ph.GA"  # from the section: this variant has no Main category line
    assert astro.ai["tldr"] == "研究剥离尾中的恒星形成" and astro.ai["background"] == "背景"
    reasons = [(p.line, p.severity, p.reason) for p in res.problems]
    assert (63, "warning", "entry has an empty abstract") in reasons
    assert any(line == 107 and "heading not understood" in why for line, _, why in reasons)


def test_jsonl_variants_and_bad_lines() -> None:
    res = read_file(DIG / "2026-03-04_AI_enhanced_English.jsonl")
    recs = {r.key: r for r in res.records}
    assert sorted(recs) == ["arxiv:2603.00010", "arxiv:2603.00011", "arxiv:2603.00012"]
    ts = recs["arxiv:2603.00010"]
    assert ts.abstract == "We introduce TokenSoup. It works on GSM8K."
    assert ts.code_url == "https://github.com/kg/tokensoup" and ts.code_stars == 12
    assert ts.summary_lang == "en" and ts.dates == ["2026-03-04"]
    robots = recs["arxiv:2603.00011"]
    assert robots.categories == ["cs.RO", "cs.LG"] and robots.authors == ["Grace Hopper"]
    assert robots.ai["tldr"] == "Robots do things"  # stringified dict, early `task` key
    assert recs["arxiv:2603.00012"].ai_missing == ["tldr", "motivation", "method", "result", "conclusion"]
    lines = sorted((p.line, p.reason.split(":")[0]) for p in res.problems)
    assert lines == [
        (4, "invalid JSON"),
        (5, "expected a JSON object, got list"),
        (6, "a paper needs an arXiv id, a DOI or a title"),
    ]


def test_not_a_digest_is_reported() -> None:
    res = read_file(DIG / "notes.txt")
    assert res.records == []
    assert "not a daily-arXiv digest" in res.problems[0].reason


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"\x00\x01\x02binary\x00", "binary file, not text"),
        (
            "### [1] [T](https://arxiv.org/abs/2501.00001)\n".encode("latin-1") + b"caf\xe9\n",
            "not UTF-8 text (byte 0xe9 at offset 49)",
        ),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, reason: str) -> None:
    f = tmp_path / "2026-01-01.md"
    f.write_bytes(content)
    with pytest.raises(InputError) as exc:
        read_text(f)
    assert str(exc.value) == f"{f}: {reason}"
    res = read_file(f)  # inside a build the same becomes a file-level problem
    assert res.records == [] and res.problems[0].reason == reason


def test_find_inputs(tmp_path: Path) -> None:
    assert [p.name for p in find_inputs([str(DIG)])] == [
        "2026-03-02.md",
        "2026-03-03.md",
        "2026-03-04_AI_enhanced_English.jsonl",
        "notes.txt",
    ]
    assert [p.name for p in find_inputs([str(DIG / "*.jsonl")])] == ["2026-03-04_AI_enhanced_English.jsonl"]
    with pytest.raises(InputError, match="no such file or folder"):
        find_inputs([str(tmp_path / "missing.md")])


def test_seed_digest(seed: Path) -> None:
    res = read_file(seed)
    assert len(res.records) == 87 and res.problems == []
    first = res.records[0]
    assert first.key == "arxiv:2602.20205" and first.authors[0] == "Xiwen Chen" and len(first.authors) == 12
    assert first.dates == []  # the seed's file name carries no date
    assert all(r.primary_category == "cs.CV" and r.summary_lang == "zh" for r in res.records)
