"""Benchmark of the citation/author layer on the full digest corpus (no extraction: records only).

Measures text-citation linking, author disambiguation and the network analysis, with the figures
they produce (CITES found, names split, communities) so that a regression in speed or in output
shows up in the bench JSON.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from kg.analysis import analyze
from kg.authors import disambiguate
from kg.graph import build_graph
from kg.links import add_links
from kg.sources import find_inputs, read_file


def run(corpus: Path, workdir: Path) -> dict[str, Any]:
    t0 = time.perf_counter()
    files = find_inputs([str(corpus / "digests-md")])
    records = [r for f in files for r in read_file(f).records]
    G = build_graph(records)
    t1 = time.perf_counter()
    links = add_links(G)
    t2 = time.perf_counter()
    ext = add_links(build_graph(records), external=True)
    t3 = time.perf_counter()
    rep = disambiguate(G).summary()
    t4 = time.perf_counter()
    res = analyze(G)
    t5 = time.perf_counter()
    return {
        "papers": sum(1 for _, d in G.nodes(data=True) if d["label"] == "Paper"),
        "text_cites_in_graph": links["CITES"],
        "text_cites_with_external": ext["CITES"],
        "authors": rep,
        "author_communities": res["author_communities"],
        "seconds": {
            "read_and_graph": round(t1 - t0, 2),
            "links": round(t2 - t1, 2),
            "disambiguate": round(t4 - t3, 2),
            "analyze": round(t5 - t4, 2),
        },
    }
