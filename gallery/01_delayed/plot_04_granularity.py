"""
Granularity: when ``dask.delayed`` makes code slower
====================================================

Every task costs the scheduler some time, whatever it does. You will measure
that cost on a tiny function, see a loop of tiny delayed calls lose to plain
Python, and fix it by giving each task a batch of work.
"""

# %%
# Counting palindromes
# --------------------
#
# A palindrome reads the same backwards, like "kayak" or "Racecar". We count
# the palindromes in a long list of words. Checking one word takes well under
# a microsecond.

import time

from daskgallery.workloads import is_palindrome

words = """complete abstraction from compass sights sounds human shapes
interferences troubles joys were they there man seemed shaded hemisphere globe
sentient being save himself rather Abba Aibohphobia Bib Bob Civic Deified
Detartrated Dewed Eve Hannah Kayak Level Madam Malayalam Minim Mom Murdrum Noon
Nun Otto Peep Pop Racecar Radar Redder Refer Repaper Rotator Rotavator Rotor
Sagas Sis Solo Stats Tattarrattat Tenet redivider deified civic radar level
not without frequent consciousness that was some charm this life stood still
after looking sky use""".split()
words = words * 40
print(f"{len(words):,} words")

start = time.perf_counter()
count = sum(is_palindrome(word) for word in words)
plain_seconds = time.perf_counter() - start
print(f"plain Python: {count:,} palindromes in {plain_seconds:.4f} s")

# %%
# One task per word
# -----------------
#
# With one delayed call per word, Dask must build, schedule and run one task
# per word. The work inside each task is tiny, so the total time is almost
# only the cost of the tasks.

import dask

start = time.perf_counter()
checks = [dask.delayed(is_palindrome)(word) for word in words]
count = dask.delayed(sum)(checks).compute()
per_word_seconds = time.perf_counter() - start
overhead = (per_word_seconds - plain_seconds) / len(words)
print(f"one task per word: {count:,} palindromes in {per_word_seconds:.2f} s")
print(f"cost per task: about {overhead * 1e6:.0f} µs")
print(f"slower than plain Python by {per_word_seconds / plain_seconds:.0f}x")

# %%
# One task per batch
# ------------------
#
# The fix is to give each task more work: a batch of words. With a few batches
# per core, the scheduler has little to do, and the cores stay busy.


def count_palindromes(batch):
    return sum(is_palindrome(word) for word in batch)


from dask.system import CPU_COUNT

n_batches = 4 * CPU_COUNT
size = -(-len(words) // n_batches)  # rounded up
batches = [words[i : i + size] for i in range(0, len(words), size)]

start = time.perf_counter()
counts = [dask.delayed(count_palindromes)(batch) for batch in batches]
count = dask.delayed(sum)(counts).compute()
batch_seconds = time.perf_counter() - start
print(f"{len(batches)} batches: {count:,} palindromes in {batch_seconds:.4f} s")

# %%
# ``dask.bag`` makes the batches for you: each ``partition`` is a batch. The
# next chapter is about bags. ``from_sequence`` rounds the size of a partition
# down, so it can make more partitions than we ask for: we print both numbers.

import dask.bag as db

start = time.perf_counter()
bag = db.from_sequence(words, npartitions=n_batches)
count = bag.map(is_palindrome).sum().compute(scheduler="threads")
bag_seconds = time.perf_counter() - start
made = f"{bag.npartitions} partitions (asked for {n_batches})"
print(f"dask.bag, {made}: {count:,} palindromes in {bag_seconds:.4f} s")

# %%
# The three ways side by side
# ---------------------------

from daskgallery.timing import plot_variants

times = {
    "plain Python": plain_seconds,
    "task per word": per_word_seconds,
    "task per batch": batch_seconds,
    "dask.bag": bag_seconds,
}
plot_variants(times, baseline="plain Python", title="Counting palindromes")

# %%
# Here the work is so small that even the batches do not beat plain Python:
# they only come close. Parallelism pays when each task does much more work
# than the scheduler spends on it.
#
# What we learned
# ---------------
#
# - Each task costs some time to schedule, whatever its size.
# - Many tiny tasks are slower than plain Python. Give each task a batch of
#   work, or use a collection such as ``dask.bag`` that does it for you.
# - Call ``dask.delayed`` on the function, ``dask.delayed(f)(x)``, not on its
#   result, ``dask.delayed(f(x))``: the second form runs ``f`` right away.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_01_delayed_plot_05_monte_carlo_pi.py`: an
#   exercise where each task has real work.
# - The Dask documentation on `delayed best practices
#   <https://docs.dask.org/en/stable/delayed-best-practices.html>`_.
