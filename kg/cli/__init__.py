"""The ``kg`` command line. Each command group lives in its own module and registers on ``app``.

Typer is used only inside this package; commands call the library and let
:func:`kg.cli.app.errors` turn library errors into messages and exit codes.
"""

from kg.cli import build as _build  # noqa: F401  (registers build, stats, export)
from kg.cli.app import app, main

__all__ = ["app", "main"]
