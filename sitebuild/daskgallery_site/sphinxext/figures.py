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

from daskgallery_site import compat
from daskgallery_site.figure_text import (
    figure_titles,
    template,
    translate_figure,
    translate_text,
)
from daskgallery_site.files import write_if_changed
from daskgallery_site.scrapers import FIGURE_SUFFIX
from daskgallery_site.sphinxext import catalogs

__all__ = [
    "render_translated",
    "setup_figures",
    "translate_figures",
    "translate_thumbnail_images",
    "translated_label",
]


def translated_label(app: Sphinx, text: str) -> str:
    """A label shown with a figure or report, in this build's language.

    English (or no translation yet): ``text`` itself.
    """
    catalog = catalogs.catalog(app, catalogs.FIGURES, reading=app.env.docname)
    if not catalog:
        return text
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
        write_if_changed(target, data)
        return figure_titles(fig), missing
    finally:
        plt.close(fig)


def translate_figures(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: point a translated page's figures at translated copies."""
    if not catalogs.is_translated_build(app):
        return
    srcdir = Path(app.srcdir)
    images = [
        n
        for n in doctree.findall(compat.gallery_image_node())
        if n.get("uri", "").endswith(".png")
    ]
    if not images:
        return
    catalog = catalogs.catalog(app, catalogs.FIGURES, reading=app.env.docname)
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
    if not catalogs.is_translated_build(app):
        return
    srcdir = Path(app.srcdir)
    out_root = Path(app.doctreedir) / "translated_figures"
    catalog: dict[str, str] | None = None
    for node in doctree.findall(nodes.image):
        found = _THUMB.match(node.get("uri", ""))
        if not found:
            continue
        images = srcdir / found["dir"].lstrip("/")
        pickled = images / f"{compat.image_name(found['stem'], 1)}{FIGURE_SUFFIX}"
        if not pickled.is_file():
            continue
        if catalog is None:
            catalog = catalogs.catalog(app, catalogs.FIGURES, reading=app.env.docname)
        app.env.note_dependency(pickled)
        thumb = out_root / (srcdir / node["uri"].lstrip("/")).relative_to(srcdir)
        node["uri"] = "/" + Path(os.path.relpath(thumb, srcdir)).as_posix()
        made_from = _made_from([pickled, catalogs.catalog_file(app, catalogs.FIGURES)])
        record = thumb.with_name(f".{thumb.name}.made-from")
        if thumb.is_file() and record.is_file() and record.read_text() == made_from:
            continue  # drawn from this figure and this translation already
        figure = out_root / images.relative_to(srcdir) / pickled.name
        figure = figure.with_name(figure.name.replace(FIGURE_SUFFIX, ".png"))
        render_translated(pickled, catalog, figure)
        thumb.parent.mkdir(parents=True, exist_ok=True)
        scratch = thumb.with_name(f".{thumb.stem}.new.png")
        conf = app.config.sphinx_gallery_conf
        width, height = conf.get("thumbnail_size", (400, 280))
        try:
            compat.scale_image(str(figure), str(scratch), width, height)
            # unchanged: keep its date, or the page would be read again at
            # every build (Sphinx records the thumbnail as its dependency)
            write_if_changed(thumb, scratch.read_bytes())
        finally:
            scratch.unlink(missing_ok=True)
        write_if_changed(record, made_from)


#: The code that draws translated thumbnails: a change to it draws them again.
_DRAWING_CODE = (Path(__file__), Path(__file__).parents[1] / "figure_text.py")


def _made_from(sources: list[Path | None]) -> str:
    """What a drawing is made from: its sources' and its code's versions."""
    files = [p for p in [*sources, *_DRAWING_CODE] if p and p.is_file()]
    return "\n".join(f"{p}:{p.stat().st_mtime_ns}:{p.stat().st_size}" for p in files)


def setup_figures(app: Sphinx) -> None:
    app.connect("doctree-read", translate_figures)
    # before Sphinx's image collector (priority 500) records the page's images
    app.connect("doctree-read", translate_thumbnail_images, priority=400)
