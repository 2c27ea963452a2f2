"""Dask clusters for the examples, and reports that can be embedded in a page.

``local_cluster()`` gives a ``Client`` on a real process-based
``LocalCluster`` sized to this machine, or, when ``DASK_SCHEDULER_ADDRESS`` is
set, on that existing cluster: the same page then runs on many machines.

>>> from daskgallery.cluster import local_cluster
>>> with local_cluster(n_workers=1, threads_per_worker=1) as client:
...     client.submit(sum, [1, 2]).result()
3
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

__all__ = [
    "HTMLReport",
    "bokeh_report",
    "dashboard_link",
    "default_workers",
    "local_cluster",
    "performance_report",
    "quiet_logs",
]

#: Set while the site builds (daskgallery_site.build): no dashboard is started.
BUILDING_ENV = "DASKGALLERY_BUILDING"
ADDRESS_ENV = "DASK_SCHEDULER_ADDRESS"


def default_workers() -> tuple[int, int]:
    """(workers, threads per worker) for this machine: one process per core.

    Each worker has one thread: the examples' tasks are mostly pure Python,
    which holds the GIL, so only separate processes run them at the same
    time. ``LocalCluster``'s own default, with several threads per worker on
    large machines, suits NumPy and pandas, which release the GIL.
    """
    from dask.system import CPU_COUNT

    return max(1, CPU_COUNT), 1


def _check_count(name: str, value: object) -> None:
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or value < 1
    ):
        raise ValueError(f"{name} must be a positive integer or None, got {value!r}")


@contextlib.contextmanager
def local_cluster(
    n_workers: int | None = None,
    threads_per_worker: int | None = None,
    *,
    processes: bool = True,
    dashboard: bool | None = None,
    memory_limit: str | int | None = None,
    local_directory: str | os.PathLike[str] | None = None,
) -> Iterator[Any]:
    """A ``distributed.Client``; everything is closed cleanly on exit.

    - ``DASK_SCHEDULER_ADDRESS`` set: connect to that scheduler (arguments
      about the cluster's size are ignored; the cluster is not shut down).
    - Otherwise: a ``LocalCluster`` of ``n_workers`` processes with
      ``threads_per_worker`` threads each (default: one single-threaded
      process per core), listening on 127.0.0.1 only.

    ``dashboard``: ``None`` starts it on 127.0.0.1 with a free port unless the
    site is being built; ``True``/``False`` force it on or off.

    ``memory_limit``: each worker's limit, as ``LocalCluster`` takes it
    (``"2GiB"``, bytes, ``"auto"``: the memory times the worker's threads
    divided by the cores). ``None``: ``LocalCluster``'s own default, an equal
    share of this machine's memory for each worker.

    ``local_directory``: the folder where the scheduler and the workers keep
    their scratch files (``None``: Dask's ``temporary-directory``, by default
    ``<temp>/dask-scratch-space``). Give a folder that you remove afterwards
    when a worker may die without cleaning up, e.g. killed on purpose.
    """
    _check_count("n_workers", n_workers)
    _check_count("threads_per_worker", threads_per_worker)
    if not isinstance(processes, bool):
        raise ValueError(f"processes must be True or False, got {processes!r}")
    from distributed import Client, LocalCluster

    address = os.environ.get(ADDRESS_ENV)
    if address:
        with Client(address, set_as_default=True) as client:
            yield client
        return
    workers, threads = default_workers()
    if dashboard is None:
        dashboard = not os.environ.get(BUILDING_ENV)
    with (
        LocalCluster(
            n_workers=n_workers or workers,
            threads_per_worker=threads_per_worker or threads,
            processes=processes,
            # worker processes talk over TCP on this machine only
            host="127.0.0.1" if processes else None,
            # the scheduler's HTTP server always runs (health checks): keep it
            # on this machine and on a free port; the dashboard only if asked
            dashboard_address="127.0.0.1:0",
            scheduler_kwargs={
                "dashboard": dashboard,
                "local_directory": local_directory,
            },
            local_directory=local_directory,
            silence_logs=logging.ERROR,
            # None: leave LocalCluster's default (memory / workers); its
            # "auto" would give memory * threads / cores to each worker
            **({} if memory_limit is None else {"memory_limit": memory_limit}),
        ) as cluster,
        Client(cluster, set_as_default=True) as client,
    ):
        try:
            yield client
        finally:
            # a worker that its nanny is starting again (killed, out of
            # memory) would greet a closing scheduler and log an error:
            # close once it has joined
            with contextlib.suppress(Exception):
                client.wait_for_workers(len(cluster.workers), timeout=10)


class _Below(logging.Filter):
    """Drops the records of one logger and its children below a level."""

    def __init__(self, name: str, level: int) -> None:
        super().__init__(name)
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        return not (super().filter(record) and record.levelno < self.level)


@contextlib.contextmanager
def quiet_logs(
    level: int = logging.CRITICAL, logger: str = "distributed"
) -> Iterator[None]:
    """Hide the records of ``logger`` below ``level``, for a while.

    Use it around one step that makes Dask log on purpose, such as killing a
    worker: the rest of the page still shows real problems. The handlers that
    would show the records skip them: ``logger``'s own (Dask's console
    handler), those of its parents (such as the root logger's, in pytest), or
    else Python's last resort, which prints to stderr. The handlers of the
    loggers below ``logger`` still get the records, such as the scheduler's
    log (``client.get_scheduler_logs()``).

    >>> with quiet_logs():
    ...     logging.getLogger("distributed.scheduler").error("not shown")
    """
    _check_level(level)
    below, handlers = _hide_below(logger, level)
    try:
        yield
    finally:
        for handler in handlers:
            handler.removeFilter(below)


def _check_level(level: object) -> None:
    if isinstance(level, bool) or not isinstance(level, int):
        raise ValueError(f"level must be a logging level such as 50, got {level!r}")


def _hide_below(
    logger: str, level: int
) -> tuple[logging.Filter, list[logging.Handler]]:
    """Add a filter that drops ``logger``'s records below ``level`` to the
    handlers that would print them; return it and those handlers."""
    handlers: list[logging.Handler] = []
    current: logging.Logger | None = logging.getLogger(logger)
    while current is not None:
        handlers += current.handlers
        current = current.parent if current.propagate else None
    if not handlers and logging.lastResort is not None:
        handlers.append(logging.lastResort)
    below = _Below(logger, level)
    for handler in handlers:
        handler.addFilter(below)
    return below, handlers


def dashboard_link(client: Any, *, timeout: float = 5.0) -> str | None:
    """``client.dashboard_link`` if a dashboard answers there, else ``None``.

    A scheduler started without a dashboard (``dask scheduler
    --no-dashboard``, or ``dashboard=False``) still serves its HTTP port, for
    health checks and metrics, and ``client.dashboard_link`` still names it.
    Like the JupyterLab extension, this asks the server which plots it serves:
    none means no dashboard.

    >>> with local_cluster(n_workers=1, dashboard=False) as client:
    ...     print(dashboard_link(client))
    None
    """
    import json
    import urllib.parse
    import urllib.request

    link = client.dashboard_link
    if not link:
        return None
    plots = urllib.parse.urljoin(link, "individual-plots.json")
    try:
        with urllib.request.urlopen(plots, timeout=timeout) as response:
            served = json.load(response)
    except (OSError, ValueError):  # nothing listens, an HTTP error, not JSON
        return None
    return link if served else None


@dataclass
class HTMLReport:
    """A self-contained HTML report (Bokeh plots with their JavaScript inline).

    On the site it is shown in an iframe with a download link; in Jupyter,
    inline; at home, ``report.save("report.html")`` and open it in a browser.
    """

    html: str
    title: str = "Dask report"

    def __post_init__(self) -> None:
        if not isinstance(self.html, str) or "<html" not in self.html.lower():
            raise ValueError("html must be a complete HTML document")
        external = _external_resources(self.html)
        if external:
            raise ValueError(
                f"the report loads {external[0]!r} from another host: "
                "save it with inline resources"
            )

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the report to ``path`` and return it."""
        target = Path(path)
        target.write_text(self.html, encoding="utf-8")
        return target

    def tab_titles(self) -> list[str]:
        """The titles of the report's tabs, in their order (Bokeh ``Tabs``).

        >>> HTMLReport("<html><body>no tabs</body></html>").tab_titles()
        []
        """
        import json

        objects: dict[str, dict[str, Any]] = {}  # Bokeh models by id
        tabs: list[dict[str, Any]] = []

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                if "id" in node and "attributes" in node:
                    objects[node["id"]] = node
                if node.get("name") == "Tabs":
                    tabs.append(node)
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        for found in _BOKEH_DOCUMENT.finditer(self.html):
            walk(json.loads(html.unescape(found.group(1))))
        titles = []
        for tab_list in tabs:
            for panel in tab_list["attributes"].get("tabs", []):
                panel = objects.get(panel.get("id"), panel)  # a reference, or inline
                titles.append(panel.get("attributes", {}).get("title", ""))
        return titles

    def _repr_html_(self) -> str:
        title, page = html.escape(self.title), html.escape(self.html)
        return (
            f'<iframe title="{title}" srcdoc="{page}"'
            ' style="width: 100%; height: 600px; border: 0"></iframe>'
        )

    def __repr__(self) -> str:
        return f"<HTMLReport {self.title!r}: {len(self.html):,} characters>"


class _ResourceFinder(HTMLParser):
    """Collects the URLs that tags of an HTML page load (not links to follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video"):
            self.urls.append(values.get("src") or "")
        elif tag == "link" and {"stylesheet", "icon"} & set(
            (values.get("rel") or "").split()
        ):
            self.urls.append(values.get("href") or "")


def _external_resources(page: str) -> list[str]:
    finder = _ResourceFinder()
    finder.feed(page)
    return [u for u in finder.urls if u.startswith(("http:", "https:", "//"))]


#: distributed's report links its favicon on docs.dask.org: a request to another
#: host each time the page is opened. The report is complete without it.
_EXTERNAL_ICON = re.compile(
    r"<link\b[^>]*\brel=[\"']?(?:shortcut )?icon[\"']?[^>]*"
    r"\bhref=[\"']?(?:https?:)?//[^>]*>",
    re.I,
)


#: The JSON of a Bokeh document, as ``bokeh.embed.file_html`` writes it.
_BOKEH_DOCUMENT = re.compile(
    r"<script type=\"application/json\"[^>]*>(.*?)</script>", re.S
)


class _ReportHolder:
    report: HTMLReport | None = None


@contextlib.contextmanager
def performance_report(
    title: str = "Dask performance report",
) -> Iterator[_ReportHolder]:
    """Record a ``distributed.performance_report`` (inline mode) as an HTMLReport.

    >>> with local_cluster(n_workers=1) as client:      # doctest: +SKIP
    ...     with performance_report() as recorded:
    ...         client.submit(sum, [1, 2]).result()
    >>> recorded.report                                 # doctest: +SKIP
    """
    from distributed import performance_report as dask_report

    holder = _ReportHolder()
    with tempfile.TemporaryDirectory(prefix="daskgallery-report-") as tmp:
        path = Path(tmp) / "report.html"
        # the report's "Calling Code" is the caller's code, not this helper's:
        # 3 frames up from distributed's own (this generator, contextlib's exit)
        with dask_report(filename=str(path), mode="inline", stacklevel=3):
            yield holder
        page = _EXTERNAL_ICON.sub("", path.read_text(encoding="utf-8"))
        holder.report = HTMLReport(page, title=title)


def bokeh_report(obj: Any, title: str = "Dask diagnostics") -> HTMLReport:
    """A Bokeh figure or layout (e.g. ``dask.diagnostics.visualize``) as HTMLReport."""
    from bokeh.embed import file_html
    from bokeh.model import Model
    from bokeh.resources import INLINE

    if not isinstance(obj, Model):
        raise TypeError(f"expected a Bokeh figure or layout, got {type(obj).__name__}")
    return HTMLReport(file_html(obj, INLINE, title), title=title)
