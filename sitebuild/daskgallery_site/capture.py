"""Task graphs captured while the site's examples run.

Dask's ``visualize`` renders a PNG with Graphviz's ``dot`` program and writes
``mydask.png`` into the current folder. While the site builds, the examples
call ``x.visualize()`` as readers do, and :func:`capture_visualize` makes it
return a :class:`daskgallery.graphs.TaskGraph` instead: SVG (with or without
``dot``), in a canonical form, and no file written next to the examples.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from daskgallery.graphs import TaskGraph
from daskgallery_site import compat
from daskgallery_site.canonical_dot import canonical_dot

__all__ = ["capture_visualize", "graph_source"]


def graph_source(obj: Any) -> str:
    """The DOT text of a ``graphviz`` graph object."""
    source = getattr(obj, "source", None)
    if not isinstance(source, str):
        raise TypeError(f"expected a graphviz graph, got {type(obj).__name__}")
    return source


@contextlib.contextmanager
def capture_visualize() -> Iterator[None]:
    """While active, ``.visualize()`` returns a :class:`TaskGraph`, writes no file.

    It takes over ``dask.dot.graphviz_to_file`` for the example's run; a page's
    own :func:`daskgallery.graphs.enable_graphviz_fallback` then leaves the
    drawing to it.
    """

    def to_task_graph(g: Any, filename: Any, format: Any) -> TaskGraph:
        # Dask's node names and order change from run to run: the page's
        # picture must not (see daskgallery_site.canonical_dot)
        return TaskGraph(canonical_dot(graph_source(g)))

    with compat.replace_graphviz_to_file(to_task_graph):
        yield
