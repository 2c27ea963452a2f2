"""Shared fixtures: the real built site (docs/_build/html), read-only."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "agg")

import pytest
from daskgallery_site.site import DEFAULT_LANGUAGE
from daskgallery_site.site import LANGUAGES as SITE_LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "docs" / "_build" / "html"

LANGUAGES = tuple(SITE_LANGUAGES)
TRANSLATED = tuple(lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE)


#: user_properties that the terminal summary shows (see test_build_downloads_at_home).
TIMING_PREFIX = "timing: "


def pytest_terminal_summary(terminalreporter) -> None:
    """The timings that tests recorded (the reader's-machine runs), also
    when they ran in an xdist worker."""
    lines = [
        f"{name.removeprefix(TIMING_PREFIX)}: {seconds:.1f}"
        for report in terminalreporter.stats.get("passed", [])
        for name, seconds in getattr(report, "user_properties", ())
        if name.startswith(TIMING_PREFIX)
    ]
    if lines:
        terminalreporter.section("timings")
        for line in lines:
            terminalreporter.write_line(line)


#: The longest modules of tests/site, each a chain of tests on one costly
#: fixture: collected first, so that with ``--dist loadfile
#: --no-loadscope-reorder`` (as ``nox -s tests`` runs tests/site) each starts
#: at once on an xdist worker of its own and the short modules fill the gaps.
LONGEST_FIRST = (
    "test_build_downloads_at_home",  # 60 downloads run at home
    "test_build_reproducible",  # a second cold build
    "test_build_browser",  # Chromium
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Markers from the folder: tests/site/ tests the built site (``build``);
    the longest modules first (see LONGEST_FIRST)."""
    for item in items:
        if item.path.is_relative_to(ROOT / "tests" / "site"):
            item.add_marker(pytest.mark.build)

    def rank(item: pytest.Item) -> int:
        stem = item.path.stem
        return LONGEST_FIRST.index(stem) if stem in LONGEST_FIRST else 99

    items.sort(key=rank)  # stable: the order within each module is kept


def site_root() -> str:
    """The site's path on its server: '/', or the path of DASKGALLERY_BASE_URL."""
    import runpy

    from daskgallery_site.sphinxext.notfound import site_root as root_of

    conf = runpy.run_path(str(ROOT / "docs" / "conf.py"))
    return root_of(conf["daskgallery_base_url"])


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site; build it first with `nox -s docs` (or `nox -s tests`)."""
    if not (HTML / "en" / "index.html").is_file():
        pytest.fail("no built site in docs/_build/html: run `nox -s docs` first")
    return HTML


# --- helpers for the tests of the pages' claims -------------------------------

EXAMPLES_HTML = HTML / "en" / "examples"


def page_soup(page: str):
    """The built English page ``examples/<page>.html``, parsed."""
    from bs4 import BeautifulSoup

    path = EXAMPLES_HTML / f"{page}.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def output(page: str) -> str:
    """Everything a built English page printed, as one text."""
    soup = page_soup(page)
    return "\n".join(pre.get_text() for pre in soup.select(".sphx-glr-script-out pre"))


def number(pattern: str, text: str) -> float:
    """The first group of ``pattern`` in ``text`` as a number (commas removed)."""
    found = re.search(pattern, text)
    assert found, f"no match for {pattern!r} in:\n{text}"
    return float(found.group(1).replace(",", ""))


def usable_cores() -> int:
    from daskgallery.system import machine

    return machine().usable_cores


#: For claims that need parallel hardware: skipped on a one-core machine.
#: Their bounds are modest (a gain of 1.1-1.2x, or "faster than threads"): the
#: project's machines are 2 vCPUs of a shared host, where two busy processes
#: have been measured at anywhere from 1.2x to 2.4x the speed of one.
multi_core = pytest.mark.skipif(usable_cores() < 2, reason="needs 2 or more cores")


def run_page(page: str, address: str, cwd, **env: str) -> subprocess.CompletedProcess:
    """Run a gallery page as a script against the cluster at ``address``."""
    env = {**os.environ, "DASK_SCHEDULER_ADDRESS": address, "MPLBACKEND": "agg", **env}
    return subprocess.run(
        [sys.executable, str(ROOT / "gallery" / f"{page}.py")],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
