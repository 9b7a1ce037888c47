"""Cypher stores: Neo4j (the ``neo4j`` driver, :mod:`kg.store.neo4j`) and the embedded default,
FalkorDB (:mod:`kg.store.falkordb`). Both run the same loader statements
(:mod:`kg.store.statements`) and the same recipes (:mod:`kg.store.recipes`); the few differences
live in :mod:`kg.store.dialect`.

Examples
--------
>>> c = Counters(nodes_created=2); c.add(Counters(nodes_created=1, properties_set=4)); c
Counters(nodes_created=3, nodes_deleted=0, relationships_created=0, relationships_deleted=0, \
properties_set=4, rows=0, batches=0)
>>> c.summary()
'3 nodes created, 0 relationships created, 4 properties set'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, Protocol


@dataclass
class Counters:
    """What a load (or one batch of it) changed."""

    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0
    rows: int = 0
    batches: int = 0

    def add(self, other: Counters) -> None:
        """Add ``other`` into this one."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def to_dict(self) -> dict[str, int]:
        return asdict(self)

    def summary(self) -> str:
        """One line for people."""
        text = (
            f"{self.nodes_created} nodes created, {self.relationships_created} relationships created, "
            f"{self.properties_set} properties set"
        )
        if self.nodes_deleted or self.relationships_deleted:
            text += f", {self.nodes_deleted} nodes and {self.relationships_deleted} relationships deleted"
        return text


class Store(Protocol):
    """What the loader and the recipe runner need from a database connection."""

    dialect: str
    where: str  # human-readable location, for messages

    def setup_schema(self, statements: list[str]) -> None:
        """Create constraints and indexes (idempotent)."""

    def write(self, statement: str, rows: list[dict[str, Any]]) -> Counters:
        """Run one ``UNWIND $rows`` statement in one write transaction."""

    def wipe(self) -> Counters:
        """Delete every node and relationship."""

    def read(self, query: str, params: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
        """Run a read query; return column names and rows of plain Python values."""

    def close(self) -> None:
        """Release the connection."""


__all__ = ["Counters", "Store"]
