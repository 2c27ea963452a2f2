"""
Machine learning on a cluster
=============================

A hyper-parameter search fits the same model many times, with different
settings, and each fit is independent of the others. You will spread a
scikit-learn search over a Dask cluster, measure it against joblib's own
processes, and see when a cluster does not help.
"""

# %%
# Many independent fits
# ---------------------
#
# The digits data set ships with scikit-learn: ``load_digits`` reads it from
# the installed package, with no download. ``GridSearchCV`` tries every
# combination of the settings ``C`` and ``gamma`` of a support vector
# classifier, ``SVC``. It scores each combination, a candidate, with 3-fold
# cross-validation: one fit per candidate and per fold. No fit needs the
# result of another one. This page starts processes: its code runs under
# ``if __name__ == "__main__":`` (see
# :ref:`sphx_glr_examples_00_python_parallel_plot_02_the_gil.py`).

from sklearn.datasets import load_digits
from sklearn.model_selection import GridSearchCV
from sklearn.svm import SVC

X, y = load_digits(return_X_y=True)
X = X / 16  # pixel values from 0 to 16, scaled to 0 to 1
GRID = {"C": [1, 10], "gamma": [0.05, 0.2]}
FOLDS, CANDIDATES = 3, len(GRID["C"]) * len(GRID["gamma"])

# %%
# One search, three joblib backends
# ---------------------------------
#
# scikit-learn runs its parallel work through joblib, and joblib hands it to
# a ``backend``. ``sequential`` runs the fits one after the other in this
# process, as ``n_jobs=1`` does. ``loky``, the default, runs them in worker
# processes on this machine. ``dask`` sends them to the workers of the
# cluster of the open ``Client``. ``joblib.parallel_config`` chooses the
# backend and ``n_jobs`` for the code in its ``with`` block. ``loky`` and
# the cluster each get one worker process per core, at most four.
# ``best_of_rounds`` (helper package) keeps the best time of two rounds: the
# first one also starts the ``loky`` processes and loads scikit-learn in the
# workers. Each ``SVC`` fit uses one core. Some models use several threads in
# each fit: both backends limit those threads in their worker processes, so
# that processes times threads do not exceed the cores.

import functools

import joblib
from joblib.externals.loky import get_reusable_executor

from daskgallery.cluster import local_cluster
from daskgallery.system import machine
from daskgallery.timing import best_of_rounds, plot_variant_panels

BACKENDS = ("sequential", "loky", "dask")
WORKERS = min(machine().usable_cores, 4)
searches, jobs = {}, {}


def search(backend):
    grid_search = GridSearchCV(SVC(), GRID, cv=FOLDS, refit=False)
    with joblib.parallel_config(backend=backend, n_jobs=WORKERS):
        jobs[backend] = joblib.effective_n_jobs()  # processes or threads used
        searches[backend] = grid_search.fit(X, y)


# %%
# One fit, on any backend
# -----------------------
#
# By default, a search ends with one more fit, in this process: the best
# candidate on all the data (``refit=False`` skips it). We do that fit here.
# It is one call to the ``libsvm`` library, on one core: no part of it can
# run in parallel. ``SVC().fit`` does not call joblib: it runs here whatever
# the backend. So we hand it to joblib as a list of one task, and time it.


def one_fit(backend, params):
    with joblib.parallel_config(backend=backend, n_jobs=WORKERS):
        return joblib.Parallel()([joblib.delayed(SVC(**params).fit)(X, y)])


if __name__ == "__main__":
    with local_cluster(n_workers=WORKERS, threads_per_worker=1):
        runs = {b: functools.partial(search, b) for b in BACKENDS}
        search_time = best_of_rounds(runs, rounds=2)
        best = searches["sequential"].best_params_
        runs = {b: functools.partial(one_fit, b, best) for b in BACKENDS}
        fit_time = best_of_rounds(runs, rounds=2)
    # loky keeps its processes for 300 s, for the next search: stop them now
    get_reusable_executor().shutdown(wait=True)
    print(f"fits: {CANDIDATES} candidates x {FOLDS} folds = {CANDIDATES * FOLDS}")
    print("backend    n_jobs search (s) one fit (s) best_params_ best_score_")
    for b, found in searches.items():
        row = f"{b:<10} {jobs[b]:>6} {search_time[b]:>10.2f} {fit_time[b]:>11.3f}"
        print(row, found.best_params_, f"{found.best_score_:.4f}")
    same = {str((s.best_params_, s.best_score_)) for s in searches.values()}
    print(f"same best_params_ and best_score_ on every backend: {len(same) == 1}")
    panels = {"grid search": search_time, "one fit": fit_time}
    plot_variant_panels(panels, baseline="sequential")

# %%
# What the numbers say
# --------------------
#
# - Every backend finds the same best candidate, with the same score: the
#   fits are the same computations, run in other places.
# - The speed-up of ``loky`` over ``sequential`` cannot exceed ``n_jobs``,
#   nor the number of fits. Each fit here takes a few hundredths of a second,
#   and sending it to another process costs a good part of that: on two cores
#   the gain is small. Longer fits gain more.
# - On one machine, ``dask`` is no faster than ``loky``. Both run the fits in
#   other processes of this machine, but ``dask`` takes more steps: its
#   scheduler places each batch of fits, and the data go to the workers over
#   network connections. On two cores, this can cancel its gain over
#   ``sequential``.
# - One fit is no faster on any backend: one task runs on one core. ``loky``
#   and ``dask`` add the time to send the data and the model to a worker
#   process, and the fitted model back.
#
# Dask's gain is elsewhere. With the ``dask`` backend, joblib uses every
# thread of the cluster, whatever ``n_jobs`` says. ``local_cluster`` connects
# to the cluster that ``DASK_SCHEDULER_ADDRESS`` names (see
# :ref:`sphx_glr_examples_07_scale_out_plot_01_real_cluster.py`): on a
# cluster of many machines, the same search uses the cores of every machine.
# ``loky`` never leaves this machine.

# %%
# What we learned
# ---------------
#
# - A hyper-parameter search is many independent fits: it suits a cluster.
# - ``with joblib.parallel_config(backend="dask"):`` sends the fits of a
#   search to the cluster of the open ``Client``, with no change to the code.
# - On one machine, ``loky`` does as well or better. Dask reaches the cores
#   of many machines.
# - One fit runs on one core, whatever the backend.
#
# Next
# ----
#
# - This was the last page. :doc:`/overview` shows how Dask is built and
#   which chapter to read for each need.
# - The Dask documentation on `scikit-learn and joblib
#   <https://ml.dask.org/joblib.html>`_, and the joblib documentation on
#   `parallel backends <https://joblib.readthedocs.io/en/stable/parallel.html>`_.
