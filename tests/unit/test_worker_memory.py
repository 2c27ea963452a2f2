"""daskgallery.worker_memory: the memory of a cluster's workers, read and shown."""

import doctest

import pytest

from daskgallery import worker_memory as module
from daskgallery.worker_memory import (
    WorkerMemory,
    memory_table,
    plot_worker_memory,
    worker_memory,
)

MIB = 1024**2


def test_docstring_examples():
    assert doctest.testmod(module).failed == 0


def fake_worker(last_seen, *, memory=300 * MIB, managed=250 * MIB, spilled=(0, 0)):
    """One worker as client.scheduler_info() describes it."""
    return {
        "name": "0",
        "memory_limit": 1024 * MIB,
        "status": "running",
        "last_seen": last_seen,
        "metrics": {
            "memory": memory,
            "managed_bytes": managed,
            "spilled_bytes": {"memory": spilled[0], "disk": spilled[1]},
        },
    }


class FakeClient:
    """Answers scheduler_info() from a list of {address: worker} makers."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.asked = 0

    def scheduler_info(self):
        self.asked += 1
        answer = self.answers[min(self.asked, len(self.answers)) - 1]
        return {"workers": answer()}

    def run(self, func):
        return {"tcp://w:1": 310 * MIB}  # the process memory, read on the worker


def test_worker_memory_waits_for_a_report_after_the_call():
    import time

    client = FakeClient(
        dict,  # the client's own periodic update left "workers" empty
        lambda: {"tcp://w:1": fake_worker(time.time() - 1)},  # an old report
        lambda: {
            "tcp://w:1": fake_worker(
                time.time() + 1, managed=250 * MIB, spilled=(50 * MIB, 40 * MIB)
            )
        },
    )
    (reading,) = worker_memory(client)
    assert client.asked == 3
    assert isinstance(reading, WorkerMemory)
    assert reading.address == "tcp://w:1"
    assert reading.limit == 1024 * MIB
    assert reading.process == 310 * MIB  # read on the worker, not the report
    assert reading.managed == 200 * MIB  # managed in RAM: 250 - 50 spilled
    assert reading.unmanaged == 110 * MIB
    assert reading.spilled == 40 * MIB  # bytes on disk
    assert reading.status == "running"


def test_worker_memory_fresh_false_reads_the_last_report():
    client = FakeClient(dict, lambda: {"tcp://w:1": fake_worker(0.0)})
    (reading,) = worker_memory(client, fresh=False)
    assert client.asked == 2  # asked again only because "workers" was empty
    assert reading.managed == 250 * MIB


def test_worker_memory_gives_up_after_timeout():
    client = FakeClient(lambda: {"tcp://w:1": fake_worker(0.0)})  # never fresh
    (reading,) = worker_memory(client, timeout=0.2)
    assert client.asked >= 2
    assert reading.spilled == 0


@pytest.mark.parametrize("bad", [0, -1, "1s", True])
def test_worker_memory_checks_timeout(bad):
    with pytest.raises(ValueError, match=r"timeout must be a positive number"):
        worker_memory(None, timeout=bad)


def test_worker_memory_of_a_worker_that_spills(tmp_path, monkeypatch):
    """A real worker of 1 GiB whose target is 10 percent: 160 MiB spills."""
    import dask
    import dask.array as da
    from distributed import wait

    from daskgallery.cluster import local_cluster

    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    settings = {
        "temporary-directory": str(tmp_path),
        "distributed.worker.memory.target": 0.1,
    }
    with (
        dask.config.set(settings),
        local_cluster(1, 1, memory_limit="1 GiB") as client,
    ):
        (empty,) = worker_memory(client, fresh=False)
        rng = da.random.default_rng(0)  # random numbers: no compression on disk
        x = rng.random(160 * MIB // 8, chunks=16 * MIB // 8).persist()
        wait(x)
        (full,) = worker_memory(client)
        assert full.address in client.scheduler_info()["workers"]
    assert (empty.managed, empty.spilled) == (0, 0)
    assert empty.unmanaged == empty.process > 0
    assert full.limit == 1024 * MIB
    assert full.process == full.managed + full.unmanaged
    assert full.managed <= 0.1 * 1024 * MIB  # the rest is on disk
    assert full.spilled >= 48 * MIB
    assert full.managed + full.spilled == pytest.approx(160 * MIB, rel=0.02)
    assert full.status == "running"


def test_memory_table():
    rows = [
        WorkerMemory("tcp://w:1", "0", None, 90 * MIB, 0, 90 * MIB, 0, "running"),
        WorkerMemory(
            "tcp://w:1", "0", None, 700 * MIB, 610 * MIB, 90 * MIB, 32 * MIB, "running"
        ),
    ]
    lines = memory_table(rows, [0, 640]).splitlines()
    assert lines[0].split() == ["held", "process", "managed", "unmanaged", "spilled"]
    assert lines[1].split() == ["0", "90", "0", "90", "0"]
    assert lines[2].split() == ["640", "700", "610", "90", "32"]
    assert len({len(line) for line in lines}) == 1  # aligned columns
    with pytest.raises(ValueError, match="one held value per reading, got 2 readings"):
        memory_table(rows, [0])


def test_plot_worker_memory():
    rows = [
        WorkerMemory("w", "0", 1024 * MIB, p * MIB, m * MIB, 90 * MIB, s * MIB, "")
        for p, m, s in [(90, 0, 0), (700, 610, 32)]
    ]
    thresholds = {"target": 0.6, "spill": 0.7, "pause": 0.8, "terminate": 0.95}
    fig = plot_worker_memory(rows, [0, 640], thresholds=thresholds)
    ax = fig.axes[0]
    assert len(ax.containers) == 3  # managed, unmanaged, spilled
    assert [line.get_ydata()[0] for line in ax.get_lines()] == pytest.approx(
        [614.4, 716.8, 819.2, 972.8, 1024]
    )
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:5] == ["target", "spill", "pause", "terminate", "memory_limit"]
    assert set(labels[5:]) == {"managed (RAM)", "unmanaged (RAM)", "spilled (disk)"}
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "640"]
    with pytest.raises(ValueError, match="one label per reading"):
        plot_worker_memory(rows, [0], thresholds=thresholds)
    unlimited = [WorkerMemory("w", "0", None, 1, 0, 1, 0, "")]
    with pytest.raises(ValueError, match="share one memory limit"):
        plot_worker_memory(unlimited, [0], thresholds=thresholds)


def test_worker_memory_lists_workers_in_the_order_of_their_names():
    names = ["10", "2", "b", "0", "a"]

    def workers():
        return {
            f"tcp://w:{i}": {**fake_worker(0.0), "name": n} for i, n in enumerate(names)
        }

    readings = worker_memory(FakeClient(workers), fresh=False)
    assert [r.name for r in readings] == ["0", "2", "10", "a", "b"]
