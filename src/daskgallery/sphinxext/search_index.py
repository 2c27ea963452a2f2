"""The search index: the same for the same pages, whatever the build's history.

- What the examples print (sphinx-gallery's ``sphx-glr-script-out`` blocks) is
  left out of it (``no-search``): timings, sizes, addresses and random task
  names, which made the index differ from one build to the next, and nothing
  a reader searches for. The pages' text and code are indexed as before.
- Words that no page has any more are dropped. An incremental build loads the
  previous index and removes the pages it rewrites from each word's list, but
  keeps the word, with an empty list: a word deleted from a page stayed in the
  index for good (a build from scratch never has such words).

``docs/build_site.py`` also writes every page (``-a``): Sphinx takes the index
entries (API, glossary) only from the pages a build writes.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

__all__ = ["drop_unused_words", "setup_search_index"]

OUTPUT_CLASS = "sphx-glr-script-out"


def _outputs_not_searched(app: Sphinx, doctree: nodes.document) -> None:
    for node in doctree.findall(nodes.Element):
        classes = node["classes"]
        if OUTPUT_CLASS in classes and "no-search" not in classes:
            classes.append("no-search")


def drop_unused_words(path: Path) -> bool:
    """Remove the words that point to no page from a ``searchindex.js``.

    Returns whether the file changed.
    """
    from sphinx.search import js_index

    text = path.read_text(encoding="utf-8")
    index = js_index.loads(text)
    changed = False
    for key in ("terms", "titleterms"):
        words = index.get(key, {})
        unused = [word for word, pages in words.items() if pages == []]
        for word in unused:
            del words[word]
        changed |= bool(unused)
    if changed:
        path.write_text(js_index.dumps(index), encoding="utf-8")
    return changed


def _clean_index(app: Sphinx, exception: Exception | None) -> None:
    name = getattr(app.builder, "searchindex_filename", None)
    if exception is not None or app.builder.format != "html" or not name:
        return
    index = Path(app.builder.outdir) / name
    if index.suffix == ".js" and index.is_file():
        drop_unused_words(index)


def setup_search_index(app: Sphinx) -> None:
    app.connect("doctree-read", _outputs_not_searched)
    app.connect("build-finished", _clean_index)
