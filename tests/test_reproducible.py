"""The same input gives the same files, whatever the interpreter's string-hash seed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _build(out: Path, hash_seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    kg = Path(sys.executable).parent / "kg"  # the console script of this environment
    cmd = [str(kg), "build", str(ROOT / "examples"), "--out", str(out), "--quiet"]
    subprocess.run(cmd, check=True, env=env, cwd=ROOT, capture_output=True, timeout=300)


def test_build_outputs_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    a, b = tmp_path / "1" / "out", tmp_path / "2" / "out"  # same folder name: it is the page title
    _build(a, "1")
    _build(b, "2")
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert any(f.parts[0] == "views" for f in files)
    assert sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file()) == files
    # build.json holds the seconds each stage took
    differ = [
        str(f) for f in files if f.name != "build.json" and (a / f).read_bytes() != (b / f).read_bytes()
    ]
    assert differ == []


def test_forked_writers_give_the_same_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a large graph the build writes papers.jsonl, some views and the XML formats in forked
    children; forcing that path on the small example must give the files of the serial path."""
    from kg import build as b

    a, c = tmp_path / "1" / "out", tmp_path / "2" / "out"
    b.build([str(ROOT / "examples")], a)
    monkeypatch.setattr(b, "PARALLEL_ABOVE", 0)
    b.build([str(ROOT / "examples")], c)
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file() and p.name != "build.json")
    assert len(files) > 10
    assert [str(f) for f in files if (a / f).read_bytes() != (c / f).read_bytes()] == []
