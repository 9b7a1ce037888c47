"""How many objects extraction leaves in reference cycles (garbage only the cyclic collector frees).

``python -m tests.cycles DIGEST`` prints ``[left, papers, kinds]`` as JSON, so that a test can
ask a process running the compiled modules.
"""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path

from kg.extract import extract
from kg.sources import read_file


def cycles_after_extract(digest: Path) -> tuple[int, int, list[str]]:
    """(objects in cycles, papers, their type names) after extracting the papers of ``digest``."""
    records = read_file(Path(digest)).records
    extract(records[:1])  # loads the pipeline (its configuration makes a few cycles, once)
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        extract(records)
        left = gc.collect()
        kinds = sorted({type(o).__name__ for o in gc.garbage})
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was:
            gc.enable()
    return left, len(records), kinds


if __name__ == "__main__":
    print(json.dumps(cycles_after_extract(Path(sys.argv[1]))))
