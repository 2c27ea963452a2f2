"""sphinxext.search_index: the index does not depend on the build's history."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from daskgallery_site.sphinxext.search_index import (
    ENTRIES_FILE,
    drop_unused_words,
    load_index_entries,
    save_index_entries,
)
from sphinx.search import js_index


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
    """As daskgallery_site.build builds: incremental, doctrees kept."""
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q",
         "-d", str(out.with_name(out.name + "-doctrees")), str(docs), str(out)],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def project(tmp_path: Path) -> Path:
    """Two pages with index entries: animals (giraffe) and plants (fern)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "conf.py").write_text('extensions = ["daskgallery_site.sphinxext"]\n')
    (docs / "index.rst").write_text(
        "Home\n====\n\n.. toctree::\n\n   animals\n   plants\n"
    )
    (docs / "plants.rst").write_text(
        "Plants\n======\n\n.. index:: single: fern\n\nFerns grow.\n"
    )
    (docs / "animals.rst").write_text(PAGE.format(word="zebra"))
    return docs


def test_an_incremental_build_indexes_like_a_build_from_scratch(tmp_path):
    docs = project(tmp_path)
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


def test_index_entries_of_pages_not_rewritten_are_kept(tmp_path):
    docs = project(tmp_path)
    out = tmp_path / "incremental"
    build(docs, out)
    first = (out / "searchindex.js").read_text()
    build(docs, out)  # nothing changed: no page written
    assert (out / "searchindex.js").read_text() == first
    (docs / "plants.rst").write_text(
        "Plants\n======\n\n.. index:: single: moss\n\nMoss grows.\n"
    )
    build(docs, out)  # plants written again, animals skipped
    entries = js_index.loads((out / "searchindex.js").read_text())["indexentries"]
    assert "giraffe" in entries  # kept from the page not written
    assert "moss" in entries  # the new ones replace the old ones
    assert "fern" not in entries
    (docs / "index.rst").write_text("Home\n====\n\n.. toctree::\n\n   plants\n")
    (docs / "animals.rst").unlink()
    build(docs, out)  # a page removed takes its entries with it
    entries = js_index.loads((out / "searchindex.js").read_text())["indexentries"]
    assert "giraffe" not in entries
    assert "moss" in entries
    build(docs, tmp_path / "scratch")
    scratch = (tmp_path / "scratch" / "searchindex.js").read_text()
    assert (out / "searchindex.js").read_text() == scratch
    (tmp_path / "incremental-doctrees" / ENTRIES_FILE).unlink()
    build(docs, out)  # saved entries lost: every page is written again
    assert (out / "searchindex.js").read_text() == scratch


def test_saved_entries_round_trip_and_bad_files_give_none(tmp_path):
    path = tmp_path / ENTRIES_FILE
    entries = {"a": [("fern", "index-0", ""), ("moss", "index-1", "main")], "b": []}
    save_index_entries(path, entries)
    assert load_index_entries(path, {"a", "b"}) == entries
    assert load_index_entries(path, {"a"}) == {"a": entries["a"]}
    assert list(tmp_path.iterdir()) == [path]  # no partial file left
    for bad in ("", "[1, 2]", '{"a": [["only two", "x"]]}', '{"a": 3}', "{"):
        path.write_text(bad)
        assert load_index_entries(path, {"a"}) == {}
    assert load_index_entries(tmp_path / "missing.json", {"a"}) == {}
