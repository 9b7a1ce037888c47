"""Input sources: find input files and parse each into PaperRecords and Problems.

One module per input format; :data:`PARSERS` maps a file suffix to its parser so that new formats
plug in without touching the others. Files are read whole and checked first: a missing path
raises :class:`~kg.errors.InputError`; an empty, binary or non-UTF-8 file becomes a file-level
:class:`~kg.model.Problem` and the rest of the build goes on.

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> entry = "### [1] [T](https://arxiv.org/abs/2501.00001)\\n*A B*\\n\\nAbstract: x\\n"
>>> _ = (d / "2026-01-02.md").write_text(entry)
>>> _ = (d / "empty.jsonl").write_bytes(b"")
>>> [p.name for p in find_inputs([str(d)])]
['2026-01-02.md', 'empty.jsonl']
>>> res = read_file(d / "empty.jsonl")
>>> (res.records, str(res.problems[0]).split(": ", 1)[1])
([], 'error: empty file')
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.model import PaperRecord, Problem
from kg.native import activate

# the mypyc-compiled parsers, when `make compile` made current ones: before the imports below
activate(__path__, __name__)

from kg.sources.arxiv_atom import parse_atom  # noqa: E402
from kg.sources.bibtex import parse_bibtex  # noqa: E402
from kg.sources.digest_jsonl import parse_jsonl  # noqa: E402
from kg.sources.digest_md import is_digest, parse_markdown  # noqa: E402

Parser = Callable[[str, str], tuple[list[PaperRecord], list[Problem]]]


def _parse_md(text: str, path: str) -> tuple[list[PaperRecord], list[Problem]]:
    if not is_digest(text):
        return [], [
            Problem(path, None, "skipped: not a daily-arXiv digest (no paper entries found)", "warning")
        ]
    return parse_markdown(text, path)


PARSERS: dict[str, Parser] = {
    ".md": _parse_md,
    ".markdown": _parse_md,
    ".txt": _parse_md,
    ".jsonl": parse_jsonl,
    ".ndjson": parse_jsonl,
    ".bib": parse_bibtex,
    ".atom": parse_atom,
    ".xml": parse_atom,
}


@dataclass
class FileResult:
    """What one input file gave: records and problems."""

    path: str
    records: list[PaperRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def find_inputs(inputs: Iterable[str]) -> list[Path]:
    """Expand files, folders (recursively, supported suffixes only) and globs, in a stable order.

    A path that does not exist and matches nothing raises InputError naming it.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            cands = sorted(
                q
                for q in p.rglob("*")
                if q.is_file() and q.suffix.lower() in PARSERS and not q.name.startswith(".")
            )
        elif p.exists():
            cands = [p]
        else:
            cands = sorted(Path(m) for m in glob.glob(raw, recursive=True) if Path(m).is_file())
            if not cands:
                raise InputError("no such file or folder", path=raw)
        for c in cands:
            r = c.resolve()
            if r not in seen:
                seen.add(r)
                found.append(c)
    return found


def read_text(path: Path) -> str:
    """Read a file as UTF-8 text; raise InputError (naming the file) when it cannot be."""
    try:
        data = path.read_bytes()
    except PermissionError:
        raise InputError("cannot read: permission denied", path=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from None
    if not data.strip():
        raise InputError("empty file", path=str(path))
    head = data[:8192]
    if head.count(b"\x00") > 0 or data.count(b"\x00") > max(8, len(data) // 1000):
        raise InputError("binary file, not text", path=str(path))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})", path=str(path)
        ) from None


def read_file(path: Path) -> FileResult:
    """Parse one file with the parser for its suffix; file-level failures become Problems."""
    name = str(path)
    parser = PARSERS.get(path.suffix.lower())
    if parser is None:
        return FileResult(
            name, problems=[Problem(name, None, f"unsupported file type {path.suffix or '(none)'}")]
        )
    try:
        text = read_text(path)
    except InputError as exc:
        return FileResult(name, problems=[Problem(name, None, exc.message)])
    records, problems = parser(text, name)
    return FileResult(name, records, problems)


def register(suffix: str, parser: Parser) -> None:
    """Register a parser for a file suffix (used by format modules added later)."""
    PARSERS[suffix.lower()] = parser


__all__ = ["PARSERS", "FileResult", "find_inputs", "read_file", "read_text", "register"]
