"""Run a few lines of Python in a new Python process and read what it printed.

A new process reads Dask's configuration again when it imports Dask: its YAML
files and its ``DASK_*`` environment variables. ``run_python()`` starts one
with the Python that calls it, as if you typed ``python -c "<code>"`` in a
terminal where the variables of ``env`` are set, and gives back what it
printed.

>>> from daskgallery.child_python import run_python
>>> code = "import dask; print(dask.config.get('array.chunk-size'))"
>>> run_python(code, env={"DASK_ARRAY__CHUNK_SIZE": "32MiB"})
'32MiB'
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping

__all__ = ["run_python"]

#: Environment variables that start with this are Dask settings.
DASK_PREFIX = "DASK_"


def _child_environment(env: Mapping[str, str] | None) -> dict[str, str]:
    """This process's environment without ``DASK_*`` variables, then ``env``."""
    if env is None:
        env = {}
    if not isinstance(env, Mapping):
        raise ValueError(f"env must be a mapping of names to strings, got {env!r}")
    for name, value in env.items():
        if not isinstance(name, str) or not name or "=" in name:
            raise ValueError(
                f"env names must be non-empty strings without '=', got {name!r}"
            )
        if not isinstance(value, str):
            raise ValueError(f"env[{name!r}] must be a string, got {value!r}")
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(DASK_PREFIX)
    }
    return {**inherited, **env}


def run_python(
    code: str, *, env: Mapping[str, str] | None = None, timeout: float = 60.0
) -> str:
    """Run ``code`` in a new Python process; return what it printed.

    The new process runs the same Python (``sys.executable``) in the same
    folder. Its environment is this process's environment without the
    ``DASK_*`` variables, plus the variables of ``env``: only ``env`` sets
    Dask settings through the environment, whatever your terminal holds.
    Dask's YAML files are read as usual. The returned text is the standard
    output without its last line break. What the process writes to its
    standard error (warnings) is written to this process's standard error.

    Raises ``RuntimeError`` with the end of the standard error if the process
    fails, or if it runs longer than ``timeout`` seconds (it is then killed).

    >>> run_python("import os; print(os.environ['GREETING'])", env={"GREETING": "hi"})
    'hi'
    """
    if not isinstance(code, str) or not code.strip():
        raise ValueError(f"code must be a non-empty string, got {code!r}")
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise ValueError(
            f"timeout must be a positive number of seconds, got {timeout!r}"
        )
    if timeout <= 0:
        raise ValueError(
            f"timeout must be a positive number of seconds, got {timeout!r}"
        )
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            env=_child_environment(env),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:  # subprocess.run has killed the process
        raise RuntimeError(
            f"the Python process did not finish within {timeout} s; its code:\n{code}"
        ) from None
    if done.returncode != 0:
        tail = "\n".join(done.stderr.splitlines()[-10:])
        raise RuntimeError(
            f"the Python process exited with code {done.returncode}; "
            f"the end of its error output:\n{tail}"
        )
    if done.stderr:
        sys.stderr.write(done.stderr)
    return done.stdout.removesuffix("\n")
