"""The browser tests' plumbing: the site server, and skip-or-fail."""

import socket
import threading
import urllib.request

import pytest
from browser_support import require, serve


def test_serve_serves_the_folder_and_frees_its_port(tmp_path):
    (tmp_path / "index.html").write_text("<p>served</p>", encoding="utf-8")
    with serve(tmp_path) as url:
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(f"{url}/index.html", timeout=10) as response:
            assert response.read() == b"<p>served</p>"
        port = int(url.rsplit(":", 1)[1])
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
    assert not [t for t in threading.enumerate() if t.name == f"site-server-{port}"]


def test_missing_browser_skips_on_a_workstation(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no chromium"):
        require(False, "no chromium")


def test_missing_browser_fails_on_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no chromium; CI=true"):
        require(False, "no chromium")


def test_present_browser_neither_skips_nor_fails(monkeypatch):
    monkeypatch.setenv("CI", "true")
    require(True, "no chromium")
