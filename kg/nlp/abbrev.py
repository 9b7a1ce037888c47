"""Abbreviation detection (long form <-> short form), a spaCy component ``kg_abbreviations``.

Implements the Schwartz & Hearst (2003) algorithm: for "long form (SF)" the characters of SF are
matched right to left in the preceding words, the first one at a word start; hyphenated words count
as several words ("Graph-Smooth Null-Space Representation (GSNR)"). "SF (long form)" is tried when
the parenthesis holds more words than the short form has characters. scispacy's
AbbreviationDetector implements the same algorithm but is not installable here without its
nmslib/scipy stack, so this small version is used; results go to ``doc._.abbreviations`` as
``(long Span, short Span)`` pairs.

Examples
--------
>>> find_abbreviations("We propose a Graph-Smooth Null-Space Representation (GSNR) for X.")
[(13, 51, 53, 57)]
>>> s = "Retrieval-Augmented Generation (RAG) helps. SFT (supervised fine-tuning) too."
>>> [(s[a:b], s[c:d]) for a, b, c, d in find_abbreviations(s)]
[('Retrieval-Augmented Generation', 'RAG'), ('supervised fine-tuning', 'SFT')]
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

_PAREN = re.compile(r"\(([^()]{1,80})\)")
_WORD = re.compile(r"[^\s()]+")
_STOPS = re.compile(r"[.;:!?()\[\]]|,\s|\bwe\b|\bthe\b|\ba\b|\ban\b|\bthis\b|\bour\b", re.I)
_SHORT_OK = re.compile(r"^[^\W_][\w\-+./&']{0,14}$")
_TAIL = re.compile(r"([^\W_][\w\-]{1,12})\s*$")  # the word before "(long form)"
_SEP = re.compile(r"[;,]\s")
_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")
_NOT_SHORT = re.compile(r"(?:e\.g|i\.e|etc|cf|Fig|Eq|Sec|Tab)\.?")


def _word_before(text: str, end: int) -> re.Match[str] | None:
    """``_TAIL.search(text[:end])``, looking only at the characters that can take part in a match."""
    ws = end
    while ws > 0 and text[ws - 1].isspace():
        ws -= 1
    return _TAIL.search(text, max(0, ws - 13), end)


if not Doc.has_extension("abbreviations"):
    Doc.set_extension("abbreviations", default=[])


def _short_ok(sf: str) -> bool:
    if not _SHORT_OK.match(sf) or _UPPER.search(sf) is None or len(sf) < 2:
        return False
    letters = sum(c.isalpha() for c in sf)
    return letters >= 2 and _NOT_SHORT.fullmatch(sf) is None


def _long_form(sf: str, text: str) -> int | None:
    """Start offset in ``text`` of the long form ending at its end, or None."""
    s, i = len(sf) - 1, len(text) - 1
    while s >= 0:
        c = sf[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while i >= 0 and (text[i].lower() != c or (s == 0 and i > 0 and text[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    start = i + 1
    # a word's start: after a space, a hyphen, a slash or a brace ("\emph{Name")
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "-/{":
        start -= 1
    return start


def _window(text: str, end: int, nwords: int) -> int:
    """Start of the at most ``nwords`` words before ``end``, not crossing clause punctuation."""
    start = end
    words = list(_WORD.finditer(text, max(0, end - 300), end))
    for m in reversed(words[-nwords:]):
        start = m.start()
    seg = text[start:end]
    cut = 0
    for m in _STOPS.finditer(seg):
        cut = m.end()
    return start + cut


def find_abbreviations(text: str) -> list[tuple[int, int, int, int]]:
    """``(long_start, long_end, short_start, short_end)`` character offsets of each definition."""
    out: list[tuple[int, int, int, int]] = []
    for m in _PAREN.finditer(text):
        inner = m.group(1).strip()
        inner = _SEP.split(inner)[0].strip()
        ins = m.start(1) + m.group(1).find(inner)
        if _short_ok(inner) and len(inner.split()) == 1:
            end = m.start()
            while end > 0 and text[end - 1] == " ":
                end -= 1
            n = min(len(inner) + 5, 2 * len(inner))
            w0 = _window(text, end, n)
            seg = text[w0:end]
            st = _long_form(inner, seg)
            if st is None:
                continue
            lf = seg[st:]
            if len(lf) <= len(inner) or _LOWER.search(lf) is None:
                continue
            out.append((w0 + st, end, ins, ins + len(inner)))
        elif len(inner.split()) >= 2:
            pm = _word_before(text, m.start())
            if not pm or not _short_ok(pm.group(1)):
                continue
            sf = pm.group(1)
            st = _long_form(sf, inner)
            if st is None or st > 0:
                continue
            out.append((ins, ins + len(inner), pm.start(1), pm.end(1)))
    return out


@Language.component("kg_abbreviations")
def abbreviation_component(doc: Doc) -> Doc:
    """Set ``doc._.abbreviations`` to ``[(long Span, short Span), ...]``."""
    pairs = []
    cached = doc.user_data.get("kg_words")
    text = cached[2] if cached is not None else doc.text
    if "(" not in text:
        doc._.abbreviations = []
        return doc
    for a, b, c, d in find_abbreviations(text):
        lf = doc.char_span(a, b, alignment_mode="expand")
        sf = doc.char_span(c, d, alignment_mode="expand")
        if lf is not None and sf is not None:
            pairs.append((lf, sf))
    doc._.abbreviations = pairs
    return doc
