"""Names for the sidebar's expand/collapse toggles, for screen readers.

pydata-sphinx-theme makes each sidebar entry with children collapsible: a
``<details>`` whose ``<summary>`` holds only a chevron icon. A screen reader
announces it as an unnamed button (axe-core: ``summary-name``). Each such
summary gets a translated ``aria-label`` naming the entry it opens, e.g.
"Contents: Gallery".
"""

from __future__ import annotations

import functools
from typing import Any

from sphinx.application import Sphinx
from sphinx.locale import get_translation

from daskgallery_site import compat

__all__ = ["label_toggles", "setup_toctree_labels"]

_ = get_translation("sphinx")


def label_toggles(soup: Any) -> Any:
    """Give every ``<summary>`` without text an ``aria-label``; return ``soup``.

    ``soup`` is the theme's navigation (a BeautifulSoup tree); the entry's
    name is the text of the link that precedes the ``<details>``.
    """
    for summary in soup.find_all("summary"):
        if summary.get_text(strip=True) or summary.get("aria-label"):
            continue
        details = summary.parent
        link = details.find_previous_sibling("a") if details else None
        title = link.get_text(" ", strip=True) if link else ""
        if title:
            summary["aria-label"] = _("Contents: %(title)s") % {"title": title}
    return soup


def _wrap(generate):
    @functools.wraps(generate)
    def generate_labelled(*args: Any, **kwargs: Any) -> Any:
        result = generate(*args, **kwargs)
        return label_toggles(result) if hasattr(result, "find_all") else result

    return generate_labelled


def _html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    compat.wrap_toctree(context, _wrap)


def setup_toctree_labels(app: Sphinx) -> None:
    # after the theme puts generate_toctree_html in the context (priority 500)
    app.connect("html-page-context", _html_page_context, priority=600)
