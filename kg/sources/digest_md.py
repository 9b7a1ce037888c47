"""Parser for the markdown digests of daily-arXiv-ai-enhanced and its forks.

Handles the upstream template and the variants seen in the wild: Chinese/English/Korean/Japanese
summaries, "," and ", " author separators, /abs/ and /pdf/ links, DOI and journal links, extra lines
(Recommendation, Keywords, translations, figures), "**TL;DR**:" and "> **TL;DR:**" label styles,
Background/Data fields, LLM failure placeholders, hard-wrapped abstracts, multi-line titles, and
the topic-grouped redesign of the astro-ph fork ("## <a id=…></a>[title](url)"). Anything else is
reported as a :class:`~kg.model.Problem` with file and line, never silently misread.

Examples
--------
>>> text = '''# cs.CV [[Back]](#toc)
...
... ### [1] [OTPrune: Token Pruning](https://arxiv.org/abs/2602.20205)
... *Xiwen Chen,Wenhui Zhu*
...
... Main category: cs.CV
...
... TL;DR: Summary generation failed
...
... <details>
...   <summary>Details</summary>
... Method: 提出OTPrune
...
... Abstract: We propose OTPrune,
... a training-free framework.
...
... </details>
... '''
>>> records, problems = parse_markdown(text, "2026-02-24.md")
>>> r = records[0]
>>> (r.key, r.authors, r.primary_category, r.dates)
('arxiv:2602.20205', ['Xiwen Chen', 'Wenhui Zhu'], 'cs.CV', ['2026-02-24'])
>>> r.abstract
'We propose OTPrune, a training-free framework.'
>>> (r.ai, r.ai_missing, r.summary_lang)
({'method': '提出OTPrune'}, ['tldr', 'motivation', 'result', 'conclusion'], 'zh')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.model import PaperRecord, Problem, norm_arxiv_id, norm_doi, paper_key
from kg.sources.common import clean, date_from_name, split_ai, summary_language

_HEAD_START = re.compile(r"^###\s*(?:\[(\d+)\]\s*)?\[")
_HEAD = re.compile(r"^###\s*(?:\[(\d+)\]\s*)?\[(.*)\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)\s*$")
_AUTHORS = re.compile(r"^\*(?!\*)(.*?)\*(?:\s*\|\s*\*\*(?:Main )?[Cc]ategory:\s*(.*?)\*\*)?\s*$")
_LABELS = (
    "TL;DR|Task|Main category|Category|Recommendation|Motivation|Method|Result|Conclusion|Background|"
    "Data|Abstract|Keywords|Comment|AI_Comments|ai_Abstract|摘要翻译|Abstract Translation|"
    "Conclusion Translation|Key Figures"
)
_FIELD = re.compile(
    rf"^(?:>\s*)?(?:\*\*)?({_LABELS})(?:\*\*)?\s*[:：]\s*(?:\*\*)?[ \t]?(.*)$",
)
_SECTION = re.compile(r"^(?:#\s+(\S.*?)\s*\[\[Back\]\]\(#toc\)|##\s+([\w.\-]+))\s*$")
_ARXIV_CAT = re.compile(r"^[a-z][a-z\-]*(?:\.[A-Za-z\-]+)?$")
_ENDS_ABSTRACT = {"abstract translation", "conclusion translation", "key figures", "摘要翻译"}
_TAGS = re.compile(r"^(?:\[[^\]\n]{1,40}\]){1,3}(?:\[\d+(?:\.\d+)?\])?\s*(?:[✅❌⭐️]+\s*)?")
_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# redesign of Straw674/daily-arXiv-astro-ph (2026-05 onwards)
_R_HEAD = re.compile(r'^##\s*<a id="([^"]+)"></a>\[(.*)\]\((\S+)\)\s*(?:\[\[back\]\]\(#(toc-\d+)\))?\s*$')
_R_TOC = re.compile(r'^##\s*<a id="(toc-\d+)"></a>\s*(.+?)\s*$')
_R_SUB = re.compile(r"^###\s+(.+?)\s*$")

FIELD_NAMES = {
    "tl;dr": "tldr",
    "task": "tldr",
    "main category": "category",
    "category": "category",
    "ai_abstract": "ai_abstract",
    "摘要翻译": "translation",
    "abstract translation": "translation",
    "conclusion translation": "conclusion_translation",
    "key figures": "figures",
    "ai_comments": "ai_comments",
}
# fields that are AI summaries (any language); others are metadata
AI_KEYS = ("tldr", "motivation", "method", "result", "conclusion", "background", "data")


@dataclass
class _Entry:
    line: int
    title: str
    url: str
    section: str | None
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    fields: dict[str, list[str]] = field(default_factory=dict)


def is_digest(text: str) -> bool:
    """True when ``text`` looks like a daily-arXiv digest (any supported variant).

    >>> is_digest("### [1] [T](https://arxiv.org/abs/2501.00001)\\n")
    True
    >>> is_digest("# My notes\\n")
    False
    """
    return bool(
        re.search(r"^###\s*(?:\[\d+\]\s*)?\[.*\]\(\S+\)\s*$", text, re.M)
        or re.search(r'^##\s*<a id="[^"]+"></a>\[', text, re.M)
    )


def parse_markdown(text: str, path: str) -> tuple[list[PaperRecord], list[Problem]]:
    """Parse one digest file's text into paper records and problems (file, line, reason)."""
    text = _CTRL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    # (the substring test first: the multi-line regex alone walks every line of the file)
    if '"></a>[' in text and re.search(r'^##\s*<a id="[^"]+"></a>\[', text, re.M):
        return _parse_redesign(lines, path)
    entries, problems = _split_entries(lines, path)
    if not entries and not problems:
        problems.append(Problem(path, None, "no digest entries found (not a daily-arXiv digest?)"))
    day = date_from_name(path)
    records: list[PaperRecord] = []
    for e in entries:
        rec = _to_record(e, path, day, problems)
        if rec is not None:
            records.append(rec)
    return records, problems


def _split_entries(lines: list[str], path: str) -> tuple[list[_Entry], list[Problem]]:
    entries: list[_Entry] = []
    problems: list[Problem] = []
    section: str | None = None
    cur: _Entry | None = None
    label: str | None = None
    in_abstract = False
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if not line:  # (a third of the lines) what the steps below do with an empty line, directly
            if cur is not None:
                if in_abstract:
                    cur.fields["abstract"].append(line)
                elif label is not None:
                    cur.fields[label].append(line)
            i += 1
            continue
        if line[:3] == "###" and _HEAD_START.match(line):
            joined, used = line, 0
            m = _HEAD.match(joined)
            while m is None and used < 4 and i + used + 1 < n and lines[i + used + 1].strip():
                used += 1
                joined = f"{joined} {lines[i + used].strip()}"
                m = _HEAD.match(joined)
            if m is None:
                problems.append(Problem(path, i + 1, "entry heading not understood: " + line[:80]))
                cur, label, in_abstract = None, None, False
                i += 1
                continue
            cur = _Entry(i + 1, m[2], m[3], section)
            entries.append(cur)
            label, in_abstract = None, False
            i += used + 1
            continue
        stripped = line.strip()
        if not in_abstract:
            sm = _SECTION.match(line)
            if sm and "Table of Contents" not in line and (line.startswith("# ") or not cur or cur.fields):
                section, cur, label = (sm.group(1) or sm.group(2)).strip(), None, None
                i += 1
                continue
        if cur is None:
            i += 1
            continue
        if in_abstract:
            fm = _FIELD.match(line)
            if stripped == "</details>" or (fm and fm.group(1).lower() in _ENDS_ABSTRACT):
                in_abstract = False
                label = None
                if fm:
                    label = FIELD_NAMES.get(fm.group(1).lower(), fm.group(1).lower())
                    cur.fields.setdefault(label, []).append(fm.group(2))
            else:
                cur.fields["abstract"].append(line)
            i += 1
            continue
        if not cur.authors and not cur.fields:
            am = _AUTHORS.match(stripped)
            if am:
                cur.authors = [a.strip() for a in am.group(1).split(",") if a.strip()]
                if am.group(2):
                    cur.categories = [c.strip() for c in am.group(2).split(",") if c.strip()]
                i += 1
                continue
        fm = _FIELD.match(line)
        if fm:
            label = FIELD_NAMES.get(fm.group(1).lower(), fm.group(1).lower())
            cur.fields.setdefault(label, []).append(fm.group(2))
            in_abstract = label == "abstract"
        elif stripped == "<summary>Abstract</summary>":  # 2025-03 template: abstract as the details body
            label, in_abstract = "abstract", True
            cur.fields.setdefault("abstract", [])
        elif stripped in ("<details>", "</details>", "---") or stripped.startswith(("<summary>", "[⬆")):
            label = None
        elif label is not None:
            cur.fields[label].append(line)
        i += 1
    return entries, problems


def _to_record(e: _Entry, path: str, day: str | None, problems: list[Problem]) -> PaperRecord | None:
    title = clean(e.title)
    if not title:
        problems.append(Problem(path, e.line, "entry without a title", entry=e.url))
        return None
    text = {k: "\n".join(v).strip() for k, v in e.fields.items()}
    abstract = clean(text.get("abstract", ""))
    arxiv_id = norm_arxiv_id(e.url) if "arxiv.org" in e.url else None
    doi = norm_doi(e.url) if not arxiv_id else None
    try:
        key = paper_key(arxiv_id=arxiv_id, doi=doi, title=title)
    except ValueError:
        problems.append(Problem(path, e.line, "entry has no usable id or title", entry=e.url))
        return None
    cat_field = clean(text.get("category", ""))
    cats = e.categories or ([cat_field] if cat_field else [])
    if not cats and e.section:
        cats = [e.section]
    topic = None
    if cats and not _ARXIV_CAT.match(cats[0]):
        topic, cats = cats[0], [c for c in cats[1:] if _ARXIV_CAT.match(c)]
    ai_raw = {k: text[k] for k in AI_KEYS if k in text}
    kept, missing = split_ai(ai_raw)
    if not abstract:
        why = "entry has an empty abstract" if "abstract" in text else "entry carries no English abstract"
        problems.append(Problem(path, e.line, why, "warning", key))
    tm = _TAGS.match(kept.get("tldr", ""))
    if tm:  # a fork prefixes the TL;DR with "[Tag][score] ✅"
        kept["tags"] = tm.group(0).strip()
        kept["tldr"] = kept["tldr"][tm.end() :].strip()
    if "recommendation" in text:
        kept["recommendation"] = clean(text["recommendation"])
    if "keywords" in text:
        kept["keywords"] = clean(text["keywords"])
    comment = clean(text.get("comment", "")) or None
    lang = summary_language(" ".join(v for k, v in kept.items() if k in AI_KEYS))
    url = e.url
    pdf = f"https://arxiv.org/pdf/{arxiv_id}" if arxiv_id else None
    if arxiv_id:
        url = f"https://arxiv.org/abs/{arxiv_id}"
    return PaperRecord(
        key=key,
        title=title,
        authors=e.authors,
        abstract=abstract,
        arxiv_id=arxiv_id,
        doi=doi,
        categories=cats,
        primary_category=cats[0] if cats else None,
        topic=topic,
        dates=[day] if day else [],
        comment=comment,
        url=url,
        pdf=pdf,
        ai=kept,
        ai_missing=missing,
        summary_lang=lang,
        source=path,
        line=e.line,
    )


def _parse_redesign(lines: list[str], path: str) -> tuple[list[PaperRecord], list[Problem]]:
    """The astro-ph fork's own generator: topic TOC, no authors, Background/Summary sections."""
    topics: dict[str, str] = {}
    records: list[PaperRecord] = []
    problems: list[Problem] = []
    day = date_from_name(path)
    cur: dict | None = None

    def flush() -> None:
        if cur is None:
            return
        secs = {k: clean("\n".join(v)) for k, v in cur["secs"].items()}
        aid = norm_arxiv_id(cur["id"]) or norm_arxiv_id(cur["url"])
        try:
            key = paper_key(arxiv_id=aid, title=cur["title"])
        except ValueError:
            problems.append(Problem(path, cur["line"], "entry has no usable id or title"))
            return
        ai = {
            k: v
            for k, v in (("background", secs.get("background", "")), ("tldr", secs.get("summary", "")))
            if v
        }
        records.append(
            PaperRecord(
                key=key,
                title=clean(cur["title"]),
                arxiv_id=aid,
                topic=topics.get(cur["toc"] or ""),
                dates=[day] if day else [],
                url=f"https://arxiv.org/abs/{aid}" if aid else cur["url"],
                pdf=f"https://arxiv.org/pdf/{aid}" if aid else None,
                ai=ai,
                ai_missing=[
                    k for k in ("tldr", "motivation", "method", "result", "conclusion") if k not in ai
                ],
                summary_lang=summary_language(" ".join(ai.values())),
                source=path,
                line=cur["line"],
            )
        )

    sub = None
    for no, line in enumerate(lines, 1):
        tm = _R_TOC.match(line)
        if tm:
            topics[tm[1]] = tm[2]
            continue
        hm = _R_HEAD.match(line)
        if hm:
            flush()
            cur = {"id": hm[1], "title": hm[2], "url": hm[3], "toc": hm[4], "line": no, "secs": {}}
            sub = None
            continue
        if line.startswith("## <a id="):
            problems.append(Problem(path, no, "entry heading not understood: " + line[:80]))
            flush()
            cur = None
            continue
        if cur is None:
            continue
        sm = _R_SUB.match(line)
        if sm:
            sub = sm[1].strip().lower()
            cur["secs"].setdefault(sub, [])
        elif sub is not None:
            cur["secs"][sub].append(line)
    flush()
    return records, problems
