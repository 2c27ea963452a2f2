"""The search page's own strings (shown by JavaScript) in the page's language.

Sphinx's search script takes its strings ("Search Results", the summary of
the results) from ``_static/translations.js``, which Sphinx copies from the
first ``<locale_dir>/<lang>/LC_MESSAGES/sphinx.js`` it finds, its own catalog
otherwise. Sphinx's Portuguese catalog (``pt``) is empty and its Spanish one
lacks the summary, so the search page showed blank lines. Before a translated
build, the project's ``sphinx.js`` is written beside its ``sphinx.po`` (a
generated file, like the ``.mo``): Sphinx's messages, completed by its
regional catalog (``pt_BR``, the variant the site is written in), then
overridden by the project's ``sphinx.po``. Sphinx does the rest. What no
library does here: merging the two catalogs and writing the browser's format.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sphinx
from sphinx.application import Sphinx

from daskgallery_site.files import write_if_changed
from daskgallery_site.sphinxext.catalogs import INTERFACE, load_catalog

__all__ = [
    "JS_STRINGS",
    "js_catalog",
    "setup_search_strings",
    "sphinx_js_catalog",
    "write_sphinx_js",
]

#: The singular and plural of the results summary. ``sphinx.po`` keeps them as
#: two plain messages; the catalog for the browser makes them one plural.
SUMMARY_ONE = "Search finished, found one page matching the search query."
SUMMARY_MANY = "Search finished, found ${resultCount} pages matching the search query."
#: Every string the search, highlight and documentation scripts translate.
JS_STRINGS = (
    ", in ",  # from Sphinx's catalogs: sphinx-lint forbids its trailing space
    "Hide Search Matches",
    "Preparing search...",
    "Search Results",
    "Searching",
    "Your search did not match any documents. Please make sure that all words"
    " are spelled correctly and that you've selected enough categories.",
    SUMMARY_ONE,
    SUMMARY_MANY,
)


#: What translators are told about each of them (``sphinx.pot``).
JS_NOTES = {
    SUMMARY_ONE: "The search page (JavaScript): the results summary, one page.",
    SUMMARY_MANY: "The search page (JavaScript): the results summary, several "
    "pages.\nKeep ${resultCount}: the script puts the number there.",
}
#: Taken from Sphinx's own catalogs, not from ours.
FROM_SPHINX = (", in ",)

#: Sphinx's regional catalog that fills the blanks of a language's catalog.
REGIONAL = {"pt": "pt_BR"}


def _read_js(language: str) -> dict[str, Any] | None:
    path = Path(sphinx.__file__).parent / "locale" / language / "LC_MESSAGES"
    path = path / "sphinx.js"
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("{") : text.rindex("}") + 1])


def _blank(value: Any) -> bool:
    return not value or (isinstance(value, list) and not all(value))


def sphinx_js_catalog(language: str) -> dict[str, Any]:
    """Sphinx's catalog for the browser (``sphinx.js``), blanks filled from
    its regional variant (:data:`REGIONAL`); an empty one if Sphinx has none.
    """
    catalog = _read_js(language)
    if catalog is None:
        return {"locale": language, "messages": {}, "plural_expr": "(n != 1)"}
    regional = _read_js(REGIONAL[language]) if language in REGIONAL else None
    if regional is not None:
        messages = dict(catalog["messages"])
        for msgid, value in regional["messages"].items():
            if _blank(messages.get(msgid)) and not _blank(value):
                messages[msgid] = value
        catalog = {**catalog, "messages": messages}
    return catalog


def js_catalog(base: dict[str, Any], ours: dict[str, str]) -> dict[str, Any]:
    """``base`` (Sphinx's catalog) with the translations of ``ours`` on top.

    >>> base = {"messages": {"Searching": ""}, "plural_expr": "(n != 1)"}
    >>> js_catalog(base, {"Searching": "Pesquisando"})["messages"]["Searching"]
    'Pesquisando'
    """
    messages = dict(base.get("messages", {}))
    plural = [v for v in messages.values() if isinstance(v, list)]
    forms = max((len(v) for v in plural), default=2)
    for msgid in JS_STRINGS:
        if ours.get(msgid) and msgid not in (SUMMARY_ONE, SUMMARY_MANY):
            messages[msgid] = ours[msgid]
    if ours.get(SUMMARY_ONE) and ours.get(SUMMARY_MANY):
        # one, then the other form for every other plural category
        messages[SUMMARY_ONE] = [ours[SUMMARY_ONE]] + [ours[SUMMARY_MANY]] * (forms - 1)
    return {**base, "messages": messages}


def write_sphinx_js(app: Sphinx, config: Any) -> None:
    """config-inited: this language's ``sphinx.js`` beside its ``sphinx.po``."""
    language = config.language or config.daskgallery_default_language
    if language == config.daskgallery_default_language:
        return
    for folder in config.locale_dirs:
        po = Path(app.srcdir, folder, language, "LC_MESSAGES", f"{INTERFACE}.po")
        if po.is_file():
            break
    else:
        return
    catalog = js_catalog(sphinx_js_catalog(language), load_catalog(po))
    text = json.dumps(catalog, ensure_ascii=False, indent=2, sort_keys=True)
    data = f"Documentation.addTranslations({text});\n".encode()
    target = po.with_suffix(".js")
    write_if_changed(target, data)


def setup_search_strings(app: Sphinx) -> None:
    # before the HTML builder looks for the language's sphinx.js
    app.connect("config-inited", write_sphinx_js)
