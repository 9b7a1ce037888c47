"""The typer application object and the error boundary shared by every command module.

Library code raises :class:`~kg.errors.KgError`; :func:`errors` turns it into one line on stderr
and the error's exit code, with no traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kg.errors import KgError

app = typer.Typer(
    name="kg",
    help="paperkg: turn research-paper digests into a knowledge graph (files, Neo4j, interactive views).",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from kg import __version__

        typer.echo(f"paperkg {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """paperkg: turn research-paper digests into a knowledge graph (files, Neo4j, interactive views)."""


def progress_bar(label: str = "{task.description:<26}", *, quiet: bool = False) -> Progress:
    """A transient progress bar on stderr, shown only on a terminal and unless ``quiet``."""
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
        console=Console(stderr=True),
        disable=quiet or not sys.stderr.isatty(),
    )


def echo_err(message: str) -> None:
    """Print one line to stderr."""
    typer.echo(message, err=True)


@contextmanager
def errors() -> Iterator[None]:
    """Convert KgError (and Ctrl-C) into a one-line message and an exit code."""
    try:
        yield
    except KgError as exc:
        echo_err(f"error: {exc}")
        raise typer.Exit(exc.exit_code) from None
    except OSError as exc:  # disk full, permission denied, … while reading or writing files
        echo_err(f"error: {exc}")
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        echo_err("interrupted")
        raise typer.Exit(130) from None


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KgError as exc:  # raised outside a command body (should not happen, but never show a traceback)
        echo_err(f"error: {exc}")
        sys.exit(exc.exit_code)
