"""daskgallery: small helpers that keep the gallery's examples short.

Install it with the one command that every page of the site shows; then any
page downloaded as a script or a notebook runs in an empty folder.

Modules: :mod:`~daskgallery.system` (the machine a page ran on),
:mod:`~daskgallery.timing` (timing and plots), :mod:`~daskgallery.datasets`
(the data sets, built on first use), :mod:`~daskgallery.workloads`,
:mod:`~daskgallery.memory`, :mod:`~daskgallery.worker_memory` (the memory of
the workers), :mod:`~daskgallery.dataframes` (query plans and shuffles),
:mod:`~daskgallery.parquet_reads` (what a Parquet read costs),
:mod:`~daskgallery.cluster` (clusters and reports),
:mod:`~daskgallery.programs` (a cluster of ``dask scheduler`` and
``dask worker`` programs), :mod:`~daskgallery.workers` (bytes sent, worker
logs), :mod:`~daskgallery.child_python` (a new Python process) and
:mod:`~daskgallery.graphs` (task graphs, with or without Graphviz).
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
