"""
The query planner
=================

Dask does not run a dataframe calculation line by line. It writes a plan, and
its optimizer rewrites the plan to read less data. You will read a plan,
measure in bytes what the optimizer saves, and see what it cannot do.
"""

# %%
# A query and its plan
# --------------------
#
# We ask for the departure delays of July, from a copy of the flights: twelve
# Parquet files, one per month. ``explain()`` draws the optimized plan with
# Graphviz, in a window; ``optimize().pprint()`` prints it as text, with more
# details. The helper ``plan`` returns that text.

import shutil
import tempfile
from functools import partial
from pathlib import Path

import dask.dataframe as dd
import distributed  # noqa: F401  (before filesystem="arrow": Dask issue 11352)

from daskgallery.dataframes import plan
from daskgallery.datasets import flights_parquet
from daskgallery.parquet_reads import compare_reads, row_group_statistics


def in_july(flights):
    return flights[flights.month == 7]


scratch = tempfile.TemporaryDirectory()
folder = Path(scratch.name) / "flights"
shutil.copytree(flights_parquet(), folder, ignore=shutil.ignore_patterns("_*"))
read = partial(dd.read_parquet, folder)
print(plan(in_july(read()).dep_delay))

# %%
# The read, at the bottom, takes only ``month`` and ``dep_delay``
# (``projection``, see
# :ref:`sphx_glr_examples_04_dataframe_plot_03_parquet_partitions.py`). The
# ``Filter`` stays above it: Dask's default reader reads every month.
#
# Predicate pushdown
# ------------------
#
# With the pyarrow reader, ``filesystem="arrow"``, the optimizer also moves
# the filter into the read (``predicate pushdown``). This reader takes every
# file of a folder: our copy holds only the Parquet files.

print(plan(in_july(read(filesystem="arrow")).dep_delay))

# %%
# With the default reader, give ``filters=`` yourself. ``compare_reads``
# gives each way a ``read`` on a fresh copy of the files, through a file
# system that counts every byte read. It returns the mebibytes read to make
# the plan and by the tasks, the reading tasks, and the best of three times.

july = [("month", "==", 7)]
ways = {
    "every column": lambda read: read(),
    "df[df.month == 7]": lambda read: in_july(read()).dep_delay,
    'filters=[("month", "==", 7)]': lambda read: read(filters=july).dep_delay,
    'filesystem="arrow"': lambda read: in_july(read(filesystem="arrow")).dep_delay,
}
sizes = [file.stat().st_size for file in folder.iterdir()]
print(f"{len(sizes)} files: {sum(sizes) / 2**20:.2f} MiB")
print(compare_reads(ways, folder).to_string())

# %%
# Every column is about the whole folder. With two columns, the tasks read
# several times less; with ``filters=``, one file of twelve. To find it, the
# reader first reads the footer of every file: these files are small, so the
# footers weigh more than July's data. The pyarrow reader reads them in its
# tasks. Reading less takes less time. For each row group (a block of rows;
# here, one per file), a footer keeps the smallest and largest value of each
# column: these statistics decide what is skipped.

print(row_group_statistics(folder, ["month", "dest"]).to_string())
for test in [("month", "==", 7), ("dest", "==", "ANC")]:
    print(f"filters=[{test}]: {read(filters=[test]).npartitions} of {len(sizes)}")

# %%
# Each file holds one month: a filter on ``month`` skips eleven files. Each
# file has destinations from ``ABQ`` or ``ALB`` to ``XNA``: a filter on
# ``dest`` skips nothing. Sort or group the rows by the filtered column.
#
# Shared work is read once
# ------------------------
#
# ``dask.compute(mean, longest)`` optimizes both results as one plan (see
# also :ref:`sphx_glr_examples_04_dataframe_plot_02_aggregations.py`).

shared = {
    "mean": lambda read: in_july(read()).dep_delay.mean(),
    "longest": lambda read: in_july(read()).arr_delay.max(),
}
shared["mean, longest"] = lambda read: (shared["mean"](read), shared["longest"](read))
print(compare_reads(shared, folder).to_string())

# %%
# Together, the two results have the reading tasks of one. They read the
# columns of both, once: fewer bytes than apart.
#
# What the optimizer cannot see
# -----------------------------
#
# After ``map_partitions``, the optimizer does not know which columns your
# function uses: the read takes them all, and the filter stays above the
# function. Filter and select first.


def with_speed(flights):
    return flights.assign(speed=flights.distance / flights.air_time * 60)


def filter_after(read):
    return in_july(read(filesystem="arrow").map_partitions(with_speed)).speed


def filter_first(read):
    flights = in_july(read(filesystem="arrow"))[["distance", "air_time"]]
    return flights.map_partitions(with_speed).speed


ways = {"filter after": filter_after, "filter first": filter_first}
for name, way in ways.items():
    print(f"{name}:", plan(way(read)).splitlines()[-1].strip())
print(compare_reads(ways, folder).to_string())
scratch.cleanup()

# %%
# What we learned
# ---------------
#
# - ``explain()`` and ``pprint()`` show the plan. The optimizer reads only the
#   columns used, and with ``filesystem="arrow"`` only the row groups needed.
# - Statistics skip only what they rule out: sort by the filtered column.
# - Results computed together share reads. Filter before your own functions.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_04_dataframe_plot_10_shuffles.py`.
# - The Dask documentation on the `query optimizer
#   <https://docs.dask.org/en/stable/dataframe-optimizer.html>`_.
