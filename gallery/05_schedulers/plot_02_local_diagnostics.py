"""
Local diagnostics: progress, profiles and memory
================================================

On one machine, ``dask.diagnostics`` shows what a computation does: how far it
is, which task ran when and on which thread, and how busy the processor and
the memory were. You will profile an array computation, explore the profile
in interactive plots, and compare the peak memory of NumPy and Dask.
"""

# %%
# A computation to watch
# ----------------------
#
# A random array of 6,000 × 6,000 values, in chunks of 1,500 × 1,500. We add
# it to its transpose and take the standard deviation. The transpose makes
# each chunk meet another one, so the tasks depend on each other.

import dask.array as da

from daskgallery.system import human_size

x = da.random.default_rng(42).random((6000, 6000), chunks=(1500, 1500))
result = (x + x.T).std()
print(f"array: {human_size(x.nbytes)} in {x.npartitions} chunks")

# %%
# A progress bar
# --------------
#
# ``ProgressBar`` prints the share of finished tasks while a computation runs.
# Inside ``with``, it watches the computations of the block. Its ``register``
# method makes it watch every computation until ``unregister``. ``dt`` is the
# time between two updates.

from dask.diagnostics import ProgressBar

with ProgressBar(dt=0.5):
    print(f"standard deviation: {result.compute():.4f}")

# %%
# Three profilers
# ---------------
#
# - ``Profiler`` records each task: its key, its start and end time and the
#   thread that ran it.
# - ``ResourceProfiler`` samples the processor and memory use of the process
#   every ``dt`` seconds.
# - ``CacheProfiler`` records how long each result stays in memory. With
#   ``metric=sizeof``, it counts the bytes of each result.
#
# From the records, we add up the time of each kind of task, and find the
# highest processor use (100 percent is one core) and memory use.

from collections import Counter

from dask.diagnostics import CacheProfiler, Profiler, ResourceProfiler
from dask.sizeof import sizeof
from dask.utils import key_split

with (
    Profiler() as prof,
    ResourceProfiler(dt=0.05) as rprof,
    CacheProfiler(metric=sizeof) as cprof,
):
    result.compute()

busy = Counter()
for task in prof.results:
    busy[key_split(task.key)] += task.end_time - task.start_time
threads = {task.worker_id for task in prof.results}
print(f"{len(prof.results)} tasks on {len(threads)} threads")
for name, seconds in sorted(busy.items()):
    print(f"  {name}: {seconds:.2f} s in total")
print(f"processor use: up to {max(r.cpu for r in rprof.results):.0f} percent")
print(f"memory of the process: up to {max(r.mem for r in rprof.results):.0f} MB")

# %%
# The profiles, as interactive plots
# ----------------------------------
#
# ``dask.diagnostics.visualize`` draws the three profiles with Bokeh, on the
# same time axis. The top plot has one row per thread and one bar per task:
# hover over a bar to see its task. The middle plot shows the processor use
# and the memory. The bottom plot shows the bytes of results held in memory.
# ``show=False`` and ``save=False`` return the plots without opening a browser
# or writing a file. Here they are embedded in the page, and you can download
# them.

from dask.diagnostics import visualize

from daskgallery.cluster import bokeh_report

layout = visualize([prof, rprof, cprof], show=False, save=False)
bokeh_report(layout, title="Profile of (x + x.T).std()")

# %%
# Memory: NumPy against Dask
# --------------------------
#
# The sum of the first 50 million integers. NumPy first creates all of them in
# memory, then adds them up. Dask creates one chunk of a million integers at a
# time, sums it and frees it. ``trace_memory`` from the helper package samples
# the memory of this process while a function runs.

import numpy as np

from daskgallery.memory import plot_memory, trace_memory

N = 50_000_000


def numpy_sum():
    return np.arange(N).sum()


def dask_sum():
    return da.arange(N, chunks=1_000_000).sum().compute()


traces = {}
for name, func in {"NumPy": numpy_sum, "Dask": dask_sum}.items():
    total, traces[name] = trace_memory(func, include_children=False)
    print(f"{name}: sum {total:,}, peak {human_size(traces[name].peak_increase)}")
plot_memory(traces, title="Memory while summing 50 million integers")

# %%
# What we learned
# ---------------
#
# - ``ProgressBar`` shows how far a computation is.
# - ``Profiler``, ``ResourceProfiler`` and ``CacheProfiler`` record tasks,
#   processor and memory use, and results held in memory.
#   ``dask.diagnostics.visualize`` draws them.
# - Dask keeps only a few chunks in memory at a time, so its peak memory is a
#   small part of NumPy's.
# - These tools work with the local schedulers. The distributed scheduler has
#   its own dashboard.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_05_schedulers_plot_03_exercise_choose_a_scheduler.py`:
#   choose a scheduler for a job, then measure.
# - :ref:`sphx_glr_examples_06_distributed_plot_01_client_localcluster.py`
#   starts a cluster on this machine.
# - The Dask documentation on `local diagnostics
#   <https://docs.dask.org/en/stable/diagnostics-local.html>`_.
