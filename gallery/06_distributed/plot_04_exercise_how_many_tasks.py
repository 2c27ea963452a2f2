"""
Exercise: how many tasks?
=========================

To run one job on a cluster, you cut it into tasks. With too few tasks, some
workers wait. With too many, the scheduler's cost per task adds up. Find the
best number by measuring. Try it yourself first, then open the solution.
"""

# %%
# The job
# -------
#
# The job counts the primes below ``PRIMES_BELOW``. ``count_primes_between``
# from the helper package counts them in one range of numbers, so the job
# can be cut into any number of ranges. Checking a large number takes longer
# than checking a small one, so the last ranges cost the most.

import time

from daskgallery.workloads import count_primes_between

PRIMES_BELOW = 200_000

if __name__ == "__main__":
    print(f"primes below 100: {count_primes_between(0, 100)}")
    print(f"primes from 50 to 99: {count_primes_between(50, 100)}")

# %%
# Exercise
# --------
#
# Start a cluster with ``local_cluster()`` from the helper package, as in
# :ref:`sphx_glr_examples_06_distributed_plot_01_client_localcluster.py`.
# Cut ``range(0, PRIMES_BELOW)`` into ``n`` ranges of the same length, send
# one ``count_primes_between`` call per range with ``client.map``, and add up
# the results of ``client.gather``. Time the job for ``n`` = 1, one range per
# core, 8 per core and 128 per core. Which ``n`` is the fastest? Why are the
# others slower? This page starts processes, so the code that does work runs
# under ``if __name__ == "__main__":``.
#
# .. solution::

from dask.system import CPU_COUNT

from daskgallery.cluster import local_cluster


def count_on(client, n):
    """Count the primes in n ranges, one task per range."""
    edges = [PRIMES_BELOW * i // n for i in range(n + 1)]
    futures = client.map(count_primes_between, edges[:-1], edges[1:])
    return sum(client.gather(futures))


if __name__ == "__main__":
    seconds = {}
    with local_cluster() as client:
        count_on(client, 2 * CPU_COUNT)  # warm-up: the workers import the function
        for n in [1, CPU_COUNT, 8 * CPU_COUNT, 128 * CPU_COUNT]:
            start = time.perf_counter()
            primes = count_on(client, n)
            seconds[n] = time.perf_counter() - start
            line = f"{n:>4} task(s), {n / CPU_COUNT:g} per core: {primes:,} primes"
            print(f"{line}, {seconds[n]:.2f} s")
    print(f"fastest: {min(seconds, key=seconds.get)} task(s)")

# %%
# - One task runs on one worker; the other workers wait.
# - With one task per core, every worker starts at once. But the last ranges
#   cost more than the first ones, so some workers can finish early and then
#   wait for the slowest.
# - With 128 tasks per core, each task is so short that the scheduler's cost
#   for each task (see
#   :ref:`sphx_glr_examples_06_distributed_plot_03_granularity_at_scale.py`)
#   adds up and slows the job down.
#
# The fastest count lies between the extremes: enough tasks to keep every
# worker busy to the end, few enough that each task is much longer than
# what the scheduler spends on it. Where exactly depends on the machine and
# on the job, so measure.
#
# .. end-solution::
#
# What we learned
# ---------------
#
# - ``client.map`` and ``client.gather`` run one job as many tasks.
# - A few tasks per core, each well above the scheduler's cost per task,
#   keep a cluster busy.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_06_distributed_plot_05_futures_in_depth.py`
#   works with futures one by one: as they finish, with retries, with errors.
# - The Dask documentation on `best practices
#   <https://docs.dask.org/en/stable/best-practices.html>`_.
