"""
Loops and reductions with ``dask.delayed``
==========================================

Most real code is a loop. You will learn how to make the calls of a loop
lazy, how the way you add up the results changes the shape of the task graph,
and how ``dask.persist`` keeps results in memory for later computations.
"""

# %%
# A loop of slow functions
# ------------------------
#
# ``increment`` and ``double`` work on one number each; ``add`` combines two
# numbers. Each one waits a little, like real work. Plain Python runs the loop
# one call at a time, then adds up the results one by one.

import time

DELAY = 0.1  # seconds that each call waits


def increment(x):
    time.sleep(DELAY)
    return x + 1


def double(x):
    time.sleep(DELAY)
    return 2 * x


def add(x, y):
    time.sleep(DELAY)
    return x + y


data = list(range(1, 9))

start = time.perf_counter()
results = [double(increment(x)) for x in data]
total = 0
for value in results:
    total = add(total, value)
serial_seconds = time.perf_counter() - start
print(f"total: {total}")
print(f"serial: {serial_seconds:.2f} s")

# %%
# The same loop, lazy
# -------------------
#
# We wrap each call with ``dask.delayed``. The loop now runs in no time: it
# only records the calls. The running sum is a chain: each ``add`` needs the
# result of the one before, so the additions cannot run at the same time.

import dask

lazy = [dask.delayed(double)(dask.delayed(increment)(x)) for x in data]
chain = 0
for value in lazy:
    chain = dask.delayed(add)(chain, value)

from daskgallery.graphs import enable_graphviz_fallback

enable_graphviz_fallback()  # draws task graphs as SVG where Graphviz is missing
chain.visualize(rankdir="LR")

# %%
# A tree of additions
# -------------------
#
# We can add neighbours in pairs instead, then pairs of pairs, like a
# tournament. The result is the same, but the additions of one level do not
# depend on each other, and there are only a few levels.

level = lazy
while len(level) > 1:
    level = [dask.delayed(add)(level[i], level[i + 1]) for i in range(0, len(level), 2)]
tree = level[0]
tree.visualize(rankdir="LR")

# %%
# Which graph finishes first?
# ---------------------------
#
# Both graphs make the same calls. Our calls only wait, and waiting does not
# need a core, so we give the scheduler 8 threads (``num_workers=8``), even on
# a machine with fewer cores. The chain must still make its additions one
# after the other; the tree makes them one level at a time, so it finishes
# first.

THREADS = 8
dask.delayed(abs)(-1).compute()  # set up the scheduler once

timings = {}
for name, graph in {"chain": chain, "tree": tree}.items():
    start = time.perf_counter()
    result = graph.compute(num_workers=THREADS)
    timings[name] = time.perf_counter() - start
    print(
        f"{name}: {result} in {timings[name]:.2f} s ({timings[name] / DELAY:.1f} waits)"
    )
print(f"serial loop: {serial_seconds:.2f} s ({serial_seconds / DELAY:.1f} waits)")

# %%
# Keep results in memory with ``persist``
# ---------------------------------------
#
# ``compute`` returns results and forgets the work that led to them.
# ``dask.persist`` runs the graphs too, but returns new ``Delayed`` objects
# whose results are already in memory. A later computation that starts from
# them only pays for its own new tasks: here, the three levels of additions.

start = time.perf_counter()
kept = dask.persist(*lazy, num_workers=THREADS)
persist_seconds = time.perf_counter() - start

level = list(kept)
while len(level) > 1:
    level = [dask.delayed(add)(level[i], level[i + 1]) for i in range(0, len(level), 2)]
start = time.perf_counter()
print(f"sum from persisted values: {level[0].compute(num_workers=THREADS)}")
after_seconds = time.perf_counter() - start
print(f"persist: {persist_seconds:.2f} s ({persist_seconds / DELAY:.1f} waits)")
print(f"then the additions: {after_seconds:.2f} s ({after_seconds / DELAY:.1f} waits)")

# %%
# What we learned
# ---------------
#
# - A loop of delayed calls builds a task graph; nothing runs until
#   ``compute``.
# - The shape of the graph decides how much can run at the same time: a chain
#   of additions runs one step at a time, a tree runs a whole level at once.
# - ``dask.persist`` computes and keeps the results, so later graphs start from
#   them.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_01_delayed_plot_03_control_flow.py`: an
#   exercise with ``if`` inside the loop.
# - The Dask documentation on `delayed best practices
#   <https://docs.dask.org/en/stable/delayed-best-practices.html>`_.
