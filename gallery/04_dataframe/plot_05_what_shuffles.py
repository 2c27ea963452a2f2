"""
What shuffles
=============

Some operations work on each partition alone. Others must move rows between
partitions: a ``shuffle``. You will read from the task graph which operations
shuffle, measure what a shuffle costs, and avoid one with ``map_partitions``.
"""

# %%
# The flights in memory
# ---------------------
#
# We read the flights, one partition per month, and ``persist`` them: the
# timings below then measure the operations, not the reading of the files.

import dask.dataframe as dd

from daskgallery.dataframes import hide_parquet_warning
from daskgallery.datasets import flights_parquet

with hide_parquet_warning():  # an upstream deprecation in Dask's Parquet code
    df = dd.read_parquet(flights_parquet()).persist()
print(f"partitions: {df.npartitions}")

# %%
# A shuffle in the task graph
# ---------------------------
#
# Before it runs a calculation, Dask optimizes its plan and turns it into
# tasks. The name of each task starts with what it does. A shuffle shows as
# ``taskshuffle``, ``diskshuffle`` or ``p2pshuffle``: the method that moves
# the rows. Here are the kinds of tasks of ``value_counts``.

from dask.utils import key_split

counts = df.carrier.value_counts()
print(sorted({key_split(key) for key in counts.optimize().__dask_graph__()}))

# %%
# Which operations shuffle
# ------------------------
#
# ``shuffles`` from the helper package does the same for any result: it
# returns the shuffle tasks that Dask will run. We read them for a few
# operations and time each one (best of three rounds).

import pandas as pd

from daskgallery.dataframes import shuffles
from daskgallery.timing import best_of_rounds


def top3_mean(delays):
    return delays.nlargest(3).mean()


with_plane = df.dropna(subset=["tailnum"])  # an index has no missing values
by_route = df.groupby(["origin", "dest"]).dep_delay.mean()
top3 = df.groupby("dest").dep_delay.apply(top3_mean, meta=("dep_delay", "f8"))
operations = {
    "dep_delay + arr_delay": df.dep_delay + df.arr_delay,
    "df[df.dep_delay > 60]": df[df.dep_delay > 60],
    'groupby("dest").dep_delay.mean()': df.groupby("dest").dep_delay.mean(),
    'groupby(["origin", "dest"]).dep_delay.mean()': by_route,
    "carrier.value_counts()": counts,
    "carrier.value_counts(split_out=1)": df.carrier.value_counts(split_out=1),
    "tailnum.drop_duplicates()": df.tailnum.drop_duplicates(),
    'set_index("tailnum")': with_plane.set_index("tailnum"),
    'groupby("dest").dep_delay.apply(top3_mean)': top3,
}
seconds = best_of_rounds({k: v.compute for k, v in operations.items()}, rounds=3)
for name, lazy in operations.items():
    found = ", ".join(shuffles(lazy)) or "no shuffle"
    parts = lazy.optimize().npartitions
    print(f"{name:<45} {found:<12} {parts:>2} partitions  {seconds[name]:.3f} s")

# %%
# Each shuffle sends rows from every partition to every other one. On average,
# the operations with a shuffle take several times longer than the others.
# ``value_counts`` and ``drop_duplicates`` shuffle by default: their
# ``split_out=True`` spreads the result over many partitions, so the rows with
# the same value must meet in one partition. A ``groupby`` chooses its
# ``split_out`` from the number of partitions and of keys: here two keys
# shuffle and one does not. When the result is small, ``split_out=1`` gives
# one partition through a tree reduction, without a shuffle.

shuffled = [s for name, s in seconds.items() if shuffles(operations[name])]
others = [s for name, s in seconds.items() if not shuffles(operations[name])]
print(f"mean time with a shuffle: {sum(shuffled) / len(shuffled):.3f} s")
print(f"mean time without: {sum(others) / len(others):.3f} s")
ratio = seconds["carrier.value_counts()"] / seconds["carrier.value_counts(split_out=1)"]
print(f"value_counts(split_out=1) is {ratio:.1f}x faster than value_counts()")

# %%
# Avoid a shuffle: ``map_partitions`` with ``meta``
# -------------------------------------------------
#
# We want the most frequent destination of each month. ``groupby("month")``
# with ``apply`` shuffles. But each partition already holds one month, so
# ``map_partitions`` can run the same function on each partition, where the
# rows already are: same result, many times faster. ``meta`` gives the columns
# and types of the result. Without it, Dask would call the function on fake
# data to guess them.


def top_destination(flights):
    counts = flights["dest"].value_counts()
    return pd.DataFrame({"dest": [counts.index[0]], "flights": [counts.iloc[0]]})


meta = {"dest": "str", "flights": "int64"}
ways = {
    "groupby.apply": df.groupby("month").apply(top_destination, meta=meta),
    "map_partitions": df.map_partitions(top_destination, meta=meta),
}
seconds = best_of_rounds({k: v.compute for k, v in ways.items()}, rounds=3)
for name, lazy in ways.items():
    print(f"{name}: {', '.join(shuffles(lazy)) or 'no shuffle'}, {seconds[name]:.3f} s")
top = ways["groupby.apply"].compute().sort_index().droplevel(1)
per_partition = ways["map_partitions"].compute().reset_index(drop=True)
same = top.reset_index(drop=True).equals(per_partition)
print(top.to_string())
print(f"same result: {same}")

# %%
# What we learned
# ---------------
#
# - Read the shuffles from the optimized task graph: the names of the tasks
#   tell which operations move rows between partitions.
# - ``set_index``, ``groupby().apply``, and by default ``value_counts`` and
#   ``drop_duplicates``, shuffle. A shuffle costs several times more than an
#   operation on each partition.
# - ``split_out=1`` avoids the shuffle of a small result. ``map_partitions``
#   avoids it when each group is already in one partition.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_04_dataframe_plot_06_time_of_day.py`: a
#   complete small analysis.
# - The Dask documentation on `shuffling
#   <https://docs.dask.org/en/stable/dataframe-groupby.html>`_ and on
#   `map_partitions
#   <https://docs.dask.org/en/stable/generated/dask.dataframe.DataFrame.map_partitions.html>`_.
