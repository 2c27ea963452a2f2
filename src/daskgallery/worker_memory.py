"""The memory of a cluster's workers: read it, print it as a table, plot it.

:func:`worker_memory` reads how each worker of a cluster uses its memory: one
:class:`WorkerMemory` per worker, with its managed, unmanaged and spilled
bytes. :func:`memory_table` prints such readings, and
:func:`plot_worker_memory` plots them against the memory thresholds.

>>> from daskgallery.worker_memory import WorkerMemory, memory_table
>>> mib = 1024**2
>>> empty = WorkerMemory("tcp://w", "0", None, 90 * mib, 0, 90 * mib, 0, "running")
>>> print(memory_table([empty], ["nothing"]))
     held   process   managed unmanaged   spilled
  nothing        90         0        90         0
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["WorkerMemory", "memory_table", "plot_worker_memory", "worker_memory"]


@dataclass(frozen=True)
class WorkerMemory:
    """The memory of one worker, in bytes, as :func:`worker_memory` reads it.

    ``process``: the resident memory (RSS) of the worker process, which is
    ``managed + unmanaged``. ``managed``: the results that the worker
    holds in RAM, as ``sizeof`` counts them. ``unmanaged``: everything else
    (Python itself, imported modules, the temporary data of running tasks,
    memory not yet given back to the system). ``spilled``: the results that
    the worker wrote to disk, in bytes on disk. ``limit``: the worker's
    ``memory_limit`` (``None``: no limit). ``address``: where the worker
    listens, the topic of its events in ``client.get_events``.
    """

    address: str
    name: str
    limit: int | None
    process: int
    managed: int
    unmanaged: int
    spilled: int
    status: str


def worker_memory(
    client: Any, *, fresh: bool = True, timeout: float = 10.0
) -> list[WorkerMemory]:
    """The memory of each worker of ``client``'s cluster, read after this call.

    Each worker reports its managed and spilled memory to the scheduler in a
    heartbeat, about twice a second: with ``fresh=True``, this waits for a
    heartbeat that arrives after the call (at most ``timeout`` seconds), and
    reads it in ``client.scheduler_info()``. ``fresh=False`` reads the last
    one, enough for what does not change, such as the memory limit. The
    memory of each worker process is read on the worker, with ``client.run``.
    The workers come in the order of their names.

    >>> from daskgallery.cluster import local_cluster
    >>> with local_cluster(n_workers=1) as client:     # doctest: +SKIP
    ...     [w.spilled for w in worker_memory(client)]
    [0]
    """
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise ValueError(f"timeout must be a positive number, got {timeout!r}")
    if timeout <= 0:
        raise ValueError(f"timeout must be a positive number, got {timeout!r}")

    def process_memory() -> int:  # runs on each worker
        import psutil

        return int(psutil.Process().memory_info().rss)

    start = time.time()
    while True:
        # the client's own periodic update of scheduler_info() may leave
        # "workers" empty for a moment: ask again
        workers = client.scheduler_info()["workers"]
        if workers and (
            not fresh or all(w["last_seen"] > start for w in workers.values())
        ):
            break
        if time.time() > start + timeout:  # e.g. a scheduler with another clock
            break
        time.sleep(0.02)
    processes = client.run(process_memory)
    readings = []
    for address, info in workers.items():
        metrics = info["metrics"]
        process = processes.get(address, int(metrics["memory"]))
        spilled = metrics["spilled_bytes"]
        # as the scheduler's MemoryState: managed in RAM is at most the process
        managed = min(process, int(metrics["managed_bytes"] - spilled["memory"]))
        readings.append(
            WorkerMemory(
                address=address,
                name=str(info.get("name", address)),
                limit=info.get("memory_limit") or None,
                process=process,
                managed=managed,
                unmanaged=process - managed,
                spilled=int(spilled["disk"]),
                status=str(info.get("status", "")),
            )
        )
    # in the order of the workers' names: 0, 1, 2, ..., 10, then other names
    return sorted(
        readings,
        key=lambda r: (
            not r.name.isdigit(),
            int(r.name) if r.name.isdigit() else 0,
            r.name,
        ),
    )


def memory_table(readings: Sequence[WorkerMemory], held: Sequence[object]) -> str:
    """One row per reading, in MiB, after a first column ``held`` (given as is).

    >>> mib = 1024**2
    >>> r = WorkerMemory("tcp://w", "0", None, 3 * mib, mib, 2 * mib, 0, "running")
    >>> print(memory_table([r], [1]))
         held   process   managed unmanaged   spilled
            1         3         1         2         0
    """
    if len(readings) != len(held):
        raise ValueError(
            f"give one held value per reading, got {len(readings)} readings "
            f"and {len(held)} held values"
        )
    columns = ("held", "process", "managed", "unmanaged", "spilled")
    lines = [" ".join(f"{name:>9}" for name in columns)]
    for first, r in zip(held, readings, strict=True):
        sizes = (r.process, r.managed, r.unmanaged, r.spilled)
        lines.append(f"{first!s:>9} " + " ".join(f"{n / 1024**2:9.0f}" for n in sizes))
    return "\n".join(lines)


def plot_worker_memory(
    readings: Sequence[WorkerMemory],
    labels: Sequence[object],
    *,
    thresholds: Mapping[str, float],
    title: str = "The memory of one worker",
    xlabel: str = "data persisted (MiB)",
    ylabel: str = "memory (MiB)",
    ax: Any = None,
) -> Figure:
    """Bars of one worker's memory per reading, lines at its thresholds.

    For each reading, one bar of the process memory in RAM (``managed`` below,
    so that its top meets ``target``, ``unmanaged`` on top) and one bar of the
    data ``spilled`` to disk. ``thresholds``: fractions of the memory limit,
    e.g. ``{"target": 0.6}``, each drawn as a dashed line; a solid line marks
    the limit itself.

    >>> mib = 1024**2
    >>> empty = WorkerMemory("tcp://w", "0", 1024 * mib, 90 * mib, 0, 90 * mib, 0, "")
    >>> fig = plot_worker_memory([empty], [0], thresholds={"target": 0.6})
    >>> fig.axes[0].get_lines()[0].get_ydata()[0]   # the target line, in MiB
    614.4
    """
    if not readings or len(readings) != len(labels):
        raise ValueError(
            f"give one label per reading, got {len(readings)} readings "
            f"and {len(labels)} labels"
        )
    limit = readings[0].limit
    if limit is None or any(r.limit != limit for r in readings):
        raise ValueError("the readings must share one memory limit (not None)")
    from daskgallery.timing import _figure, machine_footnote

    fig, ax = _figure(ax)
    mib = 1024**2
    xs = range(len(readings))
    left, right = [x - 0.2 for x in xs], [x + 0.2 for x in xs]
    managed = [r.managed / mib for r in readings]
    ax.bar(left, managed, 0.4, color="C0", label="managed (RAM)")
    unmanaged = [r.unmanaged / mib for r in readings]
    ax.bar(left, unmanaged, 0.4, bottom=managed, color="0.65", label="unmanaged (RAM)")
    spilled = [r.spilled / mib for r in readings]
    ax.bar(right, spilled, 0.4, color="C1", hatch="//", label="spilled (disk)")
    for i, (name, fraction) in enumerate(thresholds.items()):
        ax.axhline(fraction * limit / mib, color=f"C{i + 2}", ls="--", label=name)
    ax.axhline(limit / mib, color="k", label="memory_limit")
    ax.set_xticks(list(xs), [str(label) for label in labels])
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.grid(True, axis="y", alpha=0.3)
    machine_footnote(fig)
    return fig
