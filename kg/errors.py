"""Exceptions raised by the paperkg library.

The library raises only :class:`KgError` subclasses for problems a user can fix (bad input,
unreachable servers, unknown recipes). The CLI turns them into one-line messages and exit codes;
nothing else in the package prints or exits.

Examples
--------
>>> err = InputError("no such file", path="papers.md")
>>> str(err)
'papers.md: no such file'
>>> err.exit_code
1
"""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error the library raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class InputError(KgError):
    """An input file or folder cannot be read at all (missing, binary, empty, not UTF-8)."""


class BuildError(KgError):
    """A build folder is missing or incomplete."""


class StoreError(KgError):
    """A graph database cannot be reached, refuses the credentials, or fails mid-way."""

    exit_code = 2


class RecipeError(KgError):
    """An unknown recipe, an unknown or missing recipe parameter."""


class ConfigError(KgError):
    """An option or environment value that does not make sense."""
