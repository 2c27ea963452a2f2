"""
Know your machine, measure honestly
===================================

A speed-up means nothing without the machine that measured it. You will read
what your machine has, tell wall time from CPU time, and compare measured
speed-ups with Amdahl's law, which says how much the serial part of a program
limits them.
"""

# %%
# What this machine has
# ---------------------
#
# Logical cores include the extra threads of hyper-threading; physical cores
# are the real ones. The usable cores are those this process may run on: a
# container or a job scheduler may give it fewer than the machine has.

from daskgallery.system import machine

if __name__ == "__main__":
    this = machine()
    print(this)

# %%
# Wall time and CPU time
# ----------------------
#
# Wall time is what a clock on the wall shows. CPU time is the time the
# processor spent on this process, summed over its threads. Waiting costs wall
# time but almost no CPU time. Pure Python on one thread spends about as much
# of both. NumPy in several threads can spend more CPU time than wall time,
# because several cores work at once.

import time
from concurrent.futures import ThreadPoolExecutor

from daskgallery import workloads
from daskgallery.timing import measure


def sort_in_threads(n_threads):
    with ThreadPoolExecutor(n_threads) as pool:
        list(pool.map(workloads.sort_random, [2_000_000] * 2 * n_threads))


if __name__ == "__main__":
    cases = {
        "waiting": measure(time.sleep, 0.3, repeat=1),
        "pure Python": measure(workloads.count_primes, 150_000, repeat=1),
        "NumPy, threads": measure(sort_in_threads, this.usable_cores, repeat=1),
    }
    for name, timing in cases.items():
        print(f"{name:>15}: wall {timing.wall_best:.2f} s, CPU {timing.cpu_best:.2f} s")

# %%
# Amdahl's law
# ------------
#
# Suppose a fraction ``f`` of a program must run on one core and the rest
# splits perfectly over ``p`` cores. The speed-up can then be at most
# ``1 / (f + (1 - f) / p)``. Even with endless cores it stays below ``1 / f``:
# if a tenth of the work is serial, never more than 10 times.
#
# Our program has nine equal pieces of pure-Python work. One piece runs
# serially first; the other eight run in a pool of ``p`` processes. Its serial
# fraction is therefore 1/9. But eight pieces do not split evenly over 3
# processes: two of them run 3 pieces, one runs 2, and the program waits for
# the busiest. This is load imbalance. The eight pieces take ``ceil(8 / p)``
# rounds, so the speed-up is at most ``9 / (1 + ceil(8 / p))``. This "equal
# pieces" limit is Amdahl's limit when ``p`` divides 8, and lower otherwise.
#
# We measure with every number of processes up to the usable cores (at most
# 8), each pool started before the clock, and keep the best of three rounds
# (``best_of_rounds``): a busy moment then slows one run, not all of them.

import math
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from functools import partial

from daskgallery.timing import best_of_rounds

PIECE, PIECES = 60_000, 8  # one piece counts the primes below PIECE


def program(pool):
    workloads.count_primes(PIECE)  # the serial part
    list(pool.map(workloads.count_primes, [PIECE] * PIECES))  # the parallel part


def amdahl(f, p):
    return 1 / (f + (1 - f) / p)


def equal_pieces(p):
    return (1 + PIECES) / (1 + math.ceil(PIECES / p))


if __name__ == "__main__":
    spawn = multiprocessing.get_context("spawn")
    counts = range(1, min(this.usable_cores, 8) + 1)
    with ExitStack() as stack:
        pools = {p: ProcessPoolExecutor(p, mp_context=spawn) for p in counts}
        for p, pool in pools.items():
            stack.enter_context(pool)
            list(pool.map(workloads.wait, [0.2] * p))  # start the workers first
        runs = {p: partial(program, pool) for p, pool in pools.items()}
        seconds = best_of_rounds(runs, rounds=3)
    speedup = {p: seconds[1] / seconds[p] for p in counts}
    for p in range(1, 9):
        run = f"{speedup[p]:.2f}x ({seconds[p]:.2f} s)" if p in counts else "not run"
        print(
            f"{p} process(es): Amdahl's limit {amdahl(1 / 9, p):.2f}x, "
            f"equal pieces {equal_pieces(p):.2f}x, measured {run}"
        )

# %%
# In the plot, measured points stay under the equal-pieces limit. Between
# Amdahl's curve and that limit, the loss is load imbalance. The rest comes
# from costs that neither limit counts: sending work to the processes, and
# cores that may run slower when all of them are busy (shared caches, a lower
# clock, other work).

from daskgallery.timing import plot_speedups

if __name__ == "__main__":
    fractions = (0.0, 1 / 9, 0.25, 0.5)
    limits = {f"Amdahl, serial fraction {f:.2f}": partial(amdahl, f) for f in fractions}
    limits["8 equal pieces"] = equal_pieces
    plot_speedups(speedup, limits, title="Amdahl's law")

# %%
# What we learned
# ---------------
#
# - Print the machine next to every timing: cores and memory change the
#   answer.
# - Wall time shows speed-ups; CPU time shows how much work was done.
# - The serial part of a program limits its speed-up, however many cores you
#   add. So does work that does not split evenly over the cores.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_00_python_parallel_plot_05_exercise_hash_in_parallel.py`:
#   an exercise on processes and what they send.
# - :ref:`sphx_glr_examples_01_delayed_plot_01_lazy_functions.py`: let
#   Dask build and run the parallel parts.
