"""nodes.csv and edges.csv, written the way ``csv.writer`` would (minimal quoting, ``\\n`` lines).

Each row is a lead (the node key, or source, target and relationship key) followed by the
properties; the columns are the ``first`` ones, then every other property name in the order it
is first seen. Lists and dicts are written as JSON text, ``None`` as an empty field. A graph has
only a few dozen property signatures (the tuple of keys set on a node or edge), so the layout of
a row is worked out once per signature and each row is one ``str.format`` call.

Examples
--------
>>> import io
>>> buf = io.StringIO()
>>> rows = [(("a",), {"name": 'say "hi", ok', "n": 1.5}), (("b",), {"tags": [1], "name": None})]
>>> write_table(buf, ["key", "name"], lambda: iter(rows))
>>> print(buf.getvalue(), end="")
key,name,n,tags
a,"say ""hi"", ok",1.5,
b,,,[1]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from typing import Any, TextIO

import orjson

Rows = Callable[[], Iterator[tuple[tuple[Any, ...], dict[str, Any]]]]


def _text(v: Any) -> str:
    """A value other than a string as unquoted text."""
    if v is None:
        return ""
    t = type(v)
    return orjson.dumps(v).decode() if t in (list, dict, tuple) else (repr(v) if t is float else str(v))


def _special(v: str) -> bool:
    """``v`` must be quoted: it holds a comma, a quote or a line break (four ``in`` tests are much
    faster than a regex scan, which was a fifth of the cost of writing a row)."""
    return "," in v or '"' in v or "\n" in v or "\r" in v


def _quote(v: str) -> str:
    return '"' + v.replace('"', '""') + '"' if _special(v) else v


def field(v: Any) -> str:
    """One value as a CSV field.

    >>> field('a,b'), field(None), field(2.0), field(True), field(["x"])
    ('"a,b"', '', '2.0', 'True', '"[""x""]"')
    """
    return _quote(v if type(v) is str else _text(v))


class _Layout:
    """Column positions of one signature: a format string and a getter for its values."""

    __slots__ = ("get", "tpl")

    def __init__(self, lead: int, sig: tuple[str, ...], index: dict[str, int], width: int) -> None:
        keys = [k for k in sig if k in index]
        slot = {index[k]: i for i, k in enumerate(keys)}  # a property overrides a lead column
        for pos in range(lead):
            slot.setdefault(pos, len(keys) + pos)
        # the values are passed as keys' values then the lead
        self.tpl = ",".join("{" + str(slot[p]) + "}" if p in slot else "" for p in range(width)) + "\n"
        self.get: Callable[[dict[str, Any]], Any] = itemgetter(*keys) if len(keys) > 1 else _Few(keys)


class _Few:
    """``itemgetter`` for zero or one key, returning a tuple as ``itemgetter`` does for more."""

    __slots__ = ("keys",)

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys

    def __call__(self, d: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(d[k] for k in self.keys)


def write_table(fh: TextIO, first: Sequence[str], rows: Rows, skip: frozenset[str] = frozenset()) -> None:
    """Write ``rows()`` (``(lead, properties)`` pairs; called twice) as CSV to ``fh``.

    ``first`` names the lead columns (and maybe more); properties named in ``skip`` are left out.
    """
    cols = list(first)
    index = {c: i for i, c in enumerate(cols)}
    seen: set[tuple[str, ...]] = set()
    lead = 0
    for ld, d in rows():
        lead = len(ld)
        sig = tuple(d)
        if sig not in seen:
            seen.add(sig)
            for k in sig:
                if k not in index and k not in skip:
                    index[k] = len(cols)
                    cols.append(k)
    for k in skip:
        index.pop(k, None)
    width = len(cols)
    out = fh.write
    out(",".join(field(c) for c in cols) + "\n")
    layouts: dict[tuple[str, ...], _Layout] = {}
    for ld, d in rows():
        sig = tuple(d)
        lay = layouts.get(sig)
        if lay is None:
            lay = layouts[sig] = _Layout(lead, sig, index, width)
        vals = [v if type(v) is str else _text(v) for v in (*lay.get(d), *ld)]
        if _special("".join(vals)):
            vals = [_quote(v) for v in vals]
        out(lay.tpl.format(*vals))
