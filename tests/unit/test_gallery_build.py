"""A tiny gallery built with the real sphinx-gallery and our hooks.

Checks what only a real run shows: task graphs drawn with either renderer as
SVG images (thumbnail included) and nothing written next to the examples; a
failing example fails the build.
"""

from __future__ import annotations

import os
import re
import runpy
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: The site's own gallery hooks (scrapers, resets, reprs, memory), read from
#: docs/conf.py so that this test always checks the configuration the site
#: builds with.
SITE_GALLERY_CONF = runpy.run_path(str(ROOT / "docs" / "conf.py"))[
    "sphinx_gallery_conf"
]
HOOKS = (
    "image_scrapers",
    "reset_modules",
    "reset_modules_order",
    "capture_repr",
    "ignore_repr_types",
    "show_memory",
)
CONF = (
    "from daskgallery_site.peak_memory import PeakMemory\n"
    'extensions = ["sphinx_gallery.gen_gallery", "daskgallery_site.sphinxext"]\n'
    "sphinx_gallery_conf = "
    + repr(
        {
            "examples_dirs": "../gallery",
            "gallery_dirs": "examples",
            "write_computation_times": False,
            "show_signature": False,
            **{key: SITE_GALLERY_CONF[key] for key in HOOKS},
        }
    )
    + "\n"
)

GOOD = '''"""
A graph
=======

One paragraph.
"""

# %%
# Draw it.

import dask

z = dask.delayed(sum)([dask.delayed(abs)(-1), dask.delayed(abs)(-2)])
z.visualize(rankdir="LR")
'''

REPORT = '''"""
A report
========

One paragraph.
"""

# %%
# Show it.

from daskgallery.cluster import HTMLReport

HTMLReport("<html><body><p>measured</p></body></html>", title="My report")
'''

#: Starts a child process that holds 300 MiB for a second, then exits.
CHILD_MEMORY = '''"""
A child process
===============

It needs memory.
"""

import subprocess
import sys

hold = "import time; block = b'x' * (300 * 2**20); time.sleep(1)"
subprocess.run([sys.executable, "-c", hold], check=True)
'''

BAD = '''"""
A failure
=========

It raises.
"""

raise RuntimeError("this example is broken")
'''


def make_project(tmp_path: Path, example: str) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "conf.py").write_text(CONF)
    (tmp_path / "docs" / "index.rst").write_text(
        "Test\n====\n\n.. toctree::\n\n   examples/index\n"
    )
    gallery = tmp_path / "gallery"
    gallery.mkdir()
    (gallery / "GALLERY_HEADER.rst").write_text("Gallery\n=======\n")
    (gallery / "plot_example.py").write_text(example)
    return tmp_path


def build(
    project: Path, renderer: str, *, quiet: bool = True
) -> subprocess.CompletedProcess:
    temp = project / "temp"  # where a failing Sphinx saves its traceback
    temp.mkdir(exist_ok=True)
    env = {**os.environ, "DASKGALLERY_GRAPHVIZ": renderer, "MPLBACKEND": "agg"}
    env["TMPDIR"] = str(temp)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-W",
            "--no-color",
            *(["-q"] if quiet else []),
            str(project / "docs"),
            str(project / "html"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )


RENDERERS = [
    "wasm",
    pytest.param(
        "dot",
        marks=pytest.mark.skipif(not shutil.which("dot"), reason="no Graphviz dot"),
    ),
]


@pytest.mark.parametrize("renderer", RENDERERS)
def test_task_graph_is_an_svg_image_with_either_renderer(tmp_path, renderer):
    project = make_project(tmp_path, GOOD)
    done = build(project, renderer)
    assert done.returncode == 0, done.stdout + done.stderr
    images = project / "docs" / "examples" / "images"
    svg = images / "sphx_glr_plot_example_001.svg"
    assert svg.read_text().startswith("<svg")
    assert (images / "thumb" / "sphx_glr_plot_example_thumb.svg").is_file()
    page = (project / "html" / "examples" / "plot_example.html").read_text()
    assert 'class="sphx-glr-single-img dg-task-graph"' in page
    assert "sphx_glr_plot_example_001.svg" in page
    assert "TaskGraph" not in page  # shown as an image, not as text
    leftovers = sorted(p.name for p in (project / "gallery").iterdir())
    assert leftovers == ["GALLERY_HEADER.rst", "plot_example.py"]


def test_a_report_is_embedded_and_downloadable(tmp_path):
    project = make_project(tmp_path, REPORT)
    done = build(project, "wasm")
    assert done.returncode == 0, done.stdout + done.stderr
    page_path = project / "html" / "examples" / "plot_example.html"
    page = page_path.read_text()
    src = re.search(
        r'<iframe class="dg-report-frame" src="([^"]+)" title="My report"', page
    )
    assert src, page
    report = (page_path.parent / src.group(1)).resolve()
    assert "measured" in report.read_text()
    links = re.findall(
        r'<a class="reference download internal" download="" href="([^"]+)"', page
    )
    assert src.group(1) in links
    assert "&lt;HTMLReport" not in page  # no text repr
    from daskgallery_site.sphinxext.summary import read_summary

    (noted,) = read_summary(project / "html" / ".doctrees")["reports"]
    assert noted["page"] == "examples/plot_example"
    assert noted["title"] == "My report"
    assert noted["file"].endswith("sphx_glr_plot_example_report_001.html")


def test_a_failing_example_fails_the_build(tmp_path):
    project = make_project(tmp_path, BAD)
    done = build(project, "wasm")
    assert done.returncode != 0
    assert "this example is broken" in done.stdout + done.stderr


OPEN_CLIENT = '''"""
A client left open
==================

One paragraph.
"""

from distributed import Client

client = Client(processes=False, n_workers=1, dashboard_address=None)
'''


def test_an_example_that_leaves_a_client_open_fails_the_build(tmp_path):
    project = make_project(tmp_path, OPEN_CLIENT)
    done = build(project, "wasm")
    assert done.returncode != 0
    assert "left a distributed Client open" in done.stdout + done.stderr


def test_a_build_forked_from_the_build_script_leaves_no_scratch_folder(
    tmp_path, monkeypatch
):
    """Dask's scratch folder goes with the example, not with the process: a
    build run by the build script (a forked child, ended with ``os._exit``)
    removes it too."""
    from daskgallery_site import sphinx_process

    (tmp_path / "project").mkdir()
    project = make_project(tmp_path / "project", GOOD)
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("MPLBACKEND", "agg")
    monkeypatch.setenv("DASKGALLERY_GRAPHVIZ", "wasm")
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    env = dict(os.environ)
    with warnings.catch_warnings():
        # the filters of the build script's process, a plain `python` (pytest
        # turns warnings into errors; the forked child inherits its filters)
        warnings.resetwarnings()
        for category in (DeprecationWarning, PendingDeprecationWarning):
            warnings.simplefilter("ignore", category)
        sphinx_process.preload(env)
        try:
            docs, html = str(project / "docs"), str(project / "html")
            sphinx_process.run(
                ["-b", "html", "-W", "-q", docs, html], project, env, project / "log"
            )
        finally:
            monkeypatch.setattr(sphinx_process, "_preloaded", None)
    assert (project / "html" / "examples" / "plot_example.html").is_file()
    assert not list(temp.iterdir())


def test_peak_memory_of_child_processes_is_recorded(tmp_path):
    """sphinx-gallery's record counts the memory of the processes an example starts."""
    project = make_project(tmp_path, CHILD_MEMORY)
    done = build(project, "wasm")
    assert done.returncode == 0, done.stdout + done.stderr
    from daskgallery_site.sphinxext.summary import read_summary

    summary = read_summary(project / "html" / ".doctrees")
    memory = summary["executed"]["plot_example.py"]["peak_mib"]
    assert 250 < memory < 1000, f"recorded {memory} MiB for a 300 MiB child"
    page = (project / "html" / "examples" / "plot_example.html").read_text()
    assert "Estimated memory usage" not in page  # recorded, not shown


def test_a_second_build_executes_and_rereads_nothing(tmp_path):
    """The configuration, memory hook included, is cached (a function would not
    be: Sphinx warns, which fails a -W build) and nothing runs or is read again.
    """
    from daskgallery_site.sphinxext.summary import read_summary

    project = make_project(tmp_path, GOOD)
    doctrees = project / "html" / ".doctrees"
    first = build(project, "wasm", quiet=False)
    assert first.returncode == 0, first.stdout + first.stderr
    summary = read_summary(doctrees)
    assert list(summary["executed"]) == ["plot_example.py"]
    assert summary["executed"]["plot_example.py"]["seconds"] >= 0
    assert summary["started"] <= summary["finished"]
    second = build(project, "wasm", quiet=False)
    assert second.returncode == 0, second.stdout + second.stderr
    summary = read_summary(doctrees)
    assert summary["executed"] == {}
    assert summary["skipped_unchanged"] == 1
    assert list(summary["examples"]) == ["plot_example.py"]
    assert "updating environment: 0 added, 0 changed, 0 removed" in second.stdout
    assert "no targets are out of date" in second.stdout, second.stdout
