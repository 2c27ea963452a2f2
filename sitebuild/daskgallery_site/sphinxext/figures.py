"""Gallery figures in the reader's language.

The English build executes the examples; ``daskgallery_site.scrapers.figure_scraper``
keeps each Matplotlib figure, pickled beside its image. On a pt, fr or es build
the figures of every page read are loaded again, their texts translated with
the catalog ``figures.po`` (see :mod:`daskgallery_site.figure_text`), drawn into the
build's doctree folder, and the page's images point at those copies. The
English images are never modified; a text without a translation stays English.

The figure pickles are written by this project's own build, next to the
generated pages, and read back only by it.
"""

from __future__ import annotations

import io
import os
import pickle
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from daskgallery_site.figure_text import (
    figure_titles,
    template,
    translate_figure,
    translate_text,
)
from daskgallery_site.scrapers import FIGURE_SUFFIX, write_atomic

__all__ = [
    "FIGURES_CATALOG",
    "figures_catalog",
    "render_translated",
    "setup_figures",
    "translate_figures",
    "translate_thumbnail_images",
    "translated_label",
]

#: The catalog of figure texts, one per language, beside the pages' catalogs.
FIGURES_CATALOG = "figures.po"

_cache: dict[tuple[str, int], dict[str, str]] = {}


def figures_catalog(app: Sphinx) -> tuple[Path | None, dict[str, str]]:
    """This build's ``figures.po`` and its translations (empty if none)."""
    from daskgallery_site.sphinxext.downloads import load_catalog

    language = app.config.language
    for d in app.config.locale_dirs:
        po = Path(app.srcdir) / d / language / "LC_MESSAGES" / FIGURES_CATALOG
        if po.is_file():
            key = (str(po), po.stat().st_mtime_ns)
            if key not in _cache:
                _cache[key] = load_catalog(po)
            return po, _cache[key]
    return None, {}


def translated_label(app: Sphinx, text: str) -> str:
    """A label shown with a figure or report, in this build's language.

    English (or no translation yet): ``text`` itself.
    """
    if not _translating(app):
        return text
    po, catalog = figures_catalog(app)
    if po is None:
        return text
    app.env.note_dependency(po)
    return translate_text(text, catalog.get) or text


def _savefig_kwargs(fig: Any) -> dict[str, Any]:
    """What sphinx-gallery passes to ``savefig``: non-default face/edge colours."""
    import matplotlib
    from matplotlib.colors import to_rgba

    kwargs = {}
    for attr in ("facecolor", "edgecolor"):
        value = getattr(fig, f"get_{attr}")()
        if to_rgba(value) != to_rgba(matplotlib.rcParams[f"figure.{attr}"]):
            kwargs[attr] = value
    return kwargs


def render_translated(
    pickled: Path, catalog: dict[str, str], target: Path
) -> tuple[str, list[str]]:
    """Draw a kept figure with translated texts into ``target`` (PNG).

    Returns the figure's translated titles (the image's alt text) and the
    templates that had no translation.
    """
    import matplotlib.pyplot as plt

    with pickled.open("rb") as f:
        fig = pickle.load(f)
    try:
        missing = translate_figure(fig, catalog.get)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", **_savefig_kwargs(fig))
        data = buffer.getvalue()
        if not (target.is_file() and target.read_bytes() == data):
            write_atomic(target, data)
        return figure_titles(fig), missing
    finally:
        plt.close(fig)


def _translating(app: Sphinx) -> bool:
    language = app.config.language or "en"
    return (
        language != app.config.daskgallery_default_language
        and app.builder.format == "html"
    )


def translate_figures(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: point a translated page's figures at translated copies."""
    from sphinx_gallery.directives import imgsgnode

    if not _translating(app):
        return
    srcdir = Path(app.srcdir)
    images = [
        n for n in doctree.findall(imgsgnode) if n.get("uri", "").endswith(".png")
    ]
    if not images:
        return
    po, catalog = figures_catalog(app)
    if po is not None:
        app.env.note_dependency(po)
    out_root = Path(app.doctreedir) / "translated_figures"
    for node in images:
        source = srcdir / node["uri"].lstrip("/")
        pickled = source.with_suffix(FIGURE_SUFFIX)
        if not pickled.is_file():
            continue
        app.env.note_dependency(pickled)
        target = out_root / source.relative_to(srcdir)
        alt, _missing = render_translated(pickled, catalog, target)
        uri = "/" + Path(os.path.relpath(target, srcdir)).as_posix()
        node["uri"] = uri
        node["srcset"] = uri
        if alt and template(alt) is not None:
            node["alt"] = " ".join(alt.split())


_THUMB = re.compile(r"^(?P<dir>.*)/thumb/sphx_glr_(?P<stem>.+)_thumb\.png$")


def translate_thumbnail_images(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: gallery thumbnails made from the translated first figure.

    sphinx-gallery makes an example's thumbnail from its first image; when that
    image is a kept figure, the thumbnail is made again from its translation.
    Runs before Sphinx collects the page's images.
    """
    from sphinx_gallery.gen_rst import scale_image

    if not _translating(app):
        return
    srcdir = Path(app.srcdir)
    out_root = Path(app.doctreedir) / "translated_figures"
    catalog: dict[str, str] | None = None
    for node in doctree.findall(nodes.image):
        found = _THUMB.match(node.get("uri", ""))
        if not found:
            continue
        images = srcdir / found["dir"].lstrip("/")
        pickled = images / f"sphx_glr_{found['stem']}_001{FIGURE_SUFFIX}"
        if not pickled.is_file():
            continue
        if catalog is None:
            po, catalog = figures_catalog(app)
            if po is not None:
                app.env.note_dependency(po)
        app.env.note_dependency(pickled)
        figure = out_root / images.relative_to(srcdir) / pickled.name
        figure = figure.with_name(figure.name.replace(FIGURE_SUFFIX, ".png"))
        render_translated(pickled, catalog, figure)
        thumb = out_root / (srcdir / node["uri"].lstrip("/")).relative_to(srcdir)
        thumb.parent.mkdir(parents=True, exist_ok=True)
        scratch = thumb.with_name(f".{thumb.stem}.new.png")
        conf = app.config.sphinx_gallery_conf
        width, height = conf.get("thumbnail_size", (400, 280))
        try:
            scale_image(str(figure), str(scratch), width, height)
            scratch.replace(thumb)
        finally:
            scratch.unlink(missing_ok=True)
        rel = Path(os.path.relpath(thumb, srcdir)).as_posix()
        node["uri"] = "/" + rel


def setup_figures(app: Sphinx) -> None:
    app.connect("doctree-read", translate_figures)
    # before Sphinx's image collector (priority 500) records the page's images
    app.connect("doctree-read", translate_thumbnail_images, priority=400)
