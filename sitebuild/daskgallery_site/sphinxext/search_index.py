"""The search index: the same for the same pages, whatever the build's history.

- What the examples print (sphinx-gallery's ``sphx-glr-script-out`` blocks) is
  left out of it (``no-search``): timings, sizes, addresses and random task
  names, which made the index differ from one build to the next, and nothing
  a reader searches for. The pages' text and code are indexed as before.
- Words that no page has any more are dropped. An incremental build loads the
  previous index and removes the pages it rewrites from each word's list, but
  keeps the word, with an empty list: a word deleted from a page stayed in the
  index for good (a build from scratch never has such words).
- The index entries (API, glossary) of the pages a build does not rewrite are
  kept. Sphinx collects them while it writes a page, after it has saved the
  environment, and does not read them back from the previous index: an
  incremental build lost those of every page it skipped. They are saved beside
  the doctrees when a build finishes and given back before the next build
  writes its index; a page written again keeps its new ones. Without saved
  entries (an output folder from an older build), every page is written.
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from daskgallery_site import compat
from daskgallery_site.files import write_atomic

__all__ = [
    "ENTRIES_FILE",
    "drop_unused_words",
    "load_index_entries",
    "save_index_entries",
    "setup_search_index",
]

OUTPUT_CLASS = "sphx-glr-script-out"
ENTRIES_FILE = "search-index-entries.json"

Entries = dict[str, list[tuple[str, str, str]]]


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


def save_index_entries(path: Path, entries: Entries) -> None:
    """Write the index entries of every page to ``path`` (JSON), atomically."""
    data = {page: [list(entry) for entry in rows] for page, rows in entries.items()}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=0)
    write_atomic(path, text + "\n")


def load_index_entries(path: Path, pages: set[str]) -> Entries:
    """The saved index entries of the pages that still exist.

    A missing or unreadable file gives no entries: the build then writes
    every page's own, as a build from scratch does.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {
            page: [(str(a), str(b), str(c)) for a, b, c in rows]
            for page, rows in data.items()
            if page in pages
        }
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def _entries_path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / ENTRIES_FILE


def _uses_search_index(app: Sphinx) -> bool:
    builder = app.builder
    return builder.format == "html" and bool(
        getattr(builder, "searchindex_filename", None)
    )


def _write_all_without_entries(app: Sphinx, env) -> list[str]:
    """No saved entries (a build from before they were kept): write every page."""
    if _uses_search_index(app) and not _entries_path(app).is_file():
        return sorted(env.all_docs)
    return []


def _restore_entries(app: Sphinx) -> list:
    """Before the index is written: give back the entries of skipped pages."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None or not _uses_search_index(app):
        return []
    indexed = compat.indexed_pages(indexer) & set(app.env.all_docs)
    entries = compat.search_index_entries(app.env)
    for page, rows in load_index_entries(_entries_path(app), indexed).items():
        entries.setdefault(page, rows)  # a page written again keeps its own
    return []  # no page of our own


def _save_entries(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not _uses_search_index(app):
        return
    save_index_entries(_entries_path(app), compat.search_index_entries(app.env))


def setup_search_index(app: Sphinx) -> None:
    app.connect("doctree-read", _outputs_not_searched)
    app.connect("env-updated", _write_all_without_entries)
    app.connect("html-collect-pages", _restore_entries)
    app.connect("build-finished", _clean_index)
    app.connect("build-finished", _save_entries)
