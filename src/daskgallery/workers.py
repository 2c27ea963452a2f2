"""Look into the workers of a running cluster: bytes sent, console logs.

``sending(client)`` counts the bytes that a block of code sends to the
cluster, with the counters that ``distributed`` keeps; ``quiet_worker_logs``
keeps the workers' log records off the console while a page makes tasks fail
on purpose.

>>> from daskgallery.cluster import local_cluster
>>> with local_cluster(n_workers=1) as client:        # doctest: +SKIP
...     with sending(client) as sent:
...         client.submit(sum, [1, 2]).result()
...     print(sent)
0.01 s, to_scheduler 2.1 KiB, between_workers 0 B
"""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from daskgallery.cluster import _check_level, _hide_below
from daskgallery.system import human_size

__all__ = ["Sent", "quiet_worker_logs", "sending"]


@dataclass
class Sent:
    """What a ``with sending(client)`` block sent, and how long it took.

    ``to_scheduler``: bytes from the client to the scheduler; ``between_workers``:
    bytes that workers copied to each other; ``seconds``: the block's wall time.
    """

    to_scheduler: int = 0
    between_workers: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        to_scheduler = human_size(self.to_scheduler)
        between = human_size(self.between_workers)
        return (
            f"{self.seconds:.2f} s, to_scheduler {to_scheduler},"
            f" between_workers {between}"
        )


def _transfers(dask_worker: Any) -> int:
    return int(dask_worker.transfer_outgoing_bytes_total)


def _scattered(dask_scheduler: Any) -> dict[str, int]:
    """Data that clients sent with ``scatter``: keys without a task."""
    return {
        str(key): int(ts.nbytes)
        for key, ts in dask_scheduler.tasks.items()
        if ts.run_spec is None and ts.nbytes >= 0
    }


def _counters(client: Any) -> tuple[int, int, dict[str, int]]:
    return (
        int(client.scheduler_comm.byte_count),
        sum(client.run(_transfers).values()),
        client.run_on_scheduler(_scattered),
    )


@contextlib.contextmanager
def sending(client: Any) -> Iterator[Sent]:
    """Count the bytes that the code in the ``with`` block sends to the cluster.

    The numbers are filled in when the block ends:

    - ``to_scheduler``: the bytes that the client wrote on its stream to the
      scheduler (``client.scheduler_comm.byte_count``), which carries the
      submitted tasks with their arguments, plus the size of the data
      scattered in the block by any client (``client.scatter`` sends it by separate
      messages), as the scheduler records it (``client.nbytes``);
    - ``between_workers``: the bytes that workers copied to each other
      (``transfer_outgoing_bytes_total`` of each worker).
    """
    if getattr(client, "scheduler_comm", None) is None:
        raise ValueError(
            f"client must be a connected distributed.Client, got {client!r}"
        )
    stream, transfers, scattered = _counters(client)
    sent = Sent()
    start = time.perf_counter()
    yield sent
    sent.seconds = time.perf_counter() - start
    stream_after, transfers_after, scattered_after = _counters(client)
    new = sum(n for key, n in scattered_after.items() if key not in scattered)
    sent.to_scheduler = stream_after - stream + new
    sent.between_workers = transfers_after - transfers


#: In a worker process: the filters that quiet_worker_logs added, by token.
_ADDED: dict[str, tuple[logging.Filter, list[logging.Handler]]] = {}


def _quiet(token: str, logger: str, level: int) -> int:
    """In a worker: filter out the records of ``logger`` below ``level`` from
    the handlers that would print them; return how many handlers."""
    below, handlers = _hide_below(logger, level)
    _ADDED[token] = (below, handlers)
    return len(handlers)


def _restore(token: str) -> None:
    below, handlers = _ADDED.pop(token, (None, []))
    for handler in handlers:
        handler.removeFilter(below)


class quiet_worker_logs:  # noqa: N801 (a context manager, used like a function)
    """In every worker of ``client``, hide the records of ``logger`` below ``level``.

    A worker logs each task that fails (``Compute Failed``) on its console,
    which for a ``LocalCluster`` is the console of your script. For the time
    of the ``with`` block, the handlers that would print these records skip
    them (as ``daskgallery.cluster.quiet_logs`` does in this process). The
    handlers of the loggers below ``logger`` still get them: each worker keeps
    them in its log (``client.get_worker_logs()``). Workers that start later
    are not changed. A block that is never left changes nothing when the
    program ends (the cluster may be closing).

    >>> with quiet_worker_logs(client):                   # doctest: +SKIP
    ...     client.submit(int, "x").exception()
    ValueError("invalid literal for int() with base 10: 'x'")
    """

    def __init__(
        self, client: Any, level: int = logging.CRITICAL, logger: str = "distributed"
    ) -> None:
        _check_level(level)
        self.client, self.level, self.logger = client, level, logger
        self._token = ""
        self._workers: list[str] = []

    def __enter__(self) -> None:
        self._token = uuid.uuid4().hex
        done = self.client.run(_quiet, self._token, self.logger, self.level)
        self._workers = list(done)

    def __exit__(self, *exc: object) -> None:
        for address in self._workers:
            with contextlib.suppress(Exception):  # the worker may be gone
                self.client.run(_restore, self._token, workers=[address])
        self._workers = []
