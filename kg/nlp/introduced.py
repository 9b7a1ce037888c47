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

from collections.abc import Callable, Iterator, Sequence

from spacy.tokens import Doc, Span

from kg.nlp.lexicon import is_propose
from kg.nlp.proposals import COMPOSE, USE
from kg.nlp.tokenizer import info, key_of, span_text

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


# capitalised head nouns that name a part of a system ("Error Identifier", "Expert Router")
COMPONENT_HEADS = frozenset(
    {"Module", "Block", "Router", "Identifier", "Encoder", "Decoder", "Extractor", "Selector", "Adapter"}
)


def component_names(
    doc: Doc, known: set[str], run_at: Callable[[Doc, int, int], Span | None]
) -> Iterator[Span]:
    """Capitalised runs ending in a component noun after the title ("a lightweight Error Identifier
    detects errors"): in a paper that proposes something, the named parts of its system. ``run_at``
    finds the capitalised run starting at a word (:func:`kg.nlp.titles.title_run`).

    >>> from kg.nlp.pipeline import make_nlp, paper_text
    >>> from kg.nlp.titles import title_run
    >>> doc = make_nlp()(paper_text("T", "First, a lightweight Error Identifier detects errors."))
    >>> [sp.text for sp in component_names(doc, set(), title_run)]
    ['Error Identifier']
    """
    di = info(doc)
    W = di.words
    title_end = di.sents[0][1] if di.sents else 0
    for j in range(title_end + 1, len(W)):
        if W[j] not in COMPONENT_HEADS or (j + 1 < len(W) and W[j + 1][:1].isupper()):
            continue  # the head must end the name: not "Bidirectional Encoder Representations"
        a, _ = di.sent_range(j)
        i = j
        while i - 1 > a and j - i < 4 and W[i - 1][:1].isupper() and W[i - 1].replace("-", "").isalpha():
            i -= 1
        run = run_at(doc, i, j + 1) if i < j else None
        if run is None or run.end != j + 1 or key_of(span_text(run)) in known:
            continue
        # one defined with an abbreviation is left to introduced_starts: its short form would link
        # every other paper's use of that acronym ("PDE") to this part
        if W[j + 1 : j + 2] != ["("]:
            yield run
