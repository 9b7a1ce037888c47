"""Semantic Scholar Graph API JSON -> imported papers and citation edges.

Reads what the API and its dumps give: a single paper (with ``citations`` / ``references``), a
list of papers (``/paper/batch``, null entries for ids it did not find), search and paged
responses (``{"offset", "next", "data": […]}``), citation/reference edge objects
(``citingPaper`` / ``citedPaper`` with ``contexts``, ``intents``, ``isInfluential``), author
objects with ``papers``, the bulk datasets' lower-case records (``corpusid``, ``externalids``,
``citingcorpusid`` / ``citedcorpusid``) and JSON Lines of any of these.

A citations or references page does not name the paper it belongs to (that is in the request
URL), so the caller passes it as ``of`` (``arXiv:2502.01234``, ``DOI:10.…``, ``CorpusID:123`` or
an S2 paper id).

Examples
--------
>>> page = {"offset": 0, "data": [{"isInfluential": True, "citingPaper": {
...     "paperId": "abc", "title": "A follow-up", "externalIds": {"ArXiv": "2601.00002"},
...     "authors": [{"authorId": "42", "name": "Ann Lee"}]}}]}
>>> batch = parse_s2(page, of="arXiv:2501.00001")
>>> sorted(batch.papers), batch.citations[0].citing, batch.citations[0].cited
(['arxiv:2501.00001', 's2:abc'], 's2:abc', 'arxiv:2501.00001')
>>> batch.papers["s2:abc"].arxiv_id, batch.papers["s2:abc"].authors[0].ids
('2601.00002', {'s2_id': '42'})
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.model import Problem, norm_arxiv_id, norm_doi
from kg.sources.common import clean


@dataclass
class ExtAuthor:
    """An author as an external source names it, with its ids (``s2_id``, ``openalex_id``, ``orcid``)."""

    name: str
    ids: dict[str, str] = field(default_factory=dict)


@dataclass
class ExtPaper:
    """A paper from an external source; ``ref`` identifies it within one import batch."""

    ref: str
    title: str = ""
    authors: list[ExtAuthor] = field(default_factory=list)
    arxiv_id: str | None = None
    doi: str | None = None
    year: int | None = None
    date: str | None = None
    venue: str | None = None
    abstract: str = ""
    ids: dict[str, str] = field(default_factory=dict)
    citation_count: int | None = None
    fields: list[str] = field(default_factory=list)

    def merge(self, other: ExtPaper) -> None:
        """Fill what this record lacks from another record of the same paper."""
        for name in ("title", "arxiv_id", "doi", "year", "date", "venue", "abstract", "citation_count"):
            if not getattr(self, name) and getattr(other, name):
                setattr(self, name, getattr(other, name))
        if not self.authors:
            self.authors = other.authors
        self.ids = {**other.ids, **self.ids}
        self.fields = sorted({*self.fields, *other.fields})


@dataclass
class ExtCitation:
    """``citing`` cites ``cited`` (both refs of the batch); ``props`` go onto the CITES edge."""

    citing: str
    cited: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportBatch:
    """Papers and citation edges read from external files, plus the problems met."""

    source: str
    papers: dict[str, ExtPaper] = field(default_factory=dict)
    citations: list[ExtCitation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def add(self, p: ExtPaper) -> str:
        if p.ref in self.papers:
            self.papers[p.ref].merge(p)
        else:
            self.papers[p.ref] = p
        return p.ref

    def extend(self, other: ImportBatch) -> None:
        for p in other.papers.values():
            self.add(p)
        self.citations += other.citations
        self.problems += other.problems


def paper_from_id(spec: str) -> ExtPaper:
    """A paper known only by an id as the S2 API writes it: ``arXiv:…``, ``DOI:…``, ``CorpusID:…``, hash.

    >>> paper_from_id("https://arxiv.org/abs/2502.01234v2").ref
    'arxiv:2502.01234'
    >>> p = paper_from_id("DOI:10.2139/ssrn.2250500"); p.ref, p.doi
    ('doi:10.2139/ssrn.2250500', '10.2139/ssrn.2250500')
    """
    s = spec.strip()
    low = s.lower()
    if low.startswith("corpusid:"):
        return ExtPaper(ref=f"s2corpus:{s.split(':', 1)[1]}", ids={"s2_corpus_id": s.split(":", 1)[1]})
    doi = norm_doi(s)
    if doi and not low.startswith("arxiv:"):
        return ExtPaper(ref=f"doi:{doi}", doi=doi)
    aid = norm_arxiv_id(s)
    if aid and ("arxiv" in low or s[:1].isdigit() or "/" in s):
        return ExtPaper(ref=f"arxiv:{aid}", arxiv_id=aid)
    if s:
        return ExtPaper(ref=f"s2:{s}", ids={"s2_id": s})
    raise ValueError("empty paper id")


def _get(d: dict[str, Any], *names: str) -> Any:
    for n in names:
        if d.get(n) is not None:
            return d[n]
    return None


def s2_paper(d: dict[str, Any]) -> ExtPaper | None:
    """One S2 paper object (API camelCase or dataset lower case) -> ExtPaper (None when it has no id)."""
    ext = _get(d, "externalIds", "externalids") or {}
    ext = {str(k).lower(): v for k, v in ext.items() if v not in (None, "")}
    pid = _get(d, "paperId", "paperid")
    corpus = _get(d, "corpusId", "corpusid") or ext.get("corpusid")
    arxiv = norm_arxiv_id(str(ext["arxiv"])) if ext.get("arxiv") else None
    doi = norm_doi(str(ext["doi"])) if ext.get("doi") else None
    if pid:
        ref = f"s2:{pid}"
    elif corpus is not None:
        ref = f"s2corpus:{corpus}"
    elif arxiv:
        ref = f"arxiv:{arxiv}"
    elif doi:
        ref = f"doi:{doi}"
    else:
        return None
    ids = {
        "s2_id": pid,
        "s2_corpus_id": corpus,
        "mag": ext.get("mag"),
        "dblp": ext.get("dblp"),
        "pubmed": ext.get("pubmed"),
    }
    authors = []
    for a in d.get("authors") or []:
        if isinstance(a, dict) and clean(a.get("name")):
            aid = _get(a, "authorId", "authorid")
            authors.append(ExtAuthor(clean(a["name"]), {"s2_id": str(aid)} if aid else {}))
    fos = [
        f["category"]
        for f in d.get("s2FieldsOfStudy") or d.get("s2fieldsofstudy") or []
        if isinstance(f, dict) and f.get("category")
    ]
    fos += [f for f in d.get("fieldsOfStudy") or [] if isinstance(f, str)]
    journal: dict[str, Any] = d["journal"] if isinstance(d.get("journal"), dict) else {}
    venue = d.get("venue") or journal.get("name")
    return ExtPaper(
        ref=ref,
        title=clean(d.get("title")),
        authors=authors,
        arxiv_id=arxiv,
        doi=doi,
        year=d.get("year") if isinstance(d.get("year"), int) else None,
        date=_get(d, "publicationDate", "publicationdate"),
        venue=clean(venue) or None,
        abstract=clean(d.get("abstract")),
        ids={k: str(v) for k, v in ids.items() if v not in (None, "")},
        citation_count=_get(d, "citationCount", "citationcount"),
        fields=sorted(set(fos)),
    )


def _edge_props(d: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = {"source": "s2"}
    infl = _get(d, "isInfluential", "isinfluential")
    if infl is not None:
        props["influential"] = bool(infl)
    if d.get("intents"):
        props["intents"] = sorted({str(i) for i in d["intents"]})
    if d.get("contexts"):
        props["contexts"] = len(d["contexts"])
    return props


def parse_s2(
    data: Any, *, of: str | None = None, path: str = "<data>", line: int | None = None
) -> ImportBatch:
    """Read any S2 response shape (see the module doc) into an ImportBatch."""
    batch = ImportBatch("s2")
    focal = None
    if of:
        focal = batch.add(paper_from_id(of))

    def walk(obj: Any) -> None:
        if obj is None:
            batch.problems.append(Problem(path, line, "not found (null entry)", "warning"))
            return
        if isinstance(obj, list):
            for o in obj:
                walk(o)
            return
        if not isinstance(obj, dict):
            batch.problems.append(Problem(path, line, f"unexpected JSON value {str(obj)[:40]!r}"))
            return
        if "error" in obj and len(obj) <= 3:
            batch.problems.append(Problem(path, line, f"API error: {obj['error']}"))
            return
        if isinstance(obj.get("data"), list):
            walk(obj["data"])
            return
        if "citingcorpusid" in obj and "citedcorpusid" in obj:
            a, b = obj["citingcorpusid"], obj["citedcorpusid"]
            if a is None or b is None:
                return
            for c in (a, b):
                batch.add(ExtPaper(ref=f"s2corpus:{c}", ids={"s2_corpus_id": str(c)}))
            batch.citations.append(ExtCitation(f"s2corpus:{a}", f"s2corpus:{b}", _edge_props(obj)))
            return
        for side in ("citingPaper", "citedPaper"):
            if side in obj:
                p = s2_paper(obj[side] or {})
                if p is None:
                    return
                if focal is None:
                    batch.problems.append(
                        Problem(
                            path, line, f"{side} entry without the paper it belongs to (give it with --of)"
                        )
                    )
                    return
                batch.add(p)
                pair = (p.ref, focal) if side == "citingPaper" else (focal, p.ref)
                batch.citations.append(ExtCitation(*pair, _edge_props(obj)))
                return
        if ("authorId" in obj or "authorid" in obj) and "papers" in obj:
            for pd in obj.get("papers") or []:
                p = s2_paper(pd or {})
                if p is not None:
                    if not p.authors and obj.get("name"):
                        p.authors = [ExtAuthor(clean(obj["name"]), {"s2_id": str(obj.get("authorId"))})]
                    batch.add(p)
            return
        p = s2_paper(obj)
        if p is None:
            batch.problems.append(Problem(path, line, "record has no paper id, arXiv id or DOI"))
            return
        ref = batch.add(p)
        for c in obj.get("citations") or []:
            q = s2_paper(c or {})
            if q is not None:
                batch.add(q)
                batch.citations.append(ExtCitation(q.ref, ref, {"source": "s2"}))
        for r in obj.get("references") or []:
            q = s2_paper(r or {})
            if q is not None:
                batch.add(q)
                batch.citations.append(ExtCitation(ref, q.ref, {"source": "s2"}))

    walk(data)
    return batch


def load_json_any(path: Path) -> list[tuple[int | None, Any]]:
    """A JSON file (one value) or JSON Lines (one value a line) -> [(line or None, value)].

    Raises InputError for a missing or empty file; a bad JSONL line is raised too (with its line).
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from None
    if not text.strip():
        raise InputError("empty file", path=str(path))
    try:
        return [(None, json.loads(text))]
    except json.JSONDecodeError:
        pass
    out: list[tuple[int | None, Any]] = []
    for i, raw in enumerate(text.splitlines(), 1):
        if raw.strip():
            try:
                out.append((i, json.loads(raw)))
            except json.JSONDecodeError as exc:
                raise InputError(f"invalid JSON: {exc.msg}", path=str(path), line=i) from None
    return out


def read_s2(path: Path | str, *, of: str | None = None) -> ImportBatch:
    """Read one S2 JSON / JSONL file."""
    batch = ImportBatch("s2")
    for line, value in load_json_any(Path(path)):
        batch.extend(parse_s2(value, of=of, path=str(path), line=line))
    return batch
