"""The array chapter's prose claims, checked against what the build measured.

The numbers come from the English pages' captured output (the translated
pages show the same run). Claims that need several cores say so and are
checked only where the build machine has them.
"""

from __future__ import annotations

import re

import pytest
from conftest import multi_core, number, output

UNITS = {"B": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}
SIZE = r"([\d.]+ (?:B|KiB|MiB|GiB|TiB))"  # as daskgallery.system.human_size writes


def to_bytes(size: str) -> float:
    value, unit = size.split()
    return float(value) * UNITS[unit]


def size(pattern: str, text: str) -> float:
    """Bytes of the human-readable size captured by the first group of pattern."""
    found = re.search(pattern, text)
    assert found, f"no match for {pattern!r} in:\n{text}"
    return to_bytes(found.group(1))


# --- D1 chunked arrays ------------------------------------------------------------


def test_d1_exercise_uneven_chunks_same_sum(site):
    out = output("03_array/plot_01_chunked_arrays")
    assert "chunks per axis: (4, 3)" in out
    assert "chunk sizes: rows (300, 300, 300, 100), columns (1500, 1500, 1000)" in out
    assert "bottom-right chunk: (100, 1000)" in out
    # the sum of the even chunks, then of the uneven ones: the same
    assert re.findall(r"^sum: ([\d,]+)$", out, re.M) == ["4,000,000", "4,000,000"]


# --- D2 blocked algorithms --------------------------------------------------------


def test_d2_mean_by_hand_equals_dask_mean(site):
    out = output("03_array/plot_02_blocked_algorithms")
    values = number(r"([\d,]+) numbers of type float32", out)
    step = number(r"chunks of ([\d,]+) numbers", out)
    sums = number(r"partial sums: (\d+)", out)
    assert sums == values / step  # one partial sum per chunk
    assert number(r"chunks in the Dask array: (\d+)", out) == sums  # same blocks
    by_hand = number(r"mean by hand: ([\d.]+)", out)
    with_dask = number(r"mean with Dask: ([\d.]+)", out)
    assert with_dask == pytest.approx(by_hand, rel=1e-5)
    assert "same result: True" in out
    assert abs(by_hand - 1) < 0.01  # exponential numbers with a mean of 1


def test_d2_numpy_syntax_stays_lazy_until_compute(site):
    out = output("03_array/plot_02_blocked_algorithms")
    for name in ("table", "y", "z"):
        assert re.search(rf"^{name}: Array, shape \(", out, re.M), name
    rows, columns = re.search(r"table: Array, shape \((\d+), (\d+)\)", out).groups()
    assert columns == "5000"
    assert f"y: Array, shape ({columns}, {rows})" in out  # the transpose
    assert "np.cos gives a Dask array: True" in out
    assert re.search(rf"ndarray of shape \({rows},\)", out)  # compute: NumPy
    assert "same counts: True" in out  # the exercise


# --- D3 bigger than memory --------------------------------------------------------


def d3_facts(out: str) -> tuple[float, float, int]:
    array = size(rf"array: {SIZE} in \d+ chunks", out)
    chunk = size(rf"one chunk: {SIZE}", out)
    threads = int(number(r"Dask threads: (\d+)", out))
    return array, chunk, threads


def test_d3_dask_keeps_a_few_chunks_numpy_the_whole_array(site):
    out = output("03_array/plot_03_bigger_than_memory")
    array, chunk, threads = d3_facts(out)
    dask_peak = size(rf"Dask: mean 1\.0, peak {SIZE}", out)
    assert dask_peak <= (2 * threads + 1) * chunk  # a few chunks per thread
    assert number(r"Dask peak in chunks: ([\d.]+)", out) <= 2 * threads + 1
    if "NumPy: not run" in out:  # only where the machine lacks the memory
        assert "scale: large" in out
        return
    numpy_peak = size(rf"NumPy: mean 1\.0, peak {SIZE}", out)
    assert 1.5 * array <= numpy_peak <= 2.5 * array  # about twice the array
    assert dask_peak < 0.75 * numpy_peak  # even when every chunk has a thread


def test_d3_peak_memory_does_not_grow_with_the_array(site):
    out = output("03_array/plot_03_bigger_than_memory")
    _, chunk, threads = d3_facts(out)
    rows = [
        (to_bytes(a), to_bytes(p), float(s))
        for a, p, s in re.findall(rf"array {SIZE}: peak {SIZE}, ([\d.]+) s", out)
    ]
    assert len(rows) == 3
    assert rows[-1][0] == pytest.approx(8 * rows[0][0], rel=0.01)
    assert rows[-1][2] > 2 * rows[0][2]  # 8 times the data takes longer
    for _, peak, _ in rows:
        assert peak <= (2 * threads + 1) * chunk  # bounded by chunks and threads
    # arrays with enough chunks to keep every thread busy have the same peak
    busy = [peak for array, peak, _ in rows if array / chunk >= 2 * threads]
    assert busy
    assert max(busy) <= 1.5 * min(busy)


def test_d3_persist_costs_the_array_in_memory_and_saves_time(site):
    out = output("03_array/plot_03_bigger_than_memory")
    array, _, _ = d3_facts(out)
    if "NumPy: not run" in out:  # persist is not run either
        assert "scale: large" in out
        assert "persist: not run" in out
        return
    held = size(rf"memory held by persist: {SIZE}", out)
    assert 0.8 * array <= held <= 1.5 * array
    assert size(rf"memory held after del: {SIZE}", out) < 0.1 * array
    scratch = number(r"mean from scratch: ([\d.]+) s", out)
    persisted = number(r"mean from persisted chunks: ([\d.]+) s", out)
    assert persisted * 2 < scratch


# --- D3's exercise: the mean of a 3.2 GB array -----------------------------------


def test_d3_exercise_mean_of_a_big_array_in_little_memory(site):
    out = output("03_array/plot_04_exercise_big_mean")
    x = size(rf"x: {SIZE} in 400 chunks", out)
    assert x == pytest.approx(20_000**2 * 8, rel=0.01)
    assert number(r"([\d,]+) means, from", out) == 20_000
    low = number(r"means, from ([\d.]+) to", out)
    high = number(r"means, from [\d.]+ to ([\d.]+)", out)
    assert 9.9 < low < 10 < high < 10.1  # means of 200 numbers from N(10, 0.1)
    # the whole process, never the array: "well below the size of x"
    assert size(rf"memory of this process: at most {SIZE}", out) < 0.75 * x


def test_d3_exercise_a_slice_that_needs_few_chunks_is_faster(site):
    out = output("03_array/plot_04_exercise_big_mean")
    step = re.search(r"x\[::100\]: 200 rows from (\d+) chunks, mean in ([\d.]+) s", out)
    first = re.search(r"x\[:200\]: 200 rows from (\d+) chunks, mean in ([\d.]+) s", out)
    assert step, out
    assert first, out
    assert (int(step[1]), int(first[1])) == (400, 20)
    assert float(step[2]) > 3 * float(first[2])  # "many times faster"


# --- D4 choosing chunks -----------------------------------------------------------


def d4_sweep(out: str) -> dict[int, tuple[int, float, float, float]]:
    """{edge: (chunks, seconds, cores busy, peak bytes)}"""
    pattern = (
        r"chunk (\d+)x\1 \((\d+) in all\): ([\d.]+) s, ([\d.]+) cores busy, "
        rf"peak memory {SIZE}"
    )
    return {
        int(e): (int(n), float(s), float(c), to_bytes(p))
        for e, n, s, c, p in re.findall(pattern, out)
    }


def test_d4_tiny_chunks_pay_overhead(site):
    sweep = d4_sweep(output("03_array/plot_05_choosing_chunks"))
    assert len(sweep) >= 5
    smallest, largest = min(sweep), max(sweep)
    assert sweep[smallest][0] >= 1000
    assert sweep[largest][0] == 1
    best = min(seconds for _, seconds, _, _ in sweep.values())
    assert sweep[smallest][1] >= 2 * best


def test_d4_one_huge_chunk_needs_more_memory(site):
    sweep = d4_sweep(output("03_array/plot_05_choosing_chunks"))
    one = sweep[max(sweep)]
    array = 4000 * 4000 * 8
    assert one[3] >= 0.75 * array  # the whole array at once
    assert one[3] > 2 * sweep[1000][3]


@multi_core
def test_d4_one_huge_chunk_keeps_one_core_busy(site):
    sweep = d4_sweep(output("03_array/plot_05_choosing_chunks"))
    assert sweep[max(sweep)][2] <= 1.2  # one task at a time
    middle = [cores for n, _, cores, _ in sweep.values() if 4 <= n <= 256]
    assert max(middle) >= 1.15  # several chunks: several cores


def test_d4_same_size_other_shape(site):
    out = output("03_array/plot_05_choosing_chunks")
    square = re.search(r"chunks \(1000, 1000\): 16 chunks, ([\d.]+) s", out)
    tall = re.search(r"chunks \(2000, 500\): 16 chunks, ([\d.]+) s", out)
    assert square, out
    assert tall, out
    ratio = float(square.group(1)) / float(tall.group(1))
    assert 0.5 <= ratio <= 2  # about the same time
    assert "chunks (1000, 1000): 16 chunks" in out
    assert number(r"\(2000, 500\).*one row touches (\d+) chunks", out) > number(
        r"\(1000, 1000\).*one row touches (\d+) chunks", out
    )


def test_d4_rechunk_and_thread_variables(site):
    out = output("03_array/plot_05_choosing_chunks")
    assert "before: (1, 4) chunks, after: (2, 2) chunks" in out
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        assert f"{name}: 1" in out  # the build sets them


# --- D5 linear algebra ------------------------------------------------------------


def test_d5_results_match_numpy(site):
    out = output("03_array/plot_06_linear_algebra")
    for line in (
        "Q: (200000, 50), R: (50, 50)",
        "Q @ R equals X: True",
        "columns of Q are orthonormal: True",
        "R equals NumPy's R, up to signs: True",
        "singular values equal NumPy's: True",
        "equals X.T @ X: True",
        "equals NumPy's: True",
        "the 5 largest equal NumPy's: True",
    ):
        assert line in out
    assert number(r"largest ([\d.]+), smallest", out) > number(
        r"smallest ([\d.]+)", out
    )
    assert number(r"largest error in beta: ([\d.]+)", out) < 0.01


def test_d5_qr_refuses_chunks_along_both_axes(site):
    out = output("03_array/plot_06_linear_algebra")
    assert "chunks along both axes: (2, 2)" in out
    assert "NotImplementedError: qr currently supports only tall-and-skinny" in out
