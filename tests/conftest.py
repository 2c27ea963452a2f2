"""Shared fixtures: the real built site (docs/_build/html), read-only."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "agg")

import pytest

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "docs" / "_build" / "html"
LANGUAGES = ("en", "pt", "fr", "es")
TRANSLATED = ("pt", "fr", "es")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name.startswith("test_build"):
            item.add_marker(pytest.mark.build)


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site; build it first with `nox -s docs` (or `nox -s tests`)."""
    if not (HTML / "en" / "index.html").is_file():
        pytest.fail("no built site in docs/_build/html: run `nox -s docs` first")
    return HTML
