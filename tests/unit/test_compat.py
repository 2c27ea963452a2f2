"""daskgallery_site.compat: each use of another project's internals still works.

Each test fails the day the installed Sphinx, sphinx-gallery, theme, myst-nb,
sphinx-notfound-page or Dask changes what the build relies on. Then: no module
but compat reaches into them, and the build package's modules import each
other without a cycle.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from types import SimpleNamespace

import pytest
from daskgallery_site import compat

SITE = Path(compat.__file__).resolve().parent


# --- sphinx-gallery ----------------------------------------------------------


def test_runtime_and_memory_lines_as_sphinx_gallery_writes_them():
    from sphinx_gallery import gen_rst

    source = inspect.getsource(gen_rst)
    assert "**Total running time of the script:**" in source
    assert "**Estimated memory usage:**" in source
    line = "   **Total running time of the script:** (1 minutes 2.345 seconds)"
    found = compat.RUNTIME_LINE.search(line)
    assert (found["indent"], found["min"], found["sec"]) == ("   ", "1", "2.345")
    assert compat.MEMORY_LINE.search("**Estimated memory usage:**  12 MB\n")


def test_thumbnail_text_is_sanitized_and_replaced():
    assert compat.sanitize_rst("A ``dask.delayed`` *lazy* call") == (
        "A dask.delayed lazy call"
    )
    html = '<div class="sphx-glr-thumbcontainer" tooltip="Hello">\n<div>Hi</div>'
    assert compat.thumbnail_texts(html, "Hello", "Olá") == html.replace("Hello", "Olá")
    from sphinx_gallery import backreferences

    template = inspect.getsource(backreferences)
    assert 'tooltip="{intro}">' in template


def test_scale_image_makes_a_thumbnail(tmp_path):
    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(4, 3))
    fig.savefig(tmp_path / "big.png")
    plt.close(fig)
    compat.scale_image(str(tmp_path / "big.png"), str(tmp_path / "t.png"), 40, 28)
    from PIL import Image

    with Image.open(tmp_path / "t.png") as thumb:
        assert thumb.size == (40, 28)


def test_a_script_becomes_sphinx_gallery_s_notebook(tmp_path):
    script = '"""\nTitle\n=====\n\nIntro.\n"""\n\nx = 1\n\n# %%\n# Text.\n\ny = 2\n'
    conf = {"first_notebook_cell": None, "last_notebook_cell": None,
            "notebook_images": False, "pypandoc": False, "promote_jupyter_magic": False,
            "src_dir": str(tmp_path), "notebook_extensions": {".ipynb"}}  # fmt: skip
    notebook = compat.notebook_from_script(script, conf, tmp_path)
    kinds = [c["cell_type"] for c in notebook["cells"]]
    assert kinds == ["markdown", "code", "markdown", "code"]
    assert "x = 1" in "".join(notebook["cells"][1]["source"])
    import json

    assert json.loads(compat.notebook_bytes(notebook))["nbformat"] == 4


def test_the_image_node_and_names():
    from docutils import nodes

    assert issubclass(compat.gallery_image_node(), nodes.Element)
    assert compat.image_name("plot_01_x", 1) == "sphx_glr_plot_01_x_001"
    from sphinx_gallery import gen_rst

    assert '"sphx_glr_" + base_image_name + "_{0:03}.png"' in inspect.getsource(gen_rst)


def test_what_a_scraper_is_given():
    """The last expression's value and the image paths, as the scrapers read them."""
    from sphinx_gallery import gen_rst
    from sphinx_gallery.scrapers import ImagePathIterator

    assert '"___"' in inspect.getsource(gen_rst)
    iterator = ImagePathIterator("/tmp/images/sphx_glr_plot_x_{0:03}.png")
    block_vars = {"example_globals": {"___": 42}, "image_path_iterator": iterator}
    first = compat.next_image_path(block_vars)
    assert first == "/tmp/images/sphx_glr_plot_x_001.png"
    assert compat.last_expression(block_vars) == 42
    assert compat.image_paths(block_vars) == [first]
    assert compat.images_folder(block_vars) == Path("/tmp/images")


# --- Sphinx -------------------------------------------------------------------


def test_sphinx_keeps_search_entries_and_downloads_where_we_look():
    from sphinx.environment import BuildEnvironment
    from sphinx.search import IndexBuilder
    from sphinx.util._files import DownloadFiles

    env = SimpleNamespace(_search_index_index_entries={"a": []})
    assert compat.search_index_entries(env) == {"a": []}
    assert "_search_index_index_entries" in inspect.getsource(BuildEnvironment)
    assert "self._titles" in inspect.getsource(IndexBuilder)
    assert compat.indexed_pages(SimpleNamespace(_titles={"a": "A"})) == {"a"}
    files = DownloadFiles()
    name = compat.register_download(SimpleNamespace(dlfiles=files), "page", "x.html")
    assert name.endswith("x.html")
    builder = SimpleNamespace(dlpath="../_downloads")
    assert compat.download_uri(builder, "ab/x y.html") == "../_downloads/ab/x%20y.html"


# --- pydata-sphinx-theme, sphinx-notfound-page, myst-nb ------------------------


def test_the_theme_s_context_names():
    import pydata_sphinx_theme

    package = Path(pydata_sphinx_theme.__file__).parent
    sources = "".join(p.read_text() for p in package.rglob("*.py"))
    templates = "".join(p.read_text() for p in package.rglob("*.html"))
    assert "generate_toctree_html" in sources
    assert "theme_search_bar_text" in templates
    context = {"generate_toctree_html": lambda: "toc"}
    assert compat.wrap_toctree(context, lambda g: lambda: g() + "!")
    assert context["generate_toctree_html"]() == "toc!"
    assert not compat.wrap_toctree({}, lambda g: g)
    compat.set_search_placeholder(context, "Pesquisar")
    assert context["theme_search_bar_text"] == "Pesquisar"


def test_notfound_makes_pathto_absolute_at_the_priority_we_follow():
    import notfound.extension

    calls = []

    class App:
        def __getattr__(self, name):
            def record(*args, **kwargs):
                calls.append((name, args, kwargs))

            return record

    notfound.extension.setup(App())
    pages = [c for c in calls if c[0] == "connect" and c[1][0] == "html-page-context"]
    priorities = {c[2].get("priority", 500) for c in pages}
    assert compat.NOTFOUND_PATHTO_PRIORITY in priorities


def test_myst_nb_still_adds_its_resources_with_that_function():
    from myst_nb.sphinx_ext import add_global_html_resources

    params = list(inspect.signature(add_global_html_resources).parameters)
    assert params[:2] == ["app", "exception"]


# --- Dask -----------------------------------------------------------------------


def test_dask_draws_through_graphviz_to_file():
    import dask
    import dask.dot

    seen = []
    with compat.replace_graphviz_to_file(lambda g, f, fmt: seen.append(g.source)):
        dask.delayed(abs)(-1).visualize()
    assert seen
    assert "digraph" in seen[0]
    assert dask.dot.graphviz_to_file.__module__ == "dask.dot"


# --- no private names outside compat; no import cycle ------------------------------

UPSTREAM = ("sphinx", "sphinx_gallery", "pydata_sphinx_theme", "myst_nb", "notfound")
#: Documented, public APIs the other modules may import directly.
PUBLIC = {("sphinx_gallery.scrapers", "matplotlib_scraper")}
#: Names with a leading underscore that their library documents as public.
DOCUMENTED = {"_exit"}  # os._exit: how a forked child ends (sphinx_process)


def modules():
    return sorted(p for p in SITE.rglob("*.py") if p.name != "compat.py")


@pytest.mark.parametrize(
    "path", modules(), ids=lambda p: p.relative_to(SITE).as_posix()
)
def test_no_module_but_compat_reaches_into_another_project(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            top = node.module.split(".")[0]
            if top not in UPSTREAM:
                continue
            for alias in node.names:
                assert not alias.name.startswith("_"), (node.module, alias.name)
                assert not node.module.split(".")[-1].startswith("_"), node.module
                if top == "sphinx_gallery":
                    assert (node.module, alias.name) in PUBLIC, (
                        node.module,
                        alias.name,
                    )
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            documented = node.attr in DOCUMENTED
            assert node.attr.startswith("__") or documented, (
                f"{path.name}: .{node.attr}"
            )
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            assert node.slice.value not in (
                "___",
                "image_path_iterator",
                "theme_search_bar_text",
                "generate_toctree_html",
            ), f"{path.name}: [{node.slice.value!r}]"


def test_the_build_package_has_no_import_cycle():
    graph: dict[str, set[str]] = {}
    for path in SITE.rglob("*.py"):
        rel = path.relative_to(SITE.parent).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith("daskgallery_site"):
                    deps.add(node.module)
                    deps |= {f"{node.module}.{a.name}" for a in node.names}
            elif isinstance(node, ast.Import):
                deps |= {
                    a.name for a in node.names if a.name.startswith("daskgallery_")
                }
        graph[name] = deps
    # ``from package import submodule`` depends on the submodule; the package's
    # own __init__ is run first by Python, which is no cycle of ours
    for deps in graph.values():
        for dep in list(deps):
            if any(d.startswith(dep + ".") and d in graph for d in deps):
                deps.discard(dep)
    graph = {m: {d for d in deps if d in graph and d != m} for m, deps in graph.items()}
    state: dict[str, int] = {}

    def visit(module, stack):
        state[module] = 1
        for dep in graph[module]:
            if state.get(dep) == 1:
                pytest.fail(f"import cycle: {' -> '.join([*stack, module, dep])}")
            if dep not in state:
                visit(dep, [*stack, module])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])


# --- Python's atexit ----------------------------------------------------------


def test_exit_handlers_forgotten_then_run(tmp_path):
    """A forked build child drops its parent's handlers, runs its own."""
    import subprocess
    import sys

    code = (
        "import atexit\n"
        "from daskgallery_site import compat\n"
        "atexit.register(print, 'parent')\n"
        "compat.forget_exit_handlers()\n"
        "atexit.register(print, 'child')\n"
        "compat.run_exit_handlers()\n"
        "print('ran')\n"
        "import os; os._exit(0)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["child", "ran"]
    assert out.stderr == ""
