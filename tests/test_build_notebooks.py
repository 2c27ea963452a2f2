"""Every example's notebook download works, in every language.

English: the notebook linked from each page runs top to bottom in a real
Jupyter kernel (ipykernel, driven by nbclient), in an empty temporary folder,
with the environment of the downloaded scripts (tests/test_build_scripts_run.py):
no ``DASK_SCHEDULER_ADDRESS``, ``MPLBACKEND=agg``, ``OMP_NUM_THREADS=1``,
warnings as errors. Pages that start processes keep that work under
``if __name__ == "__main__":``; in a kernel ``__name__`` is ``"__main__"`` too,
and the test checks that the guarded code did run. Nothing may be left behind:
no kernel, no process started by the notebook, no file in its folder but the
task-graph images ``visualize`` writes at home. Two notebooks run at a time
(each is mostly waiting for a kernel, imports or workers to start).

pt, fr, es: the notebook linked from each translated page is valid (nbformat),
and its code cells are the English notebook's, apart from comments, which may
be translated. Comments are found with ``tokenize``: nothing else may differ.
"""

from __future__ import annotations

import asyncio
import contextlib
import difflib
import io
import os
import shutil
import tempfile
import time
import tokenize
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import psutil
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, TRANSLATED

SCRIPTS = sorted((ROOT / "gallery").rglob("plot_*.py"))
ALLOWED_LEFTOVERS = {"mydask.png"}
#: Seconds a single cell may take (each example runs in under 30 s).
CELL_TIMEOUT = 300
#: Notebooks run at the same time.
CONCURRENT = 2
GUARD = 'if __name__ == "__main__":'
#: ipykernel 7.4 warns about its own ``do_shutdown`` when a kernel shuts down:
#: with warnings as errors, the kernel would fail to shut down cleanly.
KERNEL_WARNINGS = "error,ignore::PendingDeprecationWarning:ipykernel.kernelbase"
MARKER = "DASKGALLERY_NOTEBOOK_RUN"
#: Seconds a notebook's processes get to exit after its kernel has shut down.
STRAY_GRACE = 15.0


def rel_id(script: Path) -> str:
    return script.stem


def notebook_download(site: Path, lang: str, script: Path) -> Path:
    """The ``.ipynb`` that the page of ``script`` in ``lang`` links to."""
    rel = script.relative_to(ROOT / "gallery").with_suffix(".html")
    page = site / lang / "examples" / rel
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    links = [
        a["href"]
        for a in soup.select("a.reference.download")
        if str(a["href"]).endswith(".ipynb")
    ]
    assert len(links) == 1, f"{page} links {len(links)} notebooks: {links}"
    notebook = (page.parent / str(links[0])).resolve()
    assert notebook.is_file(), f"{page} links {links[0]}, which is not in the build"
    return notebook


def read_valid(path: Path) -> nbformat.NotebookNode:
    """The notebook, as written (no conversion), checked against its schema."""
    nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    nbformat.validate(nb)
    return nb


def code_cells(nb: nbformat.NotebookNode) -> list[str]:
    return [cell.source for cell in nb.cells if cell.cell_type == "code"]


def without_comments(source: str) -> str:
    """``source`` without its comments (and without lines that were only one)."""
    comments: dict[int, int] = {}  # line number -> column where the comment starts
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            comments[token.start[0]] = token.start[1]
    kept = []
    for number, line in enumerate(source.splitlines(), start=1):
        if number in comments:
            line = line[: comments[number]].rstrip()
            if not line:
                continue
        kept.append(line)
    return "\n".join(kept)


# --- English: run each notebook in a kernel ----------------------------------------


@dataclass
class NotebookRun:
    error: str | None = None
    seconds: float = 0.0
    leftovers: list[str] = field(default_factory=list)
    strays: list[str] = field(default_factory=list)
    guarded_cells: int = 0
    guarded_cells_with_output: int = 0


def reader_env(work: Path, marker: str) -> dict[str, str]:
    """The scripts' environment, plus a private temp and IPython folder."""
    env = {k: v for k, v in os.environ.items() if k != "DASK_SCHEDULER_ADDRESS"}
    env.update(MPLBACKEND="agg", OMP_NUM_THREADS="1", PYTHONWARNINGS=KERNEL_WARNINGS)
    env.update(TMPDIR=str(work / "tmp"), IPYTHONDIR=str(work / "ipython"))
    env[MARKER] = marker  # inherited by every process the notebook starts
    return env


def marked_processes(marker: str) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter():
        with contextlib.suppress(psutil.Error):
            if proc.environ().get(MARKER) == marker:
                found.append(proc)
    return found


def stray_processes(marker: str) -> list[str]:
    """Processes of the run still alive after ``STRAY_GRACE`` s (then killed)."""
    deadline = time.monotonic() + STRAY_GRACE
    while (left := marked_processes(marker)) and time.monotonic() < deadline:
        time.sleep(0.2)
    described = []
    for proc in left:
        with contextlib.suppress(psutil.Error):
            described.append(" ".join(proc.cmdline())[:160])
            proc.kill()
    return described


async def run_notebook(path: Path, limit: asyncio.Semaphore) -> NotebookRun:
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    async with limit:
        result = NotebookRun()
        nb = read_valid(path)
        with tempfile.TemporaryDirectory(prefix="dg-notebook-") as tmp:
            work = Path(tmp)
            folder = work / "folder"  # the reader's empty folder
            for sub in (folder, work / "tmp", work / "ipython"):
                sub.mkdir()
            marker = uuid.uuid4().hex
            km = AsyncKernelManager(
                kernel_name="python3", connection_file=str(work / "kernel.json")
            )
            client = NotebookClient(
                nb,
                km=km,
                timeout=CELL_TIMEOUT,
                kernel_name="python3",
                resources={"metadata": {"path": str(folder)}},
            )
            started = time.perf_counter()
            try:
                await client.async_execute(
                    cleanup_kc=True, env=reader_env(work, marker), cwd=str(folder)
                )
            except Exception as err:  # a cell's error, a timeout, a dead kernel...
                result.error = f"{type(err).__name__}: {err}"
            finally:
                if km.has_kernel:  # the run failed before nbclient cleaned up
                    await km.shutdown_kernel(now=True)
            result.seconds = time.perf_counter() - started
            result.strays = await asyncio.to_thread(stray_processes, marker)
            result.leftovers = sorted(
                p.name for p in folder.iterdir() if p.name not in ALLOWED_LEFTOVERS
            )
            guarded = [
                c for c in nb.cells if c.cell_type == "code" and GUARD in c.source
            ]
            result.guarded_cells = len(guarded)
            result.guarded_cells_with_output = sum(bool(c.outputs) for c in guarded)
        return result


async def run_notebooks(paths: dict[str, Path]) -> dict[str, NotebookRun]:
    limit = asyncio.Semaphore(CONCURRENT)
    runs = await asyncio.gather(*(run_notebook(p, limit) for p in paths.values()))
    return dict(zip(paths, runs, strict=True))


def needs_dot(path: Path) -> bool:
    return ".visualize(" in path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def english_runs(request, site) -> dict[str, NotebookRun]:
    """Run the selected English notebooks, ``CONCURRENT`` at a time."""
    selected = {
        item.callspec.params["script"]
        for item in request.session.items
        if getattr(item, "originalname", "") == "test_english_notebook_runs"
        and hasattr(item, "callspec")
    }
    paths = {
        script.stem: notebook_download(site, "en", script)
        for script in sorted(selected)
        if shutil.which("dot") or not needs_dot(script)
    }
    started = time.perf_counter()
    runs = asyncio.run(run_notebooks(paths))
    total = time.perf_counter() - started
    print(f"\n{len(runs)} English notebooks ran in {total:.0f} s:")
    for name, run in sorted(runs.items(), key=lambda kv: -kv[1].seconds):
        print(f"  {run.seconds:6.1f} s  {name}{'  FAILED' if run.error else ''}")
    return runs


@pytest.mark.parametrize("script", SCRIPTS, ids=rel_id)
def test_english_notebook_runs(english_runs, script):
    if script.stem not in english_runs:
        pytest.skip("the notebook calls visualize(), which needs Graphviz's dot")
    run = english_runs[script.stem]
    assert run.error is None, f"{script.stem}.ipynb failed:\n{run.error}"
    assert not run.strays, f"{script.stem}.ipynb left processes: {run.strays}"
    assert not run.leftovers, f"{script.stem}.ipynb left {run.leftovers} behind"
    if run.guarded_cells:  # the work under the __main__ guard ran in the kernel
        assert run.guarded_cells_with_output, (
            f"{script.stem}.ipynb: none of its {run.guarded_cells} cells under "
            f"{GUARD!r} printed anything in the kernel"
        )


HARNESS_CELLS = [
    "open('note.txt', 'w').close()",
    "import subprocess\nsubprocess.Popen(['sleep', '120'], start_new_session=True)",
    'if __name__ == "__main__":\n    print("the guarded code ran")',
    "raise LookupError('broken on purpose')",
]


def test_the_harness_reports_errors_strays_and_leftovers(tmp_path, monkeypatch):
    """What the English runs are checked for is really seen, on a notebook that
    breaks every rule."""
    monkeypatch.setattr(f"{__name__}.STRAY_GRACE", 1.0)
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source) for source in HARNESS_CELLS]
    )
    path = tmp_path / "broken.ipynb"
    nbformat.write(nb, path)
    run = asyncio.run(run_notebooks({"broken": path}))["broken"]
    assert "LookupError" in (run.error or "")
    assert "broken on purpose" in (run.error or "")
    assert run.leftovers == ["note.txt"]
    assert run.strays == ["sleep 120"]
    assert (run.guarded_cells, run.guarded_cells_with_output) == (1, 1)


# --- pt, fr, es: valid, and the English code ----------------------------------------


def test_comments_are_the_only_thing_ignored():
    english = 'x = 1  # one\n# a note\ny = "# not a comment"\n\nz = 2\n'
    translated = (
        'x = 1  # um\n# uma nota\n# em duas linhas\ny = "# not a comment"\n\nz = 2\n'
    )
    assert without_comments(english) == without_comments(translated)
    for changed in (
        translated.replace('"# not a comment"', '"# não é comentário"'),
        translated.replace("\n\nz", "\nz"),
        translated.replace("x = 1", "x = 2"),
        translated.replace("x = 1", "x  = 1"),
    ):
        assert without_comments(english) != without_comments(changed)


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("script", SCRIPTS, ids=rel_id)
def test_translated_notebook_has_the_english_code(site, lang, script):
    english = read_valid(notebook_download(site, "en", script))
    path = notebook_download(site, lang, script)
    translated = read_valid(path)
    ours, theirs = code_cells(translated), code_cells(english)
    assert len(ours) == len(theirs), (
        f"{lang} {script.stem}.ipynb has {len(ours)} code cells, English {len(theirs)}"
    )
    for number, (mine, original) in enumerate(zip(ours, theirs, strict=True), 1):
        a, b = without_comments(original), without_comments(mine)
        assert a == b, f"{lang} {script.stem}.ipynb, code cell {number}:\n" + "\n".join(
            difflib.unified_diff(a.splitlines(), b.splitlines(), "en", lang, n=1)
        )
