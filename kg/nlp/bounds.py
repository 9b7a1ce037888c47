"""Name boundaries of method mentions: the modifiers that belong to the name the text uses.

The KB matcher finds the core name ("diffusion models", "U-Net", "ray tracing"); the text often names
a variant with it ("3D Diffusion Models", "Conditional Normalizing Flows", "hierarchical Bayesian
inference", "Gaussian Process regressor"). :func:`extend_mentions` widens a method mention over such
modifiers, so that the entity stays linked to the KB entry and keeps the text's full form as an alias
(:func:`kg.nlp.convert.surface_forms` takes the mention text as written).

Not widened: evaluative or generic words ("robust", "standard", "pre-trained", see
:data:`kg.nlp.lexicon.NOT_MODIFIER`), derived modifiers ("LLM-based"), sentence-initial words in lower
case text, and mentions that are the long or short form of an abbreviation (the pair is kept intact).

Examples
--------
>>> from kg.nlp.pipeline import make_nlp, paper_text
>>> doc = make_nlp()(paper_text("T", "We train 3D Diffusion Models and a standard transformer."))
>>> [sp.text for sp in doc.spans["kg_mentions"]]
['3D Diffusion Models', 'transformer']
>>> modifier("hierarchical"), modifier("standard"), modifier("Multi-View"), modifier("LLM-based")
(True, False, True, False)
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span

from kg.model import match_key
from kg.nlp.features import F_DERIVED, F_VERSIONED, tokens_with
from kg.nlp.lexicon import NOT_MODIFIER, PRAISE, SETTING, derived, name_like
from kg.nlp.linker import KBIndex
from kg.nlp.tokenizer import info, key_of, span_text, spans_of

# lower-case technical adjectives: "hierarchical", "relativistic", "reweighted", "conditional"
_ADJ = re.compile(r"[a-z]{4,}(?:al|ic|ive|ar|ian)")
_DIMS = re.compile(r"\d[Dd]")
_HAS_DIMS = re.compile(r"\b\d[Dd]\b")
_COMPOUND = re.compile(r"[A-Za-z][a-z]+(?:-[A-Za-z][a-z]*)+")
_CAP = re.compile(r"[A-Z][a-z]{2,}")
# generic words that open many noun phrases but name no variant
_GENERIC = {
    "classical", "original", "popular", "recent", "modern", "previous", "prior", "pretrained", "pre-trained",
    "trained", "learned", "additional", "specific", "powerful", "advanced", "naive", "vanilla", "basic",
    "essential", "optimal", "related", "typical", "specialized", "specialised", "customized", "modified",
    "integrated", "combined", "enhanced", "improved", "associated", "corresponding", "individual",
    "internal", "external", "potential", "practical", "theoretical", "empirical", "critical",
    "central", "several", "numerical", "analytical", "physical", "chemical", "biological", "medical",
    "clinical", "personal", "social", "global", "local", "initial", "final", "natural", "normal",
    "political", "financial", "industrial", "educational", "experimental", "computational", "statistical",
    "automated", "dedicated", "extended", "fixed", "limited", "detailed", "based", "used", "called",
    "named", "shared", "distributed", "federated", "designed", "established", "generated", "selected",
    "applied", "required", "desired", "needed", "expected", "reported", "observed", "dynamic", "static",
    "generic", "fundamental", "foundational", "additive", "comparative", "alternative", "effective",
    "innovative", "sophisticated", "off-the-shelf", "state-of-the-art", "open-source", "well-known",
    "widely-used", "so-called", "existing", "representative", "mainstream", "classic", "traditional",
}  # fmt: skip
_RIGHT = {
    "regressor",
    "classifier",
    "fine-tuning",
    "finetuning",
    "sampler",
    "solver",
    "optimizer",
}
_STOP_CAPS = {
    "The",
    "A",
    "An",
    "We",
    "Our",
    "This",
    "These",
    "In",
    "On",
    "For",
    "With",
    "Using",
    "Via",
    "And",
}


@lru_cache(maxsize=65536)
def modifier(w: str) -> bool:
    """Whether ``w`` may open a method's name as a modifier (cached)."""
    low = w.lower()
    if low in NOT_MODIFIER or low in PRAISE or low in SETTING or low in _GENERIC or derived(w):
        return False
    if _DIMS.fullmatch(w):
        return True
    if "-" in w:
        return _COMPOUND.fullmatch(w) is not None
    return w.islower() and _ADJ.fullmatch(w) is not None


@lru_cache(maxsize=65536)
def _capital_modifier(w: str) -> bool:
    """A capitalised modifier of a title-case name: "Conditional", "Hierarchical", "Penalized"."""
    if _CAP.fullmatch(w) is None or w in _STOP_CAPS:
        return False
    low = w.lower()
    return modifier(low) or (
        low.endswith("ed") and low not in NOT_MODIFIER and low not in PRAISE and low not in _GENERIC
    )


@lru_cache(maxsize=65536)
def _may_widen(w: str) -> bool:
    return modifier(w) or _capital_modifier(w)


def method_keys(doc: Doc) -> set[str]:
    """Keys of the method (non-task) mentions of a linked doc, as the KB matched them (not widened)."""
    di = info(doc)
    keys = {key_of(span_text(sp)) for sp in spans_of(doc, "kg_mentions") if sp.label_ != "task"}
    return (keys - di.cache.get("method_widened", set())) | di.cache.get("method_cores", set())


def extend_mentions(doc: Doc, mentions: list[Span], idx: KBIndex) -> list[Span] | None:
    """``mentions`` with method mentions widened over their modifiers, or None when none changed."""
    di = info(doc)
    W = di.words
    n = len(W)
    if not any(
        (sp.start > 0 and _may_widen(W[sp.start - 1])) or (sp.end < n and W[sp.end] in _RIGHT)
        for sp in mentions
    ):
        return None  # the usual case: nothing to widen over
    paired: set[str] | None = None
    ends: set[int] | None = None
    out: list[Span] = []
    cores: set[str] = set()
    widened: set[str] = set()
    changed = False
    for sp in mentions:
        start, end = sp.start, sp.end
        last = W[end - 1]
        if not ((start > 0 and _may_widen(W[start - 1])) or (end < n and W[end] in _RIGHT)):
            out.append(sp)  # the usual case: nothing to widen over
            continue
        cands = idx.candidates(sp.label_)
        kind, name = cands[0][1:] if cands else ("", "")
        if paired is None:
            paired = {key_of(span_text(x)) for pair in doc._.abbreviations for x in pair}
            ends = {x.end for x in mentions}
        if (
            kind != "method"
            or (end < n and W[end] == "(")
            or key_of(span_text(sp)) in paired
            or ("-" in last and derived(last))  # "U-Net-based": a modifier (surface_forms strips it)
        ):
            out.append(sp)
            continue
        coined = sp.end - sp.start == 1 and name_like(W[sp.start])  # "U-Net", "ASR": only "3D U-Net"
        sa, sb = di.sent_range(sp.start)
        first = W[sp.start]
        capital = first[:1].isupper() and sp.start > sa
        a = sp.start
        while a > sa and sp.start - a < 2 and (a not in (ends or ()) or _DIMS.fullmatch(W[a - 1])):
            w = W[a - 1]
            if _DIMS.fullmatch(w) and _HAS_DIMS.search(name):
                break  # "2D Gaussian Splatting" is not a form of "3D Gaussian Splatting"
            ok = (
                (_DIMS.fullmatch(w) is not None)
                if coined
                else modifier(w) or (capital and _capital_modifier(w))
            )
            if not ok or (a - 1 == sa and w[:1].isupper() and not capital and not _DIMS.fullmatch(w)):
                break
            a -= 1
        b = sp.end + 1 if sp.end < sb and W[sp.end] in _RIGHT and not coined else sp.end
        if a == sp.start and b == sp.end:
            out.append(sp)
            continue
        changed = True
        cores.add(key_of(span_text(sp)))
        widened.add(key_of(span_text(doc[a:b])))
        while out and out[-1].end > a:  # "3D" (a task in the KB) is part of "3D Diffusion Models"
            out.pop()
        out.append(Span(doc, a, b, label=sp.label_))
    if changed:  # the task rules compare phrases with the method names as the KB has them
        di.cache["method_cores"] = cores
        di.cache["method_widened"] = widened
    return out if changed else None


# function words that open a few KB names ("A*", "the Pile") but no name with a derived suffix
_OPENERS = {
    "",
    "a",
    "an",
    "and",
    "the",
    "for",
    "in",
    "on",
    "as",
    "of",
    "to",
    "with",
    "is",
    "or",
    "by",
    "from",
}


def derived_phrases(doc: Doc, mentions: list[Span], idx: KBIndex) -> list[Span] | None:
    """``mentions`` plus the KB names of two or three lower-case words whose last word opens a derived
    modifier ("a metric learning-based reduction" mentions metric learning, "finite element-based
    assessments" the finite element method), or None when there are none.

    >>> from kg.nlp.pipeline import make_nlp, paper_text
    >>> doc = make_nlp()(paper_text("T", "We use a metric learning-based reduction."))
    >>> [sp.text for sp in doc.spans["kg_mentions"]]
    ['metric learning-based']
    """
    di = info(doc)
    # the linker's list (memoised); the versioned words in it are capitalised, so left out below
    cand = tokens_with(di, F_DERIVED | F_VERSIONED)
    if not cand:
        return None  # the usual case
    W, keys = di.words, di.keys
    aliases, cased, pre = idx.aliases, idx.cased, idx.prefixes
    added: list[Span] = []
    for i in cand:
        k1, k2 = keys[i - 1] if i else "", keys[i - 2] if i > 1 else ""
        if (k1 in _OPENERS or k1 not in pre) and (k2 in _OPENERS or k2 not in pre):
            continue  # the usual case: the words before open no KB name ("a", "the": no name either)
        if not W[i][:1].islower():
            continue
        starts = [a for a in (i - 2, i - 1) if a >= 0 and "".join(keys[a:i]) in pre]
        head, _, suffix = W[i].rpartition("-")
        tail = keys[i][: -len(suffix)] if suffix.isalpha() else match_key(head)  # "learning" (-based)
        for a in starts:
            if not all(W[j][:1].islower() and keys[j] for j in range(a, i)):
                continue
            acc = "".join(keys[a:i]) + tail
            if acc in aliases and acc not in cased and idx.candidates(acc)[0][1] != "task":
                if not any(sp.start <= i and a < sp.end for sp in mentions):  # not inside a mention
                    added.append(Span(doc, a, i + 1, label=acc))
                break
    return sorted([*mentions, *added], key=lambda sp: sp.start) if added else None
