"""daskgallery_site.sphinxext.catalogs: one answer to "translated?", one
catalog loader, one fuzzy policy."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
from daskgallery_site.sphinxext import catalogs

PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Done"
msgstr "Feito"

#, fuzzy
msgid "Old"
msgstr "Velho"

msgid "Empty"
msgstr ""
"""


class Env:
    def __init__(self):
        self.dependencies: dict[str, set[str]] = {}

    def note_dependency(self, filename, *, docname=None):
        self.dependencies.setdefault(docname, set()).add(str(filename))


def fake_app(tmp_path, language, fmt="html"):
    config = SimpleNamespace(
        language=language,
        daskgallery_default_language="en",
        locale_dirs=["locales"],
    )
    return SimpleNamespace(
        config=config,
        srcdir=str(tmp_path),
        builder=SimpleNamespace(format=fmt),
        env=Env(),
    )


def write(tmp_path, lang, domain, text=PO):
    po = tmp_path / "locales" / lang / "LC_MESSAGES" / f"{domain}.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_text(text, encoding="utf-8")
    return po


@pytest.mark.parametrize(
    ("language", "fmt", "translated"),
    [("pt", "html", True), ("en", "html", False), (None, "html", False),
     ("pt", "gettext", False)],
)  # fmt: skip
def test_one_answer_to_is_this_a_translated_build(tmp_path, language, fmt, translated):
    assert catalogs.is_translated_build(fake_app(tmp_path, language, fmt)) is translated


def test_only_translated_non_fuzzy_messages(tmp_path):
    po = write(tmp_path, "pt", "page")
    assert catalogs.load_catalog(po) == {"Done": "Feito"}


def test_a_catalog_is_loaded_once_per_version_of_its_file(tmp_path, monkeypatch):
    po = write(tmp_path, "pt", "page")
    first = catalogs.load_catalog(po)
    assert catalogs.load_catalog(po) is first
    po.write_text(PO.replace("Feito", "Pronto"), encoding="utf-8")
    os.utime(po, ns=(po.stat().st_atime_ns, po.stat().st_mtime_ns + 10**9))
    assert catalogs.load_catalog(po) == {"Done": "Pronto"}


def test_a_page_being_read_depends_on_its_catalog(tmp_path):
    po = write(tmp_path, "pt", "examples/a/plot_x")
    app = fake_app(tmp_path, "pt")
    got = catalogs.catalog(app, "examples/a/plot_x", reading="examples/a/plot_x")
    assert got == {"Done": "Feito"}
    assert app.env.dependencies == {"examples/a/plot_x": {str(po)}}


def test_english_and_missing_catalogs_are_empty(tmp_path):
    write(tmp_path, "pt", "figures")
    assert catalogs.catalog(fake_app(tmp_path, "en"), "figures") == {}
    assert catalogs.catalog(fake_app(tmp_path, "fr"), "figures") == {}
    assert catalogs.catalog_file(fake_app(tmp_path, "fr"), "figures") is None


def test_catalog_files_under_a_folder_in_order(tmp_path):
    write(tmp_path, "pt", "examples/b/plot_2")
    write(tmp_path, "pt", "examples/a/plot_1")
    write(tmp_path, "pt", "index")
    found = catalogs.catalog_files(fake_app(tmp_path, "pt"), "examples")
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "locales/pt/LC_MESSAGES/examples/a/plot_1.po",
        "locales/pt/LC_MESSAGES/examples/b/plot_2.po",
    ]
