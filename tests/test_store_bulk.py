"""Bulk exports: neo4j-admin CSVs (read back with the csv module) and the cypher-shell script
(its MERGE batches run on the real FalkorDB server and rebuild exactly the graph)."""

from __future__ import annotations

import csv
from pathlib import Path

from kg.graph import counts
from kg.store import bulk, falkordb
from tests.test_store_graph import make_graph


def test_neo4j_admin_csvs(tmp_path):
    G = make_graph()
    files = bulk.write_neo4j_admin(G, tmp_path)
    assert all(p.exists() for p in files)
    nodes = rels = 0
    labels: dict[str, int] = {}
    for head in sorted(tmp_path.glob("nodes_*_header.csv")):
        header = next(csv.reader(head.open(encoding="utf-8")))
        assert header[:2] == ["key:ID", ":LABEL"]
        data = list(csv.reader(head.with_name(head.name.replace("_header", "")).open(encoding="utf-8")))
        assert all(len(r) == len(header) for r in data)
        nodes += len(data)
        for r in data:
            labels[r[1]] = labels.get(r[1], 0) + 1
    for head in sorted(tmp_path.glob("rels_*_header.csv")):
        header = next(csv.reader(head.open(encoding="utf-8")))
        assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
        rels += sum(
            1 for _ in csv.reader(head.with_name(head.name.replace("_header", "")).open(encoding="utf-8"))
        )
    assert (nodes, rels) == (G.number_of_nodes(), G.number_of_edges())
    assert labels == counts(G)["nodes"]
    paper_header = next(csv.reader((tmp_path / "nodes_Paper_header.csv").open(encoding="utf-8")))
    assert "dates:string[]" in paper_header and "external:boolean" in paper_header
    script = (tmp_path / "import.sh").read_text()
    assert "neo4j-admin database import full" in script and '--array-delimiter="U+001F"' in script
    assert script.count("--nodes=") == len(labels)
    assert "CREATE CONSTRAINT paper_key IF NOT EXISTS" in (tmp_path / "constraints.cypher").read_text()


def script_statements(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [s.strip() for s in text.split(";\n") if s.strip() and not s.strip().startswith("//")]


def test_cypher_script_rebuilds_the_graph_on_a_real_server(tmp_path):
    G = make_graph()
    path = bulk.write_cypher_script(G, tmp_path / "graph.cypher", batch_size=100)
    stmts = script_statements(path)
    assert stmts[0].startswith("CREATE CONSTRAINT")
    merges = [s for s in stmts if s.startswith("UNWIND [")]
    assert merges and "$rows" not in "".join(merges)
    with falkordb.embedded(tmp_path) as store:
        for s in merges:
            store.write_prepared(s)
        _, rows = store.read("MATCH (n) RETURN labels(n)[0] AS l, count(*) AS c", {})
        assert dict(map(tuple, rows)) == counts(G)["nodes"]
        _, rows = store.read("MATCH ()-[r]->() RETURN count(r) AS c", {})
        assert rows == [[G.number_of_edges()]]
        # the script is idempotent too
        again = [store.write_prepared(s) for s in merges]
        assert sum(c.nodes_created + c.relationships_created for c in again) == 0
