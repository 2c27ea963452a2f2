"""
Exercise: choose a scheduler
============================

Two jobs hash the same CPF numbers with SHA-256, yet they need different
schedulers. Predict which scheduler suits each job, then measure to check.
Try it yourself first, then open the solution.
"""

# %%
# Two ways to hash CPF numbers
# ----------------------------
#
# In :ref:`sphx_glr_examples_00_python_parallel_plot_01_one_core.py`, an
# analyst hides CPF numbers behind a salted SHA-256 hash (``hash_cpf``), which
# is quick. But a CPF has only nine free digits, so anyone can hash every
# possible number and find the matches. A stronger method, PBKDF2, repeats
# SHA-256 thousands of times for each number (``stretch`` below). Both jobs
# are graphs of batches of numbers, a few batches per core.
# This page starts processes, so the code that does work runs under
# ``if __name__ == "__main__":``.

import hashlib

import dask
from dask.system import CPU_COUNT

from daskgallery.datasets import cpfs
from daskgallery.workloads import SALT, hash_cpfs

BATCHES = 4 * CPU_COUNT


def stretch(batch, iterations=10_000):
    """PBKDF2: ``iterations`` rounds of SHA-256 for each number, in C."""
    salt = SALT.encode()
    return [hashlib.pbkdf2_hmac("sha256", c.encode(), salt, iterations) for c in batch]


if __name__ == "__main__":
    numbers = cpfs(100_000, seed=2013)
    inputs = {"SHA-256": numbers, "PBKDF2": numbers[:128]}
    functions = {"SHA-256": hash_cpfs, "PBKDF2": stretch}
    jobs = {
        job: [dask.delayed(functions[job])(values[i::BATCHES]) for i in range(BATCHES)]
        for job, values in inputs.items()
    }
    for job, values in inputs.items():
        print(f"{job}: {len(values):,} numbers in {len(jobs[job])} batches")

# %%
# Exercise
# --------
#
# For each job, predict: does the ``threads`` scheduler make it faster than
# ``synchronous``? Would ``processes`` be faster still? Then measure both
# jobs on the three schedulers with ``compute(scheduler=...)``, and choose a
# scheduler for each job. A hint: where does each job spend its time, in
# Python code or inside one call to C code?
#
# .. solution::

import functools
import itertools

from daskgallery.timing import best_of_rounds

if __name__ == "__main__":
    schedulers = ["synchronous", "threads", "processes"]
    runs = {
        (job, name): functools.partial(dask.compute, *jobs[job], scheduler=name)
        for job, name in itertools.product(jobs, schedulers)
    }
    pools = {key: run for key, run in runs.items() if key[1] == "processes"}
    best = best_of_rounds({k: v for k, v in runs.items() if k not in pools}, rounds=3)
    best |= best_of_rounds(pools, rounds=1)  # a pool takes long to start
    for job, name in runs:
        speedup = best[job, "synchronous"] / best[job, name]
        print(f"{job}, {name}: {best[job, name]:.3f} s ({speedup:.2f}x)")

# %%
# - PBKDF2: choose ``threads``. Each call spends its time in C code, and
#   ``hashlib`` releases the ``GIL`` while it hashes, so the threads run at the
#   same time. ``processes`` must start a pool first.
# - SHA-256: ``threads`` is no faster. Each hash is short: the time goes to
#   the Python code around it, and ``hashlib`` keeps the ``GIL`` for short
#   inputs. ``processes`` is even slower: the whole job takes less time than
#   starting the pool and copying the numbers to it. Keep this job on
#   ``synchronous`` (or the default ``threads``). For many millions of
#   numbers, use ``distributed``: its worker processes are already running.
#
# .. end-solution::
#
# What we learned
# ---------------
#
# - The same library can hold or release the ``GIL``: what matters is where
#   the time goes. Measure before you choose.
# - A pool of processes pays off only for jobs much longer than its start-up.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_06_distributed_plot_01_client_localcluster.py`
#   starts a cluster whose worker processes keep running.
# - The Python documentation of `hashlib
#   <https://docs.python.org/3/library/hashlib.html>`_, on the ``GIL``.
