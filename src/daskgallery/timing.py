"""Measure honestly: wall and CPU time, scaling curves, speed-ups, and their plots.

Every timing on the site comes from these functions, run on the machine that
built the page, and every plot names that machine in a footnote.

>>> from daskgallery.timing import measure
>>> t = measure(sum, range(1000), repeat=3)
>>> t.wall_best <= t.wall_median
True
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from matplotlib.figure import Figure

K = TypeVar("K")

__all__ = [
    "Timing",
    "best_of_rounds",
    "doubling_sizes",
    "fitted_slope",
    "machine_footnote",
    "measure",
    "plot_scaling",
    "plot_speedups",
    "plot_variant_panels",
    "plot_variants",
    "scaling_curve",
    "speedups",
]


@dataclass(frozen=True)
class Timing:
    """Wall-clock and CPU seconds of repeated runs of one call."""

    wall: tuple[float, ...]
    cpu: tuple[float, ...]

    @property
    def wall_best(self) -> float:
        return min(self.wall)

    @property
    def wall_median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_best(self) -> float:
        return min(self.cpu)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)

    def __str__(self) -> str:
        return (
            f"wall {self.wall_best:.3f} s (median {self.wall_median:.3f} s), "
            f"CPU {self.cpu_best:.3f} s, best of {len(self.wall)}"
        )


def _check_positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return value


def measure(
    func: Callable[..., Any],
    *args: Any,
    repeat: int = 3,
    warmup: int = 0,
    **kwargs: Any,
) -> Timing:
    """Run ``func(*args, **kwargs)`` ``repeat`` times; return wall and CPU times.

    CPU time is this process's (``time.process_time``): work done in other
    processes (a process pool, a cluster's workers) does not count, which is
    why wall time is the one that shows parallel speed-ups.
    """
    if not callable(func):
        raise TypeError(f"func must be callable, got {type(func).__name__}")
    _check_positive_int("repeat", repeat)
    if isinstance(warmup, bool) or not isinstance(warmup, int) or warmup < 0:
        raise ValueError(f"warmup must be a non-negative integer, got {warmup!r}")
    for _ in range(warmup):
        func(*args, **kwargs)
    wall, cpu = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        func(*args, **kwargs)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return Timing(tuple(wall), tuple(cpu))


def best_of_rounds(
    variants: Mapping[K, Callable[[], Any]], *, rounds: int = 3
) -> dict[K, float]:
    """The best wall time of each variant, run once per round, in turn.

    Every round runs each variant once, in order; the best of its rounds is
    kept. A moment when the machine is busy then slows one run, not all the
    runs of one variant, as it could if each variant ran its repeats in a row.

    >>> best = best_of_rounds({"sum": lambda: sum(range(1000))}, rounds=2)
    >>> list(best), best["sum"] > 0
    (['sum'], True)
    """
    _check_positive_int("rounds", rounds)
    if not variants:
        raise ValueError("variants is empty: give at least one {name: callable}")
    for name, func in variants.items():
        if not callable(func):
            raise TypeError(f"variant {name!r} is not callable: {func!r}")
    best: dict[K, float] = {}
    for _ in range(rounds):
        for name, func in variants.items():
            seconds = measure(func, repeat=1).wall_best
            best[name] = min(seconds, best.get(name, seconds))
    return best


def doubling_sizes(start: int, count: int) -> list[int]:
    """``count`` sizes doubling from ``start``: ``[start, 2*start, 4*start, ...]``.

    >>> doubling_sizes(1000, 4)
    [1000, 2000, 4000, 8000]
    """
    _check_positive_int("start", start)
    _check_positive_int("count", count)
    return [start * 2**i for i in range(count)]


def scaling_curve(
    func: Callable[[int], Any], sizes: Sequence[int], *, repeat: int = 3
) -> list[tuple[int, float]]:
    """Best wall time of ``func(n)`` for each ``n`` in ``sizes``: ``[(n, s), ...]``."""
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least 2 values, got {list(sizes)!r}")
    for n in sizes:
        _check_positive_int("each size", n)
    return [(n, measure(func, n, repeat=repeat).wall_best) for n in sizes]


def fitted_slope(points: Sequence[tuple[float, float]]) -> float:
    """Slope of log(time) against log(size): 1 is linear, 2 quadratic.

    >>> round(fitted_slope([(1, 2.0), (2, 4.0), (4, 8.0)]), 6)
    1.0
    """
    if len(points) < 2:
        raise ValueError(f"need at least 2 points, got {len(points)}")
    if any(x <= 0 or y <= 0 for x, y in points):
        raise ValueError("sizes and times must be positive to fit on log-log axes")
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    var = sum((x - mx) ** 2 for x in xs)
    if var == 0:
        raise ValueError("sizes must not all be equal")
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var


def speedups(times: Mapping[str, float], baseline: str) -> dict[str, float]:
    """Each variant's speed-up over ``baseline`` (baseline time / variant time).

    >>> speedups({"serial": 2.0, "processes": 1.0}, "serial")
    {'serial': 1.0, 'processes': 2.0}
    """
    if baseline not in times:
        raise ValueError(f"baseline {baseline!r} is not one of {sorted(times)}")
    if any(t <= 0 for t in times.values()):
        raise ValueError(f"times must be positive, got {dict(times)!r}")
    return {name: times[baseline] / t for name, t in times.items()}


# --- plots ---------------------------------------------------------------------


def _figure(ax: Any = None) -> tuple[Figure, Any]:
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
    # an opaque white background: readable on the light and the dark theme
    fig.patch.set_facecolor("white")
    return fig, ax


def machine_footnote(fig: Figure) -> None:
    """Name the machine under the figure (once, however many axes it has)."""
    from daskgallery.system import machine

    if getattr(fig, "_daskgallery_footnote", False):
        return
    fig._daskgallery_footnote = True  # type: ignore[attr-defined]
    # the figure's supxlabel: a constrained layout keeps room for it
    fig.supxlabel(machine().label(), x=0.99, ha="right", fontsize=8, color="0.35")


def plot_scaling(
    points: Sequence[tuple[int, float]],
    *,
    label: str = "measured",
    title: str = "Time grows with the input size",
    xlabel: str = "input size n",
    ylabel: str = "time (s)",
    ax: Any = None,
) -> Figure:
    """Time against size on log-log axes, with the fitted slope annotated."""
    slope = fitted_slope(points)
    fig, ax = _figure(ax)
    xs, ys = zip(*points, strict=True)
    ax.loglog(xs, ys, "o-", label=label, color="C0")
    # the fitted line through the geometric mean of the points
    gx = math.exp(statistics.fmean(math.log(x) for x in xs))
    gy = math.exp(statistics.fmean(math.log(y) for y in ys))
    fit = [gy * (x / gx) ** slope for x in xs]
    ax.loglog(xs, fit, "--", color="C1", label=f"slope {slope:.2f}")
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.legend()
    ax.grid(True, which="both", alpha=0.3)
    machine_footnote(fig)
    return fig


def plot_variants(
    times: Mapping[str, float],
    *,
    baseline: str,
    title: str = "Wall time by variant",
    ylabel: str = "time (s)",
    ax: Any = None,
) -> Figure:
    """Bars of wall time per variant, each labelled with its speed-up."""
    ratio = speedups(times, baseline)
    fig, ax = _figure(ax)
    names = list(times)
    bars = ax.bar(
        names, [times[n] for n in names], color=[f"C{i}" for i in range(len(names))]
    )
    for bar, name in zip(bars, names, strict=True):
        ax.annotate(
            f"{ratio[name]:.2f}×",
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            xytext=(0, 2),
            textcoords="offset points",
        )
    ax.set(title=title, ylabel=ylabel)
    ax.set_ylim(0, max(times.values()) * 1.15)
    ax.grid(True, axis="y", alpha=0.3)
    machine_footnote(fig)
    return fig


def plot_variant_panels(
    panels: Mapping[str, Mapping[str, float]],
    *,
    baseline: str,
    ylabel: str = "time (s)",
) -> Figure:
    """``plot_variants`` side by side: one panel per title, e.g. per workload.

    >>> fig = plot_variant_panels(
    ...     {"pure Python": {"serial": 2.0, "processes": 1.0},
    ...      "NumPy": {"serial": 2.0, "processes": 2.5}},
    ...     baseline="serial",
    ... )
    >>> [ax.get_title() for ax in fig.axes]
    ['pure Python', 'NumPy']
    """
    import matplotlib.pyplot as plt

    if not panels:
        raise ValueError("panels is empty: give at least one {title: {name: time}}")
    fig = plt.figure(figsize=(4.5 * len(panels), 3.6), layout="constrained")
    fig.patch.set_facecolor("white")  # as _figure: readable on both themes
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    for ax, (title, times) in zip(axes, panels.items(), strict=True):
        plot_variants(times, baseline=baseline, title=title, ylabel=ylabel, ax=ax)
    return fig


def plot_speedups(
    measured: Mapping[int, float],
    limits: Mapping[str, Callable[[int], float]],
    *,
    up_to: int = 16,
    title: str = "Speed-up and its limits",
    xlabel: str = "processes",
    ax: Any = None,
) -> Figure:
    """Measured speed-ups (black dots) over curves of ``limit(p)``, p = 1..``up_to``.

    >>> fig = plot_speedups({1: 1.0, 2: 1.9}, {"perfect": float}, up_to=4)
    >>> [line.get_label() for line in fig.axes[0].lines]
    ['perfect', 'measured']
    """
    _check_positive_int("up_to", up_to)
    if not measured:
        raise ValueError("measured is empty: give at least one {workers: speed-up}")
    for name, limit in limits.items():
        if not callable(limit):
            raise TypeError(f"limit {name!r} is not callable: {limit!r}")
    fig, ax = _figure(ax)
    workers = range(1, up_to + 1)
    for name, limit in limits.items():
        ax.plot(workers, [limit(p) for p in workers], "--", marker=".", label=name)
    counts = sorted(measured)
    ax.plot(counts, [measured[p] for p in counts], "ko-", ms=8, label="measured")
    ax.set(title=title, xlabel=xlabel, ylabel="speed-up")
    ax.legend(fontsize=8)
    ax.grid(True, alpha=0.3)
    machine_footnote(fig)
    return fig
