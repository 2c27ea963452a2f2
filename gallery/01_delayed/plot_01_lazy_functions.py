"""
Lazy functions with ``dask.delayed``
====================================

``dask.delayed`` turns a function call into a task that runs later. You will
learn how to build a task graph from your own functions, how to draw it, and
how ``compute`` runs its independent tasks at the same time.
"""

# %%
# Three slow functions
# --------------------
#
# Each function waits for a moment, as if it read a file or called a web
# service. Then it does a tiny calculation.

import time

DELAY = 0.5  # seconds that each call waits


def inc(x):
    time.sleep(DELAY)
    return x + 1


def dec(x):
    time.sleep(DELAY)
    return x - 1


def add(x, y):
    time.sleep(DELAY)
    return x + y


# %%
# Plain Python runs the three calls one after the other. The total time is
# the sum of the three waits.

start = time.perf_counter()
x = inc(1)
y = dec(2)
z = add(x, y)
serial_seconds = time.perf_counter() - start
print(f"result: {z}")
print(f"serial time: {serial_seconds:.2f} s ({serial_seconds / DELAY:.1f} waits)")

# %%
# Make the calls lazy
# -------------------
#
# ``dask.delayed(inc)`` wraps the function. Calling the wrapper does not run
# ``inc``: it records the call, its arguments and the results it depends on.
# It returns a ``Delayed`` object almost at once.

import dask

start = time.perf_counter()
x = dask.delayed(inc)(1)
y = dask.delayed(dec)(2)
z = dask.delayed(add)(x, y)
print(f"time to record the three calls: {time.perf_counter() - start:.4f} s")
z

# %%
# The task graph
# --------------
#
# ``visualize`` draws the graph behind ``z``. Each circle is a function call
# and each box is a result. ``inc`` and ``dec`` do not depend on each other, so
# they can run at the same time. ``add`` waits for both. With
# ``rankdir="LR"`` the graph reads from left to right.

from daskgallery.graphs import enable_graphviz_fallback

enable_graphviz_fallback()  # draws task graphs as SVG where Graphviz is missing
z.visualize(rankdir="LR")

# %%
# Run the graph with ``compute``
# ------------------------------
#
# ``compute`` hands the graph to a scheduler. For ``Delayed`` objects, the
# default scheduler is a pool of threads, one per core. With two or more
# cores, ``inc`` and ``dec`` wait at the same time: the graph takes about two
# waits instead of three. The first ``compute`` of a session also sets up the
# scheduler, so we run a tiny graph first: the timing then shows only our graph.
# The timings depend on the cores of the machine, so we print it first.

from dask.system import CPU_COUNT

from daskgallery.system import machine

dask.delayed(abs)(-1).compute()  # set up the scheduler once

start = time.perf_counter()
result = z.compute()
took = time.perf_counter() - start
print(machine())
print(f"threads in the pool: {CPU_COUNT}, result: {result}")
print(f"serial time: {serial_seconds:.2f} s ({serial_seconds / DELAY:.1f} waits)")
print(f"dask.delayed time: {took:.2f} s ({took / DELAY:.1f} waits)")
print(f"speed-up: {serial_seconds / took:.2f}x")

# %%
# The decorator form
# ------------------
#
# You can also write ``@dask.delayed`` above a function definition. Then every
# call of the function is lazy, as if you had wrapped it by hand. Here we
# square four numbers and add up the squares.


@dask.delayed
def slow_square(n):
    time.sleep(DELAY)
    return n * n


squares = [slow_square(n) for n in range(4)]
total = dask.delayed(sum)(squares)
total.visualize(rankdir="LR")

# %%
# The four squares do not depend on each other, so Dask runs as many of them
# at once as it has threads. Compare the time with four waits in a row.

start = time.perf_counter()
print(f"sum of the squares: {total.compute()}")
square_seconds = time.perf_counter() - start
print(f"time: {square_seconds:.2f} s ({square_seconds / DELAY:.1f} waits, 4 in a row)")

# %%
# What we learned
# ---------------
#
# - ``dask.delayed`` records function calls instead of running them.
# - The recorded calls form a task graph, and ``visualize`` draws it.
# - ``compute`` runs the graph. Tasks that do not depend on each other run at
#   the same time.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_03_array_plot_01_chunked_arrays.py` builds
#   task graphs for you, chunk by chunk.
# - The Dask documentation on `dask.delayed
#   <https://docs.dask.org/en/stable/delayed.html>`_.
