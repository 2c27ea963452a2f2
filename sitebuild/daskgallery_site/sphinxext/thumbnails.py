"""Gallery thumbnails in the reader's language.

sphinx-gallery writes each thumbnail's title and tooltip as raw HTML from the
English docstring, so Sphinx's translation never sees them. On a translated
build this rewrites them with the example's own catalog: the title and first
paragraph, cleaned the same way sphinx-gallery cleans them.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from daskgallery_site import compat
from daskgallery_site.sphinxext import catalogs

__all__ = ["plain_pairs", "translate_thumbnails"]


def plain_pairs(catalog: dict[str, str]) -> dict[str, str]:
    """{English as a thumbnail shows it: translation shown the same way}."""
    return {
        compat.sanitize_rst(msgid): compat.sanitize_rst(msgstr).replace("``", "")
        for msgid, msgstr in catalog.items()
        if msgid and msgstr
    }


def _example_catalogs(app: Sphinx) -> list[Path]:
    dirs = app.config.sphinx_gallery_conf.get("gallery_dirs", [])
    dirs = [dirs] if isinstance(dirs, str) else list(dirs)
    return [po for d in dirs for po in catalogs.catalog_files(app, d)]


def translate_thumbnails(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: translate the raw HTML of the thumbnails on a page."""
    if not catalogs.is_translated_build(app):
        return
    raws = [r for r in doctree.findall(nodes.raw) if "sphx-glr-thumb" in r.astext()]
    if not raws:
        return
    texts: dict[str, str] = {}
    for po in _example_catalogs(app):
        # re-read this page when an example's translation changes
        app.env.note_dependency(str(po))
        texts.update(plain_pairs(catalogs.load_catalog(po)))
    for raw in raws:
        html = raw.astext()
        new = html
        for english, translated in texts.items():
            for en, tr in {
                (english, translated),
                (escape(english), escape(translated)),
            }:
                new = compat.thumbnail_texts(new, en, tr)
        if new != html:
            raw.replace(raw.children[0], nodes.Text(new))
