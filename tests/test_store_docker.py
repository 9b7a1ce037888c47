"""docker/compose.yml: Neo4j 5 + APOC, bound to 127.0.0.1, password from the environment, healthcheck,
named volumes (Docker itself is not needed to check the file)."""

from __future__ import annotations

from pathlib import Path

import pytest

COMPOSE = Path(__file__).resolve().parent.parent / "docker" / "compose.yml"


def test_compose_file():
    yaml = pytest.importorskip("yaml", reason="PyYAML is not installed")
    doc = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    neo = doc["services"]["neo4j"]
    assert neo["image"].startswith("neo4j:5")
    assert all(p.startswith("127.0.0.1:") for p in neo["ports"])
    assert neo["environment"]["NEO4J_AUTH"].startswith("${NEO4J_AUTH:?")  # never a committed password
    assert "apoc" in neo["environment"]["NEO4J_PLUGINS"]
    assert "test" in neo["healthcheck"]
    named = {v.split(":")[0] for v in neo["volumes"]}
    assert named <= set(doc["volumes"])


def test_makefile_targets():
    mk = (COMPOSE.parent.parent / "Makefile").read_text(encoding="utf-8")
    assert "docker compose -f docker/compose.yml up -d --wait" in mk
    assert "docker compose -f docker/compose.yml down" in mk
