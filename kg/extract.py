"""Entity extraction: PaperRecords -> Extractions (proposed names, methods, datasets, tasks, repos).

The build calls :func:`extract`. It runs the spaCy pipeline of :mod:`kg.nlp.pipeline` over
title + English abstract (in 2 worker processes when the input is large), then makes a second,
cheap pass in the parent over the results: every name proposed by some paper of the build is
looked up among the unresolved name-like tokens of the other papers, so that a later paper that
uses "OTPrune" gets the entity the OTPrune paper PROPOSES (same key and kind). Repos come from the
abstract, the comment and the digest's ``code_url``.

Examples
--------
>>> from kg.model import PaperRecord
>>> a = PaperRecord(key="arxiv:1", title="OTPrune: Pruning Tokens with Optimal Transport",
...                 abstract="We propose OTPrune. Code: https://github.com/a/OTPrune.")
>>> b = PaperRecord(key="arxiv:2", title="A faster variant",
...                 abstract="We compare against OTPRUNE and CLIP on COCO.")
>>> ea, eb = extract([a, b])
>>> [e.key for e in ea.proposed], [r.key for r in ea.repos]
(['method:otprune'], ['repo:github.com/a/otprune'])
>>> sorted(e.key for e in eb.methods), [e.key for e in eb.datasets]
(['method:clip', 'method:otprune'], ['dataset:coco'])
"""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, Any

from kg.gctune import quiet_gc, quiet_worker
from kg.model import Entity, Extraction, PaperRecord

if TYPE_CHECKING:  # spaCy is imported when the pipeline is first needed (see prepare())
    from kg.nlp.convert import Pending

AUTO_PARALLEL = 3000  # records above which two processes are used by default
CHUNK = 400


def task_bounds(n: int, procs: int, size: int = CHUNK) -> list[tuple[int, int]]:
    """``(start, end)`` ranges covering ``n`` records: ``size`` at a time, then quarter-size ranges
    for about the last three chunks per process, so that the workers finish close together (a
    worker left alone with a whole chunk at the end keeps the other cores idle that long).

    >>> task_bounds(2000, 2, size=200)[:4], task_bounds(2000, 2, size=200)[-2:]
    ([(0, 200), (200, 400), (400, 600), (600, 800)], [(1900, 1950), (1950, 2000)])
    >>> task_bounds(90, 2, size=200), task_bounds(0, 2)
    ([(0, 50), (50, 90)], [])
    """
    cut = max(0, n - 3 * procs * size)
    cut -= cut % size
    small = max(1, size // 4)
    return [(i, i + size) for i in range(0, cut, size)] + [
        (i, min(i + small, n)) for i in range(cut, n, small)
    ]


def _chunks(records: Sequence[PaperRecord], size: int) -> Iterator[Sequence[PaperRecord]]:
    for i in range(0, len(records), size):
        yield records[i : i + size]


def extract_one(rec: PaperRecord) -> tuple[Extraction, Pending]:
    """Run the pipeline on one record (first pass only)."""
    from kg.nlp.convert import doc_to_extraction, repos_of
    from kg.nlp.pipeline import make_nlp, paper_text

    doc = make_nlp()(paper_text(rec.title, rec.abstract))
    ex, pending = doc_to_extraction(doc, rec.key)
    ex.repos = repos_of(rec)
    return ex, pending


def _extract_chunk(
    records: Sequence[PaperRecord], repo_fields: tuple[str, ...]
) -> list[tuple[Extraction, Pending]]:
    from kg.nlp.convert import doc_to_extraction, repos_of
    from kg.nlp.pipeline import make_nlp, paper_text, run_staged

    nlp = make_nlp()
    texts = (paper_text(r.title, r.abstract) for r in records)
    out = []
    with quiet_gc():
        for rec, doc in zip(records, run_staged(nlp, texts), strict=True):
            ex, pending = doc_to_extraction(doc, rec.key)
            ex.repos = repos_of(rec, repo_fields)
            out.append((ex, pending))
            # the spans kept in user_data (doc._.abbreviations) point back at the doc: break the
            # cycle so that the doc is freed at once rather than by the cyclic collector
            doc.user_data.clear()
    return out


# The records of the running extract(): forked workers inherit them, so that a task is only a
# range of indices and no record is pickled on the way to a worker.
_SHARED: Sequence[PaperRecord] = ()


def _extract_range(bounds: tuple[int, int], repo_fields: tuple[str, ...]) -> list[tuple[Extraction, Pending]]:
    return _extract_chunk(_SHARED[bounds[0] : bounds[1]], repo_fields)


# 2 to 5 capitals, maybe with a plural "s": WER, GPS, SOTA, FMs
_SHORT_ACRONYM = re.compile(r"[A-Z]{2,5}s?")


def ambiguous_acronym(form: str) -> bool:
    """``form`` is a short acronym, which different papers use for different things ("WER" is a word
    error rate in most papers and a "Wavelet Edge Refinement" in one), so it does not link a mention
    to another paper's proposal on its own.

    >>> [ambiguous_acronym(f) for f in ("WER", "FMs", "OTPrune", "VSI-Bench", "GSNR2", "Wavelet")]
    [True, True, False, False, False, False]
    """
    return _SHORT_ACRONYM.fullmatch(form) is not None


def link_build_proposals(results: Sequence[tuple[Extraction, Pending]]) -> list[Extraction]:
    """Second pass: point mentions of names proposed elsewhere in the build at the proposed entity
    (by a distinctive form: see :func:`ambiguous_acronym`)."""
    from kg.nlp.tokenizer import key_of

    proposers: dict[str, tuple[str, Entity]] = {}
    for ex, _ in results:
        for e in ex.proposed:
            for form in (e.name, *e.aliases):
                proposers.setdefault(key_of(form), (ex.paper_key, e))
    out = []
    for ex, pending in results:
        own = {key_of(f) for e in ex.proposed for f in (e.name, *e.aliases)}
        for e in ex.methods + ex.datasets:
            hit = proposers.get(key_of(e.name))
            if (
                hit is not None
                and hit[0] != ex.paper_key
                and e.kb_id is None
                and not ambiguous_acronym(e.name)
            ):
                e.key, e.kind, e.kb_id = hit[1].key, hit[1].kind, hit[0]
        ex.datasets, ex.methods = (
            [e for e in ex.methods + ex.datasets if e.kind == "dataset"],
            [e for e in ex.methods + ex.datasets if e.kind != "dataset"],
        )
        seen = {e.key for e in ex.methods + ex.datasets}
        for surface, evidence in pending:
            hit = proposers.get(key_of(surface))
            if hit is None or hit[0] == ex.paper_key or key_of(surface) in own or ambiguous_acronym(surface):
                continue
            e = hit[1]
            ex.methods = [m for m in ex.methods if key_of(m.name) != key_of(surface)]
            ex.datasets = [d for d in ex.datasets if key_of(d.name) != key_of(surface)]
            if e.key in seen and e.key not in {x.key for x in ex.methods + ex.datasets}:
                seen.discard(e.key)
            if e.key in seen:
                continue
            seen.add(e.key)
            linked = Entity(e.kind, e.name, e.key, [surface], 0.7, evidence, kb_id=hit[0])
            (ex.datasets if e.kind == "dataset" else ex.methods).append(linked)
        out.append(ex)
    return out


def prepare() -> None:
    """Load the NLP pipeline now (it is cached), e.g. while other processes do other work."""
    from kg.nlp.pipeline import make_nlp

    make_nlp()


def extract(
    records: Sequence[PaperRecord],
    *,
    n_process: int | None = None,
    progress: Callable[[int], None] | None = None,
    repo_fields: tuple[str, ...] | None = None,
    meanwhile: Iterator[object] | None = None,
) -> list[Extraction]:
    """One Extraction per record, in order; ``progress(n)`` gets the records done since the last call.

    ``n_process=None`` chooses 2 processes above AUTO_PARALLEL records, else 1. ``repo_fields``
    names the record fields searched for code links: the abstract only by default (``None``: as
    ANNOTATION.md defines repos); add ``"comment"`` and ``"code_url"`` to take the digest's links too.
    ``meanwhile`` is other work in small steps (an iterator) that this process does while the
    worker processes extract; whatever is left of it is done before returning.
    """
    from kg.nlp.convert import REPO_FIELDS
    from kg.nlp.pipeline import make_nlp

    if repo_fields is None:
        repo_fields = REPO_FIELDS
    procs = n_process or (2 if len(records) > AUTO_PARALLEL else 1)
    procs = max(1, min(procs, os.cpu_count() or 1, -(-len(records) // CHUNK) or 1))
    make_nlp()  # load once; forked workers inherit it
    results: list[tuple[Extraction, Pending]] = []
    if procs == 1:
        with quiet_gc():
            for chunk in _chunks(records, CHUNK):
                results.extend(_extract_chunk(chunk, repo_fields))
                if progress:
                    progress(len(chunk))
    else:
        global _SHARED
        fork = sys.platform.startswith("linux")
        ctx = multiprocessing.get_context("fork" if fork else None)
        _SHARED = records
        with ProcessPoolExecutor(max_workers=procs, mp_context=ctx, initializer=quiet_worker) as pool:
            if fork:  # the workers (all started at the first submit) see _SHARED
                work: Callable[..., list[tuple[Extraction, Pending]]] = partial(
                    _extract_range, repo_fields=repo_fields
                )
                tasks: list[Any] = task_bounds(len(records), procs)
            else:
                work, tasks = partial(_extract_chunk, repo_fields=repo_fields), list(_chunks(records, CHUNK))
            futures = [pool.submit(work, task) for task in tasks]
            _SHARED = ()
            for fut in futures:
                while meanwhile is not None and not fut.done():
                    if next(meanwhile, _DONE) is _DONE:
                        meanwhile = None
                part = fut.result()
                results.extend(part)
                if progress:
                    progress(len(part))
    for _ in meanwhile or ():
        pass
    return link_build_proposals(results)


_DONE = object()
