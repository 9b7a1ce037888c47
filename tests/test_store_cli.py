"""``kg load``, ``kg query``, ``kg recipes`` and ``kg db`` through typer's runner (embedded FalkorDB
for real; the Neo4j driver object replaced only where no server can run)."""

from __future__ import annotations

import json
import socket
import zipfile
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from typer.testing import CliRunner

from kg.cli import app
from kg.export import write_format
from kg.store import falkordb, recipes
from tests.test_store_graph import make_graph, seed_records
from tests.test_store_neo4j import FakeDriver, neo_error

runner = CliRunner()


def kg(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    res = runner.invoke(app, list(args), input=input, env=env)
    return res.exit_code, res.stdout, res.stderr


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("build")
    write_format(make_graph(), d, "json")
    code, _, err = kg("load", str(d), env={"NEO4J_URI": ""})
    assert code == 0, err
    return d


def test_load_reports_counters_and_is_idempotent(build):
    G = make_graph()
    code, out, err = kg("load", str(build), "--batch-size", "100", env={"NEO4J_URI": ""})
    assert code == 0, err
    assert "0 nodes created, 0 relationships created, 0 properties set" in out
    assert (
        f"loaded {G.number_of_nodes() + G.number_of_edges()} rows" in out and "FalkorDB at 127.0.0.1" in out
    )
    assert not falkordb.status(build)["running"]  # started for the command, stopped after it


def test_first_load_counts(tmp_path):
    G = make_graph(seed_records()[:10])
    write_format(G, tmp_path, "json")
    code, out, _ = kg("load", str(tmp_path), env={"NEO4J_URI": ""})
    assert code == 0
    assert f"{G.number_of_nodes()} nodes created, {G.number_of_edges()} relationships created" in out


def test_replace_asks_first(build):
    code, _, err = kg("load", str(build), "--replace", input="n\n", env={"NEO4J_URI": ""})
    assert code == 1 and "Aborted" in err + _
    G = make_graph()
    code, out, err = kg("load", str(build), "--replace", "--yes", env={"NEO4J_URI": ""})
    assert code == 0, err
    assert f"{G.number_of_nodes()} nodes created" in out and f"{G.number_of_nodes()} nodes and" in out


def test_query_formats(build):
    code, out, err = kg("query", "top-methods", "-p", "limit=2", "--dir", str(build), env={"NEO4J_URI": ""})
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["method", "key", "papers"] and lines[-1] == "(2 rows)"
    assert lines[2].split() == ["optimal", "transport", "method:optimal-transport", "4"]
    code, out, _ = kg(
        "query", "top-methods", "-p", "limit=2", "-f", "json", "--dir", str(build), env={"NEO4J_URI": ""}
    )
    assert json.loads(out)[0] == {
        "method": "optimal transport",
        "key": "method:optimal-transport",
        "papers": 4,
    }
    code, out, _ = kg(
        "query", "papers-with-code", "--format", "csv", "--dir", str(build), env={"NEO4J_URI": ""}
    )
    import csv

    assert list(csv.reader(out.splitlines())) == [
        ["key", "paper", "repos"],
        [seed_records()[0].key, seed_records()[0].title, "https://github.com/xiwenc1/OTPrune"],
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "no-such-recipe"], "error: no recipe named 'no-such-recipe'"),
        (["query", "top-authors", "-p", "limt=3"], "error: recipe top-authors has no parameter 'limt'"),
        (["query", "top-authors", "-p", "limit=lots"], "must be a int"),
        (["query", "coauthors"], "needs parameter 'author'"),
        (["query", "top-authors", "-p", "limit"], "must look like key=value"),
        (["query", "top-authors", "--format", "xml"], "unknown format 'xml'"),
    ],
)
def test_query_errors_are_one_line(build, args, message):
    code, _, err = kg(*args, "--dir", str(build), env={"NEO4J_URI": ""})
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_missing_build_folder(tmp_path):
    code, _, err = kg("load", str(tmp_path / "nope"), env={"NEO4J_URI": ""})
    assert code == 1 and "no graph.json here" in err


def test_recipes_list_and_export(tmp_path):
    code, out, _ = kg("recipes")
    assert code == 0 and len(out.splitlines()) == len(recipes.all_recipes())
    assert any(line.startswith("top-authors ") for line in out.splitlines())
    code, out, _ = kg("recipes", "--verbose")
    assert (
        "-p limit=…  (20) How many authors to return" in out
        and "e.g. kg query top-authors -p limit=10" in out
    )
    code, out, _ = kg("recipes", "--export", str(tmp_path / "paperkg-recipes.zip"))
    assert code == 0 and len(zipfile.ZipFile(tmp_path / "paperkg-recipes.zip").namelist()) == len(
        recipes.all_recipes()
    )


def test_db_start_status_stop(build):
    code, out, _ = kg("db", "status", str(build))
    assert code == 3 and out.startswith("not running")
    code, out, _ = kg("db", "start", str(build))
    try:
        assert code == 0 and out.startswith("FalkorDB running on 127.0.0.1:")
        code, out, _ = kg("db", "status", str(build))
        assert code == 0 and out.startswith("running on 127.0.0.1:")
        # queries use the running server and leave it running
        code, _, _ = kg("query", "graph-summary", "--dir", str(build), env={"NEO4J_URI": ""})
        assert code == 0 and falkordb.status(build)["running"]
    finally:
        code, out, _ = kg("db", "stop", str(build))
    assert code == 0 and out.strip() == "stopped"
    assert kg("db", "stop", str(build))[1].strip() == "not running"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_neo4j_is_exit_2_one_line(build):
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    code, out, err = kg("load", str(build), "--uri", uri, env={"NEO4J_PASSWORD": "x"})
    assert code == 2 and err.startswith(f"error: cannot reach Neo4j at {uri}")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in out + err


@pytest.mark.parametrize(
    ("fail", "message"),
    [
        ({"verify": neo_error("Neo.ClientError.Security.Unauthorized", "x")}, "refused user 'neo4j'"),
        ({"auto": neo_error("Neo.ClientError.Database.DatabaseNotFound", "x")}, "no database named 'nope'"),
    ],
)
def test_neo4j_faults_exit_2(build, monkeypatch, fail, message):
    monkeypatch.setattr(GraphDatabase, "driver", lambda uri, auth: FakeDriver(uri, auth, fail))
    code, out, err = kg("load", str(build), "--uri", "neo4j+s://x.databases.neo4j.io", "--database", "nope",
                        env={"NEO4J_PASSWORD": "x"})  # fmt: skip
    assert (
        code == 2 and message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in out + err
    )


def test_password_prompt_when_not_in_environment(build, monkeypatch):
    made = {}

    def driver(uri, auth):
        made["d"] = FakeDriver(uri, auth)
        return made["d"]

    monkeypatch.setattr(GraphDatabase, "driver", driver)
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    code, out, err = kg(
        "query", "top-authors", "--uri", "bolt://db:7687", "--user", "alice", input="s3cret\n"
    )
    assert code == 0, err
    assert made["d"].auth == ("alice", "s3cret") and "s3cret" not in out
