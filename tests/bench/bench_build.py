"""Benchmark of the main job: `kg build` of the whole digests-md corpus (papers/s, seconds, peak RSS)."""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path

from tests.bench.rss import run_measured


def _build(corpus: Path, out: Path, env: dict[str, str]) -> dict[str, object]:
    """One `kg build` of the whole corpus; its report plus wall time, CPU and peak memory."""
    kg = Path(sys.executable).with_name("kg")  # the console script a user runs
    cmd = [str(kg), "build", str(corpus / "digests-md"), "--out", str(out), "--quiet"]
    load = [round(x, 2) for x in os.getloadavg()]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    _, wall, peak_rss, peak_pss = run_measured(cmd, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    res = json.loads((out / "build.json").read_text())
    res["load_average_before"] = load  # other work on the machine slows the build down
    res["wall_seconds"] = round(wall, 2)
    # CPU of the whole tree (the build, its parse/extract workers and the forked writer)
    res["cpu_seconds"] = round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1)
    res["papers_per_second"] = round(res["papers"] / wall, 1)  # distinct papers
    res["entries_per_second"] = round(res["entries"] / wall, 1)  # digest entries read
    # whole process tree (workers and the forked writer included), sampled every 0.5 s (tests/bench/rss.py)
    res["peak_rss_mib_sum"] = round(peak_rss / 1024, 1)  # shared copy-on-write pages counted in every process
    res["peak_pss_mib"] = round(peak_pss / 1024, 1)  # shared pages split: the memory really used
    return res


def run(corpus: Path, workdir: Path) -> dict[str, object]:
    """Run `kg build` on the full corpus as `make bench` leaves it (the rule engine compiled by
    `make compile` when it could be), then once more on the pure-Python sources."""
    env = {k: v for k, v in os.environ.items() if k != "PAPERKG_PURE"}
    res = _build(corpus, workdir / "all", env)
    pure = _build(corpus, workdir / "pure", {**env, "PAPERKG_PURE": "1"})
    keep = ("wall_seconds", "cpu_seconds", "papers_per_second", "peak_rss_mib_sum", "seconds", "compiled")
    res["pure_python"] = {k: pure[k] for k in keep}
    res["target"] = {"papers_per_second": 1000, "peak_rss_mib": 2048}
    return res
