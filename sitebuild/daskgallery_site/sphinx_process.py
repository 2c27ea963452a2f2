"""Run ``sphinx-build`` in a child process that starts with Sphinx already loaded.

Importing Sphinx, sphinx-gallery (which imports matplotlib), myst-nb and the
theme takes about 2 s, and the site is four Sphinx builds: a quarter of a
rebuild with no change was spent importing the same modules four times. Here
the build script imports them once (:func:`preload`) and forks a child for
each ``sphinx-build``: the child starts with the modules loaded and nothing
else done, runs Sphinx's own command line (``sphinx.cmd.build.build_main``)
and exits. Each build still gets a fresh process: Sphinx, its translators
and the extensions' module state never carry over from one language to the
next.

The child exits with ``os._exit`` once ``build_main`` has returned, after
running the exit handlers that the build registered (not the parent's, which
it inherited): a build is complete when Sphinx returns (Sphinx's and
sphinx-gallery's own tests run many builds in one process), and the tests
after the build check that no
process, port or temporary folder was left behind.

Only a process that called :func:`preload` forks (the build's command line
does, first thing): it then holds nothing but its environment and imports.
Elsewhere (a test calling the build's functions, a platform without
``os.fork``) the child is a plain ``python -m sphinx`` process.

No library does this for a command line (``multiprocessing``'s forkserver
preloads modules for pools of functions, not for a program's exit code and
output).
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import traceback
from collections.abc import Mapping
from pathlib import Path

from daskgallery_site import compat

#: What a build imports anyway, and costs the most to import.
PRELOAD = (
    "matplotlib.pyplot",
    "sphinx.cmd.build",
    "sphinx.application",
    "sphinx_gallery.gen_gallery",
    "myst_nb.sphinx_ext",
    "pydata_sphinx_theme",
    "daskgallery_site.sphinxext",
)


#: The environment :func:`preload` took on; ``None`` until it ran.
_preloaded: dict[str, str] | None = None


def preload(env: Mapping[str, str]) -> None:
    """Take on the build's environment, then import what every build imports.

    The environment comes first: NumPy reads its thread settings
    (``OPENBLAS_NUM_THREADS``...) and matplotlib its backend when imported.
    """
    global _preloaded
    os.environ.clear()
    os.environ.update(env)
    for name in PRELOAD:
        importlib.import_module(name)
    _preloaded = dict(env)


def _child(args: list[str], cwd: Path, write_fd: int) -> int:
    """In the forked child: output to the pipe, run Sphinx, return its code."""
    try:
        os.dup2(write_fd, 1)
        os.dup2(write_fd, 2)
        os.close(write_fd)
        # the streams Python writes to may not be the file descriptors (a
        # caller that captures output): Sphinx's output goes to the pipe
        sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
        os.chdir(cwd)
        from sphinx.cmd.build import build_main

        compat.forget_exit_handlers()  # the parent's, not this build's
        return build_main(args)
    except BaseException:  # even KeyboardInterrupt: the parent reports it
        traceback.print_exc()
        return 1
    finally:
        # what the examples registered (joblib's temporary folders), as a
        # Python that exits normally would; then the child ends with _exit
        compat.run_exit_handlers()
        sys.stdout.flush()
        sys.stderr.flush()


def run(args: list[str], cwd: Path, env: Mapping[str, str], log: Path) -> str:
    """``sphinx-build <args>`` in ``cwd``; echo its output, keep it in ``log``.

    Fails (``SystemExit``) with Sphinx's exit code. A forked child runs when
    this process was preloaded with this ``env``; else a new process.
    """
    print("$ sphinx-build", " ".join(args), flush=True)
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    if hasattr(os, "fork") and _preloaded == dict(env):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the caller's code
            os.close(read_fd)
            os._exit(_child(args, cwd, write_fd))
        os.close(write_fd)
        with os.fdopen(read_fd, encoding="utf-8", errors="replace") as stream:
            output = _echo(stream)
        code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    else:
        with subprocess.Popen(
            [sys.executable, "-m", "sphinx", *args],
            cwd=cwd,
            env=dict(env),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        ) as proc:
            assert proc.stdout is not None
            output = _echo(proc.stdout)
        code = proc.returncode
    log.write_text(output, encoding="utf-8")
    if code != 0:
        raise SystemExit(f"sphinx-build failed ({code}); log: {log}")
    return output


def _echo(stream) -> str:
    lines = []
    for line in stream:
        sys.stdout.write(line)
        lines.append(line)
    sys.stdout.flush()
    return "".join(lines)
