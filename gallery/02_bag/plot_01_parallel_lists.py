"""
Parallel lists with ``dask.bag``
================================

A bag holds many Python objects, split into ``partitions``. You will learn the
operations you use most, from ``map`` to ``frequencies``, why bags stream like
Python generators, and which scheduler bags use by default.
"""

# %%
# A bag from a list
# -----------------
#
# ``db.from_sequence`` cuts a Python sequence into partitions. Like every
# Dask collection, the bag is lazy: ``take`` computes only the first few
# items, from the first partition.

import dask
import dask.bag as db

# small data: threads avoid the start-up cost of processes (see the end)
dask.config.set(scheduler="threads")

numbers = db.from_sequence(range(10), npartitions=4)
print(f"partitions: {numbers.npartitions}")
print(f"first three: {numbers.take(3)}")

# %%
# ``map``, ``filter`` and reductions
# ----------------------------------
#
# ``map`` applies a function to every item and ``filter`` keeps the items that
# pass a test. Reductions such as ``sum``, ``count`` and ``max`` combine the
# items: first inside each partition, then across partitions.


def is_even(n):
    return n % 2 == 0


squares_of_evens = numbers.filter(is_even).map(lambda n: n * n)
print(f"squares of the even numbers: {squares_of_evens.compute()}")
print(f"their sum: {squares_of_evens.sum().compute()}")
print(f"count: {numbers.count().compute()}, max: {numbers.max().compute()}")

# %%
# Records: ``pluck``, ``distinct``, ``frequencies``
# -------------------------------------------------
#
# Bags often hold dictionaries. ``pluck`` takes one field of each record;
# ``distinct`` keeps each value once; ``frequencies`` counts how often each
# value occurs.

people = db.from_sequence(
    [
        {"name": "Alice", "city": "Lisboa", "age": 31},
        {"name": "Bob", "city": "Paris", "age": 45},
        {"name": "Carla", "city": "Lisboa", "age": 27},
        {"name": "Dan", "city": "Madrid", "age": 38},
        {"name": "Edith", "city": "Paris", "age": 52},
    ],
    npartitions=2,
)
print(f"cities: {sorted(people.pluck('city').distinct().compute())}")
print(f"people per city: {sorted(people.pluck('city').frequencies().compute())}")
print(f"mean age: {people.pluck('age').mean().compute():.1f}")

# %%
# An aside on generators
# ----------------------
#
# A Python generator produces its values one at a time, when asked. Bags work
# the same way inside each partition: items stream through ``map`` and
# ``filter`` without building full intermediate lists, which keeps memory low.


def countdown(n):
    while n > 0:
        yield n
        n -= 1


gen = countdown(3)
print(gen)
print(list(gen))

# %%
# The default scheduler for bags
# ------------------------------
#
# Bags usually run pure-Python functions on Python objects. Those hold the
# ``GIL``, so threads would take turns. That is why bags use processes by
# default:

default = db.Bag.__dask_scheduler__
print(f"default scheduler for bags: {default.__module__}.{default.__name__}")

# %%
# Processes pay off when each partition does heavy pure-Python work, as in
# :ref:`sphx_glr_examples_01_delayed_plot_05_monte_carlo_pi.py`. They
# cost time to start, though, and every result must travel back to the main
# process. The data of this chapter are small, so its pages use threads, set
# once at the top with ``dask.config.set(scheduler="threads")``.
#
# What we learned
# ---------------
#
# - A bag is a lazy, partitioned list of Python objects.
# - ``map``, ``filter``, ``pluck``, ``distinct``, ``frequencies`` and the
#   reductions cover most cleaning work.
# - Bags use processes by default because pure-Python work holds the ``GIL``.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_02_bag_plot_02_json_records.py`: a bag of
#   JSON records read from files.
# - The Dask documentation on `bags <https://docs.dask.org/en/stable/bag.html>`_.
