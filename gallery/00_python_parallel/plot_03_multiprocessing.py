"""
``multiprocessing``: what processes cost
========================================

Processes run Python on several cores at once, but they pay to start and to
exchange data. You will measure both costs, see when a pool of processes pays
off, and learn what ``chunksize`` does.
"""

# %%
# The ``__main__`` guard
# ----------------------
#
# A pool of processes starts new Python interpreters. With the "spawn" start
# method, the default on Windows and macOS, and with "forkserver", the default
# on Linux from Python 3.14, each new interpreter imports the script that
# started it, to find your functions. ("fork", the Linux default before 3.14,
# copies the running program instead.) The code that starts processes must
# therefore run only in the original program:
#
# .. code-block:: python
#
#    if __name__ == "__main__":
#        with multiprocessing.Pool(4) as pool:
#            results = pool.map(work, inputs)
#
# Without the guard, each new process would start a pool of its own. The
# functions that the processes run must be importable, so we take them from
# the helper package. This page uses "spawn" everywhere, so that it behaves
# the same on every system.

import multiprocessing
import time

from daskgallery import workloads
from daskgallery.system import machine
from daskgallery.timing import measure

WORKERS = min(machine().usable_cores, 8)
spawn = multiprocessing.get_context("spawn")

# %%
# Starting a pool
# ---------------
#
# We time how long a pool takes to start its processes and to run one tiny
# task in each of them.

if __name__ == "__main__":
    start = time.perf_counter()
    with spawn.Pool(WORKERS) as pool:
        pool.map(workloads.wait, [0.0] * WORKERS, chunksize=1)
        startup = time.perf_counter() - start
    print(f"{WORKERS} processes started and ready in {startup:.2f} s")

# %%
# Speed-up against task size
# --------------------------
#
# Now we keep one pool running and give it tasks of growing size: counting
# primes below a larger and larger number. For each size, we time the same
# tasks in the pool and in a plain loop. Each task also travels to a process
# and back, which costs about the same whatever the task does.


def serial(func, args):
    return [func(arg) for arg in args]


if __name__ == "__main__":
    tasks = 4 * WORKERS
    rows = []
    with spawn.Pool(WORKERS) as pool:
        pool.map(workloads.wait, [0.0] * WORKERS, chunksize=1)  # start them all
        for n in (100, 1_000, 4_000, 16_000, 64_000, 128_000):
            args = (workloads.count_primes, [n] * tasks)
            plain = measure(serial, *args, repeat=1).wall_best
            pooled = measure(pool.map, *args, chunksize=1, repeat=1).wall_best
            rows.append((plain / tasks, plain / pooled))
            ms = plain / tasks * 1000
            print(f"task of {ms:8.3f} ms: speed-up {plain / pooled:.2f}x")

# %%
# Tiny tasks are slower in the pool than in a plain loop: sending them costs
# more than doing them. As tasks grow, the speed-up climbs towards the number
# of processes.

import matplotlib.pyplot as plt

from daskgallery.timing import machine_footnote

if __name__ == "__main__":
    fig, ax = plt.subplots(figsize=(6.4, 4), layout="constrained")
    fig.patch.set_facecolor("white")
    ax.semilogx([t for t, _ in rows], [s for _, s in rows], "o-", label="measured")
    ax.axhline(WORKERS, ls="--", color="C1", label=f"{WORKERS} processes")
    ax.axhline(1, ls=":", color="0.5", label="no speed-up")
    ax.set(
        xlabel="time of one task (s)", ylabel="speed-up", title="When a pool pays off"
    )
    ax.legend()
    ax.grid(True, alpha=0.3)
    machine_footnote(fig)

# %%
# ``chunksize``: many tiny tasks
# ------------------------------
#
# Hashing one CPF number is a tiny task. ``Pool.map`` can send the inputs in
# chunks: one message carries many inputs. With ``chunksize=1``, every input
# travels alone. By default, ``map`` makes about four chunks per process.

from functools import partial

from daskgallery.datasets import cpfs

if __name__ == "__main__":
    numbers = cpfs(40_000, seed=2013)
    hash_one = partial(workloads.hash_cpf, pepper=4711)
    chunk_times = {}
    with spawn.Pool(WORKERS) as pool:
        pool.map(workloads.wait, [0.0] * WORKERS, chunksize=1)
        for label, chunksize in (("chunksize=1", 1), ("default", None)):
            run = measure(pool.map, hash_one, numbers, chunksize=chunksize, repeat=1)
            chunk_times[label] = run.wall_best
    chunk_times["plain loop"] = measure(serial, hash_one, numbers, repeat=1).wall_best
    for label, value in chunk_times.items():
        print(f"{label:>12}: {value:.3f} s")

# %%
# One message per input is much slower than a few large chunks. Even the
# chunks hardly beat the plain loop here: the work per CPF is too small to
# pay for the trip.
#
# What we learned
# ---------------
#
# - Code that starts processes runs under ``if __name__ == "__main__":``, and
#   the functions it sends must be importable.
# - Processes cost time to start and each task costs time to send. Small
#   tasks lose; large tasks gain close to the number of cores.
# - Send inputs in chunks, so that each message carries enough work.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_00_python_parallel_plot_04_measure_honestly.py`:
#   how much parallelism can give at best.
