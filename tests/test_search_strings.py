"""The search page's script strings: Sphinx's catalog completed by ours."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from daskgallery_site.sphinxext.search_strings import (
    JS_STRINGS,
    SUMMARY_MANY,
    SUMMARY_ONE,
    js_catalog,
    sphinx_js_catalog,
)

LOCALES = Path(__file__).resolve().parents[1] / "docs" / "locales"


def ours(lang: str) -> dict[str, str]:
    with (LOCALES / lang / "LC_MESSAGES" / "sphinx.po").open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id}


@pytest.mark.parametrize("lang", ["pt", "fr", "es"])
def test_every_script_string_is_translated_in_our_catalog(lang):
    strings = ours(lang)
    missing = [s for s in JS_STRINGS if s != ", in " and not strings.get(s)]
    assert not missing
    assert "${resultCount}" in strings[SUMMARY_MANY]


@pytest.mark.parametrize("lang", ["pt", "fr", "es"])
def test_the_browser_catalog_has_no_blank_script_string(lang):
    catalog = js_catalog(sphinx_js_catalog(lang), ours(lang))
    messages = catalog["messages"]
    for msgid in JS_STRINGS:
        if msgid == SUMMARY_MANY:  # the plural of SUMMARY_ONE, not a key
            continue
        value = messages[msgid]
        forms = value if isinstance(value, list) else [value]
        assert forms, msgid
        assert all(forms), (msgid, value)
    assert catalog["plural_expr"] == sphinx_js_catalog(lang)["plural_expr"]


def test_sphinx_blank_portuguese_is_completed_with_brazilian_portuguese():
    messages = sphinx_js_catalog("pt")["messages"]
    assert messages["Search Results"] == "Resultados da Busca"
    assert messages[", in "] == ", em "
    assert not [k for k, v in messages.items() if not v]


def test_the_summary_becomes_one_plural_with_every_form_filled():
    base = {
        "messages": {SUMMARY_ONE: ["", "", ""], "Searching": ""},
        "plural_expr": "(n == 0 || n == 1) ? 0 : n % 1000000 == 0 ? 1 : 2",
    }
    catalog = js_catalog(
        base,
        {SUMMARY_ONE: "uma página", SUMMARY_MANY: "${resultCount} páginas"},
    )
    assert catalog["messages"][SUMMARY_ONE] == [
        "uma página",
        "${resultCount} páginas",
        "${resultCount} páginas",
    ]
    assert catalog["messages"]["Searching"] == ""  # not in ours: left as it was
    assert catalog["plural_expr"] == base["plural_expr"]
    assert base["messages"][SUMMARY_ONE] == ["", "", ""]  # base not modified


def test_a_language_sphinx_does_not_translate_gets_an_empty_catalog():
    assert sphinx_js_catalog("xx") == {
        "locale": "xx",
        "messages": {},
        "plural_expr": "(n != 1)",
    }
