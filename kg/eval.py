"""Evaluate extractions (papers.jsonl rows) against hand-annotated gold (ANNOTATION.md format).

Matching rule: a predicted entity matches a gold item when its normalised name or any alias
(:func:`kg.model.match_key`: lower case, letters and digits only) equals the gold item's name or
one of its aliases. Repos match on :func:`kg.model.repo_key`. Precision counts predicted items that
match some gold item of the same paper; recall counts gold items matched by some prediction.
A predicted proposed entity of kind ``dataset`` also counts as a dataset prediction; gold
``datasets`` already list the proposed datasets.

Examples
--------
>>> gold = [{"id": "1", "proposed": [{"name": "OTPrune", "aliases": []}], "methods": [],
...          "datasets": [{"name": "COCO", "aliases": ["MS-COCO"]}], "tasks": [], "repos": []}]
>>> pred = [{"arxiv_id": "1", "proposed": [{"name": "otprune", "aliases": []}],
...          "datasets": [{"name": "MS COCO", "aliases": []}, {"name": "Foo", "aliases": []}]}]
>>> r = score(pred, gold)
>>> r["proposed"]["f1"], r["datasets"]["precision"], r["datasets"]["recall"]
(1.0, 0.5, 1.0)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.model import Extraction, match_key, norm_arxiv_id, repo_key

TYPES: tuple[str, ...] = ("proposed", "datasets", "methods", "tasks", "repos")


def read_jsonl(path: Path | str) -> list[dict[str, Any]]:
    """Read a JSONL file; raise InputError naming the file and line of a bad row."""
    p = Path(path)
    if not p.is_file():
        raise InputError("file not found", path=str(p))
    rows: list[dict[str, Any]] = []
    with p.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"line {i}: not JSON ({exc.msg})", path=str(p)) from exc
            if not isinstance(row, dict):
                raise InputError(f"line {i}: expected a JSON object", path=str(p))
            rows.append(row)
    return rows


def load_predictions(path: Path | str) -> list[dict[str, Any]]:
    """Predictions from a build folder (``DIR/papers.jsonl``) or a papers.jsonl file."""
    p = Path(path)
    if p.is_dir():
        p = p / "papers.jsonl"
    return read_jsonl(p)


def extraction_row(ex: Extraction) -> dict[str, Any]:
    """The papers.jsonl fields of one Extraction (the shape :func:`score` reads).

    >>> from kg.model import Extraction
    >>> extraction_row(Extraction(paper_key="arxiv:2501.00001"))["arxiv_id"]
    '2501.00001'
    """
    aid = ex.paper_key.split(":", 1)[1] if ex.paper_key.startswith("arxiv:") else None
    return {
        "key": ex.paper_key,
        "arxiv_id": aid,
        "proposed": [e.to_dict() for e in ex.proposed],
        "methods": [e.to_dict() for e in ex.methods],
        "datasets": [e.to_dict() for e in ex.datasets],
        "tasks": [e.to_dict() for e in ex.tasks],
        "repos": [r.to_dict() for r in ex.repos],
    }


def _paper_id(row: dict[str, Any]) -> str | None:
    for field in ("arxiv_id", "id", "key"):
        v = row.get(field)
        if isinstance(v, str) and v:
            return norm_arxiv_id(v) or v
    return None


def _forms(item: Any) -> set[str]:
    if isinstance(item, str):
        return {match_key(item)} - {""}
    names = [item.get("name") or "", *(item.get("aliases") or [])]
    return {match_key(n) for n in names if isinstance(n, str)} - {""}


def _repo_forms(item: Any) -> set[str]:
    url = item if isinstance(item, str) else (item.get("url") or item.get("key") or "")
    if isinstance(item, dict) and item.get("key") and not item.get("url"):
        return {str(item["key"])}
    return {repo_key(url)} if url else set()


def _items(row: dict[str, Any], typ: str, *, pred: bool) -> list[set[str]]:
    if typ == "repos":
        return [f for f in (_repo_forms(x) for x in row.get("repos") or []) if f]
    items = list(row.get(typ) or [])
    if pred and typ == "datasets":
        items += [x for x in row.get("proposed") or [] if isinstance(x, dict) and x.get("kind") == "dataset"]
    return [f for f in (_forms(x) for x in items) if f]


def _prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> dict[str, float | int]:
    p = tp_p / n_p if n_p else (1.0 if not n_g else 0.0)
    r = tp_g / n_g if n_g else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "pred": n_p, "gold": n_g}


def score(
    predictions: Iterable[dict[str, Any]], gold: Sequence[dict[str, Any]]
) -> dict[str, dict[str, float | int]]:
    """Micro precision/recall/F1 per type over the gold papers (missing predictions count as empty)."""
    by_id: dict[str, dict[str, Any]] = {}
    for row in predictions:
        pid = _paper_id(row)
        if pid:
            by_id.setdefault(pid, row)
    out: dict[str, dict[str, float | int]] = {}
    for typ in TYPES:
        tp_p = n_p = tp_g = n_g = 0
        for g in gold:
            pred_row = by_id.get(_paper_id(g) or "", {})
            gi = _items(g, typ, pred=False)
            pi = _dedupe(_items(pred_row, typ, pred=True))
            n_p += len(pi)
            n_g += len(gi)
            tp_p += sum(1 for f in pi if any(f & x for x in gi))
            tp_g += sum(1 for x in gi if any(f & x for f in pi))
        out[typ] = _prf(tp_p, n_p, tp_g, n_g)
    return out


def _dedupe(items: list[set[str]]) -> list[set[str]]:
    out: list[set[str]] = []
    for f in items:
        if not any(f & o for o in out):
            out.append(f)
    return out


def format_report(report: dict[str, dict[str, float | int]]) -> str:
    """A fixed-width table of a :func:`score` report.

    >>> print(format_report({"repos": {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "pred": 1, "gold": 2}}))
    type        precision  recall      f1   pred   gold
    repos           1.000   0.500   0.667      1      2
    """
    lines = [f"{'type':<10}{'precision':>11}{'recall':>8}{'f1':>8}{'pred':>7}{'gold':>7}"]
    for typ, r in report.items():
        lines.append(
            f"{typ:<10}{r['precision']:>11.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}{r['pred']:>7}{r['gold']:>7}"
        )
    return "\n".join(lines)


def gold_records(gold: Sequence[dict[str, Any]], corpus: Path | str) -> list[Any]:
    """The PaperRecords of the gold papers, read from the corpus file named in each row's ``source``.

    Raises InputError when a source file is missing or does not hold the paper.
    """
    from kg.sources import read_file

    corpus = Path(corpus)
    cache: dict[str, dict[str, Any]] = {}
    out: list[Any] = []
    for g in gold:
        src = str(g.get("source") or "")
        if src not in cache:
            path = corpus / src
            if not path.is_file():
                raise InputError(f"gold source not found for {g.get('id')}", path=str(path))
            cache[src] = {r.arxiv_id: r for r in read_file(path).records if r.arxiv_id}
        rec = cache[src].get(norm_arxiv_id(str(g.get("id"))) or "")
        if rec is None:
            raise InputError(f"paper {g.get('id')} not found in the gold source", path=src)
        out.append(rec)
    return out
