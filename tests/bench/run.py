"""Run every benchmark module tests/bench/bench_*.py and write one JSON file of measured figures.

Usage: ``python -m tests.bench.run --out bench-results.json [--only build,store]``.
Each module exposes ``run(corpus: Path, workdir: Path) -> dict``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=ROOT / "bench-results.json")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--only", default="", help="comma-separated module suffixes, e.g. build,store")
    args = ap.parse_args(argv)
    if not (args.corpus / "digests-md").is_dir():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 2
    wanted = {w.strip() for w in args.only.split(",") if w.strip()}
    results: dict[str, object] = {
        "machine": {
            "python": platform.python_version(),
            "cpus": __import__("os").cpu_count(),
            "platform": platform.platform(),
        },
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    failed = False
    for mod_path in sorted(HERE.glob("bench_*.py")):
        name = mod_path.stem.removeprefix("bench_")
        if wanted and name not in wanted:
            continue
        print(f"== bench {name}", flush=True)
        with tempfile.TemporaryDirectory(prefix=f"kg-bench-{name}-") as tmp:
            try:
                mod = importlib.import_module(f"tests.bench.{mod_path.stem}")
                res = mod.run(args.corpus, Path(tmp))
            except Exception as exc:  # a failing bench is recorded, the others still run
                traceback.print_exc()
                res = {"error": f"{type(exc).__name__}: {exc}"}
                failed = True
        results[name] = res
        print(json.dumps(res, indent=2, ensure_ascii=False), flush=True)
        args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"results written to {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
