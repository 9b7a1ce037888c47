"""Pattern rules (``kg_rules`` component): proposed names, dataset mentions, name-like candidates, tasks.

Writes ``doc.spans["kg_proposed"]`` (label method/dataset), ``doc.spans["kg_candidates"]`` (label
method/dataset: name-like tokens the KB does not know) and ``doc.spans["kg_tasks"]`` (task phrases).
The first sentence of the doc is the title (see :func:`kg.nlp.pipeline.paper_text`).

Examples
--------
>>> from kg.nlp.pipeline import make_nlp, paper_text
>>> doc = make_nlp()(paper_text("XVerse: Consistent Control", "We test XVerse on the FooBench-2 benchmark."))
>>> [s.text for s in doc.spans["kg_proposed"]], [s.text for s in doc.spans["kg_candidates"]]
(['XVerse'], ['FooBench-2'])
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.model import match_key
from kg.nlp.lexicon import (
    APPOSITION,
    CAPWORD,
    COMMON_CAPS,
    COMMON_TITLE_WORDS,
    CONTRIBUTION,
    DATASET_NAME,
    EMPH,
    EXCLUDE,
    LIST_TRIGGERS,
    MODEL_NAME,
    NAMING,
    NOVEL,
    STOP_WINDOW,
    SUBJECTS,
    TIERS,
    TITLECASE_COMPOUND,
    acronym_only,
    is_contribution,
    is_dataset_word,
    is_eval_cue,
    is_name,
    is_propose,
    is_propose_or_naming,
    name_candidate,
    name_like,
    task_head,
    titlecase,
)
from kg.nlp.tokenizer import info, key_of


def _dataset_context(words: list[str], end: int) -> bool:
    nxt = words[end : end + 3]
    return any(is_dataset_word(w) for w in nxt[:2]) or (
        len(nxt) > 1
        and nxt[0] == ","
        and nxt[1].lower() in {"a", "an", "the"}
        and any(is_dataset_word(w) for w in words[end + 2 : end + 8])
    )


def _proposal_windows(doc: Doc) -> list[tuple[int, int]]:
    di = info(doc)
    W = di.words
    wins = []
    hits = [i for i, w in enumerate(map(is_propose_or_naming, W)) if w]
    for i in hits:
        if W[i].lower() in NAMING or any(x.lower() in SUBJECTS for x in W[max(0, i - 3) : i]):
            wins.append((i + 1, min(len(W), di.sent_range(i)[1], i + 14)))
    return wins


def _kind_after(doc: Doc, start: int, end: int) -> str:
    window = info(doc).words[max(0, start - 6) : end + 8]
    return "dataset" if any(is_dataset_word(w) for w in window) else "method"


def title_proposal(doc: Doc, title_end: int) -> Span | None:
    """``Name: ...`` titles: the head before the first colon when it is a coined name."""
    di = info(doc)
    W = di.words
    colon = next((i for i in range(title_end) if W[i] == ":"), None)
    if colon is None or colon == 0 or colon > 5:
        return None
    words = W[:colon]
    body = di.text[di.starts[title_end] :] if title_end < len(W) else ""
    if di.text[: di.starts[title_end - 1] + 1].isupper():
        return None
    if len(words) == 1:
        w = words[0]
        ok = name_like(w) or (
            (TITLECASE_COMPOUND.fullmatch(w) is not None or (w[:1].isupper() and w.isalpha() and len(w) >= 4))
            and w.lower() not in COMMON_TITLE_WORDS
            and w in body
        )
    else:
        ok = (
            len(words) <= 3
            and all(x[:1].isupper() or x.isdigit() or x == "." for x in words)
            and name_like(words[0])
        )
    if not ok:
        return None
    tail = W[colon + 1 : min(title_end, colon + 8)]
    kind = (
        "dataset"
        if any(is_dataset_word(w) for w in tail) or re.search(r"bench(?:mark)?$", words[-1], re.I)
        else "method"
    )
    return Span(doc, 0, colon, label=kind)


def _title_run(doc: Doc, i: int, b: int) -> Span | None:
    """A run of 2-5 capitalised words starting at ``i`` ("Dynamic Layout Fusion Attention")."""
    W = info(doc).words
    j = i
    while (
        j < b
        and j - i < 5
        and (
            CAPWORD.fullmatch(W[j])
            or (j > i and (name_like(W[j]) or re.fullmatch(r"[A-Z][A-Za-z]?\d+|[A-Z]{2,}", W[j])))
        )
    ):
        j += 1
    if j - i < 2 or task_head(W[j - 1]):
        return None
    return doc[i:j]


def find_rules(doc: Doc, known: set[str]) -> tuple[list[Span], list[Span]]:
    """(proposed spans, candidate spans) of ``doc``; ``known`` holds KB alias keys seen in it."""
    di = info(doc)
    W = di.words
    title_end = di.sents[0][1] if di.sents else len(doc)
    proposed: dict[str, Span] = {}
    short_of = {(sf.start, sf.end): lf for lf, sf in doc._.abbreviations}
    long_end = {lf.end: sf for lf, sf in doc._.abbreviations}

    def add(sp: Span, force: bool = False) -> None:
        k = match_key(sp.text)
        if len(k) < 2 or sum(c.isdigit() for c in k) * 2 > len(k) or not re.search(r"[A-Z]", sp.text):
            return
        if k not in proposed and (force or k not in known):
            proposed[k] = sp

    tp = title_proposal(doc, title_end)
    if tp is not None:
        add(tp, force=True)
    for a, b in _proposal_windows(doc):
        i = a
        naming = W[a - 1].lower() in NAMING
        while i < b:
            w = W[i]
            if w.lower() in STOP_WINDOW and not naming:
                break
            if w == "(" and (i + 1, i + 2) in short_of and W[i + 1] not in EXCLUDE:
                sf = doc[i + 1 : i + 2]
                if match_key(sf.text) not in known:
                    add(Span(doc, sf.start, sf.end, label=_kind_after(doc, sf.start, sf.end)))
                break
            run = _title_run(doc, i, b)
            if (
                run is not None
                and match_key(run.text) not in known
                and not (run.end < len(doc) and W[run.end] == "(")
            ):
                add(Span(doc, run.start, run.end, label=_kind_after(doc, run.start, run.end)))
                break
            appositive = (
                i + 2 < len(W) and W[i + 1] in {",", ":", "-", "–"} and W[i + 2].lower() in {"a", "an"}
            )
            after_new = i >= 2 and W[i - 1] == "," and W[i - 2].lower().rstrip("s") in CONTRIBUTION
            if (name_like(w) and (key_of(w) not in known or appositive or after_new)) or (
                naming and w[:1].isupper() and w.isalpha()
            ):
                add(Span(doc, i, i + 1, label=_kind_after(doc, i, i + 1)), force=appositive or after_new)
                if i + 2 < b and W[i + 1] in {"and", ","} and is_name(W[i + 2], known):
                    add(Span(doc, i + 2, i + 3, label=_kind_after(doc, i + 2, i + 3)))
                break
            if i in long_end:
                break
            i += 1
    # sub-modules and contributions defined with an abbreviation right after a proposal cue
    for lf, sf in doc._.abbreviations:
        if match_key(sf.text) in known or match_key(lf.text) in known or sf.text in EXCLUDE:
            continue
        if not (titlecase(lf.text) or (name_like(sf.text) and not acronym_only(sf.text))):
            continue
        lo = max(di.sent_range(sf.start)[0], lf.start - 12)
        before = W[lo : lf.start]
        for j in range(len(before) - 1, -1, -1):
            if before[j].lower() in {"of", "on", "in", "within", "using", "with", "and", "than"}:
                before = before[j + 1 :]
                break
        cue = any(is_propose(x) for x in before) or any(
            x.lower() in {"our", "novel", "new"} for x in before[-4:]
        )
        if cue and not task_head(lf.text):
            add(Span(doc, sf.start, sf.end, label=_kind_after(doc, lf.start, sf.end)))
    # emphasised names in proposal sentences: \textbf{Name}
    for m in EMPH.finditer(di.text):
        sp = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        a, b = di.sent_range(sp.start) if sp is not None else (0, 0)
        if sp is not None and any(is_propose(w) for w in W[a:b]) and len(sp) <= 6:
            add(Span(doc, sp.start, sp.end, label=_kind_after(doc, sp.start, sp.end)))
    # "a novel Cross-Space Interaction Pooling mechanism"
    n = len(W)
    contrib = list(map(is_contribution, W))
    for i in [i for i in range(title_end, n - 1) if W[i] in NOVEL]:
        if W[i + 1][:1].isupper():
            run = _title_run(doc, i + 1, min(len(doc), i + 7))
            near = any(
                di.sent_of[p.start] == di.sent_of[i] and 0 <= i - p.end <= 5 for p in proposed.values()
            )
            if run is not None and not near and run.end < len(doc) and contrib[run.end]:
                add(Span(doc, run.start, run.end, label=_kind_after(doc, run.start, run.end)))
    # "we introduce the Budgeted-KMR algorithm": an unknown name before a contribution noun
    for i in [i for i in range(title_end, n - 1) if contrib[i + 1]]:
        if not is_name(W[i], known) or acronym_only(W[i]):
            continue
        sa, sb = di.sent_range(i)
        sent = [x.lower() for x in W[sa:sb]]
        if ("we" in sent or "our" in sent) and any(map(is_propose, W[max(sa, i - 6) : i])):
            add(Span(doc, i, i + 1, label=_kind_after(doc, i, i + 2)))
    # appositive: "Name, a novel framework ..." / "Name - a new benchmark"
    for i in [i for i in range(title_end, n - 3) if W[i + 1] in APPOSITION]:
        if W[i + 2].lower() not in {"a", "an"}:
            continue
        w = W[i]
        sa, sb = di.sent_range(i)
        if not (is_name(w, known) or (w[:1].isupper() and w.isalpha() and len(w) > 3 and i != sa)):
            continue
        if any(contrib[i + 3 : min(i + 10, sb)]):
            add(Span(doc, i, i + 1, label=_kind_after(doc, i, i + 1)))
    # name-like candidates the KB does not know
    cands: dict[str, Span] = {}
    for i in [i for i, ok in enumerate(map(name_candidate, W)) if ok]:
        w, k = W[i], di.keys[i]
        if k in proposed or k in cands or k in known:
            continue
        if (i, i + 1) in short_of or (i > 0 and W[i - 1] in {"(", "\\", "^", "_", "{"}):
            continue
        kind = "dataset" if _dataset_context(W, i + 1) or DATASET_NAME.search(w) else "method"
        end = i + 1
        while end < len(W) and end - i < 3 and W[end] in TIERS:
            end += 1  # "Claude-4.5 Opus", "Gemini-3 Pro"
        cands[k] = Span(doc, i, end, label=kind)
    for sp in dataset_lists(doc, known):
        k = match_key(sp.text)
        if k not in proposed:
            cands[k] = sp
    for sp in method_lists(doc, known):
        k = match_key(sp.text)
        if k not in proposed and k not in cands:
            cands[k] = sp
    return list(proposed.values()), list(cands.values())


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
            and (name_like(W[j]) or re.fullmatch(r"[A-Z][\w\-.]*", W[j]))
            and W[j] not in COMMON_CAPS
        ):
            j += 1
        if j == i:
            break
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


def dataset_lists(doc: Doc, known: set[str]) -> list[Span]:
    """Names listed after "on/across/including/(" in sentences about evaluation data."""
    out: list[Span] = []
    di = info(doc)
    W = di.words
    for sa, sb in di.sents[1:]:
        if not any(map(is_eval_cue, W[sa:sb])):
            continue
        for ti in range(sa, sb - 1):
            low = W[ti].lower()
            if low not in LIST_TRIGGERS:
                continue
            if low not in {"on", "across"} and not any(is_dataset_word(x) for x in W[max(sa, ti - 3) : ti]):
                continue
            for it in _list_items(doc, ti + 1, sb):
                if len(it) == 1 and not name_like(it.text) and (it.start == sa or len(it.text) < 4):
                    continue
                if it.text.endswith(("-based", "-aligned", "-like", "-driven", "-style", "-guided")):
                    continue
                if match_key(it.text) in known or it.text in EXCLUDE or MODEL_NAME.search(it.text):
                    continue
                if acronym_only(it.text) and not is_dataset_word(W[ti - 1]):
                    continue
                out.append(Span(doc, it.start, it.end, label="dataset"))
    return out


METHOD_CUE = re.compile(
    r"^(?:baselines?|compared|comparison|outperform\w*|against|planners|solvers|methods|models|algorithms|"
    r"approaches|techniques|architectures|backbones|LLMs)$",
    re.I,
)
METHOD_TRIGGERS = {"as", "including", "e.g.", "like", "(", "over", "than", "against", "to"}


def method_lists(doc: Doc, known: set[str]) -> list[Span]:
    """Names (acronyms included) listed after "such as/including/than/against" in comparison sentences."""
    out: list[Span] = []
    di = info(doc)
    W = di.words
    for sa, sb in di.sents[1:]:
        if not any(METHOD_CUE.match(w) for w in W[sa:sb]):
            continue
        for ti in [i for i in range(sa, sb - 1) if W[i].lower() in METHOD_TRIGGERS]:
            items = _list_items(doc, ti + 1, sb)
            if len(items) < 2 or not any(match_key(it.text) in known for it in items):
                continue  # a list of methods holds at least one method the KB knows
            for it in items:
                k = match_key(it.text)
                if k in known or it.text in EXCLUDE or _dataset_context(W, it.end):
                    continue
                if len(it) > 1 or name_like(it.text) or acronym_only(it.text):
                    out.append(Span(doc, it.start, it.end, label="method"))
    return out


@Language.component("kg_rules")
def rules_component(doc: Doc) -> Doc:
    """Proposed names and name-like candidates (see module docs)."""
    known = {match_key(sp.text) for sp in doc.spans.get("kg_mentions", [])}
    known |= {sp.label_ for sp in doc.spans.get("kg_mentions", [])}
    proposed, cands = find_rules(doc, known)
    doc.spans["kg_proposed"] = proposed
    doc.spans["kg_candidates"] = cands
    return doc
