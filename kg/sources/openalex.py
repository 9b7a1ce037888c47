"""OpenAlex works (and unarXive records linked to OpenAlex) -> imported papers and citation edges.

Reads a single Work, a list of Works, a list response (``{"meta": …, "results": […]}``, including
``filter=cites:W…`` citation pages and cursor pages), JSON Lines of these (the snapshot format), and
unarXive records (``paper_id`` + ``metadata`` + ``bib_entries`` whose ``ids`` link references to
arXiv, DOIs and OpenAlex). Each Work's ``referenced_works`` become citation edges; a Work's arXiv
id comes from its DOI (``10.48550/arXiv.…``), its ``ids`` or an arxiv.org location.

Examples
--------
>>> work = {"id": "https://openalex.org/W1", "doi": "https://doi.org/10.48550/arXiv.2501.00001",
...         "display_name": "A paper", "publication_date": "2025-01-02",
...         "authorships": [{"author": {"id": "https://openalex.org/A9", "display_name": "Ann Lee",
...                                     "orcid": "https://orcid.org/0000-0002-1825-0097"}}],
...         "referenced_works": ["https://openalex.org/W2"]}
>>> b = parse_openalex({"meta": {"count": 1}, "results": [work]})
>>> p = b.papers["openalex:W1"]
>>> p.arxiv_id, p.authors[0].ids, [(c.citing, c.cited) for c in b.citations]
('2501.00001', {'openalex_id': 'A9', 'orcid': '0000-0002-1825-0097'}, [('openalex:W1', 'openalex:W2')])
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kg.model import Problem, norm_arxiv_id, norm_doi
from kg.sources.common import clean
from kg.sources.s2 import ExtAuthor, ExtCitation, ExtPaper, ImportBatch, load_json_any

_OA_ID = re.compile(r"([WAS]\d+)$", re.IGNORECASE)
_ORCID = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])")


def openalex_id(value: str | None) -> str | None:
    """``https://openalex.org/W123`` -> ``W123`` (None when it is not an OpenAlex id).

    >>> openalex_id("https://openalex.org/W4225968159"), openalex_id("nope")
    ('W4225968159', None)
    """
    m = _OA_ID.search((value or "").strip())
    return m.group(1).upper() if m else None


def _arxiv_of_work(d: dict[str, Any], doi: str | None) -> str | None:
    if doi and doi.startswith("10.48550/arxiv."):
        return norm_arxiv_id(doi.split("arxiv.", 1)[1])
    ids = d.get("ids") or {}
    if ids.get("arxiv"):
        return norm_arxiv_id(str(ids["arxiv"]))
    for loc in [d.get("primary_location") or {}, *(d.get("locations") or [])]:
        url = str((loc or {}).get("landing_page_url") or "") + " " + str((loc or {}).get("pdf_url") or "")
        if "arxiv.org/" in url:
            return norm_arxiv_id(url)
    return None


def _abstract(inv: Any) -> str:
    if not isinstance(inv, dict):
        return ""
    pos = sorted((i, w) for w, idx in inv.items() for i in idx if isinstance(i, int))
    return " ".join(w for _, w in pos)


def work_paper(d: dict[str, Any]) -> ExtPaper | None:
    """One OpenAlex Work -> ExtPaper (None without an OpenAlex id, DOI or arXiv id)."""
    wid = openalex_id(d.get("id"))
    doi = norm_doi(str(d.get("doi") or (d.get("ids") or {}).get("doi") or ""))
    arxiv = _arxiv_of_work(d, doi)
    if arxiv and doi and doi.startswith("10.48550/"):
        doi = None
    ref = f"openalex:{wid}" if wid else f"arxiv:{arxiv}" if arxiv else f"doi:{doi}" if doi else None
    if ref is None:
        return None
    authors = []
    for a in d.get("authorships") or []:
        au = (a or {}).get("author") or {}
        name = clean(au.get("display_name") or (a or {}).get("raw_author_name"))
        if not name:
            continue
        ids = {}
        if openalex_id(au.get("id")):
            ids["openalex_id"] = str(openalex_id(au.get("id")))
        m = _ORCID.search(str(au.get("orcid") or ""))
        if m:
            ids["orcid"] = m.group(1)
        authors.append(ExtAuthor(name, ids))
    topic = (d.get("primary_topic") or {}).get("field", {}) or {}
    source = ((d.get("primary_location") or {}).get("source") or {}).get("display_name")
    return ExtPaper(
        ref=ref,
        title=clean(d.get("title") or d.get("display_name")),
        authors=authors,
        arxiv_id=arxiv,
        doi=doi,
        year=d.get("publication_year") if isinstance(d.get("publication_year"), int) else None,
        date=d.get("publication_date"),
        venue=clean(source) or None,
        abstract=_abstract(d.get("abstract_inverted_index")),
        ids={"openalex_id": wid} if wid else {},
        citation_count=d.get("cited_by_count"),
        fields=[topic["display_name"]] if topic.get("display_name") else [],
    )


def _unarxive(d: dict[str, Any], batch: ImportBatch) -> None:
    meta = d.get("metadata") or {}
    aid = norm_arxiv_id(str(d.get("paper_id") or meta.get("id") or ""))
    if not aid:
        batch.problems.append(Problem("<unarXive>", None, "record without an arXiv id"))
        return
    parsed = meta.get("authors_parsed") or []
    names = [clean(" ".join(x for x in (p[1], p[0], p[2] if len(p) > 2 else "") if x)) for p in parsed]
    if not names and meta.get("authors"):
        names = [clean(n) for n in re.split(r",\s*|\s+and\s+", str(meta["authors"])) if clean(n)]
    me = ExtPaper(
        ref=f"arxiv:{aid}",
        title=clean(meta.get("title")),
        authors=[ExtAuthor(n) for n in names if n],
        arxiv_id=aid,
        doi=norm_doi(str(meta.get("doi") or "")),
        abstract=clean(meta.get("abstract") or (d.get("abstract") or {}).get("text")),
        date=str(meta.get("update_date") or "") or None,
        fields=str(meta.get("categories") or "").split(),
    )
    batch.add(me)
    for entry in (d.get("bib_entries") or {}).values():
        ids = (entry or {}).get("ids") or {}
        ref_aid = norm_arxiv_id(str(ids.get("arxiv_id") or "")) if ids.get("arxiv_id") else None
        ref_doi = norm_doi(str(ids.get("doi") or "")) if ids.get("doi") else None
        wid = openalex_id(ids.get("open_alex_id"))
        if ref_aid:
            ref = f"arxiv:{ref_aid}"
        elif wid:
            ref = f"openalex:{wid}"
        elif ref_doi:
            ref = f"doi:{ref_doi}"
        else:
            continue
        batch.add(ExtPaper(ref=ref, arxiv_id=ref_aid, doi=ref_doi, ids={"openalex_id": wid} if wid else {}))
        batch.citations.append(ExtCitation(me.ref, ref, {"source": "unarxive"}))


def parse_openalex(data: Any, *, path: str = "<data>", line: int | None = None) -> ImportBatch:
    """Read any OpenAlex (or unarXive) JSON value into an ImportBatch."""
    batch = ImportBatch("openalex")

    def walk(obj: Any) -> None:
        if isinstance(obj, list):
            for o in obj:
                walk(o)
            return
        if not isinstance(obj, dict):
            batch.problems.append(Problem(path, line, f"unexpected JSON value {str(obj)[:40]!r}", "warning"))
            return
        if isinstance(obj.get("results"), list):
            walk(obj["results"])
            return
        if "bib_entries" in obj and ("metadata" in obj or "paper_id" in obj):
            _unarxive(obj, batch)
            return
        if obj.get("error"):
            batch.problems.append(Problem(path, line, f"API error: {obj['error']}"))
            return
        p = work_paper(obj)
        if p is None:
            batch.problems.append(Problem(path, line, "work has no OpenAlex id, DOI or arXiv id"))
            return
        batch.add(p)
        for r in obj.get("referenced_works") or []:
            wid = openalex_id(r)
            if wid:
                batch.add(ExtPaper(ref=f"openalex:{wid}", ids={"openalex_id": wid}))
                batch.citations.append(ExtCitation(p.ref, f"openalex:{wid}", {"source": "openalex"}))

    walk(data)
    return batch


def read_openalex(path: Path | str) -> ImportBatch:
    """Read one OpenAlex / unarXive JSON or JSONL file."""
    batch = ImportBatch("openalex")
    for line, value in load_json_any(Path(path)):
        batch.extend(parse_openalex(value, path=str(path), line=line))
    return batch
