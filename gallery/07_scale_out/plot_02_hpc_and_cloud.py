"""
Clusters on supercomputers and in the cloud
===========================================

On a supercomputer or in the cloud, a tool starts the scheduler and the
workers for you. You will see the main tools, what each one needs and when to
choose it, and how Dask compares with Spark. The code of the tools is shown,
not run: it needs a real supercomputer or a cloud account.
"""

# %%
# Most tools give you a ``cluster`` object, like ``LocalCluster``. You ask it
# for workers with ``cluster.scale(n)`` and connect a ``Client`` to it.
# ``dask-mpi`` has no ``cluster`` object (see below). With every tool, the rest
# of your code does not change.

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
#     from dask_jobqueue import SLURMCluster  # or PBSCluster, LSFCluster
#
#     # each job: 32 cores, 128 GB, 8 worker processes, 2 hours at most
#     cluster = SLURMCluster(queue="regular", account="my-project", cores=32,
#                            memory="128 GB", processes=8, walltime="02:00:00")
#     print(cluster.job_script())  # the batch script it submits
#     cluster.scale(jobs=4)
#     client = cluster.get_client()

# %%
# Supercomputers: ``dask-mpi``
# ----------------------------
#
# It needs MPI and the ``mpi4py`` package. ``mpirun`` starts your script many
# times: the first copy becomes the scheduler, the second runs your code and
# the others become workers. ``initialize()`` returns no ``cluster``: the
# ``-np`` option of ``mpirun`` fixes the number of workers for the whole job.
# Choose it for batch jobs, when your centre starts programs with ``mpirun``
# or ``srun``.
#
# .. code-block:: python
#
#     # run with: mpirun -np 6 python my_script.py  (4 workers)
#     from dask.distributed import Client
#     from dask_mpi import initialize
#
#     initialize()
#     client = Client()  # finds the scheduler that initialize() started

# %%
# Kubernetes, the cloud and shared platforms
# ------------------------------------------
#
# - ``dask-kubernetes`` needs a Kubernetes cluster with the Dask operator
#   installed, and a container image with the same package versions as your
#   session. Choose it when your organisation already runs Kubernetes.
# - ``dask-cloudprovider`` needs an account with a cloud provider (AWS, Google
#   Cloud, Azure, ...) and the right to create virtual machines or containers.
#   Every worker costs money while it runs. Choose it when you have no cluster
#   and need one for a few hours.
# - ``dask-gateway`` needs a Dask Gateway server that administrators run. You
#   log in to it and ask for clusters, without knowing how they start. Choose
#   it when many people share the same resources.
#
# .. code-block:: python
#
#     from dask_kubernetes.operator import KubeCluster
#     cluster = KubeCluster(name="my-dask-cluster", image="ghcr.io/dask/dask:latest")
#
#     from dask_cloudprovider.aws import FargateCluster  # or EC2Cluster, ...
#     cluster = FargateCluster(n_workers=4, image="ghcr.io/dask/dask:latest")
#
#     from dask_gateway import Gateway
#     gateway = Gateway("https://dask-gateway.example.org")  # from your admins
#     cluster = gateway.new_cluster()
#
#     # then, with each of them:
#     cluster.adapt(minimum=1, maximum=20)  # or cluster.scale(10)
#     client = cluster.get_client()
#     cluster.close()  # at the end: stops the workers, and the bill
#
# ``cluster.adapt`` lets the scheduler ask for workers when tasks wait and
# release idle ones. Every ``cluster`` object here supports it,
# ``LocalCluster`` too. With ``dask-jobqueue``, count in jobs:
# ``adapt(minimum_jobs=1, maximum_jobs=20)``. It saves queue time and money,
# but new workers take time to start.

# %%
# Dask or Spark?
# --------------
#
# Spark is an excellent tool. It is mature, many people know it, and it runs on
# many managed platforms. It has APIs in Scala, Java, Python and SQL. If your
# data lives in a Spark or Hadoop platform, Spark is often the simple choice.
#
# Dask is written in Python, for Python. It scales the libraries you already
# use, NumPy, pandas and scikit-learn, with the same APIs. Its task scheduler
# is lower-level: you can parallelise your own algorithms with
# ``dask.delayed`` and futures, and work with arrays of many dimensions. It
# also runs on a laptop after ``pip install``. Choose Dask when your work is
# Python and scientific, or does not fit the map-shuffle-reduce pattern.
#
# On tables, both optimise each query before it runs, and both shuffle rows
# between machines. Dask DataFrame has had a query optimiser since Dask
# 2024.3: below, the optimised query reads only the columns ``a`` and ``b``.
# The setting ``dataframe.shuffle.method`` is ``None`` by default: then, with
# a distributed ``Client``, Dask shuffles peer to peer (``P2PShuffle``).

import dask
import dask.dataframe as dd
import distributed

from daskgallery.cluster import local_cluster
from daskgallery.dataframes import plan
from daskgallery.system import machine

print(machine(), f"distributed: {distributed.__version__}", sep="\n")
df = dd.from_dict({"key": range(8), "a": range(8), "b": range(8)}, npartitions=2)
print(plan(df[df.a > 2].b.sum()))
print(f"dataframe.shuffle.method: {dask.config.get('dataframe.shuffle.method')}")
with local_cluster(n_workers=1, threads_per_worker=1, processes=False):
    print(plan(df.shuffle("key")))

# %%
# What we learned
# ---------------
#
# - Tools start clusters for you: on supercomputers, on Kubernetes, in the
#   cloud and on shared platforms.
# - Most give a ``cluster`` to ``scale`` or ``adapt``; with ``dask-mpi``,
#   ``mpirun`` fixes the workers. The code after ``Client`` does not change.
# - Spark suits SQL-like work on JVM platforms. Dask suits Python work, and
#   its DataFrame also optimises queries and shuffles peer to peer.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_07_scale_out_plot_03_machine_learning.py`
#   spreads a scikit-learn search over a cluster.
# - The Dask documentation on `deploying clusters
#   <https://docs.dask.org/en/stable/deploying.html>`_ and its `comparison to
#   Spark <https://docs.dask.org/en/stable/spark.html>`_.
