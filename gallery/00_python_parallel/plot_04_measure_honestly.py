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
# fraction is therefore 1/9. We measure it with 1 process, then with every
# number of processes up to the usable cores (at most 8), in three rounds, and
# keep the best time of each: a moment when the machine is busy then slows one
# run, not every run with the same number of processes.

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

PIECE = 90_000  # primes below this: one piece of work


def program(pool):
    workloads.count_primes(PIECE)  # the serial part
    list(pool.map(workloads.count_primes, [PIECE] * 8))  # the parallel part


def amdahl(f, p):
    return 1 / (f + (1 - f) / p)


if __name__ == "__main__":
    spawn = multiprocessing.get_context("spawn")
    counts = list(range(1, min(this.usable_cores, 8) + 1))
    seconds = {}
    for _ in range(3):
        for p in counts:
            with ProcessPoolExecutor(p, mp_context=spawn) as pool:
                list(pool.map(workloads.wait, [0.2] * p))  # start the workers first
                run = measure(program, pool, repeat=1).wall_best
            seconds[p] = min(run, seconds.get(p, run))
    speedup = {p: seconds[1] / seconds[p] for p in counts}
    for p in counts:
        print(
            f"{p} process(es): {seconds[p]:.2f} s, speed-up {speedup[p]:.2f}x, "
            f"Amdahl's limit {amdahl(1 / 9, p):.2f}x"
        )

# %%
# The plot shows the measured speed-ups next to Amdahl's curves. Measured
# points stay under the curve of their serial fraction: real pools also pay to
# send work to the processes and to collect the results.

import matplotlib.pyplot as plt

from daskgallery.timing import machine_footnote

if __name__ == "__main__":
    fig, ax = plt.subplots(figsize=(6.4, 4.2), layout="constrained")
    fig.patch.set_facecolor("white")
    cores = list(range(1, 17))
    for f in (0.0, 1 / 9, 0.25, 0.5):
        ax.plot(
            cores,
            [amdahl(f, p) for p in cores],
            "--",
            label=f"Amdahl, serial fraction {f:.2f}",
        )
    ax.plot(counts, [speedup[p] for p in counts], "ko-", ms=8, label="measured")
    ax.set(xlabel="processes", ylabel="speed-up", title="Amdahl's law")
    ax.legend(fontsize=8)
    ax.grid(True, alpha=0.3)
    machine_footnote(fig)

# %%
# What we learned
# ---------------
#
# - Print the machine next to every timing: cores and memory change the
#   answer.
# - Wall time shows speed-ups; CPU time shows how much work was done.
# - The serial part of a program limits its speed-up, however many cores you
#   add.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_01_delayed_plot_01_lazy_functions.py`: let
#   Dask build and run the parallel parts.
