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
#
# The seed notebook copies the Titanic passengers, a Kaggle download that needs
# an account. A Python package ships the penguins, so no download is needed.

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

from daskgallery.timing import best_of_rounds, doubling_sizes, measure, plot_scaling


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
# ``dd.read_parquet`` makes one partition per file. Before it computes, Dask's
# query optimizer rewrites the plan of the calculation (``pprint()`` prints a
# plan, the helper ``plan`` returns it). We select two columns: after the
# optimizer, the read takes only these two, faster than all ten. ``columns=``
# gives the same tasks and the same time (best of five rounds): use either one.

import dask.dataframe as dd

from daskgallery.dataframes import hide_parquet_warning, plan

everything = dd.read_parquet(path)
selected = everything[["species", "body_mass_g"]]
with_argument = dd.read_parquet(path, columns=["species", "body_mass_g"])
print(f"files: {len(list(path.glob('*.parquet')))}, partitions: {selected.npartitions}")
print(plan(selected, optimized=False), plan(selected), sep="\n")
same = with_argument.optimize().__dask_keys__() == selected.optimize().__dask_keys__()
print(f"columns= gives the same tasks: {same}")
reads = {"all": everything, "selection": selected, "columns=": with_argument}
with hide_parquet_warning():
    seconds = best_of_rounds({k: v.compute for k, v in reads.items()}, rounds=5)
for name, frame in reads.items():
    print(f"{name} ({len(frame.columns)} columns): {seconds[name]:.3f} s")

# %%
# Choose the partitions
# ---------------------
#
# ``repartition`` changes the number of partitions. Here we double it, then
# write a Parquet folder with one file per partition, in a temporary folder.
# Read back, the folder gives one partition per file again.

import tempfile
from pathlib import Path

with hide_parquet_warning():
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
# length per class, species and sex. ``map_partitions`` runs ``pd.cut`` on each
# partition. We give the class limits ourselves: with only a number of classes,
# each partition would choose its own limits. We drop the few penguins whose
# mass or sex is unknown. The plan shows that Dask reads only the four columns
# it needs. A function of whole partitions hides the columns it uses: select
# them before it. ``ProgressBar`` prints the progress.

from dask.diagnostics import ProgressBar

known = parts.dropna(subset=["body_mass_g", "sex"])
mass_class = known.body_mass_g.map_partitions(pd.cut, [2500, 3500, 4500, 5500, 6500])
flippers = known.groupby([mass_class, "species", "sex"], observed=True)
means = flippers.flipper_length_mm.mean()
print(plan(means))
with hide_parquet_warning(), ProgressBar(dt=0.2):
    result = means.compute()
scratch.cleanup()
result.sort_index().round(1).to_frame()

# %%
# What we learned
# ---------------
#
# - pandas works on one core and in memory: the bigger the table, the longer it
#   takes.
# - ``dd.read_parquet`` makes partitions from the files. The optimizer makes it
#   read only the columns that the calculation uses.
# - ``repartition`` and ``to_parquet`` choose the partitions and the files.
# - ``map_partitions`` runs a pandas function, such as ``pd.cut``, on each
#   partition.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_04_dataframe_plot_04_index_divisions.py`: sort the
#   partitions by an index to make some operations cheap.
# - The Dask documentation on `Parquet
#   <https://docs.dask.org/en/stable/dataframe-parquet.html>`_ and on
#   `partitions
#   <https://docs.dask.org/en/stable/dataframe-design.html#partitions>`_.
