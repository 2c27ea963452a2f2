"""
Exercise: parallelise a pandas loop
===================================

A common pandas pattern reads files one by one and combines partial results
by hand. You will rewrite such a loop with ``dask.dataframe`` and check that
both give the same answer.
"""

# %%
# The pandas loop
# ---------------
#
# This loop computes the mean departure delay per airport of origin. For each
# CSV file, it sums the delays and counts the flights per airport. At the end,
# it adds up the sums and the counts, and divides. It reads one file at a time,
# on one core.

import pandas as pd

from daskgallery.datasets import FLIGHTS_CSV_DTYPE, flights_csv

files = sorted(flights_csv().glob("*.csv"))

sum_delays = []
count_delays = []
for file_name in files:
    month = pd.read_csv(file_name)
    by_origin = month.groupby("origin")
    sum_delays.append(by_origin.dep_delay.sum())
    count_delays.append(by_origin.dep_delay.count())

mean_delays = sum(sum_delays) / sum(count_delays)
print(f"pandas loop over {len(files)} files:")
print(mean_delays.round(2).to_string())

# %%
# Your turn
# ---------
#
# Compute the same means with ``dask.dataframe``: read all the files at once
# (remember ``dtype=FLIGHTS_CSV_DTYPE``), group by ``origin`` and take the
# mean of ``dep_delay``. Then check that the result equals the one of the
# loop. Hint: ``groupby(...).mean()`` already skips missing values, as
# ``count`` does in the loop.
#
# .. solution::

import dask.dataframe as dd

ddf = dd.read_csv(flights_csv() / "*.csv", dtype=FLIGHTS_CSV_DTYPE)
dask_means = ddf.groupby("origin").dep_delay.mean().compute()
print(f"dask.dataframe, {ddf.npartitions} partitions:")
print(dask_means.sort_index().round(2).to_string())

# %%
# The two results hold the same airports and agree to within rounding
# errors: floating-point sums depend on the order of the additions.

import numpy as np

same_airports = sorted(dask_means.index) == sorted(mean_delays.index)
close = np.allclose(dask_means.sort_index(), mean_delays.sort_index())
print(f"same airports: {same_airports}, same means: {close}")

# %%
# .. end-solution::
#
# Dask does the bookkeeping of the loop for you: each partition computes its
# sums and counts, and Dask combines them. The code is one line, and it runs on
# every core and on data larger than memory.
#
# What we learned
# ---------------
#
# - A pandas loop that combines partial results by hand is often one
#   ``groupby`` aggregation in Dask.
# - Check a new version of a calculation against the old one.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_04_dataframe_plot_08_joins.py` combines tables
#   with ``merge``.
# - The Dask documentation on `dataframes
#   <https://docs.dask.org/en/stable/dataframe.html>`_.
