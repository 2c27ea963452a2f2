"""
Chunked arrays with ``dask.array``
==================================

A Dask array is a grid of NumPy arrays called ``chunks``. You will learn how
to create one, how to read its summary, and how its chunks become the tasks
of a task graph.
"""

# %%
# A NumPy array first
# -------------------
#
# We start with a NumPy array of ones with 1,000 rows and 4,000 columns. NumPy
# creates every value at once, in memory.

import numpy as np

from daskgallery.system import human_size

shape = (1000, 4000)
ones_np = np.ones(shape)
print(f"NumPy array: shape {ones_np.shape}, {human_size(ones_np.nbytes)} in memory")

# %%
# The same array with Dask
# ------------------------
#
# ``da.ones`` takes the same shape. The ``chunks`` argument says how to cut
# the array: here in blocks of 1,000 × 1,000 values. The summary shows the size
# of the whole array and of one chunk, the number of chunks and a diagram of
# the grid. No value exists yet.

import dask.array as da

ones = da.ones(shape, chunks=(1000, 1000))
ones

# %%
# ``compute`` creates the values and returns a plain NumPy array.

result = ones.compute()
print(f"{type(result).__name__} of shape {result.shape}")
print(f"equal to the NumPy array: {np.array_equal(result, ones_np)}")

# %%
# The task graph of an array
# --------------------------
#
# One task makes each chunk. The tasks have nothing in common, so they can
# run in parallel.

print(f"chunks per axis: {ones.numblocks}, tasks: {ones.npartitions}")

from daskgallery.graphs import enable_graphviz_fallback

enable_graphviz_fallback()  # draws task graphs as SVG where Graphviz is missing
ones.visualize()

# %%
# A reduction
# -----------
#
# We rarely want the array itself. We want something computed from it, such
# as its sum. Dask sums each chunk on its own, then adds up the partial sums.
# The graph shows both steps.

sum_of_ones = ones.sum()
sum_of_ones.visualize()

# %%
# The result is the number of values in the array.

print(f"sum: {sum_of_ones.compute():,.0f}")
print(f"values in the array: {ones.size:,}")

# %%
# A fancier expression
# --------------------
#
# With more operations, the graph grows. Here we multiply the array by itself
# reversed along both axes, then take the mean.

fancy_calculation = (ones * ones[::-1, ::-1]).mean()
fancy_calculation.visualize()

# %%
# Dask runs the whole graph only when we ask for the result.

print(f"mean: {fancy_calculation.compute()}")

# %%
# Exercise: chunks that do not fit
# --------------------------------
#
# The chunk size does not have to divide the shape. Cut the same array in
# chunks of 300 × 1,500 values. Before you run any code, answer three
# questions. How many chunks are there along each axis? What is the shape of
# the chunk in the bottom-right corner? Is the sum still 4,000,000? Then check
# your answers with ``numblocks``, ``chunks`` and ``blocks``, and draw the
# graph of the sum.
#
# .. solution::

uneven = da.ones(shape, chunks=(300, 1500))
print(f"chunks per axis: {uneven.numblocks}")
print(f"chunk sizes: rows {uneven.chunks[0]}, columns {uneven.chunks[1]}")
print(f"bottom-right chunk: {uneven.blocks[-1, -1].shape}")
print(f"sum: {uneven.sum().compute():,.0f}")
uneven.sum().visualize()

# %%
# .. end-solution::
#
# Dask fills each axis with full chunks and makes the last chunk smaller: the
# 1,000 rows become 300 + 300 + 300 + 100. The sum does not change, because
# the chunks only decide how Dask cuts the work. The graph has one branch per
# chunk, 12 in all, and a few tasks that add up the partial sums. Chunks of
# equal size give tasks of equal size, so prefer a chunk size that divides the
# shape.
#
# What we learned
# ---------------
#
# - A Dask array is a grid of NumPy chunks. Its summary shows the shape, the
#   chunk size and the number of chunks.
# - Operations on the array build a task graph, with tasks for each chunk.
# - ``compute`` runs the graph and returns a NumPy array or a number.
#
# See also
# --------
#
# - :ref:`sphx_glr_examples_01_delayed_plot_01_lazy_functions.py` builds
#   a task graph by hand.
# - The Dask documentation on `arrays
#   <https://docs.dask.org/en/stable/array.html>`_ and on `chunks
#   <https://docs.dask.org/en/stable/array-chunks.html>`_.
