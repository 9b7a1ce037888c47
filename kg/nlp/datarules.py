"""Dataset mentions that the list and candidate rules miss (used by :mod:`kg.nlp.rules`).

- a named long form's abbreviation followed by a dataset word: "the Galaxy and AGN (GA) survey", "the
  Score2Instruct (S2I) dataset" (not "a phonocardiogram (PCG) dataset": a kind of data);
- a coined single-word KB name typed as a task that the text uses as a dataset: "on the NavSim benchmark";
- named challenges and shared tasks: "the AIM 2025 RipSeg Challenge", "the TSAR-2025 Shared Task",
  "the NTIRE 2024 Challenge on Image Denoising".

Examples
--------
>>> from kg.nlp.pipeline import make_nlp, paper_text
>>> text = "We report on the AIM 2025 RipSeg Challenge. We use the Solar Flare Images (SFI) dataset."
>>> doc = make_nlp()(paper_text("T", text))
>>> [(s.text, s.label_) for s in extra_datasets(doc, set())]
[('SFI', 'dataset'), ('AIM 2025 RipSeg Challenge', 'dataset')]
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from kg.nlp.lexicon import (
    COMMON_CAPS,
    EXCLUDE,
    acronym_only,
    derived,
    is_dataset_word,
    name_like,
    task_head,
    titlecase,
)
from kg.nlp.linker import kb_index
from kg.nlp.tokenizer import info, key_of, span_text, spans_of

_YEAR = re.compile(r"(?:19|20)\d\d|[A-Z][A-Za-z]*[-']?(?:19|20)?\d\d")
_EVENT_END = {"Challenge", "Competition", "Task"}
_ORDINAL = re.compile(
    r"(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|\d+(?:st|nd|rd|th))"
)
_NAME_PART = re.compile(r"[A-Z][\w\-'.]*|\d{4}")


def _challenge(W: list[str], j: int, lo: int) -> tuple[int, int] | None:
    """The words ``(start, end)`` of a named challenge ending at ``W[j]`` ("Challenge", "Shared Task")."""
    end = j + 1
    i = j - 1 if W[j] == "Task" and j > lo and W[j - 1] == "Shared" else j
    if W[j] == "Task" and i == j:
        return None
    a = i
    while (
        a > lo
        and i - a < 5
        and _NAME_PART.fullmatch(W[a - 1])
        and W[a - 1] not in COMMON_CAPS
        and not _ORDINAL.fullmatch(W[a - 1])
    ):
        a -= 1
    if not any(_YEAR.fullmatch(w) and any(c.isdigit() for c in w) for w in W[a:i]):
        return None  # "the ARC Challenge" names a dataset the KB may know; a yearly event has its year
    if all(w.isdigit() for w in W[a:i]):
        return None  # "the 2025 Challenge": no name
    # "Challenge on Inverse Tone Mapping": the event's topic is part of its name
    if end + 1 < len(W) and W[end] == "on" and W[end + 1][:1].isupper():
        k = end + 1
        while k < len(W) and k - end <= 6 and W[k][:1].isupper() and W[k] not in COMMON_CAPS:
            k += 1
        end = k
    return a, end


def _coined_name(name: str) -> bool:
    return name_like(name) and not acronym_only(name) and not derived(name)


def extra_datasets(
    doc: Doc, known: set[str], abbreviations: list[tuple[Span, Span]] | None = None
) -> list[Span]:
    """Dataset spans (label ``dataset``) from the three patterns of the module docs (``abbreviations``:
    ``doc._.abbreviations``, when the caller has them)."""
    di = info(doc)
    W = di.words
    n = len(W)
    out: list[Span] = []

    def emit(a: int, b: int) -> None:  # every occurrence: the caller keys them
        out.append(Span(doc, a, b, label="dataset"))

    for lf, sf in doc._.abbreviations if abbreviations is None else abbreviations:
        j = sf.end
        if not (j + 1 < n and W[j] == ")" and is_dataset_word(W[j + 1])):
            continue
        t = span_text(sf)
        if (
            t not in EXCLUDE
            and key_of(t) not in known
            and not task_head(span_text(lf))
            and (titlecase(span_text(lf)) or any(name_like(w) for w in W[lf.start : lf.end]))
        ):  # "Score2Instruct (S2I) dataset", not "phonocardiogram (PCG) dataset"
            emit(sf.start, sf.end)
    mentions = spans_of(doc, "kg_mentions")
    if mentions:
        idx = kb_index(doc.user_data.get("kg_kb_path"))
        for sp in mentions:
            if sp.end >= n or not is_dataset_word(W[sp.end]):
                continue
            text = span_text(sp)
            if not text[:1].isupper() or task_head(text) or text in EXCLUDE:
                continue
            cands = idx.candidates(sp.label_)
            # a coined name ("NavSim"), not a field ("Time Series", "Multimodal") or an acronym ("VTON")
            if len(sp) == 1 and cands and all(c[1] == "task" for c in cands) and _coined_name(cands[0][2]):
                emit(sp.start, sp.end)
    if "Challenge" not in di.text and "Task" not in di.text and "Competition" not in di.text:
        return out
    for j, w in enumerate(W):
        if w in _EVENT_END and j > 0:
            got = _challenge(W, j, di.sent_range(j)[0])
            if got is not None:
                emit(*got)
    return out
