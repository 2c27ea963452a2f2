"""
Exercise: a condition inside a delayed loop
===========================================

Practise ``dask.delayed`` on a loop that takes a different path for odd and
even numbers. Try it yourself first, then open the solution.
"""

# %%
# The serial code
# ---------------
#
# For each number, the loop doubles it if it is odd and increments it if it is
# even. Then it adds up the results. ``double`` and ``increment`` are slow;
# ``is_odd`` is fast.

import time

DELAY = 0.2  # seconds that each slow call waits


def increment(x):
    time.sleep(DELAY)
    return x + 1


def double(x):
    time.sleep(DELAY)
    return 2 * x


def is_odd(x):
    return x % 2 == 1


data = list(range(1, 11))

start = time.perf_counter()
results = []
for x in data:
    if is_odd(x):
        y = double(x)
    else:
        y = increment(x)
    results.append(y)
total = sum(results)
serial_seconds = time.perf_counter() - start
print(f"total: {total}, serial: {serial_seconds:.2f} s")

# %%
# Exercise
# --------
#
# Make this loop run in parallel with ``dask.delayed``, then draw the task
# graph and compute the total. A hint: for each call, ask yourself two
# questions. Is it slow? When does Python need its result: while you build
# the graph, or only when Dask runs it? The slow calls only wait, so
# ``compute(num_workers=10)`` may run all of them at once, even on a small
# machine.
#
# .. solution::

import dask

results = []
for x in data:
    if is_odd(x):
        y = dask.delayed(double)(x)
    else:
        y = dask.delayed(increment)(x)
    results.append(y)
total = dask.delayed(sum)(results)

start = time.perf_counter()
print(f"total: {total.compute(num_workers=10)}")
delayed_seconds = time.perf_counter() - start
print(f"dask.delayed: {delayed_seconds:.2f} s, serial: {serial_seconds:.2f} s")

from daskgallery.graphs import enable_graphviz_fallback

enable_graphviz_fallback()  # draws task graphs as SVG where Graphviz is missing
total.visualize()

# %%
# Why not delay ``is_odd`` too? A ``Delayed`` object has no value yet, so
# Python cannot decide which branch of the ``if`` to take. Dask refuses to
# guess:

try:
    if dask.delayed(is_odd)(3):
        pass
except TypeError as error:
    print(f"TypeError: {error}")

# %%
# .. end-solution::
#
# What we learned
# ---------------
#
# - Decisions that shape the graph (``if``, ``for``) happen while you build
#   it, with plain values.
# - Only the slow calls need ``dask.delayed``.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_01_delayed_plot_04_granularity.py`: when
#   ``dask.delayed`` makes code slower.
