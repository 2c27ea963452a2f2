"""daskgallery.graphs: SVG from DOT with `dot` or WebAssembly, no files written."""

import shutil

import dask
import dask.dot
import pytest

from daskgallery import graphs
from daskgallery.graphs import TaskGraph, render_svg

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


# --- enable_graphviz_fallback: Dask's visualize without Graphviz ---------------


@pytest.fixture
def no_dot(monkeypatch, tmp_path):
    """A machine without Graphviz's ``dot``, in an empty folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(graphs.ENV_VAR, raising=False)
    monkeypatch.setattr(graphs.shutil, "which", lambda name: None)
    graphs.enable_graphviz_fallback()
    yield tmp_path
    graphs.disable_graphviz_fallback()


def total():
    return dask.delayed(sum)([dask.delayed(abs)(-1), dask.delayed(abs)(-2)])


def test_without_the_fallback_dask_is_untouched():
    original = dask.dot.graphviz_to_file
    graphs.enable_graphviz_fallback()
    graphs.enable_graphviz_fallback()  # twice is once
    assert dask.dot.graphviz_to_file is not original
    graphs.disable_graphviz_fallback()
    assert dask.dot.graphviz_to_file is original
    assert original.__module__ == "dask.dot"


def test_default_visualize_writes_svg_without_dot(no_dot):
    from IPython.display import SVG

    shown = total().visualize(rankdir="LR")
    assert isinstance(shown, SVG)
    assert sorted(p.name for p in no_dot.iterdir()) == ["mydask.svg"]
    svg = (no_dot / "mydask.svg").read_text()
    assert svg.startswith("<svg")
    assert svg.count('class="node"') >= 3


@pytest.mark.parametrize("kwargs", [{"filename": "graph.svg"}, {"format": "svg"}])
def test_svg_asked_for_is_written(no_dot, kwargs):
    total().visualize(**kwargs)
    expected = "graph.svg" if "filename" in kwargs else "mydask.svg"
    assert [p.name for p in no_dot.iterdir()] == [expected]


def test_no_file_gives_an_inline_svg(no_dot):
    shown = total().visualize(filename=None, format="svg")
    assert "<svg" in shown.data
    assert list(no_dot.iterdir()) == []


def test_dot_source_needs_no_graphviz(no_dot):
    total().visualize(filename="graph.dot")
    assert "digraph" in (no_dot / "graph.dot").read_text()


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [({"filename": "graph.png"}, "graph.png"), ({"format": "pdf"}, "mydask.pdf")],
)
def test_png_without_dot_is_a_clear_error(no_dot, kwargs, named):
    with pytest.raises(graphs.GraphvizMissingError) as caught:
        total().visualize(**kwargs)
    message = str(caught.value)
    assert named in message
    assert "install Graphviz" in message
    assert ".svg" in message  # the other way out
    assert list(no_dot.iterdir()) == []


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz's dot is not on PATH")
def test_with_dot_dask_draws_as_it_always_does(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(graphs.ENV_VAR, raising=False)
    graphs.enable_graphviz_fallback()
    try:
        total().visualize(filename="graph.png")
    finally:
        graphs.disable_graphviz_fallback()
    assert (tmp_path / "graph.png").read_bytes().startswith(b"\x89PNG")


def test_a_drawing_taken_over_by_someone_else_is_left_to_them(monkeypatch, tmp_path):
    """The site's build captures task graphs; the page's fallback defers to it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(graphs.shutil, "which", lambda name: None)
    original = dask.dot.graphviz_to_file

    def captured(g, filename, format):
        return "captured"

    captured.__module__ = "someone.else"
    dask.dot.graphviz_to_file = captured
    try:
        graphs.enable_graphviz_fallback()
        assert total().visualize() == "captured"
        graphs.disable_graphviz_fallback()
    finally:
        dask.dot.graphviz_to_file = original
    assert list(tmp_path.iterdir()) == []
