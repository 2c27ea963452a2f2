"""
Parquet files and partitions
============================

A small table copied many times becomes a big table. You will see pandas slow
down as the table grows, then read the same data with Dask from Parquet files:
only the columns you need, in partitions you choose, with a progress bar.
"""

# %%
# A small real table, copied many times
# -------------------------------------
#
# The Palmer penguins are 344 real penguins. The helper package copies them
# many times and writes the result as Parquet files, a compressed format that
# stores each column on its own. The column ``copy`` tells the copies apart:
# pandas reads only the first copy here.

import pandas as pd

from daskgallery.datasets import scaled_table

path = scaled_table()
first_copy = pd.read_parquet(path, filters=[("copy", "==", 0)])
penguins = first_copy.drop(columns=["copy", "penguin_id"])
print(f"{len(penguins)} penguins in {path.name}")
penguins.head(3)

# %%
# pandas slows down as the table grows
# ------------------------------------
#
# We make tables of 1,000, 2,000, 4,000 and 8,000 copies and time a mean per
# species and a summary of two columns (best of two runs). pandas uses one core
# and keeps the whole table in memory. Look at the largest table: it takes
# several times longer than the smallest one.

from daskgallery.timing import doubling_sizes, measure, plot_scaling


def summary(df):
    df.groupby("species").body_mass_g.mean()
    return df[["bill_length_mm", "body_mass_g"]].describe()


points = []
for copies in doubling_sizes(1000, 4):
    big = pd.concat([penguins] * copies, ignore_index=True)
    seconds = measure(summary, big, repeat=2).wall_best
    points.append((len(big), seconds))
    print(f"{len(big):>9,} rows: {seconds:.3f} s")
del big
print(f"largest / smallest time: {points[-1][1] / points[0][1]:.1f}x")
fig = plot_scaling(points, xlabel="rows", title="pandas: time against table size")

# %%
# Read only the columns you need
# ------------------------------
#
# ``dd.read_parquet`` makes one partition per file. Its ``columns`` argument
# reads only some columns: the others stay on disk. We time a full read and a
# read of two columns: the second one is faster. (We hide one pandas 3
# deprecation warning that Dask's Parquet code causes upstream.)

import contextlib
import warnings

import dask.dataframe as dd


@contextlib.contextmanager
def no_inplace_warning():
    with warnings.catch_warnings():  # upstream deprecation in Dask's Parquet code
        warnings.filterwarnings("ignore", message="The inplace keyword in DataFrame")
        yield


COLUMNS = ["species", "body_mass_g"]
everything = dd.read_parquet(path)
projected = dd.read_parquet(path, columns=COLUMNS)
n_files = len(list(path.glob("*.parquet")))
print(f"files: {n_files}, partitions: {projected.npartitions}")
with no_inplace_warning():
    full_seconds = measure(everything.compute, repeat=5).wall_best
    two_seconds = measure(projected.compute, repeat=5).wall_best
print(f"all {len(everything.columns)} columns: {full_seconds:.3f} s")
print(f"{len(COLUMNS)} columns: {two_seconds:.3f} s")

# %%
# Choose the partitions
# ---------------------
#
# ``repartition`` changes the number of partitions. Here we double it, then
# write a Parquet folder with one file per partition, in a temporary folder.
# Read back, the folder gives one partition per file again.

import tempfile
from pathlib import Path

with no_inplace_warning():
    scratch = tempfile.TemporaryDirectory()
    folder = Path(scratch.name) / "penguins"
    twice = everything.repartition(npartitions=2 * everything.npartitions)
    twice.to_parquet(folder, write_index=False)
    parts = dd.read_parquet(folder)
print(sorted(p.name for p in folder.iterdir()))
print(f"partitions read back: {parts.npartitions}")

# %%
# Group by weight classes, with a progress bar
# --------------------------------------------
#
# We cut the body mass into classes with ``pd.cut`` and take the mean flipper
# length per class, species and sex. ``map_partitions`` runs ``pd.cut`` on
# each partition. We give the class limits ourselves: with only a number of
# classes, each partition would choose its own limits. We drop the few
# penguins whose mass or sex is unknown. ``ProgressBar`` from
# ``dask.diagnostics`` prints the progress of the computation.

from dask.diagnostics import ProgressBar

known = parts.dropna(subset=["body_mass_g", "sex"])
limits = [2500, 3500, 4500, 5500, 6500]
mass_class = known.body_mass_g.map_partitions(pd.cut, limits)
flippers = known.groupby([mass_class, "species", "sex"], observed=True)
with no_inplace_warning(), ProgressBar(dt=0.2):
    result = flippers.flipper_length_mm.mean().compute()
scratch.cleanup()
result.sort_index().round(1).to_frame()

# %%
# What we learned
# ---------------
#
# - pandas works on one core and in memory: the bigger the table, the longer
#   it takes.
# - ``dd.read_parquet`` makes partitions from the files and reads only the
#   columns you ask for.
# - ``repartition`` and ``to_parquet`` choose the partitions and the files.
# - ``map_partitions`` runs a pandas function, such as ``pd.cut``, on each
#   partition.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_04_dataframe_plot_04_index_divisions.py`:
#   sort the partitions by an index to make some operations cheap.
# - The Dask documentation on `Parquet
#   <https://docs.dask.org/en/stable/dataframe-parquet.html>`_ and on
#   `partitions <https://docs.dask.org/en/stable/dataframe-design.html#partitions>`_.
