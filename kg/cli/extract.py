"""Commands ``kg eval`` (extraction quality against hand annotations) and ``kg kb build``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app, errors
from kg.errors import InputError

kb_app = typer.Typer(
    help="The knowledge base of methods, datasets and tasks used by the linker.", no_args_is_help=True
)
app.add_typer(kb_app, name="kb")

DEFAULT_CORPUS = Path("../shared/corpus")


@app.command("eval")
def eval_command(
    pred: Annotated[
        Path, typer.Argument(help="A build folder (uses DIR/papers.jsonl) or a papers.jsonl file.")
    ],
    gold: Annotated[
        Path, typer.Argument(help="Gold annotations (JSONL, one paper per line, ANNOTATION.md).")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Precision, recall and F1 per type (proposed, datasets, methods, tasks, repos) of PRED against GOLD."""
    from kg.eval import format_report, load_predictions, read_jsonl, score

    with errors():
        predictions = load_predictions(pred)
        gold_rows = read_jsonl(gold)
        if not gold_rows:
            raise InputError("no gold annotations in file", path=str(gold))
        report = score(predictions, gold_rows)
        if as_json:
            typer.echo(json.dumps(report, indent=2))
        else:
            typer.echo(f"{len(gold_rows)} gold papers, {len(predictions)} predicted papers")
            typer.echo(format_report(report))


@kb_app.command("build")
def kb_build(
    corpus: Annotated[
        Path | None,
        typer.Option(help="Corpus folder with pwc/ and gold/allenai__SciREX/ (default ../shared/corpus)."),
    ] = None,
    from_build: Annotated[
        list[Path] | None,
        typer.Option(
            "--from-build", help="Add the names proposed in a build folder's papers.jsonl (repeatable)."
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Where to write the KB (default: the shipped kg/nlp/data/kb.jsonl).")
    ] = None,
) -> None:
    """Rebuild the knowledge base JSONL from the curated list, Papers with Code, SciREX and builds."""
    from collections import Counter

    from kg.nlp.kb import KB_PATH, build_kb, write_kb

    with errors():
        src = corpus or DEFAULT_CORPUS
        if corpus is None and not src.is_dir():
            raise InputError("corpus folder not found; pass --corpus DIR", path=str(src))
        rows = build_kb(src, builds=from_build or [])
        target = out or KB_PATH
        n = write_kb(rows, target)
        by = Counter(
            f"{r['types'][0]}/{r['source'] if r['source'] in ('curated', 'scirex', 'pwc') else 'build'}"
            for r in rows
        )
        typer.echo(f"Wrote {n} entities to {target}")
        typer.echo("  " + ", ".join(f"{k}: {v}" for k, v in sorted(by.items())))
