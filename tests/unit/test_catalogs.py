"""The translation catalogs: complete, not fuzzy, markup kept, UI strings present."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "docs" / "locales"
LANGS = ("pt", "fr", "es")
CATALOGS = sorted(LOCALES.glob("*/LC_MESSAGES/**/*.po"))
MARKUP = ("``", ":ref:", ":doc:", ":download:", "`_", "<", ">", "](")


def read(po: Path):
    with po.open("rb") as f:
        return read_po(f)


def test_every_language_has_every_page_catalog():
    def pages(lang):
        base = LOCALES / lang / "LC_MESSAGES"
        return sorted(p.relative_to(base).as_posix() for p in base.rglob("*.po"))

    assert pages("pt")
    assert pages("pt") == pages("fr") == pages("es")


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: str(p.relative_to(LOCALES)))
def test_catalog_is_complete_and_keeps_markup(po):
    catalog = read(po)
    assert not catalog.fuzzy, "the header is marked fuzzy"
    for message in catalog:
        if not message.id:
            continue
        assert message.string, f"untranslated: {message.id!r}"
        assert not message.fuzzy, f"fuzzy: {message.id!r}"
        for mark in MARKUP:
            assert message.id.count(mark) == message.string.count(mark), (
                mark,
                message.id,
                message.string,
            )
        targets = re.findall(r"<([^<>\s]+)>`", message.id)
        assert targets == re.findall(r"<([^<>\s]+)>`", message.string)
        if re.fullmatch(r":doc:`[^`]+`", message.id):
            # a bare page reference (toctree entries): it must point to the same page
            assert message.string == message.id
        literals = re.findall(r"``(.+?)``", message.id)
        assert sorted(literals) == sorted(re.findall(r"``(.+?)``", message.string))


@pytest.mark.parametrize("lang", LANGS)
def test_a_message_has_one_translation_per_language(lang):
    """The same English text is translated the same way on every page."""
    translations: dict[str, dict[str, str]] = {}
    for po in (LOCALES / lang / "LC_MESSAGES").rglob("*.po"):
        if po.name == "sphinx.po":
            continue
        for message in read(po):
            if message.id:
                translations.setdefault(message.id, {})[str(po)] = message.string
    differing = {m: t for m, t in translations.items() if len(set(t.values())) > 1}
    assert not differing


def interface_strings() -> set[str]:
    """Every string our templates and extension ask the 'sphinx' domain for."""
    found = set()
    for html in (ROOT / "docs" / "_templates").glob("*.html"):
        found |= set(re.findall(r"_\('([^']+)'\)", html.read_text()))
    for py in (ROOT / "sitebuild" / "daskgallery_site" / "sphinxext").glob("*.py"):
        found |= {m[1] for m in re.findall(r"\b_\(([\"'])(.+?)\1\)", py.read_text())}
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_interface_strings_are_translated(lang):
    wanted = interface_strings()
    assert {
        "Language",
        "Solution",
        "Out:",
        "Total running time of the script:",
    } <= wanted
    ui = {m.id: m.string for m in read(LOCALES / lang / "LC_MESSAGES" / "sphinx.po")}
    missing = sorted(s for s in wanted if not ui.get(s))
    assert not missing


@pytest.mark.parametrize("lang", LANGS)
def test_theme_strings_are_translated(lang):
    """The theme ships no Portuguese: every string of its template catalog is ours."""
    import pydata_sphinx_theme

    pot = Path(pydata_sphinx_theme.__file__).parent / "locale" / "sphinx.pot"
    ui = {m.id: m.string for m in read(LOCALES / lang / "LC_MESSAGES" / "sphinx.po")}
    theme = [m.id for m in read(pot) if m.id]
    missing = [s for s in theme if not ui.get(s)]
    assert not missing
