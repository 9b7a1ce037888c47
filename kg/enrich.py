"""Online enrichment: fetch references and citations of a build's papers from Semantic Scholar or
OpenAlex, and merge them with :func:`kg.imports.merge_batch`.

The HTTP client (httpx) is polite by construction:

* **rate limit** — at most ``rate`` requests per ``per`` seconds (sliding window). The defaults stay
  within the public limits: 100 requests / 5 minutes for S2 without a key (1 request / second
  with ``S2_API_KEY``), 5 requests / second for OpenAlex;
* **retries** — 429 and 5xx answers and transport errors are retried with exponential backoff
  (``Retry-After`` is honoured, capped at ``max_wait``);
* **cache** — every answer (including 404) is stored on disk under a hash of its URL, so a re-run
  never sends the same request twice;
* **budget** — ``max_requests`` caps the requests sent (cached answers are free); enrichment then
  stops cleanly and keeps what it fetched.

API keys come from the environment: ``S2_API_KEY`` (or ``SEMANTIC_SCHOLAR_API_KEY``) for S2,
``OPENALEX_API_KEY`` and ``OPENALEX_MAILTO`` (polite pool) for OpenAlex. Keys never enter the cache.

Examples
--------
>>> import tempfile
>>> c = ApiClient("s2", cache_dir=tempfile.mkdtemp(), api_key=None)
>>> (c.rate, c.per), c.base_url
((100, 300.0), 'https://api.semanticscholar.org/graph/v1')
>>> s2_id_spec({"arxiv_id": "2502.01234"}), s2_id_spec({"doi": "10.1/x", "s2_corpus_id": "7"})
('arXiv:2502.01234', 'CorpusID:7')
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import networkx as nx

from kg import model as m
from kg.errors import ConfigError, KgError
from kg.imports import merge_batch
from kg.sources.openalex import openalex_id, parse_openalex
from kg.sources.s2 import ImportBatch, parse_s2

BASES = {"s2": "https://api.semanticscholar.org/graph/v1", "openalex": "https://api.openalex.org"}
S2_FIELDS = "paperId,externalIds,title,year,venue,publicationDate,authors,citationCount,isInfluential,intents"
Progress = Callable[[int, int], None]


class EnrichError(KgError):
    """An API cannot be reached or keeps failing after the retries."""

    exit_code = 2


class BudgetExhausted(Exception):
    """Raised inside enrichment when ``max_requests`` is reached (caught by :func:`enrich`)."""


class ApiClient:
    """Rate-limited, retrying, caching JSON GET client for S2 or OpenAlex."""

    def __init__(
        self,
        source: str,
        *,
        cache_dir: Path | str,
        base_url: str | None = None,
        api_key: str | bool | None = True,
        rate: int | None = None,
        per: float | None = None,
        max_requests: int | None = None,
        retries: int = 5,
        backoff: float = 2.0,
        max_wait: float = 120.0,
        timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if source not in BASES:
            raise ConfigError(f"unknown source {source!r} (use s2 or openalex)")
        self.source = source
        self.base_url = (base_url or BASES[source]).rstrip("/")
        if api_key is True:
            env = ("S2_API_KEY", "SEMANTIC_SCHOLAR_API_KEY") if source == "s2" else ("OPENALEX_API_KEY",)
            api_key = next((os.environ[e] for e in env if os.environ.get(e)), None)
        self.api_key = api_key or None
        self.mailto = os.environ.get("OPENALEX_MAILTO") if source == "openalex" else None
        if rate is None or per is None:
            rate, per = (
                (1, 1.0) if source == "s2" and self.api_key else (100, 300.0) if source == "s2" else (5, 1.0)
            )
        if rate < 1 or per <= 0:
            raise ConfigError("the rate limit needs at least 1 request per a positive number of seconds")
        self.rate, self.per = int(rate), float(per)
        self.max_requests = max_requests
        self.retries, self.backoff, self.max_wait = retries, backoff, max_wait
        self.cache_dir = Path(cache_dir) / source
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self.sleep = sleep
        self.sent = 0
        self.cache_hits = 0
        self._times: deque[float] = deque()
        headers = {"User-Agent": "paperkg (https://github.com/paperkg)"}
        if self.api_key:
            headers["x-api-key" if source == "s2" else "Authorization"] = (
                self.api_key if source == "s2" else f"Bearer {self.api_key}"
            )
        self._http = httpx.Client(headers=headers, timeout=timeout, follow_redirects=True)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def url(self, path: str, params: dict[str, Any] | None = None) -> str:
        """The full URL of a request (parameters in a stable order; no secrets)."""
        q = dict(params or {})
        if self.mailto:
            q.setdefault("mailto", self.mailto)
        query = urlencode(sorted((k, str(v)) for k, v in q.items()))
        return f"{self.base_url}/{path.lstrip('/')}" + (f"?{query}" if query else "")

    def _cache_file(self, url: str) -> Path:
        return self.cache_dir / (hashlib.sha256(url.encode()).hexdigest()[:32] + ".json")

    def _wait_for_slot(self) -> None:
        now = time.monotonic()
        while self._times and now - self._times[0] >= self.per:
            self._times.popleft()
        if len(self._times) >= self.rate:
            self.sleep(self.per - (now - self._times[0]))
            self._times.popleft()
        self._times.append(time.monotonic())

    def get(self, path: str, params: dict[str, Any] | None = None) -> tuple[int, Any]:
        """GET ``path`` -> (status, decoded JSON or None); from the cache when it was fetched before."""
        url = self.url(path, params)
        cf = self._cache_file(url)
        if cf.is_file():
            self.cache_hits += 1
            cached = json.loads(cf.read_text(encoding="utf-8"))
            return int(cached["status"]), cached["body"]
        attempt = 0
        while True:
            if self.max_requests is not None and self.sent >= self.max_requests:
                raise BudgetExhausted(url)
            self._wait_for_slot()
            self.sent += 1
            try:
                resp = self._http.get(url)
            except httpx.TransportError as exc:
                status, wait, reason = 0, None, f"{type(exc).__name__}: {exc}"
            else:
                status, reason = resp.status_code, resp.reason_phrase
                wait = _retry_after(resp.headers.get("Retry-After"))
                if status < 500 and status != 429:
                    body = _json_or_none(resp)
                    if status == 200 or status == 404:
                        _atomic_json(cf, {"url": url, "status": status, "body": body})
                    return status, body
            attempt += 1
            if attempt > self.retries:
                raise EnrichError(f"{url}: giving up after {attempt} attempts ({status or reason})")
            self.sleep(min(self.max_wait, wait if wait is not None else self.backoff * 2 ** (attempt - 1)))


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def _json_or_none(resp: httpx.Response) -> Any:
    try:
        return resp.json()
    except ValueError:
        return None


def _atomic_json(path: Path, obj: Any) -> None:
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(obj), encoding="utf-8")
    os.replace(tmp, path)


def s2_id_spec(d: dict[str, Any]) -> str | None:
    """How S2 is asked for a paper: S2 id, ``CorpusID:…``, ``arXiv:…`` or the DOI."""
    if d.get("s2_id"):
        return str(d["s2_id"])
    if d.get("s2_corpus_id"):
        return f"CorpusID:{d['s2_corpus_id']}"
    aid = m.norm_arxiv_id(str(d.get("arxiv_id") or ""))
    if aid:
        return f"arXiv:{aid}"
    doi = m.norm_doi(str(d.get("doi") or ""))
    return doi or None


def s2_links(
    client: ApiClient, spec: str, kind: str, *, page_size: int = 100, max_pages: int = 20
) -> ImportBatch:
    """All pages of ``/paper/{spec}/{kind}`` (kind: references or citations) as one batch."""
    batch = ImportBatch("s2")
    offset: int | None = 0
    pages = 0
    while offset is not None and pages < max_pages:
        status, body = client.get(
            f"paper/{spec}/{kind}", {"fields": S2_FIELDS, "offset": offset, "limit": page_size}
        )
        pages += 1
        if status != 200 or not isinstance(body, dict):
            break
        batch.extend(parse_s2(body, of=spec, path=client.url(f"paper/{spec}/{kind}")))
        nxt = body.get("next")
        offset = int(nxt) if isinstance(nxt, int) and nxt > offset else None
    return batch


def openalex_links(client: ApiClient, d: dict[str, Any], kind: str, *, max_pages: int = 10) -> ImportBatch:
    """References (the work's ``referenced_works``, with their metadata) or citing works of a paper."""
    batch = ImportBatch("openalex")
    wid = d.get("openalex_id")
    work: Any = None
    if not wid:
        aid = m.norm_arxiv_id(str(d.get("arxiv_id") or ""))
        doi = f"10.48550/arxiv.{aid}" if aid else m.norm_doi(str(d.get("doi") or ""))
        if not doi:
            return batch
        status, work = client.get(f"works/doi:{doi}")
        if status != 200 or not isinstance(work, dict):
            return batch
        batch.extend(parse_openalex(work))
        wid = openalex_id(work.get("id"))
        if not wid:
            return batch
    if kind == "references":
        if work is None:
            status, work = client.get(f"works/{wid}")
            if status != 200 or not isinstance(work, dict):
                return batch
            batch.extend(parse_openalex(work))
        refs = [openalex_id(r) for r in work.get("referenced_works") or []]
        for i in range(0, min(len(refs), 50 * max_pages), 50):
            chunk = "|".join(r for r in refs[i : i + 50] if r)
            status, page = client.get("works", {"filter": f"openalex:{chunk}", "per-page": 50})
            if status == 200:
                batch.extend(parse_openalex(page))
        return batch
    cursor: str | None = "*"
    pages = 0
    while cursor and pages < max_pages:
        status, page = client.get("works", {"filter": f"cites:{wid}", "per-page": 200, "cursor": cursor})
        pages += 1
        if status != 200 or not isinstance(page, dict):
            break
        batch.extend(parse_openalex(page))
        cursor = (page.get("meta") or {}).get("next_cursor")
    return batch


def enrich(
    G: nx.MultiDiGraph,
    client: ApiClient,
    *,
    kinds: tuple[str, ...] = ("references", "citations"),
    max_pages: int = 20,
    limit: int | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Fetch and merge references/citations of the graph's own papers (not external ones), in place.

    Returns counts: papers asked about, requests sent, cache hits, CITES added, whether the request
    budget stopped it.
    """
    papers = [
        (n, d)
        for n, d in G.nodes(data=True)
        if d.get("label") == m.PAPER
        and not d.get("external")
        and (
            s2_id_spec(d)
            if client.source == "s2"
            else (d.get("openalex_id") or d.get("arxiv_id") or d.get("doi"))
        )
    ]
    papers.sort(key=lambda nd: nd[0])
    if limit is not None:
        papers = papers[:limit]
    stats: dict[str, Any] = {
        "papers": len(papers),
        "done": 0,
        "cites_added": 0,
        "external_added": 0,
        "author_ids": 0,
        "stopped": None,
    }
    for i, (_, d) in enumerate(papers):
        try:
            batch = ImportBatch(client.source)
            for kind in kinds:
                if client.source == "s2":
                    batch.extend(s2_links(client, str(s2_id_spec(d)), kind, max_pages=max_pages))
                else:
                    batch.extend(openalex_links(client, d, kind, max_pages=max_pages))
        except BudgetExhausted:
            stats["stopped"] = "max-requests"
            break
        res = merge_batch(G, batch)
        for k in ("cites_added", "external_added", "author_ids"):
            stats[k] += res[k]
        stats["done"] = i + 1
        if progress:
            progress(i + 1, len(papers))
    stats["requests"] = client.sent
    stats["cache_hits"] = client.cache_hits
    return stats
