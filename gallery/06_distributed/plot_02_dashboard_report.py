"""
The dashboard and performance reports
=====================================

The distributed scheduler serves a dashboard: live plots of what each worker
does. You will learn what its main plots tell you, record a performance report
of a real computation, and reach the dashboard of a remote machine safely.
"""

# %%
# What the dashboard shows
# ------------------------
#
# ``client.dashboard_link`` is the address of the dashboard. Open it in a
# browser while a computation runs. Its status page has these plots:
#
# - **Task stream**: one row per worker thread and one bar per task, with one
#   colour per kind of task. White gaps are idle time. Red bars are data moving
#   between workers, orange bars are data written to disk, and black bars are
#   failed tasks. Much white or red means that the workers wait.
# - **Progress**: one bar per kind of task. The grey part is tasks ready to
#   run, the solid colour is results in memory, and the light colour is
#   results already released.
# - **Bytes stored** and **memory per worker**: how much memory each worker
#   uses. A bar is blue. It turns orange past the worker's ``target``
#   threshold, where it may start to write data to disk, and red when the
#   worker pauses at ``pause``. Grey is data already on disk.
# - **Tasks processing**: how many tasks wait on each worker. Even bars mean
#   that the work is well balanced. An empty bar is an idle worker.
#
# The other tabs show each worker's processor and memory use, the system
# load and a profile of the code that the tasks run. Below, the page prints
# the thresholds: fractions of each worker's memory limit, in ``dask.config``.
# A worker writes data to disk when the data it holds passes ``target`` or
# its whole process passes ``spill``. At ``terminate``, it is restarted.

# %%
# Record a performance report
# ---------------------------
#
# A performance report saves the dashboard's plots for one block of code in a
# single HTML file. You can keep it, share it, and open it later without a
# cluster. With Dask alone, you write:
#
# .. code-block:: python
#
#     from dask.distributed import performance_report
#
#     with performance_report(filename="dask-report.html"):
#         big_calc.compute()
#
# Here, the helper package records the same report in inline mode, without
# writing into the current folder, so that the page can show it. ``big_calc``
# is the fancy calculation of
# :ref:`sphx_glr_examples_03_array_plot_01_chunked_arrays.py`, on an array
# ten times larger. The cluster has one worker process per core, with one
# thread each, as on the other pages. NumPy work like this would also suit
# fewer workers with more threads (see
# :ref:`sphx_glr_examples_06_distributed_plot_01_client_localcluster.py`).
# This page starts processes, so the code that does work runs under
# ``if __name__ == "__main__":`` (see
# :ref:`sphx_glr_examples_00_python_parallel_plot_02_the_gil.py`).

import time

import dask
import dask.array as da
import distributed  # noqa: F401 - adds its settings to dask.config

from daskgallery.cluster import local_cluster, performance_report
from daskgallery.system import human_size

report = None  # the recorded report, shown below

if __name__ == "__main__":
    memory = dask.config.get("distributed.worker.memory")
    for name in ("target", "spill", "pause", "terminate"):
        print(f"{name}: {memory[name]:.0%} of the memory limit")
    big_ones = da.ones((10_000, 4_000), chunks=(1000, 1000))
    big_calc = (big_ones * big_ones[::-1, ::-1]).mean()
    print(f"{human_size(big_ones.nbytes)} in {big_ones.npartitions} chunks")
    with local_cluster() as client:
        print(client)
        start = time.perf_counter()
        with performance_report(title="Performance report of big_calc") as recorded:
            result = big_calc.compute()
        print(f"mean: {result}, in {time.perf_counter() - start:.2f} s")
    report = recorded.report
    print(f"report: {human_size(len(report.html.encode()))} of self-contained HTML")
    print(f"tabs: {', '.join(report.tab_titles())}")

# %%
# Read the report
# ---------------
#
# The report below is interactive: zoom and pan with the tools beside each
# plot, hover over the bars, and download it with the link under it. The
# code above read its tabs from the report:
#
# - **Summary**: the duration, the number of tasks, the time spent computing
#   and moving data, the size of the cluster and the code that ran.
# - **Task Stream**: the task stream of the dashboard, for this block only.
# - **System** and **Scheduler Logs**: processor, memory and network of the
#   scheduler, and what it logged.
# - **Worker Profile (compute)**: which lines of code the tasks spent their
#   time in. The **administrative** profiles do the same for the work of Dask
#   itself (messages, bookkeeping), on the workers and on the scheduler.
# - **Bandwidth (Workers)** and **Bandwidth (Types)**: how much data moved
#   between each pair of workers, and for each type of data.

report

# %%
# Reach a remote dashboard safely
# -------------------------------
#
# On a remote machine, start the dashboard on ``localhost`` only, for example
# with ``dask scheduler --dashboard-address localhost:8787``. Then nobody on
# the network can open it. From your own computer, open an SSH tunnel:
#
# .. code-block:: bash
#
#     ssh -N -L 8787:localhost:8787 user@host
#
# ``-L 8787:localhost:8787`` sends what arrives on port 8787 of your computer
# to port 8787 of the remote machine, through the encrypted SSH connection.
# ``-N`` runs no command on the remote machine. Keep the command running and
# open http://localhost:8787/status in your browser. Do not expose the
# dashboard with a public tunnel service: anyone with the address would see
# your cluster. On a JupyterHub, the ``jupyter-server-proxy`` package shows the
# dashboard behind the hub's own login.

# %%
# What we learned
# ---------------
#
# - The dashboard's task stream, progress and memory plots show whether the
#   workers are busy, what is left to do and how much memory each worker uses.
# - ``performance_report`` saves those plots for one block of code in a
#   single HTML file.
# - A remote dashboard stays on ``localhost``; an SSH tunnel brings it to you.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_06_distributed_plot_03_granularity_at_scale.py`
#   measures what each task costs the scheduler.
# - The Dask documentation on `the dashboard
#   <https://docs.dask.org/en/stable/dashboard.html>`_ and on `diagnostics
#   <https://docs.dask.org/en/stable/diagnostics-distributed.html>`_.
