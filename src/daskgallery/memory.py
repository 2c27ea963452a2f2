"""Peak memory of a call, sampled while it runs, and a plot of memory over time.

The sampler reads the resident memory (RSS) of this process and of its child
processes every few milliseconds from a background thread, so it sees the
peak of NumPy temporaries and of process pools alike. :func:`tree_memory`
measures a process tree without counting shared pages twice (PSS, on Linux).

>>> from daskgallery.memory import trace_memory
>>> result, trace = trace_memory(bytearray, 50_000_000)
>>> trace.peak_increase > 40_000_000
True
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "MemoryTrace",
    "TimeAndPeak",
    "plot_memory",
    "rss",
    "time_and_peak",
    "trace_memory",
    "tree_memory",
]


def rss(include_children: bool = True) -> int:
    """Resident memory of this process (and its children), in bytes."""
    import psutil

    me = psutil.Process()
    total = me.memory_info().rss
    if include_children:
        for child in me.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:  # the child exited meanwhile
                continue
    return int(total)


def _process_memory(process: Any) -> int:
    """PSS of ``process`` where the system reports it, else RSS (bytes)."""
    import psutil

    try:
        pss = getattr(process.memory_full_info(), "pss", None)
    except psutil.AccessDenied:
        pss = None
    return int(pss) if pss is not None else int(process.memory_info().rss)


def tree_memory(pid: int | None = None, *, root_rss: bool = False) -> int:
    """Memory of a process and all its descendants, in bytes.

    The proportional set size (PSS) where the system reports it (Linux): pages
    shared between processes (libraries, copy-on-write) are split between them
    rather than counted once per process. Elsewhere the resident set size
    (RSS), an upper bound. ``pid``: the root, this process by default. A
    descendant that exits while it is being read is skipped. ``root_rss``:
    the root's RSS instead, which costs far less to read for a large process
    sampled often.
    """
    import psutil

    root = psutil.Process(pid)
    total = int(root.memory_info().rss) if root_rss else _process_memory(root)
    for child in root.children(recursive=True):
        try:
            total += _process_memory(child)
        except psutil.Error:  # exited (or became a zombie) meanwhile
            continue
    return total


@dataclass(frozen=True)
class MemoryTrace:
    """Memory samples taken while a call ran."""

    times: tuple[float, ...]  # seconds since the call started
    rss: tuple[int, ...]  # bytes
    baseline: int  # bytes in use just before the call

    @property
    def peak(self) -> int:
        return max(self.rss)

    @property
    def peak_increase(self) -> int:
        """How much memory the call needed on top of what was there before."""
        return max(0, self.peak - self.baseline)


def trace_memory(
    func: Callable[..., Any],
    *args: Any,
    interval: float = 0.005,
    include_children: bool = True,
    measure: Callable[[], int] | None = None,
    **kwargs: Any,
) -> tuple[Any, MemoryTrace]:
    """Call ``func(*args, **kwargs)`` while sampling memory; return (result, trace).

    ``measure``: what a sample reads, in bytes (for example
    :func:`tree_memory`); by default :func:`rss` of this process, with its
    children unless ``include_children=False``.
    """
    if not callable(func):
        raise TypeError(f"func must be callable, got {type(func).__name__}")
    if isinstance(interval, bool) or not isinstance(interval, int | float):
        raise ValueError(f"interval must be between 0 and 1 second, got {interval!r}")
    if not 0 < interval <= 1:
        raise ValueError(f"interval must be between 0 and 1 second, got {interval!r}")
    if measure is None:

        def measure() -> int:
            return rss(include_children)

    elif not callable(measure):
        raise TypeError(f"measure must be callable, got {type(measure).__name__}")
    baseline = measure()
    times: list[float] = []
    samples: list[int] = []
    failure: list[BaseException] = []
    done = threading.Event()
    start = time.perf_counter()

    def sample() -> None:
        try:
            while True:
                times.append(time.perf_counter() - start)
                samples.append(measure())
                if done.wait(interval):
                    return
        except BaseException as err:  # reported below, in the caller's thread
            failure.append(err)

    sampler = threading.Thread(target=sample, name="daskgallery-memory", daemon=True)
    sampler.start()
    try:
        result = func(*args, **kwargs)
    finally:
        done.set()
        sampler.join()
    if failure:
        raise RuntimeError("sampling the memory failed") from failure[0]
    times.append(time.perf_counter() - start)
    samples.append(measure())
    return result, MemoryTrace(tuple(times), tuple(samples), baseline)


@dataclass(frozen=True)
class TimeAndPeak:
    """The time and the peak memory of repeated runs of one call."""

    seconds: float  # the best wall time
    cores: float  # CPU time / wall time of the fastest run: the cores kept busy
    peak: int  # the highest peak increase of all runs, in bytes


def time_and_peak(
    func: Callable[..., Any],
    *args: Any,
    repeat: int = 3,
    include_children: bool = True,
    **kwargs: Any,
) -> TimeAndPeak:
    """Run ``func(*args, **kwargs)`` ``repeat`` times, tracing its memory each time.

    The fastest run gives the time, and the cores busy in it (its CPU time
    divided by its wall time; CPU time of this process only). The highest
    peak of all runs gives the memory: the threads of a short run do not
    always hold their data at the same moment. ``include_children`` is passed
    to :func:`trace_memory`.

    >>> run = time_and_peak(bytearray, 50_000_000, repeat=2)
    >>> run.seconds > 0, run.peak > 40_000_000
    (True, True)
    """
    if isinstance(repeat, bool) or not isinstance(repeat, int) or repeat < 1:
        raise ValueError(f"repeat must be a positive integer, got {repeat!r}")
    runs = []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        _, trace = trace_memory(
            func, *args, include_children=include_children, **kwargs
        )
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        runs.append((wall, cpu, trace.peak_increase))
    wall, cpu, _ = min(runs)
    return TimeAndPeak(wall, cpu / wall, max(peak for _, _, peak in runs))


def plot_memory(
    traces: Mapping[str, MemoryTrace],
    *,
    title: str = "Memory while computing",
    xlabel: str = "time (s)",
    ylabel: str = "memory in use (MiB)",
    ax: Any = None,
) -> Figure:
    """Memory above the baseline over time, one line per variant, peaks marked."""
    if not traces:
        raise ValueError("traces is empty: give at least one {name: MemoryTrace}")
    from daskgallery.timing import _figure, machine_footnote

    fig, ax = _figure(ax)
    mib = 1024**2
    for i, (name, trace) in enumerate(traces.items()):
        used = [(r - trace.baseline) / mib for r in trace.rss]
        ax.plot(
            trace.times,
            used,
            color=f"C{i}",
            label=f"{name}: peak {trace.peak_increase / mib:.0f} MiB",
        )
        ax.axhline(trace.peak_increase / mib, color=f"C{i}", ls=":", lw=1)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.set_ylim(bottom=0)
    ax.legend()
    ax.grid(True, alpha=0.3)
    machine_footnote(fig)
    return fig
