"""Running downloaded notebooks as a reader would, and reading them.

A notebook runs top to bottom in a real Jupyter kernel (ipykernel, driven by
nbclient), in an empty temporary folder. Nothing may be left behind: no
kernel, no process started by the notebook (found by a marker in their
environment), no file in its folder but the ones ``allowed``. Pages that start
processes keep that work under ``if __name__ == "__main__":``; in a kernel
``__name__`` is ``"__main__"`` too, and a run counts the guarded cells that
printed something.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import tempfile
import time
import tokenize
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import psutil
from bs4 import BeautifulSoup
from conftest import ROOT

SCRIPTS = sorted((ROOT / "gallery").rglob("plot_*.py"))
#: Seconds a single cell may take (each example runs in under 30 s).
CELL_TIMEOUT = 300
GUARD = 'if __name__ == "__main__":'
MARKER = "DASKGALLERY_NOTEBOOK_RUN"
#: Seconds a notebook's processes get to exit after its kernel has shut down.
STRAY_GRACE = 15.0


def rel_id(script: Path) -> str:
    return script.stem


def download(site: Path, lang: str, script: Path, suffix: str) -> Path:
    """The ``.py`` or ``.ipynb`` that the page of ``script`` in ``lang`` links to."""
    rel = script.relative_to(ROOT / "gallery").with_suffix(".html")
    page = site / lang / "examples" / rel
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    links = [
        a["href"]
        for a in soup.select("a.reference.download")
        if str(a["href"]).endswith(suffix)
    ]
    assert len(links) == 1, f"{page} links {len(links)} {suffix} files: {links}"
    path = (page.parent / str(links[0])).resolve()
    assert path.is_file(), f"{page} links {links[0]}, which is not in the build"
    return path


def notebook_download(site: Path, lang: str, script: Path) -> Path:
    return download(site, lang, script, ".ipynb")


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


@dataclass
class NotebookRun:
    error: str | None = None
    seconds: float = 0.0
    files: list[str] = field(default_factory=list)
    strays: list[str] = field(default_factory=list)
    guarded_cells: int = 0
    guarded_cells_with_output: int = 0

    def leftovers(self, allowed: set[str]) -> list[str]:
        return [name for name in self.files if name not in allowed]


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


@dataclass(frozen=True)
class Kernel:
    """Which kernel runs the notebooks, and its environment.

    ``kernel_dirs``: folders of kernel specs (``<dir>/<name>/kernel.json``);
    empty for the kernels Jupyter finds by itself. ``env`` is the whole
    environment of the kernel (a private temp and IPython folder are added).
    """

    name: str
    env: Mapping[str, str]
    kernel_dirs: tuple[str, ...] = ()


async def run_notebook(path: Path, limit: asyncio.Semaphore, kernel: Kernel):
    from jupyter_client.kernelspec import KernelSpecManager
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
            env = dict(kernel.env)
            env.update(TMPDIR=str(work / "tmp"), IPYTHONDIR=str(work / "ipython"))
            env[MARKER] = marker  # inherited by every process the notebook starts
            specs = {}
            if kernel.kernel_dirs:
                specs["kernel_spec_manager"] = KernelSpecManager(
                    kernel_dirs=list(kernel.kernel_dirs)
                )
            km = AsyncKernelManager(
                kernel_name=kernel.name,
                connection_file=str(work / "kernel.json"),
                **specs,
            )
            client = NotebookClient(
                nb,
                km=km,
                timeout=CELL_TIMEOUT,
                kernel_name=kernel.name,
                resources={"metadata": {"path": str(folder)}},
            )
            started = time.perf_counter()
            try:
                await client.async_execute(cleanup_kc=True, env=env, cwd=str(folder))
            except Exception as err:  # a cell's error, a timeout, a dead kernel...
                result.error = f"{type(err).__name__}: {err}"
            finally:
                if km.has_kernel:  # the run failed before nbclient cleaned up
                    await km.shutdown_kernel(now=True)
            result.seconds = time.perf_counter() - started
            result.strays = await asyncio.to_thread(stray_processes, marker)
            result.files = sorted(p.name for p in folder.iterdir())
            guarded = [
                c for c in nb.cells if c.cell_type == "code" and GUARD in c.source
            ]
            result.guarded_cells = len(guarded)
            result.guarded_cells_with_output = sum(bool(c.outputs) for c in guarded)
        return result


async def run_notebooks(
    paths: Mapping[str, Path], kernel: Kernel, concurrent: int = 2
) -> dict[str, NotebookRun]:
    """Run the notebooks, ``concurrent`` at a time (each mostly waits for a
    kernel, imports or workers to start)."""
    limit = asyncio.Semaphore(concurrent)
    runs = await asyncio.gather(
        *(run_notebook(p, limit, kernel) for p in paths.values())
    )
    return dict(zip(paths, runs, strict=True))


def check_run(name: str, run: NotebookRun, allowed: set[str]) -> None:
    """Assert that a notebook ran to the end and left nothing behind."""
    assert run.error is None, f"{name}.ipynb failed:\n{run.error}"
    assert not run.strays, f"{name}.ipynb left processes: {run.strays}"
    assert not run.leftovers(allowed), (
        f"{name}.ipynb left {run.leftovers(allowed)} behind"
    )
    if run.guarded_cells:  # the work under the __main__ guard ran in the kernel
        assert run.guarded_cells_with_output, (
            f"{name}.ipynb: none of its {run.guarded_cells} cells under "
            f"{GUARD!r} printed anything in the kernel"
        )
