"""The knowledge base of methods, datasets and tasks: JSONL rows ``{id, name, aliases, types}``.

Sources, in order of trust (an earlier source wins a name clash):

1. ``kg/nlp/data/curated.tsv``: the team's curated list of widely used methods, models and datasets
   (``kind<TAB>name<TAB>alias|alias``; names and aliases are facts);
2. SciREX salient entities (``corpus/gold/allenai__SciREX``): Method, Material (dataset) and Task names;
3. Papers with Code tables (``corpus/pwc``): task names and synonyms, dataset and model names;
4. names proposed by papers of a build (``papers.jsonl`` rows), ``source`` = the proposing paper.

The built KB ships as ``kg/nlp/data/kb.jsonl`` so that no step downloads anything;
``kg kb build`` rebuilds it reproducibly (sorted output).

Examples
--------
>>> kb = merge_entries([entry("method", "NeRF", ["Neural Radiance Fields"], "curated"),
...                     entry("method", "neural radiance field", [], "pwc")])
>>> [(e["id"], e["aliases"]) for e in kb]
[('method:nerf', ['Neural Radiance Fields', 'neural radiance field'])]
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.model import entity_key, match_key

DATA = Path(__file__).resolve().parent / "data"
KB_PATH = DATA / "kb.jsonl"
CURATED_PATH = DATA / "curated.tsv"
SOURCES = ("curated", "scirex", "pwc", "build")

# words that are never names on their own (PwC holds a few odd entries)
_STOP = {
    "deep learning",
    "machine learning",
    "neural network",
    "neural networks",
    "artificial intelligence",
    "ai",
    "algorithm",
    "algorithms",
    "approach",
    "technique",
    "deeplearning",
    "machinelearning",
    "model",
    "models",
    "method",
    "methods",
    "data",
    "dataset",
    "datasets",
    "benchmark",
    "task",
    "tasks",
    "network",
    "networks",
    "learning",
    "training",
    "test",
    "image",
    "images",
    "text",
    "video",
    "other",
    "none",
    "n a",
    "na",
    "all",
    "baseline",
    "ours",
    "framework",
    "system",
    "general",
}


def entry(kind: str, name: str, aliases: Iterable[str] = (), source: str = "curated") -> dict[str, Any]:
    """One KB row for ``name`` of ``kind`` (method, dataset or task).

    >>> entry("dataset", "KADID-10k", ["KADID"])["id"]
    'dataset:kadid-10k'
    """
    name = " ".join(name.split())
    return {
        "id": entity_key(kind, name),
        "name": name,
        "aliases": [a for a in dict.fromkeys(" ".join(a.split()) for a in aliases) if a and a != name],
        "types": [kind],
        "source": source,
    }


def merge_entries(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Merge rows of the same kind that share a normalised name or alias (first row wins the name)."""
    rows: list[dict[str, Any]] = []
    index: dict[tuple[str, str], int] = {}
    for e in entries:
        kind = e["types"][0]
        forms = [e["name"], *e["aliases"]]
        keys = [(kind, _fold_plural(match_key(f))) for f in forms if match_key(f)]
        hit = next((index[k] for k in keys if k in index), None)
        if hit is None:
            rows.append({**e, "aliases": list(e["aliases"])})
            hit = len(rows) - 1
        else:
            known = {match_key(x) for x in [rows[hit]["name"], *rows[hit]["aliases"]]}
            for f in forms:
                if match_key(f) not in known:
                    rows[hit]["aliases"].append(f)
                    known.add(match_key(f))
        for k in keys:
            index.setdefault(k, hit)
    return rows


def _namey(name: str) -> bool:
    """Some word of ``name`` is name-like (inner capitals, letters with digits, an acronym)."""
    return (
        any(
            re.search(r"[a-z][A-Z]|[A-Z][^a-z]*[A-Z]", w)
            or (re.search(r"\d", w) and re.search(r"[A-Za-z]{2}", w))
            for w in name.split()
        )
        and len(name) > 2
    )


def _fold_plural(key: str) -> str:
    return key[:-1] if key.endswith("s") and not key.endswith("ss") and len(key) > 3 else key


def name_ok(name: str) -> bool:
    """Whether ``name`` may name an entity: not a generic word ("machine learning", "model").

    >>> name_ok("machine learning"), name_ok("metric learning")
    (False, True)
    """
    k = match_key(name)
    return 2 <= len(k) <= 60 and k not in _STOP and " ".join(name.lower().split()) not in _STOP


def read_curated(path: Path = CURATED_PATH) -> list[dict[str, Any]]:
    """Rows of the curated TSV (``kind<TAB>name<TAB>alias|alias``; ``#`` starts a comment)."""
    out = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 2 or parts[0] not in ("method", "dataset", "task"):
            raise InputError(f"line {i}: expected kind<TAB>name<TAB>aliases", path=str(path))
        aliases = parts[2].split("|") if len(parts) > 2 and parts[2].strip() else []
        out.append(entry(parts[0], parts[1], aliases, "curated"))
    return out


def read_scirex(folder: Path) -> list[dict[str, Any]]:
    """Method / Material (dataset) / Task names of the SciREX result tuples."""
    kinds = {"Method": "method", "Material": "dataset", "Task": "task"}
    out = []
    for p in sorted(folder.glob("train_docs/*.json")):
        doc = json.loads(p.read_text(encoding="utf-8"))
        for rel in doc.get("n_ary_relations", []):
            for field, kind in kinds.items():
                name = str(rel.get(field) or "").replace("_", " ").strip()
                if "   " in str(rel.get(field)) or not name_ok(name):
                    continue  # "A___B" combinations are not one name
                if kind != "task" and not _namey(name):
                    continue  # single common words are not dataset/model names
                out.append(entry(kind, name, [], "scirex"))
    return out


def _split(cell: str) -> list[str]:
    return [x.strip() for x in (cell or "").split(";") if x.strip()]


def read_pwc(folder: Path) -> list[dict[str, Any]]:
    """Task names (+ synonyms), dataset names and model names from the Papers with Code tables."""
    out: list[dict[str, Any]] = []
    ws = folder / "World-Snapshot__papers-with-code"
    for p in sorted(ws.glob("*_tasks_detailed.csv")):
        with p.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for t in [row.get("Task Name") or "", *_split(row.get("Subtasks") or "")]:
                    if name_ok(t):
                        out.append(entry("task", t, [], "pwc"))
                for d in _split(row.get("Common Datasets (Top 10)") or ""):
                    if name_ok(d) and _namey(d):
                        out.append(entry("dataset", re.sub(r"\s+[Dd]ataset$", "", d), [], "pwc"))
    if (ws / "all_tasks.txt").is_file():
        for line in (ws / "all_tasks.txt").read_text(encoding="utf-8").splitlines():
            t = line.strip().strip('"')
            if name_ok(t) and not re.search(r"[,*()]", t):
                out.append(entry("task", t, [], "pwc"))
    se = folder / "paperswithcode__sota-extractor__via-World-Snapshot" / "data" / "tasks"
    syn = se / "synonyms.csv"
    if syn.is_file():
        with syn.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if name_ok(row.get("task") or "") and name_ok(row.get("synonym") or ""):
                    out.append(entry("task", row["task"], [row["synonym"]], "pwc"))
    for p in sorted(se.glob("*.json")):
        out.extend(_sota_tasks(json.loads(p.read_text(encoding="utf-8"))))
    return out


def _sota_tasks(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for t in tasks:
        if name_ok(t.get("task") or ""):
            out.append(entry("task", t["task"], [], "pwc"))
        for d in t.get("datasets", []):
            name = str(d.get("dataset") or "")
            if name_ok(name) and _namey(name) and len(name) <= 30:
                out.append(entry("dataset", name, [], "pwc"))
            for row in (d.get("sota") or {}).get("rows", []):
                m = re.sub(r"\s*\(.*?\)\s*", " ", str(row.get("model_name") or "")).strip()
                if name_ok(m) and _namey(m) and len(m) <= 25 and " + " not in m:
                    out.append(entry("method", m, [], "pwc"))
        out.extend(_sota_tasks(t.get("subtasks", [])))
    return out


def proposed_entries(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """KB rows for the names proposed by papers (papers.jsonl rows); ``source`` = proposing paper key."""
    out = []
    for row in rows:
        for p in row.get("proposed") or []:
            kind = p.get("kind") if p.get("kind") in ("method", "dataset") else "method"
            if name_ok(p.get("name") or ""):
                out.append(entry(kind, p["name"], p.get("aliases") or [], str(row.get("key") or "build")))
    return out


def build_kb(
    corpus: Path | None = None,
    *,
    builds: Iterable[Path] = (),
    curated: Path = CURATED_PATH,
) -> list[dict[str, Any]]:
    """Build the KB rows from the curated list, the corpus gold/pwc folders and build folders.

    >>> rows = build_kb(None)
    >>> any(r["name"] == "3D Gaussian Splatting" and "3DGS" in r["aliases"] for r in rows)
    True
    """
    rows = read_curated(curated)
    if corpus is not None:
        corpus = Path(corpus)
        if not corpus.is_dir():
            raise InputError("corpus folder not found", path=str(corpus))
        if (corpus / "gold" / "allenai__SciREX").is_dir():
            rows += read_scirex(corpus / "gold" / "allenai__SciREX")
        if (corpus / "pwc").is_dir():
            rows += read_pwc(corpus / "pwc")
    for b in builds:
        p = Path(b) / "papers.jsonl" if Path(b).is_dir() else Path(b)
        if not p.is_file():
            raise InputError("no papers.jsonl in build folder", path=str(b))
        rows += proposed_entries(
            json.loads(x) for x in p.read_text(encoding="utf-8").splitlines() if x.strip()
        )
    merged = merge_entries(rows)
    return sorted(
        merged, key=lambda e: (SOURCES.index(e["source"]) if e["source"] in SOURCES else 3, e["id"])
    )


def write_kb(rows: Iterable[dict[str, Any]], path: Path = KB_PATH) -> int:
    """Write KB rows as JSONL; returns the number of rows."""
    lines = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)
    return len(lines)


def kb_path() -> Path:
    """The KB the pipeline uses: ``$PAPERKG_KB`` when set, else the shipped ``kg/nlp/data/kb.jsonl``."""
    return Path(os.environ.get("PAPERKG_KB") or KB_PATH)


@lru_cache(maxsize=4)
def load_kb(path: Path = KB_PATH) -> tuple[dict[str, Any], ...]:
    """The KB rows of ``path`` (default: the shipped KB; the curated list alone when it is missing)."""
    if not path.is_file():
        if path == KB_PATH:
            return tuple(merge_entries(read_curated()))
        raise InputError("knowledge base not found", path=str(path))
    rows = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"line {i}: not JSON ({exc.msg})", path=str(path)) from exc
    return tuple(rows)
