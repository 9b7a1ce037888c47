"""kg eval: scoring rule, file handling, CLI, and the dev-gold regression guard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import InputError
from kg.eval import extraction_row, gold_records, load_predictions, read_jsonl, score
from kg.extract import extract

GOLD = [
    {
        "id": "2501.00001",
        "proposed": [{"name": "OTPrune", "aliases": [], "kind": "method"}],
        "methods": [{"name": "optimal transport", "aliases": ["OT"]}],
        "datasets": [{"name": "GQA", "aliases": []}, {"name": "POPE", "aliases": []}],
        "tasks": [{"name": "visual token pruning", "aliases": []}],
        "repos": ["https://github.com/xiwenc1/OTPrune"],
    }
]
PRED = {
    "key": "arxiv:2501.00001",
    "arxiv_id": "2501.00001",
    "proposed": [{"name": "OT-Prune", "kind": "method", "key": "method:ot-prune", "aliases": []}],
    "methods": [
        {"name": "Optimal Transport", "key": "method:optimal-transport", "aliases": ["OT"]},
        {"name": "CLIP", "key": "method:clip", "aliases": []},
    ],
    "datasets": [{"name": "GQA", "key": "dataset:gqa", "aliases": []}],
    "tasks": [],
    "repos": [{"url": "https://github.com/xiwenc1/OTPrune.git", "key": "repo:github.com/xiwenc1/otprune"}],
}


def test_score_matching_rule():
    r = score([PRED], GOLD)
    assert r["proposed"]["f1"] == 1.0
    assert (r["methods"]["precision"], r["methods"]["recall"]) == (0.5, 1.0)
    assert (r["datasets"]["precision"], r["datasets"]["recall"]) == (1.0, 0.5)
    assert (r["tasks"]["recall"], r["tasks"]["f1"]) == (0.0, 0.0)
    assert r["repos"]["f1"] == 1.0


def test_missing_prediction_counts_as_empty():
    r = score([], GOLD)
    assert r["datasets"]["recall"] == 0.0 and r["datasets"]["pred"] == 0


def test_proposed_dataset_counts_as_dataset():
    pred = dict(PRED, proposed=[{"name": "POPE", "kind": "dataset", "aliases": []}])
    assert score([pred], GOLD)["datasets"]["recall"] == 1.0


def test_files_and_errors(tmp_path: Path):
    (tmp_path / "papers.jsonl").write_text(json.dumps(PRED) + "\n")
    assert load_predictions(tmp_path)[0]["key"] == PRED["key"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\nnot json\n')
    with pytest.raises(InputError, match="line 2"):
        read_jsonl(bad)
    with pytest.raises(InputError, match="not found"):
        load_predictions(tmp_path / "missing")


def test_cli_eval(tmp_path: Path):
    (tmp_path / "papers.jsonl").write_text(json.dumps(PRED) + "\n")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(GOLD[0]) + "\n")
    res = CliRunner().invoke(app, ["eval", str(tmp_path), str(gold)])
    assert res.exit_code == 0, res.output
    assert "proposed" in res.output and "1.000" in res.output
    res = CliRunner().invoke(app, ["eval", str(tmp_path), str(gold), "--json"])
    assert json.loads(res.output)["datasets"]["recall"] == 0.5
    res = CliRunner().invoke(app, ["eval", str(tmp_path / "nope"), str(gold)])
    assert res.exit_code == 1 and "not found" in res.output


def test_cli_kb_build(tmp_path: Path, corpus: Path):
    out = tmp_path / "kb.jsonl"
    res = CliRunner().invoke(app, ["kb", "build", "--corpus", str(corpus), "--out", str(out)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(rows) > 5000 and {"id", "name", "aliases", "types"} <= set(rows[0])


# Floors measured on the 130-paper dev gold (tests/data/gold) minus a margin: a regression guard.
FLOORS = {"proposed": 0.78, "datasets": 0.66, "methods": 0.60, "tasks": 0.28, "repos": 0.95}


@pytest.mark.corpus
@pytest.mark.slow
def test_dev_gold_regression(corpus: Path, data_dir: Path):
    gold = [g for f in sorted((data_dir / "gold").glob("dev_*.jsonl")) for g in read_jsonl(f)]
    assert len(gold) >= 120
    recs = gold_records(gold, corpus)
    report = score([extraction_row(e) for e in extract(recs)], gold)
    for typ, floor in FLOORS.items():
        assert report[typ]["f1"] >= floor, (typ, report[typ])


@pytest.mark.corpus
def test_scierc_reference_runs(corpus: Path):
    from kg.nlp.scierc import score_docs

    path = corpus / "gold" / "allenai__scibert__SciERC" / "raw" / "test.json"
    docs = [json.loads(x) for x in path.read_text().splitlines()[:10]]
    r = score_docs(docs)
    assert r["Method"]["gold"] > 0 and 0.0 <= r["Method"]["f1"] <= 1.0
