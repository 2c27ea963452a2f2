"""
Aggregations and shared work
============================

Most questions about a table are aggregations: counts, means, maximums per
group. You will answer a few of them on the NYC flights with pandas code, and
see that one ``dask.compute`` call can share the reading of the files between
several results.
"""

# %%
# The flights, with the right types
# ---------------------------------
#
# We read the CSV files of the previous page, with the types that work.

import dask.dataframe as dd

from daskgallery.datasets import FLIGHTS_CSV_DTYPE, flights_csv

ddf = dd.read_csv(flights_csv() / "*.csv", dtype=FLIGHTS_CSV_DTYPE)
print(f"{ddf.npartitions} partitions")

# %%
# Flights that took off
# ---------------------
#
# A cancelled flight has no departure time. We keep the other rows with a
# boolean filter, as in pandas. ``len`` computes at once: it has to count the
# rows.

flown = ddf[ddf.dep_time.notnull()]
print(f"all flights: {len(ddf):,}")
print(f"flights that took off: {len(flown):,}")

# %%
# Per airport of origin, ``groupby`` and ``size`` count the rows. Each
# partition counts its own rows, and Dask adds up the small results.

per_origin = flown.groupby("origin").size().compute()
print(per_origin.to_string())

# %%
# Mean departure delay per day of the week
# ----------------------------------------
#
# The files have a year, a month and a day. ``dd.to_datetime`` turns them into
# a date, and ``.dt.day_of_week`` gives the day of the week (0 is Monday).

import calendar

ddf["date"] = dd.to_datetime(ddf[["year", "month", "day"]])
weekday = ddf.date.dt.day_of_week
by_weekday = ddf.groupby(weekday).dep_delay.mean().compute().sort_index()
by_weekday.index = [calendar.day_name[day] for day in by_weekday.index]
print(by_weekday.round(1).to_string())

# %%
# Destinations
# ------------
#
# The number of flights per destination, largest first. ``nlargest`` keeps
# the result short.

ddf.groupby("dest").size().nlargest(5).compute()

# %%
# The destinations of the flights that were more than 30 minutes late in
# total: departure delay plus arrival delay.

late = ddf[ddf.dep_delay + ddf.arr_delay > 30]
late.groupby("dest").size().nlargest(5).compute()

# %%
# Share the work between results
# ------------------------------
#
# We want the mean and the standard deviation of the departure delays. Both
# need the same files. With two ``compute`` calls, Dask reads every file
# twice. ``dask.compute`` takes both results and merges their graphs, so the
# shared steps (reading, filtering) run once. We time both ways (best of two
# runs).

import dask
import numpy as np

from daskgallery.timing import measure

mean_delay = flown.dep_delay.mean()
std_delay = flown.dep_delay.std()


def two_passes():
    return mean_delay.compute(), std_delay.compute()


def one_pass():
    return dask.compute(mean_delay, std_delay)


two_seconds = measure(two_passes, repeat=2).wall_best
one_seconds = measure(one_pass, repeat=2).wall_best
mean_value, std_value = one_pass()
print(f"mean delay: {mean_value:.1f} minutes, standard deviation: {std_value:.1f}")
print(f"same results: {np.allclose(two_passes(), (mean_value, std_value))}")
print(f"two compute calls: {two_seconds:.2f} s")
print(f"one dask.compute call: {one_seconds:.2f} s")
print(f"ratio: {two_seconds / one_seconds:.1f}x")

# %%
# Reading the files is most of the work, so one call takes about half the
# time of two calls.

from daskgallery.system import machine

print(machine())

# %%
# What we learned
# ---------------
#
# - Filters, ``groupby`` and aggregations work as in pandas. Dask computes
#   them partition by partition, then combines the small results.
# - ``dask.compute`` with several results runs their shared steps once.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_04_dataframe_plot_03_parquet_partitions.py`:
#   a file format made for tables, and how to choose the partitions.
# - The Dask documentation on `groupby
#   <https://docs.dask.org/en/stable/dataframe-groupby.html>`_ and on
#   `dask.compute <https://docs.dask.org/en/stable/api.html#dask.compute>`_.
