"""Sphinx extension for the multilingual gallery site.

- ``language_links`` and ``hreflang_links`` in every page's template context,
  for the language switcher and ``<link rel="alternate" hreflang>``;
- the sphinx-gallery "Total running time" line as a directive, so that no
  timing ends up in a translation message and the line is translated;
- no "Estimated memory usage" line: sphinx-gallery measures each example's
  peak memory (``show_memory``, see :mod:`daskgallery_site.peak_memory`) for the
  memory budget, recorded in ``<example>.cost.json``, not shown on the page;
- collapsed exercise solutions (``.. solution::`` ... ``.. end-solution::``);
- downloads in the reader's language: every example's ``.py``/``.ipynb`` (and
  the gallery zips) are rebuilt from the page's catalog, opened by the command
  that installs what they need, and the page's download links point to them;
- that install command (``.. daskgallery-install::``), also shown under each
  example's download buttons;
- embedded reports (``.. daskgallery-report::``): an iframe and a download;
- gallery thumbnails (raw HTML) with translated titles and tooltips;
- figures drawn again with translated texts, and translated code comments;
- a "page not found" page per language (``404.html``) whose links work from
  any missing address (``notfound``);
- named expand/collapse toggles in the sidebar, for screen readers;
- the search page's script strings in the page's language;
- myst-nb's stylesheet in place before the pages are written, so that every
  build links it the same way;
- a search index that does not depend on the build's history: the examples'
  printed output left out, no words left over from earlier builds, the index
  entries of the pages an incremental build skips kept;
- a summary of each build (``<doctrees>/daskgallery-summary.json``: examples
  executed, their times and peak memory, reports embedded), which the build
  script, the benchmark and the tests read;
- the environment's version is the checksum of the package's sources: when
  this code changes, every page is read again with it (no example is
  executed again for that), as a build from scratch would.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from daskgallery_site import compat
from daskgallery_site.site import DEFAULT_LANGUAGE, LANGUAGES
from daskgallery_site.sources import sources_checksum
from daskgallery_site.sphinxext import catalogs, downloads
from daskgallery_site.sphinxext.comments import translate_page_comments
from daskgallery_site.sphinxext.figures import setup_figures
from daskgallery_site.sphinxext.glossary import setup_glossary
from daskgallery_site.sphinxext.install import setup_install
from daskgallery_site.sphinxext.notfound import PAGENAME as NOTFOUND_PAGE
from daskgallery_site.sphinxext.notfound import setup_notfound, site_root
from daskgallery_site.sphinxext.report import setup_reports
from daskgallery_site.sphinxext.search_index import setup_search_index
from daskgallery_site.sphinxext.search_strings import setup_search_strings
from daskgallery_site.sphinxext.solution import setup_solutions
from daskgallery_site.sphinxext.summary import setup_summary
from daskgallery_site.sphinxext.thumbnails import translate_thumbnails
from daskgallery_site.sphinxext.toctree_labels import setup_toctree_labels

__all__ = ["setup"]

_ = get_translation("sphinx")

_RUNTIME = compat.RUNTIME_LINE
_MEMORY = compat.MEMORY_LINE


def _format_seconds(seconds: float, language: str) -> str:
    from babel.numbers import format_decimal

    minutes, sec = divmod(seconds, 60)
    text = format_decimal(round(sec, 1), format="0.0", locale=language) + " s"
    return f"{int(minutes)} min {text}" if minutes else text


class RuntimeDirective(SphinxDirective):
    """``.. daskgallery-runtime:: SECONDS``: the translated running-time line."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        try:
            seconds = float(self.arguments[0])
        except ValueError as err:
            raise self.error(f"expected seconds, got {self.arguments[0]!r}") from err
        env = self.state.document.settings.env
        language = env.config.language or env.config.daskgallery_default_language
        para = nodes.paragraph(classes=["sphx-glr-timing"])
        para += nodes.strong(text=_("Total running time of the script:"))
        para += nodes.Text(" " + _format_seconds(seconds, language))
        return [para]


def _rewrite_runtime(app: Sphinx, docname: str, source: list[str]) -> None:
    def repl(m: re.Match[str]) -> str:
        seconds = int(m["min"]) * 60 + float(m["sec"])
        return f"{m['indent']}.. daskgallery-runtime:: {seconds:.3f}"

    source[0] = _MEMORY.sub("", _RUNTIME.sub(repl, source[0]))


def _page_links(app: Sphinx, pagename: str) -> tuple[list[dict], list[dict]]:
    languages: dict[str, str] = app.config.daskgallery_languages
    current = catalogs.language(app)
    suffix = app.builder.out_suffix if hasattr(app.builder, "out_suffix") else ".html"
    depth = pagename.count("/")
    up = "../" * (depth + 1)
    base = app.config.daskgallery_base_url.rstrip("/")
    switch, alternate = [], []
    for code, name in languages.items():
        href = f"{up}{code}/{pagename}{suffix}"
        if pagename == NOTFOUND_PAGE:
            # shown at any missing address: absolute from the site root
            href = f"{site_root(base)}{code}/{pagename}{suffix}"
        elif code == current:
            href = posixpath.basename(pagename) + suffix
        switch.append(
            {"code": code, "name": name, "href": href, "current": code == current}
        )
        alternate.append({"code": code, "href": f"{base}/{code}/{pagename}{suffix}"})
    default = app.config.daskgallery_default_language
    alternate.append(
        {"code": "x-default", "href": f"{base}/{default}/{pagename}{suffix}"}
    )
    return switch, alternate


def _html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    switch, alternate = _page_links(app, pagename)
    context["language_links"] = switch
    context["hreflang_links"] = alternate
    current = catalogs.language(app)
    context["current_language_name"] = app.config.daskgallery_languages.get(
        current, current
    )
    # the theme's search placeholder is a theme option, not a template string
    compat.set_search_placeholder(context, _("Search the docs ..."))


def _translate_graph_alt(app: Sphinx, doctree: nodes.document) -> None:
    """Task graphs' alt text in the page's language (written by the scraper)."""
    for image in doctree.findall(nodes.image):
        if "dg-task-graph" in image.get("classes", []):
            image["alt"] = _("Task graph")


def _mystnb_css_before_pages(app: Sphinx) -> None:
    """Copy myst-nb's stylesheet into ``_static`` before any page is written.

    myst-nb copies it when the build finishes. Sphinx adds a checksum to the
    link of a stylesheet that is already in the output (``?v=...``), so a first
    build linked it without one and later builds with one, on the pages they
    rewrote: the site depended on its build history.
    """
    if app.builder.format != "html" or "myst_nb" not in app.extensions:
        return
    (Path(app.builder.outdir) / "_static").mkdir(parents=True, exist_ok=True)
    compat.add_myst_nb_static_files(app)


def _config_inited(app: Sphinx, config: Any) -> None:
    """Each language has its own base URL: <base>/<lang>/."""
    base = config.daskgallery_base_url.rstrip("/")
    if base and not config.html_baseurl:
        language = config.language or config.daskgallery_default_language
        config.html_baseurl = f"{base}/{language}/"


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value(
        "daskgallery_languages",
        dict(LANGUAGES),
        "html",
    )
    app.add_config_value("daskgallery_default_language", DEFAULT_LANGUAGE, "html")
    app.add_config_value("daskgallery_base_url", "", "html")
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _mystnb_css_before_pages)
    app.add_directive("daskgallery-runtime", RuntimeDirective)
    setup_solutions(app)
    setup_reports(app)
    setup_glossary(app)
    setup_install(app)
    setup_notfound(app)
    setup_toctree_labels(app)
    setup_search_strings(app)
    setup_search_index(app)
    setup_summary(app)
    app.connect("source-read", _rewrite_runtime)
    app.connect("html-page-context", _html_page_context)
    # after sphinx-gallery has generated (and, in English, executed) the pages
    app.connect("builder-inited", downloads.translate_downloads, priority=900)
    # before Sphinx's download collector (priority 500) records the targets
    app.connect("doctree-read", downloads.retarget_downloads, priority=400)
    app.connect("doctree-read", translate_thumbnails)
    app.connect("doctree-read", _translate_graph_alt)
    app.connect("doctree-read", translate_page_comments)
    setup_figures(app)
    return {
        "version": "0.1",
        "env_version": int(sources_checksum()[:12], 16),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
