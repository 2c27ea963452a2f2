"""Two builds from the same sources give the same site, apart from measurements.

The site in docs/_build/html is compared with a second, cold build of the same
sources: all four languages, every example executed again, made by
``python -m daskgallery_site.build`` in a scratch copy of the project with its
own data folder.
The copy holds the files git knows of in the working tree (tracked, and new
files that are not ignored), as they are on disk: on a clean clone (CI) that is
the commit; locally it is what docs/_build/html was built from, uncommitted
changes included. Build outputs (docs/examples, docs/_build) are ignored by git,
so nothing of the first build is reused.

Every file must be in both builds and be identical, apart from the measured
figures that tests/support/site_compare.py masks (timings, sizes, speed-ups, ports,
addresses, random task names, progress bars; plots and profiling reports are
compared by presence). This takes as long as a full build.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import LANGUAGES, ROOT, TIMING_PREFIX
from site_compare import compare_trees

#: How long the second build took (shown at the end of the test session).
SECONDS: dict[str, float] = {}


def project_files() -> list[str]:
    """The project's files in the working tree: tracked, or new and not ignored."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.fail(f"{ROOT} is not a git checkout: cannot tell sources from outputs")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return sorted({f for f in listed.split("\0") if f and (ROOT / f).is_file()})


@pytest.fixture(scope="module")
def second_build(site) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="dg-second-build-") as tmp:
        copy = Path(tmp) / "project"
        for rel in project_files():
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, copy / rel)
        env = dict(os.environ)
        # the copy's own helper and build packages, and data folder
        env["PYTHONPATH"] = os.pathsep.join(
            [
                str(copy / "src"),
                str(copy / "sitebuild"),
                *filter(None, [env.get("PYTHONPATH")]),
            ]
        )
        env["DASKGALLERY_DATA"] = str(Path(tmp) / "data")
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "daskgallery_site.build", "html"],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=3600,
        )
        SECONDS["second cold build (4 languages), s"] = time.perf_counter() - started
        assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
        yield copy / "docs" / "_build" / "html"


def test_a_second_build_gives_the_same_site(site, second_build, record_property):
    for what, seconds in SECONDS.items():
        record_property(TIMING_PREFIX + what, seconds)
    problems = compare_trees(site, second_build)
    shown = "\n\n".join(problems[:15])
    assert not problems, f"{len(problems)} difference(s) between the builds:\n{shown}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_stylesheet_and_script_link_has_its_checksum(site, lang):
    """Links to the site's own files carry the checksum Sphinx adds (``?v=``)
    on every page, in every build: they do not depend on the build's history.
    """
    missing = set()
    for page in sorted((site / lang).rglob("*.html")):
        if "_downloads" in page.parts or "_static" in page.parts:
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = [t.get("href") for t in soup.select("link[rel=stylesheet]")]
        links += [t.get("src") for t in soup.select("script[src]")]
        for link in filter(None, map(str, links)):
            name = link.split("/")[-1]
            if "_static/" in link and "?" not in link and name not in UNVERSIONED:
                missing.add(f"{page.relative_to(site)}: {link}")
    assert not missing, sorted(missing)[:20]


#: Sphinx links these without a checksum on every page, in every build.
UNVERSIONED = {"searchtools.js", "language_data.js"}


def search_index(site: Path, lang: str) -> dict:
    text = (site / lang / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_search_index_has_the_index_entries_of_every_page(site, lang):
    """Sphinx feeds these entries only from the pages a build writes: after an
    incremental build that skipped the API or glossary page, theirs were gone.
    """
    index = search_index(site, lang)
    docnames = index["docnames"]
    pages = {
        docnames[ref[0]] for refs in index["indexentries"].values() for ref in refs
    }
    assert {"api", "glossary"} <= pages, sorted(pages)
