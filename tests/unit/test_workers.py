"""daskgallery.workers: byte counters of a cluster, and quiet worker consoles."""

import logging

import numpy as np
import pytest

from daskgallery import cluster
from daskgallery.cluster import local_cluster
from daskgallery.workers import Sent, quiet_worker_logs, sending

MIB = 2**20


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """One cluster of two single-threaded workers for the whole module."""
    import dask

    scratch = tmp_path_factory.mktemp("scratch")
    with (
        pytest.MonkeyPatch.context() as patch,
        dask.config.set({"temporary-directory": str(scratch)}),
    ):
        patch.delenv(cluster.ADDRESS_ENV, raising=False)
        with local_cluster(n_workers=2, threads_per_worker=1) as client:
            yield client


def first_element(array):
    return float(array[0])


def test_arguments_travel_to_the_scheduler_with_each_task(client):
    array = np.ones(MIB // 8)  # 1 MiB
    with sending(client) as sent:
        client.gather(
            [client.submit(first_element, array, pure=False) for _ in range(3)]
        )
    assert 3 * MIB <= sent.to_scheduler < 3.2 * MIB
    assert sent.seconds > 0


def test_scattered_data_counts_once(client):
    # data of its own: scattering equal data again reuses its key (hash=True),
    # which races with the release of the earlier future
    array = np.full(MIB // 8, 1.0)
    with sending(client) as sent:
        future = client.scatter(array)
        client.gather(
            [client.submit(first_element, future, pure=False) for _ in range(3)]
        )
    assert MIB <= sent.to_scheduler < 1.2 * MIB
    assert sent.between_workers < 1.1 * MIB  # at most one copy, to the other worker


def test_copies_between_workers_are_counted(client):
    a, b = sorted(client.scheduler_info()["workers"])
    with sending(client) as sent:
        [future] = client.scatter([np.full(MIB // 8, 2.0)], workers=[a])
        client.submit(first_element, future, workers=[b], pure=False).result()
    assert MIB <= sent.between_workers < 1.1 * MIB


def test_sent_reads_as_data():
    text = str(Sent(to_scheduler=3 * MIB, between_workers=0, seconds=0.5))
    assert text == "0.50 s, to_scheduler 3.0 MiB, between_workers 0 B"


def test_sending_needs_a_client():
    with pytest.raises(ValueError, match="client must be a connected"), sending(None):
        pass


def compute_failed_records(client):
    return [
        message
        for log in client.get_worker_logs().values()
        for _, message in log
        if "Compute Failed" in message
    ]


def test_quiet_worker_logs_keeps_failures_off_the_console(tmp_path, capfd):
    import dask

    # a cluster of its own, started here: its workers print into capfd
    with (
        pytest.MonkeyPatch.context() as patch,
        dask.config.set({"temporary-directory": str(tmp_path)}),
    ):
        patch.delenv(cluster.ADDRESS_ENV, raising=False)
        with local_cluster(n_workers=1, threads_per_worker=1) as client:
            with quiet_worker_logs(client):
                assert isinstance(client.submit(int, "hidden").exception(), ValueError)
                client.run(print, "barrier")  # the worker has logged by now
            hidden = capfd.readouterr().err
            assert len(compute_failed_records(client)) == 1  # in the worker's log
            # after the block, the console shows failures again
            assert isinstance(client.submit(int, "shown").exception(), ValueError)
            client.run(print, "barrier")
            shown = capfd.readouterr().err
    assert "Compute Failed" not in hidden
    assert "Compute Failed" in shown


def test_quiet_worker_logs_checks_its_level(client):
    with pytest.raises(ValueError, match="level must be a logging level"):
        quiet_worker_logs(client, level="ERROR")
    with pytest.raises(ValueError, match="level must be a logging level"):
        quiet_worker_logs(client, level=True)


def test_quiet_worker_logs_that_is_never_left_changes_nothing(client):
    quiet = quiet_worker_logs(client, level=logging.ERROR)
    quiet.__exit__(None, None, None)  # never entered: nothing to restore
    assert quiet._workers == []
