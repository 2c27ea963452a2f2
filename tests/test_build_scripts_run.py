"""Every example, downloaded as a script, runs with `python` in an empty folder.

Readers run the downloads at home, so this runs the English ``.py`` download
of every page in a fresh temporary folder, as a reader would (helper package
installed), and checks that it ends cleanly and leaves nothing behind but the
task-graph images ``visualize`` writes at home.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

SCRIPTS = sorted((ROOT / "gallery").rglob("plot_*.py"))
ALLOWED_LEFTOVERS = {"mydask.png"}


@pytest.mark.skipif(
    shutil.which("dot") is None,
    reason="the scripts call visualize(), which needs Graphviz's dot at home",
)
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_downloaded_script_runs_in_an_empty_folder(script, tmp_path):
    download = ROOT / "docs" / "examples" / script.relative_to(ROOT / "gallery")
    source = download if download.is_file() else script
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    env = {k: v for k, v in os.environ.items() if k != "DASK_SCHEDULER_ADDRESS"}
    env.update(MPLBACKEND="agg", OMP_NUM_THREADS="1", PYTHONWARNINGS="error")
    done = subprocess.run(
        [sys.executable, copy.name],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert "Traceback" not in done.stderr
    leftovers = {p.name for p in tmp_path.iterdir()} - {copy.name} - ALLOWED_LEFTOVERS
    assert not leftovers, f"{script.name} left {sorted(leftovers)} behind"
