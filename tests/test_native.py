"""The optional mypyc build (kg.native) of the rules, parsers and writers: used only when it
matches the sources, and giving exactly what the sources give."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg import native

ROOT = Path(__file__).resolve().parent.parent


def _fake_package(root: Path) -> Path:
    (root / "nlp").mkdir(parents=True)
    for name in ("model.py", "errors.py", "native.py", "cli.py", "nlp/__init__.py", "nlp/rules.py"):
        (root / name).write_text(f"# {name}\n")
    return root


def test_stamp_follows_the_compiled_sources_and_what_they_import(tmp_path: Path) -> None:
    root = _fake_package(tmp_path / "kg")
    first = native.stamp(root)
    (root / "cli.py").write_text("# not imported by kg.nlp\nX = 1\n")
    assert native.stamp(root) == first
    (root / "nlp" / "rules.py").write_text("# a rule changed\n")
    second = native.stamp(root)
    assert second != first
    (root / "model.py").write_text("# the model changed\n")
    assert native.stamp(root) not in (first, second)
    assert native.compiled_modules(root) == ["kg.nlp.rules"]


def test_activate_only_a_current_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERKG_NATIVE_DIR", str(tmp_path))
    monkeypatch.delenv("PAPERKG_PURE", raising=False)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setattr(native, "_ACTIVE", [])
    path: list[str] = ["/src/kg/nlp"]
    (tmp_path / "0123456789abcdef" / "kg" / "nlp").mkdir(parents=True)  # an outdated tree
    assert native.activate(path, "kg.nlp") is False and path == ["/src/kg/nlp"]
    current = tmp_path / native.stamp() / "kg" / "nlp"
    current.mkdir(parents=True)
    monkeypatch.setenv("PAPERKG_PURE", "1")
    assert native.activate(path, "kg.nlp") is False and native.active() == []
    monkeypatch.delenv("PAPERKG_PURE")
    assert native.activate(path, "kg.nlp") is True
    assert path == [str(current), "/src/kg/nlp"]
    assert str(tmp_path / native.stamp()) in sys.path and native.active() == ["kg.nlp"]


def _inputs() -> list[str]:
    corpus = Path(os.environ.get("PAPERKG_CORPUS", ROOT.parent / "shared" / "corpus")) / "digests-md"
    if corpus.is_dir():  # a few thousand real papers in every variant the corpus has
        return [str(p) for p in sorted(corpus.rglob("*.md"))[::12]]
    return [str(ROOT / "examples"), str(ROOT / "tests" / "data" / "digests")]


@pytest.mark.skipif(importlib.util.find_spec("mypyc") is None, reason="mypyc (from mypy) is not installed")
@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler: the compiled build cannot be made")
def test_compiled_rules_extract_what_the_sources_extract(tmp_path: Path) -> None:
    home = tmp_path / "compiled"
    tree = native.compile_native(home)
    assert tree.name == native.stamp()
    assert len([p for p in (tree / "kg").rglob("*.so")]) == len(native.compiled_modules())
    kg = Path(sys.executable).with_name("kg")
    env = {k: v for k, v in os.environ.items() if k != "PAPERKG_PURE"} | {"PAPERKG_NATIVE_DIR": str(home)}
    runs = {}
    for name, extra in (("compiled", {}), ("pure", {"PAPERKG_PURE": "1"})):
        out = tmp_path / name
        subprocess.run([str(kg), "build", *_inputs(), "--out", str(out), "-q"], env=env | extra, check=True)
        runs[name] = out
    assert sorted(json.loads((runs["compiled"] / "build.json").read_text())["compiled"]) == [
        "kg",
        "kg.nlp",
        "kg.sources",
    ]
    assert json.loads((runs["pure"] / "build.json").read_text())["compiled"] == []
    compiled = (runs["compiled"] / "papers.jsonl").read_text()
    assert compiled.count("\n") > 50
    # the compiled rules, parsers and writers give the same bytes as the sources
    for name in ("papers.jsonl", "graph.json", "graph.graphml", "graph.gexf", "nodes.csv", "edges.csv"):
        assert (runs["compiled"] / name).read_bytes() == (runs["pure"] / name).read_bytes(), name
    # compiled, a nested function and its environment would form a cycle keeping each doc alive,
    # which the build (no cyclic collection, kg.gctune) must not make
    seed = str(ROOT / "examples" / "000_ec6094f0c297707c.txt")
    got = subprocess.run(
        [sys.executable, "-m", "tests.cycles", seed],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    left, papers, kinds = json.loads(got.stdout)
    assert papers >= 80 and left < 20, (left, kinds)


def test_compile_failure_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(native, "PACKAGE", _fake_package(tmp_path / "kg"))
    (native.PACKAGE / "nlp" / "rules.py").write_text("def f(x: int) -> str:\n    return x\n")
    with pytest.raises(native.KgError, match="mypyc failed"):
        native.compile_native(tmp_path / "out")
    assert not any((tmp_path / "out").iterdir())  # nothing half-made is left for activate()
