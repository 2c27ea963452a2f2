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

import io
import os
import zipfile
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

from daskgallery_site import compat
from daskgallery_site.files import write_if_changed
from daskgallery_site.sphinxext import catalogs
from daskgallery_site.sphinxext.install import (
    command_for,
    notebook_install_cell,
    script_header,
)
from daskgallery_site.sphinxext.translate_script import translate_script

__all__ = ["retarget_downloads", "translate_downloads"]

logger = logging.getLogger(__name__)
#: Folder of the doctree folder where the files readers download are written.
READER_DOWNLOADS = "reader_downloads"


def _notebook(
    script: str, gallery_conf: dict, target_dir: Path, first_cell: str = ""
) -> bytes:
    """The notebook sphinx-gallery would write for ``script``, after a
    Markdown ``first_cell`` (if any)."""
    notebook = compat.notebook_from_script(script, gallery_conf, target_dir)
    if first_cell:
        notebook["cells"].insert(
            0, {"cell_type": "markdown", "metadata": {}, "source": first_cell}
        )
    return compat.notebook_bytes(notebook)


def translate_downloads(app: Sphinx) -> None:
    """Write every example's download in this build's language (builder-inited)."""
    mapping: dict[str, str] = {}  # sphinx-gallery's file -> the reader's file
    if (
        app.builder.format != "html"
        or "sphinx_gallery.gen_gallery" not in app.extensions
    ):
        return
    translating = catalogs.is_translated_build(app)
    command = command_for(app)
    srcdir = Path(app.srcdir)
    out_root = Path(app.doctreedir) / READER_DOWNLOADS
    gallery_conf = app.config.sphinx_gallery_conf
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
            catalog: dict[str, str] = {}
            if translating and catalogs.catalog_file(app, docname) is None:
                logger.warning(
                    "no %s catalog for %s: its downloads stay in English",
                    catalogs.language(app),
                    docname,
                    type="daskgallery",
                    subtype="downloads",
                )
            elif translating:
                catalog = catalogs.catalog(app, docname)
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
    write_if_changed(target, (header + script).encode("utf-8"))
    mapping[str(py)] = str(target)
    nb_src = py.with_suffix(".ipynb")
    if nb_src.is_file():
        nb = target.with_suffix(".ipynb")
        write_if_changed(nb, _notebook(script, gallery_conf, py.parent, first_cell))
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
    write_if_changed(target, buffer.getvalue())
    mapping[str(zipped)] = str(target)


def reader_download(app: Sphinx, path: Path) -> Path | None:
    """The file readers get for the download ``path`` sphinx-gallery wrote
    (written by ``translate_downloads``), or ``None`` for any other file."""
    srcdir = Path(app.srcdir)
    try:
        rel = Path(path).relative_to(srcdir)
    except ValueError:
        return None
    target = Path(app.doctreedir) / READER_DOWNLOADS / rel
    return target if target.is_file() else None


def retarget_downloads(app: Sphinx, doctree: nodes.document) -> None:
    """Point a page's download links at the files readers get."""
    docname = app.env.docname
    for node in doctree.findall(addnodes.download_reference):
        _, abs_path = app.env.relfn2path(node["reftarget"], docname)
        target = reader_download(app, Path(abs_path))
        if target is not None:
            rel = os.path.relpath(target, app.srcdir)
            node["reftarget"] = "/" + Path(rel).as_posix()
