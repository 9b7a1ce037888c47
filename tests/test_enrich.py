"""kg.enrich against a real local HTTP server (127.0.0.1, a thread) replaying recorded real answers.

The recordings are the VCR cassettes of ../shared/corpus/citations (real Semantic Scholar answers).
Requests are matched on their path and ``offset`` parameter (paging), so a client asking for more
fields than the recording still gets the recorded page. Unknown paths get the recorded S2 404
answer. ``fail_first`` makes the first N requests answer 429 (Retry-After: 0) and ``fail_500`` the
next N answer 503, to exercise the client's retries. The client under test is the real one.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import networkx as nx
import pytest
import yaml

from kg.enrich import ApiClient, EnrichError, enrich, s2_links
from kg.graph import build_graph
from kg.model import PaperRecord


def load_cassettes(paths: list[Path]) -> dict[tuple[str, str], tuple[int, str]]:
    """(path, offset) -> (status, body) for every GET interaction of the cassettes."""
    out: dict[tuple[str, str], tuple[int, str]] = {}
    for p in paths:
        for it in yaml.safe_load(p.read_text(encoding="utf-8"))["interactions"]:
            req, resp = it["request"], it["response"]
            if req["method"] != "GET":
                continue
            u = urlsplit(req["uri"])
            status = resp.get("status_code") or (resp.get("status") or {}).get("code")
            body = resp.get("content")
            if body is None:
                body = (resp.get("body") or {}).get("string", "")
            offset = parse_qs(u.query).get("offset", ["0"])[0]
            out[(unquote(u.path), offset)] = (int(status or 0), body)
    return out


class Replay:
    """State shared with the handler: recordings, request log, failure injection."""

    def __init__(self, recordings: dict[tuple[str, str], tuple[int, str]], not_found: str) -> None:
        self.recordings = recordings
        self.not_found = not_found
        self.log: list[str] = []
        self.fail_first = 0
        self.fail_500 = 0
        self.lock = threading.Lock()


def _handler(state: Replay) -> type[BaseHTTPRequestHandler]:
    class H(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output quiet
            return

        def do_GET(self) -> None:
            u = urlsplit(self.path)
            with state.lock:
                state.log.append(self.path)
                if state.fail_first > 0:
                    state.fail_first -= 1
                    self._send(429, json.dumps({"message": "Too Many Requests"}), {"Retry-After": "0"})
                    return
                if state.fail_500 > 0:
                    state.fail_500 -= 1
                    self._send(503, "Service Unavailable")
                    return
            offset = parse_qs(u.query).get("offset", ["0"])[0]
            status, body = state.recordings.get((unquote(u.path), offset), (404, state.not_found))
            self._send(status, body)

        def _send(self, status: int, body: str, headers: dict[str, str] | None = None) -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

    return H


@contextmanager
def replay_server(cassettes: list[Path], not_found_cassette: Path) -> Iterator[tuple[str, Replay]]:
    """Start the server on a free port of 127.0.0.1; yield (base URL, state); stop it afterwards."""
    nf = next(iter(load_cassettes([not_found_cassette]).values()))[1]
    state = Replay(load_cassettes(cassettes), nf)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


S2_DIR = "citations/danielnsilva__semanticscholar"
REF_DOI = "10.2139/ssrn.2250500"  # its /references are recorded (2 pages)
CITED_CORPUS = "14514057"  # its /citations are recorded (19 pages)


@pytest.fixture()
def server(corpus: Path) -> Iterator[tuple[str, Replay]]:
    d = corpus / S2_DIR
    if not d.is_dir():
        pytest.skip(f"{d} not found")
    cassettes = [d / "test_get_paper_citations.yaml", d / "test_get_paper_references.yaml"]
    with replay_server(cassettes, d / "test_not_found.yaml") as s:
        yield s


def _recorded_items(state: Replay, path_part: str) -> list[dict[str, Any]]:
    items = []
    for (path, _), (_, body) in state.recordings.items():
        if path_part in path:
            items += json.loads(body)["data"]
    return items


def _graph() -> nx.MultiDiGraph:
    return build_graph(
        [
            PaperRecord(key=f"doi:{REF_DOI}", title="Microcredit study", doi=REF_DOI),
            PaperRecord(key="arxiv:2501.00001", title="Some arXiv paper", arxiv_id="2501.00001"),
        ]
    )


def _client(base: str, tmp_path: Path, **kw: Any) -> ApiClient:
    kw.setdefault("rate", 1000)
    kw.setdefault("per", 1.0)
    return ApiClient("s2", cache_dir=tmp_path / "cache", base_url=f"{base}/graph/v1", api_key=None, **kw)


def test_pages_are_followed_and_edges_match_the_recording(server: tuple[str, Replay], tmp_path: Path) -> None:
    base, state = server
    with _client(base, tmp_path) as c:
        batch = s2_links(c, REF_DOI, "references")
    recorded = _recorded_items(state, f"{REF_DOI}/references")
    assert len([p for p in state.log if "/references" in p]) == 2  # offset 0, then next=50
    titled = {" ".join(i["citedPaper"]["title"].split()) for i in recorded if i["citedPaper"].get("paperId")}
    got = {batch.papers[c.cited].title for c in batch.citations}
    assert titled <= got
    assert all(c.citing == f"doi:{REF_DOI}" for c in batch.citations)


def test_enrich_merges_citations_and_a_rerun_sends_nothing(
    server: tuple[str, Replay], tmp_path: Path
) -> None:
    base, state = server
    G = _graph()
    G.nodes["arxiv:2501.00001"]["s2_corpus_id"] = CITED_CORPUS
    seen: list[tuple[int, int]] = []
    with _client(base, tmp_path) as c:
        stats = enrich(G, c, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (2, 2)
    citing = {" ".join(i["citingPaper"]["title"].split()) for i in _recorded_items(state, "/citations")}
    cited_by = {
        G.nodes[u].get("title") for u, _, k in G.in_edges("arxiv:2501.00001", keys=True) if k == "CITES"
    }
    assert len(cited_by) > 1000 and cited_by <= citing
    refs = [v for _, v, k in G.out_edges(f"doi:{REF_DOI}", keys=True) if k == "CITES"]
    assert refs and all(G.nodes[v]["external"] for v in refs)
    assert stats["cites_added"] == len(refs) + len(cited_by)
    sent = len(state.log)
    assert stats["requests"] == sent  # 404s for the two unrecorded lists included
    G2 = _graph()
    G2.nodes["arxiv:2501.00001"]["s2_corpus_id"] = CITED_CORPUS
    with _client(base, tmp_path) as c:
        stats2 = enrich(G2, c)
    assert len(state.log) == sent and stats2["requests"] == 0
    assert stats2["cites_added"] == stats["cites_added"]


def test_retries_on_429_and_503(server: tuple[str, Replay], tmp_path: Path) -> None:
    base, state = server
    state.fail_first, state.fail_500 = 2, 1
    waits: list[float] = []
    with _client(base, tmp_path, sleep=waits.append, backoff=0.5) as c:
        status, body = c.get(f"paper/{REF_DOI}/references", {"offset": 0})
    assert status == 200 and body["next"] == 50
    assert waits == [0.0, 0.0, 2.0]  # Retry-After: 0 twice, then backoff 0.5 * 2**2
    state.fail_500 = 10
    with (
        _client(base, tmp_path, sleep=waits.append, retries=2) as c,
        pytest.raises(EnrichError, match="giving up"),
    ):
        c.get("paper/other/references")


def test_max_requests_stops_cleanly(server: tuple[str, Replay], tmp_path: Path) -> None:
    base, state = server
    G = _graph()
    G.nodes["arxiv:2501.00001"]["s2_corpus_id"] = CITED_CORPUS
    with _client(base, tmp_path, max_requests=3) as c:
        stats = enrich(G, c)
    assert stats["stopped"] == "max-requests" and len(state.log) == 3


def test_rate_limit_waits_within_the_window(server: tuple[str, Replay], tmp_path: Path) -> None:
    base, _ = server
    waits: list[float] = []
    with _client(base, tmp_path, rate=2, per=60.0, sleep=waits.append) as c:
        for off in ("0", "50"):
            c.get(f"paper/{REF_DOI}/references", {"offset": off})
        assert waits == []
        c.get("paper/x/references")
    assert len(waits) == 1 and 59.0 < waits[0] <= 60.0


def test_default_rate_is_within_public_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("S2_API_KEY", raising=False)
    monkeypatch.delenv("SEMANTIC_SCHOLAR_API_KEY", raising=False)
    c = ApiClient("s2", cache_dir=tmp_path)
    assert c.rate / c.per <= 100 / 300
    monkeypatch.setenv("S2_API_KEY", "k")
    keyed = ApiClient("s2", cache_dir=tmp_path)
    assert keyed.api_key == "k" and keyed.rate / keyed.per <= 1.0
    assert "k" not in keyed.url("paper/x", {"a": 1})


def test_cli_enrich(server: tuple[str, Replay], tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app
    from kg.export import load_graph, write_format

    base, state = server
    build = tmp_path / "build"
    write_format(_graph(), build, "json")
    args = [
        "enrich",
        str(build),
        "--source",
        "s2",
        "--base-url",
        f"{base}/graph/v1",
        "--rate",
        "100",
        "--per",
        "1",
        "--quiet",
    ]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    refs = [v for _, v, k in load_graph(build).out_edges(f"doi:{REF_DOI}", keys=True) if k == "CITES"]
    assert refs and f"{len(refs)} CITES" in res.output
    assert "2/2 papers enriched" in res.output and (build / ".cache" / "s2").is_dir()
    sent = len(state.log)
    again = CliRunner().invoke(app, args)
    assert "0 requests sent" in again.output and len(state.log) == sent
    bad = CliRunner().invoke(app, [*args, "--kinds", "cites"])
    assert bad.exit_code == 1 and "--kinds" in bad.output


def test_openalex_client_follows_references_and_cursor_pages(tmp_path: Path) -> None:
    """OpenAlex has no recorded answers in the corpus: this local server answers hand-written works
    in OpenAlex's documented shape (work by DOI, work by id, filter=openalex:…, filter=cites:… pages)."""
    work = {
        "id": "https://openalex.org/W10",
        "doi": "https://doi.org/10.48550/arxiv.2501.00001",
        "title": "Ours",
        "referenced_works": ["https://openalex.org/W20", "https://openalex.org/W21"],
    }
    refs = {
        "meta": {},
        "results": [
            {"id": "https://openalex.org/W20", "doi": "https://doi.org/10.1000/a", "title": "Reference A"},
            {"id": "https://openalex.org/W21", "title": "Reference B with a long enough title"},
        ],
    }
    page1 = {
        "meta": {"next_cursor": "c2"},
        "results": [
            {
                "id": "https://openalex.org/W30",
                "title": "Citing one",
                "referenced_works": ["W10"],
                "doi": "https://doi.org/10.1000/c1",
            }
        ],
    }
    page2 = {
        "meta": {"next_cursor": None},
        "results": [
            {
                "id": "https://openalex.org/W31",
                "title": "Citing two",
                "referenced_works": ["W10"],
                "doi": "https://doi.org/10.1000/c2",
            }
        ],
    }
    routes = {
        ("/works/doi:10.48550/arxiv.2501.00001", ""): work,
        ("/works/W10", ""): work,
        ("/works", "openalex:W20|W21"): refs,
        ("/works", "cites:W10*"): page1,
        ("/works", "cites:W10c2"): page2,
    }
    log: list[str] = []

    class H(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            u = urlsplit(self.path)
            q = parse_qs(u.query)
            log.append(self.path)
            key = (unquote(u.path), q.get("filter", [""])[0] + q.get("cursor", [""])[0])
            body = json.dumps(routes.get(key, {"error": "not found"})).encode()
            self.send_response(200 if key in routes else 404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        G = build_graph([PaperRecord(key="arxiv:2501.00001", title="Ours", arxiv_id="2501.00001")])
        base = f"http://127.0.0.1:{server.server_address[1]}"
        with ApiClient("openalex", cache_dir=tmp_path, base_url=base, api_key=None, rate=100, per=1.0) as c:
            stats = enrich(G, c)
    finally:
        server.shutdown()
        server.server_close()
    assert stats["cites_added"] == 4 and G.nodes["arxiv:2501.00001"]["openalex_id"] == "W10"
    assert G.has_edge("arxiv:2501.00001", "doi:10.1000/a", key="CITES")
    assert G.has_edge("doi:10.1000/c2", "arxiv:2501.00001", key="CITES")
    assert len(log) == 4 and stats["requests"] == 4  # work by DOI, its references, 2 citation pages
