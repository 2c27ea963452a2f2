"""What the browser tests need: the built site on a local server, Chromium, axe.

The site is served by a threaded ``http.server`` on a free port of 127.0.0.1,
in this process; Playwright drives Debian's Chromium (never a downloaded
one). Without Chromium, Playwright or axe-core the browser tests are skipped
on a workstation, and fail when ``CI=true``: CI must run them.
"""

from __future__ import annotations

import functools
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

__all__ = [
    "AXE_JS",
    "CHROMIUM_ARGS",
    "PageLog",
    "chromium_path",
    "require",
    "serve",
]

TESTS = Path(__file__).resolve().parents[1]
#: axe-core, installed by ``npm ci --prefix tests/browser`` (the nox tests session).
AXE_JS = TESTS / "browser" / "node_modules" / "axe-core" / "axe.min.js"
#: Headless and quiet: no GPU, no QUIC, no request of Chromium's own.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
LOCAL_HOST = "127.0.0.1"


def require(ok: bool, reason: str) -> None:
    """Skip the test when ``ok`` is false; on CI (``CI=true``), fail instead."""
    if ok:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI=true, so the browser tests must run", pytrace=False)
    pytest.skip(reason)


def chromium_path() -> Path | None:
    """Debian's Chromium (``/usr/bin/chromium``) or a ``chromium`` on PATH."""
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No line per request on stderr."""


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on a free port of 127.0.0.1; yield the base URL.

    The server runs in a thread of this process and is shut down, and its
    socket closed, on exit: the port is free again afterwards.
    """
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    server.daemon_threads = True
    port = server.server_address[1]
    thread = threading.Thread(
        target=server.serve_forever, name=f"site-server-{port}", daemon=True
    )
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
    if thread.is_alive():
        raise RuntimeError(f"the site server on port {port} did not stop")
    with socket.socket() as probe:
        if probe.connect_ex((LOCAL_HOST, port)) == 0:
            raise RuntimeError(f"port {port} still accepts connections after shutdown")


@dataclass
class PageLog:
    """Everything a page did wrong: console errors, failed or foreign requests.

    Attach it to a Playwright page before loading anything; requests of the
    page's iframes are recorded too. A page reused for several URLs hands its
    record over with :meth:`take` after each one.
    """

    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def take(self) -> tuple[list[str], list[str]]:
        """(requests, problems) recorded so far; the log starts empty again."""
        taken = (self.requests, self.problems)
        self.requests, self.problems = [], []
        return taken

    def attach(self, page) -> PageLog:
        page.on("console", self._console)
        page.on("pageerror", lambda err: self.problems.append(f"page error: {err}"))
        page.on("request", self._request)
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        return self

    def _console(self, message) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.problems.append(f"console error: {message.text} ({where})")

    def _request(self, request) -> None:
        self.requests.append(request.url)
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.hostname != LOCAL_HOST:
            self.problems.append(f"request to another host: {request.url}")

    def _failed(self, request) -> None:
        self.problems.append(f"request failed ({request.failure}): {request.url}")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")
