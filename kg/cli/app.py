"""The typer application object and the error boundary shared by every command module.

Library code raises :class:`~kg.errors.KgError`; :func:`errors` turns it into one line on stderr
and the error's exit code, with no traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress

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
    except BrokenPipeError:  # `kg stats out | head`: the reader has all it wanted
        raise typer.Exit(0) from None
    except OSError as exc:  # disk full, permission denied, … while reading or writing files
        echo_err(f"error: {exc}")
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        echo_err("interrupted")
        raise typer.Exit(130) from None


def main() -> None:
    """Console-script entry point: run the command, then leave at once (see :func:`leave`)."""
    code: int = 0
    try:
        app()
    except KgError as exc:  # raised outside a command body (should not happen, but never show a traceback)
        echo_err(f"error: {exc}")
        code = exc.exit_code
    except SystemExit as exc:  # how click ends every run, successful or not
        if isinstance(exc.code, str):
            echo_err(exc.code)
            code = 1
        else:
            code = exc.code or 0
    leave(code)


def leave(code: int) -> None:
    """Flush the output and end the process without tearing down its objects one by one.

    After ``kg build`` of a large corpus the interpreter would spend about 2 s freeing the
    pipeline, caches and graph it no longer needs (measured on the 29k-paper corpus). Every file
    is written and closed, and every child process joined, before a command returns, so nothing
    is lost by skipping that; only the console script does this, never the library or the tests.
    """
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed pipe or stream
            stream.flush()
    os._exit(code)
