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
# - ``processes`` runs tasks in a pool of processes, the default for bags.
# - ``distributed`` sends tasks to the worker processes of a cluster through a
#   ``Client``. Here the cluster is a ``LocalCluster`` with one worker process
#   per core and one thread in each: pure-Python tasks hold the ``GIL``, so
#   only separate processes run them at the same time.
#
# ``compute(scheduler=...)`` chooses the scheduler for one call. Each graph has
# six tasks per core and a final sum, and the same total work on every
# machine. The tasks count primes (pure Python, which holds the ``GIL``) or
# sort random numbers (NumPy, which releases it). This page starts processes,
# so the code that does work runs under ``if __name__ == "__main__":`` (see
# :ref:`sphx_glr_examples_00_python_parallel_plot_02_the_gil.py`).

import functools
import inspect
import itertools
import os

import dask
from dask.system import CPU_COUNT

from daskgallery.cluster import local_cluster
from daskgallery.timing import best_of_rounds, measure, plot_variant_panels
from daskgallery.workloads import count_primes_between, sort_random, where_it_runs

TASKS = 6 * CPU_COUNT  # the processes scheduler sends tasks in batches of 6
PRIMES_BELOW = 250_000  # pure Python: count the primes below it, in TASKS ranges
NUMBERS = 3_000_000  # NumPy: sort this many random numbers, in TASKS arrays

# %%
# Run everything on each scheduler
# --------------------------------
#
# First, small tasks report the process and the thread that ran them. Then
# ``best_of_rounds`` (helper package) runs each workload on each scheduler in
# rounds and keeps the best time of each: a busy moment then slows one run,
# not one scheduler. ``processes``, slow to start, runs once. Last, we time
# the start of its pool, which happens at each ``compute``.

if __name__ == "__main__":
    edges = [PRIMES_BELOW * i // TASKS for i in range(TASKS + 1)]
    primes = [dask.delayed(count_primes_between)(*r) for r in itertools.pairwise(edges)]
    sorts = [dask.delayed(sort_random)(NUMBERS // TASKS + i) for i in range(TASKS)]
    graphs = {"pure Python": primes, "NumPy": sorts}
    graphs = {workload: dask.delayed(sum)(tasks) for workload, tasks in graphs.items()}
    results = {}

    def run(workload, name):  # one computation; keeps its result
        results[workload, name] = graphs[workload].compute(scheduler=schedulers[name])

    with local_cluster() as client:
        schedulers = {"synchronous": "synchronous", "threads": "threads"}
        schedulers |= {"processes": "processes", "distributed": client}
        for name, scheduler in schedulers.items():
            tasks = [dask.delayed(where_it_runs)(0.03) for _ in range(8)]
            ran = dask.compute(*tasks, scheduler=scheduler)
            pids, threads = {pid for pid, _ in ran}, sorted({t for _, t in ran})
            place = "this process" if pids == {os.getpid()} else "other process(es)"
            print(f"{name}: {len(pids)} process(es), {place}, threads {threads}")
        fast = itertools.product(graphs, ["synchronous", "threads", "distributed"])
        best = best_of_rounds({k: functools.partial(run, *k) for k in fast}, rounds=2)
        for w in graphs:  # processes: one round, it starts a new pool each time
            best[w, "processes"] = measure(run, w, "processes", repeat=1).wall_best
    pool = measure(dask.delayed(abs)(-1).compute, scheduler="processes", repeat=1)
    print(f"processes: starting the pool takes {pool.wall_best:.2f} s")
    times = {w: {name: best[w, name] for name in schedulers} for w in graphs}
    for workload, row in times.items():
        print(f"{workload}, results: {sorted({results[workload, n] for n in row})}")
        for name, seconds in row.items():
            speedup = row["synchronous"] / seconds
            print(f"{workload}, {name}: {seconds:.2f} s ({speedup:.2f}x)")
    plot_variant_panels(times, baseline="synchronous")

# %%
# What the numbers say
# --------------------
#
# Each workload gives one result on all four schedulers. Each bar is labelled
# with its speed-up over ``synchronous``. On two or more cores:
#
# - Pure Python: ``threads`` is no faster than ``synchronous``, because of the
#   ``GIL``. ``distributed`` uses every core. ``processes`` uses every core
#   too, but it pays for a new pool at each ``compute``.
# - NumPy: ``threads`` uses every core, with no start-up cost. ``processes``
#   is slower: it starts a new pool at each ``compute``. With large arrays, it
#   also copies them from one process to another.

# %%
# Debugging with the synchronous scheduler
# ----------------------------------------
#
# In a pool or on a cluster, a failing task ran somewhere else: only its error
# comes back to you. With ``synchronous``, every task runs in your own thread,
# so ``breakpoint()`` inside a task stops in your terminal, and after an error
# ``pdb.post_mortem()`` (``%debug`` in Jupyter) opens the debugger in the task
# that failed. ``dask.config.set(scheduler="synchronous")`` chooses it for a
# whole ``with`` block. Here we read the frame where the debugger would stop.


def check(x):
    if x == 3:
        raise ValueError(f"{x} is not allowed")
    return x


if __name__ == "__main__":
    total = dask.delayed(sum)([dask.delayed(check)(x) for x in range(5)])
    try:
        total.compute(scheduler="synchronous")
    except ValueError as error:
        failed = inspect.trace()[-1]  # the innermost frame: the task that failed
        print(f"error: {error}")
        print(f"in function {failed.function}(), with {failed.frame.f_locals}")

# %%
# What we learned
# ---------------
#
# - All schedulers run the same graph and give the same result. They differ in
#   where the tasks run and in what that costs.
# - Keep the default ``threads`` for NumPy and pandas. Pure-Python work needs
#   processes: ``distributed`` keeps them running between computations, even
#   on a laptop. ``processes`` suits one large pure-Python computation.
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
