"""
``groupby`` and ``foldby``
==========================

Counting per restaurant means grouping records by a key. You will compare the
two ways a bag can do it: ``groupby`` moves every record to its group, while
``foldby`` reduces as it reads and moves almost nothing.
"""

# %%
# A reminder: ``functools.reduce``
# --------------------------------
#
# ``reduce`` combines the items of a sequence two at a time: it keeps a running
# value and passes it, with the next item, to a binary function.

import functools


def add(total, item):
    print(f"total={total:>2}, item={item}")
    return total + item


print(f"result: {functools.reduce(add, range(5))}")

# %%
# The inspections, again
# ----------------------

import json

import dask
import dask.bag as db

from daskgallery.datasets import inspections

dask.config.set(scheduler="threads")  # small data: no process start-up

records = db.read_text(str(inspections() / "*.json.gz")).map(json.loads)
records = records.persist()  # read the files once, keep the records
print(f"{records.count().compute():,} inspections in {records.npartitions} partitions")

# %%
# ``groupby``: move every record
# ------------------------------
#
# ``groupby`` gathers all the records of each restaurant in one place, then we
# count them. To do so, Dask must move each record to the partition of its
# group: a full shuffle, on disk.

import time

start = time.perf_counter()
grouped = records.groupby(lambda r: r["Name"]).map(lambda kv: (kv[0], len(kv[1])))
by_groupby = dict(grouped.compute())
groupby_seconds = time.perf_counter() - start
print(f"groupby: {len(by_groupby)} restaurants in {groupby_seconds:.2f} s")

# %%
# ``foldby``: reduce while reading
# --------------------------------
#
# ``foldby`` takes a key, a binary function that adds one record to a running
# total (``binop``, with ``initial``), and a function that combines two totals
# (``combine``). Each partition computes its own totals, and only those small
# totals travel.

import operator

start = time.perf_counter()
folded = records.foldby(
    key="Name",
    binop=lambda total, record: total + 1,
    initial=0,
    combine=operator.add,
    combine_initial=0,
)
by_foldby = dict(folded.compute())
foldby_seconds = time.perf_counter() - start
print(f"foldby: {len(by_foldby)} restaurants in {foldby_seconds:.2f} s")
print(f"same counts: {by_foldby == by_groupby}")
print(f"foldby is {groupby_seconds / foldby_seconds:.0f} times faster")
# the restaurants inspected most often
for name, count in sorted(by_foldby.items(), key=lambda kv: kv[1], reverse=True)[:5]:
    print(f"{count:>4}  {name}")

# %%
# ``reduction``: any aggregate
# ----------------------------
#
# ``reduction`` takes one function for each partition and one to combine their
# results. Here, the set of all violation categories: each partition makes its
# own set, and the sets are combined.


def categories(partition):
    return {v["Violation Category"] for r in partition for v in r["Violations"]}


def union(sets):
    return set().union(*sets)


print(sorted(records.reduction(categories, union).compute()))

# %%
# Exercise: the worst places to eat
# ---------------------------------
#
# The same restaurant name can have several addresses. Count the *critical*
# violations per (name, address) with ``foldby``, and print the five places
# with the most.
#
# .. solution::


def critical(record):
    return sum(v["Violation Category"] == "Critical" for v in record["Violations"])


worst = records.foldby(
    key=lambda r: (r["Name"], r["Address"]),
    binop=lambda total, record: total + critical(record),
    initial=0,
    combine=operator.add,
    combine_initial=0,
).topk(5, key=lambda kv: kv[1])
for (name, address), count in worst.compute():
    print(f"{count:>4}  {name}, {address}")

# %%
# .. end-solution::
#
# What we learned
# ---------------
#
# - ``groupby`` moves every record to its group: a shuffle, slow and heavy.
# - ``foldby`` and ``reduction`` reduce inside each partition first and move
#   only small results. Use them whenever you only need an aggregate.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_02_bag_plot_04_exercise_inspections.py`: more
#   questions about the inspections, as exercises.
# - :ref:`sphx_glr_examples_03_array_plot_01_chunked_arrays.py`: arrays
#   cut into chunks.
# - The Dask documentation on `shuffles in bags
#   <https://docs.dask.org/en/stable/bag-api.html#dask.bag.Bag.groupby>`_.
