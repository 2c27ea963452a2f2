"""After the site is built, nothing the build started is still there.

Runs alone in `nox -s tests`, right after ``python -m daskgallery_site.build
html`` and before the other tests of the site run side by side (xdist):
no Dask scheduler, worker or process-pool child is still running on its own,
no such process listens on a port, and no temporary folder of the build
(``daskgallery-*`` in the temp directory) is left behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import psutil
import pytest

if os.environ.get("PYTEST_XDIST_WORKER"):
    pytest.fail(
        "test_build_leftovers runs alone, right after the build: other xdist "
        "workers' processes are not this test run's children",
        pytrace=False,
    )

MARKERS = (
    "distributed.cli",
    "dask_scheduler",
    "dask_worker",
    "multiprocessing.spawn",
    "multiprocessing.forkserver",
    "distributed.nanny",
)


def orphans() -> list[psutil.Process]:
    """Dask or process-pool processes that are not children of this test run."""
    mine = {p.pid for p in psutil.Process().children(recursive=True)} | {os.getpid()}
    found = []
    for proc in psutil.process_iter(["pid", "cmdline"]):
        cmdline = " ".join(proc.info["cmdline"] or [])
        if proc.info["pid"] not in mine and any(m in cmdline for m in MARKERS):
            found.append(proc)
    return found


def test_no_dask_process_is_left_running(site):
    left = orphans()
    assert not left, [" ".join(p.cmdline())[:120] for p in left]


def test_no_dask_process_is_left_listening(site):
    pids = {p.pid for p in orphans()}
    listening = [
        c
        for c in psutil.net_connections(kind="tcp")
        if c.status == psutil.CONN_LISTEN and c.pid in pids
    ]
    assert not listening


def test_no_temporary_folder_is_left_behind(site):
    left = sorted(Path(tempfile.gettempdir()).glob("daskgallery-*"))
    assert not left, left
