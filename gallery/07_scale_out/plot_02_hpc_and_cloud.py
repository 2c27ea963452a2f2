"""
Clusters on supercomputers and in the cloud
===========================================

On a supercomputer or in the cloud, a tool starts the scheduler and the
workers for you. You will see the main tools, what each one needs and when to
choose it, and how Dask compares with Spark. The code of this page is shown,
not run: it needs a real supercomputer or a cloud account.
"""

# %%
# The same pattern everywhere
# ---------------------------
#
# Each tool gives you a ``cluster`` object, like ``LocalCluster``. You ask it
# for workers with ``cluster.scale(n)`` and connect a ``Client`` to it. The rest
# of your code does not change. The machine and the versions that built this
# page:

import distributed

from daskgallery.system import machine

print(machine())
print(f"distributed: {distributed.__version__}")

# %%
# Supercomputers: ``dask-jobqueue``
# ---------------------------------
#
# It needs a batch system (SLURM, PBS, LSF, SGE or HTCondor), an account that
# may submit jobs, and the same Python environment on every node. Each
# ``scale`` submits batch jobs, and each job starts workers that connect to
# the scheduler in your session. Choose it to work interactively on a
# supercomputer, for example from Jupyter on a login node.
#
# .. code-block:: python
#
#     from dask.distributed import Client
#     from dask_jobqueue import SLURMCluster  # or PBSCluster, LSFCluster
#
#     # each job: 32 cores, 128 GB, 8 worker processes, 2 hours at most
#     cluster = SLURMCluster(
#         queue="regular", account="my-project",
#         cores=32, memory="128 GB", processes=8, walltime="02:00:00",
#     )
#     print(cluster.job_script())  # the batch script it submits
#     cluster.scale(jobs=4)
#     client = Client(cluster)

# %%
# Supercomputers: ``dask-mpi``
# ----------------------------
#
# It needs MPI and the ``mpi4py`` package. ``mpirun`` starts your script many
# times: the first copy becomes the scheduler, the second runs your code and
# the others become workers. Choose it for batch jobs, when your centre starts
# programs with ``mpirun`` or ``srun``.
#
# .. code-block:: python
#
#     # run with: mpirun -np 6 python my_script.py
#     from dask.distributed import Client
#     from dask_mpi import initialize
#
#     initialize()
#     client = Client()  # finds the scheduler that initialize() started

# %%
# Kubernetes: ``dask-kubernetes``
# -------------------------------
#
# It needs a Kubernetes cluster with the Dask operator installed, access to
# it with ``kubectl``, and a container image with the same package versions
# as your session. Choose it when your organisation already runs Kubernetes.
#
# .. code-block:: python
#
#     from dask_kubernetes.operator import KubeCluster
#
#     cluster = KubeCluster(name="my-dask-cluster", image="ghcr.io/dask/dask:latest")
#     cluster.scale(10)
#     client = cluster.get_client()

# %%
# The cloud: ``dask-cloudprovider``
# ---------------------------------
#
# It needs an account with a cloud provider (AWS, Google Cloud, Azure, ...),
# credentials on your machine and the right to create virtual machines or
# containers. Every worker costs money while it runs. Choose it when you have
# no cluster and need one for a few hours.
#
# .. code-block:: python
#
#     from dask_cloudprovider.aws import FargateCluster  # or EC2Cluster, ...
#
#     cluster = FargateCluster(n_workers=4, image="ghcr.io/dask/dask:latest")
#     client = cluster.get_client()
#     cluster.close()  # at the end: stops the workers, and the bill

# %%
# Shared platforms: ``dask-gateway``
# ----------------------------------
#
# It needs a Dask Gateway server that administrators run, often next to a
# JupyterHub, on Kubernetes or on a batch system. You log in to it and ask
# for clusters, without knowing how they start. Choose it when many people
# share the same resources.
#
# .. code-block:: python
#
#     from dask_gateway import Gateway
#
#     gateway = Gateway("https://dask-gateway.example.org")  # from your admins
#     cluster = gateway.new_cluster()
#     cluster.adapt(minimum=1, maximum=20)
#     client = cluster.get_client()
#     cluster.shutdown()  # at the end

# %%
# Adaptive scaling
# ----------------
#
# ``cluster.adapt(minimum=..., maximum=...)``, as above, lets the scheduler
# ask for workers when tasks wait and release idle ones. Every cluster here
# supports it, ``LocalCluster`` too. With ``dask-jobqueue``, count in jobs:
# ``adapt(minimum_jobs=1, maximum_jobs=20)``. It saves queue time and money,
# but new workers take time to start.

# %%
# Dask or Spark?
# --------------
#
# Spark is an excellent tool. It is mature, many people know it, and it runs
# on many managed platforms. It has APIs in Scala, Java, Python and SQL. Its
# query optimiser and its shuffles are strong on large SQL-like tables. If
# your data lives in a Spark or Hadoop platform, Spark is often the simple
# choice.
#
# Dask is written in Python, for Python. It scales the libraries you already
# use, NumPy, pandas and scikit-learn, with the same APIs. Its task scheduler
# is lower-level: you can parallelise your own algorithms with
# ``dask.delayed`` and futures, and work with arrays of many dimensions. It
# also runs on a laptop after ``pip install``. Choose Dask when your work is
# Python and scientific, or does not fit the map-shuffle-reduce pattern.

# %%
# What we learned
# ---------------
#
# - ``dask-jobqueue`` and ``dask-mpi`` start clusters on supercomputers.
#   ``dask-kubernetes``, ``dask-cloudprovider`` and ``dask-gateway`` start
#   them on Kubernetes, in the cloud and on shared platforms.
# - Each gives a ``cluster`` to ``scale`` or ``adapt``. The code after
#   ``Client(cluster)`` does not change.
# - Spark suits SQL-like work on JVM platforms. Dask suits Python work.
#
# See also
# --------
#
# - :ref:`sphx_glr_examples_07_scale_out_plot_01_real_cluster.py` starts
#   a cluster by hand.
# - The Dask documentation on `deploying clusters
#   <https://docs.dask.org/en/stable/deploying.html>`_ and its `comparison to
#   Spark <https://docs.dask.org/en/stable/spark.html>`_.
