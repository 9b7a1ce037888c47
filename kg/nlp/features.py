"""Word features: one bit set per word for the word-level tests the components scan whole docs for.

A doc's features are computed once (:func:`doc_features`, cached on its ``DocInfo``) and the
components ask for the tokens with some bits (:func:`tokens_with`) instead of testing every word.

Examples
--------
>>> word_features("framework") & F_CONTRIB != 0, word_features("propose") & F_PROPOSE != 0
(True, True)
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import compress

from kg.nlp.lexicon import (
    APPOSITION,
    CONTRIBUTION,
    DERIVED_END,
    EVAL_CUE,
    LIST_TRIGGERS,
    METHOD_CUE,
    METHOD_TRIGGERS,
    NAMING,
    NOVEL,
    PART_EMPLOYS,
    PART_HOLDS,
    PART_NOUNS,
    PART_PROPOSES,
    PROPOSE,
    SET_COMPOUND,
    TASK_HEADS,
    acronym_only,
    chemical,
    name_like,
)
from kg.nlp.tokenizer import DocInfo
from kg.nlp.versions import versioned_base

# bits of :func:`word_features`: the word-level tests the components scan whole docs for
F_PROPOSE = 1  # is_propose_or_naming
F_CONTRIB = 2  # is_contribution
F_NOVEL = 4  # in NOVEL
F_APPOS = 8  # in APPOSITION
F_CAND = 16  # name_candidate
F_EVAL = 32  # is_eval_cue
F_LIST = 64  # lower case in LIST_TRIGGERS
F_MCUE = 128  # METHOD_CUE
F_MTRIG = 256  # lower case in METHOD_TRIGGERS
F_TASK = 512  # is_task_head
F_PENDING = 1024  # pending_candidate
F_DERIVED = 2048  # derived: "LLM-based", "OFDM-Guided"
F_VERSIONED = 4096  # versioned: "YOLOv11", "Qwen3", "SAM-2" (a name glued to its version)
F_PARTS = 8192  # lower case in PART_CUES

# words that name the parts of a proposal or say that a proposal holds them (kg.nlp.families)
PART_CUES = PART_HOLDS | PART_PROPOSES | PART_EMPLOYS | PART_NOUNS


def _features(w: str) -> int:
    low = w.lower()
    f = (
        (F_PROPOSE if low in NAMING or PROPOSE.match(w) else 0)
        | (F_CONTRIB if low.rstrip("s") in CONTRIBUTION else 0)
        | (F_NOVEL if w in NOVEL else 0)
        | (F_APPOS if w in APPOSITION else 0)
        | (F_EVAL if EVAL_CUE.match(w) else 0)
        | (F_LIST if low in LIST_TRIGGERS else 0)
        | (F_MCUE if METHOD_CUE.match(w) else 0)
        | (F_MTRIG if low in METHOD_TRIGGERS else 0)
        | (F_TASK if low in TASK_HEADS or low.split("-")[-1] in TASK_HEADS else 0)
        | (F_PARTS if low in PART_CUES else 0)
    )
    if w.isascii() and w.isalpha() and (w.islower() or w[1:].islower()):
        return f  # plain lower-case or capitalised words are never names (name_like is False)
    if "-" in w and DERIVED_END.search(w):
        f |= F_DERIVED
    elif w[:1].isupper() and w[-1:].isdigit() and versioned_base(w) and ("v" in w or not chemical(w)):
        f |= F_VERSIONED
    named = name_like(w)
    acronym = acronym_only(w)
    if (named and not acronym and not chemical(w)) or ("-" in w and SET_COMPOUND.fullmatch(w)):
        f |= F_CAND
    if len(w) > 2 and (acronym or named):
        f |= F_PENDING
    return f


class _FeatureCache(dict[str, int]):
    def __missing__(self, word: str) -> int:
        if len(self) > 1_000_000:
            self.clear()
        got = self[word] = _features(word)
        return got


_FEATURES = _FeatureCache()


def word_features(w: str) -> int:
    """Bit set of the word-level tests ``w`` passes (``F_*`` constants), memoised.

    >>> word_features("framework") & F_CONTRIB != 0, word_features("the")
    (True, 0)
    """
    return _FEATURES[w]


def doc_features(di: DocInfo) -> tuple[list[int], list[int]]:
    """``(features of every token, indices of the tokens with any feature)`` of a doc, cached."""
    got = di.cache.get("features")
    if got is None:
        feats = list(map(_FEATURES.__getitem__, di.words))
        got = di.cache["features"] = (feats, list(compress(range(len(feats)), feats)))
    return got


def tokens_with(di: DocInfo, mask: int, lo: int = 0, hi: int | None = None) -> list[int]:
    """Indices ``lo <= i < hi`` of the tokens of ``di`` with some feature of ``mask``, in order."""
    feats, nz = di.cache.get("features") or doc_features(di)
    if lo > 0 or hi is not None:
        nz = nz[bisect_left(nz, lo) : len(nz) if hi is None else bisect_left(nz, hi)]
        return [i for i in nz if feats[i] & mask]
    memo = di.cache.get("tokens_with")
    if memo is None:
        memo = di.cache["tokens_with"] = {}
    got = memo.get(mask)
    if got is None:  # whole-doc lists are asked for by several components: computed once
        got = memo[mask] = [i for i in nz if feats[i] & mask]
    return got
