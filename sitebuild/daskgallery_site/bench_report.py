"""What a build benchmark reports, read from the builds' summaries.

``daskgallery_site.bench`` runs the builds; this module turns the summary that
each language's build wrote (``daskgallery-summary.json``, see
:mod:`daskgallery_site.sphinxext.summary`) into the report, and checks the
targets. Nothing here reads Sphinx's log or depends on the build script's
internals.
"""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from daskgallery_site.sphinxext.summary import SUMMARY

__all__ = [
    "TARGETS",
    "BenchError",
    "Build",
    "check_targets",
    "cpu_model",
    "print_summary",
    "read_summaries",
    "summarize",
    "versions",
]

#: Seconds, on 2 cores at the default scale (``DASKGALLERY_SCALE=small``).
TARGETS = {"cold": 600.0, "no_change": 10.0, "one_change": 15.0}
VERSIONS = (
    "sphinx",
    "sphinx-gallery",
    "pydata-sphinx-theme",
    "myst-nb",
    "sphinx-notfound-page",
    "dask",
    "distributed",
    "numpy",
    "pandas",
    "matplotlib",
)


class BenchError(RuntimeError):
    """A build failed, or its summaries cannot be read."""


def read_summaries(doctrees: Path, since: float) -> dict[str, dict]:
    """The summaries written by the languages' builds since ``since`` (epoch
    seconds), in the order they were built: ``{lang: summary}``."""
    found = []
    for path in sorted(Path(doctrees).glob(f"*/{SUMMARY}")):
        summary = json.loads(path.read_text(encoding="utf-8"))
        if summary["finished"] >= since:
            found.append(summary)
    if not found:
        raise BenchError(f"the build wrote no summary under {doctrees}")
    return {s["language"]: s for s in sorted(found, key=lambda s: s["started"])}


@dataclass
class Build:
    """What one ``daskgallery_site.build html`` run produced."""

    seconds: float
    summaries: dict[str, dict]


def summarize(build: Build) -> dict:
    """The report of one build: times per language, examples, execution/rendering."""
    phases = {
        lang: {
            "seconds": round(s["finished"] - s["started"], 2),
            "examples_executed": len(s["executed"]),
            "examples_skipped_unchanged": s["skipped_unchanged"],
        }
        for lang, s in build.summaries.items()
    }
    executed = {
        name: record["seconds"]
        for s in build.summaries.values()
        for name, record in s["executed"].items()
    }
    execution = sum(executed.values())
    return {
        "seconds": round(build.seconds, 2),
        "phases": phases,
        # Sphinx's start in each language, the wheel, the root pages
        "other_seconds": round(
            build.seconds - sum(p["seconds"] for p in phases.values()), 2
        ),
        "examples_executed": sum(p["examples_executed"] for p in phases.values()),
        # every language's build sees every example (and runs the changed ones)
        "examples_found": max(s["examples_found"] for s in build.summaries.values()),
        "executed": {k: round(v, 2) for k, v in executed.items()},
        "execution_seconds": round(execution, 2),
        "rendering_seconds": round(build.seconds - execution, 2),
    }


def check_targets(runs: dict, changed: str) -> list[dict]:
    """Each target with its measured value and whether it is met."""

    def target(name: str, wanted: str, value: object, passed: bool) -> dict:
        return {"name": name, "target": wanted, "value": value, "passed": passed}

    cold, same, one = runs["cold"], runs["no_change"], runs["one_change"]
    found = cold["examples_found"]
    return [
        target(
            "cold build executes every example",
            f"{found} of {found}",
            cold["examples_executed"],
            found > 0 and cold["examples_executed"] == found,
        ),
        target(
            "cold build, four languages",
            f"< {TARGETS['cold']:.0f} s",
            cold["seconds"],
            cold["seconds"] < TARGETS["cold"],
        ),
        target(
            "rebuild with no change executes nothing",
            "0 examples",
            same["examples_executed"],
            same["examples_executed"] == 0,
        ),
        target(
            "rebuild with no change, four languages",
            f"< {TARGETS['no_change']:.0f} s",
            same["seconds"],
            same["seconds"] < TARGETS["no_change"],
        ),
        target(
            "rebuild after one example changed executes only it",
            changed,
            sorted(one["executed"]),
            one["examples_executed"] == 1 and list(one["executed"]) == [changed],
        ),
        target(
            "rebuild after one example changed, four languages",
            f"< {TARGETS['one_change']:.0f} s",
            one["seconds"],
            one["seconds"] < TARGETS["one_change"],
        ),
    ]


def cpu_model() -> str:
    """The processor's name (``/proc/cpuinfo`` on Linux)."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in VERSIONS:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def print_summary(report: dict, output: Path) -> None:
    print("\nBuild times (all four languages):")
    for name, run in report["runs"].items():
        langs = "  ".join(f"{k} {v['seconds']:.1f}" for k, v in run["phases"].items())
        print(
            f"  {name:<10} {run['seconds']:7.1f} s"
            f"  executed {run['examples_executed']:>2}"
            f"  execution {run['execution_seconds']:6.1f} s"
            f"  rendering {run['rendering_seconds']:6.1f} s  ({langs})"
        )
    print("\nTargets (2 cores, default scale):")
    for t in report["targets"]:
        mark = "pass" if t["passed"] else "FAIL"
        print(f"  [{mark}] {t['name']}: {t['value']} (target {t['target']})")
    print(f"\nReport: {output}")
