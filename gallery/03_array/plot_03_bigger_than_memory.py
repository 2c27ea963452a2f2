"""
Bigger than memory
==================

A Dask array can be bigger than the memory of your computer, because Dask
keeps only a few chunks in memory at a time. You will measure the peak memory
of one calculation in NumPy and in Dask, and the memory that ``persist`` uses.
"""

# %%
# A big array of ones
# -------------------
#
# The seed notebook makes an array of ones with 200,000 rows and 4,000 columns:
# 6.4 billion bytes. This page makes that array with
# ``DASKGALLERY_SCALE=large``. At the default scale it has 16,000 rows, so that
# NumPy can run the same calculation and we can compare. The chunks have 2,000
# rows and all the columns: 64 million bytes each, close to the size that the
# Dask documentation suggests.

import dask.array as da
from dask.system import CPU_COUNT

from daskgallery.datasets import get_scale
from daskgallery.system import human_size, machine

ROWS = {"small": 16_000, "large": 200_000}[get_scale()]
COLUMNS = 4_000
CHUNKS = (2_000, COLUMNS)
CHUNK_BYTES = CHUNKS[0] * CHUNKS[1] * 8  # float64 values

big_ones = da.ones((ROWS, COLUMNS), chunks=CHUNKS)
free = human_size(machine().available_memory)
print(f"scale: {get_scale()}, Dask threads: {CPU_COUNT}, free memory: {free}")
print(f"array: {human_size(big_ones.nbytes)} in {big_ones.npartitions} chunks")
print(f"one chunk: {human_size(CHUNK_BYTES)}")
big_ones

# %%
# Peak memory, measured
# ---------------------
#
# We multiply each value by the value at the mirror position, then take the
# mean. ``trace_memory`` from the helper package runs a function, samples the
# memory of the process every few milliseconds, and reports the peak above the
# memory in use before the call. NumPy needs the whole array in memory, plus a
# second array of the same size for the product. We run NumPy only if this
# machine has enough free memory.

import numpy as np

from daskgallery.memory import plot_memory, rss, trace_memory


def with_numpy():
    ones = np.ones((ROWS, COLUMNS))
    return (ones * ones[::-1, ::-1]).mean()


def with_dask(rows=ROWS):
    ones = da.ones((rows, COLUMNS), chunks=CHUNKS)
    return (ones * ones[::-1, ::-1]).mean().compute()


traces = {}
numpy_fits = 3 * big_ones.nbytes < machine().available_memory
if numpy_fits:
    result, traces["NumPy"] = trace_memory(with_numpy)
    print(f"NumPy: mean {result}, peak {human_size(traces['NumPy'].peak_increase)}")
else:
    print("NumPy: not run, this machine does not have enough free memory")
result, traces["Dask"] = trace_memory(with_dask)
dask_peak = traces["Dask"].peak_increase
print(f"Dask: mean {result}, peak {human_size(dask_peak)}")
print(f"Dask peak in chunks: {dask_peak / CHUNK_BYTES:.1f}")

# %%
# The plot shows the memory in use over time. NumPy climbs to about twice the
# size of the array. Dask stays at a few chunks: each thread holds the chunk
# that it computes, and Dask lets go of each chunk when its partial mean is
# done. With more threads, Dask holds more chunks at the same time.

fig = plot_memory(traces, title="The same calculation, in NumPy and in Dask")

# %%
# Memory does not grow with the array
# -----------------------------------
#
# We run the Dask calculation five times on each array, from half the size to
# four times the size, and keep the fastest time and the highest peak: with
# only a few chunks, the threads do not always hold their chunks at the same
# moment. The time grows with the size. The peak memory depends on the chunk
# size and the number of threads, not on the size of the array.

from daskgallery.memory import time_and_peak

for rows in (ROWS // 2, ROWS, 4 * ROWS):
    run = time_and_peak(with_dask, rows, repeat=5)
    size = human_size(rows * COLUMNS * 8)
    print(f"array {size}: peak {human_size(run.peak)}, {run.seconds:.2f} s")

# %%
# ``persist``: keep the chunks in memory
# --------------------------------------
#
# ``persist`` computes an array and keeps all its chunks in memory, so later
# calculations start from them. This saves time when you reuse an array that
# is slow to compute, such as ``np.cos(big_ones) ** 2``. But the chunks hold
# the size of the whole array in memory, until you delete the array.

import time

from daskgallery.timing import measure

squares = np.cos(big_ones) ** 2
if numpy_fits:  # persist needs the whole array in memory too
    from_scratch = measure(squares.mean().compute, repeat=1).wall_best
    before, start = rss(), time.perf_counter()
    persisted = squares.persist()
    persist_seconds, held = time.perf_counter() - start, rss() - before
    from_memory = measure(persisted.mean().compute, repeat=2).wall_best
    print(f"mean from scratch: {from_scratch:.2f} s, persist: {persist_seconds:.2f} s")
    print(f"mean from persisted chunks: {from_memory:.2f} s")
    print(f"memory held by persist: {human_size(max(held, 0))}")
    del persisted
    print(f"memory held after del: {human_size(max(rss() - before, 0))}")
else:
    print("persist: not run, this machine does not have enough free memory")

# %%
# What we learned
# ---------------
#
# - NumPy needs the whole array in memory, often more than once.
# - Dask keeps a few chunks per thread in memory, so the array can be bigger
#   than the memory.
# - ``persist`` keeps all the chunks in memory: later calculations are faster,
#   and the memory stays in use until you delete the array.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_03_array_plot_04_exercise_big_mean.py`: the
#   mean of a 3.2 GB array, as an exercise.
# - The Dask documentation on `persist
#   <https://docs.dask.org/en/stable/api.html#dask.persist>`_ and on `best
#   practices for arrays
#   <https://docs.dask.org/en/stable/array-best-practices.html>`_.
