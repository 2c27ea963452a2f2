"""Dask dataframes: the query plan, the shuffles in it, and a known warning hidden.

:func:`plan` returns the plan of a dataframe result as ``pprint()`` prints it,
after Dask's optimizer has rewritten it (or before), with file names instead
of the folders of this machine.

:func:`shuffles` reads which shuffles Dask will run for a dataframe result:
it optimizes the expression the way ``compute`` does, then looks at the names
of the tasks. A ``shuffle`` moves rows between partitions; Dask names its
tasks after the method: ``taskshuffle``, ``diskshuffle`` or ``p2pshuffle``.

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
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from pathlib import PurePath
from typing import Any

__all__ = ["PARQUET_WARNING", "hide_parquet_warning", "plan", "shuffles"]

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
