"""The glossary page's table: every term's headword in every language.

``docs/locales/glossary.tsv`` lists each term's forms (``tarefa | tarefas``)
for the catalog check; the page shows the headword only, with code as code.
"""

from __future__ import annotations

import re
import runpy

import pytest
from bs4 import BeautifulSoup
from conftest import LANGUAGES, ROOT
from daskgallery_site.sphinxext.glossary import read_terms

ROWS = read_terms(ROOT / "docs" / "locales" / "glossary.tsv")


def text(node) -> str:
    return " ".join(node.get_text().split())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_table_shows_each_headword(site, lang):
    names = runpy.run_path(str(ROOT / "docs" / "conf.py"))["daskgallery_languages"]
    page = BeautifulSoup(
        (site / lang / "glossary.html").read_text(encoding="utf-8"), "html.parser"
    )
    table = page.select_one("table.dg-glossary-table")
    assert table is not None, f"no glossary table on {lang}/glossary.html"
    assert [text(th) for th in table.select("thead th")] == list(names.values())
    body = table.select("tbody tr")
    assert len(body) == len(ROWS)
    for tr, row in zip(body, ROWS, strict=True):
        for code in LANGUAGES:
            cell = tr.select_one(f"td.lang-{code}")
            headword = row[code].headword
            assert text(cell) == headword.replace("``", ""), (code, headword)
            shown_as_code = [text(c) for c in cell.select("code")]
            assert shown_as_code == re.findall(r"``(.+?)``", headword), headword
