"""Streaming GraphML and GEXF writers (networkx's writers build a whole DOM: ~8x slower here).

Property types are inferred per attribute (boolean, long, double, else string); lists and dicts
are written as JSON text; characters XML 1.0 forbids are dropped. networkx, Gephi, Cytoscape
and yEd read the files. :func:`write_both` writes the two formats in one pass over the graph,
turning every value into escaped text once for both.

Examples
--------
>>> import io, networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", label="Paper", dates=["2026-01-01"], n=3)
>>> G.add_node("b", label="Author", name="<Ada & Bob>")
>>> G.add_edge("b", "a", key="AUTHORED", type="AUTHORED", position=0)
'AUTHORED'
>>> buf = io.StringIO(); write_graphml(G, buf)
>>> H = nx.read_graphml(io.StringIO(buf.getvalue()))
>>> H.nodes["b"]["name"], H.nodes["a"]["dates"], H.nodes["a"]["n"]
('<Ada & Bob>', '["2026-01-01"]', 3)
>>> buf = io.StringIO(); write_gexf(G, buf)
>>> nx.read_gexf(io.StringIO(buf.getvalue())).nodes["b"]["name"]
'<Ada & Bob>'
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable
from operator import itemgetter
from typing import Any, TextIO

import networkx as nx
import orjson

_BAD_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# anything that needs escaping or dropping; searched once over all the values of a node or edge
_SPECIAL = re.compile(r"[&<>\"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _raw(v: Any) -> str:
    t = type(v)
    if t is str:
        return v
    if t is list or t is dict or t is tuple:
        return orjson.dumps(v).decode()
    if t is bool:
        return "true" if v else "false"
    return str(v)


def _escape(t: str) -> str:
    return _replace(_BAD_XML.sub("", t))


def _replace(t: str) -> str:
    """``t`` with ``&<>"`` escaped (nothing dropped)."""
    if "&" in t:
        t = t.replace("&", "&amp;")
    if "<" in t or ">" in t:
        t = t.replace("<", "&lt;").replace(">", "&gt;")
    return t.replace('"', "&quot;") if '"' in t else t


def _text(v: Any) -> str:
    """One value as XML text (also fit for a double-quoted attribute).

    >>> _text(["a<b"]), _text(True), _text('x"\\x01y')
    ('[&quot;a&lt;b&quot;]', 'true', 'x&quot;y')
    """
    return _escape(_raw(v))


_TYPE = {bool: "boolean", int: "long", float: "double"}


def _types(items: Iterable[dict[str, Any]], skip: frozenset[str] = frozenset()) -> dict[str, str]:
    """attribute -> graphml type, over all (name, value) pairs of nodes or edges."""
    # the (keys, types) signatures first: a graph has few of them, so one set entry per element
    sigs = {(tuple(d), tuple(map(type, d.values()))) for d in items}
    pairs = {p for keys, types in sigs for p in zip(keys, types, strict=True)}
    seen: dict[str, str] = {}
    for k, cls in sorted(pairs, key=lambda p: (p[0], p[1].__name__)):
        if cls is type(None) or k in skip:
            continue
        t = _TYPE.get(cls, "string")
        prev = seen.get(k)
        if prev is None:
            seen[k] = t
        elif prev != t:
            seen[k] = "double" if {prev, t} == {"long", "double"} else "string"
    return seen


def _header_graphml(ntypes: dict[str, str], etypes: dict[str, str]) -> str:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
    ]
    out += [
        f'<key id="n{i}" for="node" attr.name="{_text(k)}" attr.type="{t}"/>\n'
        for i, (k, t) in enumerate(ntypes.items())
    ]
    out += [
        f'<key id="e{i}" for="edge" attr.name="{_text(k)}" attr.type="{t}"/>\n'
        for i, (k, t) in enumerate(etypes.items())
    ]
    out.append('<graph edgedefault="directed">\n')
    return "".join(out)


def _header_gexf(ntypes: dict[str, str], etypes: dict[str, str]) -> str:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">\n'
        '<graph defaultedgetype="directed" mode="static">\n<attributes class="node" mode="static">\n'
    ]
    out += [
        f'<attribute id="{i}" title="{_text(k)}" type="{t}"/>\n' for i, (k, t) in enumerate(ntypes.items())
    ]
    out.append('</attributes>\n<attributes class="edge" mode="static">\n')
    out += [
        f'<attribute id="{i}" title="{_text(k)}" type="{t}"/>\n' for i, (k, t) in enumerate(etypes.items())
    ]
    out.append("</attributes>\n<nodes>\n")
    return "".join(out)


_SEP = "\x1e"  # joins the values of one element; XML 1.0 forbids it, so no written value holds it
# the bytes of the control characters XML 1.0 forbids, but the separator (tab, LF and CR are allowed)
_CTRL_BUT_SEP = bytes(c for c in range(32) if c not in (9, 10, 13, ord(_SEP)))


def _allowed(t: str, ctrl: bytes) -> bool:
    """``t`` holds no character of ``ctrl`` (single bytes) and neither U+FFFE nor U+FFFF.

    Deleting bytes from the UTF-8 text is several times faster than a regex scan of a character
    class (a control byte never occurs inside a multi-byte sequence).

    >>> _allowed("a\tb é", _CTRL_BUT_SEP), _allowed("a\x01b", _CTRL_BUT_SEP), _allowed("\uffff", b"")
    (True, False, False)
    """
    if "\ufffe" in t or "\uffff" in t:
        return False
    b = t.encode("utf-8", "surrogatepass")
    return len(b.translate(None, ctrl)) == len(b)


def _texts(values: list[Any]) -> list[str]:
    """Escaped text of several values: strings (most values) pass through without a call. The
    values are joined once: when none needs escaping (the usual case) one test of the joined text is
    enough, and when only ``&<>"`` need it they are replaced over the joined text at once.

    >>> _texts(["a", 'b"<c', 1, ["x"]])
    ['a', 'b&quot;&lt;c', '1', '[&quot;x&quot;]']
    >>> _texts(["a\x1eb", "c&\x01"])
    ['ab', 'c&amp;']
    """
    raw = [v if type(v) is str else _raw(v) for v in values]
    joined = _SEP.join(raw)
    if joined.count(_SEP) == len(raw) - 1 and _allowed(joined, _CTRL_BUT_SEP):
        # no value holds the separator itself, and no character must be dropped
        if "&" in joined or "<" in joined or ">" in joined or '"' in joined:
            return _replace(joined).split(_SEP)
        return raw
    special = _SPECIAL.search
    return [t if special(t) is None else _escape(t) for t in raw]


class _Fill:
    """A format string of numbered fields taken apart once: ``_Fill(tpl)(texts) == tpl.format(*texts)``
    without parsing ``tpl`` again for each element (that parsing was a quarter of the writer's work).

    >>> _Fill("<a x='{1}'>{0}</a>")(["t", "1"])
    "<a x='1'>t</a>"
    """

    __slots__ = ("lits", "order")

    def __init__(self, tpl: str) -> None:
        parsed = list(string.Formatter().parse(tpl))
        self.order = [int(f) for _, f, _, _ in parsed if f is not None]
        self.lits = [lit for lit, _, _, _ in parsed] + ([""] if parsed[-1][1] is not None else [])

    def __call__(self, texts: list[str]) -> str:
        lits = self.lits
        out = [lits[0]]
        for i, f in enumerate(self.order):
            out.append(texts[f])
            out.append(lits[i + 1])
        return "".join(out)


class _Templates:
    """The element writers per attribute signature (the tuple of keys set on a node or edge).

    A graph has only a few dozen signatures, so each element is one fill of a template made once
    instead of one f-string per attribute.
    """

    def __init__(self, idx: dict[str, int], node: bool) -> None:
        self.idx, self.node = idx, node
        self.cache: dict[tuple[str, ...], tuple[_Fill, _Fill, Callable[[dict[str, Any]], Any]]] = {}

    def get(self, sig: tuple[str, ...]) -> tuple[_Fill, _Fill, Callable[[dict[str, Any]], Any]]:
        hit = self.cache.get(sig)
        if hit is None:
            hit = self.cache[sig] = self._make(sig)
        return hit

    def _make(self, sig: tuple[str, ...]) -> tuple[_Fill, _Fill, Callable[[dict[str, Any]], Any]]:
        keys = [k for k in sig if k in self.idx]
        first = 2 if self.node else 4  # fields before the values: id, label / gexf id, source, target, key
        slots = [str(first + i) for i in range(len(keys))]
        data = "".join(
            f'<data key="{"n" if self.node else "e"}{self.idx[k]}">{{{s}}}</data>'
            for k, s in zip(keys, slots, strict=True)
        )
        att = "".join(
            f'<attvalue for="{self.idx[k]}" value="{{{s}}}"/>' for k, s in zip(keys, slots, strict=True)
        )
        if self.node:
            gm = f'<node id="{{0}}">{data}</node>\n'
            gx = f'<node id="{{0}}" label="{{1}}"><attvalues>{att}</attvalues></node>\n'
        else:
            gm = f'<edge id="{{3}}" source="{{1}}" target="{{2}}">{data}</edge>\n'
            gx = (
                f'<edge id="{{0}}" source="{{1}}" target="{{2}}" label="{{3}}">'
                f"<attvalues>{att}</attvalues></edge>\n"
            )
        # the values in template order, as a tuple (itemgetter returns a bare value for one key)
        values = itemgetter(*keys) if len(keys) > 1 else (lambda d: tuple(d[k] for k in keys))
        return _Fill(gm), _Fill(gx), values


def write_both(
    G: nx.MultiDiGraph, graphml: TextIO | None, gexf: TextIO | None, skip: frozenset[str] = frozenset()
) -> None:
    """Write ``G`` as GraphML and/or GEXF 1.2 (either handle may be ``None``) in one pass,
    leaving out node and edge properties named in ``skip``. GEXF labels: node name or title, edge type.
    """
    nodes = G._node  # plain dicts: the view objects cost a generator step per element
    adj = G._adj
    ntypes = _types(nodes.values(), skip)
    etypes = _types((d for nbrs in adj.values() for kd in nbrs.values() for d in kd.values()), skip)
    ntpl = _Templates({k: i for i, k in enumerate(ntypes)}, node=True)
    etpl = _Templates({k: i for i, k in enumerate(etypes)}, node=False)
    gm = graphml.write if graphml else None
    gx = gexf.write if gexf else None
    if gm:
        gm(_header_graphml(ntypes, etypes))
    if gx:
        gx(_header_gexf(ntypes, etypes))
    nget = ntpl.get
    for n, d in nodes.items():
        if None in d.values():
            d = {k: v for k, v in d.items() if v is not None}
        tgm, tgx, values = nget(tuple(d))
        texts = _texts([n, d.get("name") or d.get("title") or n, *values(d)])
        if gm:
            gm(tgm(texts))
        if gx:
            gx(tgx(texts))
    if gx:
        gx("</nodes>\n<edges>\n")
    i = 0
    eget = etpl.get
    for u, nbrs in adj.items():
        for v, kd in nbrs.items():
            for key, d in kd.items():
                if None in d.values():
                    d = {k: x for k, x in d.items() if x is not None}
                tgm, tgx, values = eget(tuple(d))
                texts = _texts([i, u, v, key, *values(d)])
                if gm:
                    gm(tgm(texts))
                if gx:
                    gx(tgx(texts))
                i += 1
    if gm:
        gm("</graph>\n</graphml>\n")
    if gx:
        gx("</edges>\n</graph>\n</gexf>\n")


def write_graphml(G: nx.MultiDiGraph, fh: TextIO, skip: frozenset[str] = frozenset()) -> None:
    """Write ``G`` as GraphML to an open text file, leaving out properties named in ``skip``."""
    write_both(G, fh, None, skip)


def write_gexf(G: nx.MultiDiGraph, fh: TextIO, skip: frozenset[str] = frozenset()) -> None:
    """Write ``G`` as GEXF 1.2 (node label = name or title, edge label = type), without ``skip``."""
    write_both(G, None, fh, skip)
