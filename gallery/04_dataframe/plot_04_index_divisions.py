"""
Index, divisions and partitions
===============================

When Dask knows which index values each partition holds, it can go straight to
the right partition. You will sort the flights into one partition per month,
read what the ``divisions`` say, and let Dask find the divisions for you.
"""

# %%
# Partitions without known divisions
# -----------------------------------
#
# We read the flights from Parquet files, one per month. Dask does not know
# which rows each partition holds: its ``divisions`` are unknown.

import dask.dataframe as dd

from daskgallery.dataframes import hide_parquet_warning
from daskgallery.datasets import flights_parquet

ddf = dd.read_parquet(flights_parquet())
print(f"partitions: {ddf.npartitions}, known divisions: {ddf.known_divisions}")

# %%
# ``set_index`` with divisions
# ----------------------------
#
# We build the scheduled departure time from its parts and make it the
# ``index``. We also give the ``divisions``: the bounds of the partitions along
# the index, one value more than the number of partitions. Partition ``i``
# holds the index values from ``divisions[i]`` up to, but not including,
# ``divisions[i + 1]``; the last partition also holds its upper bound. With the
# first day of each month and January 1st, 2014 as the last bound, each
# partition holds one month. The divisions must cover all the values.
# ``set_index`` must move rows between partitions: a ``shuffle``. ``persist``
# runs it once and keeps the partitions in memory.

import pandas as pd

ddf["scheduled"] = dd.to_datetime(ddf[["year", "month", "day", "hour", "minute"]])
months = [pd.Timestamp(2013, m, 1) for m in range(1, 13)] + [pd.Timestamp(2014, 1, 1)]
with hide_parquet_warning():  # an upstream deprecation in Dask's Parquet code
    by_time = ddf.set_index("scheduled", divisions=months).persist()
print(f"known divisions: {by_time.known_divisions}")
print("given:", [str(d.date()) for d in by_time.divisions])

# %%
# ``get_partition`` returns one partition as a Dask dataframe. Partition 6 is
# July: its first and last index values lie between two divisions.

july = by_time.get_partition(6).compute()
print(f"July: from {july.index.min()} to {july.index.max()}, {len(july)} flights")
july[["origin", "dest", "dep_delay"]].head(3)

# %%
# With known divisions, ``loc`` on the index reads only the partitions that can
# hold the rows asked for.

july_4th = by_time.loc["2013-07-04"]
print(f"partitions for July 4th: {july_4th.npartitions}")
print(f"flights on July 4th: {len(july_4th)}")

# %%
# Let Dask find the divisions
# ---------------------------
#
# When the data are already sorted, Dask does not need to shuffle. We turn the
# index back into a column of sorted partitions. ``set_index`` with
# ``sorted=True`` moves no row: it reads the smallest and the largest value of
# each partition. These divisions are the first index value of each partition,
# plus the last value of the last partition. The task graph has no shuffle.

from daskgallery.dataframes import shuffles

flat = by_time.reset_index()
found = flat.set_index("scheduled", sorted=True)
print("found:", [str(d) for d in found.divisions[:3]], "...", str(found.divisions[-1]))
print(f"shuffles: {shuffles(found) or 'none'}")

# %%
# Parquet files store the smallest and the largest value of each column. We
# write the sorted partitions with their index, one file each. With
# ``calculate_divisions=True``, ``read_parquet`` reads the divisions from these
# statistics, without reading the data.

import tempfile

with tempfile.TemporaryDirectory() as folder, hide_parquet_warning():
    by_time.to_parquet(folder)
    back = dd.read_parquet(folder, calculate_divisions=True)
    print(f"index: {back.index.name}, known divisions: {back.known_divisions}")
    print(f"same divisions as sorted=True: {back.divisions == found.divisions}")

# %%
# What we learned
# ---------------
#
# - ``divisions`` are the boundaries of the partitions along the index. The
#   divisions that you give are bounds; the divisions that Dask finds are the
#   first value of each partition and the last value of the last one.
# - With known divisions, ``get_partition`` and ``loc`` read only the
#   partitions they need.
# - ``set_index`` shuffles, unless the data are sorted: then ``sorted=True``,
#   or ``calculate_divisions=True`` with Parquet files, finds the divisions.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_04_dataframe_plot_05_what_shuffles.py`: which
#   operations move rows between partitions, and what it costs.
# - The Dask documentation on `the index and divisions
#   <https://docs.dask.org/en/stable/dataframe-design.html#partitions>`_ and on
#   `set_index
#   <https://docs.dask.org/en/stable/generated/dask.dataframe.DataFrame.set_index.html>`_.
