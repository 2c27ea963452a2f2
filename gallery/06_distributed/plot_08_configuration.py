"""
Configuring Dask
================

Dask reads its settings from files, from environment variables and from your
code. You will learn where each source is, which one wins, and how to read
the settings that this gallery relies on.
"""

# %%
# Where the settings come from
# ----------------------------
#
# ``dask.config`` holds the settings in a nested dictionary. A key such as
# ``distributed.worker.memory.target`` names one setting, with dots between
# the levels. Four sources fill it, and each overrides the ones before it:
#
# 1. the defaults, in YAML files inside the installed packages;
# 2. your YAML files, in the folders of ``dask.config.paths``;
# 3. the environment variables whose names start with ``DASK_``;
# 4. ``dask.config.set`` in your code.
#
# Dask reads the files and the variables when you import it. Here are the
# folders of this installation, with ``True`` if the folder exists. A later
# folder wins. ``{sys.prefix}`` is the Python environment, ``~`` your home.

import sys
from pathlib import Path

import dask

for path in dask.config.paths:
    shown = path.replace(sys.prefix, "{sys.prefix}").replace(str(Path.home()), "~")
    print(f"{Path(path).exists()!s:<5} {shown}")

# %%
# The settings this gallery relies on
# -----------------------------------
#
# ``run_python`` (helper package) runs code in a new Python and returns what
# it printed. It leaves out your ``DASK_*`` variables, so the new Python reads
# the defaults and your YAML files. ``None`` lets Dask choose.
#
# - ``scheduler``: ``None`` is ``threads``, or ``processes`` for bags
#   (:ref:`sphx_glr_examples_05_schedulers_plot_01_four_schedulers.py`).
# - ``array.chunk-size``: the size of automatic chunks
#   (:ref:`sphx_glr_examples_03_array_plot_05_choosing_chunks.py`).
# - ``dataframe.shuffle.method``: how rows move between partitions
#   (:ref:`sphx_glr_examples_04_dataframe_plot_05_what_shuffles.py`).
# - ``temporary-directory``: where Dask writes temporary files, such as data
#   that workers move to disk. ``None`` is the system's temporary folder.
# - ``distributed.worker.memory.target``: a worker's lowest memory threshold
#   (:ref:`sphx_glr_examples_06_distributed_plot_06_worker_memory.py`).
# - ``distributed.logging``: log levels. When it is not set, the
#   ``distributed`` logger is at ``INFO``. ``local_cluster`` (helper package)
#   passes ``silence_logs=logging.ERROR``: its clusters log only errors.

from daskgallery.child_python import run_python

SETTINGS = """
import logging, dask, distributed
for key in ("scheduler", "array.chunk-size", "dataframe.shuffle.method",
            "temporary-directory", "distributed.worker.memory.target",
            "distributed.logging"):
    print(f"{key:<33} {dask.config.get(key, None)!r}")
level = logging.getLevelName(logging.getLogger("distributed").level)
print(f"{'logger distributed':<33} {level}")
"""
print(run_python(SETTINGS))

# %%
# Environment variables
# ---------------------
#
# Dask removes ``DASK_``, writes the rest in lower case, and reads each
# ``__`` as a dot: ``DASK_DISTRIBUTED__WORKER__MEMORY__TARGET`` sets
# ``distributed.worker.memory.target``. In a key, ``_`` and ``-`` are the
# same. Set variables before Python starts, for example in a terminal on
# Linux or macOS (on Windows: ``set`` in cmd, ``$env:`` in PowerShell):
#
# .. code-block:: bash
#
#     export DASK_ARRAY__CHUNK_SIZE=32MiB
#     python -c "import dask; print(dask.config.get('array.chunk-size'))"
#
# A new Python runs the code above with two variables: compare the last three
# lines. A value is read as a Python literal if it can be: ``0.5``, without
# quotes, is a number; ``'warning'`` is a string. ``distributed`` sets its
# logger's level when it is imported.

variables = {"DASK_DISTRIBUTED__WORKER__MEMORY__TARGET": "0.5"}
variables["DASK_DISTRIBUTED__LOGGING__DISTRIBUTED"] = "warning"
print(run_python(SETTINGS, env=variables))

# %%
# A YAML file, and which source wins
# ----------------------------------
#
# A YAML file holds the same nested keys. ``DASK_CONFIG`` names one more
# folder, read after the others: here a temporary folder, so that the page
# does not touch your ``~/.config/dask``. Each step sets ``array.chunk-size``
# in one more source, in a new Python: the newest source wins each time.

import tempfile

YAML = "array:\n  chunk-size: 64MiB\n"
GET = "import dask\nprint(dask.config.get('array.chunk-size'))"
SET = "import dask\ndask.config.set({'array.chunk-size': '16MiB'})\n" + GET
with tempfile.TemporaryDirectory() as folder:
    Path(folder, "gallery.yaml").write_text(YAML, encoding="utf-8")
    yaml = {"DASK_CONFIG": folder}
    both = yaml | {"DASK_ARRAY__CHUNK_SIZE": "32MiB"}
    steps = [("defaults", GET, {}), ("+ DASK_CONFIG", GET, yaml)]
    steps += [("+ DASK_ARRAY__CHUNK_SIZE", GET, both), ("+ dask.config.set", SET, both)]
    for source, code, env in steps:
        print(f"{source:<25} {run_python(code, env=env)}")

# %%
# ``dask.config.set`` in your code
# --------------------------------
#
# ``dask.config.set`` changes settings in the running Python. Called alone, as
# on the bag pages for ``scheduler``, it lasts until Python stops. In a
# ``with`` block, the change ends with the block. Without ``chunks=``, Dask
# chooses chunks of about ``array.chunk-size`` bytes: the change shows there.

import dask.array as da

SHAPE = (20_000, 20_000)  # 3.2 GB of float64, never computed
print("before:", dask.config.get("array.chunk-size"), da.ones(SHAPE).chunksize)
with dask.config.set({"array.chunk-size": "32MiB"}):
    print("inside:", dask.config.get("array.chunk-size"), da.ones(SHAPE).chunksize)
print("after:", dask.config.get("array.chunk-size"), da.ones(SHAPE).chunksize)

# %%
# What we learned
# ---------------
#
# - Each source overrides the ones before it: defaults, YAML files, ``DASK_*``
#   environment variables, ``dask.config.set``.
# - ``DASK_A__B_C`` sets ``a.b-c`` in a Python started after it is set.
# - ``dask.config.set`` in a ``with`` block lasts until the block ends.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_07_scale_out_plot_01_real_cluster.py` starts a
#   cluster of separate programs.
# - The Dask documentation on `configuration
#   <https://docs.dask.org/en/stable/configuration.html>`_.
