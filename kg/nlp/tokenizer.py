"""A fast regex tokenizer producing spaCy Docs.

spaCy's rule-based English tokenizer runs at about 1,000 abstracts/s per core here, which alone
would use the whole build budget; this tokenizer keeps URLs, hyphenated names ("KADID-10k",
"Qwen2.5-VL") and LaTeX snippets ("$C^3$-Bench") whole and is about twice as fast.

Examples
--------
>>> import spacy
>>> nlp = spacy.blank("en")
>>> nlp.tokenizer = FastTokenizer(nlp.vocab)
>>> [t.text for t in nlp("We test GPT-4o on KADID-10k (see https://x.io/a).")]
['We', 'test', 'GPT-4o', 'on', 'KADID-10k', '(', 'see', 'https://x.io/a', ')', '.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.attrs import SENT_START
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.model import match_key

TOKEN = re.compile(
    r"https?://[^\s<>\"'\]\)}]+[^\s<>\"'\]\)}.,;:!?]"
    r"|\$[^$\s]{1,30}\$(?:[-\w]+)*"
    r"|\w+(?:[-+.'’/]\w+)*\+*"
    r"|\S"
)


class FastTokenizer:
    """Callable ``text -> Doc`` splitting words, URLs and punctuation with one regex."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        spans = [m.span() for m in TOKEN.finditer(text)]
        words = [text[a:b] for a, b in spans]
        starts = [a for a, _ in spans]
        spaces = [text[b : b + 1] == " " for _, b in spans]
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data["kg_words"] = (words, starts, text)
        return doc

    def to_bytes(self, **kwargs: object) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: object) -> FastTokenizer:
        return self


@dataclass
class DocInfo:
    """Plain-Python views of a Doc that the components share (Token objects are slow to create)."""

    words: list[str]
    starts: list[int]  # character offset of each token in ``text``
    text: str
    keys: list[str]
    sent_of: list[int]  # sentence number of each token
    sents: list[tuple[int, int]]  # (start, end) token ranges
    _texts: dict[int, str] = field(default_factory=dict)  # sentence texts, one object each

    def sent_range(self, i: int) -> tuple[int, int]:
        return self.sents[self.sent_of[i]]

    def sentence(self, i: int, limit: int = 400) -> str:
        """Text of the sentence holding token ``i`` (at most ``limit`` characters)."""
        n = self.sent_of[i]
        got = self._texts.get(n)
        if got is None:
            a, b = self.sents[n]
            end = self.starts[b - 1] + len(self.words[b - 1])
            got = self._texts[n] = self.text[self.starts[a] : end][:limit]
        return got


@lru_cache(maxsize=262144)
def key_of(word: str) -> str:
    """Memoised :func:`kg.model.match_key` of one token."""
    return match_key(word)


def info(doc: Doc) -> DocInfo:
    """The cached DocInfo of ``doc`` (built once, after the sentencizer ran)."""
    got = doc.user_data.get("kg_info")
    if got is not None:
        return got
    cached = doc.user_data.get("kg_words")
    if cached is not None:
        words, offsets, text = cached
    else:
        words, offsets, text = [t.text for t in doc], [t.idx for t in doc], doc.text
    starts = doc.to_array(SENT_START).tolist() if len(doc) else []
    sents: list[tuple[int, int]] = []
    sent_of: list[int] = []
    begin = 0
    for i in range(1, len(words)):
        if starts[i] == 1:
            sents.append((begin, i))
            begin = i
    if words:
        sents.append((begin, len(words)))
    for n, (a, b) in enumerate(sents):
        sent_of.extend([n] * (b - a))
    di = DocInfo(words, offsets, text, [key_of(w) for w in words], sent_of, sents)
    doc.user_data["kg_info"] = di
    return di
