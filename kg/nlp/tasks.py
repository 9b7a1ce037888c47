"""Main research tasks of a paper (``kg_tasks`` component): 1-3 short noun phrases from the text.

Candidates, scored: task names from the KB (Papers with Code tasks) found in the title (3) or the
abstract (1 each); abbreviation long forms whose head is a task noun (2); the title phrase after
"for"/"towards" ending in a task noun (3), and the title's topic chunk after "for"/"towards" or
after a task gerund ("Detecting Silent Failures in ...") even without one (2.5), while a title
phrase before "for" names the means (0.5); noun phrases of the abstract ending in a task noun (1
each, 1.5 in the first sentences, 0.5 more when a cue bounds them: "for/of/in/on X", "X tasks").
Modifiers naming the means ("LLM-Guided") and evaluative words ("Lightweight") are left out. The
best two (a third when well supported) go to ``doc.spans["kg_tasks"]``; with no candidate at all,
the opening chunk of the title.

Examples
--------
>>> from kg.nlp.pipeline import make_nlp, paper_text
>>> doc = make_nlp()(paper_text("Fast Transformers for Nighttime Image Dehazing",
...                             "Nighttime image dehazing is hard. We study nighttime image dehazing."))
>>> sorted(s.text for s in doc.spans["kg_tasks"])
['Image Dehazing', 'Nighttime Image Dehazing']
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.nlp.kb import KB_PATH
from kg.nlp.lexicon import (
    CHUNK_END,
    CUE_BEFORE,
    F_TASK,
    NOT_MODIFIER,
    NOT_TASK,
    PRAISE,
    SETTING,
    TASK_GERUNDS,
    TASK_NOUNS,
    is_task_head,
    tokens_with,
)
from kg.nlp.linker import kb_index
from kg.nlp.tokenizer import info, key_of, set_spans, span_text, spans_of

VERBISH = {
    "rethink",
    "rethinking",
    "boosting",
    "enhancing",
    "improving",
    "revisiting",
    "scaling",
    "unlocking",
    "towards",
    "toward",
    "learning",
    "leveraging",
    "bridging",
    "advancing",
    "exploring",
    "enabling",
    "benchmarking",
    "evaluating",
    "understanding",
    "making",
    "using",
    "based",
    "proposed",
    "improved",
    "existing",
    "called",
    "named",
    "used",
    "given",
    "achieved",
    "limited",
    "required",
    "needed",
    "designed",
}
SUBJECT_VERBS = {
    "is",
    "are",
    "has",
    "have",
    "plays",
    "play",
    "remains",
    "remain",
    "aims",
    "refers",
    "involves",
    "seeks",
    "enables",
    "requires",
    "faces",
    "suffers",
    "poses",
    "presents",
    "can",
    "lies",
    "concerns",
}
TITLE_CUES = {"for", "towards", "toward", "in", "on", "of"}
FOR_CUES = {"for", "towards", "toward"}
MAX_MOD = 4
MIN_SCORE = 1.0
THIRD_SCORE = 2.0  # a third task only when it is well supported
_PARENTHESISED = re.compile(r"\s*\([^()]*\)")


_head = is_task_head


@lru_cache(maxsize=1)
def task_vocabulary() -> frozenset[str]:
    """Words that modify task names in the shipped KB (Papers with Code tasks): 'image', 'semantic', ..."""
    words: set[str] = set()
    for kind, name, _src in kb_index(str(KB_PATH)).info.values():
        if kind == "task":
            parts = name.lower().split()
            words.update(w for w in parts[:-1] if w.isalpha())
    return frozenset(words - NOT_MODIFIER - VERBISH)


@lru_cache(maxsize=65536)
def _means(text: str) -> bool:
    """A capitalised modifier naming the means ("LLM-Guided", "Condition-Aware"), which a task name
    leaves out; "EEG-based", "Test-Time" and lower-case ones ("readability-controlled") stay."""
    suffix = text.rsplit("-", 1)[-1]
    return (
        "-" in text
        and suffix[:1].isupper()
        and (suffix.endswith("ed") or suffix.lower() in {"aware", "agnostic", "centric", "oriented"})
        and suffix.lower() != "based"
    )


# words that open a clause or quantify, never part of a task's name ("scenarios where ...")
CLAUSE_WORDS = {
    "where", "when", "whose", "which", "while", "including", "includes", "all", "every", "each", "any",
    "some", "corresponding", "such", "other", "own", "its", "their", "his", "her", "via", "than", "whether",
    "four", "five", "six", "seven", "eight", "nine", "ten", "few", "numerous", "various", "diverse",
}  # fmt: skip


@lru_cache(maxsize=65536)
def _loose_modifier(text: str) -> bool:
    """Any content word: used inside a title after "for"/"towards", where the cue bounds the phrase.
    Verb forms ("Optimize", "Orchestrating"), adverbs and evaluative words are left out unless task
    names use them ("Speaker Verification" ... "Sampling Rate" are not in the way).

    >>> _loose_modifier("drone"), _loose_modifier("Orchestrating"), _loose_modifier("accurately")
    (True, False, False)
    """
    low = text.lower()
    if low in SETTING:
        return True
    if _means(text) or low in PRAISE or low in CLAUSE_WORDS or (low.endswith("ly") and len(low) > 4):
        return False
    if low.endswith(("ing", "ize", "ise", "izes", "ises")) and low not in task_vocabulary():
        return False
    return text.replace("-", "").isalnum() and low not in NOT_MODIFIER and low not in VERBISH


@lru_cache(maxsize=65536)
def _modifier(text: str) -> bool:
    low = text.lower()
    if _means(text):
        return False
    if low not in task_vocabulary() and "-" not in low and not re.search(r"\d|^[A-Z]{2,}$", text):
        return False
    if low in PRAISE or low in CLAUSE_WORDS:
        return False
    return (
        len(text) > 1
        and low not in NOT_MODIFIER
        and (text.replace("-", "").isalpha() or text.replace("-", "").isalnum())
        and not low.endswith("ly")
        and low not in VERBISH
    )


def noun_phrase(doc: Doc, head: int, lo: int, strict: bool = True) -> Span | None:
    """The phrase ending at token ``head``: up to MAX_MOD modifiers before it, not before ``lo``."""
    W = info(doc).words
    start = head
    while start - 1 >= lo and head - start < MAX_MOD:
        prev = W[start - 1]
        if prev == ")" and start - 4 >= lo and W[start - 3] == "(":
            cand = start - 3  # "Text-to-video (T2V) generation": step over the short form
            if cand - 1 >= lo and _modifier(W[cand - 1]):
                return doc[cand - 1 : head + 1]
            break
        if not (_modifier(prev) or (not strict and _loose_modifier(prev))):
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


# task heads so general that an abstract phrase ending in one seldom names the paper's task
GENERIC_HEADS = {
    "analysis", "inference", "evaluation", "modeling", "modelling", "optimization", "computation",
    "simulation", "engineering", "control", "selection", "understanding", "search", "transfer", "mapping",
    "filtering", "coding", "fusion", "composition", "interpretation", "explanation", "decision-making",
}  # fmt: skip
# nouns that open a title chunk "X of Y" whose topic is Y
RELATIONAL = {
    "role", "roles", "laws", "law", "side", "impact", "impacts", "effect", "effects", "case", "trends",
    "nature", "power", "limits", "promise", "perils", "value", "cost", "costs", "landscape", "anatomy",
}  # fmt: skip


# gerunds that are nouns in a title ("Learning Dynamics", "Edge Computing")
NOUN_GERUNDS = {"learning", "training", "computing", "processing", "programming", "networking", "sensing"}


@lru_cache(maxsize=65536)
def _verb_form(text: str) -> bool:
    """A gerund or base verb opening a title chunk that is not itself a task word.

    >>> _verb_form("Orchestrating"), _verb_form("Harmonize"), _verb_form("Detecting"), _verb_form("Image")
    (True, True, False, False)
    """
    low = text.lower()
    if (
        low in TASK_GERUNDS
        or _head(text)
        or low in task_vocabulary()
        or low in SETTING
        or low in NOUN_GERUNDS
    ):
        return False
    return low.endswith(("ing", "ize", "ise")) and len(low) > 5


STRIP = PRAISE | (NOT_MODIFIER - {"model", "models", "learning", "performance", "task", "tasks", "deep"})


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
        if _means(W[j]):  # "Condition-Aware Road Surface Classification": the task follows
            start = j + 1
            break
    while start < end and W[start].lower() in STRIP and W[start].lower() not in SETTING:
        start += 1
    if start + 2 < end and W[start + 1].lower() == "of" and W[start].lower() in RELATIONAL:
        start += 2  # "The Role of Flexible Reasoning": the topic follows "of"
    if start < end and _verb_form(W[start]):
        start += 1  # "Orchestrating In-orbit Real-time Analytics": the object names the task
        if not _head(W[end - 1]):
            return None
    n = end - start
    if n < 2 or n > 5 or W[end - 1].lower() in NOT_TASK:
        return None
    if end < title_end and W[end].lower() not in CHUNK_END:
        return None  # cut by length: not a phrase
    return doc[start:end]


def find_tasks(doc: Doc, k: int = 3) -> list[Span]:
    """The ``k`` best task phrases (see module docs)."""
    di = info(doc)
    W = di.words
    n = len(W)
    title_end = di.sents[0][1] if di.sents else len(doc)
    early = di.sents[2][1] if len(di.sents) > 2 else len(doc)
    mentions = spans_of(doc, "kg_mentions")
    methods = {key_of(span_text(sp)) for sp in mentions if sp.label_ != "task"}
    long_methods = [m for m in methods if len(m) >= 12]
    score: dict[str, float] = {}
    best: dict[str, Span] = {}
    first: dict[str, int] = {}

    def add(sp: Span | None, s: float) -> None:
        if sp is None or len(sp) > MAX_MOD + 2:
            return
        key = key_of(task_name(sp))
        if not key or key in methods or (long_methods and any(m.endswith(key) for m in long_methods)):
            return  # "Policy Optimization" (of Proximal Policy Optimization) names a method
        if sp.start >= title_end and W[sp.end - 1].lower() in GENERIC_HEADS:
            s *= 0.5  # "statistical inference", "univariate analysis": rarely the paper's task
        score[key] = score.get(key, 0.0) + s
        first.setdefault(key, sp.start)
        if key not in best or (sp.start < title_end and best[key].start >= title_end):
            best[key] = sp

    for sp in mentions:
        if sp.label_ == "task" and len(sp) >= 2 and _head(sp[-1].text):
            add(sp, 3.0 if sp.start < title_end else 1.0)
    for lf, _sf in doc._.abbreviations:
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
            add(noun_phrase(doc, i, lo, strict=lo == 0), score_t)
    add(topic, 2.5)
    # or the object of a task gerund ("Detecting Silent Failures in ...")
    if title_end > 2 and W[0].lower() in TASK_GERUNDS:
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
        else:
            add(noun_phrase(doc, i, sa), base)
    for short in list(score):
        for long in score:
            if long != short and long.endswith(short) and score[long] >= 2.0:
                score[long] += 0.5 * score[short]
    ranked = sorted(score, key=lambda key: (-score[key], first[key]))
    out: list[Span] = []
    for key in ranked:
        if score[key] < (MIN_SCORE if len(out) < 2 else THIRD_SCORE) or len(out) >= k:
            break
        if any(key == key_of(task_name(o)) for o in out):
            continue
        out.append(best[key])
    if not out:  # no cue at all: the opening words of the title, when they form a phrase
        colon = next((i for i in range(min(title_end, 6)) if W[i] == ":"), -1)
        opening = title_chunk(doc, colon + 1, title_end)
        if opening is not None and len(opening) >= 2 and key_of(task_name(opening)) not in methods:
            out.append(opening)
    return out


@Language.component("kg_tasks")
def tasks_component(doc: Doc) -> Doc:
    """Set ``doc.spans["kg_tasks"]``."""
    set_spans(doc, "kg_tasks", find_tasks(doc))
    return doc
