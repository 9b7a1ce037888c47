"""Commands ``kg import s2|openalex``, ``kg enrich``, ``kg analyze`` and ``kg authors``.

Each loads ``DIR/graph.json``, changes the graph through the library and rewrites the graph files
of the build folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app, echo_err, errors, progress_bar
from kg.errors import ConfigError
from kg.export import atomic_write_text, load_graph

import_app = typer.Typer(
    name="import",
    help="Merge external citation data (Semantic Scholar, OpenAlex) into a build.",
    no_args_is_help=True,
)
app.add_typer(import_app, name="import")

IntoOpt = Annotated[Path, typer.Option("--into", help="Build folder (made by `kg build`) to merge into.")]
FilesArg = Annotated[list[Path], typer.Argument(help="JSON or JSONL files (API responses or dumps).")]
AllOpt = Annotated[
    bool, typer.Option("--all", help="Also keep citations between two papers that are not in the build.")
]


def _import(source: str, files: list[Path], into: Path, of: str | None, all_papers: bool) -> None:
    from kg.imports import merge_batch, read_batch, save_graph

    with errors():
        G = load_graph(into)
        batch = read_batch(files, source, of=of)
        for p in batch.problems[:20]:
            echo_err(str(p))
        stats = merge_batch(G, batch, all_papers=all_papers)
        save_graph(G, into)
        typer.echo(
            f"{stats['papers_read']} papers and {len(batch.citations)} citations read; "
            f"{stats['matched']} matched papers of the build, "
            f"{stats['external_added']} external papers added, "
            f"{stats['cites_added']} CITES added "
            f"({stats['cites_skipped']} skipped: neither end in the build), "
            f"{stats['author_ids']} author ids set."
        )


@import_app.command("s2")
def import_s2(
    files: FilesArg,
    into: IntoOpt,
    of: Annotated[
        str | None,
        typer.Option(
            "--of", help="The paper a citations/references page belongs to (arXiv:…, DOI:…, CorpusID:…)."
        ),
    ] = None,
    all_papers: AllOpt = False,
) -> None:
    """Merge Semantic Scholar Graph API JSON (papers, batches, citation/reference pages, JSONL dumps)."""
    _import("s2", files, into, of, all_papers)


@import_app.command("openalex")
def import_openalex(files: FilesArg, into: IntoOpt, all_papers: AllOpt = False) -> None:
    """Merge OpenAlex works (single, lists, cursor pages, JSONL snapshots) or unarXive records."""
    _import("openalex", files, into, None, all_papers)


@app.command()
def enrich(
    build_dir: Annotated[Path, typer.Argument(help="Build folder.")],
    source: Annotated[str, typer.Option("--source", help="s2 or openalex.")] = "s2",
    max_requests: Annotated[
        int | None, typer.Option("--max-requests", min=0, help="Send at most this many requests.")
    ] = None,
    rate: Annotated[
        int | None, typer.Option(help="Requests allowed per --per seconds (default: public limit).")
    ] = None,
    per: Annotated[float | None, typer.Option(help="Window of the rate limit in seconds.")] = None,
    limit: Annotated[int | None, typer.Option(help="Only the first N papers (by key).")] = None,
    kinds: Annotated[str, typer.Option(help="What to fetch: references,citations.")] = "references,citations",
    cache: Annotated[Path | None, typer.Option(help="Cache folder (default DIR/.cache).")] = None,
    base_url: Annotated[str | None, typer.Option(help="API base URL (default: the public API).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Fetch references and citations of the build's papers from S2 or OpenAlex (cached, rate-limited)."""
    from kg.enrich import ApiClient
    from kg.enrich import enrich as run_enrich
    from kg.imports import save_graph

    with errors():
        wanted = tuple(k.strip() for k in kinds.split(",") if k.strip())
        if not wanted or set(wanted) - {"references", "citations"}:
            raise ConfigError(f"--kinds takes references and/or citations, not {kinds!r}")
        G = load_graph(build_dir)
        client = ApiClient(
            source,
            cache_dir=cache or build_dir / ".cache",
            base_url=base_url,
            rate=rate,
            per=per,
            max_requests=max_requests,
        )
        bar = progress_bar("Fetching", quiet=quiet)
        task = bar.add_task("fetch", total=None)
        with client, bar:
            stats = run_enrich(
                G,
                client,
                kinds=wanted,
                limit=limit,
                progress=lambda d, t: bar.update(task, completed=d, total=t),
            )
        save_graph(G, build_dir)
        typer.echo(
            f"{stats['done']}/{stats['papers']} papers enriched from {source}: "
            f"{stats['requests']} requests sent, "
            f"{stats['cache_hits']} answered from the cache; {stats['cites_added']} CITES and "
            f"{stats['external_added']} external papers added."
        )
        if stats["stopped"]:
            echo_err(f"stopped early: --max-requests {max_requests} reached (run again to continue)")


@app.command()
def analyze(
    build_dir: Annotated[Path, typer.Argument(help="Build folder.")],
    seed: Annotated[int, typer.Option(help="Random seed (Louvain, sampled betweenness).")] = 0,
    samples: Annotated[int, typer.Option(min=1, help="Betweenness sample size on large graphs.")] = 64,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Compute communities, PageRank, betweenness, co-citation, coupling, trends; store them in the graph."""
    from kg.analysis import analyze as run_analyze
    from kg.imports import save_graph

    with errors():
        G = load_graph(build_dir)
        res = run_analyze(G, seed=seed, samples=samples)
        save_graph(G, build_dir)
        atomic_write_text(build_dir / "analysis.json", json.dumps(res, ensure_ascii=False, indent=1))
        if as_json:
            typer.echo(
                json.dumps({k: v for k, v in res.items() if k != "trends"}, ensure_ascii=False, indent=2)
            )
            return
        typer.echo(
            f"Co-authorship: {res['authors']} authors, {res['coauthor_edges']} pairs, "
            f"{res['author_communities']} communities (largest: {res['largest_communities']})"
        )
        typer.echo(
            "Top authors by PageRank: "
            + ", ".join(a["key"].removeprefix("author:") for a in res["top_authors"][:10])
        )
        typer.echo(
            f"Citations: {res['citation_edges']} paper links, {res['cocitation_pairs']} co-cited pairs, "
            f"{res['coupling_pairs']} coupled pairs"
        )
        typer.echo(
            f"Entities: {len(res['trends'])} with dated papers, "
            f"{res['entity_cooccurrence_edges']} co-occurrence pairs"
        )
        typer.echo(
            f"Wrote node properties to {build_dir / 'graph.json'} "
            f"and details to {build_dir / 'analysis.json'}"
        )


@app.command()
def authors(
    build_dir: Annotated[Path, typer.Argument(help="Build folder.")],
    ambiguous: Annotated[
        bool, typer.Option("--ambiguous", help="List names that stand for several people.")
    ] = False,
    top: Annotated[int, typer.Option(min=0, help="Rows to print with --ambiguous (0 = all).")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Disambiguate authors (once per build: merge by ids and initials, split unrelated namesakes)."""
    from kg.authors import ambiguous_names, disambiguate
    from kg.imports import save_graph
    from kg.model import AUTHOR

    with errors():
        G = load_graph(build_dir)
        done = any(d.get("name_key") for _, d in G.nodes(data=True) if d.get("label") == AUTHOR)
        if not done:
            rep = disambiguate(G)
            save_graph(G, build_dir)
            if not as_json:
                s = rep.summary()
                typer.echo(
                    f"Disambiguated: {s['names_split']} names split into {s['nodes_added_by_split']} "
                    f"more Author nodes, {s['merged_initials']} initials merged, "
                    f"{s['merged_by_id']} merged by external id, {s['rekeyed']} re-keyed."
                )
        rows = ambiguous_names(G) if ambiguous else []
        if as_json:
            typer.echo(
                json.dumps(rows if ambiguous else {"disambiguated": True}, ensure_ascii=False, indent=1)
            )
            return
        shown = rows if top == 0 else rows[:top]
        for r in shown:
            if r["kind"] == "split":
                parts = "; ".join(
                    f"{n['key'].removeprefix('author:')} [{n['papers']} papers]" for n in r["nodes"]
                )
                typer.echo(f"split     {r['name_key'].removeprefix('author:')}: {parts}")
            else:
                cands = ", ".join(c.removeprefix("author:") for c in r["candidates"])
                typer.echo(f"initials  {r['name_key'].removeprefix('author:')}: could be {cands}")
        if ambiguous and len(rows) > len(shown):
            typer.echo(f"… {len(rows) - len(shown)} more (use --top 0 or --json)")
