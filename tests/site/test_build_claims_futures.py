"""Claims of the futures page (F6, 06_distributed/plot_05_futures_in_depth).

The built-site tests read the English page's captured output (run them after
the site is built). ``test_f6_runs_on_a_cluster_it_did_not_start`` runs the
script itself against a scheduler and workers that it starts.
"""

from __future__ import annotations

import os
import re

from conftest import number, output, run_page

F6 = "06_distributed/plot_05_futures_in_depth"
NOISE = ("Stream is closed", "CommClosedError", "Traceback", "ERROR", "Warning")
SCATTER_ROW = (
    r"(?m)^scatter={}: ([\d.]+) s, to_scheduler ([\d.]+ \w?i?B),"
    r" between_workers ([\d.]+ \w?i?B), (\d+) warning\(s\) (.*)$"
)


def mebibytes(size: str) -> float:
    """'192.0 MiB' -> 192.0; '256 B' -> 0.0002 (the format of human_size)."""
    value, unit = size.split()
    powers = {"B": -2, "KiB": -1, "MiB": 0, "GiB": 1}
    return float(value) * 1024 ** powers[unit]


def scatter_row(out: str, scatter: bool) -> tuple[float, float, float, int, str]:
    """(seconds, MiB to the scheduler, MiB between workers, warnings, messages)."""
    found = re.search(SCATTER_ROW.format(scatter), out)
    assert found, f"no scatter={scatter} row in:\n{out}"
    seconds, to_scheduler, between, warnings, messages = found.groups()
    return (
        float(seconds),
        mebibytes(to_scheduler),
        mebibytes(between),
        int(warnings),
        messages,
    )


def test_f6_as_completed_follows_the_sleeps_not_the_submission_order(site):
    out = output(F6)
    rows = re.findall(r"(?m)^task (\d): sleeps ([\d.]+) s, done at ([\d.]+) s$", out)
    order = [int(task) for task, _, _ in rows]
    sleeps = [float(s) for _, s, _ in rows]
    done_at = [float(d) for _, _, d in rows]
    assert sorted(order) == list(range(6))  # every task, once
    assert order != sorted(order)  # not the order of submission
    assert sleeps == sorted(sleeps)  # the shortest sleep finishes first
    assert all(d >= s for s, d in zip(sleeps, done_at, strict=True))
    # "all at once": the last task is done after about the longest sleep, far
    # less than the sum of the sleeps (3.15 s)
    assert done_at[-1] < max(sleeps) + 0.6


def test_f6_first_completed_returns_before_the_others(site):
    out = output(F6)
    done = int(number(r"FIRST_COMPLETED: (\d+) done", out))
    statuses = re.search(r"FIRST_COMPLETED: \d+ done, status \[(.*)\]", out).group(1)
    assert 1 <= done < 6
    assert statuses.count("'finished'") == done
    assert statuses.count("'pending'") == 6 - done


def test_f6_identical_calls_share_a_key_unless_impure(site):
    out = output(F6)
    assert re.search(r"(?m)^pure=True: 1 key\(s\), 1 value\(s\), uuid4-[0-9a-f]+$", out)
    assert re.search(
        r"(?m)^pure=False: 3 key\(s\), 3 value\(s\), uuid4-[0-9a-f-]+$", out
    )


def test_f6_scatter_sends_the_array_once(site):
    out = output(F6)
    each_s, each_sent, each_between, each_warned, message = scatter_row(out, False)
    once_s, once_sent, once_between, once_warned, none = scatter_row(out, True)
    # eight tasks carry the 24 MiB array each; scatter sends it once
    assert 8 * 24 <= each_sent < 8 * 24 * 1.05
    assert 24 <= once_sent < 24 * 1.05
    assert 7 < each_sent / once_sent <= 8  # "an eighth of the bytes"
    # a worker may copy the scattered array from another one: still far less
    assert once_sent + once_between < (each_sent + each_between) / 3
    assert once_s < each_s / 2  # "in a fraction of the time"
    # Dask warns about each large graph, with the size it measured
    assert each_warned == 8
    assert "Sending large graph of size 24.00 MiB" in message
    assert once_warned == 0
    assert none == "[]"


def test_f6_a_failed_task_shows_its_remote_traceback_and_fails_here_too(site):
    out = output(F6)
    error = r"ValueError\(\"invalid literal for int\(\) with base 10: 'n/a'\"\)"
    assert re.search(rf"(?m)^status error: {error}, remote frames \['parse'\]$", out)
    # recreate_error_locally ran the task in this process: the last frame is
    # the page's own function
    assert re.search(rf"(?m)^locally: {error}, last frames \[.*'parse'\]$", out)
    assert re.search(r"(?m)^fixed: 42, finished$", out)


def test_f6_exercise_stops_at_a_large_value_and_cancels_the_rest(site):
    out = output(F6)
    seed = int(number(r"(?m)^seed (\d+): [\d.]+$", out))
    value = number(r"(?m)^seed \d+: ([\d.]+)$", out)
    assert 0 <= seed < 40
    assert value > 0.9
    found = re.search(
        r"(?m)^status: \[\('cancelled', (\d+)\), \('finished', (\d+)\)\]$", out
    )
    assert found, out
    cancelled, finished = (int(n) for n in found.groups())
    assert cancelled + finished == 40
    assert cancelled >= 1  # it stopped before the end
    assert finished >= 1


def test_f6_prints_no_noise(site):
    out = output(F6)
    for word in NOISE:
        assert word not in out


def test_f6_runs_on_a_cluster_it_did_not_start(tmp_path):
    """With DASK_SCHEDULER_ADDRESS set, the page uses that cluster: its helpers
    run on those workers, and their consoles print no failure."""
    from distributed import Client

    from daskgallery.programs import cluster_programs

    cwd = tmp_path / "cwd"
    cwd.mkdir()
    with cluster_programs(n_workers=2, threads_per_worker=4, show_logs=False) as p:
        result = run_page(F6, p.address, cwd)
        out = result.stdout
        assert result.returncode == 0, out + result.stderr
        assert "pure=False: 3 key(s)" in out
        assert "fixed: 42, finished" in out
        for word in NOISE:
            assert word not in out + result.stderr
        with Client(p.address) as client:
            assert len(client.run(os.getpid)) == 2  # the workers are still there
            client.shutdown()
        assert list(cwd.iterdir()) == []
    assert set(p.exit_codes.values()) == {0}
