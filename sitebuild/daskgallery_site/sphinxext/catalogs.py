"""One place for translations: is this a translated build, and its catalogs.

Every part of the extension that translates something (downloads, code
comments, thumbnails, figures and reports' titles, the search page's strings)
asks this module, and nothing else, for:

- :func:`is_translated_build`: an HTML build in another language than the
  default (English, the source);
- :func:`catalog`: the translations of one catalog of this build's language,
  ``{msgid: msgstr}``, loaded once per file version, with one policy: only
  translated, non-fuzzy messages. A catalog is named by its domain: a page's
  docname (``examples/01_delayed/plot_01_lazy_functions``), ``figures`` (the
  texts on figures) or ``sphinx`` (interface strings). Given a docname whose
  page Sphinx is reading, the page is recorded as depending on the file, so
  that Sphinx reads it again when the translation changes.

English builds get empty catalogs: the source text is the text.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

__all__ = [
    "FIGURES",
    "INTERFACE",
    "catalog",
    "catalog_file",
    "catalog_files",
    "is_translated_build",
    "language",
    "load_catalog",
]

#: The domain of the texts drawn on figures (and reports' titles).
FIGURES = "figures"
#: The domain of the interface strings (theme, templates, this extension).
INTERFACE = "sphinx"

_loaded: dict[tuple[str, int], dict[str, str]] = {}


def language(app: Sphinx) -> str:
    """This build's language (the default language when none is set)."""
    return app.config.language or app.config.daskgallery_default_language


def is_translated_build(app: Sphinx) -> bool:
    """An HTML build in another language than the default one."""
    return (
        language(app) != app.config.daskgallery_default_language
        and app.builder.format == "html"
    )


def _folders(app: Sphinx) -> list[Path]:
    return [
        Path(app.srcdir) / d / language(app) / "LC_MESSAGES"
        for d in app.config.locale_dirs
    ]


def catalog_file(app: Sphinx, domain: str) -> Path | None:
    """The ``.po`` file of ``domain`` in this build's language, or ``None``."""
    for folder in _folders(app):
        po = folder / f"{domain}.po"
        if po.is_file():
            return po
    return None


def catalog_files(app: Sphinx, under: str) -> list[Path]:
    """Every ``.po`` file of this build's language under the folder ``under``
    (``"examples"``: the examples' catalogs), in a stable order."""
    found: dict[str, Path] = {}
    for folder in _folders(app):
        for po in sorted((folder / under).rglob("*.po")):
            found.setdefault(po.relative_to(folder).as_posix(), po)
    return [found[k] for k in sorted(found)]


def load_catalog(po_file: Path) -> dict[str, str]:
    """Translated, non-fuzzy messages of a ``.po`` file: ``{msgid: msgstr}``.

    Loaded once per version of the file (its path and modification time).
    """
    from babel.messages.pofile import read_po

    po_file = Path(po_file)
    key = (str(po_file.resolve()), po_file.stat().st_mtime_ns)
    if key not in _loaded:
        with po_file.open("rb") as f:
            messages = read_po(f)
        _loaded[key] = {
            str(m.id): str(m.string)
            for m in messages
            if m.id and m.string and not m.fuzzy and isinstance(m.id, str)
        }
    return _loaded[key]


def catalog(app: Sphinx, domain: str, *, reading: str | None = None) -> dict[str, str]:
    """The translations of ``domain`` in this build's language.

    Empty on an English (default-language) build, and where the language has
    no such catalog. ``reading``: the docname of the page Sphinx is reading,
    which then depends on the catalog file.
    """
    if not is_translated_build(app):
        return {}
    po = catalog_file(app, domain)
    if po is None:
        return {}
    if reading is not None:
        app.env.note_dependency(str(po), docname=reading)
    return load_catalog(po)
