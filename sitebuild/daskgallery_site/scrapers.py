"""sphinx-gallery hooks: a task-graph scraper and a reset between examples.

Both are registered in ``docs/conf.py`` by import string, so that Sphinx can
cache its configuration::

    "image_scrapers": ("daskgallery_site.scrapers.figure_scraper",
                       "daskgallery_site.scrapers.graph_scraper",
                       "daskgallery_site.scrapers.report_scraper"),
    "reset_modules": ("daskgallery_site.scrapers.reset_dask",),

``graph_scraper`` shows the value of a code block's last expression when it is
a task graph (what ``x.visualize()`` returns) as an SVG image on the page; the
first one becomes the example's thumbnail unless the page says otherwise.
``figure_scraper`` is sphinx-gallery's Matplotlib scraper that also keeps each
figure (pickled beside its image), so that translated builds can draw it again
with translated text.
"""

from __future__ import annotations

import contextlib
import gc
import pickle
import tempfile
from pathlib import Path
from typing import Any

from daskgallery.graphs import TaskGraph, render_svg
from daskgallery_site import compat
from daskgallery_site.canonical_dot import canonical_dot
from daskgallery_site.capture import capture_visualize
from daskgallery_site.files import write_atomic

__all__ = [
    "FIGURE_SUFFIX",
    "figure_scraper",
    "graph_scraper",
    "is_graph",
    "report_scraper",
    "reset_dask",
    "to_svg",
]

#: Regex for sphinx-gallery's ``ignore_repr_types``: graphs are shown as
#: images by ``graph_scraper``, not as text.
IGNORE_REPR_TYPES = (
    r"daskgallery\.graphs\.TaskGraph|daskgallery\.cluster\.HTMLReport"
    r"|graphviz\.(graphs|sources)\.|matplotlib\.figure\.Figure"
)

_SEEN_KEY = "daskgallery_graphs_seen"
#: Suffix of the pickled figure kept beside each figure's image.
FIGURE_SUFFIX = ".figure.pickle"


def is_graph(obj: Any) -> bool:
    """True for a :class:`~daskgallery.graphs.TaskGraph` or a ``graphviz`` graph."""
    if isinstance(obj, TaskGraph):
        return True
    module = type(obj).__module__ or ""
    return module.startswith("graphviz.") and isinstance(
        getattr(obj, "source", None), str
    )


def to_svg(obj: Any) -> str:
    """SVG text of a task graph or ``graphviz`` object."""
    if isinstance(obj, TaskGraph):
        return obj.svg
    if is_graph(obj):
        return render_svg(canonical_dot(obj.source))
    raise TypeError(f"expected a task graph, got {type(obj).__name__}")


def graph_scraper(block: Any, block_vars: dict[str, Any], gallery_conf: dict) -> str:
    """Show a block's last-expression task graph as an SVG image (sphinx-gallery)."""
    value = compat.last_expression(block_vars)
    seen: list[Any] = block_vars.setdefault(_SEEN_KEY, [])
    if not is_graph(value) or any(value is old for old in seen):
        return ""
    seen.append(value)  # keeps the object alive, so ``is`` stays meaningful
    path = Path(compat.next_image_path(block_vars)).with_suffix(".svg")
    write_atomic(path, to_svg(value).encode())
    src_dir = Path(gallery_conf["src_dir"])
    uri = "/" + path.relative_to(src_dir).as_posix()
    return (
        f"\n.. image:: {uri}\n"
        "   :alt: Task graph\n"
        "   :class: sphx-glr-single-img dg-task-graph\n\n"
    )


def figure_scraper(block: Any, block_vars: dict[str, Any], gallery_conf: dict) -> str:
    """sphinx-gallery's Matplotlib scraper, keeping each figure for translation.

    Each figure's image is written by sphinx-gallery as usual; the figure
    itself is pickled beside it (``<image>.figure.pickle``). Translated builds
    load it, translate its texts and draw it again (see
    :mod:`daskgallery_site.figure_text`).
    """
    import matplotlib.pyplot as plt
    from sphinx_gallery.scrapers import matplotlib_scraper

    figures = [plt.figure(num) for num in plt.get_fignums()]
    paths = compat.image_paths(block_vars)
    before = len(paths)
    rst = matplotlib_scraper(block, block_vars, gallery_conf)
    for fig, image in zip(figures, paths[before:], strict=False):
        target = Path(image).with_suffix(FIGURE_SUFFIX)
        try:
            data = pickle.dumps(fig)
        except Exception as exc:
            raise RuntimeError(
                f"{Path(block_vars['src_file']).name}: figure {Path(image).name} "
                f"cannot be kept for translation ({exc}); use artists that can "
                "be pickled (no lambdas in formatters)"
            ) from exc
        write_atomic(target, data)
    return rst


_capture: contextlib.ExitStack | None = None


def reset_dask(gallery_conf: dict, fname: str | None, when: str) -> None:
    """Reset between examples: Dask config, graph capture, leftover clients.

    Before an example: ``dask.config`` back to its defaults (environment
    included), ``.visualize()`` captured as :class:`TaskGraph`, and Dask's
    temporary directory set to a fresh folder. After it: the capture is
    undone, the folder removed, and a ``distributed`` client left open fails
    loudly, since every example must close what it opens.
    """
    global _capture
    if when not in ("before", "after"):
        raise ValueError(f"when must be 'before' or 'after', got {when!r}")
    import dask.config

    if _capture is not None:
        _capture.close()
        _capture = None
    dask.config.refresh()
    if when == "before":
        _capture = contextlib.ExitStack()
        _capture.enter_context(capture_visualize())
        # Dask's scratch files (worker lock files, spills) go to a folder that
        # disappears with the example: a build leaves no temp files behind
        scratch = _capture.enter_context(
            tempfile.TemporaryDirectory(
                prefix="daskgallery-scratch-", ignore_cleanup_errors=True
            )
        )
        _capture.enter_context(dask.config.set({"temporary-directory": scratch}))
        return
    gc.collect()
    try:
        from distributed import default_client
    except ImportError:  # pragma: no cover - distributed is a dependency
        return
    with contextlib.suppress(ValueError):
        client = default_client()
        client.close()
        raise RuntimeError(f"{fname}: left a distributed Client open; use `with`")


def report_scraper(block: Any, block_vars: dict[str, Any], gallery_conf: dict) -> str:
    """Embed a block's last-expression HTMLReport: an iframe and a download link."""
    from daskgallery.cluster import HTMLReport

    value = compat.last_expression(block_vars)
    seen: list[Any] = block_vars.setdefault(_SEEN_KEY, [])
    if not isinstance(value, HTMLReport) or any(value is old for old in seen):
        return ""
    seen.append(value)
    # not an image: named beside the page's images, outside sphinx-gallery's count
    images = compat.images_folder(block_vars)
    number = sum(isinstance(old, HTMLReport) for old in seen)
    stem = Path(block_vars["src_file"]).stem
    path = images / f"sphx_glr_{stem}_report_{number:03}.html"
    write_atomic(path, value.html.encode("utf-8"))
    uri = "/" + path.relative_to(Path(gallery_conf["src_dir"])).as_posix()
    title = " ".join(value.title.split())
    return f"\n.. daskgallery-report:: {uri}\n   :title: {title}\n\n"
