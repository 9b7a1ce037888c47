"""Merge imported papers and citation edges (S2, OpenAlex, unarXive) into a built graph.

An imported paper is matched to a Paper of the graph by arXiv id, DOI, an external id the graph
already knows (``s2_id``, ``s2_corpus_id``, ``openalex_id``) or its normalised title (titles of at
least 20 characters). Matched papers get the external ids, and their authors get S2 / OpenAlex /
ORCID ids (names matched with :func:`kg.names.person_key`, initials allowed). Each citation
edge with at least one matched end becomes ``(Paper)-[:CITES {source}]->(Paper)``; its unmatched
end becomes a Paper marked ``external`` (``all_papers=True`` keeps edges between two unmatched
papers too).

Examples
--------
>>> from kg.graph import build_graph
>>> from kg.model import PaperRecord
>>> from kg.sources.s2 import parse_s2
>>> G = build_graph([PaperRecord(key="arxiv:2501.00001", title="Ours", arxiv_id="2501.00001",
...                              authors=["Ann Lee"])])
>>> page = {"data": [{"citedPaper": {"paperId": "p1", "title": "Attention Is All You Need",
...          "externalIds": {"ArXiv": "1706.03762"}}}]}
>>> merge_batch(G, parse_s2(page, of="arXiv:2501.00001"))["cites_added"]
1
>>> G.nodes["arxiv:1706.03762"]["external"]
True
>>> G.edges["arxiv:2501.00001", "arxiv:1706.03762", "CITES"]["source"]
's2'
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from kg import model as m
from kg.errors import ConfigError
from kg.graph import add_edge, add_node
from kg.names import compatible, person_key
from kg.sources.s2 import ExtPaper, ImportBatch

ID_PROPS: tuple[str, ...] = ("s2_id", "s2_corpus_id", "openalex_id")
_ID_PREFIX = {"s2_id": "s2", "s2_corpus_id": "s2corpus", "openalex_id": "openalex"}


class PaperIndex:
    """Look up Papers of a graph by arXiv id, DOI, external ids and normalised title."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.by: dict[str, str] = {}
        for n, d in G.nodes(data=True):
            if d.get("label") == m.PAPER:
                self.add(n, d)

    def add(self, n: str, d: dict[str, Any]) -> None:
        self.by.setdefault(n, n)
        if d.get("arxiv_id") and m.norm_arxiv_id(str(d["arxiv_id"])):
            self.by.setdefault(f"arxiv:{m.norm_arxiv_id(str(d['arxiv_id']))}", n)
        if d.get("doi") and m.norm_doi(str(d["doi"])):
            self.by.setdefault(f"doi:{m.norm_doi(str(d['doi']))}", n)
        for p in ID_PROPS:
            if d.get(p):
                self.by.setdefault(f"{_ID_PREFIX[p]}:{d[p]}", n)
        t = m.norm_title(str(d.get("title") or ""))
        if len(t) >= 20:
            self.by.setdefault(f"title:{t}", n)

    def find(self, p: ExtPaper) -> str | None:
        keys = [p.ref]
        if p.arxiv_id:
            keys.append(f"arxiv:{p.arxiv_id}")
        if p.doi:
            keys.append(f"doi:{p.doi}")
        keys += [f"{_ID_PREFIX[k]}:{v}" for k, v in p.ids.items() if k in _ID_PREFIX]
        t = m.norm_title(p.title)
        if len(t) >= 20:
            keys.append(f"title:{t}")
        for k in keys:
            if k in self.by:
                return self.by[k]
        return None


def _set_ids(d: dict[str, Any], p: ExtPaper) -> None:
    for k in ID_PROPS:
        if p.ids.get(k) and not d.get(k):
            d[k] = p.ids[k]
    if p.citation_count is not None:
        d["citation_count"] = p.citation_count
    for k in ("doi", "arxiv_id", "year", "venue"):
        if getattr(p, k) and not d.get(k):
            d[k] = getattr(p, k)


def _author_ids(G: nx.MultiDiGraph, paper: str, p: ExtPaper) -> int:
    mine = [u for u, _, k in G.in_edges(paper, keys=True) if k == m.AUTHORED]
    done = 0
    for ea in p.authors:
        if not ea.ids:
            continue
        pk = person_key(ea.name)
        hit = next((a for a in mine if person_key(str(G.nodes[a].get("name", ""))) == pk), None)
        if hit is None:
            cands = [
                a
                for a in mine
                if compatible(pk, person_key(str(G.nodes[a].get("name", ""))))
                or compatible(person_key(str(G.nodes[a].get("name", ""))), pk)
            ]
            hit = cands[0] if len(cands) == 1 else None
        if hit is None:
            continue
        d = G.nodes[hit]
        for k, v in ea.ids.items():
            if not d.get(k):
                d[k] = v
                done += 1
    return done


def _external_node(G: nx.MultiDiGraph, p: ExtPaper, index: PaperIndex) -> str | None:
    try:
        key = m.paper_key(arxiv_id=p.arxiv_id, doi=p.doi, title=p.title or None)
    except ValueError:
        return None
    if key in G:
        return key
    add_node(
        G,
        key,
        m.PAPER,
        title=p.title or (f"arXiv:{p.arxiv_id}" if p.arxiv_id else p.doi or key),
        arxiv_id=p.arxiv_id,
        doi=p.doi,
        year=p.year,
        venue=p.venue,
        external=True,
        authors=[a.name for a in p.authors],
        dates=[],
        categories=[],
        url=f"https://arxiv.org/abs/{p.arxiv_id}"
        if p.arxiv_id
        else (f"https://doi.org/{p.doi}" if p.doi else None),
    )
    _set_ids(G.nodes[key], p)
    index.add(key, G.nodes[key])
    return key


def merge_batch(G: nx.MultiDiGraph, batch: ImportBatch, *, all_papers: bool = False) -> dict[str, int]:
    """Merge one ImportBatch into ``G`` in place; return counts of what happened."""
    index = PaperIndex(G)
    where: dict[str, str | None] = {}
    stats = dict.fromkeys(
        ("papers_read", "matched", "external_added", "cites_added", "cites_skipped", "author_ids"), 0
    )
    stats["papers_read"] = len(batch.papers)
    for ref, p in batch.papers.items():
        node = index.find(p)
        where[ref] = node
        if node is not None and not G.nodes[node].get("external"):
            stats["matched"] += 1
            _set_ids(G.nodes[node], p)
            stats["author_ids"] += _author_ids(G, node, p)
    for c in batch.citations:
        a, b = where.get(c.citing), where.get(c.cited)
        a_in = a is not None and not G.nodes[a].get("external")
        b_in = b is not None and not G.nodes[b].get("external")
        if not (a_in or b_in or all_papers):
            stats["cites_skipped"] += 1
            continue
        before = G.number_of_nodes()
        if a is None:
            a = where[c.citing] = _external_node(G, batch.papers[c.citing], index)
        if b is None:
            b = where[c.cited] = _external_node(G, batch.papers[c.cited], index)
        stats["external_added"] += G.number_of_nodes() - before
        if a is None or b is None or a == b:
            stats["cites_skipped"] += 1
            continue
        if not G.has_edge(a, b, key=m.CITES):
            stats["cites_added"] += 1
        add_edge(G, a, b, m.CITES, **c.props)
        edge = G.edges[a, b, m.CITES]
        edge["sources"] = sorted({*edge.get("sources", [edge.get("source")]), c.props.get("source")} - {None})
    return stats


def read_batch(files: Iterable[Path | str], source: str, *, of: str | None = None) -> ImportBatch:
    """Read S2 or OpenAlex files into one batch (``of``: the paper a citations page belongs to)."""
    from kg.sources.openalex import read_openalex
    from kg.sources.s2 import read_s2

    if source not in ("s2", "openalex"):
        raise ConfigError(f"unknown import source {source!r} (use s2 or openalex)")
    batch = ImportBatch(source)
    for f in files:
        batch.extend(read_s2(f, of=of) if source == "s2" else read_openalex(f))
    return batch


def save_graph(G: nx.MultiDiGraph, build_dir: Path | str) -> list[Path]:
    """Rewrite graph.json and the other graph formats already present in ``build_dir``."""
    from kg.export import FORMATS, write_format

    out = Path(build_dir)
    written: list[Path] = []
    for fmt, names in FORMATS.items():
        if fmt == "json" or all((out / n).exists() for n in names):
            written += write_format(G, out, fmt)
    return written
