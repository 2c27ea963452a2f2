"""
Resilience: when a worker dies
==============================

A cluster keeps working when one of its workers dies. You will kill a worker
in the middle of a computation, measure what the scheduler computes again,
see what Dask cannot recover, and retry a task that fails once.
"""

# %%
# Kill a worker in the middle of a computation
# --------------------------------------------
#
# ``step`` waits 0.05 s and adds one. Each of 20 numbers goes through two
# ``step`` tasks, then ``sum`` adds the results, held by the workers until then.
# ``run`` times it and counts the tasks that finish (``get_task_stream``). With
# ``kill=True``, once a worker holds 6 results, it kills that worker's process
# with ``psutil``, like a crash. ``client.run(os.getpid)`` gives the workers'
# process ids, and ``client.get_events(worker)`` the scheduler's record of one.
# Two single-threaded workers run on any machine, each watched by a ``nanny``
# that starts it again when it dies. A killed worker cannot clean up, so the
# workers keep their files in a temporary folder. The page kills only its own
# workers, never those of ``DASK_SCHEDULER_ADDRESS``. Last, it kills a worker
# that holds data from ``scatter``: ``quiet_logs`` hides the scheduler's error.
# Code that starts processes runs under ``if __name__ == "__main__":`` (see
# :ref:`sphx_glr_examples_00_python_parallel_plot_02_the_gil.py`).

import os
import tempfile
import time
from pathlib import Path

import psutil
from dask import delayed
from dask.distributed import get_task_stream

from daskgallery.cluster import local_cluster, quiet_logs

N = 20
EXPECTED = sum(i + 2 for i in range(N))  # the same total, in plain Python
external = os.environ.get("DASK_SCHEDULER_ADDRESS")  # a cluster we did not start


def step(x):
    time.sleep(0.05)
    return x + 1


def run(client, kill=False):
    pids = client.run(os.getpid)  # {worker address: process id}
    total = delayed(sum)([delayed(step)(delayed(step)(i)) for i in range(N)])
    start = time.perf_counter()
    with get_task_stream() as stream:
        future = client.compute(total)
        while kill and not future.done():
            held = client.has_what()  # {worker address: keys in its memory}
            worker = max(held, key=lambda address: len(held[address]))
            if len(held[worker]) >= 6:
                psutil.Process(pids[worker]).kill()
                print(f"killed: {worker}, pid {pids[worker]}")
                break
            time.sleep(0.01)
        result = future.result()
    print(f"run(kill={kill}): {time.perf_counter() - start:.2f} s, total {result}")
    keys = [task["key"] for task in stream.data]  # one per finished task
    print(f"tasks finished: {len(keys)}, twice: {len(keys) - len(set(keys))}")
    if kill:
        removal = client.get_events(worker)[-1][1]
        print({name: len(tasks) for name, tasks in removal.items() if "tasks" in name})


if __name__ == "__main__" and external:
    print(f"DASK_SCHEDULER_ADDRESS={external}: no worker is killed")
elif __name__ == "__main__":
    with (
        tempfile.TemporaryDirectory() as scratch,
        local_cluster(2, 1, local_directory=scratch) as client,
    ):
        print(f"expected total: {EXPECTED}")
        run(client)
        run(client, kill=True)
        client.wait_for_workers(2)
        pids = client.run(os.getpid)
        print(f"workers: {pids}")
        worker = min(pids)
        [data] = client.scatter([list(range(1000))], workers=[worker])
        print(f"scattered: {data.status}, len {client.submit(len, data).result()}")
        with quiet_logs():
            psutil.Process(pids[worker]).kill()
            deadline = time.monotonic() + 10
            while data.status != "cancelled" and time.monotonic() < deadline:
                time.sleep(0.01)
        print(f"after the kill: {data.status}")
        try:
            data.result()
        except Exception as error:
            print(f"{type(error).__name__}: {error}")
        print(client.get_events(worker)[-1][1]["lost-scattered-tasks"])

# %%
# - Both runs give the expected total. The scheduler ran again the lost
#   results (``lost-computed-tasks``) and the tasks waiting or running there
#   (``processing-tasks``). A lost second ``step`` also needs its first
#   ``step`` again: that result was already released. This made the run
#   longer. The nanny started a new worker: new process id, new address.
# - Scattered data has no task to compute it again: its future is
#   ``cancelled``. Create data with tasks instead.
# - A lost scheduler is not recovered: the state of every task is lost with it.
#
# Retry a task that fails once
# ----------------------------
#
# A task can fail for a moment: a network error, a busy server. ``retries=n``
# runs a failed task again, up to ``n`` times. ``flaky`` fails on its first
# call only (a file marks it). ``quiet_logs`` hides the worker's report of it.


def flaky(marker):
    if not marker.exists():
        marker.touch()
        raise ConnectionError("first call")
    return "done"


if __name__ == "__main__":
    with (
        tempfile.TemporaryDirectory() as folder,
        local_cluster(1, 1, processes=False, local_directory=folder) as client,
        quiet_logs(),
    ):
        for retries in (0, 1):
            future = client.submit(flaky, Path(folder) / str(retries), retries=retries)
            print(f"retries={retries}: {future.exception() or future.result()!r}")

# %%
# What we learned
# ---------------
#
# - When a worker dies, the scheduler runs the tasks of its lost results
#   again. The result stays right; it costs the time of those tasks.
# - Scattered data is lost with its worker, computations with the scheduler.
# - ``retries`` runs a task again after a failure that may not happen twice.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_06_distributed_plot_08_configuration.py` shows
#   where Dask reads its settings.
# - The Dask documentation on `resilience
#   <https://distributed.dask.org/en/stable/resilience.html>`_.
