"""
Linear algebra
==============

``dask.array`` has blocked versions of common linear algebra: the QR and
singular value decompositions, matrix products and tensor contractions. You
will run them on a tall-and-skinny array and check each result against NumPy.
"""

# %%
# A tall-and-skinny array
# -----------------------
#
# Many data sets have many rows and few columns: many measurements of a few
# variables. Dask's QR and SVD work on such ``tall-and-skinny`` arrays, cut
# into chunks along the rows only. Our array has 200,000 rows and 50 columns of
# random numbers, in 8 chunks. ``persist`` computes it once and keeps it in
# memory. We also keep a NumPy copy, to check the results.

import dask.array as da

rng = da.random.default_rng(42)
X = rng.random((200_000, 50), chunks=(25_000, 50)).persist()
X_np = X.compute()
X

# %%
# QR decomposition
# ----------------
#
# ``da.linalg.qr`` writes ``X`` as ``Q @ R``: ``Q`` has the shape of ``X`` and
# orthonormal columns, and ``R`` is a small upper triangular matrix. Dask uses
# the tall-and-skinny QR algorithm: each chunk is factored on its own, then the
# small ``R`` factors are stacked and factored again. The graph of a small
# example with four chunks shows these steps, and how ``Q`` is put together.

small_q, small_r = da.linalg.qr(da.ones((40, 5), chunks=(10, 5)))

from daskgallery.graphs import enable_graphviz_fallback

enable_graphviz_fallback()  # draws task graphs as SVG where Graphviz is missing
small_q.visualize(rankdir="LR")

# %%
# On our array, we compare with ``np.linalg.qr``. The signs of the rows of
# ``R`` are a free choice, so we compare absolute values.

import time

import numpy as np

start = time.perf_counter()
q, r = da.compute(*da.linalg.qr(X))
dask_seconds = time.perf_counter() - start
start = time.perf_counter()
q_np, r_np = np.linalg.qr(X_np)
numpy_seconds = time.perf_counter() - start
print(f"Q: {q.shape}, R: {r.shape}")
print(f"Q @ R equals X: {np.allclose(q @ r, X_np)}")
print(f"columns of Q are orthonormal: {np.allclose(q.T @ q, np.eye(50))}")
print(f"R equals NumPy's R, up to signs: {np.allclose(abs(r), abs(r_np))}")
print(f"time: Dask {dask_seconds:.2f} s, NumPy {numpy_seconds:.2f} s")

# %%
# Singular value decomposition
# ----------------------------
#
# ``da.linalg.svd`` starts with the same QR algorithm, then decomposes the
# small ``R`` with NumPy. It returns ``u``, ``s`` and ``v`` as lazy arrays.

u, s, v = da.linalg.svd(X)
s = s.compute()
s_np = np.linalg.svd(X_np, compute_uv=False)
print(f"singular values equal NumPy's: {np.allclose(s, s_np)}")
print(f"largest {s[0]:.1f}, smallest {s[-1]:.1f}")

# %%
# Matrix products and ``tensordot``
# ---------------------------------
#
# ``X.T @ X`` is a small 50 × 50 matrix. Each chunk gives a small product and
# Dask adds them up: a blocked algorithm again. ``da.tensordot`` with
# ``axes=(0, 0)`` sums over the rows in the same way, and works for arrays
# with more dimensions too.

gram = da.tensordot(X, X, axes=(0, 0))
print(f"tensordot: shape {gram.shape}, {gram.npartitions} chunk")
gram = gram.compute()
print(f"equals X.T @ X: {np.allclose(gram, (X.T @ X).compute())}")
print(f"equals NumPy's: {np.allclose(gram, X_np.T @ X_np)}")

# %%
# Least squares
# -------------
#
# A common use of QR: find ``beta`` such that ``X @ beta`` is closest to
# ``y``. With ``X = Q @ R``, ``beta`` solves ``R @ beta = Q.T @ y``. Dask
# computes ``Q.T @ y`` chunk by chunk. ``R`` is small, so NumPy finishes the
# job. ``da.linalg.lstsq`` does all this in one call, but it needs SciPy.

true_beta = np.linspace(-1, 1, 50)
y = X @ true_beta + rng.normal(0, 0.01, size=200_000, chunks=25_000)
q, r = da.linalg.qr(X)
qty, r = da.compute(q.T @ y, r)
beta = np.linalg.solve(r, qty)
print(f"largest error in beta: {abs(beta - true_beta).max():.4f}")

# %%
# Chunks along both axes
# ----------------------
#
# QR and SVD need chunks along one axis only: many rows (tall-and-skinny) or
# many columns (short-and-fat). On an array cut along both axes, they stop and
# suggest ``rechunk``. For such arrays,
# ``da.linalg.svd_compressed`` computes the ``k`` largest singular values
# approximately, with a randomized algorithm. Here, a matrix of rank 5.

left = rng.random((1_000, 5), chunks=(500, 5))
A = left @ rng.random((5, 1_000), chunks=(5, 500))
print(f"chunks along both axes: {A.numblocks}")
try:
    da.linalg.qr(A)
except NotImplementedError as error:
    print(f"NotImplementedError: {str(error).splitlines()[0]}")
_, s5, _ = da.linalg.svd_compressed(A, k=5, seed=42)
s5_np = np.linalg.svd(A.compute(), compute_uv=False)[:5]
print(f"the 5 largest equal NumPy's: {np.allclose(s5.compute(), s5_np)}")

# %%
# What we learned
# ---------------
#
# - ``da.linalg.qr`` and ``da.linalg.svd`` work on tall-and-skinny arrays,
#   chunk by chunk, and give NumPy's results.
# - Matrix products and ``tensordot`` are blocked algorithms too.
# - For arrays cut along both axes, ``svd_compressed`` gives an approximate
#   SVD.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_03_array_plot_07_map_blocks.py` runs your own
#   function on every chunk.
# - :ref:`sphx_glr_examples_03_array_plot_02_blocked_algorithms.py`:
#   blocked algorithms by hand.
# - The Dask documentation on `linear algebra
#   <https://docs.dask.org/en/stable/array-api.html#linear-algebra>`_.
