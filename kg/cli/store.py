"""``kg load``, ``kg query``, ``kg recipes`` and ``kg db start|stop|status``.

Without ``--uri`` (or ``NEO4J_URI``) these use the embedded FalkorDB server of the build folder;
with it, Neo4j through the official driver. The password comes from ``NEO4J_PASSWORD`` or a prompt.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from kg.cli.app import app, errors
from kg.errors import ConfigError
from kg.store import Store

db_app = typer.Typer(
    help="Start, stop or inspect the embedded FalkorDB server of a build folder.", no_args_is_help=True
)
app.add_typer(db_app, name="db")

Uri = Annotated[
    str | None,
    typer.Option(
        "--uri",
        envvar="NEO4J_URI",
        help="Neo4j URI (bolt://, neo4j://, neo4j+s://). Default: the embedded FalkorDB of the build folder.",
    ),
]
User = Annotated[str, typer.Option("--user", envvar="NEO4J_USER", help="Neo4j user name.")]
Database = Annotated[
    str | None,
    typer.Option(
        "--database", envvar="NEO4J_DATABASE", help="Neo4j database (default: the server's default)."
    ),
]
BuildDir = Annotated[Path, typer.Argument(help="Build folder (made by `kg build … --out DIR`).")]


def _password() -> str:
    pw = os.environ.get("NEO4J_PASSWORD")
    if pw is None:
        pw = typer.prompt("Neo4j password", hide_input=True)
    return pw


@contextmanager
def _open_store(build_dir: Path, uri: str | None, user: str, database: str | None) -> Iterator[Store]:
    if uri:
        from kg.store.neo4j import Neo4jStore

        with Neo4jStore(uri, user, _password(), database) as store:
            yield store
    else:
        from kg.store import falkordb

        with falkordb.embedded(build_dir) as fstore:
            yield fstore


@app.command("load")
def load_cmd(
    build_dir: BuildDir,
    uri: Uri = None,
    user: User = "neo4j",
    database: Database = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Delete everything in the database first.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before --replace.")] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Rows per UNWIND batch.")] = 5000,
) -> None:
    """Load DIR/graph.json into Neo4j (--uri) or the embedded FalkorDB (default). Idempotent."""
    with errors():
        from kg.export import load_graph
        from kg.store import loader
        from kg.store.rows import count_rows

        G = load_graph(build_dir)
        with _open_store(build_dir, uri, user, database) as store:
            if replace and not yes:
                typer.confirm(f"Delete everything in {store.where} before loading?", abort=True)
            t0 = time.perf_counter()
            with typer.progressbar(length=count_rows(G), label="loading", file=sys.stderr) as bar:
                counters = loader.load(store, G, batch_size=batch_size, replace=replace, progress=bar.update)
            secs = time.perf_counter() - t0
            typer.echo(
                f"loaded {counters.rows} rows in {counters.batches} batches "
                f"into {store.where} in {secs:.1f} s"
            )
            typer.echo(counters.summary())


def _cell(value: Any, width: int | None = None) -> str:
    if value is None:
        text = ""
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, (list, tuple)):
        text = "; ".join(_cell(v) for v in value)
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    text = " ".join(text.split())
    if width and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def render(cols: list[str], rows: list[list[Any]], fmt: str) -> str:
    """Rows as a table, JSON (a list of objects) or CSV."""
    if fmt == "json":
        return json.dumps(
            [dict(zip(cols, r, strict=True)) for r in rows], ensure_ascii=False, indent=2, default=str
        )
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        w.writerows([_cell(v) for v in r] for r in rows)
        return buf.getvalue().rstrip("\n")
    cells = [[_cell(v, 70) for v in r] for r in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


@app.command("query")
def query_cmd(
    name: Annotated[str, typer.Argument(help="Recipe name (see `kg recipes`).")],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Recipe parameter as key=value (repeatable).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
    build_dir: Annotated[
        Path, typer.Option("--dir", "-d", help="Build folder whose embedded store to query.")
    ] = Path("out"),
    uri: Uri = None,
    user: User = "neo4j",
    database: Database = None,
) -> None:
    """Run a Cypher recipe with parameters (always sent as query parameters)."""
    with errors():
        from kg.store import recipes

        if fmt not in ("table", "json", "csv"):
            raise ConfigError(f"unknown format {fmt!r} (use table, json or csv)")
        recipe = recipes.get(name)
        values: dict[str, Any] = {}
        for item in param or []:
            key, sep, value = item.partition("=")
            if not sep or not key.strip():
                raise ConfigError(f"parameter {item!r} must look like key=value")
            values[key.strip()] = value
        params = recipe.bind(values)
        with _open_store(build_dir, uri, user, database) as store:
            cols, rows = store.read(recipe.query, params)
        typer.echo(render(cols, rows, fmt))


@app.command("recipes")
def recipes_cmd(
    export: Annotated[
        Path | None,
        typer.Option(
            "--export",
            help="Write all recipes to one file for Neo4j Browser favourites "
            "(.zip: one favourite per recipe; .cypher: one script).",
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show parameters and examples.")] = False,
) -> None:
    """List the Cypher recipes (queries/*.cypher)."""
    with errors():
        from kg.store import recipes

        if export is not None:
            path = recipes.export_browser(export)
            typer.echo(f"wrote {len(recipes.all_recipes())} recipes to {path}")
            return
        all_r = recipes.all_recipes()
        width = max(len(n) for n in all_r)
        for r in all_r.values():
            typer.echo(f"{r.name.ljust(width)}  {r.description}")
            if verbose:
                for p in r.params.values():
                    default = "required" if p.required else json.dumps(p.default)
                    typer.echo(f"{'':{width}}    -p {p.name}=…  ({default}) {p.description}")
                for ex in r.examples:
                    typer.echo(f"{'':{width}}    e.g. {ex}")


@db_app.command("start")
def db_start(build_dir: BuildDir) -> None:
    """Start the embedded FalkorDB server (data in DIR/falkordb/)."""
    with errors():
        from kg.store import falkordb

        info = falkordb.start(build_dir)
        typer.echo(f"FalkorDB running on {info.host}:{info.port} (pid {info.pid}, data in {info.dir})")


@db_app.command("stop")
def db_stop(build_dir: BuildDir) -> None:
    """Stop the embedded FalkorDB server, saving its data."""
    with errors():
        from kg.store import falkordb

        typer.echo("stopped" if falkordb.stop(build_dir) else "not running")


@db_app.command("status")
def db_status(build_dir: BuildDir) -> None:
    """Say whether the embedded FalkorDB server of DIR is running."""
    with errors():
        from kg.store import falkordb

        st = falkordb.status(build_dir)
        if st["running"]:
            typer.echo(f"running on {st['host']}:{st['port']} (pid {st['pid']}, data in {st['dir']})")
        else:
            typer.echo(f"not running (data in {st['dir']})")
            raise typer.Exit(3)
