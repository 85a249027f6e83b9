"""A headless Chromium driven over the Chrome DevTools Protocol (CDP), for page tests.

Needs Debian's ``chromium`` (``.ci/run`` installs it when missing) and ``websocket-client``
(in the ``[test]`` extra). Without them the tests skip and say why.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1250,1100",
    "--remote-debugging-port=0",
]


def _chromium() -> str | None:
    for name in (os.environ.get("SCI_ORACLE_CHROMIUM", ""), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


class Page:
    """One tab: evaluate JavaScript, take screenshots."""

    def __init__(self, ws):
        self.ws = ws
        self._id = 0

    def call(self, method: str, **params):
        self._id += 1
        self.ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self._id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg["result"]

    def js(self, expression: str):
        res = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in res:
            raise RuntimeError(f"JavaScript error: {res['exceptionDetails']}")
        return res["result"].get("value")

    def goto(self, path: Path, timeout: float = 30) -> None:
        """Load another local file in this tab and wait until it has finished loading."""
        url = Path(path).resolve().as_uri()
        self.call("Page.navigate", url=url)
        deadline = time.monotonic() + timeout
        while not self.js(f"location.href === {json.dumps(url)} && document.readyState === 'complete'"):
            if time.monotonic() > deadline:
                pytest.fail(f"{url} did not finish loading")
            time.sleep(0.05)

    def viewport(self, width: int, height: int) -> None:
        """Lay the page out as on a screen of width x height CSS pixels (scrollbars included)."""
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)

    def screenshot(self, path: Path) -> None:
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"]))


@pytest.fixture
def open_page():
    """``open_page(file_path)`` loads a local file in headless Chromium and returns a :class:`Page`."""
    exe = _chromium()
    if exe is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium; .ci/run does this)")
    websocket = pytest.importorskip("websocket", reason="websocket-client is not installed (pip install '.[test]')")
    profile = tempfile.mkdtemp(prefix="sci-oracle-chromium-")
    procs = []

    def _open(path: Path) -> Page:
        url = Path(path).resolve().as_uri()
        proc = subprocess.Popen(
            [exe, *FLAGS, f"--user-data-dir={profile}", url], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        procs.append(proc)
        port_file = Path(profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if time.monotonic() > deadline or proc.poll() is not None:
                pytest.fail("chromium did not start its DevTools endpoint within 30 s")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        while True:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5) as r:
                tabs = [t for t in json.load(r) if t.get("type") == "page" and t.get("url") == url]
            if tabs:
                break
            if time.monotonic() > deadline:
                pytest.fail(f"chromium did not open {url}")
            time.sleep(0.1)
        page = Page(websocket.create_connection(tabs[0]["webSocketDebuggerUrl"], timeout=20))
        ready = f"location.href === {json.dumps(url)} && document.readyState === 'complete'"
        while not page.js(ready):
            if time.monotonic() > deadline:
                pytest.fail("the page did not finish loading")
            time.sleep(0.05)
        return page

    yield _open
    for proc in procs:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    shutil.rmtree(profile, ignore_errors=True)
