"""Commands ``kg build``, ``kg stats`` and ``kg export``."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated

import networkx as nx
import typer
from rich.progress import TaskID

from kg.cli.app import app, echo_err, errors, progress_bar
from kg.errors import ConfigError
from kg.export import FORMATS, load_graph, write_format
from kg.graph import counts

STAGES = {"read": "Reading inputs", "extract": "Extracting entities", "write": "Writing files and views"}


@app.command()
def build(
    inputs: Annotated[list[str], typer.Argument(help="Digest files (.md/.txt/.jsonl), folders or globs.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (created when missing).")] = Path(
        "out"
    ),
    strict: Annotated[
        bool, typer.Option(help="Exit with code 1 when any entry or file had a problem.")
    ] = False,
    jobs: Annotated[int, typer.Option(help="Processes to use (0 = automatic).", min=0)] = 0,
    views: Annotated[bool, typer.Option(help="Write the HTML views (index.html).")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Build the knowledge graph of INPUTS into OUT: papers.jsonl, graph files, problems, views."""
    from kg.build import build as run_build  # loads spaCy: only this command needs it

    with errors():
        bar = progress_bar(quiet=quiet)
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(STAGES.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        with bar:
            res = run_build(inputs, out, jobs=jobs or None, views=views, progress=progress)
        for p in res.problems[:20]:
            echo_err(str(p))
        if len(res.problems) > 20:
            echo_err(f"… and {len(res.problems) - 20} more problems in {out / 'problems.jsonl'}")
        n_err = len(res.errors)
        n_warn = len(res.problems) - n_err
        nodes = sum(res.counts["nodes"].values())
        rels = sum(res.counts["relationships"].values())
        typer.echo(
            f"Read {res.entries} entries ({res.papers} distinct papers) from {res.files} file(s): "
            f"{n_err} error(s), {n_warn} warning(s)."
        )
        secs = res.seconds["total"]
        rate = f" ({res.papers / secs:.0f} papers/s)" if res.papers >= 1000 else ""
        typer.echo(f"Graph: {nodes} nodes, {rels} relationships, built in {secs:.1f} s{rate}.")
        typer.echo(
            f"Results in {out}/: papers.jsonl, graph.json, graph.graphml, graph.gexf, nodes.csv, edges.csv, "
            "problems.jsonl, build.json"
        )
        if res.index:
            typer.echo(f"Open {res.index} in a browser to explore the graph.")
        if strict and res.problems:
            echo_err(f"--strict: {len(res.problems)} problem(s) found")
            raise typer.Exit(1)


def top(G: nx.MultiDiGraph, label: str, rel: str, n: int, *, outgoing: bool = False) -> list[tuple[str, int]]:
    """The ``n`` nodes with ``label`` that have the most ``rel`` edges (in, or out when ``outgoing``)."""
    c: Counter[str] = Counter()
    for u, v, k in G.edges(keys=True):
        if k == rel:
            node = u if outgoing else v
            if G.nodes[node].get("label") == label:
                c[G.nodes[node].get("name") or node] += 1
    return c.most_common(n)


@app.command()
def stats(
    build_dir: Annotated[Path, typer.Argument(help="A build folder (from kg build).")],
    n: Annotated[int, typer.Option("--top", help="How many top entries to list.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Print counts by label and relationship type, and the top authors, methods and datasets."""
    with errors():
        G = load_graph(build_dir)
        c = counts(G)
        tops = {
            "authors": top(G, "Author", "AUTHORED", n, outgoing=True),
            "methods": top(G, "Method", "USES", n),
            "datasets": top(G, "Dataset", "EVALUATES_ON", n),
            "tasks": top(G, "Task", "ADDRESSES", n),
        }
        if as_json:
            typer.echo(json.dumps({**c, "top": tops}, ensure_ascii=False, indent=2))
            return
        typer.echo(f"Nodes ({sum(c['nodes'].values())}):")
        for k, v in c["nodes"].items():
            typer.echo(f"  {k:<14}{v:>8}")
        typer.echo(f"Relationships ({sum(c['relationships'].values())}):")
        for k, v in c["relationships"].items():
            typer.echo(f"  {k:<14}{v:>8}")
        for what, rows in tops.items():
            typer.echo(f"Top {what}:")
            for name, cnt in rows:
                typer.echo(f"  {cnt:>6}  {name}")


@app.command("export")
def export_cmd(
    build_dir: Annotated[Path, typer.Argument(help="A build folder (from kg build).")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="graphml | gexf | json | csv | neo4j-admin | cypher")
    ] = "graphml",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output folder (default: the build folder).")
    ] = None,
    full_text: Annotated[
        bool,
        typer.Option(
            "--full-text", help="Keep abstracts, AI summaries and evidence sentences in GraphML/GEXF/CSV too."
        ),
    ] = False,
) -> None:
    """Write the build's graph in one format."""
    with errors():
        G = load_graph(build_dir)
        dest = out or build_dir
        if fmt in FORMATS:
            paths = write_format(G, dest, fmt, full_text=full_text)
        elif fmt == "neo4j-admin":
            from kg.store.bulk import write_neo4j_admin

            paths = write_neo4j_admin(G, dest / "neo4j-import")
        elif fmt == "cypher":
            from kg.store.bulk import write_cypher_script

            paths = [write_cypher_script(G, dest / "graph.cypher")]
        else:
            raise ConfigError(
                f"unknown format {fmt!r}; choose one of {', '.join([*FORMATS, 'neo4j-admin', 'cypher'])}"
            )
        for p in paths:
            typer.echo(f"wrote {p}")
