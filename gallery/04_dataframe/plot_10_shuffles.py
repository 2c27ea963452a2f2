"""
Shuffles
========

A ``shuffle`` moves rows between partitions. You will measure Dask's three
ways to shuffle, see how ``set_index`` and ``sort_values`` choose where each
row goes, and learn how to avoid a shuffle.
"""

# %%
# Three methods
# -------------
#
# ``random_frame`` makes each partition in a task, from a seed: every
# scheduler makes the same rows, each with a ``key`` (one of 1,000 values).
# ``shuffle("key")`` puts the rows of each key into one partition, chosen by a
# hash of the key. ``shuffle_method`` (or the ``dask.config`` key
# ``dataframe.shuffle.method``) chooses how: ``tasks`` cuts each partition into
# pieces, a task each; in ``p2p`` (peer to peer, with ``pyarrow``), a cluster's
# workers send the pieces to each other outside the graph; in ``disk``, the
# local scheduler writes them into files. ``method="p2p"`` is ignored.

import tempfile

import dask
import pandas as pd

from daskgallery.dataframes import random_frame, shuffles, task_count
from daskgallery.datasets import get_scale

PARTITIONS, ROWS = {"small": (32, 25_000), "large": (64, 200_000)}[get_scale()]
frame = random_frame(PARTITIONS, ROWS, keys=1000, seed=42)
METHODS = ["tasks", "p2p", "disk"]
if __name__ == "__main__":  # this page starts processes
    scratch = tempfile.TemporaryDirectory()  # the shuffles' files, removed at the end
    local = {"temporary-directory": scratch.name, "num_workers": 2}  # local scheduler
    print(f"method='p2p': {shuffles(frame.shuffle('key', method='p2p'))}")
    for n in (8, 16, 32, 64, 128):
        small = random_frame(n, 10)
        tasks = {m: task_count(small.shuffle("key", shuffle_method=m)) for m in METHODS}
        print(f"npartitions={n}:", tasks)

# %%
# ``tasks`` makes a piece per pair of partitions: its tasks grow with the square
# of ``npartitions`` (in stages above 32); the others, a few per partition.
#
# Measured on the same data
# -------------------------
#
# We count the rows of each key in each partition, after a shuffle or without
# (``none``): ``disk`` on the local scheduler (two threads), ``tasks`` and
# ``p2p`` on a ``LocalCluster`` of two one-thread workers, after a small first
# shuffle. ``measured_compute`` gives the time, the peak memory of all the
# processes and the tasks. ``key_rows``: pairs of a partition and a key;
# ``one_partition``: each key in one partition; ``same``: the rows of ``none``.

import matplotlib.pyplot as plt

from daskgallery.cluster import local_cluster
from daskgallery.dataframes import measured_compute
from daskgallery.system import machine
from daskgallery.timing import machine_footnote


def rows_per_key(data, method):
    shuffled = data if method == "none" else data.shuffle("key", shuffle_method=method)
    return shuffled.map_partitions(lambda p: p.groupby("key").size(), meta=("n", "i8"))


if __name__ == "__main__":
    got, cost = {}, {}
    with dask.config.set(local):
        print(f"default, local scheduler: {shuffles(frame.shuffle('key'))}")
        for method in ("none", "disk"):
            got[method], cost[method] = measured_compute(rows_per_key(frame, method))
    with local_cluster(2, 1, local_directory=scratch.name):
        print(f"default, cluster: {shuffles(frame.shuffle('key'))}")
        rows_per_key(random_frame(2, 10), "p2p").compute()
        for method in ("tasks", "p2p"):
            got[method], cost[method] = measured_compute(rows_per_key(frame, method))
    total = got["none"].groupby(level=0).sum()
    for name, counts in got.items():
        cost[name] |= {"key_rows": len(counts), "one_partition": counts.index.is_unique}
        cost[name]["same"] = counts.groupby(level=0).sum().equals(total)
    table = pd.DataFrame.from_dict(cost, orient="index").round(2)
    print(table.to_string(), machine(), sep="\n")
    fig, axes = plt.subplots(1, 2, figsize=(7, 3), layout="constrained")
    both, titles = table[["seconds", "peak_MiB"]], ["time (s)", "peak memory (MiB)"]
    both.plot.bar(subplots=True, ax=axes, title=titles, legend=False, rot=0)
    machine_footnote(fig)

# %%
# Every shuffle puts the rows of each key in one partition, and takes several
# times longer than ``none``. On the cluster, ``tasks`` is slower than ``p2p``:
# the scheduler handles each of its many tasks. ``p2p`` copies the pieces into
# Arrow tables and files: the highest peak here. It is built for large data:
# with ``DASKGALLERY_SCALE=large`` (16 times the rows), the lowest of the three.
#
# How ``set_index`` and ``sort_values`` find the divisions
# --------------------------------------------------------
#
# ``set_index("x")`` and ``sort_values("x")`` send each row to the partition
# whose range of ``x`` holds it. For these ``divisions``, Dask reads the data
# once more, for ``quantiles`` of ``x`` (``repartitionquantiles``): even to
# count tasks. ``tasks_run`` counts the tasks run on the local scheduler. Small
# samples give partitions of unequal sizes (counted by ``np.histogram``);
# ``upsample`` takes more. Given ``divisions``, ``set_index`` runs no pass: its
# partitions are as planned, sorted, in order.

import numpy as np

from daskgallery.dataframes import partition_bounds, tasks_run

PASS = ("random-frame", "repartitionquantiles")
if __name__ == "__main__":
    with dask.config.set(local):
        tasks, ran = tasks_run(lambda: task_count(frame.sort_values("x")))
        print(f"task_count(sort_values): {tasks}, ran:", {n: ran[n] for n in PASS})
        for upsample in (1.0, 16.0):
            divisions = frame.set_index("x", upsample=upsample).divisions
            planned = np.histogram(frame["x"].compute(), divisions)[0]
            print(f"upsample={upsample}: rows {planned.min():,} to {planned.max():,}")
        by_x = frame.set_index("x", divisions=divisions)
        bounds, ran = tasks_run(partition_bounds(by_x).compute)
    print("set_index(divisions=...), ran:", {n: ran[n] for n in PASS})
    fits = (bounds["rows"] == planned).all()
    in_order = bounds[["min", "max"]].stack().is_monotonic_increasing
    print(f"planned: {fits}, sorted: {bounds['sorted'].all()}, in order: {in_order}")
    scratch.cleanup()

# %%
# What we learned
# ---------------
#
# - ``shuffle_method`` is ``tasks``, ``p2p`` or ``disk``: by default ``p2p`` on
#   a distributed cluster, ``disk`` without one. ``tasks`` has the most tasks.
# - ``set_index`` and ``sort_values`` read the data once more to find the
#   divisions (not with ``set_index(divisions=...)``); ``upsample`` evens them.
# - Avoid a shuffle: ``sorted=True`` or ``calculate_divisions=True`` on sorted
#   data (:ref:`sphx_glr_examples_04_dataframe_plot_04_index_divisions.py`),
#   ``map_partitions`` or ``split_out=1``
#   (:ref:`sphx_glr_examples_04_dataframe_plot_05_what_shuffles.py`), a
#   broadcast join (:ref:`sphx_glr_examples_04_dataframe_plot_08_joins.py`).
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_05_schedulers_plot_01_four_schedulers.py`.
# - The Dask documentation on `shuffling
#   <https://docs.dask.org/en/stable/dataframe-groupby.html>`_.
