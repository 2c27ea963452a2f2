"""
Exercise: hash CPF numbers in parallel
======================================

Apply the lessons of this chapter to the hashing of the first page. Predict
the speed-up of a pool of processes, measure it, and find out where the time
goes. Try it yourself first, then open the solution.
"""

# %%
# The serial code
# ---------------
#
# The first page hashed synthetic CPF numbers in a plain loop, on one core.
# ``hash_cpfs`` from the helper package does the same for a list of numbers.
# We time it (best of three runs) and keep its hashes to check the answer.

import inspect

from daskgallery.datasets import cpfs
from daskgallery.system import machine
from daskgallery.timing import measure
from daskgallery.workloads import hash_cpfs

WORKERS = min(machine().usable_cores, 8)
PEPPER = 4711

if __name__ == "__main__":
    print(inspect.getsource(hash_cpfs))
    numbers = cpfs(200_000, seed=2013)
    hashes = hash_cpfs(numbers, pepper=PEPPER)
    serial = measure(hash_cpfs, numbers, pepper=PEPPER, repeat=3).wall_best
    print(f"{len(numbers):,} CPF numbers hashed on one core in {serial:.3f} s")
    print(f"usable cores: {machine().usable_cores}, processes used: {WORKERS}")

# %%
# Exercise
# --------
#
# Hash the same numbers in a pool of ``WORKERS`` processes. Cut the list into
# one batch per process and send each batch to ``hash_cpfs``, so that each
# message carries many numbers. Check that you get the same hashes in the
# same order.
#
# Before you run it, write down the speed-up you expect on this machine. If
# the measured speed-up is far from your guess, find out where the time goes:
# what travels to the processes, and what comes back?
#
# .. solution::

import multiprocessing
from functools import partial

from daskgallery.workloads import wait

if __name__ == "__main__":
    size = -(-len(numbers) // WORKERS)  # rounded up
    batches = [numbers[i : i + size] for i in range(0, len(numbers), size)]
    hash_batch = partial(hash_cpfs, pepper=PEPPER)
    with multiprocessing.get_context("spawn").Pool(WORKERS) as pool:
        pool.map(wait, [0.0] * WORKERS, chunksize=1)  # start them all
        pooled = measure(pool.map, hash_batch, batches, repeat=3).wall_best
        results = pool.map(hash_batch, batches)
    same = [h for batch in results for h in batch] == hashes
    print(f"pool of {WORKERS} processes: {pooled:.3f} s")
    print(f"speed-up: {serial / pooled:.2f}x, same hashes in the same order: {same}")

# %%
# The speed-up is well under the number of processes. To see why, we measure
# what moving the data costs. Each batch travels as a ``pickle``: the main
# process packs it, the worker unpacks it. The hashes come back the same way,
# and a hash (64 characters) is more than four times longer than a CPF number
# (14 characters).

import pickle


def pack_and_unpack(*objects):
    for obj in objects:
        pickle.loads(pickle.dumps(obj))


if __name__ == "__main__":
    there, back = len(pickle.dumps(batches)), len(pickle.dumps(results))
    moving = measure(pack_and_unpack, batches, results, repeat=3).wall_best
    print(f"sent: {there / 1e6:.1f} MB of numbers, back: {back / 1e6:.1f} MB of hashes")
    print(f"packing and unpacking them: {moving:.3f} s")
    print(f"the hashing itself: {serial:.3f} s ({moving / serial:.0%} of it)")

# %%
# Moving the data costs a large part of what the hashing costs. The main
# process packs every batch and unpacks every hash by itself, on one core.
# With so little work per byte, more processes help little. Compare the prime
# counts of the previous pages: one small number goes out, one comes back, and
# the work in between is long.
#
# .. end-solution::
#
# What we learned
# ---------------
#
# - Before you parallelise, predict the speed-up, then measure it.
# - A pool of processes pays off when each task does much work for the bytes
#   that it sends and receives.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_01_delayed_plot_01_lazy_functions.py`: let
#   Dask build and run the parallel parts.
# - The Python documentation on `what can be pickled
#   <https://docs.python.org/3/library/pickle.html#what-can-be-pickled-and-unpickled>`_.
