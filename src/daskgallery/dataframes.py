"""Dask dataframes: the query plan, the shuffles in it, and a known warning hidden.

:func:`plan` returns the plan of a dataframe result as ``pprint()`` prints it,
after Dask's optimizer has rewritten it (or before), with file names instead
of the folders of this machine.

:func:`shuffles` reads which shuffles Dask will run for a dataframe result:
it optimizes the expression the way ``compute`` does, then looks at the names
of the tasks. A ``shuffle`` moves rows between partitions; Dask names its
tasks after the method: ``taskshuffle``, ``diskshuffle`` or ``p2pshuffle``.
:func:`task_count` counts the tasks of that optimized graph.

To measure shuffles: :func:`random_frame` makes seeded random data in its own
tasks, the same on every scheduler; :func:`measured_compute` computes a result
and says what it cost; :func:`tasks_run` counts the tasks that the local
scheduler runs; :func:`partition_bounds` checks that a frame is sorted.

>>> import dask
>>> import dask.dataframe as dd
>>> import pandas as pd
>>> df = dd.from_pandas(pd.DataFrame({"k": [1, 2, 1, 3], "v": range(4)}), npartitions=2)
>>> shuffles(df.v + 1)
[]
>>> with dask.config.set({"dataframe.shuffle.method": "tasks"}):
...     shuffles(df.set_index("k"))
['taskshuffle']
"""

from __future__ import annotations

import io
import re
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout
from pathlib import PurePath
from typing import Any

__all__ = [
    "PARQUET_WARNING",
    "hide_parquet_warning",
    "measured_compute",
    "partition_bounds",
    "plan",
    "random_frame",
    "shuffles",
    "task_count",
    "tasks_run",
]

#: The start of the pandas 3 deprecation warning that Dask's Parquet reader
#: raises on every partition (it calls ``reset_index(inplace=True)``), seen
#: with Dask 2026.8 and pandas 3.1.
PARQUET_WARNING = "The inplace keyword in DataFrame"

_SHUFFLE = re.compile(r"[a-z0-9]+shuffle")
#: A quoted string with a folder in it: a path that pprint shows in full.
_PATH = re.compile(r"""(['"])([^'"]*[/\\][^'"]*)\1""")
#: The memory address in the repr of an object, such as a function:
#: it changes from one run to the next.
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")


def _check_frame(frame: Any) -> None:
    if not (hasattr(frame, "optimize") and hasattr(frame, "npartitions")):
        raise TypeError(
            "frame must be a Dask DataFrame, Series or Index, "
            f"got {type(frame).__name__}"
        )


def plan(frame: Any, *, optimized: bool = True) -> str:
    """The query plan of a Dask dataframe or series, one operation a line.

    The text of ``frame.pprint()``: each line an operation, indented under the
    operation that uses its result; the reads at the bottom. With
    ``optimized=True``, the plan after Dask's optimizer (``optimize``, without
    fusing operations into tasks): selected columns moved into the read,
    for example. A path shows as its last part, the file or folder name.

    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> df = dd.from_pandas(pd.DataFrame({"a": [1, 2], "b": [3, 4]}), npartitions=1)
    >>> print(plan(df[["a"]] + 1, optimized=False))
    Add: right=1
      Projection: columns=['a']
        FromPandas: frame='<pandas>' npartitions=1
    """
    _check_frame(frame)
    expr = frame.optimize(fuse=False) if optimized else frame
    text = io.StringIO()
    with redirect_stdout(text):
        expr.pprint()
    short = _ADDRESS.sub(">", text.getvalue().rstrip())
    return _PATH.sub(lambda m: m[1] + PurePath(m[2]).name + m[1], short)


def shuffles(frame: Any) -> list[str]:
    """The shuffles in the optimized task graph of a Dask dataframe or series.

    Each name is the name of the tasks of one kind of shuffle, such as
    ``diskshuffle``; an empty list means that no row moves between
    partitions. The graph is optimized first, as ``compute`` does, so the
    answer is what Dask runs, with the shuffle method in effect (see
    ``dask.config`` key ``dataframe.shuffle.method``).

    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> df = dd.from_pandas(pd.DataFrame({"k": [1, 2, 1]}), npartitions=2)
    >>> shuffles(df.k.value_counts(split_out=1))
    []
    """
    from dask.utils import key_split

    _check_frame(frame)
    names = {key_split(key) for key in frame.optimize().__dask_graph__()}
    return sorted(name for name in names if _SHUFFLE.fullmatch(name))


def task_count(frame: Any) -> int:
    """The number of tasks in the optimized graph of a Dask dataframe or series.

    The graph that ``compute`` runs: optimized first, with the shuffle method
    in effect at the call (``dask.config`` key ``dataframe.shuffle.method``,
    else ``p2p`` with a distributed ``Client``, else ``disk``). The tasks that
    Dask runs before, to find unknown ``divisions`` (the sampling pass of
    ``set_index`` and ``sort_values``), are not in this graph.

    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> df = dd.from_pandas(pd.DataFrame({"k": [1, 2, 1, 3]}), npartitions=2)
    >>> task_count(df), task_count(df.shuffle("k", shuffle_method="p2p"))
    (2, 9)
    """
    _check_frame(frame)
    return len(frame.optimize().__dask_graph__())


def _positive(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return value


def _random_partition(number: int, rows: int, keys: int, seed: int) -> Any:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng([seed, number])
    return pd.DataFrame(
        {
            "key": rng.integers(0, keys, rows),
            "x": rng.random(rows),
            "y": rng.standard_normal(rows),
        }
    )


def random_frame(
    npartitions: int, rows: int, *, keys: int = 1000, seed: int = 42
) -> Any:
    """A seeded random Dask dataframe of ``npartitions`` partitions of ``rows`` rows.

    Columns: ``key``, an integer from 0 to ``keys - 1``; ``x``, uniform between
    0 and 1; ``y``, normal. Each partition is made in its own task (named
    ``random-frame``) from ``seed`` and its number: every scheduler makes the
    same rows, and no data is sent from the client. 24 bytes a row; the
    ``divisions`` are unknown.

    >>> df = random_frame(4, 1_000, keys=10)
    >>> df.npartitions, len(df), int(df.key.max().compute()), df.known_divisions
    (4, 4000, 9, False)
    """
    import dask.dataframe as dd

    _positive("npartitions", npartitions)
    _positive("rows", rows)
    _positive("keys", keys)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    return dd.from_map(
        _random_partition,
        range(npartitions),
        rows=rows,
        keys=keys,
        seed=seed,
        label="random-frame",
        enforce_metadata=False,
    )


def measured_compute(lazy: Any, **compute: Any) -> tuple[Any, dict[str, float]]:
    """Compute a Dask dataframe result once; return it and what it cost.

    The cost, a dict: ``seconds``, the wall time of ``lazy.compute(**compute)``;
    ``peak_MiB``, the peak memory of this process and of its child processes
    (the workers of a ``LocalCluster``) above what they used before, sampled
    every 20 ms (:func:`daskgallery.memory.trace_memory`); ``tasks``, the
    :func:`task_count` of its graph.

    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> df = dd.from_pandas(pd.DataFrame({"k": [1, 2, 1, 3]}), npartitions=2)
    >>> total, cost = measured_compute(df.k.sum(), scheduler="sync")
    >>> int(total), sorted(cost), cost["tasks"]
    (7, ['peak_MiB', 'seconds', 'tasks'], 5)
    """
    import time

    from daskgallery.memory import trace_memory

    if not hasattr(lazy, "__dask_graph__"):
        raise TypeError(f"lazy must be a Dask collection, got {type(lazy).__name__}")
    start = time.perf_counter()
    result, trace = trace_memory(lazy.compute, interval=0.02, **compute)
    seconds = time.perf_counter() - start
    tasks = len(lazy.optimize().__dask_graph__())
    return result, {
        "seconds": seconds,
        "peak_MiB": trace.peak_increase / 2**20,
        "tasks": tasks,
    }


def _bounds(partition: Any) -> Any:
    import pandas as pd

    index = partition.index
    return pd.DataFrame(
        {
            "rows": [len(index)],
            "min": [index.min()],
            "max": [index.max()],
            "sorted": [index.is_monotonic_increasing],
        }
    )


def partition_bounds(frame: Any) -> Any:
    """One row per partition: its ``rows``, the ``min`` and ``max`` of its index,
    and whether its index is ``sorted``; lazy, a Dask dataframe.

    A frame is sorted by its index when every partition is sorted and each
    starts at or after the end of the one before: the column ``min, max, min,
    max, ...`` never goes down.

    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> df = dd.from_pandas(pd.DataFrame({"x": [3.0, 1.0, 2.0, 5.0]}), npartitions=2)
    >>> bounds = partition_bounds(df.set_index("x", divisions=[1, 2.5, 5])).compute()
    >>> bounds["rows"].tolist(), bool(bounds["sorted"].all())
    ([2, 2], True)
    >>> bounds[["min", "max"]].stack().is_monotonic_increasing
    True
    """
    _check_frame(frame)
    index = frame.index.dtype
    meta = {"rows": "int64", "min": index, "max": index, "sorted": "bool"}
    return frame.map_partitions(_bounds, meta=meta)


def tasks_run(func: Callable[[], Any]) -> tuple[Any, Counter[str]]:
    """Call ``func()``; return its result and the tasks that ran meanwhile.

    The tasks are those that Dask's local scheduler (threads, processes or
    sync) runs, as its ``Profiler`` records them, counted by name: the start
    of their key, such as ``random-frame``. A distributed cluster's tasks are
    not seen.

    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> df = dd.from_pandas(pd.DataFrame({"x": [3.0, 1.0, 2.0, 5.0]}), npartitions=2)
    >>> total, ran = tasks_run(lambda: df.x.sum().compute(scheduler="sync"))
    >>> float(total), sum(ran.values()) > 0
    (11.0, True)
    """
    from dask.diagnostics import Profiler
    from dask.utils import key_split

    if not callable(func):
        raise TypeError(f"func must be callable, got {type(func).__name__}")
    with Profiler() as profiler:
        result = func()
    return result, Counter(key_split(task.key) for task in profiler.results)


@contextmanager
def hide_parquet_warning() -> Iterator[None]:
    """Hide the one deprecation warning that Dask's Parquet reader causes.

    pandas 3 deprecates ``inplace=True``, and Dask's Parquet code still uses
    it (see :data:`PARQUET_WARNING`). Only that warning is hidden, only inside
    the ``with`` block.

    >>> import warnings
    >>> with hide_parquet_warning():  # nothing is shown
    ...     warnings.warn(PARQUET_WARNING + ".reset_index is deprecated")
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=PARQUET_WARNING)
        yield
