"""The one table of differences between Neo4j 5 and FalkorDB.

Recipes and loader statements are written once, in Neo4j 5 Cypher (checked with Neo4j's own
language tooling). Where FalkorDB differs, this module holds the difference, and
:func:`adapt` rewrites a query for the target engine:

=================  ===========================================  =============================================
topic              Neo4j 5                                      FalkorDB
=================  ===========================================  =============================================
key uniqueness     ``CREATE CONSTRAINT … IF NOT EXISTS``         ``CREATE INDEX FOR (n:L) ON (n.key)`` (an
                   (a uniqueness constraint is also an index)   exact-match index; MERGE needs it to be fast)
name indexes       ``CREATE INDEX name IF NOT EXISTS …``        none (they halve MERGE speed, and recipes
                                                                match names with OR, which skips them)
full-text index    ``CREATE FULLTEXT INDEX paper_text …``       ``CALL db.idx.fulltext.createNodeIndex(…)``,
                   before the data                              after the data (indexing while loading is
                                                                ~5x slower than building it at the end)
full-text search   ``db.index.fulltext.queryNodes('paper_text'  ``db.idx.fulltext.queryNodes('Paper', …)``
                   , …)``
shortest path      ``MATCH p = shortestPath((a)-[:T*..n]-(b))``  fixed-length matches ``*1..1``, ``*2..2`` …
                                                                with ``LIMIT 1``, run until one finds a path
                                                                (FalkorDB's shortestPath is directed-only,
                                                                and ``algo.SPpaths`` enumerates every path
                                                                up to n: minutes on the corpus graph)
=================  ===========================================  =============================================

Examples
--------
>>> q = "MATCH (a:Author {key: $a}), (b:Author {key: $b})\\nMATCH p = shortestPath((a)-[:AUTHORED*..3]-(b))"
>>> for text in attempts(q, "falkordb"):
...     print(text.splitlines()[1:])
['MATCH p = (a)-[:AUTHORED*1..1]-(b)', 'LIMIT 1']
['MATCH p = (a)-[:AUTHORED*2..2]-(b)', 'LIMIT 1']
['MATCH p = (a)-[:AUTHORED*3..3]-(b)', 'LIMIT 1']
>>> attempts(q, "neo4j") == [q]
True
>>> adapt("CALL db.index.fulltext.queryNodes('paper_text', $q) YIELD node", "falkordb")
"CALL db.idx.fulltext.queryNodes('Paper', $q) YIELD node"
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kg import model as m

# full-text indexes: name -> (label, properties)
FULLTEXT: dict[str, tuple[str, tuple[str, ...]]] = {"paper_text": (m.PAPER, ("title", "abstract"))}
# secondary (non-key) property indexes: label -> properties
NAME_INDEXES: dict[str, tuple[str, ...]] = {
    m.AUTHOR: ("name",),
    m.METHOD: ("name",),
    m.DATASET: ("name",),
    m.TASK: ("name",),
    m.CATEGORY: ("name",),
}

_SHORTEST = re.compile(
    r"MATCH\s+(?P<p>\w+)\s*=\s*shortestPath\(\s*\((?P<a>\w+)\)\s*-\[:(?P<types>[\w|]+)\*\.\.(?P<n>\d+)\]-"
    r"\s*\((?P<b>\w+)\)\s*\)"
)
_FULLTEXT_QUERY = re.compile(r"db\.index\.fulltext\.queryNodes\(\s*'(?P<name>\w+)'")


def _falkor_fulltext(mt: re.Match[str]) -> str:
    label = FULLTEXT[mt["name"]][0]
    return f"db.idx.fulltext.queryNodes('{label}'"


@dataclass(frozen=True)
class Dialect:
    """How one engine spells the parts that differ."""

    name: str
    key_index: str  # template with {name} {label}
    prop_index: str  # template with {name} {label} {prop}
    fulltext_index: str  # template with {name} {label} {props_n} {props_q}
    ddl_ignorable: tuple[str, ...] = ()  # error texts meaning "exists already"
    name_indexes: bool = True  # create the secondary indexes of NAME_INDEXES
    fulltext_after_data: bool = False  # create full-text indexes after the first data load
    deepening: bool = False  # shortestPath becomes fixed-length matches of growing length
    rewrites: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = field(default=())


DIALECTS: dict[str, Dialect] = {
    "neo4j": Dialect(
        name="neo4j",
        key_index="CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.key IS UNIQUE",
        prop_index="CREATE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})",
        fulltext_index="CREATE FULLTEXT INDEX {name} IF NOT EXISTS FOR (n:{label}) ON EACH [{props_n}]",
    ),
    "falkordb": Dialect(
        name="falkordb",
        key_index="CREATE INDEX FOR (n:{label}) ON (n.key)",
        prop_index="CREATE INDEX FOR (n:{label}) ON (n.{prop})",
        fulltext_index="CALL db.idx.fulltext.createNodeIndex('{label}', {props_q})",
        ddl_ignorable=("already indexed", "already exists"),
        name_indexes=False,
        fulltext_after_data=True,
        rewrites=((_FULLTEXT_QUERY, _falkor_fulltext),),
        deepening=True,
    ),
}


def get(name: str) -> Dialect:
    """The dialect called ``name`` (``neo4j`` or ``falkordb``).

    >>> get("neo4j").name
    'neo4j'
    """
    return DIALECTS[name]


def adapt(query: str, dialect: str) -> str:
    """Rewrite a Neo4j 5 query for ``dialect`` (identity for Neo4j)."""
    for pattern, repl in DIALECTS[dialect].rewrites:
        query = pattern.sub(repl, query)
    return query


def attempts(query: str, dialect: str) -> list[str]:
    """The queries to run, in order, until one returns rows.

    One query, except for a ``shortestPath`` on an engine that needs ``deepening``: then one
    fixed-length match per length 1 … n, each stopping at its first path (``LIMIT 1``), so the
    first that returns rows has found a shortest path without enumerating longer ones.
    """
    query = adapt(query, dialect)
    mt = _SHORTEST.search(query)
    if not (mt and DIALECTS[dialect].deepening):
        return [query]
    out = []
    for n in range(1, int(mt["n"]) + 1):
        match = f"MATCH {mt['p']} = ({mt['a']})-[:{mt['types']}*{n}..{n}]-({mt['b']})"
        out.append(query[: mt.start()] + match + query[mt.end() :].rstrip() + "\nLIMIT 1")
    return out
