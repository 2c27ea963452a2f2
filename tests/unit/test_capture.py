"""daskgallery_site.capture: the build's visualize() returns graphs, writes nothing."""

import dask
import dask.dot
from daskgallery_site.capture import capture_visualize

from daskgallery import graphs
from daskgallery.graphs import TaskGraph


def test_visualize_is_captured_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(graphs.ENV_VAR, "wasm")
    z = dask.delayed(sum)([dask.delayed(abs)(-1), dask.delayed(abs)(-2)])
    with capture_visualize():
        graph = z.visualize(rankdir="LR")
    assert isinstance(graph, TaskGraph)
    assert "rankdir=LR" in graph.source
    assert graph.svg.count('class="node"') >= 3
    assert list(tmp_path.iterdir()) == []
    assert dask.dot.graphviz_to_file.__name__ == "graphviz_to_file"


def test_a_page_s_fallback_leaves_the_capture_in_charge(tmp_path, monkeypatch):
    """A page calls enable_graphviz_fallback(); the build still captures."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(graphs.shutil, "which", lambda name: None)
    z = dask.delayed(abs)(-3)
    with capture_visualize():
        graphs.enable_graphviz_fallback()
        graph = z.visualize()
    graphs.disable_graphviz_fallback()
    assert isinstance(graph, TaskGraph)
    assert list(tmp_path.iterdir()) == []
    assert dask.dot.graphviz_to_file.__module__ == "dask.dot"
