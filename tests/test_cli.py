"""The documented CLI commands, run through typer's runner and as a real console script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from kg.cli import app

DIG = Path(__file__).parent / "data" / "digests"
runner = CliRunner()


def kg(*args: str) -> tuple[int, str, str]:
    res = runner.invoke(app, list(args))
    return res.exit_code, res.stdout, res.stderr


def test_build_reports_problems_and_continues(tmp_path: Path) -> None:
    code, out, err = kg("build", str(DIG), "--out", str(tmp_path), "--quiet", "--no-views")
    assert code == 0, err
    assert "Read 9 entries (8 distinct papers) from 4 file(s): 4 error(s), 2 warning(s)." in out
    assert "2026-03-02.md:107: error: entry heading not understood" in err
    assert "Traceback" not in out + err
    rows = [json.loads(x) for x in (tmp_path / "papers.jsonl").read_text().splitlines()]
    assert len(rows) == 8
    probs = [json.loads(x) for x in (tmp_path / "problems.jsonl").read_text().splitlines()]
    assert len(probs) == 6 and {p["severity"] for p in probs} == {"error", "warning"}


def test_strict_turns_problems_into_exit_1(tmp_path: Path) -> None:
    code, _, err = kg("build", str(DIG), "--out", str(tmp_path), "--quiet", "--no-views", "--strict")
    assert code == 1 and "--strict: 6 problem(s) found" in err
    assert (tmp_path / "graph.json").exists()  # what was built is still written


def test_missing_input_is_one_line(tmp_path: Path) -> None:
    code, _, err = kg("build", str(tmp_path / "nope.md"), "--out", str(tmp_path / "o"))
    assert code == 1
    assert err.strip() == f"error: {tmp_path / 'nope.md'}: no such file or folder"
    assert not (tmp_path / "o").exists()


def test_only_unreadable_input(tmp_path: Path) -> None:
    bad = tmp_path / "2026-01-01.md"
    bad.write_bytes(b"\xff\xfe\x00\x00garbage")
    code, _, err = kg("build", str(bad), "--out", str(tmp_path / "o"), "--quiet")
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        f"error: {bad}: no paper could be read from the input ({bad}: error: binary file, not text)"
    )


def test_stats_and_export(tmp_path: Path, seed: Path) -> None:
    assert kg("build", str(seed), "--out", str(tmp_path), "--quiet", "--no-views")[0] == 0
    code, out, _ = kg("stats", str(tmp_path))
    assert code == 0 and "Paper" in out and "87" in out and "Top authors:" in out
    code, out, _ = kg("stats", str(tmp_path), "--json")
    data = json.loads(out)
    assert data["nodes"]["Paper"] == 87 and len(data["top"]["authors"]) == 10
    for fmt, name in (
        ("graphml", "graph.graphml"),
        ("gexf", "graph.gexf"),
        ("csv", "nodes.csv"),
        ("json", "graph.json"),
    ):
        dest = tmp_path / fmt
        code, out, err = kg("export", str(tmp_path), "--format", fmt, "--out", str(dest))
        assert code == 0, err
        assert (dest / name).stat().st_size > 1000
    code, _, err = kg("export", str(tmp_path), "--format", "pdf")
    assert code == 1 and "unknown format 'pdf'" in err
    code, _, err = kg("stats", str(tmp_path / "nothing"))
    assert code == 1 and "run `kg build" in err


def test_console_script_has_no_traceback(tmp_path: Path) -> None:
    exe = shutil.which("kg", path=str(Path(sys.executable).parent))
    assert exe, "the kg console script is installed with the package"
    proc = subprocess.run([exe, "build", str(tmp_path / "missing")], capture_output=True, text=True)
    assert (
        proc.returncode == 1 and proc.stderr.strip().startswith("error:") and "Traceback" not in proc.stderr
    )
    proc = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert proc.stdout.strip() == "paperkg 0.1.0"
    proc = subprocess.run([exe, "no-such-command"], capture_output=True, text=True)
    assert proc.returncode == 2 and "No such command" in proc.stderr


def test_console_script_writes_everything_before_it_leaves(tmp_path: Path, seed: Path) -> None:
    """The console script ends with os._exit: output and files must be complete all the same."""
    exe = shutil.which("kg", path=str(Path(sys.executable).parent))
    assert exe
    out = tmp_path / "out"
    proc = subprocess.run([exe, "build", str(seed), "--out", str(out), "-q"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].startswith("Read 87 entries")
    assert "build.json" in proc.stdout and (out / "index.html").exists()
    report = json.loads((out / "build.json").read_text())
    assert report["papers"] == 87 and report["counts"]["nodes"]["Paper"] == 87
    assert set(report["seconds"]) >= {"read", "extract", "total"}
    # a reader that stops early (`kg stats out | head -1`) gets no error message
    cmd = [exe, "stats", str(out), "--top", "100000"]  # more than a pipe's buffer holds
    stats = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert stats.stdout is not None and stats.stdout.readline().startswith(b"Nodes")
    stats.stdout.close()
    _, err = stats.communicate()
    assert err == b"" and stats.returncode == 0


def test_unwritable_output_is_one_line(tmp_path: Path, seed: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, _, err = kg("build", str(seed), "--out", str(blocker / "out"), "--quiet", "--no-views")
    assert (
        code == 1 and err.strip().startswith("error: [Errno 20] Not a directory") and "Traceback" not in err
    )
