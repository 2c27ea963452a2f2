"""
Exercise: violations per restaurant, groups per month
=====================================================

Two more questions about the inspection records, taken from the Dask
tutorial that this chapter follows. Each needs a different bag operation. Try
them yourself first, then open the solutions: each one checks its answer
against plain Python.
"""

# %%
# The records, twice
# ------------------
#
# The bag reads the files as on the previous pages and keeps the records in
# memory with ``persist``. The plain Python list reads the same files with
# ``gzip`` and ``json``, without Dask: the solutions compare their answers
# with it.

import gzip
import json

import dask
import dask.bag as db

from daskgallery.datasets import inspections

dask.config.set(scheduler="threads")  # small data: no process start-up

folder = inspections()
records = db.read_text(str(folder / "*.json.gz")).map(json.loads).persist()
plain = []
for path in sorted(folder.glob("*.json.gz")):
    with gzip.open(path, "rt", encoding="utf-8") as file:
        plain += [json.loads(line) for line in file]
print(f"bag: {records.count().compute():,} records, plain list: {len(plain):,}")

# %%
# Exercise 1: the most frequent violation of each place
# -----------------------------------------------------
#
# A place is a restaurant name with its address. For each place, count how
# often each violation was found, with ``foldby`` and a
# ``collections.Counter`` as the running total. Then print the five places
# with the most violations, and the violation found most often at each. A
# hint: ``initial`` can also be a function that returns a new, empty total.
#
# .. solution::

import operator
from collections import Counter


def place(record):
    return record["Name"], record["Address"]


def add_record(counts, record):
    counts.update(v["Description"] for v in record["Violations"])
    return counts


# initial=Counter, the class: foldby calls it to start each place with a new,
# empty Counter (a Counter() object would reach the tasks as a plain dict)
folded = records.foldby(
    key=place,
    binop=add_record,
    initial=Counter,
    combine=operator.add,
    combine_initial=Counter,
)
by_place = dict(folded.compute())
check = {}
for record in plain:
    add_record(check.setdefault(place(record), Counter()), record)
print(f"{len(by_place)} places, same as plain Python: {by_place == check}")
worst = sorted(by_place.items(), key=lambda kv: (-kv[1].total(), kv[0]))[:5]
for (name, address), counts in worst:
    top, n = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    print(f"{counts.total():>4}  {name}, {address}: {top} ({n})")

# %%
# .. end-solution::
#
# Exercise 2: groups of violations, month by month
# ------------------------------------------------
#
# The tutorial's last part found the food group eaten most often in each year
# of a British food survey, with a table that gave the group of each food
# code. Our records have no foods, but their violation codes have groups in the
# same way: the number before the dash is the chapter of the FDA Food Code.
# With the table ``GROUPS``, find the group found most often in each month.
# Hint: make a bag of ``(month, group)`` pairs.

GROUPS = {
    "2": "Management and personnel",
    "3": "Food",
    "4": "Equipment, utensils and linens",
    "5": "Water, plumbing and waste",
    "6": "Physical facilities",
    "7": "Poisonous or toxic materials",
}

# %%
# .. solution::


def month_and_group(record):
    month = record["Inspection Date"][:7]  # "2016-01"
    return [(month, GROUPS[v["Code"].split("-")[0]]) for v in record["Violations"]]


pairs = dict(records.map(month_and_group).flatten().frequencies().compute())
check = Counter(pair for record in plain for pair in month_and_group(record))
print(f"{len(pairs)} (month, group) pairs, same as plain Python: {pairs == check}")
for month in sorted({month for month, _ in pairs}):
    row = {group: n for (m, group), n in pairs.items() if m == month}
    top = max(sorted(row), key=row.get)
    print(f"{month}: {top} ({row[top]} of {sum(row.values())} violations)")
totals = Counter()
for (_, group), n in pairs.items():
    totals[group] += n
shares = [f"{group} {n / totals.total():.0%}" for group, n in totals.most_common()]
print(f"all months: {', '.join(shares)}")

# %%
# Three groups (food, equipment, facilities) each hold about a quarter of all
# violations, so a month's first group can win by a few violations. The bag
# did the heavy part, reading and counting; plain Python picked the first
# group of each month from the small result.
#
# .. end-solution::
#
# What we learned
# ---------------
#
# - ``foldby`` can keep any running total, such as a ``Counter``. Give
#   ``initial`` the class, so that each key starts with a new, empty total.
# - ``map``, ``flatten`` and ``frequencies`` count pairs of values in one pass.
# - Check a parallel answer against a simple serial one, on data small enough.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_03_array_plot_01_chunked_arrays.py`: arrays
#   cut into chunks.
# - The Dask documentation on `Bag.foldby
#   <https://docs.dask.org/en/stable/generated/dask.bag.Bag.foldby.html>`_.
