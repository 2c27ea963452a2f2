"""daskgallery.graphs: SVG from DOT with `dot` or WebAssembly, no files written."""

import shutil

import dask
import dask.dot
import pytest

from daskgallery import graphs
from daskgallery.graphs import TaskGraph, capture_visualize, render_svg, task_graph

DOT = "digraph { rankdir=LR; a -> b; a -> c }"
HAS_DOT = shutil.which("dot") is not None


def test_wasm_renders_a_real_layout():
    svg = render_svg(DOT, renderer="wasm")
    assert svg.startswith("<svg")
    assert svg.count('class="node"') == 3
    assert svg.count('class="edge"') == 2
    assert "<?xml" not in svg
    assert "<!--" not in svg


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz's dot is not on PATH")
def test_dot_renders_the_same_graph():
    svg = render_svg(DOT, renderer="dot")
    assert svg.startswith("<svg")
    assert svg.count('class="node"') == 3
    assert svg.count('class="edge"') == 2


def test_auto_prefers_dot_when_on_path(monkeypatch):
    monkeypatch.delenv(graphs.ENV_VAR, raising=False)
    monkeypatch.setattr(graphs.shutil, "which", lambda name: "/usr/bin/dot")
    assert graphs.renderer_in_use() == "dot"
    monkeypatch.setattr(graphs.shutil, "which", lambda name: None)
    assert graphs.renderer_in_use() == "wasm"


def test_environment_variable_chooses_the_renderer(monkeypatch):
    monkeypatch.setenv(graphs.ENV_VAR, "wasm")
    assert graphs.renderer_in_use() == "wasm"
    monkeypatch.setenv(graphs.ENV_VAR, "cairo")
    with pytest.raises(
        ValueError, match=r"renderer must be one of .*'wasm'.*got 'cairo'"
    ):
        graphs.renderer_in_use()


def test_asking_for_dot_without_dot_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(graphs.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match="not on PATH"):
        render_svg(DOT, renderer="dot")


@pytest.mark.parametrize("bad", ["", "   ", None, 42])
def test_bad_source_is_rejected(bad):
    with pytest.raises(ValueError, match="non-empty DOT string"):
        render_svg(bad, renderer="wasm")


def test_invalid_dot_fails_loudly():
    with pytest.raises(RuntimeError):
        render_svg("digraph { a -> }", renderer="wasm")


def test_task_graph_object():
    with pytest.raises(ValueError, match="Graphviz DOT"):
        TaskGraph("not a graph")
    graph = TaskGraph(DOT)
    assert graph._repr_svg_() is graph.svg
    assert repr(graph) == "<TaskGraph>"


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


def test_task_graph_helper(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match="at least one"):
        task_graph()
    graph = task_graph(dask.delayed(abs)(-3))
    assert isinstance(graph, TaskGraph)
    assert list(tmp_path.iterdir()) == []
