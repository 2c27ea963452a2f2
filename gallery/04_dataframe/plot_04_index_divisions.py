"""
Index, divisions and partitions
===============================

When Dask knows which index values each partition holds, some operations
become cheap. You will sort the flights into one partition per month, and
measure which operations are cheap, clever or need a shuffle.
"""

# %%
# Partitions without known divisions
# -----------------------------------
#
# We read the flights from Parquet files, one per month. Dask does not know
# which rows each partition holds: its ``divisions`` are unknown.

import dask.dataframe as dd

from daskgallery.datasets import flights_parquet

ddf = dd.read_parquet(flights_parquet())
print(f"partitions: {ddf.npartitions}, known divisions: {ddf.known_divisions}")

# %%
# ``set_index`` with divisions
# ----------------------------
#
# We build the scheduled departure time from its parts and make it the
# ``index``. ``divisions`` are the first index value of each partition, plus
# the last value of the last one. We give the first day of each month, so each
# partition holds one month. ``set_index`` must move rows between partitions:
# a ``shuffle``. ``persist`` runs it once and keeps the partitions in memory.
# (We hide one pandas 3 deprecation warning that Dask's Parquet code causes.)

import warnings

import pandas as pd

ddf["scheduled"] = dd.to_datetime(ddf[["year", "month", "day", "hour", "minute"]])
months = [pd.Timestamp(2013, m, 1) for m in range(1, 13)] + [pd.Timestamp(2014, 1, 1)]
with warnings.catch_warnings():  # an upstream deprecation in Dask's Parquet code
    warnings.filterwarnings("ignore", message="The inplace keyword in DataFrame")
    by_time = ddf.set_index("scheduled", divisions=months).persist()
print(f"known divisions: {by_time.known_divisions}")
print([str(d.date()) for d in by_time.divisions])

# %%
# ``get_partition`` returns one partition as a Dask dataframe. Partition 6 is
# July.

july = by_time.get_partition(6)
july[["origin", "dest", "dep_delay"]].head(3)

# %%
# With known divisions, ``loc`` on the index reads only the partitions that
# can hold the rows asked for.

july_4th = by_time.loc["2013-07-04"]
print(f"partitions for July 4th: {july_4th.npartitions}")
print(f"flights on July 4th: {len(july_4th)}")

# %%
# ``map_partitions`` with ``meta``
# --------------------------------
#
# ``map_partitions`` runs a function on each partition, a pandas dataframe.
# Here it finds the most frequent destination of each month. ``meta`` gives
# the columns and types of the result. Without it, Dask would call the function
# on fake data to guess them.


def top_destination(month):
    counts = month["dest"].value_counts()
    row = {"month": month.index[0].month, "dest": counts.index[0]}
    return pd.DataFrame([{**row, "flights": counts.iloc[0]}])


meta = {"month": "int64", "dest": "str", "flights": "int64"}
top = by_time.map_partitions(top_destination, meta=meta).compute()
print(top.to_string(index=False))
in_pandas = (
    by_time.compute().groupby("month")["dest"].agg(lambda s: s.value_counts().index[0])
)
print(f"same as pandas: {top['dest'].tolist() == in_pandas.tolist()}")

# %%
# Cheap, clever and shuffle operations
# ------------------------------------
#
# Dask runs some operations on each partition alone (cheap). Others combine
# small results from each partition (clever). The last kind must move rows
# between partitions (a shuffle). We time examples of each kind on the
# partitions in memory (best of two runs, after one warm-up run).

from daskgallery.timing import measure

df = by_time


def top3_mean(delays):
    return delays.nlargest(3).mean()


with_plane = df.dropna(subset=["tailnum"])  # an index has no missing values
operations = [
    ("cheap", "dep_delay + arr_delay", df.dep_delay + df.arr_delay),
    ("cheap", "df[df.dep_delay > 60]", df[df.dep_delay > 60]),
    ("cheap", 'loc["2013-07-04"]', df.loc["2013-07-04"]),
    ("clever", 'groupby("dest").dep_delay.mean()', df.groupby("dest").dep_delay.mean()),
    ("clever", "carrier.value_counts()", df.carrier.value_counts()),
    ("clever", "tailnum.drop_duplicates()", df.tailnum.drop_duplicates()),
    ("shuffle", 'set_index("tailnum")', with_plane.set_index("tailnum")),
    (
        "shuffle",
        'groupby("dest").apply(top3_mean)',
        df.groupby("dest").dep_delay.apply(top3_mean, meta=("dep_delay", "f8")),
    ),
]
print(f"{'kind':<8} {'operation':<36} time")
for kind, name, lazy in operations:
    seconds = measure(lazy.compute, repeat=2, warmup=1).wall_best
    print(f"{kind:<8} {name:<36} {seconds:.3f} s")

# %%
# On average, the shuffles take several times longer than the other
# operations: every partition sends rows to every other one. Avoid them, or do
# them once and ``persist`` the result.

from daskgallery.system import machine

print(machine())

# %%
# What we learned
# ---------------
#
# - After ``set_index`` with known ``divisions``, ``get_partition`` and
#   ``loc`` read only the partitions they need.
# - ``map_partitions`` runs a pandas function on each partition; ``meta``
#   describes its result.
# - Shuffles, such as ``set_index`` and ``groupby().apply``, are expensive.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_04_dataframe_plot_05_time_of_day.py`: a
#   complete small analysis.
# - The Dask documentation on `the index and divisions
#   <https://docs.dask.org/en/stable/dataframe-design.html#partitions>`_ and on
#   `shuffling <https://docs.dask.org/en/stable/dataframe-groupby.html>`_.
