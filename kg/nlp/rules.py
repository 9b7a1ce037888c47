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

from kg.nlp.bounds import derived_phrases, extend_mentions
from kg.nlp.datarules import extra_datasets
from kg.nlp.families import proposal_parts, stem_parts
from kg.nlp.features import F_APPOS, F_CAND, F_CONTRIB, F_NOVEL, doc_features, tokens_with
from kg.nlp.introduced import component_names
from kg.nlp.lexicon import (
    CONTRIBUTION,
    DATASET_NAME,
    EMPH,
    EXCLUDE,
    NAMING,
    STOP_WINDOW,
    TASK_HEADS,
    acronym_only,
    coined_compound,
    is_contribution,
    is_dataset_word,
    is_name,
    is_propose,
    name_like,
    task_head,
    titlecase,
)
from kg.nlp.linker import kb_index
from kg.nlp.lists import dataset_context, dataset_lists, method_lists
from kg.nlp.proposals import (
    PARTS,
    USE,
    cap_start,
    capword_datasets,
    coined_here,
    fix_kinds,
    glued_start,
    new_datasets,
    paren_name_after,
    parts_of_proposals,
    quoted_name,
    title_paren_name,
    used_before,
    verb_before,
)
from kg.nlp.titles import coined, kind_after, proposal_windows, title_proposal, title_run
from kg.nlp.tokenizer import DocInfo, info, key_of, set_spans, span_text, spans_of
from kg.nlp.versions import DOTTED, version_end

_UPPER = re.compile(r"[A-Z]")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _known_dataset(doc: Doc, key: str, known: set[str]) -> bool:
    """Whether ``key`` is a KB alias (seen in ``doc``) whose best entity is a dataset."""
    if key not in known:
        return False
    cands = kb_index(doc.user_data.get("kg_kb_path")).candidates(key)
    return bool(cands) and cands[0][1] == "dataset"


class _Proposals:
    """Adds a span to the proposals of one doc (by key) when it may be a name the paper coins."""

    def __init__(
        self,
        doc: Doc,
        di: DocInfo,
        abbreviations: list[tuple[Span, Span]],
        known: set[str],
        proposed: dict[str, Span],
    ) -> None:
        self.doc = doc
        self.di = di
        self.abbreviations = abbreviations
        self.known = known
        self.proposed = proposed

    def task_short(self, k: str) -> bool:
        """Whether ``k`` is an acronym the text defines for a task ("Vision-and-Language Navigation
        (VLN)"): not a proposal unless a proposal cue makes it the paper's ("we propose ...
        segmentation (CFS) framework")."""
        di = self.di
        return any(
            sf.end - sf.start == 1
            and di.keys[sf.start] == k
            and task_head(span_text(lf))
            and not any(map(is_propose, di.words[di.sent_range(lf.start)[0] : lf.start]))
            for lf, sf in self.abbreviations
        )

    def add(self, sp: Span, force: bool = False) -> None:
        k = key_of(span_text(sp))
        if len(k) < 2 or sum(c.isdigit() for c in k) * 2 > len(k) or _UPPER.search(span_text(sp)) is None:
            return
        w0 = self.di.words[sp.start]
        if len(sp) == 1 and (
            self.task_short(k) or is_contribution(w0) or is_dataset_word(w0) or w0.lower() in TASK_HEADS
        ):
            return  # "Challenge", "Tracking": a common noun, not a name
        if k not in self.proposed and (force or k not in self.known):
            a = glued_start(self.doc, sp.start)  # "A$^2$-LLM"
            self.proposed[k] = sp if a == sp.start else Span(self.doc, a, sp.end, label=sp.label_)


def find_rules(doc: Doc, known: set[str]) -> tuple[list[Span], list[Span]]:
    """(proposed spans, candidate spans) of ``doc``; ``known`` holds KB alias keys seen in it."""
    di = info(doc)
    W = di.words
    title_end = di.sents[0][1] if di.sents else len(doc)
    proposed: dict[str, Span] = {}
    abbreviations = doc._.abbreviations
    short_of = {(sf.start, sf.end): lf for lf, sf in abbreviations}
    long_end = {lf.end: sf for lf, sf in abbreviations}
    long_start = {lf.start: lf.end for lf, sf in abbreviations if not titlecase(span_text(lf))}

    # a bound method, not nested functions: compiled by mypyc, a closure and its environment form a
    # reference cycle that keeps the doc alive until the cyclic collector runs
    add = _Proposals(doc, di, abbreviations, known, proposed).add

    tp = title_proposal(doc, title_end)
    if tp is not None and not _known_dataset(doc, key_of(span_text(tp)), known):
        add(tp, force=True)  # "COSMOS-Web: does halo mass ..." uses a known survey, proposes nothing
    tq = title_paren_name(doc, title_end)
    if tq is not None:
        add(tq)
    # short forms defined before a proposal sentence name existing things there
    earlier = {key_of(span_text(sf)): sf.start for lf, sf in abbreviations if sf.start > title_end}
    for a, b in proposal_windows(doc):
        i = a
        naming = W[a - 1].lower() in NAMING
        while i < b:
            w = W[i]
            if w.lower() in STOP_WINDOW and not naming:
                break
            if di.keys[i] in earlier and earlier[di.keys[i]] < di.sent_range(a)[0]:
                i += 1  # "Dynamical Systems (DS) ... we introduce a matrix within the DS framework"
                continue
            q = quoted_name(doc, i, b)
            if q is not None:
                add(Span(doc, q.start, q.end, label=kind_after(doc, q.start, q.end + 1)))
                break
            if w == "(" and (i + 1, i + 2) in short_of and W[i + 1] not in EXCLUDE:
                sf = doc[i + 1 : i + 2]
                lf = short_of[sf.start, sf.end]
                if (
                    (key_of(span_text(sf)) not in known or naming)
                    and coined(W[i + 1])
                    and coined_here(doc, lf, sf.end)
                ):
                    add(Span(doc, sf.start, sf.end, label=kind_after(doc, sf.start, sf.end)), force=naming)
                break
            if i in long_start and long_start[i] < b and W[i][:1].isupper():
                i = long_start[i]  # "named as EfficieNt Clustering ... moDEling (ENCODE)": the short form
                continue
            run = title_run(doc, i, b)
            if (
                run is not None
                and key_of(span_text(run)) not in known
                and not (run.end < len(doc) and W[run.end] == "(")
                and not paren_name_after(doc, run.end, b)
            ):
                add(Span(doc, run.start, run.end, label=kind_after(doc, run.start, run.end)))
                break
            if (
                run is not None
                and run.end < b
                and W[run.end] == "("
                and (run.end + 1, run.end + 2) in short_of
            ):
                i = (
                    run.end
                )  # a long form: its abbreviation is the name ("Dual" of "... Dual Message-Passing (LSDMP)")
                continue
            appositive = (
                i + 2 < len(W) and W[i + 1] in {",", ":", "-", "–"} and W[i + 2].lower() in {"a", "an"}
            )
            after_new = i >= 2 and W[i - 1] == "," and W[i - 2].lower().rstrip("s") in CONTRIBUTION
            if after_new and not appositive and key_of(w) in known and i + 1 < b and W[i + 1][:1].islower():
                break  # "a novel treebank generation method, LLM back generation": a phrase, not a name
            if (name_like(w) and (key_of(w) not in known or appositive or after_new)) or (
                naming and w[:1].isupper() and w.isalpha()
            ):
                end = version_end(W, i + 1, 2) if name_like(w) else i + 1  # "Mind2Web 2"
                add(Span(doc, i, end, label=kind_after(doc, i, end)), force=appositive or after_new)
                if i + 2 < b and W[i + 1] in {"and", ","} and is_name(W[i + 2], known):
                    add(Span(doc, i + 2, i + 3, label=kind_after(doc, i + 2, i + 3)))
                break
            if i in long_end:
                break
            i += 1
    # sub-modules and contributions defined with an abbreviation right after a proposal cue, a word naming
    # parts ("its key components are ..."), or coordinated with one ("the X (XA) and the Y (YB) modules")
    closed: set[int] = set()  # positions of the ")" after the proposed short forms
    for lf, sf in abbreviations:
        if key_of(span_text(sf)) in known or key_of(span_text(lf)) in known or span_text(sf) in EXCLUDE:
            continue
        if not (coined(span_text(sf)) or (titlecase(span_text(lf)) and verb_before(W, lf.start))):
            continue  # "we propose Calibrated Neural Belief Updates (CNBUs)" coins a plural name
        if not (titlecase(span_text(lf)) or (name_like(span_text(sf)) and not acronym_only(span_text(sf)))):
            continue
        lo = max(di.sent_range(sf.start)[0], lf.start - 12)
        before = W[lo : lf.start]
        for j in range(len(before) - 1, -1, -1):
            if before[j].lower() in {"of", "on", "in", "within", "with", "and", "than"} or before[j] in USE:
                before = before[j + 1 :]
                break
        k = lf.start - 1 - (lf.start > 0 and W[lf.start - 1].lower() in {"the", "a", "an"})
        cue = (
            any(map(is_propose, before))
            or not PARTS.isdisjoint(before)
            or any(x.lower() in {"our", "novel", "new"} for x in before[-4:])
            or (k > 0 and W[k] in {"and", ","} and k - 1 in closed)
        )
        if cue and not task_head(span_text(lf)):
            add(Span(doc, sf.start, sf.end, label=kind_after(doc, lf.start, sf.end)))
            if key_of(span_text(sf)) in proposed and sf.end < len(W) and W[sf.end] == ")":
                closed.add(sf.end)
    # emphasised names in proposal sentences: \textbf{Name}
    for m in EMPH.finditer(di.text):
        sp = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        a, b = di.sent_range(sp.start) if sp is not None else (0, 0)
        if sp is not None and any(is_propose(w) for w in W[a:b]) and len(sp) <= 6:
            add(Span(doc, sp.start, sp.end, label=kind_after(doc, sp.start, sp.end)))
    # "a novel Cross-Space Interaction Pooling mechanism"
    n = len(W)
    feats = doc_features(di)[0]
    for i in tokens_with(di, F_NOVEL, title_end, n - 1):
        if W[i + 1][:1].isupper():
            run = title_run(doc, i + 1, min(len(doc), i + 7))
            near = any(
                di.sent_of[p.start] == di.sent_of[i] and 0 <= i - p.end <= 5 for p in proposed.values()
            )
            if run is not None and not near and run.end < len(doc) and feats[run.end] & F_CONTRIB:
                add(Span(doc, run.start, run.end, label=kind_after(doc, run.start, run.end)))
    # "we introduce the Budgeted-KMR algorithm": an unknown name before a contribution noun
    for i in [j - 1 for j in tokens_with(di, F_CONTRIB, title_end + 1, n)]:
        if not is_name(W[i], known) or acronym_only(W[i]):
            continue
        sa, sb = di.sent_range(i)
        sent = [x.lower() for x in W[sa:sb]]
        if ("we" in sent or "our" in sent) and any(map(is_propose, W[max(sa, i - 6) : i])):
            add(Span(doc, i, i + 1, label=kind_after(doc, i, i + 2)))
    # appositive: "Name, a novel framework ..." / "Name - a new benchmark"
    used: list[Span] = []  # named things the paper uses: candidates
    for i in [j - 1 for j in tokens_with(di, F_APPOS, title_end + 1, n - 2)]:
        if W[i + 2].lower() not in {"a", "an"}:
            continue
        w = W[i]
        sa, sb = di.sent_range(i)
        h = i - 1 if DOTTED.fullmatch(w) and i - 1 > sa else i  # "Kwame 2.0, a teaching assistant"
        hw = W[h]
        if h < i and key_of(hw) in known:
            continue  # "Gemini 2.5, a ...": a release of a model the KB knows
        if not (
            is_name(hw, known)
            or (hw[:1].isupper() and hw.isalpha() and len(hw) > 3 and h != sa)
            or (h != sa and coined_compound(hw) and key_of(hw) not in known)  # "Tree-Query, a ..."
        ):
            continue
        if any(feats[j] & F_CONTRIB for j in range(i + 3, min(i + 10, sb))):
            # "ReaMOT Challenge, a ...": a common noun after a name belongs to it
            a = cap_start(doc, h, sa) if hw[:1].isupper() else h  # "(1) Interaction Codebook: a ..."
            if used_before(W, a, sa):  # "leveraging the InPars Toolkit, a reproducible framework"
                used.append(Span(doc, a, i + 1, label=kind_after(doc, a, i + 1)))
                continue
            if is_dataset_word(w) or is_contribution(w):
                while a - 1 > sa and i - a < 4 and (name_like(W[a - 1]) or _YEAR.fullmatch(W[a - 1])):
                    a -= 1  # "the AIM 2025 RipSeg Challenge, a competition ..."
            add(Span(doc, a, i + 1, label=kind_after(doc, a, i + 1)))
    parts_of_proposals(doc, proposed, add, known, title_run)
    if proposed:  # "a lightweight Error Identifier detects ...": a named part of the proposal
        for sp in component_names(doc, known, title_run):
            add(Span(doc, sp.start, sp.end, label="method"))
    for sp in new_datasets(doc, known, title_end):
        add(sp)
    # name-like candidates the KB does not know
    cands: dict[str, Span] = {}
    # words inside a long form are part of that name ("Shared Prompt AligNER (SPANER)")
    inside = {j for lf, _sf in abbreviations if len(lf) > 1 for j in range(lf.start, lf.end)}
    for i in tokens_with(di, F_CAND):
        w, k = W[i], di.keys[i]
        if k in proposed or k in cands or k in known or i in inside:
            continue
        if (i, i + 1) in short_of or (i > 0 and W[i - 1] in {"(", "\\", "^", "_", "{"}):
            continue
        kind = "dataset" if dataset_context(W, i + 1) or DATASET_NAME.search(w) else "method"
        end = version_end(W, i + 1)  # "Claude-4.5 Opus", "Gemini-3 Pro", "Mind2Web 2"
        cands[k] = Span(doc, i, end, label=kind)
    for sp in dataset_lists(doc, known):
        k = key_of(span_text(sp))
        if k not in proposed:
            cands[k] = sp
    events = [sp for sp in extra_datasets(doc, known, abbreviations) if key_of(span_text(sp)) not in proposed]
    if any(len(sp) > 1 for sp in events):  # "TSAR-2025" or "AIM" inside "the AIM 2025 X Challenge"
        inside = {j for sp in events if len(sp) > 1 for j in range(sp.start, sp.end)}
        cands = {k: c for k, c in cands.items() if not (c.start in inside and c.end - 1 in inside)}
        doc.user_data["kg_event_tokens"] = inside
    cands.update((key_of(span_text(sp)), sp) for sp in events)
    for sp in used + capword_datasets(doc, known, title_end):
        k = key_of(span_text(sp))
        if k not in proposed and k not in known:
            cands.setdefault(k, sp)
    for sp in method_lists(doc, known):
        k = key_of(span_text(sp))
        if k not in proposed and k not in cands:
            cands[k] = sp
    return list(fix_kinds(doc, proposed).values()), list(cands.values())


@Language.component("kg_rules")
def rules_component(doc: Doc) -> Doc:
    """Proposed names and name-like candidates (see module docs)."""
    mentions = spans_of(doc, "kg_mentions")
    known = {key_of(span_text(sp)) for sp in mentions}
    known |= {sp.label_ for sp in mentions}
    idx = kb_index(doc.user_data.get("kg_kb_path"))
    if mentions:
        wider = extend_mentions(doc, mentions, idx)
        if wider is not None:
            set_spans(doc, "kg_mentions", wider)
            mentions = wider
    more = derived_phrases(doc, mentions, idx)
    if more is not None:
        set_spans(doc, "kg_mentions", more)
        mentions = more
        known |= {key_of(span_text(sp)) for sp in more} | {sp.label_ for sp in more}
    proposed, cands = find_rules(doc, known)
    long = [sp for sp in mentions if len(sp) > 1] if cands else []
    if long:  # "ImageNet" inside the KB's "ImageNet VID" is no name of its own
        cands = [c for c in cands if not any(sp.start <= c.start and c.end <= sp.end for sp in long)]
    proposed, cands = stem_parts(doc, proposed, cands)
    held = proposal_parts(doc, proposed, known)
    if held:
        have = {key_of(span_text(sp)) for sp in proposed}
        held = [sp for sp in held if key_of(span_text(sp)) not in have]
        ks = {key_of(span_text(sp)) for sp in held}
        proposed += list({key_of(span_text(sp)): sp for sp in held}.values())
        cands = [c for c in cands if key_of(span_text(c)) not in ks]
    inside = doc.user_data.pop("kg_event_tokens", None)
    if inside:  # KB names inside a named event are part of its name
        kept = [
            sp for sp in spans_of(doc, "kg_mentions") if not (sp.start in inside and sp.end - 1 in inside)
        ]
        set_spans(doc, "kg_mentions", kept)
    set_spans(doc, "kg_proposed", proposed)
    set_spans(doc, "kg_candidates", cands)
    return doc
