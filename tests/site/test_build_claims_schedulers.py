"""Claims of the scheduler, distributed and scale-out pages (F1-F5, G1-G2).

The built-site tests read the English pages' captured output (run them after
the site is built). ``test_g1_uses_the_cluster_named_by_the_environment``
runs the G1 script itself against a scheduler and a worker that it starts;
``test_f2_prints_no_dashboard_for_a_cluster_without_one`` runs the F2 script
against a cluster without a dashboard. EX05 and EX06 are the exercises of
chapters 05 and 06.
Claims that need several cores say so and are checked only where the build
machine has them.
"""

from __future__ import annotations

import ast
import json
import re

from conftest import (
    EXAMPLES_HTML,
    multi_core,
    number,
    output,
    page_soup,
    run_page,
)

F1 = "05_schedulers/plot_01_four_schedulers"
F4 = "05_schedulers/plot_02_local_diagnostics"
F2 = "06_distributed/plot_01_client_localcluster"
F3 = "06_distributed/plot_02_dashboard_report"
F5 = "06_distributed/plot_03_granularity_at_scale"
EX05 = "05_schedulers/plot_03_exercise_choose_a_scheduler"
EX06 = "06_distributed/plot_04_exercise_how_many_tasks"
G1 = "07_scale_out/plot_01_real_cluster"
G2 = "07_scale_out/plot_02_hpc_and_cloud"
NOISE = ("Stream is closed", "CommClosedError", "Traceback", "ERROR", "Warning")


def mebibytes(size: str) -> float:
    """'381.5 MiB' -> 381.5; '52.0 KiB' -> 0.05 (the format of human_size)."""
    value, unit = size.split()
    powers = {"B": -2, "KiB": -1, "MiB": 0, "GiB": 1}
    return float(value) * 1024 ** powers[unit]


def embedded_report(name: str) -> str:
    """The HTML of the page's embedded report, from its downloadable copy."""
    frames = page_soup(name).select("iframe.dg-report-frame")
    assert len(frames) == 1, f"{name}: expected one embedded report"
    target = (EXAMPLES_HTML / name).parent / frames[0]["src"]
    assert target.is_file(), f"{name}: the report {target} was not copied"
    links = [a["href"] for a in page_soup(name).select(".dg-report a.download")]
    assert links, f"{name}: no download link under the report"
    report = target.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=\"(https?:)?//", report)  # no CDN
    return report


# --- F1: four schedulers --------------------------------------------------------


def f1_rows(out: str) -> dict[str, dict[str, tuple[float, float]]]:
    rows: dict[str, dict[str, tuple[float, float]]] = {}
    pattern = (
        r"^(pure Python|NumPy), (synchronous|threads|processes|distributed): "
        r"([\d.]+) s \(([\d.]+)x\)$"
    )
    for workload, name, seconds, speedup in re.findall(pattern, out, re.M):
        rows.setdefault(workload, {})[name] = (float(seconds), float(speedup))
    assert {len(row) for row in rows.values()} == {4}, out
    return rows


def test_f1_tasks_run_where_each_scheduler_says(site):
    out = output(F1)
    assert "synchronous: 1 process(es), this process, threads ['MainThread']" in out
    assert re.search(r"^threads: 1 process\(es\), this process, threads", out, re.M)
    for name in ("processes", "distributed"):
        assert re.search(rf"^{name}: \d+ process\(es\), other process\(es\)", out, re.M)
    assert number(r"starting the pool takes ([\d.]+) s", out) > 0.05


def test_f1_threads_do_not_help_pure_python(site):
    rows = f1_rows(output(F1))
    assert rows["pure Python"]["threads"][1] < 1.4  # the GIL: no real gain


def test_f1_processes_are_slower_than_threads_for_numpy(site):
    numpy = f1_rows(output(F1))["NumPy"]
    assert numpy["processes"][0] > 1.1 * numpy["threads"][0]


@multi_core
def test_f1_distributed_uses_cores_for_pure_python_and_threads_for_numpy(site):
    rows = f1_rows(output(F1))
    assert rows["pure Python"]["distributed"][1] >= 1.15
    assert rows["NumPy"]["threads"][1] >= 1.1


def test_f1_debugging_shows_the_failing_task(site):
    out = output(F1)
    assert "error: 3 is not allowed" in out
    assert "in function check(), with {'x': 3}" in out
    for word in NOISE:
        assert word not in out


def test_f1_every_scheduler_gives_the_same_result(site):
    out = output(F1)
    results = dict(re.findall(r"^(pure Python|NumPy), results: \[(.+)\]$", out, re.M))
    assert set(results) == {"pure Python", "NumPy"}, out
    assert "," not in results["NumPy"]  # one value for the four schedulers
    assert int(results["pure Python"]) > 0  # one count of primes


def test_f1_the_cluster_has_one_thread_per_worker_process(site):
    """The page says why: pure-Python tasks need processes, not threads."""
    out = output(F1)
    threads = re.search(
        r"^distributed: (\d+) process\(es\).*threads (\[.*\])$", out, re.M
    )
    assert threads, out
    names = ast.literal_eval(threads.group(2))
    assert len(names) == int(threads.group(1))  # one thread name per process
    text = " ".join(page_soup(F1).get_text().split())
    assert "one worker process per core and one thread in each" in text


# --- exercise: choose a scheduler (05) --------------------------------------------


def ex05_rows(out: str) -> dict[tuple[str, str], tuple[float, float]]:
    pattern = (
        r"^(SHA-256|PBKDF2), (synchronous|threads|processes): ([\d.]+) s \(([\d.]+)x\)$"
    )
    rows = {
        (job, name): (float(s), float(x))
        for job, name, s, x in re.findall(pattern, out, re.M)
    }
    assert len(rows) == 6, out
    return rows


def test_ex05_solution_is_collapsed_and_ran(site):
    solution = page_soup(EX05).select_one("details.dg-solution")
    assert solution is not None
    assert "open" not in solution.attrs
    out = output(EX05)
    assert re.search(r"^SHA-256: [\d,]+ numbers in \d+ batches$", out, re.M)
    assert re.search(r"^PBKDF2: 128 numbers in \d+ batches$", out, re.M)
    for word in NOISE:
        assert word not in out


def test_ex05_short_hashes_gain_nothing_from_threads_or_a_pool(site):
    rows = ex05_rows(output(EX05))
    assert rows["SHA-256", "threads"][1] < 1.4  # the GIL is held
    # the whole job is shorter than starting a pool and copying the numbers
    assert rows["SHA-256", "processes"][0] > rows["SHA-256", "synchronous"][0]
    assert rows["PBKDF2", "processes"][0] > rows["PBKDF2", "threads"][0]


@multi_core
def test_ex05_pbkdf2_runs_in_parallel_on_threads(site):
    assert ex05_rows(output(EX05))["PBKDF2", "threads"][1] >= 1.15


# --- F4: local diagnostics -------------------------------------------------------


def test_f4_profiles_are_recorded_and_embedded(site):
    out = output(F4)
    assert "100% Completed" in out  # the progress bar
    assert abs(number(r"standard deviation: ([\d.]+)", out) - 0.408) < 0.01
    assert number(r"(\d+) tasks on \d+ threads", out) >= 16
    assert number(r"processor use: up to (\d+) percent", out) > 0
    report = embedded_report(F4)
    assert "Bokeh" in report


@multi_core
def test_f4_the_threads_scheduler_used_several_threads(site):
    assert number(r"\d+ tasks on (\d+) threads", output(F4)) >= 2


def test_f4_dask_peak_memory_is_a_small_part_of_numpy(site):
    out = output(F4)
    numpy = re.search(r"NumPy: sum [\d,]+, peak ([\d.]+ \w+)", out)
    dask = re.search(r"Dask: sum [\d,]+, peak ([\d.]+ \w+)", out)
    assert numpy, out
    assert dask, out
    assert mebibytes(numpy.group(1)) > 300  # 50 million int64 values
    assert mebibytes(dask.group(1)) * 5 < mebibytes(numpy.group(1))


# --- F2: Client and LocalCluster -------------------------------------------------


def test_f2_futures_give_results_and_the_cluster_closes(site):
    out = output(F2)
    assert re.search(r"LocalCluster\(\w+, 'tcp://127\.0\.0\.1:\d+', workers=", out)
    assert "result: 3, <Future: finished" in out
    assert "dask.delayed on the cluster: total 65" in out
    gathered = re.search(r"gathered in the order of DATA: (\[.*\])", out).group(1)
    finished = re.search(r"finished in this order: (\[.*\])", out).group(1)
    assert json.loads(gathered) == list(range(2, 12))
    assert sorted(json.loads(finished)) == json.loads(gathered)
    assert "100% Completed" in out  # the text progress bar
    assert "after the with block, the client is closed" in out
    for word in NOISE:
        assert word not in out


def test_f2_the_threads_wait_at_the_same_time(site):
    out = output(F2)
    waits = number(r"sum of the waits: ([\d.]+) s", out)
    threads = number(r"threads in the cluster: (\d+)", out)
    mapped = number(r"client\.map: ([\d.]+) s", out)
    assert mapped < 1.4 * waits / threads


def test_f2_prints_the_dashboard_of_the_cluster_it_started(site):
    assert re.search(r"^dashboard: http://127\.0\.0\.1:\d+/status$", output(F2), re.M)


def test_f2_threads_per_worker_rule_is_close_to_localcluster_default():
    """The page: about sqrt(cores) threads per worker, close to what
    LocalCluster chooses without sizes; the helper's clusters: one thread."""
    import math

    from distributed.deploy.utils import nprocesses_nthreads

    from daskgallery.cluster import default_workers

    for cores in (2, 8, 16, 32, 64, 96):
        _, threads = nprocesses_nthreads(cores)
        assert math.sqrt(cores) / 2 <= threads <= math.sqrt(cores), cores
    assert default_workers()[1] == 1


def test_f2_prints_no_dashboard_for_a_cluster_without_one(tmp_path):
    """Against an existing scheduler without a dashboard (as ``dask scheduler
    --no-dashboard``), the page prints no dashboard address."""
    import dask

    from daskgallery.cluster import local_cluster

    cwd = tmp_path / "cwd"
    cwd.mkdir()
    scratch = str(tmp_path / "scratch")
    with (
        dask.config.set({"temporary-directory": scratch}),
        local_cluster(n_workers=1, threads_per_worker=1, dashboard=False) as client,
    ):
        address = client.scheduler.address
        result = run_page(F2, address, cwd, DASK_TEMPORARY_DIRECTORY=scratch)
        assert client.dashboard_link  # distributed still names an address
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert f"<Client: '{address}'" in out
    assert "result: 3, <Future: finished" in out
    assert "dashboard" not in out
    for word in NOISE:
        assert word not in out + result.stderr
    assert list(cwd.iterdir()) == []


# --- F3: dashboard and performance report ----------------------------------------


def test_f3_report_of_a_real_computation_is_embedded(site):
    out = output(F3)
    assert "mean: 1.0" in out
    report = embedded_report(F3)
    assert "Dask Performance Report" in report
    for tab in ("Task Stream", "Worker Profile", "Bandwidth", "System"):
        assert tab in report
    for word in NOISE:
        assert word not in out


def test_f3_report_calling_code_is_the_page_s_not_the_helper_s(site):
    """The report's Summary shows the code that made the computation: the
    page's own, not the helper that records the report."""
    import html

    report = html.unescape(embedded_report(F3))
    after = report[report.index("Calling Code") :]
    code = after[: after.index("</pre>")]
    assert "The dashboard and performance reports" in code  # the page's title
    assert "big_calc.compute()" in code
    assert "dask_report(" not in code  # daskgallery.cluster's internals


def test_f3_remote_dashboard_through_ssh_not_a_public_tunnel(site):
    text = page_soup(F3).get_text()
    assert "ssh -N -L 8787:localhost:8787 user@host" in text
    for service in ("localxpose", "loclx", "ngrok", "access_token"):
        assert service not in text.lower()


def test_f3_memory_thresholds_are_read_from_the_installed_distributed(site):
    import dask
    import distributed  # noqa: F401 - adds its settings to dask.config

    out = output(F3)
    for name in ("target", "spill", "pause", "terminate"):
        value = dask.config.get(f"distributed.worker.memory.{name}")
        assert f"{name}: {value:.0%} of the memory limit" in out
    text = " ".join(page_soup(F3).get_text().split())
    assert "orange past the worker" in text  # ... target threshold
    assert "target threshold, where it may start to write data to disk" in text
    assert "red when the worker pauses at pause" in text
    assert "70 percent" not in text  # review finding 6: 0.70 is spill


def test_f3_report_tabs_are_read_from_the_report_and_described(site):
    from daskgallery.cluster import HTMLReport

    out = output(F3)
    printed = re.search(r"^tabs: (.+)$", out, re.M).group(1).split(", ")
    assert printed == HTMLReport(embedded_report(F3)).tab_titles()
    assert {"Summary", "Worker Profile (administrative)", "Scheduler Logs"} <= set(
        printed
    )
    section = page_soup(F3).select_one("section#read-the-report")
    named = {strong.get_text() for strong in section.select("strong")}
    for tab in printed:
        assert tab in named or (
            tab.endswith("(administrative)") and "administrative" in named
        ), tab


# --- F5: granularity at scale ----------------------------------------------------


def test_f5_tasks_cost_far_more_than_tiny_work(site):
    out = output(F5)
    assert number(r"tiny tasks: ([\d.]+) ms per task", out) > 0
    assert number(r"a task costs ([\d,]+) times the work inside it", out) >= 1000
    assert number(r"one task per item for [\d,]+ items: (\d+) minutes", out) >= 1


def test_f5_shipping_items_through_the_scheduler_is_slower(site):
    out = output(F5)
    shipped = re.search(r"^shipped: (\d+) tasks", out, re.M).group(1)
    generated = re.search(r"^generated: (\d+) tasks", out, re.M).group(1)
    assert shipped == generated  # the same partitions
    assert number(r"graph size ratio: ([\d,]+)x", out) >= 100
    assert number(r"time ratio: ([\d.]+)x", out) >= 2
    for word in NOISE:
        assert word not in out


def test_f5_the_scheduler_may_need_a_machine_of_its_own(site):
    """Review finding 5: the scheduler holds every task's state."""
    text = " ".join(page_soup(F5).get_text().split())
    assert "needs no machine of its own" not in text
    assert "keeps the state of every task in its memory" in text
    assert "a machine or a pod of its own" in text


# --- exercise: how many tasks? (06) ------------------------------------------------


def test_ex06_too_few_or_too_many_tasks_are_slower(site):
    solution = page_soup(EX06).select_one("details.dg-solution")
    assert solution is not None
    assert "open" not in solution.attrs
    out = output(EX06)
    pattern = r"^\s*(\d+) task\(s\), [\d.]+ per core: ([\d,]+) primes, ([\d.]+) s$"
    rows = {int(n): (p, float(s)) for n, p, s in re.findall(pattern, out, re.M)}
    assert len(rows) == 4, out
    assert len({primes for primes, _ in rows.values()}) == 1  # the same count
    seconds = {n: s for n, (_, s) in rows.items()}
    fastest = min(seconds, key=seconds.get)
    assert f"fastest: {fastest} task(s)" in out
    assert seconds[max(seconds)] > 1.2 * seconds[fastest]  # 128 per core
    for word in NOISE:
        assert word not in out


@multi_core
def test_ex06_one_task_leaves_cores_idle(site):
    out = output(EX06)
    one = number(
        r"(?m)^\s*1 task\(s\), [\d.]+ per core: [\d,]+ primes, ([\d.]+) s$", out
    )
    times = re.findall(r"primes, ([\d.]+) s$", out, re.M)
    assert one > 1.15 * min(float(t) for t in times)


# --- G1: a cluster started by hand -----------------------------------------------


def test_g1_cluster_runs_work_and_leaves_nothing(site):
    out = output(G1)
    assert re.search(r"Scheduler at:\s+tcp://127\.0\.0\.1:\d+", out)
    assert len(re.findall(r"Registered to:\s+tcp://127\.0\.0\.1:\d+", out)) == 2
    assert "primes counted: [1229, 2262, 3245, 4203, 5133, 6057, 6935, 7837]" in out
    per_worker = re.search(r"tasks per worker: (\{.*\})", out).group(1)
    assert sorted(ast.literal_eval(per_worker)) == ["worker-0", "worker-1"]
    for name in ("scheduler", "worker-0", "worker-1"):
        assert f"{name}: exit code 0\n" in out  # exited after client.shutdown()
    assert "(terminated)" not in out
    assert "(killed)" not in out
    assert re.search(r"port \d+ is free again", out)
    for word in NOISE:
        assert word not in out


def test_g1_exercise_one_worker_runs_six_waits_on_three_threads(site):
    """The solution is collapsed and ran: one worker process (not the page's)
    with three threads runs six waits of 0.5 s in two rounds."""
    solution = page_soup(G1).select_one("details.dg-solution")
    assert solution is not None
    assert "open" not in solution.attrs
    out = output(G1)
    assert "processes: 1, this one: False" in out
    assert re.search(r"^threads: 3$", out, re.M)
    assert 1.0 <= number(r"six tasks of 0\.5 s: ([\d.]+) s", out) < 1.5


def test_g1_uses_the_cluster_named_by_the_environment(tmp_path):
    """With DASK_SCHEDULER_ADDRESS set, the page starts nothing and uses it."""
    from distributed import Client

    from daskgallery.programs import cluster_programs

    cwd = tmp_path / "cwd"
    cwd.mkdir()
    with cluster_programs(n_workers=1, show_logs=False) as programs:
        result = run_page(G1, programs.address, cwd)
        out = result.stdout
        assert result.returncode == 0, out + result.stderr
        assert f"connected to the existing cluster at {programs.address}" in out
        assert f"<Client: '{programs.address}'" in out
        assert "tasks per worker: {'worker-0': 8}" in out
        assert "exit code" not in out  # it started no process of its own
        assert "is free again" not in out
        for word in NOISE:
            assert word not in out + result.stderr
        # the page did not shut the cluster down
        assert all(p.poll() is None for p in programs.processes.values())
        assert list(cwd.iterdir()) == []  # nothing written into the current folder
        with Client(programs.address) as client:
            client.shutdown()
    assert set(programs.exit_codes.values()) == {0}


# --- G2: HPC and cloud -------------------------------------------------------------


def test_g2_shows_each_tool_as_code_and_prints_versions(site):
    import dask
    import distributed

    out = output(G2)
    assert f"Dask: {dask.__version__}" in out
    assert f"distributed: {distributed.__version__}" in out
    code = "\n".join(
        pre.get_text() for pre in page_soup(G2).select("div.highlight pre")
    )
    for snippet in (
        "SLURMCluster(",
        "initialize()",
        "KubeCluster(",
        "FargateCluster(",
        "gateway.new_cluster()",
        "cluster.adapt(",
    ):
        assert snippet in code
    assert "spark.html" in str(page_soup(G2))


def test_g2_dask_mpi_has_no_cluster_to_scale(site):
    text = " ".join(page_soup(G2).get_text().split())
    assert "initialize() returns no cluster" in text
    assert "Every cluster here supports it" not in text  # review finding 2
    assert "Each tool gives you a cluster" not in text


def test_g2_dataframe_optimises_queries_and_shuffles_peer_to_peer(site):
    """Review finding 7, shown by the installed Dask: the optimised query reads
    only the columns it needs, and a distributed Client shuffles with P2P."""
    out = output(G2)
    assert re.search(r"FromPandas: .*columns=\['a', 'b'\]", out)
    assert "dataframe.shuffle.method: None" in out
    assert re.search(r"^P2PShuffle: ", out, re.M)
    for word in NOISE:
        assert word not in out


def test_f4_time_per_kind_of_task_lists_every_kind_in_a_fixed_order(site):
    # the order of the lines must not depend on the measured times
    kinds = re.findall(r"^\s+([\w-]+): [\d.]+ s in total$", output(F4), re.M)
    assert len(kinds) >= 2
    assert kinds == sorted(kinds)
