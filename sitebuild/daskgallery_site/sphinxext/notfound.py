"""The "page not found" page: ``<lang>/404.html``, with the site's header.

A web server shows a language's ``404.html`` for any missing address under
``<base>/<lang>/``, at any depth (``/pt/a/b/missing.html``), so no link or
asset on it may be relative to the page. sphinx-notfound-page renders the page
with every theme link and asset absolute from the site root, under
``notfound_urls_prefix``, which is set here to ``<base path>/<lang>/`` (the
path of ``daskgallery_base_url``). The message and its links are written here
with the same absolute links; the language switcher of the page links the
other languages' 404 pages the same way (see ``_page_links``).

The page's text is interface text (``sphinx.po``). ``daskgallery_site.build``
uses :func:`page_text` and :func:`site_root` to write the site root's
``404.html`` in every language.

>>> site_root("https://example.org/docs/"), site_root("https://example.org")
('/docs/', '/')
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.locale import get_translation

from daskgallery_site import compat

__all__ = ["PAGENAME", "page_text", "setup_notfound", "site_root"]

#: The page's name (without ``.html``), in every language folder.
PAGENAME = "404"

_ = get_translation("sphinx")


def site_root(base_url: str) -> str:
    """The site's path on its server, ``/`` or ``/some/path/``, from its base URL."""
    path = urlsplit(base_url).path.strip("/")
    return f"/{path}/" if path else "/"


def page_text(_: Callable[[str], str]) -> dict[str, str]:
    """The page's strings, translated by ``_`` (a gettext function)."""
    return {
        "title": _("Page not found"),
        "missing": _("There is no page at this address."),
        "reason": _("It may have moved, or its address may contain a typo."),
        "try": _("Try one of these pages:"),
        "home": _("Home page"),
        "gallery": _("Gallery of examples"),
    }


def page_body(text: dict[str, str], home_url: str, gallery_url: str) -> str:
    """The page's HTML: a heading, the message and the two links."""
    esc = html.escape
    return (
        f'<section class="dg-notfound">\n<h1>{esc(text["title"])}</h1>\n'
        f"<p>{esc(text['missing'])} {esc(text['reason'])}</p>\n"
        f"<p>{esc(text['try'])}</p>\n<ul>\n"
        f'<li><a href="{esc(home_url)}">{esc(text["home"])}</a></li>\n'
        f'<li><a href="{esc(gallery_url)}">{esc(text["gallery"])}</a></li>\n'
        "</ul>\n</section>\n"
    )


def _config_inited(app: Sphinx, config: Any) -> None:
    """Each language's 404 page links into ``<base path>/<lang>/``."""
    root = site_root(config.daskgallery_base_url)
    language = config.language or config.daskgallery_default_language
    config.notfound_urls_prefix = f"{root}{language}/"
    config.notfound_pagename = PAGENAME


def _fill_page(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    if pagename != PAGENAME:
        return
    pathto = context["pathto"]
    text = page_text(_)
    # <html data-content_root>: where Sphinx's scripts find the site's files
    context["content_root"] = app.config.notfound_urls_prefix
    context["title"] = text["title"]
    context["body"] = page_body(
        text, pathto(app.config.root_doc), pathto("examples/index")
    )


def setup_notfound(app: Sphinx) -> None:
    app.setup_extension("notfound.extension")
    app.connect("config-inited", _config_inited)
    # after sphinx-notfound-page has made ``pathto`` absolute
    app.connect(
        "html-page-context", _fill_page, priority=compat.NOTFOUND_PATHTO_PRIORITY + 100
    )
