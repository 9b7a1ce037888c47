"""Bulk paths into Neo4j without the driver: CSVs for ``neo4j-admin database import full`` and a
Cypher script for ``cypher-shell -f``.

The CSVs come as a header file and a data file per label and per relationship group, plus
``import.sh`` holding the full ``neo4j-admin`` command. The script holds the constraints and the
very same ``UNWIND … MERGE`` statements as :mod:`kg.store.statements`, with each batch written
as a Cypher literal instead of ``$rows`` (so it is idempotent too).

Examples
--------
>>> import tempfile, pathlib
>>> from kg.graph import build_graph
>>> from kg.model import PaperRecord
>>> rec = PaperRecord(key="arxiv:2501.00001", title='Say "hi"', authors=["A B"], dates=["2025-01-02"])
>>> G = build_graph([rec])
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> sorted(p.name for p in write_neo4j_admin(G, out))[:3]
['constraints.cypher', 'import.sh', 'nodes_Author.csv']
>>> header = (out / "nodes_Paper_header.csv").read_text().strip().split(",")
>>> header[:2], "dates:string[]" in header, "external:boolean" in header
(['key:ID', ':LABEL'], True, True)
>>> script = write_cypher_script(G, out / "graph.cypher").read_text()
>>> 'key: "arxiv:2501.00001", props: {' in script, script.count(";\\n") > 10
(True, True)
>>> cypher_literal({"a b": [1, "x\\n"], "ok": None})
'{`a b`: [1, "x\\\\n"], ok: null}'
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path
from typing import Any

import networkx as nx

from kg.store import rows as r
from kg.store import statements as st

ARRAY_DELIMITER = "\x1f"  # unit separator: never inside a title, name or date
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _type_of(values: list[Any]) -> str:
    """neo4j-admin header type of a column."""
    kinds = set()
    for v in values:
        if isinstance(v, bool):
            kinds.add("boolean")
        elif isinstance(v, int):
            kinds.add("long")
        elif isinstance(v, float):
            kinds.add("double")
        elif isinstance(v, list):
            inner = _type_of(v) if v else "string"
            kinds.add(f"{inner}[]")
        else:
            kinds.add("string")
    if kinds <= {"long", "double"} and kinds:
        return "double" if "double" in kinds else "long"
    if kinds <= {"long[]", "double[]"} and kinds:
        return "double[]" if "double[]" in kinds else "long[]"
    return kinds.pop() if len(kinds) == 1 else "string"


def _cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind.endswith("[]"):
        items = value if isinstance(value, list) else [value]
        return ARRAY_DELIMITER.join(str(v).lower() if isinstance(v, bool) else str(v) for v in items)
    if isinstance(value, bool):
        return "true" if value else "false"
    if kind == "string" and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _write_pair(out_dir: Path, stem: str, header: list[str], data: list[list[str]]) -> list[Path]:
    head, body = out_dir / f"{stem}_header.csv", out_dir / f"{stem}.csv"
    for path, rows in ((head, [header]), (body, data)):
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        path.write_text(buf.getvalue(), encoding="utf-8")
    return [head, body]


def write_neo4j_admin(G: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    """Header + data CSVs per label and relationship group, and ``import.sh``; returns the files."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    args: list[str] = []
    for label, rows in r.node_batches(G):
        flat = [
            {**row["props"], **{k: v for k, v in row.items() if k not in ("key", "props", "hash")}}
            | {"kg_hash": row["hash"]}
            for row in rows
        ]
        cols = sorted({k for f in flat for k in f})
        kinds = {c: _type_of([f[c] for f in flat if c in f]) for c in cols}
        header = ["key:ID", ":LABEL", *[c if kinds[c] == "string" else f"{c}:{kinds[c]}" for c in cols]]
        data = [
            [row["key"], label, *[_cell(f.get(c), kinds[c]) for c in cols]]
            for row, f in zip(rows, flat, strict=True)
        ]
        files = _write_pair(out_dir, f"nodes_{label}", header, data)
        written += files
        args.append(f"--nodes={files[0].name},{files[1].name}")
    for (rel, src, dst), rows in r.rel_batches(G):
        cols = sorted({k for row in rows for k in row["props"]})
        kinds = {c: _type_of([row["props"][c] for row in rows if c in row["props"]]) for c in cols}
        header = [
            ":START_ID",
            ":END_ID",
            ":TYPE",
            *[c if kinds[c] == "string" else f"{c}:{kinds[c]}" for c in cols],
        ]
        data = [
            [row["src"], row["dst"], rel, *[_cell(row["props"].get(c), kinds[c]) for c in cols]]
            for row in rows
        ]
        files = _write_pair(out_dir, f"rels_{rel}_{src}_{dst}", header, data)
        written += files
        args.append(f"--relationships={files[0].name},{files[1].name}")
    script = out_dir / "import.sh"
    lines = [
        "#!/bin/sh",
        "# Import into an empty (or new) database; run from this folder on the Neo4j server, then",
        "# create the constraints with: cypher-shell -f constraints.cypher",
        "set -e",
        'DB="${1:-neo4j}"',
        'neo4j-admin database import full "$DB" --overwrite-destination=true --multiline-fields=true \\',
        '  --array-delimiter="U+001F" \\',
        *[f"  {a} \\" for a in args],
        "  --skip-duplicate-nodes=false",
    ]
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    script.chmod(0o755)
    constraints = out_dir / "constraints.cypher"
    constraints.write_text(";\n".join(st.schema_statements("neo4j")) + ";\n", encoding="utf-8")
    return [*written, script, constraints]


def cypher_literal(value: Any) -> str:
    """A value as a Cypher literal (strings JSON-escaped, which Cypher reads the same way)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "null"
    if isinstance(value, (int, float, str)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        items = []
        for k, v in value.items():
            name = k if _IDENT.match(k) else "`" + k.replace("`", "``") + "`"
            items.append(f"{name}: {cypher_literal(v)}")
        return "{" + ", ".join(items) + "}"
    return json.dumps(str(value), ensure_ascii=False)


def write_cypher_script(G: nx.MultiDiGraph, path: Path, *, batch_size: int = 500) -> Path:
    """A ``cypher-shell -f`` script: constraints, then MERGE batches (nodes before relationships)."""
    from kg.store.loader import plan

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("// paperkg graph: run with  cypher-shell -u neo4j -f " + path.name + "\n")
        for stmt in st.schema_statements("neo4j"):
            fh.write(stmt + ";\n")
        for stmt, chunk, _ in plan(G, batch_size=batch_size):
            fh.write(stmt.replace("$rows", cypher_literal(chunk), 1) + ";\n")
    return path
