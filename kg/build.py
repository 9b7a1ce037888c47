"""The main job: inputs -> records -> extractions -> graph -> files and views.

:func:`build` is what ``kg build`` runs. Parsing is spread over processes when there are many
files; extraction decides its own parallelism. Progress is reported through a callback
``progress(stage, done, total)`` so that the library never prints.

Examples
--------
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> result = build(["examples"], out, views=False)
>>> result.papers, len(result.problems), (out / "papers.jsonl").exists()
(87, 0, True)
>>> import json
>>> json.loads((out / "build.json").read_text())["papers"]
87
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import InputError
from kg.export import atomic_write_text, write_contract, write_outputs
from kg.extract import extract, prepare
from kg.forked import Forked
from kg.gctune import quiet_gc
from kg.graph import add_extraction, counts, paper_steps, release
from kg.links import add_links, add_text_citations
from kg.model import Extraction, PaperRecord, Problem
from kg.sources import FileResult, find_inputs, read_file

Progress = Callable[[str, int, int], None]
PARALLEL_ABOVE = 20_000  # graph nodes above which output files are written by forked children


def _call(fn: Callable[[], object]) -> Iterator[None]:
    """``fn()`` as one step of a ``meanwhile`` iterator."""
    fn()
    yield None


@dataclass
class BuildResult:
    """Summary of one build."""

    out_dir: Path
    files: int
    entries: int
    papers: int
    problems: list[Problem]
    counts: dict[str, dict[str, int]]
    written: list[Path] = field(default_factory=list)
    index: Path | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    links: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def read_inputs(
    paths: Sequence[Path],
    *,
    jobs: int = 1,
    progress: Progress | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> list[FileResult]:
    """Parse every file (in ``jobs`` processes when > 1), keeping the input order.

    ``meanwhile()`` runs in this process while the workers parse (not at all with one process).
    """
    total = len(paths)
    results: list[FileResult] = []
    if jobs > 1 and total > 8:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            parts = pool.map(read_file, paths, chunksize=max(1, total // (jobs * 8)))
            if meanwhile is not None:
                meanwhile()
            for res in parts:
                results.append(res)
                if progress:
                    progress("read", len(results), total)
    else:
        for p in paths:
            results.append(read_file(p))
            if progress:
                progress("read", len(results), total)
    return results


def unique_papers(records: Sequence[PaperRecord]) -> list[PaperRecord]:
    """One record per paper key (the first with an abstract) for extraction.

    >>> a = PaperRecord(key="arxiv:1", title="T"); b = PaperRecord(key="arxiv:1", title="T", abstract="x")
    >>> [r.abstract for r in unique_papers([a, b])]
    ['x']
    """
    best: dict[str, PaperRecord] = {}
    for r in records:
        cur = best.get(r.key)
        if cur is None or (not cur.abstract and r.abstract):
            best[r.key] = r
    return list(best.values())


def build(
    inputs: Sequence[str],
    out_dir: Path | str,
    *,
    jobs: int | None = None,
    views: bool = True,
    progress: Progress | None = None,
) -> BuildResult:
    """Build the knowledge graph of ``inputs`` (files, folders, globs) into ``out_dir``.

    Raises InputError when an input path does not exist or nothing readable was found;
    everything else that goes wrong with an entry or a file is a Problem in the result.
    """
    with quiet_gc():  # millions of long-lived objects: the default collector keeps re-walking them
        return _build(inputs, out_dir, jobs=jobs, views=views, progress=progress)


def _build(
    inputs: Sequence[str], out_dir: Path | str, *, jobs: int | None, views: bool, progress: Progress | None
) -> BuildResult:
    t0 = time.perf_counter()
    out = Path(out_dir)
    paths = find_inputs(inputs)
    if not paths:
        raise InputError("no input files found (supported: .md .txt .jsonl …)", path=" ".join(inputs))
    auto_jobs = 2 if len(paths) > 16 else 1
    # the NLP pipeline loads while the workers parse (it is forked into the extraction workers)
    results = read_inputs(paths, jobs=jobs or auto_jobs, progress=progress, meanwhile=prepare)
    records = [r for res in results for r in res.records]
    problems = [p for res in results for p in res.problems]
    if not records:
        detail = f" ({problems[0]})" if len(problems) == 1 else f" ({len(problems)} problems, see above)"
        raise InputError("no paper could be read from the input" + detail, path=" ".join(inputs))
    t1 = time.perf_counter()
    papers = unique_papers(records)

    done = 0

    def ex_progress(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("extract", done, len(papers))

    # the papers, authors, categories and text citations go into the graph while worker
    # processes extract
    G = nx.MultiDiGraph()
    cites: list[tuple[int, int]] = []
    meanwhile = itertools.chain(paper_steps(G, records), _call(lambda: cites.append(add_text_citations(G))))
    extractions = extract(papers, n_process=jobs, progress=ex_progress, meanwhile=meanwhile)
    t2 = time.perf_counter()
    big = G.number_of_nodes() > PARALLEL_ABOVE
    # on a large graph, papers.jsonl is written by a forked child while this process adds the
    # extracted entities and links (it needs only the Paper nodes)
    contract = Forked(_early_files, G, extractions, problems, out, views, fork=big)
    for ex in extractions:
        add_extraction(G, ex)
    links = add_links(G, citations=False)
    links["CITES"], links["external"] = cites[0]
    t3 = time.perf_counter()
    if progress:
        progress("write", 0, 1)
    index: list[Path] = []
    graph_counts: list[dict[str, dict[str, int]]] = []  # worked out once, for the gallery and the report

    def make_views() -> None:
        _, done = contract.join()  # with the counts of the people views it wrote
        graph_counts.append(counts(G))
        index.append(_write_views(G, out, done, graph_counts[0]))

    # on a large graph the XML formats are written by a forked child while this process writes
    # the other formats and then the views
    written = write_outputs(
        G,
        extractions,
        problems,
        out,
        meanwhile=make_views if views else None,
        parallel_above=PARALLEL_ABOVE,
        contract=False,
    )
    written[:0] = contract.join()[0]  # papers.jsonl, problems.jsonl
    t4 = time.perf_counter()
    if progress:
        progress("write", 1, 1)
    res = BuildResult(
        out_dir=out,
        files=len(paths),
        entries=len(records),
        papers=len(papers),
        problems=problems,
        counts=graph_counts[0] if graph_counts else counts(G),
        written=written,
        index=index[0] if index else None,
        links=links,
        seconds={
            "read": t1 - t0,
            "extract": t2 - t1,
            "graph+links": t3 - t2,
            "write+views": t4 - t3,
            "total": t4 - t0,
        },
    )
    written.append(_write_report(res))
    release(G)  # freed here, not by the cyclic collector's walk of every object after the build
    return res


def _write_report(res: BuildResult) -> Path:
    """DIR/build.json: what was read, what was built, how long each stage took."""
    from kg import __version__, native

    report = {
        "paperkg": __version__,
        "files": res.files,
        "entries": res.entries,
        "papers": res.papers,
        "errors": len(res.errors),
        "warnings": len(res.problems) - len(res.errors),
        "counts": res.counts,
        "links": res.links,
        "seconds": {k: round(v, 2) for k, v in res.seconds.items()},
        "compiled": native.active(),  # packages that ran compiled by mypyc (make compile)
    }
    return atomic_write_text(res.out_dir / "build.json", json.dumps(report, indent=2) + "\n")


def _early_files(
    G: nx.MultiDiGraph, extractions: Sequence[Extraction], problems: Sequence[Problem], out: Path, views: bool
) -> tuple[list[Path], dict[str, Any]]:
    """What can be written before the extractions are in the graph: papers.jsonl, problems.jsonl
    and the views of papers and authors only. Returns the files and those views' counts."""
    files = write_contract(G, extractions, problems, out)
    if not views:
        return files, {}
    from kg.gallery import PEOPLE_VIEWS, write_views

    return files, write_views(G, out, PEOPLE_VIEWS)


def _write_views(
    G: nx.MultiDiGraph, out: Path, done: dict[str, Any], graph_counts: dict[str, dict[str, int]]
) -> Path:
    from kg.gallery import write_gallery

    return write_gallery(G, out, title=f"paperkg — {out.name}", done=done, counts=graph_counts)
