"""Helpers of :mod:`kg.nlp.rules` for proposed names: quoted names, names glued to a prefix, long forms
that end in a parenthesised name, names right after "a new dataset", named parts of a proposal.

Examples
--------
>>> from kg.nlp.pipeline import make_nlp, paper_text
>>> doc = make_nlp()(paper_text("On paradigms", 'We introduce "Thinking with Video", a new paradigm.'))
>>> [s.text for s in doc.spans["kg_proposed"]]
['Thinking with Video']
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc, Span

from kg.nlp.features import F_CONTRIB, tokens_with
from kg.nlp.lexicon import (
    CAPWORD,
    COMMON_CAPS,
    NAMING,
    TITLECASE_COMPOUND,
    is_contribution,
    is_dataset_word,
    is_propose,
    name_like,
)
from kg.nlp.tokenizer import info, key_of, span_text

_DIGIT = re.compile(r"\d")
QUOTES = {'"': '"', "“": "”", "``": "''", "'": "'"}
# verbs saying that a thing is used, not introduced: "we propose X that leverages Y (Y)"
USE = {
    "leverage", "leverages", "leveraging", "use", "uses", "using", "utilize", "utilizes", "utilizing",
    "utilise", "utilises", "utilising", "employ", "employs", "employing", "adopt", "adopts", "adopting",
    "exploit", "exploits", "exploiting", "via", "upon",
}  # fmt: skip
NEW = {"new", "newly", "novel", "our", "own"}
PARTS = {"components", "component", "modules", "namely"}  # words naming the parts of a proposal
COMPOSE = {"incorporates", "integrates", "comprises", "consists", "features", "combines", "contains"}


def quoted_name(doc: Doc, i: int, b: int) -> Span | None:
    """A quoted title-case name starting at ``i`` (before ``b``): 'we introduce "Thinking with Video"'."""
    W = info(doc).words
    close = QUOTES.get(W[i]) if i < b else None
    if close is None or i + 1 >= b or not W[i + 1][:1].isupper():
        return None
    for j in range(i + 2, min(b, i + 8)):
        if W[j] == close:
            return Span(doc, i + 1, j) if W[j - 1][:1].isupper() or j - i == 2 else None
        if W[j] in {",", ".", ";", ":", "(", ")"}:
            return None
    return None


def glued_start(doc: Doc, start: int) -> int:
    """The start of a name extended over word tokens glued to it without a space ("A" of "A$^2$-LLM")."""
    di = info(doc)
    W, S = di.words, di.starts
    while start > 0 and S[start - 1] + len(W[start - 1]) == S[start] and W[start - 1].isalnum():
        start -= 1
    return start


def cap_start(doc: Doc, start: int, lo: int) -> int:
    """The start of a name extended left over up to 3 capitalised words ("Interaction" of
    "(1) Interaction Codebook: a VQVAE model"), not before ``lo``."""
    W = info(doc).words
    a = start
    while (
        a - 1 >= lo
        and start - a < 3
        and CAPWORD.fullmatch(W[a - 1])
        and W[a - 1] not in COMMON_CAPS
        and not is_propose(W[a - 1])
    ):
        a -= 1
    return a


def verb_before(words: list[str], i: int) -> bool:
    """Whether a proposal or naming verb comes right before position ``i`` (an article between)."""
    j = i - 1 - (i > 1 and words[i - 1].lower() in {"the", "a", "an"})
    return j >= 0 and (is_propose(words[j]) or words[j].lower() in NAMING)


def coined_here(doc: Doc, lf: Span, end: int) -> bool:
    """Whether a short form ending at ``end`` (``)`` next) names the proposal: its long form is not
    all lower case, or a contribution noun follows ("bi-level feature selection (BLFS) method"), unlike
    "we present infrared (IR) luminosity functions"."""
    W = info(doc).words
    j = end + (end < len(W) and W[end] == ")")
    return not span_text(lf).islower() or (j < len(W) and is_contribution(W[j]))


def used_before(words: list[str], i: int, lo: int) -> bool:
    """Whether a use verb comes just before position ``i`` ("leveraging the InPars Toolkit, a ...")."""
    return any(w.lower() in USE for w in words[max(lo, i - 3) : i])


def paren_name_after(doc: Doc, end: int, b: int) -> bool:
    """Whether a run ending at ``end`` goes on, in lower-case words, to a parenthesised name
    ("the Finite Expression Method for learning Hamiltonian Systems (H-FEX)")."""
    W = info(doc).words
    for j in range(end, min(b, end + 8)):
        if W[j] == "(":
            return j > end and j + 2 < len(W) and W[j + 2] == ")" and name_like(W[j + 1])
        if W[j] in {",", ".", ";", ":", ")"}:
            return False
    return False


def new_datasets(doc: Doc, known: set[str], title_end: int) -> list[Span]:
    """Names right after a dataset word that "new" qualifies: "a newly captured dataset Boat360"."""
    di = info(doc)
    W = di.words
    out: list[Span] = []
    if _SET_WORDS.isdisjoint(W) and "suite" not in W:  # the dataset words that are contributions
        return out
    for i in tokens_with(di, F_CONTRIB, title_end + 2, len(W) - 1):
        if not is_dataset_word(W[i]) or W[i].endswith("s"):
            continue
        w = W[i + 1]  # "Boat360" looks like a unit and "Pinv-Recon" like a title-case compound elsewhere
        if not (w[:1].isupper() and len(w) > 2 and w not in COMMON_CAPS and key_of(w) not in known):
            continue
        if is_dataset_word(w) or not (name_like(w) or _DIGIT.search(w) or TITLECASE_COMPOUND.fullmatch(w)):
            continue
        if any(x.lower() in NEW for x in W[max(di.sent_range(i)[0], i - 4) : i]):
            out.append(Span(doc, i + 1, i + 2, label="dataset"))
    return out


def title_paren_name(doc: Doc, title_end: int) -> Span | None:
    """A title that ends with a parenthesised coined name: "... for MR Image Reconstruction (Pinv-Recon)"."""
    W = info(doc).words
    e = title_end - (title_end > 0 and W[title_end - 1] == ".")
    if (
        e >= 4
        and W[e - 1] == ")"
        and W[e - 3] == "("
        and (name_like(W[e - 2]) or TITLECASE_COMPOUND.fullmatch(W[e - 2]))
    ):
        return Span(doc, e - 2, e - 1, label="method")
    return None


def parts_of_proposals(doc: Doc, proposed: dict[str, Span], add: Any, known: set[str], run_at: Any) -> None:
    """Named parts of a proposal: "Sparse-RL incorporates Sparsity-Aware Rejection Sampling and ..."
    (capitalised runs, found by ``run_at(doc, i, b)``, after a composition verb whose subject is a
    proposed name)."""
    di = info(doc)
    W = di.words
    if not proposed or COMPOSE.isdisjoint(W):
        return
    title_end = di.sents[0][1] if di.sents else 0
    names = set(proposed)
    for j in [k for k, w in enumerate(W) if w in COMPOSE]:
        if title_end < j < len(W) - 1 and di.keys[j - 1] in names:
            b = di.sent_range(j)[1]
            i = _skip_lead(W, j + 1 + (W[j + 1].lower() == "of"), b)  # "two key modules: a"
            while i < b:
                run = run_at(doc, i, b)
                if run is None or key_of(span_text(run)) in known:
                    break
                add(Span(doc, run.start, run.end, label="method"))
                i = run.end
                if i < b and W[i] not in {",", "and", ";"}:  # "a Virtual Graph that ..., and an ..."
                    i = next(
                        (k for k in range(i, min(b, i + 25)) if W[k] == ";" or W[k : k + 2] == [",", "and"]),
                        b,
                    )
                if i < b and W[i] in {",", "and", ";"}:
                    i = _skip_lead(W, i + 1 + (i + 1 < b and W[i + 1] == "and"), b)
                else:
                    break


# words before the first named part: "consists of two key modules: a Virtual Graph ..."
_LEAD = {
    "a", "an", "the", "two", "three", "four", "2", "3", "4",
    "key", "main", "core", "major", "novel", ":", "parts",
}  # fmt: skip


def _skip_lead(words: list[str], i: int, end: int) -> int:
    """The first word from ``i`` past articles, counts and part nouns: "two key modules: a" -> the name."""
    while i < end and (words[i].lower() in _LEAD or words[i].lower() in PARTS):
        i += 1
    return i


_BENCH_END = re.compile(r"[Bb]ench(?:mark)?$")
_SET_WORDS = {"dataset", "corpus", "benchmark", "database", "treebank"}
# language and nationality adjectives ("the English corpus") and split names are not dataset names
_NOT_SET_NAME = re.compile(r".*(?:ish|ese|ian|ean|man|ch|ic)$|Test|Training|Validation|Public|Private|Full")


def fix_kinds(doc: Doc, proposed: dict[str, Span]) -> dict[str, Span]:
    """Proposed methods that are datasets after all: a name ending in "Bench" ("AbBiBench (Antibody
    Binding Benchmarking)"), or a title name the abstract calls a dataset ("a novel benchmark, X")."""
    di = info(doc)
    W = di.words
    if not proposed:
        return proposed
    called = (
        set()
        if _SET_WORDS.isdisjoint(W)
        else {
            di.keys[i + 2]
            for i in tokens_with(di, F_CONTRIB, 0, len(W) - 2)
            if W[i + 1] == "," and W[i] in _SET_WORDS and any(x.lower() in NEW for x in W[max(0, i - 4) : i])
        }
    )
    out = {}
    for k, sp in proposed.items():
        if sp.label_ == "method" and (k in called or _BENCH_END.search(W[sp.end - 1])):
            sp = Span(doc, sp.start, sp.end, label="dataset")
        out[k] = sp
    return out


def capword_datasets(doc: Doc, known: set[str], title_end: int) -> list[Span]:
    """A title-case word between "the" and a dataset word: "the Assistments dataset"."""
    di = info(doc)
    W = di.words
    out: list[Span] = []
    if _SET_WORDS.isdisjoint(W):
        return out
    for i in tokens_with(di, F_CONTRIB, title_end + 2, len(W)):
        if W[i] not in _SET_WORDS or W[i - 2].lower() != "the":
            continue
        w = W[i - 1]
        if (
            CAPWORD.fullmatch(w)
            and w[1:].islower()  # a title-case word: acronyms have rules of their own
            and len(w) > 3
            and w not in COMMON_CAPS
            and not _NOT_SET_NAME.fullmatch(w)
            and key_of(w) not in known
            and not is_dataset_word(w)
        ):
            out.append(Span(doc, i - 1, i, label="dataset"))
    return out
