"""daskgallery.programs: a cluster of real `dask scheduler`/`dask worker` programs."""

import os
import socket
import time

import psutil
import pytest
from distributed import Client

from daskgallery import programs as module
from daskgallery.programs import cluster_programs

NOISE = ("Stream is closed", "Traceback", "ERROR", "CommClosedError")


@pytest.fixture(autouse=True)
def _no_external_cluster(monkeypatch):
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)


def descendants() -> set[int]:
    """This process's descendants, apart from multiprocessing's resource tracker."""
    return {
        p.pid
        for p in psutil.Process().children(recursive=True)
        if "resource_tracker" not in " ".join(p.cmdline())
    }


def port_is_free(address: str) -> bool:
    host, port = address.removeprefix("tcp://").rsplit(":", 1)
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, int(port)))
        except OSError:
            return False
    return True


def assert_nothing_left(programs, before: set[int], started: set[int]) -> None:
    assert not programs.folder.exists()  # logs, scheduler file, scratch: removed
    assert port_is_free(programs.address)
    assert descendants() == before
    assert not [pid for pid in started if psutil.pid_exists(pid)]
    assert all(p.poll() is not None for p in programs.processes.values())


def test_programs_run_work_and_leave_nothing(capfd):
    before = descendants()
    with cluster_programs(n_workers=2, threads_per_worker=2) as programs:
        assert programs.address.startswith("tcp://127.0.0.1:")
        assert programs.scheduler_file.is_file()
        assert programs.scheduler_file.parent == programs.folder
        assert sorted(programs.processes) == ["scheduler", "worker-0", "worker-1"]
        # what tests/site/test_build_leftovers looks for after a build
        assert programs.folder.name.startswith("daskgallery-")
        for process in programs.processes.values():
            assert "distributed.cli.dask_" in " ".join(process.args)
        started = descendants() - before  # the programs and the nannies' workers
        with Client(programs.address) as client:
            assert sorted(client.nthreads().values()) == [2, 2]  # all registered
            pids = set(client.run(os.getpid).values())
            assert len(pids) == 2
            assert pids <= started
            assert client.submit(sum, [1, 2, 3]).result() == 6
            client.shutdown()
    assert programs.exit_codes == {"scheduler": 0, "worker-0": 0, "worker-1": 0}
    assert programs.messages["scheduler"][0].startswith("Scheduler at:")
    assert programs.messages["scheduler"][-1] == "End scheduler"
    assert any(m.startswith("Registered to:") for m in programs.messages["worker-1"])
    assert_nothing_left(programs, before, started)
    out, err = capfd.readouterr()
    for name in ("scheduler", "worker-0", "worker-1"):
        assert f"{name}: exit code 0\n" in out  # exited on its own
    assert f"    Scheduler at:     {programs.address}" in out
    for word in NOISE:
        assert word not in out + err


def test_programs_that_are_not_shut_down_are_terminated(capfd, monkeypatch):
    monkeypatch.setattr(module, "GRACE", 0.5)
    before = descendants()
    start = time.monotonic()
    with cluster_programs(n_workers=1) as programs:
        started = descendants() - before
    assert time.monotonic() - start < 30
    assert programs.exit_codes == {"scheduler": 0, "worker-0": 0}
    assert_nothing_left(programs, before, started)
    out, _ = capfd.readouterr()
    assert "scheduler: exit code 0 (terminated)" in out
    assert "worker-0: exit code 0 (terminated)" in out


def test_an_error_in_the_block_stops_the_programs_at_once(capfd):
    before = descendants()
    seen = {}

    def fail_in_the_block():
        with cluster_programs(n_workers=1, show_logs=False) as programs:
            seen.update(programs=programs, started=descendants() - before)
            raise ZeroDivisionError

    start = time.monotonic()
    with pytest.raises(ZeroDivisionError):
        fail_in_the_block()
    assert time.monotonic() - start < 30
    assert_nothing_left(seen["programs"], before, seen["started"])
    assert capfd.readouterr().out == ""  # show_logs=False prints nothing


@pytest.mark.parametrize(
    ("failing", "step"),
    [("scheduler", "the scheduler wrote its address"), ("worker-0", "every worker")],
)
def test_a_program_that_fails_to_start_gives_its_messages(monkeypatch, failing, step):
    start = module._start

    def start_with_a_bad_option(name, args, folder):
        return start(
            name, [*args, "--no-such-option"] if name == failing else args, folder
        )

    monkeypatch.setattr(module, "_start", start_with_a_bad_option)
    before = descendants()
    with (
        pytest.raises(
            RuntimeError, match=f"{failing} exited with code 2 before {step}"
        ) as error,
        cluster_programs(n_workers=1, show_logs=False),
    ):
        pytest.fail("the block must not run")
    assert "No such option '--no-such-option'" in str(error.value)  # its messages
    assert descendants() == before


def test_a_scheduler_that_does_not_start_in_time_is_stopped():
    before = descendants()
    with (
        pytest.raises(RuntimeError, match=r"timed out after 0\.01 s waiting until"),
        cluster_programs(n_workers=1, timeout=0.01, show_logs=False),
    ):
        pytest.fail("the block must not run")
    assert descendants() == before


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"n_workers": 0}, "n_workers must be a positive integer, got 0"),
        ({"n_workers": 1.5}, "n_workers must be a positive integer, got 1.5"),
        ({"n_workers": True}, "n_workers must be a positive integer, got True"),
        ({"n_workers": "2"}, "n_workers must be a positive integer, got '2'"),
        ({"threads_per_worker": -1}, "threads_per_worker must be a positive"),
        ({"timeout": 0}, "timeout must be a positive number of seconds, got 0"),
        ({"timeout": "60"}, "timeout must be a positive number of seconds, got '60'"),
        ({"show_logs": "yes"}, "show_logs must be True or False, got 'yes'"),
    ],
)
def test_bad_arguments_are_named(options, message):
    before = descendants()
    with pytest.raises(ValueError, match=message), cluster_programs(**options):
        pytest.fail("the block must not run")
    assert descendants() == before  # nothing was started


def test_the_docstring_examples_run():
    import doctest

    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    before = descendants()
    result = doctest.testmod(module, optionflags=flags)
    assert result.attempted >= 4
    assert result.failed == 0
    assert descendants() == before
