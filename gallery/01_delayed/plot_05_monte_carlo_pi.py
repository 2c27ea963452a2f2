"""
Exercise: estimate π in parallel
================================

Throw random points at a square and count how many land inside the circle
drawn in it: four times that share is close to π. Each experiment is pure
Python, which makes this exercise a test of what you learned about the GIL.
"""

# %%
# The serial code
# ---------------
#
# ``approximate_pi`` draws ``num_samples`` points in the square from -1 to 1.
# The circle of radius 1 covers π/4 of the square. We repeat the experiment a
# few times, each time with its own seed, and take the mean. Code that does
# work runs under ``if __name__ == "__main__":`` because the solution starts
# processes (see :ref:`sphx_glr_examples_00_python_parallel_plot_02_the_gil.py`).

import math
import random
import time

NUM_SAMPLES = 1_000_000
EXPERIMENTS = 8


def approximate_pi(num_samples, seed):
    rng = random.Random(seed)
    inside = 0
    for _ in range(num_samples):
        x = rng.uniform(-1, 1)
        y = rng.uniform(-1, 1)
        if x * x + y * y < 1.0:
            inside += 1
    return 4 * inside / num_samples


def mean(*values):
    return sum(values) / len(values)


if __name__ == "__main__":
    start = time.perf_counter()
    estimate = mean(*[approximate_pi(NUM_SAMPLES, seed) for seed in range(EXPERIMENTS)])
    serial_seconds = time.perf_counter() - start
    print(f"π ≈ {estimate:.5f} (error {abs(estimate - math.pi):.5f})")
    print(f"serial: {serial_seconds:.2f} s")

# %%
# Exercise
# --------
#
# Run the experiments in parallel with ``dask.delayed``. Compute the result
# with the default scheduler (threads), then with ``scheduler="processes"``.
# Which one is faster, and why?
#
# .. solution::

import dask

if __name__ == "__main__":
    parts = [
        dask.delayed(approximate_pi)(NUM_SAMPLES, seed) for seed in range(EXPERIMENTS)
    ]
    result = dask.delayed(mean)(*parts)
    timings = {"serial": serial_seconds}
    for scheduler in ("threads", "processes"):
        start = time.perf_counter()
        # chunksize=1 sends the tasks one at a time; by default the processes
        # scheduler sends batches of 6, which would give one process 6 of our 8
        value = result.compute(scheduler=scheduler, chunksize=1)
        timings[scheduler] = time.perf_counter() - start
        print(f"{scheduler}: π ≈ {value:.5f} in {timings[scheduler]:.2f} s")

# %%
# The threads share one ``GIL``, and the loop is pure Python, so threads are
# no faster than the serial code. Processes run the experiments at the same
# time on different cores. They also pay to start, and the bars include that
# cost. The estimate is the same every time: each experiment has its own seed.

from daskgallery.timing import plot_variants

if __name__ == "__main__":
    plot_variants(timings, baseline="serial", title="Eight experiments")

# %%
# .. end-solution::
#
# How good is the estimate?
# -------------------------
#
# More points give a better estimate, but slowly: the typical error shrinks
# like one over the square root of the number of points. A hundred times more
# points make the error about ten times smaller. We measure the typical error
# (the root mean square over 16 seeds) for each number of points.

import matplotlib.pyplot as plt

if __name__ == "__main__":
    sizes = [10**k for k in range(2, 6)]
    errors = [
        math.sqrt(
            mean(*[(approximate_pi(n, seed) - math.pi) ** 2 for seed in range(16)])
        )
        for n in sizes
    ]
    fig, ax = plt.subplots(figsize=(6.4, 4), layout="constrained")
    fig.patch.set_facecolor("white")
    ax.loglog(sizes, errors, "o-", label="typical error (16 seeds)")
    ax.loglog(
        sizes,
        [errors[0] * math.sqrt(sizes[0] / n) for n in sizes],
        "--",
        label="1 / √n",
    )
    ax.set(xlabel="number of points", ylabel="|estimate − π|", title="Convergence")
    ax.legend()
    ax.grid(True, which="both", alpha=0.3)
    for n, error in zip(sizes, errors, strict=True):
        print(f"{n:>9,} points: typical error {error:.5f}")

# %%
# What we learned
# ---------------
#
# - ``dask.delayed`` runs on threads by default. For pure-Python work, ask for
#   processes.
# - Processes cost time to start: they pay off when each task does enough work.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_03_array_plot_01_chunked_arrays.py`: NumPy
#   work, where threads are enough.
