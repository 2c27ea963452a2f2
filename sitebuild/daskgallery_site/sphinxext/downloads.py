"""Gallery downloads in the reader's language, ready to run at home.

sphinx-gallery writes each example's ``.py`` and ``.ipynb`` (and the gallery's
zips) from the English source. ``translate_downloads`` writes the copies that
readers download, into the build's doctree folder: on a pt, fr or es build
translated with the same catalog as the page, and in every language opened by
the command that installs what the page needs (the ``.py``'s header comment,
the ``.ipynb``'s first cell; see :mod:`daskgallery_site.sphinxext.install`).
``retarget_downloads`` points the page's download links at them. The files
sphinx-gallery wrote are never modified.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

from daskgallery_site.scrapers import write_atomic
from daskgallery_site.sphinxext.install import (
    command_for,
    notebook_install_cell,
    script_header,
)
from daskgallery_site.sphinxext.thumbnails import remember
from daskgallery_site.sphinxext.translate_script import translate_script

__all__ = ["load_catalog", "retarget_downloads", "translate_downloads"]

logger = logging.getLogger(__name__)
_MAP_ATTR = "daskgallery_translated_downloads"


def load_catalog(po_file: Path) -> dict[str, str]:
    """Translated, non-fuzzy messages of a ``.po`` file: ``{msgid: msgstr}``."""
    from babel.messages.pofile import read_po

    with po_file.open("rb") as f:
        catalog = read_po(f)
    return {
        str(m.id): str(m.string)
        for m in catalog
        if m.id and m.string and not m.fuzzy and isinstance(m.id, str)
    }


def _translating(app: Sphinx) -> bool:
    language = app.config.language or "en"
    return (
        language != app.config.daskgallery_default_language
        and app.builder.format == "html"
    )


def _write_if_changed(path: Path, data: bytes) -> None:
    if (
        path.is_file()
        and hashlib.md5(path.read_bytes()).digest() == hashlib.md5(data).digest()
    ):
        return
    write_atomic(path, data)


def _notebook(
    script: str, gallery_conf: dict, target_dir: Path, first_cell: str = ""
) -> bytes:
    """The notebook sphinx-gallery would write for ``script``, after a
    Markdown ``first_cell`` (if any)."""
    import tempfile

    from sphinx_gallery.notebook import jupyter_notebook, save_notebook
    from sphinx_gallery.py_source_parser import split_code_and_text_blocks

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "example.py"
        src.write_text(script, encoding="utf-8")
        blocks = split_code_and_text_blocks(str(src))[1]
        notebook = jupyter_notebook(blocks, gallery_conf, target_dir)
        if first_cell:
            notebook["cells"].insert(
                0, {"cell_type": "markdown", "metadata": {}, "source": first_cell}
            )
        out = Path(tmp) / "example.ipynb"
        save_notebook(notebook, out)
        return out.read_bytes()


def translate_downloads(app: Sphinx) -> None:
    """Write every example's download in this build's language (builder-inited)."""
    mapping: dict[str, str] = {}
    setattr(app, _MAP_ATTR, mapping)
    if (
        app.builder.format != "html"
        or "sphinx_gallery.gen_gallery" not in app.extensions
    ):
        return
    translating = _translating(app)
    language = app.config.language or app.config.daskgallery_default_language
    command = command_for(app)
    srcdir = Path(app.srcdir)
    out_root = Path(app.doctreedir) / "reader_downloads"
    gallery_conf = app.config.sphinx_gallery_conf
    locale_dirs = [srcdir / d for d in app.config.locale_dirs]
    gallery_dirs = gallery_conf.get("gallery_dirs", [])
    if isinstance(gallery_dirs, str):
        gallery_dirs = [gallery_dirs]
    for gallery_dir in gallery_dirs:
        gallery = srcdir / gallery_dir
        if not gallery.is_dir():
            continue
        for py in sorted(gallery.rglob("*.py")):
            if not (py.with_suffix(".rst")).is_file():
                continue
            docname = py.relative_to(srcdir).with_suffix("").as_posix()
            page_url = f"{app.config.html_baseurl}{docname}.html"
            header, first_cell = "", ""
            if command:
                header = script_header(command, page_url, py.name)
                first_cell = notebook_install_cell(command, page_url)
            if not translating:
                _write_download(
                    py, {}, header, first_cell, out_root, srcdir, mapping, gallery_conf
                )
                continue
            po = next(
                (
                    d / language / "LC_MESSAGES" / f"{docname}.po"
                    for d in locale_dirs
                    if (d / language / "LC_MESSAGES" / f"{docname}.po").is_file()
                ),
                None,
            )
            if po is None:
                logger.warning(
                    "no %s catalog for %s: its downloads stay in English",
                    language,
                    docname,
                    type="daskgallery",
                    subtype="downloads",
                )
                continue
            catalog = load_catalog(po)
            remember(app, catalog, str(po))
            _write_download(
                py, catalog, header, first_cell, out_root, srcdir, mapping, gallery_conf
            )
        for zipped in sorted(gallery.rglob("*.zip")):
            _translate_zip(zipped, out_root / zipped.relative_to(srcdir), mapping)


def _write_download(
    py: Path,
    catalog: dict[str, str],
    header: str,
    first_cell: str,
    out_root: Path,
    srcdir: Path,
    mapping: dict[str, str],
    gallery_conf: dict,
) -> None:
    """The ``.py`` and ``.ipynb`` readers download for the example ``py``."""
    script = translate_script(py.read_text(encoding="utf-8"), catalog)
    target = out_root / py.relative_to(srcdir)
    _write_if_changed(target, (header + script).encode("utf-8"))
    mapping[str(py)] = str(target)
    nb_src = py.with_suffix(".ipynb")
    if nb_src.is_file():
        nb = target.with_suffix(".ipynb")
        _write_if_changed(nb, _notebook(script, gallery_conf, py.parent, first_cell))
        mapping[str(nb_src)] = str(nb)


def _translate_zip(zipped: Path, target: Path, mapping: dict[str, str]) -> None:
    """A copy of a download zip with the translated members swapped in."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(zipped) as src,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            english = str(zipped.parent / info.filename)
            if english in mapping:
                data = Path(mapping[english]).read_bytes()
            else:
                data = src.read(info)
            # fixed timestamps: the same sources give the same zip
            dst.writestr(zipfile.ZipInfo(info.filename, (2020, 1, 1, 0, 0, 0)), data)
    _write_if_changed(target, buffer.getvalue())
    mapping[str(zipped)] = str(target)


def retarget_downloads(app: Sphinx, doctree: nodes.document) -> None:
    """Point a translated page's download links at the translated files."""
    mapping: dict[str, str] = getattr(app, _MAP_ATTR, {})
    if not mapping:
        return
    docname = app.env.docname
    for node in doctree.findall(addnodes.download_reference):
        _, abs_path = app.env.relfn2path(node["reftarget"], docname)
        translated = mapping.get(str(Path(abs_path)))
        if translated:
            rel = os.path.relpath(translated, app.srcdir)
            node["reftarget"] = "/" + Path(rel).as_posix()
