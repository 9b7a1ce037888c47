"""Main research tasks of a paper (``kg_tasks`` component): 1-3 short noun phrases from the text.

Candidates, scored: task names from the KB (Papers with Code tasks) found in the title (3) or the
abstract (1 each); abbreviation long forms whose head is a task noun (2); the title phrase after
"for"/"towards" ending in a task noun (3), and the title's topic chunk after "for"/"towards" or
after a task gerund ("Detecting Silent Failures in ...") (2.5; 1 when it names neither a task nor
an activity: "for Natural World Imagery"); a title phrase naming the means scores low: before
"for", before "Based", after "via"/"using"/"through"/"by" ("Simplifier via Code Generation"); the
title's opening chunk when it names an activity ("Data Prefiltering", "Gait Reconfiguration"; 1);
noun phrases of the abstract ending in a task noun (1 each, 1.5 in the first sentences, 0.5 more
when a cue bounds them: "for/of/in/on X", "X tasks"). Modifiers naming the means ("LLM-Guided")
and evaluative words ("Lightweight") are left out. The best two (a third when well supported; no bare
second mention when the first is far ahead) go to ``doc.spans["kg_tasks"]``; else the title's opening.

A candidate that starts or ends a chosen one ("Image Dehazing" of "Nighttime Image Dehazing") is
the same task in another form, not a second task: the best such form, the title phrase as written
("Adversarial Attacks on Tabular Data") or the name without an opening qualifier ("Angles-only Orbit
Determination"), becomes the task's one alias (:func:`task_aliases`).

Examples
--------
>>> from kg.nlp.pipeline import make_nlp, paper_text
>>> doc = make_nlp()(paper_text("Fast Transformers for Nighttime Image Dehazing",
...                             "Nighttime image dehazing is hard. We study nighttime image dehazing."))
>>> [(s.text, task_aliases(s)) for s in doc.spans["kg_tasks"]]
[('Nighttime Image Dehazing', ['Image Dehazing'])]
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.nlp.bounds import method_keys
from kg.nlp.features import F_TASK, tokens_with
from kg.nlp.lexicon import CHUNK_END, CUE_BEFORE, NOT_TASK, SETTING, TASK_GERUNDS, TASK_NOUNS, is_task_head
from kg.nlp.linker import kb_index
from kg.nlp.taskwords import (
    CLAUSE_WORDS,
    FOR_CUES,
    FUNCTION_WORDS,
    GENERIC_HEADS,
    OBJECT_CUES,
    PROCESS_ENDINGS,
    RELATIONAL,
    STRIP,
    SUBJECT_VERBS,
    TITLE_CUES,
    VERBISH,
    abbreviated,
    activity,
    adjective,
    loose_modifier,
    means_word,
    modifier,
    qualifier,
    task_fit,
    unstripped,
    variant_of,
    verb_form,
)
from kg.nlp.tokenizer import info, key_of, set_spans, span_text, spans_of

MAX_MOD = 4
MIN_SCORE = 1.0
THIRD_SCORE = 2.0  # a third task only when it is well supported
SECOND_RATIO = 0.45  # a second task seen once, without a cue, is dropped when the first scores > 1/0.45 times
CHUNK_SCORE = 1.0  # an activity chunk of the title without a task noun
MEANS_CUES = {"via", "using", "through", "by"}  # a title task phrase after them names the means
MEANS_SCORE = 0.25
TOPIC_SCORE = 1.0  # a title topic naming neither a task nor an activity
ALIASES = "kg_task_aliases"  # doc.user_data: (start, end) of a task -> (other form, name with short form)
_PARENTHESISED = re.compile(r"\s*\([^()]*\)")
_head = is_task_head


def noun_phrase(doc: Doc, head: int, lo: int, strict: bool = True) -> Span | None:
    """The phrase ending at token ``head``: up to MAX_MOD modifiers before it, not before ``lo``."""
    W = info(doc).words
    start = head
    while start - 1 >= lo and head - start < MAX_MOD:
        prev = W[start - 1]
        if prev == ")" and start - 4 >= lo and W[start - 3] == "(":
            cand = start - 3  # "Text-to-video (T2V) generation": step over the short form
            if cand - 1 >= lo and modifier(W[cand - 1]):
                return doc[cand - 1 : head + 1]
            break
        if not (modifier(prev) or (not strict and loose_modifier(prev))):
            break
        start -= 1
    if start == head:
        return None
    return doc[start : head + 1]


def task_name(sp: Span) -> str:
    """The task phrase of a span without a parenthesised short form inside.

    >>> import spacy
    >>> task_name(spacy.blank("en")("Text-to-video (T2V) generation")[:])
    'Text-to-video generation'
    """
    text = span_text(sp)
    if "(" in text:
        text = _PARENTHESISED.sub("", text)
    return " ".join(text.split())


def title_chunk(doc: Doc, start: int, title_end: int) -> Span | None:
    """The words of the title from ``start`` up to the next preposition or punctuation, without
    leading evaluative words; None when it names no task (a model, a domain, a single word).

    >>> from kg.nlp.pipeline import make_nlp, paper_text
    >>> doc = make_nlp()(paper_text("FooNet for Lightweight Drone Navigation in Forests", "We fly."))
    >>> title_chunk(doc, 2, 8).text, title_chunk(doc, 0, 8)
    ('Drone Navigation', None)
    """
    W = info(doc).words
    end = start
    while end < title_end and W[end].lower() not in CHUNK_END and end - start < 7:
        end += 1
    for j in range(end - 1, start - 1, -1):
        # "Condition-Aware Road Surface Classification", "CORDIC Based Activation Function": the task follows
        if means_word(W[j]) or (W[j] == "Based" and j > start):
            start = j + 1
            break
    while start < end and W[start].lower() in STRIP and W[start].lower() not in SETTING:
        start += 1
    if start + 2 < end and W[start + 1].lower() == "of" and W[start].lower() in RELATIONAL:
        start += 2  # "The Role of Flexible Reasoning": the topic follows "of"
    if start < end and verb_form(W[start]):
        start += 1  # "Orchestrating In-orbit Real-time Analytics": the object names the task
        if not _head(W[end - 1]):
            return None
    n = end - start
    if n < 2 or n > 5 or W[end - 1].lower() in NOT_TASK:
        return None
    if end < title_end and W[end].lower() not in CHUNK_END:
        return None  # cut by length: not a phrase
    return doc[start:end]


class _Scores:
    """The task candidates of one doc as :func:`task_candidates` gathers them."""

    def __init__(self, W: list[str], title_end: int, methods: set[str], long_methods: list[str]) -> None:
        self.W, self.title_end, self.methods, self.long_methods = W, title_end, methods, long_methods
        self.score: dict[str, float] = {}
        self.best: dict[str, Span] = {}
        self.first: dict[str, int] = {}
        self.forms: set[str] = set()  # keys that may only be aliases

    def add_form(self, sp: Span | None, s: float) -> None:
        """Another form of a candidate, kept only as an alias unless :meth:`add` scores it."""
        key = key_of(task_name(sp)) if sp is not None else ""
        if sp is not None and key and key not in self.score and key not in self.methods:
            self.score[key], self.best[key], self.first[key] = s, sp, sp.start
            self.forms.add(key)

    def add(self, sp: Span | None, s: float) -> None:
        """Score the phrase ``sp`` (when it may name a task) by ``s``."""
        if sp is None or len(sp) > MAX_MOD + 2:
            return
        key = key_of(task_name(sp))
        if (
            not key
            or key in self.methods
            or (self.long_methods and any(m.endswith(key) for m in self.long_methods))
        ):
            return  # "Policy Optimization" (of Proximal Policy Optimization) names a method
        if sp.start >= self.title_end and self.W[sp.end - 1].lower() in GENERIC_HEADS:
            s *= 0.5  # "statistical inference", "univariate analysis": rarely the paper's task
        score = self.score
        score[key] = score.get(key, 0.0) + s
        self.forms.discard(key)
        self.first.setdefault(key, sp.start)
        best = self.best
        if key not in best or (sp.start < self.title_end and best[key].start >= self.title_end):
            best[key] = sp


def task_candidates(doc: Doc) -> tuple[dict[str, float], dict[str, Span], dict[str, int]]:
    """Every task candidate by match key: its score, its best span and its first position.

    >>> from kg.nlp.pipeline import make_nlp, paper_text
    >>> score, best, first = task_candidates(make_nlp()(paper_text("FooNet for Drone Navigation", "We fly.")))
    >>> score["dronenavigation"] >= 2.5, best["dronenavigation"].text
    (True, 'Drone Navigation')
    """
    di = info(doc)
    W = di.words
    n = len(W)
    title_end = di.sents[0][1] if di.sents else len(doc)
    early = di.sents[2][1] if len(di.sents) > 2 else len(doc)
    mentions = spans_of(doc, "kg_mentions")
    methods = method_keys(doc)
    long_methods = [m for m in methods if len(m) >= 12]
    acc = _Scores(W, title_end, methods, long_methods)
    score, best, first, forms = acc.score, acc.best, acc.first, acc.forms
    di.cache["task_forms"] = forms
    # bound methods, not nested functions: compiled by mypyc, a closure and its environment form a
    # reference cycle that keeps the doc alive until the cyclic collector runs
    add, add_form = acc.add, acc.add_form

    for sp in mentions:
        if sp.label_ == "task" and len(sp) >= 2 and _head(sp[-1].text):
            means = 0 < sp.start < title_end and W[sp.start - 1].lower() in MEANS_CUES
            add(sp, MEANS_SCORE if means else 3.0 if sp.start < title_end else 1.0)
    abbrevs = di.cache["task_abbreviations"] = doc._.abbreviations
    for lf, _sf in abbrevs:
        if _head(lf[-1].text) and len(lf) >= 2 and key_of(span_text(lf)) not in methods:
            add(lf, 2.0)
    # the title's topic: the words after "for"/"towards" (then the words before name the means)
    cue = next((i for i in range(1, title_end) if W[i].lower() in FOR_CUES), None)
    topic = title_chunk(doc, cue + 1, title_end) if cue is not None else None
    for i in range(title_end):
        if _head(W[i]):
            lo = 0
            for j in range(i - 1, -1, -1):
                if W[j].lower() in TITLE_CUES or W[j] in {":", ","}:
                    lo = j + 1
                    break
            # "X Fusion for Fluency Assessment": the part before "for" is the means
            score_t = 0.5 if topic is not None and i < topic.start else 3.0 if lo > 0 else 2.0
            if i + 1 < title_end and W[i + 1] == "Based":
                score_t = 0.5  # "Predictive Planning Based Test-Time Alignment": the means
            np = noun_phrase(doc, i, lo, strict=lo == 0)
            if np is not None and np.start > 0 and W[np.start - 1].lower() in MEANS_CUES:
                score_t = MEANS_SCORE  # "Text Simplifier via Code Generation": the means
            add(np, score_t)
    if topic is not None:  # a topic naming neither a task nor an activity ("Natural World Imagery") is weaker
        last = W[topic.end - 1]
        idx, kl = kb_index(doc.user_data.get("kg_kb_path")), di.keys[topic.end - 1]
        # "Low-Resource ASR": a task's short form ends it
        task_like = _head(last) or (idx.has(kl) and any(c[1] == "task" for c in idx.candidates(kl)))
        add(topic, 2.5 if task_like or activity(W[topic.start : topic.end]) else TOPIC_SCORE)
    # the opening chunk of the title naming an activity ("Data Prefiltering", "Gait Reconfiguration"),
    # unless it is the means for a later topic, and a chunk opened by a task gerund anywhere
    keys = di.keys
    starts = [0] + [i + 1 for i in range(title_end - 1) if W[i] in {":", "?"}]
    starts = [i for i in starts if topic is None or i > topic.start]
    starts += [
        i for i in range(1, title_end - 1) if keys[i] in TASK_GERUNDS and W[i - 1].lower() in CHUNK_END
    ]
    for i in starts:
        end = i
        while end < title_end and end - i < 7 and W[end].lower() not in CHUNK_END and keys[end] != "of":
            end += 1
        if end == i or not (keys[i] in TASK_GERUNDS or keys[end - 1].endswith(PROCESS_ENDINGS)):
            continue  # not an activity (checked again on the chunk's own words)
        if keys[i] == "learning" and i + 2 < title_end and W[i + 2].lower() not in CHUNK_END:
            i += 1  # "Learning Fault-Tolerant Bipedal Locomotion": the object is the task
        # "Counterfactual Fairness Evaluation of Machine Learning Models": the activity ends at "of"
        chunk = title_chunk(doc, i, title_end) or title_chunk(doc, i, end)
        if chunk is None or key_of(task_name(chunk)) in score or not activity(W[chunk.start : chunk.end]):
            continue
        if not any(sp.start < chunk.end and chunk.start < sp.end for sp in spans_of(doc, "kg_proposed")):
            add(chunk, CHUNK_SCORE)
    # or the object of a task gerund ("Detecting Silent Failures in ...")
    if title_end > 2 and keys[0] in TASK_GERUNDS:
        add(title_chunk(doc, 0, title_end), 2.5)
    if len(di.sents) > 1:  # the subject of the first abstract sentence: "Text-to-video generation has ..."
        sa, sb = di.sents[1]
        verb = next((i for i in range(sa, min(sb, sa + 7)) if W[i].lower() in SUBJECT_VERBS), None)
        if verb is not None and verb - sa >= 1 and _head(W[verb - 1]):
            add(noun_phrase(doc, verb - 1, sa), 1.0)
    for i in tokens_with(di, F_TASK, title_end):
        sa = di.sents[di.sent_of[i]][0]
        base = 1.5 if i < early else 1.0
        loose = None
        # "for drone path planning", "MEG source localization tasks": the cue bounds the phrase
        if (i + 1 < n and W[i + 1].lower() in TASK_NOUNS) or not CUE_BEFORE.isdisjoint(
            W[max(sa, i - MAX_MOD - 1) : i]
        ):
            loose = noun_phrase(doc, i, sa, strict=False)
            if loose is not None and not (
                (i + 1 < n and W[i + 1].lower() in TASK_NOUNS)
                or (loose.start > sa and W[loose.start - 1] in CUE_BEFORE)
            ):
                loose = None
        if loose is not None:
            add(loose, base + 0.5)
            if adjective(W[loose.start]):  # "simulated MEG source localization": also without it
                add_form(doc[loose.start + 1 : i + 1] if i > loose.start + 1 else None, 0.5)
        else:
            add(noun_phrase(doc, i, sa), base)
    strong = [key for key in score if score[key] >= 2.0]  # only these get boosted, so stay strong
    for short in list(score):
        for long in strong:
            if long != short and long.endswith(short):
                score[long] += 0.5 * score[short]
    # other forms of a title phrase, which the text uses as written: with the object that follows
    # ("Adversarial Attacks on Tabular Data") and with the evaluative word left out ("Novel ...")
    for key, sp in list(best.items()):
        if sp.end <= title_end:
            for form in (extended(doc, sp, title_end), unstripped(doc, sp)):
                add_form(form, 0.9 * score[key])
    return score, best, first


def find_tasks(doc: Doc, k: int = 3) -> list[Span]:
    """The ``k`` best task phrases (see module docs); their other forms go to :func:`task_aliases`.

    >>> from kg.nlp.pipeline import make_nlp, paper_text
    >>> [sp.text for sp in find_tasks(make_nlp()(paper_text("FooNet for Drone Navigation", "We fly.")))]
    ['Drone Navigation']
    """
    di = info(doc)
    W = di.words
    title_end = di.sents[0][1] if di.sents else len(doc)
    score, best, first = task_candidates(doc)
    forms = di.cache.get("task_forms", set())
    ranked = [key for key in sorted(score, key=lambda key: (-score[key], first[key])) if task_fit(best[key])]
    out: list[Span] = []
    keys: list[str] = []
    for key in ranked:
        weak = len(out) == 1 and score[key] <= MIN_SCORE < SECOND_RATIO * score[keys[0]]  # one bare mention
        if score[key] < (MIN_SCORE if len(out) < 2 else THIRD_SCORE) or len(out) >= k or weak:
            break
        # "Image Dehazing" of "Nighttime Image Dehazing": one task in two forms
        if key not in forms and not any(key == o or variant_of(key, o) for o in keys):
            out.append(best[key])
            keys.append(key)
    if not out:  # no cue at all: the opening words of the title, when they form a phrase
        colon = next((i for i in range(min(title_end, 6)) if W[i] == ":"), -1)
        opening = task_fit(title_chunk(doc, colon + 1, title_end))
        if opening is not None and len(opening) >= 2 and key_of(task_name(opening)) not in method_keys(doc):
            out.append(opening)
            keys.append(key_of(task_name(opening)))
            longer = extended(doc, opening, title_end)
            if longer is not None:
                score[key_of(task_name(longer))] = 1.0
                best[key_of(task_name(longer))] = longer
                ranked.append(key_of(task_name(longer)))
    # each task's other form: the best candidate that starts or ends it, or that it starts or ends
    variant: dict[int, Span] = {}
    for key in ranked:
        if len(variant) == len(keys):
            break
        j = next((j for j, o in enumerate(keys) if variant_of(key, o) and j not in variant), None)
        if j is not None and key not in keys and _clean(best[key]):
            variant[j] = best[key]
    short = {j: doc[o.start + 1 : o.end] for j, o in enumerate(out) if len(o) > 2 and qualifier(W[o.start])}
    variant = short | variant
    abbrevs = di.cache["task_abbreviations"]
    doc.user_data[ALIASES] = {
        (o.start, o.end): (
            task_name(variant[j]) if j in variant else "",
            abbreviated(abbrevs, task_name(o), W),
        )
        for j, o in enumerate(out)
    }
    return out


def extended(doc: Doc, sp: Span, title_end: int) -> Span | None:
    """A title's task phrase with the object that follows it ("Adversarial Attacks" on "Tabular
    Data"): up to four words after "of"/"on"/"in"/"against", ending at a chunk boundary.

    >>> from kg.nlp.pipeline import make_nlp, paper_text
    >>> doc = make_nlp()(paper_text("A Benchmark for Adversarial Attacks on Tabular Data", "We attack."))
    >>> extended(doc, doc[3:5], 8).text
    'Adversarial Attacks on Tabular Data'
    """
    W = info(doc).words
    i = sp.end
    if i + 1 >= title_end or W[i].lower() not in OBJECT_CUES:
        return None
    end = i + 1
    while end < title_end and W[end].lower() not in CHUNK_END and end - i <= 4:
        end += 1
    if (
        end - i > 4
        or end == i + 1
        or any(w.lower() in STRIP or w.lower() in NOT_TASK - {"data"} for w in W[i + 1 : end])
    ):
        return None  # "EHR Reasoning in LLMs": the object is the means or a domain, not the task
    return doc[sp.start : end]


def _clean(sp: Span) -> bool:
    """A form fit to be an alias: not opened by a verb, a function word or a clause word."""
    w = sp[0].text
    low = w.lower()
    return not (verb_form(w) or low in FUNCTION_WORDS or low in CLAUSE_WORDS or low in VERBISH)


def task_aliases(sp: Span, short: str | None = None) -> list[str]:
    """The aliases of a task span from :func:`find_tasks`: its abbreviation in the text (``short``,
    "VSGG") or else its name with a short form inside (:func:`abbreviated`), and the longer or
    shorter form of the same task found with it.

    >>> from kg.nlp.pipeline import make_nlp, paper_text
    >>> doc = make_nlp()(paper_text("Fast Transformers for Nighttime Image Dehazing", "We dehaze."))
    >>> [(task_name(sp), task_aliases(sp)) for sp in doc.spans["kg_tasks"]]
    [('Nighttime Image Dehazing', ['Image Dehazing'])]
    """
    variant, acronym = sp.doc.user_data.get(ALIASES, {}).get((sp.start, sp.end), ("", ""))
    out = [short or acronym] if short or acronym else []
    if variant and variant not in out:
        out.append(variant)
    return out


@Language.component("kg_tasks")
def tasks_component(doc: Doc) -> Doc:
    """Set ``doc.spans["kg_tasks"]``."""
    set_spans(doc, "kg_tasks", find_tasks(doc))
    return doc
