"""
Four schedulers, one task graph
===============================

A task graph says what to compute. A ``scheduler`` decides where each task
runs: in your own thread, in a pool of threads, in a pool of processes or on a
cluster. You will run the same graphs on all four and measure which one suits
pure-Python work and which one suits NumPy work.
"""

# %%
# Four schedulers
# ---------------
#
# - ``synchronous`` runs every task, one after the other, in your own thread.
# - ``threads`` runs tasks in a pool of threads, one per core. It is the
#   default for arrays, dataframes and ``dask.delayed``.
# - ``processes`` runs tasks in a pool of processes. It is the default for
#   bags.
# - ``distributed`` sends tasks to the worker processes of a cluster through a
#   ``Client``. Here the cluster is a ``LocalCluster`` with one worker process
#   per core.
#
# ``compute(scheduler=...)`` chooses the scheduler for one call. Each graph has
# six tasks per core and a final sum. The tasks count primes (pure Python,
# which holds the ``GIL``) or sort random numbers (NumPy, which releases it).
# This page starts processes, so the code that does work runs under
# ``if __name__ == "__main__":`` (see
# :ref:`sphx_glr_examples_00_python_parallel_plot_02_the_gil.py`).

import functools
import os
import threading
import time

import dask
from dask.system import CPU_COUNT

from daskgallery.cluster import local_cluster
from daskgallery.timing import best_of_rounds
from daskgallery.workloads import count_primes, sort_random

TASKS = 6 * CPU_COUNT  # the processes scheduler sends tasks in batches of 6
WORKLOADS = {"pure Python": (count_primes, 60_000), "NumPy": (sort_random, 2_000_000)}


def where(i):
    """Which process and which thread ran this task."""
    time.sleep(0.05)
    return os.getpid(), threading.current_thread().name


def run(func, arg, scheduler):
    """One graph, TASKS independent calls of ``func`` then their sum, computed."""
    total = dask.delayed(sum)([dask.delayed(func)(arg + i) for i in range(TASKS)])
    return total.compute(scheduler=scheduler)


# %%
# Run everything on each scheduler
# --------------------------------
#
# First, a graph of small tasks that report where they ran. Then each
# workload on each scheduler, in three rounds that run every scheduler once
# (``best_of_rounds`` from the helper package), keeping the best time of each:
# a moment when the machine is busy then slows one run, not one scheduler. Last,
# the time that the ``processes`` scheduler needs to start its pool: it starts
# a new pool at each ``compute``.

if __name__ == "__main__":
    times = {workload: {} for workload in WORKLOADS}
    with local_cluster() as client:
        schedulers = {"synchronous": "synchronous", "threads": "threads"}
        schedulers |= {"processes": "processes", "distributed": client}
        for name, scheduler in schedulers.items():
            tasks = [dask.delayed(where)(i) for i in range(8)]
            ran = dask.compute(*tasks, scheduler=scheduler)
            pids = {pid for pid, _ in ran}
            place = "this process" if pids == {os.getpid()} else "other process(es)"
            threads = sorted({thread for _, thread in ran})
            print(f"{name}: {len(pids)} process(es), {place}, threads {threads}")
        runs = {
            (workload, name): functools.partial(run, func, arg, scheduler)
            for workload, (func, arg) in WORKLOADS.items()
            for name, scheduler in schedulers.items()
        }
        for (workload, name), seconds in best_of_rounds(runs, rounds=3).items():
            times[workload][name] = seconds
    start = time.perf_counter()
    dask.delayed(abs)(-1).compute(scheduler="processes")
    print(f"processes: starting the pool takes {time.perf_counter() - start:.2f} s")
    for workload, row in times.items():
        for name, seconds in row.items():
            speedup = row["synchronous"] / seconds
            print(f"{workload}, {name}: {seconds:.2f} s ({speedup:.2f}x)")

# %%
# What the numbers say
# --------------------
#
# Each bar is labelled with its speed-up over the ``synchronous`` scheduler.
# On a machine with two or more cores:
#
# - Pure Python: ``threads`` is no faster than ``synchronous``, because of the
#   ``GIL``. ``distributed`` uses every core. ``processes`` uses every core
#   too, but it pays for a new pool at each ``compute``.
# - NumPy: ``threads`` uses every core, with no start-up cost and no copies.
#   ``processes`` is slower than ``threads``: it starts a new pool at each
#   ``compute`` and copies the arrays from one process to another.
#
# So: keep the default ``threads`` for NumPy and pandas work. Use
# ``distributed``, even on a laptop, for pure-Python work and for anything you
# compute more than once. Use ``processes`` only for one large pure-Python
# computation.

if __name__ == "__main__":
    import matplotlib.pyplot as plt  # here, so that worker processes skip it

    from daskgallery.timing import plot_variants

    fig, axes = plt.subplots(1, 2, figsize=(9, 3.6), layout="constrained")
    fig.patch.set_facecolor("white")
    for ax, (workload, row) in zip(axes, times.items(), strict=True):
        plot_variants(row, baseline="synchronous", title=workload, ax=ax)

# %%
# Debugging with the synchronous scheduler
# ----------------------------------------
#
# When a task fails in a pool or on a cluster, the error comes back to you,
# but the task ran somewhere else. With ``synchronous``, every task runs in
# your own thread, so the usual Python tools work. A ``breakpoint()`` inside
# a task stops in your terminal. After an error, ``pdb.post_mortem()`` in an
# ``except`` block opens the debugger on the task that failed. In Jupyter, the
# ``debug`` magic command does the same. To use the synchronous scheduler for
# every computation of a block:
#
# .. code-block:: python
#
#     with dask.config.set(scheduler="synchronous"):
#         total.compute()
#
# Here we do not start the debugger. We read the last frame of the error
# ourselves: the debugger would show the same function and variables.


def check(x):
    if x == 3:
        raise ValueError(f"{x} is not allowed")
    return x


if __name__ == "__main__":
    total = dask.delayed(sum)([dask.delayed(check)(x) for x in range(5)])
    try:
        total.compute(scheduler="synchronous")
    except ValueError as error:
        tb = error.__traceback__
        while tb.tb_next is not None:  # walk to the frame that raised
            tb = tb.tb_next
        frame = tb.tb_frame
        print(f"error: {error}")
        print(f"in function {frame.f_code.co_name}(), with {frame.f_locals}")

# %%
# What we learned
# ---------------
#
# - All schedulers run the same graph and give the same result. They differ in
#   where the tasks run and in what that costs.
# - ``threads`` suits NumPy and pandas. Pure-Python work needs processes:
#   ``distributed`` keeps them running between computations.
# - ``synchronous`` runs in your own thread: use it with ``pdb``.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_05_schedulers_plot_02_local_diagnostics.py`
#   watches a computation on one machine.
# - The Dask documentation on `choosing a scheduler
#   <https://docs.dask.org/en/stable/scheduling.html>`_ and on `debugging
#   <https://docs.dask.org/en/stable/how-to/debug.html>`_.
