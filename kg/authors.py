"""Who is who: author name normalisation, merging and disambiguation on the graph.

Author nodes start keyed by :func:`kg.model.author_key` (one node per normalised name).
:func:`disambiguate` then, in place:

0. **re-keys** names whose :func:`person_key` differs (``Smith, John, Jr.`` -> ``john smith``);
1. **merges by external ids** — Author nodes that share an S2, OpenAlex or ORCID id become one;
2. **merges initials into full names** — ``J. Smith`` joins ``John Smith`` (and ``Adam Carnall``
   joins ``Adam C. Carnall``) when that is the only compatible, more complete name and the two
   share a co-author (several candidates: reported as ambiguous);
3. **splits names used by unrelated communities** — the papers of one name are grouped by shared
   co-authors, then groups whose primary categories overlap are joined; what is still apart (no
   shared co-author, different fields: cs/stat/eess, math, astro-ph, cond-mat …) becomes separate
   Author nodes. The largest group keeps the
   key; the others get ``author:<name> (<field>)``. Nodes with an external id are never split.

Every Author keeps ``name_key`` (the plain name key) so that ``kg authors --ambiguous`` can list
the names that were split (:func:`ambiguous_names`).

The name comparisons (:func:`person_key`, :func:`compatible`, :func:`more_complete`) and
:func:`field_of` live in :mod:`kg.names`.

Examples
--------
>>> from kg.graph import build_graph
>>> from kg.model import PaperRecord
>>> G = build_graph([PaperRecord(key="arxiv:2501.00001", title="T", authors=["Smith, John, Jr."])])
>>> rep = disambiguate(G)
>>> rep.rekeyed, sorted(n for n in G if n.startswith("author:"))
([('author:smith john jr', 'author:john smith')], ['author:john smith'])
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg import model as m
from kg.names import compatible, field_of, more_complete, person_key, split_name

ID_PROPS: tuple[str, ...] = ("s2_id", "openalex_id", "orcid")


@dataclass
class AuthorReport:
    """What :func:`disambiguate` did."""

    rekeyed: list[tuple[str, str]] = field(default_factory=list)
    merged_ids: list[tuple[str, str]] = field(default_factory=list)
    merged_initials: list[tuple[str, str]] = field(default_factory=list)
    initials_ambiguous: dict[str, list[str]] = field(default_factory=dict)
    splits: dict[str, list[str]] = field(default_factory=dict)

    def summary(self) -> dict[str, int]:
        return {
            "rekeyed": len(self.rekeyed),
            "merged_by_id": len(self.merged_ids),
            "merged_initials": len(self.merged_initials),
            "initials_ambiguous": len(self.initials_ambiguous),
            "names_split": len(self.splits),
            "nodes_added_by_split": sum(len(v) - 1 for v in self.splits.values()),
        }


def _authors(G: nx.MultiDiGraph) -> list[str]:
    return [n for n, d in G.nodes(data=True) if d.get("label") == m.AUTHOR]


def _papers_of(G: nx.MultiDiGraph, a: str) -> list[str]:
    return [p for _, p, k in G.out_edges(a, keys=True) if k == m.AUTHORED]


def _coauthors(G: nx.MultiDiGraph, paper: str, but: str) -> set[str]:
    return {u for u, _, k in G.in_edges(paper, keys=True) if k == m.AUTHORED and u != but}


def merge_authors(G: nx.MultiDiGraph, src: str, dst: str) -> None:
    """Move ``src``'s papers, variants and ids onto ``dst`` and remove ``src``."""
    s, d = G.nodes[src], G.nodes[dst]
    for _, p, k, data in list(G.out_edges(src, keys=True, data=True)):
        if k == m.AUTHORED and not G.has_edge(dst, p, key=m.AUTHORED):
            G.add_edge(dst, p, key=k, **data)
    for key in ("name_variants", "merged_keys"):
        d[key] = sorted({*d.get(key, []), *s.get(key, [])})
    d["merged_keys"] = sorted({*d["merged_keys"], src})
    d["name_variants"] = sorted({*d["name_variants"], s.get("name", "")} - {""})
    for p in ID_PROPS:
        if s.get(p) and not d.get(p):
            d[p] = s[p]
    G.remove_node(src)


def _merge_by_ids(G: nx.MultiDiGraph, rep: AuthorReport) -> None:
    owner: dict[tuple[str, str], str] = {}
    for a in sorted(_authors(G), key=lambda a: (-len(_papers_of(G, a)), a)):
        if a not in G:
            continue
        for p in ID_PROPS:
            v = G.nodes[a].get(p)
            if not v:
                continue
            o = owner.get((p, str(v)))
            if o is None:
                owner[(p, str(v))] = a
            elif o != a and o in G:
                merge_authors(G, a, o)
                rep.merged_ids.append((a, o))
                break


def _merge_initials(G: nx.MultiDiGraph, rep: AuthorReport) -> None:
    def bucket(nk: str) -> tuple[str, str]:
        given, surname = split_name(nk)
        return surname, given[0][:1] if given else ""

    by_surname: dict[tuple[str, str], list[str]] = defaultdict(list)
    for a in _authors(G):
        nk = a.removeprefix("author:")
        if " (" not in nk:
            by_surname[bucket(nk)].append(nk)
    # least complete names first, so that "a carnall" -> "adam carnall" -> "adam c carnall" chains
    order = sorted(_authors(G), key=lambda a: (sum(len(g) for g in split_name(a[7:])[0]), a))
    for a in order:
        nk = a.removeprefix("author:")
        if a not in G or " (" in nk:
            continue
        cands = [c for c in by_surname.get(bucket(nk), []) if f"author:{c}" in G and more_complete(nk, c)]
        # candidates that are variants of one another count as one: keep the most complete
        tops = [c for c in cands if not any(more_complete(c, o) for o in cands)]
        if len(tops) > 1 and any(not compatible(x, y) for x in tops for y in tops):
            rep.initials_ambiguous[a] = [f"author:{c}" for c in sorted(cands)]
            G.nodes[a]["initial_candidates"] = rep.initials_ambiguous[a]
            continue
        if not tops:
            continue
        full = f"author:{max(tops, key=lambda c: (len(c), c))}"
        mine = {c for p in _papers_of(G, a) for c in _coauthors(G, p, a)}
        theirs = {c for p in _papers_of(G, full) for c in _coauthors(G, p, full)}
        if mine & theirs:
            merge_authors(G, a, full)
            rep.merged_initials.append((a, full))


def _field(G: nx.MultiDiGraph, p: str) -> str | None:
    d = G.nodes[p]
    cats = d.get("categories") or []
    return d.get("primary_category") or (cats[0] if cats else None)


def _fields(G: nx.MultiDiGraph, p: str) -> set[str]:
    d = G.nodes[p]
    return {field_of(c) for c in [d.get("primary_category"), *(d.get("categories") or [])] if c}


def coauthor_sets(G: nx.MultiDiGraph, *, big_paper: int = 50) -> dict[str, set[str]]:
    """Author -> the authors they wrote with (papers with more than ``big_paper`` authors left out)."""
    adj: dict[str, set[str]] = defaultdict(set)
    for p, d in G.nodes(data=True):
        if d.get("label") != m.PAPER:
            continue
        names = [u for u, _, k in G.in_edges(p, keys=True) if k == m.AUTHORED]
        if len(names) <= big_paper:
            for u in names:
                adj[u].update(names)
    for u, s in adj.items():
        s.discard(u)
    return dict(adj)


def communities_of(
    G: nx.MultiDiGraph,
    a: str,
    *,
    hub: int = 30,
    big_paper: int = 50,
    adj: dict[str, set[str]] | None = None,
) -> list[list[str]]:
    """The groups of ``a``'s papers linked by neither a shared co-author, nor a shared field
    (:func:`field_of` any category, primary or cross-list), nor a second-degree tie (a co-author of
    one group wrote with a co-author of the other; co-authors with more than ``10 * hub`` co-authors
    and papers with more than ``big_paper`` authors do not count), largest first (one group when
    the name looks like one person). ``adj`` (from :func:`coauthor_sets`) saves recomputing.
    Groups without any category join the largest group.
    """
    papers = sorted(_papers_of(G, a))
    parent = {p: p for p in papers}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x: str, y: str) -> None:
        parent[find(x)] = find(y)

    first_with: dict[str, str] = {}
    for p in papers:
        for c in _coauthors(G, p, a):
            if c in first_with:
                union(p, first_with[c])
            else:
                first_with[c] = p
    by_field: dict[str, str] = {}
    for p in papers:
        for f in _fields(G, p):
            if f in by_field:
                union(p, by_field[f])
            else:
                by_field[f] = p
    groups: dict[str, list[str]] = defaultdict(list)
    for p in papers:
        groups[find(p)].append(p)
    if len(groups) > 1:  # second degree: a co-author of one group wrote with a co-author of another
        roots = sorted(groups)
        near = {r: {c for p in groups[r] for c in _coauthors(G, p, a)} for r in roots}
        if adj is None:
            adj = coauthor_sets(G, big_paper=big_paper)
        far = {
            r: {x for c in near[r] if len(adj.get(c, ())) <= hub * 10 for x in adj.get(c, ())} - {a}
            for r in roots
        }
        for i, r1 in enumerate(roots):
            for r2 in roots[i + 1 :]:
                if near[r1] & far[r2] or near[r2] & far[r1]:
                    union(r1, r2)
        groups = defaultdict(list)
        for p in papers:
            groups[find(p)].append(p)
    known = [g for g in groups.values() if any(_fields(G, p) for p in g)]
    unknown = [p for g in groups.values() if not any(_fields(G, p) for p in g) for p in g]
    out = sorted(known, key=lambda g: (-len(g), g[0])) or [[]]
    out[0] = sorted(out[0] + unknown)  # no field at all: no evidence either way, join the largest
    return out


def _split(G: nx.MultiDiGraph, rep: AuthorReport, min_papers: int) -> None:
    plan: dict[str, list[list[str]]] = {}
    adj = coauthor_sets(G)
    for a in _authors(G):
        d = G.nodes[a]
        if any(d.get(p) for p in ID_PROPS) or len(_papers_of(G, a)) < min_papers:
            continue
        groups = communities_of(G, a, adj=adj)
        if len(groups) > 1:
            plan[a] = groups
    for a, groups in sorted(plan.items()):
        d = G.nodes[a]
        keys = [a]
        for g in groups[1:]:
            tag = _main_field(G, g) or "unknown"
            new, i = f"{a} ({tag})", 2
            while new in G:
                new, i = f"{a} ({tag} {i})", i + 1
            G.add_node(
                new,
                key=new,
                label=m.AUTHOR,
                name=d.get("name"),
                name_variants=[],
                name_key=a,
                split_from=a,
                field=tag,
                ambiguous=True,
            )
            for p in g:
                data = dict(G.edges[a, p, m.AUTHORED])
                G.remove_edge(a, p, key=m.AUTHORED)
                G.add_edge(new, p, key=m.AUTHORED, **data)
                name = _name_on(G, p, data.get("position"))
                if name:
                    G.nodes[new]["name_variants"] = sorted({*G.nodes[new]["name_variants"], name})
            keys.append(new)
        d["ambiguous"] = True
        rep.splits[a] = keys


def _name_on(G: nx.MultiDiGraph, paper: str, pos: Any) -> str | None:
    names = G.nodes[paper].get("authors") or []
    return names[pos] if isinstance(pos, int) and 0 <= pos < len(names) else None


def disambiguate(G: nx.MultiDiGraph, *, min_papers: int = 2, split: bool = True) -> AuthorReport:
    """Merge by external ids and initials, then split unrelated same-name authors (in place).

    >>> from kg.graph import build_graph
    >>> from kg.model import PaperRecord as R
    >>> G = build_graph([
    ...     R(key="arxiv:1", title="a", authors=["Wei Wang", "Ann Lee"], primary_category="cs.CV"),
    ...     R(key="arxiv:2", title="b", authors=["Wei Wang", "Ann Lee"], primary_category="cs.CV"),
    ...     R(key="arxiv:3", title="c", authors=["Wei Wang", "Bo Li"], primary_category="astro-ph.GA"),
    ...     R(key="arxiv:5", title="e", authors=["B. Li", "Wei Wang"], primary_category="astro-ph.GA"),
    ...     R(key="arxiv:6", title="f", authors=["Wei Wang"], primary_category="stat.ML")])
    >>> rep = disambiguate(G)
    >>> rep.splits
    {'author:wei wang': ['author:wei wang', 'author:wei wang (astro-ph.GA)']}
    >>> rep.merged_initials
    [('author:b li', 'author:bo li')]
    >>> sorted(p for _, p in G.out_edges("author:wei wang (astro-ph.GA)"))
    ['arxiv:3', 'arxiv:5']
    """
    rep = AuthorReport()
    for a in _authors(G):
        G.nodes[a].setdefault("name_key", a)
    _rekey(G, rep)
    _merge_by_ids(G, rep)
    _merge_initials(G, rep)
    if split:
        _split(G, rep, min_papers)
    return rep


def _main_field(G: nx.MultiDiGraph, papers: list[str]) -> str | None:
    fields = Counter(f for p in papers if (f := _field(G, p)))
    return fields.most_common(1)[0][0] if fields else None


def _rekey(G: nx.MultiDiGraph, rep: AuthorReport) -> None:
    for a in sorted(_authors(G)):
        name = G.nodes[a].get("name")
        if not name or G.nodes[a].get("split_from"):
            continue
        k2 = f"author:{person_key(str(name))}"
        if k2 in ("author:", a):
            continue
        if k2 not in G:
            G.add_node(k2, key=k2, label=m.AUTHOR, name=name, name_variants=[], name_key=k2)
        merge_authors(G, a, k2)
        rep.rekeyed.append((a, k2))


def ambiguous_names(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Names that stand for several Author nodes, or initials that fit several full names.

    One row per name: ``name_key``, ``nodes`` (key, papers, field) or ``candidates``.
    """
    groups: dict[str, list[str]] = defaultdict(list)
    rows: list[dict[str, Any]] = []
    for a in _authors(G):
        d = G.nodes[a]
        groups[d.get("name_key") or a].append(a)
        if d.get("initial_candidates"):
            rows.append({"name_key": a, "kind": "initials", "candidates": list(d["initial_candidates"])})
    for nk, keys in groups.items():
        if len(keys) > 1:
            nodes = [
                {
                    "key": k,
                    "papers": len(_papers_of(G, k)),
                    "field": G.nodes[k].get("field") or _main_field(G, _papers_of(G, k)),
                }
                for k in sorted(keys, key=lambda k: (-len(_papers_of(G, k)), k))
            ]
            rows.append({"name_key": nk, "kind": "split", "nodes": nodes})
    return sorted(rows, key=lambda r: (r["kind"] != "split", r["name_key"]))
