"""daskgallery.memory: peak memory sampled while a call runs."""

import numpy as np
import pytest

from daskgallery.memory import MemoryTrace, plot_memory, rss, trace_memory

MIB = 1024**2


def allocate(n_mib):
    block = np.ones(n_mib * MIB // 8)
    return float(block.sum())


def test_trace_sees_the_peak_of_a_temporary_array():
    result, trace = trace_memory(allocate, 200)
    assert result == 200 * MIB // 8
    assert isinstance(trace, MemoryTrace)
    assert trace.peak_increase > 150 * MIB
    assert len(trace.times) == len(trace.rss) >= 2
    assert list(trace.times) == sorted(trace.times)


def test_small_work_needs_little_memory():
    _, trace = trace_memory(allocate, 1)
    assert trace.peak_increase < 50 * MIB


def test_rss_is_positive():
    assert rss() >= rss(include_children=False) > 0


@pytest.mark.parametrize("bad", [0, -1, 2, "fast"])
def test_bad_interval(bad):
    with pytest.raises(
        ValueError, match=rf"interval must be between 0 and 1 second, got {bad!r}"
    ):
        trace_memory(allocate, 1, interval=bad)


def test_non_callable():
    with pytest.raises(TypeError, match="func must be callable, got list"):
        trace_memory([])


def test_plot_memory():
    _, big = trace_memory(allocate, 100)
    _, small = trace_memory(allocate, 1)
    fig = plot_memory({"NumPy": big, "Dask": small})
    ax = fig.axes[0]
    assert len(ax.get_lines()) == 4  # one line and one peak marker per variant
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0].startswith("NumPy: peak ")
    assert labels[0].endswith("MiB")
    with pytest.raises(ValueError, match="traces is empty"):
        plot_memory({})


def test_a_sample_can_measure_something_else():
    from daskgallery.memory import trace_memory, tree_memory

    readings = iter(range(100, 10_000))
    result, trace = trace_memory(sum, [1, 2], measure=lambda: next(readings))
    assert result == 3
    assert trace.baseline == 100
    assert trace.peak == max(trace.rss) > 100
    assert tree_memory() > 0


def test_a_failing_sample_is_reported_not_hidden():
    import pytest

    from daskgallery.memory import trace_memory

    calls = iter([1, 2])

    def measure():
        return next(calls)  # the third reading fails: StopIteration

    with pytest.raises(RuntimeError, match="sampling the memory failed"):
        trace_memory(lambda: __import__("time").sleep(0.05), measure=measure)
    with pytest.raises(TypeError, match="measure must be callable"):
        trace_memory(sum, [1], measure=3)


def test_tree_memory_can_read_the_root_cheaply():
    import psutil

    from daskgallery.memory import tree_memory

    cheap = tree_memory(root_rss=True)
    rss = psutil.Process().memory_info().rss
    assert cheap >= 0.9 * rss  # the root's RSS, plus its children if any
    assert tree_memory() > 0


def test_time_and_peak_keeps_the_best_time_and_the_highest_peak():
    import time

    from daskgallery.memory import TimeAndPeak, time_and_peak

    runs = iter([(200, 0.3), (1, 0), (1, 0.3)])  # (MiB, seconds asleep) per run

    def work():
        n_mib, asleep = next(runs)
        time.sleep(asleep)
        return allocate(n_mib)

    run = time_and_peak(work, repeat=3)
    assert isinstance(run, TimeAndPeak)
    assert run.seconds < 0.25  # the best time: the second run's
    assert run.peak > 150 * MIB  # the highest peak: the first run's
    assert run.cores >= 0  # CPU time / wall time of the fastest run


def test_time_and_peak_passes_arguments_and_checks_repeat():
    from daskgallery.memory import time_and_peak

    run = time_and_peak(allocate, 200, repeat=1, include_children=False)
    assert run.peak > 150 * MIB
    for bad in (0, -1, 1.5, True):
        message = rf"repeat must be a positive integer, got {bad!r}"
        with pytest.raises(ValueError, match=message):
            time_and_peak(allocate, 1, repeat=bad)
