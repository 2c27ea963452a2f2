"""A summary of each language's build, for the build script, bench and tests.

At the end of a successful HTML build, ``<doctree folder>/daskgallery-summary.json``
says what the build did, so that nothing has to read Sphinx's log or the
generated reST:

- ``language``, and ``started``/``finished`` (seconds since the epoch: when
  Sphinx loaded this extension, and when the build ended);
- ``examples_found``, ``skipped_unchanged`` and ``executed``: the examples this
  build ran, ``{path under the gallery's source folder: {"seconds", "peak_mib"}}``
  (sphinx-gallery's records of the run);
- ``examples``: every example's last recorded run, executed now or before;
- ``reports``: the reports embedded in the pages (page, file, and title as
  the page's source gives it, in English).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from daskgallery_site import compat
from daskgallery_site.files import write_atomic
from daskgallery_site.sphinxext import catalogs

__all__ = ["SUMMARY", "read_summary", "setup_summary"]

#: The summary's file name, in the build's doctree folder.
SUMMARY = "daskgallery-summary.json"


def read_summary(doctrees: Path) -> dict[str, Any]:
    """The summary that the build with doctree folder ``doctrees`` wrote."""
    path = Path(doctrees) / SUMMARY
    if not path.is_file():
        raise FileNotFoundError(f"no build summary at {path}: did the build finish?")
    return json.loads(path.read_text(encoding="utf-8"))


#: When each build loaded the extension (one build per process, as a rule).
_STARTS: dict[int, float] = {}


def _gallery_pairs(app: Sphinx) -> list[tuple[Path, Path]]:
    """(source folder, generated folder) of each gallery."""
    conf = app.config.sphinx_gallery_conf
    sources, targets = conf.get("examples_dirs", []), conf.get("gallery_dirs", [])
    if isinstance(sources, str):
        sources, targets = [sources], [targets]
    src = Path(app.srcdir)
    return [
        ((src / s).resolve(), src / t) for s, t in zip(sources, targets, strict=True)
    ]


def summary(app: Sphinx) -> dict[str, Any]:
    """What this build did (see the module's docstring)."""
    result: dict[str, Any] = {
        "language": catalogs.language(app),
        "started": _STARTS.get(id(app)),
        "finished": time.time(),
        "examples_found": 0,
        "skipped_unchanged": 0,
        "executed": {},
        "examples": {},
        "reports": sorted(
            (
                r
                for rs in getattr(app.env, "daskgallery_reports", {}).values()
                for r in rs
            ),
            key=lambda r: (r["page"], r["file"]),
        ),
    }
    if "sphinx_gallery.gen_gallery" not in app.extensions:
        return result
    ran, skipped = compat.gallery_runs(app.config.sphinx_gallery_conf)
    pairs = _gallery_pairs(app)
    ran_names = set()
    for script in ran:
        for source, _target in pairs:
            if script.resolve().is_relative_to(source):
                ran_names.add(script.resolve().relative_to(source).as_posix())
    for source, target in pairs:
        for script in sorted(source.rglob("*.py")):
            name = script.relative_to(source).as_posix()
            cost = compat.example_cost(target / name)
            if cost is None:
                continue
            record = {"seconds": round(cost[0], 3), "peak_mib": round(cost[1], 1)}
            result["examples"][name] = record
            if name in ran_names:
                result["executed"][name] = record
    result["examples_found"] = len(ran_names) + skipped
    result["skipped_unchanged"] = skipped
    return result


def _write(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    data = json.dumps(summary(app), indent=1, sort_keys=True, ensure_ascii=False)
    write_atomic(Path(app.doctreedir) / SUMMARY, (data + "\n").encode("utf-8"))


def note_report(app: Sphinx, docname: str, file: str, title: str) -> None:
    """Record a report embedded in a page (for the summary)."""
    reports = app.env.__dict__.setdefault("daskgallery_reports", {})
    reports.setdefault(docname, []).append(
        {"page": docname, "file": file, "title": title}
    )


def _purge(app: Sphinx, env: Any, docname: str) -> None:
    env.__dict__.get("daskgallery_reports", {}).pop(docname, None)


def _merge(app: Sphinx, env: Any, docnames: set[str], other: Any) -> None:
    mine = env.__dict__.setdefault("daskgallery_reports", {})
    for docname, reports in other.__dict__.get("daskgallery_reports", {}).items():
        if docname in docnames:
            mine[docname] = reports


def setup_summary(app: Sphinx) -> None:
    _STARTS[id(app)] = time.time()
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("build-finished", _write)
