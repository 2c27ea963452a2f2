"""
The GIL: what threads can and cannot speed up
=============================================

CPython, the usual Python, runs Python code in one thread at a time. You will
measure what this means: threads do not speed up pure-Python calculations, but
they do speed up waiting and many NumPy operations. Processes speed up all
three.
"""

# %%
# The global interpreter lock
# ---------------------------
#
# CPython protects its internal state with one lock, the global interpreter
# lock or ``GIL``. A thread must hold the ``GIL`` to run Python code, so two
# threads never run Python code at the same time. A thread releases the
# ``GIL`` while it waits (for a file, the network or ``time.sleep``) and while
# it runs C code that does not touch Python objects, such as most NumPy
# operations. Processes do not share the ``GIL``: each process has its own
# interpreter and its own lock.
#
# Python 3.13 added an optional build of CPython without the ``GIL``
# (PEP 703), and PEP 779 made it officially supported from Python 3.14. In
# that build, threads can run Python code in parallel. Most installations
# still use the standard build, like the one that ran this page.
#
# This page starts processes with the "spawn" method. Each new process then
# imports the script that started it (the next page explains when and why), so
# the code that does the work runs under ``if __name__ == "__main__":``.
# Without it, every new process would start processes of its own.

import sys

if __name__ == "__main__":
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(f"Python {sys.version.split()[0]}, GIL enabled: {gil}")

# %%
# Three workloads
# ---------------
#
# The first workload counts primes in pure Python, so the interpreter holds
# the ``GIL`` all the time. The second one only waits. The third one sorts
# random numbers with NumPy, which releases the ``GIL`` while it sorts. The
# functions come from the helper package, so that worker processes can import
# them. Here is the first one:

import inspect

from daskgallery import workloads

if __name__ == "__main__":
    print(inspect.getsource(workloads.count_primes))

# %%
# Serial, threads, processes
# --------------------------
#
# We run the same 24 short tasks of each workload one after the other, in a
# pool of threads and in a pool of processes, with one worker per core (at
# most 8). The pools start before the clock does, so we compare only the work.
# Five rounds run each variant once (``best_of_rounds`` from the helper
# package), and we keep the best time of each. The next page measures what
# starting processes costs.

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from functools import partial

from daskgallery.system import machine
from daskgallery.timing import best_of_rounds

WORKERS = min(machine().usable_cores, 8)
TASKS = 24  # shared evenly by 1, 2, 3, 4, 6 or 8 workers
WORKLOADS = {
    "pure Python": (workloads.count_primes, 10_000),
    "waiting": (workloads.wait, 0.004),
    "NumPy": (workloads.sort_random, 80_000),
}


def run(pool, func, arg):
    """TASKS calls ``func(arg)``, in ``pool`` or, without a pool, one by one."""
    if pool is None:
        return [func(arg) for _ in range(TASKS)]
    return list(pool.map(func, [arg] * TASKS))


if __name__ == "__main__":
    spawn = multiprocessing.get_context("spawn")
    with (
        ThreadPoolExecutor(WORKERS) as threads,
        ProcessPoolExecutor(WORKERS, mp_context=spawn) as processes,
    ):
        list(processes.map(workloads.wait, [0.2] * WORKERS))  # start every worker
        pools = {"serial": None, "threads": threads, "processes": processes}
        runs = {
            (name, kind): partial(run, pool, func, arg)
            for name, (func, arg) in WORKLOADS.items()
            for kind, pool in pools.items()
        }
        best = best_of_rounds(runs, rounds=5)
    times = {name: {kind: best[name, kind] for kind in pools} for name in WORKLOADS}
    print(f"{TASKS} tasks, {WORKERS} workers")
    for name, row in times.items():
        speed = [f"{k} {t:.3f} s ({row['serial'] / t:.2f}x)" for k, t in row.items()]
        print(f"{name}: {', '.join(speed)}")

# %%
# What the bars show
# ------------------
#
# Each bar is labelled with its speed-up over the serial run. On a machine with
# two or more cores:
#
# - pure Python: threads take as long as the serial loop, because only one
#   thread at a time holds the ``GIL``. Processes run at the same time on
#   different cores.
# - waiting: threads and processes both help, because nobody needs the
#   ``GIL`` to wait.
# - NumPy: threads help too, because NumPy releases the ``GIL`` while it sorts.

import matplotlib.pyplot as plt

from daskgallery.timing import plot_variants

if __name__ == "__main__":
    fig, axes = plt.subplots(1, 3, figsize=(9, 3.6), layout="constrained")
    fig.patch.set_facecolor("white")
    for ax, (name, row) in zip(axes, times.items(), strict=True):
        plot_variants(row, baseline="serial", title=name, ax=ax)

# %%
# What we learned
# ---------------
#
# - The ``GIL`` lets one thread at a time run Python code.
# - Threads speed up waiting and C code that releases the ``GIL``, such as
#   NumPy. They do not speed up pure-Python calculations.
# - Processes have an interpreter each, so they also speed up pure Python.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_00_python_parallel_plot_03_multiprocessing.py`
#   measures what processes cost.
# - The Python glossary entry on the `global interpreter lock
#   <https://docs.python.org/3/glossary.html#term-global-interpreter-lock>`_.
