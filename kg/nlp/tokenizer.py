"""A fast regex tokenizer producing spaCy Docs, the sentence splitter, and per-doc token arrays.

spaCy's rule-based English tokenizer runs at about 1,000 abstracts/s per core here, which alone
would use the whole build budget; this tokenizer keeps URLs, hyphenated names ("KADID-10k",
"Qwen2.5-VL") and LaTeX snippets ("$C^3$-Bench") whole and is about twice as fast.

The components share plain-Python views of a Doc (:class:`DocInfo`, built once per doc): token
texts, character offsets, match keys and sentence ranges, so that no component creates Token
objects or recomputes per-token values.

Examples
--------
>>> import spacy
>>> nlp = spacy.blank("en")
>>> nlp.tokenizer = FastTokenizer(nlp.vocab)
>>> [t.text for t in nlp("We test GPT-4o on KADID-10k (see https://x.io/a).")]
['We', 'test', 'GPT-4o', 'on', 'KADID-10k', '(', 'see', 'https://x.io/a', ')', '.']
>>> _ = nlp.add_pipe("kg_sentences")
>>> [s.text for s in nlp("A title . It works! Does it? Yes.").sents]
['A title .', 'It works!', 'Does it?', 'Yes.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate, compress
from operator import add
from typing import Any

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from kg.model import match_key

_TOKEN = (
    r"https?://[^\s<>\"'\]\)}]+[^\s<>\"'\]\)}.,;:!?]"
    r"|\$[^$\s]{1,30}\$(?:[-\w]+)*"
    r"|\w+(?:[-+.'’/]\w+)*\+*"
    r"|\S"
)
# the same, with a possessive "'s" as its own token ("PyTorch's" -> "PyTorch", "'s"); slower, so
# used only for texts that hold one
_WORD = r"|\w+(?:[-+.'’/]\w+)*\+*"
_TOKEN_POSS = _TOKEN.replace(_WORD, r"|\w+(?:(?:[-+./]|['’](?![sS]\b))\w+)*\+*|['’][sS]\b")
TOKEN = re.compile(_TOKEN)
TOKEN_POSS = re.compile(_TOKEN_POSS)
# the same tokens, each with the single space that follows it (if any)
_TOKEN_SPACE = re.compile(f"({_TOKEN})( ?)")
_TOKEN_SPACE_POSS = re.compile(f"({_TOKEN_POSS})( ?)")
_NOT_START = numpy.uint64(2**64 - 1)  # SENT_START -1 as stored in a uint64 array


class _OrthCache(dict[str, int]):
    """Memo: word -> its id in the StringStore ``strings`` (added when new, as a Doc would)."""

    def __init__(self, strings: StringStore) -> None:
        super().__init__()
        self.strings = strings

    def __missing__(self, word: str) -> int:
        got = self[word] = self.strings.add(word)
        return got


class FastTokenizer:
    """Callable ``text -> Doc`` splitting words, URLs and punctuation with one regex."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._orths = _OrthCache(vocab.strings)

    def __call__(self, text: str) -> Doc:
        poss = "'s" in text or "’s" in text or "'S" in text or "’S" in text
        # words separated by single spaces (printable: no other white space), as paper_text() makes
        if text.isprintable() and text[:1] != " " and text[-1:] != " " and "  " not in text and text:
            return self._spaced(text, text.split(" "), TOKEN_POSS if poss else TOKEN)
        pairs = (_TOKEN_SPACE_POSS if poss else _TOKEN_SPACE).findall(text)
        if pairs:
            words_t, gaps = zip(*pairs, strict=True)
            words = list(words_t)
        else:
            words, gaps = [], ()
        ends = list(accumulate(map(add, map(len, words), map(len, gaps)), initial=0))
        # tokens separated by single spaces only (the usual case): offsets follow from the lengths
        starts = (
            ends[:-1]
            if ends[-1] == len(text)
            else [m.start() for m in (TOKEN_POSS if poss else TOKEN).finditer(text)]
        )
        doc = Doc(self.vocab, words=words, spaces=list(map(bool, gaps)))
        doc.user_data["kg_words"] = (words, starts, text)
        doc.user_data["kg_fresh"] = True  # no sentence starts set beyond the first token
        if ends[-1] == len(text):
            doc.user_data["kg_exact"] = True  # text == doc.text: spans are slices of it
        return doc

    def _spaced(self, text: str, chunks: list[str], token: re.Pattern[str]) -> Doc:
        """``self(text)`` for a text whose words are separated by single spaces (``chunks``): no
        token spans a space, and a chunk of letters and digits only is one token (``\\w+``)."""
        words: list[str] = []
        spaces: list[bool] = []
        add_word, add_space = words.append, spaces.append
        for c in chunks:
            if c.isalnum():
                add_word(c)
                add_space(True)
            else:
                toks = token.findall(c)
                words += toks
                spaces += [False] * (len(toks) - 1)
                spaces.append(True)
        spaces[-1] = False
        starts = list(accumulate(map(add, map(len, words), spaces), initial=0))
        starts.pop()
        if self.vocab.in_memory_zone:  # type: ignore[attr-defined]  # ids made in a zone die with it
            doc = Doc(self.vocab, words=words, spaces=spaces)
        else:  # from string ids, a Doc does not hash every word again (most of its own cost)
            if len(self._orths) > 1_000_000 or self._orths.strings is not self.vocab.strings:
                self._orths = _OrthCache(self.vocab.strings)
            orths: list[Any] = list(map(self._orths.__getitem__, words))
            doc = Doc(self.vocab, words=orths, spaces=spaces)
        doc.user_data["kg_words"] = (words, starts, text)
        doc.user_data["kg_fresh"] = True
        doc.user_data["kg_exact"] = True  # every character but the single spaces is in a token
        return doc

    def to_bytes(self, **kwargs: object) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: object) -> FastTokenizer:
        return self


def sentence_starts(
    doc: Doc, words: list[str], punct_chars: frozenset[str], punct: dict[str, bool] | None = None
) -> list[int]:
    """First tokens of the sentences, as spaCy's Sentencizer finds them (same rule, fewer steps).

    A sentence starts at the first token after a sentence-final character that is neither such a
    character nor punctuation (``Token.is_punct``; ``punct`` memoises it per word for this vocab).
    """
    if punct is None:
        punct = {}
    n = len(words)
    if not n:
        return []
    out = [0]
    marks = list(compress(range(n), map(punct_chars.__contains__, words)))
    done = 0
    for p in marks:
        if p < done:
            continue
        j = p + 1
        while j < n:
            w = words[j]
            if w not in punct_chars:
                flag = punct.get(w)
                if flag is None:
                    flag = punct[w] = bool(doc[j].is_punct)
                if not flag:
                    break
            j += 1
        if j >= n:
            break
        out.append(j)
        done = j
    return out


class SentenceSplitter:
    """Sets ``Token.is_sent_start`` like spaCy's Sentencizer, from the tokenizer's word list."""

    def __init__(self, punct_chars: list[str]) -> None:
        self.punct_chars = frozenset(punct_chars)
        self._vocab: Vocab | None = None
        self._punct: dict[str, bool] = {}  # word -> Lexeme.is_punct in self._vocab

    def __call__(self, doc: Doc) -> Doc:
        words = _words(doc)[0]
        if doc.vocab is not self._vocab:
            self._vocab, self._punct = doc.vocab, {}
        starts = sentence_starts(doc, words, self.punct_chars, self._punct)
        fresh = doc.user_data.pop("kg_fresh", False)
        if not starts:
            return doc
        if fresh:  # straight from FastTokenizer: only the first token is marked yet
            flags = numpy.full((len(words), 1), _NOT_START, dtype="uint64")
            flags[starts, 0] = 1
            doc.from_array([SENT_START], flags)  # type: ignore[arg-type]
            doc.user_data["kg_sent_starts"] = starts
            return doc
        current = doc.to_array(SENT_START).astype("int64")
        new = numpy.full(len(words), -1, dtype="int64")
        new[starts] = 1
        unset = current == 0
        unset[0] |= current[0] == 1  # a new Doc marks its first token; so does the rule
        if unset.all():
            doc.user_data["kg_sent_starts"] = starts  # else info() reads the merged flags
        else:
            new[~unset] = current[~unset]
        doc.from_array([SENT_START], new.astype("uint64").reshape(-1, 1))  # type: ignore[arg-type]
        return doc


@Language.factory("kg_sentences", default_config={"punct_chars": [".", "!", "?"]})
def make_sentences(nlp: Language, name: str, punct_chars: list[str]) -> SentenceSplitter:
    """Factory of the sentence splitter (replaces spaCy's ``sentencizer`` at a fraction of its cost)."""
    return SentenceSplitter(punct_chars)


# match_key of an ASCII word: its lower-case letters and digits (every other ASCII character dropped)
_ASCII_DROP = {c: None for c in range(128) if not chr(c).isalnum()}


class _KeyCache(dict[str, str]):
    def __missing__(self, word: str) -> str:
        if len(self) > 1_000_000:
            self.clear()
        # ASCII: match_key is the lower-case form without the characters other than letters and digits
        got = self[word] = word.lower().translate(_ASCII_DROP) if word.isascii() else match_key(word)
        return got


_KEYS = _KeyCache()


def key_of(word: str) -> str:
    """Memoised :func:`kg.model.match_key` of one token.

    >>> key_of("GPT-4o")
    'gpt4o'
    """
    return _KEYS[word]


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
    cache: dict[str, Any] = field(default_factory=dict)  # per-doc values of other modules

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


def span_text(sp: Span) -> str:
    """``sp.text``, sliced from the doc text when the tokenizer's offsets allow (no Token objects).

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> nlp.tokenizer = FastTokenizer(nlp.vocab)
    >>> doc = nlp("We use  GPT-4o , twice .")
    >>> [span_text(doc[1:4]), doc[1:4].text]
    ['use GPT-4o ,', 'use GPT-4o ,']
    >>> doc = nlp("We use GPT-4o , twice .")
    >>> [span_text(doc[1:4]), doc[1:4].text]
    ['use GPT-4o ,', 'use GPT-4o ,']
    """
    doc = sp.doc
    if not doc.user_data.get("kg_exact"):
        return sp.text
    a, b = sp.start, sp.end
    if a >= b:
        return ""
    words, starts, text = doc.user_data["kg_words"]
    return text[starts[a] : starts[b - 1] + len(words[b - 1])]


def set_spans(doc: Doc, name: str, spans: list[Span]) -> None:
    """``doc.spans[name] = spans``, keeping the Span objects for :func:`spans_of`."""
    doc.spans[name] = spans
    doc.user_data.setdefault("kg_span_lists", {})[name] = (doc.spans[name], spans)


def spans_of(doc: Doc, name: str) -> list[Span]:
    """The spans of group ``name`` (empty when missing), without re-creating Span objects when
    the group was set by :func:`set_spans` and not replaced since.

    >>> import spacy
    >>> doc = spacy.blank("en")("a b c")
    >>> set_spans(doc, "x", [doc[0:1]])
    >>> [s.text for s in spans_of(doc, "x")], spans_of(doc, "y")
    (['a'], [])
    """
    group = doc.spans.get(name)
    if group is None:
        return []
    kept = doc.user_data.get("kg_span_lists", {}).get(name)
    if kept is not None and kept[0] is group and len(kept[1]) == len(group):
        return kept[1]
    return list(group)


def _words(doc: Doc) -> tuple[list[str], list[int], str]:
    cached = doc.user_data.get("kg_words")
    if cached is None:
        cached = doc.user_data["kg_words"] = ([t.text for t in doc], [t.idx for t in doc], doc.text)
    return cached


def info(doc: Doc) -> DocInfo:
    """The cached DocInfo of ``doc`` (built once, after the sentence splitter ran)."""
    got = doc.user_data.get("kg_info")
    if got is not None:
        return got
    words, offsets, text = _words(doc)
    n = len(words)
    bounds = doc.user_data.get("kg_sent_starts")
    if bounds is None:
        flags = doc.to_array(SENT_START).tolist() if n else []
        bounds = [0] + [i for i in range(1, n) if flags[i] == 1] if n else []
    sents = list(zip(bounds, [*bounds[1:], n], strict=True)) if n else []
    sent_of: list[int] = []
    for k, (a, b) in enumerate(sents):
        sent_of.extend([k] * (b - a))
    di = DocInfo(words, offsets, text, list(map(_KEYS.__getitem__, words)), sent_of, sents)
    doc.user_data["kg_info"] = di
    return di
