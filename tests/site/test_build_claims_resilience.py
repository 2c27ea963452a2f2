"""Claims of the resilience page (F8), from its built English output.

The page kills a worker in the middle of a computation, then a worker that
holds scattered data, and retries a task that fails once.
``test_f8_kills_nothing_in_a_cluster_it_did_not_start`` runs the page itself
against a scheduler and workers that it starts (``DASK_SCHEDULER_ADDRESS``).
"""

from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass

from conftest import number, output, run_page

F8 = "06_distributed/plot_07_resilience"
TASKS = 2 * 20 + 1  # two steps for each of 20 numbers, and the sum
NOISE = ("Stream is closed", "CommClosedError", "Traceback", "ERROR", "Warning")


@dataclass
class Run:
    seconds: float
    total: int
    finished: int
    twice: int


def runs(out: str) -> dict[str, Run]:
    """The two runs of the computation, by their ``kill`` argument."""
    pattern = (
        r"^run\(kill=(True|False)\): ([\d.]+) s, total (\d+)\n"
        r"tasks finished: (\d+), twice: (\d+)$"
    )
    found = {
        kill: Run(float(seconds), int(total), int(finished), int(twice))
        for kill, seconds, total, finished, twice in re.findall(pattern, out, re.M)
    }
    assert set(found) == {"False", "True"}, out
    return found


def printed(pattern: str, out: str):
    """The Python value (a dict, a set) of the first line matching ``pattern``."""
    found = re.search(pattern, out, re.M)
    assert found, f"no match for {pattern!r} in:\n{out}"
    return ast.literal_eval(found.group(1))


def test_f8_the_result_is_right_after_the_kill(site):
    out = output(F8)
    expected = number(r"(?m)^expected total: (\d+)$", out)
    assert expected == sum(i + 2 for i in range(20))  # the page's plain Python
    for run in runs(out).values():
        assert run.total == expected


def test_f8_lost_results_ran_again_and_the_run_took_longer(site):
    out = output(F8)
    plain, killed = runs(out)["False"], runs(out)["True"]
    assert (plain.finished, plain.twice) == (TASKS, 0)
    # every task finished once, and those whose results were lost a second time
    assert killed.twice >= 1
    assert killed.finished == TASKS + killed.twice
    # the scheduler's record of the removal (client.get_events), in numbers
    removal = printed(r"^(\{.*'lost-computed-tasks'.*\})$", out)
    assert removal["lost-computed-tasks"] >= 1
    assert removal["lost-scattered-tasks"] == 0
    assert killed.twice >= removal["lost-computed-tasks"]  # each lost result ran again
    assert killed.seconds > plain.seconds  # "the kill made the run longer"


def test_f8_the_nanny_started_a_new_worker(site):
    out = output(F8)
    found = re.search(r"(?m)^killed: (tcp://[\d.:]+), pid (\d+)$", out)
    assert found, out
    address, pid = found.group(1), int(found.group(2))
    workers = printed(r"^workers: (\{.*\})$", out)  # after the kill
    assert len(workers) == 2
    assert address not in workers
    assert pid not in workers.values()


def test_f8_scattered_data_is_lost_with_its_worker(site):
    out = output(F8)
    assert re.search(r"(?m)^scattered: finished, len 1000$", out)
    assert re.search(r"(?m)^after the kill: cancelled$", out)
    found = re.search(r"(?m)^FutureCancelledError: (list-\w+) cancelled", out)
    assert found, out
    # the scheduler's lost-scattered-tasks: that key
    assert printed(r"^(\{'list-\w+'\})$", out) == {found.group(1)}


def test_f8_a_flaky_task_succeeds_with_one_retry(site):
    out = output(F8)
    assert re.search(r"(?m)^retries=0: ConnectionError\('first call'\)$", out)
    assert re.search(r"(?m)^retries=1: 'done'$", out)


def test_f8_prints_no_noise(site):
    out = output(F8)
    for word in NOISE:
        assert word not in out


def test_f8_kills_nothing_in_a_cluster_it_did_not_start(tmp_path):
    """With DASK_SCHEDULER_ADDRESS set, the page kills no worker, retries still."""
    from distributed import Client

    from daskgallery.programs import cluster_programs

    cwd = tmp_path / "cwd"
    cwd.mkdir()
    with cluster_programs(n_workers=2, show_logs=False) as programs:
        with Client(programs.address) as client:
            before = client.run(os.getpid)
        result = run_page(F8, programs.address, cwd)
        out = result.stdout
        assert result.returncode == 0, out + result.stderr
        assert f"DASK_SCHEDULER_ADDRESS={programs.address}: no worker is killed" in out
        assert "killed:" not in out
        assert "retries=1: 'done'" in out
        for word in NOISE:
            assert word not in out + result.stderr
        with Client(programs.address) as client:
            assert client.run(os.getpid) == before  # the same workers, alive
            client.shutdown()
        assert list(cwd.iterdir()) == []
    assert set(programs.exit_codes.values()) == {0}
