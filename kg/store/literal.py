"""Cypher literal text of parameter values: what FalkorDB's ``CYPHER name=value …`` header holds,
and the canonical text a node row's content hash is taken from (:func:`kg.store.rows.content_hash`).

Strings are double-quoted with ``\\`` and ``"`` escaped (other characters, newlines included, go as
they are: FalkorDB's header parser takes them), map keys in backticks, NaN and ±inf as ``null``.

Examples
--------
>>> cypher_value({"key": "arxiv:1", "dates": ["2025-01-02"], "n": 2, "ok": False})
'{`key`:"arxiv:1",`dates`:["2025-01-02"],`n`:2,`ok`:false}'
"""

from __future__ import annotations

import math
from typing import Any

_KEY_TEXT: dict[Any, str] = {}  # map key -> its header text (few distinct property names)


def _key_text(key: Any) -> str:
    text = _KEY_TEXT.get(key)
    if text is None:
        text = "`" + str(key).replace("`", "") + "`:"
        if len(_KEY_TEXT) < 4096:
            _KEY_TEXT[key] = text
    return text


def cypher_value(value: Any) -> str:
    """A parameter value as FalkorDB's parameter header wants it (strings with ``\\`` and ``"``
    escaped, map keys in backticks).

    >>> cypher_value([{"key": 'a"b', "props": {"n": 1, "ok": True, "x": None, "l": ["c\\\\d"]}}])
    '[{`key`:"a\\\\"b",`props`:{`n`:1,`ok`:true,`x`:null,`l`:["c\\\\\\\\d"]}}]'
    >>> cypher_value([1.5, float("nan"), (2, "x"), ["a\\x00b", 'c"'], []])
    '[1.5,null,[2,"x"],["a\\x00b","c\\\\""],[]]'
    """
    t = type(value)
    if t is str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if t is dict:
        return _map_text(value)
    if t is list or t is tuple:
        return _list_text(value)
    if t is int:
        return str(value)
    if value is None:
        return "null"
    if t is bool:
        return "true" if value else "false"
    if t is float and (value != value or value in (math.inf, -math.inf)):
        return "null"
    if isinstance(value, str):
        return cypher_value(str(value))
    if isinstance(value, dict):
        return _map_text(value)
    if isinstance(value, (list, tuple)):
        return _list_text(value)
    return str(value)


def _map_text(value: dict[Any, Any]) -> str:
    out = []
    for k, v in value.items():
        key = _KEY_TEXT.get(k) or _key_text(k)
        t = type(v)  # strings and ints inline: most values of a batch are
        if t is str:
            out.append(key + '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"')
        elif t is int:
            out.append(key + str(v))
        else:
            out.append(key + cypher_value(v))
    return "{" + ",".join(out) + "}"


def _list_text(items: list[Any] | tuple[Any, ...]) -> str:
    kinds = set(map(type, items))
    if kinds == _STR:  # a list of strings: escaped in one go
        joined = "\x00".join(items)
        if joined.count("\x00") == len(items) - 1:
            return '["' + joined.replace("\\", "\\\\").replace('"', '\\"').replace("\x00", '","') + '"]'
    if kinds == _DICT:
        return "[" + ",".join([_map_text(v) for v in items]) + "]"
    return "[" + ",".join([cypher_value(v) for v in items]) + "]"


_STR, _DICT = {str}, {dict}
