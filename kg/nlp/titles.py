"""Title names, proposal windows and name runs for :mod:`kg.nlp.rules`: the coined name before a
title's colon, the words a proposal verb opens, runs of capitalised words, and the kind (method or
dataset) the words around a name suggest.

Examples
--------
>>> from kg.nlp.pipeline import make_nlp, paper_text
>>> doc = make_nlp()(paper_text("XVerse: Consistent Control", "We test XVerse."))
>>> title_proposal(doc, info(doc).sents[0][1]).text
'XVerse'
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from kg.nlp.features import F_PROPOSE, tokens_with
from kg.nlp.lexicon import (
    CAPWORD,
    COMMON_TITLE_WORDS,
    NAMING,
    SUBJECTS,
    TITLECASE_COMPOUND,
    is_contribution,
    is_dataset_word,
    name_like,
    task_head,
)
from kg.nlp.tokenizer import info
from kg.nlp.versions import DOTTED

# a title head written as one word with mark-up or a digit inside ("G$^{2}$D", "M^4olGen", "A$^2$-LLM")
_GLUED = re.compile(r"[$^_{]|[A-Za-z]\d|\d[A-Za-z]")
_TWO_LETTERS = re.compile(r"[A-Za-z].*[A-Za-z]")

_BENCH_END = re.compile(r"bench(?:mark)?$", re.I)
_CODE_WORD = re.compile(r"[A-Z][A-Za-z]?\d+|[A-Z]{2,}")


def coined(short: str) -> bool:
    """Whether an abbreviation may name a coined artifact: not a plural acronym ("globular clusters
    (GCs)", "vision foundation models (VFMs)" name classes of things)."""
    return not (short.endswith("s") and short[:-1].isupper())


def proposal_windows(doc: Doc) -> list[tuple[int, int]]:
    di = info(doc)
    W = di.words
    wins = []
    for i in tokens_with(di, F_PROPOSE):
        end = min(len(W), di.sent_range(i)[1], i + 14)
        if W[i].lower() in NAMING or any(x.lower() in SUBJECTS for x in W[max(0, i - 3) : i]):
            wins.append((i + 1, end))
        elif i > 0 and W[i].lower() == "proposed" and W[i - 1].lower() == "the":
            wins.append((i + 1, min(end, i + 2)))  # "the proposed RF-SNN architecture": the next word
    return wins


def kind_after(doc: Doc, start: int, end: int) -> str:
    """Dataset when a dataset word is near (in the same sentence); a contribution noun right after the
    name decides first ("the Blind Preference Optimization (BPO) approach" is a method)."""
    di = info(doc)
    W = di.words
    sa, sb = di.sent_range(start)
    j = end + (end < sb and W[end] == ")")
    if j < sb and is_contribution(W[j]):
        return "dataset" if is_dataset_word(W[j]) else "method"
    window = W[max(sa, start - 6) : min(sb, end + 8)]
    return "dataset" if any(is_dataset_word(w) for w in window) else "method"


def title_proposal(doc: Doc, title_end: int) -> Span | None:
    """``Name: ...`` titles: the head before the first colon when it is a coined name."""
    di = info(doc)
    W = di.words
    colon = next((i for i in range(title_end) if W[i] == ":"), None)
    if colon is None and title_end == 2 and W[1] == "." and len(W) > 2 and W[2][:1].isupper():
        # "THEval. Evaluation Framework for ...": a name, then the subtitle as a sentence of its own (an
        # all-caps head is rather the label of a series: "ALMASOP. Detection of ...")
        ok = name_like(W[0]) and not W[0].isupper() and W[0] not in COMMON_TITLE_WORDS
        return Span(doc, 0, 1, label="method") if ok else None
    if colon is None or colon == 0 or colon > 5:
        return None
    words = W[:colon]
    body = di.text[di.starts[title_end] :] if title_end < len(W) else ""
    if di.text[: di.starts[title_end - 1] + 1].isupper():
        return None
    head = di.text[: di.starts[colon]]
    if len(words) > 1 and " " not in head and _GLUED.search(head) and _TWO_LETTERS.search(head):
        return Span(doc, 0, colon, label="method")  # "G$^{2}$D: ...", "M^4olGen: ...": one word, marked up
    if len(words) == 1:
        w = words[0]
        ok = name_like(w) or (
            (TITLECASE_COMPOUND.fullmatch(w) is not None or (w[:1].isupper() and w.isalpha() and len(w) >= 4))
            and w.lower() not in COMMON_TITLE_WORDS
            and w in body
        )
    else:
        ok = (
            (
                len(words) <= 3
                and all(x[:1].isupper() or x.isdigit() or x == "." for x in words)
                and (
                    name_like(words[0])
                    or (
                        name_like(words[-1])
                        and words[0].lower() not in COMMON_TITLE_WORDS
                        and not words[0].lower().endswith("ing")
                    )
                )
            )
            or (  # "Kwame 2.0: ...": a plain word named by its release
                len(words) == 2
                and DOTTED.fullmatch(words[1]) is not None
                and words[0][:1].isupper()
                and words[0].isalpha()
                and len(words[0]) >= 4
                and words[0].lower() not in COMMON_TITLE_WORDS
                and words[0] in body
            )
        )  # "Frame In-N-Out: ...", "Mind2Web 2: ..."
    if not ok:
        return None
    tail = W[colon + 1 : min(title_end, colon + 8)]
    kind = "dataset" if any(is_dataset_word(w) for w in tail) or _BENCH_END.search(words[-1]) else "method"
    return Span(doc, 0, colon, label=kind)


def title_run(doc: Doc, i: int, b: int) -> Span | None:
    """A run of 2-5 capitalised words starting at ``i`` ("Dynamic Layout Fusion Attention")."""
    W = info(doc).words
    j = i
    while (
        j < b
        and j - i < 5
        and (CAPWORD.fullmatch(W[j]) or (j > i and (name_like(W[j]) or _CODE_WORD.fullmatch(W[j]))))
    ):
        j += 1
    if j - i < 2 or task_head(W[j - 1]):
        return None
    return doc[i:j]
