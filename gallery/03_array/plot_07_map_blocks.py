"""
Your own function on every chunk
================================

``map_blocks`` runs your own NumPy function on every chunk. ``map_overlap``
also gives it the values it needs from the neighbouring chunks. You will use
both and check them against NumPy and SciPy.
"""

# %%
# What Dask infers
# ----------------
#
# Our data is a small image: 12 × 12 random values between 0 and 1, in four
# chunks of 6 × 6. Our function turns a chunk into 8-bit grey levels (0 to
# 255), and records the shape of each block it gets. Dask must know the
# ``dtype`` and the array type of the result before it runs anything. Without
# help, it calls the function on fake arrays: an empty one, for the array type,
# and a 1 × 1 one, for the ``dtype``. With ``dtype=``, only the empty one. With
# ``meta=``, an empty array of the right type, none.

import dask.array as da
import numpy as np

x = da.random.default_rng(42).random((12, 12), chunks=6)
x_np = x.compute()  # a NumPy copy, to check the results
seen = []


def to_grey_levels(block):
    seen.append(block.shape)  # what Dask passes to the function
    return np.round(block * 255).astype(np.uint8)


for options in [{}, {"dtype": np.uint8}, {"meta": np.array((), dtype=np.uint8)}]:
    seen.clear()
    grey = x.map_blocks(to_grey_levels, **options)
    print(f"{', '.join(options) or 'nothing'}: dtype {grey.dtype}, calls {seen}")
result = grey.compute()
print(f"compute: calls {seen}, equal {np.array_equal(result, to_grey_levels(x_np))}")

# %%
# New chunk shapes: ``chunks`` and ``drop_axis``
# ----------------------------------------------
#
# To halve an image, we take the mean of each square of 2 × 2 values: a chunk
# of 6 × 6 becomes 3 × 3. The fake 1 × 1 array has no such square, so Dask
# cannot infer the ``dtype``. Dask does not guess the new shape, nor check it:
# we pass ``chunks``. The 90th percentile of each row turns 2-D chunks into
# 1-D ones: ``drop_axis=1`` says that axis 1 is gone. Dask first
# concatenates the chunks along that axis, so that each call gets whole rows.


def halve(block):
    rows, cols = block.shape
    return block.reshape(rows // 2, 2, cols // 2, 2).mean(axis=(1, 3))


try:
    x.map_blocks(halve)
except ValueError as error:
    print(f"ValueError: {str(error).splitlines()[0]}")
wrong = x.map_blocks(halve, dtype=float)
print(f"without chunks: shape {wrong.shape}, computed {wrong.compute().shape}")
half = x.map_blocks(halve, chunks=(3, 3), dtype=float)
print(f"with chunks: shape {half.shape}, equal {bool((half == halve(x_np)).all())}")
p90 = x.map_blocks(np.percentile, 90, axis=1, drop_axis=1, meta=np.array(()))
equal = np.array_equal(p90.compute(), np.percentile(x_np, 90, axis=1))
print(f"drop_axis: shape {p90.shape}, chunks {p90.chunks}, equal {equal}")

# %%
# A stencil: wrong at the chunk edges
# -----------------------------------
#
# A ``stencil`` computes each value from its neighbours: here, the mean of the
# 3 × 3 square around it, a smoothing filter. ``map_blocks`` gives it no
# neighbour from the next chunk, so the values along the inner edges are wrong.

from scipy import ndimage


def smooth(block):
    return ndimage.correlate(block, np.full((3, 3), 1 / 9), mode="reflect")


expected = smooth(x_np)  # SciPy on the whole array
diff = abs(x.map_blocks(smooth, meta=np.array(())).compute() - expected)
print(f"map_blocks: {(diff > 0).sum()} of {x.size} cells differ, max {diff.max():.3f}")

# %%
# ``map_overlap``: a halo around each chunk
# -----------------------------------------
#
# ``map_overlap`` copies a ``halo`` from the neighbours around each chunk, here
# ``depth=1`` row and column, runs the function, then trims the halo.
# ``boundary`` says what goes around the outer edge of the whole array:
# ``"reflect"`` matches SciPy's mode, and with ``"none"`` the function handles
# that edge itself, with fewer tasks. In the graph for ``"none"``, ``getitem``
# cuts strips, such as ``(0.9, 1)``, from the neighbours, and ``overlap`` glues
# them to the chunk.

from daskgallery.graphs import enable_graphviz_fallback

for boundary in ["reflect", "periodic", 0, "none"]:
    smoothed = x.map_overlap(smooth, depth=1, boundary=boundary, meta=np.array(()))
    differ = (smoothed.compute() != expected).sum()
    print(f"boundary={boundary!r}: {differ} cells differ, {len(smoothed.dask)} tasks")
enable_graphviz_fallback()  # draws task graphs as SVG where Graphviz is missing
smoothed.visualize()

# %%
# The cost of the halo
# --------------------
#
# On a bigger array, the halo adds few bytes. But ``overlap`` copies each
# chunk, so ``map_overlap`` takes longer than ``map_blocks`` (best of three).

from daskgallery.datasets import get_scale
from daskgallery.system import machine
from daskgallery.timing import best_of_rounds

N = {"small": 4_000, "large": 8_000}[get_scale()]
big = da.random.default_rng(42).random((N, N), chunks=1_000).persist()
halo = da.overlap.overlap(big, depth=1, boundary="none").nbytes - big.nbytes
print(f"{big.shape}: {big.npartitions} chunks, halo {halo / big.nbytes:.1%} more bytes")
blocks = big.map_blocks(smooth, meta=np.array(())).sum()
overlap = big.map_overlap(smooth, depth=1, boundary="none", meta=np.array(())).sum()
t = best_of_rounds({"map_blocks": blocks.compute, "map_overlap": overlap.compute})
print(", ".join(f"{name}: {s:.2f} s" for name, s in t.items()))
print(machine().label())

# %%
# What we learned
# ---------------
#
# - ``map_blocks`` runs a function on every chunk. Pass ``meta`` (or ``dtype``),
#   and ``chunks`` or ``drop_axis`` when the chunk shape changes.
# - A stencil needs its neighbours: ``map_blocks`` gets the chunk edges wrong.
#   ``map_overlap`` adds a halo of ``depth`` values, and ``boundary`` fills the
#   outer edge. The halo costs time: use it only for stencils.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_03_array_plot_08_xarray.py`: names and labels
#   for the axes of an array, with Xarray.
# - The Dask documentation on `map_blocks
#   <https://docs.dask.org/en/stable/generated/dask.array.map_blocks.html>`_
#   and on `overlapping computations
#   <https://docs.dask.org/en/stable/array-overlap.html>`_.
