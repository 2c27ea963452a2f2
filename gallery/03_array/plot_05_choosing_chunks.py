"""
Choosing chunks
===============

The chunk size decides how many tasks Dask runs and how much memory each task
needs. You will time one calculation with chunks from tiny to huge, and see
why both ends are slow.
"""

# %%
# One calculation, many chunk sizes
# ---------------------------------
#
# As in the seed notebook, we take the mean of each column of random numbers,
# here in a square of 4,000 rows and columns. Only the chunks change. We keep
# the best time of two runs, the cores busy in it (CPU time divided by wall
# time) and the peak memory.

import dask.array as da

from daskgallery.memory import time_and_peak
from daskgallery.system import human_size, machine

N = 4_000


def column_means(chunks):
    x = da.random.default_rng(42).normal(10, 0.1, size=(N, N), chunks=chunks)
    return x.mean(axis=0)[::100].compute()


def run(chunks):
    """Best wall time of two runs, cores busy in that run, highest peak memory."""
    return time_and_peak(column_means, chunks, repeat=2, include_children=False)


column_means(1_000)  # warm-up: start the thread pool
EDGES = [125, 250, 500, 1_000, 2_000, 4_000]
results = {edge: run((edge, edge)) for edge in EDGES}
for edge, r in results.items():
    print(
        f"chunk {edge}x{edge} ({(N // edge) ** 2} in all): {r.seconds:.2f} s, "
        f"{r.cores:.1f} cores busy, peak memory {human_size(r.peak)}"
    )

# %%
# Both ends are slow
# ------------------
#
# - Too small: each chunk costs a fixed time, in the scheduler and in NumPy.
#   With a thousand chunks, this overhead is larger than the work itself.
# - Too big: with one chunk, one core works and the others wait. The whole
#   chunk and its temporary copies must fit in memory at once. Small chunks
#   reuse the memory that earlier chunks gave back, so their peak is near zero.
#
# In between, the time changes little. The Dask documentation suggests chunks
# of about 100 megabytes, and at least a few chunks per thread.

import matplotlib.pyplot as plt

times = [results[edge].seconds for edge in EDGES]
peaks = [results[edge].peak for edge in EDGES]
fig, (ax_time, ax_mem) = plt.subplots(1, 2, figsize=(9, 3.8), layout="constrained")
fig.patch.set_facecolor("white")
fig.suptitle(f"One calculation, {len(EDGES)} chunk sizes ({machine().label()})")
ax_time.plot(EDGES, times, "o-")
ax_mem.plot(EDGES, [peak / 2**20 for peak in peaks], "o-", color="C1")
for edge, seconds in zip(EDGES, times, strict=True):
    ax_time.annotate(f"{(N // edge) ** 2}", (edge, seconds), va="bottom")
ax_time.set(title="Time (labels: number of chunks)", ylabel="seconds", ylim=(0, None))
ax_mem.set(title="Peak memory", ylabel="MiB")
for ax in (ax_time, ax_mem):
    ax.set(xscale="log", xlabel="chunk edge (rows = columns)")
    ax.set_xticks(EDGES, [str(edge) for edge in EDGES])
    ax.minorticks_off()
    ax.grid(True, alpha=0.3)

# %%
# Same size, other shape
# ----------------------
#
# The seed notebook compares chunks of 1,000 × 1,000 and 2,000 × 500 values.
# Both give 16 chunks of the same size, so they take about the same time. The
# shape matters when it matches how you read the data: one row touches more
# chunks of 2,000 × 500 than of 1,000 × 1,000.

for chunks in [(1_000, 1_000), (2_000, 500)]:
    seconds = run(chunks).seconds
    x = da.ones((N, N), chunks=chunks)
    print(
        f"chunks {chunks}: {x.npartitions} chunks, {seconds:.2f} s, "
        f"one row touches {x[0].npartitions} chunks"
    )

# %%
# ``rechunk``
# -----------
#
# ``rechunk`` changes the chunks of an array: each new chunk gathers pieces of
# old chunks, here to turn strips into squares. Moving data costs time and
# memory, so choose good chunks early, and rechunk once if you must.

strips = da.ones((4, 4), chunks=(4, 1))
squares = strips.rechunk((2, 2))
print(f"before: {strips.numblocks} chunks, after: {squares.numblocks} chunks")

from daskgallery.graphs import enable_graphviz_fallback

enable_graphviz_fallback()  # draws task graphs as SVG where Graphviz is missing
squares.visualize()

# %%
# Threads inside threads
# ----------------------
#
# Dask runs one thread per core. Some NumPy functions, such as matrix
# products, start threads of their own in OpenBLAS, MKL or OpenMP. Then there
# are more threads than cores, they compete for the cores, and everything gets
# slower: this is ``oversubscription``. The fix is one thread per library, set
# before Python starts, for example with ``export OMP_NUM_THREADS=1``. The
# build of this site sets these variables:

import os

for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    print(f"{name}: {os.environ.get(name, 'not set')}")

# %%
# What we learned
# ---------------
#
# - Tiny chunks make many tasks, and their overhead costs more than the work.
# - One huge chunk leaves cores idle and needs more memory.
# - The shape of a chunk matters when it matches how you read the data.
#   ``rechunk`` changes chunks, at a cost.
# - Set ``OMP_NUM_THREADS=1`` and its relatives when Dask runs the threads.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_03_array_plot_06_linear_algebra.py`: linear
#   algebra on chunked arrays.
# - The Dask documentation on `chunks
#   <https://docs.dask.org/en/stable/array-chunks.html>`_ and `array best
#   practices <https://docs.dask.org/en/stable/array-best-practices.html>`_.
