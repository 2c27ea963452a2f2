"""
Granularity at scale: what each task costs
==========================================

The distributed scheduler spends time on every task, whatever the task does.
You will measure that cost, see why shipping a million items through the
scheduler is slow, and let the workers create their data instead.
"""

# %%
# The cost of one task
# --------------------
#
# We send a thousand tiny tasks to a cluster with one worker process per core
# and one thread in each, as on the other pages: pure-Python tasks hold the
# ``GIL``, so only separate processes run them at the same time (see
# :ref:`sphx_glr_examples_06_distributed_plot_01_client_localcluster.py`).
# Each task adds one to a number. For each task, the client sends a message,
# the scheduler picks a worker, the worker runs the task and reports back, and
# the client gathers the result. We warm the cluster up first. This page
# starts processes, so the code that does work runs under
# ``if __name__ == "__main__":`` (see
# :ref:`sphx_glr_examples_00_python_parallel_plot_02_the_gil.py`).

import time

from daskgallery.cluster import local_cluster

TASKS = 1_000
ITEMS = 1_000_000
PARTITIONS = 20


def inc(x):
    return x + 1


def best_of_two(func):
    times = []
    for _ in range(2):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


# %%
# Ship the items, or create them on the workers
# ---------------------------------------------
#
# ``db.from_sequence`` cuts a list that lives in this process into
# partitions. The items become part of the task graph: the client serialises
# them, sends them to the scheduler, and the scheduler sends them on to the
# workers. ``db.range`` only writes in the graph where each partition starts
# and ends, and each worker creates its own items. Both bags sum the same
# million numbers, in the same number of partitions. We measure
# the size of each task graph, serialised, and the time of each computation.
#
# All the measurements run in one ``with`` block, so that the cluster is
# closed at the end.

import cloudpickle
import dask.bag as db

from daskgallery.system import human_size

if __name__ == "__main__":
    shipped = db.from_sequence(range(ITEMS), npartitions=PARTITIONS).sum()
    generated = db.range(ITEMS, npartitions=PARTITIONS).sum()
    sizes = {}
    for name, bag in {"shipped": shipped, "generated": generated}.items():
        graph = dict(bag.__dask_graph__())
        sizes[name] = len(cloudpickle.dumps(graph))
        print(f"{name}: {len(graph)} tasks, graph of {human_size(sizes[name])}")

    with local_cluster() as client:
        client.gather(client.map(inc, range(100)))  # warm-up
        start = time.perf_counter()
        client.gather(client.map(inc, range(TASKS)))
        per_task = (time.perf_counter() - start) / TASKS
        assert shipped.compute() == generated.compute()
        seconds = {
            "shipped": best_of_two(shipped.compute),
            "generated": best_of_two(generated.compute),
        }

    start = time.perf_counter()
    [inc(x) for x in range(TASKS)]
    plain = time.perf_counter() - start
    print(f"{TASKS:,} tiny tasks: {per_task * 1e3:.2f} ms per task")
    print(f"the same work in plain Python: {plain * 1e6 / TASKS:.2f} µs per item")
    print(f"a task costs {per_task * TASKS / plain:,.0f} times the work inside it")
    print(f"one task per item for {ITEMS:,} items: {per_task * ITEMS / 60:.0f} minutes")
    for name, value in seconds.items():
        print(f"{name}: {value:.2f} s")
    print(f"graph size ratio: {sizes['shipped'] / sizes['generated']:.0f}x")
    print(f"time ratio: {seconds['shipped'] / seconds['generated']:.1f}x")

# %%
# What the numbers say
# --------------------
#
# - Each task costs the cluster thousands of times more than the work inside
#   it. A million one-item tasks would keep the cluster busy for minutes, to
#   do work that takes a fraction of a second.
# - The scheduler handles every task in one thread. More workers do not make
#   it faster: only fewer, larger tasks help. The Dask documentation suggests
#   tasks of 100 milliseconds or more.
# - The scheduler also keeps the state of every task in its memory, and a
#   graph of millions of tasks needs much of it. So cloud and Kubernetes
#   deployments give the scheduler a machine or a pod of its own (see
#   :ref:`sphx_glr_examples_07_scale_out_plot_02_hpc_and_cloud.py`). A
#   ``LocalCluster`` or dask-jobqueue runs it inside your own Python process.
# - The shipped bag has a graph many times larger than the generated bag, and
#   it is slower. Let the workers create or read their own data, with
#   ``db.range``, ``read_text``, ``read_parquet`` or one ``dask.delayed`` call
#   per file, instead of sending the data from your process.

# %%
# What we learned
# ---------------
#
# - Every task costs the scheduler time. Make tasks large enough to hide that
#   cost.
# - Data in the task graph travels through the scheduler. Create or read the
#   data on the workers instead.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_06_distributed_plot_04_exercise_how_many_tasks.py`:
#   find how many tasks suit a job.
# - :ref:`sphx_glr_examples_07_scale_out_plot_01_real_cluster.py` starts
#   the scheduler and the workers by hand.
# - The Dask documentation on `best practices
#   <https://docs.dask.org/en/stable/best-practices.html>`_ and on `task
#   granularity
#   <https://docs.dask.org/en/stable/delayed-best-practices.html>`_.
