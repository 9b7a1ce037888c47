"""Views in a real headless Chromium: drawn, no JavaScript errors, search works, injected code stays inert.

Screenshots are saved in tests/artifacts/ (git-ignored) for people to look at.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.gallery import write_gallery
from kg.views import KINDS, write_view
from tests.browser import Browser, chromium_path
from tests.test_views_graphs import graph_of

pytestmark = pytest.mark.skipif(chromium_path() is None, reason="chromium is not installed")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SEED_FOCUS = {"ego": "author:long chen", "paper": "arxiv:2602.20205"}
# a node each view must find by (part of) its name, and the key it must land on
SEARCH = {
    "overview": ("OTPrune: Distribution", "arxiv:2602.20205"),
    "coauthors": ("long chen", "author:long chen"),
    "entities": ("otprune", "method:otprune"),
    "ego": ("Long Chen", "author:long chen"),
    "paper": ("xiwen chen", "author:xiwen chen"),
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser() as b:
        yield b


@pytest.fixture(scope="module")
def seed_views(seed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("views")
    G = graph_of(seed)
    for kind in KINDS:
        write_view(G, out / f"{kind}.html", kind, focus=SEED_FOCUS.get(kind))
    return out


def search(b: Browser, text: str) -> str | None:
    """Type into the search box, submit, and return the key shown in the details panel."""
    b.eval(f"document.getElementById('kg-search').value = {json.dumps(text)}")
    b.eval("document.getElementById('kg-search-form').requestSubmit()")
    return b.eval(
        "(() => { const d = document.getElementById('kg-details'); if (d.hidden) return null;"
        " const ps = d.querySelectorAll('p'); return ps[ps.length - 1].textContent; })()"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_view_in_chromium(browser: Browser, seed_views: Path, kind: str) -> None:
    seconds = browser.open(seed_views / f"{kind}.html")
    assert seconds < 30
    ink = browser.canvas_ink()
    browser.screenshot(ARTIFACTS / f"seed_{kind}.png")
    assert ink > 0.005, f"the network canvas looks blank ({ink:.4f})"
    assert browser.js_errors() == []
    assert browser.eval("window.kgErrors.length") == 0
    n = browser.eval("window.kgView.nodes.length")
    assert n == browser.eval("JSON.parse(document.getElementById('kg-data').textContent).nodes.length") > 1
    text, key = SEARCH[kind]
    assert search(browser, text) == key
    assert browser.eval("window.kgView.network.getSelectedNodes().length") == 1
    search(browser, "zz-no-such-node-zz")
    assert browser.eval("document.getElementById('kg-search-msg').textContent").startswith("No node matches")
    # hovering a node shows a card with its name (and, for papers, authors and TL;DR)
    browser.eval("window.kgView.network.unselectAll(); window.kgView.network.fit({animation: false})")
    xy = browser.eval(
        "(() => { const n = window.kgView.network; const p = n.getPositions([0])[0];"
        " const d = n.canvasToDOM(p), r = document.getElementById('kg-network').getBoundingClientRect();"
        " return [d.x + r.left, d.y + r.top, n.getNodeAt(d)]; })()"
    )
    for x in (xy[0] - 1, xy[0]):
        browser.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": xy[1]})
    browser.eval("new Promise(r => setTimeout(r, 400))")
    card = browser.eval(
        "(() => { const t = document.querySelector('#kg-network .tip');"
        " return t && t.style.visibility === 'visible' ? t.textContent : null; })()"
    )
    assert card and browser.eval(f"window.kgView.info[{xy[2]}].t") in card
    # legend filters hide a label's nodes
    browser.eval("document.querySelector('#kg-legend li').click()")
    hidden = browser.eval("window.kgView.nodes.get({filter: n => n.hidden === true}).length")
    first = browser.eval("JSON.parse(document.getElementById('kg-data').textContent).legend[0].count")
    assert hidden == first > 0
    browser.screenshot(ARTIFACTS / f"seed_{kind}_filtered.png")


def test_injected_markup_does_not_run(browser: Browser, data_dir: Path, tmp_path: Path) -> None:
    G = graph_of(data_dir / "views_xss.md")
    index = write_gallery(G, tmp_path, title="<script>window.__pwned=9</script>")
    pages = [index, *sorted((tmp_path / "views").glob("*.html"))]
    assert len(pages) >= 4
    for page in pages:
        if page == index:
            browser.events.clear()
            browser.send("Page.navigate", {"url": page.as_uri()})
            browser.eval("new Promise(r => setTimeout(r, 300))")
        else:
            browser.open(page)
            assert browser.canvas_ink() > 0.001
        assert browser.eval("typeof window.__pwned") == "undefined", page.name
        assert browser.js_errors() == [], page.name
    # the evil title is found and shown as text in the details panel
    browser.open(tmp_path / "views" / "overview.html")
    assert search(browser, "evil") == "arxiv:2604.00001"
    title = browser.eval("document.querySelector('#kg-details h3').textContent")
    assert title == '<script>window.__pwned=1</script>Evil "Quoted" Title'
    assert browser.eval("document.querySelectorAll('#kg-details script, #kg-details img').length") == 0
    hrefs = browser.eval("[...document.querySelectorAll('#kg-details a[target]')].map(a => a.href)")
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    browser.eval("window.kgView.network.selectNodes([])")
    browser.screenshot(ARTIFACTS / "xss_overview.png")
    assert browser.eval("typeof window.__pwned") == "undefined"


def test_dark_mode_and_gallery(seed: Path, tmp_path: Path) -> None:
    index = write_gallery(graph_of(seed), tmp_path, title="paperkg — seed")
    with Browser(dark=True) as b:
        b.open(tmp_path / "views" / "overview.html")
        bg = b.eval("getComputedStyle(document.body).backgroundColor")
        assert bg == "rgb(21, 22, 26)"
        font = b.eval("window.kgView.nodes.get(0).font.color")
        assert font == "#e8e8ea"
        b.screenshot(ARTIFACTS / "seed_overview_dark.png")
        b.send("Page.navigate", {"url": index.as_uri()})
        b.eval("new Promise(r => setTimeout(r, 300))")
        cards = b.eval("document.querySelectorAll('a.card').length")
        assert cards >= 4
        b.screenshot(ARTIFACTS / "seed_gallery_dark.png")
        assert b.js_errors() == []


LABEL_BOXES = """(() => {
  const net = window.kgView.network, out = [], c = document.getElementById("kg-network");
  for (const id of window.kgView.nodes.getIds()) {
    const n = net.body.nodes[id], L = n.labelModule, p = net.canvasToDOM({x: n.x, y: n.y});
    // vis measures a label when it draws it, and only draws what is on screen
    if (p.x < 0 || p.y < 0 || p.x > c.clientWidth || p.y > c.clientHeight) continue;
    if (n.options.hidden || !L.visible()) continue;
    const a = net.canvasToDOM({x: L.size.left, y: L.size.top});
    const b = net.canvasToDOM({x: L.size.left + L.size.width, y: L.size.top + L.size.height});
    // vis measures the box at the label's own size but draws the text no larger than maxVisible px,
    // from the box's left edge
    const px = L.fontOptions.size * net.getScale(), cap = L.elementOptions.scaling.label.maxVisible;
    const k = px > cap ? cap / px : 1;
    out.push([a.x, a.y, a.x + (b.x - a.x) * k, a.y + (b.y - a.y) * k]);
  }
  return out;
})()"""


def overlaps(boxes: list[list[float]], slack: float = 2.0) -> int:
    """Pairs of label boxes that overlap by more than ``slack`` px both ways."""
    n = 0
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if min(a[2], b[2]) - max(a[0], b[0]) > slack and min(a[3], b[3]) - max(a[1], b[1]) > slack:
                n += 1
    return n


@pytest.mark.parametrize("kind", ["overview", "entities"])
def test_labels_do_not_pile_up(browser: Browser, seed_views: Path, kind: str) -> None:
    browser.open(seed_views / f"{kind}.html")
    boxes = browser.eval(LABEL_BOXES)
    assert len(boxes) >= 10, "the top-ranked nodes are labelled at the default zoom"
    assert browser.eval("window.kgLabels") >= len(boxes)
    assert overlaps(boxes) == 0
    assert max(b[3] - b[1] for b in boxes) < 24, "label size is capped"
    # zoomed in, more labels show, and still none covers another
    browser.eval(
        "(() => { const n = window.kgView.network; n.moveTo({scale: n.getScale() * 3});"
        " window.kgView.declutter(); n.redraw(); })()"
    )
    zoomed = browser.eval(LABEL_BOXES)
    assert len(zoomed) > 0 and overlaps(zoomed) == 0
    browser.screenshot(ARTIFACTS / f"seed_{kind}_zoomed.png")
