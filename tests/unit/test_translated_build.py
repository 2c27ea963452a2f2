"""A tiny translated build, in the fast tier: one example, one language, one
catalog, the real Sphinx, sphinx-gallery, theme-free.

An upgrade of Sphinx or sphinx-gallery that breaks what the translated site
relies on (the page's catalog, translated downloads and their install
header, code comments, thumbnails, the build summary) fails here in seconds,
before any site is built.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from daskgallery_site.sphinxext.summary import read_summary

CONF = """\
extensions = ["sphinx_gallery.gen_gallery", "daskgallery_site.sphinxext"]
locale_dirs = ["locales"]
gettext_compact = False
daskgallery_base_url = "https://example.invalid/site"
sphinx_gallery_conf = {
    "examples_dirs": "../gallery",
    "gallery_dirs": "examples",
    "write_computation_times": False,
    "download_all_examples": False,
}
"""

EXAMPLE = '''"""
Lazy sums
=========

One paragraph about sums.
"""

# %%
# Add two numbers.

total = 1 + 2  # the sum of two numbers
print(total)
'''

PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Lazy sums"
msgstr "Somas preguiçosas"

msgid "One paragraph about sums."
msgstr "Um parágrafo sobre somas."

msgid "Add two numbers."
msgstr "Some dois números."

#. code comment
msgid "the sum of two numbers"
msgstr "a soma de dois números"
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("tiny")
    docs, gallery = root / "docs", root / "gallery"
    catalogs = docs / "locales" / "pt" / "LC_MESSAGES" / "examples"
    for folder in (docs, gallery, catalogs):
        folder.mkdir(parents=True)
    (docs / "conf.py").write_text(CONF)
    (docs / "index.rst").write_text("Test\n====\n\n.. toctree::\n\n   examples/index\n")
    (gallery / "GALLERY_HEADER.rst").write_text("Gallery\n=======\n")
    (gallery / "plot_sums.py").write_text(EXAMPLE)
    (catalogs / "plot_sums.po").write_text(PO)
    env = {**os.environ, "MPLBACKEND": "agg"}
    out = {}
    for lang in ("en", "pt"):
        out[lang] = root / "html" / lang
        done = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q",
             "-D", f"language={lang}", "-d", str(root / "doctrees" / lang),
             str(docs), str(out[lang])],
            capture_output=True, text=True, env=env, check=False, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
    out["doctrees"] = root / "doctrees"
    return out


def downloads(html: Path, suffix: str) -> Path:
    (found,) = html.glob(f"_downloads/*/plot_sums{suffix}")
    return found


def test_the_page_and_its_code_comment_are_translated(built):
    page = (built["pt"] / "examples" / "plot_sums.html").read_text()
    assert "Somas preguiçosas" in page
    assert "Some dois números." in page
    assert "a soma de dois números" in page
    assert "the sum of two numbers" not in page


def test_the_thumbnail_is_translated(built):
    index = (built["pt"] / "examples" / "index.html").read_text()
    assert 'tooltip="Um parágrafo sobre somas."' in index
    assert "Somas preguiçosas" in index


def test_the_downloads_are_translated_and_open_with_the_install_command(built):
    command = "python -m pip install https://example.invalid/site/wheels/"
    py = downloads(built["pt"], ".py").read_text()
    assert py.startswith("# ")
    assert command in py
    assert "https://example.invalid/site/pt/examples/plot_sums.html" in py
    assert "Somas preguiçosas" in py
    assert "total = 1 + 2  # a soma de dois números" in py
    notebook = json.loads(downloads(built["pt"], ".ipynb").read_text())
    first = notebook["cells"][0]
    assert first["cell_type"] == "markdown"
    assert command in "".join(first["source"])
    english = downloads(built["en"], ".py").read_text()
    assert command in english
    assert "total = 1 + 2  # the sum of two numbers" in english


def test_each_build_writes_its_summary(built):
    en = read_summary(built["doctrees"] / "en")
    pt = read_summary(built["doctrees"] / "pt")
    assert list(en["executed"]) == ["plot_sums.py"]
    assert (pt["language"], pt["executed"], pt["skipped_unchanged"]) == ("pt", {}, 1)
