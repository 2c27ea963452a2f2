"""
One core at a time
==================

A plain Python loop runs on one core, however many your machine has. You will
time three ways to write the same loop, see that they run alike, and measure
how the time grows with the size of the input.
"""

# %%
# Hashing CPF numbers
# -------------------
#
# Brazil identifies people by their CPF number. Before sharing data, an
# analyst replaces each CPF with a hash: a salt is added in front, a pepper
# behind, and the result goes through SHA-256. Our CPF numbers are synthetic:
# they have valid check digits but belong to nobody.

import inspect

from daskgallery.datasets import cpfs
from daskgallery.workloads import hash_cpf

numbers = cpfs(200_000, seed=2013)
print(f"{len(numbers):,} synthetic CPF numbers, for example {numbers[:3]}")
print(inspect.getsource(hash_cpf))

# %%
# Three ways to write the loop
# ----------------------------
#
# A ``for`` loop, a list comprehension and ``map`` do the same work. We time
# each one three times and keep the best time. The pepper is fixed here, so
# that the hashes are the same on every run.

from daskgallery.timing import measure, plot_variants

PEPPER = 4711


def with_for_loop(values):
    hashes = []
    for value in values:
        hashes.append(hash_cpf(value, pepper=PEPPER))
    return hashes


def with_comprehension(values):
    return [hash_cpf(value, pepper=PEPPER) for value in values]


def hash_one(value):
    return hash_cpf(value, pepper=PEPPER)


def with_map(values):
    return list(map(hash_one, values))


variants = {
    "for loop": with_for_loop,
    "comprehension": with_comprehension,
    "map": with_map,
}
timings = {name: measure(func, numbers, repeat=3) for name, func in variants.items()}
for name, timing in timings.items():
    print(f"{name:>13}: {timing}")
plot_variants(
    {name: t.wall_best for name, t in timings.items()},
    baseline="for loop",
    title=f"Hashing {len(numbers):,} CPF numbers",
)

# %%
# The three take about the same time: the hashing, not the way we loop,
# takes the time. Each variant also spends as much CPU time as wall time. One
# core works; the others wait.

for name, timing in timings.items():
    print(
        f"{name:>13}: CPU time / wall time = {timing.cpu_best / timing.wall_best:.2f}"
    )

# %%
# Time against size
# -----------------
#
# How does the time grow with the number of CPFs? We double the input seven
# times and draw the time on log-log axes. A straight line with slope 1 means
# linear growth: twice the input, twice the time.

from daskgallery.timing import doubling_sizes, fitted_slope, plot_scaling, scaling_curve

sizes = doubling_sizes(1_000, 8)
points = scaling_curve(lambda n: with_comprehension(numbers[:n]), sizes, repeat=3)
print(f"fitted slope: {fitted_slope(points):.2f}")
plot_scaling(points, title="Hashing time grows linearly", xlabel="CPF numbers")

# %%
# What we learned
# ---------------
#
# - A Python loop runs on one core. Rewriting it as a comprehension or with
#   ``map`` does not change that.
# - Measure with the best of a few runs, and keep CPU time next to wall time.
# - A log-log plot shows how time grows with the input: here, linearly.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_00_python_parallel_plot_02_the_gil.py`: why
#   threads do not help this loop.
