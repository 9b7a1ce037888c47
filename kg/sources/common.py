"""Helpers shared by the source parsers: text clean-up, placeholders, dates, languages.

Examples
--------
>>> date_from_name("data/2026-04-01_AI_enhanced_Chinese.jsonl")
'2026-04-01'
>>> date_from_name("20251107_arxiv.jsonl")
'2025-11-07'
>>> date_from_name("000_ec6094f0c297707c.txt") is None
True
>>> summary_language("提出OTPrune框架")
'zh'
>>> summary_language("OTPrune is a framework")
'en'
>>> is_placeholder("Summary generation failed")
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from kg.model import AI_FIELDS

# Texts that enhance.py (or a fork) writes when the LLM call failed; they are not summaries.
PLACEHOLDERS: frozenset[str] = frozenset(
    s.casefold()
    for s in (
        "Summary generation failed",
        "Motivation analysis unavailable",
        "Method extraction failed",
        "Result analysis unavailable",
        "Conclusion extraction failed",
        "达到API配额限制，请明天再试",
        "Error: API quota exceeded",
        "Not mentioned in abstract",
        "N/A",
        "None",
        "Error",
    )
)

# AI fields kept as summaries (the astro-ph fork writes background/data instead of motivation)
SUMMARY_KEYS: frozenset[str] = frozenset((*AI_FIELDS, "background", "data"))

_DATE_DASHED = re.compile(r"(?<!\d)(20\d\d)-(\d\d)-(\d\d)(?!\d)")
_DATE_PLAIN = re.compile(r"(?<!\d)(20\d\d)(\d\d)(\d\d)(?!\d)")


def clean(text: str | None) -> str:
    """Collapse all runs of white space into single spaces and strip.

    >>> clean("  a\\n  b\\tc ")
    'a b c'
    """
    return " ".join(text.split()) if text else ""


def is_placeholder(text: str | None) -> bool:
    """True when ``text`` is a known LLM-failure placeholder (or empty)."""
    return _is_placeholder_clean(clean(text))


def _is_placeholder_clean(text: str) -> bool:
    """:func:`is_placeholder` of a text already :func:`clean`."""
    t = text.casefold()
    return not t or t in PLACEHOLDERS or (t.startswith("error:") and len(t) < 80)


def date_from_name(path: str) -> str | None:
    """The digest date ``YYYY-MM-DD`` found in a file name, if any (and valid)."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    for rx in (_DATE_DASHED, _DATE_PLAIN):
        m = rx.search(name)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            except ValueError:
                return None
    return None


_HANGUL = re.compile("[\uac00-\ud7af\u1100-\u11ff]")
_KANA = re.compile("[\u3040-\u30ff]")
_HAN = re.compile("[\u4e00-\u9fff]")


def summary_language(text: str) -> str | None:
    """Guess the language of an AI summary from its script: zh, ja, ko or en (``None`` if empty).

    Any Hangul in the first 400 characters makes it Korean, else any kana Japanese, else any
    CJK ideograph Chinese, else any letter English.

    >>> [summary_language(t) for t in ("本文提出", "これは日本語", "한국어 요약", "We propose", "42", "")]
    ['zh', 'ja', 'ko', 'en', None, None]
    """
    if not text:
        return None
    head = text[:400]
    if _HANGUL.search(head):
        return "ko"
    if _KANA.search(head):
        return "ja"
    if _HAN.search(head):
        return "zh"
    return "en" if any(ch.isalpha() for ch in head) else None


def split_ai(fields: Mapping[str, object]) -> tuple[dict[str, str], list[str]]:
    """Split raw AI fields into (kept summaries, missing field names).

    ``task`` (early upstream schema) is read as ``tldr``. Placeholders are dropped and listed as
    missing.

    >>> split_ai({"task": "Does X", "method": "Method extraction failed"})
    ({'tldr': 'Does X'}, ['motivation', 'method', 'result', 'conclusion'])
    """
    raw: dict[str, str] = {}
    for k, v in fields.items():
        if not isinstance(k, str) or not isinstance(v, str):
            continue
        name = "tldr" if k == "task" and "tldr" not in fields else k
        if name not in SUMMARY_KEYS:  # translations, scores, a leaked chain-of-thought used as a key …
            continue
        raw[name] = v
    cleaned = {k: clean(v) for k, v in raw.items()}
    kept = {k: v for k, v in cleaned.items() if not _is_placeholder_clean(v)}
    missing = [k for k in AI_FIELDS if k not in kept]
    return kept, missing
