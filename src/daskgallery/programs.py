"""A Dask cluster of separate programs, as you would start it in terminals.

``cluster_programs()`` starts one ``dask scheduler`` program and
``dask worker`` programs with the Python that runs it, on 127.0.0.1 only. It
gives you the scheduler's address. At the end, it waits for every program to
exit (it terminates, then kills, a program that does not) and removes its
temporary folder.

>>> from distributed import Client
>>> from daskgallery.programs import cluster_programs
>>> with cluster_programs(n_workers=1, show_logs=False) as programs:
...     with Client(programs.address) as client:
...         print(client.submit(sum, [1, 2]).result())
...         client.shutdown()
3
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

__all__ = ["ClusterPrograms", "cluster_programs"]

T = TypeVar("T")

#: Every program listens on this machine only, with no dashboard.
LOCAL = ["--host", "127.0.0.1", "--no-dashboard", "--dashboard-address", "127.0.0.1:0"]
#: The log messages that ``show_logs`` prints (the rest is details).
SHOWN = ("Scheduler at:", "Start worker at:", "Registered to:", "End scheduler")
#: Seconds that the programs get to exit on their own at the end of the block.
GRACE = 10.0
#: Seconds that the programs get to exit after they are terminated, or killed.
STOP_TIMEOUT = 30.0


@dataclass
class ClusterPrograms:
    """The programs that :func:`cluster_programs` started.

    ``address`` is the scheduler's address (``tcp://127.0.0.1:<port>``) and
    ``scheduler_file`` the file where the scheduler wrote it. ``folder`` is
    the temporary folder with the scheduler file, the logs and the scratch
    files; it is removed at the end. ``processes`` holds each program
    (``"scheduler"``, ``"worker-0"``, ...) as a ``subprocess.Popen``. After
    the block, ``exit_codes`` and ``messages`` hold each program's exit code
    and main log messages.
    """

    address: str
    scheduler_file: Path
    folder: Path
    processes: dict[str, subprocess.Popen[bytes]]
    exit_codes: dict[str, int] = field(default_factory=dict)
    messages: dict[str, list[str]] = field(default_factory=dict)


def _check_count(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")


def _start(name: str, args: list[str], folder: Path) -> subprocess.Popen[bytes]:
    """Start ``dask <args>`` with this Python; its messages go to a log file."""
    program, *options = args  # "scheduler" or "worker"
    # the module that the ``dask scheduler`` (``dask worker``) command runs
    command = [sys.executable, "-m", f"distributed.cli.dask_{program}", *options]
    scratch = {**os.environ, "DASK_TEMPORARY_DIRECTORY": str(folder)}
    with (folder / f"{name}.log").open("wb") as log:
        return subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=scratch,
        )


def _log(folder: Path, name: str) -> str:
    with contextlib.suppress(OSError):
        return (folder / f"{name}.log").read_text(errors="replace")
    return ""


def _wait_until(
    ready: Callable[[], T | None],
    processes: dict[str, subprocess.Popen[bytes]],
    folder: Path,
    what: str,
    timeout: float,
) -> T:
    """Poll ``ready()`` until it returns a value; fail if a program exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = ready()
        if value:
            return value
        for name, process in processes.items():
            if process.poll() is not None:
                tail = "\n".join(_log(folder, name).splitlines()[-10:])
                raise RuntimeError(
                    f"{name} exited with code {process.returncode} before "
                    f"{what}; its last messages:\n{tail}"
                )
        time.sleep(0.05)
    raise RuntimeError(f"timed out after {timeout} s waiting until {what}")


def _read_address(scheduler_file: Path) -> str | None:
    with contextlib.suppress(OSError, ValueError, KeyError):
        return json.loads(scheduler_file.read_text())["address"]
    return None


def _stop(
    processes: dict[str, subprocess.Popen[bytes]], grace: float
) -> dict[str, str]:
    """Wait for every program to exit; terminate, then kill, those that do not.

    Returns how each program ended: 'exited', 'terminated' or 'killed'.
    """
    import psutil

    family = {}  # each program's child processes (a worker's nanny starts one)
    for name, process in processes.items():
        with contextlib.suppress(psutil.Error):
            family[name] = psutil.Process(process.pid).children(recursive=True)
    how = {name: "exited" for name, p in processes.items() if p.poll() is not None}

    def end(names: list[str], step: str, wait: float) -> None:
        running = [name for name in names if processes[name].poll() is None]
        for name in running:
            if step == "terminated":
                processes[name].terminate()
            elif step == "killed":
                for child in family.get(name, []):
                    with contextlib.suppress(psutil.Error):
                        child.kill()
                processes[name].kill()
        deadline = time.monotonic() + wait
        for name in running:
            with contextlib.suppress(subprocess.TimeoutExpired):
                processes[name].wait(max(0.0, deadline - time.monotonic()))
                how[name] = step

    end(list(processes), "exited", grace)
    # the workers first: a worker whose scheduler has gone takes seconds to close
    workers = [name for name in processes if name != "scheduler"]
    end(workers, "terminated", STOP_TIMEOUT)
    end(["scheduler"], "terminated", STOP_TIMEOUT)
    end(list(processes), "killed", STOP_TIMEOUT)
    for children in family.values():  # no orphan is left behind
        for child in psutil.wait_procs(children, timeout=STOP_TIMEOUT)[1]:
            with contextlib.suppress(psutil.Error):
                child.kill()
    return how


@contextlib.contextmanager
def cluster_programs(
    n_workers: int = 2,
    *,
    threads_per_worker: int = 1,
    timeout: float = 60.0,
    show_logs: bool = True,
) -> Iterator[ClusterPrograms]:
    """Start ``dask scheduler`` and ``n_workers`` ``dask worker`` programs.

    The programs run the Python that calls this function, on 127.0.0.1, with
    a free port and no dashboard. The block starts when every worker has
    registered with the scheduler; ``timeout`` is how many seconds that may
    take. It is as if you typed, in terminals::

        dask scheduler --host 127.0.0.1 --port 0 --scheduler-file <file>
        dask worker <address> --host 127.0.0.1 --nthreads 1 --name worker-0

    At the end of the block, the programs get 10 s to exit on their own
    (``client.shutdown()`` stops them). A program that is still running is
    terminated, then killed. With ``show_logs``, each program's exit code and
    main log messages are printed. Then the temporary folder is removed.

    >>> from distributed import Client
    >>> with cluster_programs(n_workers=1, threads_per_worker=2) as programs:
    ...     with Client(programs.address) as client:
    ...         client.shutdown()
    scheduler: exit code 0
        Scheduler at:     tcp://127.0.0.1:...
        End scheduler
    worker-0: exit code 0
        Start worker at:      tcp://127.0.0.1:...
        Registered to:      tcp://127.0.0.1:...
    """
    _check_count("n_workers", n_workers)
    _check_count("threads_per_worker", threads_per_worker)
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, int | float)
        or timeout <= 0
    ):
        raise ValueError(
            f"timeout must be a positive number of seconds, got {timeout!r}"
        )
    if not isinstance(show_logs, bool):
        raise ValueError(f"show_logs must be True or False, got {show_logs!r}")
    with tempfile.TemporaryDirectory(prefix="daskgallery-programs-") as tmp:
        folder = Path(tmp)
        scheduler_file = folder / "scheduler.json"
        options = ["--port", "0", "--scheduler-file", str(scheduler_file), *LOCAL]
        processes = {"scheduler": _start("scheduler", ["scheduler", *options], folder)}
        grace = GRACE
        programs = None
        try:
            address = _wait_until(
                lambda: _read_address(scheduler_file),
                processes,
                folder,
                "the scheduler wrote its address",
                timeout,
            )
            names = [f"worker-{i}" for i in range(n_workers)]
            for name in names:
                args = [address, "--nthreads", str(threads_per_worker), "--name", name]
                processes[name] = _start(name, ["worker", *args, *LOCAL], folder)
            _wait_until(
                lambda: all("Registered to:" in _log(folder, n) for n in names),
                processes,
                folder,
                "every worker registered",
                timeout,
            )
            programs = ClusterPrograms(address, scheduler_file, folder, processes)
            yield programs
        except BaseException:
            grace = 0.0  # something failed: do not wait for the programs
            raise
        finally:
            how = _stop(processes, grace)
            for name, process in processes.items():
                lines = _log(folder, name).splitlines()
                messages = [
                    message
                    for message in (line.split(" - ")[-1].strip() for line in lines)
                    if message.startswith(SHOWN)  # without the time and the source
                ]
                if programs is not None:
                    programs.exit_codes[name] = process.returncode
                    programs.messages[name] = messages
                if show_logs:
                    ended = how.get(name, "still running")
                    after = "" if ended == "exited" else f" ({ended})"
                    print(f"{name}: exit code {process.returncode}{after}")
                    for message in messages:
                        print(f"    {message}")
