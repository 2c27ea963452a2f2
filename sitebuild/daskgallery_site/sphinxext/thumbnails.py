"""Gallery thumbnails in the reader's language.

sphinx-gallery writes each thumbnail's title and tooltip as raw HTML from the
English docstring, so Sphinx's translation never sees them. On a translated
build this rewrites them with the example's own catalog: the title and first
paragraph, cleaned the same way sphinx-gallery cleans them.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx.application import Sphinx

__all__ = ["plain_pairs", "translate_thumbnails"]

_ATTR = "daskgallery_thumbnail_texts"
_DEPS = "daskgallery_thumbnail_catalogs"


def plain_pairs(catalog: dict[str, str]) -> dict[str, str]:
    """{English as a thumbnail shows it: translation shown the same way}."""
    from sphinx_gallery.gen_rst import _sanitize_rst

    return {
        _sanitize_rst(msgid): _sanitize_rst(msgstr).replace("``", "")
        for msgid, msgstr in catalog.items()
        if msgid and msgstr
    }


def remember(app: Sphinx, catalog: dict[str, str], po_file: str) -> None:
    """Add an example's catalog to the texts thumbnails may show."""
    texts: dict[str, str] = getattr(app, _ATTR, {})
    texts.update(plain_pairs(catalog))
    setattr(app, _ATTR, texts)
    setattr(app, _DEPS, [*getattr(app, _DEPS, []), po_file])


def translate_thumbnails(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: translate the raw HTML of the thumbnails on a page."""
    texts: dict[str, str] = getattr(app, _ATTR, {})
    if not texts:
        return
    for raw in list(doctree.findall(nodes.raw)):
        html = raw.astext()
        if "sphx-glr-thumb" not in html:
            continue
        # re-read this page when an example's translation changes
        for po_file in getattr(app, _DEPS, []):
            app.env.note_dependency(po_file)
        new = html
        for english, translated in texts.items():
            for en, tr in {
                (english, translated),
                (escape(english), escape(translated)),
            }:
                new = new.replace(f'tooltip="{en}"', f'tooltip="{tr}"')
                new = new.replace(f">{en}</div>", f">{tr}</div>")
        if new != html:
            raw.replace(raw.children[0], nodes.Text(new))
