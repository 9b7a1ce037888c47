"""Word lists and word tests of the task extractor (:mod:`kg.nlp.tasks`).

>>> loose_modifier("drone"), verb_form("Orchestrating"), activity(["Gait", "Reconfiguration"])
(True, True, True)
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span

from kg.nlp.kb import KB_PATH
from kg.nlp.lexicon import (
    NOT_MODIFIER,
    PRAISE,
    SETTING,
    TASK_GERUNDS,
    derived,
    is_contribution,
    is_task_head,
)
from kg.nlp.linker import kb_index
from kg.nlp.tokenizer import info, key_of, span_text

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

# words that open a clause or quantify, never part of a task's name ("scenarios where ...")
CLAUSE_WORDS = {
    "where", "when", "whose", "which", "while", "including", "includes", "all", "every", "each", "any",
    "some", "corresponding", "such", "other", "own", "its", "their", "his", "her", "via", "than", "whether",
    "four", "five", "six", "seven", "eight", "nine", "ten", "few", "numerous", "various", "diverse",
}  # fmt: skip

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

# evaluative title words a task's name leaves out but the text's own phrase keeps ("Novel ...")
EVALUATIVE = {
    "novel", "new", "efficient", "effective", "robust", "accurate", "improved", "better", "fast",
    "faster", "scalable", "generalizable", "generalized", "reliable", "unified", "general", "large",
    "interpretable", "explainable", "flexible", "holistic", "comprehensive", "transparent", "lightweight",
    "trustworthy", "practical", "proactive", "principled", "targeted", "large-scale", "real-world",
}  # fmt: skip
# words that do not open a task's name
FUNCTION_WORDS = {
    "a", "an", "the", "of", "for", "and", "or", "in", "on", "to", "with", "by", "from", "as", "at", "we",
    "our", "this", "that", "these", "those", "is", "are", "be", "term", "terms", "called", "named", "so",
}  # fmt: skip


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
def means_word(text: str) -> bool:
    """A capitalised modifier naming the means ("LLM-Guided", "Condition-Aware"), which a task name
    leaves out; "EEG-based", "Test-Time" and lower-case ones ("readability-controlled") stay."""
    suffix = text.rsplit("-", 1)[-1]
    return (
        "-" in text
        and suffix[:1].isupper()
        and (suffix.endswith("ed") or suffix.lower() in {"aware", "agnostic", "centric", "oriented"})
        and suffix.lower() != "based"
    )


@lru_cache(maxsize=65536)
def loose_modifier(text: str) -> bool:
    """Any content word: used inside a title after "for"/"towards", where the cue bounds the phrase.
    Verb forms ("Optimize", "Orchestrating"), adverbs and evaluative words are left out unless task
    names use them ("Speaker Verification" ... "Sampling Rate" are not in the way).

    >>> loose_modifier("drone"), loose_modifier("Orchestrating"), loose_modifier("accurately")
    (True, False, False)
    """
    low = text.lower()
    if low in SETTING:
        return True
    if means_word(text) or low in PRAISE or low in CLAUSE_WORDS or (low.endswith("ly") and len(low) > 4):
        return False
    if low.endswith(("ing", "ize", "ise", "izes", "ises")) and low not in task_vocabulary():
        return False
    return text.replace("-", "").isalnum() and low not in NOT_MODIFIER and low not in VERBISH


_DIGIT_OR_CAPS = re.compile(r"\d|^[A-Z]{2,}$")


@lru_cache(maxsize=65536)
def modifier(text: str) -> bool:
    low = text.lower()
    if means_word(text):
        return False
    if low not in task_vocabulary() and "-" not in low and _DIGIT_OR_CAPS.search(text) is None:
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


@lru_cache(maxsize=65536)
def verb_form(text: str) -> bool:
    """A gerund or base verb opening a title chunk that is not itself a task word.

    >>> verb_form("Orchestrating"), verb_form("Harmonize"), verb_form("Detecting"), verb_form("Image")
    (True, True, False, False)
    """
    low = text.lower()
    if (
        low in TASK_GERUNDS
        or is_task_head(text)
        or low in task_vocabulary()
        or low in SETTING
        or low in NOUN_GERUNDS
    ):
        return False
    return low.endswith(("ing", "ize", "ise")) and len(low) > 5


PROCESS_ENDINGS = ("ing", "ion", "ions", "ment", "ments", "ance", "ence", "ity")


_DIGIT_OR_ADVERB = re.compile(r"\d|ly\b")


def activity(words: list[str]) -> bool:
    """A title chunk naming an activity: its last word a process noun ("Data Prefiltering",
    "Gait Reconfiguration", "Device Development") or its first a task gerund ("Detecting
    Deepfakes"), with no digits (a sky position, a version) and no artefact word.

    >>> activity(["Tactile", "Processing"]), activity(["Workload", "Trace"]), activity(["NGC", "1068"])
    (True, False, False)
    """
    last = words[-1].lower()
    if not (words[0].lower() in TASK_GERUNDS or (last.endswith(PROCESS_ENDINGS) and len(last) > 5)):
        return False
    return not is_contribution(last) and _DIGIT_OR_ADVERB.search(" ".join(words)) is None


ADJECTIVE_ENDINGS = ("ed", "al", "ic", "ive", "ous", "ent", "ant", "ble", "id", "ern", "ary")


def adjective(word: str) -> bool:
    """A lower-case adjective opening an abstract's task phrase ("simulated", "valid", "modern")."""
    if not (word.islower() and word.isalpha()) or word in task_vocabulary():
        return False  # "hierarchical", "natural": words of task names
    return word.endswith(ADJECTIVE_ENDINGS) or word in EVALUATIVE


TITLE_CUES = {"for", "towards", "toward", "in", "on", "of"}
FOR_CUES = {"for", "towards", "toward"}
OBJECT_CUES = {"of", "on", "in", "against"}


STRIP = PRAISE | (NOT_MODIFIER - {"model", "models", "learning", "performance", "task", "tasks", "deep"})


def variant_of(a: str, b: str) -> bool:
    """Whether match keys ``a`` and ``b`` name one task in a longer and a shorter form (one starts
    or ends the other: "imagedehazing" of "nighttimeimagedehazing").

    >>> variant_of("imagedehazing", "nighttimeimagedehazing"), variant_of("dehazing", "deraining")
    (True, False)
    """
    return a != b and (a.endswith(b) or b.endswith(a) or a.startswith(b) or b.startswith(a))


def abbreviated(abbreviations: list[tuple[Span, Span]], name: str, words: list[str]) -> str:
    """The task's name with a long form inside it replaced by the short form the text gives
    ("Electric Vehicle Navigation" -> "EV Navigation" after "Electric Vehicle (EV)"); empty when
    the text abbreviates the whole name (that short form is the alias) or nothing in it.

    >>> from kg.nlp.pipeline import make_nlp, paper_text
    >>> doc = make_nlp()(paper_text("Electric Vehicle Navigation", "Electric vehicles (EVs) drive."))
    >>> abbreviated(doc._.abbreviations, "Electric Vehicle Navigation", info(doc).words)
    'EV Navigation'
    """
    low, key = f" {name.lower()} ", key_of(name)
    for lf, sf in abbreviations:
        if words[lf.start].lower() not in low:
            continue
        long, short = span_text(lf), span_text(sf)
        if key_of(long) == key:
            return ""
        for form in (long.lower(), long.lower().rstrip("s")):
            if f" {form} " in low and short:
                i = low.index(f" {form} ")
                return name[:i] + short.rstrip("s") + name[i + len(form) :]
    return ""


def unstripped(doc: Doc, sp: Span) -> Span | None:
    """A title's task phrase with the evaluative word before it that its name leaves out.

    >>> from kg.nlp.pipeline import make_nlp, paper_text
    >>> doc = make_nlp()(paper_text("Ray Casting for Novel Ultrasound View Synthesis", "We cast."))
    >>> unstripped(doc, doc[4:7]).text
    'Novel Ultrasound View Synthesis'
    """
    W = info(doc).words
    if sp.start > 0 and W[sp.start - 1].lower() in EVALUATIVE and W[sp.start - 1][:1].isupper():
        return doc[sp.start - 1 : sp.end]
    return None


_QUALIFIER_ENDS = ("ous", "ive", "ful", "less")


def qualifier(word: str) -> bool:
    """A word that narrows a task without naming it: "Heterogeneous", "Angles-only", "Interlocking-free"
    (not a noun or a field: "Electric Vehicle Navigation", "Medical Image Segmentation").

    >>> qualifier("Heterogeneous"), qualifier("Angles-only"), qualifier("Image"), qualifier("Medical")
    (True, True, False, False)
    """
    if "-" in word:
        return derived(word)
    return word.isalpha() and word.lower().endswith(_QUALIFIER_ENDS)


QUESTION_WORDS = {
    "how",
    "what",
    "why",
    "when",
    "which",
    "who",
    "do",
    "does",
    "did",
    "can",
    "could",
    "should",
    "is",
    "are",
}


def task_fit(sp: Span | None) -> Span | None:
    """``sp`` when it may be a task: not a question ("How Do I Do That", "Do LLMs Need") and not a
    thing the paper builds ("A Symbolic Learning Method"); else None.

    >>> from kg.nlp.pipeline import make_nlp, paper_text
    >>> doc = make_nlp()(paper_text("How Do I Do That? A Navigation Method", "We ask."))
    >>> task_fit(doc[0:5]), task_fit(doc[7:9]), task_fit(doc[7:8]).text
    (None, None, 'Navigation')
    """
    if sp is None:
        return None
    W = info(sp.doc).words
    return None if W[sp.start].lower() in QUESTION_WORDS or is_contribution(W[sp.end - 1]) else sp
