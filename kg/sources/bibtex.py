"""BibTeX (.bib) -> PaperRecords, with bibtexparser v2.

arXiv ids come from ``eprint`` (with ``archivePrefix = arXiv`` or an id-shaped value), an arxiv.org
``url`` or a ``journal`` like "arXiv preprint arXiv:2502.01234"; DOIs from ``doi``. LaTeX accents
and braces are decoded; authors are split on "and" and turned into "First Last". Blocks that fail
to parse, and entries without a title, become Problems with their line number.

Examples
--------
>>> text = '''@article{chen2026,
...   title = {{OTPrune}: Distribution-Aligned Pruning},
...   author = {Chen, Xiwen and M{\\\\"u}ller, J{\\\\"o}rg},
...   eprint = {2602.20205}, archivePrefix = {arXiv}, primaryClass = {cs.CV}, year = {2026}}
... @misc{broken, title = {no end'''
>>> records, problems = parse_bibtex(text, "refs.bib")
>>> r = records[0]
>>> r.key, r.title, r.authors, r.categories, r.line
('arxiv:2602.20205', 'OTPrune: Distribution-Aligned Pruning', ['Xiwen Chen', 'Jörg Müller'], ['cs.CV'], 1)
>>> str(problems[0])
'refs.bib:5: error: BibTeX block could not be parsed'
"""

from __future__ import annotations

import logging
import re

import bibtexparser
import bibtexparser.middlewares as mw

from kg.model import PaperRecord, Problem, norm_arxiv_id, norm_doi, paper_key
from kg.sources.common import clean

_ID_SHAPED = re.compile(r"^\s*(?:arxiv:)?(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?\s*$", re.I)


def _name(parts: mw.NameParts | str) -> str:
    if isinstance(parts, str):
        return clean(parts)
    words = [*parts.first, *parts.von, *parts.last]
    name = " ".join(words)
    if parts.jr:
        name += ", " + " ".join(parts.jr)
    return clean(name.replace("{", "").replace("}", ""))


def _arxiv(fields: dict[str, str]) -> str | None:
    eprint = fields.get("eprint", "")
    prefix = fields.get("archiveprefix", fields.get("eprinttype", "")).lower()
    if eprint and (prefix == "arxiv" or _ID_SHAPED.match(eprint)):
        aid = norm_arxiv_id(eprint)
        if aid:
            return aid
    for k in ("url", "journal", "note", "howpublished"):
        v = fields.get(k, "")
        if "arxiv" in v.lower():
            aid = norm_arxiv_id(v)
            if aid:
                return aid
    return None


def parse_bibtex(text: str, path: str) -> tuple[list[PaperRecord], list[Problem]]:
    """Parse BibTeX text into records and problems."""
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    lib = bibtexparser.parse_string(
        text,
        append_middleware=[mw.LatexDecodingMiddleware(), mw.SeparateCoAuthors(), mw.SplitNameParts()],
    )
    problems = [
        Problem(path, (b.start_line or 0) + 1, "BibTeX block could not be parsed", entry=(b.raw or "")[:200])
        for b in lib.failed_blocks
    ]
    records: list[PaperRecord] = []
    for e in lib.entries:
        line = (e.start_line or 0) + 1
        fields = {
            k.lower(): clean(str(f.value)).replace("{", "").replace("}", "")
            for k, f in e.fields_dict.items()
            if k.lower() != "author"
        }
        title = fields.get("title", "")
        if not title:
            problems.append(Problem(path, line, f"entry {e.key!r} has no title", entry=e.key))
            continue
        aid = _arxiv(fields)
        doi = norm_doi(fields.get("doi", "")) if fields.get("doi") else None
        author_field = e.fields_dict.get("author")
        names = author_field.value if author_field is not None else []
        authors = [n for n in (_name(p) for p in (names if isinstance(names, list) else [names])) if n]
        cats = [c for c in re.split(r"[\s,;]+", fields.get("primaryclass", "")) if c]
        records.append(
            PaperRecord(
                key=paper_key(arxiv_id=aid, doi=doi, title=title),
                title=title,
                authors=authors,
                abstract=fields.get("abstract", ""),
                arxiv_id=aid,
                doi=doi,
                categories=cats,
                primary_category=cats[0] if cats else None,
                comment=fields.get("note") or None,
                url=fields.get("url") or (f"https://arxiv.org/abs/{aid}" if aid else None),
                source=path,
                line=line,
            )
        )
    return records, problems
