"""External reference: mention-level F1 for Method and Material on the SciERC test split.

SciERC (Luan et al. 2018) annotates every mention of Method, Material, Task, ... in 100 test
abstracts (DyGIE JSON lines: ``sentences`` of tokens, ``ner`` spans ``[start, end, type]`` with
inclusive document-level token offsets). The gold tokens are fed to the pipeline unchanged
(``-LRB-`` etc. mapped back to brackets); a predicted span counts when its start, end and type are
exactly those of a gold span. Methods are the KB method mentions, name-like method candidates,
abbreviation pairs and proposed methods; Materials are the dataset ones. Every occurrence of a
predicted surface form counts as a mention.

Examples
--------
>>> doc = {"sentences": [["We", "train", "BERT", "on", "SQuAD", "."]],
...        "ner": [[[2, 2, "Method"], [4, 4, "Material"]]]}
>>> r = score_docs([doc])
>>> r["Method"]["f1"], r["Material"]["f1"]
(1.0, 1.0)
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from kg.nlp.pipeline import make_nlp

PTB = {
    "-LRB-": "(",
    "-RRB-": ")",
    "-LSB-": "[",
    "-RSB-": "]",
    "-LCB-": "{",
    "-RCB-": "}",
    "``": '"',
    "''": '"',
}
TYPES = {"method": "Method", "dataset": "Material"}


def _doc(words: list[str]) -> Doc:
    nlp = make_nlp()
    starts, pos = [], 0
    for w in words:
        starts.append(pos)
        pos += len(w) + 1
    doc = Doc(nlp.vocab, words=words, spaces=[True] * len(words))
    doc.user_data["kg_words"] = (words, starts, " ".join(words))
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def predict(words: list[str]) -> set[tuple[int, int, str]]:
    """Predicted ``(start, end_inclusive, type)`` mentions of one tokenised abstract."""
    doc = _doc(words)
    spans: list[tuple[int, int, str]] = []
    for group in ("kg_mentions", "kg_candidates", "kg_proposed"):
        for sp in doc.spans.get(group, []):
            if sp.label_ in TYPES:
                spans.append((sp.start, sp.end, TYPES[sp.label_]))
    for lf, sf in doc._.abbreviations:
        for s0, e0, typ in list(spans):
            if (s0, e0) in ((lf.start, lf.end), (sf.start, sf.end)):
                spans += [(lf.start, lf.end, typ), (sf.start, sf.end, typ)]
    forms = {(tuple(words[s:e]), typ) for s, e, typ in spans}
    out: set[tuple[int, int, str]] = set()
    for form, typ in forms:
        n = len(form)
        for i in range(len(words) - n + 1):
            if tuple(words[i : i + n]) == form:
                out.add((i, i + n - 1, typ))
    return out


def score_docs(docs: Iterable[dict[str, Any]]) -> dict[str, dict[str, float | int]]:
    """Micro P/R/F1 per type (Method, Material) over DyGIE-format documents."""
    tp = {t: 0 for t in TYPES.values()}
    n_pred = dict(tp)
    n_gold = dict(tp)
    for d in docs:
        words = [PTB.get(w, w) for sent in d["sentences"] for w in sent]
        gold = {(s, e, t) for sent in d["ner"] for s, e, t in sent if t in n_gold}
        pred = predict(words)
        for t in n_gold:
            gs = {x for x in gold if x[2] == t}
            ps = {x for x in pred if x[2] == t}
            tp[t] += len(gs & ps)
            n_pred[t] += len(ps)
            n_gold[t] += len(gs)
    out: dict[str, dict[str, float | int]] = {}
    for t in n_gold:
        p = tp[t] / n_pred[t] if n_pred[t] else 0.0
        r = tp[t] / n_gold[t] if n_gold[t] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[t] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "pred": n_pred[t],
            "gold": n_gold[t],
        }
    return out


def score_file(path: Path) -> dict[str, dict[str, float | int]]:
    """Score the pipeline on a SciERC ``raw/*.json`` file (gold/allenai__scibert__SciERC/raw/test.json)."""
    with path.open(encoding="utf-8") as fh:
        return score_docs(json.loads(line) for line in fh if line.strip())
