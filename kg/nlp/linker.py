"""KB span matching (``kg_kb_matcher``) and entity linking (``kg_linker``) components.

The KB rows (:mod:`kg.nlp.kb`) are loaded into a :class:`spacy.kb.InMemoryLookupKB`: one entity per
row, one alias per normalised form (:func:`kg.model.match_key`) with prior probabilities that favour
trusted sources (curated > SciREX > PwC). The matcher finds the longest token n-grams whose
normalised form is an alias (plural "-s" folded), with a case rule against common words ("sam",
"live"); the linker resolves every mention to its best candidate and mints entities for names the
paper introduces (rules in :mod:`kg.nlp.rules`).

Examples
--------
>>> idx = kb_index()
>>> idx.candidates("3dgs")[0]
('method:3d-gaussian-splatting', 'method', '3D Gaussian Splatting')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from pathlib import Path

from spacy.kb import InMemoryLookupKB
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from kg.model import entity_key, match_key
from kg.nlp.features import F_DERIVED, F_VERSIONED, tokens_with
from kg.nlp.kb import SOURCES, kb_path, load_kb
from kg.nlp.tokenizer import TOKEN_POSS, info, set_spans, span_text, spans_of
from kg.nlp.versions import versioned_base

MAX_TOKENS = 8
_LOWER = re.compile(r"[a-z]")
_UPPER = re.compile(r"[A-Z]")
_PRIOR = {"curated": 0.9, "scirex": 0.6, "pwc": 0.4, "build": 0.8}


class _Gate(dict[str, bool]):
    """Memo: token key -> whether it (or it without its last character) starts an alias key."""

    def __init__(self, prefixes: set[str]) -> None:
        super().__init__()
        self.prefixes = prefixes

    def __missing__(self, k: str) -> bool:
        # an empty key (punctuation) ends a match at once: it never starts one; the last character
        # is dropped only for a plural "-s" (as matching does), so "in", "at", "an" are not gated
        got = self[k] = bool(k) and (k in self.prefixes or (k[-1] == "s" and k[:-1] in self.prefixes))
        return got


class _Singles(dict[str, tuple[str, ...]]):
    """Memo: token key -> the alias keys a one-token match on it may have (itself, its singular)."""

    def __init__(self, aliases: set[str]) -> None:
        super().__init__()
        self.aliases = aliases

    def __missing__(self, k: str) -> tuple[str, ...]:
        got = self[k] = tuple(a for a in (k, k[:-1] if k[-1:] == "s" else "") if a and a in self.aliases)
        return got


@dataclass
class _MatchMemo:
    """Per-KB memos of :func:`match_spans` (valid while the KB's sets stay as they were)."""

    signature: tuple[int, ...] = ()
    singles: _Singles = field(default_factory=lambda: _Singles(set()))
    case: dict[tuple[str, str, bool, bool], bool] = field(default_factory=dict)  # _case_ok results


@dataclass
class KBIndex:
    """The InMemoryLookupKB plus what matching needs: first-token keys and case rules."""

    kb: InMemoryLookupKB
    info: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # id -> (kind, name, source)
    first: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)  # token-boundary prefixes of alias keys
    aliases: set[str] = field(default_factory=set)
    strict: dict[str, set[str]] = field(default_factory=dict)  # alias key -> exact surfaces required
    capital: set[str] = field(default_factory=set)  # alias keys needing an upper-case letter
    inner: set[str] = field(default_factory=set)  # capital keys needing two ("QuALITY" is not "Quality")
    camel: set[str] = field(default_factory=set)  # capital keys needing an inner capital in a title
    cased: set[str] = field(default_factory=set)  # strict | capital
    _cands: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    _gate: _Gate = field(default_factory=lambda: _Gate(set()))  # token key -> may start a match
    _memo: _MatchMemo = field(default_factory=_MatchMemo)

    def match_memo(self) -> _MatchMemo:
        """The memos of :func:`match_spans`, new whenever a set they depend on has changed."""
        sets = (self.prefixes, self.aliases, self.strict, self.capital, self.inner, self.camel, self.cased)
        signature = (*map(id, sets), *map(len, sets))
        memo = self._memo
        if memo.signature != signature or len(memo.case) > 200_000:
            memo = self._memo = _MatchMemo(signature, _Singles(self.aliases))
        return memo

    def candidates(self, key: str) -> list[tuple[str, str, str]]:
        """``(id, kind, name)`` candidates of a normalised alias, best prior first (memoised)."""
        got = self._cands.get(key)
        if got is None:
            cands = sorted(self.kb.get_alias_candidates(key), key=lambda c: -c.prior_prob)
            got = self._cands[key] = [(c.entity_, *self.info[c.entity_][:2]) for c in cands]
        return list(got)

    def gate(self, keys: list[str]) -> list[int]:
        """Indices of the token keys that may start an alias match."""
        if self._gate.prefixes is not self.prefixes:
            self._gate = _Gate(self.prefixes)
        return list(compress(range(len(keys)), map(self._gate.__getitem__, keys)))

    def has(self, key: str) -> bool:
        return key in self.aliases


def kb_index(path: str | None = None) -> KBIndex:
    """The KB at ``path`` (default :func:`kg.nlp.kb.kb_path`) in an InMemoryLookupKB, cached per process."""
    return _kb_index(path or str(kb_path()))


@lru_cache(maxsize=2)
def _kb_index(path: str) -> KBIndex:
    rows = load_kb(Path(path))
    vocab = Vocab()
    kb = InMemoryLookupKB(vocab, entity_vector_length=1)
    idx = KBIndex(kb)
    alias_ents: dict[str, dict[str, float]] = {}
    surfaces: dict[str, set[str]] = {}
    for r in rows:
        eid, kind, src = r["id"], r["types"][0], r.get("source", "curated")
        if eid in idx.info:
            continue
        src = src if src in SOURCES else "build"
        idx.info[eid] = (kind, r["name"], src)
        for form in [r["name"], *r.get("aliases", [])]:
            k = match_key(form)
            if not k:
                continue
            alias_ents.setdefault(k, {})
            alias_ents[k][eid] = max(alias_ents[k].get(eid, 0.0), _PRIOR[src])
            surfaces.setdefault(k, set()).add(form)
            toks = TOKEN_POSS.findall(form)
            if toks:
                idx.first.add(match_key(toks[0]))
                acc = ""
                for tok in toks:  # hyphen parts too: the text may write "K nearest" for "k-nearest"
                    for part in tok.split("-"):
                        acc += match_key(part)
                        idx.prefixes.add(acc)
    idx.aliases = set(alias_ents)
    ents = list(idx.info)
    kb.set_entities(entity_list=ents, freq_list=[1] * len(ents), vector_list=[[0.0]] * len(ents))
    for k, cands in alias_ents.items():
        total = sum(cands.values())
        kb.add_alias(alias=k, entities=list(cands), probabilities=[v / total * 0.99 for v in cands.values()])
        forms = surfaces[k]
        if all(not re.search(r"[a-z]", f) for f in forms):
            idx.strict[k] = forms
        elif all(re.search(r"[A-Z]", f) for f in forms):
            idx.capital.add(k)
            if all(sum(c.isupper() for c in f) >= 3 for f in forms):
                idx.inner.add(k)
            if all(re.search(r"[A-Z]", f[1:]) for f in forms):
                idx.camel.add(k)
    idx.cased = set(idx.strict) | idx.capital
    return idx


def _case_ok(idx: KBIndex, key: str, surface: str, sent_start: bool, title: bool = False) -> bool:
    """Whether the text ``surface`` may stand for alias ``key`` (a check on case). In a title, where
    every word is capitalised, a name written with an inner capital needs one ("ComplEx" is not the
    title word "Complex"); elsewhere "Resnet" may stand for ResNet."""
    if key in idx.strict:  # all capitals, or one small letter among three ("GeLU" is GELU)
        core = surface[:-1] if surface.endswith("s") else surface
        low = len(_LOWER.findall(core))
        return low == 0 or (low == 1 and len(_UPPER.findall(core)) >= 3)
    if key in idx.capital:
        if key in idx.inner:
            return sum(c.isupper() for c in surface) >= 2
        if title and key in idx.camel:
            return _UPPER.search(surface, 1) is not None
        return bool(_UPPER.search(surface[1:] if sent_start else surface))
    return True


def match_spans(doc: Doc, idx: KBIndex) -> list[Span]:
    """Longest non-overlapping KB matches, left to right, labelled with the alias key."""
    di = info(doc)
    texts, keys = di.words, di.keys
    starts = {a for a, _ in di.sents}
    title_end = di.sents[0][1] if di.sents else 0
    out: list[Span] = []
    pre, aliases, cased = idx.prefixes, idx.aliases, idx.cased
    if len(cased) != len(idx.strict) + len(idx.capital):  # (disjoint sets) filled after construction
        cased = idx.cased = set(idx.strict) | idx.capital
    memo = idx.match_memo()
    singles, case = memo.singles, memo.case
    n = len(keys)
    done = 0  # first token not yet covered by a match
    for i in idx.gate(keys):
        if i < done:
            continue
        best = None
        k0 = keys[i]
        if not k0:
            continue
        if i + 1 == n or not keys[i + 1] or ((k2 := k0 + keys[i + 1]) not in pre and k2[:-1] not in pre):
            # the usual case: the match, if any, is this one token (the gate checked its prefix):
            # the alias itself, else its singular ("-s" folded), when the case rule allows
            for a in singles[k0]:
                ok = a not in cased
                if not ok:
                    ck = (a, texts[i], i in starts, i < title_end)
                    seen = case.get(ck)
                    ok = case[ck] = _case_ok(idx, *ck) if seen is None else seen
                if ok:
                    out.append(Span(doc, i, i + 1, label=a))
                    done = i + 1
                    break
            continue
        acc = ""
        j = i
        for kj in keys[i : i + MAX_TOKENS]:
            if not kj:
                break
            acc += kj
            short = acc[:-1]
            j += 1
            if acc not in pre and short not in pre:
                break
            # the alias itself, else its singular ("-s" folded), when the case rule allows
            if acc in aliases and (
                acc not in cased or _case_ok(idx, acc, " ".join(texts[i:j]), i in starts, i < title_end)
            ):
                best = (j, acc)
            elif (
                acc[-1] == "s"
                and short in aliases
                and (
                    short not in cased
                    or _case_ok(idx, short, " ".join(texts[i:j]), i in starts, i < title_end)
                )
            ):
                best = (j, short)
        if best:
            out.append(Span(doc, i, best[0], label=best[1]))
            done = best[0]
    return _derived_mentions(doc, idx, out, starts)


def _derived_mentions(doc: Doc, idx: KBIndex, out: list[Span], starts: set[int]) -> list[Span]:
    """Add the KB names that open a derived modifier ("LLM-based" mentions LLM, "OFDM-guided" OFDM) or
    carry a glued version ("YOLOv11" mentions YOLO)."""
    di = info(doc)
    cand = tokens_with(di, F_DERIVED | F_VERSIONED)
    if not cand:
        return out
    covered = {j for sp in out for j in range(sp.start, sp.end)}
    title_end = di.sents[0][1] if di.sents else 0
    added = False
    for i in cand:
        if i in covered:
            continue
        w = di.words[i]
        prefix = versioned_base(w) or w if w[-1:].isdigit() else w.rsplit("-", 1)[0]
        k = match_key(prefix)
        if k in idx.aliases and (k not in idx.cased or _case_ok(idx, k, prefix, i in starts, i < title_end)):
            out.append(Span(doc, i, i + 1, label=k))
            added = True
    return sorted(out, key=lambda sp: sp.start) if added else out


@Language.factory("kg_kb_matcher", default_config={"kb_path": ""})
def make_kb_matcher(nlp: Language, name: str, kb_path: str) -> KBMatcher:
    """Factory of the KB span matcher; mentions go to ``doc.spans["kg_mentions"]``."""
    return KBMatcher(kb_path)


class KBMatcher:
    """Finds KB alias mentions (label = normalised alias key)."""

    def __init__(self, kb_path: str) -> None:
        self.path = kb_path or None
        self.idx = kb_index(self.path)

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data["kg_kb_path"] = self.path
        set_spans(doc, "kg_mentions", match_spans(doc, self.idx))
        return doc


@Language.factory("kg_linker", default_config={"kb_path": ""})
def make_linker(nlp: Language, name: str, kb_path: str) -> Linker:
    """Factory of the linker: sets ``kb_id_`` (and label = kind) of mentions and proposals."""
    return Linker(kb_path)


class Linker:
    """Resolve mentions to KB entities through InMemoryLookupKB candidates; mint proposed ones."""

    def __init__(self, kb_path: str) -> None:
        self.idx = kb_index(kb_path or None)

    def __call__(self, doc: Doc) -> Doc:
        linked = []
        for sp in spans_of(doc, "kg_mentions"):
            cands = self.idx.candidates(sp.label_)
            if not cands:
                continue
            eid, kind, _ = cands[0]
            linked.append(Span(doc, sp.start, sp.end, label=kind, kb_id=eid))
        set_spans(doc, "kg_mentions", linked)
        minted = []
        for sp in spans_of(doc, "kg_proposed"):
            kind = sp.label_ if sp.label_ in ("method", "dataset") else "method"
            minted.append(Span(doc, sp.start, sp.end, label=kind, kb_id=entity_key(kind, span_text(sp))))
        set_spans(doc, "kg_proposed", minted)
        return doc
