"""The visible text of every translated page is in the page's language.

Measured with stop words (tests/support/language_check.py) on the text outside code,
outputs and the language switcher. A translated page passes when its own
language's stop words outnumber English ones at least 4 to 1: a page that
kept a few English sentences falls below that, while names, code words and
the English words our translations keep in parentheses stay far above it.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from conftest import TRANSLATED
from language_check import profile

HIDDEN = [
    "script",
    "style",
    "pre",
    "code",
    "svg",
    ".sphx-glr-script-out",
    ".dg-language-switcher",
    ".output_html",
    "table.dg-glossary-table",
]


def visible_text(path) -> str:
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for selector in HIDDEN:
        for node in page.select(selector):
            node.decompose()
    main = page.select_one("main") or page
    return main.get_text(" ")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translated_pages_read_in_their_language(site, lang):
    low = []
    for path in sorted((site / lang).rglob("*.html")):
        if path.relative_to(site / lang).parts[0].startswith("_") or path.name in (
            "search.html",
            "genindex.html",
            "py-modindex.html",
        ):
            continue
        counts = profile(visible_text(path))
        if counts[lang] < 4 * max(counts["en"], 1):
            low.append(f"{path.relative_to(site)}: {counts}")
    assert not low, "\n".join(low)
