"""Every recipe and every loader statement is valid, non-deprecated Neo4j 5 Cypher, as judged by
Neo4j's own language tooling (npm @neo4j-cypher/language-support, ``lintCypherQuery``) run by node.

The node project is tests/cypher_lint/ (``npm ci`` there; .ci/run does it)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from kg import model as m
from kg.store import recipes
from kg.store import statements as st

LINT = Path(__file__).resolve().parent / "cypher_lint"
PACKAGE = LINT / "node_modules" / "@neo4j-cypher" / "language-support"


CONTROLS = {
    "typo": "MATCH (n:Paper) RETRN n",
    "deprecated": "MATCH (n:Paper) WHERE id(n) = 1 RETURN n",
    "old-exists": "MATCH (n:Paper) WHERE exists(n.title) RETURN n",
    "unknown-label": "MATCH (n:Papr) RETURN n",
    "fine": "MATCH (n:Paper) RETURN n.key",
}


@pytest.fixture(scope="module")
def lint() -> Any:
    if shutil.which("node") is None:
        pytest.skip("node is not installed (needed for Neo4j's Cypher linter)")
    if not PACKAGE.is_dir():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("tests/cypher_lint has no node_modules and npm is missing (run: npm ci there)")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=LINT, check=True, capture_output=True)

    params: dict[str, Any] = {"rows": [], "limit": 1}
    for r in recipes.all_recipes().values():
        for p in r.params.values():
            params[p.name] = "x" if p.required else p.default

    def run(queries: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
        req = {
            "queries": queries,
            "parameters": params,
            "labels": list(m.LABELS),
            "relationshipTypes": list(m.REL_TYPES),
        }
        proc = subprocess.run(
            ["node", str(LINT / "lint.mjs")],
            input=json.dumps(req),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        out: dict[str, list[dict[str, Any]]] = json.loads(proc.stdout)
        return out

    # one node run for everything (loading the parser takes seconds)
    everything = {f"control:{k}": v for k, v in CONTROLS.items()}
    everything.update({f"recipe:{k}": r.query for k, r in recipes.all_recipes().items()})
    everything.update({f"loader:{k}": v for k, v in st.all_write_statements().items()})
    everything.update({f"script:{i}": s for i, s in enumerate(_script_statements())})
    results = run(everything)

    def part(prefix: str) -> dict[str, list[dict[str, Any]]]:
        return {k.split(":", 1)[1]: v for k, v in results.items() if k.startswith(prefix + ":")}

    return part


def _script_statements() -> list[str]:
    """The cypher-shell script of a two-paper graph (literal batches instead of $rows)."""
    import tempfile

    from kg.store import bulk
    from tests.test_store_bulk import script_statements
    from tests.test_store_graph import make_graph, seed_records

    with tempfile.TemporaryDirectory() as tmp:
        path = bulk.write_cypher_script(make_graph(seed_records()[:2]), Path(tmp) / "g.cypher")
        return script_statements(path)


def test_linter_catches_errors_and_deprecations(lint):
    out = lint("control")
    assert any(d["severity"] == 1 for d in out["typo"])
    assert any("deprecated" in d["message"] for d in out["deprecated"])
    assert any(d["severity"] == 1 for d in out["old-exists"])
    assert out["unknown-label"]  # a label outside kg.model is flagged
    assert out["fine"] == []


def test_recipes_lint_clean_as_neo4j5(lint):
    out = lint("recipe")
    assert len(out) == len(recipes.all_recipes()) >= 20
    assert {k: v for k, v in out.items() if v} == {}


def test_cypher_shell_script_lints_clean_as_neo4j5(lint):
    out = lint("script")
    assert len(out) > 10
    assert {k: v for k, v in out.items() if v} == {}


def test_loader_statements_lint_clean_as_neo4j5(lint):
    stmts = st.all_write_statements()
    assert any(k.startswith("schema:") for k in stmts) and any(k.startswith("rels:") for k in stmts)
    out = lint("loader")
    assert set(out) == set(stmts)
    assert {k: v for k, v in out.items() if v} == {}
