"""Names a paper defines with an abbreviation and introduces itself: "we propose a gaze-aware image
encoder (GIE)", "AStF consists of a Style Disentanglement Module (SDM) and a High-Order Attention
(HOA)". Such a definition names a part of the paper's own contribution, not a method it uses.

Examples
--------
>>> w = "We propose X , which consists of a Style Module ( SM ) and a Fusion Block ( FB ) .".split()
>>> sorted(introduced_starts(w, lambda i: (0, len(w)), [(8, 11, 12), (15, 18, 19)]))
[8, 15]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kg.nlp.lexicon import is_propose
from kg.nlp.proposals import COMPOSE, USE

_WE = frozenset({"we", "We", "our", "Our"})
_LINK = frozenset({"and", ",", "a", "an", "the"})
WINDOW = 7  # words before a long form searched for a verb of making or composing


def introduced_here(words: Sequence[str], sent: tuple[int, int], start: int) -> bool:
    """Whether the long form starting at ``start`` (in the sentence ``sent``) names something the
    paper introduces: the authors speak in its sentence ("we", "our") and a verb of making or
    composing comes shortly before it, with no verb of use in between.

    >>> w = "We propose a gaze-aware image encoder ( GIE ) .".split()
    >>> introduced_here(w, (0, len(w)), 3)
    True
    >>> w = "We compare with the dynamic iterative PCA ( DIPCA ) .".split()
    >>> introduced_here(w, (0, len(w)), 4)
    False
    >>> w = "We follow the design of Elucidated Diffusion Models ( EDM ) .".split()
    >>> introduced_here(w, (0, len(w)), 5)
    False
    """
    a, b = sent
    if _WE.isdisjoint(words[a:b]):
        return False
    lo = max(a, start - WINDOW)
    for j in range(start - 1, lo - 1, -1):
        w = words[j]
        if w in USE:
            return False
        if w in COMPOSE or (is_propose(w) and words[j + 1] != "of"):  # not the noun: "the design of"
            return True
    return False


def introduced_starts(
    words: Sequence[str], sent_of: Callable[[int], tuple[int, int]], defs: Sequence[tuple[int, int, int]]
) -> set[int]:
    """The starts of the long forms in ``defs`` (``(long start, short start, short end)``, in text
    order) that the paper introduces; ``sent_of(i)`` is the sentence range of word ``i``. A definition
    listed right after an introduced one ("... (SM) and a Fusion Block (FB)") is introduced too.
    """
    out: set[int] = set()
    closed: set[int] = set()  # the index of the ")" after an introduced short form
    for lf_start, _, sf_end in defs:
        j = lf_start - 1
        while j >= 0 and words[j] in _LINK:
            j -= 1
        between = words[j + 1 : lf_start]
        chained = j in closed and ("and" in between or "," in between)
        if chained or introduced_here(words, sent_of(lf_start), lf_start):
            out.add(lf_start)
            if sf_end < len(words) and words[sf_end] == ")":
                closed.add(sf_end)
    return out
