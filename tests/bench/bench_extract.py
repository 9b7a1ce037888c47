"""Benchmark of entity extraction alone: kg.extract.extract() over the distinct papers of digests-md.

Runs in a child process (so that the parent's imports do not count), parses the corpus first
(not timed), then times extract() with its automatic parallelism (2 processes above 3,000 papers)
and with one process; reports papers/s (wall) and papers per CPU-second of the single-process run,
plus the dev-gold figures so that speed and quality are recorded together.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CODE = r"""
import json, sys, time
from kg.build import read_inputs, unique_papers
from kg.sources import find_inputs
corpus = sys.argv[1]
paths = find_inputs([corpus + "/digests-md"])
records = [r for res in read_inputs(paths, jobs=2) for r in res.records]
papers = unique_papers(records)
from kg.extract import extract
from kg.nlp.pipeline import make_nlp
t = time.perf_counter(); make_nlp(); load = time.perf_counter() - t
t = time.perf_counter(); ex = extract(papers); wall = time.perf_counter() - t
n1 = min(len(papers), 4000)
t = time.perf_counter(); c = time.process_time(); extract(papers[:n1], n_process=1)
wall1 = time.perf_counter() - t; cpu1 = time.process_time() - c
print(json.dumps({
    "papers": len(papers), "seconds": round(wall, 2), "papers_per_second": round(len(papers) / wall, 1),
    "single_process_papers": n1, "single_process_papers_per_second": round(n1 / wall1, 1),
    "single_process_papers_per_cpu_second": round(n1 / cpu1, 1), "pipeline_load_seconds": round(load, 2),
    "entities": {k: sum(len(getattr(e, k)) for e in ex)
                 for k in ("proposed", "methods", "datasets", "tasks", "repos")},
}))
"""

GOLD_CODE = r"""
import json, sys
from kg.eval import extraction_row, gold_records, read_jsonl, score
from kg.extract import extract
gold = [r for f in sys.argv[2:] for r in read_jsonl(f)]
recs = gold_records(gold, sys.argv[1])
out = {"dev_gold": score([extraction_row(e) for e in extract(recs)], gold)}
from pathlib import Path
from kg.nlp.scierc import score_file
out["scierc_test"] = score_file(Path(sys.argv[1]) / "gold/allenai__scibert__SciERC/raw/test.json")
print(json.dumps(out))
"""


def run(corpus: Path, workdir: Path) -> dict[str, object]:
    """Measure extraction speed on the full digests-md corpus (and the dev-gold scores)."""
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run(
        [sys.executable, "-c", CODE, str(corpus)], capture_output=True, text=True, check=True, cwd=root
    )
    res: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    gold = sorted((root / "tests" / "data" / "gold").glob("dev_*.jsonl"))
    if gold:
        g = subprocess.run(
            [sys.executable, "-c", GOLD_CODE, str(corpus), *map(str, gold)],
            capture_output=True,
            text=True,
            check=True,
            cwd=root,
        )
        res.update(json.loads(g.stdout.strip().splitlines()[-1]))
    res["target"] = {"build_papers_per_second": 1000, "single_process_papers_per_cpu_second": 1300}
    return res
