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
    "default_workers",
    "local_cluster",
    "performance_report",
]

#: Set while the site builds (daskgallery_site.build): no dashboard is started.
BUILDING_ENV = "DASKGALLERY_BUILDING"
ADDRESS_ENV = "DASK_SCHEDULER_ADDRESS"


def default_workers() -> tuple[int, int]:
    """(workers, threads per worker) for this machine: one process per core."""
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
    memory_limit: str | int | None = "auto",
) -> Iterator[Any]:
    """A ``distributed.Client``; everything is closed cleanly on exit.

    - ``DASK_SCHEDULER_ADDRESS`` set: connect to that scheduler (arguments
      about the cluster's size are ignored; the cluster is not shut down).
    - Otherwise: a ``LocalCluster`` of ``n_workers`` processes with
      ``threads_per_worker`` threads each (default: one single-threaded
      process per core), listening on 127.0.0.1 only.

    ``dashboard``: ``None`` starts it on 127.0.0.1 with a free port unless the
    site is being built; ``True``/``False`` force it on or off.
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
            scheduler_kwargs={"dashboard": dashboard},
            memory_limit=memory_limit,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster, set_as_default=True) as client,
    ):
        yield client


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
