"""sphinx-gallery's ``show_memory`` hook: peak memory of the whole process tree.

sphinx-gallery measures each code block of an example with the callable given
as ``show_memory`` and records the example's peak, minus what was in use when
the example started, in ``<example>.cost.json`` (``"memory"``, in MiB). Its
default measure (``memory_profiler``) reads the resident memory of the Sphinx
process only: the process pools, ``LocalCluster`` workers and ``dask worker``
programs that the examples start are not counted. :class:`PeakMemory` counts
them: it samples the memory of this process and of all its descendants, from a
background thread, while the block runs.

The build process itself is read as its resident set size (RSS): cheap to
read, where its proportional set size would mean reading each of its many
mappings ten times a second, CPU time that showed in the examples' own CPU
timings (D4's "cores busy"). The processes it starts are read as their
proportional set size (PSS) where the system reports it (Linux): pages they
share (libraries, copy-on-write) are split between them rather than counted
once per process; elsewhere as RSS, an upper bound.

It is a frozen dataclass, not a function: Sphinx caches the configuration, and
two equal instances compare equal, so the configuration does not "change"
from one build to the next (a function would force a full re-read).

>>> from daskgallery_site.peak_memory import PeakMemory
>>> peak_mib, value = PeakMemory()(lambda: bytes(10**6))
>>> len(value), peak_mib > 0
(1000000, True)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from daskgallery.memory import trace_memory, tree_memory

__all__ = ["MIB", "PeakMemory", "tree_memory"]

MIB = 1024**2
T = TypeVar("T")


@dataclass(frozen=True)
class PeakMemory:
    """``show_memory`` hook: ``hook(func)`` runs ``func()`` and returns
    ``(peak MiB of the process tree while it ran, func's return value)``.

    ``interval``: seconds between two samples. A shorter peak can be missed;
    sampling costs the example a little CPU time (about 1 ms per sample).
    """

    interval: float = 0.1

    def __post_init__(self) -> None:
        if (
            isinstance(self.interval, bool)
            or not isinstance(self.interval, int | float)
            or not 0.001 <= self.interval <= 1
        ):
            raise ValueError(
                f"interval must be between 0.001 and 1 second, got {self.interval!r}"
            )

    def __call__(self, func: Callable[[], T]) -> tuple[float, T]:
        # the build's own process is large: its PSS (reading every mapping)
        # would cost enough CPU to show in the examples' own CPU timings
        measure = functools.partial(tree_memory, root_rss=True)
        value, trace = trace_memory(func, interval=self.interval, measure=measure)
        return trace.peak / MIB, value
