"""
Futures in depth
================

A ``future`` points to a result on the cluster. Follow futures as they
finish, reuse task keys, ``scatter`` a large array, and debug a failed task.
"""

# %%
# Wait for the first result, then for each one
# ---------------------------------------------
#
# Six tasks sleep for different times: two workers with four threads each run
# them all at once (sleeping threads release the ``GIL``). The cluster stays
# open until the end of the page. ``wait`` returns when all futures are done,
# or the first one (``FIRST_COMPLETED``): look at each ``status``.
# ``as_completed`` yields futures in the order they finish.

import random
import time
import traceback
import uuid
import warnings
from collections import Counter
from contextlib import ExitStack

import numpy as np
from dask.distributed import as_completed, wait

from daskgallery.cluster import local_cluster, quiet_logs
from daskgallery.workers import quiet_worker_logs, sending

if __name__ == "__main__":
    SLEEPS = [0.6, 0.15, 0.9, 0.3, 0.75, 0.45]
    stack = ExitStack()  # closed at the end of the page
    client = stack.enter_context(local_cluster(n_workers=2, threads_per_worker=4))
    stack.enter_context(quiet_worker_logs(client))  # failures: in the worker logs
    start = time.perf_counter()
    futures = client.map(time.sleep, SLEEPS)
    done, not_done = wait(futures, return_when="FIRST_COMPLETED")
    print(f"FIRST_COMPLETED: {len(done)} done, status {[f.status for f in futures]}")
    for future in as_completed(futures):
        i, at = futures.index(future), time.perf_counter() - start
        print(f"task {i}: sleeps {SLEEPS[i]:.2f} s, done at {at:.2f} s")

# %%
# What travels with a task: its key and its arguments
# ---------------------------------------------------
#
# ``submit`` names each task with a ``key``: the name of the function and a
# hash of its arguments. Identical calls share a key, and the function runs
# once. A function that gives a new value at each call, such as ``uuid4``,
# needs ``pure=False``: each call then gets a key of its own.

if __name__ == "__main__":
    for pure in (True, False):
        calls = [client.submit(uuid.uuid4, pure=pure) for _ in range(3)]
        keys, values = {c.key for c in calls}, set(client.gather(calls))
        print(f"pure={pure}: {len(keys)} key(s), {len(values)} value(s), {min(keys)}")

# %%
# Eight tasks read the same 24 MiB array. Passed to ``submit``, the array
# travels inside each task, and Dask warns about each large graph.
# ``client.scatter`` sends it once and returns a future for the tasks: an
# eighth of the bytes, in a fraction of the time. ``sending`` reads the byte
# counters of ``distributed``: client to scheduler (``to_scheduler``: tasks and
# scattered data) and worker to worker (``between_workers``).

if __name__ == "__main__":
    ARRAY = np.random.default_rng(42).random(3 * 2**20)  # 24 MiB of float64
    for scatter in (False, True):
        with sending(client) as sent, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            array = client.scatter(ARRAY) if scatter else ARRAY
            client.gather([client.submit(np.take, array, i) for i in range(8)])
        first = [str(w.message).splitlines()[0] for w in caught]
        print(f"scatter={scatter}: {sent}, {len(caught)} warning(s) {first[:1]}")

# %%
# Debug a failed task
# -------------------
#
# A failed future has the ``status`` ``error``. ``exception()`` and
# ``traceback()`` bring back what the worker raised: the last frames are in
# your code. ``client.recreate_error_locally(future)`` runs the task again in
# this process, where a debugger can stop in it. In distributed 2026.8 it
# also logs an error on the scheduler (hidden here), and marks as failed the
# futures that the task takes as arguments: use it on a task without them.
# For a task that fails only now and then, see ``retries`` in
# :ref:`sphx_glr_examples_06_distributed_plot_07_resilience.py`.


def parse(record):
    return int(record)


if __name__ == "__main__":
    bad = client.submit(parse, "n/a")
    frames = [f.name for f in traceback.extract_tb(bad.traceback())]
    print(f"status {bad.status}: {bad.exception()!r}, remote frames {frames}")
    with quiet_logs():  # the scheduler's error, see above
        try:
            client.recreate_error_locally(bad)
        except ValueError as error:
            frames = [f.name for f in traceback.extract_tb(error.__traceback__)]
            print(f"locally: {error!r}, last frames {frames[-2:]}")
        fixed = client.submit(parse, "42")  # the record, corrected
        print(f"fixed: {fixed.result()!r}, {fixed.status}")

# %%
# Exercise
# --------
#
# ``draw(seed)`` sleeps, then returns a random number. Map it over seeds 0 to 39,
# stop at the first result above 0.9, cancel the rest: how many tasks finished?
#
# .. solution::


def draw(seed):
    rng = random.Random(seed)
    time.sleep(rng.uniform(0.1, 0.3))
    return rng.random()


if __name__ == "__main__":
    futures = client.map(draw, range(40))
    found = next(f for f in as_completed(futures) if f.result() > 0.9)
    client.cancel([f for f in futures if not f.done()])
    print(f"seed {futures.index(found)}: {found.result():.3f}")
    print(f"status: {sorted(Counter(f.status for f in futures).items())}")
    stack.close()  # the cluster

# %%
# .. end-solution::
#
# What we learned
# ---------------
#
# - ``wait`` and ``as_completed`` follow futures as they finish.
# - Identical calls share a key and run once, unless ``pure=False``.
# - ``scatter`` sends a large object once; tasks take its future.
# - A failed future keeps its traceback; ``recreate_error_locally`` runs it here.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_06_distributed_plot_06_worker_memory.py`: worker memory.
# - The Dask documentation on `futures
#   <https://docs.dask.org/en/stable/futures.html>`_.
