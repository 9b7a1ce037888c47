"""Command ``kg view``: write one interactive HTML view of a build folder."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app, errors
from kg.errors import ConfigError

KIND_HELP = (
    "overview (most connected nodes), coauthors (co-authorship network, communities coloured), "
    "entities (methods/datasets/tasks and their papers), ego (k hops around --focus), "
    "paper (one paper's neighbourhood)."
)


@app.command()
def view(
    build_dir: Annotated[Path, typer.Argument(metavar="DIR", help="A build folder (from `kg build`).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")],
    kind: Annotated[str, typer.Option("--kind", "-k", help=KIND_HELP)] = "overview",
    focus: Annotated[
        str | None, typer.Option(help="Key or name of the centre node (ego, paper), e.g. arxiv:2602.20205.")
    ] = None,
    hops: Annotated[
        int | None, typer.Option(help="Hops around --focus for --kind ego (default 2).", min=1)
    ] = None,
    max_nodes: Annotated[
        int | None,
        typer.Option("--max-nodes", help="Most nodes to show (default 1500); the rest is ranked out."),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only papers dated on or after this day (YYYY-MM-DD).")
    ] = None,
    category: Annotated[
        str | None, typer.Option(help="Only papers in this arXiv category, e.g. cs.CV.")
    ] = None,
    title: Annotated[str | None, typer.Option(help="Page heading.")] = None,
) -> None:
    """Write an interactive, offline HTML view of the graph in DIR (open it in any browser)."""
    with errors():
        from kg.export import load_graph
        from kg.views import write_view

        if since and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", since):
            raise ConfigError(f"--since {since!r}: use YYYY-MM-DD")
        G = load_graph(build_dir)
        v = write_view(
            G,
            out,
            kind,
            focus=focus,
            hops=hops,
            max_nodes=max_nodes,
            since=since,
            category=category,
            title=title,
        )
        left = f", {v.left_out:,} nodes left out (see the note in the page)" if v.left_out else ""
        typer.echo(f"Wrote {out}: {v.nodes:,} nodes, {v.edges:,} links{left} in {v.seconds:.1f} s.")
