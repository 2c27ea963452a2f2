"""Claims of the scheduler, distributed and scale-out pages (F1-F5, G1-G2).

The built-site tests read the English pages' captured output (run them after
the site is built). ``test_g1_uses_the_cluster_named_by_the_environment``
runs the G1 script itself against a scheduler and a worker that it starts.
Claims that need several cores say so and are checked only where the build
machine has them.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import re
import subprocess
import sys
import time

from conftest import EXAMPLES_HTML, ROOT, multi_core, number, output, page_soup

F1 = "05_schedulers/plot_01_four_schedulers"
F4 = "05_schedulers/plot_02_local_diagnostics"
F2 = "06_distributed/plot_01_client_localcluster"
F3 = "06_distributed/plot_02_dashboard_report"
F5 = "06_distributed/plot_03_granularity_at_scale"
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


# --- G1: a cluster started by hand -----------------------------------------------


def test_g1_cluster_runs_work_and_leaves_nothing(site):
    out = output(G1)
    assert re.search(r"Scheduler at:\s+tcp://127\.0\.0\.1:\d+", out)
    assert len(re.findall(r"Registered to:\s+tcp://127\.0\.0\.1:\d+", out)) == 2
    assert "primes counted: [1229, 2262, 3245, 4203, 5133, 6057, 6935, 7837]" in out
    per_worker = re.search(r"tasks per worker: (\{.*\})", out).group(1)
    assert sorted(ast.literal_eval(per_worker)) == ["worker-0", "worker-1"]
    for name in ("scheduler", "worker-0", "worker-1"):
        assert f"{name}: exit code 0" in out
    assert re.search(r"port \d+ is free again", out)
    for word in NOISE:
        assert word not in out


LOCAL = ["--host", "127.0.0.1", "--no-dashboard", "--dashboard-address", "127.0.0.1:0"]


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


def test_g1_uses_the_cluster_named_by_the_environment(tmp_path):
    """With DASK_SCHEDULER_ADDRESS set, the page starts nothing and uses it."""
    script = ROOT / "gallery" / f"{G1}.py"
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    scheduler_file = tmp_path / "scheduler.json"
    processes = []

    def start(program: str, *args: str) -> subprocess.Popen:
        log = (tmp_path / f"{program}.log").open("w")
        command = [sys.executable, "-m", f"distributed.cli.dask_{program}"]
        scratch = {**os.environ, "DASK_TEMPORARY_DIRECTORY": str(tmp_path)}
        with log:
            process = subprocess.Popen(
                [*command, *args, *LOCAL],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=scratch,
            )
        processes.append(process)
        return process

    try:
        scheduler = start(
            "scheduler", "--port", "0", "--scheduler-file", str(scheduler_file)
        )
        deadline = time.monotonic() + 60
        address = None
        while address is None and time.monotonic() < deadline:
            with contextlib.suppress(OSError, ValueError):
                address = json.loads(scheduler_file.read_text())["address"]
            time.sleep(0.1)
        assert address, "the test's scheduler did not start"
        worker = start(
            "worker", address, "--nthreads", "1", "--name", "external-worker"
        )
        env = {**os.environ, "DASK_SCHEDULER_ADDRESS": address, "MPLBACKEND": "agg"}
        result = subprocess.run(
            [sys.executable, str(script)],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        out = result.stdout
        assert result.returncode == 0, out + result.stderr
        assert f"connected to the existing cluster at {address}" in out
        assert f"<Client: '{address}'" in out
        assert "tasks per worker: {'external-worker': 8}" in out
        assert "exit code" not in out  # it started no process of its own
        assert "is free again" not in out
        for word in NOISE:
            assert word not in out + result.stderr
        assert scheduler.poll() is None  # the page did not shut the cluster down
        assert worker.poll() is None
        assert list(cwd.iterdir()) == []  # nothing written into the current folder
    finally:
        for process in reversed(processes):
            stop(process)


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


def test_f4_time_per_kind_of_task_lists_every_kind_in_a_fixed_order(site):
    # the order of the lines must not depend on the measured times
    kinds = re.findall(r"^\s+([\w-]+): [\d.]+ s in total$", output(F4), re.M)
    assert len(kinds) >= 2
    assert kinds == sorted(kinds)
