"""Parser fidelity on the real corpus: markdown digests against the JSONL they were rendered from."""

from __future__ import annotations

import ast
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from kg.model import AI_FIELDS, match_key
from kg.sources import find_inputs, read_file
from kg.sources.common import clean, is_placeholder

pytestmark = pytest.mark.corpus


def _lit(v: Any) -> Any:
    return ast.literal_eval(v) if isinstance(v, str) and v[:1] in "[{" else v


def pairs(corpus: Path) -> list[tuple[Path, Path]]:
    """(markdown digest, AI-enhanced JSONL of the same source and date) pairs."""
    out = []
    for jf in sorted((corpus / "digests-jsonl").glob("*/*AI_enhanced*.jsonl")):
        md = corpus / "digests-md" / jf.parent.name / f"{jf.name[:10]}.md"
        if md.exists():
            out.append((md, jf))
    return out


def compare(md: Path, jf: Path) -> tuple[int, int, Counter[str]]:
    """Entries of ``md`` with a JSONL record, how many match on every field, and the failing fields."""
    truth: dict[str, dict[str, Any]] = {}
    for line in jf.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            truth.setdefault(re.sub(r"v\d+$", "", str(d.get("id"))), d)
            truth.setdefault(match_key(d.get("title") or ""), d)
    paired = ok = 0
    bad: Counter[str] = Counter()
    for r in read_file(md).records:
        d = truth.get(r.arxiv_id or "") or truth.get(match_key(r.title))
        if d is None:
            continue
        paired += 1
        ai = _lit(d.get("AI")) or {}
        cats = _lit(d.get("categories")) or [None]
        checks = {
            "id": r.arxiv_id == re.sub(r"v\d+$", "", str(d["id"])) if r.arxiv_id else True,
            "title": r.title == clean(d["title"]),
            "authors": r.authors == [clean(a) for a in _lit(d["authors"])],
            "category": (r.primary_category or r.topic) == cats[0],
            # the fork xmkxabc prints no English abstract in its markdown: nothing to compare there
            "abstract": r.abstract == clean(d.get("summary")) or (not r.abstract and "xmkxabc" in str(md)),
        }
        for f in AI_FIELDS:
            want = ai.get(f, ai.get("task") if f == "tldr" else None)
            if want is not None:
                got = r.ai.get(f)
                checks[f] = (
                    got == clean(want) if got is not None else is_placeholder(want) and f in r.ai_missing
                )
        failed = [k for k, v in checks.items() if not v]
        bad.update(failed)
        ok += not failed
    return paired, ok, bad


def test_markdown_matches_jsonl(corpus: Path) -> None:
    total = ok = 0
    bad: Counter[str] = Counter()
    for md, jf in pairs(corpus):
        p, o, b = compare(md, jf)
        total, ok = total + p, ok + o
        bad.update(b)
    rate = ok / total
    print(
        f"\nparser fidelity: {ok}/{total} entries equal on every field = {rate:.4%}; "
        f"mismatches by field: {dict(bad)}"
    )
    assert total > 2500
    assert rate >= 0.995


def test_every_entry_is_parsed_or_reported(corpus: Path) -> None:
    heading = re.compile(r'^(?:###\s*(?:\[\d+\]\s*)?\[|##\s*<a id="\d)', re.M)
    files = find_inputs([str(corpus / "digests-md")])
    entries = records = reported = 0
    for f in files:
        res = read_file(f)
        text = f.read_text(encoding="utf-8", errors="replace")
        n = len(heading.findall(text))
        entries += n
        records += len(res.records)
        reported += sum(1 for p in res.problems if "heading" in p.reason)
        assert len(res.records) + sum(1 for p in res.problems if "heading" in p.reason) == n, f
        if n == 0:
            assert res.problems, f"{f}: no entries and no problem reported"
    print(f"\ncorpus: {len(files)} files, {entries} entry headings, {records} records, {reported} reported")
    assert records > 32000
