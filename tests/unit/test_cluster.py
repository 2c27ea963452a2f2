"""daskgallery.cluster: real clusters that close cleanly, and embeddable reports."""

import logging
import os

import psutil
import pytest

from daskgallery import cluster
from daskgallery.cluster import (
    HTMLReport,
    bokeh_report,
    default_workers,
    local_cluster,
    performance_report,
    quiet_logs,
)


@pytest.fixture(autouse=True)
def _no_external_cluster(monkeypatch):
    monkeypatch.delenv(cluster.ADDRESS_ENV, raising=False)


@pytest.fixture(autouse=True)
def _own_scratch_folder(tmp_path):
    """Workers' lock files and spills in this test's folder, not in
    <temp>/dask-scratch-space, which Dask leaves behind."""
    import dask

    with dask.config.set({"temporary-directory": str(tmp_path / "scratch")}):
        yield


def children():
    """Child processes, apart from multiprocessing's own resource tracker."""
    return {
        p.pid
        for p in psutil.Process().children(recursive=True)
        if "resource_tracker" not in " ".join(p.cmdline())
    }


def test_local_cluster_runs_work_in_worker_processes(capfd, caplog):
    caplog.set_level(logging.WARNING)
    before = children()
    with local_cluster(n_workers=2, threads_per_worker=1, dashboard=True) as client:
        assert client.dashboard_link.startswith("http://127.0.0.1:")
        pids = set(client.run(os.getpid).values())
        assert len(pids) == 2
        assert os.getpid() not in pids
        assert client.submit(sum, [1, 2, 3]).result() == 6
        assert all("127.0.0.1" in w for w in client.scheduler_info()["workers"])
    assert client.status == "closed"
    assert children() == before  # no worker process is left behind
    out, err = capfd.readouterr()
    noise = out + err + caplog.text
    for word in ("Stream is closed", "Traceback", "ERROR", "CommClosedError"):
        assert word not in noise


def test_local_directory_holds_every_scratch_file(tmp_path):
    from pathlib import Path

    folder = tmp_path / "mine"
    folder.mkdir()
    with local_cluster(n_workers=1, threads_per_worker=1, local_directory=folder) as c:
        used = [
            *c.run(lambda dask_worker: dask_worker.local_directory).values(),
            c.run_on_scheduler(lambda dask_scheduler: dask_scheduler.local_directory),
        ]
    assert len(used) == 2
    assert all(Path(path).is_relative_to(folder) for path in used)
    assert not (tmp_path / "scratch").exists()  # Dask's temporary-directory: unused


class Kept(logging.Handler):
    """Keeps the messages it gets, like the scheduler's own log."""

    def __init__(self):
        super().__init__()
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture
def console():
    """A logger "dgtest" printing to its own stream, as Dask's "distributed"
    does outside pytest (propagate=False), with a child "dgtest.scheduler"
    that keeps its records (a Kept handler)."""
    import io

    parent, child = logging.getLogger("dgtest"), logging.getLogger("dgtest.scheduler")
    stream = io.StringIO()
    printed, kept = logging.StreamHandler(stream), Kept()
    parent.addHandler(printed)
    parent.propagate = False
    child.addHandler(kept)
    yield stream, kept
    parent.removeHandler(printed)
    parent.propagate = True
    child.removeHandler(kept)


def test_memory_limit_is_a_share_of_the_machine_unless_given():
    from distributed.system import MEMORY_LIMIT

    def limits(**kwargs):
        with local_cluster(3, 1, processes=False, dashboard=False, **kwargs) as c:
            return sorted(
                w["memory_limit"] for w in c.scheduler_info()["workers"].values()
            )

    # LocalCluster's default: the memory divided by the workers, whatever the
    # number of cores (its "auto" would give memory * threads / cores)
    assert limits() == [MEMORY_LIMIT // 3] * 3
    assert limits(memory_limit="300MiB") == [300 * 1024**2] * 3


def test_quiet_logs_hides_records_from_the_console_for_a_while(console):
    stream, kept = console
    logger = logging.getLogger("dgtest.scheduler")
    with quiet_logs(logger="dgtest"):
        logger.error("hidden")
        logger.critical("critical")
    logger.error("shown")
    assert stream.getvalue().split() == ["critical", "shown"]
    assert kept.messages == ["hidden", "critical", "shown"]  # the scheduler's log


def test_quiet_logs_through_the_root_logger(caplog):
    # In pytest (or wherever the root logger has handlers when distributed is
    # imported), Dask adds no console handler: its records go up to the root.
    caplog.set_level(logging.INFO)
    with quiet_logs(logging.ERROR, logger="dgtest"):
        logging.getLogger("dgtest.nanny").warning("hidden")
        logging.getLogger("dgtest.nanny").error("an error")
        logging.getLogger("other").warning("other library")
    logging.getLogger("dgtest.nanny").warning("shown")
    assert [r.getMessage() for r in caplog.records] == [
        "an error",
        "other library",
        "shown",
    ]
    root_filters = [f for h in logging.getLogger().handlers for f in h.filters]
    assert not any(isinstance(f, cluster._Below) for f in root_filters)  # removed


def test_quiet_logs_when_nothing_else_prints(capsys):
    lonely = logging.getLogger("dglonely")  # no handler: Python's last resort
    lonely.propagate = False
    try:
        with quiet_logs(logger="dglonely"):
            lonely.error("hidden")
        lonely.error("shown")
    finally:
        lonely.propagate = True
    assert capsys.readouterr().err.split() == ["shown"]


def test_quiet_logs_checks_its_level():
    with (
        pytest.raises(ValueError, match="level must be a logging level such as 50"),
        quiet_logs("loud"),
    ):
        pass


def test_default_size_is_one_process_per_core():
    from dask.system import CPU_COUNT

    assert default_workers() == (CPU_COUNT, 1)


def dashboard_status(client):
    """HTTP status of the dashboard's /status page (404: no dashboard)."""
    import urllib.error
    import urllib.request

    port = client.scheduler_info()["services"]["dashboard"]
    assert port != 8787  # a free port: builds never collide on 8787
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/status", timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as err:
        return err.code


def test_dashboard_is_off_while_building_and_local_otherwise(monkeypatch):
    monkeypatch.setenv(cluster.BUILDING_ENV, "1")
    with local_cluster(n_workers=1, processes=False) as client:
        assert dashboard_status(client) == 404
    monkeypatch.delenv(cluster.BUILDING_ENV)
    with local_cluster(n_workers=1, processes=False) as client:
        assert dashboard_status(client) == 200


def test_scheduler_address_connects_to_an_existing_cluster(monkeypatch):
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as existing:
        monkeypatch.setenv(cluster.ADDRESS_ENV, existing.scheduler_address)
        with local_cluster(n_workers=5) as client:
            assert client.scheduler.address == existing.scheduler_address
            assert len(client.scheduler_info()["workers"]) == 1
            assert client.submit(abs, -2).result() == 2
        # the shared cluster is not ours to shut down
        assert existing.status.name == "running"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_workers": 0}, "n_workers must be a positive integer or None, got 0"),
        ({"threads_per_worker": 1.5}, "threads_per_worker must be a positive integer"),
        ({"processes": "yes"}, "processes must be True or False, got 'yes'"),
    ],
)
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message), local_cluster(**kwargs):
        pass


def test_performance_report_is_self_contained(tmp_path):
    with (
        local_cluster(n_workers=1, processes=False) as client,
        performance_report(title="Sum") as recorded,
    ):
        client.submit(sum, range(10)).result()
    report = recorded.report
    assert isinstance(report, HTMLReport)
    assert report.title == "Sum"
    assert "<html" in report.html.lower()
    assert not cluster._external_resources(report.html)
    assert report.save(tmp_path / "r.html").read_text(encoding="utf-8") == report.html
    assert "srcdoc=" in report._repr_html_()


def test_bokeh_report_of_local_diagnostics():
    import dask
    from dask.diagnostics import Profiler
    from dask.diagnostics import visualize as dask_visualize

    with Profiler() as prof:
        dask.compute(dask.delayed(sum)([1, 2]), scheduler="threads")
    layout = dask_visualize([prof], show=False, save=False)
    report = bokeh_report(layout, title="Profile")
    assert "Bokeh" in report.html
    assert not cluster._external_resources(report.html)
    with pytest.raises(TypeError, match="expected a Bokeh figure or layout, got str"):
        bokeh_report("not bokeh")


def test_html_report_checks_its_content():
    with pytest.raises(ValueError, match="complete HTML document"):
        HTMLReport("<p>hi</p>")
    with pytest.raises(ValueError, match="from another host"):
        HTMLReport('<html><script src="https://cdn.example/x.js"></script></html>')
    assert (
        repr(HTMLReport("<html></html>", title="T"))
        == "<HTMLReport 'T': 13 characters>"
    )


def test_dashboard_link_only_where_a_dashboard_answers():
    from daskgallery.cluster import dashboard_link

    # processes=True: the cluster listens on 127.0.0.1, where its link points
    with local_cluster(n_workers=1, dashboard=True) as client:
        assert dashboard_link(client) == client.dashboard_link
    # the scheduler's HTTP server still runs (health checks), without the plots
    with local_cluster(n_workers=1, dashboard=False) as client:
        assert dashboard_status(client) == 404
        assert client.dashboard_link.startswith("http://127.0.0.1:")  # still named
        assert dashboard_link(client) is None

    class NothingListens:
        dashboard_link = "http://127.0.0.1:1/status"

    assert dashboard_link(NothingListens(), timeout=1) is None


def test_tab_titles_of_a_report():
    with (
        local_cluster(n_workers=1, processes=False) as client,
        performance_report() as recorded,
    ):
        client.submit(sum, range(10)).result()
    titles = recorded.report.tab_titles()
    assert titles[:2] == ["Summary", "Task Stream"]
    assert {"Worker Profile (compute)", "Scheduler Logs"} <= set(titles)
    # Bokeh may write a panel inline or as a reference to a model by id
    doc = (
        '{"d": {"roots": [{"type": "object", "name": "Tabs", "id": "t", '
        '"attributes": {"tabs": [{"id": "p2"}, {"type": "object", '
        '"name": "TabPanel", "id": "p1", "attributes": {"title": "Inline"}}]}}, '
        '{"type": "object", "name": "TabPanel", "id": "p2", '
        '"attributes": {"title": "By id &amp; reference"}}]}}'
    )
    page = f'<html><script type="application/json" id="x">{doc}</script></html>'
    assert HTMLReport(page).tab_titles() == ["By id & reference", "Inline"]
