"""Dataset names that need a list around them: a short acronym that the broad KB sources also use
as a name ("SLAKE", "OPV2V") counts as a dataset when it is listed next to another dataset name
("SLAKE, VQA-RAD, and PathVQA"; "OPV2V and V2V4Real datasets"). Used by :mod:`kg.nlp.convert`.

Examples
--------
>>> from kg.nlp.pipeline import make_nlp, paper_text
>>> from kg.nlp.linker import kb_index
>>> from kg.nlp.tokenizer import info
>>> doc = make_nlp()(paper_text("T", "We test on SLAKE, VQA-RAD and PathVQA."))
>>> sets = dataset_spans(doc, kb_index(None))
>>> [listed_with(info(doc).words, sp, sets) for sp in doc.spans["kg_mentions"] if sp.text == "SLAKE"]
[True]
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

from kg.nlp.tokenizer import span_text, spans_of


def dataset_spans(doc: Doc, idx: Any) -> dict[int, int]:
    """``{start: end}`` of the doc's dataset names that need no context: KB datasets named by the team's
    list or by a name-like form, and the dataset candidates of the rules."""
    out = {sp.start: sp.end for sp in spans_of(doc, "kg_candidates") if sp.label_ == "dataset"}
    for sp in spans_of(doc, "kg_mentions"):
        kind, _name, src = idx.info[sp.kb_id_]
        if kind == "dataset" and (src == "curated" or len(span_text(sp)) > 5):
            out[sp.start] = sp.end
    return out


def listed_with(words: list[str], sp: Span, sets: dict[int, int]) -> bool:
    """Whether ``sp`` sits in a list next to a dataset name of ``sets`` ("SLAKE, VQA-RAD, and PathVQA",
    "OPV2V and V2V4Real"): a member of a list of datasets."""
    j = sp.end + (sp.end < len(words) and words[sp.end] in {",", "and", "or", "&"})
    j += j < len(words) and j > sp.end and words[j] == "and"
    if j > sp.end and j in sets:
        return True
    i = sp.start - 1
    if i > 0 and words[i] == "and" and words[i - 1] == ",":
        i -= 1
    return i > 0 and words[i] in {",", "and", "or", "&"} and i in sets.values()
