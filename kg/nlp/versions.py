"""Versions and sizes written with a name: "LLaMA 3.3 70B", "YOLO v8", "COCO 2017", "YOLOv11".

Used by :mod:`kg.nlp.lexicon` (word features), :mod:`kg.nlp.linker` (a KB name glued to its version
mentions that name) and :mod:`kg.nlp.convert` (the versioned surface becomes an alias).
"""

from __future__ import annotations

import re
from functools import lru_cache

TIERS = {
    "Pro",
    "Opus",
    "Sonnet",
    "Haiku",
    "Flash",
    "Mini",
    "mini",
    "Nano",
    "Turbo",
    "Max",
    "Ultra",
    "Plus",
    "Lite",
    "Large",
    "Base",
    "Small",
    "Medium",
    "XL",
    "XXL",
    "Instruct",
    "Chat",
    "Coder",
    "Vision",
    "VL",
}
# a version or size written after a name: "LLaMA 3.3 70B", "Mind2Web 2", "YOLO v8", "COCO 2017"
VERSION = re.compile(
    r"[vV]?\d{1,2}(?:\.\d{1,2}){0,2}[a-z]?|(?:19|20)\d\d|\d+(?:\.\d+)?[BMKT]|[A-Z]\d{1,3}|DR\d{1,2}"
)
# a dotted release number after a coined plain word: "Kwame 2.0", "Atlas v1.5"
DOTTED = re.compile(r"[vV]?\d{1,2}\.\d{1,2}")
_GREEK = re.compile(r"\$\\(?:alpha|beta|gamma|delta|epsilon|sigma|lambda|mu|pi|tau|omega)\$")
_QUANTITY = {"times", "%", "x", "×", "fold", "percent", "points"}  # after a number: not a version
_is_version = lru_cache(maxsize=65536)(lambda w: w in TIERS or VERSION.fullmatch(w) is not None)


def version_end(words: list[str], end: int, limit: int = 3) -> int:
    """The end of a name ending at ``end`` extended over version, size and tier words.

    >>> version_end("LLaMA 3.3 70B Instruct is".split(), 1), version_end("BERT 1.5 times".split(), 1)
    (4, 1)
    """
    j = end
    if j + 1 < len(words) and words[j] == "-" and _GREEK.fullmatch(words[j + 1]):
        j += 2  # "PixArt-$\alpha$": a variant marked by a Greek letter
    while j < len(words) and j - end < limit and _is_version(words[j]):
        j += 1
    if j > end and j < len(words) and words[j].lower() in _QUANTITY:
        j = end
    return j


# a name glued to a version: "YOLOv11", "Qwen3", "DINOv3", "SCUBA-2"; with a hyphen the name needs two
# capitals, so "Round-2" and "Phase-3" are not "rounD" or a phase
_VERSIONED = re.compile(r"([A-Z][A-Za-z]{2,}?)(?:v|-v?)?(\d{1,2}(?:\.\d{1,2})?)")


def versioned_base(w: str) -> str | None:
    """The name part of a name glued to its version, else None.

    >>> versioned_base("YOLOv11"), versioned_base("Qwen3"), versioned_base("Round-2"), versioned_base("BERT")
    ('YOLO', 'Qwen', None, None)
    """
    m = _VERSIONED.fullmatch(w)
    if m is None:
        return None
    base = m.group(1)
    if len(base) + len(m.group(2)) < len(w) and sum(c.isupper() for c in base) < 2:
        return None
    return base
