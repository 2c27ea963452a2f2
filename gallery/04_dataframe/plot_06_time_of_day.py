"""
Delays by time of day
=====================

A short analysis from start to end: read, filter, group, compute, plot. You
will find how the mean departure delay of the NYC flights changes with the
hour of the day.
"""

# %%
# Read two columns
# ----------------
#
# The seed notebook finds the mean tip of New York taxi rides, as a share of
# the fare, by hour of pickup: a year of taxi trips, read from Amazon S3. We
# ask the same kind of question of the flights. A Python package ships them, so
# this page needs no download and no cloud account.
#
# ``hour`` is the scheduled hour of departure and ``dep_delay`` the delay in
# minutes (negative when the flight left early). Parquet lets Dask read only
# these two columns.

import dask.dataframe as dd

from daskgallery.datasets import flights_parquet

ddf = dd.read_parquet(flights_parquet(), columns=["hour", "dep_delay"])
ddf

# %%
# Filter and group
# ----------------
#
# We keep the flights that took off: cancelled flights have no delay. Then we
# group by hour. For each hour we want the mean delay, the share of flights
# that left more than 15 minutes late, and the number of flights. One
# ``dask.compute`` call computes the three results and reads the files once.

import dask

flown = ddf[ddf.dep_delay.notnull()]
by_hour = flown.groupby("hour").dep_delay
late_by_hour = flown.assign(late=flown.dep_delay > 15).groupby("hour").late

# %%
# Nothing has run yet. Now we compute. (We hide one pandas 3 deprecation
# warning that Dask's Parquet code causes upstream.)

import pandas as pd

from daskgallery.dataframes import hide_parquet_warning

with hide_parquet_warning():
    mean, share, count = dask.compute(
        by_hour.mean(), late_by_hour.mean(), by_hour.count()
    )
table = pd.DataFrame({"mean delay": mean, "late share": share, "flights": count})
table = table.sort_index()
print(table.round(2).to_string())

# %%
# Plot the curve
# --------------
#
# The computed result is a small pandas dataframe, so we plot it with
# matplotlib. Early flights leave almost on time. The delays grow during the
# day and fall again in the late evening.

first, last = table["mean delay"].idxmin(), table["mean delay"].idxmax()
print(f"smallest mean delay: {table['mean delay'][first]:.1f} min at {first} h")
print(f"largest mean delay: {table['mean delay'][last]:.1f} min at {last} h")

import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6.4, 3.8), layout="constrained")
fig.patch.set_facecolor("white")
ax.plot(table.index, table["mean delay"], "o-", label="mean delay (minutes)")
ax.plot(table.index, 100 * table["late share"], "s--", label="percent late > 15 min")
ax.set(
    title="NYC flights 2013: departure delay by hour",
    xlabel="scheduled hour of departure",
    xticks=table.index,
)
ax.grid(True, alpha=0.3)
ax.legend()
plt.show()

# %%
# What we learned
# ---------------
#
# - A Dask analysis reads like a pandas one: filter, ``groupby``, aggregate.
# - One ``dask.compute`` call computes several results in one pass.
# - The result is small, so pandas and matplotlib take over from there.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_04_dataframe_plot_07_exercise_pandas_loop.py`: turn
#   a pandas loop over files into Dask code.
# - The Dask documentation on `dataframe best practices
#   <https://docs.dask.org/en/stable/dataframe-best-practices.html>`_.
