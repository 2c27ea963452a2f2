"""Claims of the machine-learning page (G3), checked against what the build measured.

The numbers come from the English page's captured output: the number of fits
of the search, then one row per joblib backend (``n_jobs``, the search's time,
the time of one fit, the best candidate and its score). Timing bounds leave
room for the noise of a shared 2-core machine and hold on a large one: the
page caps the processes at four. Claims that need several cores say so and
are checked only where the build machine has them.
"""

from __future__ import annotations

import ast
import re

from conftest import output, page_soup, usable_cores

G3 = "07_scale_out/plot_03_machine_learning"
BACKENDS = ("sequential", "loky", "dask")
NOISE = ("Stream is closed", "CommClosedError", "Traceback", "ERROR", "Warning")
ROW = re.compile(
    r"^(sequential|loky|dask) +(\d+) +([\d.]+) +([\d.]+) +(\{[^}]*\}) ([\d.]+)$", re.M
)


def rows(out: str) -> dict[str, dict]:
    """The page's table: {backend: {n_jobs, search, fit, params, score}}."""
    found = {
        name: {
            "n_jobs": int(jobs),
            "search": float(search),
            "fit": float(fit),
            "params": ast.literal_eval(params),
            "score": float(score),
        }
        for name, jobs, search, fit, params, score in ROW.findall(out)
    }
    assert tuple(found) == BACKENDS, f"expected one row per backend in:\n{out}"
    return found


def test_g3_the_search_is_many_independent_fits(site):
    out = output(G3)
    found = re.search(r"fits: (\d+) candidates x (\d+) folds = (\d+)", out)
    assert found, out
    candidates, folds, fits = map(int, found.groups())
    assert candidates * folds == fits
    assert fits >= 10  # many fits, more than the page's processes (at most four)


def test_g3_prints_the_timings_of_every_backend(site):
    out = output(G3)
    assert "backend    n_jobs search (s) one fit (s) best_params_ best_score_" in out
    table = rows(out)
    for name, row in table.items():
        assert row["search"] > 0, name
        assert row["fit"] > 0, name
    workers = min(usable_cores(), 4)
    assert table["sequential"]["n_jobs"] == 1
    assert table["loky"]["n_jobs"] == workers
    # the dask backend uses every thread of the cluster: one per worker here
    assert table["dask"]["n_jobs"] == workers


def test_g3_every_backend_finds_the_same_best_candidate(site):
    out = output(G3)
    table = rows(out)
    assert len({str(row["params"]) for row in table.values()}) == 1
    assert len({row["score"] for row in table.values()}) == 1
    assert set(table["dask"]["params"]) == {"C", "gamma"}
    assert 0.9 < table["dask"]["score"] <= 1  # digits: a good classifier
    assert "same best_params_ and best_score_ on every backend: True" in out


def test_g3_one_fit_gains_nothing_from_a_backend(site):
    table = rows(output(G3))
    alone = table["sequential"]["fit"]
    # one task runs on one core: a backend adds the cost of sending it to a
    # worker, and gains nothing beyond noise (best of two rounds each)
    assert table["loky"]["fit"] >= 0.75 * alone
    assert table["dask"]["fit"] >= 0.75 * alone


def test_g3_loky_speed_up_is_bounded_by_its_processes(site):
    table = rows(output(G3))
    speedup = table["sequential"]["search"] / table["loky"]["search"]
    # at most n_jobs, plus noise; the page claims no minimum gain: with fits
    # of a few hundredths of a second, sending each one to another process
    # costs a good part of it on two cores
    assert speedup <= 1.25 * table["loky"]["n_jobs"]


def test_g3_dask_is_no_faster_than_loky_on_one_machine(site):
    table = rows(output(G3))
    # the same processes of this machine, plus the scheduler's steps: no gain
    # beyond noise (best of two rounds each, on a shared machine)
    assert table["dask"]["search"] >= 0.7 * table["loky"]["search"]


def test_g3_one_figure_and_a_clean_output(site):
    out = output(G3)
    for word in NOISE:
        assert word not in out
    figures = page_soup(G3).select("img.sphx-glr-single-img, img.sphx-glr-multi-img")
    assert len(figures) == 1  # the timings, one panel for the search, one for a fit
