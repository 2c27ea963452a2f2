"""
A cluster on your machine: ``Client`` and ``LocalCluster``
==========================================================

The distributed scheduler runs tasks on worker processes, on one machine or on
many. You will start a cluster on this machine, send it work as futures, watch
the results arrive, and close the cluster cleanly.
"""

# %%
# Scheduler, workers, client
# --------------------------
#
# A Dask cluster has three parts:
#
# - one ``scheduler``, which keeps the task graph and decides which worker
#   runs each task;
# - ``workers``, processes that run the tasks and keep their results;
# - ``clients``, such as this script, which send work to the scheduler.
#
# ``Client(n_workers=..., threads_per_worker=...)`` starts a ``LocalCluster``
# with a scheduler and worker processes on this machine, then connects to it.
# How to share the cores depends on the work. Pure-Python code holds the
# ``GIL``: one thread per worker and one worker per core, as on the other
# pages of this chapter and of :ref:`chapter_schedulers` (``local_cluster()``
# of the helper package). NumPy and pandas release the ``GIL``: fewer workers
# with more threads share their data without copies. In between, a rule of
# thumb is about √(cores) threads per worker, close to what ``LocalCluster``
# chooses when you give no sizes. This page uses it: its tasks mostly wait,
# and a waiting thread releases the ``GIL``. This page starts processes, so
# the code that does work runs under ``if __name__ == "__main__":`` (see
# :ref:`sphx_glr_examples_00_python_parallel_plot_02_the_gil.py`).

import math

from dask.system import CPU_COUNT

THREADS = max(1, round(math.sqrt(CPU_COUNT)))  # threads per worker
WORKERS = max(1, CPU_COUNT // THREADS)

# %%
# A slow function
# ---------------
#
# ``random_slow_add`` waits between 0.1 and 0.5 seconds, then adds two
# numbers. Each call draws its wait from its own seed, so the page gives the
# same results every time.

import random
import time


def random_slow_add(x, y):
    time.sleep(random.Random(x).uniform(0.1, 0.5))
    return x + y


DATA = list(range(1, 11))
WAITS = sum(random.Random(x).uniform(0.1, 0.5) for x in DATA)

# %%
# Start the cluster and send it work
# ----------------------------------
#
# ``host="127.0.0.1"`` keeps the cluster on this machine, and the dashboard
# takes any free port. The ``with`` block closes the client, then the cluster
# that it started, even after an error. When the environment variable
# ``DASK_SCHEDULER_ADDRESS`` names a running scheduler, the page connects to
# it instead of starting a cluster. A scheduler can run without a dashboard:
# the page prints its address only if one answers (``dashboard_link``).
#
# - ``client.submit(f, *args)`` sends one call to the cluster and returns a
#   ``Future`` at once. The ``Future`` is ``pending`` until a worker has the
#   result, then ``finished``. ``result()`` waits for the result and brings it
#   back.
# - Dask collections such as ``dask.delayed`` use the client as soon as it
#   exists. ``persist`` starts their tasks on the cluster, and ``progress``
#   follows them: a text bar in a script, a widget in Jupyter.
# - ``client.map`` submits one call per item. ``as_completed`` yields the
#   futures in the order in which they finish. ``client.gather`` brings back
#   all the results, in the order of the inputs. The threads of the cluster
#   wait at the same time: the wall time is close to the sum of the waits
#   divided by the number of threads.

import logging
import os

import dask
from dask.distributed import Client, as_completed, progress

from daskgallery.cluster import dashboard_link

if __name__ == "__main__":
    if os.environ.get("DASK_SCHEDULER_ADDRESS"):
        client = Client()  # connects to that scheduler
    else:
        client = Client(
            n_workers=WORKERS,
            threads_per_worker=THREADS,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.ERROR,
        )
    with client:
        print(client.cluster if client.cluster is not None else client)
        if dashboard_link(client):  # None: this scheduler serves no dashboard
            print(f"dashboard: {client.dashboard_link}")
        threads = sum(client.nthreads().values())

        future = client.submit(random_slow_add, 1, 2)
        print(future)
        print(f"result: {future.result()}, {future}")

        total = dask.delayed(sum)([dask.delayed(random_slow_add)(x, 1) for x in DATA])
        total = total.persist()  # starts the work on the cluster, returns at once
        progress(total, interval="0.5s")
        print(f"\ndask.delayed on the cluster: total {total.compute()}")

        start = time.perf_counter()
        futures = client.map(random_slow_add, DATA, [1] * len(DATA))
        order = [future.result() for future in as_completed(futures)]
        results = client.gather(futures)
        map_seconds = time.perf_counter() - start
        print(f"finished in this order: {order}")
        print(f"gathered in the order of DATA: {results}")
    print(f"after the with block, the client is {client.status}")
    print(f"sum of the waits: {WAITS:.2f} s")
    print(f"threads in the cluster: {threads}")
    print(f"client.map: {map_seconds:.2f} s ({WAITS / map_seconds:.1f}x faster)")

# %%
# What we learned
# ---------------
#
# - ``Client(n_workers=..., threads_per_worker=...)`` starts a local cluster
#   of processes. Give pure-Python work one thread per worker, and NumPy or
#   pandas work more threads per worker.
# - ``submit`` and ``map`` return futures at once. ``result``, ``gather`` and
#   ``as_completed`` bring the results back.
# - Open the client with ``with``: the client and its cluster close at the end
#   of the block.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_06_distributed_plot_02_dashboard_report.py`
#   shows what the dashboard tells you.
# - The Dask documentation on `futures
#   <https://docs.dask.org/en/stable/futures.html>`_ and on `local clusters
#   <https://docs.dask.org/en/stable/deploying-python.html>`_.
