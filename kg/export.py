"""Write the graph and the extraction contract to files; read a build folder back.

Formats: ``graph.json`` (networkx node-link, lossless: the build folder's source of truth),
``graph.graphml`` and ``graph.gexf`` (for Gephi, Cytoscape, yEd …; list properties as JSON text),
``nodes.csv`` + ``edges.csv``, ``papers.jsonl`` (the extraction contract of DESIGN.md) and
``problems.jsonl``. Every file is written atomically: to a temporary file beside it, then renamed,
so a crash never leaves a half-written file.

Examples
--------
>>> import tempfile, pathlib
>>> from kg.graph import build_graph
>>> from kg.model import PaperRecord
>>> G = build_graph([PaperRecord(key="arxiv:2501.00001", title="T", authors=["A B"], categories=["cs.CV"])])
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> sorted(p.name for p in write_format(G, out, "csv"))
['edges.csv', 'nodes.csv']
>>> _ = write_format(G, out, "json")
>>> sorted(load_graph(out).nodes)
['arxiv:2501.00001', 'author:a b', 'category:cs.CV']
"""

from __future__ import annotations

import io
import itertools
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any, BinaryIO

import networkx as nx
import orjson

from kg.csvformat import Rows, write_table
from kg.errors import BuildError
from kg.forked import Forked, can_fork
from kg.model import PAPER, Extraction, Problem
from kg.xmlformats import write_both

FORMATS: dict[str, tuple[str, ...]] = {
    "json": ("graph.json",),
    "graphml": ("graph.graphml",),
    "gexf": ("graph.gexf",),
    "csv": ("nodes.csv", "edges.csv"),
}


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_MODE = _umask_mode()


def atomic_write_text(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` atomically (temp file in the same folder, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, _MODE)  # mkstemp makes 0600 files; give the usual permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _atomic_via(path: Path, writer: Any) -> Path:
    """Let ``writer(tmp_path)`` write a file, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        writer(tmp)
        os.chmod(tmp, _MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


_JSON_CHUNK = 4096  # nodes or edges per orjson call when streaming graph.json


def _dump(obj: Any) -> bytes:
    """Compact UTF-8 JSON (NaN and infinities become null, keys of any type become text)."""
    return orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS)


def _write_array(fh: BinaryIO, items: Iterator[dict[str, Any]]) -> None:
    fh.write(b"[")
    first = True
    while chunk := list(itertools.islice(items, _JSON_CHUNK)):
        fh.write((b"" if first else b",") + _dump(chunk)[1:-1])
        first = False
    fh.write(b"]")


def write_graph_json(G: nx.MultiDiGraph, fh: BinaryIO) -> None:
    """Stream the node-link JSON of ``G`` (as ``nx.node_link_data(G, edges="edges")``) to the
    binary file ``fh``.

    A few thousand nodes or edges at a time, so no second copy of the graph (a 200 MB string on
    the corpus) is held in memory.
    """
    fh.write(b'{"directed":true,"multigraph":true,"graph":' + _dump(dict(G.graph)) + b',"nodes":')
    _write_array(fh, ({**d, "id": n} for n, d in G.nodes(data=True)))
    fh.write(b',"edges":')
    _write_array(
        fh, ({**d, "source": u, "target": v, "key": k} for u, v, k, d in G.edges(keys=True, data=True))
    )
    fh.write(b"}")


def graph_to_json(G: nx.MultiDiGraph) -> str:
    """Node-link JSON of the graph (lists kept as lists).

    >>> G = nx.MultiDiGraph(); G.add_edge("a", "b", key="K", w=1)
    'K'
    >>> orjson.loads(graph_to_json(G)) == nx.node_link_data(G, edges="edges")
    True
    """
    buf = io.BytesIO()
    write_graph_json(G, buf)
    return buf.getvalue().decode()


def load_graph(build_dir: Path | str) -> nx.MultiDiGraph:
    """Read ``DIR/graph.json`` back into a MultiDiGraph; BuildError when it is missing or broken."""
    path = Path(build_dir) / "graph.json"
    if not path.is_file():
        raise BuildError("no graph.json here: run `kg build INPUT --out DIR` first", path=str(build_dir))
    try:
        data = orjson.loads(path.read_bytes())
        G = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BuildError(f"graph.json is not a paperkg graph ({exc})", path=str(path)) from None
    return G


def _write_csv(path: Path, first: Sequence[str], rows: Rows, skip: frozenset[str] = frozenset()) -> Path:
    def write(p: str) -> None:
        with open(p, "w", encoding="utf-8", newline="", buffering=1 << 20) as fh:
            write_table(fh, first, rows, skip)

    return _atomic_via(path, write)


# Long texts stay in graph.json and papers.jsonl; graph tools (Gephi …) get the graph without them
# unless asked: the abstracts and AI summaries made GraphML/GEXF/CSV three times larger and slower to
# write and to open, and the evidence sentences of the relationships were half of edges.csv.
LONG_TEXT: frozenset[str] = frozenset(
    (
        "abstract",
        "motivation",
        "method",
        "result",
        "conclusion",
        "background",
        "data",
        "recommendation",
        "evidence",
    )
)


def write_xml(
    G: nx.MultiDiGraph, out_dir: Path, fmts: Sequence[str], *, full_text: bool = False
) -> list[Path]:
    """Write graph.graphml and/or graph.gexf in one pass over ``G`` (each file atomically)."""
    skip = frozenset() if full_text else LONG_TEXT
    paths = [Path(out_dir) / f"graph.{f}" for f in fmts]
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    tmps = []
    try:
        for path in paths:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            os.close(fd)
            tmps.append(tmp)
        with ExitStack() as stack:
            fhs = {
                f: stack.enter_context(open(t, "w", encoding="utf-8", buffering=1 << 20))
                for f, t in zip(fmts, tmps, strict=True)
            }
            write_both(G, fhs.get("graphml"), fhs.get("gexf"), skip)
        for tmp, path in zip(tmps, paths, strict=True):
            os.chmod(tmp, _MODE)
            os.replace(tmp, path)
    except BaseException:
        for tmp in tmps:
            Path(tmp).unlink(missing_ok=True)
        raise
    return paths


def write_format(G: nx.MultiDiGraph, out_dir: Path, fmt: str, *, full_text: bool = False) -> list[Path]:
    """Write one graph format into ``out_dir``; returns the files written.

    GraphML, GEXF and CSV leave out the long text properties (:data:`LONG_TEXT`) unless
    ``full_text``; graph.json always keeps everything.
    """
    out_dir = Path(out_dir)
    skip = frozenset() if full_text else LONG_TEXT
    if fmt == "json":

        def write_json(p: str) -> None:
            with open(p, "wb", buffering=1 << 20) as fh:
                write_graph_json(G, fh)

        return [_atomic_via(out_dir / "graph.json", write_json)]
    if fmt in ("graphml", "gexf"):
        return write_xml(G, out_dir, [fmt], full_text=full_text)
    if fmt == "csv":
        nodes, adj = G._node, G._adj  # plain dicts: cheaper than the views on a large graph

        def node_rows() -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
            return (((n,), d) for n, d in nodes.items())

        def edge_rows() -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
            return (
                ((u, v, k), d) for u, nbrs in adj.items() for v, kd in nbrs.items() for k, d in kd.items()
            )

        return [
            _write_csv(out_dir / "nodes.csv", ("key", "label", "name", "title"), node_rows, skip),
            _write_csv(out_dir / "edges.csv", ("source", "target", "type"), edge_rows, skip),
        ]
    raise ValueError(f"unknown format {fmt!r}")


def paper_rows(G: nx.MultiDiGraph, extractions: Iterable[Extraction]) -> list[dict[str, Any]]:
    """One papers.jsonl object per Paper (external papers left out), entities merged per paper."""
    merged: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
    for ex in extractions:
        slot = merged.setdefault(
            ex.paper_key, {k: {} for k in ("proposed", "methods", "datasets", "tasks", "repos")}
        )
        for field in ("proposed", "methods", "datasets", "tasks"):
            for e in getattr(ex, field):
                row = slot[field].setdefault(
                    e.key,
                    e.to_dict()
                    if field == "proposed"
                    else {k: v for k, v in e.to_dict().items() if k != "kind"},
                )
                row["aliases"] = sorted(set(row["aliases"]) | set(e.aliases))
        for r in ex.repos:
            slot["repos"].setdefault(r.key, r.to_dict())
    rows = []
    for n, d in G.nodes(data=True):
        if d.get("label") != PAPER or d.get("external"):
            continue
        ent = merged.get(n, {})
        rows.append(
            {
                "key": n,
                "arxiv_id": d.get("arxiv_id"),
                "title": d.get("title"),
                "authors": d.get("authors", []),
                "categories": d.get("categories", []),
                "dates": d.get("dates", []),
                **{
                    f: list(ent.get(f, {}).values())
                    for f in ("proposed", "methods", "datasets", "tasks", "repos")
                },
            }
        )
    return rows


def jsonl_text(rows: Iterable[dict[str, Any]]) -> str:
    """Rows as JSON Lines text.

    >>> print(jsonl_text([{"a": "é"}, {"b": [1, None]}]), end="")
    {"a":"é"}
    {"b":[1,null]}
    """
    return b"".join(_dump(r) + b"\n" for r in rows).decode()


def _write_in_child(G: nx.MultiDiGraph, out_dir: Path, fmts: list[str]) -> None:
    write_xml(G, out_dir, [f for f in fmts if f != "json"])
    if "json" in fmts:
        write_format(G, out_dir, "json")


def write_contract(
    G: nx.MultiDiGraph, extractions: Sequence[Extraction], problems: Sequence[Problem], out_dir: Path
) -> list[Path]:
    """Write DIR/papers.jsonl (the extraction contract) and DIR/problems.jsonl.

    Needs only the Paper nodes of ``G``, so it can run (forked) while the build still adds the
    extracted entities and links to the graph.
    """
    return [
        atomic_write_text(Path(out_dir) / "papers.jsonl", jsonl_text(paper_rows(G, extractions))),
        atomic_write_text(Path(out_dir) / "problems.jsonl", jsonl_text(p.to_dict() for p in problems)),
    ]


def write_outputs(
    G: nx.MultiDiGraph,
    extractions: Sequence[Extraction],
    problems: Sequence[Problem],
    out_dir: Path,
    formats: Iterable[str] = ("json", "graphml", "gexf", "csv"),
    parallel_above: int = 20_000,
    meanwhile: Callable[[], Any] | None = None,
    contract: bool = True,
) -> list[Path]:
    """Write papers.jsonl, problems.jsonl (unless ``contract`` is false: see :func:`write_contract`)
    and the graph formats of a build into ``out_dir``.

    On a large graph the XML formats and graph.json are written by a forked child process (it
    shares the graph copy-on-write) while this process writes the others and then runs
    ``meanwhile()`` (the build's views): both cores work.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    fmts = list(formats)
    xml = [f for f in fmts if f in ("graphml", "gexf")]
    # the child gets the XML formats and graph.json (about half of the work, views included)
    in_child = xml + [f for f in fmts if f == "json"]
    child = None
    if xml and G.number_of_nodes() > parallel_above and can_fork():
        child = Forked(_write_in_child, G, out_dir, in_child)
        fmts = [f for f in fmts if f not in in_child]
    written = write_contract(G, extractions, problems, out_dir) if contract else []
    if child is None and xml:
        written += write_xml(G, out_dir, xml)
    for fmt in fmts:
        if fmt not in xml:
            written += write_format(G, out_dir, fmt)
    if meanwhile is not None:
        meanwhile()
    if child is not None:
        try:
            child.join()
        except OSError as exc:
            raise OSError(f"writing {', '.join(in_child)} failed: {exc}") from None
        written += [out_dir / FORMATS[f][0] for f in in_child]
    return written
