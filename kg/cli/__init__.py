"""The ``kg`` command line. Each command group lives in its own module and registers on ``app``.

Typer is used only inside this package; commands call the library and let
:func:`kg.cli.app.errors` turn library errors into messages and exit codes.
"""

from kg.cli import build as _build  # noqa: F401  (registers build, stats, export)
from kg.cli import citations as _citations  # noqa: F401  (registers import, enrich, analyze, authors)
from kg.cli import extract as _extract  # noqa: F401  (registers eval, kb build)
from kg.cli import store as _store  # noqa: F401  (registers load, query, recipes, db)
from kg.cli import views as _views  # noqa: F401  (registers view)
from kg.cli.app import app, main

__all__ = ["app", "main"]
