"""
Semi-structured JSON records
============================

Real data often come as JSON lines: one record per line, with nested lists and
fields that vary. You will read compressed JSON-lines files into a bag, turn
the lines into dictionaries and count what they contain.
"""

# %%
# The data
# --------
#
# Restaurant inspections, one file per month, compressed with gzip. Each line
# is one inspection: the restaurant, the kind of inspection and a list of the
# violations found. The records are synthetic, shaped like the open data of
# the city of Washington, DC; each one carries ``"synthetic": true``.

from daskgallery.datasets import inspections

folder = inspections()
files = sorted(folder.glob("*.json.gz"))
print(f"{len(files)} files, for example {files[0].name}")

# %%
# Lines of text
# -------------
#
# ``db.read_text`` makes a bag of lines. With the default ``blocksize=None``,
# each file becomes one partition, whatever its compression. With a
# ``blocksize`` in bytes, ``read_text`` cuts each file into blocks of about
# that size, at line ends, one partition each. A compressed file cannot be
# cut: a gzip stream must be read from its start, so Dask refuses.

import dask
import dask.bag as db

dask.config.set(scheduler="threads")  # small data: no process start-up

lines = db.read_text(str(folder / "*.json.gz"))
print(f"partitions: {lines.npartitions}")
print(lines.take(1)[0][:160], "...")
try:
    db.read_text(str(folder / "*.json.gz"), blocksize=1_000_000)
except ValueError as error:
    print(f"with blocksize: ValueError: {error}")

# %%
# From text to records
# --------------------
#
# ``json.loads`` turns each line into a dictionary. The bag of records is
# still lazy: each operation below reads the files again. For bigger data,
# ``persist`` would keep the records in memory between questions.

import json

records = lines.map(json.loads)
first = records.take(1)[0]
print(json.dumps(first, indent=2))
print(f"inspections: {records.count().compute():,}")

# %%
# What kinds of inspections are there?
# ------------------------------------
#
# ``pluck`` takes the field and ``distinct`` keeps each value once. Then
# ``frequencies`` counts them; we sort the counts in plain Python, since the
# result is small.

kinds = records.pluck("Inspection Type")
print(f"kinds: {sorted(kinds.distinct().compute())}")
counts = sorted(kinds.frequencies().compute(), key=lambda kv: kv[1], reverse=True)
for kind, count in counts:
    print(f"{kind:>16}: {count:,}")

# %%
# Nested lists
# ------------
#
# Each record holds a list of violations. ``flatten`` turns a bag of lists into
# a bag of their items, so we can count the violations themselves.

violations = records.pluck("Violations").flatten()
categories = violations.pluck("Violation Category").frequencies().compute()
print(f"violations: {violations.count().compute():,}")
print(f"by category: {sorted(categories)}")

# %%
# Exercise
# --------
#
# Use ``filter`` and ``take`` to get the first five inspections of the kind
# ``Complaint``. Print the name of each restaurant and the date.
#
# .. solution::

complaints = records.filter(lambda r: r["Inspection Type"] == "Complaint").take(5)
for record in complaints:
    print(f"{record['Inspection Date']}  {record['Name']}")

# %%
# .. end-solution::
#
# What we learned
# ---------------
#
# - ``db.read_text`` reads many files into one bag of lines; ``map(json.loads)``
#   turns them into records.
# - ``pluck``, ``distinct``, ``frequencies`` and ``flatten`` answer most
#   questions about semi-structured data.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_02_bag_plot_03_groupby_foldby.py`: grouping
#   records, the fast way and the slow way.
