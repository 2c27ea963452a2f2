"""
Blocked algorithms
==================

Dask computes on a big array one chunk at a time and then combines the small
results. You will compute a mean this way by hand, let Dask do the same, and
use NumPy syntax on a Dask array.
"""

# %%
# Numbers on disk
# ---------------
#
# The helper package writes random numbers to disk in the Zarr format, in
# chunks of equal size. The numbers are synthetic: they come from an
# exponential distribution with a mean of 1. With ``DASKGALLERY_SCALE=large``
# there are one billion of them, as in the seed notebook.

import zarr

from daskgallery.datasets import random_array_store
from daskgallery.system import human_size

path = random_array_store()
store = zarr.open_array(path, mode="r")
n, step, size = store.shape[0], store.chunks[0], human_size(store.nbytes)
print(f"{n:,} numbers of type {store.dtype}, {size}, in chunks of {step:,} numbers")

# %%
# The mean by hand
# ----------------
#
# A ``blocked algorithm`` splits one big calculation into many small ones. For
# a mean, we sum each chunk, add up the partial sums and divide by the count.
# Only one chunk is in memory at a time.

import numpy as np

sums = []
for start in range(0, n, step):
    chunk = store[start : start + step]  # one chunk, read from disk
    sums.append(chunk.sum())
mean_by_hand = np.sum(sums) / n
print(f"partial sums: {len(sums)}, mean by hand: {mean_by_hand:.6f}")

# %%
# The mean with Dask
# ------------------
#
# ``da.from_zarr`` makes a Dask array from the store, with the chunks of the
# store. Nothing is read yet.

import dask.array as da

x = da.from_zarr(path)
x

# %%
# ``x.mean()`` builds the same algorithm as our loop, and ``compute`` runs it.
# Dask reads and sums several chunks at the same time, one per thread.

with_dask = x.mean().compute()
print(f"chunks in the Dask array: {x.npartitions}, mean with Dask: {with_dask:.6f}")
print(f"same result: {bool(np.isclose(with_dask, mean_by_hand))}")

# %%
# Here is the graph for the first four chunks. Each branch reads one chunk and
# computes its partial result. One task combines the partial results. With
# ``optimize_graph=True`` the graph shows only the tasks that Dask runs.

from daskgallery.graphs import enable_graphviz_fallback

enable_graphviz_fallback()  # draws task graphs as SVG where Graphviz is missing
x[: 4 * step].mean().visualize(optimize_graph=True)

# %%
# NumPy syntax on Dask arrays
# ---------------------------
#
# A Dask array understands most of NumPy's syntax. We view the numbers as a
# table with 5,000 columns. Transposing, arithmetic, slicing with a step and
# reductions along an axis all work as in NumPy. Each result is a new Dask
# array: nothing runs.

table = x.reshape(-1, 5000)
y = 2.0 + table.T  # transpose and add
z = y[::2, 1000:].mean(axis=1)  # every second row, from column 1,000
for name, arr in [("table", table), ("y", y), ("z", z)]:
    print(f"{name}: {type(arr).__name__}, shape {arr.shape}, chunks {arr.chunksize}")

# %%
# NumPy functions stay lazy too. ``np.cos`` on a Dask array returns a Dask
# array, not numbers.

w = (np.cos(table) ** 2).mean(axis=1)
print(f"np.cos gives a Dask array: {isinstance(w, da.Array)}")
w

# %%
# ``compute`` turns the result into a NumPy array. Functions that need the
# values, such as ``np.asarray`` or a plot, compute them too.

values = w.compute()
print(f"{type(values).__name__} of shape {values.shape}, first {values[0]:.4f}")

# %%
# Exercise: a histogram by blocks
# -------------------------------
#
# Count the numbers in 40 bins between 0 and 8, chunk by chunk, with
# ``np.histogram`` and the same bins for every chunk. Add up the counts. Then
# compare with ``da.histogram`` and draw the counts.
#
# .. solution::

import matplotlib.pyplot as plt

bins = np.linspace(0, 8, 41)
counts_by_hand = sum(
    np.histogram(store[start : start + step], bins)[0] for start in range(0, n, step)
)
counts = da.histogram(x, bins=bins)[0].compute()

fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
ax.stairs(counts, bins, fill=True)
ax.set(title="Synthetic exponential numbers", xlabel="value", ylabel="count")
print(f"same counts: {np.array_equal(counts, counts_by_hand)}")

# %%
# .. end-solution::
#
# What we learned
# ---------------
#
# - A blocked algorithm computes on each chunk, then combines the small
#   results. Only a few chunks are in memory at a time.
# - ``da.from_zarr`` reads an array on disk chunk by chunk, and ``x.mean()``
#   builds the blocked algorithm for us.
# - Transposes, slices, reductions along an axis and NumPy functions on a Dask
#   array return new, lazy Dask arrays.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_03_array_plot_03_bigger_than_memory.py`
#   measures how little memory this takes.
# - The Dask documentation on `creating arrays
#   <https://docs.dask.org/en/stable/array-creation.html>`_ and on the `NumPy
#   API that Dask supports <https://docs.dask.org/en/stable/array-api.html>`_.
