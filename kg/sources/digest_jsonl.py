"""Parser for the JSONL files the digests are rendered from (upstream schema and the forks').

Reads the upstream record (id, categories, pdf, abs, authors, title, comment, summary, AI,
code_url/code_stars), early ``task`` instead of ``tldr``, stringified Python lists and dicts,
``arxiv_id``/``submitted_date`` (mudongjing), ``id`` with a version and ``topic`` (astro-ph fork
redesign), DOI ids (Jiayihua2001). Each bad line becomes a Problem with its line number.

Examples
--------
>>> line = ('{"id": "2603.29405", "categories": "[\\'cs.CV\\', \\'cs.AI\\']", "authors": ["Wei Suo"], '
...         '"title": "HIRE", "summary": "Code at https://github.com/ASGO-MM/HIRE", '
...         '"AI": {"task": "提出HIRE", "method": "Method extraction failed"}}')
>>> records, problems = parse_jsonl(line + "\\n{oops\\n", "2026-04-01_AI_enhanced_Chinese.jsonl")
>>> r = records[0]
>>> (r.key, r.categories, r.ai, r.dates)
('arxiv:2603.29405', ['cs.CV', 'cs.AI'], {'tldr': '提出HIRE'}, ['2026-04-01'])
>>> str(problems[0]).split(': ', 1)[1]
'error: invalid JSON: Expecting property name enclosed in double quotes'
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any

from kg.model import PaperRecord, Problem, norm_arxiv_id, norm_doi, paper_key
from kg.sources.common import clean, date_from_name, split_ai, summary_language


def _literal(value: Any) -> Any:
    """Decode a stringified Python/JSON list or dict; other values pass through."""
    if isinstance(value, str) and value[:1] in "[{" and value[-1:] in "]}":
        try:
            return ast.literal_eval(value)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            try:
                return json.loads(value)
            except ValueError:
                return value
    return value


def _str_list(value: Any) -> list[str]:
    value = _literal(value)
    if isinstance(value, str):
        return [p.strip() for p in re.split(r",\s*", value) if p.strip()]
    if isinstance(value, list):
        return [clean(str(v)) for v in value if v is not None and clean(str(v))]
    return []


def record_from_dict(d: dict[str, Any], path: str, line: int, day: str | None) -> PaperRecord:
    """Turn one decoded JSON object into a PaperRecord (raises ValueError when unusable)."""
    raw_id = str(d.get("id") or d.get("arxiv_id") or "")
    links = " ".join(str(d.get(k) or "") for k in ("abs", "url", "pdf", "pdf_url"))
    arxiv_id = None
    if raw_id and not raw_id.startswith("10.") and "doi" not in raw_id.lower():
        arxiv_id = norm_arxiv_id(raw_id)
    if arxiv_id is None and "arxiv.org" in links:
        arxiv_id = norm_arxiv_id(links)
    doi = None if arxiv_id else norm_doi(raw_id) or norm_doi(str(d.get("doi") or "")) or norm_doi(links)
    title = clean(str(d.get("title") or ""))
    key = paper_key(arxiv_id=arxiv_id, doi=doi, title=title)
    if not title:
        raise ValueError("record has no title")
    cats = _str_list(d.get("categories"))
    ai_obj = _literal(d.get("AI"))
    kept, missing = split_ai(ai_obj if isinstance(ai_obj, dict) else {})
    for extra in ("background_knowledge", "contribution"):
        if isinstance(d.get(extra), str) and d[extra].strip():
            kept.setdefault("background" if extra.startswith("background") else "tldr", clean(d[extra]))
            missing = [m for m in missing if m not in kept]
    stars = d.get("code_stars")
    dates = [day] if day else []
    submitted = str(d.get("submitted_date") or "")
    if not dates and re.match(r"\d{4}-\d\d-\d\d", submitted):
        dates = [submitted[:10]]
    abstract = clean(str(d.get("summary") or d.get("abstract") or ""))
    return PaperRecord(
        key=key,
        title=title,
        authors=_str_list(d.get("authors")),
        abstract=abstract,
        arxiv_id=arxiv_id,
        doi=doi,
        categories=cats,
        primary_category=cats[0] if cats else None,
        topic=clean(str(d["topic"])) if d.get("topic") else None,
        dates=dates,
        comment=clean(str(d["comment"])) if d.get("comment") else None,
        url=f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else (d.get("url") or d.get("abs") or None),
        pdf=f"https://arxiv.org/pdf/{arxiv_id}" if arxiv_id else (d.get("pdf") or d.get("pdf_url") or None),
        ai=kept,
        ai_missing=missing,
        summary_lang=summary_language(" ".join(kept.values())),
        code_url=d.get("code_url") if isinstance(d.get("code_url"), str) else None,
        code_stars=stars if isinstance(stars, int) else None,
        source=path,
        line=line,
    )


def parse_jsonl(text: str, path: str) -> tuple[list[PaperRecord], list[Problem]]:
    """Parse a JSONL file's text; every bad line is a Problem, the rest still counts."""
    records: list[PaperRecord] = []
    problems: list[Problem] = []
    day = date_from_name(path)
    for no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(path, no, f"invalid JSON: {exc.msg}"))
            continue
        if not isinstance(d, dict):
            problems.append(Problem(path, no, f"expected a JSON object, got {type(d).__name__}"))
            continue
        try:
            records.append(record_from_dict(d, path, no, day))
        except ValueError as exc:
            problems.append(Problem(path, no, str(exc)))
    if not records and not problems:
        problems.append(Problem(path, None, "no records found"))
    return records, problems
