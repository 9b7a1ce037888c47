"""Names listed in evaluation and comparison sentences ("on X, Y and Z", "such as A and B").

Used by the ``kg_rules`` component (:mod:`kg.nlp.rules`): :func:`dataset_lists` reads the names
after "on/across/including" in sentences about evaluation data, :func:`method_lists` the names
after "such as/than/against" in comparison sentences.

Examples
--------
>>> from kg.nlp.pipeline import make_nlp, paper_text
>>> doc = make_nlp()(paper_text("T", "We evaluate on the Foo-10k, BarSet and Quux benchmarks."))
>>> [sp.text for sp in dataset_lists(doc, set())]
['Foo-10k', 'BarSet', 'Quux']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from spacy.tokens import Doc, Span

from kg.nlp.features import F_EVAL, F_LIST, F_MCUE, F_MTRIG, tokens_with
from kg.nlp.lexicon import COMMON_CAPS, EXCLUDE, MODEL_NAME, acronym_only, is_dataset_word, name_like
from kg.nlp.tokenizer import info, key_of, span_text
from kg.nlp.versions import version_end

_CAP_NAME = re.compile(r"[A-Z][\w\-.]*")


def dataset_context(words: list[str], end: int) -> bool:
    """Whether the words from ``end`` say that the name before them is a dataset ("X benchmark")."""
    nxt = words[end : end + 3]
    return any(is_dataset_word(w) for w in nxt[:2]) or (
        len(nxt) > 1
        and nxt[0] == ","
        and nxt[1].lower() in {"a", "an", "the"}
        and any(is_dataset_word(w) for w in words[end + 2 : end + 8])
    )


def _list_items(doc: Doc, i: int, end: int) -> list[Span]:
    """Items of a coordinated list of names starting at token ``i`` ("X, Y (split), and Z")."""
    items: list[Span] = []
    W = info(doc).words
    while i < end:
        while i < end and W[i].lower() in {"the", "both", "and", "or", "public", "standard", "popular", "-"}:
            i += 1
        j = i
        while (
            j < end
            and j - i < 4
            and (name_like(W[j]) or _CAP_NAME.fullmatch(W[j]))
            and W[j] not in COMMON_CAPS
        ):
            j += 1
        if j == i:
            break
        j = min(end, version_end(W, j, 2))  # "HAPS 2.0", "COCO 2017"
        items.append(doc[i:j])
        i = j
        if i < end and W[i] == "(":
            depth = 0
            while i < end:
                depth += {"(": 1, ")": -1}.get(W[i], 0)
                i += 1
                if depth == 0:
                    break
        if i < end and W[i] in {",", "and", "or", "--", "&", "/", ";"}:
            i += 1
            if i < end and W[i] == "and":
                i += 1
            continue
        break
    return items


def _cued_triggers(di: Any, cue: int, trigger: int) -> Iterator[tuple[int, int, int]]:
    """(sentence start, sentence end, trigger token) for each ``trigger`` token in a sentence that
    holds a ``cue`` token (the title, sentence 0, left out)."""
    cued = {di.sent_of[i] for i in tokens_with(di, cue)}
    triggers = tokens_with(di, trigger)
    for s in sorted(cued - {0}):
        sa, sb = di.sents[s]
        for ti in triggers:
            if sa <= ti < sb - 1:
                yield sa, sb, ti


def dataset_lists(doc: Doc, known: set[str]) -> list[Span]:
    """Names listed after "on/across/including/(" in sentences about evaluation data."""
    out: list[Span] = []
    di = info(doc)
    W = di.words
    for sa, sb, ti in _cued_triggers(di, F_EVAL, F_LIST):
        low = W[ti].lower()
        if low not in {"on", "across"} and not any(is_dataset_word(x) for x in W[max(sa, ti - 3) : ti]):
            continue
        items = _list_items(doc, ti + 1, sb)
        if items and items[-1].end < sb and W[items[-1].end].lower().rstrip("s") in {"metric", "score"}:
            continue  # "on SIM, CC and NSS metrics"
        # an acronym among other names is one of them ("PC-GITA, EasyCall, and SSNCE")
        mixed = len(items) >= 2 and not all(acronym_only(span_text(x)) for x in items)
        # "the MPII and LSP datasets": a dataset word after the list names its items
        named = items and items[-1].end < sb and is_dataset_word(W[items[-1].end])
        # "on KITTI, NBA and Waymo": a short acronym listed with datasets the KB knows is one too
        with_known = mixed and any(key_of(span_text(x)) in known for x in items)
        for it in items:
            t = span_text(it)
            if len(it) == 1 and not name_like(t) and (it.start == sa or len(t) < 4):
                continue
            if t.endswith(("-based", "-aligned", "-like", "-driven", "-style", "-guided")):
                continue
            if key_of(t) in known or t in EXCLUDE or MODEL_NAME.search(t):
                continue
            if (
                acronym_only(t)
                and not (is_dataset_word(W[ti - 1]) or named)
                and not (mixed and len(t) >= 4)
                and not (with_known and len(t) >= 3)
            ):
                continue
            out.append(Span(doc, it.start, it.end, label="dataset"))
    return out


_PLURAL_CUES = {
    "baselines", "methods", "models", "approaches", "techniques", "algorithms", "architectures", "backbones",
    "planners", "solvers", "optimizers", "detectors", "trackers", "frameworks", "systems", "tools", "LLMs",
    "VLMs", "MLLMs", "libraries", "encoders", "agents",
}  # fmt: skip
_COMPARED = {"compared", "comparing", "comparison", "outperforms", "outperforming", "outperform", "surpasses"}


def _direct_cue(W: list[str], sa: int, ti: int) -> bool:
    """Whether the trigger at ``ti`` follows a cue that says what the list holds: "baselines such as",
    "methods including/like/(", "compared with/against/to"."""
    t = W[ti].lower()
    if t == "as" and ti - 2 >= sa and W[ti - 1].lower() == "such":
        k = ti - 2 - (W[ti - 2] == "," and ti - 3 >= sa)  # "approaches, such as"
        return W[k] in _PLURAL_CUES
    if t in {"including", "like", "e.g.", "("} and ti - 1 >= sa:
        k = ti - 1 - (W[ti - 1] == "," and t != "(" and ti - 2 >= sa)  # "methods, including"
        return W[k] in _PLURAL_CUES  # "three VQA models (M2I2, MUMC, and BiomedGPT)"
    if t in {"against", "to", "with", "over"} and ti - 1 >= sa:
        return W[ti - 1].lower() in _COMPARED
    return False


def method_lists(doc: Doc, known: set[str]) -> list[Span]:
    """Names (acronyms included) listed after "such as/including/than/against" in comparison sentences."""
    out: list[Span] = []
    di = info(doc)
    W = di.words
    long_forms: dict[int, Span] | None = None
    for sa, sb, ti in _cued_triggers(di, F_MCUE, F_MTRIG):
        # "baselines such as X and Y", "methods including X", "compared with X": the cue names the list
        direct = _direct_cue(W, sa, ti)
        if W[ti] == "with" and not direct:
            continue  # "with" lists methods only after "compared"
        items = _list_items(doc, ti + 1, sb)
        if items:  # "such as the Sparse Identification of Non-Linear Dynamics (SINDy)": the whole long form
            if long_forms is None:
                long_forms = {lf.start: lf for lf, _sf in doc._.abbreviations}
            items = [long_forms.get(it.start, it) for it in items]
        if not items or (
            not direct and (len(items) < 2 or not any(key_of(span_text(it)) in known for it in items))
        ):
            continue  # else a list of methods holds at least one method the KB knows
        # "methods, including SmoothQuant, OmniQuant, and Atom": a plain word among names is one of them
        named = (
            direct
            and len(items) >= 3
            and sum(1 for it in items if key_of(span_text(it)) in known or name_like(span_text(it)))
            >= len(items) - 1
        )
        for it in items:
            k = key_of(span_text(it))
            if k in known or span_text(it) in EXCLUDE or dataset_context(W, it.end):
                continue
            t = span_text(it)
            if (
                len(it) > 1
                or name_like(t)
                or acronym_only(t)
                or (direct and "-" in t)
                or (named and len(t) > 2)
            ):
                # not a plain capitalised word ("compared with Figure"); "Diff-Instruct" after a cue
                out.append(Span(doc, it.start, it.end, label="method"))
    return out
