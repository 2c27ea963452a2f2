"""daskgallery.timing: measurements, fitted slopes, speed-ups and their plots."""

import time

import pytest

from daskgallery.timing import (
    Timing,
    doubling_sizes,
    fitted_slope,
    measure,
    plot_scaling,
    plot_variants,
    scaling_curve,
    speedups,
)


def test_measure_separates_wall_and_cpu_time():
    t = measure(time.sleep, 0.02, repeat=3)
    assert isinstance(t, Timing)
    assert len(t.wall) == len(t.cpu) == 3
    assert t.wall_best >= 0.02
    assert t.cpu_best < 0.01  # sleeping uses no CPU
    assert t.wall_best <= t.wall_median
    assert "best of 3" in str(t)


def test_measure_passes_arguments_and_warms_up():
    calls = []
    measure(lambda x, y=0: calls.append((x, y)), 1, y=2, repeat=2, warmup=1)
    assert calls == [(1, 2)] * 3


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "3"])
def test_measure_rejects_bad_repeat(bad):
    with pytest.raises(
        ValueError, match=rf"repeat must be a positive integer, got {bad!r}"
    ):
        measure(abs, 1, repeat=bad)


def test_measure_rejects_bad_warmup_and_non_callables():
    with pytest.raises(
        ValueError, match="warmup must be a non-negative integer, got -1"
    ):
        measure(abs, 1, warmup=-1)
    with pytest.raises(TypeError, match="func must be callable, got int"):
        measure(3)


def test_doubling_sizes():
    assert doubling_sizes(1000, 4) == [1000, 2000, 4000, 8000]
    with pytest.raises(ValueError, match="count must be a positive integer, got 0"):
        doubling_sizes(10, 0)
    with pytest.raises(ValueError, match="start must be a positive integer, got -5"):
        doubling_sizes(-5, 3)


def test_scaling_curve_of_linear_work_has_slope_one():
    points = scaling_curve(lambda n: time.sleep(n / 1000), [10, 20, 40, 80], repeat=1)
    assert [n for n, _ in points] == [10, 20, 40, 80]
    assert 0.85 < fitted_slope(points) < 1.15


def test_scaling_curve_rejects_bad_sizes():
    with pytest.raises(ValueError, match="at least 2 values"):
        scaling_curve(abs, [10])
    with pytest.raises(ValueError, match="each size must be a positive integer, got 0"):
        scaling_curve(abs, [10, 0])


def test_fitted_slope():
    assert fitted_slope([(1, 1.0), (2, 4.0), (4, 16.0)]) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="at least 2 points, got 1"):
        fitted_slope([(1, 1.0)])
    with pytest.raises(ValueError, match="must be positive"):
        fitted_slope([(1, 1.0), (2, 0.0)])
    with pytest.raises(ValueError, match="must not all be equal"):
        fitted_slope([(2, 1.0), (2, 3.0)])


def test_speedups():
    assert speedups({"serial": 3.0, "threads": 3.0, "processes": 1.5}, "serial") == {
        "serial": 1.0,
        "threads": 1.0,
        "processes": 2.0,
    }
    with pytest.raises(ValueError, match=r"baseline 'gpu' is not one of \['serial'\]"):
        speedups({"serial": 1.0}, "gpu")
    with pytest.raises(ValueError, match="times must be positive"):
        speedups({"serial": 1.0, "x": 0.0}, "serial")


def test_plot_scaling_annotates_slope_and_machine():
    fig = plot_scaling([(1000, 0.01), (2000, 0.02), (4000, 0.04)], title="T")
    ax = fig.axes[0]
    assert ax.get_xscale() == ax.get_yscale() == "log"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["measured", "slope 1.00"]
    footnote = fig.get_supxlabel()
    assert "cores" in footnote
    assert "Python" in footnote
    assert "Dask" in footnote


def test_plot_variants_labels_each_bar_with_its_speedup():
    fig = plot_variants(
        {"serial": 2.0, "threads": 2.0, "processes": 1.0}, baseline="serial"
    )
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "serial",
        "threads",
        "processes",
    ]
    assert [a.get_text() for a in ax.texts] == ["1.00×", "1.00×", "2.00×"]
    assert fig.get_facecolor()[:3] == (1.0, 1.0, 1.0)


def test_machine_footnote_never_covers_the_axes_labels():
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(9, 3.6), layout="constrained")
    for ax in axes:
        plot_variants({"serial": 2.0, "processes": 1.0}, baseline="serial", ax=ax)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    note = fig._supxlabel.get_window_extent(renderer)
    for ax in axes:
        for label in ax.get_xticklabels():
            assert not note.overlaps(label.get_window_extent(renderer)), label
    assert len([t for t in fig.findobj() if t is fig._supxlabel]) == 1
    plt.close(fig)


def test_best_of_rounds_runs_each_variant_once_per_round_in_turn():
    from daskgallery.timing import best_of_rounds

    calls = []
    variants = {name: (lambda n=name: calls.append(n)) for name in ("a", "b")}
    best = best_of_rounds(variants, rounds=3)
    assert calls == ["a", "b"] * 3
    assert set(best) == {"a", "b"}
    assert all(seconds >= 0 for seconds in best.values())


@pytest.mark.parametrize(
    ("variants", "rounds", "error"),
    [({}, 3, "variants is empty"), ({"x": 1}, 3, "'x' is not callable"),
     ({"x": print}, 0, "rounds must be a positive integer")],
)  # fmt: skip
def test_best_of_rounds_rejects_bad_input(variants, rounds, error):
    from daskgallery.timing import best_of_rounds

    with pytest.raises((ValueError, TypeError), match=error):
        best_of_rounds(variants, rounds=rounds)


def test_plot_variant_panels_draws_one_panel_per_title():
    from daskgallery.timing import plot_variant_panels

    fig = plot_variant_panels(
        {
            "pure Python": {"serial": 2.0, "processes": 1.0},
            "NumPy": {"serial": 2.0, "processes": 4.0},
        },
        baseline="serial",
    )
    assert [ax.get_title() for ax in fig.axes] == ["pure Python", "NumPy"]
    assert [a.get_text() for a in fig.axes[1].texts] == ["1.00×", "0.50×"]
    assert fig.get_facecolor()[:3] == (1.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="panels is empty"):
        plot_variant_panels({}, baseline="serial")


def test_plot_speedups_draws_each_limit_under_the_measured_points():
    from daskgallery.timing import plot_speedups

    fig = plot_speedups(
        {1: 1.0, 2: 1.7}, {"perfect": float, "half": lambda p: p / 2}, up_to=4
    )
    ax = fig.axes[0]
    lines = {line.get_label(): line for line in ax.lines}
    assert list(lines) == ["perfect", "half", "measured"]
    assert list(lines["perfect"].get_xdata()) == [1, 2, 3, 4]
    assert list(lines["half"].get_ydata()) == [0.5, 1.0, 1.5, 2.0]
    assert list(lines["measured"].get_ydata()) == [1.0, 1.7]
    assert ax.get_ylabel() == "speed-up"
    assert "cores" in fig.get_supxlabel()


@pytest.mark.parametrize(
    ("measured", "limits", "up_to", "error"),
    [({}, {}, 4, "measured is empty"), ({1: 1.0}, {"x": 2}, 4, "'x' is not callable"),
     ({1: 1.0}, {}, 0, "up_to must be a positive integer")],
)  # fmt: skip
def test_plot_speedups_rejects_bad_input(measured, limits, up_to, error):
    from daskgallery.timing import plot_speedups

    with pytest.raises((ValueError, TypeError), match=error):
        plot_speedups(measured, limits, up_to=up_to)
