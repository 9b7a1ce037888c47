"""Person names and broad fields: the comparisons author disambiguation and linking rely on.

Examples
--------
>>> person_key("Smith, John A., Jr.")
'john a smith'
>>> person_key("Ｊｏｈｎ  Ｓｍｉｔｈ"), person_key("Łukasz Kaiser"), person_key("Søren Hauberg")
('john smith', 'lukasz kaiser', 'soren hauberg')
>>> compatible("j a smith", "john alan smith"), compatible("j smith", "jane doe")
(True, False)
"""

from __future__ import annotations

import re

from kg import model as m

_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# letters that Unicode does not decompose into a base letter + accent
_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h"}
)


def person_key(name: str) -> str:
    """Normalised person name: NFKC, folded accents and case, "Last, First [, Jr.]" turned around,
    generational suffixes dropped, dots and hyphens as spaces.
    """
    name = " ".join(m.fold(name).translate(_LETTERS).split())
    parts = [p.strip() for p in name.split(",")]
    parts = [p for p in parts if p and re.sub(r"[.\s]", "", p) not in _SUFFIXES]
    name = f"{parts[1]} {parts[0]}" if len(parts) == 2 else " ".join(parts)
    words = [w for w in m.norm_person(name).split() if w not in _SUFFIXES]
    return " ".join(words)


def split_name(key: str) -> tuple[list[str], str]:
    """(given-name tokens, surname) of a normalised name.

    >>> split_name("xiwen chen")
    (['xiwen'], 'chen')
    """
    words = key.split()
    return (words[:-1], words[-1]) if words else ([], "")


def compatible(a: str, b: str) -> bool:
    """Same surname and given names that agree token by token (an initial matches a full name)."""
    ga, sa = split_name(a)
    gb, sb = split_name(b)
    if sa != sb or not ga or not gb:
        return False
    for x, y in zip(ga, gb, strict=False):
        if x != y and not ((len(x) == 1 or len(y) == 1) and x[0] == y[0]):
            return False
    return True


def more_complete(a: str, b: str) -> bool:
    """True when name ``b`` says more than the compatible name ``a``: a full given name where ``a``
    has an initial, or more given names ("adam carnall" -> "adam c carnall").

    >>> more_complete("j smith", "john smith"), more_complete("john smith", "j smith")
    (True, False)
    >>> more_complete("adam carnall", "adam c carnall"), more_complete("lu xu", "l h xu")
    (True, False)
    """
    ga, gb = split_name(a)[0], split_name(b)[0]
    if a == b or not compatible(a, b) or len(gb) < len(ga):
        return False
    if any(len(x) > 1 and len(y) == 1 for x, y in zip(ga, gb, strict=False)):
        return False  # "lu xu" is not completed by "l h xu"
    return len(gb) > len(ga) or any(len(x) == 1 < len(y) for x, y in zip(ga, gb, strict=False))


_FIELD_OF_ARCHIVE = {"stat": "cs", "eess": "cs", "cs": "cs", "econ": "q-fin"}


def field_of(category: str) -> str:
    """The broad field of an arXiv category: its archive, with cs/stat/eess read as one field.

    >>> field_of("cs.CL"), field_of("stat.ML"), field_of("astro-ph.GA"), field_of("hep-th")
    ('cs', 'cs', 'astro-ph', 'hep-th')
    """
    archive = category.split(".", 1)[0]
    return _FIELD_OF_ARCHIVE.get(archive, archive)
