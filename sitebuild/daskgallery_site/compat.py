"""One place for other projects' internals.

The site's build leans on things that Sphinx, sphinx-gallery,
pydata-sphinx-theme, myst-nb, sphinx-notfound-page and Dask do not promise
to keep: private names, the layout of a dictionary they hand to a hook, the
text of a line they write. Every such use goes through this module, and each
has a unit test in ``tests/test_compat.py`` that fails the day the upstream
changes, in the fast tier, before any site is built. Public APIs are used
directly everywhere else (``fig.get_suptitle()``, Sphinx's events, the
theme's documented options).
"""

from __future__ import annotations

import contextlib
import posixpath
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

__all__ = [
    "MEMORY_LINE",
    "NOTFOUND_PATHTO_PRIORITY",
    "RUNTIME_LINE",
    "add_myst_nb_static_files",
    "download_uri",
    "example_cost",
    "forget_exit_handlers",
    "gallery_image_node",
    "gallery_runs",
    "image_glob",
    "image_name",
    "image_paths",
    "images_folder",
    "indexed_pages",
    "last_expression",
    "next_image_path",
    "notebook_bytes",
    "notebook_from_script",
    "register_download",
    "replace_graphviz_to_file",
    "run_exit_handlers",
    "sanitize_rst",
    "scale_image",
    "search_index_entries",
    "set_search_placeholder",
    "theme_catalog_template",
    "thumbnail_texts",
    "wrap_toctree",
]

# --- sphinx-gallery --------------------------------------------------------

#: The running-time line sphinx-gallery writes at the end of a generated page.
RUNTIME_LINE = re.compile(
    r"^(?P<indent>[ \t]*)\*\*Total running time of the script:\*\*"
    r" \((?P<min>\d+) minutes (?P<sec>[\d.]+) seconds\)[ \t]*$",
    re.M,
)
#: The memory line it writes under it when ``show_memory`` is on.
MEMORY_LINE = re.compile(r"^[ \t]*\*\*Estimated memory usage:\*\* [^\n]*\n", re.M)


def sanitize_rst(text: str) -> str:
    """A docstring's text as sphinx-gallery shows it in a thumbnail."""
    from sphinx_gallery.gen_rst import _sanitize_rst

    return _sanitize_rst(text)


def thumbnail_texts(html: str, english: str, translated: str) -> str:
    """The thumbnail HTML with its title and tooltip ``english`` replaced."""
    html = html.replace(f'tooltip="{english}"', f'tooltip="{translated}"')
    return html.replace(f">{english}</div>", f">{translated}</div>")


def scale_image(source: str, target: str, width: int, height: int) -> None:
    """sphinx-gallery's thumbnail maker (``gen_rst`` then ``utils``)."""
    try:
        from sphinx_gallery.utils import scale_image as scale
    except ImportError:  # pragma: no cover - older sphinx-gallery
        from sphinx_gallery.gen_rst import scale_image as scale
    scale(source, target, width, height)


def notebook_from_script(script: str, gallery_conf: dict, target_dir: Path) -> dict:
    """The notebook (a dict) sphinx-gallery writes for the example ``script``."""
    import tempfile

    from sphinx_gallery.notebook import jupyter_notebook
    from sphinx_gallery.py_source_parser import split_code_and_text_blocks

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "example.py"
        src.write_text(script, encoding="utf-8")
        blocks = split_code_and_text_blocks(str(src))[1]
    return jupyter_notebook(blocks, gallery_conf, target_dir)


def notebook_bytes(notebook: dict) -> bytes:
    """The notebook's file, as sphinx-gallery writes it."""
    import tempfile

    from sphinx_gallery.notebook import save_notebook

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "example.ipynb"
        save_notebook(notebook, path)
        return path.read_bytes()


def gallery_image_node() -> type:
    """The node class of sphinx-gallery's ``image-sg`` directive."""
    from sphinx_gallery.directives import imgsgnode

    return imgsgnode


def last_expression(block_vars: dict[str, Any]) -> Any:
    """The value of a code block's last expression, as a scraper sees it."""
    return block_vars.get("example_globals", {}).get("___")


def next_image_path(block_vars: dict[str, Any]) -> str:
    """The next image file a scraper may write."""
    return str(next(block_vars["image_path_iterator"]))


def image_paths(block_vars: dict[str, Any]) -> list[str]:
    """The image files given out to the scrapers so far (the iterator's list)."""
    return block_vars["image_path_iterator"].paths


def images_folder(block_vars: dict[str, Any]) -> Path:
    """The folder of the example's images."""
    return Path(block_vars["image_path_iterator"].image_path).parent


def image_name(stem: str, number: int) -> str:
    """The name sphinx-gallery gives an example's image (no suffix)."""
    return f"sphx_glr_{stem}_{number:03}"


def image_glob(stem: str) -> str:
    """A glob pattern for every file named after an example's images."""
    return f"sphx_glr_{stem}_*"


def gallery_runs(gallery_conf: dict[str, Any]) -> tuple[list[Path], int]:
    """(the example scripts sphinx-gallery ran in this build, passing or not;
    how many it left alone because they had not changed)."""
    ran = [*gallery_conf["passing_examples"], *gallery_conf["failing_examples"]]
    return [Path(p) for p in ran], len(gallery_conf["stale_examples"])


def example_cost(generated_script: Path) -> tuple[float, float] | None:
    """(seconds, peak MiB) of an example's last run, from sphinx-gallery's
    record beside its generated copy (``<stem>.cost.json``); None if none."""
    import json

    record = generated_script.with_name(generated_script.stem + ".cost.json")
    if not record.is_file():
        return None
    cost = json.loads(record.read_text(encoding="utf-8"))
    return float(cost["time"]), float(cost["memory"])


# --- Sphinx ------------------------------------------------------------------


def search_index_entries(env: Any) -> dict[str, Any]:
    """The index entries the search index keeps for each page."""
    return env._search_index_index_entries


def indexed_pages(indexer: Any) -> set[str]:
    """The pages the HTML builder's search indexer holds."""
    return set(indexer._titles)


def register_download(env: Any, docname: str, rel: str) -> str:
    """Record a file to copy into ``_downloads/``; returns its name there."""
    return str(env.dlfiles.add_file(docname, rel))


def download_uri(builder: Any, filename: str) -> str:
    """The address, from a page, of a file recorded by :func:`register_download`."""
    return posixpath.join(builder.dlpath, quote(filename))


# --- pydata-sphinx-theme -----------------------------------------------------


def set_search_placeholder(context: dict[str, Any], text: str) -> None:
    """The search box's placeholder (a theme option, not a template string)."""
    context["theme_search_bar_text"] = text


def wrap_toctree(context: dict[str, Any], wrap: Callable[[Any], Any]) -> bool:
    """Wrap the theme's sidebar toctree maker; False where the theme has none."""
    generate = context.get("generate_toctree_html")
    if generate is None:
        return False
    context["generate_toctree_html"] = wrap(generate)
    return True


# --- sphinx-notfound-page ---------------------------------------------------

#: The priority at which sphinx-notfound-page makes the 404 page's ``pathto``
#: absolute (``html-page-context``); our handler runs after it.
NOTFOUND_PATHTO_PRIORITY = 400


def theme_catalog_template() -> Path:
    """pydata-sphinx-theme's catalog template (its interface strings)."""
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "locale" / "sphinx.pot"


# --- myst-nb -----------------------------------------------------------------


def add_myst_nb_static_files(app: Any) -> None:
    """myst-nb's stylesheet in ``_static`` now, not when the build finishes."""
    from myst_nb.sphinx_ext import add_global_html_resources

    add_global_html_resources(app, None)


# --- Dask --------------------------------------------------------------------


@contextlib.contextmanager
def replace_graphviz_to_file(function: Callable[..., Any]) -> Iterator[None]:
    """Dask's ``visualize`` draws through ``function`` while active."""
    import dask.dot

    original = dask.dot.graphviz_to_file
    dask.dot.graphviz_to_file = function
    try:
        yield
    finally:
        dask.dot.graphviz_to_file = original


# --- Python's atexit ----------------------------------------------------------


def forget_exit_handlers() -> None:
    """Drop the exit handlers this process holds (a forked child inherits its
    parent's, which are not its to run). ``atexit`` has no public API for it.
    """
    import atexit

    atexit._clear()


def run_exit_handlers() -> None:
    """Run the exit handlers now, as Python does at exit; for a process that
    ends with ``os._exit``. Libraries clean up there: joblib removes its
    temporary folders and tells its resource tracker, which would otherwise
    warn of "leaked folder objects" when it stops.
    """
    import atexit

    atexit._run_exitfuncs()
