"""
A real cluster, started by hand
===============================

Here you start a scheduler and workers yourself, as separate programs, connect
a ``Client`` to the scheduler by its address, run work and shut everything
down. On a cluster of many machines, the steps are the same.
"""

# %%
# Three programs
# --------------
#
# A Dask cluster is a ``dask scheduler`` program and ``dask worker`` programs
# that connect to it. In two terminals of one machine, you would type:
#
# .. code-block:: bash
#
#     dask scheduler --host 127.0.0.1 --port 8786
#     dask worker tcp://127.0.0.1:8786 --nthreads 1
#
# ``dask_cluster`` below starts the same programs with ``subprocess`` and the
# Python that runs this page, on 127.0.0.1. ``--port 0`` takes any free port.
# The scheduler writes its address into a ``scheduler file`` in a temporary
# folder, where we read it. The programs keep their logs and scratch files in
# that folder too. At the end of the ``with`` block, ``dask_cluster`` waits for
# every process to exit, and terminates, then kills, a process that does not.
# Last, it prints the main messages of each program, as its terminal would
# show them. This page starts processes, so the code that does work runs under
# ``if __name__ == "__main__":`` (see
# :ref:`sphx_glr_examples_00_python_parallel_plot_02_the_gil.py`).

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LOCAL = ["--host", "127.0.0.1", "--no-dashboard", "--dashboard-address", "127.0.0.1:0"]
SHOWN = ("Scheduler at:", "Start worker at:", "Registered to:", "End scheduler")


def start(program, *args, log):
    """Start ``dask <program>`` with this Python; its messages go to ``log``."""
    command = [sys.executable, "-m", f"distributed.cli.dask_{program}", *args]
    scratch = {**os.environ, "DASK_TEMPORARY_DIRECTORY": str(log.parent)}
    with log.open("w") as out:
        return subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=scratch
        )


def read_address(scheduler_file, timeout=60):
    """Wait until the scheduler has written its address, and return it."""
    for _ in range(10 * timeout):
        with contextlib.suppress(OSError, ValueError):  # not written yet
            return json.loads(scheduler_file.read_text())["address"]
        time.sleep(0.1)
    raise RuntimeError("the scheduler did not start")


def stop(process, timeout=20):
    """Wait for the process to exit; if it does not, terminate it, then kill it."""
    for end in (lambda: None, process.terminate, process.kill):
        end()
        with contextlib.suppress(subprocess.TimeoutExpired):
            return process.wait(timeout)
    return process.wait()


@contextlib.contextmanager
def dask_cluster(n_workers):
    with tempfile.TemporaryDirectory(prefix="dask-cluster-") as tmp:
        folder = Path(tmp)
        options = [*LOCAL, "--port", "0", "--scheduler-file", f"{tmp}/scheduler.json"]
        processes = {
            "scheduler": start("scheduler", *options, log=folder / "scheduler")
        }
        try:
            address = read_address(folder / "scheduler.json")
            for name in [f"worker-{i}" for i in range(n_workers)]:
                options = [address, *LOCAL, "--nthreads", "1", "--name", name]
                processes[name] = start("worker", *options, log=folder / name)
            yield address
        finally:
            for name, process in processes.items():
                print(f"{name}: exit code {stop(process)}")
                for line in (folder / name).read_text().splitlines():
                    message = line.split(" - ")[-1].strip()  # without the time
                    if message.startswith(SHOWN):
                        print(f"    {message}")


# %%
# Connect, compute, shut down
# ---------------------------
#
# ``Client(address)`` connects to the scheduler. Each task counts primes and
# tells us which worker ran it. ``client.shutdown()`` stops the scheduler and
# its workers. When the environment variable ``DASK_SCHEDULER_ADDRESS`` names
# a running scheduler, the page starts nothing: it connects to that cluster
# and does not shut it down.

from collections import Counter

from distributed import Client, get_worker

from daskgallery.workloads import count_primes


def count_and_tell(n):
    return count_primes(n), get_worker().name


if __name__ == "__main__":
    existing = os.environ.get("DASK_SCHEDULER_ADDRESS")
    with contextlib.ExitStack() as stack:
        if existing:
            address = existing
            print(f"connected to the existing cluster at {address}")
        else:
            address = stack.enter_context(dask_cluster(n_workers=2))
        with Client(address) as client:
            client.wait_for_workers(1 if existing else 2, timeout=60)
            print(client)
            futures = client.map(count_and_tell, range(10_000, 90_000, 10_000))
            results = client.gather(futures)
            print(f"primes counted: {[count for count, _ in results]}")
            print(f"tasks per worker: {dict(Counter(name for _, name in results))}")
            if not existing:
                client.shutdown()

# %%
# Nothing is left: every process has exited, and the port is free again.

import socket

if __name__ == "__main__" and not existing:
    host, port = address.removeprefix("tcp://").rsplit(":", 1)
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, int(port)))  # fails if anything still listens there
    print(f"port {port} is free again")

# %%
# On many machines
# ----------------
#
# Start the scheduler on one machine, and a worker on each of the others with
# the scheduler's address. The last line runs this page on that cluster:
#
# .. code-block:: bash
#
#     dask scheduler                          # on machine A, port 8786
#     dask worker tcp://machine-a:8786        # on every other machine
#     DASK_SCHEDULER_ADDRESS=tcp://machine-a:8786 python plot_01_real_cluster.py
#
# The workers and the scheduler must reach each other on the network, and
# nobody else should: keep them on a private network, or use TLS
# (``--tls-ca-file``, ``--tls-cert``, ``--tls-key``).

# %%
# What we learned
# ---------------
#
# - A cluster is a scheduler program and worker programs. A ``Client``
#   connects to the scheduler's address.
# - ``client.shutdown()`` stops the scheduler and its workers. Wait for each
#   process to exit, with a time limit.
# - The same code runs on one machine or on many.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_07_scale_out_plot_02_hpc_and_cloud.py` lets
#   tools start the cluster on a supercomputer or in the cloud.
# - The Dask documentation on `the command line
#   <https://docs.dask.org/en/stable/deploying-cli.html>`_.
