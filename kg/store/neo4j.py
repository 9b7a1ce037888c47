"""The Neo4j store, through the official ``neo4j`` driver (the only module that imports it).

Every batch runs in its own managed write transaction (``session.execute_write``), so the driver
retries transient failures; schema statements run first, each in its own transaction. Driver
errors become one-line :class:`~kg.errors.StoreError` messages (exit code 2).

Examples
--------
>>> check_uri("neo4j+s://abcd1234.databases.neo4j.io")
'neo4j+s://abcd1234.databases.neo4j.io'
>>> check_uri("http://localhost:7474")
Traceback (most recent call last):
...
kg.errors.ConfigError: unsupported Neo4j URI scheme 'http' (use bolt://, neo4j://, neo4j+s:// …)
"""

from __future__ import annotations

from typing import Any

from neo4j import GraphDatabase, ManagedTransaction
from neo4j import exceptions as nex
from neo4j.graph import Node, Path, Relationship

from kg.errors import ConfigError, StoreError
from kg.store import Counters
from kg.store import statements as st

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def check_uri(uri: str) -> str:
    """Accept bolt/neo4j URIs, including AuraDB's ``neo4j+s://``; raise ConfigError otherwise."""
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in SCHEMES:
        raise ConfigError(f"unsupported Neo4j URI scheme {scheme!r} (use bolt://, neo4j://, neo4j+s:// …)")
    return uri


def _counters(summary_counters: Any) -> Counters:
    return Counters(
        nodes_created=summary_counters.nodes_created,
        nodes_deleted=summary_counters.nodes_deleted,
        relationships_created=summary_counters.relationships_created,
        relationships_deleted=summary_counters.relationships_deleted,
        properties_set=summary_counters.properties_set,
    )


def _write_tx(tx: ManagedTransaction, statement: str, params: dict[str, Any]) -> Counters:
    return _counters(tx.run(statement, params).consume().counters)


def _read_tx(tx: ManagedTransaction, query: str, params: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    result = tx.run(query, params)
    cols = list(result.keys())
    return cols, [[_plain(v) for v in rec.values()] for rec in result]


def _plain(value: Any) -> Any:
    if isinstance(value, Node):
        return {"_labels": sorted(value.labels), **dict(value)}
    if isinstance(value, Relationship):
        return {"_type": value.type, **dict(value)}
    if isinstance(value, Path):
        return [_plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


class Neo4jStore:
    """A :class:`~kg.store.Store` on a Neo4j 5 server (or AuraDB)."""

    dialect = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str | None = None) -> None:
        self.uri, self.user, self.database = check_uri(uri), user, database
        self.where = f"Neo4j at {uri}" + (f" (database {database!r})" if database else "")
        try:
            self._driver = GraphDatabase.driver(uri, auth=(user, password))
        except (nex.ConfigurationError, ValueError) as exc:
            raise ConfigError(f"bad Neo4j URI {uri!r}: {exc}") from None
        try:
            self._driver.verify_connectivity()
            with self._driver.session(database=database) as session:
                session.run("RETURN 1").consume()
        except Exception as exc:
            self.close()
            raise self._fail(exc, "connecting") from None

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fail(self, exc: Exception, during: str) -> StoreError:
        if isinstance(exc, nex.AuthError):
            return StoreError(f"{self.where} refused user {self.user!r}: wrong user name or password")
        code = getattr(exc, "code", "") or ""
        if "DatabaseNotFound" in code:
            return StoreError(f"{self.where}: no database named {self.database!r} on this server")
        if isinstance(exc, (nex.ServiceUnavailable, nex.SessionExpired, OSError)):
            if during == "connecting":
                detail = " ".join(str(exc).split())[:300] or type(exc).__name__
                return StoreError(f"cannot reach {self.where}: {detail}")
            return StoreError(
                f"lost the connection to {self.where} during {during}; re-run when it is back "
                "(loading is idempotent)"
            )
        if isinstance(exc, (nex.Neo4jError, nex.DriverError)):
            first = str(getattr(exc, "message", None) or exc).splitlines()[0]
            return StoreError(f"{self.where} failed during {during}: {first}")
        raise exc

    def _session(self) -> Any:
        return self._driver.session(database=self.database)

    def setup_schema(self, statements: list[str]) -> None:
        try:
            with self._session() as session:
                for stmt in statements:
                    session.execute_write(_write_tx, stmt, {})
        except Exception as exc:
            raise self._fail(exc, "the schema set-up") from None

    def write(self, statement: str, rows: list[dict[str, Any]]) -> Counters:
        try:
            with self._session() as session:
                result: Counters = session.execute_write(_write_tx, statement, {"rows": rows})
                return result
        except Exception as exc:
            raise self._fail(exc, "the load") from None

    def wipe(self) -> Counters:
        total = Counters()
        try:
            with self._session() as session:
                while True:
                    c = session.execute_write(_write_tx, st.WIPE_BATCH, {"limit": 10000})
                    total.add(c)
                    if not c.nodes_deleted:
                        return total
        except Exception as exc:
            raise self._fail(exc, "the wipe") from None

    def read(self, query: str, params: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
        try:
            with self._session() as session:
                out: tuple[list[str], list[list[Any]]] = session.execute_read(_read_tx, query, params)
                return out
        except Exception as exc:
            raise self._fail(exc, "the query") from None

    def close(self) -> None:
        driver = getattr(self, "_driver", None)
        if driver is not None:
            driver.close()
