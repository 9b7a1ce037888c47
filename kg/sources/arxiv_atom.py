"""arXiv API Atom feeds (``export.arxiv.org/api/query`` answers, .atom / .xml) -> PaperRecords,
with feedparser.

Each ``<entry>`` gives the arXiv id (from ``<id>``), title, summary (abstract), authors,
categories (primary first), ``arxiv:comment``, ``arxiv:doi``, the PDF link and the first
publication date. An .xml file that is not an Atom feed is skipped with a warning; a feed entry
without an arXiv id or title becomes a Problem.

Examples
--------
>>> feed = '''<?xml version="1.0" encoding="UTF-8"?>
... <feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
...  <entry><id>http://arxiv.org/abs/2602.20205v2</id><published>2026-02-23T18:00:00Z</published>
...   <title>OTPrune:  Distribution-Aligned
...    Pruning</title><summary>We prune tokens.</summary>
...   <author><name>Xiwen Chen</name></author><author><name>Wenhui Zhu</name></author>
...   <arxiv:comment>CVPR 2026</arxiv:comment>
...   <arxiv:primary_category term="cs.CV"/><category term="cs.CV"/><category term="cs.LG"/>
...   <link title="pdf" href="http://arxiv.org/pdf/2602.20205v2" rel="related" type="application/pdf"/>
...  </entry></feed>'''
>>> (r,), problems = parse_atom(feed, "query.atom")
>>> r.key, r.title, r.authors, r.categories, r.dates, r.comment, r.pdf
('arxiv:2602.20205', 'OTPrune: Distribution-Aligned Pruning', ['Xiwen Chen', 'Wenhui Zhu'], \
['cs.CV', 'cs.LG'], ['2026-02-23'], 'CVPR 2026', 'http://arxiv.org/pdf/2602.20205v2')
"""

from __future__ import annotations

from typing import Any

import feedparser

from kg.model import PaperRecord, Problem, norm_arxiv_id, norm_doi, paper_key
from kg.sources.common import clean


def is_atom(text: str) -> bool:
    """True when the text looks like an Atom feed."""
    head = text[:2000]
    return "<feed" in head and "http://www.w3.org/2005/Atom" in head


def _entry(e: Any, path: str, n: int) -> PaperRecord:
    aid = norm_arxiv_id(str(e.get("id") or ""))
    title = clean(e.get("title"))
    if not aid or not title:
        raise ValueError("entry has no arXiv id" if not aid else "entry has no title")
    prim = (e.get("arxiv_primary_category") or {}).get("term")
    cats = [t.get("term") for t in e.get("tags") or [] if t.get("term")]
    if prim:
        cats = [prim, *[c for c in cats if c != prim]]
    pdf = next((lk.get("href") for lk in e.get("links") or [] if lk.get("type") == "application/pdf"), None)
    doi = norm_doi(str(e.get("arxiv_doi") or "")) if e.get("arxiv_doi") else None
    published = str(e.get("published") or "")[:10]
    return PaperRecord(
        key=paper_key(arxiv_id=aid),
        title=title,
        authors=[clean(a.get("name")) for a in e.get("authors") or [] if clean(a.get("name"))],
        abstract=clean(e.get("summary")),
        arxiv_id=aid,
        doi=doi,
        categories=cats,
        primary_category=prim or (cats[0] if cats else None),
        dates=[published] if len(published) == 10 else [],
        comment=clean(e.get("arxiv_comment")) or None,
        url=f"https://arxiv.org/abs/{aid}",
        pdf=pdf,
        source=path,
        line=n,
    )


def parse_atom(text: str, path: str) -> tuple[list[PaperRecord], list[Problem]]:
    """Parse an arXiv API Atom feed into records and problems (``line`` = entry number)."""
    if not is_atom(text):
        return [], [Problem(path, None, "skipped: not an Atom feed", "warning")]
    feed = feedparser.parse(text)
    records: list[PaperRecord] = []
    problems: list[Problem] = []
    if feed.get("bozo") and not feed.entries:
        return [], [Problem(path, None, f"Atom feed could not be parsed: {feed.get('bozo_exception')}")]
    for n, e in enumerate(feed.entries, 1):
        try:
            records.append(_entry(e, path, n))
        except ValueError as exc:
            problems.append(Problem(path, n, f"entry {n}: {exc}"))
    return records, problems
