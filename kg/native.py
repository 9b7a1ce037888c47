"""An optional compiled build of the rule engine, made by mypyc from the very same sources.

The extraction rules (:mod:`kg.nlp`) are plain Python and take most of a build's CPU; the digest
parsers and the CSV and XML writers take most of the rest. ``make compile`` (``python -m kg.native``)
compiles them with mypyc into ``kg/_compiled/<stamp>/``; the stamp is a hash of their sources, of
the kg modules they import and of the Python version. A compiled package calls
:func:`activate` from its ``__init__``: when a compiled tree with the current stamp exists, its
folder goes first on the package's ``__path__`` and the compiled modules load instead of the
sources. After an edit of any of those sources the stamp no longer matches and the sources are used again,
so a compiled module is never older than its source. ``PAPERKG_PURE=1`` turns it off;
``PAPERKG_NATIVE_DIR`` names another folder of compiled trees.

Examples
--------
>>> len(stamp()) == 16 and stamp() == stamp()
True
>>> [m for m in compiled_modules() if not m.startswith("kg.nlp.")]
['kg.csvformat', 'kg.xmlformats', 'kg.sources.common', 'kg.sources.digest_jsonl', 'kg.sources.digest_md']
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from kg.errors import KgError

PACKAGE = Path(__file__).resolve().parent
# packages whose modules are compiled, with the modules left as Python (not on the hot path, or
# read by spaCy's registry machinery at import)
PACKAGES = {"kg.nlp": frozenset({"__init__", "pipeline", "kb", "scierc"})}
# single modules compiled in other packages: the digest parsers and the CSV and XML writers (the
# rest of a build's CPU time outside the rules)
SINGLES = {"kg": ("csvformat", "xmlformats"), "kg.sources": ("common", "digest_jsonl", "digest_md")}
# the other modules of kg that the compiled modules import (their types are built in)
DEPENDS = ("model.py", "errors.py", "native.py")
_ACTIVE: list[str] = []
_STAMP: list[str] = []  # the stamp of the installed sources, worked out once per process


def _folder(root: Path, package: str) -> Path:
    return root.joinpath(*package.split(".")[1:])


def _singles(root: Path) -> list[Path]:
    return [_folder(root, pkg) / f"{m}.py" for pkg, mods in SINGLES.items() for m in mods]


def _sources(root: Path = PACKAGE) -> list[Path]:
    folders = [_folder(root, pkg) for pkg in PACKAGES]
    files = {*(p for f in folders for p in f.rglob("*.py")), *(root / d for d in DEPENDS), *_singles(root)}
    return sorted(p for p in files if p.is_file())


def stamp(root: Path = PACKAGE) -> str:
    """A hash of the sources of the compiled packages and of what they import from kg, and of the
    running Python."""
    h = hashlib.sha256(sys.version.encode())
    for p in _sources(root):
        h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def compiled_modules(root: Path = PACKAGE) -> list[str]:
    """The dotted names of the modules ``make compile`` compiles."""
    out = []
    for pkg, keep in PACKAGES.items():
        out += [f"{pkg}.{p.stem}" for p in sorted(_folder(root, pkg).glob("*.py")) if p.stem not in keep]
    for pkg, mods in SINGLES.items():
        out += [f"{pkg}.{m}" for m in mods if (_folder(root, pkg) / f"{m}.py").is_file()]
    return out


def _home() -> Path:
    return Path(os.environ.get("PAPERKG_NATIVE_DIR") or PACKAGE / "_compiled")


def activate(path: list[str], package: str) -> bool:
    """Put the compiled folder of ``package`` first on its ``path`` when a current one exists.

    >>> path = ["/src/kg/nosuch"]
    >>> activate(path, "kg.nosuch"), path  # no compiled tree for it: the sources stay
    (False, ['/src/kg/nosuch'])
    """
    if os.environ.get("PAPERKG_PURE") or not _home().is_dir():
        return False  # the usual case for a plain install: nothing to hash
    if not _STAMP:
        _STAMP.append(stamp())
    tree = _home() / _STAMP[0]
    folder = tree.joinpath(*package.split("."))
    if not folder.is_dir():
        return False
    if str(tree) not in sys.path:
        sys.path.append(str(tree))  # mypyc's shared runtime library is a top-level module
    path.insert(0, str(folder))
    _ACTIVE.append(package)
    return True


def active() -> list[str]:
    """The packages that run compiled in this process.

    >>> set(active()) <= {*PACKAGES, *SINGLES}
    True
    """
    return list(_ACTIVE)


def compile_native(home: Path | None = None, *, quiet: bool = True, force: bool = False) -> Path:
    """Compile :func:`compiled_modules` with mypyc into ``home/<stamp>/`` (default kg/_compiled) and
    drop older trees there; a current tree is kept unless ``force``. Needs mypy (the ``test`` extra)
    and a C compiler; raises KgError if either is missing or the compilation fails."""
    import shutil  # here, not at the top: every `import kg` imports this module
    import subprocess
    import tempfile

    home = home or _home()
    home.mkdir(parents=True, exist_ok=True)
    target = home / stamp()
    if target.is_dir() and not force:
        return target
    with tempfile.TemporaryDirectory(prefix="paperkg-mypyc-") as tmp:
        work = Path(tmp)
        shutil.copytree(
            PACKAGE, work / "kg", ignore=shutil.ignore_patterns("_compiled", "__pycache__", "*.so")
        )
        (work / "mypy.ini").write_text("[mypy]\nignore_missing_imports = True\ncheck_untyped_defs = True\n")
        files = [m.replace(".", "/") + ".py" for m in compiled_modules(work / "kg")]
        cmd = [sys.executable, "-m", "mypyc", *files]
        try:
            run = subprocess.run(cmd, cwd=work, capture_output=quiet, text=True, check=False)
        except OSError as e:  # pragma: no cover - the interpreter itself is missing
            raise KgError(f"cannot run mypyc: {e}") from e
        if run.returncode != 0:
            detail = (run.stderr or run.stdout or "").strip().splitlines()[-3:] if quiet else []
            hint = "" if _has("mypyc") else " (mypyc comes with mypy: pip install -e '.[test]')"
            raise KgError("mypyc failed" + hint + (": " + " | ".join(detail) if detail else ""))
        staged = home / f".{target.name}.tmp"
        shutil.rmtree(staged, ignore_errors=True)
        for so in work.rglob("*.so"):
            if "build" in so.relative_to(work).parts:
                continue
            dest = staged / so.relative_to(work)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(so, dest)
    for old in home.iterdir():
        if old.is_dir() and old != staged:
            shutil.rmtree(old)
    if not staged.is_dir():
        raise KgError("mypyc reported success but wrote no compiled module")
    staged.rename(target)
    return target


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def main() -> None:
    """``python -m kg.native [--force]``: compile (unless current), then say where the tree is."""
    try:
        where = compile_native(quiet=True, force="--force" in sys.argv[1:])
    except KgError as e:
        print(f"error: {e}", file=sys.stderr)
        raise SystemExit(1) from None
    n = len(compiled_modules())
    print(f"compiled {n} modules of {', '.join(sorted({*PACKAGES, *SINGLES}))} with mypyc into {where}")
    print("kg build uses them while the sources stay as they are (PAPERKG_PURE=1 turns them off)")


if __name__ == "__main__":
    main()
