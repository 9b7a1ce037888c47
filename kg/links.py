"""Links between papers found without reference lists: text citations and shared entities.

* ``(Paper)-[:CITES {source:"text"}]->(Paper)`` when a paper's abstract, comment or AI summary
  names another paper of the graph by arXiv id (``arXiv:2602.20205``, ``arxiv.org/abs/…``,
  ``/pdf/…v2``, old ``hep-th/9901001`` ids) or by DOI (``10.…``, ``doi.org/…``).
  Mentions inside an "arXiv admin note" (text overlap notices) are not citations and are skipped.
* ``(Paper)-[:BUILDS_ON {via}]->(Paper)`` when a paper uses (USES / EVALUATES_ON) a Method or
  Dataset that another paper of the graph PROPOSES. The earliest proposer (arXiv id month, first
  date, then key) wins; a paper older than the proposer, from another field, or spelling the name
  differently ("MIMO" is not "MiMo") does not build on it.

:func:`add_links` adds both to a graph in place and returns counts.

Examples
--------
>>> from kg.graph import build_graph
>>> from kg.model import PaperRecord, Extraction, Entity
>>> a = PaperRecord(key="arxiv:2601.00001", title="OTPrune", arxiv_id="2601.00001", dates=["2026-01-02"])
>>> b = PaperRecord(key="arxiv:2602.00002", title="B", arxiv_id="2602.00002", dates=["2026-02-03"],
...                 abstract="We extend OTPrune (arXiv:2601.00001v2) to video.")
>>> ot = Entity("method", "OTPrune", "method:otprune")
>>> G = build_graph([a, b], [Extraction(a.key, proposed=[ot]), Extraction(b.key, methods=[ot])])
>>> add_links(G)
{'CITES': 1, 'BUILDS_ON': 1, 'external': 0}
>>> G.edges["arxiv:2602.00002", "arxiv:2601.00001", "BUILDS_ON"]["via"]
'method:otprune'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import networkx as nx

from kg import model as m
from kg.graph import add_edge, add_node
from kg.names import field_of

# arXiv ids in the forms people write them: arXiv:2602.20205, arxiv.org/abs|pdf/2602.20205v2,
# arXiv 2602.20205, [2602.20205] after "arXiv", old-style hep-th/9901001 (with or without arXiv:).
_ARXIV_MENTION = re.compile(
    r"(?:arxiv\s*[:.]?\s*(?:org/(?:abs|pdf|html)/)?(?:[a-z\-]+/)?|arxiv\.org/(?:abs|pdf|html)/)"
    r"((?:\d{4}\.\d{4,5})|(?:[a-z\-]+(?:\.[a-z]{2})?/\d{7}))(?:v\d+)?(?![\d])",
    re.IGNORECASE,
)
_DOI_MENTION = re.compile(r"(?<![\w.])(10\.\d{4,9}/[^\s\"<>\]\)}，。；]+)", re.IGNORECASE)
_ADMIN_NOTE = re.compile(r"arxiv admin note:[^\n]*?(?=$|\n|\s{2,}|[\u3000-\u9fff])", re.IGNORECASE)
TEXT_FIELDS: tuple[str, ...] = ("abstract", "comment", *m.AI_FIELDS)


def mentions(text: str) -> Iterator[tuple[str, str]]:
    """Paper keys mentioned in ``text`` with the matched snippet, arXiv ids first, then DOIs.

    >>> text = "see arXiv:2501.17047 and https://arxiv.org/pdf/2409.10681v3, DOI 10.1093/MIND/LIX.236.433."
    >>> [key for key, _ in mentions(text)]
    ['arxiv:2501.17047', 'arxiv:2409.10681', 'doi:10.1093/mind/lix.236.433']
    >>> list(mentions("arXiv admin note: text overlap with arXiv:2405.12076 by other authors"))
    []
    >>> list(mentions("the 10.5 GHz band, 2026.01 release, arXiv:cs/2506.08680"))
    [('arxiv:2506.08680', 'arXiv:cs/2506.08680')]
    """
    text = text or ""
    low = text.lower()
    has_arxiv, has_doi = "arxiv" in low, "10." in text
    if not (has_arxiv or has_doi):
        return
    if "admin note" in low:
        text = _ADMIN_NOTE.sub(" ", text)
    seen: set[str] = set()
    for mt in _ARXIV_MENTION.finditer(text) if has_arxiv else ():
        key = f"arxiv:{mt.group(1).lower() if '/' in mt.group(1) else mt.group(1)}"
        if key not in seen:
            seen.add(key)
            yield key, mt.group(0)
    for mt in _DOI_MENTION.finditer(text) if has_doi else ():
        raw = mt.group(1)
        if "arxiv" in raw.lower() and raw.lower().startswith("10.48550/"):
            aid = m.norm_arxiv_id(raw)
            key = f"arxiv:{aid}" if aid else ""
        else:
            doi = m.norm_doi(raw)
            key = f"doi:{doi}" if doi else ""
        if key and key not in seen:
            seen.add(key)
            yield key, raw


def paper_index(G: nx.MultiDiGraph) -> dict[str, str]:
    """Map every arXiv/DOI key a Paper is known by (its key, its arxiv_id, its doi) to its node."""
    index: dict[str, str] = {}
    for n, d in G.nodes(data=True):
        if d.get("label") != m.PAPER:
            continue
        index.setdefault(n, n)
        if d.get("arxiv_id"):
            aid = m.norm_arxiv_id(str(d["arxiv_id"]))
            if aid:
                index.setdefault(f"arxiv:{aid}", n)
        if d.get("doi"):
            doi = m.norm_doi(str(d["doi"]))
            if doi:
                index.setdefault(f"doi:{doi}", n)
    return index


def _text_of(d: dict[str, Any]) -> str:
    return "\n".join(str(d.get(f) or "") for f in TEXT_FIELDS)


def add_text_citations(G: nx.MultiDiGraph, *, external: bool = False) -> tuple[int, int]:
    """Add CITES {source:"text"} edges for ids mentioned in paper texts; return (edges, new external nodes).

    With ``external=True`` an arXiv id that is not in the graph becomes a Paper node marked
    ``external`` (title ``arXiv:<id>``) so that co-citation can use it; DOIs of data sets and
    software (Zenodo, figshare …) are never turned into papers.
    """
    index = paper_index(G)
    papers = [(n, d) for n, d in G.nodes(data=True) if d.get("label") == m.PAPER and not d.get("external")]
    added = new_nodes = 0
    for n, d in papers:
        for key, snippet in mentions(_text_of(d)):
            target = index.get(key)
            if target is None and external and key.startswith("arxiv:"):
                aid = key.split(":", 1)[1]
                add_node(
                    G,
                    key,
                    m.PAPER,
                    title=f"arXiv:{aid}",
                    arxiv_id=aid,
                    external=True,
                    url=f"https://arxiv.org/abs/{aid}",
                )
                index[key] = target = key
                new_nodes += 1
            if target is None or target == n:
                continue
            if not G.has_edge(n, target, key=m.CITES):
                added += 1
            add_edge(G, n, target, m.CITES, source="text", evidence=snippet[:200])
    return added, new_nodes


def _first_date(d: dict[str, Any]) -> str:
    dates = d.get("dates") or []
    return min(dates) if dates else "9999"


_NEW_ID = re.compile(r"(\d\d)(\d\d)\.\d{4,5}$")


def origin(d: dict[str, Any]) -> str:
    """When a paper first appeared: the month of its new-style arXiv id (``2109.05721`` -> ``2021-09``),
    else its first date. Digests re-list old papers when they get a new version, so the id is the
    better clock.

    >>> origin({"arxiv_id": "2109.05721", "dates": ["2025-06-30"]}), origin({"dates": ["2025-06-30"]})
    ('2021-09', '2025-06-30')
    """
    aid = str(d.get("arxiv_id") or "")
    mt = _NEW_ID.match(aid)
    if mt and 1 <= int(mt.group(2)) <= 12:
        return f"20{mt.group(1)}-{mt.group(2)}"
    return _first_date(d)


def proposers(G: nx.MultiDiGraph) -> dict[str, str]:
    """Entity key -> the earliest paper that PROPOSES it (:func:`origin`, first date, then key)."""
    best: dict[str, tuple[str, str, str]] = {}
    for u, nbrs in G.adjacency():  # raw adjacency dicts: much faster than G.succ's views
        for v, kinds in nbrs.items():
            if m.PROPOSES not in kinds:
                continue
            rank = (origin(G.nodes[u]), _first_date(G.nodes[u]), u)
            if v not in best or rank < best[v]:
                best[v] = rank
    return {e: r[2] for e, r in best.items()}


_WORD = re.compile(r"[^\s,;:()\[\]{}\"'“”]+")


def surfaces(text: str, key: str) -> set[str]:
    """The spellings in ``text`` (case kept, spaces/hyphens removed) whose slug is the entity's.

    Two papers are taken to mean the same entity only when they spell it the same way, so that
    "MiMo" (a model) is not "MIMO" (antennas), nor "ReAct" "REACT".

    >>> sorted(surfaces("We beat MiMo-7B and MiMo, unlike MIMO systems.", "method:mimo"))
    ['MIMO', 'MiMo']
    """
    want = key.split(":", 1)[1]
    n = want.count("-") + 1
    words = [w.strip(".!?") for w in _WORD.findall(text or "")]
    out: set[str] = set()
    for size in range(1, min(n, 6) + 1):
        for i in range(len(words) - size + 1):
            chunk = " ".join(words[i : i + size])
            if m.slug(chunk) == want:
                out.add(re.sub(r"[\s\-_]+", "", chunk))
    return out


_BARE_ACRONYM = re.compile(r"^[A-Z]{2,5}s?$")  # "SED", "ACT", "DICE": too many meanings
_GENERIC = (
    r"(?:frameworks?|methods?|models?|approach(?:es)?|systems?|pipelines?|modules?|techniques?|strateg(?:y|ies)"
    r"|architectures?|networks?|algorithms?|scores?|metrics?|evaluations?|protocols?|paradigms?|settings?"
    r"|observations?|imaging|images?|data|spectr\w+|photometry)\b"
)
# after a name: another capitalised word, a slash or a generic noun means the name is only a part
_NOT_A_NAME_END = r"(?!\s*/)(?!\s+[A-Z][a-z])(?!\s+" + _GENERIC + ")"
_NAMING = r"(?:termed|called|dubbed|named|coined|(?:we|this paper|this work) (?:propose|introduce|present)s?)"


@lru_cache(maxsize=65536)
def _spelled(sp: str) -> str:
    """Regex of a spelling that allows spaces, hyphens or underscores between its characters."""
    return re.escape(sp[0]) + "".join(r"[\s\-_]*" + re.escape(c) for c in sp[1:])


# the fixed parts of the patterns below are compiled once; only the short spelling part is per name
_NAMING_LEAD = re.compile(_NAMING + r"\s+(?:as\s+)?(?:a |an |the )?", re.IGNORECASE)
_END_CI = re.compile(r"(?![\w])" + _NOT_A_NAME_END, re.IGNORECASE)
_END = re.compile(r"(?![\w])" + _NOT_A_NAME_END)
_ALONE_START = re.compile(r"(?<![\w/\-])")


@lru_cache(maxsize=65536)
def _spelling_re(sp: str, ignore_case: bool) -> re.Pattern[str]:
    return re.compile(_spelled(sp), re.IGNORECASE if ignore_case else 0)


def _named_in(sp: str, flat: str) -> bool:
    """``_NAMING … sp`` followed by what ends a name, anywhere in ``flat`` (case ignored)."""
    name = _spelling_re(sp, True)
    for lead in _NAMING_LEAD.finditer(flat):
        hit = name.match(flat, lead.end())
        if hit and _END_CI.match(flat, hit.end()):
            return True
    return False


def _alone_in(sp: str, flat: str) -> bool:
    """``sp`` standing alone (not inside a longer word or name) somewhere in ``flat``."""
    for hit in _spelling_re(sp, False).finditer(flat):
        if _ALONE_START.match(flat, hit.start()) and _END.match(flat, hit.end()):
            return True
    return False


def named_proposal(spellings: set[str], title: str, evidence: str) -> bool:
    """True when the proposer really names the entity: its title starts with the name
    ("OTPrune: …") or a sentence names it ("… termed LRRNet", "we propose OTPrune").

    >>> named_proposal({"OTPrune"}, "OTPrune: Distribution-Aligned Pruning", "")
    True
    >>> named_proposal({"IRSTD"}, "Rethinking IRSTD", "we propose a novel IRSTD framework, termed LRRNet")
    False
    >>> named_proposal({"AI-driven"}, "Debiasing News", "we introduce an AI-driven framework")
    False

    Bare acronyms of two to five capitals ("ACT", "DICE", "SED") never count: too many meanings.
    """
    spellings = {sp for sp in spellings if not _BARE_ACRONYM.match(sp) and "/" not in sp}
    squash = re.sub(r"[\s\-_]+", "", title)
    for sp in spellings:
        if re.match(re.escape(sp) + r"[:：]", squash):
            return True
    flat = re.sub(r"[\s\-_]+", " ", evidence)
    return any(" " not in sp and _named_in(sp, flat) for sp in spellings)


def used_as_name(spellings: set[str], evidence: str) -> bool:
    """True when the use sentence has one of the spellings standing alone, not as a part of a longer
    name ("Inception Score", "JWST/NIRCam") or a modifier ("LLM-as-a-Judge evaluation").

    >>> used_as_name({"Inception"}, "It raises the Inception Score to 24.8.")
    False
    >>> used_as_name({"OTPrune"}, "We compare with OTPrune and FastV.")
    True
    """
    flat = re.sub(r"[\s_]+", " ", evidence)
    return any(_alone_in(sp, flat) for sp in spellings)


def _same_field(a: dict[str, Any], b: dict[str, Any]) -> bool:
    fa = {field_of(c) for c in a.get("categories") or []}
    fb = {field_of(c) for c in b.get("categories") or []}
    return not fa or not fb or bool(fa & fb)


def add_builds_on(G: nx.MultiDiGraph) -> int:
    """Add BUILDS_ON {via, vias, confidence} from users of an entity to its earliest proposer.

    A use counts when the proposer really names the entity (:func:`named_proposal`, checked when
    the PROPOSES edge has evidence), the user is not older than the proposer (:func:`origin`), the
    two share a broad field (when both have categories), and both spell the name the same way
    (:func:`surfaces`, checked when the use has evidence).
    """
    first = proposers(G)
    found: dict[tuple[str, str], list[tuple[str, float]]] = {}
    spelled: dict[str, set[str]] = {}
    # the users of the proposed entities only (the order does not matter: the result is sorted)
    uses = (
        (u, v, kinds[k])
        for v in first
        for u, kinds in G._pred[v].items()
        for k in (m.USES, m.EVALUATES_ON)
        if k in kinds
    )
    nodes = G._node
    when: dict[str, tuple[str, str]] = {}  # paper -> (origin, first date), each worked out once

    def clock(p: str) -> tuple[str, str]:
        got = when.get(p)
        if got is None:
            got = when[p] = (origin(nodes[p]), _first_date(nodes[p]))
        return got

    for u, v, d in uses:
        q = first[v]
        if q == u or m.PROPOSES in G._succ[u][v]:
            continue
        pu, pq = nodes[u], nodes[q]
        (ou, fu), (oq, fq) = clock(u), clock(q)
        if ou < oq or fu < fq or not _same_field(pu, pq):
            continue
        prop = G.edges[q, v, m.PROPOSES]
        if prop.get("evidence"):
            if v not in spelled:
                title, ev = str(pq.get("title") or ""), str(prop["evidence"])
                sp = surfaces(ev + " " + title, v)
                spelled[v] = sp if named_proposal(sp, title, ev) else set()
            if not spelled[v] or (d.get("evidence") and not used_as_name(spelled[v], str(d["evidence"]))):
                continue
        conf = min(float(d.get("confidence", 1.0)), float(prop.get("confidence", 1.0)))
        found.setdefault((u, q), []).append((v, conf))
    added = 0
    for (u, q), vias in sorted(found.items()):
        vias.sort()
        if not G.has_edge(u, q, key=m.BUILDS_ON):
            added += 1
            G.add_edge(u, q, key=m.BUILDS_ON, type=m.BUILDS_ON, via=vias[0][0])
        data = G.edges[u, q, m.BUILDS_ON]
        data["vias"] = sorted({*data.get("vias", []), *(v for v, _ in vias)})
        data["confidence"] = round(max(c for _, c in vias), 3)
    return added


def add_links(G: nx.MultiDiGraph, *, external: bool = False, citations: bool = True) -> dict[str, int]:
    """Add text CITES and BUILDS_ON edges to ``G`` in place; return how many of each were added.

    Idempotent: running it twice adds nothing the second time. ``citations=False`` leaves the
    text citations out (the build adds them earlier, with :func:`add_text_citations`: they need
    only the Paper nodes).
    """
    cites, ext = add_text_citations(G, external=external) if citations else (0, 0)
    return {"CITES": cites, "BUILDS_ON": add_builds_on(G), "external": ext}
