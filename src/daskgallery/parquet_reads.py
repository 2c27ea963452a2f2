"""What a Parquet read costs: the bytes read, the tasks that read, the statistics.

:class:`CountingFileSystem` reads the files of this machine and counts the
bytes read from them; :func:`bytes_read` and :func:`compare_reads` measure
what a calculation reads with it. :func:`read_tasks` counts the tasks that
read files, and :func:`row_group_statistics` shows the statistics that
Parquet keeps for each row group, which let a reader skip data.

>>> import pandas as pd, tempfile
>>> from daskgallery.parquet_reads import bytes_read
>>> df = pd.DataFrame({"a": range(1000), "b": range(1000)})
>>> with tempfile.TemporaryDirectory() as folder:
...     df.to_parquet(f"{folder}/part.parquet")
...     _, one_column = bytes_read(lambda read: read().a.sum(), folder)
...     _, two_columns = bytes_read(lambda read: read().sum(), folder)
>>> one_column < two_columns   # the tasks read only the columns used
True
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from fsspec.implementations.local import LocalFileOpener, LocalFileSystem

from daskgallery.dataframes import hide_parquet_warning

__all__ = [
    "CountingFileSystem",
    "bytes_read",
    "compare_reads",
    "read_tasks",
    "row_group_statistics",
]


def _optimized(results: Sequence[Any]) -> Any:
    """The expression that ``dask.compute(*results)`` runs: one plan, optimized."""
    from dask.base import collections_to_expr

    if not results:
        raise ValueError("give at least one Dask dataframe, series or scalar")
    for result in results:
        if not hasattr(result, "expr"):
            raise TypeError(
                "results must be Dask dataframes, series or scalars, "
                f"got {type(result).__name__}"
            )
    return collections_to_expr(list(results)).optimize()


def read_tasks(*results: Any) -> int:
    """How many tasks read files when ``dask.compute(*results)`` runs.

    The results are optimized together, as ``dask.compute`` does, so a read
    that they share counts once. A task that reads is one whose name starts
    with ``read`` (such as ``read_parquet``; the optimizer may fuse later
    steps into it).

    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> df = dd.from_pandas(pd.DataFrame({"a": range(4)}), npartitions=2)
    >>> read_tasks(df.a.sum())
    0
    """
    from dask.utils import key_split

    graph = _optimized(results).__dask_graph__()
    return sum(key_split(key).startswith("read") for key in graph)


class _CountingFile(LocalFileOpener):
    """A local file that adds the size of every read to its file system."""

    fs: CountingFileSystem

    def read(self, *args: Any, **kwargs: Any) -> bytes:
        data = super().read(*args, **kwargs)
        self.fs._add(len(data))
        return data

    def readinto(self, buffer: Any) -> int:
        size = self.f.readinto(buffer) or 0
        self.fs._add(size)
        return size

    def readline(self, *args: Any, **kwargs: Any) -> bytes:
        data = super().readline(*args, **kwargs)
        self.fs._add(len(data))
        return data

    def _fetch_range(self, start: int, end: int) -> bytes:
        data = super()._fetch_range(start, end)
        self.fs._add(len(data))
        return data


class CountingFileSystem(LocalFileSystem):
    """The files of this machine (an ``fsspec`` file system) that counts bytes read.

    Give it to a reader: ``dd.read_parquet(path, filesystem=counter)`` for
    Dask's default Parquet reader, or ``filesystem=counter.arrow()`` for the
    pyarrow one. Every read from a file opened through it adds its size to
    :attr:`bytes_read`: what the reader really asked for, the footer of each
    Parquet file included. The tasks of the threads scheduler all count in
    the same counter (processes and a cluster's workers would count in their
    own copies). :func:`bytes_read` measures a calculation with it.

    >>> import tempfile
    >>> counter = CountingFileSystem()
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     counter.pipe_file(f"{folder}/data.bin", bytes(1000))
    ...     with counter.open(f"{folder}/data.bin") as f:
    ...         _ = f.read(100)
    >>> counter.bytes_read
    100
    """

    cachable = False  # each counter is a new object, with its own count

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._lock = threading.Lock()
        self._bytes = 0

    @property
    def bytes_read(self) -> int:
        """The bytes read through this file system since it was made or reset."""
        return self._bytes

    def reset(self) -> None:
        """Start counting from zero again."""
        with self._lock:
            self._bytes = 0

    def _add(self, size: int) -> None:
        with self._lock:
            self._bytes += size

    def _open(
        self, path: str, mode: str = "rb", block_size: Any = None, **kwargs: Any
    ) -> Any:
        if "r" not in mode:
            return super()._open(path, mode, block_size, **kwargs)
        return _CountingFile(self._strip_protocol(path), mode, fs=self, **kwargs)

    def arrow(self) -> Any:
        """This file system as a pyarrow one, for ``read_parquet``'s pyarrow reader.

        ``dd.read_parquet(path, filesystem=counter.arrow())`` uses the same
        reader as ``filesystem="arrow"``, and its reads are counted here.
        """
        from pyarrow.fs import FSSpecHandler, PyFileSystem

        return PyFileSystem(FSSpecHandler(self))


def _reader(path: Path, counter: CountingFileSystem | None) -> Callable[..., Any]:
    """``dd.read_parquet`` on ``path``; through ``counter`` when one is given."""
    import dask.dataframe as dd

    def read(filesystem: str = "fsspec", **kwargs: Any) -> Any:
        if filesystem not in ("fsspec", "arrow"):
            raise ValueError(
                f"filesystem must be 'fsspec' or 'arrow', got {filesystem!r}"
            )
        if filesystem == "arrow":
            # the pyarrow reader fails unless distributed is imported first
            # (https://github.com/dask/dask/issues/11352)
            import distributed  # noqa: F401

            fs: Any = counter.arrow() if counter else "arrow"
        else:
            fs = counter or "fsspec"
        return dd.read_parquet(path, filesystem=fs, **kwargs)

    return read


def bytes_read(
    build: Callable[[Callable[..., Any]], Any], folder: str | os.PathLike
) -> tuple[int, int]:
    """The bytes read to plan and to compute what ``build`` makes, from a fresh copy.

    ``build(read)`` makes one Dask result, or a tuple of results computed
    together (as ``dask.compute`` does). ``read(**kwargs)`` is
    ``dd.read_parquet`` on a copy of ``folder`` made for this call (removed
    after it), through a :class:`CountingFileSystem`: ``read()`` uses Dask's
    default reader, ``read(filesystem="arrow")`` the pyarrow one, and other
    keywords (``filters=``, ``columns=``) pass through. No reader has cached
    anything about the copy yet, so every call starts cold.

    Returns ``(plan, tasks)``: the bytes read before the tasks start (the
    schema, and the footers with their statistics that the reader and the
    optimizer look at) and the bytes that the tasks read. The tasks run on
    threads of this process, where the counter is, whatever the scheduler
    in use.

    >>> import pandas as pd, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     pd.DataFrame({"a": range(100)}).to_parquet(f"{folder}/part.parquet")
    ...     plan, tasks = bytes_read(lambda read: read().a.sum(), folder)
    >>> plan > 0 and tasks > 0
    True
    """
    import shutil
    import tempfile

    from dask import threaded

    source = Path(folder)
    if not source.is_dir():
        raise ValueError(f"folder must be an existing folder, got {str(folder)!r}")
    counter = CountingFileSystem()
    # a reader may keep a file open a while (Windows cannot remove it then)
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as scratch:
        path = Path(shutil.copytree(source, Path(scratch) / source.name))
        results = list(_as_tuple(build(_reader(path, counter))))
        expr = _optimized(results)
        planned = counter.bytes_read
        counter.reset()
        threaded.get(expr.__dask_graph__(), expr.__dask_keys__())
        return planned, counter.bytes_read


def compare_reads(
    ways: Mapping[str, Callable[[Callable[..., Any]], Any]],
    folder: str | os.PathLike,
    *,
    rounds: int = 3,
) -> Any:
    """Bytes read and time of each way to compute something from a Parquet folder.

    Each way is a function ``build(read)`` as in :func:`bytes_read`. One row
    per way: ``plan MiB`` and ``tasks MiB``, the mebibytes read to make the
    plan and by the tasks (:func:`bytes_read`, from a fresh copy), ``read
    tasks``, the tasks that read files (:func:`read_tasks`), and ``seconds``,
    the best time of ``rounds`` rounds computing it from ``folder`` itself
    (:func:`daskgallery.timing.best_of_rounds`).

    >>> import pandas as pd, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     pd.DataFrame({"a": range(9), "b": 1}).to_parquet(f"{folder}/p.parquet")
    ...     ways = {"a": lambda read: read().a, "a, b": lambda read: read()}
    ...     table = compare_reads(ways, folder, rounds=1)
    >>> list(table.columns), list(table.index)
    (['plan MiB', 'tasks MiB', 'read tasks', 'seconds'], ['a', 'a, b'])
    """
    import dask
    import pandas as pd

    from daskgallery.timing import best_of_rounds

    if not ways:
        raise ValueError("ways is empty: give at least one {name: build}")
    read = _reader(Path(folder), None)
    with hide_parquet_warning():
        mib = {k: [b / 2**20 for b in bytes_read(w, folder)] for k, w in ways.items()}
        built = {k: w(read) for k, w in ways.items()}
        seconds = best_of_rounds(
            {k: partial(dask.compute, *_as_tuple(b)) for k, b in built.items()},
            rounds=rounds,
        )
    table = pd.DataFrame(mib, index=["plan MiB", "tasks MiB"]).T.round(2)
    table["read tasks"] = [read_tasks(*_as_tuple(b)) for b in built.values()]
    table["seconds"] = pd.Series(seconds).round(3)
    return table


def _as_tuple(built: Any) -> tuple[Any, ...]:
    return tuple(built) if isinstance(built, tuple | list) else (built,)


def row_group_statistics(folder: str | os.PathLike, columns: Sequence[str]) -> Any:
    """The smallest and largest value of ``columns`` in each row group of a folder.

    A Parquet file keeps these statistics in its footer, for each row group
    (a block of rows) and column. A reader given ``filters=`` skips the row
    groups whose range cannot hold the value asked for. One row per row group
    of each ``*.parquet`` file of ``folder`` (in the order of their names),
    with the number of rows and columns ``<column> min`` and ``<column> max``.

    >>> import pandas as pd, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     pd.DataFrame({"a": [3, 1, 2]}).to_parquet(f"{folder}/part.parquet")
    ...     stats = row_group_statistics(folder, ["a"])
    >>> stats.loc[("part.parquet", 0)].tolist()
    [3, 1, 3]
    """
    import pandas as pd
    import pyarrow.parquet as pq

    files = sorted(Path(folder).glob("*.parquet"))
    if not files:
        raise ValueError(f"folder must hold *.parquet files, got {str(folder)!r}")
    rows = []
    for file in files:
        meta = pq.ParquetFile(file).metadata
        names = [meta.schema.column(i).name for i in range(meta.num_columns)]
        unknown = [c for c in columns if c not in names]
        if unknown:
            raise ValueError(f"columns must be some of {names}, got {unknown}")
        for i in range(meta.num_row_groups):
            group = meta.row_group(i)
            row = {"file": file.name, "row group": i, "rows": group.num_rows}
            for column in columns:
                stats = group.column(names.index(column)).statistics
                known = stats is not None and stats.has_min_max
                row[f"{column} min"] = stats.min if known else None
                row[f"{column} max"] = stats.max if known else None
            rows.append(row)
    return pd.DataFrame(rows).set_index(["file", "row group"])
