"""daskgallery_site.scrapers: task graphs become SVG images; examples are reset."""

import dask
import dask.config
import dask.dot
import pytest
from daskgallery_site.scrapers import graph_scraper, is_graph, reset_dask, to_svg

from daskgallery.graphs import TaskGraph

DOT = "digraph { a -> b }"


def block_vars(tmp_path, value):
    paths = iter(
        str(tmp_path / "images" / f"sphx_glr_demo_{i:03}.png") for i in range(1, 9)
    )
    return {"example_globals": {"___": value}, "image_path_iterator": paths}


def test_graph_becomes_an_svg_image(tmp_path):
    graph = TaskGraph(DOT)
    bv = block_vars(tmp_path, graph)
    rst = graph_scraper(None, bv, {"src_dir": str(tmp_path)})
    svg = tmp_path / "images" / "sphx_glr_demo_001.svg"
    assert svg.read_text().startswith("<svg")
    assert ".. image:: /images/sphx_glr_demo_001.svg" in rst
    assert ":alt: Task graph" in rst
    # the same last value seen again by a later block is not shown twice
    assert graph_scraper(None, bv, {"src_dir": str(tmp_path)}) == ""
    assert sorted(p.name for p in (tmp_path / "images").iterdir()) == [svg.name]


def test_graphviz_objects_are_graphs_too(tmp_path):
    graphviz = pytest.importorskip("graphviz")
    g = graphviz.Digraph()
    g.edge("a", "b")
    assert is_graph(g)
    assert to_svg(g).startswith("<svg")


@pytest.mark.parametrize("value", [None, 3, "digraph { a -> b }", [TaskGraph(DOT)]])
def test_other_values_are_ignored(tmp_path, value):
    assert (
        graph_scraper(None, block_vars(tmp_path, value), {"src_dir": str(tmp_path)})
        == ""
    )
    assert not (tmp_path / "images").exists()


def test_to_svg_rejects_non_graphs():
    with pytest.raises(TypeError, match="expected a task graph, got int"):
        to_svg(1)


def test_reset_restores_config_and_captures_visualize(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    original = dask.dot.graphviz_to_file
    dask.config.set({"array.chunk-size": "1MiB"})
    reset_dask({}, "example.py", "before")
    try:
        assert dask.config.get("array.chunk-size") != "1MiB"
        assert isinstance(dask.delayed(abs)(-1).visualize(), TaskGraph)
        assert list(tmp_path.iterdir()) == []
    finally:
        reset_dask({}, "example.py", "after")
    assert dask.dot.graphviz_to_file is original


def test_reset_rejects_unknown_moments():
    with pytest.raises(
        ValueError, match="when must be 'before' or 'after', got 'during'"
    ):
        reset_dask({}, "example.py", "during")


def test_an_example_that_leaves_a_client_open_fails(tmp_path):
    import dask
    from distributed import Client, LocalCluster

    with (
        dask.config.set({"temporary-directory": str(tmp_path)}),  # not <temp>
        LocalCluster(
            n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
    ):
        Client(cluster, set_as_default=True)
        with pytest.raises(RuntimeError, match="left a distributed Client open"):
            reset_dask({}, "leaky.py", "after")


def test_reset_gives_each_example_a_scratch_folder_and_removes_it():
    from pathlib import Path

    reset_dask({}, "example.py", "before")
    scratch = Path(dask.config.get("temporary-directory"))
    assert scratch.is_dir()
    (scratch / "dask-scratch-space").mkdir()
    reset_dask({}, "example.py", "after")
    assert not scratch.exists()
    assert dask.config.get("temporary-directory") != str(scratch)


def gallery_conf(tmp_path):
    """sphinx-gallery's defaults, as its scrapers receive them."""
    from sphinx_gallery.gen_gallery import DEFAULT_GALLERY_CONF

    conf = dict(DEFAULT_GALLERY_CONF)
    conf.update(src_dir=str(tmp_path), image_srcset=[])
    conf["matplotlib_animations"] = (False, None)
    return conf


def test_figure_scraper_keeps_each_figure_beside_its_image(tmp_path):
    import pickle

    import matplotlib.pyplot as plt
    from daskgallery_site.figure_text import figure_texts
    from daskgallery_site.scrapers import FIGURE_SUFFIX, figure_scraper
    from sphinx_gallery.scrapers import ImagePathIterator

    plt.close("all")  # only this test's figures
    images = tmp_path / "images"
    images.mkdir()
    for title in ("first", "second"):
        fig, ax = plt.subplots()
        ax.set_title(f"The {title} figure")
    iterator = ImagePathIterator(images / "sphx_glr_demo_{0:03}.png")
    conf = gallery_conf(tmp_path)
    rst = figure_scraper(
        None, {"image_path_iterator": iterator, "example_globals": {}}, conf
    )
    assert "sphx_glr_demo_001.png" in rst
    assert "sphx_glr_demo_002.png" in rst
    assert not plt.get_fignums()  # sphinx-gallery closed them, as usual
    for number, title in ((1, "first"), (2, "second")):
        kept = images / f"sphx_glr_demo_{number:03}{FIGURE_SUFFIX}"
        fig = pickle.loads(kept.read_bytes())
        assert figure_texts(fig) == [f"The {title} figure"]
        plt.close(fig)


def test_a_figure_that_cannot_be_kept_is_a_clear_error(tmp_path):
    import matplotlib.pyplot as plt
    from daskgallery_site.scrapers import figure_scraper
    from matplotlib.ticker import FuncFormatter
    from sphinx_gallery.scrapers import ImagePathIterator

    plt.close("all")
    _fig, ax = plt.subplots()
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x}"))
    iterator = ImagePathIterator(tmp_path / "sphx_glr_demo_{0:03}.png")
    conf = gallery_conf(tmp_path)
    with pytest.raises(RuntimeError, match=r"sphx_glr_demo_001\.png cannot be kept"):
        figure_scraper(
            None,
            {
                "image_path_iterator": iterator,
                "example_globals": {},
                "src_file": "x.py",
            },
            conf,
        )
    plt.close("all")
