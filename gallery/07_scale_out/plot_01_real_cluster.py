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
# ``cluster_programs`` starts the same programs with the Python that runs this
# page, on 127.0.0.1 and on a free port. It reads the scheduler's address from
# the ``scheduler file`` that the scheduler writes. At the end of the ``with``
# block, it waits for every program to exit, and terminates, then kills, a
# program that does not. Then it prints each program's main messages. This
# page starts processes, so the code that does work runs under
# ``if __name__ == "__main__":`` (see
# :ref:`sphx_glr_examples_00_python_parallel_plot_02_the_gil.py`).

import contextlib
import os
import socket
import threading
import time
from collections import Counter

from distributed import Client, get_worker

from daskgallery.programs import cluster_programs
from daskgallery.workloads import count_primes

# %%
# Connect, compute, shut down
# ---------------------------
#
# ``Client(address)`` connects to the scheduler. Each task counts primes and
# tells us which worker ran it. ``client.shutdown()`` stops the scheduler and
# its workers. When the environment variable ``DASK_SCHEDULER_ADDRESS`` names
# a running scheduler, the page starts nothing: it connects to that cluster
# and does not shut it down. Otherwise, it checks that nothing is left: every
# process has exited, and the port is free again.


def count_and_tell(n):
    return count_primes(n), get_worker().name


if __name__ == "__main__":
    existing = os.environ.get("DASK_SCHEDULER_ADDRESS")
    if existing:
        print(f"connected to the existing cluster at {existing}")
    started = contextlib.nullcontext() if existing else cluster_programs(n_workers=2)
    with started as programs, Client(existing or programs.address) as client:
        client.wait_for_workers(1, timeout=60)
        print(client)
        futures = client.map(count_and_tell, range(10_000, 90_000, 10_000))
        results = client.gather(futures)
        print(f"primes counted: {[count for count, _ in results]}")
        print(f"tasks per worker: {dict(Counter(name for _, name in results))}")
        if not existing:
            client.shutdown()
    if not existing:
        host, port = programs.address.removeprefix("tcp://").rsplit(":", 1)
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, int(port)))  # fails if anything still listens
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
# When the machines share a file system, a scheduler file can replace the
# address: ``--scheduler-file /shared/s.json``, ``Client(scheduler_file=...)``.
# The workers and the scheduler must reach each other on the network, and
# nobody else should: keep them on a private network, or use TLS
# (``--tls-ca-file``, ``--tls-cert``, ``--tls-key``).

# %%
# Exercise: one worker, three threads
# -----------------------------------
#
# Start ``cluster_programs(n_workers=1, threads_per_worker=3)`` and connect a
# ``Client`` with its scheduler file, ``programs.scheduler_file``. Run six
# tasks that each wait 0.5 s and return their process id and thread. Guess
# first: how many processes and threads run them, and how long do they take?
#
# .. solution::


def wait_and_tell(task):
    time.sleep(0.5)
    return os.getpid(), threading.get_ident()


if __name__ == "__main__" and not existing:
    with (
        cluster_programs(1, threads_per_worker=3, show_logs=False) as programs,
        Client(scheduler_file=programs.scheduler_file) as client,
    ):
        start = time.perf_counter()
        ran = client.gather(client.map(wait_and_tell, range(6)))
        print(f"six tasks of 0.5 s: {time.perf_counter() - start:.2f} s")
        pids = {pid for pid, _ in ran}
        print(f"processes: {len(pids)}, this one: {os.getpid() in pids}")
        print(f"threads: {len({thread for _, thread in ran})}")
        client.shutdown()

# %%
# .. end-solution::
#
# One process, the worker's, runs the tasks. Its three threads run two tasks
# each, one after the other: the six waits take about 1 s, not 3 s.
#
# What we learned
# ---------------
#
# - A cluster is a scheduler program and worker programs. A ``Client``
#   connects to the scheduler's address, or reads it from a scheduler file.
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
