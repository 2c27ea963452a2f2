"""
Worker memory: limits and spilling
==================================

Each worker of a cluster watches its memory. You will see its memory limit,
what it counts in it, and how it writes data to disk when it holds too much.
"""

# %%
# The memory limit of each worker
# -------------------------------
#
# With ``memory_limit="auto"``, the default of ``dask worker``, a worker gets
# the memory of the machine times its threads divided by the cores. (A
# ``LocalCluster`` started without ``memory_limit`` divides the memory by its
# number of workers.) We start two workers of one thread and print their
# limits. This page starts processes, so its code runs under
# ``if __name__ == "__main__":``.

from dask.system import CPU_COUNT
from distributed.system import MEMORY_LIMIT

from daskgallery.cluster import local_cluster
from daskgallery.system import human_size
from daskgallery.worker_memory import worker_memory

if __name__ == "__main__":
    with local_cluster(2, 1, processes=False, memory_limit="auto") as client:
        for worker in worker_memory(client, fresh=False):  # limits do not change
            print(f"worker {worker.name}: memory_limit {human_size(worker.limit)}")
    print(f"MEMORY_LIMIT: {human_size(MEMORY_LIMIT)}, CPU_COUNT: {CPU_COUNT}")
    print(f"MEMORY_LIMIT / CPU_COUNT: {human_size(MEMORY_LIMIT // CPU_COUNT)}")

# %%
# Managed, unmanaged and spilled memory
# -------------------------------------
#
# **Managed** memory is the results that a worker holds, such as the chunks
# of a persisted array, as ``sizeof`` counts them. **Unmanaged** memory is the
# rest of the process: Python, its modules, the temporary data of running
# tasks. A worker that holds too much writes results to disk: it **spills**
# them, and reads them back when a task needs them. Four thresholds in
# ``dask.config``, fractions of ``memory_limit``, decide what a worker does
# (:ref:`sphx_glr_examples_06_distributed_plot_02_dashboard_report.py` shows
# them on the dashboard). ``target`` applies to managed memory, the others to
# the whole process. Past each one, the worker:
#
# - ``target``: spills the results that it used least recently;
# - ``spill``: spills until the process is back under ``target``;
# - ``pause``: starts no new tasks;
# - ``terminate``: is killed and restarted by its ``nanny``, and loses its data.
#
# Fill a worker until it spills
# -----------------------------
#
# ``one_worker`` starts one worker with one thread and a limit of 1 GiB. It
# spills into a temporary folder that is removed at the end (its
# ``local_directory``). We print its thresholds, then persist
# 128 MiB of random numbers at each step and keep all of it. After each step,
# ``worker_memory`` waits for the next report of the worker to the scheduler
# (``client.scheduler_info()``, in MiB). The scheduler's events count pauses.

import contextlib
import tempfile

import dask
import dask.array as da
from distributed import wait

from daskgallery.worker_memory import memory_table, plot_worker_memory

MIB = 1024**2
LIMIT, STEP, STEPS = 1024 * MIB, 128 * MIB, 6


@contextlib.contextmanager
def one_worker(memory_limit):
    with (
        tempfile.TemporaryDirectory() as folder,
        local_cluster(1, 1, memory_limit=memory_limit, local_directory=folder) as c,
    ):
        c.compute(da.zeros(1)).result()  # the worker loads its libraries first
        yield c


if __name__ == "__main__":
    config = dask.config.get("distributed.worker.memory")
    thresholds = {k: config[k] for k in ("target", "spill", "pause", "terminate")}
    for name, fraction in thresholds.items():
        print(f"{name:<9} {fraction:.2f} {fraction * LIMIT / MIB:5.0f} MiB")
    rng = da.random.default_rng(42)
    with one_worker(LIMIT) as client:
        held, readings = [], [worker_memory(client, fresh=False)[0]]  # no data yet
        for _ in range(STEPS):
            held.append(rng.random(STEP // 8, chunks=STEP // 64).persist())
            wait(held[-1])
            readings.append(worker_memory(client)[0])
        events = client.get_events(readings[-1].address)
    held_mib = [step * STEP // MIB for step in range(STEPS + 1)]
    print(memory_table(readings, held_mib))
    print(f"pauses: {sum(e.get('status') == 'paused' for _, e in events)}")
    plot_worker_memory(readings, held_mib, thresholds=thresholds)

# %%
# Managed memory grows by 128 MiB a step, with nothing on disk, until the data
# passes ``target``. Then the worker spills its oldest chunks: managed memory
# (blue) stays under the ``target`` line, and the data on disk grows. Spilling
# costs disk time, but the work goes on. Unmanaged memory, the process itself,
# stays the same. The worker never paused. When workers run short, try:
#
# - **smaller chunks**: a running task holds its chunks and its temporary data;
# - **less** ``persist``: keep only what you reuse, and ``del`` it after use;
# - **more memory per worker**: fewer workers, each with more memory;
# - **fewer threads per worker**: each thread runs a task with its own data.
#
# Exercise
# --------
#
# What is the smallest ``memory_limit`` that keeps all 768 MiB in memory?
# Work it out from ``target``, ``spill`` and the unmanaged memory of the first
# row, then persist the data on a worker with that limit plus 10 percent.
#
# .. solution::

if __name__ == "__main__":
    data, unmanaged = STEPS * STEP, readings[0].unmanaged
    needed = max(data / thresholds["target"], (data + unmanaged) / thresholds["spill"])
    print(f"needed: {needed / MIB:.0f} MiB, memory_limit: {1.1 * needed / MIB:.0f} MiB")
    with one_worker(int(1.1 * needed)) as client:
        x = rng.random(data // 8, chunks=STEP // 64).persist()
        wait(x)
        print(memory_table(worker_memory(client), [data // MIB]))

# %%
# .. end-solution::
#
# What we learned
# ---------------
#
# - With ``"auto"``, a worker gets the memory times its threads over the cores.
# - Managed memory (held results) and unmanaged memory count against the limit.
# - Past ``target`` (data) or ``spill`` (data and unmanaged memory) a worker
#   spills to disk, past ``pause`` it waits, past ``terminate`` it restarts.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_06_distributed_plot_07_resilience.py`: a lost worker.
# - The Dask documentation on `worker memory
#   <https://distributed.dask.org/en/stable/worker-memory.html>`_.
