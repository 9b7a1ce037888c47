"""Parts of a proposal found after the other rules (``kg_rules``): names coined on the stem of a proposed
name, and abbreviations defined for the parts that a proposed name's sentence says it incorporates.

A paper that names its method ``SpotEdit`` usually names its parts ``SpotSelector`` and ``SpotFusion``;
a benchmark ``VSI-SUPER`` comes with its training set ``VSI-590K``. Unknown names on such a stem are
proposed too, unless the words before them compare or cite ("over WonderWorld", "than X").
"G2D further incorporates a sequential modality prioritization (SMP) technique" proposes SMP, "RAFT
employs an Adaptive Purification-Aggregation strategy" the strategy, and "we present X, a two-part
benchmark: VSR (...) and VSC (...)" the two parts.

Examples
--------
>>> stem_of("SpotEdit"), stem_of("VSI-SUPER"), stem_of("ViCA-7B"), stem_of("Cambrian-S"), stem_of("BERT")
('Spot', 'VSI', 'ViCA', None, None)
>>> on_stem("SpotFusion", "Spot", "SpotEdit"), on_stem("Spotlight", "Spot", "SpotEdit")
(True, False)
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from kg.nlp.features import F_PARTS, tokens_with
from kg.nlp.lexicon import (
    PART_EMPLOYS,
    PART_HOLDS,
    PART_NOUNS,
    PART_PROPOSES,
    is_contribution,
    is_dataset_word,
    is_propose,
    name_like,
)
from kg.nlp.titles import kind_after, title_run
from kg.nlp.tokenizer import info, key_of, span_text

# "SpotEdit": a capitalised word glued to the next part; "VSI-SUPER", "ViCA-7B": an acronym-like prefix
_CAMEL = re.compile(r"([A-Z][a-z]{2,})(?=[A-Z])")
_PREFIX = re.compile(r"([A-Za-z][A-Za-z0-9]{2,})-")
_TWO_CAPS = re.compile(r"[A-Z].*[A-Z]")
# words before a name that compare with it or cite it: an existing thing, not a part
_NOT_PART = {
    "over", "than", "against", "vs", "vs.", "versus", "like", "from", "with", "on", "e.g.", "including",
    "as", "such", "unlike", "beyond", "baseline", "baselines", "outperforms", "outperforming", "surpasses",
    "beats", "to",
}  # fmt: skip
_ADVERBS = {"further", "also", "then", "additionally", "moreover", "first", "next"}


def stem_of(name: str) -> str | None:
    """The stem that a proposed one-word name lends to its parts, or ``None``."""
    if " " in name:
        return None
    m = _PREFIX.match(name)
    if m is not None:
        return m.group(1) if _TWO_CAPS.search(m.group(1)) else None
    m = _CAMEL.match(name)
    return m.group(1) if m is not None else None


def on_stem(word: str, stem: str, name: str) -> bool:
    """Whether ``word`` is another name coined on ``stem`` (not ``name`` or a prefix of it)."""
    n = len(stem)
    return (
        len(word) > n + 1
        and word.startswith(stem)
        and (word[n].isupper() or word[n].isdigit() or word[n] == "-")
        and not name.startswith(word)
        and word != name
    )


def stem_parts(doc: Doc, proposed: list[Span], cands: list[Span]) -> tuple[list[Span], list[Span]]:
    """Move the candidates coined on the stem of a proposed name into the proposed list."""
    stems = [(s, span_text(p)) for p in proposed if len(p) == 1 and (s := stem_of(span_text(p)))]
    if not stems or not cands:
        return proposed, cands
    W = info(doc).words
    keep: list[Span] = []
    moved: list[Span] = []
    for c in cands:
        t = span_text(c)
        if (
            len(c) == 1
            and any(on_stem(t, s, n) for s, n in stems)
            and not any(w.lower() in _NOT_PART for w in W[max(0, c.start - 2) : c.start])
        ):
            moved.append(c)
        else:
            keep.append(c)
    return (proposed + moved, keep) if moved else (proposed, cands)


def held_abbreviations(doc: Doc, proposed: list[Span], known: set[str], verbs: list[int]) -> list[Span]:
    """Short forms defined right after "<proposed name> (further) incorporates/introduces ...": named
    parts of the proposal ("G2D further incorporates a sequential modality prioritization (SMP) module").
    ``verbs`` holds the positions of the doc's verbs of :data:`PART_HOLDS` and :data:`PART_PROPOSES`."""
    abbreviations = doc._.abbreviations
    if not abbreviations or not proposed or not verbs:
        return []
    di = info(doc)
    W = di.words
    names = {span_text(p) for p in proposed}
    have = {key_of(n) for n in names}
    out: list[Span] = []
    for lf, sf in abbreviations:
        if not any(0 < lf.start - v <= 6 for v in verbs):
            continue  # the usual case: no verb just before the long form
        k = key_of(span_text(sf))
        if k in known or k in have or len(sf) != 1 or not sf.text[:1].isupper():
            continue
        sa = di.sent_range(lf.start)[0]
        for j in range(lf.start - 1, max(sa, lf.start - 6) - 1, -1):
            w = W[j].lower()
            if w in PART_HOLDS or w in PART_PROPOSES:
                i = j - (j - 1 >= sa and W[j - 1].lower() in _ADVERBS)
                before = di.text[di.starts[sa] : di.starts[i]].rstrip()
                if any(before.endswith(n) for n in names):
                    out.append(Span(doc, sf.start, sf.end, label=kind_after(doc, lf.start, sf.end)))
                    have.add(k)
                break
            if W[j] in {",", ";", "(", ")"} or w in {"which", "that", "and"}:
                break
    return out


def listed_parts(doc: Doc, known: set[str], after: list[int]) -> list[Span]:
    """Names listed after a colon that closes a proposal ("we present X, a two-part benchmark: VSR (...)
    and VSC (...)"; "we propose three metrics: A (AB), ..."): a name opening each item, or the item's
    defined short form. ``after`` holds the positions right after the part nouns of the doc."""
    di = info(doc)
    W = di.words
    title_end = di.sents[0][1] if di.sents else 0
    shorts = {sf.start: sf for _lf, sf in doc._.abbreviations if len(sf) == 1}
    out: list[Span] = []
    for c in after:  # the words right after a part noun
        if c <= title_end + 2 or c >= len(W) or W[c] not in {":", "-", "–"}:
            continue
        sa, sb = di.sent_range(c)
        verb = [
            j for j in range(sa, c) if is_propose(W[j]) and "we" in {w.lower() for w in W[max(sa, j - 3) : j]}
        ]
        if not verb:
            continue
        kind = "dataset" if is_dataset_word(W[c - 1]) else "method"
        j = c + 1
        while j < sb:
            w = W[j]
            if (
                (name_like(w) or (w.isupper() and len(w) > 1))
                and W[j + 1 : j + 2] == ["("]
                and j + 2 not in shorts  # "VSR (long-horizon ...)" defines VSR, even a known one
            ):
                out.append(Span(doc, j, j + 1, label=kind))  # "VSR (long-horizon visual spatial recall)"
            elif j in shorts and key_of(w) not in known and W[j - 1 : j] == ["("]:
                out.append(Span(doc, j, j + 1, label=kind))  # "average number of ... (ANQA)"
            j += 1
    return out


def employed_parts(doc: Doc, proposed: list[Span], known: set[str], verbs: list[int]) -> list[Span]:
    """A capitalised, unknown name of a part that a proposed thing employs: "RAFT employs an Adaptive
    Purification-Aggregation strategy" (the run, then a contribution noun). ``verbs`` holds the
    positions of the doc's verbs of :data:`PART_EMPLOYS`."""
    di = info(doc)
    W = di.words
    if not proposed:
        return []
    names = {span_text(p) for p in proposed}
    out: list[Span] = []
    for j in verbs:
        sa, sb = di.sent_range(j)
        if j == sa or j + 3 >= sb or W[j + 1].lower() not in {"a", "an"}:
            continue
        if not any(di.text[di.starts[sa] : di.starts[j]].rstrip().endswith(n) for n in names):
            continue
        a = j + 2 + (W[j + 2].lower() in {"novel", "new"})
        run = title_run(doc, a, sb)
        if (
            run is not None
            and run.end < sb
            and is_contribution(W[run.end])
            and key_of(span_text(run)) not in known
        ):
            out.append(Span(doc, run.start, run.end, label=kind_after(doc, run.start, run.end)))
    return out


def proposal_parts(doc: Doc, proposed: list[Span], known: set[str]) -> list[Span]:
    """The parts of the proposals that :func:`held_abbreviations`, :func:`listed_parts` and
    :func:`employed_parts` find (each run only when its cue words occur in the doc).

    >>> from kg.nlp.pipeline import make_nlp, paper_text
    >>> doc = make_nlp()(paper_text("T", "We present XB, a benchmark: VSR (a recall) and VSC (a count)."))
    >>> [sp.text for sp in doc.spans["kg_proposed"]]
    ['XB', 'VSR', 'VSC']
    """
    pos = tokens_with(info(doc), F_PARTS)
    if not pos:
        return []  # the usual case
    W = info(doc).words
    out: list[Span] = []
    if proposed:
        out += held_abbreviations(
            doc, proposed, known, [i for i in pos if W[i] in PART_HOLDS or W[i] in PART_PROPOSES]
        )
        out += employed_parts(doc, proposed, known, [i for i in pos if W[i] in PART_EMPLOYS])
    after = [i + 1 for i in pos if W[i].lower() in PART_NOUNS]
    return out + listed_parts(doc, known, after) if after else out
