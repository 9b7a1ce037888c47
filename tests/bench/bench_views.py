"""Benchmark of the HTML views: generation time and page-ready time in headless Chromium.

Two cases, as in the issue: a 2,000-node overview (and the other view kinds at that size) of the
whole digests-md corpus graph (kg.sources + kg.graph.build_graph, no extraction), and the overview
of the 87-paper seed digest. "Ready" is the time from navigation to the first drawn frame of the
network with every node placed (layouts are precomputed, physics is off, so nothing moves after).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

import networkx as nx

from kg.graph import build_graph
from kg.sources import find_inputs, read_file
from kg.views import write_view
from tests.browser import Browser, chromium_path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "000_ec6094f0c297707c.txt"
REPEAT = 3
TARGETS = {"corpus_2000": {"generate_s": 3.0, "ready_s": 5.0}, "seed": {"generate_s": 1.0, "ready_s": 2.0}}


def _graph(paths: list[Path], *, extract: bool) -> nx.MultiDiGraph:
    recs = [r for p in paths for r in read_file(p).records]
    exs = []
    if extract:
        from kg.extract import extract as run_extract

        exs = run_extract(recs)
    return build_graph(recs, exs)


def _generate(G: nx.MultiDiGraph, out: Path, kind: str, **kw: Any) -> dict[str, Any]:
    gen = []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        view = write_view(G, out, kind, **kw)
        gen.append(time.perf_counter() - t0)
    res: dict[str, Any] = {"nodes": view.nodes, "edges": view.edges, "left_out": view.left_out}
    res["generate_s"] = round(statistics.median(gen), 3)
    res["html_mib"] = round(out.stat().st_size / 2**20, 2)
    return res


def _open(browser: Browser, out: Path) -> dict[str, Any]:
    ready, wall = [], []
    for _ in range(REPEAT):
        wall.append(browser.open(out, timeout=120))
        ready.append(browser.eval("window.kgReadyAt") / 1000)
    return {
        "ready_s": round(statistics.median(ready), 3),
        "ready_wall_s": round(statistics.median(wall), 3),  # includes DevTools polling
        "js_errors": browser.js_errors(),
        "canvas_ink": round(browser.canvas_ink(), 4),
    }


def run(corpus: Path, workdir: Path) -> dict[str, Any]:
    """Generate and open the benchmark views; return the measured figures."""
    t0 = time.perf_counter()
    G = _graph(find_inputs([str(corpus / "digests-md")]), extract=True)  # the real build's graph
    out: dict[str, Any] = {"corpus_graph": {"nodes": G.number_of_nodes(), "edges": G.number_of_edges()}}
    out["corpus_graph"]["build_s"] = round(time.perf_counter() - t0, 2)
    try:
        seed = _graph([SEED], extract=True)
        seed_note = "with kg.extract"
    except Exception as exc:  # the NLP layer is optional here: views are what we measure
        seed, seed_note = _graph([SEED], extract=False), f"without extraction ({exc.__class__.__name__})"
    papers = [v for v, d in G.nodes(data=True) if d["label"] == "Paper"]
    top_paper = max(papers, key=lambda v: (len(G.pred[v]) < 60, G.degree(v)))
    top_author = max((v for v, d in G.nodes(data=True) if d["label"] == "Author"), key=G.out_degree)
    cases: dict[str, tuple[nx.MultiDiGraph, str, dict[str, Any]]] = {
        "corpus_2000": (G, "overview", {"max_nodes": 2000}),
        "corpus_coauthors_2000": (G, "coauthors", {"max_nodes": 2000}),
        "corpus_entities_2000": (G, "entities", {"max_nodes": 2000}),
        "corpus_ego_2000": (G, "ego", {"focus": top_author, "max_nodes": 2000}),
        "corpus_paper_2000": (G, "paper", {"focus": top_paper, "max_nodes": 2000}),
        "seed": (seed, "overview", {}),
    }
    # generate everything first (no browser running), then open each page
    for case, (graph, kind, kw) in cases.items():
        out[case] = _generate(graph, workdir / f"{case}.html", kind, **kw)
    out["seed"]["graph"] = f"{seed.number_of_nodes()} nodes, {seed_note}"
    if chromium_path():
        with Browser() as browser:
            for case in cases:
                out[case].update(_open(browser, workdir / f"{case}.html"))
    else:
        out["note"] = "chromium not found: page-ready times not measured"
    out["target"] = TARGETS
    out["met"] = {case: all(out[case].get(k, 0) < v for k, v in t.items()) for case, t in TARGETS.items()}
    return out


if __name__ == "__main__":
    import json
    import sys
    import tempfile

    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus"
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(run(corpus, Path(tmp)), indent=2))
