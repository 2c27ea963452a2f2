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

LOCALES = Path(__file__).resolve().parents[2] / "docs" / "locales"


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


def test_sphinx_js_is_written_beside_sphinx_po_for_sphinx_to_find(tmp_path):
    import json
    from types import SimpleNamespace

    from daskgallery_site.sphinxext.search_strings import write_sphinx_js

    folder = tmp_path / "locales" / "pt" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "sphinx.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Searching"\nmsgstr "Pesquisando"\n',
        encoding="utf-8",
    )
    app = SimpleNamespace(srcdir=str(tmp_path))
    config = SimpleNamespace(
        language="pt", daskgallery_default_language="en", locale_dirs=["locales"]
    )
    write_sphinx_js(app, config)
    text = (folder / "sphinx.js").read_text(encoding="utf-8")
    assert text.startswith("Documentation.addTranslations({")
    catalog = json.loads(text[text.index("{") : text.rindex("}") + 1])
    assert catalog["messages"]["Searching"] == "Pesquisando"
    assert catalog["messages"]["Search Results"] == "Resultados da Busca"  # Sphinx's
    english = SimpleNamespace(**{**vars(config), "language": "en"})
    (folder / "sphinx.js").unlink()
    write_sphinx_js(app, english)
    assert not (folder / "sphinx.js").exists()
