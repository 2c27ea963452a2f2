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
