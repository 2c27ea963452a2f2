"""
Exercise: the mean of a 3.2 GB array
====================================

The seed notebooks give this exercise, and compare its memory in NumPy and in
Dask: the mean of 400 million random numbers. You will compute it chunk by
chunk, measure its memory, and find out which slices save work.
"""

# %%
# The exercise
# ------------
#
# Make an array ``x`` of 20,000 × 20,000 random numbers, in chunks of 1,000 ×
# 1,000 values. The numbers come from a normal distribution with a mean of 10
# and a standard deviation of 0.1. The seeds call ``da.random.normal``; we use
# a seeded generator, ``da.random.default_rng(42)``, so every run gives the
# same numbers. Take the mean of every 100th row along axis 0 and compute it.
#
# Before you run any code, answer three questions:
#
# 1. How much memory would NumPy need for ``x``?
# 2. How much memory will Dask need? What does it depend on?
# 3. The mean of the first 200 rows (``x[:200]``) also uses 200 rows. Is it
#    faster than the mean of every 100th row (``x[::100]``)? Why?
#
# Then measure: the memory with ``trace_memory`` from ``daskgallery.memory``,
# the times with ``measure`` from ``daskgallery.timing``.
#
# .. solution::

import time

import dask.array as da
from dask.system import CPU_COUNT

from daskgallery.memory import trace_memory
from daskgallery.system import human_size
from daskgallery.timing import measure

rng = da.random.default_rng(42)
x = rng.normal(10, 0.1, size=(20_000, 20_000), chunks=(1_000, 1_000))
print(f"x: {human_size(x.nbytes)} in {x.npartitions} chunks")
print(f"one chunk: {human_size(x.blocks[0, 0].nbytes)}, Dask threads: {CPU_COUNT}")

start = time.perf_counter()
means, trace = trace_memory(x[::100].mean(axis=0).compute)
seconds = time.perf_counter() - start
print(f"{means.size:,} means, from {means.min():.3f} to {means.max():.3f}")
print(f"memory of this process: at most {human_size(trace.peak)}")

# %%
# Now the other slice. Both slices keep 200 rows, but not from the same chunks.

first_200 = measure(x[:200].mean(axis=0).compute, repeat=3).wall_best
print(f"x[::100]: 200 rows from {x[::100].npartitions} chunks, mean in {seconds:.2f} s")
print(f"x[:200]: 200 rows from {x[:200].npartitions} chunks, mean in {first_200:.2f} s")

# %%
# .. end-solution::
#
# Answers:
#
# 1. NumPy would need 3.2 billion bytes for ``x`` alone: 20,000 × 20,000
#    numbers of 8 bytes each, in memory at the same time.
# 2. Dask never holds ``x``. Each task makes one chunk, keeps 10 of its rows
#    and lets the chunk go. As on the previous page, each thread holds a few
#    chunks at most, so the memory depends on the size of a chunk and on the
#    number of threads, not on the size of ``x``. The whole process stays well
#    below the size of ``x``.
# 3. ``x[:200]`` is many times faster. Its 200 rows lie in the first row of
#    chunks, so Dask makes only those 20 chunks. ``x[::100]`` takes 10 rows
#    from each of the 400 chunks, so Dask must make every chunk, all its
#    numbers, to keep a hundredth of them. Choose chunks that match how you
#    read the data.
#
# What we learned
# ---------------
#
# - A blocked mean of an array bigger than the memory needs only a few chunks
#   in memory at a time.
# - A slice is cheap when it needs few chunks. A slice with a step can need
#   every chunk.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_03_array_plot_05_choosing_chunks.py` shows how the
#   chunk size changes time and memory.
# - The Dask documentation on `slicing
#   <https://docs.dask.org/en/stable/array-slicing.html>`_ and on `random
#   numbers <https://docs.dask.org/en/stable/array-creation.html#random-data>`_.
