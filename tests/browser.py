"""A tiny headless-Chromium driver over the DevTools protocol (websocket-client), for the view tests.

Chromium is started with a throw-away profile and no network features; :class:`Browser` opens a
file, waits until the page sets ``data-ready`` on <body>, collects JavaScript errors, evaluates
expressions and takes screenshots. Use it as a context manager so the browser always stops.
"""

from __future__ import annotations

import base64
import contextlib
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import websocket


def chromium_path() -> str | None:
    """Path of a Chromium/Chrome binary, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    """One headless Chromium with one page."""

    def __init__(self, width: int = 1366, height: int = 800, *, dark: bool = False) -> None:
        exe = chromium_path()
        if not exe:
            raise RuntimeError("chromium not found (apt-get install chromium)")
        self.profile = Path(tempfile.mkdtemp(prefix="kg-chromium-"))
        args = [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-extensions",
            "--hide-scrollbars",
            f"--user-data-dir={self.profile}",
            "--remote-debugging-port=0",
            f"--window-size={width},{height}",
            "about:blank",
        ]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.events: list[dict[str, Any]] = []
        self._id = 0
        try:
            self.ws = websocket.create_connection(self._page_ws(), timeout=60, suppress_origin=True)
            for method in ("Page.enable", "Runtime.enable", "Log.enable"):
                self.send(method)
            self.send(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            )
            scheme = "dark" if dark else "light"
            self.send(
                "Emulation.setEmulatedMedia",
                {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
            )
        except BaseException:
            self.close()
            raise

    def _page_ws(self) -> str:
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if port_file.exists() and port_file.read_text().strip():
                port = port_file.read_text().split()[0]
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
                    for t in json.load(r):
                        if t.get("type") == "page":
                            return str(t["webSocketDebuggerUrl"])
            if self.proc.poll() is not None:
                raise RuntimeError(f"chromium exited with code {self.proc.returncode}")
            time.sleep(0.05)
        raise RuntimeError("chromium did not open its DevTools port in 30 s")

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Send one DevTools command and return its result (events seen meanwhile are kept)."""
        self._id += 1
        my = self._id
        self.ws.send(json.dumps({"id": my, "method": method, "params": params or {}}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == my:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return dict(msg.get("result", {}))
            if "method" in msg:
                self.events.append(msg)

    def eval(self, expr: str) -> Any:
        """Evaluate a JavaScript expression in the page and return its (JSON) value."""
        res = self.send("Runtime.evaluate", {"expression": expr, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in res:
            raise RuntimeError(f"{expr}: {res['exceptionDetails'].get('text')}")
        return res.get("result", {}).get("value")

    def open(self, path: Path, *, timeout: float = 30.0) -> float:
        """Open a local file and wait until <body data-ready="1">; return seconds from navigation."""
        self.events.clear()
        t0 = time.perf_counter()
        self.send("Page.navigate", {"url": Path(path).resolve().as_uri()})
        while time.perf_counter() - t0 < timeout:
            if self.eval(
                "document.readyState === 'complete' && !!document.body "
                "&& document.body.getAttribute('data-ready') === '1'"
            ):
                return time.perf_counter() - t0
            time.sleep(0.02)
        raise TimeoutError(f"{path} was not ready in {timeout} s; errors: {self.js_errors()}")

    def js_errors(self) -> list[str]:
        """Uncaught exceptions, console.error calls and error log entries seen since the last open()."""
        out = []
        for e in self.events:
            m, p = e["method"], e.get("params", {})
            if m == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                out.append(str(d.get("exception", {}).get("description") or d.get("text")))
            elif m == "Runtime.consoleAPICalled" and p.get("type") == "error":
                out.append(" ".join(str(a.get("value", a.get("description"))) for a in p.get("args", [])))
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                out.append(str(p["entry"].get("text")) + " " + str(p["entry"].get("url", "")))
        return out

    def requests_blocked(self) -> list[str]:
        """URLs the page tried to load from the network (log entries mentioning http)."""
        return [e for e in self.js_errors() if "http://" in e or "https://" in e]

    def screenshot(self, out: Path) -> Path:
        """Save a PNG of the viewport."""
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(base64.b64decode(data))
        return out

    def canvas_ink(self) -> float:
        """Share of sampled canvas pixels that differ from the background (0 = blank)."""
        return float(
            self.eval("""(() => {
          const c = document.querySelector('#kg-network canvas'); if (!c) return 0;
          const g = c.getContext('2d'), w = c.width, h = c.height;
          const px = g.getImageData(0, 0, w, h).data; let ink = 0, n = 0;
          for (let y = 0; y < h; y += 4) for (let x = 0; x < w; x += 4) {
            const i = (y * w + x) * 4; n++; if (px[i + 3] > 0) ink++; }
          return ink / n; })()""")
        )

    def close(self) -> None:
        """Stop Chromium and remove its profile."""
        ws = getattr(self, "ws", None)
        if ws is not None:
            with contextlib.suppress(Exception):
                ws.close()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
