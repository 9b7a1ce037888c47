"""The spaCy pipeline: blank English, fast tokenizer, sentence splitter, abbreviations, KB matcher,
rules, linker, tasks. No statistical model, nothing downloaded.

The sentence splitter (``kg_sentences``, named ``sentencizer`` in the pipeline) sets the same
sentence starts as spaCy's Sentencizer with ``.!?`` at a fraction of its cost.

Examples
--------
>>> nlp = make_nlp()
>>> nlp.pipe_names
['sentencizer', 'kg_abbreviations', 'kg_kb_matcher', 'kg_rules', 'kg_linker', 'kg_tasks']
>>> doc = nlp(paper_text("OTPrune: Faster Inference", "We propose OTPrune, built on CLIP."))
>>> [(s.text, s.label_) for s in doc.spans["kg_proposed"]], [s.kb_id_ for s in doc.spans["kg_mentions"]]
([('OTPrune', 'method')], ['method:clip'])
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp import abbrev, linker, rules, tasks  # noqa: F401  (register the components)
from kg.nlp.kb import kb_path as kb_path_default
from kg.nlp.tokenizer import FastTokenizer


def paper_text(title: str, abstract: str) -> str:
    """The text the pipeline reads: the title as its own first sentence, then the abstract.

    >>> paper_text("A  title", "Body\\ntext.")
    'A title . Body text.'
    """
    t = _squash(title or "").rstrip(".")
    a = _squash(abstract or "")
    return f"{t} . {a}" if a else f"{t} ."


def _squash(text: str) -> str:
    """``text`` with each run of white space made one space, and none at either end."""
    # a printable text holds no white space but " " (the usual case: nothing to do)
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    # str.split() splits on the same characters as the regex \s (much faster than a sub)
    return " ".join(text.split())


def make_nlp(kb_path: str | None = None) -> Language:
    """The pipeline (cached per process) on the KB JSONL ``kb_path`` (default: $PAPERKG_KB, else shipped)."""
    return _make_nlp(kb_path or str(kb_path_default()))


@lru_cache(maxsize=2)
def _make_nlp(kb_path: str) -> Language:
    nlp = spacy.blank("en")
    # lexical attributes (like_num, shape, ...) are not used; computing them for every new word
    # doubled the tokenizer's cost
    nlp.vocab.lex_attr_getters = {}  # type: ignore[attr-defined]
    nlp.tokenizer = FastTokenizer(nlp.vocab)
    # spaCy's Sentencizer rule, computed from the tokenizer's word list (named as before)
    nlp.add_pipe("kg_sentences", name="sentencizer", config={"punct_chars": [".", "!", "?"]})
    nlp.add_pipe("kg_abbreviations")
    nlp.add_pipe("kg_kb_matcher", config={"kb_path": kb_path})
    nlp.add_pipe("kg_rules")
    nlp.add_pipe("kg_linker", config={"kb_path": kb_path})
    nlp.add_pipe("kg_tasks")
    return nlp


def run_staged(nlp: Language, texts: Iterable[str]) -> list[Doc]:
    """``list(nlp.pipe(texts))``, one pipeline step at a time over all the texts: tokenize them all,
    then run each component over all the docs. The same docs, in less time than spaCy's doc-by-doc
    pipe (a component's code and memos stay in the CPU caches); hold texts in chunks of a few hundred.

    >>> nlp = make_nlp()
    >>> texts = [paper_text("OTPrune", "We propose OTPrune."), paper_text("B", "We use CLIP.")]
    >>> [[s.text for s in d.spans["kg_mentions"]] for d in run_staged(nlp, texts)]
    [[], ['CLIP']]
    """
    docs = [nlp.make_doc(t) for t in texts]
    for _, proc in nlp.pipeline:
        pipe = getattr(proc, "pipe", None)
        docs = list(pipe(docs)) if pipe is not None else [proc(d) for d in docs]
    return docs
