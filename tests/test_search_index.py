"""daskgallery.sphinxext.search_index: the index does not depend on build history."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sphinx.search import js_index

from daskgallery.sphinxext.search_index import drop_unused_words


def test_words_without_pages_are_dropped(tmp_path):
    index = {
        "docnames": ["a", "b"],
        "terms": {"kept": 0, "gone": [], "both": [0, 1]},
        "titleterms": {"old": [], "title": 1},
    }
    path = tmp_path / "searchindex.js"
    path.write_text(js_index.dumps(index), encoding="utf-8")
    assert drop_unused_words(path) is True
    assert js_index.loads(path.read_text(encoding="utf-8")) == {
        "docnames": ["a", "b"],
        "terms": {"kept": 0, "both": [0, 1]},
        "titleterms": {"title": 1},
    }
    before = path.read_bytes()
    assert drop_unused_words(path) is False
    assert path.read_bytes() == before


PAGE = """Animals
=======

.. index:: single: giraffe

The {word} crosses the road.
"""


def build(docs: Path, out: Path) -> None:
    """As docs/build_site.py builds: every page written (-a), doctrees kept."""
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q", "-a",
         "-d", str(out.with_name(out.name + "-doctrees")), str(docs), str(out)],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_an_incremental_build_indexes_like_a_build_from_scratch(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "conf.py").write_text('extensions = ["daskgallery.sphinxext"]\n')
    (docs / "index.rst").write_text(
        "Home\n====\n\n.. toctree::\n\n   animals\n   plants\n"
    )
    (docs / "plants.rst").write_text(
        "Plants\n======\n\n.. index:: single: fern\n\nFerns grow.\n"
    )
    (docs / "animals.rst").write_text(PAGE.format(word="zebra"))
    build(docs, tmp_path / "incremental")
    (docs / "animals.rst").write_text(PAGE.format(word="okapi"))
    build(docs, tmp_path / "incremental")  # the same output folder: incremental
    build(docs, tmp_path / "scratch")
    incremental = (tmp_path / "incremental" / "searchindex.js").read_text()
    scratch = (tmp_path / "scratch" / "searchindex.js").read_text()
    index = js_index.loads(incremental)
    assert "zebra" not in index["terms"]
    assert "okapi" in index["terms"]
    assert {"fern", "giraffe"} <= set(index["indexentries"])
    assert incremental == scratch
